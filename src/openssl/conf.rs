//! `SSL_CONF_CTX` / `SSL_CONF_cmd`: configuration by name (nginx's `ssl_conf_command`,
//! OpenSSL config files), for the common commands, applied through the same setters a
//! program would call. Return values as SSL_CONF_cmd(3): 2 the command took its value,
//! 1 it took none, 0 a bad value, -2 an unknown command.
#![allow(non_snake_case, non_camel_case_types)]
use super::consts::*;
use super::ctx::SSL_CTX;
use super::{err, guard};
use crate::ffi;
use std::ffi::{c_char, c_int, c_uint, CString};

pub const SSL_CONF_FLAG_CMDLINE: c_uint = 0x1;
pub const SSL_CONF_FLAG_FILE: c_uint = 0x2;
pub const SSL_CONF_FLAG_SHOW_ERRORS: c_uint = 0x10;
pub const SSL_CONF_TYPE_UNKNOWN: c_int = 0;
pub const SSL_CONF_TYPE_STRING: c_int = 1;
pub const SSL_CONF_TYPE_FILE: c_int = 2;

pub struct SSL_CONF_CTX {
    flags: c_uint,
    ctx: *mut SSL_CTX,
}

/// (file-style name, command-line name, value type, what it sets)
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cmd {
    MinProtocol,
    MaxProtocol,
    CipherString,
    Ciphersuites,
    Groups,
    SignatureAlgorithms,
    Certificate,
    PrivateKey,
}

const CMDS: &[(&str, &str, c_int, Cmd)] = &[
    (
        "MinProtocol",
        "min_protocol",
        SSL_CONF_TYPE_STRING,
        Cmd::MinProtocol,
    ),
    (
        "MaxProtocol",
        "max_protocol",
        SSL_CONF_TYPE_STRING,
        Cmd::MaxProtocol,
    ),
    (
        "CipherString",
        "cipher",
        SSL_CONF_TYPE_STRING,
        Cmd::CipherString,
    ),
    (
        "Ciphersuites",
        "ciphersuites",
        SSL_CONF_TYPE_STRING,
        Cmd::Ciphersuites,
    ),
    ("Groups", "groups", SSL_CONF_TYPE_STRING, Cmd::Groups),
    ("Curves", "curves", SSL_CONF_TYPE_STRING, Cmd::Groups),
    (
        "SignatureAlgorithms",
        "sigalgs",
        SSL_CONF_TYPE_STRING,
        Cmd::SignatureAlgorithms,
    ),
    ("Certificate", "cert", SSL_CONF_TYPE_FILE, Cmd::Certificate),
    ("PrivateKey", "key", SSL_CONF_TYPE_FILE, Cmd::PrivateKey),
];

fn lookup(flags: c_uint, name: &str) -> Option<(c_int, Cmd)> {
    let cmdline = flags & SSL_CONF_FLAG_CMDLINE != 0;
    let file = flags & SSL_CONF_FLAG_FILE != 0;
    CMDS.iter()
        .find(|(f, c, _, _)| {
            (file && f.eq_ignore_ascii_case(name)) || (cmdline && name.strip_prefix('-') == Some(c))
        })
        .map(|&(_, _, t, c)| (t, c))
}

fn protocol(v: &str) -> Option<std::ffi::c_long> {
    Some(match v {
        "None" => 0,
        "TLSv1" => TLS1_VERSION as _,
        "TLSv1.1" => TLS1_1_VERSION as _,
        "TLSv1.2" => TLS1_2_VERSION as _,
        "TLSv1.3" => TLS1_3_VERSION as _,
        _ => return None,
    })
}

pub extern "C" fn SSL_CONF_CTX_new() -> *mut SSL_CONF_CTX {
    guard("SSL_CONF_CTX_new", std::ptr::null_mut(), || {
        ffi::into_handle(SSL_CONF_CTX {
            flags: 0,
            ctx: std::ptr::null_mut(),
        })
    })
}
pub unsafe extern "C" fn SSL_CONF_CTX_free(c: *mut SSL_CONF_CTX) {
    // SAFETY: c is NULL or from SSL_CONF_CTX_new.
    guard("SSL_CONF_CTX_free", (), || unsafe { ffi::free_handle(c) })
}
pub unsafe extern "C" fn SSL_CONF_CTX_set_flags(c: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    guard("SSL_CONF_CTX_set_flags", 0, || {
        // SAFETY: c is NULL or live.
        match unsafe { ffi::obj_mut(c) } {
            Some(c) => {
                c.flags |= flags;
                c.flags
            }
            None => 0,
        }
    })
}
pub unsafe extern "C" fn SSL_CONF_CTX_clear_flags(c: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    guard("SSL_CONF_CTX_clear_flags", 0, || {
        // SAFETY: c is NULL or live.
        match unsafe { ffi::obj_mut(c) } {
            Some(c) => {
                c.flags &= !flags;
                c.flags
            }
            None => 0,
        }
    })
}
/// The context is borrowed, as in OpenSSL (no reference is taken).
pub unsafe extern "C" fn SSL_CONF_CTX_set_ssl_ctx(c: *mut SSL_CONF_CTX, ctx: *mut SSL_CTX) {
    guard("SSL_CONF_CTX_set_ssl_ctx", (), || {
        // SAFETY: c is NULL or live.
        if let Some(c) = unsafe { ffi::obj_mut(c) } {
            c.ctx = ctx;
        }
    })
}
pub unsafe extern "C" fn SSL_CONF_CTX_finish(c: *mut SSL_CONF_CTX) -> c_int {
    // SAFETY: c is NULL or live.
    guard("SSL_CONF_CTX_finish", 0, || {
        c_int::from(unsafe { ffi::obj(c) }.is_some())
    })
}

pub unsafe extern "C" fn SSL_CONF_cmd_value_type(
    c: *mut SSL_CONF_CTX,
    cmd: *const c_char,
) -> c_int {
    guard("SSL_CONF_cmd_value_type", SSL_CONF_TYPE_UNKNOWN, || {
        // SAFETY: c is NULL or live; cmd NULL or a C string.
        let (Some(c), Some(name)) = (unsafe { ffi::obj(c) }, unsafe { ffi::cstr(cmd) }) else {
            return SSL_CONF_TYPE_UNKNOWN;
        };
        lookup(c.flags, name).map_or(SSL_CONF_TYPE_UNKNOWN, |(t, _)| t)
    })
}

pub unsafe extern "C" fn SSL_CONF_cmd(
    c: *mut SSL_CONF_CTX,
    cmd: *const c_char,
    value: *const c_char,
) -> c_int {
    guard("SSL_CONF_cmd", 0, || {
        // SAFETY: c is NULL or live; cmd and value NULL or C strings.
        let (Some(conf), Some(name)) = (unsafe { ffi::obj(c) }, unsafe { ffi::cstr(cmd) }) else {
            return 0;
        };
        let Some((_, what)) = lookup(conf.flags, name) else {
            if conf.flags & SSL_CONF_FLAG_SHOW_ERRORS != 0 {
                err::push(
                    "SSL_CONF_cmd",
                    SSL_R_UNKNOWN_CMD_NAME,
                    Some(&format!("cmd={name}")),
                );
            }
            return -2;
        };
        // SAFETY: value is NULL or a C string.
        let Some(v) = (unsafe { ffi::cstr(value) }) else {
            return -3;
        };
        let ctx = conf.ctx;
        let cv = CString::new(v).unwrap_or_default();
        // SAFETY: the setters check ctx (NULL fails) and copy what they keep.
        let ok = unsafe {
            match what {
                Cmd::MinProtocol | Cmd::MaxProtocol => match protocol(v) {
                    Some(p) => {
                        let cmd = if what == Cmd::MinProtocol {
                            SSL_CTRL_SET_MIN_PROTO_VERSION
                        } else {
                            SSL_CTRL_SET_MAX_PROTO_VERSION
                        };
                        ctx.is_null()
                            || super::ctx::SSL_CTX_ctrl(ctx, cmd, p, std::ptr::null_mut()) == 1
                    }
                    None => false,
                },
                Cmd::CipherString => {
                    ctx.is_null() || super::ctx::SSL_CTX_set_cipher_list(ctx, cv.as_ptr()) == 1
                }
                Cmd::Ciphersuites => {
                    ctx.is_null() || super::ctx::SSL_CTX_set_ciphersuites(ctx, cv.as_ptr()) == 1
                }
                // rustls negotiates its own groups and signature schemes: accepted.
                Cmd::Groups | Cmd::SignatureAlgorithms => true,
                Cmd::Certificate => {
                    ctx.is_null()
                        || super::cert::SSL_CTX_use_certificate_chain_file(ctx, cv.as_ptr()) == 1
                }
                Cmd::PrivateKey => {
                    ctx.is_null()
                        || super::cert::SSL_CTX_use_PrivateKey_file(
                            ctx,
                            cv.as_ptr(),
                            SSL_FILETYPE_PEM,
                        ) == 1
                }
            }
        };
        if ok {
            2
        } else {
            if conf.flags & SSL_CONF_FLAG_SHOW_ERRORS != 0 {
                err::push(
                    "SSL_CONF_cmd",
                    SSL_R_BAD_VALUE,
                    Some(&format!("cmd={name}, value={v}")),
                );
            }
            0
        }
    })
}
