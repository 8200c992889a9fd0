//! `gnutls_pubkey_t`: a public key (SubjectPublicKeyInfo) taken from a certificate or
//! imported, and exported again: what wget's public-key pinning calls. Codes and
//! buffer protocols as GnuTLS 3.7.9's, recorded by ctests/gnutls_x509.c.
// The exports' contract is the GnuTLS manual's, not a `# Safety` section per fn.
#![allow(clippy::missing_safety_doc)]
#![allow(non_camel_case_types)]
use std::ffi::{c_int, c_uint, c_void};

use crate::engine::x509::{self as cert, PublicKeyInfo};
use crate::ffi;
use crate::gnutls::errors::*;
use crate::gnutls::guard;
use crate::gnutls::x509::{
    datum, der_error, gnutls_datum_t, pk_value, set_datum, Crt, GNUTLS_X509_FMT_DER,
    GNUTLS_X509_FMT_PEM,
};

/// The object behind a `gnutls_pubkey_t`: empty until an import.
#[derive(Default)]
pub struct Pubkey {
    key: Option<PublicKeyInfo>,
}

pub type gnutls_pubkey_t = *mut Pubkey;

pub unsafe extern "C" fn gnutls_pubkey_init(key: *mut gnutls_pubkey_t) -> c_int {
    guard("gnutls_pubkey_init", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: key is NULL or a writable handle slot (API contract).
        let Some(slot) = (unsafe { ffi::obj_mut(key) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        *slot = ffi::into_handle(Pubkey::default());
        0
    })
}

pub unsafe extern "C" fn gnutls_pubkey_deinit(key: gnutls_pubkey_t) {
    guard("gnutls_pubkey_deinit", (), || {
        // SAFETY: key is NULL or from gnutls_pubkey_init, not used afterwards.
        unsafe { ffi::free_handle(key) }
    })
}

/// The certificate's SubjectPublicKeyInfo; `flags` (GNUTLS_PUBKEY_*) change nothing
/// here.
pub unsafe extern "C" fn gnutls_pubkey_import_x509(
    key: gnutls_pubkey_t,
    crt: *mut Crt,
    _flags: c_uint,
) -> c_int {
    guard("gnutls_pubkey_import_x509", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: key and crt are NULL or live handles (API contract).
        let (Some(k), Some(c)) = (unsafe { ffi::obj_mut(key) }, unsafe { ffi::obj(crt) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let Some(c) = c.certificate() else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        k.key = Some(PublicKeyInfo::of(c));
        0
    })
}

/// A DER or PEM ("PUBLIC KEY") SubjectPublicKeyInfo. Observed on 3.7.9: DER that
/// is not one → GNUTLS_E_ASN1_TAG_ERROR (or _DER_ERROR); PEM without the section →
/// GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR.
pub unsafe extern "C" fn gnutls_pubkey_import(
    key: gnutls_pubkey_t,
    data: *const gnutls_datum_t,
    format: c_uint,
) -> c_int {
    guard("gnutls_pubkey_import", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: key is NULL or a live handle; data NULL or a valid datum.
        let (Some(k), Some(bytes)) = (unsafe { ffi::obj_mut(key) }, unsafe { datum(data) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let der = match format {
            GNUTLS_X509_FMT_DER => bytes.to_vec(),
            GNUTLS_X509_FMT_PEM => match cert::pem_public_keys(bytes) {
                Ok(mut list) if !list.is_empty() => list.swap_remove(0),
                _ => return GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR,
            },
            _ => return GNUTLS_E_INVALID_REQUEST,
        };
        match cert::parse_public_key(&der) {
            Ok(info) => {
                k.key = Some(info);
                0
            }
            Err(e) => der_error(e),
        }
    })
}

/// The gnutls_pk_algorithm_t of the key and its size in bits; 0 (and `bits`
/// untouched) for a key with nothing imported (observed).
pub unsafe extern "C" fn gnutls_pubkey_get_pk_algorithm(
    key: gnutls_pubkey_t,
    bits: *mut c_uint,
) -> c_int {
    guard(
        "gnutls_pubkey_get_pk_algorithm",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: key is NULL or a live handle (API contract).
            let Some(info) = unsafe { ffi::obj(key) }.and_then(|k| k.key.as_ref()) else {
                return 0;
            };
            // SAFETY: bits is NULL or writable (API contract).
            if let Some(bits) = unsafe { ffi::obj_mut(bits) } {
                *bits = info.bits;
            }
            pk_value(info.algorithm)
        },
    )
}

/// The key in `format`: DER, or PEM text. Observed on 3.7.9: a key with nothing
/// imported → GNUTLS_E_UNKNOWN_PK_ALGORITHM.
fn exported(key: gnutls_pubkey_t, format: c_uint) -> Result<Vec<u8>, c_int> {
    // SAFETY: key is NULL or a live handle (API contract of the callers).
    let Some(k) = (unsafe { ffi::obj(key) }) else {
        return Err(GNUTLS_E_INVALID_REQUEST);
    };
    let Some(info) = &k.key else {
        return Err(GNUTLS_E_UNKNOWN_PK_ALGORITHM);
    };
    match format {
        GNUTLS_X509_FMT_DER => Ok(info.der.clone()),
        GNUTLS_X509_FMT_PEM => Ok(cert::pem_encode("PUBLIC KEY", &info.der).into_bytes()),
        _ => Err(GNUTLS_E_INVALID_REQUEST),
    }
}

/// GnuTLS' export buffer protocol (observed): too small (or NULL) →
/// GNUTLS_E_SHORT_MEMORY_BUFFER with `*size` = the length (PEM: plus one for the NUL);
/// else the bytes (PEM: and a NUL) and `*size` = the length.
pub unsafe extern "C" fn gnutls_pubkey_export(
    key: gnutls_pubkey_t,
    format: c_uint,
    output: *mut c_void,
    output_size: *mut usize,
) -> c_int {
    guard("gnutls_pubkey_export", GNUTLS_E_INTERNAL_ERROR, || {
        let bytes = match exported(key, format) {
            Ok(b) => b,
            Err(e) => return e,
        };
        // SAFETY: output_size is NULL or writable (API contract).
        let Some(size) = (unsafe { ffi::obj_mut(output_size) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let nul = usize::from(format == GNUTLS_X509_FMT_PEM);
        if output.is_null() || *size < bytes.len() + nul {
            *size = bytes.len() + nul;
            return GNUTLS_E_SHORT_MEMORY_BUFFER;
        }
        // SAFETY: output has *size >= len + nul writable bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), output.cast::<u8>(), bytes.len());
            if nul == 1 {
                *output.cast::<u8>().add(bytes.len()) = 0;
            }
        }
        *size = bytes.len();
        0
    })
}

/// As gnutls_pubkey_export, into a fresh gnutls_malloc buffer.
pub unsafe extern "C" fn gnutls_pubkey_export2(
    key: gnutls_pubkey_t,
    format: c_uint,
    out: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_pubkey_export2", GNUTLS_E_INTERNAL_ERROR, || {
        match exported(key, format) {
            // SAFETY: out is NULL or a writable datum (API contract).
            Ok(bytes) => unsafe { set_datum(out, &bytes) },
            Err(e) => e,
        }
    })
}
