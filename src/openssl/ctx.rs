//! SSL_METHOD and SSL_CTX: the configuration a program builds before connecting.
#![allow(non_snake_case, non_camel_case_types)]
use super::consts::*;
use super::libcrypto as lc;
use super::{err, guard, suites};
use crate::engine::config::Settings;
use crate::engine::verify::Roots;
use crate::engine::{Role, Version};
use crate::ffi;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::ffi::{c_char, c_int, c_long, c_uchar, c_uint, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// `SSL_METHOD`: which role a context's connections take by default.
pub struct SSL_METHOD {
    pub role: Option<Role>,
    /// A DTLS method: connections run on the engine's DTLS session.
    pub datagram: bool,
}

static TLS_ANY: SSL_METHOD = SSL_METHOD {
    role: None,
    datagram: false,
};
static TLS_CLIENT: SSL_METHOD = SSL_METHOD {
    role: Some(Role::Client),
    datagram: false,
};
static TLS_SERVER: SSL_METHOD = SSL_METHOD {
    role: Some(Role::Server),
    datagram: false,
};
static DTLS_ANY: SSL_METHOD = SSL_METHOD {
    role: None,
    datagram: true,
};
static DTLS_CLIENT: SSL_METHOD = SSL_METHOD {
    role: Some(Role::Client),
    datagram: true,
};
static DTLS_SERVER: SSL_METHOD = SSL_METHOD {
    role: Some(Role::Server),
    datagram: true,
};

// DTLS 1.2 only (the engine, dimpl, has no DTLS 1.0): the DTLSv1_* methods stay stubs.
pub extern "C" fn DTLS_method() -> *const SSL_METHOD {
    &DTLS_ANY
}
pub extern "C" fn DTLS_client_method() -> *const SSL_METHOD {
    &DTLS_CLIENT
}
pub extern "C" fn DTLS_server_method() -> *const SSL_METHOD {
    &DTLS_SERVER
}
pub extern "C" fn DTLSv1_2_method() -> *const SSL_METHOD {
    &DTLS_ANY
}
pub extern "C" fn DTLSv1_2_client_method() -> *const SSL_METHOD {
    &DTLS_CLIENT
}
pub extern "C" fn DTLSv1_2_server_method() -> *const SSL_METHOD {
    &DTLS_SERVER
}

pub extern "C" fn TLS_method() -> *const SSL_METHOD {
    &TLS_ANY
}
pub extern "C" fn TLS_client_method() -> *const SSL_METHOD {
    &TLS_CLIENT
}
pub extern "C" fn TLS_server_method() -> *const SSL_METHOD {
    &TLS_SERVER
}
// The pre-1.1 names are deprecated aliases of the TLS_* methods in OpenSSL 3.0.
pub extern "C" fn SSLv23_method() -> *const SSL_METHOD {
    &TLS_ANY
}
pub extern "C" fn SSLv23_client_method() -> *const SSL_METHOD {
    &TLS_CLIENT
}
pub extern "C" fn SSLv23_server_method() -> *const SSL_METHOD {
    &TLS_SERVER
}

pub type SSL_verify_cb = Option<super::verify::VerifyCb>;
pub type NewSessionCb = Option<unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int>;
pub type KeylogCb = Option<unsafe extern "C" fn(*const c_void, *const c_char)>;
pub type MsgCb = Option<
    unsafe extern "C" fn(c_int, c_int, c_int, *const c_void, usize, *mut c_void, *mut c_void),
>;

/// What an SSL_CTX holds besides its libcrypto objects.
pub struct CtxState {
    pub options: u64,
    pub mode: c_long,
    pub verify_mode: c_int,
    pub verify_cb: SSL_verify_cb,
    pub verify_depth: c_int,
    pub min_proto: c_int,
    pub max_proto: c_int,
    pub suites12: Option<Vec<u16>>,
    pub suites13: Option<Vec<u16>>,
    pub alpn: Vec<Vec<u8>>,
    /// Certificates and keys (see super::cert::CertHolder).
    pub creds: super::cert::Creds,
    pub sess_cache_mode: c_long,
    pub sess_cache_size: c_long,
    pub timeout: c_long,
    pub read_ahead: c_long,
    pub system_roots: bool,
    pub root_dirs: Vec<String>,
    pub roots_cache: Option<(RootsKey, Arc<Roots>)>,
    pub ex_data: Vec<*mut c_void>,
    pub new_session_cb: NewSessionCb,
    pub keylog_cb: KeylogCb,
    pub msg_cb: MsgCb,
    /// `SSL_CTX_set_msg_callback_arg` (an `SSL_CTX_ctrl`), copied into each SSL.
    pub msg_cb_arg: usize,
    pub server: super::server::ServerCallbacks,
    pub settings: Settings,
    /// `SSL_CTX_set_num_tickets` (OpenSSL's default 2).
    pub num_tickets: usize,
    /// `SSL_CTX_set_security_level`: kept and reported (see super::security).
    pub security_level: c_int,
    /// `SSL_CTX_set_default_passwd_cb` / `_userdata`: decrypt encrypted PEM keys.
    pub passwd_cb: lc::PemPasswordCb,
    pub passwd_userdata: usize,
    /// What `SSL_CTX_get_ciphers` returned last (owned, refilled on each call).
    pub cipher_stack: super::suites::CipherStack,
    /// The sess_* counters kept by the face (the cache's own are in the engine).
    pub stats: SessStats,
}

/// OpenSSL's handshake counters (`SSL_CTX_sess_accept` …).
#[derive(Default, Clone, Copy, Debug)]
pub struct SessStats {
    pub connect: c_long,
    pub connect_good: c_long,
    pub accept: c_long,
    pub accept_good: c_long,
    pub hits: c_long,
}

/// `SSL_CTX`.
pub struct SSL_CTX {
    refs: AtomicUsize,
    pub method: &'static SSL_METHOD,
    state: Mutex<CtxState>,
    /// The real libcrypto store programs fill (curl: `X509_STORE_load_file` on it).
    pub store: Mutex<*mut lc::X509_STORE>,
    pub param: *mut lc::X509_VERIFY_PARAM,
}

impl SSL_CTX {
    pub fn state(&self) -> MutexGuard<'_, CtxState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes another reference (an SSL holds one on its context).
    pub fn up_ref(&self) {
        self.refs.fetch_add(1, Ordering::AcqRel);
    }

    /// The trusted roots: the store's certificates, the system bundle when asked,
    /// and the certificate directories given to `load_verify_locations`; and the CRLs
    /// in the store (used as the verify flags say). Read at handshake time because
    /// programs fill the store after creating the context.
    pub fn roots(&self) -> Arc<Roots> {
        let store = *self.store.lock().unwrap_or_else(|p| p.into_inner());
        let mut st = self.state();
        // Which store, and how many objects it holds, say whether it changed: counted
        // without converting a certificate (a program's store may hold a whole CA
        // bundle, and this runs for every connection).
        let key = RootsKey {
            store: store as usize,
            objects: store_object_count(store),
            dirs: st.root_dirs.len(),
            system: st.system_roots,
        };
        if let Some((k, roots)) = &st.roots_cache {
            if *k == key {
                return roots.clone();
            }
        }
        let (store_certs, store_crls) = store_objects(store);
        let mut roots = Roots::default();
        roots.add_all(store_certs);
        if st.system_roots {
            roots.add_all(system_roots());
        }
        for dir in &st.root_dirs {
            roots.add_all(dir_certificates(dir));
        }
        // A CRL webpki cannot use is left out alone rather than dropping them all; a
        // certificate it would have covered then has no CRL, which CRL checking
        // reports as X509_V_ERR_UNABLE_TO_GET_CRL (never as good).
        if roots.add_crls(&store_crls).is_err() {
            for crl in store_crls {
                let _ = roots.add_crls(std::slice::from_ref(&crl));
            }
        }
        let roots = Arc::new(roots);
        st.roots_cache = Some((key, roots.clone()));
        roots
    }

    /// The verify flags of the context's store (`X509_STORE_set_flags`, or the
    /// store's param, where Python's `verify_flags` go).
    pub fn store_flags(&self) -> std::ffi::c_ulong {
        let store = *self.store.lock().unwrap_or_else(|p| p.into_inner());
        if store.is_null() {
            return 0;
        }
        // SAFETY: a live store we hold a reference on; its param lives as long.
        unsafe { lc::X509_VERIFY_PARAM_get_flags(lc::X509_STORE_get0_param(store)) }
    }
}

/// What the roots of a context were made from (see [`SSL_CTX::roots`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RootsKey {
    store: usize,
    objects: usize,
    dirs: usize,
    system: bool,
}

/// How many objects (certificates and CRLs) a libcrypto `X509_STORE` holds.
fn store_object_count(store: *mut lc::X509_STORE) -> usize {
    if store.is_null() {
        return 0;
    }
    // SAFETY: store is a live X509_STORE we own a reference to; this only reads the
    // length of its object stack.
    let n = unsafe { lc::OPENSSL_sk_num(lc::X509_STORE_get0_objects(store)) };
    usize::try_from(n).unwrap_or(0)
}

/// DER of every certificate and every CRL in a libcrypto `X509_STORE`.
fn store_objects(store: *mut lc::X509_STORE) -> (Vec<CertificateDer<'static>>, Vec<Vec<u8>>) {
    let mut certs = Vec::new();
    let mut crls = Vec::new();
    if store.is_null() {
        return (certs, crls);
    }
    // SAFETY: store is a live X509_STORE we own a reference to; the stack and its
    // objects stay alive while we read them, and i2d_X509(_CRL) allocate the DER we
    // copy and free.
    unsafe {
        let objs = lc::X509_STORE_get0_objects(store);
        for i in 0..lc::OPENSSL_sk_num(objs).max(0) {
            let obj: *const lc::X509_OBJECT = lc::OPENSSL_sk_value(objs, i).cast();
            if lc::X509_OBJECT_get_type(obj) == lc::X509_LU_CRL {
                let crl = lc::X509_OBJECT_get0_X509_CRL(obj);
                let mut out: *mut std::ffi::c_uchar = std::ptr::null_mut();
                let len = lc::i2d_X509_CRL(crl, &mut out);
                if len > 0 && !out.is_null() {
                    crls.push(std::slice::from_raw_parts(out, len as usize).to_vec());
                    lc::CRYPTO_free(out.cast(), c"tlsshim".as_ptr(), 0);
                }
            } else if let Some(der) = super::cert::x509_to_der(lc::X509_OBJECT_get0_X509(obj)) {
                certs.push(der);
            }
        }
    }
    (certs, crls)
}

/// The system trust bundle (`SSL_CERT_FILE`, else Debian's bundle).
pub fn system_roots() -> Vec<CertificateDer<'static>> {
    let path = std::env::var("SSL_CERT_FILE")
        .unwrap_or_else(|_| "/etc/ssl/certs/ca-certificates.crt".into());
    CertificateDer::pem_file_iter(path)
        .map(|it| it.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

fn dir_certificates(dir: &str) -> Vec<CertificateDer<'static>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| CertificateDer::pem_file_iter(e.path()).ok())
        .flat_map(|it| it.filter_map(Result::ok))
        .collect()
}

/// `SSL_CTX` from a C pointer.
///
/// # Safety
/// `ctx` is NULL or a live SSL_CTX from `SSL_CTX_new`.
pub unsafe fn ctx_ref<'a>(ctx: *const SSL_CTX) -> Option<&'a SSL_CTX> {
    // SAFETY: per the function contract.
    unsafe { ffi::obj(ctx) }
}

pub fn version_of(proto: c_int) -> Option<Version> {
    match proto {
        TLS1_2_VERSION => Some(Version::Tls12),
        TLS1_3_VERSION => Some(Version::Tls13),
        _ => None,
    }
}

pub unsafe extern "C" fn OPENSSL_init_ssl(opts: u64, settings: *const c_void) -> c_int {
    guard("OPENSSL_init_ssl", 0, || {
        err::load_strings();
        // SAFETY: forwards the caller's arguments to libcrypto's own initialiser,
        // which is what the real OPENSSL_init_ssl does first.
        unsafe { lc::OPENSSL_init_crypto(opts, settings) }
    })
}

pub unsafe extern "C" fn SSL_CTX_new(method: *const SSL_METHOD) -> *mut SSL_CTX {
    // SAFETY: a NULL library context is the default one.
    unsafe { SSL_CTX_new_ex(std::ptr::null_mut(), std::ptr::null(), method) }
}

pub unsafe extern "C" fn SSL_CTX_new_ex(
    _libctx: *mut c_void,
    _propq: *const c_char,
    method: *const SSL_METHOD,
) -> *mut SSL_CTX {
    guard("SSL_CTX_new_ex", std::ptr::null_mut(), || {
        // SAFETY: method is NULL or one of our static SSL_METHODs.
        let Some(method) = (unsafe { ffi::obj(method) }) else {
            err::push("SSL_CTX_new_ex", SSL_R_NULL_SSL_METHOD_PASSED, None);
            return std::ptr::null_mut();
        };
        // SAFETY: plain constructor calls.
        let (store, param) = unsafe { (lc::X509_STORE_new(), lc::X509_VERIFY_PARAM_new()) };
        let state = CtxState {
            options: 0,
            mode: SSL_MODE_AUTO_RETRY,
            verify_mode: SSL_VERIFY_NONE,
            verify_cb: None,
            verify_depth: -1,
            min_proto: 0,
            max_proto: 0,
            suites12: None,
            suites13: None,
            alpn: Vec::new(),
            creds: Default::default(),
            sess_cache_mode: SSL_SESS_CACHE_SERVER,
            sess_cache_size: 1024 * 20,
            // ssl_lib.c: the method's timeout, 7200 s for TLS (seen: SSL_CTX_get_timeout).
            timeout: 7200,
            read_ahead: 0,
            system_roots: false,
            root_dirs: Vec::new(),
            roots_cache: None,
            ex_data: Vec::new(),
            new_session_cb: None,
            keylog_cb: None,
            msg_cb: None,
            msg_cb_arg: 0,
            server: Default::default(),
            settings: Settings::default(),
            num_tickets: 2,
            security_level: super::security::default_level(),
            passwd_cb: None,
            passwd_userdata: 0,
            cipher_stack: Default::default(),
            stats: SessStats::default(),
        };
        // SAFETY: the method pointer is 'static (ours).
        let method: &'static SSL_METHOD = unsafe { &*(method as *const SSL_METHOD) };
        ffi::into_handle(SSL_CTX {
            refs: AtomicUsize::new(1),
            method,
            state: Mutex::new(state),
            store: Mutex::new(store),
            param,
        })
    })
}

pub unsafe extern "C" fn SSL_CTX_up_ref(ctx: *mut SSL_CTX) -> c_int {
    guard("SSL_CTX_up_ref", 0, || {
        // SAFETY: ctx is NULL or live.
        match unsafe { ctx_ref(ctx) } {
            Some(c) => {
                c.up_ref();
                1
            }
            None => 0,
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_free(ctx: *mut SSL_CTX) {
    guard("SSL_CTX_free", (), || {
        // SAFETY: ctx is NULL or live; the last reference frees it once.
        unsafe { release_ctx(ctx) }
    })
}

/// Drops one reference; the last frees the context and its libcrypto objects.
///
/// # Safety
/// `ctx` is NULL or a live SSL_CTX whose reference the caller gives up.
pub unsafe fn release_ctx(ctx: *mut SSL_CTX) {
    // SAFETY: per the contract.
    let Some(c) = (unsafe { ffi::obj(ctx) }) else {
        return;
    };
    if c.refs.fetch_sub(1, Ordering::AcqRel) != 1 {
        return;
    }
    let store = *c.store.lock().unwrap_or_else(|p| p.into_inner());
    // SAFETY: we hold the last reference: free the libcrypto objects and the box.
    unsafe {
        lc::X509_STORE_free(store);
        lc::X509_VERIFY_PARAM_free(c.param);
        c.state().server.free();
        ffi::free_handle(ctx);
    }
}

/// Runs `f` on the context's state; NULL → `fail`.
pub(crate) fn with_ctx<R: Clone + std::fmt::Debug>(
    func: &'static str,
    ctx: *const SSL_CTX,
    fail: R,
    f: impl FnOnce(&SSL_CTX, &mut CtxState) -> R,
) -> R {
    guard(func, fail.clone(), || {
        // SAFETY: ctx is NULL or a live SSL_CTX.
        match unsafe { ctx_ref(ctx) } {
            Some(c) => {
                let mut st = c.state();
                f(c, &mut st)
            }
            None => {
                err::push_null(func);
                fail
            }
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_set_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    with_ctx("SSL_CTX_set_options", ctx, 0, |_, st| {
        st.options |= op;
        st.options
    })
}
pub unsafe extern "C" fn SSL_CTX_clear_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    with_ctx("SSL_CTX_clear_options", ctx, 0, |_, st| {
        st.options &= !op;
        st.options
    })
}
pub unsafe extern "C" fn SSL_CTX_get_options(ctx: *const SSL_CTX) -> u64 {
    with_ctx("SSL_CTX_get_options", ctx, 0, |_, st| st.options)
}

pub unsafe extern "C" fn SSL_CTX_set_verify(ctx: *mut SSL_CTX, mode: c_int, cb: SSL_verify_cb) {
    with_ctx("SSL_CTX_set_verify", ctx, (), |_, st| {
        st.verify_mode = mode;
        st.verify_cb = cb;
    })
}
pub unsafe extern "C" fn SSL_CTX_get_verify_mode(ctx: *const SSL_CTX) -> c_int {
    with_ctx("SSL_CTX_get_verify_mode", ctx, 0, |_, st| st.verify_mode)
}
pub unsafe extern "C" fn SSL_CTX_get_verify_callback(ctx: *const SSL_CTX) -> SSL_verify_cb {
    with_ctx("SSL_CTX_get_verify_callback", ctx, None, |_, st| {
        st.verify_cb
    })
}
pub unsafe extern "C" fn SSL_CTX_set_verify_depth(ctx: *mut SSL_CTX, depth: c_int) {
    with_ctx("SSL_CTX_set_verify_depth", ctx, (), |c, st| {
        st.verify_depth = depth;
        // SAFETY: the context's own param object.
        unsafe { lc::X509_VERIFY_PARAM_set_depth(c.param, depth) }
    })
}
pub unsafe extern "C" fn SSL_CTX_get_verify_depth(ctx: *const SSL_CTX) -> c_int {
    with_ctx("SSL_CTX_get_verify_depth", ctx, -1, |_, st| st.verify_depth)
}
pub unsafe extern "C" fn SSL_CTX_get0_param(ctx: *mut SSL_CTX) -> *mut lc::X509_VERIFY_PARAM {
    with_ctx("SSL_CTX_get0_param", ctx, std::ptr::null_mut(), |c, _| {
        c.param
    })
}

pub unsafe extern "C" fn SSL_CTX_get_cert_store(ctx: *const SSL_CTX) -> *mut lc::X509_STORE {
    with_ctx(
        "SSL_CTX_get_cert_store",
        ctx,
        std::ptr::null_mut(),
        |c, _| *c.store.lock().unwrap_or_else(|p| p.into_inner()),
    )
}

/// Takes ownership of `store`, freeing the old one (`SSL_CTX_set_cert_store(3)`).
pub unsafe extern "C" fn SSL_CTX_set_cert_store(ctx: *mut SSL_CTX, store: *mut lc::X509_STORE) {
    with_ctx("SSL_CTX_set_cert_store", ctx, (), |c, st| {
        let mut cur = c.store.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: we own the old store's reference; the caller hands us the new one.
        unsafe { lc::X509_STORE_free(*cur) };
        *cur = store;
        st.roots_cache = None;
    })
}
pub unsafe extern "C" fn SSL_CTX_set1_cert_store(ctx: *mut SSL_CTX, store: *mut lc::X509_STORE) {
    if !store.is_null() {
        // SAFETY: a live store; the extra reference is the one set_cert_store takes.
        unsafe { lc::X509_STORE_up_ref(store) };
    }
    // SAFETY: forwards to the owning setter.
    unsafe { SSL_CTX_set_cert_store(ctx, store) }
}

pub unsafe extern "C" fn SSL_CTX_load_verify_locations(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    dir: *const c_char,
) -> c_int {
    with_ctx("SSL_CTX_load_verify_locations", ctx, 0, |c, st| {
        if file.is_null() && dir.is_null() {
            return 0;
        }
        let store = *c.store.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: file/dir are NULL or C strings; the store is ours. libcrypto pushes
        // its own error entries when a file cannot be read, as with the real libssl.
        unsafe {
            if !file.is_null() && lc::X509_STORE_load_file(store, file) != 1 {
                return 0;
            }
            if !dir.is_null() {
                if lc::X509_STORE_load_path(store, dir) != 1 {
                    return 0;
                }
                if let Some(d) = ffi::cstr(dir) {
                    st.root_dirs.push(d.to_string());
                }
            }
        }
        st.roots_cache = None;
        1
    })
}
pub unsafe extern "C" fn SSL_CTX_load_verify_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    // SAFETY: forwards the caller's arguments.
    unsafe { SSL_CTX_load_verify_locations(ctx, file, std::ptr::null()) }
}
pub unsafe extern "C" fn SSL_CTX_load_verify_dir(ctx: *mut SSL_CTX, dir: *const c_char) -> c_int {
    // SAFETY: forwards the caller's arguments.
    unsafe { SSL_CTX_load_verify_locations(ctx, std::ptr::null(), dir) }
}
pub unsafe extern "C" fn SSL_CTX_set_default_verify_paths(ctx: *mut SSL_CTX) -> c_int {
    with_ctx("SSL_CTX_set_default_verify_paths", ctx, 0, |c, st| {
        let store = *c.store.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: our store; the lookup it adds is harmless and keeps the store
        // consistent for programs that inspect it.
        unsafe { lc::X509_STORE_set_default_paths(store) };
        st.system_roots = true;
        st.roots_cache = None;
        1
    })
}

/// The default CA file / directory alone (openssl s_server and s_client call these):
/// both trust the system bundle here, as `SSL_CTX_set_default_verify_paths` does.
pub unsafe extern "C" fn SSL_CTX_set_default_verify_file(ctx: *mut SSL_CTX) -> c_int {
    // SAFETY: forwards the caller's pointer.
    unsafe { SSL_CTX_set_default_verify_paths(ctx) }
}
pub unsafe extern "C" fn SSL_CTX_set_default_verify_dir(ctx: *mut SSL_CTX) -> c_int {
    // SAFETY: forwards the caller's pointer.
    unsafe { SSL_CTX_set_default_verify_paths(ctx) }
}
pub unsafe extern "C" fn SSL_CTX_set_default_verify_store(ctx: *mut SSL_CTX) -> c_int {
    // SAFETY: forwards the caller's pointer.
    unsafe { SSL_CTX_set_default_verify_paths(ctx) }
}

/// `SSL_CTX_set_alpn_protos`: note the inverted convention, 0 is success.
pub unsafe extern "C" fn SSL_CTX_set_alpn_protos(
    ctx: *mut SSL_CTX,
    protos: *const c_uchar,
    len: c_uint,
) -> c_int {
    with_ctx("SSL_CTX_set_alpn_protos", ctx, 1, |_, st| {
        // SAFETY: protos points to len bytes (or len is 0).
        match unsafe { ffi::bytes(protos.cast(), len as usize) }.and_then(parse_alpn) {
            Some(list) => {
                st.alpn = list;
                0
            }
            None => 1,
        }
    })
}

/// ALPN wire format (length-prefixed names) → list; an empty input clears.
pub fn parse_alpn(wire: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut rest = wire;
    while let Some((&n, tail)) = rest.split_first() {
        let n = n as usize;
        if n == 0 || tail.len() < n {
            return None;
        }
        out.push(tail[..n].to_vec());
        rest = &tail[n..];
    }
    Some(out)
}

pub unsafe extern "C" fn SSL_CTX_set_cipher_list(ctx: *mut SSL_CTX, s: *const c_char) -> c_int {
    with_ctx("SSL_CTX_set_cipher_list", ctx, 0, |_, st| {
        // SAFETY: s is NULL or a C string.
        let text = unsafe { ffi::cstr(s) };
        let st = &mut *st;
        suites::set_cipher_list(
            "SSL_CTX_set_cipher_list",
            text,
            &mut st.suites12,
            &mut st.security_level,
        )
    })
}
pub unsafe extern "C" fn SSL_CTX_set_ciphersuites(ctx: *mut SSL_CTX, s: *const c_char) -> c_int {
    with_ctx("SSL_CTX_set_ciphersuites", ctx, 0, |_, st| {
        // SAFETY: s is NULL or a C string.
        let text = unsafe { ffi::cstr(s) };
        suites::set_ciphersuites("SSL_CTX_set_ciphersuites", text, &mut st.suites13)
    })
}

pub unsafe extern "C" fn SSL_CTX_set_ex_data(
    ctx: *mut SSL_CTX,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    with_ctx("SSL_CTX_set_ex_data", ctx, 0, |_, st| {
        set_ex(&mut st.ex_data, idx, data)
    })
}
pub unsafe extern "C" fn SSL_CTX_get_ex_data(ctx: *const SSL_CTX, idx: c_int) -> *mut c_void {
    with_ctx("SSL_CTX_get_ex_data", ctx, std::ptr::null_mut(), |_, st| {
        get_ex(&st.ex_data, idx)
    })
}

/// Ex-data indices come from `CRYPTO_get_ex_new_index`, a small counter; an index
/// beyond this bound is a caller's bug and fails instead of allocating gigabytes.
const MAX_EX_INDEX: usize = 1 << 16;

pub fn set_ex(v: &mut Vec<*mut c_void>, idx: c_int, data: *mut c_void) -> c_int {
    let Ok(i) = usize::try_from(idx) else {
        return 0;
    };
    if i >= MAX_EX_INDEX {
        return 0;
    }
    if i >= v.len() {
        v.resize(i + 1, std::ptr::null_mut());
    }
    v[i] = data;
    1
}
pub fn get_ex(v: &[*mut c_void], idx: c_int) -> *mut c_void {
    usize::try_from(idx)
        .ok()
        .and_then(|i| v.get(i).copied())
        .unwrap_or(std::ptr::null_mut())
}

pub unsafe extern "C" fn SSL_CTX_sess_set_new_cb(ctx: *mut SSL_CTX, cb: NewSessionCb) {
    with_ctx("SSL_CTX_sess_set_new_cb", ctx, (), |_, st| {
        st.new_session_cb = cb
    })
}
pub unsafe extern "C" fn SSL_CTX_set_keylog_callback(ctx: *mut SSL_CTX, cb: KeylogCb) {
    with_ctx("SSL_CTX_set_keylog_callback", ctx, (), |_, st| {
        st.keylog_cb = cb
    })
}
/// The message callback is accepted and kept; rustls exposes no record-level hook to
/// call it from, so it is never called (documented in SUPPORT.md).
pub unsafe extern "C" fn SSL_CTX_set_msg_callback(ctx: *mut SSL_CTX, cb: MsgCb) {
    with_ctx("SSL_CTX_set_msg_callback", ctx, (), |_, st| st.msg_cb = cb)
}

/// Post-handshake authentication is accepted; rustls does not offer it, so a server
/// asking for it later gets no certificate (documented in SUPPORT.md).
pub unsafe extern "C" fn SSL_CTX_set_post_handshake_auth(ctx: *mut SSL_CTX, _val: c_int) {
    with_ctx("SSL_CTX_set_post_handshake_auth", ctx, (), |_, _| ())
}
/// As [`SSL_CTX_set_post_handshake_auth`], for one SSL (Python sets it on every client
/// socket of a context whose `post_handshake_auth` is on, as http.client's): accepted.
pub unsafe extern "C" fn SSL_set_post_handshake_auth(s: *mut super::ssl::SSL, _val: c_int) {
    super::ssl::with_ssl("SSL_set_post_handshake_auth", s, (), |_| ())
}
pub unsafe extern "C" fn SSL_CTX_set_timeout(ctx: *mut SSL_CTX, t: c_long) -> c_long {
    with_ctx("SSL_CTX_set_timeout", ctx, 0, |_, st| {
        std::mem::replace(&mut st.timeout, t)
    })
}
pub unsafe extern "C" fn SSL_CTX_get_timeout(ctx: *const SSL_CTX) -> c_long {
    with_ctx("SSL_CTX_get_timeout", ctx, 0, |_, st| st.timeout)
}

/// `SSL_CTX_ctrl`: the commands real programs use (../shared/reference).
pub unsafe extern "C" fn SSL_CTX_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    with_ctx("SSL_CTX_ctrl", ctx, 0, |_, st| match cmd {
        SSL_CTRL_MODE => {
            st.mode |= larg;
            st.mode
        }
        SSL_CTRL_CLEAR_MODE => {
            st.mode &= !larg;
            st.mode
        }
        SSL_CTRL_SET_SESS_CACHE_MODE => std::mem::replace(&mut st.sess_cache_mode, larg),
        SSL_CTRL_GET_SESS_CACHE_MODE => st.sess_cache_mode,
        SSL_CTRL_SET_SESS_CACHE_SIZE => std::mem::replace(&mut st.sess_cache_size, larg),
        SSL_CTRL_GET_SESS_CACHE_SIZE => st.sess_cache_size,
        SSL_CTRL_SET_READ_AHEAD => std::mem::replace(&mut st.read_ahead, larg),
        SSL_CTRL_GET_READ_AHEAD => st.read_ahead,
        SSL_CTRL_SET_MIN_PROTO_VERSION => set_proto(&mut st.min_proto, larg),
        SSL_CTRL_SET_MAX_PROTO_VERSION => set_proto(&mut st.max_proto, larg),
        SSL_CTRL_GET_MIN_PROTO_VERSION => st.min_proto as c_long,
        SSL_CTRL_GET_MAX_PROTO_VERSION => st.max_proto as c_long,
        // Temporary DH/ECDH parameters, groups and signature algorithm lists are
        // accepted: rustls negotiates ECDHE groups and signature schemes itself.
        SSL_CTRL_SET_TMP_DH
        | SSL_CTRL_SET_TMP_ECDH
        | SSL_CTRL_SET_DH_AUTO
        | SSL_CTRL_SET_GROUPS_LIST
        | SSL_CTRL_SET_SIGALGS_LIST
        | SSL_CTRL_SET_CLIENT_SIGALGS_LIST
        | SSL_CTRL_SET_MAX_SEND_FRAGMENT
        | SSL_CTRL_SET_MAX_CERT_LIST => 1,
        SSL_CTRL_SET_MSG_CALLBACK_ARG => {
            st.msg_cb_arg = parg as usize;
            1
        }
        SSL_CTRL_GET_MAX_CERT_LIST => 100 * 1024,
        SSL_CTRL_SESS_NUMBER => st.settings.server_sessions.len() as c_long,
        SSL_CTRL_SESS_CONNECT => st.stats.connect,
        SSL_CTRL_SESS_CONNECT_GOOD => st.stats.connect_good,
        SSL_CTRL_SESS_ACCEPT => st.stats.accept,
        SSL_CTRL_SESS_ACCEPT_GOOD => st.stats.accept_good,
        SSL_CTRL_SESS_HIT => st.stats.hits,
        SSL_CTRL_SESS_CB_HIT => cache_stat(st, |c| &c.external_hits),
        SSL_CTRL_SESS_MISSES => cache_stat(st, |c| &c.misses),
        SSL_CTRL_SESS_TIMEOUTS => cache_stat(st, |c| &c.timeouts),
        // No renegotiation; the cache drops its oldest session instead of refusing.
        SSL_CTRL_SESS_CONNECT_RENEGOTIATE
        | SSL_CTRL_SESS_ACCEPT_RENEGOTIATE
        | SSL_CTRL_SESS_CACHE_FULL => 0,
        SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG => {
            st.server.servername_arg = parg as usize;
            1
        }
        // set0_chain (larg 0: the stack is ours) / set1_chain (1: copied): the
        // certificates after the leaf.
        SSL_CTRL_CHAIN => {
            // SAFETY: parg is NULL or a STACK_OF(X509) from the caller.
            let certs = unsafe { super::server::stack_certificates(parg.cast()) };
            st.creds.chain.truncate(1);
            st.creds.chain.extend(certs);
            st.creds.identity = None;
            if larg == 0 && !parg.is_null() {
                // SAFETY: set0 hands the stack and its certificates to us.
                unsafe { lc::OPENSSL_sk_pop_free(parg.cast(), Some(super::cert::x509_free_cb)) };
            }
            super::cert::refresh_identity("SSL_CTX_ctrl", st) as c_long
        }
        SSL_CTRL_EXTRA_CHAIN_CERT | SSL_CTRL_CHAIN_CERT => {
            // SAFETY: parg is the X509 the caller hands over (EXTRA_CHAIN_CERT takes
            // ownership on success; we copy its DER and free it).
            match unsafe { super::cert::x509_to_der(parg.cast()) } {
                Some(der) => {
                    st.creds.chain.push(der);
                    st.creds.identity = None;
                    if cmd == SSL_CTRL_EXTRA_CHAIN_CERT {
                        // SAFETY: ownership was transferred to us.
                        unsafe { lc::X509_free(parg.cast()) };
                    }
                    1
                }
                None => 0,
            }
        }
        // As SSL_ctrl's: 0 and no error queued, as OpenSSL's ssl3_ctx_ctrl.
        _ => {
            ffi::log_unsupported_ctrl("SSL_CTX_ctrl", cmd);
            0
        }
    })
}

fn cache_stat(
    st: &CtxState,
    f: impl FnOnce(&crate::engine::resume::CacheStats) -> &std::sync::atomic::AtomicU64,
) -> c_long {
    f(&st.settings.server_sessions.stats).load(std::sync::atomic::Ordering::Relaxed) as c_long
}

/// MIN/MAX_PROTO_VERSION: 0 means "any"; unknown versions fail.
pub fn set_proto(slot: &mut c_int, v: c_long) -> c_long {
    let v = v as c_int;
    if v == 0 || (TLS1_VERSION..=TLS1_3_VERSION).contains(&v) {
        *slot = v;
        1
    } else {
        0
    }
}

pub unsafe extern "C" fn SSL_CTX_callback_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    with_ctx("SSL_CTX_callback_ctrl", ctx, 0, |_, st| {
        if cmd == SSL_CTRL_SET_TLSEXT_SERVERNAME_CB {
            // SAFETY: the servername callback's real type, as SSL_CTX_set_tlsext_servername_callback casts it.
            st.server.servername_cb = fp.map(|f| unsafe {
                std::mem::transmute::<unsafe extern "C" fn(), super::server::ServernameCb>(f)
            });
            return 1;
        }
        err::push(
            "SSL_CTX_callback_ctrl",
            lc::ERR_R_UNSUPPORTED,
            Some(&format!(
                "SSL_CTX_callback_ctrl command {cmd} is not supported by tlsshim"
            )),
        );
        0
    })
}
