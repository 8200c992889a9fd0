//! The allocator hooks `gnutls_malloc`, `gnutls_free` … are data objects in the real
//! library (function pointers programs copy-relocate, see build.rs). They point at
//! libc's allocator, which is also what every buffer we hand to the program uses, so
//! the program's `gnutls_free(data)` frees what we allocated.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use std::ffi::{c_char, c_void};

pub unsafe extern "C" fn gnutls_malloc_impl(size: usize) -> *mut c_void {
    // SAFETY: plain libc allocation.
    unsafe { libc::malloc(size) }
}
pub unsafe extern "C" fn gnutls_secure_malloc_impl(size: usize) -> *mut c_void {
    // SAFETY: plain libc allocation.
    unsafe { libc::malloc(size) }
}
pub unsafe extern "C" fn gnutls_calloc_impl(n: usize, size: usize) -> *mut c_void {
    // SAFETY: plain libc allocation.
    unsafe { libc::calloc(n, size) }
}
pub unsafe extern "C" fn gnutls_realloc_impl(p: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: p is NULL or from this allocator, as the GnuTLS API requires.
    unsafe { libc::realloc(p, size) }
}
pub unsafe extern "C" fn gnutls_free_impl(p: *mut c_void) {
    // SAFETY: p is NULL or from this allocator, as the GnuTLS API requires.
    unsafe { libc::free(p) }
}
pub unsafe extern "C" fn gnutls_strdup_impl(s: *const c_char) -> *mut c_char {
    if s.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: s is a NUL-terminated string, as the API requires.
    unsafe { libc::strdup(s) }
}

/// Copies `data` into a fresh `gnutls_malloc` buffer (what `gnutls_datum_t` outputs
/// hold); a trailing NUL is added, as GnuTLS does for its text outputs.
pub fn malloc_copy(data: &[u8]) -> *mut u8 {
    // SAFETY: a fresh allocation of len + 1 bytes, filled before it is returned.
    unsafe {
        let p = libc::malloc(data.len() + 1).cast::<u8>();
        if !p.is_null() {
            std::ptr::copy_nonoverlapping(data.as_ptr(), p, data.len());
            *p.add(data.len()) = 0;
        }
        p
    }
}

/// `gnutls_load_file`: the file's bytes in a gnutls_malloc'd datum (NUL-terminated,
/// the NUL not counted); GNUTLS_E_FILE_ERROR when it cannot be read.
pub unsafe extern "C" fn gnutls_load_file(
    filename: *const c_char,
    data: *mut super::session::Datum,
) -> std::ffi::c_int {
    use super::errors::*;
    super::guard("gnutls_load_file", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: filename is NULL or a C string; data NULL or writable.
        let (Some(path), Some(out)) = (unsafe { crate::ffi::cstr(filename) }, unsafe {
            crate::ffi::obj_mut(data)
        }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let Ok(bytes) = std::fs::read(path) else {
            return GNUTLS_E_FILE_ERROR;
        };
        let Ok(size) = std::ffi::c_uint::try_from(bytes.len()) else {
            return GNUTLS_E_FILE_ERROR;
        };
        let p = malloc_copy(&bytes);
        if p.is_null() {
            return GNUTLS_E_MEMORY_ERROR;
        }
        out.data = p;
        out.size = size;
        0
    })
}
