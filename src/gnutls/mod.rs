//! The GnuTLS face: `extern "C"` functions with GnuTLS 3.7's names and error codes,
//! each a thin translation over [`crate::engine`]. Self-contained: no call reaches the
//! real libgnutls.
pub mod alloc;
pub mod creds;
pub mod crl;
pub mod dtls;
pub mod errors;
pub mod global;
pub mod idna;
pub mod names;
pub mod priority;
pub mod pubkey;
pub mod record;
pub mod resume;
pub mod server;
pub mod session;
pub mod transport;
pub mod trust;
pub mod verify;
pub mod x509;

pub use alloc::*;
pub use creds::*;
pub use crl::*;
pub use dtls::*;
pub use errors::*;
pub use global::*;
pub use idna::*;
pub use names::*;
pub use priority::*;
pub use pubkey::*;
pub use record::*;
pub use server::*;
pub use session::*;
pub use transport::*;
pub use trust::*;
pub use verify::*;
pub use x509::*;

/// `GNUTLS_E_INTERNAL_ERROR`: what a panic inside an export becomes.
pub const GNUTLS_E_INTERNAL_ERROR: i32 = -59;

/// Runs an export body; a panic returns `fail` (GnuTLS has no error queue: the
/// message goes to the log function, as GnuTLS logs its internal errors).
pub fn guard<R: std::fmt::Debug>(func: &'static str, fail: R, body: impl FnOnce() -> R) -> R {
    crate::ffi::catch_panic(|| {
        crate::ffi::trace_call(func);
        crate::ffi::maybe_forced_panic(func);
        let r = body();
        crate::ffi::trace_return(func, &r);
        r
    })
    .unwrap_or_else(|msg| {
        log(1, &format!("tlsshim: internal error in {func}: {msg}"));
        fail
    })
}

/// Reports an unimplemented export.
pub fn log_unimplemented(func: &str) {
    log(1, &format!("tlsshim: {func} is not implemented"));
}

/// Logs through the program's `gnutls_global_set_log_function`, when set and `level`
/// is at or below the level set by `gnutls_global_set_log_level` (see [`global::log`]).
pub fn log(level: i32, msg: &str) {
    global::log(level, msg);
}
