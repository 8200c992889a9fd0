//! The one TLS engine, on rustls: both faces drive it the same way.
//!
//! The engine never speaks OpenSSL or GnuTLS: it takes neutral [`Settings`], drives a
//! rustls connection over a [`Transport`], and reports neutral [`Outcome`]s that the
//! faces translate (`SSL_get_error` codes, `GNUTLS_E_*`).
pub mod config;
pub mod dtls;
pub mod resume;
pub mod session;
pub mod tap;
pub mod transport;
pub mod verify;
pub mod x509;

pub use config::{Identity, Settings, Version};
pub use session::{Role, Session};
pub use transport::{FdTransport, Transport};
pub use verify::{VerifyError, VerifyPolicy};

/// Which way a call was blocked or interrupted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Read,
    Write,
}

/// What an engine operation came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Finished, with its value.
    Done(T),
    /// The transport would block in this direction; retry when it is ready. A write's
    /// bytes stay pending and are accounted for by the retry (see [`Session::write`]).
    Blocked(Direction),
    /// The transport call was interrupted (EINTR); retry.
    Interrupted(Direction),
    /// The peer sent close_notify.
    Closed,
    /// The transport reached end of file without a close_notify.
    Eof,
    /// The connection failed; it stays failed.
    Fatal(Error),
    /// The peer sent a TLS 1.2 warning alert (not close_notify) with this description
    /// during the handshake; call again to go on. Only for a session that asked for
    /// them ([`Session::report_warning_alerts`]): rustls itself ignores them.
    Warning(u8),
}

impl<T> Outcome<T> {
    /// Maps the value of `Done`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Done(v) => Outcome::Done(f(v)),
            Outcome::Blocked(d) => Outcome::Blocked(d),
            Outcome::Interrupted(d) => Outcome::Interrupted(d),
            Outcome::Closed => Outcome::Closed,
            Outcome::Eof => Outcome::Eof,
            Outcome::Fatal(e) => Outcome::Fatal(e),
            Outcome::Warning(a) => Outcome::Warning(a),
        }
    }
}

/// What a connection went through, for programs that watch (OpenSSL's info callback).
/// Recorded only when the face asks ([`Session::observe`]); taken with
/// [`Session::take_events`]. rustls shows no per-message states, so a handshake is
/// seen as its start, the steps the engine drives (a flight sent, a record of the
/// peer's processed) and its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The first handshake began.
    HandshakeStart,
    /// The handshake (or a post-handshake message) moved on by one step.
    HandshakeStep,
    /// The handshake finished.
    HandshakeDone,
    /// A call that drove the handshake (or a post-handshake message) returns: with
    /// the handshake finished, or blocked / failed.
    HandshakeReturn { finished: bool },
    /// An alert went out (`fatal`, else a warning such as close_notify).
    AlertSent { fatal: bool, description: u8 },
    /// An alert came in.
    AlertReceived { fatal: bool, description: u8 },
    /// A record, handshake message or alert went over the wire (OpenSSL's message
    /// callback; only with [`config::Settings::tap_messages`], see [`tap`]). They come
    /// after the other events of the engine call that moved them.
    Message(tap::Message),
}

/// Why a connection failed, in neutral terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The transport failed with this errno.
    Transport(i32),
    /// The peer sent a fatal alert with this description code.
    AlertReceived(u8),
    /// The peer's certificate failed verification and the policy enforces it.
    Certificate(VerifyError),
    /// The peer broke the protocol; `alert` is the alert we sent, `kind` what broke.
    Protocol {
        kind: ProtocolError,
        alert: Option<u8>,
        detail: String,
    },
    /// The configuration cannot make a connection (no usable versions, suites, key).
    Config(String),
    /// A DTLS handshake did not finish within its total timeout.
    Timeout,
    /// A handshake call after our close_notify went out before the handshake
    /// finished: that handshake is abandoned (GnuTLS' `gnutls_bye` mid-handshake).
    Abandoned,
    /// Anything else rustls reported.
    Other(String),
}

/// The protocol failures the faces distinguish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    /// The peer does not speak TLS (e.g. a plain-text HTTP server).
    NotTls,
    /// No version, suite or group in common.
    NoCommonParameters,
    /// No protocol version in common (the peer offers or chose only versions we do
    /// not speak, e.g. a ClientHello of TLS 1.1 at most).
    Version,
    /// The first record is a plain-text HTTP request ("GET ", "POST ", "HEAD ",
    /// "PUT "): a web client talking to a TLS port.
    HttpRequest,
    /// The first record is a plain-text proxy request ("CONNECT").
    HttpsProxyRequest,
    /// A record or message could not be decoded or decrypted.
    BadRecord,
    /// A message arrived that the state machine did not expect.
    UnexpectedMessage,
    /// A protected TLS 1.3 record whose inner content type is not allowed there (an
    /// unknown type, or a ChangeCipherSpec).
    BadRecordType,
    /// A record longer than the protocol allows (2^14 + 2048 bytes of ciphertext).
    RecordOverflow,
    /// A TLS 1.3 client was answered with an older version whose ServerHello random
    /// carries the downgrade sentinel (RFC 8446 4.1.3).
    Downgrade,
    /// The program refused the ClientHello from its own callback (a server's
    /// servername callback), with the alert it chose.
    RefusedByProgram,
    /// No application protocol (ALPN) the server takes (no_application_protocol).
    NoApplicationProtocol,
    /// Anything else.
    Other,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(errno) => write!(
                f,
                "transport error: {}",
                std::io::Error::from_raw_os_error(*errno)
            ),
            Error::AlertReceived(a) => write!(f, "received fatal alert {a}"),
            Error::Certificate(v) => write!(f, "certificate verify failed: {v:?}"),
            Error::Protocol { detail, .. } => write!(f, "{detail}"),
            Error::Timeout => write!(f, "handshake timed out"),
            Error::Abandoned => write!(f, "handshake abandoned after close_notify"),
            Error::Config(s) | Error::Other(s) => write!(f, "{s}"),
        }
    }
}

/// True when `TLSSHIM_DEBUG` is set: the engine then says on stderr what it did, so
/// that a user (and `make demo`) can see that tlsshim, not the real library, served.
pub fn debug_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TLSSHIM_DEBUG").is_some_and(|v| !v.is_empty() && v != "0"))
}
