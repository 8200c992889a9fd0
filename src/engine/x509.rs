//! Neutral X.509 helpers over DER: the facts a face reports about a certificate
//! (names, validity, key, serial, fingerprints) and host-name matching. No C types;
//! the rules (DN text, wildcard matching, CN fallback) follow GnuTLS 3.7.9, whose
//! observed behaviour ctests/gnutls_x509.c records.
use std::net::IpAddr;

use x509_parser::der_parser::asn1_rs::{Any, Tag};
use x509_parser::prelude::*;

/// An attribute of a distinguished name, as it sits in the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// Dotted OID ("2.5.4.3").
    pub oid: String,
    /// The value's DER (tag, length, contents).
    pub value_der: Vec<u8>,
    /// The value as GnuTLS prints it inside a DN string (decoded and escaped), or
    /// `#hex-of-DER` for a value that is not a string.
    pub text: String,
}

/// A distinguished name: its RDNs in certificate (DER) order, each a set of
/// attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name {
    pub rdns: Vec<Vec<Attribute>>,
    /// The DER of the whole Name.
    pub der: Vec<u8>,
}

impl Name {
    /// The DN string in certificate order ("C=US,O=Org,CN=x"): what GnuTLS 3.7.9's
    /// `gnutls_x509_crt_get_dn`/`_get_dn2` give (GNUTLS_X509_DN_FLAG_COMPAT order).
    pub fn to_string_der_order(&self) -> String {
        join_rdns(self.rdns.iter())
    }

    /// The DN string in RFC 4514 order, last RDN first ("CN=x,O=Org,C=US"): what
    /// `gnutls_x509_crt_print` shows.
    pub fn to_string_rfc4514(&self) -> String {
        join_rdns(self.rdns.iter().rev())
    }

    /// The attributes with `oid`, in certificate order.
    pub fn by_oid<'a>(&'a self, oid: &'a str) -> impl Iterator<Item = &'a Attribute> + 'a {
        self.rdns.iter().flatten().filter(move |a| a.oid == oid)
    }
}

fn join_rdns<'a>(rdns: impl Iterator<Item = &'a Vec<Attribute>>) -> String {
    rdns.map(|rdn| {
        rdn.iter()
            .map(|a| format!("{}={}", attribute_name(&a.oid), a.text))
            .collect::<Vec<_>>()
            .join("+")
    })
    .collect::<Vec<_>>()
    .join(",")
}

/// The short names GnuTLS prints for DN attributes (lib/x509/common.c `_oid2str`);
/// any other OID prints as itself.
fn attribute_name(oid: &str) -> &str {
    match oid {
        "2.5.4.6" => "C",
        "2.5.4.9" => "street",
        "2.5.4.12" => "title",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.3" => "CN",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.13" => "description",
        "2.5.4.5" => "serialNumber",
        "2.5.4.20" => "telephoneNumber",
        "2.5.4.4" => "surName",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.42" => "givenName",
        "2.5.4.65" => "pseudonym",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "Name",
        "2.5.4.15" => "businessCategory",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "EMAIL",
        other => other,
    }
}

/// GnuTLS's DN value escaping (lib/x509/dn.c `str_escape`): `, + " \ < > ;` always,
/// `#` and space when first, space when last.
pub fn escape_dn_value(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let escape = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == chars.len() - 1 && c == ' ');
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The public-key algorithm of a certificate (neutral; faces map it to their enums).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlgorithm {
    Rsa,
    RsaPss,
    Dsa,
    Ec,
    Ed25519,
    Ed448,
    Unknown,
}

/// A parsed certificate: its DER and the facts read from it.
#[derive(Clone, Debug)]
pub struct Certificate {
    pub der: Vec<u8>,
    pub subject: Name,
    pub issuer: Name,
    /// Validity, in seconds since the Unix epoch.
    pub not_before: i64,
    pub not_after: i64,
    /// 1, 2 or 3.
    pub version: u32,
    /// The serial number's content bytes, as encoded (big-endian, sign byte kept).
    pub serial: Vec<u8>,
    pub key_algorithm: KeyAlgorithm,
    pub key_bits: u32,
    /// The DER of the SubjectPublicKeyInfo.
    pub spki_der: Vec<u8>,
    /// The signature algorithm's dotted OID (and, for RSA-PSS, its hash OID).
    pub signature_oid: String,
    pub signature_pss_hash_oid: Option<String>,
    /// subjectAltName dNSName entries, as bytes (IA5String contents).
    pub dns_names: Vec<Vec<u8>>,
    /// subjectAltName iPAddress entries (4 or 16 bytes; other lengths kept as is).
    pub ip_addresses: Vec<Vec<u8>>,
    /// extendedKeyUsage OIDs; `None` when the extension is absent.
    pub key_purposes: Option<Vec<String>>,
}

/// Why a certificate could not be parsed, in the two kinds GnuTLS tells apart for
/// DER input (observed: garbage → GNUTLS_E_ASN1_TAG_ERROR; anything else
/// malformed is reported as a DER error here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The outer tag is not a SEQUENCE.
    Tag,
    /// The DER is truncated or otherwise malformed.
    Der,
}

/// Parses one DER certificate. Trailing bytes after the certificate are an error.
pub fn parse(der: &[u8]) -> Result<Certificate, ParseError> {
    if der.first() != Some(&0x30) {
        return Err(ParseError::Tag);
    }
    let (rest, cert) = X509Certificate::from_der(der).map_err(|_| ParseError::Der)?;
    if !rest.is_empty() {
        return Err(ParseError::Der);
    }
    let tbs = &cert.tbs_certificate;
    let spki = tbs.subject_pki.raw.to_vec();
    let (key_algorithm, key_bits) = key_facts(&tbs.subject_pki);
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    let mut key_purposes = None;
    for ext in tbs.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                for gn in &san.general_names {
                    match gn {
                        GeneralName::DNSName(n) => dns_names.push(n.as_bytes().to_vec()),
                        GeneralName::IPAddress(ip) => ip_addresses.push(ip.to_vec()),
                        _ => {}
                    }
                }
            }
            ParsedExtension::ExtendedKeyUsage(eku) => {
                let mut oids: Vec<String> = Vec::new();
                if eku.any {
                    oids.push("2.5.29.37.0".into());
                }
                if eku.server_auth {
                    oids.push("1.3.6.1.5.5.7.3.1".into());
                }
                if eku.client_auth {
                    oids.push("1.3.6.1.5.5.7.3.2".into());
                }
                if eku.code_signing {
                    oids.push("1.3.6.1.5.5.7.3.3".into());
                }
                if eku.email_protection {
                    oids.push("1.3.6.1.5.5.7.3.4".into());
                }
                if eku.time_stamping {
                    oids.push("1.3.6.1.5.5.7.3.8".into());
                }
                if eku.ocsp_signing {
                    oids.push("1.3.6.1.5.5.7.3.9".into());
                }
                oids.extend(eku.other.iter().map(|o| o.to_id_string()));
                key_purposes = Some(oids);
            }
            _ => {}
        }
    }
    let signature_pss_hash_oid = cert
        .signature_algorithm
        .parameters
        .as_ref()
        .and_then(pss_hash_oid);
    Ok(Certificate {
        der: der.to_vec(),
        subject: name_facts(tbs.subject()),
        issuer: name_facts(tbs.issuer()),
        not_before: tbs.validity().not_before.timestamp(),
        not_after: tbs.validity().not_after.timestamp(),
        version: tbs.version().0 + 1,
        serial: tbs.raw_serial().to_vec(),
        key_algorithm,
        key_bits,
        spki_der: spki,
        signature_oid: cert.signature_algorithm.algorithm.to_id_string(),
        signature_pss_hash_oid,
        dns_names,
        ip_addresses,
        key_purposes,
    })
}

/// The hash OID inside RSASSA-PSS-params (`[0] hashAlgorithm`); SHA-1 when absent.
fn pss_hash_oid(params: &Any) -> Option<String> {
    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier ... }
    let data = params.data;
    if data.first() != Some(&0xa0) {
        return Some("1.3.14.3.2.26".into());
    }
    let (_, explicit) = Any::from_der(data).ok()?;
    let (_, alg) = AlgorithmIdentifier::from_der(explicit.data).ok()?;
    Some(alg.algorithm.to_id_string())
}

/// A public key on its own (a SubjectPublicKeyInfo), as `gnutls_pubkey_t` holds one.
#[derive(Clone, Debug)]
pub struct PublicKeyInfo {
    pub der: Vec<u8>,
    pub algorithm: KeyAlgorithm,
    pub bits: u32,
}

impl PublicKeyInfo {
    /// The key of a parsed certificate.
    pub fn of(cert: &Certificate) -> Self {
        Self {
            der: cert.spki_der.clone(),
            algorithm: cert.key_algorithm,
            bits: cert.key_bits,
        }
    }
}

/// Parses one DER SubjectPublicKeyInfo (trailing bytes are an error).
pub fn parse_public_key(der: &[u8]) -> Result<PublicKeyInfo, ParseError> {
    if der.first() != Some(&0x30) {
        return Err(ParseError::Tag);
    }
    let (rest, spki) = SubjectPublicKeyInfo::from_der(der).map_err(|_| ParseError::Der)?;
    if !rest.is_empty() {
        return Err(ParseError::Der);
    }
    let (algorithm, bits) = key_facts(&spki);
    Ok(PublicKeyInfo {
        der: der.to_vec(),
        algorithm,
        bits,
    })
}

fn key_facts(spki: &SubjectPublicKeyInfo) -> (KeyAlgorithm, u32) {
    let oid = spki.algorithm.algorithm.to_id_string();
    let algorithm = match oid.as_str() {
        "1.2.840.113549.1.1.1" => KeyAlgorithm::Rsa,
        "1.2.840.113549.1.1.10" => KeyAlgorithm::RsaPss,
        "1.2.840.10040.4.1" => KeyAlgorithm::Dsa,
        "1.2.840.10045.2.1" => KeyAlgorithm::Ec,
        "1.3.101.112" => KeyAlgorithm::Ed25519,
        "1.3.101.113" => KeyAlgorithm::Ed448,
        _ => KeyAlgorithm::Unknown,
    };
    let bits = match algorithm {
        KeyAlgorithm::Ed25519 => 256,
        KeyAlgorithm::Ed448 => 456,
        KeyAlgorithm::Ec => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string());
            match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => 256,
                Some("1.3.132.0.34") => 384,
                Some("1.3.132.0.35") => 521,
                Some("1.2.840.10045.3.1.1") => 192,
                Some("1.3.132.0.33") => 224,
                _ => 0,
            }
        }
        KeyAlgorithm::Rsa | KeyAlgorithm::RsaPss | KeyAlgorithm::Dsa => match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => rsa.key_size() as u32,
            Ok(x509_parser::public_key::PublicKey::DSA(p)) => bit_len(p) as u32,
            _ => 0,
        },
        KeyAlgorithm::Unknown => 0,
    };
    (algorithm, bits)
}

/// Bits of a big-endian unsigned integer (leading zero bytes ignored).
fn bit_len(be: &[u8]) -> usize {
    let be = match be.iter().position(|&b| b != 0) {
        Some(i) => &be[i..],
        None => return 0,
    };
    be.len() * 8 - be[0].leading_zeros() as usize
}

fn name_facts(name: &X509Name) -> Name {
    let rdns = name
        .iter()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let value = atv.attr_value();
                    let value_der = tlv(value);
                    Attribute {
                        oid: atv.attr_type().to_id_string(),
                        text: value_text(value, &value_der),
                        value_der,
                    }
                })
                .collect()
        })
        .collect();
    Name {
        rdns,
        der: name.as_raw().to_vec(),
    }
}

/// Re-encodes a value's tag and length in front of its contents.
fn tlv(value: &Any) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.data.len() + 6);
    let class = (value.header.class() as u8) << 6;
    let constructed = if value.header.is_constructed() {
        0x20
    } else {
        0
    };
    let tag = value.header.tag().0;
    if tag < 31 {
        out.push(class | constructed | tag as u8);
    } else {
        out.push(class | constructed | 0x1f);
        let mut bytes = Vec::new();
        let mut t = tag;
        bytes.push((t & 0x7f) as u8);
        t >>= 7;
        while t > 0 {
            bytes.push(0x80 | (t & 0x7f) as u8);
            t >>= 7;
        }
        out.extend(bytes.iter().rev());
    }
    let len = value.data.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let be = len.to_be_bytes();
        let skip = be.iter().position(|&b| b != 0).unwrap_or(be.len() - 1);
        out.push(0x80 | (be.len() - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
    out.extend_from_slice(value.data);
    out
}

/// A DN value as GnuTLS prints it: string types decoded to UTF-8 and escaped; any
/// other type as `#` and the hex of its DER.
fn value_text(value: &Any, der: &[u8]) -> String {
    let data = value.data;
    let decoded = match value.header.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::TeletexString
        | Tag::VisibleString
        | Tag::NumericString => std::str::from_utf8(data).ok().map(String::from),
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        Tag::UniversalString => data
            .chunks_exact(4)
            .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        _ => None,
    };
    match decoded {
        Some(s) => escape_dn_value(&s),
        None => {
            let mut s = String::from("#");
            for b in der {
                s.push_str(&format!("{b:02x}"));
            }
            s
        }
    }
}

/// How host names are matched: GnuTLS 3.7.9's `gnutls_x509_crt_check_hostname2`.
/// The engine's own flag bits (the face translates GnuTLS' GNUTLS_VERIFY_* values).
pub mod hostname {
    /// A `*` in a certificate name is a plain character (DO_NOT_ALLOW_WILDCARDS).
    pub const NO_WILDCARDS: u32 = 1;
    /// An IP literal is compared as a name, not with iPAddress SANs
    /// (DO_NOT_ALLOW_IP_MATCHES).
    pub const NO_IP_MATCHES: u32 = 1 << 1;
}

/// Whether `host` names the certificate in `der` (GnuTLS's rules, flags 0); an
/// unparsable certificate matches nothing.
pub fn matches_hostname(der: &[u8], host: &str) -> bool {
    parse(der).is_ok_and(|c| c.matches_hostname(host.as_bytes(), 0))
}

impl Certificate {
    /// GnuTLS 3.7.9's host-name check (lib/x509/hostname.c), `flags` as
    /// `gnutls_x509_crt_check_hostname2`:
    /// - a host that parses as an IPv4 address, or contains ':' and parses as IPv6,
    ///   matches only iPAddress SANs (never the CN, never a dNSName);
    /// - otherwise the host is IDNA-mapped and compared, case-insensitively, with each
    ///   printable dNSName; a name starting with `*` (wildcards allowed) needs two
    ///   more labels after it and matches one label or label fragment;
    /// - the CN is used only when there is no dNSName and no iPAddress SAN, the
    ///   certificate may serve TLS WWW (no EKU, or serverAuth/any), and there is
    ///   exactly one CN.
    pub fn matches_hostname(&self, host: &[u8], flags: u32) -> bool {
        if flags & hostname::NO_IP_MATCHES == 0 {
            if let Some(ip) = parse_ip(host) {
                let want: Vec<u8> = match ip {
                    IpAddr::V4(a) => a.octets().to_vec(),
                    IpAddr::V6(a) => a.octets().to_vec(),
                };
                return self.ip_addresses.contains(&want);
            }
        }
        let mapped = idna_map(host);
        let host = mapped.as_deref().unwrap_or(host);
        for name in &self.dns_names {
            if name.contains(&0) || !is_print(name) {
                continue;
            }
            if hostname_compare(name, host, flags) {
                return true;
            }
        }
        if !self.dns_names.is_empty() || !self.ip_addresses.is_empty() || !self.tls_www_server() {
            return false;
        }
        let mut cns = self.subject.by_oid("2.5.4.3");
        let (Some(cn), None) = (cns.next(), cns.next()) else {
            return false;
        };
        let Some(cn) = string_value(cn) else {
            return false;
        };
        !cn.contains(&0) && is_print(&cn) && hostname_compare(&cn, host, flags)
    }

    /// `_gnutls_check_key_purpose(cert, GNUTLS_KP_TLS_WWW_SERVER, 0)`: no EKU means any.
    fn tls_www_server(&self) -> bool {
        self.key_purposes.as_ref().is_none_or(|oids| {
            oids.iter()
                .any(|o| o == "1.3.6.1.5.5.7.3.1" || o == "2.5.29.37.0")
        })
    }

    /// The serial number without a leading sign byte, as GnuTLS prints it.
    pub fn serial_unsigned(&self) -> &[u8] {
        match self.serial.as_slice() {
            [0, rest @ ..] if !rest.is_empty() => rest,
            s => s,
        }
    }
}

/// The decoded bytes of a string-valued attribute (what get_dn_by_oid gives before
/// escaping).
fn string_value(a: &Attribute) -> Option<Vec<u8>> {
    let (_, any) = Any::from_der(&a.value_der).ok()?;
    match any.header.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::TeletexString
        | Tag::VisibleString => Some(any.data.to_vec()),
        _ => None,
    }
}

/// `inet_pton` as GnuTLS calls it: IPv6 when the host contains ':', else IPv4
/// dotted-quad (glibc's strict form, which std's parser also implements).
fn parse_ip(host: &[u8]) -> Option<IpAddr> {
    let s = std::str::from_utf8(host).ok()?;
    if s.contains(':') {
        s.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        s.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
    }
}

/// c_isprint over every byte (GnuTLS's `_gnutls_str_is_print`).
fn is_print(s: &[u8]) -> bool {
    s.iter().all(|&b| (0x20..0x7f).contains(&b))
}

/// `_gnutls_hostname_compare` (lib/str.c).
fn hostname_compare(cert_name: &[u8], host: &[u8], flags: u32) -> bool {
    if !is_print(cert_name) {
        return false;
    }
    if cert_name.first() == Some(&b'*') && flags & hostname::NO_WILDCARDS == 0 {
        // At least two labels after the wildcard: the last dot is not the first
        // one and is not at the end.
        let (Some(first), Some(last)) = (
            cert_name.iter().position(|&b| b == b'.'),
            cert_name.iter().rposition(|&b| b == b'.'),
        ) else {
            return false;
        };
        if first == last || last + 1 == cert_name.len() {
            return false;
        }
        let rest = &cert_name[1..];
        let mut h = host;
        loop {
            if h.eq_ignore_ascii_case(rest) {
                return true;
            }
            // The wildcard matches one label or label fragment.
            match h.first() {
                None | Some(b'.') => return false,
                Some(_) => h = &h[1..],
            }
        }
    }
    cert_name.eq_ignore_ascii_case(host)
}

/// `gnutls_idna_map` for a host name: printable ASCII passes unchanged (the
/// comparison is case-insensitive anyway). Otherwise, as libidn2's UTS #46 mapping
/// was observed to do on 3.7.9, ASCII control characters are dropped
/// ("www.exa\nmple.com" matches "www.example.com") and each non-ASCII label is
/// lower-cased and Punycode-encoded with the "xn--" prefix (RFC 3492). Unlike
/// libidn2 this does no NFC normalisation and no IDNA2008 validity checks. `None`
/// when the name is not UTF-8 (GnuTLS then compares the raw bytes).
fn idna_map(host: &[u8]) -> Option<Vec<u8>> {
    if is_print(host) {
        return None;
    }
    let s = std::str::from_utf8(host).ok()?;
    let s: String = s.chars().filter(|c| !c.is_ascii_control()).collect();
    let labels: Option<Vec<String>> = s
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                Some(label.to_string())
            } else {
                punycode_encode(&label.to_lowercase()).map(|p| format!("xn--{p}"))
            }
        })
        .collect();
    labels.map(|l| l.join(".").into_bytes())
}

/// RFC 3492 Punycode encoding of one label.
fn punycode_encode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }
    fn digit(d: u32) -> char {
        if d < 26 {
            (b'a' + d as u8) as char
        } else {
            (b'0' + (d - 26) as u8) as char
        }
    }
    let cps: Vec<u32> = input.chars().map(|c| c as u32).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (handled as usize) < cps.len() {
        let m = *cps.iter().filter(|&&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &cps {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

/// Digests a face may fingerprint with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digest {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    /// The digest's output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Digest::Md5 => 16,
            Digest::Sha1 => 20,
            Digest::Sha224 => 28,
            Digest::Sha256 => 32,
            Digest::Sha384 => 48,
            Digest::Sha512 => 64,
        }
    }
}

/// The digest of `data`.
pub fn digest(alg: Digest, data: &[u8]) -> Vec<u8> {
    use aws_lc_rs::digest as d;
    let algorithm = match alg {
        Digest::Md5 => return md5(data).to_vec(),
        Digest::Sha1 => &d::SHA1_FOR_LEGACY_USE_ONLY,
        Digest::Sha224 => &d::SHA224,
        Digest::Sha256 => &d::SHA256,
        Digest::Sha384 => &d::SHA384,
        Digest::Sha512 => &d::SHA512,
    };
    d::digest(algorithm, data).as_ref().to_vec()
}

/// MD5 (RFC 1321), for the fingerprints programs still print; aws-lc-rs has no MD5
/// in its safe API.
fn md5(data: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let k: Vec<u32> = (0..64)
        .map(|i| ((i as f64 + 1.0).sin().abs() * 4294967296.0) as u32)
        .collect();
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    let mut h: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    for chunk in msg.chunks_exact(64) {
        let m: Vec<u32> = chunk
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        h = [
            h[0].wrapping_add(a),
            h[1].wrapping_add(b),
            h[2].wrapping_add(c),
            h[3].wrapping_add(d),
        ];
    }
    let mut out = [0u8; 16];
    for (i, w) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// PEM armour: "-----BEGIN {label}-----\n", base64 in 64-column lines,
/// "-----END {label}-----\n" (the layout GnuTLS exports).
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or(""));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Standard base64 with padding.
pub fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A PEM text that does not decode (bad base64 or armour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PemError;

/// Whether `der` is one DER CertificateList (a CRL), nothing after it.
pub fn is_crl(der: &[u8]) -> bool {
    matches!(CertificateRevocationList::from_der(der), Ok((rest, _)) if rest.is_empty())
}

/// The DER of every "CERTIFICATE" section of a PEM text, in order. `Err` when a
/// section's base64 does not decode.
pub fn pem_certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, PemError> {
    pem_sections(pem, rustls_pki_types::pem::SectionKind::Certificate)
}

/// The DER of every "PUBLIC KEY" section of a PEM text, in order.
pub fn pem_public_keys(pem: &[u8]) -> Result<Vec<Vec<u8>>, PemError> {
    pem_sections(pem, rustls_pki_types::pem::SectionKind::PublicKey)
}

fn pem_sections(
    pem: &[u8],
    kind: rustls_pki_types::pem::SectionKind,
) -> Result<Vec<Vec<u8>>, PemError> {
    use rustls_pki_types::pem::{PemObject, SectionKind};
    let mut out = Vec::new();
    for item in <(SectionKind, Vec<u8>) as PemObject>::pem_slice_iter(pem) {
        match item {
            Ok((k, der)) if k == kind => out.push(der),
            Ok(_) => {}
            Err(_) => return Err(PemError),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_as_gnutls() {
        assert_eq!(escape_dn_value("Example, Inc."), "Example\\, Inc.");
        assert_eq!(escape_dn_value("Unit+One"), "Unit\\+One");
        assert_eq!(escape_dn_value("  lead;semi #x"), "\\  lead\\;semi #x");
        assert_eq!(escape_dn_value("#x "), "\\#x\\ ");
        assert_eq!(escape_dn_value("\"q\""), "\\\"q\\\"");
        assert_eq!(escape_dn_value("a<b>c\\"), "a\\<b\\>c\\\\");
    }

    #[test]
    fn wildcards() {
        let m = |c: &str, h: &str| hostname_compare(c.as_bytes(), h.as_bytes(), 0);
        assert!(m("*.example.org", "a.example.org"));
        assert!(m("*.example.org", "A.Example.ORG"));
        assert!(m("*.example.org", "abc.example.org"));
        // Observed on 3.7.9: the wildcard may match an empty label.
        assert!(m("*.example.org", ".example.org"));
        assert!(!m("*.example.org", "a.b.example.org"));
        assert!(!m("*.example.org", "example.org"));
        assert!(!m("*.com", "x.com"));
        assert!(!m("*.*.example.com", "a.b.example.com"));
        // A '*' not leading the name is a literal.
        assert!(!m("foo*.example.net", "fooX.example.net"));
        assert!(!hostname_compare(
            b"*.example.org",
            b"a.example.org",
            hostname::NO_WILDCARDS
        ));
    }

    #[test]
    fn punycode() {
        assert_eq!(punycode_encode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(
            idna_map("Bücher.example".as_bytes()).as_deref(),
            Some(&b"xn--bcher-kva.example"[..])
        );
        assert_eq!(
            idna_map(b"www.exa\nmple.com\t").as_deref(),
            Some(&b"www.example.com"[..])
        );
        assert_eq!(idna_map(b"www.example.com "), None);
        assert_eq!(punycode_encode("münchen").as_deref(), Some("mnchen-3ya"));
    }

    #[test]
    fn md5_vectors() {
        let hex = |d: &[u8]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex(&md5(b"The quick brown fox jumps over the lazy dog")),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
    }

    #[test]
    fn base64() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
    }

    /// A certificate made by `openssl req -x509 -newkey ec -subj
    /// "/C=US/O=Test, Inc./CN=www.example.com" -addext subjectAltName=DNS:*.example.org,IP:127.0.0.1`.
    const TEST_CERT: &str = include_str!("../../ctests/data/engine_x509_test.pem");

    fn test_cert() -> Certificate {
        let der = pem_certificates(TEST_CERT.as_bytes()).unwrap().remove(0);
        parse(&der).unwrap()
    }

    #[test]
    fn names_in_both_orders() {
        let c = test_cert();
        assert_eq!(
            c.subject.to_string_der_order(),
            "C=US,O=Test\\, Inc.,CN=www.example.com"
        );
        assert_eq!(
            c.subject.to_string_rfc4514(),
            "CN=www.example.com,O=Test\\, Inc.,C=US"
        );
        assert_eq!(c.version, 3);
        assert_eq!(c.key_algorithm, KeyAlgorithm::Ec);
        assert_eq!(c.key_bits, 256);
        assert!(c.not_after > c.not_before);
    }

    #[test]
    fn hostname_rules() {
        let c = test_cert();
        assert!(c.matches_hostname(b"a.example.org", 0));
        assert!(c.matches_hostname(b"127.0.0.1", 0));
        // The CN is not consulted when a dNSName exists.
        assert!(!c.matches_hostname(b"www.example.com", 0));
        assert!(!c.matches_hostname(b"127.0.0.2", 0));
        assert!(!c.matches_hostname(b"127.0.0.1", hostname::NO_IP_MATCHES));
        assert!(matches_hostname(&c.der, "x.example.org"));
        assert!(!matches_hostname(b"garbage", "x.example.org"));
    }

    #[test]
    fn parse_errors() {
        assert_eq!(parse(b"garbage").unwrap_err(), ParseError::Tag);
        let c = test_cert();
        assert_eq!(parse(&c.der[..100]).unwrap_err(), ParseError::Der);
    }
}
