//! The ERR queue entries of the libssl face: library 20 (`ERR_LIB_SSL`) with the real
//! reason codes, pushed onto the system libcrypto's per-thread queue.
use super::libcrypto as lc;
use std::ffi::{c_int, CString};

#[repr(C)]
struct ErrStringData {
    error: std::ffi::c_ulong,
    string: *const std::ffi::c_char,
}

extern "C" {
    fn ERR_load_strings_const(str: *const ErrStringData) -> c_int;
}

/// Registers the ERR_LIB_SSL reason strings with libcrypto, once, as the real
/// libssl does in OPENSSL_init_ssl (the texts come from the real library:
/// tools/gen_ssl_reasons.sh).
pub fn load_strings() {
    struct Table(Vec<ErrStringData>);
    // SAFETY: the table points only at 'static strings and is never mutated.
    unsafe impl Send for Table {}
    // SAFETY: as above.
    unsafe impl Sync for Table {}
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let mut first = false;
    let table = TABLE.get_or_init(|| {
        first = true;
        let mut v: Vec<ErrStringData> = super::reasons::SSL_REASONS
            .iter()
            .map(|(r, s)| ErrStringData {
                error: ((lc::ERR_LIB_SSL as std::ffi::c_ulong) << 23) | std::ffi::c_ulong::from(*r),
                string: s.as_ptr().cast(),
            })
            .collect();
        v.push(ErrStringData {
            error: 0,
            string: std::ptr::null(),
        });
        Table(v)
    });
    if first {
        // SAFETY: a {0, NULL}-terminated array that lives for the whole process.
        unsafe { ERR_load_strings_const(table.0.as_ptr()) };
    }
}

/// Pushes `ERR_LIB_SSL` / `reason` naming `func`, with optional detail text.
pub fn push(func: &str, reason: c_int, detail: Option<&str>) {
    push_lib(func, lc::ERR_LIB_SSL, reason, detail);
}

/// As [`push`], for another library's reason (where the real libssl passes on one
/// that libcrypto pushed).
pub fn push_lib(func: &str, lib: c_int, reason: c_int, detail: Option<&str>) {
    load_strings();
    let func_c = CString::new(func).unwrap_or_default();
    let detail_c = detail.map(|d| CString::new(d.replace('\0', " ")).unwrap_or_default());
    // SAFETY: the strings are NUL-terminated and live across the calls; ERR_set_error
    // copies the formatted data, and "%s" consumes exactly the one argument given.
    unsafe {
        lc::ERR_new();
        lc::ERR_set_debug(c"tlsshim".as_ptr(), 0, func_c.as_ptr());
        match &detail_c {
            Some(d) => lc::ERR_set_error(lib, reason, c"%s".as_ptr(), d.as_ptr()),
            None => lc::ERR_set_error(lib, reason, std::ptr::null()),
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
