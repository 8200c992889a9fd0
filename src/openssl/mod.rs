//! The libssl face: `extern "C"` functions with OpenSSL 3.0's names and semantics,
//! each a thin translation over [`crate::engine`].
//!
//! Every export runs inside [`guard`]: a panic becomes the function's documented
//! failure value plus an ERR entry (`ERR_R_INTERNAL_ERROR`).
//!
//! The safety contract of each `unsafe extern "C"` export is its OpenSSL man page's:
//! pointers are NULL or valid objects of the documented type.
#![allow(clippy::missing_safety_doc)]
pub mod alert;
pub mod alert_table;
pub mod cert;
pub mod conf;
pub mod consts;
pub mod ctx;
pub mod dtls;
pub mod early_data;
pub mod err;
pub mod info;
pub mod io;
pub mod libcrypto;
pub mod reasons;
pub mod security;
pub mod server;
pub mod sess_cache;
pub mod session;
pub mod ssl;
pub mod suites;
pub mod verify;

pub use alert::*;
pub use cert::*;
pub use conf::*;
pub use ctx::*;
pub use dtls::*;
pub use early_data::*;
pub use info::*;
pub use io::*;
pub use security::*;
pub use server::*;
pub use sess_cache::*;
pub use session::*;
pub use ssl::*;
pub use suites::*;
pub use verify::*;

/// Runs an export body; a panic pushes an ERR entry naming `func` and returns `fail`.
pub fn guard<R: std::fmt::Debug>(func: &'static str, fail: R, body: impl FnOnce() -> R) -> R {
    crate::ffi::catch_panic(|| {
        crate::ffi::trace_call(func);
        crate::ffi::maybe_forced_panic(func);
        let r = body();
        crate::ffi::trace_return(func, &r);
        r
    })
    .unwrap_or_else(|msg| {
        err::push_panic(func, &msg);
        fail
    })
}
