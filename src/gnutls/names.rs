//! The enum ↔ name getters (`gnutls_cipher_get_name` …), the cipher-suite table and
//! the neutral IANA-suite → GnuTLS-algorithm mapping the session code reports with.
//! Every table is read out of the real libgnutls 3.7.9 by tools/gen_gnutls_tables.sh.
// The exports' contract is the GnuTLS manual's, not a `# Safety` section per fn.
#![allow(clippy::missing_safety_doc)]
#![allow(non_snake_case)]
use std::ffi::{c_char, c_int, c_uint, CStr};

/// `gnutls_protocol_t` values the session code reports.
pub const GNUTLS_TLS1_2: u32 = 4;
pub const GNUTLS_TLS1_3: u32 = 5;

/// A row of the real library's cipher-suite table (`gnutls_cipher_suite_info`).
pub struct Suite {
    /// The IANA cipher-suite number, big-endian.
    pub id: [u8; 2],
    /// The name `gnutls_cipher_suite_info` gives ("TLS_AES_128_GCM_SHA256").
    pub name: &'static CStr,
    /// The name `gnutls_cipher_suite_get_name(kx, cipher, mac)` gives for this row's
    /// algorithms (the first row with them: "AES_128_GCM_SHA256").
    pub short_name: &'static CStr,
    pub kx: u32,
    pub cipher: u32,
    pub mac: u32,
    pub min_version: u32,
}

fn lookup(table: &'static [(u32, &'static CStr)], value: u32) -> *const c_char {
    table
        .iter()
        .find(|e| e.0 == value)
        .map_or(std::ptr::null(), |e| e.1.as_ptr())
}

/// The `gnutls_cipher_suite_info` row of an IANA suite number.
pub fn suite_by_iana(iana: u16) -> Option<&'static Suite> {
    CIPHER_SUITES.iter().find(|s| s.id == iana.to_be_bytes())
}

/// `(gnutls_kx_algorithm_t, gnutls_cipher_algorithm_t, gnutls_mac_algorithm_t)` that the
/// real library's suite table gives an IANA suite (`None` if it does not know it).
///
/// For TLS 1.3 suites the table's kx is 0 (`GNUTLS_KX_UNKNOWN`) and the mac is
/// `GNUTLS_MAC_AEAD`; `gnutls_kx_get` on a TLS 1.3 session does not report that 0 but
/// derives the kx from the negotiated group: use [`tls13_session_kx`] for it.
pub fn cipher_id_for_suite(iana: u16) -> Option<(u32, u32, u32)> {
    suite_by_iana(iana).map(|s| (s.kx, s.cipher, s.mac))
}

/// `GNUTLS_KX_ECDHE_RSA` / `GNUTLS_KX_DHE_RSA`: what `gnutls_kx_get` reports on a
/// TLS 1.3 session without PSK — chosen by the key-exchange group (finite-field DH
/// groups give DHE_RSA, the others ECDHE_RSA), whatever the certificate's key type.
/// (GnuTLS 3.7.9 lib/state.c gnutls_kx_get; checked with gnutls-serv and
/// ctests/gnutls_suites.c.)
pub fn tls13_session_kx(group_is_ffdhe: bool) -> u32 {
    if group_is_ffdhe {
        GNUTLS_KX_DHE_RSA
    } else {
        GNUTLS_KX_ECDHE_RSA
    }
}

/// What `gnutls_kx_get` / `gnutls_cipher_get` / `gnutls_mac_get` report on a session
/// that negotiated IANA suite `iana` (TLS 1.3: kx from the group, see
/// [`tls13_session_kx`]). Observed with ctests/gnutls_suites.c against gnutls-serv
/// 3.7.9: 0x1301 over SECP256R1 or X25519 → (12 ECDHE-RSA, 10 AES-128-GCM, 200 AEAD),
/// over FFDHE2048 → kx 3 DHE-RSA; 0xc02b → (13, 10, 200); 0xcca8 → (12, 23, 200).
/// (`gnutls_cipher_suite_get_name` of such a TLS 1.3 triple then names the TLS 1.2
/// suite, e.g. "ECDHE_RSA_AES_128_GCM_SHA256", as the real one does.)
pub fn session_suite_ids(iana: u16, group_is_ffdhe: bool) -> Option<(u32, u32, u32)> {
    let suite = suite_by_iana(iana)?;
    let kx = if suite.kx == 0 {
        tls13_session_kx(group_is_ffdhe)
    } else {
        suite.kx
    };
    Some((kx, suite.cipher, suite.mac))
}

pub const GNUTLS_KX_DHE_RSA: u32 = 3;
pub const GNUTLS_KX_ECDHE_RSA: u32 = 12;
pub const GNUTLS_KX_ECDHE_ECDSA: u32 = 13;
pub const GNUTLS_MAC_AEAD: u32 = 200;

pub unsafe extern "C" fn gnutls_protocol_get_name(version: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_protocol_get_name", std::ptr::null(), || {
        lookup(PROTOCOL_NAMES, version)
    })
}

pub unsafe extern "C" fn gnutls_cipher_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_cipher_get_name", std::ptr::null(), || {
        lookup(CIPHER_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_mac_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_mac_get_name", std::ptr::null(), || {
        lookup(MAC_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_digest_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_digest_get_name", std::ptr::null(), || {
        lookup(DIGEST_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_kx_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_kx_get_name", std::ptr::null(), || {
        lookup(KX_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_pk_algorithm_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_pk_algorithm_get_name", std::ptr::null(), || {
        lookup(PK_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_sign_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_sign_get_name", std::ptr::null(), || {
        lookup(SIGN_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_ecc_curve_get_name(curve: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_ecc_curve_get_name", std::ptr::null(), || {
        lookup(ECC_CURVE_NAMES, curve)
    })
}

/// 0 for a curve the library does not know, as the real one.
pub unsafe extern "C" fn gnutls_ecc_curve_get_size(curve: c_uint) -> c_int {
    crate::gnutls::guard("gnutls_ecc_curve_get_size", 0, || {
        ECC_CURVE_SIZES
            .iter()
            .find(|e| e.0 == curve)
            .map_or(0, |e| e.1)
    })
}

pub unsafe extern "C" fn gnutls_group_get_name(group: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_group_get_name", std::ptr::null(), || {
        lookup(GROUP_NAMES, group)
    })
}

pub unsafe extern "C" fn gnutls_compression_get_name(algorithm: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_compression_get_name", std::ptr::null(), || {
        lookup(COMPRESSION_NAMES, algorithm)
    })
}

pub unsafe extern "C" fn gnutls_certificate_type_get_name(kind: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_certificate_type_get_name", std::ptr::null(), || {
        lookup(CERTIFICATE_TYPE_NAMES, kind)
    })
}

pub unsafe extern "C" fn gnutls_alert_get_name(alert: c_uint) -> *const c_char {
    crate::gnutls::guard("gnutls_alert_get_name", std::ptr::null(), || {
        lookup(ALERT_NAMES, alert)
    })
}

fn cipher_sizes(cipher: u32) -> (u32, u32, u32) {
    CIPHER_SIZES
        .iter()
        .find(|e| e.0 == cipher)
        .map_or((0, 0, 0), |e| (e.1, e.2, e.3))
}

pub unsafe extern "C" fn gnutls_cipher_get_key_size(algorithm: c_uint) -> usize {
    crate::gnutls::guard("gnutls_cipher_get_key_size", 0, || {
        cipher_sizes(algorithm).0 as usize
    })
}

pub unsafe extern "C" fn gnutls_cipher_get_iv_size(algorithm: c_uint) -> c_uint {
    crate::gnutls::guard("gnutls_cipher_get_iv_size", 0, || cipher_sizes(algorithm).1)
}

pub unsafe extern "C" fn gnutls_cipher_get_tag_size(algorithm: c_uint) -> c_uint {
    crate::gnutls::guard("gnutls_cipher_get_tag_size", 0, || {
        cipher_sizes(algorithm).2
    })
}

/// The name of the first suite with these algorithms, without its "TLS_" prefix
/// (e.g. kx 0, AES-128-GCM, AEAD → "AES_128_GCM_SHA256"); NULL if none.
pub unsafe extern "C" fn gnutls_cipher_suite_get_name(
    kx: c_uint,
    cipher: c_uint,
    mac: c_uint,
) -> *const c_char {
    crate::gnutls::guard("gnutls_cipher_suite_get_name", std::ptr::null(), || {
        CIPHER_SUITES
            .iter()
            .find(|s| s.kx == kx && s.cipher == cipher && s.mac == mac)
            .map_or(std::ptr::null(), |s| s.short_name.as_ptr())
    })
}

/// Row `idx` of the suite table; each non-NULL out pointer receives its field.
pub unsafe extern "C" fn gnutls_cipher_suite_info(
    idx: usize,
    cs_id: *mut u8,
    kx: *mut c_uint,
    cipher: *mut c_uint,
    mac: *mut c_uint,
    min_version: *mut c_uint,
) -> *const c_char {
    crate::gnutls::guard("gnutls_cipher_suite_info", std::ptr::null(), || {
        let Some(suite) = CIPHER_SUITES.get(idx) else {
            return std::ptr::null();
        };
        // SAFETY: each pointer is NULL or points to the out parameter of the type the
        // prototype gives (cs_id: 2 bytes), as the API requires.
        if !cs_id.is_null() {
            // SAFETY: a non-NULL cs_id points to 2 writable bytes, as the API requires.
            unsafe { std::ptr::copy_nonoverlapping(suite.id.as_ptr(), cs_id, 2) };
        }
        for (out, value) in [
            (kx, suite.kx),
            (cipher, suite.cipher),
            (mac, suite.mac),
            (min_version, suite.min_version),
        ] {
            // SAFETY: each out pointer is NULL or points to a writable unsigned int.
            if let Some(out) = unsafe { crate::ffi::obj_mut(out) } {
                *out = value;
            }
        }
        suite.name.as_ptr()
    })
}

// BEGIN GENERATED by tools/gen_gnutls_tables.sh: do not edit.
/// gnutls_protocol_get_name, for every value below 65536 with a name.
pub(crate) static PROTOCOL_NAMES: &[(u32, &CStr)] = &[
    (1, c"SSL3.0"),
    (2, c"TLS1.0"),
    (3, c"TLS1.1"),
    (4, c"TLS1.2"),
    (5, c"TLS1.3"),
    (200, c"DTLS0.9"),
    (201, c"DTLS1.0"),
    (202, c"DTLS1.2"),
];

/// gnutls_cipher_get_name, for every value below 65536 with a name.
pub(crate) static CIPHER_NAMES: &[(u32, &CStr)] = &[
    (1, c"NULL"),
    (2, c"ARCFOUR-128"),
    (3, c"3DES-CBC"),
    (4, c"AES-128-CBC"),
    (5, c"AES-256-CBC"),
    (6, c"ARCFOUR-40"),
    (7, c"CAMELLIA-128-CBC"),
    (8, c"CAMELLIA-256-CBC"),
    (9, c"AES-192-CBC"),
    (10, c"AES-128-GCM"),
    (11, c"AES-256-GCM"),
    (12, c"CAMELLIA-192-CBC"),
    (13, c"SALSA20-256"),
    (14, c"ESTREAM-SALSA20-256"),
    (15, c"CAMELLIA-128-GCM"),
    (16, c"CAMELLIA-256-GCM"),
    (17, c"RC2-40"),
    (18, c"DES-CBC"),
    (19, c"AES-128-CCM"),
    (20, c"AES-256-CCM"),
    (21, c"AES-128-CCM-8"),
    (22, c"AES-256-CCM-8"),
    (23, c"CHACHA20-POLY1305"),
    (24, c"GOST28147-TC26Z-CFB"),
    (25, c"GOST28147-CPA-CFB"),
    (26, c"GOST28147-CPB-CFB"),
    (27, c"GOST28147-CPC-CFB"),
    (28, c"GOST28147-CPD-CFB"),
    (29, c"AES-128-CFB8"),
    (30, c"AES-192-CFB8"),
    (31, c"AES-256-CFB8"),
    (32, c"AES-128-XTS"),
    (33, c"AES-256-XTS"),
    (34, c"GOST28147-TC26Z-CNT"),
    (35, c"CHACHA20-64"),
    (36, c"CHACHA20-32"),
    (37, c"AES-128-SIV"),
    (38, c"AES-256-SIV"),
    (39, c"AES-192-GCM"),
    (40, c"MAGMA-CTR-ACPKM"),
    (41, c"KUZNYECHIK-CTR-ACPKM"),
];

/// gnutls_mac_get_name, for every value below 65536 with a name.
pub(crate) static MAC_NAMES: &[(u32, &CStr)] = &[
    (1, c"MAC-NULL"),
    (2, c"MD5"),
    (3, c"SHA1"),
    (4, c"RIPEMD160"),
    (5, c"MD2"),
    (6, c"SHA256"),
    (7, c"SHA384"),
    (8, c"SHA512"),
    (9, c"SHA224"),
    (10, c"SHA3-224"),
    (11, c"SHA3-256"),
    (12, c"SHA3-384"),
    (13, c"SHA3-512"),
    (14, c"MD5+SHA1"),
    (15, c"GOSTR341194"),
    (16, c"STREEBOG-256"),
    (17, c"STREEBOG-512"),
    (200, c"AEAD"),
    (201, c"UMAC-96"),
    (202, c"UMAC-128"),
    (203, c"AES-CMAC-128"),
    (204, c"AES-CMAC-256"),
    (205, c"AES-GMAC-128"),
    (206, c"AES-GMAC-192"),
    (207, c"AES-GMAC-256"),
    (208, c"GOST28147-TC26Z-IMIT"),
    (209, c"SHAKE-128"),
    (210, c"SHAKE-256"),
    (211, c"OMAC-MAGMA"),
    (212, c"OMAC-KUZNYECHIK"),
];

/// gnutls_digest_get_name, for every value below 65536 with a name.
pub(crate) static DIGEST_NAMES: &[(u32, &CStr)] = &[
    (2, c"MD5"),
    (3, c"SHA1"),
    (4, c"RIPEMD160"),
    (5, c"MD2"),
    (6, c"SHA256"),
    (7, c"SHA384"),
    (8, c"SHA512"),
    (9, c"SHA224"),
    (10, c"SHA3-224"),
    (11, c"SHA3-256"),
    (12, c"SHA3-384"),
    (13, c"SHA3-512"),
    (15, c"GOSTR341194"),
    (16, c"STREEBOG-256"),
    (17, c"STREEBOG-512"),
    (209, c"SHAKE-128"),
    (210, c"SHAKE-256"),
];

/// gnutls_kx_get_name, for every value below 65536 with a name.
pub(crate) static KX_NAMES: &[(u32, &CStr)] = &[
    (1, c"RSA"),
    (2, c"DHE-DSS"),
    (3, c"DHE-RSA"),
    (4, c"ANON-DH"),
    (5, c"SRP"),
    (7, c"SRP-RSA"),
    (8, c"SRP-DSS"),
    (9, c"PSK"),
    (10, c"DHE-PSK"),
    (11, c"ANON-ECDH"),
    (12, c"ECDHE-RSA"),
    (13, c"ECDHE-ECDSA"),
    (14, c"ECDHE-PSK"),
    (15, c"RSA-PSK"),
    (16, c"VKO-GOST-12"),
];

/// gnutls_pk_algorithm_get_name, for every value below 65536 with a name.
pub(crate) static PK_NAMES: &[(u32, &CStr)] = &[
    (0, c"GOST R 34.10-94"),
    (1, c"RSA"),
    (2, c"DSA"),
    (3, c"DH"),
    (4, c"EC/ECDSA"),
    (5, c"ECDH (X25519)"),
    (6, c"RSA-PSS"),
    (7, c"EdDSA (Ed25519)"),
    (8, c"GOST R 34.10-2001"),
    (9, c"GOST R 34.10-2012-256"),
    (10, c"GOST R 34.10-2012-512"),
    (11, c"ECDH (X448)"),
    (12, c"EdDSA (Ed448)"),
];

/// gnutls_sign_get_name, for every value below 65536 with a name.
pub(crate) static SIGN_NAMES: &[(u32, &CStr)] = &[
    (1, c"RSA-SHA1"),
    (2, c"DSA-SHA1"),
    (3, c"RSA-MD5"),
    (4, c"RSA-MD2"),
    (5, c"RSA-RMD160"),
    (6, c"RSA-SHA256"),
    (7, c"RSA-SHA384"),
    (8, c"RSA-SHA512"),
    (9, c"RSA-SHA224"),
    (10, c"DSA-SHA224"),
    (11, c"DSA-SHA256"),
    (12, c"ECDSA-SHA1"),
    (13, c"ECDSA-SHA224"),
    (14, c"ECDSA-SHA256"),
    (15, c"ECDSA-SHA384"),
    (16, c"ECDSA-SHA512"),
    (17, c"DSA-SHA384"),
    (18, c"DSA-SHA512"),
    (20, c"ECDSA-SHA3-224"),
    (21, c"ECDSA-SHA3-256"),
    (22, c"ECDSA-SHA3-384"),
    (23, c"ECDSA-SHA3-512"),
    (24, c"DSA-SHA3-224"),
    (25, c"DSA-SHA3-256"),
    (26, c"DSA-SHA3-384"),
    (27, c"DSA-SHA3-512"),
    (28, c"RSA-SHA3-224"),
    (29, c"RSA-SHA3-256"),
    (30, c"RSA-SHA3-384"),
    (31, c"RSA-SHA3-512"),
    (32, c"RSA-PSS-SHA256"),
    (33, c"RSA-PSS-SHA384"),
    (34, c"RSA-PSS-SHA512"),
    (35, c"EdDSA-Ed25519"),
    (36, c"RSA-RAW"),
    (37, c"ECDSA-SECP256R1-SHA256"),
    (38, c"ECDSA-SECP384R1-SHA384"),
    (39, c"ECDSA-SECP521R1-SHA512"),
    (40, c"RSA-PSS-RSAE-SHA256"),
    (41, c"RSA-PSS-RSAE-SHA384"),
    (42, c"RSA-PSS-RSAE-SHA512"),
    (43, c"GOSTR341001"),
    (44, c"GOSTR341012-256"),
    (45, c"GOSTR341012-512"),
    (46, c"EdDSA-Ed448"),
];

/// gnutls_ecc_curve_get_name, for every value below 65536 with a name.
pub(crate) static ECC_CURVE_NAMES: &[(u32, &CStr)] = &[
    (1, c"SECP224R1"),
    (2, c"SECP256R1"),
    (3, c"SECP384R1"),
    (4, c"SECP521R1"),
    (5, c"SECP192R1"),
    (6, c"X25519"),
    (7, c"Ed25519"),
    (8, c"CryptoPro-A"),
    (9, c"CryptoPro-B"),
    (10, c"CryptoPro-C"),
    (11, c"CryptoPro-XchA"),
    (12, c"CryptoPro-XchB"),
    (13, c"TC26-512-A"),
    (14, c"TC26-512-B"),
    (15, c"TC26-512-C"),
    (16, c"TC26-256-A"),
    (17, c"TC26-256-B"),
    (18, c"TC26-256-C"),
    (19, c"TC26-256-D"),
    (20, c"X448"),
    (21, c"Ed448"),
];

/// gnutls_group_get_name, for every value below 65536 with a name.
pub(crate) static GROUP_NAMES: &[(u32, &CStr)] = &[
    (1, c"SECP224R1"),
    (2, c"SECP256R1"),
    (3, c"SECP384R1"),
    (4, c"SECP521R1"),
    (5, c"SECP192R1"),
    (6, c"X25519"),
    (13, c"GC512A"),
    (14, c"GC512B"),
    (15, c"GC512C"),
    (16, c"GC256A"),
    (17, c"GC256B"),
    (18, c"GC256C"),
    (19, c"GC256D"),
    (20, c"X448"),
    (256, c"FFDHE2048"),
    (257, c"FFDHE3072"),
    (258, c"FFDHE4096"),
    (259, c"FFDHE8192"),
    (260, c"FFDHE6144"),
];

/// gnutls_compression_get_name, for every value below 65536 with a name.
pub(crate) static COMPRESSION_NAMES: &[(u32, &CStr)] = &[(1, c"NULL")];

/// gnutls_certificate_type_get_name, for every value below 65536 with a name.
pub(crate) static CERTIFICATE_TYPE_NAMES: &[(u32, &CStr)] =
    &[(1, c"X.509"), (3, c"Raw Public Key")];

/// gnutls_alert_get_name, for every value below 65536 with a name.
pub(crate) static ALERT_NAMES: &[(u32, &CStr)] = &[
    (0, c"Close notify"),
    (10, c"Unexpected message"),
    (20, c"Bad record MAC"),
    (21, c"Decryption failed"),
    (22, c"Record overflow"),
    (30, c"Decompression failed"),
    (40, c"Handshake failed"),
    (41, c"No certificate (SSL 3.0)"),
    (42, c"Certificate is bad"),
    (43, c"Certificate is not supported"),
    (44, c"Certificate was revoked"),
    (45, c"Certificate is expired"),
    (46, c"Unknown certificate"),
    (47, c"Illegal parameter"),
    (48, c"CA is unknown"),
    (49, c"Access was denied"),
    (50, c"Decode error"),
    (51, c"Decrypt error"),
    (60, c"Export restriction"),
    (70, c"Error in protocol version"),
    (71, c"Insufficient security"),
    (80, c"Internal error"),
    (86, c"Inappropriate fallback"),
    (90, c"User canceled"),
    (100, c"No renegotiation is allowed"),
    (109, c"An extension was expected but was not seen"),
    (110, c"An unsupported extension was sent"),
    (111, c"Could not retrieve the specified certificate"),
    (112, c"The server name sent was not recognized"),
    (115, c"The SRP/PSK username is missing or not known"),
    (116, c"Certificate is required"),
    (
        120,
        c"No supported application protocol could be negotiated",
    ),
];

/// gnutls_ecc_curve_get_size, for every curve with a non-zero size.
pub(crate) static ECC_CURVE_SIZES: &[(u32, i32)] = &[
    (1, 28),
    (2, 32),
    (3, 48),
    (4, 66),
    (5, 24),
    (6, 32),
    (7, 32),
    (8, 32),
    (9, 32),
    (10, 32),
    (11, 32),
    (12, 32),
    (13, 64),
    (14, 64),
    (15, 64),
    (16, 32),
    (17, 32),
    (18, 32),
    (19, 32),
    (20, 56),
    (21, 57),
];

/// gnutls_cipher_get_key_size / _iv_size / _tag_size of every named cipher.
pub(crate) static CIPHER_SIZES: &[(u32, u32, u32, u32)] = &[
    (1, 0, 0, 0),
    (2, 16, 0, 0),
    (3, 24, 8, 0),
    (4, 16, 16, 0),
    (5, 32, 16, 0),
    (6, 5, 0, 0),
    (7, 16, 16, 0),
    (8, 32, 16, 0),
    (9, 24, 16, 0),
    (10, 16, 12, 16),
    (11, 32, 12, 16),
    (12, 24, 16, 0),
    (13, 32, 8, 0),
    (14, 32, 8, 0),
    (15, 16, 12, 16),
    (16, 32, 12, 16),
    (17, 5, 8, 0),
    (18, 8, 8, 0),
    (19, 16, 12, 16),
    (20, 32, 12, 16),
    (21, 16, 12, 8),
    (22, 32, 12, 8),
    (23, 32, 12, 16),
    (24, 32, 8, 0),
    (25, 32, 8, 0),
    (26, 32, 8, 0),
    (27, 32, 8, 0),
    (28, 32, 8, 0),
    (29, 16, 16, 0),
    (30, 24, 16, 0),
    (31, 32, 16, 0),
    (32, 32, 16, 0),
    (33, 64, 16, 0),
    (34, 32, 8, 0),
    (35, 32, 16, 0),
    (36, 32, 16, 0),
    (37, 32, 16, 16),
    (38, 64, 16, 16),
    (39, 24, 12, 16),
    (40, 32, 8, 0),
    (41, 32, 16, 0),
];

/// gnutls_cipher_suite_info(idx, ...) for every idx, in the library's order.
pub(crate) static CIPHER_SUITES: &[Suite] = &[
    Suite {
        id: [0x13, 0x01],
        name: c"TLS_AES_128_GCM_SHA256",
        short_name: c"AES_128_GCM_SHA256",
        kx: 0,
        cipher: 10,
        mac: 200,
        min_version: 5,
    },
    Suite {
        id: [0x13, 0x02],
        name: c"TLS_AES_256_GCM_SHA384",
        short_name: c"AES_256_GCM_SHA384",
        kx: 0,
        cipher: 11,
        mac: 200,
        min_version: 5,
    },
    Suite {
        id: [0x13, 0x03],
        name: c"TLS_CHACHA20_POLY1305_SHA256",
        short_name: c"CHACHA20_POLY1305_SHA256",
        kx: 0,
        cipher: 23,
        mac: 200,
        min_version: 5,
    },
    Suite {
        id: [0x13, 0x04],
        name: c"TLS_AES_128_CCM_SHA256",
        short_name: c"AES_128_CCM_SHA256",
        kx: 0,
        cipher: 19,
        mac: 200,
        min_version: 5,
    },
    Suite {
        id: [0x13, 0x05],
        name: c"TLS_AES_128_CCM_8_SHA256",
        short_name: c"AES_128_CCM_8_SHA256",
        kx: 0,
        cipher: 21,
        mac: 200,
        min_version: 5,
    },
    Suite {
        id: [0x00, 0x01],
        name: c"TLS_RSA_NULL_MD5",
        short_name: c"RSA_NULL_MD5",
        kx: 1,
        cipher: 1,
        mac: 2,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x02],
        name: c"TLS_RSA_NULL_SHA1",
        short_name: c"RSA_NULL_SHA1",
        kx: 1,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x3b],
        name: c"TLS_RSA_NULL_SHA256",
        short_name: c"RSA_NULL_SHA256",
        kx: 1,
        cipher: 1,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x05],
        name: c"TLS_RSA_ARCFOUR_128_SHA1",
        short_name: c"RSA_ARCFOUR_128_SHA1",
        kx: 1,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x04],
        name: c"TLS_RSA_ARCFOUR_128_MD5",
        short_name: c"RSA_ARCFOUR_128_MD5",
        kx: 1,
        cipher: 2,
        mac: 2,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x0a],
        name: c"TLS_RSA_3DES_EDE_CBC_SHA1",
        short_name: c"RSA_3DES_EDE_CBC_SHA1",
        kx: 1,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x2f],
        name: c"TLS_RSA_AES_128_CBC_SHA1",
        short_name: c"RSA_AES_128_CBC_SHA1",
        kx: 1,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x35],
        name: c"TLS_RSA_AES_256_CBC_SHA1",
        short_name: c"RSA_AES_256_CBC_SHA1",
        kx: 1,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xba],
        name: c"TLS_RSA_CAMELLIA_128_CBC_SHA256",
        short_name: c"RSA_CAMELLIA_128_CBC_SHA256",
        kx: 1,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xc0],
        name: c"TLS_RSA_CAMELLIA_256_CBC_SHA256",
        short_name: c"RSA_CAMELLIA_256_CBC_SHA256",
        kx: 1,
        cipher: 8,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x41],
        name: c"TLS_RSA_CAMELLIA_128_CBC_SHA1",
        short_name: c"RSA_CAMELLIA_128_CBC_SHA1",
        kx: 1,
        cipher: 7,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x84],
        name: c"TLS_RSA_CAMELLIA_256_CBC_SHA1",
        short_name: c"RSA_CAMELLIA_256_CBC_SHA1",
        kx: 1,
        cipher: 8,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x3c],
        name: c"TLS_RSA_AES_128_CBC_SHA256",
        short_name: c"RSA_AES_128_CBC_SHA256",
        kx: 1,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x3d],
        name: c"TLS_RSA_AES_256_CBC_SHA256",
        short_name: c"RSA_AES_256_CBC_SHA256",
        kx: 1,
        cipher: 5,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x9c],
        name: c"TLS_RSA_AES_128_GCM_SHA256",
        short_name: c"RSA_AES_128_GCM_SHA256",
        kx: 1,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x9d],
        name: c"TLS_RSA_AES_256_GCM_SHA384",
        short_name: c"RSA_AES_256_GCM_SHA384",
        kx: 1,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x7a],
        name: c"TLS_RSA_CAMELLIA_128_GCM_SHA256",
        short_name: c"RSA_CAMELLIA_128_GCM_SHA256",
        kx: 1,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x7b],
        name: c"TLS_RSA_CAMELLIA_256_GCM_SHA384",
        short_name: c"RSA_CAMELLIA_256_GCM_SHA384",
        kx: 1,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x9c],
        name: c"TLS_RSA_AES_128_CCM",
        short_name: c"RSA_AES_128_CCM",
        kx: 1,
        cipher: 19,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x9d],
        name: c"TLS_RSA_AES_256_CCM",
        short_name: c"RSA_AES_256_CCM",
        kx: 1,
        cipher: 20,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa0],
        name: c"TLS_RSA_AES_128_CCM_8",
        short_name: c"RSA_AES_128_CCM_8",
        kx: 1,
        cipher: 21,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa1],
        name: c"TLS_RSA_AES_256_CCM_8",
        short_name: c"RSA_AES_256_CCM_8",
        kx: 1,
        cipher: 22,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x66],
        name: c"TLS_DHE_DSS_ARCFOUR_128_SHA1",
        short_name: c"DHE_DSS_ARCFOUR_128_SHA1",
        kx: 2,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x13],
        name: c"TLS_DHE_DSS_3DES_EDE_CBC_SHA1",
        short_name: c"DHE_DSS_3DES_EDE_CBC_SHA1",
        kx: 2,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x32],
        name: c"TLS_DHE_DSS_AES_128_CBC_SHA1",
        short_name: c"DHE_DSS_AES_128_CBC_SHA1",
        kx: 2,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x38],
        name: c"TLS_DHE_DSS_AES_256_CBC_SHA1",
        short_name: c"DHE_DSS_AES_256_CBC_SHA1",
        kx: 2,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xbd],
        name: c"TLS_DHE_DSS_CAMELLIA_128_CBC_SHA256",
        short_name: c"DHE_DSS_CAMELLIA_128_CBC_SHA256",
        kx: 2,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xc3],
        name: c"TLS_DHE_DSS_CAMELLIA_256_CBC_SHA256",
        short_name: c"DHE_DSS_CAMELLIA_256_CBC_SHA256",
        kx: 2,
        cipher: 8,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x44],
        name: c"TLS_DHE_DSS_CAMELLIA_128_CBC_SHA1",
        short_name: c"DHE_DSS_CAMELLIA_128_CBC_SHA1",
        kx: 2,
        cipher: 7,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x87],
        name: c"TLS_DHE_DSS_CAMELLIA_256_CBC_SHA1",
        short_name: c"DHE_DSS_CAMELLIA_256_CBC_SHA1",
        kx: 2,
        cipher: 8,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x40],
        name: c"TLS_DHE_DSS_AES_128_CBC_SHA256",
        short_name: c"DHE_DSS_AES_128_CBC_SHA256",
        kx: 2,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x6a],
        name: c"TLS_DHE_DSS_AES_256_CBC_SHA256",
        short_name: c"DHE_DSS_AES_256_CBC_SHA256",
        kx: 2,
        cipher: 5,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xa2],
        name: c"TLS_DHE_DSS_AES_128_GCM_SHA256",
        short_name: c"DHE_DSS_AES_128_GCM_SHA256",
        kx: 2,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xa3],
        name: c"TLS_DHE_DSS_AES_256_GCM_SHA384",
        short_name: c"DHE_DSS_AES_256_GCM_SHA384",
        kx: 2,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x80],
        name: c"TLS_DHE_DSS_CAMELLIA_128_GCM_SHA256",
        short_name: c"DHE_DSS_CAMELLIA_128_GCM_SHA256",
        kx: 2,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x81],
        name: c"TLS_DHE_DSS_CAMELLIA_256_GCM_SHA384",
        short_name: c"DHE_DSS_CAMELLIA_256_GCM_SHA384",
        kx: 2,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x16],
        name: c"TLS_DHE_RSA_3DES_EDE_CBC_SHA1",
        short_name: c"DHE_RSA_3DES_EDE_CBC_SHA1",
        kx: 3,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x33],
        name: c"TLS_DHE_RSA_AES_128_CBC_SHA1",
        short_name: c"DHE_RSA_AES_128_CBC_SHA1",
        kx: 3,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x39],
        name: c"TLS_DHE_RSA_AES_256_CBC_SHA1",
        short_name: c"DHE_RSA_AES_256_CBC_SHA1",
        kx: 3,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xbe],
        name: c"TLS_DHE_RSA_CAMELLIA_128_CBC_SHA256",
        short_name: c"DHE_RSA_CAMELLIA_128_CBC_SHA256",
        kx: 3,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xc4],
        name: c"TLS_DHE_RSA_CAMELLIA_256_CBC_SHA256",
        short_name: c"DHE_RSA_CAMELLIA_256_CBC_SHA256",
        kx: 3,
        cipher: 8,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x45],
        name: c"TLS_DHE_RSA_CAMELLIA_128_CBC_SHA1",
        short_name: c"DHE_RSA_CAMELLIA_128_CBC_SHA1",
        kx: 3,
        cipher: 7,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x88],
        name: c"TLS_DHE_RSA_CAMELLIA_256_CBC_SHA1",
        short_name: c"DHE_RSA_CAMELLIA_256_CBC_SHA1",
        kx: 3,
        cipher: 8,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x67],
        name: c"TLS_DHE_RSA_AES_128_CBC_SHA256",
        short_name: c"DHE_RSA_AES_128_CBC_SHA256",
        kx: 3,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x6b],
        name: c"TLS_DHE_RSA_AES_256_CBC_SHA256",
        short_name: c"DHE_RSA_AES_256_CBC_SHA256",
        kx: 3,
        cipher: 5,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x9e],
        name: c"TLS_DHE_RSA_AES_128_GCM_SHA256",
        short_name: c"DHE_RSA_AES_128_GCM_SHA256",
        kx: 3,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x9f],
        name: c"TLS_DHE_RSA_AES_256_GCM_SHA384",
        short_name: c"DHE_RSA_AES_256_GCM_SHA384",
        kx: 3,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x7c],
        name: c"TLS_DHE_RSA_CAMELLIA_128_GCM_SHA256",
        short_name: c"DHE_RSA_CAMELLIA_128_GCM_SHA256",
        kx: 3,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x7d],
        name: c"TLS_DHE_RSA_CAMELLIA_256_GCM_SHA384",
        short_name: c"DHE_RSA_CAMELLIA_256_GCM_SHA384",
        kx: 3,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xaa],
        name: c"TLS_DHE_RSA_CHACHA20_POLY1305",
        short_name: c"DHE_RSA_CHACHA20_POLY1305",
        kx: 3,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x9e],
        name: c"TLS_DHE_RSA_AES_128_CCM",
        short_name: c"DHE_RSA_AES_128_CCM",
        kx: 3,
        cipher: 19,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x9f],
        name: c"TLS_DHE_RSA_AES_256_CCM",
        short_name: c"DHE_RSA_AES_256_CCM",
        kx: 3,
        cipher: 20,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa2],
        name: c"TLS_DHE_RSA_AES_128_CCM_8",
        short_name: c"DHE_RSA_AES_128_CCM_8",
        kx: 3,
        cipher: 21,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa3],
        name: c"TLS_DHE_RSA_AES_256_CCM_8",
        short_name: c"DHE_RSA_AES_256_CCM_8",
        kx: 3,
        cipher: 22,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x10],
        name: c"TLS_ECDHE_RSA_NULL_SHA1",
        short_name: c"ECDHE_RSA_NULL_SHA1",
        kx: 12,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x12],
        name: c"TLS_ECDHE_RSA_3DES_EDE_CBC_SHA1",
        short_name: c"ECDHE_RSA_3DES_EDE_CBC_SHA1",
        kx: 12,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x13],
        name: c"TLS_ECDHE_RSA_AES_128_CBC_SHA1",
        short_name: c"ECDHE_RSA_AES_128_CBC_SHA1",
        kx: 12,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x14],
        name: c"TLS_ECDHE_RSA_AES_256_CBC_SHA1",
        short_name: c"ECDHE_RSA_AES_256_CBC_SHA1",
        kx: 12,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x28],
        name: c"TLS_ECDHE_RSA_AES_256_CBC_SHA384",
        short_name: c"ECDHE_RSA_AES_256_CBC_SHA384",
        kx: 12,
        cipher: 5,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x11],
        name: c"TLS_ECDHE_RSA_ARCFOUR_128_SHA1",
        short_name: c"ECDHE_RSA_ARCFOUR_128_SHA1",
        kx: 12,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x76],
        name: c"TLS_ECDHE_RSA_CAMELLIA_128_CBC_SHA256",
        short_name: c"ECDHE_RSA_CAMELLIA_128_CBC_SHA256",
        kx: 12,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x77],
        name: c"TLS_ECDHE_RSA_CAMELLIA_256_CBC_SHA384",
        short_name: c"ECDHE_RSA_CAMELLIA_256_CBC_SHA384",
        kx: 12,
        cipher: 8,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x06],
        name: c"TLS_ECDHE_ECDSA_NULL_SHA1",
        short_name: c"ECDHE_ECDSA_NULL_SHA1",
        kx: 13,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x08],
        name: c"TLS_ECDHE_ECDSA_3DES_EDE_CBC_SHA1",
        short_name: c"ECDHE_ECDSA_3DES_EDE_CBC_SHA1",
        kx: 13,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x09],
        name: c"TLS_ECDHE_ECDSA_AES_128_CBC_SHA1",
        short_name: c"ECDHE_ECDSA_AES_128_CBC_SHA1",
        kx: 13,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x0a],
        name: c"TLS_ECDHE_ECDSA_AES_256_CBC_SHA1",
        short_name: c"ECDHE_ECDSA_AES_256_CBC_SHA1",
        kx: 13,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x07],
        name: c"TLS_ECDHE_ECDSA_ARCFOUR_128_SHA1",
        short_name: c"ECDHE_ECDSA_ARCFOUR_128_SHA1",
        kx: 13,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x72],
        name: c"TLS_ECDHE_ECDSA_CAMELLIA_128_CBC_SHA256",
        short_name: c"ECDHE_ECDSA_CAMELLIA_128_CBC_SHA256",
        kx: 13,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x73],
        name: c"TLS_ECDHE_ECDSA_CAMELLIA_256_CBC_SHA384",
        short_name: c"ECDHE_ECDSA_CAMELLIA_256_CBC_SHA384",
        kx: 13,
        cipher: 8,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x23],
        name: c"TLS_ECDHE_ECDSA_AES_128_CBC_SHA256",
        short_name: c"ECDHE_ECDSA_AES_128_CBC_SHA256",
        kx: 13,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x27],
        name: c"TLS_ECDHE_RSA_AES_128_CBC_SHA256",
        short_name: c"ECDHE_RSA_AES_128_CBC_SHA256",
        kx: 12,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x86],
        name: c"TLS_ECDHE_ECDSA_CAMELLIA_128_GCM_SHA256",
        short_name: c"ECDHE_ECDSA_CAMELLIA_128_GCM_SHA256",
        kx: 13,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x87],
        name: c"TLS_ECDHE_ECDSA_CAMELLIA_256_GCM_SHA384",
        short_name: c"ECDHE_ECDSA_CAMELLIA_256_GCM_SHA384",
        kx: 13,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x2b],
        name: c"TLS_ECDHE_ECDSA_AES_128_GCM_SHA256",
        short_name: c"ECDHE_ECDSA_AES_128_GCM_SHA256",
        kx: 13,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x2c],
        name: c"TLS_ECDHE_ECDSA_AES_256_GCM_SHA384",
        short_name: c"ECDHE_ECDSA_AES_256_GCM_SHA384",
        kx: 13,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x2f],
        name: c"TLS_ECDHE_RSA_AES_128_GCM_SHA256",
        short_name: c"ECDHE_RSA_AES_128_GCM_SHA256",
        kx: 12,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x30],
        name: c"TLS_ECDHE_RSA_AES_256_GCM_SHA384",
        short_name: c"ECDHE_RSA_AES_256_GCM_SHA384",
        kx: 12,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x24],
        name: c"TLS_ECDHE_ECDSA_AES_256_CBC_SHA384",
        short_name: c"ECDHE_ECDSA_AES_256_CBC_SHA384",
        kx: 13,
        cipher: 5,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x8a],
        name: c"TLS_ECDHE_RSA_CAMELLIA_128_GCM_SHA256",
        short_name: c"ECDHE_RSA_CAMELLIA_128_GCM_SHA256",
        kx: 12,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x8b],
        name: c"TLS_ECDHE_RSA_CAMELLIA_256_GCM_SHA384",
        short_name: c"ECDHE_RSA_CAMELLIA_256_GCM_SHA384",
        kx: 12,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xa8],
        name: c"TLS_ECDHE_RSA_CHACHA20_POLY1305",
        short_name: c"ECDHE_RSA_CHACHA20_POLY1305",
        kx: 12,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xa9],
        name: c"TLS_ECDHE_ECDSA_CHACHA20_POLY1305",
        short_name: c"ECDHE_ECDSA_CHACHA20_POLY1305",
        kx: 13,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xac],
        name: c"TLS_ECDHE_ECDSA_AES_128_CCM",
        short_name: c"ECDHE_ECDSA_AES_128_CCM",
        kx: 13,
        cipher: 19,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xad],
        name: c"TLS_ECDHE_ECDSA_AES_256_CCM",
        short_name: c"ECDHE_ECDSA_AES_256_CCM",
        kx: 13,
        cipher: 20,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xae],
        name: c"TLS_ECDHE_ECDSA_AES_128_CCM_8",
        short_name: c"ECDHE_ECDSA_AES_128_CCM_8",
        kx: 13,
        cipher: 21,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xaf],
        name: c"TLS_ECDHE_ECDSA_AES_256_CCM_8",
        short_name: c"ECDHE_ECDSA_AES_256_CCM_8",
        kx: 13,
        cipher: 22,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x34],
        name: c"TLS_ECDHE_PSK_3DES_EDE_CBC_SHA1",
        short_name: c"ECDHE_PSK_3DES_EDE_CBC_SHA1",
        kx: 14,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x35],
        name: c"TLS_ECDHE_PSK_AES_128_CBC_SHA1",
        short_name: c"ECDHE_PSK_AES_128_CBC_SHA1",
        kx: 14,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x36],
        name: c"TLS_ECDHE_PSK_AES_256_CBC_SHA1",
        short_name: c"ECDHE_PSK_AES_256_CBC_SHA1",
        kx: 14,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x37],
        name: c"TLS_ECDHE_PSK_AES_128_CBC_SHA256",
        short_name: c"ECDHE_PSK_AES_128_CBC_SHA256",
        kx: 14,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x38],
        name: c"TLS_ECDHE_PSK_AES_256_CBC_SHA384",
        short_name: c"ECDHE_PSK_AES_256_CBC_SHA384",
        kx: 14,
        cipher: 5,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x33],
        name: c"TLS_ECDHE_PSK_ARCFOUR_128_SHA1",
        short_name: c"ECDHE_PSK_ARCFOUR_128_SHA1",
        kx: 14,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x39],
        name: c"TLS_ECDHE_PSK_NULL_SHA1",
        short_name: c"ECDHE_PSK_NULL_SHA1",
        kx: 14,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x3a],
        name: c"TLS_ECDHE_PSK_NULL_SHA256",
        short_name: c"ECDHE_PSK_NULL_SHA256",
        kx: 14,
        cipher: 1,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x3b],
        name: c"TLS_ECDHE_PSK_NULL_SHA384",
        short_name: c"ECDHE_PSK_NULL_SHA384",
        kx: 14,
        cipher: 1,
        mac: 7,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x9a],
        name: c"TLS_ECDHE_PSK_CAMELLIA_128_CBC_SHA256",
        short_name: c"ECDHE_PSK_CAMELLIA_128_CBC_SHA256",
        kx: 14,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x9b],
        name: c"TLS_ECDHE_PSK_CAMELLIA_256_CBC_SHA384",
        short_name: c"ECDHE_PSK_CAMELLIA_256_CBC_SHA384",
        kx: 14,
        cipher: 8,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x8a],
        name: c"TLS_PSK_ARCFOUR_128_SHA1",
        short_name: c"PSK_ARCFOUR_128_SHA1",
        kx: 9,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x8b],
        name: c"TLS_PSK_3DES_EDE_CBC_SHA1",
        short_name: c"PSK_3DES_EDE_CBC_SHA1",
        kx: 9,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x8c],
        name: c"TLS_PSK_AES_128_CBC_SHA1",
        short_name: c"PSK_AES_128_CBC_SHA1",
        kx: 9,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x8d],
        name: c"TLS_PSK_AES_256_CBC_SHA1",
        short_name: c"PSK_AES_256_CBC_SHA1",
        kx: 9,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xae],
        name: c"TLS_PSK_AES_128_CBC_SHA256",
        short_name: c"PSK_AES_128_CBC_SHA256",
        kx: 9,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xa9],
        name: c"TLS_PSK_AES_256_GCM_SHA384",
        short_name: c"PSK_AES_256_GCM_SHA384",
        kx: 9,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x8e],
        name: c"TLS_PSK_CAMELLIA_128_GCM_SHA256",
        short_name: c"PSK_CAMELLIA_128_GCM_SHA256",
        kx: 9,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x8f],
        name: c"TLS_PSK_CAMELLIA_256_GCM_SHA384",
        short_name: c"PSK_CAMELLIA_256_GCM_SHA384",
        kx: 9,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xa8],
        name: c"TLS_PSK_AES_128_GCM_SHA256",
        short_name: c"PSK_AES_128_GCM_SHA256",
        kx: 9,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x2c],
        name: c"TLS_PSK_NULL_SHA1",
        short_name: c"PSK_NULL_SHA1",
        kx: 9,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xb0],
        name: c"TLS_PSK_NULL_SHA256",
        short_name: c"PSK_NULL_SHA256",
        kx: 9,
        cipher: 1,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x94],
        name: c"TLS_PSK_CAMELLIA_128_CBC_SHA256",
        short_name: c"PSK_CAMELLIA_128_CBC_SHA256",
        kx: 9,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x95],
        name: c"TLS_PSK_CAMELLIA_256_CBC_SHA384",
        short_name: c"PSK_CAMELLIA_256_CBC_SHA384",
        kx: 9,
        cipher: 8,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xaf],
        name: c"TLS_PSK_AES_256_CBC_SHA384",
        short_name: c"PSK_AES_256_CBC_SHA384",
        kx: 9,
        cipher: 5,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xb1],
        name: c"TLS_PSK_NULL_SHA384",
        short_name: c"PSK_NULL_SHA384",
        kx: 9,
        cipher: 1,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x92],
        name: c"TLS_RSA_PSK_ARCFOUR_128_SHA1",
        short_name: c"RSA_PSK_ARCFOUR_128_SHA1",
        kx: 15,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x93],
        name: c"TLS_RSA_PSK_3DES_EDE_CBC_SHA1",
        short_name: c"RSA_PSK_3DES_EDE_CBC_SHA1",
        kx: 15,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x94],
        name: c"TLS_RSA_PSK_AES_128_CBC_SHA1",
        short_name: c"RSA_PSK_AES_128_CBC_SHA1",
        kx: 15,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x95],
        name: c"TLS_RSA_PSK_AES_256_CBC_SHA1",
        short_name: c"RSA_PSK_AES_256_CBC_SHA1",
        kx: 15,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x92],
        name: c"TLS_RSA_PSK_CAMELLIA_128_GCM_SHA256",
        short_name: c"RSA_PSK_CAMELLIA_128_GCM_SHA256",
        kx: 15,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x93],
        name: c"TLS_RSA_PSK_CAMELLIA_256_GCM_SHA384",
        short_name: c"RSA_PSK_CAMELLIA_256_GCM_SHA384",
        kx: 15,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xac],
        name: c"TLS_RSA_PSK_AES_128_GCM_SHA256",
        short_name: c"RSA_PSK_AES_128_GCM_SHA256",
        kx: 15,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xb6],
        name: c"TLS_RSA_PSK_AES_128_CBC_SHA256",
        short_name: c"RSA_PSK_AES_128_CBC_SHA256",
        kx: 15,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x2e],
        name: c"TLS_RSA_PSK_NULL_SHA1",
        short_name: c"RSA_PSK_NULL_SHA1",
        kx: 15,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xb8],
        name: c"TLS_RSA_PSK_NULL_SHA256",
        short_name: c"RSA_PSK_NULL_SHA256",
        kx: 15,
        cipher: 1,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xad],
        name: c"TLS_RSA_PSK_AES_256_GCM_SHA384",
        short_name: c"RSA_PSK_AES_256_GCM_SHA384",
        kx: 15,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xb7],
        name: c"TLS_RSA_PSK_AES_256_CBC_SHA384",
        short_name: c"RSA_PSK_AES_256_CBC_SHA384",
        kx: 15,
        cipher: 5,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xb9],
        name: c"TLS_RSA_PSK_NULL_SHA384",
        short_name: c"RSA_PSK_NULL_SHA384",
        kx: 15,
        cipher: 1,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x98],
        name: c"TLS_RSA_PSK_CAMELLIA_128_CBC_SHA256",
        short_name: c"RSA_PSK_CAMELLIA_128_CBC_SHA256",
        kx: 15,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x99],
        name: c"TLS_RSA_PSK_CAMELLIA_256_CBC_SHA384",
        short_name: c"RSA_PSK_CAMELLIA_256_CBC_SHA384",
        kx: 15,
        cipher: 8,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x8e],
        name: c"TLS_DHE_PSK_ARCFOUR_128_SHA1",
        short_name: c"DHE_PSK_ARCFOUR_128_SHA1",
        kx: 10,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x8f],
        name: c"TLS_DHE_PSK_3DES_EDE_CBC_SHA1",
        short_name: c"DHE_PSK_3DES_EDE_CBC_SHA1",
        kx: 10,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x90],
        name: c"TLS_DHE_PSK_AES_128_CBC_SHA1",
        short_name: c"DHE_PSK_AES_128_CBC_SHA1",
        kx: 10,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x91],
        name: c"TLS_DHE_PSK_AES_256_CBC_SHA1",
        short_name: c"DHE_PSK_AES_256_CBC_SHA1",
        kx: 10,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xb2],
        name: c"TLS_DHE_PSK_AES_128_CBC_SHA256",
        short_name: c"DHE_PSK_AES_128_CBC_SHA256",
        kx: 10,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xaa],
        name: c"TLS_DHE_PSK_AES_128_GCM_SHA256",
        short_name: c"DHE_PSK_AES_128_GCM_SHA256",
        kx: 10,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x2d],
        name: c"TLS_DHE_PSK_NULL_SHA1",
        short_name: c"DHE_PSK_NULL_SHA1",
        kx: 10,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xb4],
        name: c"TLS_DHE_PSK_NULL_SHA256",
        short_name: c"DHE_PSK_NULL_SHA256",
        kx: 10,
        cipher: 1,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xb5],
        name: c"TLS_DHE_PSK_NULL_SHA384",
        short_name: c"DHE_PSK_NULL_SHA384",
        kx: 10,
        cipher: 1,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xb3],
        name: c"TLS_DHE_PSK_AES_256_CBC_SHA384",
        short_name: c"DHE_PSK_AES_256_CBC_SHA384",
        kx: 10,
        cipher: 5,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xab],
        name: c"TLS_DHE_PSK_AES_256_GCM_SHA384",
        short_name: c"DHE_PSK_AES_256_GCM_SHA384",
        kx: 10,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x96],
        name: c"TLS_DHE_PSK_CAMELLIA_128_CBC_SHA256",
        short_name: c"DHE_PSK_CAMELLIA_128_CBC_SHA256",
        kx: 10,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x97],
        name: c"TLS_DHE_PSK_CAMELLIA_256_CBC_SHA384",
        short_name: c"DHE_PSK_CAMELLIA_256_CBC_SHA384",
        kx: 10,
        cipher: 8,
        mac: 7,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x90],
        name: c"TLS_DHE_PSK_CAMELLIA_128_GCM_SHA256",
        short_name: c"DHE_PSK_CAMELLIA_128_GCM_SHA256",
        kx: 10,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x91],
        name: c"TLS_DHE_PSK_CAMELLIA_256_GCM_SHA384",
        short_name: c"DHE_PSK_CAMELLIA_256_GCM_SHA384",
        kx: 10,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa4],
        name: c"TLS_PSK_AES_128_CCM",
        short_name: c"PSK_AES_128_CCM",
        kx: 9,
        cipher: 19,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa5],
        name: c"TLS_PSK_AES_256_CCM",
        short_name: c"PSK_AES_256_CCM",
        kx: 9,
        cipher: 20,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa6],
        name: c"TLS_DHE_PSK_AES_128_CCM",
        short_name: c"DHE_PSK_AES_128_CCM",
        kx: 10,
        cipher: 19,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa7],
        name: c"TLS_DHE_PSK_AES_256_CCM",
        short_name: c"DHE_PSK_AES_256_CCM",
        kx: 10,
        cipher: 20,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa8],
        name: c"TLS_PSK_AES_128_CCM_8",
        short_name: c"PSK_AES_128_CCM_8",
        kx: 9,
        cipher: 21,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xa9],
        name: c"TLS_PSK_AES_256_CCM_8",
        short_name: c"PSK_AES_256_CCM_8",
        kx: 9,
        cipher: 22,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xaa],
        name: c"TLS_DHE_PSK_AES_128_CCM_8",
        short_name: c"DHE_PSK_AES_128_CCM_8",
        kx: 10,
        cipher: 21,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0xab],
        name: c"TLS_DHE_PSK_AES_256_CCM_8",
        short_name: c"DHE_PSK_AES_256_CCM_8",
        kx: 10,
        cipher: 22,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xad],
        name: c"TLS_DHE_PSK_CHACHA20_POLY1305",
        short_name: c"DHE_PSK_CHACHA20_POLY1305",
        kx: 10,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xac],
        name: c"TLS_ECDHE_PSK_CHACHA20_POLY1305",
        short_name: c"ECDHE_PSK_CHACHA20_POLY1305",
        kx: 14,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xae],
        name: c"TLS_RSA_PSK_CHACHA20_POLY1305",
        short_name: c"RSA_PSK_CHACHA20_POLY1305",
        kx: 15,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xcc, 0xab],
        name: c"TLS_PSK_CHACHA20_POLY1305",
        short_name: c"PSK_CHACHA20_POLY1305",
        kx: 9,
        cipher: 23,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x18],
        name: c"TLS_DH_ANON_ARCFOUR_128_MD5",
        short_name: c"DH_ANON_ARCFOUR_128_MD5",
        kx: 4,
        cipher: 2,
        mac: 2,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x1b],
        name: c"TLS_DH_ANON_3DES_EDE_CBC_SHA1",
        short_name: c"DH_ANON_3DES_EDE_CBC_SHA1",
        kx: 4,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x34],
        name: c"TLS_DH_ANON_AES_128_CBC_SHA1",
        short_name: c"DH_ANON_AES_128_CBC_SHA1",
        kx: 4,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x3a],
        name: c"TLS_DH_ANON_AES_256_CBC_SHA1",
        short_name: c"DH_ANON_AES_256_CBC_SHA1",
        kx: 4,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0xbf],
        name: c"TLS_DH_ANON_CAMELLIA_128_CBC_SHA256",
        short_name: c"DH_ANON_CAMELLIA_128_CBC_SHA256",
        kx: 4,
        cipher: 7,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xc5],
        name: c"TLS_DH_ANON_CAMELLIA_256_CBC_SHA256",
        short_name: c"DH_ANON_CAMELLIA_256_CBC_SHA256",
        kx: 4,
        cipher: 8,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x46],
        name: c"TLS_DH_ANON_CAMELLIA_128_CBC_SHA1",
        short_name: c"DH_ANON_CAMELLIA_128_CBC_SHA1",
        kx: 4,
        cipher: 7,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x89],
        name: c"TLS_DH_ANON_CAMELLIA_256_CBC_SHA1",
        short_name: c"DH_ANON_CAMELLIA_256_CBC_SHA1",
        kx: 4,
        cipher: 8,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0x00, 0x6c],
        name: c"TLS_DH_ANON_AES_128_CBC_SHA256",
        short_name: c"DH_ANON_AES_128_CBC_SHA256",
        kx: 4,
        cipher: 4,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0x6d],
        name: c"TLS_DH_ANON_AES_256_CBC_SHA256",
        short_name: c"DH_ANON_AES_256_CBC_SHA256",
        kx: 4,
        cipher: 5,
        mac: 6,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xa6],
        name: c"TLS_DH_ANON_AES_128_GCM_SHA256",
        short_name: c"DH_ANON_AES_128_GCM_SHA256",
        kx: 4,
        cipher: 10,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0x00, 0xa7],
        name: c"TLS_DH_ANON_AES_256_GCM_SHA384",
        short_name: c"DH_ANON_AES_256_GCM_SHA384",
        kx: 4,
        cipher: 11,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x84],
        name: c"TLS_DH_ANON_CAMELLIA_128_GCM_SHA256",
        short_name: c"DH_ANON_CAMELLIA_128_GCM_SHA256",
        kx: 4,
        cipher: 15,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x85],
        name: c"TLS_DH_ANON_CAMELLIA_256_GCM_SHA384",
        short_name: c"DH_ANON_CAMELLIA_256_GCM_SHA384",
        kx: 4,
        cipher: 16,
        mac: 200,
        min_version: 4,
    },
    Suite {
        id: [0xc0, 0x15],
        name: c"TLS_ECDH_ANON_NULL_SHA1",
        short_name: c"ECDH_ANON_NULL_SHA1",
        kx: 11,
        cipher: 1,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x17],
        name: c"TLS_ECDH_ANON_3DES_EDE_CBC_SHA1",
        short_name: c"ECDH_ANON_3DES_EDE_CBC_SHA1",
        kx: 11,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x18],
        name: c"TLS_ECDH_ANON_AES_128_CBC_SHA1",
        short_name: c"ECDH_ANON_AES_128_CBC_SHA1",
        kx: 11,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x19],
        name: c"TLS_ECDH_ANON_AES_256_CBC_SHA1",
        short_name: c"ECDH_ANON_AES_256_CBC_SHA1",
        kx: 11,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x16],
        name: c"TLS_ECDH_ANON_ARCFOUR_128_SHA1",
        short_name: c"ECDH_ANON_ARCFOUR_128_SHA1",
        kx: 11,
        cipher: 2,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x1a],
        name: c"TLS_SRP_SHA_3DES_EDE_CBC_SHA1",
        short_name: c"SRP_SHA_3DES_EDE_CBC_SHA1",
        kx: 5,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x1d],
        name: c"TLS_SRP_SHA_AES_128_CBC_SHA1",
        short_name: c"SRP_SHA_AES_128_CBC_SHA1",
        kx: 5,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x20],
        name: c"TLS_SRP_SHA_AES_256_CBC_SHA1",
        short_name: c"SRP_SHA_AES_256_CBC_SHA1",
        kx: 5,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x1c],
        name: c"TLS_SRP_SHA_DSS_3DES_EDE_CBC_SHA1",
        short_name: c"SRP_SHA_DSS_3DES_EDE_CBC_SHA1",
        kx: 8,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x1b],
        name: c"TLS_SRP_SHA_RSA_3DES_EDE_CBC_SHA1",
        short_name: c"SRP_SHA_RSA_3DES_EDE_CBC_SHA1",
        kx: 7,
        cipher: 3,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x1f],
        name: c"TLS_SRP_SHA_DSS_AES_128_CBC_SHA1",
        short_name: c"SRP_SHA_DSS_AES_128_CBC_SHA1",
        kx: 8,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x1e],
        name: c"TLS_SRP_SHA_RSA_AES_128_CBC_SHA1",
        short_name: c"SRP_SHA_RSA_AES_128_CBC_SHA1",
        kx: 7,
        cipher: 4,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x22],
        name: c"TLS_SRP_SHA_DSS_AES_256_CBC_SHA1",
        short_name: c"SRP_SHA_DSS_AES_256_CBC_SHA1",
        kx: 8,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc0, 0x21],
        name: c"TLS_SRP_SHA_RSA_AES_256_CBC_SHA1",
        short_name: c"SRP_SHA_RSA_AES_256_CBC_SHA1",
        kx: 7,
        cipher: 5,
        mac: 3,
        min_version: 2,
    },
    Suite {
        id: [0xc1, 0x02],
        name: c"TLS_GOSTR341112_256_28147_CNT_IMIT",
        short_name: c"GOSTR341112_256_28147_CNT_IMIT",
        kx: 16,
        cipher: 34,
        mac: 208,
        min_version: 4,
    },
];
// END GENERATED

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustls_suites_are_in_the_table() {
        // TLS 1.3: kx 0 in the table, AEAD mac.
        assert_eq!(cipher_id_for_suite(0x1301), Some((0, 10, GNUTLS_MAC_AEAD)));
        assert_eq!(cipher_id_for_suite(0x1302), Some((0, 11, GNUTLS_MAC_AEAD)));
        assert_eq!(cipher_id_for_suite(0x1303), Some((0, 23, GNUTLS_MAC_AEAD)));
        // TLS 1.2 ECDHE suites rustls offers.
        for iana in [0xc02b, 0xc02c, 0xcca9] {
            assert_eq!(cipher_id_for_suite(iana).unwrap().0, GNUTLS_KX_ECDHE_ECDSA);
        }
        for iana in [0xc02f, 0xc030, 0xcca8] {
            assert_eq!(cipher_id_for_suite(iana).unwrap().0, GNUTLS_KX_ECDHE_RSA);
        }
        assert_eq!(cipher_id_for_suite(0xffff), None);
        // As gnutls-serv sessions report them (ctests/gnutls_suites.c).
        assert_eq!(session_suite_ids(0x1301, false), Some((12, 10, 200)));
        assert_eq!(session_suite_ids(0x1302, true), Some((3, 11, 200)));
        assert_eq!(session_suite_ids(0x1303, false), Some((12, 23, 200)));
        assert_eq!(session_suite_ids(0xc02b, false), Some((13, 10, 200)));
        assert_eq!(session_suite_ids(0xc030, false), Some((12, 11, 200)));
        assert_eq!(session_suite_ids(0xcca8, false), Some((12, 23, 200)));
    }

    #[test]
    fn protocol_names() {
        let name = |v| {
            PROTOCOL_NAMES
                .iter()
                .find(|e| e.0 == v)
                .map(|e| e.1.to_str().unwrap())
        };
        assert_eq!(name(GNUTLS_TLS1_2), Some("TLS1.2"));
        assert_eq!(name(GNUTLS_TLS1_3), Some("TLS1.3"));
    }
}

#[cfg(test)]
mod constant_tests {
    use super::*;

    #[test]
    fn kx_constants_agree_with_the_table() {
        let name = |v: u32| KX_NAMES.iter().find(|e| e.0 == v).map(|e| e.1);
        assert_eq!(name(GNUTLS_KX_DHE_RSA), Some(c"DHE-RSA"));
        assert_eq!(name(GNUTLS_KX_ECDHE_RSA), Some(c"ECDHE-RSA"));
        assert_eq!(name(GNUTLS_KX_ECDHE_ECDSA), Some(c"ECDHE-ECDSA"));
        assert_eq!(
            MAC_NAMES
                .iter()
                .find(|e| e.0 == GNUTLS_MAC_AEAD)
                .map(|e| e.1),
            Some(c"AEAD")
        );
    }
}
