//! A server's session cache as the program sees it: tickets per handshake, the
//! callbacks' getters, and sessions added to or removed from the internal cache.
//! The cache itself is the engine's ([`crate::engine::resume::ServerCache`]); the
//! callbacks are called from [`super::session::report_new_session`] (new) and the
//! engine's lookups ([`super::session::ProgramCache`], get).
#![allow(non_snake_case)]
use super::ctx::{with_ctx, NewSessionCb, SSL_CTX};
use super::guard;
use super::server::{SessGetCb, SessRemoveCb};
use super::session::{session_ref, SSL_SESSION};
use super::ssl::{with_ssl, SSL};
use std::ffi::c_int;

pub unsafe extern "C" fn SSL_CTX_set_num_tickets(ctx: *mut SSL_CTX, n: usize) -> c_int {
    with_ctx("SSL_CTX_set_num_tickets", ctx, 0, |_, st| {
        st.num_tickets = n;
        1
    })
}
pub unsafe extern "C" fn SSL_CTX_get_num_tickets(ctx: *const SSL_CTX) -> usize {
    with_ctx("SSL_CTX_get_num_tickets", ctx, 0, |_, st| st.num_tickets)
}
pub unsafe extern "C" fn SSL_set_num_tickets(s: *mut SSL, n: usize) -> c_int {
    with_ssl("SSL_set_num_tickets", s, 0, |ssl| {
        ssl.num_tickets = n;
        1
    })
}
pub unsafe extern "C" fn SSL_get_num_tickets(s: *const SSL) -> usize {
    with_ssl("SSL_get_num_tickets", s, 0, |ssl| ssl.num_tickets)
}

pub unsafe extern "C" fn SSL_CTX_sess_get_new_cb(ctx: *mut SSL_CTX) -> NewSessionCb {
    with_ctx("SSL_CTX_sess_get_new_cb", ctx, None, |_, st| {
        st.new_session_cb
    })
}
pub unsafe extern "C" fn SSL_CTX_sess_get_get_cb(ctx: *mut SSL_CTX) -> Option<SessGetCb> {
    with_ctx("SSL_CTX_sess_get_get_cb", ctx, None, |_, st| {
        st.server.sess_get_cb
    })
}
pub unsafe extern "C" fn SSL_CTX_sess_get_remove_cb(ctx: *mut SSL_CTX) -> Option<SessRemoveCb> {
    with_ctx("SSL_CTX_sess_get_remove_cb", ctx, None, |_, st| {
        st.server.sess_remove_cb
    })
}

/// Adds a server session (one a new-session callback or d2i_SSL_SESSION gave) to
/// the internal cache. A client session, or a stateless ticket's, has nothing a
/// server can resume from: it is accepted and not stored.
pub unsafe extern "C" fn SSL_CTX_add_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int {
    with_ctx("SSL_CTX_add_session", ctx, 0, |_, st| {
        // SAFETY: s is NULL or live.
        let Some(sess) = (unsafe { session_ref(s) }) else {
            return 0;
        };
        if let Some(value) = &sess.server_value {
            let created = *sess.time.lock().unwrap_or_else(|p| p.into_inner());
            let timeout = *sess.timeout.lock().unwrap_or_else(|p| p.into_inner());
            st.settings.server_sessions.insert(
                sess.id.clone(),
                value.clone(),
                u64::try_from(created).unwrap_or(0),
                u64::try_from(timeout).unwrap_or(0),
                usize::try_from(st.sess_cache_size)
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or(usize::MAX),
            );
        }
        1
    })
}

/// Removes a session from the internal cache: 1 when it was there, else 0. As
/// OpenSSL's remove_session_lock, the remove callback is called for any session
/// with an id, found or not (seen with the real library).
pub unsafe extern "C" fn SSL_CTX_remove_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int {
    let removed = with_ctx("SSL_CTX_remove_session", ctx, None, |_, st| {
        // SAFETY: s is NULL or live.
        let sess = unsafe { session_ref(s) }?;
        if sess.id.is_empty() {
            return None;
        }
        let found = st.settings.server_sessions.remove(&sess.id);
        Some((found, st.server.sess_remove_cb))
    });
    let Some((found, cb)) = removed else {
        return 0;
    };
    if let Some(cb) = cb {
        // SAFETY: the program's callback with its context and the session, as
        // OpenSSL calls it; no lock of ours is held.
        guard("SSL_CTX_remove_session", (), || unsafe {
            cb(ctx, s.cast())
        });
    }
    c_int::from(found)
}
