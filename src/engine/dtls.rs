//! DTLS 1.2: one datagram connection on [dimpl](https://github.com/algesten/dimpl), a
//! Sans-IO DTLS engine on aws-lc-rs (rustls has no DTLS). The faces see the same
//! neutral [`Outcome`]s as for TLS, plus what only datagrams have: a write that does
//! not fit the MTU ([`Sent::TooLarge`]) and the data MTU computed from the record
//! overhead of the negotiated suite.
//!
//! What dimpl leaves to its embedder, done here:
//! - the MTU on application data: dimpl sends a record of any size, so a write longer
//!   than the data MTU is refused before it reaches dimpl;
//! - the negotiated suite (dimpl has no getter): read off the plaintext ServerHello
//!   header, the record overhead follows from it;
//! - the peer certificate: dimpl hands out the leaf and checks only the handshake
//!   signature; it is verified here against the session's trust store and hook;
//! - output: every datagram dimpl produces is taken at once into our own queue
//!   (dimpl's queue is small and overflowing it is fatal) and pushed from there, so a
//!   transport that blocks leaves the datagram pending for the retry.
use super::config::Settings;
use super::session::Role;
use super::transport::Transport;
use super::verify::{verify_chain_for, Peer, VerifyError, VerifyPolicy};
use super::{Direction, Error, Outcome, ProtocolError};
use rustls::pki_types::{CertificateDer, UnixTime};
use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A DTLS record header: type, version, epoch, sequence number, length.
pub const RECORD_HEADER: usize = 13;
/// The largest plaintext a record carries (RFC 6347), and the largest MTU GnuTLS takes.
pub const MAX_RECORD: usize = 16384;
/// The largest datagram read at once.
const MAX_DATAGRAM: usize = 65536;

/// The DTLS 1.2 suites dimpl speaks (ECDHE-ECDSA only, as its signing keys), in the
/// order OpenSSL 3.0 and GnuTLS prefer them by default.
const SUITES: &[u16] = &[0xc02c, 0xcca9, 0xc02b];

/// Per-record overhead inside the record, for AEAD suites in DTLS 1.2: the explicit
/// nonce and the tag (GnuTLS' `_gnutls_record_overhead` without padding). GCM sends
/// an 8-byte explicit nonce; ChaCha20-Poly1305 none.
pub fn aead_overhead(suite: u16) -> Option<usize> {
    match suite {
        0xc02b | 0xc02c | 0xc02f | 0xc030 | 0x009c | 0x009d => Some(8 + 16),
        0xcca8..=0xccaa => Some(16),
        // CCM-8 (PSK-AES-128-CCM-8): 8-byte explicit nonce, 8-byte tag.
        0xc0a8 | 0xc0ae => Some(8 + 8),
        _ => None,
    }
}

/// Timers and limits that are not TLS settings.
#[derive(Clone, Copy, Debug)]
pub struct DatagramParams {
    /// The link MTU: the largest datagram sent (handshake fragments included).
    pub mtu: usize,
    /// The first retransmission timeout; it doubles at each retransmission.
    pub retrans: Duration,
    /// The whole handshake's limit; `None` waits for ever.
    pub total: Option<Duration>,
    /// Never wait inside a call: return `Blocked` and let the caller come back.
    pub nonblocking: bool,
    /// A server whose program already did the stateless cookie exchange (RFC 6347
    /// 4.2.1) itself: the first ClientHello it reads carries the program's cookie.
    pub cookie_exchanged: bool,
}

impl Default for DatagramParams {
    fn default() -> Self {
        Self {
            mtu: 1200,
            retrans: Duration::from_millis(1000),
            total: Some(Duration::from_millis(60000)),
            nonblocking: false,
            cookie_exchanged: false,
        }
    }
}

/// What a write came to, when the transport did not block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The datagram went out with this many bytes of data.
    Bytes(usize),
    /// Larger than the data MTU, or the transport refused the datagram as too large
    /// (EMSGSIZE): nothing was sent, the connection goes on.
    TooLarge,
}

#[derive(Debug)]
enum Phase {
    Handshaking,
    Established,
    Failed(Error),
}

/// One DTLS connection.
pub struct DtlsSession {
    role: Role,
    dtls: dimpl::Dtls,
    phase: Phase,
    params: DatagramParams,
    policy: VerifyPolicy,
    /// Datagrams dimpl produced that the transport has not taken yet.
    outbox: VecDeque<Vec<u8>>,
    /// A write whose datagram is still in `outbox` (the transport blocked): its size.
    pending_write: Option<usize>,
    /// Application data received and not yet read, one record each.
    inbox: VecDeque<Vec<u8>>,
    inbox_pos: usize,
    close_received: bool,
    close_sent: bool,
    next_timer: Option<Instant>,
    started: Option<Instant>,
    suite: Option<u16>,
    peer: Vec<CertificateDer<'static>>,
    verdict: Option<Result<(), VerifyError>>,
    /// Records received after the handshake that produced no data (replayed, or
    /// failing authentication): GnuTLS' discarded-packet count.
    discarded: u32,
    recv_buf: Vec<u8>,
    /// See [`hello_without_cookie`]: still to do at the first ClientHello.
    replay_first_hello: bool,
}

impl std::fmt::Debug for DtlsSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DtlsSession")
            .field("role", &self.role)
            .field("phase", &self.phase)
            .field("suite", &self.suite)
            .finish()
    }
}

/// Our certificate for dimpl: the leaf and its PKCS#8 / SEC1 key. A client without
/// one gets a throwaway self-signed P-256 certificate, since dimpl needs one; it is
/// only ever sent if a server asks for a certificate.
fn dimpl_identity(settings: &Settings, role: Role) -> Result<dimpl::DtlsCertificate, Error> {
    // dimpl panics on a key it cannot load (RSA, Ed25519): check with its own loader.
    let provider = dimpl::crypto::aws_lc_rs::default_provider();
    let usable = settings.identity.as_ref().and_then(|id| {
        let key = id.key_der.as_ref()?;
        provider
            .key_provider
            .load_private_key(key.secret_der())
            .is_ok()
            .then_some((id, key))
    });
    let Some((id, key)) = usable else {
        if role == Role::Server {
            return Err(Error::Config(
                "DTLS needs an ECDSA P-256 or P-384 certificate".into(),
            ));
        }
        // A client's RSA certificate cannot be used; it goes on without one.
        return dimpl::certificate::generate_self_signed_certificate()
            .map_err(|e| Error::Other(format!("cannot make a client certificate: {e}")));
    };
    Ok(dimpl::DtlsCertificate {
        certificate: id.key.cert[0].as_ref().to_vec(),
        private_key: key.secret_der().to_vec(),
    })
}

fn dimpl_config(
    settings: &Settings,
    params: &DatagramParams,
    role: Role,
) -> Result<dimpl::Config, Error> {
    let suites: Vec<dimpl::crypto::Dtls12CipherSuite> = match &settings.suites {
        Some(list) => list
            .iter()
            .map(|s| u16::from(s.suite()))
            .filter(|id| SUITES.contains(id))
            .map(dimpl::crypto::Dtls12CipherSuite::from_u16)
            .collect(),
        None => SUITES
            .iter()
            .map(|&id| dimpl::crypto::Dtls12CipherSuite::from_u16(id))
            .collect(),
    };
    if suites.is_empty() {
        return Err(Error::Config("no DTLS cipher suites".into()));
    }
    let mut builder = dimpl::Config::builder()
        .with_crypto_provider(provider_offering(&suites))
        .mtu(params.mtu)
        // Our outbox drains dimpl's after every call; this is only headroom.
        .max_queue_tx(64)
        .max_queue_rx(64)
        .flight_start_rto(params.retrans.max(Duration::from_millis(1)))
        // The total timeout decides, not a retry count (GnuTLS has none).
        .flight_retries(64)
        .handshake_timeout(
            params
                .total
                .filter(|t| !t.is_zero())
                .unwrap_or(Duration::from_secs(365 * 24 * 3600)),
        )
        .dtls12_cipher_suites(&suites)
        .dtls13_cipher_suites(&[]);
    if let Some(groups) = &settings.groups {
        let groups: Vec<dimpl::NamedGroup> = groups
            .iter()
            .map(|g| dimpl::NamedGroup::from_u16(u16::from(g.name())))
            .filter(|g| [23, 24, 29].contains(&g.as_u16()))
            .collect();
        if !groups.is_empty() {
            builder = builder.kx_groups(&groups);
        }
    }
    if role == Role::Server {
        // A GnuTLS server sends no HelloVerifyRequest unless the program did the
        // cookie exchange itself (see [`hello_without_cookie`]), and asks for a client
        // certificate only when told.
        builder = builder
            .use_server_cookie(params.cookie_exchanged)
            .require_client_certificate(false);
    }
    builder
        .build()
        .map_err(|e| Error::Config(format!("DTLS configuration: {e}")))
}

/// dimpl's aws-lc-rs provider with its DTLS 1.2 suites in `order` (dimpl offers and
/// picks suites in the provider's order, whatever order the filter lists). The lists
/// are few (orders of three suites), made once each and kept.
fn provider_offering(order: &[dimpl::crypto::Dtls12CipherSuite]) -> dimpl::crypto::CryptoProvider {
    type Suites = &'static [&'static dyn dimpl::crypto::SupportedDtls12CipherSuite];
    static LISTS: std::sync::Mutex<Vec<(Vec<u16>, Suites)>> = std::sync::Mutex::new(Vec::new());
    let mut provider = dimpl::crypto::aws_lc_rs::default_provider();
    let key: Vec<u16> = order.iter().map(|s| s.as_u16()).collect();
    let mut lists = LISTS.lock().unwrap_or_else(|p| p.into_inner());
    let list = match lists.iter().find(|(k, _)| *k == key) {
        Some((_, l)) => *l,
        None => {
            let ordered: Vec<&'static dyn dimpl::crypto::SupportedDtls12CipherSuite> = order
                .iter()
                .filter_map(|want| {
                    provider
                        .cipher_suites
                        .iter()
                        .copied()
                        .find(|cs| cs.suite() == *want)
                })
                .collect();
            let l: Suites = Box::leak(ordered.into_boxed_slice());
            lists.push((key, l));
            l
        }
    };
    provider.cipher_suites = list;
    provider
}

/// The cipher suite of a plaintext ServerHello in `datagram`, if it carries one.
fn server_hello_suite(datagram: &[u8]) -> Option<u16> {
    let mut rest = datagram;
    while rest.len() >= RECORD_HEADER {
        let len = usize::from(u16::from_be_bytes([rest[11], rest[12]]));
        let body = rest.get(RECORD_HEADER..RECORD_HEADER + len)?;
        let epoch = u16::from_be_bytes([rest[3], rest[4]]);
        // Handshake record, epoch 0, a ServerHello fragment starting at offset 0.
        if rest[0] == 22 && epoch == 0 && body.len() >= 12 && body[0] == 2 && body[6..9] == [0; 3] {
            let hello = &body[12..];
            let sid_len = usize::from(*hello.get(34)?);
            let at = 35 + sid_len;
            return Some(u16::from_be_bytes([*hello.get(at)?, *hello.get(at + 1)?]));
        }
        rest = &rest[RECORD_HEADER + len..];
    }
    None
}

/// The ClientHello dimpl would have seen before the program's cookie exchange: the
/// one in `datagram` (unfragmented, plaintext) with message_seq 0, record sequence 0
/// and no cookie.
///
/// dimpl cannot take over a cookie exchange made outside it: it waits for the
/// ClientHello with message_seq 0 and answers with ServerHello message_seq 0, where
/// the client, past one HelloVerifyRequest, sends 1 and expects 1. So a server whose
/// program did the exchange (gnutls_dtls_prestate_set) runs dimpl with its own
/// cookies and first feeds it this reconstructed first ClientHello; dimpl's answer
/// (a HelloVerifyRequest with message_seq 0, which the client has already had from
/// the program) is dropped. The client's real ClientHello (message_seq 1, the
/// program's cookie) then gets dimpl's HelloVerifyRequest with message_seq 1, a
/// second cookie round that RFC 6347 allows, after which both sides agree on the
/// message sequence and the handshake transcript starts at the last ClientHello, as
/// both sides reset it at each HelloVerifyRequest.
fn hello_without_cookie(datagram: &[u8]) -> Option<Vec<u8>> {
    let len = usize::from(u16::from_be_bytes([*datagram.get(11)?, *datagram.get(12)?]));
    let body = datagram.get(RECORD_HEADER..RECORD_HEADER + len)?;
    if datagram[0] != 22 || datagram[3..5] != [0, 0] || body.len() < 12 || body[0] != 1 {
        return None;
    }
    let msg_len = usize::from(body[1]) << 16 | usize::from(body[2]) << 8 | usize::from(body[3]);
    // One fragment holding the whole message.
    if body[6..9] != [0; 3] || body[9..12] != body[1..4] {
        return None;
    }
    let hello = body.get(12..12 + msg_len)?;
    let sid_end = 35 + usize::from(*hello.get(34)?);
    let cookie_len = usize::from(*hello.get(sid_end)?);
    let rest = hello.get(sid_end + 1 + cookie_len..)?;
    let mut new_hello = hello[..sid_end].to_vec();
    new_hello.push(0);
    new_hello.extend_from_slice(rest);
    let n = new_hello.len();
    let n24 = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    let mut out = datagram[..5].to_vec();
    out.extend([0; 6]);
    out.extend(((12 + n) as u16).to_be_bytes());
    out.push(1);
    out.extend(n24);
    out.extend([0, 0, 0, 0, 0]);
    out.extend(n24);
    out.extend(new_hello);
    Some(out)
}

/// How many application-data records (type 23) a datagram carries.
fn app_records(datagram: &[u8]) -> u32 {
    let mut rest = datagram;
    let mut n = 0;
    while rest.len() >= RECORD_HEADER {
        let len = usize::from(u16::from_be_bytes([rest[11], rest[12]]));
        if rest[0] == 23 {
            n += 1;
        }
        let Some(next) = rest.get(RECORD_HEADER + len..) else {
            break;
        };
        rest = next;
    }
    n
}

fn map_dimpl_error(e: dimpl::Error) -> Error {
    let detail = format!("DTLS: {e:?}");
    match e {
        dimpl::Error::Timeout(_) => Error::Timeout,
        dimpl::Error::CertificateError(_) => Error::Certificate(VerifyError::BadSignature),
        dimpl::Error::SecurityError(_) => Error::Protocol {
            kind: ProtocolError::NoCommonParameters,
            alert: Some(40),
            detail,
        },
        dimpl::Error::UnexpectedMessage(_) | dimpl::Error::RenegotiationAttempt => {
            Error::Protocol {
                kind: ProtocolError::UnexpectedMessage,
                alert: Some(10),
                detail,
            }
        }
        dimpl::Error::CryptoError(_) => Error::Protocol {
            kind: ProtocolError::BadRecord,
            alert: Some(20),
            detail,
        },
        _ => Error::Other(detail),
    }
}

impl DtlsSession {
    pub fn new(settings: &Settings, params: DatagramParams, role: Role) -> Result<Self, Error> {
        // A program's MTU is taken as it is (SSL_set_mtu(s, LONG_MAX) succeeds in
        // OpenSSL); no datagram is larger than MAX_DATAGRAM, and the buffers sized by
        // the MTU must stay allocatable.
        let params = DatagramParams {
            mtu: params.mtu.min(MAX_DATAGRAM),
            ..params
        };
        let cert = dimpl_identity(settings, role)?;
        let config = Arc::new(dimpl_config(settings, &params, role)?);
        let now = Instant::now();
        let mut dtls = dimpl::Dtls::new_12(config, cert, now);
        if role == Role::Client {
            dtls.set_active(true);
        }
        Ok(Self {
            role,
            dtls,
            phase: Phase::Handshaking,
            params,
            policy: settings.verify.clone(),
            outbox: VecDeque::new(),
            pending_write: None,
            inbox: VecDeque::new(),
            inbox_pos: 0,
            close_received: false,
            close_sent: false,
            next_timer: None,
            started: None,
            suite: None,
            peer: Vec::new(),
            verdict: None,
            discarded: 0,
            recv_buf: vec![0; MAX_DATAGRAM],
            replay_first_hello: role == Role::Server && params.cookie_exchanged,
        })
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn is_handshaking(&self) -> bool {
        matches!(self.phase, Phase::Handshaking)
    }

    pub fn failed(&self) -> Option<&Error> {
        match &self.phase {
            Phase::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// The negotiated suite, once the handshake is done.
    pub fn suite(&self) -> Option<u16> {
        match self.phase {
            Phase::Established => self.suite,
            _ => None,
        }
    }

    pub fn peer_certificates(&self) -> &[CertificateDer<'static>] {
        &self.peer
    }

    pub fn verify_result(&self) -> Option<Result<(), VerifyError>> {
        self.verdict
    }

    pub fn discarded(&self) -> u32 {
        self.discarded
    }

    pub fn close_received(&self) -> bool {
        self.close_received
    }

    /// The record overhead inside a record once the handshake is done (GnuTLS'
    /// `record_overhead_rt`); `None` before.
    pub fn record_overhead(&self) -> Option<usize> {
        self.suite().and_then(aead_overhead)
    }

    /// The largest write that fits a datagram of `mtu` bytes: the MTU less the record
    /// header, and once the handshake is done, less the suite's overhead.
    pub fn data_mtu(&self, mtu: usize) -> usize {
        data_mtu(mtu, self.record_overhead())
    }

    /// Whether a retransmission timer runs (the handshake is waiting for the peer).
    pub fn timer_running(&self) -> bool {
        self.next_timer.is_some() && self.is_handshaking()
    }

    /// Milliseconds until the next retransmission is due (0: due now).
    pub fn timeout_ms(&self) -> u64 {
        match self.next_timer {
            Some(t) if self.is_handshaking() => {
                t.saturating_duration_since(Instant::now()).as_millis() as u64
            }
            _ => 0,
        }
    }

    fn fail<T>(&mut self, e: Error) -> Outcome<T> {
        if crate::engine::debug_enabled() {
            eprintln!("tlsshim: DTLS session failed: {e}");
        }
        self.phase = Phase::Failed(e.clone());
        Outcome::Fatal(e)
    }

    /// Advances dimpl's clock (firing due retransmissions) and takes its output.
    fn tick(&mut self) -> Result<(), Error> {
        self.dtls
            .handle_timeout(Instant::now())
            .map_err(map_dimpl_error)?;
        self.drain()
    }

    /// Takes everything dimpl has to say: datagrams, events, received data.
    fn drain(&mut self) -> Result<(), Error> {
        let mut buf = vec![0u8; self.params.mtu.max(2048)];
        loop {
            match self.dtls.poll_output(&mut buf) {
                dimpl::Output::Packet(p) => {
                    if self.started.is_none() {
                        self.started = Some(Instant::now());
                    }
                    if self.role == Role::Server && self.suite.is_none() {
                        self.suite = server_hello_suite(p);
                    }
                    self.outbox.push_back(p.to_vec());
                }
                dimpl::Output::BufferTooSmall { needed } => buf.resize(needed, 0),
                dimpl::Output::Timeout(t) => {
                    self.next_timer = Some(t);
                    return Ok(());
                }
                dimpl::Output::Connected => {
                    if matches!(self.phase, Phase::Handshaking) {
                        self.phase = Phase::Established;
                        if crate::engine::debug_enabled() {
                            eprintln!(
                                "tlsshim: DTLS 1.2 handshake done (suite {:04x?}, {} peer certificate)",
                                self.suite,
                                self.peer.len()
                            );
                        }
                    }
                }
                dimpl::Output::PeerCert(der) => {
                    let der = CertificateDer::from(der.to_vec()).into_owned();
                    self.check_peer(der)?;
                }
                dimpl::Output::ApplicationData(data) => {
                    self.inbox.push_back(data.to_vec());
                }
                dimpl::Output::CloseNotify => self.close_received = true,
                _ => {}
            }
        }
    }

    /// Verifies the peer's leaf against the policy; the hook (or an enforcing
    /// policy) may end the handshake.
    fn check_peer(&mut self, leaf: CertificateDer<'static>) -> Result<(), Error> {
        let chain = vec![leaf];
        let whose = match self.role {
            Role::Client => Peer::Server,
            Role::Server => Peer::Client,
        };
        let verdict = verify_chain_for(
            &self.policy,
            &chain,
            crate::engine::config::default_provider(),
            UnixTime::now(),
            whose,
        );
        self.peer = chain.clone();
        self.verdict = Some(verdict);
        if let Some(hook) = &self.policy.hook {
            if !hook.check(&chain, verdict) {
                return Err(Error::Certificate(
                    verdict.err().unwrap_or(VerifyError::Other),
                ));
            }
        }
        if self.policy.enforce {
            verdict.map_err(Error::Certificate)?;
        }
        Ok(())
    }

    /// Pushes queued datagrams. A datagram the transport refuses as too large
    /// (EMSGSIZE) is dropped and reported as `Done(false)`.
    fn flush(&mut self, t: &mut dyn Transport) -> Outcome<bool> {
        while let Some(d) = self.outbox.front() {
            match t.send(d) {
                Ok(_) => {
                    self.outbox.pop_front();
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    return Outcome::Blocked(Direction::Write)
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    return Outcome::Interrupted(Direction::Write)
                }
                Err(e) if e.raw_os_error() == Some(libc::EMSGSIZE) => {
                    self.outbox.pop_front();
                    return Outcome::Done(false);
                }
                Err(e) => {
                    return self.fail(Error::Transport(e.raw_os_error().unwrap_or(libc::EIO)))
                }
            }
        }
        Outcome::Done(true)
    }

    /// Reads one datagram and hands it to dimpl. `Done(false)`: nothing to read now.
    fn receive(&mut self, t: &mut dyn Transport) -> Outcome<bool> {
        let n = match t.recv(&mut self.recv_buf) {
            // A pull function saying end of file.
            Ok(0) => return Outcome::Eof,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                return Outcome::Blocked(Direction::Read)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                return Outcome::Interrupted(Direction::Read)
            }
            Err(e) => return self.fail(Error::Transport(e.raw_os_error().unwrap_or(libc::EIO))),
        };
        let datagram = self.recv_buf[..n].to_vec();
        if self.role == Role::Client && self.suite.is_none() {
            self.suite = server_hello_suite(&datagram);
        }
        if self.replay_first_hello {
            if let Some(first) = hello_without_cookie(&datagram) {
                self.replay_first_hello = false;
                let r = self
                    .dtls
                    .handle_timeout(Instant::now())
                    .and_then(|()| self.dtls.handle_packet(&first));
                if let Err(e) = r.map_err(map_dimpl_error).and_then(|()| self.drain()) {
                    return self.fail(e);
                }
                // dimpl's HelloVerifyRequest for it: the client had the program's.
                self.outbox.clear();
            }
        }
        let established = !self.is_handshaking();
        let before = self.inbox.len();
        let now = Instant::now();
        let r = self
            .dtls
            .handle_timeout(now)
            .and_then(|()| self.dtls.handle_packet(&datagram));
        if let Err(e) = r {
            return self.fail(map_dimpl_error(e));
        }
        if let Err(e) = self.drain() {
            return self.fail(e);
        }
        if established {
            let got = (self.inbox.len() - before) as u32;
            self.discarded += app_records(&datagram).saturating_sub(got);
        }
        Outcome::Done(true)
    }

    /// Drives the handshake to its end, retransmitting on the timer: waits for the
    /// peer's next flight up to the retransmission time (unless non-blocking), as
    /// GnuTLS' `_dtls_transmit` does, and fails with [`Error::Timeout`] after the
    /// total timeout.
    pub fn handshake(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        loop {
            if let Phase::Failed(e) = &self.phase {
                return Outcome::Fatal(e.clone());
            }
            // The total timeout counts from the first datagram sent.
            let deadline = match (self.started, self.params.total) {
                (Some(start), Some(total)) if !total.is_zero() => Some(start + total),
                _ => None,
            };
            if self.is_handshaking() && deadline.is_some_and(|d| Instant::now() >= d) {
                return self.fail(Error::Timeout);
            }
            if let Err(e) = self.tick() {
                return self.fail(e);
            }
            match self.flush(t) {
                Outcome::Done(true) => {}
                Outcome::Done(false) => return self.fail(Error::Transport(libc::EMSGSIZE)),
                other => return other.map(|_| ()),
            }
            if !self.is_handshaking() {
                return Outcome::Done(());
            }
            if self.params.nonblocking {
                // GnuTLS polls without waiting (`_gnutls_io_check_recv(session, 0)`)
                // and returns rather than calling a pull that could block.
                if t.wait_readable(0) == Some(false) {
                    return Outcome::Blocked(Direction::Read);
                }
            } else {
                // Until the next retransmission or the end of the total timeout.
                let now = Instant::now();
                let wake = match (self.next_timer, deadline) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let wait = wake.map_or(self.params.retrans, |w| w.saturating_duration_since(now));
                let wait_ms = wait.as_millis().clamp(1, u32::MAX as u128) as u32;
                if t.wait_readable(wait_ms) == Some(false) {
                    continue;
                }
            }
            match self.receive(t) {
                Outcome::Done(_) => {}
                other => return other.map(|_| ()),
            }
        }
    }

    /// Sends `data` as one record in one datagram. Larger than `max` (the data MTU the
    /// face enforces): `TooLarge`, nothing sent. A blocked push keeps the datagram;
    /// the retry (any arguments) finishes it and reports the original size.
    pub fn write(&mut self, t: &mut dyn Transport, data: &[u8], max: usize) -> Outcome<Sent> {
        if let Phase::Failed(e) = &self.phase {
            return Outcome::Fatal(e.clone());
        }
        if let Some(n) = self.pending_write {
            return match self.flush(t) {
                Outcome::Done(true) => {
                    self.pending_write = None;
                    Outcome::Done(Sent::Bytes(n))
                }
                Outcome::Done(false) => {
                    self.pending_write = None;
                    Outcome::Done(Sent::TooLarge)
                }
                other => other.map(|_| Sent::TooLarge),
            };
        }
        if data.len() > max.min(MAX_RECORD) {
            return Outcome::Done(Sent::TooLarge);
        }
        if let Err(e) = self.tick() {
            return self.fail(e);
        }
        if let Err(e) = self.dtls.send_application_data(data) {
            return self.fail(map_dimpl_error(e));
        }
        if let Err(e) = self.drain() {
            return self.fail(e);
        }
        match self.flush(t) {
            Outcome::Done(true) => Outcome::Done(Sent::Bytes(data.len())),
            Outcome::Done(false) => Outcome::Done(Sent::TooLarge),
            other => {
                self.pending_write = Some(data.len());
                other.map(|_| Sent::TooLarge)
            }
        }
    }

    pub fn has_pending_write(&self) -> bool {
        self.pending_write.is_some()
    }

    /// Reads one record's data (the rest of it on the next call if `buf` is short);
    /// `Closed` once the peer sent close_notify.
    pub fn read(&mut self, t: &mut dyn Transport, buf: &mut [u8]) -> Outcome<usize> {
        loop {
            if let Some(rec) = self.inbox.front() {
                let n = buf.len().min(rec.len() - self.inbox_pos);
                buf[..n].copy_from_slice(&rec[self.inbox_pos..self.inbox_pos + n]);
                self.inbox_pos += n;
                if self.inbox_pos == rec.len() {
                    self.inbox.pop_front();
                    self.inbox_pos = 0;
                }
                return Outcome::Done(n);
            }
            if self.close_received {
                return Outcome::Closed;
            }
            if let Phase::Failed(e) = &self.phase {
                return Outcome::Fatal(e.clone());
            }
            // Answers to the peer's retransmissions (of its last flight) go out too.
            match self.flush(t) {
                Outcome::Done(_) => {}
                other => return other.map(|_| 0),
            }
            match self.receive(t) {
                Outcome::Done(_) => {}
                other => return other.map(|_| 0),
            }
            match self.flush(t) {
                Outcome::Done(_) => {}
                other => return other.map(|_| 0),
            }
        }
    }

    /// Bytes received and not yet read.
    pub fn pending(&self) -> usize {
        self.inbox.iter().map(Vec::len).sum::<usize>() - self.inbox_pos
    }

    /// Sends close_notify (once).
    pub fn close(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        if !self.close_sent && !self.is_handshaking() && self.failed().is_none() {
            self.close_sent = true;
            if let Err(e) = self.dtls.close().map_err(map_dimpl_error) {
                return self.fail(e);
            }
            if let Err(e) = self.drain() {
                return self.fail(e);
            }
        }
        self.flush(t).map(|_| ())
    }
}

/// The data MTU for a link MTU, with the record overhead of the write epoch (`None`
/// before the handshake is done, when GnuTLS counts the header only).
pub fn data_mtu(mtu: usize, overhead: Option<usize>) -> usize {
    mtu.saturating_sub(RECORD_HEADER + overhead.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_mtu_matches_gnutls() {
        // Measured with GnuTLS 3.7.9 (see the DTLS notes): MTU - 37 for AES-GCM,
        // MTU - 29 for ChaCha20-Poly1305 and CCM-8, MTU - 13 before the handshake.
        assert_eq!(data_mtu(1000, aead_overhead(0xc02b)), 963);
        assert_eq!(data_mtu(500, aead_overhead(0xc02b)), 463);
        assert_eq!(data_mtu(1000, aead_overhead(0xc02c)), 963);
        assert_eq!(data_mtu(1000, aead_overhead(0xcca9)), 971);
        assert_eq!(data_mtu(1000, aead_overhead(0xc0a8)), 971);
        assert_eq!(data_mtu(1000, None), 987);
    }

    #[test]
    fn server_hello_suite_is_read_from_the_plaintext_header() {
        let mut hello = vec![0xfe, 0xfd];
        hello.extend([7u8; 32]);
        hello.push(4);
        hello.extend([1, 2, 3, 4]);
        hello.extend([0xcc, 0xa9, 0]);
        let mut body = vec![
            2,
            0,
            0,
            hello.len() as u8,
            0,
            1,
            0,
            0,
            0,
            0,
            0,
            hello.len() as u8,
        ];
        body.extend(&hello);
        let mut rec = vec![22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, body.len() as u8];
        rec.extend(&body);
        let mut datagram = vec![21, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0];
        datagram.extend(&rec);
        assert_eq!(server_hello_suite(&datagram), Some(0xcca9));
        assert_eq!(app_records(&datagram), 0);
        assert_eq!(server_hello_suite(&datagram[..20]), None);
    }

    #[test]
    fn the_first_hello_is_rebuilt_without_the_cookie() {
        let mut hello = vec![0xfe, 0xfd];
        hello.extend([7u8; 32]);
        hello.extend([0, 3, 9, 9, 9]); // no session id, a 3-byte cookie
        hello.extend([0, 2, 0xc0, 0x2b, 1, 0]);
        let n = hello.len() as u8;
        let mut d = vec![22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 12 + n];
        d.extend([1, 0, 0, n, 0, 1, 0, 0, 0, 0, 0, n]);
        d.extend(&hello);
        let first = hello_without_cookie(&d).expect("a ClientHello");
        let m = n - 3;
        let mut want = vec![22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12 + m];
        want.extend([1, 0, 0, m, 0, 0, 0, 0, 0, 0, 0, m]);
        want.extend(&hello[..34]);
        want.extend([0, 0, 0, 2, 0xc0, 0x2b, 1, 0]);
        assert_eq!(first, want);
        assert_eq!(hello_without_cookie(&d[..30]), None);
    }
}
