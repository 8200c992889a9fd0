//! `gnutls_x509_trust_list_t`: a set of trusted CA certificates a program fills and
//! hands to certificate credentials with `gnutls_certificate_set_trust_list`
//! (gnutls-cli does, and fills it afterwards). The credentials then own the list and
//! read it whenever a handshake starts or a peer is verified.
//!
//! Return values are the real library's (ctests/gnutls_trust_resume.c): an add
//! function returns how many certificates it added; a missing file is
//! GNUTLS_E_FILE_ERROR. CRLs given to a list are accepted and not enforced, as with
//! `gnutls_certificate_set_x509_crl_file`.
// Every export's safety contract is the GnuTLS API's own (x509.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::Datum;
use super::x509::{gnutls_x509_crt_t, Crt};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::ffi::{c_char, c_int, c_uint};

/// gnutls_x509_crt_fmt_t.
const GNUTLS_X509_FMT_DER: c_uint = 0;

/// The bundle `gnutls_x509_trust_list_add_system_trust` loads (Debian's
/// `--with-default-trust-store-file`).
pub const SYSTEM_TRUST_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";

#[derive(Default)]
pub struct TrustList {
    pub certs: Vec<CertificateDer<'static>>,
    /// Certificate objects given with `gnutls_x509_trust_list_add_cas`: the list owns
    /// them and deinitializes them with itself (`all` set).
    owned: Vec<gnutls_x509_crt_t>,
}

impl TrustList {
    fn add(&mut self, certs: Vec<CertificateDer<'static>>) -> c_int {
        let n = certs.len() as c_int;
        self.certs.extend(certs);
        n
    }
}

impl Drop for TrustList {
    fn drop(&mut self) {
        for crt in self.owned.drain(..) {
            // SAFETY: handed to us by add_cas, which transfers ownership.
            unsafe { crate::ffi::free_handle(crt) };
        }
    }
}

/// The certificates of PEM or DER bytes; a PEM with none is zero of them.
pub fn certs_in(bytes: &[u8], fmt: c_uint) -> Vec<CertificateDer<'static>> {
    if fmt == GNUTLS_X509_FMT_DER {
        return vec![CertificateDer::from(bytes.to_vec())];
    }
    CertificateDer::pem_slice_iter(bytes)
        .filter_map(Result::ok)
        .collect()
}

unsafe fn list<'a>(p: *mut TrustList) -> Option<&'a mut TrustList> {
    // SAFETY: p is NULL or a live list used by one thread at a time.
    unsafe { crate::ffi::obj_mut(p) }
}

fn on_list(
    func: &'static str,
    p: *mut TrustList,
    body: impl FnOnce(&mut TrustList) -> c_int,
) -> c_int {
    super::guard(func, GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: the API's contract for the list handle.
        match unsafe { list(p) } {
            Some(l) => body(l),
            None => GNUTLS_E_INVALID_REQUEST,
        }
    })
}

fn add_file(l: &mut TrustList, path: Option<&str>, fmt: c_uint) -> c_int {
    let Some(path) = path else {
        return 0;
    };
    match std::fs::read(path) {
        Ok(bytes) => l.add(certs_in(&bytes, fmt)),
        Err(_) => GNUTLS_E_FILE_ERROR,
    }
}

pub unsafe extern "C" fn gnutls_x509_trust_list_init(
    list: *mut *mut TrustList,
    _size: c_uint,
) -> c_int {
    super::guard(
        "gnutls_x509_trust_list_init",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            if list.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: list is writable (checked non-NULL).
            unsafe { *list = crate::ffi::into_handle(TrustList::default()) };
            0
        },
    )
}

/// `all`: also deinitialize the certificates the list owns (from add_cas); without
/// it they stay alive, as GnuTLS leaves them to the program.
pub unsafe extern "C" fn gnutls_x509_trust_list_deinit(list: *mut TrustList, all: c_uint) {
    super::guard("gnutls_x509_trust_list_deinit", (), || {
        // SAFETY: list is NULL or from gnutls_x509_trust_list_init, not used afterwards.
        if let Some(l) = unsafe { self::list(list) } {
            if all == 0 {
                l.owned.clear();
            }
        }
        // SAFETY: as above.
        unsafe { crate::ffi::free_handle(list) }
    })
}

pub unsafe extern "C" fn gnutls_x509_trust_list_add_trust_file(
    list: *mut TrustList,
    ca_file: *const c_char,
    _crl_file: *const c_char,
    fmt: c_uint,
    _tl_flags: c_uint,
    _tl_vflags: c_uint,
) -> c_int {
    on_list("gnutls_x509_trust_list_add_trust_file", list, |l| {
        // SAFETY: ca_file is NULL or a C string.
        add_file(l, unsafe { crate::ffi::cstr(ca_file) }, fmt)
    })
}

pub unsafe extern "C" fn gnutls_x509_trust_list_add_trust_mem(
    list: *mut TrustList,
    cas: *const Datum,
    _crls: *const Datum,
    fmt: c_uint,
    _tl_flags: c_uint,
    _tl_vflags: c_uint,
) -> c_int {
    on_list("gnutls_x509_trust_list_add_trust_mem", list, |l| {
        // SAFETY: cas is NULL or a datum with size readable bytes.
        let bytes = unsafe { crate::ffi::obj(cas) }
            .and_then(|d| unsafe { crate::ffi::bytes(d.data.cast(), d.size as usize) });
        bytes.map_or(0, |b| l.add(certs_in(b, fmt)))
    })
}

pub unsafe extern "C" fn gnutls_x509_trust_list_add_trust_dir(
    list: *mut TrustList,
    ca_dir: *const c_char,
    _crl_dir: *const c_char,
    fmt: c_uint,
    _tl_flags: c_uint,
    _tl_vflags: c_uint,
) -> c_int {
    on_list("gnutls_x509_trust_list_add_trust_dir", list, |l| {
        // SAFETY: ca_dir is NULL or a C string.
        let Some(dir) = (unsafe { crate::ffi::cstr(ca_dir) }) else {
            return 0;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return GNUTLS_E_FILE_ERROR;
        };
        let mut total = 0;
        for entry in entries.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                total += l.add(certs_in(&bytes, fmt));
            }
        }
        total
    })
}

pub unsafe extern "C" fn gnutls_x509_trust_list_add_system_trust(
    list: *mut TrustList,
    _tl_flags: c_uint,
    _tl_vflags: c_uint,
) -> c_int {
    on_list("gnutls_x509_trust_list_add_system_trust", list, |l| {
        add_file(l, Some(SYSTEM_TRUST_FILE), 1)
    })
}

/// Takes the certificates (the list owns them from now on; the array stays the
/// caller's); returns how many were added.
pub unsafe extern "C" fn gnutls_x509_trust_list_add_cas(
    list: *mut TrustList,
    clist: *const gnutls_x509_crt_t,
    clist_size: c_uint,
    _flags: c_uint,
) -> c_int {
    on_list("gnutls_x509_trust_list_add_cas", list, |l| {
        if clist.is_null() && clist_size > 0 {
            return GNUTLS_E_INVALID_REQUEST;
        }
        let mut added = 0;
        for i in 0..clist_size as usize {
            // SAFETY: clist holds clist_size handles, as the API requires.
            let crt = unsafe { *clist.add(i) };
            // SAFETY: each handle is NULL or from gnutls_x509_crt_init.
            let Some(der) = (unsafe { crate::ffi::obj(crt) }).and_then(Crt::der) else {
                continue;
            };
            l.certs.push(CertificateDer::from(der.to_vec()));
            l.owned.push(crt);
            added += 1;
        }
        added
    })
}
