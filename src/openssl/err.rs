//! The ERR queue entries of the libssl face: library 20 (`ERR_LIB_SSL`) with the real
//! reason codes, pushed onto the system libcrypto's per-thread queue.
use super::libcrypto as lc;
use std::ffi::{c_int, CString};

/// Pushes `ERR_LIB_SSL` / `reason` naming `func`, with optional detail text.
pub fn push(func: &str, reason: c_int, detail: Option<&str>) {
    let func_c = CString::new(func).unwrap_or_default();
    let detail_c = detail.map(|d| CString::new(d.replace('\0', " ")).unwrap_or_default());
    // SAFETY: the strings are NUL-terminated and live across the calls; ERR_set_error
    // copies the formatted data, and "%s" consumes exactly the one argument given.
    unsafe {
        lc::ERR_new();
        lc::ERR_set_debug(c"tlsshim".as_ptr(), 0, func_c.as_ptr());
        match &detail_c {
            Some(d) => lc::ERR_set_error(lc::ERR_LIB_SSL, reason, c"%s".as_ptr(), d.as_ptr()),
            None => lc::ERR_set_error(lc::ERR_LIB_SSL, reason, std::ptr::null()),
        }
    }
}

/// What every unimplemented libssl export pushes before returning its failure value.
pub fn push_unimplemented(func: &str) {
    push(
        func,
        lc::ERR_R_UNSUPPORTED,
        Some(&format!("{func} is not implemented by tlsshim")),
    );
}

/// A NULL where the function needs an object: `ERR_R_PASSED_NULL_PARAMETER`.
pub fn push_null(func: &str) {
    push(func, lc::ERR_R_PASSED_NULL_PARAMETER, None);
}

/// A panic caught at the boundary: `ERR_R_INTERNAL_ERROR` with the panic message.
pub fn push_panic(func: &str, msg: &str) {
    push(
        func,
        lc::ERR_R_INTERNAL_ERROR,
        Some(&format!("tlsshim internal error: {msg}")),
    );
}
