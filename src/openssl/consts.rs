//! libssl constants, with the values of OpenSSL 3.0's headers (a C test compares
//! them with `<openssl/ssl.h>`).
#![allow(dead_code)]
use std::ffi::{c_int, c_long};

pub const SSL_ERROR_NONE: c_int = 0;
pub const SSL_ERROR_SSL: c_int = 1;
pub const SSL_ERROR_WANT_READ: c_int = 2;
pub const SSL_ERROR_WANT_WRITE: c_int = 3;
pub const SSL_ERROR_WANT_X509_LOOKUP: c_int = 4;
pub const SSL_ERROR_SYSCALL: c_int = 5;
pub const SSL_ERROR_ZERO_RETURN: c_int = 6;
pub const SSL_ERROR_WANT_CONNECT: c_int = 7;
pub const SSL_ERROR_WANT_ACCEPT: c_int = 8;

pub const SSL_VERIFY_NONE: c_int = 0x00;
pub const SSL_VERIFY_PEER: c_int = 0x01;
pub const SSL_VERIFY_FAIL_IF_NO_PEER_CERT: c_int = 0x02;
pub const SSL_VERIFY_CLIENT_ONCE: c_int = 0x04;
pub const SSL_VERIFY_POST_HANDSHAKE: c_int = 0x08;

pub const SSL_MODE_ENABLE_PARTIAL_WRITE: c_long = 0x1;
pub const SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: c_long = 0x2;
pub const SSL_MODE_AUTO_RETRY: c_long = 0x4;
pub const SSL_MODE_RELEASE_BUFFERS: c_long = 0x10;

pub const SSL_SENT_SHUTDOWN: c_int = 1;
pub const SSL_RECEIVED_SHUTDOWN: c_int = 2;

pub const SSL_FILETYPE_PEM: c_int = 1;
pub const SSL_FILETYPE_ASN1: c_int = 2;

pub const TLS1_VERSION: c_int = 0x0301;
pub const TLS1_1_VERSION: c_int = 0x0302;
pub const TLS1_2_VERSION: c_int = 0x0303;
pub const TLS1_3_VERSION: c_int = 0x0304;

pub const SSL_SESS_CACHE_CLIENT: c_long = 0x0001;
pub const SSL_SESS_CACHE_SERVER: c_long = 0x0002;

pub const TLSEXT_NAMETYPE_HOST_NAME: c_long = 0;

pub const SSL_TLSEXT_ERR_OK: c_int = 0;
pub const SSL_TLSEXT_ERR_ALERT_WARNING: c_int = 1;
pub const SSL_TLSEXT_ERR_ALERT_FATAL: c_int = 2;
pub const SSL_TLSEXT_ERR_NOACK: c_int = 3;
pub const SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG: c_int = 273;
pub const OPENSSL_NPN_NEGOTIATED: c_int = 1;
pub const OPENSSL_NPN_NO_OVERLAP: c_int = 2;

// SSL_ctrl / SSL_CTX_ctrl commands.
pub const SSL_CTRL_SET_TMP_DH: c_int = 3;
pub const SSL_CTRL_SET_TMP_ECDH: c_int = 4;
pub const SSL_CTRL_EXTRA_CHAIN_CERT: c_int = 14;
pub const SSL_CTRL_SET_MSG_CALLBACK_ARG: c_int = 16;
pub const SSL_CTRL_SESS_NUMBER: c_int = 20;
pub const SSL_CTRL_MODE: c_int = 33;
pub const SSL_CTRL_GET_READ_AHEAD: c_int = 40;
pub const SSL_CTRL_SET_READ_AHEAD: c_int = 41;
pub const SSL_CTRL_SET_SESS_CACHE_SIZE: c_int = 42;
pub const SSL_CTRL_GET_SESS_CACHE_SIZE: c_int = 43;
pub const SSL_CTRL_SET_SESS_CACHE_MODE: c_int = 44;
pub const SSL_CTRL_GET_SESS_CACHE_MODE: c_int = 45;
pub const SSL_CTRL_GET_MAX_CERT_LIST: c_int = 50;
pub const SSL_CTRL_SET_MAX_CERT_LIST: c_int = 51;
pub const SSL_CTRL_SET_MAX_SEND_FRAGMENT: c_int = 52;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_CB: c_int = 53;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG: c_int = 54;
pub const SSL_CTRL_SET_TLSEXT_HOSTNAME: c_int = 55;
pub const SSL_CTRL_CLEAR_MODE: c_int = 78;
pub const SSL_CTRL_GET_EXTRA_CHAIN_CERTS: c_int = 82;
pub const SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS: c_int = 83;
pub const SSL_CTRL_CHAIN: c_int = 88;
pub const SSL_CTRL_CHAIN_CERT: c_int = 89;
pub const SSL_CTRL_SET_GROUPS_LIST: c_int = 92;
pub const SSL_CTRL_SET_SIGALGS_LIST: c_int = 98;
pub const SSL_CTRL_SET_CLIENT_SIGALGS_LIST: c_int = 102;
pub const SSL_CTRL_SET_DH_AUTO: c_int = 118;
pub const SSL_CTRL_GET_EXTMS_SUPPORT: c_int = 122;
pub const SSL_CTRL_GET_NUM_RENEGOTIATIONS: c_int = 10;
pub const SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS: c_int = 11;
pub const SSL_CTRL_GET_TOTAL_RENEGOTIATIONS: c_int = 12;
pub const SSL_CTRL_GET_RI_SUPPORT: c_int = 76;
pub const SSL_CTRL_GET_PEER_SIGNATURE_NID: c_int = 108;
pub const SSL_CTRL_SET_MIN_PROTO_VERSION: c_int = 123;
pub const SSL_CTRL_SET_MAX_PROTO_VERSION: c_int = 124;
pub const SSL_CTRL_GET_MIN_PROTO_VERSION: c_int = 130;
pub const SSL_CTRL_GET_MAX_PROTO_VERSION: c_int = 131;
pub const SSL_CTRL_GET_NEGOTIATED_GROUP: c_int = 134;

// Reason codes (sslerr.h).
pub const SSL_R_BAD_LENGTH: c_int = 271;
pub const SSL_R_LENGTH_MISMATCH: c_int = 159;
pub const SSL_R_PACKET_LENGTH_TOO_LONG: c_int = 198;
pub const SSL_R_INAPPROPRIATE_FALLBACK: c_int = 373;
pub const SSL_R_WRONG_SSL_VERSION: c_int = 266;
pub const SSL_R_NULL_SSL_CTX: c_int = 195;
pub const SSL_R_NULL_SSL_METHOD_PASSED: c_int = 196;
pub const SSL_R_BAD_VALUE: c_int = 384;
pub const SSL_R_BAD_DATA: c_int = 390;
pub const SSL_R_UNKNOWN_CMD_NAME: c_int = 386;
pub const SSL_R_BAD_WRITE_RETRY: c_int = 127;
pub const SSL_R_CERTIFICATE_VERIFY_FAILED: c_int = 134;
pub const SSL_R_CONNECTION_TYPE_NOT_SET: c_int = 144;
pub const SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC: c_int = 281;
pub const SSL_R_NO_CERTIFICATE_ASSIGNED: c_int = 177;
pub const SSL_R_NO_CIPHER_MATCH: c_int = 185;
pub const SSL_R_NO_CIPHERS_AVAILABLE: c_int = 181;
pub const SSL_R_NO_PRIVATE_KEY_ASSIGNED: c_int = 190;
pub const SSL_R_NO_PROTOCOLS_AVAILABLE: c_int = 191;
pub const SSL_R_NO_SHARED_CIPHER: c_int = 193;
pub const SSL_R_CALLBACK_FAILED: c_int = 234;
pub const SSL_R_NO_APPLICATION_PROTOCOL: c_int = 235;
pub const SSL_R_TLS_ILLEGAL_EXPORTER_LABEL: c_int = 367;
pub const SSL_R_INVALID_KEY_UPDATE_TYPE: c_int = 120;
pub const SSL_R_STILL_IN_INIT: c_int = 121;
pub const SSL_KEY_UPDATE_NONE: c_int = -1;
pub const SSL_KEY_UPDATE_NOT_REQUESTED: c_int = 0;
pub const SSL_KEY_UPDATE_REQUESTED: c_int = 1;
/// libcrypto's providers (err.h), and the TLS1-PRF KDF's refusal of a zero length.
pub const ERR_LIB_PROV: c_int = 57;
pub const PROV_R_INVALID_KEY_LENGTH: c_int = 105;
pub const SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: c_int = 199;
pub const SSL_R_PRIVATE_KEY_MISMATCH: c_int = 288;
pub const SSL_R_PROTOCOL_IS_SHUTDOWN: c_int = 207;
pub const SSL_R_SHUTDOWN_WHILE_IN_INIT: c_int = 407;
pub const SSL_R_UNEXPECTED_EOF_WHILE_READING: c_int = 294;
pub const SSL_R_UNEXPECTED_MESSAGE: c_int = 244;
pub const SSL_R_UNINITIALIZED: c_int = 276;
pub const SSL_R_UNSUPPORTED_PROTOCOL: c_int = 258;
pub const SSL_R_HTTP_REQUEST: c_int = 156;
pub const SSL_R_BAD_RECORD_TYPE: c_int = 443;
pub const SSL_R_HTTPS_PROXY_REQUEST: c_int = 155;
pub const SSL_R_WRONG_VERSION_NUMBER: c_int = 267;
pub const SSL_R_X509_LIB: c_int = 268;
pub const SSL_R_INVALID_COMMAND: c_int = 280;
/// Alerts received become reason `SSL_AD_REASON_OFFSET + alert` (SSL_R_SSLV3_ALERT_*).
pub const SSL_AD_REASON_OFFSET: c_int = 1000;

// X509_V_ERR_* (x509_vfy.h), for SSL_get_verify_result.
pub const X509_V_OK: c_long = 0;
pub const X509_V_ERR_UNSPECIFIED: c_long = 1;
pub const X509_V_ERR_UNABLE_TO_GET_CRL: c_long = 3;
pub const X509_V_ERR_CERT_SIGNATURE_FAILURE: c_long = 7;
pub const X509_V_ERR_CERT_NOT_YET_VALID: c_long = 9;
pub const X509_V_ERR_CERT_HAS_EXPIRED: c_long = 10;
pub const X509_V_ERR_CRL_HAS_EXPIRED: c_long = 12;
pub const X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: c_long = 18;
pub const X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: c_long = 19;
pub const X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: c_long = 20;
pub const X509_V_ERR_CERT_REVOKED: c_long = 23;
pub const X509_V_ERR_INVALID_PURPOSE: c_long = 26;
pub const X509_V_ERR_INVALID_CA: c_long = 79;
pub const X509_V_ERR_HOSTNAME_MISMATCH: c_long = 62;
pub const X509_V_ERR_IP_ADDRESS_MISMATCH: c_long = 64;

// Info callback `where` bits (ssl.h).
pub const SSL_ST_CONNECT: c_int = 0x1000;
pub const SSL_ST_ACCEPT: c_int = 0x2000;
pub const SSL_CB_LOOP: c_int = 0x01;
pub const SSL_CB_EXIT: c_int = 0x02;
pub const SSL_CB_READ: c_int = 0x04;
pub const SSL_CB_WRITE: c_int = 0x08;
pub const SSL_CB_ALERT: c_int = 0x4000;
pub const SSL_CB_HANDSHAKE_START: c_int = 0x10;
pub const SSL_CB_HANDSHAKE_DONE: c_int = 0x20;

// Session cache (ssl.h).
pub const SSL_SESS_CACHE_NO_INTERNAL_LOOKUP: c_long = 0x0100;
pub const SSL_SESS_CACHE_NO_INTERNAL_STORE: c_long = 0x0200;
pub const SSL_OP_NO_TICKET: u64 = 1 << 14;
pub const SSL_CTRL_SESS_CONNECT: c_int = 21;
pub const SSL_CTRL_SESS_CONNECT_GOOD: c_int = 22;
pub const SSL_CTRL_SESS_CONNECT_RENEGOTIATE: c_int = 23;
pub const SSL_CTRL_SESS_ACCEPT: c_int = 24;
pub const SSL_CTRL_SESS_ACCEPT_GOOD: c_int = 25;
pub const SSL_CTRL_SESS_ACCEPT_RENEGOTIATE: c_int = 26;
pub const SSL_CTRL_SESS_HIT: c_int = 27;
pub const SSL_CTRL_SESS_CB_HIT: c_int = 28;
pub const SSL_CTRL_SESS_MISSES: c_int = 29;
pub const SSL_CTRL_SESS_TIMEOUTS: c_int = 30;
pub const SSL_CTRL_SESS_CACHE_FULL: c_int = 31;
// X509_VERIFY_PARAM flags (x509_vfy.h).
pub const X509_V_FLAG_CRL_CHECK: std::ffi::c_ulong = 0x4;
pub const X509_V_FLAG_CRL_CHECK_ALL: std::ffi::c_ulong = 0x8;
// X509_VERIFY_PARAM_set_hostflags (x509v3.h).
pub const X509_CHECK_FLAG_NEVER_CHECK_SUBJECT: std::ffi::c_uint = 0x20;
