//! Placeholder: the `GNUTLS_E_*` codes the session face uses, values from gnutls.h.
//! The full table (gnutls_strerror, gnutls_error_is_fatal …) replaces this file.
use std::ffi::c_int;

pub const GNUTLS_E_SUCCESS: c_int = 0;
pub const GNUTLS_E_UNSUPPORTED_VERSION_PACKET: c_int = -8;
pub const GNUTLS_E_UNEXPECTED_PACKET_LENGTH: c_int = -9;
pub const GNUTLS_E_INVALID_SESSION: c_int = -10;
pub const GNUTLS_E_FATAL_ALERT_RECEIVED: c_int = -12;
pub const GNUTLS_E_UNEXPECTED_PACKET: c_int = -15;
pub const GNUTLS_E_DECRYPTION_FAILED: c_int = -24;
pub const GNUTLS_E_MEMORY_ERROR: c_int = -25;
pub const GNUTLS_E_AGAIN: c_int = -28;
pub const GNUTLS_E_INSUFFICIENT_CREDENTIALS: c_int = -32;
pub const GNUTLS_E_BASE64_DECODING_ERROR: c_int = -34;
pub const GNUTLS_E_CERTIFICATE_ERROR: c_int = -43;
pub const GNUTLS_E_NO_CERTIFICATE_FOUND: c_int = -49;
pub const GNUTLS_E_INVALID_REQUEST: c_int = -50;
pub const GNUTLS_E_SHORT_MEMORY_BUFFER: c_int = -51;
pub const GNUTLS_E_INTERRUPTED: c_int = -52;
pub const GNUTLS_E_PUSH_ERROR: c_int = -53;
pub const GNUTLS_E_PULL_ERROR: c_int = -54;
pub const GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER: c_int = -55;
pub const GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE: c_int = -56;
pub const GNUTLS_E_INTERNAL_ERROR: c_int = -59;
pub const GNUTLS_E_CERTIFICATE_KEY_MISMATCH: c_int = -60;
pub const GNUTLS_E_FILE_ERROR: c_int = -64;
pub const GNUTLS_E_NO_CIPHER_SUITES: c_int = -87;
pub const GNUTLS_E_PREMATURE_TERMINATION: c_int = -110;
pub const GNUTLS_E_NO_PRIORITIES_WERE_SET: c_int = -326;
pub const GNUTLS_E_UNIMPLEMENTED_FEATURE: c_int = -1250;
