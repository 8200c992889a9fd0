//! Certificates and keys: from files (PEM via rustls-pki-types, or DER) and from
//! libcrypto `X509` / `EVP_PKEY` objects, converted at the edge (DER in, DER out).
#![allow(non_snake_case)]
use super::consts::*;
use super::ctx::{CtxState, SSL_CTX};
use super::err;
use super::libcrypto as lc;
use super::ssl::SSL;
use crate::engine::config::{certificate_key_kind, private_key_kind};
use crate::engine::Identity;
use crate::ffi;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::ffi::{c_char, c_int, c_long, c_uchar, c_void};
use std::sync::Arc;

/// DER of a libcrypto X509; NULL → None.
///
/// # Safety
/// `x` is NULL or a live X509.
pub unsafe fn x509_to_der(x: *const lc::X509) -> Option<CertificateDer<'static>> {
    if x.is_null() {
        return None;
    }
    let mut out: *mut c_uchar = std::ptr::null_mut();
    // SAFETY: i2d_X509 allocates *out (len bytes) which we copy then free.
    unsafe {
        let len = lc::i2d_X509(x, &mut out);
        if len <= 0 || out.is_null() {
            return None;
        }
        let der = std::slice::from_raw_parts(out, len as usize).to_vec();
        lc::CRYPTO_free(out.cast(), c"tlsshim".as_ptr(), 0);
        Some(CertificateDer::from(der))
    }
}

/// Frees one X509 of a STACK_OF(X509) (for `OPENSSL_sk_pop_free`).
pub unsafe extern "C" fn x509_free_cb(p: *mut std::ffi::c_void) {
    // SAFETY: the stack holds X509s its owner passes to us to free.
    unsafe { lc::X509_free(p.cast()) }
}

/// A STACK_OF(X509) owned by its holder (0: none), freed with it.
#[derive(Debug, Default)]
pub struct X509Stack(pub usize);

impl Drop for X509Stack {
    fn drop(&mut self) {
        if self.0 != 0 {
            // SAFETY: a stack of X509s we own.
            unsafe {
                lc::OPENSSL_sk_pop_free(self.0 as *mut lc::OPENSSL_STACK, Some(x509_free_cb))
            };
        }
    }
}

impl X509Stack {
    /// A new stack of libcrypto X509s from DER (the holder owns it).
    pub fn of(ders: &[CertificateDer<'_>]) -> Self {
        // SAFETY: a new stack; each X509 is new and pushed into it.
        unsafe {
            let sk = lc::OPENSSL_sk_new_null();
            for der in ders {
                let x = der_to_x509(der);
                if !x.is_null() {
                    lc::OPENSSL_sk_push(sk, x.cast());
                }
            }
            Self(sk as usize)
        }
    }
}

/// A new libcrypto X509 (the caller owns it) from DER.
pub fn der_to_x509(der: &[u8]) -> *mut lc::X509 {
    let mut p = der.as_ptr();
    // SAFETY: d2i_X509 reads at most len bytes from p.
    unsafe { lc::d2i_X509(std::ptr::null_mut(), &mut p, der.len() as c_long) }
}

/// PKCS#8 DER of a libcrypto EVP_PKEY.
///
/// # Safety
/// `k` is NULL or a live EVP_PKEY.
unsafe fn pkey_to_der(k: *const lc::EVP_PKEY) -> Option<PrivateKeyDer<'static>> {
    if k.is_null() {
        return None;
    }
    // SAFETY: EVP_PKEY2PKCS8 returns a new object we free; i2d allocates out.
    unsafe {
        let p8 = lc::EVP_PKEY2PKCS8(k);
        if p8.is_null() {
            return None;
        }
        let mut out: *mut c_uchar = std::ptr::null_mut();
        let len = lc::i2d_PKCS8_PRIV_KEY_INFO(p8, &mut out);
        lc::PKCS8_PRIV_KEY_INFO_free(p8);
        if len <= 0 || out.is_null() {
            return None;
        }
        let der = std::slice::from_raw_parts(out, len as usize).to_vec();
        lc::CRYPTO_free(out.cast(), c"tlsshim".as_ptr(), 0);
        Some(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der)))
    }
}

fn read_certs(path: &str, filetype: c_int) -> Option<Vec<CertificateDer<'static>>> {
    if filetype == SSL_FILETYPE_ASN1 {
        return std::fs::read(path)
            .ok()
            .map(|d| vec![CertificateDer::from(d)]);
    }
    let certs: Vec<_> = CertificateDer::pem_file_iter(path)
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    (!certs.is_empty()).then_some(certs)
}

/// A private key from a file. An encrypted PEM key is decrypted by libcrypto with the
/// password callback (`passwd`: the callback and its userdata; with none, libcrypto
/// prompts on the terminal, as OpenSSL does); its failure queues libcrypto's errors and
/// ERR_R_PEM_LIB, as SSL_CTX_use_PrivateKey_file does.
fn read_key(
    func: &'static str,
    path: &std::ffi::CStr,
    filetype: c_int,
    passwd: (lc::PemPasswordCb, usize),
) -> Option<PrivateKeyDer<'static>> {
    let name = path.to_str().ok()?;
    if filetype == SSL_FILETYPE_ASN1 {
        let d = std::fs::read(name).ok()?;
        return PrivateKeyDer::try_from(d).ok();
    }
    let pem = std::fs::read(name).ok()?;
    let encrypted = pem.windows(9).any(|w| w == b"ENCRYPTED");
    if !encrypted {
        return PrivateKeyDer::from_pem_slice(&pem).ok();
    }
    // SAFETY: path is NUL-terminated; the BIO and the key are ours and freed here; the
    // callback gets its userdata, as PEM_read_bio_PrivateKey documents.
    unsafe {
        let bio = lc::bio_read_file(path.as_ptr());
        let key = if bio.is_null() {
            std::ptr::null_mut()
        } else {
            let k = lc::PEM_read_bio_PrivateKey(
                bio,
                std::ptr::null_mut(),
                passwd.0,
                passwd.1 as *mut c_void,
            );
            lc::BIO_free(bio);
            k
        };
        if key.is_null() {
            err::push(func, lc::ERR_R_PEM_LIB, None);
            return None;
        }
        let der = pkey_to_der(key);
        lc::EVP_PKEY_free(key);
        der
    }
}

/// What a context serves with, or an SSL given its own (`SSL_use_certificate` …; an
/// SSL starts with a copy of its context's, as OpenSSL's SSL_new copies the CERT).
/// OpenSSL keeps one certificate and key per key type (an RSA and an ECDSA
/// certificate side by side, as nginx configures with two `ssl_certificate` lines):
/// `chain`/`key`/`identity` are the current one, the one the last call set; the
/// others wait in `slots`, and a server serves the one the client's signature schemes
/// ask for.
pub trait CertHolder {
    fn creds(&mut self) -> &mut Creds;
    /// Drops the cached libcrypto objects (X509, EVP_PKEY) of the current ones.
    fn forget_leaf(&mut self);
}

/// The current certificate chain, key and identity, and the other key types' slots.
#[derive(Default)]
pub struct Creds {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: Option<PrivateKeyDer<'static>>,
    pub identity: Option<Arc<Identity>>,
    pub slots: Vec<Slot>,
}

impl Creds {
    fn copy(&self) -> Self {
        Self {
            chain: self.chain.clone(),
            key: self.key.as_ref().map(PrivateKeyDer::clone_key),
            identity: self.identity.clone(),
            slots: self.slots.iter().map(Slot::copy).collect(),
        }
    }
}

/// A certificate chain and key of one key type, not the current one.
#[derive(Default)]
pub struct Slot {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: Option<PrivateKeyDer<'static>>,
    pub identity: Option<Arc<Identity>>,
}

impl Slot {
    fn kind(&self) -> Option<rustls::SignatureAlgorithm> {
        match self.chain.first() {
            Some(leaf) => certificate_key_kind(leaf),
            None => self.key.as_ref().and_then(private_key_kind),
        }
    }

    fn copy(&self) -> Self {
        Self {
            chain: self.chain.clone(),
            key: self.key.as_ref().map(PrivateKeyDer::clone_key),
            identity: self.identity.clone(),
        }
    }
}

/// Makes the slot of `kind` the current one: the current certificate and key (when
/// of another kind) go to the slots, and the slot of `kind`, if any, comes back.
fn switch_to_kind<H: CertHolder + ?Sized>(h: &mut H, kind: Option<rustls::SignatureAlgorithm>) {
    let c = h.creds();
    let current = Slot {
        chain: c.chain.clone(),
        key: c.key.as_ref().map(PrivateKeyDer::clone_key),
        identity: c.identity.clone(),
    };
    let current_kind = current.kind();
    if kind.is_none() || current_kind.is_none() || current_kind == kind {
        return;
    }
    c.slots.retain(|s| s.kind() != current_kind);
    c.slots.push(current);
    let back = match c.slots.iter().position(|s| s.kind() == kind) {
        Some(i) => c.slots.remove(i),
        None => Slot::default(),
    };
    c.chain = back.chain;
    c.key = back.key;
    c.identity = back.identity;
    h.forget_leaf();
}

/// The identities of the other key types, for the engine.
pub fn more_identities(slots: &[Slot]) -> Vec<Arc<Identity>> {
    slots.iter().filter_map(|s| s.identity.clone()).collect()
}

impl CertHolder for CtxState {
    fn creds(&mut self) -> &mut Creds {
        &mut self.creds
    }
    fn forget_leaf(&mut self) {
        self.server.forget_leaf();
    }
}

/// An SSL's own certificate and key.
#[derive(Default)]
pub struct OwnCreds {
    pub creds: Creds,
    /// The leaf as a libcrypto X509 for SSL_get_certificate, owned.
    pub leaf_x509: usize,
    /// The key as a libcrypto EVP_PKEY for SSL_get_privatekey, owned.
    pub key_pkey: usize,
}

impl OwnCreds {
    /// A copy of a context's.
    pub fn of(st: &CtxState) -> Self {
        Self {
            creds: st.creds.copy(),
            leaf_x509: 0,
            key_pkey: 0,
        }
    }

    /// The leaf as a libcrypto X509, made once and owned by these credentials.
    pub fn leaf_x509(&mut self) -> *mut lc::X509 {
        if self.leaf_x509 == 0 {
            if let Some(leaf) = self.creds.chain.first() {
                self.leaf_x509 = der_to_x509(leaf) as usize;
            }
        }
        self.leaf_x509 as *mut lc::X509
    }
}

impl Drop for OwnCreds {
    fn drop(&mut self) {
        self.forget_leaf();
    }
}

impl CertHolder for OwnCreds {
    fn creds(&mut self) -> &mut Creds {
        &mut self.creds
    }
    fn forget_leaf(&mut self) {
        if self.leaf_x509 != 0 {
            // SAFETY: our X509.
            unsafe { lc::X509_free(self.leaf_x509 as *mut lc::X509) };
            self.leaf_x509 = 0;
        }
        super::server::free_pkey(&mut self.key_pkey);
    }
}

/// Rebuilds the signing identity once both halves are there; a mismatch fails.
pub fn refresh_identity<H: CertHolder + ?Sized>(func: &'static str, h: &mut H) -> c_int {
    h.creds().identity = None;
    h.forget_leaf();
    let chain = h.creds().chain.clone();
    let (Some(key), false) = (
        h.creds().key.as_ref().map(PrivateKeyDer::clone_key),
        chain.is_empty(),
    ) else {
        return 1;
    };
    match Identity::new(chain, key) {
        Ok(id) => {
            h.creds().identity = Some(Arc::new(id));
            1
        }
        Err(e) => {
            err::push(func, SSL_R_PRIVATE_KEY_MISMATCH, Some(&e.to_string()));
            0
        }
    }
}

fn set_leaf<H: CertHolder + ?Sized>(
    func: &'static str,
    h: &mut H,
    leaf: CertificateDer<'static>,
) -> c_int {
    switch_to_kind(h, certificate_key_kind(&leaf));
    if h.creds().chain.is_empty() {
        h.creds().chain.push(leaf);
    } else {
        h.creds().chain[0] = leaf;
    }
    after_new_certificate(func, h)
}

/// A new certificate that does not fit the key in place drops the key, and the call
/// succeeds (OpenSSL's ssl_set_cert: "don't fail for a cert/key mismatch, just free
/// current private key"; the key to go with it is set next).
fn after_new_certificate<H: CertHolder + ?Sized>(func: &'static str, h: &mut H) -> c_int {
    // SAFETY: marks the thread's error queue, to take back a mismatch error.
    unsafe { lc::ERR_set_mark() };
    if refresh_identity(func, h) == 0 {
        h.creds().key = None;
        // SAFETY: pops what refresh_identity pushed.
        unsafe { lc::ERR_pop_to_mark() };
    } else {
        // SAFETY: drops the mark set above.
        unsafe { lc::ERR_clear_last_mark() };
    }
    1
}

/// The operations behind the SSL_CTX_use_* and SSL_use_* twins.
mod ops {
    use super::*;

    pub fn use_certificate<H: CertHolder + ?Sized>(
        func: &'static str,
        h: &mut H,
        x: *mut lc::X509,
    ) -> c_int {
        // SAFETY: x is NULL or a live X509 (the callers' contract).
        match unsafe { x509_to_der(x) } {
            Some(der) => set_leaf(func, h, der),
            None => {
                err::push_null(func);
                0
            }
        }
    }

    pub fn use_certificate_der<H: CertHolder + ?Sized>(
        func: &'static str,
        h: &mut H,
        der: Option<&[u8]>,
    ) -> c_int {
        // OpenSSL parses it first (d2i_X509): garbage is ERR_R_ASN1_LIB.
        let x = der.map_or(std::ptr::null_mut(), der_to_x509);
        if x.is_null() {
            err::push(func, SSL_R_X509_LIB, None);
            return 0;
        }
        // SAFETY: x is ours, freed after its DER is taken.
        let r = use_certificate(func, h, x);
        unsafe { lc::X509_free(x) };
        r
    }

    pub fn use_certificate_file<H: CertHolder + ?Sized>(
        func: &'static str,
        h: &mut H,
        file: *const c_char,
        filetype: c_int,
    ) -> c_int {
        // SAFETY: file is NULL or a C string (the callers' contract).
        match unsafe { ffi::cstr(file) }.and_then(|f| read_certs(f, filetype)) {
            Some(mut certs) => set_leaf(func, h, certs.swap_remove(0)),
            None => {
                err::push(func, SSL_R_X509_LIB, None);
                0
            }
        }
    }

    pub fn use_certificate_chain_file<H: CertHolder + ?Sized>(
        func: &'static str,
        h: &mut H,
        file: *const c_char,
    ) -> c_int {
        // SAFETY: file is NULL or a C string (the callers' contract).
        match unsafe { ffi::cstr(file) }.and_then(|f| read_certs(f, SSL_FILETYPE_PEM)) {
            Some(certs) => {
                switch_to_kind(h, certs.first().and_then(certificate_key_kind));
                h.creds().chain = certs;
                after_new_certificate(func, h)
            }
            None => {
                err::push(func, SSL_R_X509_LIB, None);
                0
            }
        }
    }

    pub fn use_private_key<H: CertHolder + ?Sized>(
        func: &'static str,
        h: &mut H,
        key: Option<PrivateKeyDer<'static>>,
    ) -> c_int {
        match key {
            Some(key) => {
                switch_to_kind(h, private_key_kind(&key));
                h.creds().key = Some(key);
                refresh_identity(func, h)
            }
            None => {
                err::push_null(func);
                0
            }
        }
    }

    /// Installs a key [`load_key_file`] read.
    pub fn use_private_key_file<H: CertHolder + ?Sized>(
        func: &'static str,
        h: &mut H,
        loaded: LoadedKey,
    ) -> c_int {
        match loaded.key {
            Some(key) => {
                switch_to_kind(h, private_key_kind(&key));
                h.creds().key = Some(key);
                refresh_identity(func, h)
            }
            None => {
                // read_key has said why (an encrypted key); otherwise say it here.
                if err_depth() == loaded.err_depth {
                    err::push(func, SSL_R_NO_PRIVATE_KEY_ASSIGNED, None);
                }
                0
            }
        }
    }

    pub fn check_private_key<H: CertHolder + ?Sized>(func: &'static str, h: &mut H) -> c_int {
        if h.creds().chain.is_empty() {
            err::push(func, SSL_R_NO_CERTIFICATE_ASSIGNED, None);
            0
        } else if h.creds().key.is_none() {
            err::push(func, SSL_R_NO_PRIVATE_KEY_ASSIGNED, None);
            0
        } else {
            c_int::from(h.creds().identity.is_some())
        }
    }

    /// Whether the error queue has anything (to tell whether a callee pushed).
    pub(super) fn err_depth() -> bool {
        // SAFETY: reads the thread's error queue.
        unsafe { lc::ERR_peek_error() != 0 }
    }
}

fn with_ctx(
    func: &'static str,
    ctx: *mut SSL_CTX,
    f: impl FnOnce(&mut CtxState) -> c_int,
) -> c_int {
    super::ctx::with_ctx(func, ctx, 0, |_, st| f(st))
}

/// Runs `f` on the SSL's own credentials, made from its context's on first use.
fn with_own(func: &'static str, s: *mut SSL, f: impl FnOnce(&mut OwnCreds) -> c_int) -> c_int {
    super::ssl::with_ssl(func, s, 0, |ssl| own_creds(ssl, f))
}

fn own_creds(ssl: &mut SSL, f: impl FnOnce(&mut OwnCreds) -> c_int) -> c_int {
    if ssl.own_creds.is_none() {
        let own = OwnCreds::of(&ssl.ctx().state());
        ssl.own_creds = Some(Box::new(own));
    }
    match ssl.own_creds.as_deref_mut() {
        Some(own) => f(own),
        None => 0,
    }
}

/// A key file as read, and whether the ERR queue had entries before reading it.
pub struct LoadedKey {
    key: Option<PrivateKeyDer<'static>>,
    err_depth: bool,
}

/// Reads a key file with no lock or borrow of the library's objects held: the password
/// callback is the program's code, which may call back into the SSL_CTX or the SSL
/// (its userdata getter, its options...), as it may with the real libssl.
fn load_key_file(
    func: &'static str,
    file: *const c_char,
    filetype: c_int,
    passwd: (lc::PemPasswordCb, usize),
) -> LoadedKey {
    // SAFETY: file is NULL or a C string (the callers' contract).
    let path = (!file.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(file) });
    let err_depth = ops::err_depth();
    let key = path.and_then(|p| read_key(func, p, filetype, passwd));
    LoadedKey { key, err_depth }
}

pub unsafe extern "C" fn SSL_CTX_use_certificate(ctx: *mut SSL_CTX, x: *mut lc::X509) -> c_int {
    with_ctx("SSL_CTX_use_certificate", ctx, |st| {
        ops::use_certificate("SSL_CTX_use_certificate", st, x)
    })
}

pub unsafe extern "C" fn SSL_use_certificate(s: *mut SSL, x: *mut lc::X509) -> c_int {
    with_own("SSL_use_certificate", s, |own| {
        ops::use_certificate("SSL_use_certificate", own, x)
    })
}

pub unsafe extern "C" fn SSL_CTX_use_certificate_ASN1(
    ctx: *mut SSL_CTX,
    len: c_int,
    d: *const c_uchar,
) -> c_int {
    // SAFETY: d holds len bytes (API contract).
    let der = unsafe { ffi::bytes(d.cast(), usize::try_from(len).unwrap_or(0)) };
    with_ctx("SSL_CTX_use_certificate_ASN1", ctx, |st| {
        ops::use_certificate_der("SSL_CTX_use_certificate_ASN1", st, der)
    })
}

pub unsafe extern "C" fn SSL_use_certificate_ASN1(
    s: *mut SSL,
    d: *const c_uchar,
    len: c_int,
) -> c_int {
    // SAFETY: d holds len bytes (API contract).
    let der = unsafe { ffi::bytes(d.cast(), usize::try_from(len).unwrap_or(0)) };
    with_own("SSL_use_certificate_ASN1", s, |own| {
        ops::use_certificate_der("SSL_use_certificate_ASN1", own, der)
    })
}

pub unsafe extern "C" fn SSL_CTX_use_certificate_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    filetype: c_int,
) -> c_int {
    with_ctx("SSL_CTX_use_certificate_file", ctx, |st| {
        ops::use_certificate_file("SSL_CTX_use_certificate_file", st, file, filetype)
    })
}

pub unsafe extern "C" fn SSL_use_certificate_file(
    s: *mut SSL,
    file: *const c_char,
    filetype: c_int,
) -> c_int {
    with_own("SSL_use_certificate_file", s, |own| {
        ops::use_certificate_file("SSL_use_certificate_file", own, file, filetype)
    })
}

pub unsafe extern "C" fn SSL_CTX_use_certificate_chain_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
) -> c_int {
    with_ctx("SSL_CTX_use_certificate_chain_file", ctx, |st| {
        ops::use_certificate_chain_file("SSL_CTX_use_certificate_chain_file", st, file)
    })
}

pub unsafe extern "C" fn SSL_use_certificate_chain_file(s: *mut SSL, file: *const c_char) -> c_int {
    with_own("SSL_use_certificate_chain_file", s, |own| {
        ops::use_certificate_chain_file("SSL_use_certificate_chain_file", own, file)
    })
}

pub unsafe extern "C" fn SSL_CTX_use_PrivateKey(ctx: *mut SSL_CTX, k: *mut lc::EVP_PKEY) -> c_int {
    // SAFETY: k is NULL or a live EVP_PKEY.
    let key = unsafe { pkey_to_der(k) };
    with_ctx("SSL_CTX_use_PrivateKey", ctx, |st| {
        ops::use_private_key("SSL_CTX_use_PrivateKey", st, key)
    })
}

pub unsafe extern "C" fn SSL_use_PrivateKey(s: *mut SSL, k: *mut lc::EVP_PKEY) -> c_int {
    // SAFETY: k is NULL or a live EVP_PKEY.
    let key = unsafe { pkey_to_der(k) };
    with_own("SSL_use_PrivateKey", s, |own| {
        ops::use_private_key("SSL_use_PrivateKey", own, key)
    })
}

/// A DER private key of type `pk` (EVP_PKEY_RSA, EVP_PKEY_EC …); the DER says which,
/// so the type is not needed to parse it.
pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_ASN1(
    _pk: c_int,
    ctx: *mut SSL_CTX,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    // SAFETY: d holds len bytes (API contract).
    let key = unsafe { ffi::bytes(d.cast(), usize::try_from(len).unwrap_or(0)) }
        .and_then(|b| PrivateKeyDer::try_from(b.to_vec()).ok());
    with_ctx("SSL_CTX_use_PrivateKey_ASN1", ctx, |st| {
        ops::use_private_key("SSL_CTX_use_PrivateKey_ASN1", st, key)
    })
}

pub unsafe extern "C" fn SSL_use_PrivateKey_ASN1(
    _pk: c_int,
    s: *mut SSL,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    // SAFETY: d holds len bytes (API contract).
    let key = unsafe { ffi::bytes(d.cast(), usize::try_from(len).unwrap_or(0)) }
        .and_then(|b| PrivateKeyDer::try_from(b.to_vec()).ok());
    with_own("SSL_use_PrivateKey_ASN1", s, |own| {
        ops::use_private_key("SSL_use_PrivateKey_ASN1", own, key)
    })
}

pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    filetype: c_int,
) -> c_int {
    const F: &str = "SSL_CTX_use_PrivateKey_file";
    super::guard(F, 0, || {
        // SAFETY: ctx is NULL or a live SSL_CTX.
        let Some(c) = (unsafe { super::ctx::ctx_ref(ctx) }) else {
            err::push_null(F);
            return 0;
        };
        // The state's lock is not held while the password callback runs.
        let passwd = {
            let st = c.state();
            (st.passwd_cb, st.passwd_userdata)
        };
        let loaded = load_key_file(F, file, filetype, passwd);
        ops::use_private_key_file(F, &mut *c.state(), loaded)
    })
}

pub unsafe extern "C" fn SSL_use_PrivateKey_file(
    s: *mut SSL,
    file: *const c_char,
    filetype: c_int,
) -> c_int {
    const F: &str = "SSL_use_PrivateKey_file";
    super::guard(F, 0, || {
        // SAFETY: s is NULL or a live SSL; the borrow ends before the password callback
        // (which may use the SSL) runs.
        let passwd = match unsafe { super::ssl::ssl_mut(s) } {
            Some(ssl) => (ssl.passwd_cb, ssl.passwd_userdata),
            None => {
                err::push_null(F);
                return 0;
            }
        };
        let loaded = load_key_file(F, file, filetype, passwd);
        // SAFETY: as above; the callback has returned.
        match unsafe { super::ssl::ssl_mut(s) } {
            Some(ssl) => own_creds(ssl, |own| ops::use_private_key_file(F, own, loaded)),
            None => 0,
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_check_private_key(ctx: *const SSL_CTX) -> c_int {
    with_ctx("SSL_CTX_check_private_key", ctx.cast_mut(), |st| {
        ops::check_private_key("SSL_CTX_check_private_key", st)
    })
}

/// The SSL's own credentials if it was given any, else its context's.
pub unsafe extern "C" fn SSL_check_private_key(s: *const SSL) -> c_int {
    super::ssl::with_ssl("SSL_check_private_key", s, 0, |ssl| {
        match ssl.own_creds.as_deref_mut() {
            Some(own) => ops::check_private_key("SSL_check_private_key", own),
            None => ops::check_private_key("SSL_check_private_key", &mut *ssl.ctx().state()),
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_set_default_passwd_cb(ctx: *mut SSL_CTX, cb: lc::PemPasswordCb) {
    super::ctx::with_ctx("SSL_CTX_set_default_passwd_cb", ctx, (), |_, st| {
        st.passwd_cb = cb;
    })
}

pub unsafe extern "C" fn SSL_CTX_set_default_passwd_cb_userdata(ctx: *mut SSL_CTX, u: *mut c_void) {
    super::ctx::with_ctx(
        "SSL_CTX_set_default_passwd_cb_userdata",
        ctx,
        (),
        |_, st| {
            st.passwd_userdata = u as usize;
        },
    )
}

pub unsafe extern "C" fn SSL_CTX_get_default_passwd_cb(ctx: *mut SSL_CTX) -> lc::PemPasswordCb {
    super::ctx::with_ctx("SSL_CTX_get_default_passwd_cb", ctx, None, |_, st| {
        st.passwd_cb
    })
}

pub unsafe extern "C" fn SSL_CTX_get_default_passwd_cb_userdata(ctx: *mut SSL_CTX) -> *mut c_void {
    super::ctx::with_ctx(
        "SSL_CTX_get_default_passwd_cb_userdata",
        ctx,
        std::ptr::null_mut(),
        |_, st| st.passwd_userdata as *mut c_void,
    )
}

/// An SSL starts with its context's callback and userdata (SSL_new copies them).
pub unsafe extern "C" fn SSL_set_default_passwd_cb(s: *mut SSL, cb: lc::PemPasswordCb) {
    super::ssl::with_ssl("SSL_set_default_passwd_cb", s, (), |ssl| ssl.passwd_cb = cb)
}

pub unsafe extern "C" fn SSL_set_default_passwd_cb_userdata(s: *mut SSL, u: *mut c_void) {
    super::ssl::with_ssl("SSL_set_default_passwd_cb_userdata", s, (), |ssl| {
        ssl.passwd_userdata = u as usize
    })
}

pub unsafe extern "C" fn SSL_get_default_passwd_cb(s: *mut SSL) -> lc::PemPasswordCb {
    super::ssl::with_ssl("SSL_get_default_passwd_cb", s, None, |ssl| ssl.passwd_cb)
}

pub unsafe extern "C" fn SSL_get_default_passwd_cb_userdata(s: *mut SSL) -> *mut c_void {
    super::ssl::with_ssl(
        "SSL_get_default_passwd_cb_userdata",
        s,
        std::ptr::null_mut(),
        |ssl| ssl.passwd_userdata as *mut c_void,
    )
}
