//! Cipher suites under their OpenSSL names, `SSL_CIPHER`, and the cipher-string
//! language of `SSL_CTX_set_cipher_list` / `SSL_CTX_set_ciphersuites` for the suites
//! rustls implements.
#![allow(non_snake_case, non_camel_case_types)]
use super::ctx::SSL_CTX;
use super::guard;
use super::libcrypto as lc;
use super::ssl::SSL;
use crate::ffi;
use std::ffi::{c_char, c_int};

/// `SSL_CIPHER`: one row of the table; programs hold `const SSL_CIPHER *`.
pub struct SSL_CIPHER {
    pub iana: u16,
    /// OpenSSL's name (`SSL_CIPHER_get_name`), NUL-terminated.
    pub name: &'static str,
    /// The RFC name (`SSL_CIPHER_standard_name`), NUL-terminated.
    pub standard: &'static str,
    pub tls13: bool,
    pub bits: c_int,
    /// Keywords of the cipher-string language this suite belongs to.
    pub tags: &'static [&'static str],
}

macro_rules! suite {
    ($iana:expr, $name:expr, $std:expr, $tls13:expr, $bits:expr, [$($t:expr),*]) => {
        SSL_CIPHER { iana: $iana, name: concat!($name, "\0"), standard: concat!($std, "\0"), tls13: $tls13, bits: $bits, tags: &[$($t),*] }
    };
}

/// In OpenSSL 3.0's default preference order.
pub static SUITES: &[SSL_CIPHER] = &[
    suite!(
        0x1302,
        "TLS_AES_256_GCM_SHA384",
        "TLS_AES_256_GCM_SHA384",
        true,
        256,
        []
    ),
    suite!(
        0x1303,
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256",
        true,
        256,
        []
    ),
    suite!(
        0x1301,
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_128_GCM_SHA256",
        true,
        128,
        []
    ),
    suite!(
        0xC02C,
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        false,
        256,
        [
            "ECDHE", "ECDH", "EECDH", "AEAD", "kECDHE", "kEECDH", "aECDSA", "ECDSA", "AES",
            "AES256", "AESGCM", "SHA384", "HIGH", "TLSv1.2"
        ]
    ),
    suite!(
        0xC030,
        "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        false,
        256,
        [
            "ECDHE", "ECDH", "EECDH", "AEAD", "kECDHE", "kEECDH", "aRSA", "RSA", "AES", "AES256",
            "AESGCM", "SHA384", "HIGH", "TLSv1.2"
        ]
    ),
    suite!(
        0xCCA9,
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        false,
        256,
        [
            "ECDHE", "ECDH", "EECDH", "AEAD", "kECDHE", "kEECDH", "aECDSA", "ECDSA", "CHACHA20",
            "SHA256", "HIGH", "TLSv1.2"
        ]
    ),
    suite!(
        0xCCA8,
        "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        false,
        256,
        [
            "ECDHE", "ECDH", "EECDH", "AEAD", "kECDHE", "kEECDH", "aRSA", "RSA", "CHACHA20",
            "SHA256", "HIGH", "TLSv1.2"
        ]
    ),
    suite!(
        0xC02B,
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        false,
        128,
        [
            "ECDHE", "ECDH", "EECDH", "AEAD", "kECDHE", "kEECDH", "aECDSA", "ECDSA", "AES",
            "AES128", "AESGCM", "SHA256", "HIGH", "TLSv1.2"
        ]
    ),
    suite!(
        0xC02F,
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        false,
        128,
        [
            "ECDHE", "ECDH", "EECDH", "AEAD", "kECDHE", "kEECDH", "aRSA", "RSA", "AES", "AES128",
            "AESGCM", "SHA256", "HIGH", "TLSv1.2"
        ]
    ),
];

pub fn by_iana(iana: u16) -> Option<&'static SSL_CIPHER> {
    SUITES.iter().find(|s| s.iana == iana)
}

fn matches(s: &SSL_CIPHER, word: &str) -> bool {
    // "A+B" selects suites with both keywords; ALL and DEFAULT select every suite.
    word.split('+').all(|w| {
        s.name.trim_end_matches('\0') == w
            || s.tags.contains(&w)
            || matches!(w, "ALL" | "DEFAULT" | "PROFILE=SYSTEM")
    })
}

/// The TLS 1.2 suites a cipher string selects (order kept), or `None` when it
/// selects nothing (`SSL_R_NO_CIPHER_MATCH`). Unknown words select nothing, as in
/// OpenSSL; `@STRENGTH`/`@SECLEVEL=n` are accepted.
/// The level of the last `@SECLEVEL=n` in a cipher string (n in 0..=5).
pub fn seclevel_in(s: &str) -> Option<c_int> {
    s.split([':', ',', ' '])
        .filter_map(|w| w.strip_prefix("@SECLEVEL="))
        .filter_map(|n| n.parse::<c_int>().ok())
        .rfind(|n| (0..=5).contains(n))
}

pub fn parse_cipher_list(s: &str) -> Option<Vec<u16>> {
    let mut list: Vec<u16> = Vec::new();
    let mut removed: Vec<u16> = Vec::new();
    for word in s.split([':', ',', ' ']).filter(|w| !w.is_empty()) {
        if word.starts_with('@') {
            continue;
        }
        let (op, w) = match word.as_bytes()[0] {
            b'!' | b'-' | b'+' => (word.as_bytes()[0], &word[1..]),
            _ => (b' ', word),
        };
        let hits = SUITES
            .iter()
            .filter(|c| !c.tls13 && matches(c, w))
            .map(|c| c.iana);
        match op {
            b'!' => removed.extend(hits),
            b'-' => {
                let h: Vec<u16> = hits.collect();
                list.retain(|i| !h.contains(i));
            }
            b'+' => {
                let h: Vec<u16> = hits.collect();
                let (moved, kept): (Vec<u16>, Vec<u16>) = list.iter().partition(|i| h.contains(i));
                list = kept.into_iter().chain(moved).collect();
            }
            _ => {
                for i in hits {
                    if !list.contains(&i) && !removed.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    list.retain(|i| !removed.contains(i));
    (!list.is_empty()).then_some(list)
}

/// `SSL_CTX_set_ciphersuites`: a colon-separated list of TLS 1.3 suite names; an
/// empty string disables TLS 1.3 suites; an unknown name fails the call.
pub fn parse_ciphersuites(s: &str) -> Option<Vec<u16>> {
    s.split(':')
        .filter(|w| !w.is_empty())
        .map(|w| {
            SUITES
                .iter()
                .find(|c| c.tls13 && c.name.trim_end_matches('\0') == w)
                .map(|c| c.iana)
        })
        .collect()
}

/// The engine's suite list for a context's two lists (`None` = defaults).
pub fn engine_suites(
    s12: Option<&[u16]>,
    s13: Option<&[u16]>,
) -> Option<Vec<rustls::SupportedCipherSuite>> {
    if s12.is_none() && s13.is_none() {
        return None;
    }
    let all = &crate::engine::config::default_provider().cipher_suites;
    let pick = |ids: Option<&[u16]>, tls13: bool| -> Vec<rustls::SupportedCipherSuite> {
        match ids {
            Some(ids) => ids
                .iter()
                .filter_map(|i| all.iter().find(|s| u16::from(s.suite()) == *i).copied())
                .collect(),
            None => all
                .iter()
                .filter(|s| s.tls13().is_some() == tls13)
                .copied()
                .collect(),
        }
    };
    let mut v = pick(s13, true);
    v.extend(pick(s12, false));
    Some(v)
}

pub unsafe extern "C" fn SSL_CIPHER_get_name(c: *const SSL_CIPHER) -> *const c_char {
    guard("SSL_CIPHER_get_name", std::ptr::null(), || {
        // SAFETY: c is NULL or a row of SUITES. OpenSSL returns "(NONE)" for NULL.
        match unsafe { ffi::obj(c) } {
            Some(c) => c.name.as_ptr().cast(),
            None => c"(NONE)".as_ptr(),
        }
    })
}
pub unsafe extern "C" fn SSL_CIPHER_standard_name(c: *const SSL_CIPHER) -> *const c_char {
    guard("SSL_CIPHER_standard_name", std::ptr::null(), || {
        // SAFETY: c is NULL or a row of SUITES.
        match unsafe { ffi::obj(c) } {
            Some(c) => c.standard.as_ptr().cast(),
            None => c"(NONE)".as_ptr(),
        }
    })
}
pub unsafe extern "C" fn SSL_CIPHER_get_version(c: *const SSL_CIPHER) -> *const c_char {
    guard("SSL_CIPHER_get_version", std::ptr::null(), || {
        // SAFETY: c is NULL or a row of SUITES. OpenSSL returns "(NONE)" for NULL.
        match unsafe { ffi::obj(c) } {
            Some(c) if c.tls13 => c"TLSv1.3".as_ptr(),
            Some(_) => c"TLSv1.2".as_ptr(),
            None => c"(NONE)".as_ptr(),
        }
    })
}
pub unsafe extern "C" fn SSL_CIPHER_get_bits(c: *const SSL_CIPHER, alg_bits: *mut c_int) -> c_int {
    guard("SSL_CIPHER_get_bits", 0, || {
        // SAFETY: c is NULL or a row of SUITES; alg_bits NULL or writable.
        let bits = unsafe { ffi::obj(c) }.map(|c| c.bits).unwrap_or(0);
        if let Some(a) = unsafe { ffi::obj_mut(alg_bits) } {
            *a = bits;
        }
        bits
    })
}
pub unsafe extern "C" fn SSL_CIPHER_get_id(c: *const SSL_CIPHER) -> u32 {
    guard("SSL_CIPHER_get_id", 0, || {
        // SAFETY: c is NULL or a row of SUITES.
        unsafe { ffi::obj(c) }
            .map(|c| 0x0300_0000 | u32::from(c.iana))
            .unwrap_or(0)
    })
}
pub unsafe extern "C" fn SSL_CIPHER_get_protocol_id(c: *const SSL_CIPHER) -> u16 {
    guard("SSL_CIPHER_get_protocol_id", 0, || {
        // SAFETY: c is NULL or a row of SUITES.
        unsafe { ffi::obj(c) }.map(|c| c.iana).unwrap_or(0)
    })
}
pub unsafe extern "C" fn SSL_CIPHER_description(
    c: *const SSL_CIPHER,
    buf: *mut c_char,
    size: c_int,
) -> *mut c_char {
    guard("SSL_CIPHER_description", std::ptr::null_mut(), || {
        // SAFETY: c is NULL or a row of SUITES.
        let Some(c) = (unsafe { ffi::obj(c) }) else {
            return std::ptr::null_mut();
        };
        let name = c.name.trim_end_matches('\0');
        let (ver, kx, au) = if c.tls13 {
            ("TLSv1.3", "any", "any")
        } else if c.auth_nid() == NID_auth_ecdsa {
            ("TLSv1.2", "ECDH", "ECDSA")
        } else {
            ("TLSv1.2", "ECDH", "RSA")
        };
        let enc = if c.cipher_nid() == NID_chacha20_poly1305 {
            "CHACHA20/POLY1305(256)".to_string()
        } else {
            format!("AESGCM({})", c.bits)
        };
        let mac = "AEAD";
        // OpenSSL 3.0's format (ssl_ciph.c), column widths included.
        let text =
            format!("{name:<30} {ver:<7} Kx={kx:<8} Au={au:<5} Enc={enc:<22} Mac={mac:<4}\n");
        let (buf, size) = if buf.is_null() {
            // OpenSSL allocates 128 bytes with OPENSSL_malloc when buf is NULL.
            // SAFETY: a fresh allocation the caller frees with OPENSSL_free (= free).
            (unsafe { libc::malloc(128) }.cast::<c_char>(), 128usize)
        } else {
            (buf, size.max(0) as usize)
        };
        if buf.is_null() || size < 128 {
            return std::ptr::null_mut();
        }
        // SAFETY: buf has size writable bytes.
        unsafe { ffi::write_cstr(buf, size, text.as_bytes()) };
        buf
    })
}
/// NIDs (obj_mac.h) of what the suites are made of, under their C names; checked
/// against the real library by ctests/ossl_cipher_info.
#[allow(non_upper_case_globals)]
mod nid {
    use std::ffi::c_int;
    pub const NID_undef: c_int = 0;
    pub const NID_aes_128_gcm: c_int = 895;
    pub const NID_aes_256_gcm: c_int = 901;
    pub const NID_chacha20_poly1305: c_int = 1018;
    pub const NID_sha256: c_int = 672;
    pub const NID_sha384: c_int = 673;
    pub const NID_kx_ecdhe: c_int = 1038;
    pub const NID_kx_any: c_int = 1063;
    pub const NID_auth_rsa: c_int = 1046;
    pub const NID_auth_ecdsa: c_int = 1047;
    pub const NID_auth_any: c_int = 1064;
}
use nid::*;

impl SSL_CIPHER {
    fn cipher_nid(&self) -> c_int {
        match (self.name.contains("CHACHA20"), self.bits) {
            (true, _) => NID_chacha20_poly1305,
            (false, 256) => NID_aes_256_gcm,
            _ => NID_aes_128_gcm,
        }
    }
    /// The PRF / handshake hash: the suite name's last word (every suite here is AEAD,
    /// so that is not a record MAC: `SSL_CIPHER_get_digest_nid` is NID_undef).
    fn handshake_digest_nid(&self) -> c_int {
        if self.name.trim_end_matches('\0').ends_with("SHA384") {
            NID_sha384
        } else {
            NID_sha256
        }
    }
    fn kx_nid(&self) -> c_int {
        if self.tls13 {
            NID_kx_any
        } else {
            NID_kx_ecdhe
        }
    }
    fn auth_nid(&self) -> c_int {
        if self.tls13 {
            NID_auth_any
        } else if self.tags.contains(&"aECDSA") {
            NID_auth_ecdsa
        } else {
            NID_auth_rsa
        }
    }
}

/// `f` of `c`; NID_undef for NULL (which OpenSSL 3.0 dereferences in all four getters:
/// seen crashing ctests/ossl_cipher_info).
fn fact(func: &'static str, c: *const SSL_CIPHER, f: fn(&SSL_CIPHER) -> c_int) -> c_int {
    guard(func, NID_undef, || {
        // SAFETY: c is NULL or a row of SUITES.
        unsafe { ffi::obj(c) }.map_or(NID_undef, f)
    })
}
pub unsafe extern "C" fn SSL_CIPHER_get_cipher_nid(c: *const SSL_CIPHER) -> c_int {
    fact("SSL_CIPHER_get_cipher_nid", c, SSL_CIPHER::cipher_nid)
}
pub unsafe extern "C" fn SSL_CIPHER_get_digest_nid(c: *const SSL_CIPHER) -> c_int {
    fact("SSL_CIPHER_get_digest_nid", c, |_| NID_undef)
}
pub unsafe extern "C" fn SSL_CIPHER_get_kx_nid(c: *const SSL_CIPHER) -> c_int {
    fact("SSL_CIPHER_get_kx_nid", c, SSL_CIPHER::kx_nid)
}
pub unsafe extern "C" fn SSL_CIPHER_get_auth_nid(c: *const SSL_CIPHER) -> c_int {
    fact("SSL_CIPHER_get_auth_nid", c, SSL_CIPHER::auth_nid)
}
/// libcrypto's `EVP_MD` of the suite's handshake hash (OpenSSL returns the one it
/// fetched; a program reads it with `EVP_MD_get_type` / `EVP_MD_get_size`).
pub unsafe extern "C" fn SSL_CIPHER_get_handshake_digest(
    c: *const SSL_CIPHER,
) -> *const lc::EVP_MD {
    guard("SSL_CIPHER_get_handshake_digest", std::ptr::null(), || {
        // SAFETY: c is NULL or a row of SUITES; EVP_sha256/384 return static methods.
        match unsafe { ffi::obj(c) }.map(SSL_CIPHER::handshake_digest_nid) {
            Some(n) if n == NID_sha384 => unsafe { lc::EVP_sha384() },
            Some(_) => unsafe { lc::EVP_sha256() },
            None => std::ptr::null(),
        }
    })
}
pub unsafe extern "C" fn SSL_CIPHER_is_aead(c: *const SSL_CIPHER) -> c_int {
    // SAFETY: c is NULL or a row of SUITES; every suite we have is AEAD.
    guard("SSL_CIPHER_is_aead", 0, || {
        c_int::from(unsafe { ffi::obj(c) }.is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_default_cipher_string_selects_the_ecdhe_aead_suites() {
        let s = "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM";
        let list = parse_cipher_list(s).expect("python's string selects suites");
        assert_eq!(list, vec![0xC02C, 0xC030, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8]);
    }

    #[test]
    fn exclusions_and_unknown_words() {
        assert_eq!(
            parse_cipher_list("ECDHE-RSA-AES128-GCM-SHA256"),
            Some(vec![0xC02F])
        );
        assert_eq!(
            parse_cipher_list("HIGH:!aRSA:!CHACHA20"),
            Some(vec![0xC02C, 0xC02B])
        );
        assert_eq!(parse_cipher_list("NO-SUCH-CIPHER"), None);
        assert_eq!(parse_cipher_list("RC4:!ALL"), None);
    }

    #[test]
    fn tls13_ciphersuites() {
        assert_eq!(
            parse_ciphersuites("TLS_AES_128_GCM_SHA256"),
            Some(vec![0x1301])
        );
        assert_eq!(parse_ciphersuites(""), Some(vec![]));
        assert_eq!(parse_ciphersuites("TLS_AES_128_GCM_SHA256:BOGUS"), None);
    }
}

/// A STACK_OF(SSL_CIPHER) of rows of [`SUITES`], owned by the context or SSL that
/// handed it out (0: none yet), freed with it; the rows are static.
#[derive(Debug, Default)]
pub struct CipherStack(usize);

impl Drop for CipherStack {
    fn drop(&mut self) {
        if self.0 != 0 {
            // SAFETY: our stack; its elements are static rows, not freed.
            unsafe { lc::OPENSSL_sk_free(self.0 as *mut lc::OPENSSL_STACK) };
        }
    }
}

impl CipherStack {
    /// The stack refilled with `ids` (unknown ids skipped), in order.
    fn fill(&mut self, ids: impl Iterator<Item = u16>) -> *mut lc::OPENSSL_STACK {
        // SAFETY: a stack we own (made here if needed), of pointers to static rows.
        unsafe {
            if self.0 == 0 {
                self.0 = lc::OPENSSL_sk_new_null() as usize;
            }
            let sk = self.0 as *mut lc::OPENSSL_STACK;
            lc::OPENSSL_sk_zero(sk);
            for c in ids.filter_map(by_iana) {
                lc::OPENSSL_sk_push(sk, (c as *const SSL_CIPHER).cast());
            }
            sk
        }
    }
}

/// The suites a context offers, in order: its TLS 1.3 list, then its TLS 1.2 list
/// (each OpenSSL 3.0's default order when not set), as OpenSSL's cipher stack.
fn offered(s12: Option<&Vec<u16>>, s13: Option<&Vec<u16>>) -> Vec<u16> {
    let pick = |ids: Option<&Vec<u16>>, tls13: bool| -> Vec<u16> {
        match ids {
            Some(ids) => ids.clone(),
            None => SUITES
                .iter()
                .filter(|s| s.tls13 == tls13)
                .map(|s| s.iana)
                .collect(),
        }
    };
    let mut v = pick(s13, true);
    v.extend(pick(s12, false));
    v
}

/// The suites this context offers (only those tlsshim implements: OpenSSL's default
/// list also names DHE, CBC, PSK and SRP suites that rustls does not have).
pub unsafe extern "C" fn SSL_CTX_get_ciphers(ctx: *const SSL_CTX) -> *mut lc::OPENSSL_STACK {
    super::ctx::with_ctx("SSL_CTX_get_ciphers", ctx, std::ptr::null_mut(), |_, st| {
        let ids = offered(st.suites12.as_ref(), st.suites13.as_ref());
        st.cipher_stack.fill(ids.into_iter())
    })
}

/// The SSL's suites: its own lists where set, else its context's.
pub unsafe extern "C" fn SSL_get_ciphers(s: *const SSL) -> *mut lc::OPENSSL_STACK {
    super::ssl::with_ssl("SSL_get_ciphers", s, std::ptr::null_mut(), |ssl| {
        let ids = {
            let st = ssl.ctx().state();
            offered(
                ssl.suites12.as_ref().or(st.suites12.as_ref()),
                ssl.suites13.as_ref().or(st.suites13.as_ref()),
            )
        };
        ssl.cipher_stack.fill(ids.into_iter())
    })
}

/// A server's: the suites the client offered, in its order, those tlsshim knows
/// (OpenSSL lists the ones it knows); NULL on a client, or before the ClientHello.
pub unsafe extern "C" fn SSL_get_client_ciphers(s: *const SSL) -> *mut lc::OPENSSL_STACK {
    super::ssl::with_ssl("SSL_get_client_ciphers", s, std::ptr::null_mut(), |ssl| {
        if ssl.role != Some(crate::engine::Role::Server) || ssl.client_suites.is_empty() {
            return std::ptr::null_mut();
        }
        let ids = ssl.client_suites.clone();
        ssl.client_cipher_stack.fill(ids.into_iter())
    })
}

/// The compression methods: none (rustls compresses nothing), as an empty stack —
/// what OpenSSL 3.0 built without zlib returns; replaced by
/// SSL_COMP_set0_compression_methods.
static COMP_METHODS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub unsafe extern "C" fn SSL_COMP_get_compression_methods() -> *mut lc::OPENSSL_STACK {
    guard(
        "SSL_COMP_get_compression_methods",
        std::ptr::null_mut(),
        || {
            use std::sync::atomic::Ordering;
            let cur = COMP_METHODS.load(Ordering::Acquire);
            if cur != 0 {
                return cur as *mut lc::OPENSSL_STACK;
            }
            // SAFETY: a new empty stack, kept for the life of the process.
            let fresh = unsafe { lc::OPENSSL_sk_new_null() } as usize;
            match COMP_METHODS.compare_exchange(0, fresh, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => fresh as *mut lc::OPENSSL_STACK,
                Err(other) => {
                    // SAFETY: ours, never shared.
                    unsafe { lc::OPENSSL_sk_free(fresh as *mut lc::OPENSSL_STACK) };
                    other as *mut lc::OPENSSL_STACK
                }
            }
        },
    )
}

/// Installs `meths` and returns the previous stack (the caller owns it), as OpenSSL.
pub unsafe extern "C" fn SSL_COMP_set0_compression_methods(
    meths: *mut lc::OPENSSL_STACK,
) -> *mut lc::OPENSSL_STACK {
    guard(
        "SSL_COMP_set0_compression_methods",
        std::ptr::null_mut(),
        || {
            COMP_METHODS.swap(meths as usize, std::sync::atomic::Ordering::AcqRel)
                as *mut lc::OPENSSL_STACK
        },
    )
}

/// Sets a TLS 1.2 list from a cipher string (SSL_CTX_set_cipher_list and
/// SSL_set_cipher_list): an `@SECLEVEL=n` sets the level too. OpenSSL 3.0 installs
/// the new list before it finds that no TLS 1.2 suite matched (ssl_lib.c): the
/// failure leaves no TLS 1.2 suites, observed with the real library.
pub fn set_cipher_list(
    func: &'static str,
    text: Option<&str>,
    list: &mut Option<Vec<u16>>,
    level: &mut c_int,
) -> c_int {
    if let Some(l) = text.and_then(seclevel_in) {
        *level = l;
    }
    match text.map(parse_cipher_list) {
        Some(Some(ids)) => {
            *list = Some(ids);
            1
        }
        Some(None) => {
            *list = Some(Vec::new());
            super::err::push(func, super::consts::SSL_R_NO_CIPHER_MATCH, None);
            0
        }
        None => {
            super::err::push(func, super::consts::SSL_R_NO_CIPHER_MATCH, None);
            0
        }
    }
}

/// Sets a TLS 1.3 list (SSL_CTX_set_ciphersuites and SSL_set_ciphersuites).
pub fn set_ciphersuites(
    func: &'static str,
    text: Option<&str>,
    list: &mut Option<Vec<u16>>,
) -> c_int {
    match text.map(parse_ciphersuites) {
        Some(Some(ids)) => {
            *list = Some(ids);
            1
        }
        _ => {
            super::err::push(func, super::consts::SSL_R_NO_CIPHER_MATCH, None);
            0
        }
    }
}

/// The SSL's own TLS 1.2 list.
pub unsafe extern "C" fn SSL_set_cipher_list(s: *mut SSL, text: *const c_char) -> c_int {
    super::ssl::with_ssl("SSL_set_cipher_list", s, 0, |ssl| {
        // SAFETY: text is NULL or a C string.
        let text = unsafe { ffi::cstr(text) };
        set_cipher_list(
            "SSL_set_cipher_list",
            text,
            &mut ssl.suites12,
            &mut ssl.security_level,
        )
    })
}

/// The SSL's own TLS 1.3 suites.
pub unsafe extern "C" fn SSL_set_ciphersuites(s: *mut SSL, text: *const c_char) -> c_int {
    super::ssl::with_ssl("SSL_set_ciphersuites", s, 0, |ssl| {
        // SAFETY: text is NULL or a C string.
        let text = unsafe { ffi::cstr(text) };
        set_ciphersuites("SSL_set_ciphersuites", text, &mut ssl.suites13)
    })
}

/// The suite with the two-byte IANA id at `ptr`; NULL for one tlsshim does not have
/// (OpenSSL knows more suites, but none that could be negotiated here).
pub unsafe extern "C" fn SSL_CIPHER_find(s: *mut SSL, ptr: *const u8) -> *const SSL_CIPHER {
    guard("SSL_CIPHER_find", std::ptr::null(), || {
        // SAFETY: ptr is NULL or points to two bytes (API contract).
        let Some(id) = (unsafe { ffi::bytes(ptr.cast(), 2) }) else {
            return std::ptr::null();
        };
        if s.is_null() {
            return std::ptr::null();
        }
        by_iana(u16::from_be_bytes([id[0], id[1]]))
            .map_or(std::ptr::null(), |c| c as *const SSL_CIPHER)
    })
}

/// There are no compression methods (see SSL_COMP_get_compression_methods): no
/// SSL_COMP exists, so its name and id are NULL / 0, and adding one fails (1), as in
/// OpenSSL 3.0 built without zlib.
pub unsafe extern "C" fn SSL_COMP_get_name(_comp: *const std::ffi::c_void) -> *const c_char {
    guard("SSL_COMP_get_name", std::ptr::null(), std::ptr::null)
}

pub unsafe extern "C" fn SSL_COMP_get0_name(_comp: *const std::ffi::c_void) -> *const c_char {
    guard("SSL_COMP_get0_name", std::ptr::null(), std::ptr::null)
}

pub unsafe extern "C" fn SSL_COMP_get_id(_comp: *const std::ffi::c_void) -> c_int {
    guard("SSL_COMP_get_id", -1, || -1)
}

pub unsafe extern "C" fn SSL_COMP_add_compression_method(
    _id: c_int,
    _cm: *mut std::ffi::c_void,
) -> c_int {
    guard("SSL_COMP_add_compression_method", 1, || 1)
}
