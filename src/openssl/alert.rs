//! Alert names: `SSL_alert_desc_string(_long)`, `SSL_alert_type_string(_long)`, with
//! the real library's texts (tools/gen_ssl_alerts.sh).
#![allow(non_snake_case)]
use super::alert_table::{DEFAULT, DESCRIPTIONS, TYPES};
use super::guard;
use std::ffi::{c_char, c_int};

fn desc(value: c_int) -> (&'static str, &'static str) {
    let d = (value & 0xff) as u8;
    DESCRIPTIONS
        .iter()
        .find(|(v, _, _)| *v == d)
        .map_or(DEFAULT, |(_, s, l)| (*s, *l))
}

fn level(value: c_int) -> (&'static str, &'static str) {
    let l = ((value >> 8) & 0xff) as u8;
    TYPES
        .iter()
        .find(|(v, _, _)| *v == l)
        .map_or((TYPES[0].1, TYPES[0].2), |(_, s, l)| (*s, *l))
}

pub extern "C" fn SSL_alert_desc_string(value: c_int) -> *const c_char {
    guard("SSL_alert_desc_string", std::ptr::null(), || {
        desc(value).0.as_ptr().cast()
    })
}
pub extern "C" fn SSL_alert_desc_string_long(value: c_int) -> *const c_char {
    guard("SSL_alert_desc_string_long", std::ptr::null(), || {
        desc(value).1.as_ptr().cast()
    })
}
pub extern "C" fn SSL_alert_type_string(value: c_int) -> *const c_char {
    guard("SSL_alert_type_string", std::ptr::null(), || {
        level(value).0.as_ptr().cast()
    })
}
pub extern "C" fn SSL_alert_type_string_long(value: c_int) -> *const c_char {
    guard("SSL_alert_type_string_long", std::ptr::null(), || {
        level(value).1.as_ptr().cast()
    })
}
