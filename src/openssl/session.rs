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
use super::{ctx, err, guard};
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
    /// A server session's id: the TLS 1.2 session id or TLS 1.3 stateful ticket it is
    /// looked up by (random for a stateless ticket, as OpenSSL's dummy id).
    pub id: Vec<u8>,
    /// The session id context it was made under.
    pub sid_ctx: Vec<u8>,
    /// A server session's value as the engine stores it (rustls' encoding); `None`
    /// for a client session or a stateless ticket's.
    pub server_value: Option<Vec<u8>>,
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
        id: Vec::new(),
        sid_ctx: ssl.ctx().state().server.sid_ctx.clone(),
        server_value: None,
    }))
}

/// A server session handle for the program's new-session callback: `id` and the
/// engine's encoded `value` (None for a stateless ticket).
fn server_session(ssl: &SSL, id: Vec<u8>, value: Option<Vec<u8>>) -> Option<*mut SSL_SESSION> {
    let h = session_of(ssl)?;
    // SAFETY: a handle we just made and nobody else holds.
    let sess = unsafe { &mut *h };
    sess.id = id;
    sess.server_value = value;
    Some(h)
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
        // OpenSSL: SSL_set_session(s, NULL) leaves the SSL no session to resume.
        if sess.is_null() {
            ssl.own_sessions = std::sync::OnceLock::new();
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

/// After each call that drives a connection: counts the handshake in the context's
/// sess_* counters, and calls the context's new-session callback as OpenSSL's
/// ssl_update_cache does — a client once after its handshake (client cache mode); a
/// server (server cache mode) for each session it cached (TLS 1.2 session id, TLS 1.3
/// stateful ticket) and for each stateless TLS 1.3 ticket it sent. Runs with no
/// borrow of the SSL held, since the callback may call back into it.
pub fn report_new_session(s: *mut SSL) {
    if s.is_null() {
        return;
    }
    let prepared = with_ssl("SSL_connect", s, None, |ssl| {
        count_handshake(ssl);
        if !ssl.handshake_done() {
            return None;
        }
        let (mode, cb) = {
            let st = ssl.ctx().state();
            (st.sess_cache_mode, st.new_session_cb)
        };
        match ssl.role {
            Some(crate::engine::Role::Client) => {
                if ssl.new_session_reported {
                    return None;
                }
                ssl.new_session_reported = true;
                let cb = cb.filter(|_| mode & SSL_SESS_CACHE_CLIENT != 0)?;
                session_of(ssl).map(|sess| (cb, vec![sess]))
            }
            _ => {
                let sess = ssl.session.as_mut()?;
                let stored = sess.take_stored_sessions();
                let stateless = if ssl.new_session_reported {
                    0
                } else {
                    sess.stateless_tickets_sent()
                };
                ssl.new_session_reported = true;
                if let Some(last) = stored.last() {
                    ssl.cached_session = Some(last.clone());
                }
                let cb = cb.filter(|_| mode & SSL_SESS_CACHE_SERVER != 0)?;
                let mut out = Vec::new();
                for (id, value) in stored {
                    out.extend(server_session(ssl, id, Some(value)));
                }
                for _ in 0..stateless {
                    out.extend(server_session(ssl, random_id(), None));
                }
                Some((cb, out))
            }
        }
    });
    if let Some((cb, sessions)) = prepared {
        for sess in sessions {
            // SAFETY: the program's callback with its SSL and a session carrying one
            // reference for it; a 0 return hands that reference back, which we drop.
            if unsafe { cb(s.cast(), sess.cast()) } == 0 {
                // SAFETY: the reference the callback declined.
                unsafe { SSL_SESSION_free(sess) };
            }
        }
    }
}

/// OpenSSL's ssl_clear_bad_session, run by SSL_free: a connection that finished its
/// handshake but never sent close_notify loses its session from the cache (and the
/// remove callback hears of it). Seen with the real library: a Python server that
/// closes without unwrap() resumes no TLS 1.2 session id.
pub fn clear_bad_session(s: *mut SSL) {
    let prepared = with_ssl("SSL_free", s, None, |ssl| {
        if ssl.shutdown & SSL_SENT_SHUTDOWN != 0 || !ssl.handshake_done() {
            return None;
        }
        let (id, value) = ssl.cached_session.take()?;
        // As SSL_CTX_remove_session: the callback is called found or not (an
        // external cache, such as nginx's shared one, holds what the internal lacks).
        let cb = {
            let st = ssl.ctx().state();
            st.settings.server_sessions.remove(&id);
            st.server.sess_remove_cb
        }?;
        let sess = server_session(ssl, id, Some(value))?;
        Some((ssl.ctx, cb, sess))
    });
    if let Some((ctx, cb, sess)) = prepared {
        // SAFETY: the program's remove callback with its context and a session we
        // made for the call and free after it.
        unsafe {
            cb(ctx, sess.cast());
            SSL_SESSION_free(sess);
        }
    }
}

/// The sess_accept / connect counters: a first handshake begun, finished, resumed.
fn count_handshake(ssl: &mut SSL) {
    let Some(sess) = ssl.session.as_ref() else {
        return;
    };
    let server = ssl.role == Some(crate::engine::Role::Server);
    let done = !sess.is_handshaking();
    let resumed = sess.was_resumed();
    let start = !std::mem::replace(&mut ssl.counted_start, true);
    let finish = done && !std::mem::replace(&mut ssl.counted_done, done);
    let mut st = ssl.ctx().state();
    if start {
        if server {
            st.stats.accept += 1;
        } else {
            st.stats.connect += 1;
        }
    }
    if finish {
        if server {
            st.stats.accept_good += 1;
        } else {
            st.stats.connect_good += 1;
        }
        if resumed {
            st.stats.hits += 1;
        }
    }
}

fn random_id() -> Vec<u8> {
    let mut id = vec![0u8; 32];
    // A dummy id for a stateless ticket's session: nothing looks it up.
    let _ = aws_lc_rs::rand::fill(&mut id);
    id
}

/// The program's external session cache (`SSL_CTX_sess_set_get_cb`), asked by the
/// engine when its internal cache has no session for an id.
pub struct ProgramCache {
    /// The SSL being accepted (it owns the connection whose lookup this is).
    pub ssl: usize,
    pub cb: super::server::SessGetCb,
    /// The server's session id context: a session made under another is refused.
    pub sid_ctx: Vec<u8>,
}

impl std::fmt::Debug for ProgramCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgramCache")
    }
}

// SAFETY: the SSL pointer is used only on the thread driving that SSL, inside its
// handshake (the one-thread-per-SSL rule of the API).
unsafe impl Send for ProgramCache {}
// SAFETY: as above.
unsafe impl Sync for ProgramCache {}

impl crate::engine::resume::ExternalCache for ProgramCache {
    fn get(&self, id: &[u8]) -> Option<Vec<u8>> {
        let mut copy: c_int = 1;
        // SAFETY: the program's get callback with its SSL, the id bytes for the call,
        // and `copy` as OpenSSL passes it (lookup_sess_in_cache).
        let found = unsafe {
            (self.cb)(
                self.ssl as *mut SSL,
                id.as_ptr(),
                id.len() as c_int,
                &mut copy,
            )
        } as *mut SSL_SESSION;
        // SAFETY: NULL or a session the callback returns.
        let sess = unsafe { session_ref(found) }?;
        let value = sess
            .server_value
            .clone()
            .filter(|_| sess.sid_ctx == self.sid_ctx);
        if copy == 0 {
            // The callback gave us its reference; we keep only the value.
            // SAFETY: that reference.
            unsafe { SSL_SESSION_free(found) };
        }
        value
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

/// A server session's id (its TLS 1.2 session id or TLS 1.3 ticket); a client
/// session's reads empty: rustls keeps client-side ids inside its cache.
pub unsafe extern "C" fn SSL_SESSION_get_id(
    s: *const SSL_SESSION,
    len: *mut std::ffi::c_uint,
) -> *const u8 {
    with_session("SSL_SESSION_get_id", s, std::ptr::null(), |sess| {
        // SAFETY: len is NULL or writable.
        if let Some(l) = unsafe { ffi::obj_mut(len) } {
            *l = sess.id.len() as std::ffi::c_uint;
        }
        if sess.id.is_empty() {
            c"".as_ptr().cast()
        } else {
            sess.id.as_ptr()
        }
    })
}

// ---- i2d_SSL_SESSION / d2i_SSL_SESSION
//
// Not OpenSSL's ASN.1: a versioned, self-describing encoding of what this library
// keeps in an SSL_SESSION. "TLSSHIM-SESSION" then a format version byte, then
// records of (tag u8, length u32 big-endian, bytes); a decoder skips tags it does not
// know. A server session carries the engine's encoded session value, so it resumes
// from any process (nginx's shared cache: stored by one worker, found by another). A
// client session carries a reference to the client session store it resumes from,
// valid in the process that encoded it; elsewhere it decodes to a session that
// resumes nothing (a full handshake, as with an expired session).

const MAGIC: &[u8] = b"TLSSHIM-SESSION";
const FORMAT: u8 = 1;
const TAG_VERSION: u8 = 1;
const TAG_SUITE: u8 = 2;
const TAG_TIME: u8 = 3;
const TAG_TIMEOUT: u8 = 4;
const TAG_HOSTNAME: u8 = 5;
const TAG_ID: u8 = 6;
const TAG_SID_CTX: u8 = 7;
const TAG_SERVER_VALUE: u8 = 8;
const TAG_CLIENT_STORE: u8 = 9;

/// Client session stores that encoded sessions refer to, by a key unique in this
/// process, with a token that tells this process from another.
struct Registry {
    token: u64,
    next: u64,
    stores: Vec<(u64, std::sync::Weak<SessionStore>)>,
}

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    static R: std::sync::OnceLock<Mutex<Registry>> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        let mut t = [0u8; 8];
        let _ = aws_lc_rs::rand::fill(&mut t);
        Mutex::new(Registry {
            token: u64::from_be_bytes(t),
            next: 1,
            stores: Vec::new(),
        })
    })
    .lock()
    .unwrap_or_else(|p| p.into_inner())
}

fn store_ref(store: &Arc<SessionStore>) -> [u8; 16] {
    let mut r = registry();
    r.stores.retain(|(_, w)| w.strong_count() > 0);
    let key = match r
        .stores
        .iter()
        .find(|(_, w)| w.upgrade().is_some_and(|s| Arc::ptr_eq(&s, store)))
    {
        Some((k, _)) => *k,
        None => {
            let k = r.next;
            r.next += 1;
            r.stores.push((k, Arc::downgrade(store)));
            k
        }
    };
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&r.token.to_be_bytes());
    out[8..].copy_from_slice(&key.to_be_bytes());
    out
}

fn store_from_ref(b: &[u8]) -> Option<Arc<SessionStore>> {
    let r = registry();
    let token = u64::from_be_bytes(b.get(..8)?.try_into().ok()?);
    let key = u64::from_be_bytes(b.get(8..16)?.try_into().ok()?);
    if token != r.token {
        return None;
    }
    r.stores
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, w)| w.upgrade())
}

/// A C long as 8 bytes, whatever its width on this platform.
#[allow(clippy::useless_conversion)]
fn long_bytes(v: c_long) -> [u8; 8] {
    i64::from(v).to_be_bytes()
}

fn encode(sess: &SSL_SESSION) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.push(FORMAT);
    let mut put = |tag: u8, v: &[u8]| {
        out.push(tag);
        out.extend_from_slice(&(v.len() as u32).to_be_bytes());
        out.extend_from_slice(v);
    };
    put(TAG_VERSION, &sess.version.to_be_bytes());
    put(TAG_SUITE, &sess.suite.to_be_bytes());
    put(
        TAG_TIME,
        &long_bytes(*sess.time.lock().unwrap_or_else(|p| p.into_inner())),
    );
    put(
        TAG_TIMEOUT,
        &long_bytes(*sess.timeout.lock().unwrap_or_else(|p| p.into_inner())),
    );
    if let Some(h) = &sess.hostname {
        put(TAG_HOSTNAME, h.as_bytes());
    }
    put(TAG_ID, &sess.id);
    put(TAG_SID_CTX, &sess.sid_ctx);
    match &sess.server_value {
        Some(v) => put(TAG_SERVER_VALUE, v),
        None => put(TAG_CLIENT_STORE, &store_ref(&sess.store)),
    }
    out
}

/// Decodes a whole encoding; `None` on anything malformed.
fn decode(b: &[u8]) -> Option<SSL_SESSION> {
    let rest = b.strip_prefix(MAGIC)?;
    let (&format, mut rest) = rest.split_first()?;
    if format != FORMAT {
        return None;
    }
    let mut sess = SSL_SESSION {
        refs: AtomicUsize::new(1),
        store: Arc::new(SessionStore::new(256)),
        version: 0,
        suite: 0,
        time: Mutex::new(0),
        timeout: Mutex::new(0),
        ex_data: Mutex::new(Vec::new()),
        hostname: None,
        id: Vec::new(),
        sid_ctx: Vec::new(),
        server_value: None,
    };
    let int = |v: &[u8]| -> Option<i64> { Some(i64::from_be_bytes(v.try_into().ok()?)) };
    while let Some((&tag, tail)) = rest.split_first() {
        let len = u32::from_be_bytes(tail.get(..4)?.try_into().ok()?) as usize;
        let v = tail.get(4..4usize.checked_add(len)?)?;
        rest = &tail[4 + len..];
        match tag {
            TAG_VERSION => sess.version = c_int::from_be_bytes(v.try_into().ok()?),
            TAG_SUITE => sess.suite = u16::from_be_bytes(v.try_into().ok()?),
            TAG_TIME => *sess.time.get_mut().ok()? = int(v)? as c_long,
            TAG_TIMEOUT => *sess.timeout.get_mut().ok()? = int(v)? as c_long,
            TAG_HOSTNAME => sess.hostname = Some(std::ffi::CString::new(v).ok()?),
            TAG_ID if v.len() <= 32 => sess.id = v.to_vec(),
            TAG_SID_CTX if v.len() <= 32 => sess.sid_ctx = v.to_vec(),
            TAG_ID | TAG_SID_CTX => return None,
            TAG_SERVER_VALUE => sess.server_value = Some(v.to_vec()),
            TAG_CLIENT_STORE => {
                if let Some(store) = store_from_ref(v) {
                    sess.store = store;
                }
            }
            _ => {} // a later format's field
        }
    }
    if sess.version != TLS1_2_VERSION && sess.version != TLS1_3_VERSION {
        return None;
    }
    Some(sess)
}

/// The encoding's length; with `pp` (and `*pp` set) it is written there and `*pp`
/// advanced; with `*pp` NULL a buffer is allocated for the caller (OPENSSL_free), as
/// the i2d convention says.
pub unsafe extern "C" fn i2d_SSL_SESSION(s: *const SSL_SESSION, pp: *mut *mut u8) -> c_int {
    guard("i2d_SSL_SESSION", 0, || {
        // SAFETY: s is NULL or live.
        let Some(sess) = (unsafe { session_ref(s) }) else {
            return 0;
        };
        let der = encode(sess);
        let Ok(len) = c_int::try_from(der.len()) else {
            return 0;
        };
        // SAFETY: pp is NULL or points to a pointer that is NULL or to `len` writable bytes.
        if let Some(p) = unsafe { ffi::obj_mut(pp) } {
            unsafe {
                if p.is_null() {
                    let buf = super::libcrypto::CRYPTO_malloc(der.len(), c"tlsshim".as_ptr(), 0)
                        .cast::<u8>();
                    if buf.is_null() {
                        return 0;
                    }
                    std::ptr::copy_nonoverlapping(der.as_ptr(), buf, der.len());
                    *p = buf;
                } else {
                    std::ptr::copy_nonoverlapping(der.as_ptr(), *p, der.len());
                    *p = p.add(der.len());
                }
            }
        }
        len
    })
}

/// Decodes `length` bytes at `*pp`; on success `*pp` is advanced past them and, with
/// `a`, `*a` is replaced (the old session freed). Malformed input: NULL and an error
/// entry, `*pp` unmoved.
pub unsafe extern "C" fn d2i_SSL_SESSION(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const u8,
    length: c_long,
) -> *mut SSL_SESSION {
    guard("d2i_SSL_SESSION", std::ptr::null_mut(), || {
        // SAFETY: pp is NULL or points to a pointer to `length` readable bytes.
        let (Some(p), Ok(len)) = (unsafe { ffi::obj_mut(pp) }, usize::try_from(length)) else {
            err::push_null("d2i_SSL_SESSION");
            return std::ptr::null_mut();
        };
        // SAFETY: as above.
        let Some(bytes) = (unsafe { ffi::bytes((*p).cast(), len) }) else {
            err::push_null("d2i_SSL_SESSION");
            return std::ptr::null_mut();
        };
        let Some(sess) = decode(bytes) else {
            err::push(
                "d2i_SSL_SESSION",
                SSL_R_BAD_DATA,
                Some("not an SSL_SESSION encoded by tlsshim"),
            );
            return std::ptr::null_mut();
        };
        let h = ffi::into_handle(sess);
        // SAFETY: the bytes were read; a is NULL or holds NULL or a session we replace.
        unsafe {
            *p = p.add(len);
            if let Some(slot) = ffi::obj_mut(a) {
                SSL_SESSION_free(*slot);
                *slot = h;
            }
        }
        h
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SSL_SESSION {
        SSL_SESSION {
            refs: AtomicUsize::new(1),
            store: Arc::new(SessionStore::new(4)),
            version: TLS1_3_VERSION,
            suite: 0x1301,
            time: Mutex::new(1000),
            timeout: Mutex::new(7200),
            ex_data: Mutex::new(Vec::new()),
            hostname: Some(c"localhost".to_owned()),
            id: vec![7; 32],
            sid_ctx: b"ctx".to_vec(),
            server_value: Some(vec![1, 2, 3]),
        }
    }

    #[test]
    fn encoding_round_trips() {
        let s = sample();
        let d = decode(&encode(&s)).expect("decodes");
        assert_eq!(d.version, s.version);
        assert_eq!(d.suite, s.suite);
        assert_eq!(*d.time.lock().unwrap(), 1000);
        assert_eq!(*d.timeout.lock().unwrap(), 7200);
        assert_eq!(d.hostname, s.hostname);
        assert_eq!(d.id, s.id);
        assert_eq!(d.sid_ctx, s.sid_ctx);
        assert_eq!(d.server_value, s.server_value);
    }

    #[test]
    fn client_sessions_keep_their_store_in_this_process() {
        let mut s = sample();
        s.server_value = None;
        let d = decode(&encode(&s)).expect("decodes");
        assert!(Arc::ptr_eq(&d.store, &s.store));
    }

    #[test]
    fn malformed_encodings_fail() {
        let good = encode(&sample());
        // Cut inside the magic, inside the first record, inside the last one.
        for cut in [3, MAGIC.len() + 3, good.len() - 1] {
            assert!(decode(&good[..cut]).is_none(), "prefix {cut}");
        }
        assert!(decode(b"").is_none());
        assert!(decode(&[0x30, 0x03, 0x02, 0x01, 0x01]).is_none());
        let mut other_format = good.clone();
        other_format[MAGIC.len()] = 99;
        assert!(decode(&other_format).is_none());
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[FORMAT, TAG_ID, 0xff, 0xff, 0xff, 0xff]);
        assert!(decode(&huge).is_none());
    }
}
