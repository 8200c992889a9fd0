//! Transports: where the engine's TLS bytes go. Each face adapts its own (a libcrypto
//! BIO, GnuTLS push/pull callbacks, a plain fd) to [`Transport`].
use std::io;

/// A byte pipe to the peer. `recv` returning `Ok(0)` is end of file; errors carry
/// their kind (`WouldBlock`, `Interrupted`) or errno.
pub trait Transport {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize>;
    fn send(&mut self, buf: &[u8]) -> io::Result<usize>;
    /// Sends the first bytes of several buffers in one call where the transport can,
    /// as a whole flight of records goes out in one write in both libraries (OpenSSL
    /// buffers a handshake flight in its `bbio`; GnuTLS flushes its queued records with
    /// one `sendmsg`). Returns how many bytes went, from the front. The default sends
    /// the first non-empty buffer alone.
    fn send_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        match bufs.iter().find(|b| !b.is_empty()) {
            Some(b) => self.send(b),
            None => Ok(0),
        }
    }
    /// Pushes out anything the transport itself buffers (a buffering BIO).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Waits up to `ms` milliseconds for something to read (DTLS retransmission
    /// timers): `Some(readable)`, or `None` when this transport cannot wait (the next
    /// `recv` then decides).
    fn wait_readable(&mut self, _ms: u32) -> Option<bool> {
        None
    }
    /// Whether bytes from the peer can be read right now without blocking, when the
    /// transport can tell without consuming anything (a socket: `MSG_PEEK`); `None`
    /// when it cannot. End of file counts as not readable.
    fn readable_now(&mut self) -> Option<bool> {
        None
    }
}

/// [`Transport::readable_now`] for a socket fd: `None` for other fds (`ENOTSOCK`) and
/// on errors, which the next real read reports.
pub fn socket_readable_now(fd: i32) -> Option<bool> {
    let mut byte = 0u8;
    // SAFETY: one writable byte; MSG_PEEK leaves the data in the socket.
    let n = unsafe {
        libc::recv(
            fd,
            (&mut byte as *mut u8).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    match n {
        1.. => Some(true),
        0 => Some(false),
        _ => match errno::errno().0 {
            libc::EAGAIN | libc::EINTR => Some(false),
            _ => None,
        },
    }
}

/// A socket (or any fd): `recv`/`send` with `MSG_NOSIGNAL`, `read`/`write` when the fd
/// is not a socket.
pub struct FdTransport {
    pub rfd: i32,
    pub wfd: i32,
}

impl Transport for FdTransport {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: buf is a valid writable slice of buf.len() bytes.
        let mut n = unsafe { libc::recv(self.rfd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 0 && errno::errno().0 == libc::ENOTSOCK {
            // SAFETY: as above.
            n = unsafe { libc::read(self.rfd, buf.as_mut_ptr().cast(), buf.len()) };
        }
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        // SAFETY: buf is a valid readable slice of buf.len() bytes.
        let mut n =
            unsafe { libc::send(self.wfd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
        if n < 0 && errno::errno().0 == libc::ENOTSOCK {
            // SAFETY: as above.
            n = unsafe { libc::write(self.wfd, buf.as_ptr().cast(), buf.len()) };
        }
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn readable_now(&mut self) -> Option<bool> {
        socket_readable_now(self.rfd)
    }

    fn send_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        // io::IoSlice is ABI-compatible with struct iovec (documented by std).
        let iov = bufs.as_ptr() as *mut libc::iovec;
        let count = bufs.len().min(libc::UIO_MAXIOV as usize);
        // SAFETY: an all-zero msghdr is valid (no address, no control data).
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = iov;
        msg.msg_iovlen = count as _;
        // SAFETY: msg points at `count` iovecs over live, readable buffers; sendmsg
        // only reads them.
        let mut n = unsafe { libc::sendmsg(self.wfd, &msg, libc::MSG_NOSIGNAL) };
        if n < 0 && errno::errno().0 == libc::ENOTSOCK {
            // SAFETY: as above, for writev.
            n = unsafe { libc::writev(self.wfd, iov, count as i32) };
        }
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }
}

/// Joins the front of `bufs` into one buffer of at most `limit` bytes, for a
/// transport that takes one buffer per call but should see a flight in one piece.
pub fn join_front(bufs: &[io::IoSlice<'_>], limit: usize) -> Vec<u8> {
    let total = bufs.iter().map(|b| b.len()).sum::<usize>().min(limit);
    let mut joined = Vec::with_capacity(total);
    for b in bufs {
        let take = b.len().min(total - joined.len());
        joined.extend_from_slice(&b[..take]);
        if joined.len() == total {
            break;
        }
    }
    joined
}

/// Lets rustls' `read_tls` / `write_tls` use a [`Transport`].
pub(crate) struct Io<'a>(pub &'a mut dyn Transport);

impl io::Read for Io<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.recv(buf)
    }
}

impl io::Write for Io<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.send(buf)
    }
    // rustls' `write_tls` hands over everything it has queued (a whole flight) here.
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        self.0.send_vectored(bufs)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Where the reader is within the TLS record stream.
#[derive(Debug, Default)]
pub(crate) struct Framing {
    header: [u8; 5],
    header_len: usize,
    body_left: usize,
    /// Body bytes of the current record taken from the transport but not yet handed
    /// to rustls (see [`RecordIo`]); freed as soon as they are handed over.
    stash: Vec<u8>,
    stash_pos: usize,
    stash_end: usize,
    /// The body of the current record when it is a plaintext alert (type 21, two
    /// bytes: any protection would make it longer), and the warning alerts seen so far.
    alert: [u8; 2],
    alert_len: usize,
    warning: Option<u8>,
    /// The header of the latest record whose header is complete (the one rustls
    /// judges when it refuses a header), the content type of the first record, and
    /// how many record headers have been read.
    last_header: [u8; 5],
    first_type: Option<u8>,
    records: u64,
}

impl Framing {
    /// Whether bytes of the current record wait here for rustls.
    pub(crate) fn has_stash(&self) -> bool {
        self.stash_pos < self.stash_end
    }
}

impl Framing {
    /// The description of the last plaintext warning alert (not close_notify) read
    /// since the previous call. rustls ignores TLS 1.2 warning alerts; GnuTLS reports
    /// them (`GNUTLS_E_WARNING_ALERT_RECEIVED`), so the engine watches the stream.
    pub(crate) fn take_warning(&mut self) -> Option<u8> {
        self.warning.take()
    }

    /// The content type of the first record read, once its header is in.
    pub(crate) fn first_type(&self) -> Option<u8> {
        self.first_type
    }

    /// The header of the latest record whose header is complete, and whether that
    /// record is the connection's first.
    pub(crate) fn last_header(&self) -> Option<([u8; 5], bool)> {
        (self.records > 0).then_some((self.last_header, self.records == 1))
    }

    fn plaintext_alert(&self) -> bool {
        self.header[0] == 21 && self.header[3] == 0 && self.header[4] == 2
    }

    /// Notes body bytes of the current record (called before `body_left` drops).
    fn saw_body(&mut self, bytes: &[u8]) {
        if !self.plaintext_alert() {
            return;
        }
        for &b in bytes {
            if self.alert_len < 2 {
                self.alert[self.alert_len] = b;
                self.alert_len += 1;
            }
        }
        if self.alert_len == 2 {
            let [level, description] = self.alert;
            if level == 1 && description != 0 {
                self.warning = Some(description);
            }
        }
    }

    /// Notes bytes of the current record's header (at most what it lacks).
    fn took_header(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        self.header[self.header_len..self.header_len + bytes.len()].copy_from_slice(bytes);
        self.header_len += bytes.len();
        if self.header_len == 5 {
            self.last_header = self.header;
            self.first_type.get_or_insert(self.header[0]);
            self.records += 1;
            self.alert_len = 0;
            self.body_left = usize::from(u16::from_be_bytes([self.header[3], self.header[4]]));
            if self.body_left == 0 {
                self.header_len = 0;
            }
        }
    }

    /// Part of a record has been read, not all of it.
    pub(crate) fn in_record(&self) -> bool {
        self.header_len > 0
    }
}

thread_local! {
    /// The buffer [`RecordIo`] takes a record body into, reused by every session read
    /// on this thread: zero-filled once, instead of a fresh zeroed 16 KiB per record.
    /// A session holds it only while rustls has not taken all of a body.
    static SPARE_BODY: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Reads exactly up to the end of the current record, never beyond, as OpenSSL
/// (without read-ahead) and GnuTLS do: a record the program has not asked for stays
/// in the kernel, so `poll` on the socket keeps saying "readable" for it. Programs
/// like curl poll the socket and only then read; a greedy read would leave a
/// close_notify or a second record hidden in our buffer and the program waiting.
///
/// One exception, `lookahead` (set while the handshake runs): the call that reads the
/// rest of a record body also asks for the next record's 5-byte header. A record
/// always has a body (an empty TLS 1.3 or AEAD record cannot exist; a plaintext one
/// carries at least one byte), so a header taken early never hides a whole record:
/// the rest stays in the kernel and `poll` still says "readable". Within a handshake
/// flight this saves one read per record; after the handshake no header is taken
/// early, so the bytes after a close_notify (plain text again, as after FTP's CCC)
/// stay the program's.
pub(crate) struct RecordIo<'a> {
    pub t: &'a mut dyn Transport,
    pub framing: &'a mut Framing,
    pub lookahead: bool,
}

impl io::Read for RecordIo<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let f = &mut *self.framing;
        if f.has_stash() {
            let n = buf.len().min(f.stash_end - f.stash_pos);
            buf[..n].copy_from_slice(&f.stash[f.stash_pos..f.stash_pos + n]);
            f.stash_pos += n;
            if !f.has_stash() {
                let spare = std::mem::take(&mut f.stash);
                SPARE_BODY.with(|s| s.set(spare));
                f.stash_pos = 0;
                f.stash_end = 0;
            }
            return Ok(n);
        }
        let want = if f.header_len < 5 {
            5 - f.header_len
        } else {
            f.body_left
        };
        if f.header_len == 5 && want > buf.len() {
            // rustls offers 4 KiB at a time once its buffer has emptied, which it does
            // after every record here: take the rest of the body in one call (as
            // OpenSSL does) and hand it over in pieces. Still never beyond the record.
            let mut body = SPARE_BODY.with(|s| s.take());
            if body.len() < want {
                body.resize(want, 0);
            }
            let n = match self.t.recv(&mut body[..want]) {
                Ok(n) => n,
                Err(e) => {
                    SPARE_BODY.with(|s| s.set(body));
                    return Err(e);
                }
            };
            f.saw_body(&body[..n]);
            f.body_left -= n;
            if f.body_left == 0 {
                f.header_len = 0;
            }
            let give = n.min(buf.len());
            buf[..give].copy_from_slice(&body[..give]);
            if give < n {
                f.stash = body;
                f.stash_pos = give;
                f.stash_end = n;
            } else {
                SPARE_BODY.with(|s| s.set(body));
            }
            return Ok(give);
        }
        let in_body = f.header_len == 5;
        let len = if in_body && self.lookahead {
            (want + 5).min(buf.len())
        } else {
            want.min(buf.len())
        };
        let n = self.t.recv(&mut buf[..len])?;
        if !in_body {
            f.took_header(&buf[..n]);
            return Ok(n);
        }
        let body = n.min(f.body_left);
        f.saw_body(&buf[..body]);
        f.body_left -= body;
        if f.body_left == 0 {
            f.header_len = 0;
            f.took_header(&buf[body..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Bytes queued by the test; a recv returns at most `chunk` of them.
    struct Queue {
        data: Vec<u8>,
        chunk: usize,
        recvs: usize,
    }

    impl Transport for Queue {
        fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.recvs += 1;
            if self.data.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(self.chunk).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data.drain(..n);
            Ok(n)
        }
        fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
    }

    fn record(len: usize, fill: u8) -> Vec<u8> {
        let mut r = vec![23, 3, 3, (len >> 8) as u8, len as u8];
        r.extend(std::iter::repeat_n(fill, len));
        r
    }

    /// Reads as rustls does after its buffer emptied: 4 KiB offered per call.
    fn read_record(t: &mut Queue, f: &mut Framing, total: usize) -> Vec<u8> {
        let mut got = Vec::new();
        while got.len() < total {
            let mut buf = [0u8; 4096];
            let n = RecordIo {
                t,
                framing: f,
                lookahead: false,
            }
            .read(&mut buf)
            .expect("read");
            assert!(n > 0);
            got.extend_from_slice(&buf[..n]);
        }
        got
    }

    #[test]
    fn a_large_record_takes_two_recvs_and_nothing_beyond_it() {
        let (a, b) = (record(16384, 1), record(100, 2));
        let mut t = Queue {
            data: [a.clone(), b.clone()].concat(),
            chunk: usize::MAX,
            recvs: 0,
        };
        let mut f = Framing::default();
        assert_eq!(read_record(&mut t, &mut f, a.len()), a);
        assert_eq!(t.recvs, 2, "header, then the whole body");
        assert_eq!(t.data, b, "the next record stays in the transport");
        assert!(
            !f.has_stash() && f.stash.capacity() == 0,
            "the body buffer went back"
        );
        assert_eq!(read_record(&mut t, &mut f, b.len()), b);
        assert_eq!(t.recvs, 4);
    }

    #[test]
    fn a_record_arriving_in_pieces_is_reassembled_exactly() {
        let (a, b) = (record(16384, 3), record(5000, 4));
        let mut t = Queue {
            data: [a.clone(), b.clone()].concat(),
            chunk: 6000,
            recvs: 0,
        };
        let mut f = Framing::default();
        assert_eq!(read_record(&mut t, &mut f, a.len()), a);
        assert_eq!(t.data, b);
        assert_eq!(read_record(&mut t, &mut f, b.len()), b);
        assert!(t.data.is_empty());
        let mut buf = [0u8; 4096];
        let r = RecordIo {
            t: &mut t,
            framing: &mut f,
            lookahead: false,
        }
        .read(&mut buf);
        assert_eq!(r.map_err(|e| e.kind()), Err(io::ErrorKind::WouldBlock));
    }

    #[test]
    fn lookahead_takes_the_next_header_with_a_body_and_never_a_whole_record() {
        let (a, b, c) = (record(300, 5), record(1, 6), record(40, 7));
        let mut t = Queue {
            data: [a.clone(), b.clone(), c.clone()].concat(),
            chunk: usize::MAX,
            recvs: 0,
        };
        let mut f = Framing::default();
        let mut got = Vec::new();
        while got.len() < a.len() + b.len() + c.len() {
            let mut buf = [0u8; 4096];
            let n = RecordIo {
                t: &mut t,
                framing: &mut f,
                lookahead: true,
            }
            .read(&mut buf)
            .expect("read");
            got.extend_from_slice(&buf[..n]);
            // Whatever was taken, the rest of a started record is still queued.
            assert!(!f.in_record() || !t.data.is_empty());
        }
        assert_eq!(got, [a, b, c].concat());
        assert_eq!(t.recvs, 4, "a header, then each body with the next header");
        assert!(!f.in_record());
    }

    #[test]
    fn plaintext_warning_alerts_are_noted_and_others_are_not() {
        let warning = vec![21, 3, 3, 0, 2, 1, 112];
        let fatal = vec![21, 3, 3, 0, 2, 2, 40];
        let close = vec![21, 3, 3, 0, 2, 1, 0];
        // An encrypted alert is longer than two bytes, whatever its contents.
        let sealed = [vec![21, 3, 3, 0, 3], vec![1, 112, 0]].concat();
        let mut t = Queue {
            data: [
                warning.clone(),
                fatal.clone(),
                close.clone(),
                sealed.clone(),
            ]
            .concat(),
            chunk: 1,
            recvs: 0,
        };
        let mut f = Framing::default();
        assert_eq!(read_record(&mut t, &mut f, warning.len()), warning);
        assert_eq!(f.take_warning(), Some(112));
        assert_eq!(f.take_warning(), None, "reported once");
        for r in [fatal, close, sealed] {
            assert_eq!(read_record(&mut t, &mut f, r.len()), r);
            assert_eq!(f.take_warning(), None);
        }
    }
}
