//! Credentials: certificate credentials (trusted CAs, our certificate and key, the
//! verify function) and anonymous credentials, and attaching them to a session.
//! GnuTLS keeps a pointer to the credentials in the session, so changes made after
//! `gnutls_credentials_set` still count; the engine reads them when a handshake starts.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::{session_ref, Datum, GnutlsSession};
use crate::engine::verify::Roots;
use crate::engine::Identity;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use std::ffi::{c_char, c_int, c_uint, c_void};
use std::sync::Arc;

/// `gnutls_certificate_verify_function`.
pub type VerifyFn = unsafe extern "C" fn(*mut GnutlsSession) -> c_int;

/// gnutls_x509_crt_fmt_t.
const GNUTLS_X509_FMT_DER: c_uint = 0;

/// gnutls_credentials_type_t.
pub const GNUTLS_CRD_CERTIFICATE: c_uint = 1;

use super::trust::{TrustList, SYSTEM_TRUST_FILE};
use super::x509::{gnutls_x509_crt_t, Crt};
use std::ptr::NonNull;

#[derive(Default)]
pub struct CertCredentials {
    pub roots: Arc<Roots>,
    pub identity: Option<Arc<Identity>>,
    pub verify_flags: c_uint,
    pub verify_fn: Option<VerifyFn>,
    /// The list given with `gnutls_certificate_set_trust_list`: owned, and read at
    /// each use because the program may still add to it.
    trust_list: Option<NonNull<TrustList>>,
}

impl Drop for CertCredentials {
    fn drop(&mut self) {
        if let Some(list) = self.trust_list.take() {
            // SAFETY: set_trust_list gave the list to the credentials; it goes with
            // them, with its certificates (GnuTLS deinitializes it with `all`).
            unsafe { super::trust::gnutls_x509_trust_list_deinit(list.as_ptr(), 1) };
        }
    }
}

/// gnutls_certificate_verify_flags GNUTLS_VERIFY_DISABLE_TIME_CHECKS.
const GNUTLS_VERIFY_DISABLE_TIME_CHECKS: c_uint = 1 << 6;

impl CertCredentials {
    /// Whether `gnutls_certificate_set_verify_flags` turned off the validity-period
    /// checks.
    pub fn ignores_time(&self) -> bool {
        self.verify_flags & GNUTLS_VERIFY_DISABLE_TIME_CHECKS != 0
    }

    /// The trusted CAs: those added to the credentials and those of the trust list.
    pub fn trusted_roots(&self) -> Arc<Roots> {
        // SAFETY: the list is owned by the credentials (set_trust_list) and alive.
        let Some(list) = self.trust_list.map(|p| unsafe { p.as_ref() }) else {
            return self.roots.clone();
        };
        let mut all = (*self.roots).clone();
        all.add_all(list.certs.iter().cloned());
        Arc::new(all)
    }

    /// Adds trusted certificates; returns how many the source held, as GnuTLS counts.
    /// (A running session keeps the set it started with.)
    fn add_roots(&mut self, certs: Vec<CertificateDer<'static>>) -> c_int {
        let n = certs.len() as c_int;
        Arc::make_mut(&mut self.roots).add_all(certs);
        n
    }
}

/// Trusted certificates from PEM or DER bytes: a PEM without any is zero of them,
/// not an error (observed).
fn trusted_from(bytes: &[u8], fmt: c_uint) -> Result<Vec<CertificateDer<'static>>, c_int> {
    match certs_from(bytes, fmt) {
        Err(GNUTLS_E_BASE64_DECODING_ERROR) => Ok(Vec::new()),
        other => other,
    }
}

/// Certificates from PEM or DER bytes.
fn certs_from(bytes: &[u8], fmt: c_uint) -> Result<Vec<CertificateDer<'static>>, c_int> {
    if fmt == GNUTLS_X509_FMT_DER {
        return Ok(vec![CertificateDer::from(bytes.to_vec())]);
    }
    let certs: Vec<_> = CertificateDer::pem_slice_iter(bytes)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(GNUTLS_E_BASE64_DECODING_ERROR);
    }
    Ok(certs)
}

fn key_from(bytes: &[u8], fmt: c_uint) -> Result<PrivateKeyDer<'static>, c_int> {
    if fmt == GNUTLS_X509_FMT_DER {
        return PrivateKeyDer::try_from(bytes.to_vec()).map_err(|_| GNUTLS_E_BASE64_DECODING_ERROR);
    }
    PrivateKeyDer::from_pem_slice(bytes).map_err(|_| GNUTLS_E_BASE64_DECODING_ERROR)
}

unsafe fn read_path(path: *const c_char) -> Result<Vec<u8>, c_int> {
    // SAFETY: path is NULL or a NUL-terminated string, as the API requires.
    let path = unsafe { crate::ffi::cstr(path) }.ok_or(GNUTLS_E_INVALID_REQUEST)?;
    std::fs::read(path).map_err(|_| GNUTLS_E_FILE_ERROR)
}

unsafe fn datum_bytes<'a>(d: *const Datum) -> Option<&'a [u8]> {
    // SAFETY: d is NULL or a datum with size readable bytes, as the API requires.
    let d = unsafe { crate::ffi::obj(d) }?;
    // SAFETY: as above.
    unsafe { crate::ffi::bytes(d.data.cast(), d.size as usize) }
}

unsafe fn creds<'a>(res: *mut CertCredentials) -> Option<&'a mut CertCredentials> {
    // SAFETY: res is NULL or a live credentials handle used by one thread at a time.
    unsafe { crate::ffi::obj_mut(res) }
}

pub unsafe extern "C" fn gnutls_certificate_allocate_credentials(
    res: *mut *mut CertCredentials,
) -> c_int {
    super::guard(
        "gnutls_certificate_allocate_credentials",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            if res.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: res is writable (checked non-NULL).
            unsafe { *res = crate::ffi::into_handle(CertCredentials::default()) };
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_certificate_free_credentials(sc: *mut CertCredentials) {
    // SAFETY: sc is NULL or came from gnutls_certificate_allocate_credentials.
    super::guard("gnutls_certificate_free_credentials", (), || unsafe {
        crate::ffi::free_handle(sc)
    })
}

pub unsafe extern "C" fn gnutls_certificate_set_x509_trust_file(
    cred: *mut CertCredentials,
    cafile: *const c_char,
    fmt: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_trust_file",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let Some(c) = (unsafe { creds(cred) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: as above.
            match unsafe { read_path(cafile) }.and_then(|b| trusted_from(&b, fmt)) {
                Ok(certs) => c.add_roots(certs),
                Err(code) => code,
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_certificate_set_x509_trust_mem(
    cred: *mut CertCredentials,
    ca: *const Datum,
    fmt: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_trust_mem",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let (Some(c), Some(bytes)) = (unsafe { creds(cred) }, unsafe { datum_bytes(ca) })
            else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            match trusted_from(bytes, fmt) {
                Ok(certs) => c.add_roots(certs),
                Err(code) => code,
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_certificate_set_x509_trust_dir(
    cred: *mut CertCredentials,
    ca_dir: *const c_char,
    fmt: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_trust_dir",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let (Some(c), Some(dir)) =
                (unsafe { creds(cred) }, unsafe { crate::ffi::cstr(ca_dir) })
            else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let Ok(entries) = std::fs::read_dir(dir) else {
                return GNUTLS_E_FILE_ERROR;
            };
            // Every file that holds certificates counts; others are skipped, as GnuTLS
            // skips them.
            let mut total = 0;
            for entry in entries.flatten() {
                if let Ok(certs) = std::fs::read(entry.path())
                    .map_err(|_| GNUTLS_E_FILE_ERROR)
                    .and_then(|b| trusted_from(&b, fmt))
                {
                    total += c.add_roots(certs);
                }
            }
            total
        },
    )
}

pub unsafe extern "C" fn gnutls_certificate_set_x509_system_trust(
    cred: *mut CertCredentials,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_system_trust",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the argument follows the API contract.
            let Some(c) = (unsafe { creds(cred) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            match std::fs::read(SYSTEM_TRUST_FILE)
                .map_err(|_| GNUTLS_E_FILE_ERROR)
                .and_then(|b| trusted_from(&b, 1))
            {
                Ok(certs) => c.add_roots(certs),
                Err(code) => code,
            }
        },
    )
}

/// `gnutls_certificate_set_trust_list`: the credentials take the list (and free it
/// with themselves); any trust list set before is freed.
pub unsafe extern "C" fn gnutls_certificate_set_trust_list(
    res: *mut CertCredentials,
    tlist: *mut TrustList,
    _flags: c_uint,
) {
    super::guard("gnutls_certificate_set_trust_list", (), || {
        // SAFETY: the arguments follow the API contract.
        if let Some(c) = unsafe { creds(res) } {
            if let Some(old) = std::mem::replace(&mut c.trust_list, NonNull::new(tlist)) {
                if Some(old) != c.trust_list {
                    // SAFETY: the credentials owned the old list.
                    unsafe { super::trust::gnutls_x509_trust_list_deinit(old.as_ptr(), 1) };
                }
            }
        }
    })
}

/// Trusted CAs as certificate objects (copied: the program may deinit them); the
/// number added. An empty list is GNUTLS_E_INVALID_REQUEST (observed).
pub unsafe extern "C" fn gnutls_certificate_set_x509_trust(
    res: *mut CertCredentials,
    ca_list: *const gnutls_x509_crt_t,
    ca_list_size: c_int,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_trust",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let Some(c) = (unsafe { creds(res) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            if ca_list.is_null() || ca_list_size <= 0 {
                return GNUTLS_E_INVALID_REQUEST;
            }
            let mut certs = Vec::new();
            for i in 0..ca_list_size as usize {
                // SAFETY: ca_list holds ca_list_size handles, as the API requires.
                let crt = unsafe { *ca_list.add(i) };
                // SAFETY: each handle is NULL or from gnutls_x509_crt_init.
                match unsafe { crate::ffi::obj(crt) }.and_then(Crt::der) {
                    Some(der) => certs.push(CertificateDer::from(der.to_vec())),
                    None => return GNUTLS_E_INVALID_REQUEST,
                }
            }
            c.add_roots(certs)
        },
    )
}

/// CRL objects (gnutls_x509_crl_import), checked from now on like those of
/// gnutls_certificate_set_x509_crl_file; returns how many were added.
pub unsafe extern "C" fn gnutls_certificate_set_x509_crl(
    res: *mut CertCredentials,
    crl_list: *const *mut super::crl::Crl,
    crl_list_size: c_int,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_crl",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the argument follows the API contract.
            let Some(c) = (unsafe { creds(res) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let Ok(n) = usize::try_from(crl_list_size) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            if crl_list.is_null() && n > 0 {
                return GNUTLS_E_INVALID_REQUEST;
            }
            let mut ders = Vec::with_capacity(n);
            for i in 0..n {
                // SAFETY: crl_list holds n handles from gnutls_x509_crl_init.
                let crl = unsafe { crate::ffi::obj(*crl_list.add(i)) };
                match crl.and_then(|c| c.der.clone()) {
                    Some(der) => ders.push(der),
                    None => return GNUTLS_E_INVALID_REQUEST,
                }
            }
            match Arc::make_mut(&mut c.roots).add_crls(&ders) {
                Ok(added) => added as c_int,
                Err(_) => {
                    super::log(1, "tlsshim: a CRL cannot be checked (webpki takes v2 CRLs)");
                    GNUTLS_E_UNIMPLEMENTED_FEATURE
                }
            }
        },
    )
}

/// CRLs (PEM or DER) checked from now on against every certificate of a peer's chain
/// (GNUTLS_CERT_REVOKED); returns how many were read. A CRL the engine cannot check
/// (webpki takes v2 CRLs with a CRL number) fails the call with
/// GNUTLS_E_UNIMPLEMENTED_FEATURE rather than being ignored.
pub unsafe extern "C" fn gnutls_certificate_set_x509_crl_file(
    cred: *mut CertCredentials,
    crlfile: *const c_char,
    fmt: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_crl_file",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let Some(c) = (unsafe { creds(cred) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: as above.
            let bytes = match unsafe { read_path(crlfile) } {
                Ok(b) => b,
                Err(code) => return code,
            };
            let ders: Vec<Vec<u8>> = if fmt == GNUTLS_X509_FMT_DER {
                vec![bytes]
            } else {
                CertificateRevocationListDer::pem_slice_iter(&bytes)
                    .filter_map(Result::ok)
                    .map(|d| d.as_ref().to_vec())
                    .collect()
            };
            if ders.is_empty() {
                return GNUTLS_E_BASE64_DECODING_ERROR;
            }
            match Arc::make_mut(&mut c.roots).add_crls(&ders) {
                Ok(n) => n as c_int,
                Err(_) => {
                    super::log(
                        1,
                        "tlsshim: a CRL in that file cannot be checked (webpki takes v2 CRLs)",
                    );
                    GNUTLS_E_UNIMPLEMENTED_FEATURE
                }
            }
        },
    )
}

fn set_identity(
    c: &mut CertCredentials,
    cert: Result<Vec<u8>, c_int>,
    key: Result<Vec<u8>, c_int>,
    fmt: c_uint,
) -> c_int {
    let chain = match cert.and_then(|b| certs_from(&b, fmt)) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let key = match key.and_then(|b| key_from(&b, fmt)) {
        Ok(k) => k,
        Err(code) => return code,
    };
    match Identity::new(chain, key) {
        Ok(id) => {
            c.identity = Some(Arc::new(id));
            0
        }
        Err(_) => GNUTLS_E_CERTIFICATE_KEY_MISMATCH,
    }
}

pub unsafe extern "C" fn gnutls_certificate_set_x509_key_file(
    res: *mut CertCredentials,
    certfile: *const c_char,
    keyfile: *const c_char,
    fmt: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_key_file",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let Some(c) = (unsafe { creds(res) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: as above.
            let (cert, key) = unsafe { (read_path(certfile), read_path(keyfile)) };
            set_identity(c, cert, key, fmt)
        },
    )
}

/// Encrypted keys (a password) are not supported; a plain key ignores `pass`.
pub unsafe extern "C" fn gnutls_certificate_set_x509_key_file2(
    res: *mut CertCredentials,
    certfile: *const c_char,
    keyfile: *const c_char,
    fmt: c_uint,
    _pass: *const c_char,
    _flags: c_uint,
) -> c_int {
    // SAFETY: same contract as gnutls_certificate_set_x509_key_file.
    unsafe { gnutls_certificate_set_x509_key_file(res, certfile, keyfile, fmt) }
}

pub unsafe extern "C" fn gnutls_certificate_set_x509_key_mem(
    res: *mut CertCredentials,
    cert: *const Datum,
    key: *const Datum,
    fmt: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_set_x509_key_mem",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: the arguments follow the API contract.
            let Some(c) = (unsafe { creds(res) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: as above.
            let (cert, key) = unsafe { (datum_bytes(cert), datum_bytes(key)) };
            set_identity(
                c,
                cert.map(<[u8]>::to_vec).ok_or(GNUTLS_E_INVALID_REQUEST),
                key.map(<[u8]>::to_vec).ok_or(GNUTLS_E_INVALID_REQUEST),
                fmt,
            )
        },
    )
}

/// Stored. `GNUTLS_VERIFY_DISABLE_TIME_CHECKS` turns off the validity-period checks
/// (during the handshake and in verify_peers); the other flags do not change the
/// engine's checks: those that relax them (MD2/MD5/SHA-1 signatures, X.509 v1 CAs,
/// unsorted chains, which rustls-webpki sorts anyway) stay refused, which is the safe
/// side.
pub unsafe extern "C" fn gnutls_certificate_set_verify_flags(
    res: *mut CertCredentials,
    flags: c_uint,
) {
    super::guard("gnutls_certificate_set_verify_flags", (), || {
        // SAFETY: the argument follows the API contract.
        if let Some(c) = unsafe { creds(res) } {
            c.verify_flags = flags;
        }
    })
}

/// The function runs during the handshake, once the server's certificate has been
/// received; a non-zero return aborts the handshake with GNUTLS_E_CERTIFICATE_ERROR.
pub unsafe extern "C" fn gnutls_certificate_set_verify_function(
    cred: *mut CertCredentials,
    func: Option<VerifyFn>,
) {
    super::guard("gnutls_certificate_set_verify_function", (), || {
        // SAFETY: the argument follows the API contract.
        if let Some(c) = unsafe { creds(cred) } {
            c.verify_fn = func;
        }
    })
}

/// Anonymous credentials: accepted as objects; the engine has no anonymous suites,
/// so they enable nothing.
pub struct AnonCredentials;

unsafe fn anon_allocate(sc: *mut *mut AnonCredentials) -> c_int {
    if sc.is_null() {
        return GNUTLS_E_INVALID_REQUEST;
    }
    // SAFETY: sc is writable (checked non-NULL).
    unsafe { *sc = crate::ffi::into_handle(AnonCredentials) };
    0
}

pub unsafe extern "C" fn gnutls_anon_allocate_client_credentials(
    sc: *mut *mut AnonCredentials,
) -> c_int {
    // SAFETY: sc follows the API contract.
    super::guard(
        "gnutls_anon_allocate_client_credentials",
        GNUTLS_E_INTERNAL_ERROR,
        || unsafe { anon_allocate(sc) },
    )
}

pub unsafe extern "C" fn gnutls_anon_allocate_server_credentials(
    sc: *mut *mut AnonCredentials,
) -> c_int {
    // SAFETY: sc follows the API contract.
    super::guard(
        "gnutls_anon_allocate_server_credentials",
        GNUTLS_E_INTERNAL_ERROR,
        || unsafe { anon_allocate(sc) },
    )
}

pub unsafe extern "C" fn gnutls_anon_free_client_credentials(sc: *mut AnonCredentials) {
    // SAFETY: sc is NULL or came from gnutls_anon_allocate_client_credentials.
    super::guard("gnutls_anon_free_client_credentials", (), || unsafe {
        crate::ffi::free_handle(sc)
    })
}

pub unsafe extern "C" fn gnutls_anon_free_server_credentials(sc: *mut AnonCredentials) {
    // SAFETY: sc is NULL or came from gnutls_anon_allocate_server_credentials.
    super::guard("gnutls_anon_free_server_credentials", (), || unsafe {
        crate::ffi::free_handle(sc)
    })
}

pub unsafe extern "C" fn gnutls_credentials_set(
    session: *mut GnutlsSession,
    kind: c_uint,
    cred: *mut c_void,
) -> c_int {
    super::guard("gnutls_credentials_set", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        if kind == GNUTLS_CRD_CERTIFICATE {
            s.set_cert_credentials(cred.cast());
        }
        0
    })
}

pub unsafe extern "C" fn gnutls_credentials_clear(session: *mut GnutlsSession) {
    super::guard("gnutls_credentials_clear", (), || {
        // SAFETY: session is NULL or live.
        if let Some(s) = unsafe { session_ref(session) } {
            s.set_cert_credentials(std::ptr::null_mut());
        }
    })
}

/// `gnutls_certificate_set_flags` (GNUTLS_CERTIFICATE_*): accepted; none changes what
/// the engine does.
pub unsafe extern "C" fn gnutls_certificate_set_flags(res: *mut CertCredentials, _flags: c_uint) {
    super::guard("gnutls_certificate_set_flags", (), || {
        // SAFETY: the argument follows the API contract.
        let _ = unsafe { creds(res) };
    })
}

/// PINs are for PKCS #11 keys, which this face does not load: accepted, never called.
pub unsafe extern "C" fn gnutls_certificate_set_pin_function(
    _res: *mut CertCredentials,
    _func: *mut c_void,
    _userdata: *mut c_void,
) {
    super::guard("gnutls_certificate_set_pin_function", (), || ())
}

/// The callback that picks a client certificate when a server asks: accepted but not
/// called; the client offers the certificate set with set_x509_key_* (if any).
pub unsafe extern "C" fn gnutls_certificate_set_retrieve_function2(
    _res: *mut CertCredentials,
    _func: *mut c_void,
) {
    super::guard("gnutls_certificate_set_retrieve_function2", (), || ())
}

/// PSK credentials: accepted as objects (gnutls-cli allocates them always); the
/// engine has no PSK suites, so they enable nothing.
pub struct PskCredentials;

pub unsafe extern "C" fn gnutls_psk_allocate_client_credentials(
    sc: *mut *mut PskCredentials,
) -> c_int {
    super::guard(
        "gnutls_psk_allocate_client_credentials",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            if sc.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: sc is writable (checked non-NULL).
            unsafe { *sc = crate::ffi::into_handle(PskCredentials) };
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_psk_free_client_credentials(sc: *mut PskCredentials) {
    // SAFETY: sc is NULL or came from gnutls_psk_allocate_client_credentials.
    super::guard("gnutls_psk_free_client_credentials", (), || unsafe {
        crate::ffi::free_handle(sc)
    })
}

/// Accepted; never called (no PSK suites).
pub unsafe extern "C" fn gnutls_psk_set_client_credentials_function(
    _cred: *mut PskCredentials,
    _func: *mut c_void,
) {
    super::guard("gnutls_psk_set_client_credentials_function", (), || ())
}
