//! What a GnuTLS server program (gnutls-serv) configures beyond certificates: client
//! certificate requests, session tickets and the session cache functions, DH
//! parameters, random keys, channel bindings.
//!
//! The engine's server keeps resumption state itself (a process-wide rustls ticketer
//! and an in-memory session cache), so the program's ticket key and db functions are
//! accepted and not used; its suites are all ECDHE, so DH parameters change nothing.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::creds::{AnonCredentials, CertCredentials};
use super::errors::*;
use super::session::{on_session, session_ref, Datum, GnutlsSession};
use std::ffi::{c_int, c_uint, c_void};

/// gnutls_certificate_request_t: IGNORE (0) and REQUEST (1) are served without asking
/// the client for a certificate (the engine's server does not ask for one yet);
/// REQUIRE (2) makes the handshake fail with GNUTLS_E_UNIMPLEMENTED_FEATURE rather
/// than accept clients without one.
pub unsafe extern "C" fn gnutls_certificate_server_set_request(
    session: *mut GnutlsSession,
    req: c_uint,
) {
    super::guard("gnutls_certificate_server_set_request", (), || {
        // SAFETY: session is NULL or live.
        if let Some(s) = unsafe { session_ref(session) } {
            s.cert_request.set(req);
        }
    })
}

/// Random bytes into a fresh gnutls_malloc'd datum.
unsafe fn random_datum(out: *mut Datum, size: usize) -> c_int {
    // SAFETY: out is NULL or writable, as the API requires.
    let Some(out) = (unsafe { crate::ffi::obj_mut(out) }) else {
        return GNUTLS_E_INVALID_REQUEST;
    };
    let Ok(len) = c_uint::try_from(size) else {
        return GNUTLS_E_INVALID_REQUEST;
    };
    let mut key = vec![0u8; size];
    if crate::engine::config::default_provider()
        .secure_random
        .fill(&mut key)
        .is_err()
    {
        return GNUTLS_E_RANDOM_FAILED;
    }
    let p = super::alloc::malloc_copy(&key);
    if p.is_null() {
        return GNUTLS_E_MEMORY_ERROR;
    }
    out.data = p;
    out.size = len;
    0
}

/// A 64-byte ticket key, as GnuTLS makes (TICKET_MASTER_KEY_SIZE).
pub unsafe extern "C" fn gnutls_session_ticket_key_generate(key: *mut Datum) -> c_int {
    // SAFETY: key follows the API contract.
    super::guard(
        "gnutls_session_ticket_key_generate",
        GNUTLS_E_INTERNAL_ERROR,
        || unsafe { random_datum(key, 64) },
    )
}

pub unsafe extern "C" fn gnutls_key_generate(key: *mut Datum, key_size: c_uint) -> c_int {
    // SAFETY: key follows the API contract.
    super::guard("gnutls_key_generate", GNUTLS_E_INTERNAL_ERROR, || unsafe {
        random_datum(key, key_size as usize)
    })
}

/// Tickets are on by default in the engine's server (its own rotating key); the
/// program's key is accepted and not used.
pub unsafe extern "C" fn gnutls_session_ticket_enable_server(
    session: *mut GnutlsSession,
    key: *const Datum,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_ticket_enable_server",
        unsafe { session_ref(session) },
        |_| {
            // SAFETY: key is NULL or a readable datum.
            match unsafe { crate::ffi::obj(key) } {
                Some(k) if !k.data.is_null() && k.size >= 64 => 0,
                _ => GNUTLS_E_INVALID_REQUEST,
            }
        },
    )
}

/// The session cache callbacks: accepted, not called (the engine caches sessions in
/// memory itself).
pub unsafe extern "C" fn gnutls_db_set_retrieve_function(
    session: *mut GnutlsSession,
    _func: *mut c_void,
) {
    super::guard("gnutls_db_set_retrieve_function", (), || {
        // SAFETY: session is NULL or live.
        let _ = unsafe { session_ref(session) };
    })
}

pub unsafe extern "C" fn gnutls_db_set_remove_function(
    session: *mut GnutlsSession,
    _func: *mut c_void,
) {
    super::guard("gnutls_db_set_remove_function", (), || {
        // SAFETY: session is NULL or live.
        let _ = unsafe { session_ref(session) };
    })
}

pub unsafe extern "C" fn gnutls_db_set_store_function(
    session: *mut GnutlsSession,
    _func: *mut c_void,
) {
    super::guard("gnutls_db_set_store_function", (), || {
        // SAFETY: session is NULL or live.
        let _ = unsafe { session_ref(session) };
    })
}

pub unsafe extern "C" fn gnutls_db_set_ptr(session: *mut GnutlsSession, _ptr: *mut c_void) {
    super::guard("gnutls_db_set_ptr", (), || {
        // SAFETY: session is NULL or live.
        let _ = unsafe { session_ref(session) };
    })
}

/// DH parameters: the engine has no DHE suites, so there is nothing to set.
pub unsafe extern "C" fn gnutls_certificate_set_known_dh_params(
    res: *mut CertCredentials,
    _sec_param: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_known_dh_params",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            if res.is_null() {
                GNUTLS_E_INVALID_REQUEST
            } else {
                0
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_anon_set_server_known_dh_params(
    res: *mut AnonCredentials,
    _sec_param: c_uint,
) -> c_int {
    super::guard(
        "gnutls_anon_set_server_known_dh_params",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            if res.is_null() {
                GNUTLS_E_INVALID_REQUEST
            } else {
                0
            }
        },
    )
}

/// Private (experimental) suites and extensions: the engine has none to allow.
pub unsafe extern "C" fn gnutls_handshake_set_private_extensions(
    session: *mut GnutlsSession,
    _allow: c_int,
) {
    super::guard("gnutls_handshake_set_private_extensions", (), || {
        // SAFETY: session is NULL or live.
        let _ = unsafe { session_ref(session) };
    })
}

/// PKCS #11 is not supported: the callbacks are accepted and never called.
pub unsafe extern "C" fn gnutls_pkcs11_set_pin_function(
    _func: *mut c_void,
    _userdata: *mut c_void,
) {
    super::guard("gnutls_pkcs11_set_pin_function", (), || ())
}

pub unsafe extern "C" fn gnutls_pkcs11_set_token_function(
    _func: *mut c_void,
    _userdata: *mut c_void,
) {
    super::guard("gnutls_pkcs11_set_token_function", (), || ())
}

/// GNUTLS_COMP_NULL: TLS compression is never used.
pub unsafe extern "C" fn gnutls_compression_get(_session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_compression_get", 1, || 1)
}

/// gnutls_channel_binding_t.
const GNUTLS_CB_TLS_UNIQUE: c_uint = 0;
const GNUTLS_CB_TLS_EXPORTER: c_uint = 2;

/// "tls-exporter" (RFC 9266) as GnuTLS derives it (TLS 1.3, or TLS 1.2 with the
/// extended master secret, which the engine always has); "tls-unique" is not
/// available in TLS 1.3, and in TLS 1.2 needs the Finished message rustls does not
/// expose; "tls-server-end-point" is not implemented.
pub unsafe extern "C" fn gnutls_session_channel_binding(
    session: *mut GnutlsSession,
    cbtype: c_uint,
    cb: *mut Datum,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_channel_binding",
        unsafe { session_ref(session) },
        |s| {
            // SAFETY: cb is NULL or writable.
            let Some(out) = (unsafe { crate::ffi::obj_mut(cb) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let version = s
                .with_engine(|e| {
                    if e.is_handshaking() {
                        None
                    } else {
                        e.version()
                    }
                })
                .flatten();
            let Some(version) = version else {
                return GNUTLS_E_CHANNEL_BINDING_NOT_AVAILABLE;
            };
            let tls13 = version == crate::engine::Version::Tls13;
            match cbtype {
                GNUTLS_CB_TLS_UNIQUE if tls13 => GNUTLS_E_CHANNEL_BINDING_NOT_AVAILABLE,
                GNUTLS_CB_TLS_EXPORTER => {
                    let mut key = [0u8; 32];
                    let exported = s.with_engine(|e| {
                        e.export_keying_material(
                            &mut key,
                            b"EXPORTER-Channel-Binding",
                            Some(b""),
                            false,
                        )
                    });
                    if !matches!(exported, Some(Ok(()))) {
                        return GNUTLS_E_CHANNEL_BINDING_NOT_AVAILABLE;
                    }
                    let p = super::alloc::malloc_copy(&key);
                    if p.is_null() {
                        return GNUTLS_E_MEMORY_ERROR;
                    }
                    out.data = p;
                    out.size = key.len() as c_uint;
                    0
                }
                _ => GNUTLS_E_UNIMPLEMENTED_FEATURE,
            }
        },
    )
}
