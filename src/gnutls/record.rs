//! Application data: gnutls_record_send / recv and their companions.
//!
//! GnuTLS' write contract: a send that returns GNUTLS_E_AGAIN or GNUTLS_E_INTERRUPTED
//! has taken its data; the program calls again with `(NULL, 0)` (or the same data) and
//! that call returns the original byte count once the record is on the wire. A send
//! of more than one record's worth sends one record and returns its size.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::{on_session, session_ref, GnutlsSession};
use std::ffi::{c_int, c_uint, c_void};

pub unsafe extern "C" fn gnutls_record_send(
    session: *mut GnutlsSession,
    data: *const c_void,
    data_size: usize,
) -> isize {
    super::guard(
        "gnutls_record_send",
        GNUTLS_E_INTERNAL_ERROR as isize,
        || {
            // SAFETY: session is NULL or live.
            let Some(s) = (unsafe { session_ref(session) }) else {
                return GNUTLS_E_INVALID_REQUEST as isize;
            };
            // SAFETY: data holds data_size bytes, as the API requires.
            let Some(bytes) = (unsafe { crate::ffi::bytes(data, data_size) }) else {
                return GNUTLS_E_INVALID_REQUEST as isize;
            };
            if let Some(r) = super::dtls::corked_send(s, bytes) {
                return r;
            }
            if !s.handshake_done() {
                return GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE as isize;
            }
            if s.is_datagram() {
                return super::dtls::send(s, session, bytes);
            }
            if bytes.is_empty() && !s.has_pending_write() {
                // A zero-length send with nothing pending: GNUTLS_E_INVALID_REQUEST
                // (observed).
                return GNUTLS_E_INVALID_REQUEST as isize;
            }
            match send(s, session, bytes) {
                Ok(n) => n as isize,
                Err(0) => GNUTLS_E_INVALID_SESSION as isize,
                Err(code) => code as isize,
            }
        },
    )
}

/// One record's worth of `bytes` to the engine, or the retry of a blocked send.
fn send(s: &GnutlsSession, session: *mut GnutlsSession, bytes: &[u8]) -> Result<usize, c_int> {
    s.drive_record(session, |e, t| match e.retry_pending_write(t) {
        // The (NULL, 0) retry of a blocked send, or a retry with the same data.
        Some(outcome) => outcome,
        None => e.write(t, bytes, true),
    })
}

/// The largest record plaintext: 16384. rustls negotiates neither max_fragment_length
/// nor record_size_limit, so the limit a peer could agree to never lowers it (GnuTLS
/// reports the agreed one; against openssl s_server, which accepts neither, also 16384).
pub unsafe extern "C" fn gnutls_record_get_max_size(session: *mut GnutlsSession) -> usize {
    super::guard("gnutls_record_get_max_size", 0, || {
        // SAFETY: session is NULL or live.
        match unsafe { session_ref(session) } {
            Some(_) => crate::engine::session::MAX_RECORD,
            None => 0,
        }
    })
}

/// Accepts 512..=16384 as GnuTLS does (observed; other sizes GNUTLS_E_INVALID_REQUEST)
/// and asks for nothing: see gnutls_record_get_max_size.
pub unsafe extern "C" fn gnutls_record_set_max_size(
    session: *mut GnutlsSession,
    size: usize,
) -> isize {
    super::guard(
        "gnutls_record_set_max_size",
        GNUTLS_E_INTERNAL_ERROR as isize,
        || {
            // SAFETY: session is NULL or live.
            match unsafe { session_ref(session) } {
                Some(_) if (512..=crate::engine::session::MAX_RECORD).contains(&size) => 0,
                _ => GNUTLS_E_INVALID_REQUEST as isize,
            }
        },
    )
}

/// As gnutls_record_send; `pad` and `flags` (length hiding) are ignored.
pub unsafe extern "C" fn gnutls_record_send2(
    session: *mut GnutlsSession,
    data: *const c_void,
    data_size: usize,
    _pad: usize,
    _flags: c_uint,
) -> isize {
    // SAFETY: same contract as gnutls_record_send.
    unsafe { gnutls_record_send(session, data, data_size) }
}

/// Returns the bytes read, 0 when the peer closed with close_notify,
/// GNUTLS_E_PREMATURE_TERMINATION when the transport ended without one.
pub unsafe extern "C" fn gnutls_record_recv(
    session: *mut GnutlsSession,
    data: *mut c_void,
    data_size: usize,
) -> isize {
    super::guard(
        "gnutls_record_recv",
        GNUTLS_E_INTERNAL_ERROR as isize,
        || {
            // SAFETY: session is NULL or live.
            let Some(s) = (unsafe { session_ref(session) }) else {
                return GNUTLS_E_INVALID_REQUEST as isize;
            };
            // SAFETY: data holds data_size writable bytes, as the API requires.
            let Some(buf) = (unsafe { crate::ffi::bytes_mut(data, data_size) }) else {
                return GNUTLS_E_INVALID_REQUEST as isize;
            };
            if !s.handshake_done() {
                return GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE as isize;
            }
            if s.is_datagram() {
                return match s.drive_dtls_record(session, |e, t| e.read(t, buf)) {
                    Ok(n) => n as isize,
                    Err(code) => code as isize,
                };
            }
            let r = s.with_deadline(s.record_deadline(), || {
                s.drive_record(session, |e, t| e.read_or_ticket(t, buf))
            });
            match r {
                Ok(Some(n)) => n as isize,
                // A TLS 1.3 ticket and no data: GNUTLS_E_AGAIN, direction read, as
                // GnuTLS returns after a post-handshake message (observed).
                Ok(None) => {
                    s.direction.set(super::transport::DIRECTION_READ);
                    GNUTLS_E_AGAIN as isize
                }
                Err(code) => code as isize,
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_record_check_pending(session: *mut GnutlsSession) -> usize {
    super::guard("gnutls_record_check_pending", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| {
                s.with_engine(|e| e.pending())
                    .or_else(|| s.with_dtls(|e| e.pending()))
            })
            .unwrap_or(0)
    })
}

/// 0: the interrupted call was reading; 1: writing.
pub unsafe extern "C" fn gnutls_record_get_direction(session: *mut GnutlsSession) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_record_get_direction",
        unsafe { session_ref(session) },
        |s| s.direction.get(),
    )
}
