//! GnuTLS priority strings ("NORMAL:-VERS-TLS1.3:%COMPAT") parsed into what the engine
//! can use: versions, cipher suites (from ciphers × key exchanges × MACs) and groups.
//! Names the engine cannot speak (CBC, DHE, TLS 1.0 …) are accepted, as the real
//! library accepts them, and simply yield no suite.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::{session_ref, GnutlsSession};
use crate::engine::{Settings, Version};
use rustls::crypto::aws_lc_rs::{cipher_suite as cs, kx_group};
use rustls::SupportedCipherSuite;
use std::ffi::{c_char, c_int, c_uint};

/// gnutls_protocol_t values (gnutls.h), literal until the shared name tables
/// (names.rs) are merged; a module of their own keeps them out of the face's globs.
pub mod protocol {
    use std::ffi::c_uint;
    pub const GNUTLS_SSL3: c_uint = 1;
    pub const GNUTLS_TLS1_0: c_uint = 2;
    pub const GNUTLS_TLS1_1: c_uint = 3;
    pub const GNUTLS_TLS1_2: c_uint = 4;
    pub const GNUTLS_TLS1_3: c_uint = 5;
    pub const GNUTLS_DTLS0_9: c_uint = 200;
    pub const GNUTLS_DTLS1_0: c_uint = 201;
    pub const GNUTLS_DTLS1_2: c_uint = 202;
    pub const GNUTLS_VERSION_UNKNOWN: c_uint = 0xff;
}
use protocol::*;

/// One parsed priority string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priority {
    /// gnutls_protocol_t values, in preference order.
    pub versions: Vec<c_uint>,
    pub ciphers: Vec<&'static str>,
    pub kx: Vec<&'static str>,
    pub macs: Vec<&'static str>,
    pub groups: Vec<&'static str>,
    pub no_tickets: bool,
}

const ALL_VERSIONS: &[(&str, c_uint)] = &[
    ("VERS-TLS1.3", GNUTLS_TLS1_3),
    ("VERS-TLS1.2", GNUTLS_TLS1_2),
    ("VERS-TLS1.1", GNUTLS_TLS1_1),
    ("VERS-TLS1.0", GNUTLS_TLS1_0),
    ("VERS-SSL3.0", GNUTLS_SSL3),
    ("VERS-DTLS1.2", GNUTLS_DTLS1_2),
    ("VERS-DTLS1.0", GNUTLS_DTLS1_0),
    ("VERS-DTLS0.9", GNUTLS_DTLS0_9),
];
const ALL_CIPHERS: &[&str] = &[
    "AES-256-GCM",
    "CHACHA20-POLY1305",
    "AES-256-CCM",
    "AES-256-CBC",
    "AES-128-GCM",
    "AES-128-CCM",
    "AES-128-CBC",
    "AES-192-CBC",
    "CAMELLIA-256-GCM",
    "CAMELLIA-128-GCM",
    "CAMELLIA-256-CBC",
    "CAMELLIA-192-CBC",
    "CAMELLIA-128-CBC",
    "3DES-CBC",
    "ARCFOUR-128",
    "ARCFOUR-40",
    "RC2-40",
    "DES-CBC",
    "AES-128-CCM-8",
    "AES-256-CCM-8",
    "NULL",
    "GOST28147-TC26Z-CNT",
    "AES-128-SIV",
    "AES-256-SIV",
    "AES-128-GCM-SIV",
    "AES-256-GCM-SIV",
];
const ALL_KX: &[&str] = &[
    "ECDHE-ECDSA",
    "ECDHE-RSA",
    "RSA",
    "DHE-RSA",
    "DHE-DSS",
    "ANON-DH",
    "ANON-ECDH",
    "PSK",
    "DHE-PSK",
    "ECDHE-PSK",
    "RSA-PSK",
    "SRP",
    "SRP-RSA",
    "SRP-DSS",
    "RSA-EXPORT",
    "VKO-GOST-12",
];
const ALL_MACS: &[&str] = &[
    "SHA1",
    "AEAD",
    "SHA256",
    "SHA384",
    "SHA512",
    "MD5",
    "UMAC-96",
    "UMAC-128",
    "NULL",
    "GOST28147-TC26Z-IMIT",
    "STREEBOG-256",
    "STREEBOG-512",
];
const ALL_GROUPS: &[&str] = &[
    "SECP256R1",
    "SECP384R1",
    "SECP521R1",
    "X25519",
    "X448",
    "SECP192R1",
    "SECP224R1",
    "FFDHE2048",
    "FFDHE3072",
    "FFDHE4096",
    "FFDHE6144",
    "FFDHE8192",
    "GC256B",
    "GC512A",
];
/// `%FLAG` keywords of GnuTLS 3.7; all accepted, `NO_TICKETS` acted on.
const FLAGS: &[&str] = &[
    "COMPAT",
    "DUMBFW",
    "NO_EXTENSIONS",
    "NO_TICKETS",
    "NO_TICKETS_TLS12",
    "NO_SESSION_HASH",
    "FORCE_SESSION_HASH",
    "SERVER_PRECEDENCE",
    "SSL3_RECORD_VERSION",
    "LATEST_RECORD_VERSION",
    "UNSAFE_RENEGOTIATION",
    "PARTIAL_RENEGOTIATION",
    "SAFE_RENEGOTIATION",
    "DISABLE_SAFE_RENEGOTIATION",
    "VERIFY_ALLOW_BROKEN",
    "VERIFY_ALLOW_SIGN_RSA_MD5",
    "VERIFY_ALLOW_SIGN_WITH_SHA1",
    "VERIFY_ALLOW_X509_V1_CA_CRT",
    "VERIFY_DISABLE_CRL_CHECKS",
    "NO_ETM",
    "FORCE_ETM",
    "ALLOW_SMALL_RECORDS",
    "NEW_PADDING",
    "STATELESS_COMPRESSION",
    "NO_STATUS_REQUEST",
    "DISABLE_WILDCARDS",
    "PROFILE_VERY_WEAK",
    "PROFILE_LOW",
    "PROFILE_LEGACY",
    "PROFILE_MEDIUM",
    "PROFILE_HIGH",
    "PROFILE_ULTRA",
    "PROFILE_FUTURE",
    "PROFILE_SUITEB128",
    "PROFILE_SUITEB192",
    "FALLBACK_SCSV",
    "NO_SHUFFLE_EXTENSIONS",
    "DISABLE_TLS13_COMPAT_MODE",
];

impl Priority {
    /// A base keyword's lists (GnuTLS 3.7.9's `gnutls-cli --priority X -l`).
    fn base(keyword: &str) -> Option<Self> {
        let all_vers = vec![
            GNUTLS_TLS1_3,
            GNUTLS_TLS1_2,
            GNUTLS_TLS1_1,
            GNUTLS_TLS1_0,
            GNUTLS_DTLS1_2,
            GNUTLS_DTLS1_0,
        ];
        let normal_ciphers = vec![
            "AES-256-GCM",
            "CHACHA20-POLY1305",
            "AES-256-CCM",
            "AES-256-CBC",
            "AES-128-GCM",
            "AES-128-CCM",
            "AES-128-CBC",
        ];
        let groups = vec!["SECP256R1", "SECP384R1", "SECP521R1", "X25519", "X448"];
        let p = |ciphers: Vec<&'static str>, kx: Vec<&'static str>| Priority {
            versions: all_vers.clone(),
            ciphers,
            kx,
            macs: vec!["SHA1", "AEAD"],
            groups: groups.clone(),
            no_tickets: false,
        };
        let normal_kx = vec!["ECDHE-ECDSA", "ECDHE-RSA", "RSA", "DHE-RSA"];
        let pfs_kx = vec!["ECDHE-ECDSA", "ECDHE-RSA", "DHE-RSA"];
        Some(match keyword {
            "NORMAL" | "PERFORMANCE" | "LEGACY" | "SECURE128" | "SECURE" => {
                p(normal_ciphers, normal_kx)
            }
            "PFS" => p(normal_ciphers, pfs_kx),
            "SECURE192" | "SECURE256" => p(
                vec![
                    "AES-256-GCM",
                    "CHACHA20-POLY1305",
                    "AES-256-CCM",
                    "AES-256-CBC",
                ],
                normal_kx,
            ),
            "SUITEB128" | "SUITEB192" => Priority {
                versions: vec![GNUTLS_TLS1_2],
                ciphers: vec!["AES-256-GCM", "AES-128-GCM"],
                kx: vec!["ECDHE-ECDSA"],
                macs: vec!["AEAD"],
                groups: vec!["SECP256R1", "SECP384R1"],
                no_tickets: false,
            },
            "NONE" => Priority {
                versions: vec![],
                ciphers: vec![],
                kx: vec![],
                macs: vec![],
                groups: vec![],
                no_tickets: false,
            },
            _ => return None,
        })
    }

    /// Parses a priority string. `Err(offset)`: the byte offset of the token GnuTLS
    /// points `err_pos` at, with the code to return.
    pub fn parse(text: &str) -> Result<Self, (usize, c_int)> {
        let mut tokens = text.split(':');
        let first = tokens.next().unwrap_or("");
        // "@SYSTEM" needs a system configuration naming it; this machine's GnuTLS has
        // none and answers GNUTLS_E_INVALID_REQUEST at offset 0 (observed).
        let mut p = Self::base(first).ok_or((0, GNUTLS_E_INVALID_REQUEST))?;
        let mut offset = first.len() + 1;
        for token in tokens {
            p.apply(token).ok_or((offset, GNUTLS_E_INVALID_REQUEST))?;
            offset += token.len() + 1;
        }
        // No version or no cipher left: GNUTLS_E_NO_PRIORITIES_WERE_SET at offset 0
        // ("NONE", "NORMAL:-VERS-ALL", "NONE:+VERS-TLS1.2" — observed).
        if p.versions.is_empty() || p.ciphers.is_empty() {
            return Err((0, GNUTLS_E_NO_PRIORITIES_WERE_SET));
        }
        Ok(p)
    }

    /// Applies one `+X`, `-X`, `!X` or `%FLAG` token; `None` if it names nothing.
    fn apply(&mut self, token: &str) -> Option<()> {
        let (op, name) = token.split_at(token.chars().next()?.len_utf8());
        if op == "%" {
            if name == "NO_TICKETS" {
                self.no_tickets = true;
            }
            return FLAGS.contains(&name).then_some(());
        }
        let add = match op {
            "+" => true,
            "-" | "!" => false,
            _ => return None,
        };
        // Versions.
        let vers: Vec<c_uint> = match name {
            "VERS-ALL" => ALL_VERSIONS.iter().map(|v| v.1).collect(),
            "VERS-TLS-ALL" => ALL_VERSIONS[..5].iter().map(|v| v.1).collect(),
            "VERS-DTLS-ALL" => ALL_VERSIONS[5..].iter().map(|v| v.1).collect(),
            _ => ALL_VERSIONS
                .iter()
                .filter(|v| v.0 == name)
                .map(|v| v.1)
                .collect(),
        };
        if !vers.is_empty() {
            edit(&mut self.versions, &vers, add);
            return Some(());
        }
        if let Some(list) = match_list(name, ALL_CIPHERS, "CIPHER-ALL") {
            edit(&mut self.ciphers, &list, add);
        } else if let Some(list) = match_list(name, ALL_KX, "KX-ALL") {
            edit(&mut self.kx, &list, add);
        } else if let Some(list) = match_list(name, ALL_MACS, "MAC-ALL") {
            edit(&mut self.macs, &list, add);
        } else if let Some(g) = name.strip_prefix("GROUP-").or(name.strip_prefix("CURVE-")) {
            let list = match_list(g, ALL_GROUPS, "ALL")?;
            edit(&mut self.groups, &list, add);
        } else if name.starts_with("SIGN-")
            || name.starts_with("CTYPE-")
            || name.starts_with("COMP-")
            || matches!(
                name,
                "SECURE128" | "SECURE192" | "SECURE256" | "SUITEB128" | "SUITEB192"
            )
        {
            // Signature algorithms, certificate types, compression and the security
            // level keywords: accepted, the engine's defaults apply.
        } else {
            return None;
        }
        Some(())
    }

    /// The engine's view: versions, suites and groups it can speak.
    pub fn apply_to(&self, settings: &mut Settings) {
        let tls12 = self.versions.contains(&GNUTLS_TLS1_2);
        let tls13 = self.versions.contains(&GNUTLS_TLS1_3);
        settings.min_version = Some(if tls12 {
            Version::Tls12
        } else {
            Version::Tls13
        });
        settings.max_version = Some(if tls13 {
            Version::Tls13
        } else {
            Version::Tls12
        });
        if !tls12 && !tls13 {
            // Nothing the engine speaks: an empty range, which the engine refuses.
            settings.min_version = Some(Version::Tls13);
            settings.max_version = Some(Version::Tls12);
        }
        let mut suites: Vec<SupportedCipherSuite> = Vec::new();
        for cipher in &self.ciphers {
            if let Some(s) = tls13_suite(cipher) {
                suites.push(s);
            }
        }
        if self.macs.contains(&"AEAD") {
            for kx in &self.kx {
                for cipher in &self.ciphers {
                    if let Some(s) = tls12_suite(kx, cipher) {
                        suites.push(s);
                    }
                }
            }
        }
        settings.suites = Some(suites);
        let groups: Vec<&'static dyn rustls::crypto::SupportedKxGroup> = self
            .groups
            .iter()
            .filter_map(|g| match *g {
                "SECP256R1" => Some(kx_group::SECP256R1),
                "SECP384R1" => Some(kx_group::SECP384R1),
                "X25519" => Some(kx_group::X25519),
                _ => None,
            })
            .collect();
        settings.groups = Some(groups);
        if self.no_tickets {
            settings.tickets = false;
        }
    }

    /// `gnutls_protocol_get_version` before a handshake: the first version listed.
    pub fn first_version(&self) -> c_uint {
        self.versions
            .first()
            .copied()
            .unwrap_or(GNUTLS_VERSION_UNKNOWN)
    }
}

fn match_list(name: &str, all: &[&'static str], all_name: &str) -> Option<Vec<&'static str>> {
    if name == all_name {
        return Some(all.to_vec());
    }
    all.iter().find(|c| **c == name).map(|c| vec![*c])
}

/// GnuTLS' list edit: `+` appends what is missing, `-`/`!` removes.
fn edit<T: PartialEq + Copy>(list: &mut Vec<T>, items: &[T], add: bool) {
    for item in items {
        if add {
            if !list.contains(item) {
                list.push(*item);
            }
        } else {
            list.retain(|x| x != item);
        }
    }
}

fn tls13_suite(cipher: &str) -> Option<SupportedCipherSuite> {
    Some(match cipher {
        "AES-256-GCM" => cs::TLS13_AES_256_GCM_SHA384,
        "AES-128-GCM" => cs::TLS13_AES_128_GCM_SHA256,
        "CHACHA20-POLY1305" => cs::TLS13_CHACHA20_POLY1305_SHA256,
        _ => return None,
    })
}

fn tls12_suite(kx: &str, cipher: &str) -> Option<SupportedCipherSuite> {
    Some(match (kx, cipher) {
        ("ECDHE-ECDSA", "AES-256-GCM") => cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        ("ECDHE-ECDSA", "AES-128-GCM") => cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ("ECDHE-ECDSA", "CHACHA20-POLY1305") => cs::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        ("ECDHE-RSA", "AES-256-GCM") => cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        ("ECDHE-RSA", "AES-128-GCM") => cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ("ECDHE-RSA", "CHACHA20-POLY1305") => cs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        _ => return None,
    })
}

/// `gnutls_priority_init2`'s flag: the string is appended to the default ("NORMAL").
const GNUTLS_PRIORITY_INIT_DEF_APPEND: c_uint = 1;

/// Parses `text` for the C API: sets `*err_pos` as GnuTLS does (the string's start,
/// moved to the bad token on error), or NULL when `text` was appended to the default.
unsafe fn parse_c(
    text: *const c_char,
    err_pos: *mut *const c_char,
    flags: c_uint,
) -> Result<Priority, c_int> {
    if !err_pos.is_null() {
        // SAFETY: err_pos is NULL or writable, as the API requires.
        unsafe { *err_pos = text };
    }
    if text.is_null() {
        return Ok(Priority::parse("NORMAL").expect("NORMAL parses"));
    }
    // SAFETY: text is a NUL-terminated string, as the API requires.
    let Some(s) = (unsafe { crate::ffi::cstr(text) }) else {
        return Err(GNUTLS_E_INVALID_REQUEST);
    };
    let appended = flags & GNUTLS_PRIORITY_INIT_DEF_APPEND != 0;
    let full = if appended {
        format!("NORMAL:{s}")
    } else {
        s.to_string()
    };
    Priority::parse(&full).map_err(|(offset, code)| {
        if !err_pos.is_null() {
            // SAFETY: as above; offset is within the string (or NULL when appended:
            // the real library leaves no position into the caller's string then).
            unsafe {
                *err_pos = if appended {
                    std::ptr::null()
                } else {
                    text.add(offset)
                };
            }
        }
        code
    })
}

pub unsafe extern "C" fn gnutls_priority_init2(
    priority_cache: *mut *mut Priority,
    priorities: *const c_char,
    err_pos: *mut *const c_char,
    flags: c_uint,
) -> c_int {
    super::guard("gnutls_priority_init2", GNUTLS_E_INTERNAL_ERROR, || {
        if priority_cache.is_null() {
            return GNUTLS_E_INVALID_REQUEST;
        }
        // SAFETY: the arguments follow the API contract.
        match unsafe { parse_c(priorities, err_pos, flags) } {
            Ok(p) => {
                // SAFETY: priority_cache is writable (checked non-NULL).
                unsafe { *priority_cache = crate::ffi::into_handle(p) };
                0
            }
            Err(code) => code,
        }
    })
}

pub unsafe extern "C" fn gnutls_priority_init(
    priority_cache: *mut *mut Priority,
    priorities: *const c_char,
    err_pos: *mut *const c_char,
) -> c_int {
    // SAFETY: same contract as gnutls_priority_init2.
    unsafe { gnutls_priority_init2(priority_cache, priorities, err_pos, 0) }
}

pub unsafe extern "C" fn gnutls_priority_deinit(priority_cache: *mut Priority) {
    // SAFETY: priority_cache is NULL or came from gnutls_priority_init.
    super::guard("gnutls_priority_deinit", (), || unsafe {
        crate::ffi::free_handle(priority_cache)
    })
}

pub unsafe extern "C" fn gnutls_priority_set(
    session: *mut GnutlsSession,
    priority: *mut Priority,
) -> c_int {
    super::guard("gnutls_priority_set", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: handles are NULL or live, as the API requires.
        let (Some(s), p) = (unsafe { session_ref(session) }, unsafe {
            crate::ffi::obj(priority)
        }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        // A NULL priority: GNUTLS_E_NO_PRIORITIES_WERE_SET (observed).
        let Some(p) = p else {
            return GNUTLS_E_NO_PRIORITIES_WERE_SET;
        };
        s.set_priority(p.clone());
        0
    })
}

pub unsafe extern "C" fn gnutls_priority_set_direct(
    session: *mut GnutlsSession,
    priorities: *const c_char,
    err_pos: *mut *const c_char,
) -> c_int {
    super::guard(
        "gnutls_priority_set_direct",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: session is NULL or live.
            let Some(s) = (unsafe { session_ref(session) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            // SAFETY: the arguments follow the API contract.
            match unsafe { parse_c(priorities, err_pos, 0) } {
                Ok(p) => {
                    s.set_priority(p);
                    0
                }
                Err(code) => code,
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_set_default_priority(session: *mut GnutlsSession) -> c_int {
    super::guard(
        "gnutls_set_default_priority",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: session is NULL or live.
            let Some(s) = (unsafe { session_ref(session) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            s.set_priority(Priority::parse("NORMAL").expect("NORMAL parses"));
            0
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_positions_match_gnutls() {
        // Offsets observed with GnuTLS 3.7.9 (ctests/gnutls_priority.c).
        assert_eq!(Priority::parse("FOO"), Err((0, GNUTLS_E_INVALID_REQUEST)));
        assert_eq!(
            Priority::parse("NORMAL:+FOO").unwrap_err(),
            (7, GNUTLS_E_INVALID_REQUEST)
        );
        assert_eq!(
            Priority::parse("NORMAL:-VERS-TLS1.2:+BAR:%COMPAT").unwrap_err(),
            (20, GNUTLS_E_INVALID_REQUEST)
        );
        assert_eq!(
            Priority::parse("NORMAL:").unwrap_err(),
            (7, GNUTLS_E_INVALID_REQUEST)
        );
        assert_eq!(
            Priority::parse("NONE").unwrap_err(),
            (0, GNUTLS_E_NO_PRIORITIES_WERE_SET)
        );
        let p = Priority::parse("NORMAL:-VERS-TLS-ALL:+VERS-TLS1.3").unwrap();
        assert_eq!(p.first_version(), GNUTLS_DTLS1_2);
        assert!(
            Priority::parse("NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+AEAD:+SIGN-ALL").is_ok()
        );
    }
}
