//! Library-wide state: init reference count, version check, log and audit-log
//! functions.
// The exports' contract is the GnuTLS manual's, not a `# Safety` section per fn.
#![allow(clippy::missing_safety_doc)]
#![allow(non_snake_case)]
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

/// The version we advertise: the GnuTLS release whose ABI we stand in for.
pub const VERSION: &CStr = c"3.7.9";

/// `void (*gnutls_log_func)(int level, const char *msg)`.
pub type LogFunc = unsafe extern "C" fn(c_int, *const c_char);
/// `void (*gnutls_audit_log_func)(gnutls_session_t, const char *msg)`.
pub type AuditLogFunc = unsafe extern "C" fn(*mut c_void, *const c_char);

static INIT_COUNT: AtomicUsize = AtomicUsize::new(0);
static LOG_LEVEL: AtomicI32 = AtomicI32::new(0);
/// The stored function pointers, as addresses (0 = none): one atomic each, so a log
/// call never takes a lock.
static LOG_FUNC: AtomicUsize = AtomicUsize::new(0);
static AUDIT_LOG_FUNC: AtomicUsize = AtomicUsize::new(0);

extern "C" {
    /// glibc's version-string comparison, what the real gnutls_check_version uses.
    fn strverscmp(a: *const c_char, b: *const c_char) -> c_int;
}

/// Calls the program's log function with `msg` when one is set and `level` is at or
/// below the level it set (the real `_gnutls_log` rule). GnuTLS's log lines end in a
/// newline; one is added when `msg` lacks it.
pub fn log(level: i32, msg: &str) {
    let f = LOG_FUNC.load(Ordering::Acquire);
    if f == 0 || level > LOG_LEVEL.load(Ordering::Relaxed) {
        return;
    }
    let mut line = msg.replace('\0', " ");
    if !line.ends_with('\n') {
        line.push('\n');
    }
    let Ok(line) = CString::new(line) else { return };
    // SAFETY: f is non-zero, so it was stored from a LogFunc by
    // gnutls_global_set_log_function.
    let f: LogFunc = unsafe { std::mem::transmute::<usize, LogFunc>(f) };
    // SAFETY: the program's function, called as its documented type.
    unsafe { f(level, line.as_ptr()) };
}

/// An audit message (e.g. a security-relevant peer misbehaviour) about `session`: to
/// the audit-log function when set, else to the log function at level 1, as
/// `_gnutls_audit_log` does.
// The session pointer is not dereferenced here: it is the program's own handle, handed
// back to the program's callback as its documented first argument.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub fn audit_log(session: *mut c_void, msg: &str) {
    let f = AUDIT_LOG_FUNC.load(Ordering::Acquire);
    if f == 0 {
        log(1, msg);
        return;
    }
    let Ok(line) = CString::new(msg.replace('\0', " ")) else {
        return;
    };
    // SAFETY: f is non-zero, so it was stored from an AuditLogFunc by
    // gnutls_global_set_audit_log_function.
    let f: AuditLogFunc = unsafe { std::mem::transmute::<usize, AuditLogFunc>(f) };
    // SAFETY: the program's function, called as its documented type.
    unsafe { f(session, line.as_ptr()) };
}

/// Reference counted; always 0 (success).
pub unsafe extern "C" fn gnutls_global_init() -> c_int {
    crate::gnutls::guard(
        "gnutls_global_init",
        crate::gnutls::GNUTLS_E_INTERNAL_ERROR,
        || {
            INIT_COUNT.fetch_add(1, Ordering::AcqRel);
            0
        },
    )
}

/// Undoes one gnutls_global_init; an unbalanced call does nothing.
pub unsafe extern "C" fn gnutls_global_deinit() {
    crate::gnutls::guard("gnutls_global_deinit", (), || {
        let _ = INIT_COUNT.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    })
}

/// "3.7.9" when `req_version` is NULL or not newer than 3.7.9 by `strverscmp`, NULL
/// otherwise — observed on 3.7.9: "" → "3.7.9", "3.7.10" → NULL, "garbage" → NULL.
pub unsafe extern "C" fn gnutls_check_version(req_version: *const c_char) -> *const c_char {
    crate::gnutls::guard("gnutls_check_version", std::ptr::null(), || {
        if req_version.is_null() {
            return VERSION.as_ptr();
        }
        // SAFETY: req_version is a NUL-terminated string (API contract); VERSION is.
        if unsafe { strverscmp(req_version, VERSION.as_ptr()) } <= 0 {
            VERSION.as_ptr()
        } else {
            std::ptr::null()
        }
    })
}

/// Stores the log function (NULL removes it).
pub unsafe extern "C" fn gnutls_global_set_log_function(log_func: Option<LogFunc>) {
    crate::gnutls::guard("gnutls_global_set_log_function", (), || {
        LOG_FUNC.store(log_func.map_or(0, |f| f as usize), Ordering::Release);
    })
}

pub unsafe extern "C" fn gnutls_global_set_log_level(level: c_int) {
    crate::gnutls::guard("gnutls_global_set_log_level", (), || {
        LOG_LEVEL.store(level, Ordering::Relaxed);
    })
}

/// Stores the audit-log function (NULL removes it).
pub unsafe extern "C" fn gnutls_global_set_audit_log_function(log_func: Option<AuditLogFunc>) {
    crate::gnutls::guard("gnutls_global_set_audit_log_function", (), || {
        AUDIT_LOG_FUNC.store(log_func.map_or(0, |f| f as usize), Ordering::Release);
    })
}

/// The real libgnutls' constructor and destructor ask this whether to skip the
/// implicit global init/deinit. Under LD_PRELOAD it binds to ours and runs while the
/// program exits, when a program's log function may already be gone (lftp's crashed
/// when a stub logged here): so it answers 1 — skip, the real library serves nothing
/// — and never logs.
pub unsafe extern "C" fn _gnutls_global_init_skip() -> c_int {
    super::guard("_gnutls_global_init_skip", 1, || 1)
}

/// Random bytes from the provider's generator (aws-lc's DRBG) for every level
/// (GNUTLS_RND_NONCE, _RANDOM, _KEY): all are cryptographically strong here.
pub unsafe extern "C" fn gnutls_rnd(_level: c_int, data: *mut c_void, len: usize) -> c_int {
    super::guard("gnutls_rnd", super::GNUTLS_E_INTERNAL_ERROR, || {
        if len == 0 {
            return 0;
        }
        // SAFETY: data has len writable bytes, as the API requires.
        let Some(buf) = (unsafe { crate::ffi::bytes_mut(data, len) }) else {
            return super::errors::GNUTLS_E_INVALID_REQUEST;
        };
        match crate::engine::config::default_provider()
            .secure_random
            .fill(buf)
        {
            Ok(()) => 0,
            Err(_) => super::errors::GNUTLS_E_RANDOM_FAILED,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_version_as_the_real_one() {
        let check = |s: Option<&CStr>| {
            // SAFETY: a NUL-terminated string or NULL.
            let p = unsafe { gnutls_check_version(s.map_or(std::ptr::null(), CStr::as_ptr)) };
            // SAFETY: NULL or our static VERSION.
            (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap())
        };
        assert_eq!(check(None), Some("3.7.9"));
        assert_eq!(check(Some(c"3.7.9")), Some("3.7.9"));
        assert_eq!(check(Some(c"3.6.0")), Some("3.7.9"));
        assert_eq!(check(Some(c"")), Some("3.7.9"));
        assert_eq!(check(Some(c"3.7.10")), None);
        assert_eq!(check(Some(c"3.8")), None);
        assert_eq!(check(Some(c"garbage")), None);
    }
}
