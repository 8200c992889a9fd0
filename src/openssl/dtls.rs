//! DTLS on the libssl face: an SSL of a `DTLS_*method` context runs on the engine's
//! [`DtlsSession`] (DTLS 1.2 on dimpl) over its BIOs, usually a datagram BIO
//! (`BIO_new_dgram`). Here: the session's start, the MTU controls and the DTLS-only
//! exports; io.rs branches to the session for the handshake, reads, writes, shutdown.
#![allow(non_snake_case)]
use super::err;
use super::ssl::{with_ssl, SSL};
use crate::engine::dtls::{data_mtu, DatagramParams, DtlsSession};
use std::ffi::{c_int, c_long};
use std::time::Duration;

pub const SSL_CTRL_SET_MTU: c_int = 17;
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

    /// The SSL_ctrl commands of a DTLS connection; `None` for the others.
    pub fn dtls_ctrl(&mut self, cmd: c_int, larg: c_long) -> Option<c_long> {
        if !self.is_dtls() {
            return None;
        }
        Some(match cmd {
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
