//! Certificates and keys: from files (PEM via rustls-pki-types, or DER) and from
//! libcrypto `X509` / `EVP_PKEY` objects, converted at the edge (DER in, DER out).
#![allow(non_snake_case)]
use super::consts::*;
use super::ctx::{CtxState, SSL_CTX};
use super::err;
use super::libcrypto as lc;
use crate::engine::Identity;
use crate::ffi;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::ffi::{c_char, c_int, c_long, c_uchar};
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

fn read_key(path: &str, filetype: c_int) -> Option<PrivateKeyDer<'static>> {
    if filetype == SSL_FILETYPE_ASN1 {
        let d = std::fs::read(path).ok()?;
        return PrivateKeyDer::try_from(d).ok();
    }
    PrivateKeyDer::from_pem_file(path).ok()
}

/// Rebuilds the signing identity once both halves are there; a mismatch fails.
pub fn refresh_identity(func: &'static str, st: &mut CtxState) -> c_int {
    st.identity = None;
    st.server.forget_leaf();
    let (Some(key), false) = (st.key.as_ref(), st.chain.is_empty()) else {
        return 1;
    };
    match Identity::new(st.chain.clone(), key.clone_key()) {
        Ok(id) => {
            st.identity = Some(Arc::new(id));
            1
        }
        Err(e) => {
            err::push(func, SSL_R_PRIVATE_KEY_MISMATCH, Some(&e.to_string()));
            0
        }
    }
}

fn with_ctx(
    func: &'static str,
    ctx: *mut SSL_CTX,
    f: impl FnOnce(&mut CtxState) -> c_int,
) -> c_int {
    super::ctx::with_ctx(func, ctx, 0, |_, st| f(st))
}

fn set_leaf(func: &'static str, st: &mut CtxState, leaf: CertificateDer<'static>) -> c_int {
    if st.chain.is_empty() {
        st.chain.push(leaf);
    } else {
        st.chain[0] = leaf;
    }
    refresh_identity(func, st)
}

pub unsafe extern "C" fn SSL_CTX_use_certificate(ctx: *mut SSL_CTX, x: *mut lc::X509) -> c_int {
    with_ctx("SSL_CTX_use_certificate", ctx, |st| {
        // SAFETY: x is NULL or a live X509.
        match unsafe { x509_to_der(x) } {
            Some(der) => set_leaf("SSL_CTX_use_certificate", st, der),
            None => {
                err::push_null("SSL_CTX_use_certificate");
                0
            }
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_use_certificate_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    filetype: c_int,
) -> c_int {
    with_ctx("SSL_CTX_use_certificate_file", ctx, |st| {
        // SAFETY: file is NULL or a C string.
        match unsafe { ffi::cstr(file) }.and_then(|f| read_certs(f, filetype)) {
            Some(mut certs) => set_leaf("SSL_CTX_use_certificate_file", st, certs.swap_remove(0)),
            None => {
                err::push("SSL_CTX_use_certificate_file", SSL_R_X509_LIB, None);
                0
            }
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_use_certificate_chain_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
) -> c_int {
    with_ctx("SSL_CTX_use_certificate_chain_file", ctx, |st| {
        // SAFETY: file is NULL or a C string.
        match unsafe { ffi::cstr(file) }.and_then(|f| read_certs(f, SSL_FILETYPE_PEM)) {
            Some(certs) => {
                st.chain = certs;
                refresh_identity("SSL_CTX_use_certificate_chain_file", st)
            }
            None => {
                err::push("SSL_CTX_use_certificate_chain_file", SSL_R_X509_LIB, None);
                0
            }
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_use_PrivateKey(ctx: *mut SSL_CTX, k: *mut lc::EVP_PKEY) -> c_int {
    with_ctx("SSL_CTX_use_PrivateKey", ctx, |st| {
        // SAFETY: k is NULL or a live EVP_PKEY.
        match unsafe { pkey_to_der(k) } {
            Some(key) => {
                st.key = Some(key);
                refresh_identity("SSL_CTX_use_PrivateKey", st)
            }
            None => {
                err::push_null("SSL_CTX_use_PrivateKey");
                0
            }
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    filetype: c_int,
) -> c_int {
    with_ctx("SSL_CTX_use_PrivateKey_file", ctx, |st| {
        // SAFETY: file is NULL or a C string.
        match unsafe { ffi::cstr(file) }.and_then(|f| read_key(f, filetype)) {
            Some(key) => {
                st.key = Some(key);
                refresh_identity("SSL_CTX_use_PrivateKey_file", st)
            }
            None => {
                err::push(
                    "SSL_CTX_use_PrivateKey_file",
                    SSL_R_NO_PRIVATE_KEY_ASSIGNED,
                    None,
                );
                0
            }
        }
    })
}

pub unsafe extern "C" fn SSL_CTX_check_private_key(ctx: *const SSL_CTX) -> c_int {
    with_ctx("SSL_CTX_check_private_key", ctx.cast_mut(), |st| {
        if st.chain.is_empty() {
            err::push(
                "SSL_CTX_check_private_key",
                SSL_R_NO_CERTIFICATE_ASSIGNED,
                None,
            );
            0
        } else if st.key.is_none() {
            err::push(
                "SSL_CTX_check_private_key",
                SSL_R_NO_PRIVATE_KEY_ASSIGNED,
                None,
            );
            0
        } else {
            c_int::from(st.identity.is_some())
        }
    })
}
