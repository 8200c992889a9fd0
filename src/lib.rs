//! tlsshim: the C ABI of OpenSSL's libssl and of GnuTLS, backed by rustls.
//!
//! - [`engine`] does all TLS, in Rust terms, with neutral outcomes;
//! - [`openssl`] and [`gnutls`] are the two faces: thin `extern "C"` functions that
//!   check arguments, call the engine and translate its outcomes;
//! - [`ffi`] is the boundary kit every export uses.
//!
//! The exported C names and their version nodes come from `src/symbols.tsv`
//! (see build.rs): an export is an alias of the face function of the same name, or
//! of a generated stub.
pub mod engine;
pub mod ffi;
pub mod gnutls;
pub mod openssl;

/// Generated stubs for every export `src/symbols.tsv` marks `stub`.
pub mod stubs {
    include!(concat!(env!("OUT_DIR"), "/stubs.rs"));
}

// The C names, their aliases and data objects (generated from src/symbols.tsv).
include!(concat!(env!("OUT_DIR"), "/exports.rs"));
