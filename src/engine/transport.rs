//! Transports: where the engine's TLS bytes go. Each face adapts its own (a libcrypto
//! BIO, GnuTLS push/pull callbacks, a plain fd) to [`Transport`].
use std::io;

/// A byte pipe to the peer. `recv` returning `Ok(0)` is end of file; errors carry
/// their kind (`WouldBlock`, `Interrupted`) or errno.
pub trait Transport {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize>;
    fn send(&mut self, buf: &[u8]) -> io::Result<usize>;
    /// Pushes out anything the transport itself buffers (a buffering BIO).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
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
}

impl Framing {
    /// Part of a record has been read, not all of it.
    pub(crate) fn in_record(&self) -> bool {
        self.header_len > 0
    }
}

/// Reads exactly up to the end of the current record, never beyond, as OpenSSL
/// (without read-ahead) and GnuTLS do: a record the program has not asked for stays
/// in the kernel, so `poll` on the socket keeps saying "readable" for it. Programs
/// like curl poll the socket and only then read; a greedy read would leave a
/// close_notify or a second record hidden in our buffer and the program waiting.
pub(crate) struct RecordIo<'a> {
    pub t: &'a mut dyn Transport,
    pub framing: &'a mut Framing,
}

impl io::Read for RecordIo<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let f = &mut *self.framing;
        let want = if f.header_len < 5 {
            5 - f.header_len
        } else {
            f.body_left
        };
        let len = want.min(buf.len());
        let n = self.t.recv(&mut buf[..len])?;
        if f.header_len < 5 {
            f.header[f.header_len..f.header_len + n].copy_from_slice(&buf[..n]);
            f.header_len += n;
            if f.header_len == 5 {
                f.body_left = usize::from(u16::from_be_bytes([f.header[3], f.header[4]]));
                if f.body_left == 0 {
                    f.header_len = 0;
                }
            }
        } else {
            f.body_left -= n;
            if f.body_left == 0 {
                f.header_len = 0;
            }
        }
        Ok(n)
    }
}
