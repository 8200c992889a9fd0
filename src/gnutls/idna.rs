//! `gnutls_idna_map`: a host name as IDNA (ASCII). GnuTLS returns printable ASCII
//! unchanged (gnutls-cli passes every host name through it) and converts the rest
//! with libidn2; this face has no IDNA tables, so a non-ASCII name is
//! GNUTLS_E_UNIMPLEMENTED_FEATURE.
// Every export's safety contract is the GnuTLS API's own (gnutls.h).
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::Datum;
use std::ffi::{c_char, c_int, c_uint};

pub unsafe extern "C" fn gnutls_idna_map(
    input: *const c_char,
    ilen: c_uint,
    out: *mut Datum,
    _flags: c_uint,
) -> c_int {
    super::guard("gnutls_idna_map", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: out is NULL or writable; input holds ilen bytes, as the API requires.
        let (Some(out), Some(name)) = (unsafe { crate::ffi::obj_mut(out) }, unsafe {
            crate::ffi::bytes(input.cast(), ilen as usize)
        }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        // GnuTLS: a printable ASCII name (isprint) is copied as is.
        if !name.iter().all(|&b| (0x20..0x7f).contains(&b)) {
            return GNUTLS_E_UNIMPLEMENTED_FEATURE;
        }
        let p = super::alloc::malloc_copy(name);
        if p.is_null() {
            return GNUTLS_E_MEMORY_ERROR;
        }
        out.data = p;
        out.size = ilen;
        0
    })
}
