//! One TLS connection: a rustls connection driven over a [`Transport`], with the
//! write bookkeeping both APIs document.
//!
//! Writes: the bytes a write call accepts are encrypted one record at a time and each
//! record is flushed before the next is made. When the transport blocks, the
//! encrypted bytes stay queued and the write is *pending*: the caller must call again
//! (OpenSSL: with the same arguments; GnuTLS: `(NULL, 0)` or the same), and the retry
//! finishes the flush and reports the bytes exactly once.
use super::config::Settings;
use super::resume::{with_context, ConnContext};
use super::transport::{Framing, Io, RecordIo, Transport};
use super::verify::{Seen, Verdict, VerifyError};
use super::{debug_enabled, Direction, Error, Event, Outcome, ProtocolError, Version};
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConnection, Connection, ServerConnection};
use std::io::{self, Read, Write};

/// The largest plaintext a record carries.
pub const MAX_RECORD: usize = 16384;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Client,
    Server,
}

/// What a server learns from the ClientHello before it picks its configuration.
#[derive(Clone, Debug, Default)]
pub struct Hello {
    pub server_name: Option<String>,
    /// The client's ALPN protocols, in its order.
    pub alpn: Vec<Vec<u8>>,
    /// The cipher suites the client offered (IANA ids), in its order.
    pub cipher_suites: Vec<u16>,
}

/// Picks a server's settings once the ClientHello is in: the place for a program's
/// SNI callback (switching certificates) and ALPN selection callback. The ALPN list of
/// the returned settings is what the server accepts.
pub trait ServerChooser {
    fn choose(&mut self, hello: &Hello) -> Result<Settings, Error>;
}

/// Why [`Session::export_keying_material`] gave nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// No finished handshake (not begun, under way, or failed).
    NotReady,
    /// A TLS 1.2 label reserved for the PRF's own use.
    ReservedLabel,
}

/// The chooser of a server whose settings do not depend on the ClientHello.
struct Fixed(Settings);

impl ServerChooser for Fixed {
    fn choose(&mut self, _hello: &Hello) -> Result<Settings, Error> {
        Ok(self.0.clone())
    }
}

/// The rustls side of a session: a server waits for the ClientHello first.
// The connection is the variant that lives for the whole session; boxing it would add
// an indirection to every call for the few microseconds a server spends accepting.
#[allow(clippy::large_enum_variant)]
enum Tls {
    Accepting(Box<Accepting>),
    Ready(Connection),
}

struct Accepting {
    acceptor: rustls::server::Acceptor,
    chooser: Box<dyn ServerChooser>,
}

impl Tls {
    fn ready(&self) -> Option<&Connection> {
        match self {
            Tls::Ready(c) => Some(c),
            Tls::Accepting(_) => None,
        }
    }
}

impl std::ops::Deref for Tls {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Tls::Ready(c) => c,
            // Every path that reaches the connection first accepts the ClientHello
            // (handshake) or checks `ready()`; the guard turns a bug here into an error.
            Tls::Accepting(_) => panic!("TLS connection used before the ClientHello was accepted"),
        }
    }
}

impl std::ops::DerefMut for Tls {
    fn deref_mut(&mut self) -> &mut Connection {
        match self {
            Tls::Ready(c) => c,
            Tls::Accepting(_) => panic!("TLS connection used before the ClientHello was accepted"),
        }
    }
}

/// One connection.
pub struct Session {
    role: Role,
    tls: Tls,
    verdict: Verdict,
    seen: Seen,
    /// A client's policy, verdict and identity for the process-wide rustls verifier
    /// and resolver (see [`super::resume`]).
    context: Option<std::sync::Arc<ConnContext>>,
    /// Bytes of the current write call already handed to rustls (see module docs).
    pending_write: Option<usize>,
    /// See [`Session::set_auto_retry`].
    auto_retry: bool,
    /// Plaintext taken out of rustls by a peek, served before anything else.
    peeked: Vec<u8>,
    /// The first fatal error; the connection stays failed.
    failed: Option<Error>,
    close_sent: bool,
    close_received: bool,
    eof: bool,
    handshake_reported: bool,
    /// Stop the handshake at each warning alert (see [`Outcome::Warning`]).
    report_warnings: bool,
    framing: Framing,
    /// Names the face in debug output.
    label: &'static str,
    /// Record [`Event`]s (see [`Session::observe`]).
    observing: bool,
    events: Vec<Event>,
    /// Watches the records (OpenSSL's message callback; see [`super::tap`]).
    tap: Option<Box<super::tap::Tap>>,
    /// A choosing server's tap secrets, for the settings it chooses.
    tap_secrets: Option<std::sync::Arc<super::tap::Secrets>>,
    handshake_started: bool,
    /// How many TLS 1.3 tickets a server sends when its handshake completes.
    tls13_tickets: usize,
    /// Whether those tickets are stateless (else they are in the session cache).
    stateless_tickets: bool,
    /// The sessions a server stored in its cache (see [`Self::take_stored_sessions`]).
    stored: super::resume::StoredLog,
}

/// Runs `op` on the transport, mapping its result into an outcome.
fn io_outcome<T>(r: io::Result<T>, dir: Direction) -> Outcome<T> {
    match r {
        Ok(v) => Outcome::Done(v),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Outcome::Blocked(dir),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Outcome::Interrupted(dir),
        Err(e) => Outcome::Fatal(Error::Transport(e.raw_os_error().unwrap_or(libc::EIO))),
    }
}

macro_rules! done_or_return {
    ($e:expr) => {
        match $e {
            Outcome::Done(v) => v,
            Outcome::Blocked(d) => return Outcome::Blocked(d),
            Outcome::Interrupted(d) => return Outcome::Interrupted(d),
            Outcome::Closed => return Outcome::Closed,
            Outcome::Eof => return Outcome::Eof,
            Outcome::Fatal(e) => return Outcome::Fatal(e),
            Outcome::Warning(a) => return Outcome::Warning(a),
        }
    };
}

impl Session {
    /// A client connection. `settings.sni` (if any) is sent as SNI.
    pub fn client(settings: &Settings, label: &'static str) -> Result<Self, Error> {
        let (tap, tapped) = settings.tapped(Role::Client);
        let settings = tapped.as_ref().unwrap_or(settings);
        let verdict = Verdict::default();
        let seen = Seen::default();
        let config = settings.client_config()?;
        let context = settings.conn_context(verdict.clone(), seen.clone());
        // rustls needs a name even without SNI; an IP address sends none.
        let name = match &settings.sni {
            Some(host) => ServerName::try_from(host.clone())
                .map_err(|_| Error::Config(format!("bad host name {host:?}")))?,
            None => ServerName::IpAddress(std::net::Ipv4Addr::UNSPECIFIED.into()),
        };
        let conn =
            with_context(&context, || ClientConnection::new(config, name)).map_err(map_error)?;
        let mut session = Self::new(
            Role::Client,
            Tls::Ready(Connection::Client(conn)),
            verdict,
            label,
        );
        session.seen = seen;
        session.context = Some(context);
        session.tap = tap;
        Ok(session)
    }

    pub fn server(settings: &Settings, label: &'static str) -> Result<Self, Error> {
        if settings.tls12_suites_before_versions && settings.max_version == Some(Version::Tls12) {
            // The suites are looked at before rustls sees the hello (see the field):
            // a server of these fixed settings that takes the ClientHello first. The
            // settings are checked now, as they are below.
            settings.server_config()?;
            let tap = settings.tap_messages.then_some(false);
            return Ok(Self::server_choosing(
                Box::new(Fixed(settings.clone())),
                label,
                tap,
            ));
        }
        let (tap, tapped) = settings.tapped(Role::Server);
        let settings = tapped.as_ref().unwrap_or(settings);
        let verdict = Verdict::default();
        let stored = super::resume::StoredLog::default();
        let config = settings.server_config_recording(verdict.clone(), stored.clone())?;
        let tickets = config.send_tls13_tickets;
        let stateless = config.ticketer.enabled();
        let conn = ServerConnection::new(config).map_err(map_error)?;
        let mut session = Self::new(
            Role::Server,
            Tls::Ready(Connection::Server(conn)),
            verdict,
            label,
        );
        session.tls13_tickets = tickets;
        session.stateless_tickets = stateless;
        session.stored = stored;
        session.tap = tap;
        Ok(session)
    }

    /// A server that picks its settings from the ClientHello (see [`ServerChooser`]).
    /// `tap`: watch the records from the first byte on (see [`super::tap`]), and
    /// then whether TLS 1.3 is enabled (the version reported until the ServerHello);
    /// the chosen settings' `tap_messages` is not looked at.
    pub fn server_choosing(
        chooser: Box<dyn ServerChooser>,
        label: &'static str,
        tap: Option<bool>,
    ) -> Self {
        let tap = tap.map(|tls13| Box::new(super::tap::Tap::new(Role::Server, tls13)));
        let accepting = Accepting {
            acceptor: rustls::server::Acceptor::default(),
            chooser,
        };
        let mut session = Self::new(
            Role::Server,
            Tls::Accepting(Box::new(accepting)),
            Verdict::default(),
            label,
        );
        session.tap_secrets = tap.as_ref().map(|t| t.secrets());
        session.tap = tap;
        session
    }

    fn new(role: Role, tls: Tls, verdict: Verdict, label: &'static str) -> Self {
        Self {
            role,
            tls,
            verdict,
            seen: Seen::default(),
            context: None,
            pending_write: None,
            auto_retry: true,
            peeked: Vec::new(),
            failed: None,
            close_sent: false,
            close_received: false,
            eof: false,
            handshake_reported: false,
            report_warnings: false,
            framing: Framing::default(),
            label,
            observing: false,
            events: Vec::new(),
            tap: None,
            tap_secrets: None,
            handshake_started: false,
            tls13_tickets: 0,
            stateless_tickets: false,
            stored: Default::default(),
        }
    }

    /// The sessions this server connection put in its cache since the last call, as
    /// (id, encoded value): one per TLS 1.2 full handshake with a session id, one per
    /// TLS 1.3 stateful ticket.
    pub fn take_stored_sessions(&mut self) -> Vec<(Vec<u8>, Vec<u8>)> {
        std::mem::take(&mut *self.stored.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// How many stateless TLS 1.3 tickets a server sent with its handshake (0 before
    /// it is done, on TLS 1.2, or when tickets are stateful).
    pub fn stateless_tickets_sent(&self) -> usize {
        if self.role == Role::Server
            && self.handshake_reported
            && self.stateless_tickets
            && self.version() == Some(Version::Tls13)
        {
            self.tls13_tickets
        } else {
            0
        }
    }

    /// [`Self::handshake_unwatched`], watched by the tap when there is one.
    pub fn handshake(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        self.watched(t, |s, t| s.handshake_unwatched(t))
    }
    /// [`Self::write_unwatched`], watched by the tap when there is one.
    pub fn write(&mut self, t: &mut dyn Transport, data: &[u8], partial: bool) -> Outcome<usize> {
        self.watched(t, |s, t| s.write_unwatched(t, data, partial))
    }
    /// [`Self::retry_pending_write_unwatched`], watched by the tap when there is one.
    pub fn retry_pending_write(&mut self, t: &mut dyn Transport) -> Option<Outcome<usize>> {
        self.watched(t, |s, t| s.retry_pending_write_unwatched(t))
    }
    /// [`Self::key_update_unwatched`], watched by the tap when there is one.
    pub fn key_update(&mut self, t: &mut dyn Transport) -> Outcome<bool> {
        self.watched(t, |s, t| s.key_update_unwatched(t))
    }
    /// [`Self::read_unwatched`], watched by the tap when there is one.
    pub fn read(&mut self, t: &mut dyn Transport, buf: &mut [u8], peek: bool) -> Outcome<usize> {
        self.watched(t, |s, t| s.read_unwatched(t, buf, peek))
    }
    /// [`Self::close_send_unwatched`], watched by the tap when there is one.
    pub fn close_send(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        self.watched(t, |s, t| s.close_send_unwatched(t))
    }
    /// [`Self::close_recv_unwatched`], watched by the tap when there is one.
    pub fn close_recv(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        self.watched(t, |s, t| s.close_recv_unwatched(t))
    }
    /// [`Self::read_or_ticket_unwatched`], watched by the tap when there is one.
    pub fn read_or_ticket(
        &mut self,
        t: &mut dyn Transport,
        buf: &mut [u8],
    ) -> Outcome<Option<usize>> {
        self.watched(t, |s, t| s.read_or_ticket_unwatched(t, buf))
    }
    /// [`Self::process_incoming_unwatched`], watched by the tap when there is one.
    pub fn process_incoming(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        self.watched(t, |s, t| s.process_incoming_unwatched(t))
    }

    /// Runs `f` with the transport watched by the tap (when the connection has one),
    /// then records what went over the wire as [`Event::Message`]s. A call made from
    /// within another finds the tap taken and is watched by the outer one.
    fn watched<R>(
        &mut self,
        t: &mut dyn Transport,
        f: impl FnOnce(&mut Self, &mut dyn Transport) -> R,
    ) -> R {
        let Some(mut tap) = self.tap.take() else {
            return f(self, t);
        };
        let r = f(self, &mut Watched { t, tap: &mut tap });
        for m in tap.take() {
            self.note(Event::Message(m));
        }
        self.tap = Some(tap);
        r
    }

    /// Starts (or stops) recording [`Event`]s for [`Self::take_events`].
    pub fn observe(&mut self, on: bool) {
        self.observing = on;
        if !on {
            self.events.clear();
        }
    }

    /// The events recorded since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    fn note(&mut self, e: Event) {
        if self.observing {
            self.events.push(e);
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// Makes the handshake stop at each TLS 1.2 warning alert with
    /// [`Outcome::Warning`] (GnuTLS reports them; OpenSSL goes on).
    pub fn report_warning_alerts(&mut self, on: bool) {
        self.report_warnings = on;
    }

    fn fail(&mut self, e: Error) -> Outcome<()> {
        self.failed = Some(e.clone());
        Outcome::Fatal(e)
    }

    /// Sends whatever rustls has queued.
    fn flush(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        let mut wrote = false;
        while self.tls.wants_write() {
            match io_outcome(self.tls.write_tls(&mut Io(t)), Direction::Write) {
                Outcome::Done(_) => wrote = true,
                Outcome::Fatal(e) => return self.fail(e),
                other => return other.map_unit(),
            }
        }
        // A flight sent is a step of the handshake; reading is not counted, since a
        // record read may be one OpenSSL passes over (a TLS 1.3 compatibility
        // ChangeCipherSpec) and each flight read is answered or ends the handshake.
        if wrote && self.handshake_started && self.failed.is_none() && self.is_handshaking() {
            self.note(Event::HandshakeStep);
        }
        if wrote {
            match io_outcome(t.flush(), Direction::Write) {
                Outcome::Done(()) => {}
                Outcome::Fatal(e) => return self.fail(e),
                other => return other,
            }
        }
        Outcome::Done(())
    }

    /// Reads once from the transport and processes what came.
    fn read_and_process(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        let mut rd = RecordIo {
            t,
            framing: &mut self.framing,
            lookahead: self.tls.is_handshaking(),
        };
        match io_outcome(self.tls.read_tls(&mut rd), Direction::Read) {
            Outcome::Done(0) => self.eof = true,
            Outcome::Done(_) => {}
            Outcome::Fatal(e) => return self.fail(e),
            other => return other.map_unit(),
        }
        // Hand rustls the rest of a record body RecordIo took in one call; what it
        // cannot take now stays stashed and goes first next time.
        while rd.framing.has_stash() {
            if !matches!(self.tls.read_tls(&mut rd), Ok(n) if n > 0) {
                break;
            }
        }
        // A server's first record must hold the ClientHello. rustls takes a warning
        // alert there and ignores it, and reports a fatal one as received; OpenSSL and
        // GnuTLS both refuse any alert before the ClientHello as an unexpected message
        // (OpenSSL with an unexpected_message alert), and so does the engine.
        if self.role == Role::Server && self.framing.first_type() == Some(ALERT) {
            self.note(Event::HandshakeStep);
            self.note(Event::AlertSent {
                fatal: true,
                description: UNEXPECTED_MESSAGE_ALERT[6],
            });
            let _ = Io(t).write_all(&UNEXPECTED_MESSAGE_ALERT);
            return self.fail(Error::Protocol {
                kind: ProtocolError::UnexpectedMessage,
                alert: Some(UNEXPECTED_MESSAGE_ALERT[6]),
                detail: "an alert where the ClientHello belongs".into(),
            });
        }
        let handshaking = self.is_handshaking();
        let tickets = self.tls13_tickets_received();
        let processed = match &self.context {
            Some(ctx) => with_context(ctx, || self.tls.process_new_packets()),
            None => self.tls.process_new_packets(),
        };
        match processed {
            Ok(state) => {
                if state.peer_has_closed() && !self.close_received {
                    self.close_received = true;
                    self.note(Event::AlertReceived {
                        fatal: false,
                        description: 0,
                    });
                }
                // A client takes each TLS 1.3 ticket as a short post-handshake run of
                // OpenSSL's state machine: a step, and a return with it finished.
                for _ in tickets..self.tls13_tickets_received() {
                    self.note(Event::HandshakeStep);
                    self.note(Event::HandshakeReturn { finished: true });
                }
                self.release_idle_buffer();
                Outcome::Done(())
            }
            Err(e) => {
                match &e {
                    rustls::Error::AlertReceived(a) => self.note(Event::AlertReceived {
                        fatal: true,
                        description: u8::from(*a),
                    }),
                    other => {
                        if handshaking {
                            self.note(Event::HandshakeStep);
                        }
                        if let Some(description) = sent_alert(other) {
                            self.note(Event::AlertSent {
                                fatal: true,
                                description,
                            });
                        }
                    }
                }
                // rustls queued the alert that says why; send it, best effort. The
                // connection is failed first, so that sending is no handshake step.
                let e = self.classify(e);
                self.failed = Some(e.clone());
                let _ = self.flush(t);
                self.fail(e)
            }
        }
    }

    /// Gives back the receive buffer's high-water mark once every record read so far
    /// is processed, as `SSL_MODE_RELEASE_BUFFERS` does: rustls grows it to 32 KiB for a
    /// 16 KiB record and shrinks it (to 4 KiB) only when asked to read again with it
    /// empty. So ask now, with a reader that has nothing (`WouldBlock` changes no
    /// state); the next record would have caused the same shrink before its read.
    fn release_idle_buffer(&mut self) {
        struct Nothing;
        impl Read for Nothing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::ErrorKind::WouldBlock.into())
            }
        }
        // Not while the handshake runs: its next record follows at once.
        if !self.framing.in_record() && !self.framing.has_stash() && !self.tls.is_handshaking() {
            let _ = self.tls.read_tls(&mut Nothing);
        }
    }

    fn check_failed(&self) -> Option<Outcome<()>> {
        self.failed.clone().map(Outcome::Fatal)
    }

    /// A server has taken the ClientHello and picked its configuration.
    pub fn hello_accepted(&self) -> bool {
        self.tls.ready().is_some()
    }

    pub fn is_handshaking(&self) -> bool {
        self.tls.ready().is_none_or(|c| c.is_handshaking())
    }

    /// A choosing server: reads until the ClientHello is complete, lets the chooser
    /// pick the settings, and becomes a normal server connection.
    fn accept(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        loop {
            let Tls::Accepting(acc) = &mut self.tls else {
                return Outcome::Done(());
            };
            match acc.acceptor.accept() {
                Ok(Some(accepted)) => {
                    let ch = accepted.client_hello();
                    let hello = Hello {
                        server_name: ch.server_name().map(str::to_string),
                        alpn: ch
                            .alpn()
                            .map(|it| it.map(<[u8]>::to_vec).collect())
                            .unwrap_or_default(),
                        cipher_suites: ch.cipher_suites().iter().map(|s| u16::from(*s)).collect(),
                    };
                    let verdict = self.verdict.clone();
                    let stored = self.stored.clone();
                    // (The tap itself is taken while the call is watched.)
                    let secrets = self.tap_secrets.clone();
                    let config = acc.chooser.choose(&hello).and_then(|mut settings| {
                        if let Some(e) = settings.refuse_hello_suites(&hello.cipher_suites) {
                            return Err(e);
                        }
                        settings.tap_secrets = secrets;
                        settings.server_config_recording(verdict, stored)
                    });
                    let config = match config {
                        Ok(c) => c,
                        Err(e) => {
                            // The refusal's alert (the servername or ALPN callback's,
                            // or the suites'), in plain text as rustls' own refusals
                            // of a hello, and as OpenSSL and GnuTLS send it.
                            if let Error::Protocol { alert: Some(a), .. } = e {
                                self.note(Event::HandshakeStep);
                                self.note(Event::AlertSent {
                                    fatal: true,
                                    description: a,
                                });
                                let _ = Io(t).write_all(&[ALERT, 3, 3, 0, 2, 2, a]);
                            }
                            return self.fail(e);
                        }
                    };
                    self.tls13_tickets = config.send_tls13_tickets;
                    self.stateless_tickets = config.ticketer.enabled();
                    match accepted.into_connection(config) {
                        Ok(conn) => self.tls = Tls::Ready(Connection::Server(conn)),
                        Err((e, mut alert)) => {
                            self.note_refused(&e);
                            let _ = alert.write(&mut Io(t));
                            return self.fail(self.classify(e));
                        }
                    }
                    return Outcome::Done(());
                }
                Ok(None) => {}
                Err((e, mut alert)) => {
                    self.note_refused(&e);
                    let mut queued = Vec::new();
                    let _ = alert.write(&mut queued);
                    // rustls' Acceptor refuses a first record that is no handshake
                    // (an alert, a ChangeCipherSpec …) without the unexpected_message
                    // alert its normal path sends; OpenSSL sends one: so do we.
                    if queued.is_empty() && unexpected(&e) {
                        queued = UNEXPECTED_MESSAGE_ALERT.to_vec();
                    }
                    let _ = Io(t).write_all(&queued);
                    return self.fail(self.classify(e));
                }
            }
            if self.eof {
                return Outcome::Eof;
            }
            let Tls::Accepting(acc) = &mut self.tls else {
                return Outcome::Done(());
            };
            let mut rd = RecordIo {
                t,
                framing: &mut self.framing,
                lookahead: false,
            };
            match io_outcome(acc.acceptor.read_tls(&mut rd), Direction::Read) {
                Outcome::Done(0) => self.eof = true,
                Outcome::Done(_) => {}
                Outcome::Fatal(e) => return self.fail(e),
                other => return other.map_unit(),
            }
        }
    }

    /// rustls' error in neutral terms, refined with the header of the record it
    /// failed on. rustls reports a refused header ([`ProtocolError::NotTls`]: an
    /// unknown content type or a version that is not 3.x) without its bytes; with
    /// OpenSSL's tests (`ssl3_get_record`): a 3.x version with an unknown content type
    /// is an unexpected message (GnuTLS: an unexpected packet), an unknown inner type
    /// in a protected TLS 1.3 record a bad record type; a first record that opens like
    /// a plain-text HTTP or proxy request is said to be one.
    fn classify(&self, e: rustls::Error) -> Error {
        let protected = self
            .framing
            .last_header()
            .is_some_and(|(h, _)| h[0] == APPLICATION_DATA);
        // A ChangeCipherSpec inside a TLS 1.3 protected record (RFC 8446 5): OpenSSL
        // "bad record type", as for any inner type it does not take there.
        if protected
            && e == rustls::Error::PeerMisbehaved(
                rustls::PeerMisbehaved::IllegalMiddleboxChangeCipherSpec,
            )
        {
            return Error::Protocol {
                kind: ProtocolError::BadRecordType,
                alert: Some(10),
                detail: e.to_string(),
            };
        }
        self.refine(map_error(e))
    }

    fn refine(&self, e: Error) -> Error {
        let Error::Protocol {
            kind: ProtocolError::NotTls,
            alert,
            detail,
        } = e
        else {
            return e;
        };
        let Some((h, first)) = self.framing.last_header() else {
            return Error::Protocol {
                kind: ProtocolError::NotTls,
                alert,
                detail,
            };
        };
        let http = [&b"GET "[..], b"POST ", b"HEAD ", b"PUT "];
        let kind = if h[1] == 3 && h[0] == APPLICATION_DATA {
            // The header was fine: the inner type of a TLS 1.3 record is unknown.
            ProtocolError::BadRecordType
        } else if h[1] == 3 {
            ProtocolError::UnexpectedMessage
        } else if first && http.iter().any(|m| h.starts_with(m)) {
            ProtocolError::HttpRequest
        } else if first && &h == b"CONNE" {
            ProtocolError::HttpsProxyRequest
        } else {
            ProtocolError::NotTls
        };
        // rustls answers an unknown content type with decode_error.
        let alert = if kind != ProtocolError::NotTls {
            Some(50)
        } else {
            alert
        };
        Error::Protocol {
            kind,
            alert,
            detail,
        }
    }

    /// A server refusing the ClientHello: a step, and the alert rustls sends.
    fn note_refused(&mut self, e: &rustls::Error) {
        self.note(Event::HandshakeStep);
        if let Some(description) = sent_alert(e) {
            self.note(Event::AlertSent {
                fatal: true,
                description,
            });
        }
    }

    /// Drives the handshake to its end (or to the first block).
    ///
    /// Events: a failed connection or a finished handshake records none (OpenSSL's
    /// state machine returns before its callbacks then); otherwise the first call
    /// records the start and a step, and every call records its return.
    fn handshake_unwatched(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        if let Some(f) = self.check_failed() {
            return f;
        }
        if self.handshake_reported {
            return self.flush(t);
        }
        if self.abandoned() {
            return Outcome::Fatal(Error::Abandoned);
        }
        if !self.handshake_started {
            self.handshake_started = true;
            self.note(Event::HandshakeStart);
            self.note(Event::HandshakeStep);
        }
        let o = self.drive_handshake(t);
        self.note(Event::HandshakeReturn {
            finished: o == Outcome::Done(()),
        });
        o
    }

    fn drive_handshake(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        done_or_return!(self.accept(t));
        loop {
            if !self.may_hold_output(t) {
                done_or_return!(self.flush(t));
            }
            if !self.tls.is_handshaking() {
                self.report_handshake();
                return Outcome::Done(());
            }
            if self.eof {
                return Outcome::Eof;
            }
            done_or_return!(self.read_and_process(t));
            if let Some(alert) = self.framing.take_warning() {
                if self.report_warnings {
                    return Outcome::Warning(alert);
                }
            }
        }
    }

    /// Whether a client in the middle of its handshake may read before sending what
    /// rustls has queued: only when the server has answered (the version is known) and
    /// more of its flight can be read right now. Then a TLS 1.3 client's
    /// ChangeCipherSpec (queued as soon as the ServerHello is in) goes out with its
    /// Finished in one write, as OpenSSL's does, instead of waking the server once
    /// for each. Whenever nothing can be read, the queue is flushed before reading, so
    /// a peer that waits for us (a HelloRetryRequest, a TLS 1.2 flight) always gets it.
    /// Within a record no peek is needed: output still queued there was held at the
    /// record's start (reading part of a record queues nothing), and a peer does not
    /// stop in the middle of a record to wait for us.
    fn may_hold_output(&mut self, t: &mut dyn Transport) -> bool {
        self.role == Role::Client
            && self.tls.is_handshaking()
            && self.tls.wants_write()
            && self.tls.protocol_version().is_some()
            && !self.eof
            && (self.framing.in_record() || t.readable_now() == Some(true))
    }

    fn report_handshake(&mut self) {
        if self.handshake_reported {
            return;
        }
        self.handshake_reported = true;
        self.note(Event::HandshakeStep);
        self.note(Event::HandshakeDone);
        // An OpenSSL 3.0 TLS 1.3 server writes its tickets after it calls the
        // handshake done (seen with the real library): steps after the end.
        if self.role == Role::Server
            && self.version() == Some(Version::Tls13)
            && self.tls13_tickets > 0
        {
            self.note(Event::HandshakeStep);
        }
        if debug_enabled() {
            eprintln!(
                "tlsshim: {} {} handshake done (tlsshim {}, rustls): {:?} {:?}{}",
                self.label,
                if self.role == Role::Client {
                    "client"
                } else {
                    "server"
                },
                env!("CARGO_PKG_VERSION"),
                self.tls
                    .protocol_version()
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_default(),
                self.tls.negotiated_cipher_suite().map(|s| s.suite()),
                if self.was_resumed() { " (resumed)" } else { "" },
            );
        }
    }

    /// Writes `data`. `partial`: report each record as it is flushed (GnuTLS, and
    /// OpenSSL's `SSL_MODE_ENABLE_PARTIAL_WRITE`); otherwise report only when all of
    /// `data` is on the wire. A retry after `Blocked(Write)` must pass the same data.
    fn write_unwatched(
        &mut self,
        t: &mut dyn Transport,
        data: &[u8],
        partial: bool,
    ) -> Outcome<usize> {
        if let Some(f) = self.check_failed() {
            return f.map_unit_to();
        }
        if self.is_handshaking() {
            done_or_return!(self.handshake(t));
        }
        if self.close_sent {
            return Outcome::Fatal(Error::Other("write after close_notify".into()));
        }
        let mut accepted = self.pending_write.take().unwrap_or(0).min(data.len());
        loop {
            match self.flush(t) {
                Outcome::Done(()) => {}
                Outcome::Blocked(d) => {
                    self.pending_write = Some(accepted);
                    return Outcome::Blocked(d);
                }
                Outcome::Interrupted(d) => {
                    self.pending_write = Some(accepted);
                    return Outcome::Interrupted(d);
                }
                other => return other.map_unit_to(),
            }
            if accepted == data.len() || (partial && accepted > 0) {
                return Outcome::Done(accepted);
            }
            let end = data.len().min(accepted + MAX_RECORD);
            match self.tls.writer().write(&data[accepted..end]) {
                Ok(n) => accepted += n,
                Err(e) => return self.fail(Error::Other(e.to_string())).map_unit_to(),
            }
        }
    }

    /// Finishes a pending write without new data (GnuTLS' `(NULL, 0)` retry): the
    /// number of bytes the blocked call had accepted, once they are on the wire.
    fn retry_pending_write_unwatched(&mut self, t: &mut dyn Transport) -> Option<Outcome<usize>> {
        let accepted = self.pending_write.take()?;
        match self.flush(t) {
            Outcome::Done(()) => Some(Outcome::Done(accepted)),
            Outcome::Blocked(d) => {
                self.pending_write = Some(accepted);
                Some(Outcome::Blocked(d))
            }
            Outcome::Interrupted(d) => {
                self.pending_write = Some(accepted);
                Some(Outcome::Interrupted(d))
            }
            other => Some(other.map_unit_to()),
        }
    }

    pub fn has_pending_write(&self) -> bool {
        self.pending_write.is_some()
    }

    /// How many bytes the blocked write call had accepted, if one is pending.
    pub fn pending_write_len(&self) -> Option<usize> {
        self.pending_write
    }

    /// Sends a TLS 1.3 KeyUpdate (and updates our sending keys); `Ok(false)` when the
    /// connection is not TLS 1.3 or not established, where there is nothing to update.
    fn key_update_unwatched(&mut self, t: &mut dyn Transport) -> Outcome<bool> {
        if let Some(f) = self.check_failed() {
            return f.map_unit_to();
        }
        if self.is_handshaking() || self.version() != Some(Version::Tls13) {
            return Outcome::Done(false);
        }
        if let Err(e) = self.tls.refresh_traffic_keys() {
            return self.fail(map_error(e)).map_unit_to();
        }
        self.flush(t).map(|()| true)
    }

    /// Queues a TLS 1.3 KeyUpdate to go out with the next write or flush.
    pub fn schedule_key_update(&mut self) -> bool {
        if self.is_handshaking() || self.version() != Some(Version::Tls13) {
            return false;
        }
        self.tls.refresh_traffic_keys().is_ok()
    }

    /// Fails the connection from above (a misuse the API treats as fatal, such as a
    /// write retried with other arguments); every later call reports `e`.
    pub fn abort(&mut self, e: Error) {
        self.pending_write = None;
        self.failed = Some(e);
    }

    /// Reads application data into `buf` (or copies without consuming, `peek`).
    /// An empty `buf` still waits for data (OpenSSL reads a record for
    /// `SSL_read(s, b, 0)`): `Done(0)` once some is available.
    fn read_unwatched(
        &mut self,
        t: &mut dyn Transport,
        buf: &mut [u8],
        peek: bool,
    ) -> Outcome<usize> {
        if let Some(f) = self.check_failed() {
            return f.map_unit_to();
        }
        if self.is_handshaking() {
            done_or_return!(self.handshake(t));
        }
        // A post-handshake message (a TLS 1.3 ticket) was processed in this call and
        // gave no data: without auto-retry the call stops there, as OpenSSL's
        // ssl3_read_bytes does after a post-handshake message. (A partial record or a
        // compatibility ChangeCipherSpec does not stop it, nor does it in OpenSSL.)
        let tickets = self.tls13_tickets_received();
        loop {
            // The common case reads straight into the caller's buffer.
            if self.peeked.is_empty() && !peek && !buf.is_empty() {
                match self.tls.reader().read(buf) {
                    Ok(0) => return Outcome::Closed,
                    Ok(n) => return Outcome::Done(n),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Outcome::Eof,
                    Err(e) => return self.fail(Error::Other(e.to_string())).map_unit_to(),
                }
                done_or_return!(self.flush(t));
                if !self.auto_retry && self.tls13_tickets_received() != tickets {
                    return Outcome::Blocked(Direction::Read);
                }
                if self.eof {
                    return Outcome::Eof;
                }
                done_or_return!(self.read_and_process(t));
                continue;
            }
            // Otherwise: what a peek kept, topped up with what rustls holds now.
            let want = buf.len().max(1);
            if self.peeked.len() < want {
                let mut tmp = vec![0u8; want - self.peeked.len()];
                match self.tls.reader().read(&mut tmp) {
                    Ok(0) if self.peeked.is_empty() => return Outcome::Closed,
                    Ok(n) => self.peeked.extend_from_slice(&tmp[..n]),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e)
                        if e.kind() == io::ErrorKind::UnexpectedEof && self.peeked.is_empty() =>
                    {
                        return Outcome::Eof
                    }
                    Err(_) if !self.peeked.is_empty() => {}
                    Err(e) => return self.fail(Error::Other(e.to_string())).map_unit_to(),
                }
            }
            if !self.peeked.is_empty() {
                let n = buf.len().min(self.peeked.len());
                buf[..n].copy_from_slice(&self.peeked[..n]);
                if !peek {
                    self.peeked.drain(..n);
                }
                return Outcome::Done(n);
            }
            // Keep the write side moving (key updates, tickets), then wait for data.
            done_or_return!(self.flush(t));
            if !self.auto_retry && self.tls13_tickets_received() != tickets {
                return Outcome::Blocked(Direction::Read);
            }
            if self.eof {
                return Outcome::Eof;
            }
            done_or_return!(self.read_and_process(t));
        }
    }

    /// OpenSSL's SSL_MODE_AUTO_RETRY (on by default): off, a read that processed a
    /// post-handshake message and got no application data returns
    /// [`Outcome::Blocked`] instead of reading on (`openssl s_client` turns it off,
    /// and waits for its socket to be readable again before the next read).
    pub fn set_auto_retry(&mut self, on: bool) {
        self.auto_retry = on;
    }

    /// Plaintext bytes available without touching the transport.
    pub fn pending(&mut self) -> usize {
        if self.tls.ready().is_none() {
            return 0;
        }
        let processed = match &self.context {
            Some(ctx) => with_context(ctx, || self.tls.process_new_packets()),
            None => self.tls.process_new_packets(),
        };
        let buffered = match processed {
            Ok(state) => state.plaintext_bytes_to_read(),
            Err(_) => 0,
        };
        self.peeked.len() + buffered
    }

    /// Sends close_notify (once) and flushes it.
    fn close_send_unwatched(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        if !self.close_sent {
            if self.tls.ready().is_none() {
                self.close_sent = true;
                return Outcome::Done(());
            }
            self.tls.send_close_notify();
            self.close_sent = true;
            self.note(Event::AlertSent {
                fatal: false,
                description: 0,
            });
        }
        self.flush(t)
    }

    /// Reads until the peer's close_notify, discarding application data.
    fn close_recv_unwatched(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        // Our close_notify went out before the handshake finished: the handshake is
        // abandoned, and there is no application data or close_notify to wait for.
        // Driving it on would be wrong twice over: rustls counts a close_notify as the
        // connection's last alert, so a handshake failure after it would queue a
        // second one (a debug assertion in rustls, RELIABILITY.md F2).
        if self.abandoned() {
            return Outcome::Done(());
        }
        let mut sink = [0u8; 4096];
        while !self.close_received {
            match self.read(t, &mut sink, false) {
                Outcome::Done(_) => {}
                Outcome::Closed => break,
                other => return other.map_unit(),
            }
        }
        Outcome::Done(())
    }

    /// Our close_notify went out before the handshake finished: the handshake is
    /// abandoned. Driving it on would send a second "last" alert when it fails (rustls
    /// counts a close_notify as the connection's last alert; a debug assertion in rustls,
    /// RELIABILITY.md F2/F3), and a peer could still complete it after our
    /// close_notify. GnuTLS answers a handshake call then with GNUTLS_E_INVALID_SESSION.
    fn abandoned(&self) -> bool {
        self.close_sent && self.tls.ready().is_some() && self.is_handshaking()
    }

    pub fn close_sent(&self) -> bool {
        self.close_sent
    }

    pub fn close_received(&self) -> bool {
        self.close_received
    }

    pub fn failed(&self) -> Option<&Error> {
        self.failed.as_ref()
    }

    // Facts about the connection, for the faces' getters.

    /// Keying material from the connection's secrets (RFC 5705; TLS 1.3: RFC 8446
    /// 7.5), once the handshake is done. `context`: `None` is no context, which in
    /// TLS 1.2 differs from an empty one. With `refuse_reserved`, a TLS 1.2 label that
    /// begins with one of the PRF's own labels is refused (RFC 5705 4; OpenSSL checks,
    /// GnuTLS does not). An empty `out` asks for nothing and gets it.
    pub fn export_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
        refuse_reserved: bool,
    ) -> Result<(), ExportError> {
        let conn = match self.tls.ready() {
            Some(c) if !c.is_handshaking() && self.failed.is_none() => c,
            _ => return Err(ExportError::NotReady),
        };
        const RESERVED: [&[u8]; 5] = [
            b"client finished",
            b"server finished",
            b"master secret",
            b"extended master secret",
            b"key expansion",
        ];
        if refuse_reserved
            && self.version() == Some(Version::Tls12)
            && RESERVED.iter().any(|r| label.starts_with(r))
        {
            return Err(ExportError::ReservedLabel);
        }
        if out.is_empty() {
            return Ok(());
        }
        conn.export_keying_material(out, label, context)
            .map(|_| ())
            .map_err(|_| ExportError::NotReady)
    }

    pub fn version(&self) -> Option<Version> {
        match self.tls.ready()?.protocol_version()? {
            rustls::ProtocolVersion::TLSv1_2 => Some(Version::Tls12),
            rustls::ProtocolVersion::TLSv1_3 => Some(Version::Tls13),
            _ => None,
        }
    }

    /// The IANA number of the negotiated cipher suite.
    pub fn suite(&self) -> Option<u16> {
        self.tls
            .ready()?
            .negotiated_cipher_suite()
            .map(|s| u16::from(s.suite()))
    }

    /// The negotiated key exchange group's IANA number.
    pub fn group(&self) -> Option<u16> {
        self.tls
            .ready()?
            .negotiated_key_exchange_group()
            .map(|g| u16::from(g.name()))
    }

    pub fn alpn(&self) -> Option<&[u8]> {
        self.tls.ready()?.alpn_protocol()
    }

    pub fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
        self.tls.ready()?.peer_certificates()
    }

    /// The SNI name a client sent (server side).
    pub fn server_name(&self) -> Option<&str> {
        match &self.tls {
            Tls::Ready(Connection::Server(s)) => s.server_name(),
            _ => None,
        }
    }

    /// Reads application data as [`Self::read`] does, except that when a transport
    /// read brought a TLS 1.3 session ticket and no application data, it returns
    /// `Done(None)` instead of reading on: GnuTLS' record layer returns to its caller
    /// after handling a post-handshake message (GNUTLS_E_AGAIN, even on a blocking
    /// socket), and programs such as gnutls-cli rely on that to go back to their
    /// select loop rather than block in a read the peer has nothing to answer for.
    fn read_or_ticket_unwatched(
        &mut self,
        t: &mut dyn Transport,
        buf: &mut [u8],
    ) -> Outcome<Option<usize>> {
        if let Some(f) = self.check_failed() {
            return f.map_unit_to();
        }
        if self.is_handshaking() {
            done_or_return!(self.handshake(t));
        }
        loop {
            if self.eof || self.close_received || self.pending() > 0 {
                return self.read(t, buf, false).map(Some);
            }
            let tickets = self.tls13_tickets_received();
            done_or_return!(self.flush(t));
            done_or_return!(self.read_and_process(t));
            if self.pending() == 0 && self.tls13_tickets_received() != tickets {
                return Outcome::Done(None);
            }
        }
    }

    /// Reads one record from the transport and processes it, without returning
    /// application data (it stays buffered for the next read): how a client takes
    /// post-handshake messages, such as TLS 1.3 session tickets, when asked to.
    fn process_incoming_unwatched(&mut self, t: &mut dyn Transport) -> Outcome<()> {
        if let Some(f) = self.check_failed() {
            return f;
        }
        loop {
            if self.eof || self.close_received {
                return Outcome::Done(());
            }
            done_or_return!(self.read_and_process(t));
            if !self.framing.in_record() {
                return Outcome::Done(());
            }
        }
    }

    /// How many TLS 1.3 session tickets a client has received on this connection.
    pub fn tls13_tickets_received(&self) -> u32 {
        match &self.tls {
            Tls::Ready(Connection::Client(c)) => c.tls13_tickets_received(),
            _ => 0,
        }
    }

    pub fn was_resumed(&self) -> bool {
        matches!(
            self.tls.ready().and_then(|c| c.handshake_kind()),
            Some(rustls::HandshakeKind::Resumed)
        )
    }

    /// The signature scheme the server signed the handshake with (client side; `None`
    /// on a resumed session, which has no signature).
    pub fn peer_signature_scheme(&self) -> Option<u16> {
        let seen = *self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.scheme.map(u16::from)
    }

    /// Whether the server asked this client for a certificate.
    pub fn client_cert_requested(&self) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .cert_requested
    }

    /// The verifier's verdict on the peer's chain, once it has one.
    pub fn verify_result(&self) -> Option<Result<(), VerifyError>> {
        *self.verdict.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl<T> Outcome<T> {
    fn map_unit(self) -> Outcome<()> {
        self.map_unit_to()
    }

    /// Re-types a non-`Done` outcome.
    fn map_unit_to<U>(self) -> Outcome<U> {
        match self {
            Outcome::Done(_) => unreachable!("map_unit_to on Done"),
            Outcome::Blocked(d) => Outcome::Blocked(d),
            Outcome::Interrupted(d) => Outcome::Interrupted(d),
            Outcome::Closed => Outcome::Closed,
            Outcome::Eof => Outcome::Eof,
            Outcome::Fatal(e) => Outcome::Fatal(e),
            Outcome::Warning(a) => Outcome::Warning(a),
        }
    }
}

/// The alert rustls sends when it fails with `e` (its choice at each error site,
/// read from rustls 0.23's sources: `send_fatal_alert` callers and the `From`
/// conversions); `None` when it sends none (a received alert) or the site is unknown.
fn sent_alert(e: &rustls::Error) -> Option<u8> {
    use rustls::{AlertDescription as A, Error as R, PeerIncompatible as P};
    let a = match e {
        R::AlertReceived(_) => return None,
        R::InvalidCertificate(c) => A::from(c.clone()),
        R::InvalidMessage(m) => A::from(*m),
        R::DecryptError => A::BadRecordMac,
        R::PeerSentOversizedRecord => A::RecordOverflow,
        R::InappropriateMessage { .. } | R::InappropriateHandshakeMessage { .. } => {
            A::UnexpectedMessage
        }
        R::PeerIncompatible(
            P::Tls12NotOffered
            | P::Tls12NotOfferedOrEnabled
            | P::Tls13RequiredForQuic
            | P::SupportedVersionsExtensionRequired
            | P::ServerTlsVersionIsDisabledByOurConfig
            | P::ServerDoesNotSupportTls12Or13,
        ) => A::ProtocolVersion,
        R::PeerIncompatible(P::NullCompressionRequired | P::UncompressedEcPointsRequired) => {
            A::IllegalParameter
        }
        R::PeerIncompatible(_) => A::HandshakeFailure,
        R::PeerMisbehaved(_) => A::IllegalParameter,
        R::NoCertificatesPresented => A::CertificateRequired,
        R::NoApplicationProtocol => A::NoApplicationProtocol,
        _ => return None,
    };
    Some(u8::from(a))
}

const ALERT: u8 = 21;
const APPLICATION_DATA: u8 = 23;

/// A plaintext fatal unexpected_message alert (before any keys exist).
const UNEXPECTED_MESSAGE_ALERT: [u8; 7] = [ALERT, 3, 3, 0, 2, 2, 10];

fn unexpected(e: &rustls::Error) -> bool {
    matches!(
        e,
        rustls::Error::InappropriateMessage { .. }
            | rustls::Error::InappropriateHandshakeMessage { .. }
    )
}

/// rustls' errors in neutral terms.
pub fn map_error(e: rustls::Error) -> Error {
    use rustls::Error as R;
    let detail = e.to_string();
    match e {
        R::AlertReceived(a) => Error::AlertReceived(u8::from(a)),
        R::InvalidCertificate(c) => Error::Certificate(match c {
            rustls::CertificateError::UnknownIssuer => VerifyError::UnknownIssuer,
            rustls::CertificateError::Expired => VerifyError::Expired,
            rustls::CertificateError::NotValidYet => VerifyError::NotYetValid,
            rustls::CertificateError::NotValidForName => VerifyError::HostnameMismatch,
            rustls::CertificateError::BadSignature => VerifyError::BadSignature,
            rustls::CertificateError::Revoked => VerifyError::Revoked,
            rustls::CertificateError::BadEncoding => VerifyError::BadEncoding,
            _ => VerifyError::Other,
        }),
        R::InvalidMessage(m) => {
            let kind = match m {
                rustls::InvalidMessage::InvalidContentType
                | rustls::InvalidMessage::UnknownProtocolVersion => ProtocolError::NotTls,
                rustls::InvalidMessage::MessageTooLarge => ProtocolError::RecordOverflow,
                _ => ProtocolError::BadRecord,
            };
            let alert = if kind == ProtocolError::NotTls {
                None
            } else {
                Some(50)
            };
            Error::Protocol {
                kind,
                alert,
                detail,
            }
        }
        R::DecryptError => Error::Protocol {
            kind: ProtocolError::BadRecord,
            alert: Some(20),
            detail,
        },
        R::InappropriateMessage { .. } | R::InappropriateHandshakeMessage { .. } => {
            Error::Protocol {
                kind: ProtocolError::UnexpectedMessage,
                alert: Some(10),
                detail,
            }
        }
        R::PeerIncompatible(
            rustls::PeerIncompatible::Tls12NotOffered
            | rustls::PeerIncompatible::Tls12NotOfferedOrEnabled
            | rustls::PeerIncompatible::SupportedVersionsExtensionRequired
            | rustls::PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig
            | rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13,
        ) => Error::Protocol {
            kind: ProtocolError::Version,
            alert: Some(70),
            detail,
        },
        R::PeerIncompatible(_) => Error::Protocol {
            kind: ProtocolError::NoCommonParameters,
            alert: Some(40),
            detail,
        },
        R::PeerMisbehaved(
            rustls::PeerMisbehaved::AttemptedDowngradeToTls12WhenTls13IsSupported,
        ) => Error::Protocol {
            kind: ProtocolError::Downgrade,
            alert: Some(47),
            detail,
        },
        R::PeerMisbehaved(_) => Error::Protocol {
            kind: ProtocolError::Other,
            alert: Some(47),
            detail,
        },
        R::NoCertificatesPresented => Error::Certificate(VerifyError::NoCertificate),
        _ => Error::Other(detail),
    }
}

/// The transport of a watched call: what goes over it is shown to the tap.
struct Watched<'a> {
    t: &'a mut dyn Transport,
    tap: &'a mut super::tap::Tap,
}

impl Transport for Watched<'_> {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.t.recv(buf)?;
        self.tap.saw(false, &buf[..n]);
        Ok(n)
    }
    fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.t.send(buf)?;
        self.tap.saw(true, &buf[..n.min(buf.len())]);
        Ok(n)
    }
    fn send_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let sent = self.t.send_vectored(bufs)?;
        let mut left = sent;
        for b in bufs {
            let k = left.min(b.len());
            self.tap.saw(true, &b[..k]);
            left -= k;
            if left == 0 {
                break;
            }
        }
        Ok(sent)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.t.flush()
    }
    fn wait_readable(&mut self, ms: u32) -> Option<bool> {
        self.t.wait_readable(ms)
    }
    fn readable_now(&mut self) -> Option<bool> {
        self.t.readable_now()
    }
}
