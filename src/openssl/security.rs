//! The security level (`SSL_CTX_set_security_level` …): stored, inherited by each
//! SSL, set by `@SECLEVEL=n` in a cipher string, and reported. It changes nothing:
//! rustls offers no suite, group, key size or signature below what OpenSSL's level 2
//! allows, so every level from 0 to 2 behaves as level 2, and the keys and
//! certificates that level 3 and above would refuse are still accepted (SUPPORT.md).
//!
//! The default: upstream OpenSSL 3.0 starts a context at level 1
//! (OPENSSL_TLS_SECURITY_LEVEL), but Debian builds its libssl with level 2, and the
//! real library here gives 2 from SSL_CTX_get_security_level with no `@SECLEVEL` in
//! its openssl.cnf. So the default is 2, or the `@SECLEVEL=n` of a `CipherString`
//! line in `OPENSSL_CONF` (else /usr/lib/ssl/openssl.cnf), which the real library
//! applies to each new context through its system_default section.
#![allow(non_snake_case)]
use super::ctx::{with_ctx, SSL_CTX};
use super::ssl::{with_ssl, SSL};
use std::ffi::c_int;
use std::sync::OnceLock;

/// The level a new context starts at (see the module docs).
pub fn default_level() -> c_int {
    static LEVEL: OnceLock<c_int> = OnceLock::new();
    *LEVEL.get_or_init(|| {
        let path = std::env::var("OPENSSL_CONF")
            .unwrap_or_else(|_| "/usr/lib/ssl/openssl.cnf".to_string());
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| level_in_config(&text))
            .unwrap_or(2)
    })
}

/// The `@SECLEVEL=n` of the last `CipherString = …` line (comments skipped).
fn level_in_config(text: &str) -> Option<c_int> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.trim() == "CipherString")
        .filter_map(|(_, v)| super::suites::seclevel_in(v.trim()))
        .next_back()
}

pub unsafe extern "C" fn SSL_CTX_set_security_level(ctx: *mut SSL_CTX, level: c_int) {
    with_ctx("SSL_CTX_set_security_level", ctx, (), |_, st| {
        st.security_level = level
    })
}
pub unsafe extern "C" fn SSL_CTX_get_security_level(ctx: *const SSL_CTX) -> c_int {
    with_ctx("SSL_CTX_get_security_level", ctx, 0, |_, st| {
        st.security_level
    })
}
pub unsafe extern "C" fn SSL_set_security_level(s: *mut SSL, level: c_int) {
    with_ssl("SSL_set_security_level", s, (), |ssl| {
        ssl.security_level = level
    })
}
pub unsafe extern "C" fn SSL_get_security_level(s: *const SSL) -> c_int {
    with_ssl("SSL_get_security_level", s, 0, |ssl| ssl.security_level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_config_level() {
        let cnf =
            "[system_default_sect]\nMinProtocol = TLSv1.2\nCipherString = DEFAULT:@SECLEVEL=2\n";
        assert_eq!(level_in_config(cnf), Some(2));
        assert_eq!(
            level_in_config("# CipherString = DEFAULT:@SECLEVEL=0\n"),
            None
        );
        assert_eq!(level_in_config("x = y\n"), None);
    }
}
