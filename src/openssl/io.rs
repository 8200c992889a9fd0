//! Handshake, read, write and shutdown with OpenSSL 3.0's return values and
//! `SSL_get_error` codes. I/O goes through the SSL's libcrypto BIOs (a socket BIO
//! for `SSL_set_fd`, or whatever BIO the program set, e.g. curl's own `BIO_meth`).
#![allow(non_snake_case)]
use super::consts::*;
use super::libcrypto as lc;
use super::ssl::{with_ssl, RwState, SSL};
use super::{err, guard};
use crate::engine::dtls::{DtlsSession, Sent, MAX_RECORD};
use crate::engine::{self, Direction, Outcome, ProtocolError, Transport};
use crate::ffi;
use std::ffi::{c_int, c_void};
use std::io;

pub const SSL_R_BIO_NOT_SET: c_int = 128;

/// The SSL's BIOs as the engine's transport.
struct BioTransport {
    rbio: *mut lc::BIO,
    wbio: *mut lc::BIO,
}

impl BioTransport {
    fn new(ssl: &SSL) -> Self {
        Self {
            rbio: ssl.rbio,
            wbio: ssl.wbio,
        }
    }
}

fn bio_error(b: *mut lc::BIO, ret: c_int) -> io::Error {
    // SAFETY: b is a live BIO.
    if unsafe { lc::BIO_test_flags(b, lc::BIO_FLAGS_SHOULD_RETRY) } != 0 {
        return io::ErrorKind::WouldBlock.into();
    }
    let e = io::Error::last_os_error();
    if ret == 0 || e.raw_os_error() == Some(0) {
        io::Error::from_raw_os_error(libc::EPIPE)
    } else {
        e
    }
}

impl Transport for BioTransport {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let len = buf.len().min(c_int::MAX as usize) as c_int;
        // SAFETY: rbio is live (checked before I/O); buf has len writable bytes.
        let n = unsafe { lc::BIO_read(self.rbio, buf.as_mut_ptr().cast(), len) };
        if n > 0 {
            return Ok(n as usize);
        }
        // SAFETY: as above.
        if unsafe { lc::BIO_test_flags(self.rbio, lc::BIO_FLAGS_SHOULD_RETRY) } != 0 {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        if n == 0 {
            return Ok(0);
        }
        Err(bio_error(self.rbio, n))
    }

    fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = buf.len().min(c_int::MAX as usize) as c_int;
        // SAFETY: wbio is live; buf has len readable bytes.
        let n = unsafe { lc::BIO_write(self.wbio, buf.as_ptr().cast(), len) };
        if n > 0 {
            Ok(n as usize)
        } else {
            Err(bio_error(self.wbio, n))
        }
    }

    /// DTLS retransmission timers: poll on the read BIO's fd (none: no waiting).
    fn wait_readable(&mut self, ms: u32) -> Option<bool> {
        let fd = super::ssl::bio_fd(self.rbio);
        if fd < 0 {
            return None;
        }
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd, valid for the call.
        Some(unsafe { libc::poll(&mut pfd, 1, ms.min(c_int::MAX as u32) as c_int) } > 0)
    }

    /// A plain socket BIO (SSL_set_fd's, or the program's own `BIO_new_socket`) with no
    /// callback and nothing chained can be peeked on its fd; any other BIO cannot.
    fn readable_now(&mut self) -> Option<bool> {
        let b = self.rbio;
        // SAFETY: rbio is live (checked before I/O); these only read its fields.
        let plain = unsafe {
            lc::BIO_method_type(b) == lc::BIO_TYPE_SOCKET
                && lc::BIO_get_callback_ex(b).is_null()
                && lc::BIO_get_callback(b).is_null()
                && lc::BIO_next(b).is_null()
        };
        if !plain {
            return None;
        }
        // SAFETY: BIO_C_GET_FD with a NULL pointer only returns the fd.
        let fd = unsafe { lc::BIO_ctrl(b, lc::BIO_C_GET_FD, 0, std::ptr::null_mut()) };
        engine::transport::socket_readable_now(i32::try_from(fd).ok()?)
    }

    /// One `BIO_write` for a whole flight, as OpenSSL's handshake buffer BIO (`bbio`)
    /// gives the program's BIO one write per flight.
    fn send_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let mut nonempty = bufs.iter().filter(|b| !b.is_empty());
        match (nonempty.next(), nonempty.next()) {
            (None, _) => Ok(0),
            (Some(only), None) => self.send(only),
            _ => self.send(&engine::transport::join_front(bufs, c_int::MAX as usize)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        // SAFETY: wbio is live.
        let r = unsafe { lc::BIO_ctrl(self.wbio, lc::BIO_CTRL_FLUSH, 0, std::ptr::null_mut()) };
        if r > 0 {
            Ok(())
        } else {
            Err(bio_error(self.wbio, r as c_int))
        }
    }
}

/// The ERR reason for a fatal engine error; `None` is `SSL_ERROR_SYSCALL` (errno).
fn reason(e: &engine::Error) -> Option<c_int> {
    use engine::Error as E;
    Some(match e {
        E::Transport(errno) => {
            errno::set_errno(errno::Errno(*errno));
            return None;
        }
        E::AlertReceived(a) => SSL_AD_REASON_OFFSET + c_int::from(*a),
        E::Certificate(_) => SSL_R_CERTIFICATE_VERIFY_FAILED,
        E::Protocol {
            kind: ProtocolError::NotTls,
            ..
        } => SSL_R_WRONG_VERSION_NUMBER,
        E::Protocol {
            kind: ProtocolError::NoCommonParameters,
            ..
        } => SSL_R_NO_SHARED_CIPHER,
        E::Protocol {
            kind: ProtocolError::Version,
            ..
        } => SSL_R_UNSUPPORTED_PROTOCOL,
        E::Protocol {
            kind: ProtocolError::BadRecordType,
            ..
        } => SSL_R_BAD_RECORD_TYPE,
        E::Protocol {
            kind: ProtocolError::HttpRequest,
            ..
        } => SSL_R_HTTP_REQUEST,
        E::Protocol {
            kind: ProtocolError::HttpsProxyRequest,
            ..
        } => SSL_R_HTTPS_PROXY_REQUEST,
        // A record that does not decode (rustls' decode_error) rather than one that
        // does not decrypt: OpenSSL's message parsers mostly say "length mismatch"
        // (observed for a ServerHello of length 0, ctests/ossl_hostile.c).
        E::Protocol {
            kind: ProtocolError::BadRecord,
            alert: Some(50),
            ..
        } => SSL_R_LENGTH_MISMATCH,
        E::Protocol {
            kind: ProtocolError::BadRecord,
            ..
        } => SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC,
        E::Protocol {
            kind: ProtocolError::RecordOverflow,
            ..
        } => SSL_R_PACKET_LENGTH_TOO_LONG,
        E::Protocol {
            kind: ProtocolError::Downgrade,
            ..
        } => SSL_R_INAPPROPRIATE_FALLBACK,
        E::Protocol {
            kind: ProtocolError::UnexpectedMessage,
            ..
        } => SSL_R_UNEXPECTED_MESSAGE,
        // final_server_name: SSLfatal(s, al, SSL_R_CALLBACK_FAILED).
        E::Protocol {
            kind: ProtocolError::RefusedByProgram,
            ..
        } => SSL_R_CALLBACK_FAILED,
        E::Protocol {
            kind: ProtocolError::NoApplicationProtocol,
            ..
        } => SSL_R_NO_APPLICATION_PROTOCOL,
        E::Protocol { .. } | E::Other(_) | E::Timeout => lc::ERR_R_INTERNAL_ERROR,
        E::Config(_) => SSL_R_NO_PROTOCOLS_AVAILABLE,
        // Not reached through this face: SSL_shutdown refuses to run mid-handshake
        // (SSL_R_SHUTDOWN_WHILE_IN_INIT), so no close_notify goes out before the end.
        E::Abandoned => SSL_R_PROTOCOL_IS_SHUTDOWN,
    })
}

/// Translates an engine outcome for an I/O call: sets `rwstate` and the ERR queue,
/// returns the value the call reports on failure (`fail`), or the count.
fn translate(
    func: &'static str,
    ssl: &mut SSL,
    o: Outcome<usize>,
    fail: c_int,
) -> Result<usize, c_int> {
    ssl.rwstate = RwState::Nothing;
    match o {
        Outcome::Done(n) => Ok(n),
        Outcome::Blocked(Direction::Read) | Outcome::Interrupted(Direction::Read) => {
            ssl.rwstate = RwState::Reading;
            Err(-1)
        }
        Outcome::Blocked(Direction::Write) | Outcome::Interrupted(Direction::Write) => {
            ssl.rwstate = RwState::Writing;
            Err(-1)
        }
        Outcome::Closed => {
            ssl.shutdown |= SSL_RECEIVED_SHUTDOWN;
            Err(0)
        }
        // Only a session that asks for warning alerts gets them, and this face does
        // not (OpenSSL goes on past them); were one to come, the call is retried.
        Outcome::Warning(_) => {
            ssl.rwstate = RwState::Reading;
            Err(-1)
        }
        Outcome::Eof => {
            // OpenSSL 3.0 treats EOF without close_notify as a protocol error
            // (SSL_R_UNEXPECTED_EOF_WHILE_READING) unless SSL_OP_IGNORE_UNEXPECTED_EOF.
            if ssl.options & SSL_OP_IGNORE_UNEXPECTED_EOF != 0 {
                ssl.shutdown |= SSL_RECEIVED_SHUTDOWN;
                return Err(0);
            }
            err::push(func, SSL_R_UNEXPECTED_EOF_WHILE_READING, None);
            // OpenSSL 3.0: SSL_read reports 0 here, the handshake functions -1.
            Err(if ssl.handshake_done() { 0 } else { fail })
        }
        Outcome::Fatal(e) => {
            // The ERR entry is pushed by the call that failed; later calls on the dead
            // connection return -1 with nothing new (OpenSSL's state machine is in its
            // error state), so SSL_get_error then says SSL_ERROR_SYSCALL.
            if !ssl.fatal_reported {
                ssl.fatal_reported = true;
                if let Some(r) = reason(&e) {
                    err::push(func, r, Some(&e.to_string()));
                }
                // A fatal alert: ssl3_read_bytes marks the shutdown received and
                // returns 0, which SSL_read passes on after the handshake (the
                // handshake state machine turns it into -1); observed with a fatal
                // alert after a refused renegotiation (ctests/ossl_hostile.c).
                if let engine::Error::AlertReceived(_) = e {
                    ssl.shutdown |= SSL_RECEIVED_SHUTDOWN;
                    if ssl.handshake_done() {
                        return Err(0);
                    }
                }
            }
            Err(fail)
        }
    }
}

pub const SSL_OP_IGNORE_UNEXPECTED_EOF: u64 = 1 << 7;

/// A connection's engine session taken out of its SSL for one engine call, put back
/// when dropped (also when the call panics: the guard of the export then reports it).
struct Taken<X> {
    s: *mut SSL,
    value: Option<X>,
    slot: fn(&mut SSL) -> &mut Option<X>,
}

impl<X> Drop for Taken<X> {
    fn drop(&mut self) {
        // SAFETY: s is the live SSL the value was taken from, and no borrow of it is
        // held here (the engine call is over).
        if let (Some(v), Some(ssl)) = (self.value.take(), unsafe { super::ssl::ssl_mut(self.s) }) {
            // A session a callback made meanwhile (a handshake call from inside one)
            // gives way to the connection's own.
            *(self.slot)(ssl) = Some(v);
        }
    }
}

/// Runs an engine operation over the SSL's BIOs with no borrow of the SSL held while
/// it runs. The engine calls the program's callbacks from inside (verify, servername,
/// ALPN, keylog, session cache, a BIO's own methods), and they may call back into the
/// SSL (`SSL_get_ex_data`, `SSL_set_SSL_CTX` …): a `&mut SSL` alive across them would
/// alias the one each of those calls makes. So the session is taken out of the SSL
/// for the call and put back after; a call from a callback meanwhile finds none.
/// Callers hold no borrow of the SSL across this either (see [`handshake_inner`]).
fn drive<T>(
    func: &'static str,
    s: *mut SSL,
    op: impl FnOnce(&mut engine::Session, &mut BioTransport) -> Outcome<T>,
) -> Result<Outcome<T>, c_int> {
    drive_in(
        func,
        s,
        |ssl, func| ssl.session(func).map(|_| ()),
        |ssl| &mut ssl.session,
        op,
    )
}

/// As [`drive`], for a DTLS connection.
fn drive_dtls<T>(
    func: &'static str,
    s: *mut SSL,
    op: impl FnOnce(&mut DtlsSession, &mut BioTransport) -> Outcome<T>,
) -> Result<Outcome<T>, c_int> {
    drive_in(
        func,
        s,
        |ssl, func| ssl.dtls_session(func).map(|_| ()),
        |ssl| &mut ssl.dtls,
        |d, t| op(d, t),
    )
}

/// [`drive`] for the session in `slot`, made by `make` when there is none yet.
fn drive_in<X, T>(
    func: &'static str,
    s: *mut SSL,
    make: fn(&mut SSL, &'static str) -> Result<(), c_int>,
    slot: fn(&mut SSL) -> &mut Option<X>,
    op: impl FnOnce(&mut X, &mut BioTransport) -> Outcome<T>,
) -> Result<Outcome<T>, c_int> {
    // SAFETY: s is a live SSL used by this thread alone (the caller checked it); this
    // borrow ends before the engine call.
    let Some(ssl) = (unsafe { super::ssl::ssl_mut(s) }) else {
        return Err(-1);
    };
    let mut t = transport(func, ssl)?;
    make(ssl, func)?;
    let session = slot(ssl).take().ok_or(-1)?;
    let mut taken = Taken {
        s,
        value: Some(session),
        slot,
    };
    let o = match taken.value.as_mut() {
        Some(session) => op(session, &mut t),
        None => return Err(-1),
    };
    drop(taken);
    Ok(o)
}

/// The SSL's BIOs as a transport; SSL_R_BIO_NOT_SET when one is missing.
fn transport(func: &'static str, ssl: &SSL) -> Result<BioTransport, c_int> {
    if ssl.rbio.is_null() || ssl.wbio.is_null() {
        err::push(func, SSL_R_BIO_NOT_SET, None);
        return Err(-1);
    }
    Ok(BioTransport::new(ssl))
}

fn handshake(func: &'static str, s: *mut SSL) -> c_int {
    let r = handshake_inner(func, s);
    if r == 1 {
        super::session::report_new_session(s);
    }
    super::info::report_info(func, s);
    r
}

/// The I/O calls run in three steps: checks under a borrow of the SSL, the engine
/// call with none held ([`drive`]), and the outcome's translation under a new borrow.
fn handshake_inner(func: &'static str, s: *mut SSL) -> c_int {
    guard(func, -1, || {
        let Some(dtls) = with_ssl(func, s, None, |ssl| Some(ssl.is_dtls())) else {
            return -1;
        };
        let o = if dtls {
            drive_dtls(func, s, |d, t| d.handshake(t))
        } else {
            drive(func, s, |sess, t| sess.handshake(t))
        };
        let o = match o {
            Ok(o) => o.map(|()| 1usize),
            Err(r) => return r,
        };
        with_ssl(func, s, -1, |ssl| match translate(func, ssl, o, -1) {
            Ok(_) => {
                // SSL_do_handshake sends a pending KeyUpdate (and has flushed it).
                ssl.key_update = SSL_KEY_UPDATE_NONE;
                1
            }
            Err(r) => r,
        })
    })
}

pub unsafe extern "C" fn SSL_connect(s: *mut SSL) -> c_int {
    with_ssl("SSL_connect", s, (), |ssl| {
        if ssl.session.is_none() {
            ssl.role = Some(engine::Role::Client);
        }
    });
    handshake("SSL_connect", s)
}
pub unsafe extern "C" fn SSL_accept(s: *mut SSL) -> c_int {
    with_ssl("SSL_accept", s, (), |ssl| {
        if ssl.session.is_none() {
            ssl.role = Some(engine::Role::Server);
        }
    });
    handshake("SSL_accept", s)
}
pub unsafe extern "C" fn SSL_do_handshake(s: *mut SSL) -> c_int {
    handshake("SSL_do_handshake", s)
}

fn read_common(
    func: &'static str,
    s: *mut SSL,
    buf: *mut c_void,
    num: usize,
    peek: bool,
) -> Result<usize, c_int> {
    let r = read_inner(func, s, buf, num, peek);
    super::session::report_new_session(s);
    super::info::report_info(func, s);
    r
}

fn read_inner(
    func: &'static str,
    s: *mut SSL,
    buf: *mut c_void,
    num: usize,
    peek: bool,
) -> Result<usize, c_int> {
    guard(func, Err(-1), || {
        let dtls = with_ssl(func, s, Err(-1), |ssl| {
            if (buf.is_null() && num > 0) || num > isize::MAX as usize {
                err::push(func, lc::ERR_R_PASSED_NULL_PARAMETER, None);
                return Err(-1);
            }
            if ssl.shutdown & SSL_RECEIVED_SHUTDOWN != 0 {
                ssl.rwstate = RwState::Nothing;
                return Err(0);
            }
            Ok((ssl.is_dtls(), ssl.mode & SSL_MODE_AUTO_RETRY != 0))
        })?;
        let (dtls, auto_retry) = dtls;
        // SAFETY: buf points to num writable bytes (or num is 0), checked above.
        let Some(out) = (unsafe { ffi::bytes_mut(buf, num) }) else {
            return Err(-1);
        };
        // DTLS: a peek reads (no datagram stays behind; programs peek TLS streams).
        let o = if dtls {
            drive_dtls(func, s, |d, t| match d.handshake(t) {
                Outcome::Done(()) => d.read(t, out),
                other => other.map(|()| 0),
            })?
        } else {
            drive(func, s, |sess, t| {
                sess.set_auto_retry(auto_retry);
                sess.read(t, out, peek)
            })?
        };
        with_ssl(func, s, Err(-1), |ssl| translate(func, ssl, o, -1))
    })
}

pub unsafe extern "C" fn SSL_read(s: *mut SSL, buf: *mut c_void, num: c_int) -> c_int {
    if num < 0 {
        err::push("SSL_read", SSL_R_BAD_LENGTH, None);
        return -1;
    }
    match read_common("SSL_read", s, buf, num as usize, false) {
        Ok(n) => n as c_int,
        Err(r) => r,
    }
}
pub unsafe extern "C" fn SSL_peek(s: *mut SSL, buf: *mut c_void, num: c_int) -> c_int {
    if num < 0 {
        err::push("SSL_peek", SSL_R_BAD_LENGTH, None);
        return -1;
    }
    match read_common("SSL_peek", s, buf, num as usize, true) {
        Ok(n) => n as c_int,
        Err(r) => r,
    }
}
/// `SSL_read_ex`: 1 and `*readbytes` on success, 0 on any failure.
pub unsafe extern "C" fn SSL_read_ex(
    s: *mut SSL,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
) -> c_int {
    ex_result(read_common("SSL_read_ex", s, buf, num, false), readbytes)
}
pub unsafe extern "C" fn SSL_peek_ex(
    s: *mut SSL,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
) -> c_int {
    ex_result(read_common("SSL_peek_ex", s, buf, num, true), readbytes)
}

fn ex_result(r: Result<usize, c_int>, out: *mut usize) -> c_int {
    // SAFETY: out is NULL or writable.
    let out = unsafe { ffi::obj_mut(out) };
    match r {
        Ok(n) => {
            if let Some(o) = out {
                *o = n;
            }
            1
        }
        // On failure the count is left as it was (OpenSSL 3.0 writes it only on success).
        Err(_) => 0,
    }
}

fn write_common(
    func: &'static str,
    s: *mut SSL,
    buf: *const c_void,
    num: usize,
) -> Result<usize, c_int> {
    let r = write_inner(func, s, buf, num);
    super::session::report_new_session(s);
    super::info::report_info(func, s);
    r
}

/// OpenSSL's checks on the retry of a write that blocked (ssl3_write_bytes and
/// ssl3_write_pending): a shorter length is SSL_R_BAD_LENGTH, another buffer without
/// SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER is SSL_R_BAD_WRITE_RETRY; both are fatal.
fn check_write_retry(
    func: &'static str,
    ssl: &mut SSL,
    buf: *const c_void,
    num: usize,
) -> Result<(), c_int> {
    let Some(accepted) = ssl.session.as_ref().and_then(|s| s.pending_write_len()) else {
        return Ok(());
    };
    let reason = if num < accepted {
        SSL_R_BAD_LENGTH
    } else if buf as usize != ssl.write_ptr && ssl.mode & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER == 0 {
        SSL_R_BAD_WRITE_RETRY
    } else {
        return Ok(());
    };
    err::push(func, reason, None);
    if let Some(sess) = ssl.session.as_mut() {
        sess.abort(engine::Error::Other("bad write retry".into()));
    }
    ssl.fatal_reported = true;
    ssl.rwstate = RwState::Nothing;
    Err(-1)
}

fn write_inner(
    func: &'static str,
    s: *mut SSL,
    buf: *const c_void,
    num: usize,
) -> Result<usize, c_int> {
    guard(func, Err(-1), || {
        // (DTLS, partial writes)
        let (dtls, partial) = with_ssl(func, s, Err(-1), |ssl| {
            if (buf.is_null() && num > 0) || num > isize::MAX as usize {
                err::push(func, lc::ERR_R_PASSED_NULL_PARAMETER, None);
                return Err(-1);
            }
            if ssl.shutdown & SSL_SENT_SHUTDOWN != 0 {
                ssl.rwstate = RwState::Nothing;
                err::push(func, SSL_R_PROTOCOL_IS_SHUTDOWN, None);
                return Err(-1);
            }
            if ssl.is_dtls() {
                check_dtls_write(func, ssl, num)?;
                return Ok((true, false));
            }
            check_write_retry(func, ssl, buf, num)?;
            Ok((false, ssl.mode & SSL_MODE_ENABLE_PARTIAL_WRITE != 0))
        })?;
        // SAFETY: buf points to num readable bytes (or num is 0), checked above.
        let Some(data) = (unsafe { ffi::bytes(buf, num) }) else {
            return Err(-1);
        };
        if dtls {
            return write_dtls(func, s, data);
        }
        let o = drive(func, s, |sess, t| sess.write(t, data, partial))?;
        with_ssl(func, s, Err(-1), |ssl| {
            if matches!(o, Outcome::Blocked(_) | Outcome::Interrupted(_)) {
                ssl.write_ptr = buf as usize;
            } else {
                // A pending KeyUpdate went out first.
                ssl.key_update = SSL_KEY_UPDATE_NONE;
            }
            translate(func, ssl, o, -1)
        })
    })
}

/// A DTLS write: one record in one datagram. OpenSSL 3.0 (observed): more than a
/// record (16384 bytes) fails with SSL_R_DTLS_MESSAGE_TOO_BIG, and the connection goes
/// on; up to that, the record is sent whatever the MTU. A datagram the BIO refuses as
/// too large (EMSGSIZE) is dropped: -1 with SSL_ERROR_SYSCALL.
fn check_dtls_write(func: &'static str, ssl: &mut SSL, num: usize) -> Result<(), c_int> {
    if num > MAX_RECORD && !ssl.dtls.as_ref().is_some_and(|d| d.has_pending_write()) {
        ssl.rwstate = RwState::Nothing;
        err::push(func, super::dtls::SSL_R_DTLS_MESSAGE_TOO_BIG, None);
        return Err(-1);
    }
    Ok(())
}

/// [`check_dtls_write`] has passed.
fn write_dtls(func: &'static str, s: *mut SSL, data: &[u8]) -> Result<usize, c_int> {
    // Before the handshake, SSL_write runs it first (OpenSSL's implicit handshake).
    let o = drive_dtls(func, s, |d, t| match d.handshake(t) {
        Outcome::Done(()) => d.write(t, data, MAX_RECORD),
        other => other.map(|()| Sent::TooLarge),
    })?;
    with_ssl(func, s, Err(-1), |ssl| {
        let o = match o {
            Outcome::Done(Sent::Bytes(n)) => Outcome::Done(n),
            Outcome::Done(Sent::TooLarge) => {
                ssl.rwstate = RwState::Nothing;
                errno::set_errno(errno::Errno(libc::EMSGSIZE));
                return Err(-1);
            }
            other => other.map(|_| 0),
        };
        translate(func, ssl, o, -1)
    })
}

pub unsafe extern "C" fn SSL_write(s: *mut SSL, buf: *const c_void, num: c_int) -> c_int {
    if num < 0 {
        err::push("SSL_write", SSL_R_BAD_LENGTH, None);
        return -1;
    }
    match write_common("SSL_write", s, buf, num as usize) {
        Ok(n) => n as c_int,
        Err(r) => r,
    }
}
pub unsafe extern "C" fn SSL_write_ex(
    s: *mut SSL,
    buf: *const c_void,
    num: usize,
    written: *mut usize,
) -> c_int {
    ex_result(write_common("SSL_write_ex", s, buf, num), written)
}
/// Flags (e.g. `SSL_WRITE_FLAG_CONCLUDE`, 3.5+) do not exist in 3.0's `SSL_write_ex2`
/// surface here; 0 is the only flag set this version's callers pass.
pub unsafe extern "C" fn SSL_write_ex2(
    s: *mut SSL,
    buf: *const c_void,
    num: usize,
    _flags: u64,
    written: *mut usize,
) -> c_int {
    ex_result(write_common("SSL_write_ex2", s, buf, num), written)
}

/// `SSL_sendfile`: without kernel TLS (OpenSSL 3.0 then fails with
/// SSL_R_UNINITIALIZED), the file is read and sent through the TLS connection, one
/// record per step, so that it works on any socket as the issue asks. Returns the
/// bytes sent, or -1 with the SSL_write error (a retry continues from the offset plus
/// what was sent; the record that blocked is the same file bytes, so the pending-write
/// rule holds).
pub unsafe extern "C" fn SSL_sendfile(
    s: *mut SSL,
    fd: c_int,
    offset: libc::off_t,
    size: usize,
    _flags: c_int,
) -> isize {
    let mut sent = 0usize;
    let mut chunk = vec![0u8; crate::engine::session::MAX_RECORD];
    while sent < size {
        let want = chunk.len().min(size - sent);
        // SAFETY: chunk has `want` writable bytes; fd is the caller's file.
        let n = unsafe {
            libc::pread(
                fd,
                chunk.as_mut_ptr().cast(),
                want,
                offset + sent as libc::off_t,
            )
        };
        if n < 0 {
            err::push("SSL_sendfile", lc::ERR_R_SYS_LIB, None);
            return if sent > 0 { sent as isize } else { -1 };
        }
        if n == 0 {
            break;
        }
        match write_common("SSL_sendfile", s, chunk.as_ptr().cast(), n as usize) {
            Ok(w) => sent += w,
            Err(_) if sent > 0 => break,
            Err(r) => return r as isize,
        }
    }
    sent as isize
}

pub unsafe extern "C" fn SSL_pending(s: *const SSL) -> c_int {
    with_ssl("SSL_pending", s, 0, |ssl| {
        let n = match (&mut ssl.session, &ssl.dtls) {
            (Some(sess), _) => sess.pending(),
            (None, Some(d)) => d.pending(),
            (None, None) => 0,
        };
        n.min(c_int::MAX as usize) as c_int
    })
}
pub unsafe extern "C" fn SSL_has_pending(s: *const SSL) -> c_int {
    with_ssl("SSL_has_pending", s, 0, |ssl| {
        c_int::from(
            ssl.session.as_mut().is_some_and(|sess| sess.pending() > 0)
                || ssl.dtls.as_ref().is_some_and(|d| d.pending() > 0),
        )
    })
}

/// `SSL_shutdown`: first call sends close_notify (1 if the peer's already came, else
/// 0); a later call waits for the peer's (1), or -1 with WANT_READ/WANT_WRITE.
pub unsafe extern "C" fn SSL_shutdown(s: *mut SSL) -> c_int {
    let r = shutdown(s);
    super::info::report_info("SSL_shutdown", s);
    r
}

/// What SSL_shutdown does after its checks.
#[derive(Clone, Copy, Debug)]
enum ShutdownStep {
    Return(c_int),
    Dtls,
    /// `first`: our close_notify had not gone out yet.
    Tls {
        first: bool,
    },
}

fn shutdown(s: *mut SSL) -> c_int {
    const F: &str = "SSL_shutdown";
    guard(F, -1, || {
        let step = with_ssl(F, s, ShutdownStep::Return(-1), |ssl| {
            if ssl.dtls.is_some() {
                return dtls_shutdown_step(ssl);
            }
            if ssl.quiet_shutdown || ssl.session.is_none() {
                ssl.shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
                return ShutdownStep::Return(1);
            }
            if !ssl.handshake_done() {
                err::push(F, SSL_R_SHUTDOWN_WHILE_IN_INIT, None);
                return ShutdownStep::Return(-1);
            }
            let first = ssl.shutdown & SSL_SENT_SHUTDOWN == 0;
            ssl.shutdown |= SSL_SENT_SHUTDOWN;
            ShutdownStep::Tls { first }
        });
        match step {
            ShutdownStep::Return(r) => r,
            ShutdownStep::Dtls => {
                let o = match drive_dtls(F, s, |d, t| d.close(t)) {
                    Ok(o) => o,
                    Err(r) => return r,
                };
                with_ssl(F, s, -1, |ssl| {
                    if ssl.dtls.as_ref().is_some_and(|d| d.close_received()) {
                        ssl.shutdown |= SSL_RECEIVED_SHUTDOWN;
                    }
                    shutdown_result(ssl, o)
                })
            }
            ShutdownStep::Tls { first } => {
                let o = match drive(F, s, |sess, t| {
                    let sent = sess.close_send(t);
                    if first || !matches!(sent, Outcome::Done(())) {
                        return sent;
                    }
                    sess.close_recv(t)
                }) {
                    Ok(o) => o,
                    Err(r) => return r,
                };
                with_ssl(F, s, -1, |ssl| {
                    if ssl
                        .session
                        .as_ref()
                        .is_some_and(|sess| sess.close_received())
                    {
                        ssl.shutdown |= SSL_RECEIVED_SHUTDOWN;
                    }
                    shutdown_result(ssl, o)
                })
            }
        }
    })
}

/// SSL_shutdown's return for the engine's outcome: 1 once the peer's close_notify is
/// in, else 0 (ours went), or the failure.
fn shutdown_result(ssl: &mut SSL, o: Outcome<()>) -> c_int {
    match translate("SSL_shutdown", ssl, o.map(|()| 0), -1) {
        Ok(_) | Err(0) if ssl.shutdown & SSL_RECEIVED_SHUTDOWN != 0 => 1,
        Ok(_) => 0,
        Err(r) => r,
    }
}

/// DTLS: close_notify is sent (once) and never waited for: 1 when the peer's already
/// came, else 0, as OpenSSL's first SSL_shutdown.
fn dtls_shutdown_step(ssl: &mut SSL) -> ShutdownStep {
    if ssl.quiet_shutdown {
        ssl.shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
        return ShutdownStep::Return(1);
    }
    if !ssl.handshake_done() {
        err::push("SSL_shutdown", SSL_R_SHUTDOWN_WHILE_IN_INIT, None);
        return ShutdownStep::Return(-1);
    }
    ssl.shutdown |= SSL_SENT_SHUTDOWN;
    ShutdownStep::Dtls
}

pub unsafe extern "C" fn SSL_get_shutdown(s: *const SSL) -> c_int {
    with_ssl("SSL_get_shutdown", s, 0, |ssl| ssl.shutdown)
}
pub unsafe extern "C" fn SSL_set_shutdown(s: *mut SSL, mode: c_int) {
    with_ssl("SSL_set_shutdown", s, (), |ssl| ssl.shutdown = mode)
}
pub unsafe extern "C" fn SSL_set_quiet_shutdown(s: *mut SSL, mode: c_int) {
    with_ssl("SSL_set_quiet_shutdown", s, (), |ssl| {
        ssl.quiet_shutdown = mode != 0
    })
}
pub unsafe extern "C" fn SSL_get_quiet_shutdown(s: *const SSL) -> c_int {
    with_ssl("SSL_get_quiet_shutdown", s, 0, |ssl| {
        c_int::from(ssl.quiet_shutdown)
    })
}

const ERR_LIB_SYS: u64 = 2;

/// An entry [`err::push_unimplemented`] queued (ERR_LIB_SSL, ERR_R_UNSUPPORTED).
fn is_unimplemented_entry(e: u64) -> bool {
    e & 0x8000_0000 == 0
        && (e >> 23) & 0xff == lc::ERR_LIB_SSL as u64
        && e & 0x7f_ffff == lc::ERR_R_UNSUPPORTED as u64
}

/// `SSL_get_error`, in the order OpenSSL 3.0's ssl_lib.c decides it.
pub unsafe extern "C" fn SSL_get_error(s: *const SSL, ret: c_int) -> c_int {
    guard("SSL_get_error", SSL_ERROR_SSL, || {
        if ret > 0 {
            return SSL_ERROR_NONE;
        }
        // SAFETY: reads the calling thread's ERR queue.
        let e = unsafe { lc::ERR_peek_error() } as u64;
        // The entry of a function tlsshim does not implement, called since the queue
        // was last cleared (openssl s_client calls a dozen such informational ones
        // between its reads): the real library queues nothing there, so it does not
        // count, unless the call under question queued something after it.
        // SAFETY: as above.
        let stub_last =
            e != 0 && is_unimplemented_entry(unsafe { lc::ERR_peek_last_error() } as u64);
        if e != 0 && !stub_last {
            let lib = if e & 0x8000_0000 != 0 {
                ERR_LIB_SYS
            } else {
                (e >> 23) & 0xff
            };
            return if lib == ERR_LIB_SYS {
                SSL_ERROR_SYSCALL
            } else {
                SSL_ERROR_SSL
            };
        }
        // SAFETY: s is NULL or a live SSL.
        let Some(ssl) = (unsafe { ffi::obj(s) }) else {
            return SSL_ERROR_SSL;
        };
        match ssl.rwstate {
            RwState::Reading => SSL_ERROR_WANT_READ,
            RwState::Writing => SSL_ERROR_WANT_WRITE,
            RwState::Nothing if ssl.shutdown & SSL_RECEIVED_SHUTDOWN != 0 => SSL_ERROR_ZERO_RETURN,
            RwState::Nothing => SSL_ERROR_SYSCALL,
        }
    })
}
pub unsafe extern "C" fn SSL_want(s: *const SSL) -> c_int {
    with_ssl("SSL_want", s, 1, |ssl| match ssl.rwstate {
        RwState::Nothing => 1,
        RwState::Writing => 2,
        RwState::Reading => 3,
    })
}

/// `SSL_key_update`: queues a TLS 1.3 KeyUpdate for the next write (OpenSSL sends it
/// at the next I/O); fails on TLS 1.2 or before the handshake, as OpenSSL does.
/// OpenSSL 3.0's checks, in its order: TLS 1.3 (before the handshake it is not yet),
/// the type, the handshake finished. rustls' KeyUpdate asks the peer to update too
/// (update_requested) whatever the type.
pub unsafe extern "C" fn SSL_key_update(s: *mut SSL, update_type: c_int) -> c_int {
    const FUNC: &str = "SSL_key_update";
    with_ssl(FUNC, s, 0, |ssl| {
        let Some(sess) = ssl.session.as_mut() else {
            err::push(FUNC, SSL_R_WRONG_SSL_VERSION, None);
            return 0;
        };
        if sess.version() != Some(engine::Version::Tls13) {
            err::push(FUNC, SSL_R_WRONG_SSL_VERSION, None);
            return 0;
        }
        if update_type != SSL_KEY_UPDATE_NOT_REQUESTED && update_type != SSL_KEY_UPDATE_REQUESTED {
            err::push(FUNC, SSL_R_INVALID_KEY_UPDATE_TYPE, None);
            return 0;
        }
        if !sess.schedule_key_update() {
            err::push(FUNC, SSL_R_STILL_IN_INIT, None);
            return 0;
        }
        ssl.key_update = update_type;
        1
    })
}
