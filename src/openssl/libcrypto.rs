//! The system libcrypto functions the libssl face uses (DESIGN.md: X509, X509_STORE,
//! X509_VERIFY_PARAM, EVP_PKEY, BIO, STACK_OF(X509) and the ERR queue are real
//! libcrypto objects). Declared here, and only here; we link libcrypto.so.3, never
//! libssl.so.3, and export no libcrypto name.
#![allow(non_camel_case_types, non_snake_case, dead_code)]
use std::ffi::{c_char, c_int, c_long, c_uchar, c_ulong, c_void};

/// Opaque libcrypto types.
#[repr(C)]
pub struct BIO {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509 {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_CRL {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_STORE {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_OBJECT {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_VERIFY_PARAM {
    _p: [u8; 0],
}
#[repr(C)]
pub struct EVP_PKEY {
    _p: [u8; 0],
}
#[repr(C)]
pub struct EVP_MD {
    _p: [u8; 0],
}
#[repr(C)]
pub struct OPENSSL_STACK {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_STORE_CTX {
    _p: [u8; 0],
}
#[repr(C)]
pub struct BIO_METHOD {
    _p: [u8; 0],
}

pub const ERR_LIB_SSL: c_int = 20;
pub const ERR_RFLAGS_OFFSET: c_int = 18;
pub const ERR_RFLAG_FATAL: c_int = 0x1 << ERR_RFLAGS_OFFSET;
pub const ERR_RFLAG_COMMON: c_int = 0x2 << ERR_RFLAGS_OFFSET;
pub const ERR_R_FATAL: c_int = ERR_RFLAG_FATAL | ERR_RFLAG_COMMON;
pub const ERR_R_PASSED_NULL_PARAMETER: c_int = 258 | ERR_R_FATAL;
pub const ERR_R_INTERNAL_ERROR: c_int = 259 | ERR_R_FATAL;
pub const ERR_R_UNSUPPORTED: c_int = 268 | ERR_RFLAG_COMMON;
pub const ERR_R_SYS_LIB: c_int = 2 | ERR_RFLAG_COMMON;
pub const ERR_R_PASSED_INVALID_ARGUMENT: c_int = 262 | ERR_RFLAG_COMMON;

pub const BIO_FLAGS_READ: c_int = 0x01;
pub const BIO_FLAGS_WRITE: c_int = 0x02;
pub const BIO_FLAGS_IO_SPECIAL: c_int = 0x04;
pub const BIO_FLAGS_SHOULD_RETRY: c_int = 0x08;
pub const BIO_CTRL_FLUSH: c_int = 11;
pub const BIO_C_GET_FD: c_int = 105;
/// BIO_TYPE_SOCKET: 5 | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR (bio.h).
pub const BIO_TYPE_SOCKET: c_int = 5 | 0x0400 | 0x0100;
pub const BIO_NOCLOSE: c_int = 0x00;

pub const X509_V_OK: c_long = 0;
/// X509_LOOKUP_TYPE of an X509_OBJECT holding a CRL.
pub const X509_LU_CRL: c_int = 2;

extern "C" {
    pub fn OPENSSL_init_crypto(opts: u64, settings: *const c_void) -> c_int;

    pub fn ERR_new();
    pub fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char);
    pub fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char, ...);
    pub fn ERR_clear_error();
    pub fn ERR_peek_error() -> c_ulong;
    pub fn ERR_peek_last_error() -> c_ulong;
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;
    pub fn ERR_clear_last_mark() -> c_int;

    pub fn BIO_read(b: *mut BIO, data: *mut c_void, dlen: c_int) -> c_int;
    pub fn BIO_write(b: *mut BIO, data: *const c_void, dlen: c_int) -> c_int;
    pub fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn BIO_test_flags(b: *const BIO, flags: c_int) -> c_int;
    pub fn BIO_new_socket(sock: c_int, close_flag: c_int) -> *mut BIO;
    pub fn BIO_method_type(b: *const BIO) -> c_int;
    pub fn BIO_get_callback_ex(b: *const BIO) -> *mut c_void;
    pub fn BIO_get_callback(b: *const BIO) -> *mut c_void;
    pub fn BIO_next(b: *mut BIO) -> *mut BIO;
    pub fn BIO_up_ref(b: *mut BIO) -> c_int;
    pub fn BIO_free_all(b: *mut BIO);

    pub fn X509_STORE_new() -> *mut X509_STORE;
    pub fn X509_STORE_free(s: *mut X509_STORE);
    pub fn X509_STORE_up_ref(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_get0_objects(s: *mut X509_STORE) -> *mut OPENSSL_STACK;
    pub fn X509_STORE_load_file(s: *mut X509_STORE, file: *const c_char) -> c_int;
    pub fn X509_STORE_load_path(s: *mut X509_STORE, path: *const c_char) -> c_int;
    pub fn X509_STORE_set_default_paths(s: *mut X509_STORE) -> c_int;
    pub fn X509_OBJECT_get0_X509(o: *const X509_OBJECT) -> *mut X509;
    pub fn X509_OBJECT_get_type(o: *const X509_OBJECT) -> c_int;
    pub fn X509_OBJECT_get0_X509_CRL(o: *const X509_OBJECT) -> *mut X509_CRL;
    pub fn i2d_X509_CRL(c: *const X509_CRL, out: *mut *mut c_uchar) -> c_int;
    pub fn X509_STORE_get0_param(s: *const X509_STORE) -> *mut X509_VERIFY_PARAM;
    pub fn X509_VERIFY_PARAM_get_flags(p: *const X509_VERIFY_PARAM) -> c_ulong;
    pub fn X509_VERIFY_PARAM_get_hostflags(p: *const X509_VERIFY_PARAM) -> std::ffi::c_uint;

    pub fn X509_STORE_CTX_new() -> *mut X509_STORE_CTX;
    pub fn X509_STORE_CTX_free(c: *mut X509_STORE_CTX);
    pub fn X509_STORE_CTX_init(
        c: *mut X509_STORE_CTX,
        store: *mut X509_STORE,
        x: *mut X509,
        chain: *mut OPENSSL_STACK,
    ) -> c_int;
    pub fn X509_STORE_CTX_set_error(c: *mut X509_STORE_CTX, e: c_int);
    pub fn X509_STORE_CTX_set_error_depth(c: *mut X509_STORE_CTX, d: c_int);
    pub fn X509_STORE_CTX_set_current_cert(c: *mut X509_STORE_CTX, x: *mut X509);
    pub fn X509_STORE_CTX_set_ex_data(
        c: *mut X509_STORE_CTX,
        idx: c_int,
        data: *mut c_void,
    ) -> c_int;
    pub fn CRYPTO_get_ex_new_index(
        class: c_int,
        argl: c_long,
        argp: *mut c_void,
        newf: *mut c_void,
        dupf: *mut c_void,
        freef: *mut c_void,
    ) -> c_int;
    pub fn X509_check_issued(issuer: *mut X509, subject: *mut X509) -> c_int;

    pub fn X509_VERIFY_PARAM_new() -> *mut X509_VERIFY_PARAM;
    pub fn X509_VERIFY_PARAM_free(p: *mut X509_VERIFY_PARAM);
    pub fn X509_VERIFY_PARAM_inherit(
        to: *mut X509_VERIFY_PARAM,
        from: *const X509_VERIFY_PARAM,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_host(
        p: *mut X509_VERIFY_PARAM,
        name: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_get0_host(p: *mut X509_VERIFY_PARAM, idx: c_int) -> *mut c_char;
    pub fn X509_VERIFY_PARAM_get1_ip_asc(p: *mut X509_VERIFY_PARAM) -> *mut c_char;
    pub fn X509_VERIFY_PARAM_set_depth(p: *mut X509_VERIFY_PARAM, depth: c_int);
    pub fn X509_VERIFY_PARAM_get_depth(p: *const X509_VERIFY_PARAM) -> c_int;

    pub fn X509_free(x: *mut X509);
    pub fn X509_get_subject_name(x: *const X509) -> *mut c_void;
    pub fn X509_NAME_dup(n: *const c_void) -> *mut c_void;
    pub fn X509_NAME_free(n: *mut c_void);
    pub fn X509_up_ref(x: *mut X509) -> c_int;
    pub fn d2i_X509(out: *mut *mut X509, inp: *mut *const c_uchar, len: c_long) -> *mut X509;
    pub fn i2d_X509(x: *const X509, out: *mut *mut c_uchar) -> c_int;

    pub fn EVP_PKEY_free(k: *mut EVP_PKEY);
    pub fn EVP_sha256() -> *const EVP_MD;
    pub fn EVP_sha384() -> *const EVP_MD;
    pub fn EVP_PKEY2PKCS8(k: *const EVP_PKEY) -> *mut c_void;
    pub fn i2d_PKCS8_PRIV_KEY_INFO(p8: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn PKCS8_PRIV_KEY_INFO_free(p8: *mut c_void);
    pub fn i2d_PrivateKey(k: *const EVP_PKEY, out: *mut *mut c_uchar) -> c_int;

    pub fn OPENSSL_sk_new_null() -> *mut OPENSSL_STACK;
    pub fn OPENSSL_sk_num(s: *const OPENSSL_STACK) -> c_int;
    pub fn OPENSSL_sk_value(s: *const OPENSSL_STACK, i: c_int) -> *mut c_void;
    pub fn OPENSSL_sk_push(s: *mut OPENSSL_STACK, v: *const c_void) -> c_int;
    pub fn OPENSSL_sk_pop_free(s: *mut OPENSSL_STACK, f: Option<unsafe extern "C" fn(*mut c_void)>);
    pub fn OPENSSL_sk_free(s: *mut OPENSSL_STACK);

    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);
    pub fn CRYPTO_malloc(n: usize, file: *const c_char, line: c_int) -> *mut c_void;
}

/// `pem_password_cb`.
pub type PemPasswordCb =
    Option<unsafe extern "C" fn(*mut c_char, c_int, c_int, *mut c_void) -> c_int>;

/// `BIO_read_filename`'s control (bio.h): open `name` for reading.
pub const BIO_C_SET_FILENAME: c_int = 108;
pub const BIO_CLOSE: c_long = 0x01;
pub const BIO_FP_READ: c_long = 0x02;
/// `ERR_R_PEM_LIB`.
pub const ERR_R_PEM_LIB: c_int = 9 | ERR_RFLAG_COMMON;

extern "C" {
    pub fn BIO_s_file() -> *const BIO_METHOD;
    pub fn BIO_new(m: *const BIO_METHOD) -> *mut BIO;
    pub fn BIO_free(b: *mut BIO) -> c_int;
    pub fn PEM_read_bio_PrivateKey(
        bp: *mut BIO,
        x: *mut *mut EVP_PKEY,
        cb: PemPasswordCb,
        u: *mut c_void,
    ) -> *mut EVP_PKEY;
    pub fn PEM_read_bio_X509(
        bp: *mut BIO,
        x: *mut *mut X509,
        cb: PemPasswordCb,
        u: *mut c_void,
    ) -> *mut X509;
    pub fn X509_NAME_cmp(a: *const c_void, b: *const c_void) -> c_int;
    pub fn OPENSSL_sk_zero(s: *mut OPENSSL_STACK);
    pub fn i2d_X509_NAME(a: *const c_void, out: *mut *mut c_uchar) -> c_int;
    pub fn d2i_AutoPrivateKey(
        a: *mut *mut EVP_PKEY,
        pp: *mut *const c_uchar,
        length: c_long,
    ) -> *mut EVP_PKEY;
}

/// A file BIO reading `path`, as `BIO_new(BIO_s_file())` + `BIO_read_filename` (what
/// libssl's file loaders use, so a missing file queues the same errors); NULL when it
/// cannot be opened.
///
/// # Safety
/// `path` is a NUL-terminated string.
pub unsafe fn bio_read_file(path: *const c_char) -> *mut BIO {
    // SAFETY: a new file BIO; BIO_ctrl opens the named file or fails (then freed).
    unsafe {
        let b = BIO_new(BIO_s_file());
        if b.is_null() {
            return b;
        }
        if BIO_ctrl(
            b,
            BIO_C_SET_FILENAME,
            BIO_CLOSE | BIO_FP_READ,
            path as *mut c_void,
        ) <= 0
        {
            BIO_free(b);
            return std::ptr::null_mut();
        }
        b
    }
}
