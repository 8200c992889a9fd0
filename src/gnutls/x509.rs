//! `gnutls_x509_crt_t`: our own certificate object over [`crate::engine::x509`].
//! Return codes and buffer protocols are the real library's, as recorded by
//! ctests/gnutls_x509.c.
// The exports' contract is the GnuTLS manual's, not a `# Safety` section per fn.
#![allow(clippy::missing_safety_doc)]
#![allow(non_snake_case, non_camel_case_types)]
use std::ffi::{c_char, c_int, c_uint, c_void};

use crate::engine::x509::{self as cert, Certificate, Digest, KeyAlgorithm, ParseError};
use crate::ffi;
use crate::gnutls::errors::*;
use crate::gnutls::{alloc::malloc_copy, guard};

/// `gnutls_datum_t`.
#[repr(C)]
pub struct gnutls_datum_t {
    pub data: *mut u8,
    pub size: c_uint,
}

/// `gnutls_x509_crt_fmt_t`.
pub const GNUTLS_X509_FMT_DER: c_uint = 0;
pub const GNUTLS_X509_FMT_PEM: c_uint = 1;
/// `gnutls_certificate_import_flags`.
pub const GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED: c_uint = 1;
pub const GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED: c_uint = 1 << 1;
/// `gnutls_certificate_print_formats_t`.
pub const GNUTLS_CRT_PRINT_ONELINE: c_uint = 1;
pub const GNUTLS_CRT_PRINT_COMPACT: c_uint = 3;

/// The object behind a `gnutls_x509_crt_t`: empty after `gnutls_x509_crt_init`,
/// holding a certificate after a successful import.
#[derive(Default)]
pub struct Crt {
    cert: Option<Certificate>,
}

/// `gnutls_x509_crt_t`.
pub type gnutls_x509_crt_t = *mut Crt;

impl Crt {
    /// The imported certificate's DER; `None` before an import.
    pub fn der(&self) -> Option<&[u8]> {
        self.cert.as_ref().map(|c| c.der.as_slice())
    }

    /// The imported certificate; `None` before an import.
    pub fn certificate(&self) -> Option<&Certificate> {
        self.cert.as_ref()
    }
}

/// A certificate object for DER the session code holds (e.g. a peer certificate), for
/// use where GnuTLS hands out a `gnutls_x509_crt_t`.
pub fn crt_from_der(der: &[u8]) -> Result<Box<Crt>, i32> {
    let cert = cert::parse(der).map_err(der_error)?;
    Ok(Box::new(Crt { cert: Some(cert) }))
}

/// Observed on 3.7.9: DER that is not a SEQUENCE → GNUTLS_E_ASN1_TAG_ERROR; other
/// malformed DER → GNUTLS_E_ASN1_DER_ERROR (libtasn1 has finer codes we do not
/// reproduce).
pub(super) fn der_error(e: ParseError) -> i32 {
    match e {
        ParseError::Tag => GNUTLS_E_ASN1_TAG_ERROR,
        ParseError::Der => GNUTLS_E_ASN1_DER_ERROR,
    }
}

/// The DERs of `data` in `format`. Observed on 3.7.9: PEM whose CERTIFICATE section
/// is not base64 gives GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR; PEM with no
/// CERTIFICATE section at all gives the same from gnutls_x509_crt_import but
/// GNUTLS_E_NO_CERTIFICATE_FOUND from the list imports (`empty_error`).
fn ders(data: &[u8], format: c_uint, empty_error: i32) -> Result<Vec<Vec<u8>>, i32> {
    match format {
        GNUTLS_X509_FMT_DER => Ok(vec![data.to_vec()]),
        GNUTLS_X509_FMT_PEM => match cert::pem_certificates(data) {
            Ok(list) if list.is_empty() => Err(empty_error),
            Ok(list) => Ok(list),
            Err(cert::PemError) => Err(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR),
        },
        _ => Err(GNUTLS_E_INVALID_REQUEST),
    }
}

/// The bytes of a `const gnutls_datum_t *`.
///
/// # Safety
/// `d` is NULL or points to a datum whose data holds `size` bytes.
pub(super) unsafe fn datum<'a>(d: *const gnutls_datum_t) -> Option<&'a [u8]> {
    // SAFETY: as the caller guarantees.
    let d = unsafe { ffi::obj(d) }?;
    // SAFETY: as the caller guarantees.
    unsafe { ffi::bytes(d.data.cast(), d.size as usize) }
}

/// The certificate of a handle; GNUTLS_E_INVALID_REQUEST for NULL or an object with
/// nothing imported.
///
/// # Safety
/// `crt` is NULL or a handle from gnutls_x509_crt_init.
unsafe fn certificate<'a>(crt: gnutls_x509_crt_t) -> Result<&'a Certificate, i32> {
    // SAFETY: as the caller guarantees.
    unsafe { ffi::obj(crt) }
        .and_then(|c| c.cert.as_ref())
        .ok_or(GNUTLS_E_INVALID_REQUEST)
}

/// Writes `value` to a datum as a fresh gnutls_malloc buffer (NUL-terminated, the
/// NUL not counted).
///
/// # Safety
/// `out` is NULL or points to a writable datum.
pub(super) unsafe fn set_datum(out: *mut gnutls_datum_t, value: &[u8]) -> c_int {
    // SAFETY: as the caller guarantees.
    let Some(out) = (unsafe { ffi::obj_mut(out) }) else {
        return GNUTLS_E_INVALID_REQUEST;
    };
    let p = malloc_copy(value);
    if p.is_null() {
        return GNUTLS_E_MEMORY_ERROR;
    }
    out.data = p;
    out.size = value.len() as c_uint;
    0
}

/// GnuTLS's text buffer protocol (observed with get_dn / get_dn_by_oid): a NULL or
/// too small buffer gives GNUTLS_E_SHORT_MEMORY_BUFFER and `*size` = length + 1;
/// otherwise the text and a NUL are written and `*size` = length.
///
/// # Safety
/// `size` is NULL or writable; `buf` is NULL or has `*size` writable bytes.
unsafe fn copy_text(value: &[u8], buf: *mut c_void, size: *mut usize) -> c_int {
    // SAFETY: as the caller guarantees.
    let Some(size) = (unsafe { ffi::obj_mut(size) }) else {
        return GNUTLS_E_INVALID_REQUEST;
    };
    if buf.is_null() || *size < value.len() + 1 {
        *size = value.len() + 1;
        return GNUTLS_E_SHORT_MEMORY_BUFFER;
    }
    // SAFETY: buf has *size >= len + 1 writable bytes.
    unsafe { ffi::write_cstr(buf.cast(), *size, value) };
    *size = value.len();
    0
}

/// The binary buffer protocol (raw DN values, fingerprints): NULL or too small →
/// GNUTLS_E_SHORT_MEMORY_BUFFER with `*size` = length; else copy, `*size` = length.
///
/// # Safety
/// As [`copy_text`].
unsafe fn copy_bytes(value: &[u8], buf: *mut c_void, size: *mut usize) -> c_int {
    // SAFETY: as the caller guarantees.
    let Some(size) = (unsafe { ffi::obj_mut(size) }) else {
        return GNUTLS_E_INVALID_REQUEST;
    };
    if buf.is_null() || *size < value.len() {
        *size = value.len();
        return GNUTLS_E_SHORT_MEMORY_BUFFER;
    }
    // SAFETY: buf has *size >= len writable bytes.
    unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), buf.cast::<u8>(), value.len()) };
    *size = value.len();
    0
}

pub unsafe extern "C" fn gnutls_x509_crt_init(cert: *mut gnutls_x509_crt_t) -> c_int {
    guard("gnutls_x509_crt_init", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: cert is NULL or a writable handle slot (API contract).
        let Some(slot) = (unsafe { ffi::obj_mut(cert) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        *slot = ffi::into_handle(Crt::default());
        0
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_deinit(cert: gnutls_x509_crt_t) {
    guard("gnutls_x509_crt_deinit", (), || {
        // SAFETY: cert is NULL or from gnutls_x509_crt_init, not used afterwards.
        unsafe { ffi::free_handle(cert) }
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_import(
    cert: gnutls_x509_crt_t,
    data: *const gnutls_datum_t,
    format: c_uint,
) -> c_int {
    guard("gnutls_x509_crt_import", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: cert is NULL or a live handle used by this thread (API contract).
        let Some(crt) = (unsafe { ffi::obj_mut(cert) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        // SAFETY: data is NULL or a valid datum (API contract).
        let Some(bytes) = (unsafe { datum(data) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let der = match ders(bytes, format, GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR) {
            Ok(mut list) => list.swap_remove(0),
            Err(e) => return e,
        };
        match cert::parse(&der) {
            Ok(c) => {
                crt.cert = Some(c);
                0
            }
            Err(e) => der_error(e),
        }
    })
}

/// Parses every certificate of `data`.
fn import_list(data: &[u8], format: c_uint) -> Result<Vec<Certificate>, i32> {
    let list = ders(data, format, GNUTLS_E_NO_CERTIFICATE_FOUND)?;
    list.iter()
        .map(|d| cert::parse(d).map_err(der_error))
        .collect()
}

/// What FAIL_IF_UNSORTED requires: each certificate issued (by name) by the next.
fn is_sorted(list: &[Certificate]) -> bool {
    list.windows(2).all(|w| w[0].issuer.der == w[1].subject.der)
}

/// Imports up to `*cert_max` certificates. Observed on 3.7.9: more certificates than
/// room imports the first `*cert_max` and returns that count, unless
/// FAIL_IF_EXCEED, which gives GNUTLS_E_SHORT_MEMORY_BUFFER with `*cert_max` = the
/// number present; on other errors `*cert_max` is untouched.
pub unsafe extern "C" fn gnutls_x509_crt_list_import(
    certs: *mut gnutls_x509_crt_t,
    cert_max: *mut c_uint,
    data: *const gnutls_datum_t,
    format: c_uint,
    flags: c_uint,
) -> c_int {
    guard(
        "gnutls_x509_crt_list_import",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: cert_max is NULL or writable (API contract).
            let Some(max) = (unsafe { ffi::obj_mut(cert_max) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: data is NULL or a valid datum (API contract).
            let Some(bytes) = (unsafe { datum(data) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let list = match import_list(bytes, format) {
                Ok(l) => l,
                Err(e) => return e,
            };
            // Observed: an unsorted list reports its length in *cert_max.
            if flags & GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED != 0 && !is_sorted(&list) {
                *max = list.len() as c_uint;
                return GNUTLS_E_CERTIFICATE_LIST_UNSORTED;
            }
            if list.len() > *max as usize && flags & GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED != 0
            {
                *max = list.len() as c_uint;
                return GNUTLS_E_SHORT_MEMORY_BUFFER;
            }
            if certs.is_null() && *max > 0 {
                return GNUTLS_E_INVALID_REQUEST;
            }
            let n = list.len().min(*max as usize);
            for (i, c) in list.into_iter().take(n).enumerate() {
                // SAFETY: certs has room for *max handles (API contract), i < *max.
                unsafe { *certs.add(i) = ffi::into_handle(Crt { cert: Some(c) }) };
            }
            *max = n as c_uint;
            n as c_int
        },
    )
}

/// Imports every certificate into a gnutls_malloc'd array the caller frees with
/// gnutls_free (after deinit of each). 0 on success; on error `*size` = 0.
pub unsafe extern "C" fn gnutls_x509_crt_list_import2(
    certs: *mut *mut gnutls_x509_crt_t,
    size: *mut c_uint,
    data: *const gnutls_datum_t,
    format: c_uint,
    flags: c_uint,
) -> c_int {
    guard(
        "gnutls_x509_crt_list_import2",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: certs and size are NULL or writable (API contract).
            let (Some(out), Some(count)) = (unsafe { ffi::obj_mut(certs) }, unsafe {
                ffi::obj_mut(size)
            }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            *count = 0;
            // SAFETY: data is NULL or a valid datum (API contract).
            let Some(bytes) = (unsafe { datum(data) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let list = match import_list(bytes, format) {
                Ok(l) => l,
                Err(e) => return e,
            };
            if flags & GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED != 0 && !is_sorted(&list) {
                return GNUTLS_E_CERTIFICATE_LIST_UNSORTED;
            }
            let len = list.len() * std::mem::size_of::<gnutls_x509_crt_t>();
            // SAFETY: a fresh allocation for list.len() handles, filled below.
            let array = unsafe { libc::malloc(len.max(1)) }.cast::<gnutls_x509_crt_t>();
            if array.is_null() {
                return GNUTLS_E_MEMORY_ERROR;
            }
            for (i, c) in list.iter().enumerate() {
                // SAFETY: i < list.len(), within the allocation.
                unsafe {
                    *array.add(i) = ffi::into_handle(Crt {
                        cert: Some(c.clone()),
                    })
                };
            }
            *out = array;
            *count = list.len() as c_uint;
            0
        },
    )
}

fn dn_text(crt: gnutls_x509_crt_t, issuer: bool) -> Result<String, i32> {
    // SAFETY: crt is NULL or a live handle (API contract of the calling export).
    let c = unsafe { certificate(crt) }?;
    let name = if issuer { &c.issuer } else { &c.subject };
    Ok(name.to_string_der_order())
}

/// The subject DN in certificate order, e.g. "C=US,O=Org,CN=host" (what 3.7.9 gives;
/// not reversed as RFC 4514 would have it).
pub unsafe extern "C" fn gnutls_x509_crt_get_dn(
    cert: gnutls_x509_crt_t,
    buf: *mut c_char,
    buf_size: *mut usize,
) -> c_int {
    guard("gnutls_x509_crt_get_dn", GNUTLS_E_INTERNAL_ERROR, || {
        match dn_text(cert, false) {
            // SAFETY: buf/buf_size as the API requires.
            Ok(dn) => unsafe { copy_text(dn.as_bytes(), buf.cast(), buf_size) },
            Err(e) => e,
        }
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_get_issuer_dn(
    cert: gnutls_x509_crt_t,
    buf: *mut c_char,
    buf_size: *mut usize,
) -> c_int {
    guard(
        "gnutls_x509_crt_get_issuer_dn",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            match dn_text(cert, true) {
                // SAFETY: buf/buf_size as the API requires.
                Ok(dn) => unsafe { copy_text(dn.as_bytes(), buf.cast(), buf_size) },
                Err(e) => e,
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_x509_crt_get_dn2(
    cert: gnutls_x509_crt_t,
    dn: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_x509_crt_get_dn2", GNUTLS_E_INTERNAL_ERROR, || {
        match dn_text(cert, false) {
            // SAFETY: dn is NULL or a writable datum.
            Ok(text) => unsafe { set_datum(dn, text.as_bytes()) },
            Err(e) => e,
        }
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_get_issuer_dn2(
    cert: gnutls_x509_crt_t,
    dn: *mut gnutls_datum_t,
) -> c_int {
    guard(
        "gnutls_x509_crt_get_issuer_dn2",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            match dn_text(cert, true) {
                // SAFETY: dn is NULL or a writable datum.
                Ok(text) => unsafe { set_datum(dn, text.as_bytes()) },
                Err(e) => e,
            }
        },
    )
}

/// The `indx`-th subject attribute with `oid`: escaped text, or with `raw_flag` its
/// DER; GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE when there is none.
pub unsafe extern "C" fn gnutls_x509_crt_get_dn_by_oid(
    cert: gnutls_x509_crt_t,
    oid: *const c_char,
    indx: c_uint,
    raw_flag: c_uint,
    buf: *mut c_void,
    buf_size: *mut usize,
) -> c_int {
    guard(
        "gnutls_x509_crt_get_dn_by_oid",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: cert is NULL or a live handle (API contract).
            let c = match unsafe { certificate(cert) } {
                Ok(c) => c,
                Err(e) => return e,
            };
            // SAFETY: oid is NULL or a NUL-terminated string (API contract).
            let Some(oid) = (unsafe { ffi::cstr(oid) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let Some(attr) = c.subject.by_oid(oid).nth(indx as usize) else {
                return GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE;
            };
            // Observed: the raw DER goes through the text protocol too (room for a NUL).
            let value = if raw_flag != 0 {
                &attr.value_der[..]
            } else {
                attr.text.as_bytes()
            };
            // SAFETY: buf/buf_size as the API requires.
            unsafe { copy_text(value, buf, buf_size) }
        },
    )
}

pub unsafe extern "C" fn gnutls_x509_crt_get_activation_time(
    cert: gnutls_x509_crt_t,
) -> libc::time_t {
    guard("gnutls_x509_crt_get_activation_time", -1, || {
        // SAFETY: cert is NULL or a live handle (API contract).
        unsafe { certificate(cert) }.map_or(-1, |c| c.not_before as libc::time_t)
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_get_expiration_time(
    cert: gnutls_x509_crt_t,
) -> libc::time_t {
    guard("gnutls_x509_crt_get_expiration_time", -1, || {
        // SAFETY: cert is NULL or a live handle (API contract).
        unsafe { certificate(cert) }.map_or(-1, |c| c.not_after as libc::time_t)
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_get_version(cert: gnutls_x509_crt_t) -> c_int {
    guard(
        "gnutls_x509_crt_get_version",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: cert is NULL or a live handle (API contract).
            unsafe { certificate(cert) }.map_or_else(|e| e, |c| c.version as c_int)
        },
    )
}

/// `gnutls_pk_algorithm_t` of a key algorithm.
pub(super) fn pk_value(alg: KeyAlgorithm) -> c_int {
    match alg {
        KeyAlgorithm::Rsa => 1,
        KeyAlgorithm::Dsa => 2,
        KeyAlgorithm::Ec => 4,
        KeyAlgorithm::RsaPss => 6,
        KeyAlgorithm::Ed25519 => 7,
        KeyAlgorithm::Ed448 => 12,
        KeyAlgorithm::Unknown => 0,
    }
}

pub unsafe extern "C" fn gnutls_x509_crt_get_pk_algorithm(
    cert: gnutls_x509_crt_t,
    bits: *mut c_uint,
) -> c_int {
    guard(
        "gnutls_x509_crt_get_pk_algorithm",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: cert is NULL or a live handle (API contract).
            let c = match unsafe { certificate(cert) } {
                Ok(c) => c,
                Err(e) => return e,
            };
            // SAFETY: bits is NULL or writable (API contract).
            if let Some(bits) = unsafe { ffi::obj_mut(bits) } {
                *bits = c.key_bits;
            }
            pk_value(c.key_algorithm)
        },
    )
}

/// `gnutls_digest_algorithm_t` → digest; `None` for one we do not compute.
fn digest_of(algo: c_uint) -> Option<Digest> {
    match algo {
        2 => Some(Digest::Md5),
        3 => Some(Digest::Sha1),
        6 => Some(Digest::Sha256),
        7 => Some(Digest::Sha384),
        8 => Some(Digest::Sha512),
        9 => Some(Digest::Sha224),
        _ => None,
    }
}

/// Observed on 3.7.9 (gnutls_fingerprint): the length is checked first (NULL or short
/// buffer → SHORT_MEMORY_BUFFER with `*size` = digest length), then `*size` is set to
/// it; an unknown digest has length 0, so it gives GNUTLS_E_INVALID_REQUEST with
/// `*size` = 0 (SHORT_MEMORY_BUFFER for a NULL buffer). We compute MD5, SHA-1 and
/// SHA-2; the real library also does RMD160 and SHA-3, for which we answer as for an
/// unknown digest.
pub unsafe extern "C" fn gnutls_x509_crt_get_fingerprint(
    cert: gnutls_x509_crt_t,
    algo: c_uint,
    buf: *mut c_void,
    buf_size: *mut usize,
) -> c_int {
    guard(
        "gnutls_x509_crt_get_fingerprint",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: cert is NULL or a live handle (API contract).
            let c = match unsafe { certificate(cert) } {
                Ok(c) => c,
                Err(e) => return e,
            };
            // SAFETY: buf_size is NULL or writable (API contract).
            let Some(size) = (unsafe { ffi::obj_mut(buf_size) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let digest = digest_of(algo);
            let len = digest.map_or(0, Digest::output_len);
            if len > *size || buf.is_null() {
                *size = len;
                return GNUTLS_E_SHORT_MEMORY_BUFFER;
            }
            *size = len;
            let Some(digest) = digest else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: buf has >= len writable bytes (checked above against *size).
            unsafe { copy_bytes(&cert::digest(digest, &c.der), buf, size) }
        },
    )
}

/// 1 if `hostname` names the certificate (see
/// [`Certificate::matches_hostname`]), else 0.
pub unsafe extern "C" fn gnutls_x509_crt_check_hostname(
    cert: gnutls_x509_crt_t,
    hostname: *const c_char,
) -> c_uint {
    guard("gnutls_x509_crt_check_hostname", 0, || {
        // SAFETY: cert is NULL or a live handle (API contract).
        let Ok(c) = (unsafe { certificate(cert) }) else {
            return 0;
        };
        if hostname.is_null() {
            return 0;
        }
        // SAFETY: hostname is a NUL-terminated string (API contract).
        let host = unsafe { std::ffi::CStr::from_ptr(hostname) }.to_bytes();
        c_uint::from(c.matches_hostname(host, 0))
    })
}

/// As gnutls_x509_crt_check_hostname, with `flags`: GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS
/// and GNUTLS_VERIFY_DO_NOT_ALLOW_IP_MATCHES (an IP literal is then compared as a
/// name); other flags change nothing, as in GnuTLS.
pub unsafe extern "C" fn gnutls_x509_crt_check_hostname2(
    cert: gnutls_x509_crt_t,
    hostname: *const c_char,
    flags: c_uint,
) -> c_uint {
    guard("gnutls_x509_crt_check_hostname2", 0, || {
        // SAFETY: cert is NULL or a live handle (API contract).
        let Ok(c) = (unsafe { certificate(cert) }) else {
            return 0;
        };
        if hostname.is_null() {
            return 0;
        }
        // SAFETY: hostname is a NUL-terminated string (API contract).
        let host = unsafe { std::ffi::CStr::from_ptr(hostname) }.to_bytes();
        // gnutls_certificate_verify_flags GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS and
        // GNUTLS_VERIFY_DO_NOT_ALLOW_IP_MATCHES.
        const NO_WILDCARDS: c_uint = 1 << 12;
        const NO_IP_MATCHES: c_uint = 1 << 1;
        let mut engine_flags = 0;
        if flags & NO_WILDCARDS != 0 {
            engine_flags |= cert::hostname::NO_WILDCARDS;
        }
        if flags & NO_IP_MATCHES != 0 {
            engine_flags |= cert::hostname::NO_IP_MATCHES;
        }
        c_uint::from(c.matches_hostname(host, engine_flags))
    })
}

/// 1 if `issuer`'s subject equals `cert`'s issuer name (byte-wise DER, as GnuTLS
/// compares names), else 0.
pub unsafe extern "C" fn gnutls_x509_crt_check_issuer(
    cert: gnutls_x509_crt_t,
    issuer: gnutls_x509_crt_t,
) -> c_uint {
    guard("gnutls_x509_crt_check_issuer", 0, || {
        // SAFETY: both are NULL or live handles (API contract).
        match unsafe { (certificate(cert), certificate(issuer)) } {
            (Ok(c), Ok(i)) => c_uint::from(c.issuer.der == i.subject.der),
            _ => 0,
        }
    })
}

pub unsafe extern "C" fn gnutls_x509_crt_export2(
    cert: gnutls_x509_crt_t,
    format: c_uint,
    out: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_x509_crt_export2", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: cert is NULL or a live handle (API contract).
        let c = match unsafe { certificate(cert) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        let bytes = match format {
            GNUTLS_X509_FMT_DER => c.der.clone(),
            GNUTLS_X509_FMT_PEM => cert::pem_encode("CERTIFICATE", &c.der).into_bytes(),
            _ => return GNUTLS_E_INVALID_REQUEST,
        };
        // SAFETY: out is NULL or a writable datum.
        unsafe { set_datum(out, &bytes) }
    })
}

/// GnuTLS's name of a signature algorithm OID (the `gnutls_sign_get_name` text).
fn sign_name(c: &Certificate) -> &'static str {
    match c.signature_oid.as_str() {
        "1.2.840.113549.1.1.5" => "RSA-SHA1",
        "1.2.840.113549.1.1.4" => "RSA-MD5",
        "1.2.840.113549.1.1.11" => "RSA-SHA256",
        "1.2.840.113549.1.1.12" => "RSA-SHA384",
        "1.2.840.113549.1.1.13" => "RSA-SHA512",
        "1.2.840.113549.1.1.14" => "RSA-SHA224",
        "1.2.840.10045.4.1" => "ECDSA-SHA1",
        "1.2.840.10045.4.3.1" => "ECDSA-SHA224",
        "1.2.840.10045.4.3.2" => "ECDSA-SHA256",
        "1.2.840.10045.4.3.3" => "ECDSA-SHA384",
        "1.2.840.10045.4.3.4" => "ECDSA-SHA512",
        "1.3.101.112" => "EdDSA-Ed25519",
        "1.3.101.113" => "EdDSA-Ed448",
        "1.2.840.113549.1.1.10" => match c.signature_pss_hash_oid.as_deref() {
            Some("2.16.840.1.101.3.4.2.1") => "RSA-PSS-SHA256",
            Some("2.16.840.1.101.3.4.2.2") => "RSA-PSS-SHA384",
            Some("2.16.840.1.101.3.4.2.3") => "RSA-PSS-SHA512",
            _ => "unknown",
        },
        _ => "unknown",
    }
}

fn pk_name(alg: KeyAlgorithm) -> &'static str {
    match alg {
        KeyAlgorithm::Rsa => "RSA",
        KeyAlgorithm::RsaPss => "RSA-PSS",
        KeyAlgorithm::Dsa => "DSA",
        KeyAlgorithm::Ec => "EC/ECDSA",
        KeyAlgorithm::Ed25519 => "EdDSA (Ed25519)",
        KeyAlgorithm::Ed448 => "EdDSA (Ed448)",
        KeyAlgorithm::Unknown => "unknown",
    }
}

/// "2026-12-01 23:14:18 UTC".
fn utc_text(t: i64) -> String {
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    // Civil-from-days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The one-line description `gnutls_x509_crt_print(GNUTLS_CRT_PRINT_ONELINE)` gives:
/// subject and issuer (RFC 4514 order), serial, key, signature, validity and the
/// SPKI pin. Matches 3.7.9 for RSA and ECDSA certificates with the common signature
/// algorithms; the real one also marks insecure signatures "(broken!)" by its
/// configured policy, which we do not reproduce.
pub fn oneline(c: &Certificate) -> String {
    let serial: String = c
        .serial_unsigned()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let pin = cert::base64_encode(&cert::digest(Digest::Sha256, &c.spki_der));
    format!(
        "subject `{}', issuer `{}', serial 0x{serial}, {} key {} bits, signed using {}, activated `{}', expires `{}', pin-sha256=\"{pin}\"",
        c.subject.to_string_rfc4514(),
        c.issuer.to_string_rfc4514(),
        pk_name(c.key_algorithm),
        c.key_bits,
        sign_name(c),
        utc_text(c.not_before),
        utc_text(c.not_after),
    )
}

/// Only GNUTLS_CRT_PRINT_ONELINE is implemented; the other formats return
/// GNUTLS_E_UNIMPLEMENTED_FEATURE.
pub unsafe extern "C" fn gnutls_x509_crt_print(
    cert: gnutls_x509_crt_t,
    format: c_uint,
    out: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_x509_crt_print", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: cert is NULL or a live handle (API contract).
        let c = match unsafe { certificate(cert) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        let text = match format {
            GNUTLS_CRT_PRINT_ONELINE => oneline(c),
            // lib/x509/output.c: the one line, then the key IDs (print_obj_id).
            GNUTLS_CRT_PRINT_COMPACT => {
                let sha1 = cert::digest(Digest::Sha1, &c.spki_der);
                let sha256 = cert::digest(Digest::Sha256, &c.spki_der);
                let hex = |d: &[u8]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
                format!(
                    "{}\n\tPublic Key ID:\n\t\tsha1:{}\n\t\tsha256:{}\n\tPublic Key PIN:\n\t\tpin-sha256:{}\n",
                    oneline(c),
                    hex(&sha1),
                    hex(&sha256),
                    cert::base64_encode(&sha256)
                )
            }
            _ => {
                crate::gnutls::log(
                    1,
                    "tlsshim: gnutls_x509_crt_print: only ONELINE and COMPACT are implemented",
                );
                return GNUTLS_E_UNIMPLEMENTED_FEATURE;
            }
        };
        // SAFETY: out is NULL or a writable datum.
        unsafe { set_datum(out, text.as_bytes()) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_text(1796166858), "2026-12-01 23:14:18 UTC");
        assert_eq!(utc_text(951782400), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn crt_from_der_errors() {
        assert_eq!(
            crt_from_der(b"garbage").err(),
            Some(GNUTLS_E_ASN1_TAG_ERROR)
        );
        assert_eq!(
            crt_from_der(&[0x30, 0x82, 0x01]).err(),
            Some(GNUTLS_E_ASN1_DER_ERROR)
        );
    }
}
