//! `SSL_SESSION` for client resumption.
//!
//! rustls keeps resumption state (tickets, session ids) in a client session store
//! keyed by server name. An `SSL_SESSION` here is a handle on the store a connection
//! used: `SSL_set_session` on a new connection — even one from another SSL_CTX, as
//! curl makes a context per connection — makes it resume from that store. The
//! new-session callback hands programs such a handle once a client handshake is done.
#![allow(non_snake_case, non_camel_case_types)]
use super::consts::*;
use super::ssl::{with_ssl, SSL};
use super::{ctx, guard};
use crate::engine::resume::SessionStore;
use crate::engine::Version;
use crate::ffi;
use std::ffi::{c_int, c_long, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub struct SSL_SESSION {
    refs: AtomicUsize,
    pub store: Arc<SessionStore>,
    pub version: c_int,
    pub suite: u16,
    pub time: Mutex<c_long>,
    pub timeout: Mutex<c_long>,
    pub ex_data: Mutex<Vec<*mut c_void>>,
    /// The SNI host name of the connection, NUL-terminated (SSL_SESSION_get0_hostname).
    pub hostname: Option<std::ffi::CString>,
}

fn now() -> c_long {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as c_long)
}

/// A new session handle (one reference, the caller's) for what `ssl` negotiated.
pub fn session_of(ssl: &SSL) -> Option<*mut SSL_SESSION> {
    let sess = ssl.session.as_ref().filter(|s| !s.is_handshaking())?;
    let version = match sess.version() {
        Some(Version::Tls13) => TLS1_3_VERSION,
        _ => TLS1_2_VERSION,
    };
    let timeout = ssl.ctx().state().timeout;
    Some(ffi::into_handle(SSL_SESSION {
        refs: AtomicUsize::new(1),
        store: ssl.client_sessions(),
        version,
        suite: sess.suite().unwrap_or(0),
        time: Mutex::new(now()),
        timeout: Mutex::new(timeout),
        ex_data: Mutex::new(Vec::new()),
        hostname: match ssl.role {
            Some(crate::engine::Role::Server) => sess.server_name().map(str::to_string),
            _ => ssl.sni.clone(),
        }
        .and_then(|h| std::ffi::CString::new(h).ok()),
    }))
}

/// # Safety
/// `s` is NULL or a live SSL_SESSION.
pub unsafe fn session_ref<'a>(s: *const SSL_SESSION) -> Option<&'a SSL_SESSION> {
    // SAFETY: per the contract.
    unsafe { ffi::obj(s) }
}

pub unsafe extern "C" fn SSL_SESSION_up_ref(s: *mut SSL_SESSION) -> c_int {
    guard("SSL_SESSION_up_ref", 0, || {
        // SAFETY: s is NULL or live.
        match unsafe { session_ref(s) } {
            Some(sess) => {
                sess.refs.fetch_add(1, Ordering::AcqRel);
                1
            }
            None => 0,
        }
    })
}

pub unsafe extern "C" fn SSL_SESSION_free(s: *mut SSL_SESSION) {
    guard("SSL_SESSION_free", (), || {
        // SAFETY: s is NULL or live; the last reference frees it once.
        if let Some(sess) = unsafe { session_ref(s) } {
            if sess.refs.fetch_sub(1, Ordering::AcqRel) == 1 {
                // SAFETY: the last reference.
                unsafe { ffi::free_handle(s) };
            }
        }
    })
}

pub unsafe extern "C" fn SSL_get1_session(s: *mut SSL) -> *mut SSL_SESSION {
    with_ssl("SSL_get1_session", s, std::ptr::null_mut(), |ssl| {
        session_of(ssl).unwrap_or(std::ptr::null_mut())
    })
}

/// The SSL's own session (no reference for the caller), as OpenSSL's get0 semantics.
pub unsafe extern "C" fn SSL_get_session(s: *const SSL) -> *mut SSL_SESSION {
    with_ssl("SSL_get_session", s, std::ptr::null_mut(), |ssl| {
        if ssl.own_session.is_null() {
            ssl.own_session = session_of(ssl).unwrap_or(std::ptr::null_mut());
        }
        ssl.own_session
    })
}

/// Resume from `sess` (NULL: forget it). Takes a reference, as OpenSSL does.
pub unsafe extern "C" fn SSL_set_session(s: *mut SSL, sess: *mut SSL_SESSION) -> c_int {
    with_ssl("SSL_set_session", s, 0, |ssl| {
        // SAFETY: sess is NULL or live; we take one reference and drop the old one.
        unsafe {
            if !sess.is_null() {
                SSL_SESSION_up_ref(sess);
            }
            let old = std::mem::replace(&mut ssl.resume_from, sess);
            if !old.is_null() {
                SSL_SESSION_free(old);
            }
        }
        1
    })
}

pub unsafe extern "C" fn SSL_session_reused(s: *const SSL) -> c_int {
    with_ssl("SSL_session_reused", s, 0, |ssl| {
        c_int::from(ssl.session.as_ref().is_some_and(|sess| sess.was_resumed()))
    })
}

fn with_session<R: Clone + std::fmt::Debug>(
    func: &'static str,
    s: *const SSL_SESSION,
    fail: R,
    f: impl FnOnce(&SSL_SESSION) -> R,
) -> R {
    guard(func, fail.clone(), || {
        // SAFETY: s is NULL or live.
        match unsafe { session_ref(s) } {
            Some(sess) => f(sess),
            None => fail,
        }
    })
}

pub unsafe extern "C" fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int {
    with_session("SSL_SESSION_is_resumable", s, 0, |_| 1)
}
pub unsafe extern "C" fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int {
    with_session("SSL_SESSION_get_protocol_version", s, 0, |sess| {
        sess.version
    })
}
pub unsafe extern "C" fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long {
    with_session("SSL_SESSION_get_time", s, 0, |sess| {
        *sess.time.lock().unwrap_or_else(|p| p.into_inner())
    })
}
pub unsafe extern "C" fn SSL_SESSION_set_time(s: *mut SSL_SESSION, t: c_long) -> c_long {
    with_session("SSL_SESSION_set_time", s, 0, |sess| {
        *sess.time.lock().unwrap_or_else(|p| p.into_inner()) = t;
        t
    })
}
pub unsafe extern "C" fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long {
    with_session("SSL_SESSION_get_timeout", s, 0, |sess| {
        *sess.timeout.lock().unwrap_or_else(|p| p.into_inner())
    })
}
pub unsafe extern "C" fn SSL_SESSION_set_timeout(s: *mut SSL_SESSION, t: c_long) -> c_long {
    with_session("SSL_SESSION_set_timeout", s, 0, |sess| {
        *sess.timeout.lock().unwrap_or_else(|p| p.into_inner()) = t;
        1
    })
}
pub unsafe extern "C" fn SSL_SESSION_set_ex_data(
    s: *mut SSL_SESSION,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    with_session("SSL_SESSION_set_ex_data", s, 0, |sess| {
        ctx::set_ex(
            &mut sess.ex_data.lock().unwrap_or_else(|p| p.into_inner()),
            idx,
            data,
        )
    })
}
pub unsafe extern "C" fn SSL_SESSION_get_ex_data(s: *const SSL_SESSION, idx: c_int) -> *mut c_void {
    with_session("SSL_SESSION_get_ex_data", s, std::ptr::null_mut(), |sess| {
        ctx::get_ex(&sess.ex_data.lock().unwrap_or_else(|p| p.into_inner()), idx)
    })
}

/// Calls the context's new-session callback once, after a client handshake, when the
/// client session cache mode asks for it (OpenSSL's ssl_update_cache). Runs with no
/// borrow of the SSL held, since the callback may call back into it.
pub fn report_new_session(s: *mut SSL) {
    let prepared = with_ssl("SSL_connect", s, None, |ssl| {
        if ssl.new_session_reported
            || !ssl.handshake_done()
            || ssl.role != Some(crate::engine::Role::Client)
        {
            return None;
        }
        ssl.new_session_reported = true;
        let (mode, cb) = {
            let st = ssl.ctx().state();
            (st.sess_cache_mode, st.new_session_cb)
        };
        let cb = cb.filter(|_| mode & SSL_SESS_CACHE_CLIENT != 0)?;
        session_of(ssl).map(|sess| (cb, sess))
    });
    if let Some((cb, sess)) = prepared {
        // SAFETY: the program's callback with its SSL and a session carrying one
        // reference for it; a 0 return hands that reference back, which we drop.
        if unsafe { cb(s.cast(), sess.cast()) } == 0 {
            // SAFETY: the reference the callback declined.
            unsafe { SSL_SESSION_free(sess) };
        }
    }
}

pub unsafe extern "C" fn SSL_SESSION_get0_hostname(
    s: *const SSL_SESSION,
) -> *const std::ffi::c_char {
    with_session("SSL_SESSION_get0_hostname", s, std::ptr::null(), |sess| {
        sess.hostname
            .as_ref()
            .map_or(std::ptr::null(), |h| h.as_ptr())
    })
}

/// rustls does not expose session ids (TLS 1.3 has none; TLS 1.2 ids stay inside its
/// cache), so the id reads empty, as OpenSSL's does for a ticket-only session.
pub unsafe extern "C" fn SSL_SESSION_get_id(
    s: *const SSL_SESSION,
    len: *mut std::ffi::c_uint,
) -> *const u8 {
    with_session("SSL_SESSION_get_id", s, std::ptr::null(), |_| {
        // SAFETY: len is NULL or writable.
        if let Some(l) = unsafe { ffi::obj_mut(len) } {
            *l = 0;
        }
        c"".as_ptr().cast()
    })
}
