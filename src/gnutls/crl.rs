//! `gnutls_x509_crl_t`: a CRL read from DER or PEM, handed to
//! `gnutls_certificate_set_x509_crl` (lftp's `ssl:crl-file`), which checks it from then
//! on with the engine's revocation checks (see `creds.rs`).
// The exports' contract is the GnuTLS manual's, not a `# Safety` section per fn.
#![allow(clippy::missing_safety_doc)]
#![allow(non_camel_case_types)]
use std::ffi::{c_int, c_uint};

use crate::ffi;
use crate::gnutls::errors::*;
use crate::gnutls::guard;
use crate::gnutls::x509::{datum, gnutls_datum_t, GNUTLS_X509_FMT_DER, GNUTLS_X509_FMT_PEM};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateRevocationListDer;

/// The object behind a `gnutls_x509_crl_t`: empty until an import.
#[derive(Default)]
pub struct Crl {
    pub der: Option<Vec<u8>>,
}

pub type gnutls_x509_crl_t = *mut Crl;

pub unsafe extern "C" fn gnutls_x509_crl_init(crl: *mut gnutls_x509_crl_t) -> c_int {
    guard("gnutls_x509_crl_init", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: crl is NULL or a writable handle slot (API contract).
        let Some(slot) = (unsafe { ffi::obj_mut(crl) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        *slot = ffi::into_handle(Crl::default());
        0
    })
}

pub unsafe extern "C" fn gnutls_x509_crl_deinit(crl: gnutls_x509_crl_t) {
    guard("gnutls_x509_crl_deinit", (), || {
        // SAFETY: crl is NULL or from gnutls_x509_crl_init, not used afterwards.
        unsafe { ffi::free_handle(crl) }
    })
}

/// A DER CRL, or the first "X509 CRL" section of a PEM text. What is not a CRL:
/// an ASN.1 error (DER) or GNUTLS_E_BASE64_DECODING_ERROR (PEM).
pub unsafe extern "C" fn gnutls_x509_crl_import(
    crl: gnutls_x509_crl_t,
    data: *const gnutls_datum_t,
    format: c_uint,
) -> c_int {
    guard("gnutls_x509_crl_import", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: crl is NULL or a live handle; data NULL or a valid datum.
        let (Some(c), Some(bytes)) = (unsafe { ffi::obj_mut(crl) }, unsafe { datum(data) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let der = match format {
            GNUTLS_X509_FMT_DER => bytes.to_vec(),
            GNUTLS_X509_FMT_PEM => match CertificateRevocationListDer::pem_slice_iter(bytes).next()
            {
                Some(Ok(d)) => d.as_ref().to_vec(),
                _ => return GNUTLS_E_BASE64_DECODING_ERROR,
            },
            _ => return GNUTLS_E_INVALID_REQUEST,
        };
        // As for certificates (observed): not a SEQUENCE → GNUTLS_E_ASN1_TAG_ERROR,
        // a broken one → GNUTLS_E_ASN1_DER_ERROR.
        if der.first() != Some(&0x30) {
            return GNUTLS_E_ASN1_TAG_ERROR;
        }
        if !crate::engine::x509::is_crl(&der) {
            return GNUTLS_E_ASN1_DER_ERROR;
        }
        c.der = Some(der);
        0
    })
}
