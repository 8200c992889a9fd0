//! The GnuTLS transport: where a session's TLS bytes go. By default `recv`/`send` on
//! the fd the program gave (`gnutls_transport_set_int`, or a pointer holding an fd,
//! as wget passes it); otherwise the program's push/pull callbacks. Errors come back
//! as GnuTLS reads them: the value of `gnutls_transport_set_errno` if set (used once),
//! else the program's errno function, else `errno`.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::{
    GNUTLS_E_AGAIN, GNUTLS_E_INTERRUPTED, GNUTLS_E_PREMATURE_TERMINATION, GNUTLS_E_PULL_ERROR,
    GNUTLS_E_PUSH_ERROR,
};
use super::session::{session_ref, GnutlsSession};
use crate::engine::{FdTransport, Transport};
use std::ffi::{c_int, c_uint, c_void};
use std::io;

pub type PullFn = unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> isize;
pub type PushFn = unsafe extern "C" fn(*mut c_void, *const c_void, usize) -> isize;
pub type VecPushFn = unsafe extern "C" fn(*mut c_void, *const libc::iovec, c_int) -> isize;
pub type PullTimeoutFn = unsafe extern "C" fn(*mut c_void, c_uint) -> c_int;
pub type ErrnoFn = unsafe extern "C" fn(*mut c_void) -> c_int;

/// What the program configured; copied out for each engine call so that a callback
/// may call back into the session.
#[derive(Clone, Copy, Debug)]
pub struct TransportConf {
    pub recv_ptr: *mut c_void,
    pub send_ptr: *mut c_void,
    pub pull: Option<PullFn>,
    pub push: Option<PushFn>,
    pub vec_push: Option<VecPushFn>,
    /// `gnutls_transport_set_pull_timeout_function`: called where GnuTLS waits with
    /// a timeout (see [`TransportConf::wait`]).
    pub pull_timeout: Option<PullTimeoutFn>,
    pub errno_func: Option<ErrnoFn>,
}

impl Default for TransportConf {
    fn default() -> Self {
        Self {
            // GnuTLS' initial transport pointer is -1 (no fd).
            recv_ptr: -1isize as *mut c_void,
            send_ptr: -1isize as *mut c_void,
            pull: None,
            push: None,
            vec_push: None,
            pull_timeout: None,
            errno_func: None,
        }
    }
}

/// What waiting for data with a timeout came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    Ready,
    TimedOut,
    /// The wait itself failed, or cannot be done: a program pull function without a
    /// pull timeout function (GnuTLS: GNUTLS_E_PULL_ERROR, observed).
    Failed,
}

impl TransportConf {
    /// Waits up to `ms` for data, as GnuTLS does before a read under a handshake or
    /// record timeout: the program's pull timeout function, else (default transport)
    /// poll on the fd.
    pub fn wait(&self, ms: c_uint) -> Wait {
        let r = if let Some(f) = self.pull_timeout {
            // SAFETY: the program's function, with its own pointer.
            unsafe { f(self.recv_ptr, ms) }
        } else if self.pull.is_some() {
            return Wait::Failed;
        } else {
            let mut pfd = libc::pollfd {
                fd: self.recv_ptr as isize as c_int,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one pollfd, valid for the call.
            unsafe { libc::poll(&mut pfd, 1, ms.min(c_int::MAX as c_uint) as c_int) }
        };
        match r {
            0 => Wait::TimedOut,
            r if r > 0 => Wait::Ready,
            _ => Wait::Failed,
        }
    }

    /// Waits up to `ms` for something to read (see [`Self::wait`]); a program pull
    /// function without a pull timeout function cannot be waited on: false.
    pub fn wait_readable(&self, ms: c_uint) -> bool {
        self.wait(ms) == Wait::Ready
    }
}

/// `EAGAIN`, `EINTR` … for the log; other values as numbers.
fn errno_name(e: c_int) -> String {
    let name = match e {
        libc::EAGAIN => "EAGAIN",
        libc::EINTR => "EINTR",
        libc::EMSGSIZE => "EMSGSIZE",
        libc::ECONNRESET => "ECONNRESET",
        libc::EPIPE => "EPIPE",
        libc::EIO => "EIO",
        libc::ETIMEDOUT => "ETIMEDOUT",
        libc::ENOTCONN => "ENOTCONN",
        libc::ECONNREFUSED => "ECONNREFUSED",
        libc::EBADF => "EBADF",
        0 => "errno 0",
        _ => return format!("errno {e}"),
    };
    name.to_string()
}

/// Which way the transport was last used: `gnutls_record_get_direction`'s answer and
/// how a transport error is named (push or pull error).
pub const DIRECTION_READ: c_int = 0;
pub const DIRECTION_WRITE: c_int = 1;

/// The engine's view of one session's transport.
pub struct SessionTransport<'a> {
    pub conf: TransportConf,
    pub session: &'a GnutlsSession,
}

impl SessionTransport<'_> {
    /// GnuTLS' `get_errno`: the value set with `gnutls_transport_set_errno` (consumed),
    /// else the errno function's, else `errno`.
    fn last_errno(&self) -> c_int {
        let set = self.session.errnum.replace(0);
        if set != 0 {
            return set;
        }
        match self.conf.errno_func {
            // SAFETY: the program's errno function, called with its own pointer.
            Some(f) => unsafe { f(self.conf.recv_ptr) },
            None => errno::errno().0,
        }
    }

    fn result(&self, n: isize) -> io::Result<usize> {
        if n >= 0 {
            return Ok(n as usize);
        }
        let errno = self.last_errno();
        let push = self.session.direction.get() == DIRECTION_WRITE;
        let (err, code): (io::Error, i32) = match errno {
            e if e == libc::EAGAIN => (io::ErrorKind::WouldBlock.into(), GNUTLS_E_AGAIN),
            e if e == libc::EINTR => (io::ErrorKind::Interrupted.into(), GNUTLS_E_INTERRUPTED),
            // The session translates a transport failure by its direction.
            e => (
                io::Error::from_raw_os_error(if e == 0 { libc::EIO } else { e }),
                match (push, e) {
                    (true, libc::ECONNRESET) => GNUTLS_E_PREMATURE_TERMINATION,
                    (true, _) => GNUTLS_E_PUSH_ERROR,
                    (false, _) => GNUTLS_E_PULL_ERROR,
                },
            ),
        };
        if log::log_enabled!(target: "tlsshim::errno", log::Level::Debug) {
            log::debug!(
                target: "tlsshim::errno",
                "gnutls {}: {} -> {}",
                if push { "push" } else { "pull" },
                errno_name(errno),
                super::errors::entry(code).map_or("?".into(), |e| e.1.to_string_lossy()),
            );
        }
        Err(err)
    }
}

impl Transport for SessionTransport<'_> {
    /// DTLS waits: the pull timeout function when set, else poll on the fd; a program
    /// that set its own pull function but no timeout function cannot be waited on.
    fn wait_readable(&mut self, ms: u32) -> Option<bool> {
        if self.conf.pull.is_some() && self.conf.pull_timeout.is_none() {
            return None;
        }
        Some(self.conf.wait_readable(ms))
    }

    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.session.direction.set(DIRECTION_READ);
        // Under a handshake or record timeout, wait for data first; a timeout stops
        // the engine as a blocked read would, and the face reports it.
        if let Some(deadline) = self.session.deadline.get() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let ms = c_uint::try_from(left.as_millis()).unwrap_or(c_uint::MAX);
            let code = match self.conf.wait(ms) {
                Wait::Ready => None,
                Wait::TimedOut => Some(super::errors::GNUTLS_E_TIMEDOUT),
                Wait::Failed => Some(super::errors::GNUTLS_E_PULL_ERROR),
            };
            if let Some(code) = code {
                self.session.timed_out.set(Some(code));
                return Err(io::ErrorKind::WouldBlock.into());
            }
        }
        let n = match self.conf.pull {
            // SAFETY: the program's pull function, with its pointer and our buffer.
            Some(pull) => unsafe { pull(self.conf.recv_ptr, buf.as_mut_ptr().cast(), buf.len()) },
            None => {
                let fd = self.conf.recv_ptr as isize as i32;
                match (FdTransport { rfd: fd, wfd: fd }).recv(buf) {
                    Ok(n) => n as isize,
                    Err(_) => -1,
                }
            }
        };
        self.result(n)
    }

    fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.session.direction.set(DIRECTION_WRITE);
        let n = if let Some(push) = self.conf.push {
            // SAFETY: the program's push function, with its pointer and our bytes.
            unsafe { push(self.conf.send_ptr, buf.as_ptr().cast(), buf.len()) }
        } else if let Some(vec_push) = self.conf.vec_push {
            let iov = libc::iovec {
                iov_base: buf.as_ptr() as *mut c_void,
                iov_len: buf.len(),
            };
            // SAFETY: one iovec over our bytes, valid for the call.
            unsafe { vec_push(self.conf.send_ptr, &iov, 1) }
        } else {
            let fd = self.conf.send_ptr as isize as i32;
            match (FdTransport { rfd: fd, wfd: fd }).send(buf) {
                Ok(n) => n as isize,
                Err(_) => -1,
            }
        };
        self.result(n)
    }

    /// Only the default transport (an fd) can be peeked on; program callbacks cannot.
    fn readable_now(&mut self) -> Option<bool> {
        if self.conf.pull.is_some() || self.session.deadline.get().is_some() {
            return None;
        }
        crate::engine::transport::socket_readable_now(self.conf.recv_ptr as isize as i32)
    }

    /// GnuTLS flushes its queued records in one call: the program's vec_push
    /// function, or `sendmsg` on the default transport; a plain push function gets
    /// one record per call (GnuTLS' writev emulation).
    fn send_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        if self.conf.push.is_some() || bufs.len() < 2 {
            return match bufs.iter().find(|b| !b.is_empty()) {
                Some(b) => self.send(b),
                None => Ok(0),
            };
        }
        self.session.direction.set(DIRECTION_WRITE);
        let n = if let Some(vec_push) = self.conf.vec_push {
            let count = bufs.len().min(c_int::MAX as usize) as c_int;
            // SAFETY: io::IoSlice is ABI-compatible with struct iovec (documented by
            // std); `count` iovecs over our live bytes, valid for the call.
            unsafe { vec_push(self.conf.send_ptr, bufs.as_ptr().cast(), count) }
        } else {
            let fd = self.conf.send_ptr as isize as i32;
            match (FdTransport { rfd: fd, wfd: fd }).send_vectored(bufs) {
                Ok(n) => n as isize,
                Err(_) => -1,
            }
        };
        self.result(n)
    }
}

fn with_conf(session: *mut GnutlsSession, f: impl FnOnce(&mut TransportConf)) {
    // SAFETY: session is NULL or a live session handle, as the API requires.
    if let Some(s) = unsafe { session_ref(session) } {
        let mut conf = s.transport.get();
        f(&mut conf);
        s.transport.set(conf);
    }
}

fn conf_of(session: *mut GnutlsSession) -> Option<TransportConf> {
    // SAFETY: session is NULL or a live session handle, as the API requires.
    unsafe { session_ref(session) }.map(|s| s.transport.get())
}

pub unsafe extern "C" fn gnutls_transport_set_ptr(session: *mut GnutlsSession, ptr: *mut c_void) {
    super::guard("gnutls_transport_set_ptr", (), || {
        with_conf(session, |c| {
            c.recv_ptr = ptr;
            c.send_ptr = ptr;
        })
    })
}

pub unsafe extern "C" fn gnutls_transport_set_ptr2(
    session: *mut GnutlsSession,
    recv_ptr: *mut c_void,
    send_ptr: *mut c_void,
) {
    super::guard("gnutls_transport_set_ptr2", (), || {
        with_conf(session, |c| {
            c.recv_ptr = recv_ptr;
            c.send_ptr = send_ptr;
        })
    })
}

pub unsafe extern "C" fn gnutls_transport_set_int2(
    session: *mut GnutlsSession,
    r: c_int,
    s: c_int,
) {
    super::guard("gnutls_transport_set_int2", (), || {
        with_conf(session, |c| {
            c.recv_ptr = r as isize as *mut c_void;
            c.send_ptr = s as isize as *mut c_void;
        })
    })
}

pub unsafe extern "C" fn gnutls_transport_get_ptr(session: *mut GnutlsSession) -> *mut c_void {
    super::guard("gnutls_transport_get_ptr", std::ptr::null_mut(), || {
        conf_of(session).map_or(std::ptr::null_mut(), |c| c.recv_ptr)
    })
}

pub unsafe extern "C" fn gnutls_transport_get_ptr2(
    session: *mut GnutlsSession,
    recv_ptr: *mut *mut c_void,
    send_ptr: *mut *mut c_void,
) {
    super::guard("gnutls_transport_get_ptr2", (), || {
        if let Some(c) = conf_of(session) {
            // SAFETY: the outputs are NULL or writable, as the API requires.
            unsafe {
                if let Some(r) = crate::ffi::obj_mut(recv_ptr) {
                    *r = c.recv_ptr;
                }
                if let Some(s) = crate::ffi::obj_mut(send_ptr) {
                    *s = c.send_ptr;
                }
            }
        }
    })
}

pub unsafe extern "C" fn gnutls_transport_get_int(session: *mut GnutlsSession) -> c_int {
    super::guard("gnutls_transport_get_int", -1, || {
        conf_of(session).map_or(-1, |c| c.recv_ptr as isize as c_int)
    })
}

pub unsafe extern "C" fn gnutls_transport_get_int2(
    session: *mut GnutlsSession,
    r: *mut c_int,
    s: *mut c_int,
) {
    super::guard("gnutls_transport_get_int2", (), || {
        if let Some(c) = conf_of(session) {
            // SAFETY: the outputs are NULL or writable, as the API requires.
            unsafe {
                if let Some(r) = crate::ffi::obj_mut(r) {
                    *r = c.recv_ptr as isize as c_int;
                }
                if let Some(s) = crate::ffi::obj_mut(s) {
                    *s = c.send_ptr as isize as c_int;
                }
            }
        }
    })
}

pub unsafe extern "C" fn gnutls_transport_set_push_function(
    session: *mut GnutlsSession,
    push_func: Option<PushFn>,
) {
    // GnuTLS: setting a push function replaces a vector push function.
    super::guard("gnutls_transport_set_push_function", (), || {
        with_conf(session, |c| {
            c.push = push_func;
            c.vec_push = None;
        })
    })
}

pub unsafe extern "C" fn gnutls_transport_set_vec_push_function(
    session: *mut GnutlsSession,
    vec_func: Option<VecPushFn>,
) {
    super::guard("gnutls_transport_set_vec_push_function", (), || {
        with_conf(session, |c| {
            c.vec_push = vec_func;
            c.push = None;
        })
    })
}

pub unsafe extern "C" fn gnutls_transport_set_pull_function(
    session: *mut GnutlsSession,
    pull_func: Option<PullFn>,
) {
    super::guard("gnutls_transport_set_pull_function", (), || {
        with_conf(session, |c| c.pull = pull_func)
    })
}

pub unsafe extern "C" fn gnutls_transport_set_pull_timeout_function(
    session: *mut GnutlsSession,
    func: Option<PullTimeoutFn>,
) {
    super::guard("gnutls_transport_set_pull_timeout_function", (), || {
        with_conf(session, |c| c.pull_timeout = func)
    })
}

pub unsafe extern "C" fn gnutls_transport_set_errno_function(
    session: *mut GnutlsSession,
    errno_func: Option<ErrnoFn>,
) {
    super::guard("gnutls_transport_set_errno_function", (), || {
        with_conf(session, |c| c.errno_func = errno_func)
    })
}

/// Called by a push/pull function to say why it failed; read once by the next
/// failed transport call.
pub unsafe extern "C" fn gnutls_transport_set_errno(session: *mut GnutlsSession, err: c_int) {
    super::guard("gnutls_transport_set_errno", (), || {
        // SAFETY: session is NULL or a live session handle.
        if let Some(s) = unsafe { session_ref(session) } {
            s.errnum.set(err);
        }
    })
}
