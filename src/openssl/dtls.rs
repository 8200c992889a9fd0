//! DTLS on the libssl face: an SSL of a `DTLS_*method` context runs on the engine's
//! [`DtlsSession`] (DTLS 1.2 on dimpl) over its BIOs, usually a datagram BIO
//! (`BIO_new_dgram`). Here: the session's start, the MTU controls and the DTLS-only
//! exports; io.rs branches to the session for the handshake, reads, writes, shutdown.
#![allow(non_snake_case)]
use super::err;
use super::ssl::{with_ssl, SSL};
use crate::engine::dtls::{data_mtu, DatagramParams, DtlsSession};
use std::ffi::{c_int, c_long, c_void};
use std::time::Duration;

pub const SSL_CTRL_SET_MTU: c_int = 17;
pub const DTLS_CTRL_GET_TIMEOUT: c_int = 73;
pub const DTLS_CTRL_HANDLE_TIMEOUT: c_int = 74;
pub const DTLS_CTRL_SET_LINK_MTU: c_int = 120;
pub const DTLS_CTRL_GET_LINK_MIN_MTU: c_int = 121;
/// `SSL_R_DTLS_MESSAGE_TOO_BIG`: a write of more than a record (16384 bytes).
pub const SSL_R_DTLS_MESSAGE_TOO_BIG: c_int = 334;
/// What `BIO_new_dgram` takes off a link MTU for the IPv4 and UDP headers.
const DGRAM_OVERHEAD: usize = 28;
/// OpenSSL's smallest DTLS MTU (`dtls1_min_mtu`, d1_lib.c).
const DTLS1_MIN_MTU: usize = 256;
/// The MTU when the program set none: GnuTLS' default. (OpenSSL asks the socket for
/// its path MTU, which tlsshim does not do.)
const DEFAULT_MTU: usize = 1200;

impl SSL {
    pub fn is_dtls(&self) -> bool {
        self.ctx().method.datagram
    }

    /// The MTU DTLS records must fit (`SSL_set_mtu`, or a link MTU less the headers).
    pub fn dtls_mtu(&self) -> usize {
        if self.dtls_mtu == 0 {
            DEFAULT_MTU
        } else {
            self.dtls_mtu
        }
    }

    /// The DTLS session, started at the first handshake call.
    pub fn dtls_session(&mut self, func: &'static str) -> Result<&mut DtlsSession, c_int> {
        if self.dtls.is_none() {
            let role = self.role.ok_or_else(|| {
                err::push(func, super::consts::SSL_R_CONNECTION_TYPE_NOT_SET, None);
                -1
            })?;
            let fd = super::ssl::bio_fd(self.rbio);
            // A socket in non-blocking mode (or a BIO without one) is never waited on:
            // the handshake returns WANT_READ and the program comes back, as with
            // OpenSSL's DTLSv1_handle_timeout loop.
            // SAFETY: fcntl on the BIO's own fd.
            let nonblocking =
                fd < 0 || unsafe { libc::fcntl(fd, libc::F_GETFL) } & libc::O_NONBLOCK != 0;
            let params = DatagramParams {
                mtu: self.dtls_mtu(),
                retrans: Duration::from_secs(1),
                total: Some(Duration::from_secs(60)),
                nonblocking,
                cookie_exchanged: false,
            };
            match DtlsSession::new(&self.settings(), params, role) {
                Ok(s) => self.dtls = Some(Box::new(s)),
                Err(e) => {
                    let reason = match &e {
                        crate::engine::Error::Config(m) if m.contains("certificate") => {
                            super::consts::SSL_R_NO_CERTIFICATE_ASSIGNED
                        }
                        crate::engine::Error::Config(m) if m.contains("suites") => {
                            super::consts::SSL_R_NO_CIPHERS_AVAILABLE
                        }
                        _ => super::consts::SSL_R_NO_PROTOCOLS_AVAILABLE,
                    };
                    err::push(func, reason, Some(&e.to_string()));
                    return Err(-1);
                }
            }
        }
        Ok(self.dtls.as_mut().expect("DTLS session just created"))
    }

    /// Milliseconds until the handshake's retransmission is due, while a timer runs.
    fn dtls_timer(&self) -> Option<u64> {
        self.dtls
            .as_ref()
            .filter(|d| d.timer_running())
            .map(|d| d.timeout_ms())
    }

    /// The SSL_ctrl commands of a DTLS connection; `None` for the others.
    pub fn dtls_ctrl(&mut self, cmd: c_int, larg: c_long, parg: *mut c_void) -> Option<c_long> {
        if !self.is_dtls() {
            return None;
        }
        Some(match cmd {
            // DTLSv1_get_timeout: 1 and the time left while a retransmission timer
            // runs, else 0 (before and after the handshake), as OpenSSL.
            DTLS_CTRL_GET_TIMEOUT => match self.dtls_timer() {
                Some(ms) => {
                    // SAFETY: parg is NULL or a struct timeval (the macro's contract).
                    if let Some(tv) = unsafe { parg.cast::<libc::timeval>().as_mut() } {
                        tv.tv_sec = (ms / 1000) as libc::time_t;
                        tv.tv_usec = ((ms % 1000) * 1000) as libc::suseconds_t;
                    }
                    1
                }
                None => 0,
            },
            SSL_CTRL_SET_MTU if (larg as usize) < DTLS1_MIN_MTU || larg < 0 => 0,
            SSL_CTRL_SET_MTU => {
                self.dtls_mtu = larg as usize;
                larg
            }
            DTLS_CTRL_SET_LINK_MTU if larg < (DTLS1_MIN_MTU + DGRAM_OVERHEAD) as c_long => 0,
            DTLS_CTRL_SET_LINK_MTU => {
                self.dtls_mtu = larg as usize - DGRAM_OVERHEAD;
                1
            }
            DTLS_CTRL_GET_LINK_MIN_MTU => (DTLS1_MIN_MTU + DGRAM_OVERHEAD) as c_long,
            _ => return None,
        })
    }
}

pub unsafe extern "C" fn SSL_is_dtls(s: *const SSL) -> c_int {
    with_ssl("SSL_is_dtls", s, 0, |ssl| c_int::from(ssl.is_dtls()))
}

/// The largest write that fits the MTU: 0 until a suite is negotiated (OpenSSL
/// computes it from the current cipher's overhead).
pub unsafe extern "C" fn DTLS_get_data_mtu(s: *const SSL) -> usize {
    with_ssl("DTLS_get_data_mtu", s, 0, |ssl| {
        let mtu = ssl.dtls_mtu();
        match ssl.dtls.as_ref().and_then(|d| d.record_overhead()) {
            Some(overhead) => data_mtu(mtu, Some(overhead)),
            None => 0,
        }
    })
}

/// `DTLSv1_handle_timeout` (SSL_ctrl DTLS_CTRL_HANDLE_TIMEOUT): when the handshake's
/// retransmission timer has expired, one handshake step (which retransmits) and 1;
/// 0 when no timer expired; -1 when the step failed. Runs outside the SSL's borrow:
/// the step is a handshake call.
///
/// # Safety
/// `s` is NULL or a live SSL used by this thread alone.
pub unsafe fn handle_timeout(s: *mut SSL) -> c_long {
    // SAFETY: s is NULL or a live SSL (SSL_ctrl's contract).
    let due = unsafe { super::ssl::ssl_mut(s) }
        .is_some_and(|ssl| ssl.is_dtls() && ssl.dtls_timer() == Some(0));
    if !due {
        return 0;
    }
    // SAFETY: as above; the SSL is not borrowed here.
    let r = unsafe { super::io::SSL_do_handshake(s) };
    // SAFETY: as above.
    let e = unsafe { super::io::SSL_get_error(s, r) };
    if r == 1 || e == super::consts::SSL_ERROR_WANT_READ || e == super::consts::SSL_ERROR_WANT_WRITE
    {
        1
    } else {
        -1
    }
}
