//! The server side of the libssl face: the SNI (servername) and ALPN selection
//! callbacks, run when the ClientHello is in (the engine's [`ServerChooser`]), client
//! certificate requests, client CA lists, and the startup-time setters servers call
//! (nginx, stunnel, socat): they succeed, storing what they set, even where rustls
//! needs nothing from them.
#![allow(non_snake_case)]
use super::consts::*;
use super::ctx::{with_ctx, SSL_CTX};
use super::libcrypto as lc;
use super::ssl::{with_ssl, SSL};
use super::{err, guard};
use crate::engine::session::{Hello, ServerChooser};
use crate::engine::{self, Settings};
use crate::ffi;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::ffi::{c_char, c_int, c_uchar, c_uint, c_void};

pub type ServernameCb = unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int;
pub type AlpnSelectCb = unsafe extern "C" fn(
    *mut SSL,
    *mut *const c_uchar,
    *mut c_uchar,
    *const c_uchar,
    c_uint,
    *mut c_void,
) -> c_int;
pub type CertCb = unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int;
pub type SessGetCb =
    unsafe extern "C" fn(*mut SSL, *const c_uchar, c_int, *mut c_int) -> *mut c_void;
pub type SessRemoveCb = unsafe extern "C" fn(*mut SSL_CTX, *mut c_void);

/// What an SSL_CTX keeps for its server side.
pub struct ServerCallbacks {
    pub servername_cb: Option<ServernameCb>,
    pub servername_arg: usize,
    pub alpn_select: Option<(AlpnSelectCb, usize)>,
    pub info_cb: Option<super::info::InfoCb>,
    pub cert_cb: Option<(CertCb, usize)>,
    pub sess_get_cb: Option<SessGetCb>,
    pub sess_remove_cb: Option<SessRemoveCb>,
    pub sid_ctx: Vec<u8>,
    pub max_early_data: u32,
    /// `SSL_CTX_set_recv_max_early_data` (OpenSSL's default 16384).
    pub recv_max_early_data: u32,
    /// STACK_OF(X509_NAME), owned.
    pub client_ca_list: usize,
    /// The leaf as a libcrypto X509 for SSL_get_certificate, owned.
    pub leaf_x509: usize,
    /// The key as a libcrypto EVP_PKEY for SSL_CTX_get0_privatekey, owned.
    pub key_pkey: usize,
}

impl Default for ServerCallbacks {
    fn default() -> Self {
        Self {
            servername_cb: None,
            servername_arg: 0,
            alpn_select: None,
            info_cb: None,
            cert_cb: None,
            sess_get_cb: None,
            sess_remove_cb: None,
            sid_ctx: Vec::new(),
            max_early_data: 0,
            recv_max_early_data: 16384,
            client_ca_list: 0,
            leaf_x509: 0,
            key_pkey: 0,
        }
    }
}

impl ServerCallbacks {
    pub fn forget_leaf(&mut self) {
        if self.leaf_x509 != 0 {
            // SAFETY: our X509.
            unsafe { lc::X509_free(self.leaf_x509 as *mut lc::X509) };
            self.leaf_x509 = 0;
        }
        free_pkey(&mut self.key_pkey);
    }

    pub fn free(&mut self) {
        self.forget_leaf();
        free_name_stack(self.client_ca_list);
        self.client_ca_list = 0;
    }
}

unsafe extern "C" fn x509_name_free_cb(p: *mut c_void) {
    // SAFETY: the stack holds X509_NAMEs we own.
    unsafe { lc::X509_NAME_free(p) }
}

fn free_name_stack(sk: usize) {
    if sk != 0 {
        // SAFETY: a STACK_OF(X509_NAME) we own.
        unsafe { lc::OPENSSL_sk_pop_free(sk as *mut lc::OPENSSL_STACK, Some(x509_name_free_cb)) };
    }
}

/// The DER of every X509 in a STACK_OF(X509).
///
/// # Safety
/// `sk` is NULL or a live STACK_OF(X509).
pub unsafe fn stack_certificates(sk: *const lc::OPENSSL_STACK) -> Vec<CertificateDer<'static>> {
    if sk.is_null() {
        return Vec::new();
    }
    // SAFETY: per the contract; each value is an X509.
    unsafe {
        (0..lc::OPENSSL_sk_num(sk).max(0))
            .filter_map(|i| super::cert::x509_to_der(lc::OPENSSL_sk_value(sk, i).cast()))
            .collect()
    }
}

/// Picks a server connection's settings once the ClientHello is in, running the
/// program's servername and ALPN callbacks with its SSL, as OpenSSL does.
pub struct SslChooser {
    /// The SSL (it owns the session this chooser belongs to, so it outlives it).
    pub ssl: *mut SSL,
}

impl ServerChooser for SslChooser {
    fn choose(&mut self, hello: &Hello) -> Result<Settings, engine::Error> {
        let s = self.ssl;
        // SAFETY: see `ssl`; the SSL is not otherwise borrowed while the callbacks run
        // (the engine call that got here holds no borrow of it: io::drive), and this
        // borrow is not used past the servername callback.
        let ssl = unsafe { &mut *s };
        ssl.hello_sni = hello.server_name.clone();
        ssl.client_suites = hello.cipher_suites.clone();
        let (servername, arg) = {
            let st = ssl.ctx().state();
            (st.server.servername_cb, st.server.servername_arg)
        };
        if let Some(cb) = servername {
            let mut alert: c_int = 112; // unrecognized_name
                                        // SAFETY: the program's callback with its SSL, as OpenSSL calls it.
            let r = unsafe { cb(s, &mut alert, arg as *mut c_void) };
            if r == SSL_TLSEXT_ERR_ALERT_FATAL {
                return Err(engine::Error::Protocol {
                    kind: engine::ProtocolError::RefusedByProgram,
                    alert: Some(alert as u8),
                    detail: "the servername callback refused the connection".into(),
                });
            }
        }
        // The context may have been switched by the callback (SSL_set_SSL_CTX).
        let ssl = unsafe { &mut *s };
        let mut settings = ssl.settings();
        let select = ssl.ctx().state().server.alpn_select;
        settings.alpn = Vec::new();
        if let (Some((cb, arg)), false) = (select, hello.alpn.is_empty()) {
            let mut wire = Vec::new();
            for p in &hello.alpn {
                wire.push(p.len() as u8);
                wire.extend_from_slice(p);
            }
            let mut out: *const c_uchar = std::ptr::null();
            let mut outlen: c_uchar = 0;
            // SAFETY: the program's callback; `wire` outlives the call and `out` points
            // into it or into the program's own list.
            let r = unsafe {
                cb(
                    s,
                    &mut out,
                    &mut outlen,
                    wire.as_ptr(),
                    wire.len() as c_uint,
                    arg as *mut c_void,
                )
            };
            match r {
                SSL_TLSEXT_ERR_OK if !out.is_null() => {
                    // SAFETY: out points to outlen bytes, as the callback contract says.
                    settings.alpn =
                        vec![unsafe { std::slice::from_raw_parts(out, outlen as usize) }.to_vec()];
                }
                SSL_TLSEXT_ERR_ALERT_FATAL => {
                    return Err(engine::Error::Protocol {
                        kind: engine::ProtocolError::NoApplicationProtocol,
                        alert: Some(120),
                        detail: "no application protocol".into(),
                    })
                }
                _ => {}
            }
        }
        Ok(settings)
    }
}

pub unsafe extern "C" fn SSL_CTX_set_alpn_select_cb(
    ctx: *mut SSL_CTX,
    cb: Option<AlpnSelectCb>,
    arg: *mut c_void,
) {
    with_ctx("SSL_CTX_set_alpn_select_cb", ctx, (), |_, st| {
        st.server.alpn_select = cb.map(|c| (c, arg as usize))
    })
}

/// `SSL_select_next_proto`: the first protocol of `server` that `client` also lists;
/// with no overlap, OpenSSL 3.0 points at the first of `client` and says so.
pub unsafe extern "C" fn SSL_select_next_proto(
    out: *mut *mut c_uchar,
    outlen: *mut c_uchar,
    server: *const c_uchar,
    server_len: c_uint,
    client: *const c_uchar,
    client_len: c_uint,
) -> c_int {
    guard("SSL_select_next_proto", OPENSSL_NPN_NO_OVERLAP, || {
        // SAFETY: the lists are the given lengths; out/outlen are writable.
        let (Some(srv), Some(cli)) = (
            unsafe { ffi::bytes(server.cast(), server_len as usize) },
            unsafe { ffi::bytes(client.cast(), client_len as usize) },
        ) else {
            return OPENSSL_NPN_NO_OVERLAP;
        };
        let items = |l: &[u8]| {
            let mut v = Vec::new();
            let mut i = 0;
            while i < l.len() {
                let n = l[i] as usize;
                if i + 1 + n > l.len() {
                    break;
                }
                v.push((i + 1, n));
                i += 1 + n;
            }
            v
        };
        let set = |base: *const c_uchar, (off, n): (usize, usize)| {
            // SAFETY: out/outlen are writable when non-NULL; off/n lie inside the list.
            unsafe {
                if let Some(o) = ffi::obj_mut(out) {
                    *o = base.add(off) as *mut c_uchar;
                }
                if let Some(l) = ffi::obj_mut(outlen) {
                    *l = n as c_uchar;
                }
            }
        };
        for s_item in items(srv) {
            let sp = &srv[s_item.0..s_item.0 + s_item.1];
            if items(cli).iter().any(|&(o, n)| &cli[o..o + n] == sp) {
                set(server, s_item);
                return OPENSSL_NPN_NEGOTIATED;
            }
        }
        if let Some(first) = items(cli).first() {
            set(client, *first);
        }
        OPENSSL_NPN_NO_OVERLAP
    })
}

/// Kept (nginx sets it for certificates named by variables); not called.
pub unsafe extern "C" fn SSL_CTX_set_cert_cb(
    ctx: *mut SSL_CTX,
    cb: Option<CertCb>,
    arg: *mut c_void,
) {
    with_ctx("SSL_CTX_set_cert_cb", ctx, (), |_, st| {
        st.server.cert_cb = cb.map(|c| (c, arg as usize))
    })
}
/// The external session cache: the get callback is asked when the internal cache has
/// no session for an id (super::session::ProgramCache), the remove callback when
/// SSL_CTX_remove_session takes one out.
pub unsafe extern "C" fn SSL_CTX_sess_set_get_cb(ctx: *mut SSL_CTX, cb: Option<SessGetCb>) {
    with_ctx("SSL_CTX_sess_set_get_cb", ctx, (), |_, st| {
        st.server.sess_get_cb = cb
    })
}
pub unsafe extern "C" fn SSL_CTX_sess_set_remove_cb(ctx: *mut SSL_CTX, cb: Option<SessRemoveCb>) {
    with_ctx("SSL_CTX_sess_set_remove_cb", ctx, (), |_, st| {
        st.server.sess_remove_cb = cb
    })
}

pub unsafe extern "C" fn SSL_CTX_set_session_id_context(
    ctx: *mut SSL_CTX,
    sid: *const c_uchar,
    len: c_uint,
) -> c_int {
    with_ctx("SSL_CTX_set_session_id_context", ctx, 0, |_, st| {
        if len > 32 {
            err::push(
                "SSL_CTX_set_session_id_context",
                SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
                None,
            );
            return 0;
        }
        // SAFETY: sid points to len bytes.
        match unsafe { ffi::bytes(sid.cast(), len as usize) } {
            Some(b) => {
                st.server.sid_ctx = b.to_vec();
                1
            }
            None => 0,
        }
    })
}

/// The client CA names a server sends; OpenSSL starts with an empty list.
pub unsafe extern "C" fn SSL_CTX_get_client_CA_list(ctx: *const SSL_CTX) -> *mut lc::OPENSSL_STACK {
    with_ctx(
        "SSL_CTX_get_client_CA_list",
        ctx,
        std::ptr::null_mut(),
        |_, st| name_stack(&mut st.server.client_ca_list),
    )
}
/// Takes ownership of `list`.
pub unsafe extern "C" fn SSL_CTX_set_client_CA_list(
    ctx: *mut SSL_CTX,
    list: *mut lc::OPENSSL_STACK,
) {
    with_ctx("SSL_CTX_set_client_CA_list", ctx, (), |_, st| {
        free_name_stack(st.server.client_ca_list);
        st.server.client_ca_list = list as usize;
    })
}

/// The subject names of the certificates in a PEM file (a new STACK_OF(X509_NAME)).
pub unsafe extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut lc::OPENSSL_STACK {
    guard("SSL_load_client_CA_file", std::ptr::null_mut(), || {
        // SAFETY: file is NULL or a C string.
        let Some(path) = (unsafe { ffi::cstr(file) }) else {
            err::push_null("SSL_load_client_CA_file");
            return std::ptr::null_mut();
        };
        let certs: Vec<CertificateDer<'static>> = match CertificateDer::pem_file_iter(path) {
            Ok(it) => it.filter_map(Result::ok).collect(),
            Err(_) => Vec::new(),
        };
        if certs.is_empty() {
            err::push("SSL_load_client_CA_file", SSL_R_X509_LIB, None);
            return std::ptr::null_mut();
        }
        // SAFETY: a new stack of names we duplicate from certificates we free.
        unsafe {
            let sk = lc::OPENSSL_sk_new_null();
            for c in &certs {
                let x = super::cert::der_to_x509(c);
                if !x.is_null() {
                    lc::OPENSSL_sk_push(sk, lc::X509_NAME_dup(lc::X509_get_subject_name(x)));
                    lc::X509_free(x);
                }
            }
            sk
        }
    })
}

/// The context's leaf as a libcrypto X509, made once and owned by the context.
fn leaf_x509(st: &mut super::ctx::CtxState) -> *mut lc::X509 {
    if st.server.leaf_x509 == 0 {
        if let Some(leaf) = st.creds.chain.first() {
            st.server.leaf_x509 = super::cert::der_to_x509(leaf) as usize;
        }
    }
    st.server.leaf_x509 as *mut lc::X509
}

/// Our certificate as a libcrypto X509, owned by the context.
pub unsafe extern "C" fn SSL_get_certificate(s: *const SSL) -> *mut lc::X509 {
    with_ssl(
        "SSL_get_certificate",
        s,
        std::ptr::null_mut(),
        |ssl| match ssl.own_creds.as_deref_mut() {
            Some(own) => own.leaf_x509(),
            None => leaf_x509(&mut ssl.ctx().state()),
        },
    )
}
pub unsafe extern "C" fn SSL_CTX_get0_certificate(ctx: *const SSL_CTX) -> *mut lc::X509 {
    with_ctx(
        "SSL_CTX_get0_certificate",
        ctx,
        std::ptr::null_mut(),
        |_, st| leaf_x509(st),
    )
}

/// Moves the SSL to another context (an SNI callback picking a certificate); the
/// connection's settings are taken from it when the handshake goes on.
pub unsafe extern "C" fn SSL_set_SSL_CTX(s: *mut SSL, ctx: *mut SSL_CTX) -> *mut SSL_CTX {
    with_ssl("SSL_set_SSL_CTX", s, std::ptr::null_mut(), |ssl| {
        // SAFETY: ctx is NULL or live; we take a reference on the new one and give up ours on the old.
        let Some(new) = (unsafe { super::ctx::ctx_ref(ctx) }) else {
            return ssl.ctx;
        };
        if ctx != ssl.ctx {
            // OpenSSL replaces the SSL's certificate and key with the new context's.
            ssl.own_creds = None;
            new.up_ref();
            let old = std::mem::replace(&mut ssl.ctx, ctx);
            // SAFETY: the reference SSL_new took.
            unsafe { super::ctx::release_ctx(old) };
        }
        ssl.ctx
    })
}

pub unsafe extern "C" fn SSL_set_verify_depth(s: *mut SSL, depth: c_int) {
    // SAFETY: our own param object.
    with_ssl("SSL_set_verify_depth", s, (), |ssl| unsafe {
        lc::X509_VERIFY_PARAM_set_depth(ssl.param, depth)
    })
}
pub unsafe extern "C" fn SSL_get_verify_depth(s: *const SSL) -> c_int {
    // SAFETY: our own param object.
    with_ssl("SSL_get_verify_depth", s, -1, |ssl| unsafe {
        lc::X509_VERIFY_PARAM_get_depth(ssl.param)
    })
}

/// A STACK_OF(X509_NAME) owned by its holder (0: none), freed with it.
#[derive(Debug, Default)]
pub struct NameStack(pub usize);

impl Drop for NameStack {
    fn drop(&mut self) {
        free_name_stack(self.0);
    }
}

impl NameStack {
    /// Replaces the stack (taking ownership of `sk`).
    pub fn set(&mut self, sk: *mut lc::OPENSSL_STACK) {
        free_name_stack(self.0);
        self.0 = sk as usize;
    }
}

/// Adds the subject names of the certificates in a PEM file to `stack`, skipping names
/// already there, as OpenSSL 3.0 does (read with libcrypto's file BIO, so a missing
/// file queues the same errors); 1 on success (the queue then cleared, as OpenSSL
/// clears the end-of-file error), 0 when the file cannot be read.
pub unsafe extern "C" fn SSL_add_file_cert_subjects_to_stack(
    stack: *mut lc::OPENSSL_STACK,
    file: *const c_char,
) -> c_int {
    guard("SSL_add_file_cert_subjects_to_stack", 0, || {
        if stack.is_null() || file.is_null() {
            err::push_null("SSL_add_file_cert_subjects_to_stack");
            return 0;
        }
        // SAFETY: stack is a live STACK_OF(X509_NAME) and file a C string (API
        // contract); the BIO and each X509 are ours and freed here.
        unsafe {
            let bio = lc::bio_read_file(file);
            if bio.is_null() {
                return 0;
            }
            loop {
                let x =
                    lc::PEM_read_bio_X509(bio, std::ptr::null_mut(), None, std::ptr::null_mut());
                if x.is_null() {
                    break;
                }
                add_name_once(stack, lc::X509_get_subject_name(x));
                lc::X509_free(x);
            }
            lc::BIO_free(bio);
            lc::ERR_clear_error();
        }
        1
    })
}

/// Pushes a copy of `name` unless an equal name is in `stack`.
///
/// # Safety
/// `stack` is a live STACK_OF(X509_NAME); `name` NULL or a live X509_NAME.
unsafe fn add_name_once(stack: *mut lc::OPENSSL_STACK, name: *mut c_void) {
    if name.is_null() {
        return;
    }
    // SAFETY: per the contract.
    unsafe {
        for i in 0..lc::OPENSSL_sk_num(stack).max(0) {
            if lc::X509_NAME_cmp(lc::OPENSSL_sk_value(stack, i).cast(), name) == 0 {
                return;
            }
        }
        lc::OPENSSL_sk_push(stack, lc::X509_NAME_dup(name));
    }
}

/// Every file of a directory through SSL_add_file_cert_subjects_to_stack (files that
/// hold no certificate add nothing); 0 when the directory cannot be read.
pub unsafe extern "C" fn SSL_add_dir_cert_subjects_to_stack(
    stack: *mut lc::OPENSSL_STACK,
    dir: *const c_char,
) -> c_int {
    guard("SSL_add_dir_cert_subjects_to_stack", 0, || {
        // SAFETY: dir is NULL or a C string.
        let Some(path) = (unsafe { ffi::cstr(dir) }) else {
            err::push_null("SSL_add_dir_cert_subjects_to_stack");
            return 0;
        };
        let Ok(entries) = std::fs::read_dir(path) else {
            err::push(
                "SSL_add_dir_cert_subjects_to_stack",
                lc::ERR_R_SYS_LIB,
                Some(path),
            );
            return 0;
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let Ok(c) = std::ffi::CString::new(f.as_os_str().as_encoded_bytes()) else {
                continue;
            };
            // SAFETY: a live stack (checked by the callee) and a C string.
            if unsafe { SSL_add_file_cert_subjects_to_stack(stack, c.as_ptr()) } == 0 {
                return 0;
            }
        }
        1
    })
}

/// A new STACK_OF(X509_NAME) with copies of the names of `sk`.
pub unsafe extern "C" fn SSL_dup_CA_list(sk: *const lc::OPENSSL_STACK) -> *mut lc::OPENSSL_STACK {
    guard("SSL_dup_CA_list", std::ptr::null_mut(), || {
        // SAFETY: sk is NULL or a live STACK_OF(X509_NAME); the new stack is the caller's.
        unsafe {
            let out = lc::OPENSSL_sk_new_null();
            if !sk.is_null() {
                for i in 0..lc::OPENSSL_sk_num(sk).max(0) {
                    lc::OPENSSL_sk_push(out, lc::X509_NAME_dup(lc::OPENSSL_sk_value(sk, i).cast()));
                }
            }
            out
        }
    })
}

/// Takes ownership of `list`.
pub unsafe extern "C" fn SSL_set_client_CA_list(s: *mut SSL, list: *mut lc::OPENSSL_STACK) {
    with_ssl("SSL_set_client_CA_list", s, (), |ssl| {
        ssl.client_ca_list.set(list)
    })
}

/// A server's: its own list, else its context's (an SSL of a generic method counts
/// as a server until it is told otherwise, as in OpenSSL). A client's: the names the
/// server asked for, which this engine does not record: NULL (OpenSSL's answer before
/// a CertificateRequest).
pub unsafe extern "C" fn SSL_get_client_CA_list(s: *const SSL) -> *mut lc::OPENSSL_STACK {
    with_ssl("SSL_get_client_CA_list", s, std::ptr::null_mut(), |ssl| {
        if ssl.role == Some(engine::Role::Client) {
            return std::ptr::null_mut();
        }
        if ssl.client_ca_list.0 != 0 {
            return ssl.client_ca_list.0 as *mut lc::OPENSSL_STACK;
        }
        // SAFETY: the SSL's live context.
        unsafe { SSL_CTX_get_client_CA_list(ssl.ctx) }
    })
}

/// The DER of each name of a STACK_OF(X509_NAME) (0: none).
pub fn name_ders(sk: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if sk == 0 {
        return out;
    }
    let sk = sk as *mut lc::OPENSSL_STACK;
    // SAFETY: a live stack of X509_NAMEs its owner keeps; i2d allocates the DER we free.
    unsafe {
        for i in 0..lc::OPENSSL_sk_num(sk).max(0) {
            let mut der: *mut c_uchar = std::ptr::null_mut();
            let len = lc::i2d_X509_NAME(lc::OPENSSL_sk_value(sk, i).cast(), &mut der);
            if len > 0 && !der.is_null() {
                out.push(std::slice::from_raw_parts(der, len as usize).to_vec());
                lc::CRYPTO_free(der.cast(), c"tlsshim".as_ptr(), 0);
            }
        }
    }
    out
}

/// Frees a cached EVP_PKEY (0: none) and forgets it.
pub fn free_pkey(p: &mut usize) {
    if *p != 0 {
        // SAFETY: an EVP_PKEY we own.
        unsafe { lc::EVP_PKEY_free(*p as *mut lc::EVP_PKEY) };
        *p = 0;
    }
}

/// A private key as a libcrypto EVP_PKEY, made once into `cache` (owned there).
pub fn key_pkey(
    key: Option<&rustls::pki_types::PrivateKeyDer<'_>>,
    cache: &mut usize,
) -> *mut lc::EVP_PKEY {
    if *cache == 0 {
        if let Some(k) = key {
            let der = k.secret_der();
            let mut p = der.as_ptr();
            // SAFETY: d2i reads at most der.len() bytes; the new key is kept in cache.
            *cache = unsafe {
                lc::d2i_AutoPrivateKey(std::ptr::null_mut(), &mut p, der.len() as std::ffi::c_long)
            } as usize;
        }
    }
    *cache as *mut lc::EVP_PKEY
}

/// The context's (current) private key; NULL when none.
pub unsafe extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SSL_CTX) -> *mut lc::EVP_PKEY {
    with_ctx(
        "SSL_CTX_get0_privatekey",
        ctx,
        std::ptr::null_mut(),
        |_, st| key_pkey(st.creds.key.as_ref(), &mut st.server.key_pkey),
    )
}

/// The SSL's private key: its own (SSL_use_PrivateKey*), else its context's.
pub unsafe extern "C" fn SSL_get_privatekey(s: *const SSL) -> *mut lc::EVP_PKEY {
    with_ssl(
        "SSL_get_privatekey",
        s,
        std::ptr::null_mut(),
        |ssl| match ssl.own_creds.as_deref_mut() {
            Some(own) => key_pkey(own.creds.key.as_ref(), &mut own.key_pkey),
            None => {
                let mut st = ssl.ctx().state();
                let st = &mut *st;
                key_pkey(st.creds.key.as_ref(), &mut st.server.key_pkey)
            }
        },
    )
}

/// The name stack in `slot`, made (empty) on first use; owned by the slot's holder.
fn name_stack(slot: &mut usize) -> *mut lc::OPENSSL_STACK {
    if *slot == 0 {
        // SAFETY: a new empty stack, owned by the slot's holder.
        *slot = unsafe { lc::OPENSSL_sk_new_null() } as usize;
    }
    *slot as *mut lc::OPENSSL_STACK
}

/// Appends the subject of `x` to the name stack in `slot`.
fn push_subject(slot: &mut usize, x: *mut lc::X509) -> c_int {
    if x.is_null() {
        return 0;
    }
    let sk = name_stack(slot);
    // SAFETY: x is a live X509 (the callers' contract); the stack is the holder's.
    unsafe {
        let name = lc::X509_NAME_dup(lc::X509_get_subject_name(x));
        c_int::from(lc::OPENSSL_sk_push(sk, name) > 0)
    }
}

/// Appends the subject of `x` to the context's client CA list.
pub unsafe extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SSL_CTX, x: *mut lc::X509) -> c_int {
    with_ctx("SSL_CTX_add_client_CA", ctx, 0, |_, st| {
        push_subject(&mut st.server.client_ca_list, x)
    })
}

/// Appends the subject of `x` to the SSL's own client CA list.
pub unsafe extern "C" fn SSL_add_client_CA(s: *mut SSL, x: *mut lc::X509) -> c_int {
    with_ssl("SSL_add_client_CA", s, 0, |ssl| {
        push_subject(&mut ssl.client_ca_list.0, x)
    })
}
