//! The records and messages a connection reads and writes, as a watching program
//! sees them: OpenSSL's message callback (`SSL_CTX_set_msg_callback`), from which
//! `curl -v` prints its "TLSv1.3 (OUT), TLS handshake, Client hello (1)" lines.
//!
//! rustls shows no handshake messages, so when a face asks for them
//! ([`super::config::Settings::tap_messages`]) the engine watches the bytes on the
//! wire both ways and takes the records apart itself: plaintext records as they are,
//! protected ones decrypted with the connection's own secrets, which rustls hands to
//! the key log ([`TapKeyLog`]) as it derives them. Nothing here changes what is sent
//! or how rustls reads it; a record that cannot be decrypted is reported by its
//! header only.
//!
//! What is reported, as OpenSSL 3.0 does (read off `ctests/ossl_msg_cb.c` runs
//! against the real library): every record header ([`HEADER`], the 5 bytes, with the
//! record's own version); the inner content type of each TLS 1.3 protected record
//! ([`INNER_CONTENT_TYPE`], with the record version when written and the connection's
//! when read); each handshake message (4-byte header and body), each alert, and each
//! ChangeCipherSpec written (one read is passed over). Application data is not.
//! Messages carry "the connection's version": the highest one enabled until the
//! ServerHello, then the negotiated one (a client reports the ServerHello before it
//! switches, a server after).
use super::Role;
use aws_lc_rs::{aead, hmac};
use std::sync::{Arc, Mutex};

/// The content type of a record-header report (OpenSSL's `SSL3_RT_HEADER`).
pub const HEADER: u16 = 256;
/// The content type of a TLS 1.3 inner-content-type report
/// (`SSL3_RT_INNER_CONTENT_TYPE`).
pub const INNER_CONTENT_TYPE: u16 = 257;

const CHANGE_CIPHER_SPEC: u8 = 20;
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;
const APPLICATION_DATA: u8 = 23;
const TLS12: u16 = 0x0303;
const TLS13: u16 = 0x0304;
/// The random of a HelloRetryRequest (RFC 8446 4.1.3): no version is settled by it.
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];
/// Larger records than this (with protection) are not TLS; nothing past one is read.
const MAX_RECORD: usize = 16384 + 2048;

/// One report: written (`write`) or read, the version to pass, the content type (a
/// record type, [`HEADER`] or [`INNER_CONTENT_TYPE`]) and the bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub write: bool,
    pub version: u16,
    pub content_type: u16,
    pub bytes: Vec<u8>,
}

/// The secrets rustls logged for one connection, by key-log label.
#[derive(Default, Debug)]
pub struct Secrets(Mutex<Vec<(String, Vec<u8>)>>);

impl Secrets {
    fn get(&self, label: &str) -> Option<Vec<u8>> {
        let all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        all.iter()
            .rev()
            .find(|(l, _)| l == label)
            .map(|(_, s)| s.clone())
    }
}

/// The key log of a watched connection: keeps its secrets for the [`Tap`] and passes
/// everything on to the key log the program asked for.
#[derive(Debug)]
pub struct TapKeyLog {
    pub inner: Arc<dyn rustls::KeyLog>,
    pub secrets: Arc<Secrets>,
}

impl rustls::KeyLog for TapKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let mut all = self.secrets.0.lock().unwrap_or_else(|p| p.into_inner());
        all.push((label.to_string(), secret.to_vec()));
        drop(all);
        if self.inner.will_log(label) {
            self.inner.log(label, client_random, secret);
        }
    }
    fn will_log(&self, _label: &str) -> bool {
        true
    }
}

/// What protects one direction's records.
enum Keys {
    Plain,
    /// TLS 1.3, under the secret logged as this label (looked up when first needed:
    /// rustls logs a secret before it protects a record with it).
    Tls13Label(&'static str),
    Tls13 {
        secret: Vec<u8>,
        key: aead::LessSafeKey,
        iv: [u8; 12],
    },
    /// TLS 1.2 after this direction's ChangeCipherSpec: keys from the key block.
    Tls12Pending,
    Tls12 {
        key: aead::LessSafeKey,
        iv: Vec<u8>,
    },
    /// Cannot be decrypted (an unknown suite, a missing secret): headers only.
    Unknown,
}

struct Dir {
    /// Bytes of a record not yet complete.
    buf: Vec<u8>,
    /// Handshake message bytes not yet complete (messages span records).
    hs: Vec<u8>,
    keys: Keys,
    seq: u64,
}

impl Dir {
    fn new() -> Self {
        Self {
            buf: Vec::new(),
            hs: Vec::new(),
            keys: Keys::Plain,
            seq: 0,
        }
    }
}

/// A suite's record protection: AEAD, key length, hash (for HKDF / the PRF), and
/// for TLS 1.2 the length of the implicit IV.
#[derive(Clone, Copy)]
struct Suite {
    aead: &'static aead::Algorithm,
    key_len: usize,
    hmac: hmac::Algorithm,
    hash_len: usize,
    tls12_iv_len: usize,
}

fn suite(id: u16) -> Option<Suite> {
    let aes128 = Suite {
        aead: &aead::AES_128_GCM,
        key_len: 16,
        hmac: hmac::HMAC_SHA256,
        hash_len: 32,
        tls12_iv_len: 4,
    };
    let aes256 = Suite {
        aead: &aead::AES_256_GCM,
        key_len: 32,
        hmac: hmac::HMAC_SHA384,
        hash_len: 48,
        tls12_iv_len: 4,
    };
    let chacha = Suite {
        aead: &aead::CHACHA20_POLY1305,
        key_len: 32,
        hmac: hmac::HMAC_SHA256,
        hash_len: 32,
        tls12_iv_len: 12,
    };
    match id {
        0x1301 | 0xc02b | 0xc02f => Some(aes128),
        0x1302 | 0xc02c | 0xc030 => Some(aes256),
        0x1303 | 0xcca8 | 0xcca9 => Some(chacha),
        _ => None,
    }
}

/// HKDF-Expand (RFC 5869) with the suite's hash.
fn hkdf_expand(alg: hmac::Algorithm, prk: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let key = hmac::Key::new(alg, prk);
    let mut out = Vec::with_capacity(len);
    let mut t: Vec<u8> = Vec::new();
    let mut i = 1u8;
    while out.len() < len {
        let mut ctx = hmac::Context::with_key(&key);
        ctx.update(&t);
        ctx.update(info);
        ctx.update(&[i]);
        t = ctx.sign().as_ref().to_vec();
        out.extend_from_slice(&t);
        i = i.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// TLS 1.3's HKDF-Expand-Label with an empty context (RFC 8446 7.1).
fn expand_label(alg: hmac::Algorithm, secret: &[u8], label: &str, len: usize) -> Vec<u8> {
    let full = format!("tls13 {label}");
    let mut info = Vec::with_capacity(4 + full.len());
    info.extend_from_slice(&(len as u16).to_be_bytes());
    info.push(full.len() as u8);
    info.extend_from_slice(full.as_bytes());
    info.push(0);
    hkdf_expand(alg, secret, &info, len)
}

/// TLS 1.2's PRF (RFC 5246 5): P_hash(secret, label + seed).
fn prf(alg: hmac::Algorithm, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let key = hmac::Key::new(alg, secret);
    let mut label_seed = label.to_vec();
    label_seed.extend_from_slice(seed);
    let mut a = hmac::sign(&key, &label_seed).as_ref().to_vec();
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let mut ctx = hmac::Context::with_key(&key);
        ctx.update(&a);
        ctx.update(&label_seed);
        out.extend_from_slice(ctx.sign().as_ref());
        a = hmac::sign(&key, &a).as_ref().to_vec();
    }
    out.truncate(len);
    out
}

fn aead_key(s: Suite, key: &[u8]) -> Option<aead::LessSafeKey> {
    aead::UnboundKey::new(s.aead, key)
        .ok()
        .map(aead::LessSafeKey::new)
}

fn tls13_keys(s: Suite, secret: Vec<u8>) -> Keys {
    let key = expand_label(s.hmac, &secret, "key", s.key_len);
    let iv = expand_label(s.hmac, &secret, "iv", 12);
    match (aead_key(s, &key), <[u8; 12]>::try_from(iv.as_slice())) {
        (Some(key), Ok(iv)) => Keys::Tls13 { secret, key, iv },
        _ => Keys::Unknown,
    }
}

fn nonce_xor(iv: &[u8; 12], seq: u64) -> [u8; 12] {
    let mut n = *iv;
    for (b, s) in n[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    n
}

/// Watches one connection's records (see the module documentation).
pub struct Tap {
    role: Role,
    secrets: Arc<Secrets>,
    version: u16,
    /// Bytes read (`false`) and written (`true`) since the last [`Tap::take`], in the
    /// order they went.
    chunks: Vec<(bool, Vec<u8>)>,
    /// [read, write]
    dirs: [Dir; 2],
    client_random: Option<[u8; 32]>,
    client_legacy_version: Option<u16>,
    server_random: Option<[u8; 32]>,
    suite: Option<u16>,
    tls13: bool,
    out: Vec<Message>,
}

impl Tap {
    /// A tap for a connection in `role` whose highest enabled version is TLS 1.3
    /// (`tls13_enabled`) or TLS 1.2.
    pub fn new(role: Role, tls13_enabled: bool) -> Self {
        Self {
            role,
            secrets: Arc::default(),
            version: if tls13_enabled { TLS13 } else { TLS12 },
            chunks: Vec::new(),
            dirs: [Dir::new(), Dir::new()],
            client_random: None,
            client_legacy_version: None,
            server_random: None,
            suite: None,
            tls13: false,
            out: Vec::new(),
        }
    }

    /// Where the connection's key log must put its secrets.
    pub fn secrets(&self) -> Arc<Secrets> {
        self.secrets.clone()
    }

    /// Bytes that went over the wire: written (`write`) or read.
    pub fn saw(&mut self, write: bool, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((w, b)) if *w == write => b.extend_from_slice(bytes),
            _ => self.chunks.push((write, bytes.to_vec())),
        }
    }

    /// The reports for every record completed since the last call, in wire order.
    /// Called once the engine call that moved the bytes is over, when every secret
    /// those records need has been logged.
    pub fn take(&mut self) -> Vec<Message> {
        for (write, bytes) in std::mem::take(&mut self.chunks) {
            let d = usize::from(write);
            self.dirs[d].buf.extend_from_slice(&bytes);
            loop {
                let buf = &self.dirs[d].buf;
                if buf.len() < 5 {
                    break;
                }
                let len = usize::from(u16::from_be_bytes([buf[3], buf[4]]));
                if len > MAX_RECORD {
                    // Not TLS (or not any more): stop reading this direction.
                    self.dirs[d].buf.clear();
                    self.dirs[d].keys = Keys::Unknown;
                    break;
                }
                if buf.len() < 5 + len {
                    break;
                }
                let record: Vec<u8> = self.dirs[d].buf.drain(..5 + len).collect();
                self.record(write, &record);
            }
        }
        std::mem::take(&mut self.out)
    }

    fn emit(&mut self, write: bool, version: u16, content_type: u16, bytes: &[u8]) {
        self.out.push(Message {
            write,
            version,
            content_type,
            bytes: bytes.to_vec(),
        });
    }

    fn sender_is_client(&self, write: bool) -> bool {
        (self.role == Role::Client) == write
    }

    fn record(&mut self, write: bool, record: &[u8]) {
        let (header, body) = record.split_at(5);
        let record_version = u16::from_be_bytes([header[1], header[2]]);
        self.emit(write, record_version, HEADER, header);
        let d = usize::from(write);
        let typ = header[0];
        if typ == CHANGE_CIPHER_SPEC {
            // OpenSSL reports the ChangeCipherSpec it writes, not one it reads.
            if write {
                self.emit(write, self.version, u16::from(typ), body);
            }
            if !self.tls13 && matches!(self.dirs[d].keys, Keys::Plain) {
                self.dirs[d].keys = Keys::Tls12Pending;
                self.dirs[d].seq = 0;
            }
            return;
        }
        match self.dirs[d].keys {
            Keys::Plain if typ == ALERT || typ == HANDSHAKE => self.content(write, typ, body),
            Keys::Tls13Label(_) | Keys::Tls13 { .. } if typ == APPLICATION_DATA => {
                let Some(mut plain) = self.open13(d, header, body) else {
                    return;
                };
                // The inner content type is the last non-zero byte (RFC 8446 5.2).
                while plain.last() == Some(&0) {
                    plain.pop();
                }
                let Some(inner) = plain.pop() else {
                    return;
                };
                let version = if write { record_version } else { self.version };
                self.emit(write, version, INNER_CONTENT_TYPE, &[inner]);
                if inner == ALERT || inner == HANDSHAKE {
                    self.content(write, inner, &plain);
                }
            }
            // A plaintext alert after the ServerHello: OpenSSL's client sends one when
            // it fails before its own keys are in use (seen in ctests/ossl_msg_cb).
            Keys::Tls13Label(_) | Keys::Tls13 { .. } if typ == ALERT && body.len() == 2 => {
                self.content(write, typ, body)
            }
            Keys::Tls12Pending | Keys::Tls12 { .. } => {
                let plain = self.open12(d, header, body);
                if let Some(plain) = plain {
                    if typ == ALERT || typ == HANDSHAKE {
                        self.content(write, typ, &plain);
                    }
                }
            }
            _ => {}
        }
    }

    /// Decrypts a TLS 1.3 record of direction `d`; `None` when it cannot.
    fn open13(&mut self, d: usize, header: &[u8], body: &[u8]) -> Option<Vec<u8>> {
        if let Keys::Tls13Label(label) = self.dirs[d].keys {
            let s = self.suite.and_then(suite);
            self.dirs[d].keys = match (s, self.secrets.get(label)) {
                (Some(s), Some(secret)) => tls13_keys(s, secret),
                _ => Keys::Unknown,
            };
        }
        let dir = &mut self.dirs[d];
        let Keys::Tls13 { key, iv, .. } = &dir.keys else {
            return None;
        };
        let nonce = aead::Nonce::assume_unique_for_key(nonce_xor(iv, dir.seq));
        dir.seq += 1;
        let mut in_out = body.to_vec();
        let n = key
            .open_in_place(nonce, aead::Aad::from(header), &mut in_out)
            .ok()?
            .len();
        in_out.truncate(n);
        Some(in_out)
    }

    /// Decrypts a TLS 1.2 record of direction `d` (AEAD suites: AES-GCM with an
    /// explicit nonce, ChaCha20-Poly1305 with the sequence number); `None` when it
    /// cannot.
    fn open12(&mut self, d: usize, header: &[u8], body: &[u8]) -> Option<Vec<u8>> {
        if matches!(self.dirs[d].keys, Keys::Tls12Pending) {
            self.dirs[d].keys = self
                .tls12_keys(self.sender_is_client(d == 1))
                .unwrap_or(Keys::Unknown);
        }
        let dir = &mut self.dirs[d];
        let Keys::Tls12 { key, iv } = &dir.keys else {
            return None;
        };
        let seq = dir.seq;
        dir.seq += 1;
        let tag = key.algorithm().tag_len();
        let (nonce, sealed) = if iv.len() == 4 {
            let explicit = body.get(..8)?;
            let mut n = [0u8; 12];
            n[..4].copy_from_slice(iv);
            n[4..].copy_from_slice(explicit);
            (n, &body[8..])
        } else {
            (
                nonce_xor(<&[u8; 12]>::try_from(iv.as_slice()).ok()?, seq),
                body,
            )
        };
        let plain_len = sealed.len().checked_sub(tag)?;
        let mut aad = [0u8; 13];
        aad[..8].copy_from_slice(&seq.to_be_bytes());
        aad[8..11].copy_from_slice(&header[..3]);
        aad[11..].copy_from_slice(&(plain_len as u16).to_be_bytes());
        let mut in_out = sealed.to_vec();
        let n = key
            .open_in_place(
                aead::Nonce::assume_unique_for_key(nonce),
                aead::Aad::from(aad),
                &mut in_out,
            )
            .ok()?
            .len();
        in_out.truncate(n);
        Some(in_out)
    }

    /// The TLS 1.2 keys of the client's (`client`) or the server's records, from the
    /// key block (RFC 5246 6.3).
    fn tls12_keys(&self, client: bool) -> Option<Keys> {
        let s = suite(self.suite?)?;
        let master = self.secrets.get("CLIENT_RANDOM")?;
        let mut seed = self.server_random?.to_vec();
        seed.extend_from_slice(&self.client_random?);
        let block = prf(
            s.hmac,
            &master,
            b"key expansion",
            &seed,
            2 * (s.key_len + s.tls12_iv_len),
        );
        let (keys, ivs) = block.split_at(2 * s.key_len);
        let (key, iv) = if client {
            (&keys[..s.key_len], &ivs[..s.tls12_iv_len])
        } else {
            (&keys[s.key_len..], &ivs[s.tls12_iv_len..])
        };
        Some(Keys::Tls12 {
            key: aead_key(s, key)?,
            iv: iv.to_vec(),
        })
    }

    /// The content of a record (plain or decrypted): alerts, handshake messages.
    fn content(&mut self, write: bool, typ: u8, bytes: &[u8]) {
        if typ == ALERT {
            for alert in bytes.chunks(2) {
                // A server refusing the client's versions (protocol_version, before any
                // ServerHello) takes the ClientHello's version on first, as OpenSSL's
                // tls_early_post_process_client_hello does ("send alert using remote
                // version number").
                if write
                    && self.role == Role::Server
                    && self.server_random.is_none()
                    && alert.get(1) == Some(&70)
                {
                    self.version = self.client_legacy_version.unwrap_or(self.version);
                }
                self.emit(write, self.version, u16::from(ALERT), alert);
            }
            return;
        }
        let d = usize::from(write);
        self.dirs[d].hs.extend_from_slice(bytes);
        loop {
            let hs = &self.dirs[d].hs;
            if hs.len() < 4 {
                return;
            }
            let len = usize::from(hs[1]) << 16 | usize::from(hs[2]) << 8 | usize::from(hs[3]);
            if hs.len() < 4 + len {
                return;
            }
            let msg: Vec<u8> = self.dirs[d].hs.drain(..4 + len).collect();
            self.handshake(write, &msg);
        }
    }

    fn handshake(&mut self, write: bool, msg: &[u8]) {
        match msg[0] {
            1 => {
                self.client_random = msg.get(6..38).and_then(|r| r.try_into().ok());
                self.client_legacy_version =
                    msg.get(4..6).map(|v| u16::from_be_bytes([v[0], v[1]]));
                self.emit(write, self.version, u16::from(HANDSHAKE), msg);
            }
            2 => {
                // A server reports its ServerHello with the version it chose; a client
                // its peer's before it takes the version on.
                if write {
                    self.server_hello(msg);
                    self.emit(write, self.version, u16::from(HANDSHAKE), msg);
                } else {
                    self.emit(write, self.version, u16::from(HANDSHAKE), msg);
                    self.server_hello(msg);
                }
            }
            20 if self.tls13 => {
                self.emit(write, self.version, u16::from(HANDSHAKE), msg);
                // This direction's application traffic secret from now on.
                let label = if self.sender_is_client(write) {
                    "CLIENT_TRAFFIC_SECRET_0"
                } else {
                    "SERVER_TRAFFIC_SECRET_0"
                };
                let d = &mut self.dirs[usize::from(write)];
                d.keys = Keys::Tls13Label(label);
                d.seq = 0;
            }
            24 if self.tls13 => {
                self.emit(write, self.version, u16::from(HANDSHAKE), msg);
                // KeyUpdate: this direction's next traffic secret (RFC 8446 7.2).
                let s = self.suite.and_then(suite);
                let d = &mut self.dirs[usize::from(write)];
                if let (Keys::Tls13 { secret, .. }, Some(s)) = (&d.keys, s) {
                    let next = expand_label(s.hmac, secret, "traffic upd", s.hash_len);
                    d.keys = tls13_keys(s, next);
                    d.seq = 0;
                }
            }
            _ => self.emit(write, self.version, u16::from(HANDSHAKE), msg),
        }
    }

    /// Takes the version, suite and random from a ServerHello; on TLS 1.3 the records
    /// that follow are protected with the handshake traffic secrets.
    fn server_hello(&mut self, msg: &[u8]) {
        let Some(hello) = parse_server_hello(msg) else {
            return;
        };
        if hello.random == HRR_RANDOM {
            return;
        }
        self.server_random = Some(hello.random);
        self.suite = Some(hello.suite);
        self.version = hello.version;
        self.tls13 = hello.version == TLS13;
        if self.tls13 {
            for write in [false, true] {
                let label = if self.sender_is_client(write) {
                    "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
                } else {
                    "SERVER_HANDSHAKE_TRAFFIC_SECRET"
                };
                let d = &mut self.dirs[usize::from(write)];
                d.keys = Keys::Tls13Label(label);
                d.seq = 0;
            }
        }
    }
}

struct ServerHello {
    version: u16,
    random: [u8; 32],
    suite: u16,
}

/// The fields of a ServerHello message (with its 4-byte header) the tap needs; the
/// version is the supported_versions extension's when there is one.
fn parse_server_hello(msg: &[u8]) -> Option<ServerHello> {
    let body = msg.get(4..)?;
    let legacy = u16::from_be_bytes(body.get(..2)?.try_into().ok()?);
    let random: [u8; 32] = body.get(2..34)?.try_into().ok()?;
    let sid_len = usize::from(*body.get(34)?);
    let rest = body.get(35 + sid_len..)?;
    let suite = u16::from_be_bytes(rest.get(..2)?.try_into().ok()?);
    let mut version = legacy;
    // suite (2), compression (1), extensions length (2)
    if let Some(mut ext) = rest.get(5..) {
        while ext.len() >= 4 {
            let typ = u16::from_be_bytes([ext[0], ext[1]]);
            let len = usize::from(u16::from_be_bytes([ext[2], ext[3]]));
            let Some(data) = ext.get(4..4 + len) else {
                break;
            };
            if typ == 0x002b && len == 2 {
                version = u16::from_be_bytes([data[0], data[1]]);
            }
            ext = &ext[4 + len..];
        }
    }
    Some(ServerHello {
        version,
        random,
        suite,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hkdf_expand_label_matches_rfc8448() {
        // RFC 8448 (simple 1-RTT handshake): the server handshake traffic secret and
        // the key and iv derived from it.
        let secret = hex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        assert_eq!(
            expand_label(hmac::HMAC_SHA256, &secret, "key", 16),
            hex("3fce516009c21727d0f2e4e86ee403bc")
        );
        assert_eq!(
            expand_label(hmac::HMAC_SHA256, &secret, "iv", 12),
            hex("5d313eb2671276ee13000b30")
        );
    }

    #[test]
    fn prf_matches_known_vector() {
        // The TLS 1.2 PRF (SHA-256) test vector published with RFC 5246's errata
        // discussions (IETF TLS list, "TLS 1.2 PRF test vectors").
        let secret = hex("9bbe436ba940f017b17652849a71db35");
        let seed = hex("a0ba9f936cda311827a6f796ffd5198c");
        let out = prf(hmac::HMAC_SHA256, &secret, b"test label", &seed, 100);
        assert_eq!(
            out,
            hex(concat!(
                "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a",
                "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab",
                "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701",
                "87347b66"
            ))
        );
    }

    #[test]
    fn server_hello_version_from_supported_versions() {
        let mut sh = vec![2, 0, 0, 0, 3, 3];
        sh.extend_from_slice(&[7; 32]);
        sh.push(0); // no session id
        sh.extend_from_slice(&[0x13, 0x01, 0]);
        sh.extend_from_slice(&[0, 6, 0x00, 0x2b, 0, 2, 3, 4]);
        let h = parse_server_hello(&sh).unwrap();
        assert_eq!((h.version, h.suite, h.random), (TLS13, 0x1301, [7; 32]));
        assert!(parse_server_hello(&sh[..20]).is_none());
    }

    #[test]
    fn plaintext_alert_after_a_tls13_server_hello_is_reported() {
        let mut t = Tap::new(Role::Server, true);
        let mut sh = vec![2, 0, 0, 46, 3, 3];
        sh.extend_from_slice(&[7; 32]);
        sh.extend_from_slice(&[0, 0x13, 0x01, 0, 0, 6, 0x00, 0x2b, 0, 2, 3, 4]);
        let mut rec = vec![22, 3, 3, 0, sh.len() as u8];
        rec.extend_from_slice(&sh);
        t.saw(true, &rec);
        t.saw(false, &[21, 3, 3, 0, 2, 2, 48]);
        let m = t.take();
        let alert = m
            .iter()
            .find(|m| m.content_type == u16::from(ALERT))
            .unwrap();
        assert_eq!(
            (alert.write, alert.version, &alert.bytes[..]),
            (false, TLS13, &[2u8, 48][..])
        );
    }

    #[test]
    fn garbage_is_reported_by_header_only() {
        let mut t = Tap::new(Role::Client, true);
        t.saw(false, &[23, 3, 3, 0, 3, 1, 2, 3, 22, 3]);
        let m = t.take();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].content_type, HEADER);
        t.saw(false, &[1, 0xff, 0xff, 0]);
        assert!(t.take().is_empty());
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }
}
