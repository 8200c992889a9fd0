//! `gnutls_session_t`: one connection. The session keeps what the program configured
//! (priority, credentials, server name, ALPN, transport) and starts an engine session
//! from it at the first handshake; every operation then drives the engine and
//! translates its [`Outcome`] into GnuTLS' return values.
//!
//! Callbacks (push/pull, the verify function) call back into the session while the
//! engine runs, so every export takes the session by shared reference and the parts
//! that change live in cells: the engine is borrowed only by the operation running it,
//! never by a getter a callback may call.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::creds::CertCredentials;
use super::dtls::DatagramConf;
use super::errors::*;
use super::priority::protocol::{GNUTLS_TLS1_2, GNUTLS_TLS1_3, GNUTLS_VERSION_UNKNOWN};
use super::priority::Priority;
use super::transport::{SessionTransport, TransportConf, DIRECTION_WRITE};
use crate::engine::dtls::DtlsSession;
use crate::engine::verify::VerifyHook;
use crate::engine::{self, Direction, Error, Outcome, ProtocolError, Role, Settings, VerifyError};
use rustls::pki_types::CertificateDer;
use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_uint, c_void};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `gnutls_datum_t`.
#[repr(C)]
#[derive(Debug)]
pub struct Datum {
    pub data: *mut u8,
    pub size: c_uint,
}

/// gnutls_init_flags_t bits this face reads.
const GNUTLS_SERVER: c_uint = 1;
/// A DTLS session (gnutls_init flag).
const GNUTLS_DATAGRAM: c_uint = 1 << 2;
const GNUTLS_NONBLOCK: c_uint = 1 << 3;
/// Raw public keys may be negotiated: GnuTLS then names the certificate type in
/// gnutls_session_get_desc ("(TLS1.3-X.509)-…"), as gnutls-cli shows.
const GNUTLS_ENABLE_RAWPK: c_uint = 1 << 18;

/// The signature schemes a GnuTLS 3.7.9 client offers with NORMAL, in its order
/// (`gnutls-cli --priority NORMAL -l`: SHA-256 first), so that a server picks the
/// same one it would pick for GnuTLS.
const GNUTLS_SIGN_ORDER: &[u16] = &[
    0x0401, 0x0809, 0x0804, 0x0403, 0x0807, 0x0501, 0x080a, 0x0805, 0x0503, 0x0808, 0x0601, 0x080b,
    0x0806, 0x0603, 0x0201, 0x0203,
];

/// The engine side of a session.
enum EngineState {
    NotStarted,
    Running(Box<engine::Session>),
    /// A DTLS session (GNUTLS_DATAGRAM).
    Datagram(Box<DtlsSession>),
    /// The engine could not be started; every operation returns this code.
    Refused(c_int),
}

impl EngineState {
    fn tls(&mut self) -> Option<&mut engine::Session> {
        match self {
            EngineState::Running(e) => Some(e),
            _ => None,
        }
    }

    fn dtls(&mut self) -> Option<&mut DtlsSession> {
        match self {
            EngineState::Datagram(e) => Some(e),
            _ => None,
        }
    }
}

/// The peer's certificate chain as DER, and the `gnutls_datum_t` array over it that
/// `gnutls_certificate_get_peers` returns (owned by the session).
#[derive(Default)]
pub struct PeerView {
    pub chain: Vec<CertificateDer<'static>>,
    pub datums: Vec<Datum>,
}

impl PeerView {
    fn set(&mut self, chain: &[CertificateDer<'static>]) {
        self.chain = chain.to_vec();
        self.datums = self
            .chain
            .iter()
            .map(|c| Datum {
                data: c.as_ref().as_ptr() as *mut u8,
                size: c.as_ref().len() as c_uint,
            })
            .collect();
    }
}

pub struct GnutlsSession {
    pub role: Role,
    /// The gnutls_init flags.
    flags: c_uint,
    /// Where this client keeps what it needs to resume: its own, or the one a
    /// `gnutls_session_set_data` blob names (see [`super::resume`]). Made when first
    /// needed: a server session never needs one.
    client_store: RefCell<Option<Arc<super::resume::Store>>>,
    priority: RefCell<Option<Priority>>,
    cert_cred: Cell<*mut CertCredentials>,
    sni: RefCell<Option<String>>,
    alpn: RefCell<Vec<Vec<u8>>>,
    user_ptr: Cell<*mut c_void>,
    pub transport: Cell<TransportConf>,
    /// The value given to `gnutls_transport_set_errno`, consumed by the next failure.
    pub errnum: Cell<c_int>,
    /// `gnutls_record_get_direction`.
    pub direction: Cell<c_int>,
    engine: RefCell<EngineState>,
    pub peer: RefCell<PeerView>,
    /// The last alert received (`gnutls_alert_get`).
    alert: Cell<Option<u8>>,
    /// A record call failed fatally (or at EOF): later record calls return
    /// GNUTLS_E_INVALID_SESSION, as GnuTLS marks the connection invalid.
    invalid: Cell<bool>,
    /// What `gnutls_session_get_id` reports: 32 random bytes, as GnuTLS sends as a
    /// TLS 1.3 client's legacy session id.
    session_id: [u8; 32],
    /// `gnutls_session_set_verify_cert`: verify during the handshake, with this host.
    verify_cert: RefCell<Option<Option<String>>>,
    /// `gnutls_session_get_verify_cert_status`.
    pub verify_cert_status: Cell<c_uint>,
    /// The handshake failed on set_verify_cert's verification.
    pub verify_cert_failed: Cell<bool>,
    /// `gnutls_certificate_server_set_request` (gnutls_certificate_request_t).
    pub cert_request: Cell<c_uint>,
    /// `gnutls_session_set_keylog_function`.
    keylog: Cell<Option<KeylogFn>>,
    /// `gnutls_handshake_set_timeout` / `gnutls_record_set_timeout`, in ms (0: none).
    pub handshake_timeout_ms: Cell<c_uint>,
    pub record_timeout_ms: Cell<c_uint>,
    /// When the handshake must be over, set by its first gnutls_handshake call.
    handshake_deadline: Cell<Option<Instant>>,
    /// The deadline of the engine call in progress: the transport waits for data
    /// until then before each read (see [`super::transport`]).
    pub deadline: Cell<Option<Instant>>,
    /// The code the transport's wait ended with (GNUTLS_E_TIMEDOUT, or
    /// GNUTLS_E_PULL_ERROR when it cannot wait); reported instead of GNUTLS_E_AGAIN.
    pub timed_out: Cell<Option<c_int>>,
    /// DTLS: MTU, timeouts, prestate, cork (see [`super::dtls`]).
    pub datagram: DatagramConf,
}

/// `gnutls_keylog_func`.
pub type KeylogFn = unsafe extern "C" fn(*mut GnutlsSession, *const c_char, *const Datum) -> c_int;

/// The program's keylog function, fed the NSS key log secrets rustls produces (the
/// labels are the same as GnuTLS': CLIENT_HANDSHAKE_TRAFFIC_SECRET …, CLIENT_RANDOM).
struct KeylogFunction {
    /// The session handle, as an address: called on the thread driving this session.
    session: usize,
    func: KeylogFn,
}

impl std::fmt::Debug for KeylogFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeylogFunction")
    }
}

impl rustls::KeyLog for KeylogFunction {
    fn log(&self, label: &str, _client_random: &[u8], secret: &[u8]) {
        let Ok(label) = std::ffi::CString::new(label) else {
            return;
        };
        let datum = Datum {
            data: secret.as_ptr() as *mut u8,
            size: secret.len() as c_uint,
        };
        // SAFETY: the program's function with its session and a datum valid for the
        // call, as GnuTLS calls it.
        unsafe { (self.func)(self.session as *mut GnutlsSession, label.as_ptr(), &datum) };
    }
}

/// A session handle as a shared reference; NULL is `None`.
///
/// # Safety
/// `p` is NULL or a handle from `gnutls_init` not yet passed to `gnutls_deinit`.
pub unsafe fn session_ref<'a>(p: *mut GnutlsSession) -> Option<&'a GnutlsSession> {
    // SAFETY: the caller's guarantee; all mutation goes through cells.
    unsafe { crate::ffi::obj(p) }
}

/// The checks GnuTLS runs during the handshake: the built-in verification asked for
/// with `gnutls_session_set_verify_cert` (first), then the program's verify function.
#[derive(Debug)]
struct HandshakeChecks {
    /// The session handle, as an address: the hook runs on the thread driving the
    /// handshake of this session, which is alive for the whole handshake.
    session: usize,
    func: Option<super::creds::VerifyFn>,
    /// `Some(host)` when set_verify_cert was called (the host may be absent).
    verify_cert: Option<Option<String>>,
}

impl VerifyHook for HandshakeChecks {
    fn check(&self, chain: &[CertificateDer<'static>], verdict: Result<(), VerifyError>) -> bool {
        let session = self.session as *mut GnutlsSession;
        // SAFETY: see `session` above; the peer view is not borrowed while the engine runs.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return false;
        };
        s.peer.borrow_mut().set(chain);
        if let Some(host) = &self.verify_cert {
            // The engine verified this chain against the same trusted CAs (its policy
            // is built from these credentials): only the host check is added.
            let status = super::verify::chain_status(s, chain, verdict, host.as_deref());
            s.verify_cert_status.set(status);
            if status != 0 {
                s.verify_cert_failed.set(true);
                return false;
            }
        }
        match self.func {
            // SAFETY: the program's function with its session, as GnuTLS calls it.
            Some(func) => unsafe { func(session) == 0 },
            None => true,
        }
    }
}

/// gnutls_certificate_request_t.
pub const GNUTLS_CERT_REQUEST: c_uint = 1;
pub const GNUTLS_CERT_REQUIRE: c_uint = 2;

impl GnutlsSession {
    fn new(role: Role, flags: c_uint) -> Self {
        let mut session_id = [0u8; 32];
        let _ = engine::config::default_provider()
            .secure_random
            .fill(&mut session_id);
        Self {
            role,
            flags,
            client_store: RefCell::new(None),
            priority: RefCell::new(None),
            cert_cred: Cell::new(std::ptr::null_mut()),
            sni: RefCell::new(None),
            alpn: RefCell::new(Vec::new()),
            user_ptr: Cell::new(std::ptr::null_mut()),
            transport: Cell::new(TransportConf::default()),
            errnum: Cell::new(0),
            direction: Cell::new(0),
            engine: RefCell::new(EngineState::NotStarted),
            peer: RefCell::new(PeerView::default()),
            alert: Cell::new(None),
            invalid: Cell::new(false),
            session_id,
            verify_cert: RefCell::new(None),
            verify_cert_status: Cell::new(0),
            verify_cert_failed: Cell::new(false),
            cert_request: Cell::new(0),
            keylog: Cell::new(None),
            handshake_timeout_ms: Cell::new(0),
            record_timeout_ms: Cell::new(0),
            handshake_deadline: Cell::new(None),
            deadline: Cell::new(None),
            timed_out: Cell::new(None),
            datagram: DatagramConf::default(),
        }
    }

    /// This session's client store (see the field), made on first use.
    fn client_store(&self) -> Arc<super::resume::Store> {
        self.client_store
            .borrow_mut()
            .get_or_insert_with(super::resume::new_store)
            .clone()
    }

    pub fn set_priority(&self, p: Priority) {
        *self.priority.borrow_mut() = Some(p);
    }

    pub fn set_cert_credentials(&self, c: *mut CertCredentials) {
        self.cert_cred.set(c);
    }

    pub fn cert_credentials(&self) -> Option<&CertCredentials> {
        // SAFETY: the program keeps credentials alive while a session uses them, as the
        // GnuTLS API requires.
        unsafe { self.cert_cred.get().as_ref() }
    }

    /// The engine settings for this session's configuration.
    fn settings(&self, handle: *mut GnutlsSession) -> Result<Settings, c_int> {
        // The session caches are this session's own: its client store (named by the
        // resumption blob) and a server cache (empty until used), which no other
        // session sees.
        let client_sessions = match self.role {
            Role::Client => self.client_store(),
            Role::Server => super::resume::unused_store(),
        };
        let mut settings =
            Settings::with_caches(client_sessions, engine::resume::ServerCache::new());
        // A server asks for the client's certificate as gnutls_certificate_server_set_request
        // says; as for a client, the verdict is recorded, never enforced during the
        // handshake (the program calls gnutls_certificate_verify_peers*), but REQUIRE
        // refuses a client that sends none.
        if self.role == Role::Server {
            // Observed: gnutls-serv limited to TLS 1.2 answers a TLS 1.3-only client
            // with GNUTLS_E_NO_CIPHER_SUITES and handshake_failure.
            settings.tls12_suites_before_versions = true;
            settings.client_auth = match self.cert_request.get() {
                GNUTLS_CERT_REQUIRE => engine::verify::ClientAuth::Require,
                GNUTLS_CERT_REQUEST => engine::verify::ClientAuth::Request,
                _ => engine::verify::ClientAuth::None,
            };
        }
        let priority = self
            .priority
            .borrow()
            .clone()
            .unwrap_or_else(|| Priority::parse("NORMAL").expect("NORMAL parses"));
        priority.apply_to(&mut settings);
        settings.alpn = self.alpn.borrow().clone();
        settings.sni = self.sni.borrow().clone();
        if let Some(func) = self.keylog.get() {
            settings.key_log = Some(Arc::new(KeylogFunction {
                session: handle as usize,
                func,
            }));
        }
        if let Some(c) = self.cert_credentials() {
            settings.verify.roots = c.trusted_roots();
            settings.verify.ignore_time = c.ignores_time();
            // GnuTLS checks a key purpose only when the program names one (typed
            // data); a clientAuth-only server certificate is accepted (observed).
            settings.verify.ignore_purpose = true;
            settings.identity = c.identity.clone();
        }
        let func = self.cert_credentials().and_then(|c| c.verify_fn);
        let verify_cert = self.verify_cert.borrow().clone();
        if func.is_some() || verify_cert.is_some() {
            settings.verify.hook = Some(Arc::new(HandshakeChecks {
                session: handle as usize,
                func,
                verify_cert,
            }));
        }
        let sign_order: Vec<rustls::SignatureScheme> =
            GNUTLS_SIGN_ORDER.iter().map(|&s| s.into()).collect();
        settings.verify.schemes = Some(sign_order.clone());
        settings.sign_schemes = Some(sign_order);
        // GnuTLS never fails a handshake on its own verdict unless asked to
        // (gnutls_session_set_verify_cert): programs call verify_peers afterwards.
        settings.verify.enforce = false;
        Ok(settings)
    }

    fn start(&self, handle: *mut GnutlsSession) -> Result<(), c_int> {
        let mut state = self.engine.borrow_mut();
        match &*state {
            EngineState::Running(_) | EngineState::Datagram(_) => return Ok(()),
            EngineState::Refused(code) => return Err(*code),
            EngineState::NotStarted => {}
        }
        if self.is_datagram() {
            let started = self.settings(handle).and_then(|settings| {
                let mut params = self.datagram.params(self.flags & GNUTLS_NONBLOCK != 0);
                params.cookie_exchanged =
                    self.role == Role::Server && self.datagram.prestate.get().is_some();
                DtlsSession::new(&settings, params, self.role).map_err(|e| self.error_code(&e))
            });
            return match started {
                Ok(s) => {
                    *state = EngineState::Datagram(Box::new(s));
                    Ok(())
                }
                Err(code) => {
                    if engine::debug_enabled() {
                        eprintln!("tlsshim: gnutls DTLS session cannot start ({code})");
                    }
                    *state = EngineState::Refused(code);
                    Err(code)
                }
            };
        }
        let started = self.settings(handle).and_then(|settings| {
            match self.role {
                Role::Client => engine::Session::client(&settings, "gnutls"),
                Role::Server => engine::Session::server(&settings, "gnutls"),
            }
            .map_err(|e| self.error_code(&e))
        });
        match started {
            Ok(mut s) => {
                // GnuTLS stops the handshake at a warning alert
                // (GNUTLS_E_WARNING_ALERT_RECEIVED); calling it again goes on.
                s.report_warning_alerts(true);
                *state = EngineState::Running(Box::new(s));
                Ok(())
            }
            Err(code) => {
                if engine::debug_enabled() {
                    eprintln!("tlsshim: gnutls session cannot start ({code})");
                }
                *state = EngineState::Refused(code);
                Err(code)
            }
        }
    }

    /// Runs `op` on the engine `pick` finds (the TLS or the DTLS one) over this
    /// session's transport and translates the outcome; `Ok` carries the operation's
    /// value.
    fn drive_on<E, T>(
        &self,
        handle: *mut GnutlsSession,
        pick: fn(&mut EngineState) -> Option<&mut E>,
        op: impl FnOnce(&mut E, &mut SessionTransport<'_>) -> Outcome<T>,
    ) -> Result<T, c_int> {
        self.start(handle)?;
        let mut transport = SessionTransport {
            conf: self.transport.get(),
            session: self,
        };
        let outcome = {
            let mut state = self.engine.borrow_mut();
            let Some(engine) = pick(&mut state) else {
                return Err(GNUTLS_E_INTERNAL_ERROR);
            };
            op(engine, &mut transport)
        };
        self.after_io();
        self.translate(outcome)
    }

    /// A record call: after a failure not in `goes_on` the connection is invalid and
    /// every later record call says so.
    fn on_record<T>(
        &self,
        goes_on: &[c_int],
        call: impl FnOnce() -> Result<T, c_int>,
    ) -> Result<T, c_int> {
        if self.invalid.get() {
            return Err(GNUTLS_E_INVALID_SESSION);
        }
        let r = call();
        if let Err(code) = r {
            if !goes_on.contains(&code) {
                self.invalid.set(true);
            }
        }
        r
    }

    /// Runs `op` on the TLS engine (see [`Self::drive_on`]).
    pub fn drive<T>(
        &self,
        handle: *mut GnutlsSession,
        op: impl FnOnce(&mut engine::Session, &mut SessionTransport<'_>) -> Outcome<T>,
    ) -> Result<T, c_int> {
        self.drive_on(handle, EngineState::tls, op)
    }

    /// As [`Self::drive`], for gnutls_record_send / recv. A record timeout leaves the
    /// session usable, though GnuTLS calls it fatal (observed: the next recv gets the
    /// data).
    pub fn drive_record<T>(
        &self,
        handle: *mut GnutlsSession,
        op: impl FnOnce(&mut engine::Session, &mut SessionTransport<'_>) -> Outcome<T>,
    ) -> Result<T, c_int> {
        let goes_on = [0, GNUTLS_E_AGAIN, GNUTLS_E_INTERRUPTED, GNUTLS_E_TIMEDOUT];
        self.on_record(&goes_on, || self.drive(handle, op))
    }

    pub fn has_pending_write(&self) -> bool {
        self.with_engine(|e| e.has_pending_write())
            .or_else(|| self.with_dtls(|e| e.has_pending_write()))
            .unwrap_or(false)
    }

    /// A DTLS session (gnutls_init with GNUTLS_DATAGRAM).
    pub fn is_datagram(&self) -> bool {
        self.flags & GNUTLS_DATAGRAM != 0
    }

    /// As [`Self::drive`], for a DTLS session.
    pub fn drive_dtls<T>(
        &self,
        handle: *mut GnutlsSession,
        op: impl FnOnce(&mut DtlsSession, &mut SessionTransport<'_>) -> Outcome<T>,
    ) -> Result<T, c_int> {
        self.drive_on(handle, EngineState::dtls, op)
    }

    /// As [`Self::drive_record`], for a DTLS session.
    pub fn drive_dtls_record<T>(
        &self,
        handle: *mut GnutlsSession,
        op: impl FnOnce(&mut DtlsSession, &mut SessionTransport<'_>) -> Outcome<T>,
    ) -> Result<T, c_int> {
        let goes_on = [0, GNUTLS_E_AGAIN, GNUTLS_E_INTERRUPTED];
        self.on_record(&goes_on, || self.drive_dtls(handle, op))
    }

    /// Reads the DTLS engine for a getter; `None` before it started.
    pub fn with_dtls<R>(&self, f: impl FnOnce(&mut DtlsSession) -> R) -> Option<R> {
        EngineState::dtls(&mut *self.engine.try_borrow_mut().ok()?).map(f)
    }

    /// The first handshake has finished (TLS or DTLS engine). Before that, GnuTLS'
    /// record calls fail with GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE and leave the session
    /// as it was: they do not run the handshake, as OpenSSL's SSL_read / SSL_write do
    /// (observed, before the first gnutls_handshake call and between two of its steps:
    /// ctests/gnutls_bye_midhs; DTLS: ctests/dtls.sh).
    pub fn handshake_done(&self) -> bool {
        self.with_engine(|e| !e.is_handshaking())
            .or_else(|| self.with_dtls(|e| !e.is_handshaking()))
            == Some(true)
    }

    /// Reads the engine for a getter; `None` before the engine started.
    pub fn with_engine<R>(&self, f: impl FnOnce(&mut engine::Session) -> R) -> Option<R> {
        EngineState::tls(&mut *self.engine.try_borrow_mut().ok()?).map(f)
    }

    /// After each engine call: keep the peer view in step with the engine's.
    /// The chain is compared in place and copied only when it changed (once per
    /// handshake), not on every record call.
    fn after_io(&self) {
        let Ok(mut peer) = self.peer.try_borrow_mut() else {
            return;
        };
        let newer = |chain: &[CertificateDer<'static>]| {
            (!chain.is_empty() && chain != peer.chain.as_slice()).then(|| chain.to_vec())
        };
        let changed = match self.with_engine(|e| e.peer_certificates().and_then(newer)) {
            Some(c) => c,
            None => self.with_dtls(|e| newer(e.peer_certificates())).flatten(),
        };
        if let Some(chain) = changed {
            peer.set(&chain);
        }
    }

    /// The GnuTLS meaning of an engine outcome.
    fn translate<T>(&self, outcome: Outcome<T>) -> Result<T, c_int> {
        match outcome {
            Outcome::Done(v) => Ok(v),
            Outcome::Blocked(d) => {
                self.direction.set(direction(d));
                Err(self.timed_out.take().unwrap_or(GNUTLS_E_AGAIN))
            }
            Outcome::Interrupted(d) => {
                self.direction.set(direction(d));
                Err(GNUTLS_E_INTERRUPTED)
            }
            // The caller decides what a clean close means (0 from gnutls_record_recv).
            Outcome::Closed => Err(0),
            Outcome::Eof => Err(GNUTLS_E_PREMATURE_TERMINATION),
            Outcome::Warning(a) => {
                self.alert.set(Some(a));
                Err(GNUTLS_E_WARNING_ALERT_RECEIVED)
            }
            Outcome::Fatal(e) => {
                let code = self.error_code(&e);
                if engine::debug_enabled() {
                    eprintln!("tlsshim: gnutls session failed ({code}): {e}");
                }
                Err(code)
            }
        }
    }

    /// The GnuTLS code for an engine error.
    fn error_code(&self, e: &Error) -> c_int {
        match e {
            // DTLS: a datagram the transport refused as too large (GnuTLS' errno_to_gerr);
            // on a stream GnuTLS reports a push error.
            Error::Transport(e) if *e == libc::EMSGSIZE && self.is_datagram() => {
                GNUTLS_E_LARGE_PACKET
            }
            // GnuTLS' errno_to_gerr (lib/buffers.c) for a failed push: ECONNRESET is a
            // premature termination, the rest a push error (observed as well).
            Error::Transport(e) if self.direction.get() == DIRECTION_WRITE => {
                if *e == libc::ECONNRESET {
                    GNUTLS_E_PREMATURE_TERMINATION
                } else {
                    GNUTLS_E_PUSH_ERROR
                }
            }
            Error::Transport(_) => GNUTLS_E_PULL_ERROR,
            Error::AlertReceived(a) => {
                self.alert.set(Some(*a));
                GNUTLS_E_FATAL_ALERT_RECEIVED
            }
            // Only the program's verify function fails a handshake on a certificate
            // (enforce is off): GNUTLS_E_CERTIFICATE_ERROR, as GnuTLS returns then.
            Error::Certificate(_) if self.verify_cert_failed.get() => {
                GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR
            }
            Error::Certificate(_) => GNUTLS_E_CERTIFICATE_ERROR,
            Error::Protocol { kind, alert, .. } => match kind {
                // A plain-text peer (an HTTP or SMTP server): GNUTLS_E_UNEXPECTED_PACKET
                // (observed with GnuTLS 3.7.9).
                // A plain-text HTTP client too (observed, server side).
                ProtocolError::NotTls
                | ProtocolError::HttpRequest
                | ProtocolError::HttpsProxyRequest => GNUTLS_E_UNEXPECTED_PACKET,
                ProtocolError::NoCommonParameters => GNUTLS_E_NO_CIPHER_SUITES,
                // Observed for a ClientHello of TLS 1.1 at most (ctests/gnutls_hostile_server.c).
                ProtocolError::Version => GNUTLS_E_UNSUPPORTED_VERSION_PACKET,
                ProtocolError::BadRecord if *alert == Some(20) => GNUTLS_E_DECRYPTION_FAILED,
                ProtocolError::BadRecord => GNUTLS_E_UNEXPECTED_PACKET_LENGTH,
                ProtocolError::UnexpectedMessage | ProtocolError::BadRecordType => {
                    GNUTLS_E_UNEXPECTED_PACKET
                }
                ProtocolError::RecordOverflow => GNUTLS_E_RECORD_OVERFLOW,
                // Observed: GnuTLS 3.7 reports the downgrade sentinel as an illegal
                // parameter, not GNUTLS_E_INAPPROPRIATE_FALLBACK.
                ProtocolError::Downgrade => GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER,
                ProtocolError::NoApplicationProtocol => GNUTLS_E_NO_APPLICATION_PROTOCOL,
                ProtocolError::RefusedByProgram | ProtocolError::Other => {
                    GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER
                }
            },
            Error::Config(_) if self.role == Role::Server => GNUTLS_E_INSUFFICIENT_CREDENTIALS,
            Error::Config(_) => GNUTLS_E_NO_PRIORITIES_WERE_SET,
            Error::Timeout => GNUTLS_E_TIMEDOUT,
            // After gnutls_bye mid-handshake (observed: ctests/gnutls_bye_midhs).
            Error::Abandoned => GNUTLS_E_INVALID_SESSION,
            Error::Other(_) => GNUTLS_E_INTERNAL_ERROR,
        }
    }

    pub fn last_alert(&self) -> Option<u8> {
        self.alert.get()
    }

    /// The negotiated version as gnutls_protocol_t; before a handshake, the first one
    /// the priority lists (GnuTLS' answer then).
    pub fn protocol(&self) -> c_uint {
        // DTLS: the engine speaks DTLS 1.2 only.
        if self.with_dtls(|e| e.suite().is_some()) == Some(true) {
            return super::priority::protocol::GNUTLS_DTLS1_2;
        }
        if let Some(Some(v)) = self.with_engine(|e| e.version()) {
            return match v {
                engine::Version::Tls12 => GNUTLS_TLS1_2,
                engine::Version::Tls13 => GNUTLS_TLS1_3,
            };
        }
        match &*self.priority.borrow() {
            Some(p) => p.first_version(),
            None => GNUTLS_VERSION_UNKNOWN,
        }
    }
}

fn direction(d: Direction) -> c_int {
    match d {
        Direction::Read => 0,
        Direction::Write => 1,
    }
}

/// Runs an export body on a session; a NULL session is GNUTLS_E_INVALID_REQUEST.
pub fn on_session(
    func: &'static str,
    session: Option<&GnutlsSession>,
    body: impl FnOnce(&GnutlsSession) -> c_int,
) -> c_int {
    super::guard(func, GNUTLS_E_INTERNAL_ERROR, || match session {
        Some(s) => body(s),
        None => GNUTLS_E_INVALID_REQUEST,
    })
}

pub unsafe extern "C" fn gnutls_init(session: *mut *mut GnutlsSession, flags: c_uint) -> c_int {
    super::guard("gnutls_init", GNUTLS_E_INTERNAL_ERROR, || {
        if session.is_null() {
            return GNUTLS_E_INVALID_REQUEST;
        }
        // GNUTLS_NONBLOCK, GNUTLS_NO_SIGNAL …: accepted; the transport never blocks by
        // itself and always sends with MSG_NOSIGNAL.
        let role = if flags & GNUTLS_SERVER != 0 {
            Role::Server
        } else {
            Role::Client
        };
        // SAFETY: session is writable (checked non-NULL).
        unsafe { *session = crate::ffi::into_handle(GnutlsSession::new(role, flags)) };
        0
    })
}

pub unsafe extern "C" fn gnutls_deinit(session: *mut GnutlsSession) {
    // SAFETY: session is NULL or came from gnutls_init and is not used afterwards.
    super::guard("gnutls_deinit", (), || unsafe {
        crate::ffi::free_handle(session)
    })
}

pub unsafe extern "C" fn gnutls_session_set_ptr(session: *mut GnutlsSession, ptr: *mut c_void) {
    super::guard("gnutls_session_set_ptr", (), || {
        // SAFETY: session is NULL or live.
        if let Some(s) = unsafe { session_ref(session) } {
            s.user_ptr.set(ptr);
        }
    })
}

pub unsafe extern "C" fn gnutls_session_get_ptr(session: *mut GnutlsSession) -> *mut c_void {
    super::guard("gnutls_session_get_ptr", std::ptr::null_mut(), || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }.map_or(std::ptr::null_mut(), |s| s.user_ptr.get())
    })
}

pub unsafe extern "C" fn gnutls_handshake(session: *mut GnutlsSession) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session("gnutls_handshake", unsafe { session_ref(session) }, |s| {
        if s.is_datagram() {
            return match s.drive_dtls(session, |e, t| e.handshake(t)) {
                Ok(()) => 0,
                Err(0) => GNUTLS_E_PREMATURE_TERMINATION,
                Err(code) => code,
            };
        }
        // Called again on an established TLS 1.3 session, GnuTLS sends a KeyUpdate
        // (gnutls_handshake(3): "it will perform a key update").
        if s.with_engine(|e| !e.is_handshaking()) == Some(true) {
            return match s.drive(session, |e, t| e.key_update(t)) {
                Ok(_) => 0,
                Err(code) => code,
            };
        }
        let r = s.with_deadline(s.handshake_deadline(), || {
            s.drive(session, |e, t| e.handshake(t))
        });
        match r {
            Ok(()) => 0,
            // EOF during the handshake is a premature termination too.
            Err(0) => GNUTLS_E_PREMATURE_TERMINATION,
            Err(code) => code,
        }
    })
}

/// The handshake must end within `ms` of its first gnutls_handshake call, or
/// gnutls_handshake returns GNUTLS_E_TIMEDOUT: before each read GnuTLS waits for data
/// with the pull timeout function (default transport: poll on the fd), even on a
/// non-blocking fd (observed). GNUTLS_INDEFINITE_TIMEOUT and 0: no timeout;
/// GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT: 40 s, as GnuTLS. DTLS: the total timeout of the
/// handshake, the value gnutls_dtls_set_timeouts sets too (GnuTLS keeps both in one
/// field).
pub unsafe extern "C" fn gnutls_handshake_set_timeout(session: *mut GnutlsSession, ms: c_uint) {
    super::guard("gnutls_handshake_set_timeout", (), || {
        // SAFETY: session is NULL or a live handle, as the API requires.
        if let Some(s) = unsafe { session_ref(session) } {
            if s.is_datagram() {
                s.datagram.set_total_timeout(ms);
                return;
            }
            s.handshake_timeout_ms.set(match ms {
                GNUTLS_INDEFINITE_TIMEOUT => 0,
                GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT => 40_000,
                ms => ms,
            });
        }
    })
}

/// `gnutls_record_recv` waits at most `ms` for data, then returns GNUTLS_E_TIMEDOUT;
/// the session goes on (observed). 0 and GNUTLS_INDEFINITE_TIMEOUT: no timeout.
pub unsafe extern "C" fn gnutls_record_set_timeout(session: *mut GnutlsSession, ms: c_uint) {
    super::guard("gnutls_record_set_timeout", (), || {
        // SAFETY: session is NULL or a live handle, as the API requires.
        if let Some(s) = unsafe { session_ref(session) } {
            s.record_timeout_ms.set(if ms == GNUTLS_INDEFINITE_TIMEOUT {
                0
            } else {
                ms
            });
        }
    })
}

/// `GNUTLS_INDEFINITE_TIMEOUT`, `GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT` (gnutls.h).
const GNUTLS_INDEFINITE_TIMEOUT: c_uint = c_uint::MAX - 1;
const GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT: c_uint = c_uint::MAX;

impl GnutlsSession {
    /// The handshake's deadline, fixed by the first call that sees a timeout set.
    fn handshake_deadline(&self) -> Option<Instant> {
        let ms = self.handshake_timeout_ms.get();
        if ms == 0 {
            return None;
        }
        if self.handshake_deadline.get().is_none() {
            let end = Instant::now() + Duration::from_millis(u64::from(ms));
            self.handshake_deadline.set(Some(end));
        }
        self.handshake_deadline.get()
    }

    /// The deadline of a gnutls_record_recv call starting now.
    pub fn record_deadline(&self) -> Option<Instant> {
        let ms = self.record_timeout_ms.get();
        (ms != 0).then(|| Instant::now() + Duration::from_millis(u64::from(ms)))
    }

    /// Runs `f` (an engine call) with the transport waiting until `deadline`.
    pub fn with_deadline<R>(&self, deadline: Option<Instant>, f: impl FnOnce() -> R) -> R {
        self.timed_out.set(None);
        let outer = self.deadline.replace(deadline);
        let r = f();
        self.deadline.set(outer);
        self.timed_out.set(None);
        r
    }
}

/// GNUTLS_SHUT_RDWR (0): send close_notify and wait for the peer's; GNUTLS_SHUT_WR
/// (1): send close_notify only.
pub unsafe extern "C" fn gnutls_bye(session: *mut GnutlsSession, how: c_uint) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session("gnutls_bye", unsafe { session_ref(session) }, |s| {
        if s.is_datagram() {
            // DTLS: close_notify is sent, never waited for (GnuTLS does not wait for
            // the peer's on a datagram transport).
            return match s.drive_dtls(session, |e, t| e.close(t)) {
                Ok(()) | Err(0) => 0,
                Err(code) => code,
            };
        }
        let r = s.drive(session, |e, t| match e.close_send(t) {
            Outcome::Done(()) if how == 0 => e.close_recv(t),
            other => other,
        });
        match r {
            Ok(()) | Err(0) => 0,
            Err(code) => code,
        }
    })
}

/// Compatibility mode relaxes record-size negotiation in GnuTLS; rustls needs no such
/// workaround, so it is accepted.
pub unsafe extern "C" fn gnutls_session_enable_compatibility_mode(_session: *mut GnutlsSession) {}

/// gnutls_server_name_type_t GNUTLS_NAME_DNS.
const GNUTLS_NAME_DNS: c_uint = 1;

pub unsafe extern "C" fn gnutls_server_name_set(
    session: *mut GnutlsSession,
    kind: c_uint,
    name: *const c_void,
    name_length: usize,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_server_name_set",
        unsafe { session_ref(session) },
        |s| {
            if kind != GNUTLS_NAME_DNS {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: name points to name_length bytes, as the API requires.
            let Some(bytes) = (unsafe { crate::ffi::bytes(name, name_length) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let host = String::from_utf8_lossy(bytes).into_owned();
            *s.sni.borrow_mut() = (!host.is_empty()).then_some(host);
            0
        },
    )
}

/// Server side: the name the client sent. A client asking gets
/// GNUTLS_E_INVALID_REQUEST, as from GnuTLS (observed).
pub unsafe extern "C" fn gnutls_server_name_get(
    session: *mut GnutlsSession,
    data: *mut c_void,
    data_length: *mut usize,
    kind: *mut c_uint,
    indx: c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_server_name_get",
        unsafe { session_ref(session) },
        |s| {
            if s.role == Role::Client || data_length.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            let name = s
                .with_engine(|e| e.server_name().map(str::to_owned))
                .flatten();
            let Some(name) = name.filter(|_| indx == 0) else {
                return GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE;
            };
            // SAFETY: data_length is writable (checked), kind NULL or writable.
            unsafe {
                if let Some(k) = crate::ffi::obj_mut(kind) {
                    *k = GNUTLS_NAME_DNS;
                }
                if *data_length <= name.len() || data.is_null() {
                    *data_length = name.len() + 1;
                    return GNUTLS_E_SHORT_MEMORY_BUFFER;
                }
                crate::ffi::write_cstr(data.cast(), *data_length, name.as_bytes());
                *data_length = name.len();
            }
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_alpn_set_protocols(
    session: *mut GnutlsSession,
    protocols: *const Datum,
    protocols_size: c_uint,
    _flags: c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_alpn_set_protocols",
        unsafe { session_ref(session) },
        |s| {
            if protocols.is_null() && protocols_size > 0 {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // GnuTLS keeps at most MAX_ALPN_PROTOCOLS (8) and ignores the rest.
            let mut list = Vec::new();
            for i in 0..(protocols_size as usize).min(8) {
                // SAFETY: protocols points to protocols_size datums, as the API requires.
                let d = unsafe { &*protocols.add(i) };
                // SAFETY: each datum holds size readable bytes.
                match unsafe { crate::ffi::bytes(d.data.cast(), d.size as usize) } {
                    Some(b) if !b.is_empty() => list.push(b.to_vec()),
                    _ => return GNUTLS_E_INVALID_REQUEST,
                }
            }
            *s.alpn.borrow_mut() = list;
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_alpn_get_selected_protocol(
    session: *mut GnutlsSession,
    protocol: *mut Datum,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_alpn_get_selected_protocol",
        unsafe { session_ref(session) },
        |s| {
            // The engine keeps the bytes for the connection's life, so the datum may point
            // at them, as GnuTLS' points into the session.
            // SAFETY (below): protocol is NULL or a writable datum.
            let selected = s
                .with_engine(|e| e.alpn().map(|a| (a.as_ptr(), a.len())))
                .flatten();
            let (Some((p, n)), Some(out)) = (selected, unsafe { crate::ffi::obj_mut(protocol) })
            else {
                return GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE;
            };
            out.data = p as *mut u8;
            out.size = n as c_uint;
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_alert_get(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_alert_get", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| s.last_alert())
            .map_or(0, c_uint::from)
    })
}

/// The resumption data of a client session (see [`super::resume`]), as GnuTLS'
/// gnutls_session_get_data2 decides it (lib/session.c): before the handshake,
/// GNUTLS_E_INVALID_REQUEST; under TLS 1.3 without a ticket yet, wait a little for
/// one when the transport can wait with a timeout (the default fd transport or a
/// pull timeout function, and not GNUTLS_NONBLOCK); still none: GnuTLS' "empty"
/// blob.
fn session_blob(s: &GnutlsSession, handle: *mut GnutlsSession) -> Result<Vec<u8>, c_int> {
    let version = s.with_engine(|e| {
        if e.is_handshaking() {
            None
        } else {
            e.version()
        }
    });
    let Some(Some(version)) = version else {
        return Err(GNUTLS_E_INVALID_REQUEST);
    };
    if s.role == Role::Server {
        // Server-side session data (the db functions) is not kept.
        return Err(GNUTLS_E_INVALID_SESSION);
    }
    if version == engine::Version::Tls13 {
        if s.tickets_received() == 0 && s.flags & GNUTLS_NONBLOCK == 0 {
            // GnuTLS waits its round-trip estimate + 60 ms; on the connections this
            // face sees, the estimate is small.
            const TICKET_WAIT_MS: c_uint = 60;
            if s.transport.get().wait_readable(TICKET_WAIT_MS) {
                let _ = s.drive(handle, |e, t| e.process_incoming(t));
            }
        }
        if s.tickets_received() == 0 {
            return Ok(super::resume::EMPTY_DATA.to_vec());
        }
    }
    Ok(super::resume::blob_for(&s.client_store()))
}

impl GnutlsSession {
    fn tickets_received(&self) -> u32 {
        self.with_engine(|e| e.tls13_tickets_received())
            .unwrap_or(0)
    }

    /// `gnutls_session_get_flags`' GNUTLS_SFLAGS_* bits that this engine can tell.
    pub fn session_flags(&self) -> c_uint {
        const SAFE_RENEGOTIATION: c_uint = 1;
        const EXT_MASTER_SECRET: c_uint = 1 << 1;
        const SESSION_TICKET: c_uint = 1 << 7;
        const CLI_REQUESTED_OCSP: c_uint = 1 << 11;
        let Some(Some(version)) = self.with_engine(|e| {
            if e.is_handshaking() {
                None
            } else {
                e.version()
            }
        }) else {
            return 0;
        };
        let mut flags = 0;
        if self.role == Role::Client {
            // rustls always asks for the OCSP status.
            flags |= CLI_REQUESTED_OCSP;
        }
        match version {
            engine::Version::Tls13 => {
                if self.tickets_received() > 0 {
                    flags |= SESSION_TICKET;
                }
            }
            // rustls insists on RFC 5746 and on the extended master secret for TLS
            // 1.2, and takes the server's ticket when it sends one.
            engine::Version::Tls12 => {
                flags |= SAFE_RENEGOTIATION | EXT_MASTER_SECRET | SESSION_TICKET;
            }
        }
        flags
    }
}

pub unsafe extern "C" fn gnutls_session_get_data(
    session: *mut GnutlsSession,
    session_data: *mut c_void,
    session_data_size: *mut usize,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_get_data",
        unsafe { session_ref(session) },
        |s| {
            if session_data_size.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            let blob = match session_blob(s, session) {
                Ok(b) => b,
                Err(code) => return code,
            };
            // SAFETY: session_data_size is writable (checked); session_data holds
            // *session_data_size bytes when non-NULL.
            unsafe {
                let room = *session_data_size;
                *session_data_size = blob.len();
                if session_data.is_null() || room < blob.len() {
                    return GNUTLS_E_SHORT_MEMORY_BUFFER;
                }
                std::ptr::copy_nonoverlapping(blob.as_ptr(), session_data.cast(), blob.len());
            }
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_session_get_data2(
    session: *mut GnutlsSession,
    data: *mut Datum,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_get_data2",
        unsafe { session_ref(session) },
        |s| {
            // SAFETY: data is NULL or writable.
            let Some(out) = (unsafe { crate::ffi::obj_mut(data) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let blob = match session_blob(s, session) {
                Ok(b) => b,
                Err(code) => return code,
            };
            out.data = super::alloc::malloc_copy(&blob);
            out.size = blob.len() as c_uint;
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_session_set_data(
    session: *mut GnutlsSession,
    session_data: *const c_void,
    session_data_size: usize,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_set_data",
        unsafe { session_ref(session) },
        |s| {
            use super::resume::{parse, Parsed, EMPTY_DATA};
            // SAFETY: session_data holds session_data_size bytes, as the API requires.
            let blob = match unsafe { crate::ffi::bytes(session_data, session_data_size) } {
                Some(b) if !b.is_empty() && !session_data.is_null() => b,
                _ => return GNUTLS_E_INVALID_REQUEST,
            };
            if blob == EMPTY_DATA {
                return 0;
            }
            match parse(blob) {
                Parsed::Invalid => GNUTLS_E_DB_ERROR,
                Parsed::Forgotten => 0,
                Parsed::Store(store) => {
                    *s.client_store.borrow_mut() = Some(store);
                    0
                }
            }
        },
    )
}

pub unsafe extern "C" fn gnutls_session_get_id(
    session: *mut GnutlsSession,
    session_id: *mut c_void,
    session_id_size: *mut usize,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_get_id",
        unsafe { session_ref(session) },
        |s| {
            if session_id_size.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: session_id_size is writable; session_id holds that many bytes.
            unsafe {
                let room = *session_id_size;
                *session_id_size = s.session_id.len();
                if session_id.is_null() {
                    return 0;
                }
                if room < s.session_id.len() {
                    return GNUTLS_E_SHORT_MEMORY_BUFFER;
                }
                std::ptr::copy_nonoverlapping(s.session_id.as_ptr(), session_id.cast(), 32);
            }
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_session_is_resumed(session: *mut GnutlsSession) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_is_resumed",
        unsafe { session_ref(session) },
        |s| c_int::from(s.with_engine(|e| e.was_resumed()).unwrap_or(false)),
    )
}

/// RFC 5705 / RFC 8446 keying material. A NULL `context` is no context (which in
/// TLS 1.2 differs from an empty one); no finished handshake, or a TLS 1.2 context
/// over 65535 bytes: GNUTLS_E_INVALID_REQUEST; GnuTLS checks no label (observed with
/// GnuTLS 3.7, `ctests/gnutls_exporter`).
pub unsafe extern "C" fn gnutls_prf_rfc5705(
    session: *mut GnutlsSession,
    label_size: usize,
    label: *const c_char,
    context_size: usize,
    context: *const c_char,
    outsize: usize,
    out: *mut c_char,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session("gnutls_prf_rfc5705", unsafe { session_ref(session) }, |s| {
        // SAFETY: the caller's buffers: label_size and context_size readable bytes,
        // outsize writable ones (NULL only with a zero size).
        let (Some(out), Some(label)) = (unsafe {
            (
                crate::ffi::bytes_mut(out.cast(), outsize),
                crate::ffi::bytes(label.cast(), label_size),
            )
        }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let context = if context.is_null() {
            None
        } else {
            // SAFETY: as above.
            match unsafe { crate::ffi::bytes(context.cast(), context_size) } {
                Some(c) => Some(c),
                None => return GNUTLS_E_INVALID_REQUEST,
            }
        };
        // TLS 1.2 puts the context's length in two bytes; TLS 1.3 hashes it.
        let too_long = context_size > 65535;
        match s.with_engine(|e| {
            if too_long && e.version() != Some(engine::Version::Tls13) {
                return false;
            }
            e.export_keying_material(out, label, context, false).is_ok()
        }) {
            Some(true) => 0,
            _ => GNUTLS_E_INVALID_REQUEST,
        }
    })
}

// Facts about the negotiated connection. The numbers are gnutls.h's
// gnutls_protocol_t / gnutls_cipher_algorithm_t / gnutls_kx_algorithm_t /
// gnutls_mac_algorithm_t values and the names are GnuTLS' own; they stay literal
// here until the shared name tables (names.rs) are merged.

const GNUTLS_CIPHER_AES_128_GCM: c_uint = 10;
const GNUTLS_CIPHER_AES_256_GCM: c_uint = 11;
const GNUTLS_CIPHER_CHACHA20_POLY1305: c_uint = 23;
const GNUTLS_KX_ECDHE_RSA: c_uint = 12;
const GNUTLS_KX_ECDHE_ECDSA: c_uint = 13;
const GNUTLS_MAC_AEAD: c_uint = 200;
const GNUTLS_CRT_X509: c_uint = 1;

/// The negotiated suite's cipher, as gnutls_cipher_algorithm_t, and its name.
fn cipher_of(suite: u16) -> (c_uint, &'static str) {
    match suite {
        0x1301 | 0xc02b | 0xc02f => (GNUTLS_CIPHER_AES_128_GCM, "AES-128-GCM"),
        0x1302 | 0xc02c | 0xc030 => (GNUTLS_CIPHER_AES_256_GCM, "AES-256-GCM"),
        0x1303 | 0xcca8 | 0xcca9 => (GNUTLS_CIPHER_CHACHA20_POLY1305, "CHACHA20-POLY1305"),
        _ => (0, "UNKNOWN"),
    }
}

fn group_name(group: u16) -> &'static str {
    match group {
        0x0017 => "SECP256R1",
        0x0018 => "SECP384R1",
        0x0019 => "SECP521R1",
        0x001d => "X25519",
        0x001e => "X448",
        _ => "UNKNOWN",
    }
}

/// GnuTLS' signature algorithm names, by TLS SignatureScheme; TLS 1.2 names ECDSA by
/// hash only.
fn sign_name(scheme: u16, tls13: bool) -> &'static str {
    match scheme {
        0x0401 => "RSA-SHA256",
        0x0501 => "RSA-SHA384",
        0x0601 => "RSA-SHA512",
        0x0201 => "RSA-SHA1",
        0x0804 => "RSA-PSS-RSAE-SHA256",
        0x0805 => "RSA-PSS-RSAE-SHA384",
        0x0806 => "RSA-PSS-RSAE-SHA512",
        0x0809 => "RSA-PSS-SHA256",
        0x080a => "RSA-PSS-SHA384",
        0x080b => "RSA-PSS-SHA512",
        0x0403 if tls13 => "ECDSA-SECP256R1-SHA256",
        0x0503 if tls13 => "ECDSA-SECP384R1-SHA384",
        0x0603 if tls13 => "ECDSA-SECP521R1-SHA512",
        0x0403 => "ECDSA-SHA256",
        0x0503 => "ECDSA-SHA384",
        0x0603 => "ECDSA-SHA512",
        0x0807 => "EdDSA-Ed25519",
        0x0808 => "EdDSA-Ed448",
        _ => "UNKNOWN",
    }
}

/// The TLS SignatureScheme the server signed the handshake with. rustls does not say
/// which one a server signed with: there, the one GnuTLS prefers for the key.
pub(super) fn server_sign_scheme(s: &GnutlsSession, e: &engine::Session) -> Option<u16> {
    let tls13 = e.version() == Some(engine::Version::Tls13);
    match s.role {
        Role::Client => e.peer_signature_scheme(),
        Role::Server if server_key_is_ec(s, e) => Some(0x0403),
        Role::Server if tls13 => Some(0x0804),
        Role::Server => Some(0x0401),
    }
}

/// Whether the server authenticated with an ECDSA (or EdDSA) key, for the key
/// exchange GnuTLS names in TLS 1.3 (ECDHE-ECDSA vs ECDHE-RSA).
fn server_key_is_ec(s: &GnutlsSession, e: &engine::Session) -> bool {
    match s.role {
        Role::Client => e
            .peer_signature_scheme()
            .is_some_and(|sc| matches!(sc >> 8, 0x04..=0x06) && sc & 0xff == 3 || sc == 0x0807),
        Role::Server => s
            .cert_credentials()
            .and_then(|c| c.identity.clone())
            .is_some_and(|id| id.key.key.algorithm() != rustls::SignatureAlgorithm::RSA),
    }
}

pub unsafe extern "C" fn gnutls_protocol_get_version(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_protocol_get_version", 0xff, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }.map_or(0xff, GnutlsSession::protocol)
    })
}

pub unsafe extern "C" fn gnutls_cipher_get(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_cipher_get", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| {
                s.with_engine(|e| e.suite())
                    .or_else(|| s.with_dtls(|e| e.suite()))
                    .flatten()
            })
            .map_or(0, |suite| cipher_of(suite).0)
    })
}

pub unsafe extern "C" fn gnutls_kx_get(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_kx_get", 0, || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return 0;
        };
        s.with_engine(|e| match e.suite()? {
            0xc02b | 0xc02c | 0xcca9 => Some(GNUTLS_KX_ECDHE_ECDSA),
            0xc02f | 0xc030 | 0xcca8 => Some(GNUTLS_KX_ECDHE_RSA),
            // TLS 1.3: GnuTLS names the key exchange after the server's key.
            _ if server_key_is_ec(s, e) => Some(GNUTLS_KX_ECDHE_ECDSA),
            _ => Some(GNUTLS_KX_ECDHE_RSA),
        })
        .flatten()
        .unwrap_or(0)
    })
}

pub unsafe extern "C" fn gnutls_mac_get(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_mac_get", 0, || {
        // Every suite the engine speaks is AEAD.
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| s.with_engine(|e| e.suite()).flatten())
            .map_or(0, |_| GNUTLS_MAC_AEAD)
    })
}

pub unsafe extern "C" fn gnutls_certificate_type_get(_session: *mut GnutlsSession) -> c_uint {
    GNUTLS_CRT_X509
}

/// GNUTLS_SFLAGS_* (see [`GnutlsSession::session_flags`]); 0 before the handshake.
pub unsafe extern "C" fn gnutls_session_get_flags(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_session_get_flags", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }.map_or(0, GnutlsSession::session_flags)
    })
}

/// One GNUTLS_SFLAGS_* bit as 0/1.
fn has_flag(session: *mut GnutlsSession, bit: c_uint) -> c_int {
    // SAFETY: session is NULL or live.
    unsafe { session_ref(session) }.map_or(0, |s| c_int::from(s.session_flags() & bit != 0))
}

pub unsafe extern "C" fn gnutls_safe_renegotiation_status(session: *mut GnutlsSession) -> c_int {
    super::guard("gnutls_safe_renegotiation_status", 0, || {
        has_flag(session, 1)
    })
}

pub unsafe extern "C" fn gnutls_session_ext_master_secret_status(
    session: *mut GnutlsSession,
) -> c_uint {
    super::guard("gnutls_session_ext_master_secret_status", 0, || {
        has_flag(session, 1 << 1) as c_uint
    })
}

/// Encrypt-then-MAC applies to CBC suites only; the engine has none.
pub unsafe extern "C" fn gnutls_session_etm_status(_session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_session_etm_status", 0, || 0)
}

/// The engine does not negotiate SRTP.
pub unsafe extern "C" fn gnutls_srtp_get_selected_profile(
    session: *mut GnutlsSession,
    _profile: *mut c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_srtp_get_selected_profile",
        unsafe { session_ref(session) },
        |_| GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE,
    )
}

/// No OCSP response is checked (the engine does not verify stapled OCSP).
pub unsafe extern "C" fn gnutls_ocsp_status_request_is_checked(
    _session: *mut GnutlsSession,
    _flags: c_uint,
) -> c_uint {
    super::guard("gnutls_ocsp_status_request_is_checked", 0, || 0)
}

/// gnutls_credentials_type_t of the key exchange: certificates once negotiated
/// (every suite the engine speaks), 0 before (observed).
pub unsafe extern "C" fn gnutls_auth_get_type(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_auth_get_type", 0, || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return 0;
        };
        // Inside the handshake (the engine is busy driving it, and a verify function
        // is asking) the suite is chosen and certificates are being checked: GnuTLS
        // answers CERTIFICATE there, and gnutls-serv's verify function relies on it.
        if s.engine.try_borrow_mut().is_err() && !s.peer.borrow().chain.is_empty() {
            return super::creds::GNUTLS_CRD_CERTIFICATE;
        }
        s.with_engine(|e| e.suite())
            .flatten()
            .map_or(0, |_| super::creds::GNUTLS_CRD_CERTIFICATE)
    })
}

pub unsafe extern "C" fn gnutls_certificate_type_get2(
    _session: *mut GnutlsSession,
    _target: c_uint,
) -> c_uint {
    GNUTLS_CRT_X509
}

/// gnutls_sign_algorithm_t of the server's handshake signature (by GnuTLS' name for
/// it, as gnutls_session_get_desc shows); GNUTLS_SIGN_UNKNOWN (0) before.
pub unsafe extern "C" fn gnutls_sign_algorithm_get(session: *mut GnutlsSession) -> c_int {
    super::guard("gnutls_sign_algorithm_get", 0, || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        s.with_engine(|e| {
            let tls13 = e.version()? == engine::Version::Tls13;
            let name = sign_name(server_sign_scheme(s, e)?, tls13);
            super::names::SIGN_NAMES
                .iter()
                .find(|(_, n)| n.to_bytes() == name.as_bytes())
                .map(|(id, _)| *id as c_int)
        })
        .flatten()
        .unwrap_or(0)
    })
}

/// The client's signature (client authentication): the engine's clients never
/// authenticate to this face's servers, so GNUTLS_SIGN_UNKNOWN.
pub unsafe extern "C" fn gnutls_sign_algorithm_get_client(session: *mut GnutlsSession) -> c_int {
    super::guard("gnutls_sign_algorithm_get_client", 0, || {
        // SAFETY: session is NULL or live.
        match unsafe { session_ref(session) } {
            Some(_) => 0,
            None => GNUTLS_E_INVALID_REQUEST,
        }
    })
}

/// gnutls_ecc_curve_t of the key exchange group; GNUTLS_ECC_CURVE_INVALID (0) before.
pub unsafe extern "C" fn gnutls_ecc_curve_get(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_ecc_curve_get", 0, || {
        // SAFETY: session is NULL or live.
        let group =
            unsafe { session_ref(session) }.and_then(|s| s.with_engine(|e| e.group()).flatten());
        match group {
            Some(0x0017) => 2,  // SECP256R1
            Some(0x0018) => 3,  // SECP384R1
            Some(0x0019) => 4,  // SECP521R1
            Some(0x001d) => 6,  // X25519
            Some(0x001e) => 20, // X448
            _ => 0,
        }
    })
}

/// "(TLS1.3)-(ECDHE-SECP256R1)-(RSA-PSS-RSAE-SHA256)-(AES-256-GCM)", in a
/// gnutls_malloc'd string; NULL before the handshake, as GnuTLS.
pub unsafe extern "C" fn gnutls_session_get_desc(session: *mut GnutlsSession) -> *mut c_char {
    super::guard("gnutls_session_get_desc", std::ptr::null_mut(), || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return std::ptr::null_mut();
        };
        let desc = s
            .with_engine(|e| {
                if e.is_handshaking() {
                    return None;
                }
                let version = e.version()?;
                let tls13 = version == engine::Version::Tls13;
                let (_, cipher) = cipher_of(e.suite()?);
                let group = e.group().map_or("UNKNOWN", group_name);
                let sign = server_sign_scheme(s, e).map_or("UNKNOWN", |sc| sign_name(sc, tls13));
                let proto = match (tls13, s.flags & GNUTLS_ENABLE_RAWPK != 0) {
                    (true, false) => "TLS1.3",
                    (false, false) => "TLS1.2",
                    (true, true) => "TLS1.3-X.509",
                    (false, true) => "TLS1.2-X.509",
                };
                Some(format!("({proto})-(ECDHE-{group})-({sign})-({cipher})"))
            })
            .flatten();
        match desc {
            Some(d) => super::alloc::malloc_copy(d.as_bytes()).cast(),
            None => std::ptr::null_mut(),
        }
    })
}

/// `gnutls_session_set_verify_cert`: verify the peer during the handshake (host name
/// too when given); a failure ends the handshake with
/// GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR and the status stays readable.
pub unsafe extern "C" fn gnutls_session_set_verify_cert(
    session: *mut GnutlsSession,
    hostname: *const c_char,
    _flags: c_uint,
) {
    super::guard("gnutls_session_set_verify_cert", (), || {
        // SAFETY: a handle from gnutls_init; hostname NULL or a C string.
        if let Some(s) = unsafe { session_ref(session) } {
            let host = unsafe { crate::ffi::cstr(hostname) }.map(str::to_string);
            *s.verify_cert.borrow_mut() = Some(host);
        }
    })
}

pub unsafe extern "C" fn gnutls_session_get_verify_cert_status(
    session: *mut GnutlsSession,
) -> c_uint {
    super::guard("gnutls_session_get_verify_cert_status", 0, || {
        // SAFETY: a handle from gnutls_init.
        unsafe { session_ref(session) }.map_or(0, |s| s.verify_cert_status.get())
    })
}

/// `gnutls_session_key_update`: a TLS 1.3 KeyUpdate now (GNUTLS_KU_PEER, asking the
/// peer to update too, is what rustls sends: update_requested).
pub unsafe extern "C" fn gnutls_session_key_update(
    session: *mut GnutlsSession,
    _flags: c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_session_key_update",
        unsafe { session_ref(session) },
        |s| match s.drive(session, |e, t| e.key_update(t)) {
            Ok(true) => 0,
            Ok(false) => GNUTLS_E_INVALID_REQUEST,
            Err(code) => code,
        },
    )
}

/// `gnutls_session_set_keylog_function`: the secrets of this session's handshake go to
/// `func` (set before the handshake).
pub unsafe extern "C" fn gnutls_session_set_keylog_function(
    session: *mut GnutlsSession,
    func: Option<KeylogFn>,
) {
    super::guard("gnutls_session_set_keylog_function", (), || {
        // SAFETY: a handle from gnutls_init.
        if let Some(s) = unsafe { session_ref(session) } {
            s.keylog.set(func);
        }
    })
}

/// TLS 1.3 post-handshake authentication. rustls neither offers nor accepts it, so no
/// peer of ours has agreed to it: GNUTLS_E_INVALID_REQUEST, as GnuTLS returns without
/// that agreement (observed) and for TLS 1.2; a TLS 1.3 client before its handshake:
/// GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE (observed).
pub unsafe extern "C" fn gnutls_reauth(session: *mut GnutlsSession, _flags: c_uint) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session("gnutls_reauth", unsafe { session_ref(session) }, |s| {
        let handshaking = s.with_engine(|e| e.is_handshaking()).unwrap_or(true);
        if s.protocol() == GNUTLS_TLS1_3 && s.role == Role::Client && handshaking {
            GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE
        } else {
            GNUTLS_E_INVALID_REQUEST
        }
    })
}

/// `GNUTLS_A_CLOSE_NOTIFY`.
const GNUTLS_A_CLOSE_NOTIFY: c_uint = 0;

/// Sends an alert. close_notify (at either level) is sent as gnutls_bye(SHUT_WR)
/// would; rustls offers no way to send another alert on its own, so any other
/// description is GNUTLS_E_UNIMPLEMENTED_FEATURE and nothing is sent (rustls itself
/// sends the right fatal alert when a handshake or record fails).
pub unsafe extern "C" fn gnutls_alert_send(
    session: *mut GnutlsSession,
    _level: c_uint,
    desc: c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session("gnutls_alert_send", unsafe { session_ref(session) }, |s| {
        if desc != GNUTLS_A_CLOSE_NOTIFY {
            super::log_unimplemented("gnutls_alert_send (other than close_notify)");
            return GNUTLS_E_UNIMPLEMENTED_FEATURE;
        }
        match s.drive(session, |e, t| e.close_send(t)) {
            Ok(()) | Err(0) => 0,
            Err(code) => code,
        }
    })
}

/// Sends the alert GnuTLS sends for `err` (gnutls_error_to_alert). As GnuTLS
/// (lib/alert.c): nothing for a code that is not fatal or that is an alert the peer
/// sent, 0. When the connection failed, rustls has already sent its fatal alert (every
/// failure sends one; its description can differ from GnuTLS' choice): 0, as GnuTLS
/// answers after sending. Otherwise gnutls_alert_send, which sends close_notify only.
pub unsafe extern "C" fn gnutls_alert_send_appropriate(
    session: *mut GnutlsSession,
    err: c_int,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_alert_send_appropriate",
        unsafe { session_ref(session) },
        |s| {
            if err != GNUTLS_E_REHANDSHAKE
                && (!is_fatal(err) || err == GNUTLS_E_FATAL_ALERT_RECEIVED)
            {
                return 0;
            }
            let failed = s
                .with_engine(|e| e.failed().is_some())
                .or_else(|| s.with_dtls(|e| e.failed().is_some()));
            if failed == Some(true) {
                return 0;
            }
            let (alert, level) = to_alert(err);
            // SAFETY: the same live session handle.
            unsafe { gnutls_alert_send(session, level, alert) }
        },
    )
}

/// The minimum DH prime size for DHE: accepted; rustls offers no finite-field DHE
/// (ECDHE only), so there is no prime to check.
pub unsafe extern "C" fn gnutls_dh_set_prime_bits(_session: *mut GnutlsSession, _bits: c_uint) {
    super::guard("gnutls_dh_set_prime_bits", (), || {})
}
