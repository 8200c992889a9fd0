//! TLS 1.3 early data: refused, with OpenSSL 3.0's answers for a library where it is
//! not configured (ctests/ossl_seclevel_early). A server accepts no early data (the
//! engine's rustls config has none) and sessions carry a max_early_data of 0, so a
//! client has nothing to send it with: SSL_write_early_data then fails as OpenSSL's
//! does for a session without early data (ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED), and
//! SSL_read_early_data on a server runs the handshake up to the ClientHello and says
//! SSL_READ_EARLY_DATA_FINISH, as OpenSSL does when the client sent none.
#![allow(non_snake_case)]
use super::ctx::{with_ctx, SSL_CTX};
use super::session::{session_ref, SSL_SESSION};
use super::ssl::{with_ssl, SSL};
use super::{err, guard};
use crate::engine::Role;
use crate::ffi;
use std::ffi::{c_int, c_void};

/// ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED as OpenSSL 3.0 raises it (fatal, common).
const ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED: c_int = 0xC0101;
const SSL_READ_EARLY_DATA_ERROR: c_int = 0;
const SSL_READ_EARLY_DATA_FINISH: c_int = 2;
const SSL_EARLY_DATA_NOT_SENT: c_int = 0;

fn refuse(func: &'static str) -> c_int {
    err::push(func, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, None);
    0
}

pub unsafe extern "C" fn SSL_write_early_data(
    s: *mut SSL,
    _buf: *const c_void,
    _num: usize,
    _written: *mut usize,
) -> c_int {
    with_ssl("SSL_write_early_data", s, 0, |_| {
        refuse("SSL_write_early_data")
    })
}

pub unsafe extern "C" fn SSL_read_early_data(
    s: *mut SSL,
    _buf: *mut c_void,
    _num: usize,
    readbytes: *mut usize,
) -> c_int {
    let state = with_ssl("SSL_read_early_data", s, None, |ssl| {
        if ssl.role == Some(Role::Client) {
            return Some(Err(()));
        }
        if ssl.early_data_finished || ssl.handshake_done() {
            return Some(Err(()));
        }
        ssl.role = Some(Role::Server);
        Some(Ok(()))
    });
    match state {
        None => return SSL_READ_EARLY_DATA_ERROR,
        Some(Err(())) => return refuse("SSL_read_early_data"),
        Some(Ok(())) => {}
    }
    // SAFETY: s is a live SSL (checked above); the handshake as SSL_accept runs it.
    let r = unsafe { super::io::SSL_do_handshake(s) };
    with_ssl("SSL_read_early_data", s, SSL_READ_EARLY_DATA_ERROR, |ssl| {
        let past_hello = ssl
            .session
            .as_ref()
            .is_some_and(|sess| sess.failed().is_none() && sess.hello_accepted());
        if r == 1 || past_hello {
            ssl.early_data_finished = true;
            // The handshake goes on in SSL_accept / SSL_read: nothing waits now.
            ssl.rwstate = super::ssl::RwState::Nothing;
            // SAFETY: readbytes is NULL or writable.
            if let Some(n) = unsafe { ffi::obj_mut(readbytes) } {
                *n = 0;
            }
            SSL_READ_EARLY_DATA_FINISH
        } else {
            SSL_READ_EARLY_DATA_ERROR
        }
    })
}

pub unsafe extern "C" fn SSL_get_early_data_status(s: *const SSL) -> c_int {
    with_ssl("SSL_get_early_data_status", s, 0, |_| {
        SSL_EARLY_DATA_NOT_SENT
    })
}

// The limits are kept and reported; a server still accepts no early data.

pub unsafe extern "C" fn SSL_CTX_set_max_early_data(ctx: *mut SSL_CTX, n: u32) -> c_int {
    with_ctx("SSL_CTX_set_max_early_data", ctx, 0, |_, st| {
        st.server.max_early_data = n;
        1
    })
}
pub unsafe extern "C" fn SSL_CTX_get_max_early_data(ctx: *const SSL_CTX) -> u32 {
    with_ctx("SSL_CTX_get_max_early_data", ctx, 0, |_, st| {
        st.server.max_early_data
    })
}
pub unsafe extern "C" fn SSL_CTX_set_recv_max_early_data(ctx: *mut SSL_CTX, n: u32) -> c_int {
    with_ctx("SSL_CTX_set_recv_max_early_data", ctx, 0, |_, st| {
        st.server.recv_max_early_data = n;
        1
    })
}
pub unsafe extern "C" fn SSL_CTX_get_recv_max_early_data(ctx: *const SSL_CTX) -> u32 {
    with_ctx("SSL_CTX_get_recv_max_early_data", ctx, 0, |_, st| {
        st.server.recv_max_early_data
    })
}
pub unsafe extern "C" fn SSL_set_max_early_data(s: *mut SSL, n: u32) -> c_int {
    with_ssl("SSL_set_max_early_data", s, 0, |ssl| {
        ssl.max_early_data = n;
        1
    })
}
pub unsafe extern "C" fn SSL_get_max_early_data(s: *const SSL) -> u32 {
    with_ssl("SSL_get_max_early_data", s, 0, |ssl| ssl.max_early_data)
}
pub unsafe extern "C" fn SSL_set_recv_max_early_data(s: *mut SSL, n: u32) -> c_int {
    with_ssl("SSL_set_recv_max_early_data", s, 0, |ssl| {
        ssl.recv_max_early_data = n;
        1
    })
}
pub unsafe extern "C" fn SSL_get_recv_max_early_data(s: *const SSL) -> u32 {
    with_ssl("SSL_get_recv_max_early_data", s, 0, |ssl| {
        ssl.recv_max_early_data
    })
}
/// Sessions here never allow early data.
pub unsafe extern "C" fn SSL_SESSION_get_max_early_data(s: *const SSL_SESSION) -> u32 {
    guard("SSL_SESSION_get_max_early_data", 0, || {
        // SAFETY: s is NULL or live.
        let _ = unsafe { session_ref(s) };
        0
    })
}
