//! Neutral settings, and the rustls configurations built from them.
//!
//! A face keeps a [`Settings`] per context object (SSL_CTX, credentials + priority)
//! and hands a copy to [`crate::engine::Session`] when a connection starts; the rustls
//! config is built then, so that per-connection changes (verify mode, host name,
//! ALPN) made after the context was set up all count.
use super::resume::{
    current, ConnContext, ConnStore, ExternalCache, ServerCache, ServerCachePolicy, SessionStore,
    StoredLog,
};
use super::verify::{
    ClientAuth, RecordingClientVerifier, RecordingServerVerifier, Roots, Seen, Verdict,
    VerifyPolicy,
};
use super::{Error, ProtocolError};
use rustls::client::Resumption;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ServerConfig, SupportedCipherSuite, SupportedProtocolVersion};
use std::sync::{Arc, Mutex, OnceLock};

/// A TLS protocol version the engine can speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    Tls12,
    Tls13,
}

/// A certificate chain (leaf first) with its private key, ready to sign.
#[derive(Debug)]
pub struct Identity {
    pub key: Arc<CertifiedKey>,
    /// The private key as loaded, for the DTLS engine (dimpl loads its own key).
    pub key_der: Option<Arc<PrivateKeyDer<'static>>>,
}

impl Identity {
    pub fn new(
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Result<Self, Error> {
        if chain.is_empty() {
            return Err(Error::Config("no certificate".into()));
        }
        let key_der = Some(Arc::new(key.clone_key()));
        let signing = default_provider()
            .key_provider
            .load_private_key(key)
            .map_err(|e| Error::Config(format!("unusable private key: {e}")))?;
        let ck = CertifiedKey::new(chain, signing);
        // Refuse a key that does not match the certificate, as both libraries do.
        match ck.keys_match() {
            Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {}
            Err(_) => {
                return Err(Error::Config(
                    "private key does not match the certificate".into(),
                ))
            }
        }
        Ok(Self {
            key: Arc::new(ck),
            key_der,
        })
    }
}

/// The signature algorithm a certificate's key signs with (RSA, ECDSA, EdDSA …): a
/// server keeps one certificate per kind, as OpenSSL does.
pub fn certificate_key_kind(cert: &CertificateDer<'_>) -> Option<rustls::SignatureAlgorithm> {
    use super::x509::KeyAlgorithm as K;
    match super::x509::parse(cert.as_ref()).ok()?.key_algorithm {
        K::Rsa | K::RsaPss => Some(rustls::SignatureAlgorithm::RSA),
        K::Ec => Some(rustls::SignatureAlgorithm::ECDSA),
        K::Ed25519 => Some(rustls::SignatureAlgorithm::ED25519),
        K::Ed448 => Some(rustls::SignatureAlgorithm::ED448),
        K::Dsa | K::Unknown => None,
    }
}

/// The signature algorithm of a private key (see [`certificate_key_kind`]).
pub fn private_key_kind(key: &PrivateKeyDer<'_>) -> Option<rustls::SignatureAlgorithm> {
    default_provider()
        .key_provider
        .load_private_key(key.clone_key())
        .ok()
        .map(|k| k.algorithm())
}

/// Everything a connection needs, in neutral terms.
#[derive(Clone, Debug)]
pub struct Settings {
    pub min_version: Option<Version>,
    pub max_version: Option<Version>,
    /// Cipher suites in preference order; `None` is the provider's default list.
    pub suites: Option<Vec<SupportedCipherSuite>>,
    /// Signature schemes a server signs with, in preference order among those the
    /// client offers; `None` is the key's own order.
    pub sign_schemes: Option<Vec<rustls::SignatureScheme>>,
    /// Key exchange groups in preference order; `None` is the provider's default list.
    pub groups: Option<Vec<&'static dyn rustls::crypto::SupportedKxGroup>>,
    /// ALPN protocols offered (client) or accepted (server), in preference order.
    pub alpn: Vec<Vec<u8>>,
    /// The SNI host name a client sends.
    pub sni: Option<String>,
    pub verify: VerifyPolicy,
    /// Our certificate and key (server, or client authentication).
    pub identity: Option<Arc<Identity>>,
    /// A server's certificates for other key types (OpenSSL keeps one per key type,
    /// e.g. RSA and ECDSA side by side): the server serves the first of `identity` and
    /// these that can sign with a scheme the client offers, in the client's order.
    pub more_identities: Vec<Arc<Identity>>,
    pub client_sessions: Arc<SessionStore>,
    pub server_sessions: Arc<ServerCache>,
    pub server_cache: ServerCachePolicy,
    /// The program's own cache, asked after the internal one (OpenSSL's get_cb).
    pub external_cache: Option<Arc<dyn ExternalCache>>,
    pub tickets: bool,
    /// How many TLS 1.3 tickets a server sends after each handshake.
    pub tls13_tickets: usize,
    /// Where TLS secrets go (OpenSSL's keylog callback); `None` writes them to the
    /// file named by `SSLKEYLOGFILE` when that is set, as curl and browsers do.
    pub key_log: Option<Arc<dyn rustls::KeyLog>>,
    /// Watch the connection's records and messages (OpenSSL's message callback): they
    /// come as [`super::Event::Message`]s (see [`super::tap`]).
    pub tap_messages: bool,
    /// Where the watched connection's key log keeps its secrets (set by the engine).
    pub(crate) tap_secrets: Option<Arc<super::tap::Secrets>>,
    /// A server limited to TLS 1.2 answers a ClientHello that offers none of its
    /// TLS 1.2 suites as having no suite in common, handshake_failure (GnuTLS: it
    /// takes TLS 1.2 from the hello's legacy version and then finds no suite), where
    /// rustls, as OpenSSL, refuses on the versions (protocol_version).
    pub tls12_suites_before_versions: bool,
    /// A server's request for client certificates (verified with `verify`).
    pub client_auth: ClientAuth,
    /// The CA names (DER X.501 Names) a server's CertificateRequest lists; `None`
    /// lists the subjects of the trusted roots (GnuTLS' way), `Some` exactly these
    /// (OpenSSL's client CA list, empty unless the program set one).
    pub client_ca_names: Option<Vec<Vec<u8>>>,
}

impl Default for Settings {
    /// Default settings with session caches of 256 entries each (a context's caches).
    fn default() -> Self {
        Self::with_caches(Arc::new(SessionStore::new(256)), ServerCache::new())
    }
}

impl Settings {
    /// Default settings around the given session caches: a face whose caches live per
    /// connection passes small ones (a client store allocates its capacity up front).
    pub fn with_caches(
        client_sessions: Arc<SessionStore>,
        server_sessions: Arc<ServerCache>,
    ) -> Self {
        Self {
            min_version: None,
            max_version: None,
            suites: None,
            groups: None,
            sign_schemes: None,
            alpn: Vec::new(),
            sni: None,
            verify: VerifyPolicy::default(),
            identity: None,
            more_identities: Vec::new(),
            client_sessions,
            server_sessions,
            server_cache: ServerCachePolicy::default(),
            external_cache: None,
            tickets: true,
            tls13_tickets: 2,
            key_log: None,
            tap_messages: false,
            tap_secrets: None,
            tls12_suites_before_versions: false,
            client_auth: ClientAuth::None,
            client_ca_names: None,
        }
    }
}

impl Settings {
    fn key_log(&self) -> Arc<dyn rustls::KeyLog> {
        let program = self.program_key_log();
        match &self.tap_secrets {
            Some(secrets) => Arc::new(super::tap::TapKeyLog {
                inner: program,
                secrets: secrets.clone(),
            }),
            None => program,
        }
    }

    fn program_key_log(&self) -> Arc<dyn rustls::KeyLog> {
        static FILE: OnceLock<Option<Arc<dyn rustls::KeyLog>>> = OnceLock::new();
        if let Some(k) = &self.key_log {
            return k.clone();
        }
        FILE.get_or_init(|| {
            std::env::var_os("SSLKEYLOGFILE")
                .map(|_| Arc::new(rustls::KeyLogFile::new()) as Arc<dyn rustls::KeyLog>)
        })
        .clone()
        .unwrap_or_else(|| Arc::new(rustls::NoKeyLog))
    }

    /// When these settings ask for the records to be watched ([`Self::tap_messages`]):
    /// a tap for a connection in `role` (see [`super::tap`]), and a copy of the settings
    /// whose key log feeds it.
    pub(crate) fn tapped(
        &self,
        role: super::Role,
    ) -> (Option<Box<super::tap::Tap>>, Option<Settings>) {
        if !self.tap_messages {
            return (None, None);
        }
        let tap = super::tap::Tap::new(role, self.max_version != Some(Version::Tls12));
        let mut settings = self.clone();
        settings.tap_secrets = Some(tap.secrets());
        (Some(Box::new(tap)), Some(settings))
    }
}

/// The aws-lc-rs provider with its default suites, groups and algorithms.
pub fn default_provider() -> &'static Arc<CryptoProvider> {
    static P: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    P.get_or_init(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

impl Settings {
    /// The refusal [`Settings::tls12_suites_before_versions`] asks for, for a
    /// ClientHello offering `offered` (IANA ids).
    pub fn refuse_hello_suites(&self, offered: &[u16]) -> Option<Error> {
        if !self.tls12_suites_before_versions
            || self.max_version != Some(Version::Tls12)
            || self.min_version.is_some_and(|v| v > Version::Tls12)
        {
            return None;
        }
        let ours = self.provider();
        let common = ours.cipher_suites.iter().any(|s| {
            s.version() == &rustls::version::TLS12 && offered.contains(&u16::from(s.suite()))
        });
        (!common).then(|| Error::Protocol {
            kind: ProtocolError::NoCommonParameters,
            alert: Some(40),
            detail: "no TLS 1.2 cipher suite in common".into(),
        })
    }

    fn versions(&self) -> Result<Vec<&'static SupportedProtocolVersion>, Error> {
        let lo = self.min_version.unwrap_or(Version::Tls12);
        let hi = self.max_version.unwrap_or(Version::Tls13);
        let v: Vec<_> = [
            (Version::Tls12, &rustls::version::TLS12),
            (Version::Tls13, &rustls::version::TLS13),
        ]
        .into_iter()
        .filter(|(v, _)| lo <= *v && *v <= hi)
        .map(|(_, r)| r)
        .collect();
        if v.is_empty() {
            return Err(Error::Config("no protocol versions available".into()));
        }
        Ok(v)
    }

    /// The provider with these settings' suites and groups. Only the suites of the
    /// enabled versions: rustls offers every suite it is given whatever the versions,
    /// where OpenSSL and GnuTLS clients limited to TLS 1.3 offer no TLS 1.2 suite (and
    /// the other way round), which a server can tell apart (a GnuTLS server limited to
    /// TLS 1.2 then finds no suite in common: see `tls12_suites_before_versions`).
    fn provider(&self) -> Arc<CryptoProvider> {
        let versions = self.versions().unwrap_or_default();
        if self.suites.is_none() && self.groups.is_none() && versions.len() == 2 {
            return default_provider().clone();
        }
        let base = default_provider();
        Arc::new(CryptoProvider {
            cipher_suites: self
                .suites
                .clone()
                .unwrap_or_else(|| base.cipher_suites.clone())
                .into_iter()
                .filter(|s| versions.is_empty() || versions.contains(&s.version()))
                .collect(),
            kx_groups: self
                .groups
                .clone()
                .unwrap_or_else(|| base.kx_groups.clone()),
            ..(**base).clone()
        })
    }

    /// What a rustls config builder makes of these settings (see [`base_config`]).
    fn build_key(&self) -> BuildKey {
        BuildKey {
            min_version: self.min_version,
            max_version: self.max_version,
            suites: self
                .suites
                .as_ref()
                .map(|v| v.iter().map(|s| s.suite()).collect()),
            groups: self
                .groups
                .as_ref()
                .map(|v| v.iter().map(|g| g.name()).collect()),
        }
    }

    /// The client config. Its verifier and client-certificate resolver are the
    /// process-wide ones, which apply the policy of the connection being driven
    /// (see [`super::resume`]); run rustls calls inside that connection's context.
    /// It is a copy of a cached base config with this connection's fields set.
    pub fn client_config(&self) -> Result<Arc<ClientConfig>, Error> {
        static BASES: BaseCache<ClientConfig> = Mutex::new(Vec::new());
        let base = base_config(&BASES, self.build_key(), || {
            Ok(ClientConfig::builder_with_provider(self.provider())
                .with_protocol_versions(&self.versions()?)
                .map_err(|e| Error::Config(e.to_string()))?
                .dangerous()
                .with_custom_certificate_verifier(RecordingServerVerifier::shared())
                .with_client_cert_resolver(ClientKey::shared()))
            .map(|mut base| {
                // Every connection sets its own store; the builder's 256-entry one
                // would only sit in memory (and, kept from the first connection on,
                // it left the bulk rows' buffers laid out so that copies ran ~30 %
                // slower: measured, not understood).
                base.resumption = Resumption::disabled();
                base
            })
        })?;
        let mut config = (*base).clone();
        config.alpn_protocols = self.alpn.clone();
        config.enable_sni = self.sni.is_some();
        config.resumption = Resumption::store(self.client_sessions.clone());
        config.key_log = self.key_log();
        Ok(Arc::new(config))
    }

    /// The context a client connection with these settings runs its rustls calls in.
    pub fn conn_context(&self, verdict: Verdict, seen: Seen) -> Arc<ConnContext> {
        Arc::new(ConnContext {
            policy: self.verify.clone(),
            verdict,
            seen,
            identity: self.identity.as_ref().map(|id| id.key.clone()),
        })
    }

    pub fn server_config(&self) -> Result<Arc<ServerConfig>, Error> {
        self.server_config_recording(Verdict::default(), StoredLog::default())
    }

    /// The server config, recording the verdict on a client certificate in `verdict`
    /// and the sessions the connection stores in `stored`.
    pub fn server_config_recording(
        &self,
        verdict: Verdict,
        stored: StoredLog,
    ) -> Result<Arc<ServerConfig>, Error> {
        let id = self
            .identity
            .as_ref()
            .ok_or_else(|| Error::Config("no certificate assigned".into()))?;
        let resolver = self.cert_resolver(id);
        let mut config = if self.client_auth == ClientAuth::None {
            // No per-connection verifier: a copy of a cached base config.
            static BASES: BaseCache<ServerConfig> = Mutex::new(Vec::new());
            let base = base_config(&BASES, self.build_key(), || {
                Ok(ServerConfig::builder_with_provider(self.provider())
                    .with_protocol_versions(&self.versions()?)
                    .map_err(|e| Error::Config(e.to_string()))?
                    .with_client_cert_verifier(Arc::new(rustls::server::NoClientAuth))
                    .with_cert_resolver(Arc::new(NoKey)))
                .map(|mut base| {
                    // As for the client's: every connection sets its own cache.
                    base.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
                    base
                })
            })?;
            let mut config = (*base).clone();
            config.cert_resolver = resolver;
            config
        } else {
            ServerConfig::builder_with_provider(self.provider())
                .with_protocol_versions(&self.versions()?)
                .map_err(|e| Error::Config(e.to_string()))?
                .with_client_cert_verifier(self.client_verifier(verdict))
                .with_cert_resolver(resolver)
        };
        config.alpn_protocols = self.alpn.clone();
        config.session_storage = Arc::new(ConnStore {
            cache: self.server_sessions.clone(),
            policy: self.server_cache.clone(),
            external: self.external_cache.clone(),
            tickets: self.tickets,
            log: stored,
        });
        config.send_tls13_tickets = self.tls13_tickets;
        config.key_log = self.key_log();
        if self.tickets {
            config.ticketer = ticketer()?;
        }
        Ok(Arc::new(config))
    }

    fn client_verifier(
        &self,
        verdict: Verdict,
    ) -> Arc<dyn rustls::server::danger::ClientCertVerifier> {
        match self.client_auth {
            ClientAuth::None => Arc::new(rustls::server::NoClientAuth),
            auth => Arc::new(RecordingClientVerifier::new(
                self.verify.clone(),
                auth == ClientAuth::Require,
                verdict,
                self.client_ca_names.as_deref(),
            )),
        }
    }

    /// What a server serves: its one certificate, or (more than one key type) the
    /// first that fits the client's signature schemes.
    fn cert_resolver(&self, id: &Identity) -> Arc<dyn ResolvesServerCert> {
        if self.more_identities.is_empty() {
            return Arc::new(AlwaysKey(self.signing_key(&id.key)));
        }
        let keys = std::iter::once(&id.key)
            .chain(self.more_identities.iter().map(|i| &i.key))
            .map(|k| self.signing_key(k))
            .collect();
        Arc::new(ByScheme(keys))
    }

    /// Our certified key, signing with `sign_schemes`' preference when one is set.
    fn signing_key(&self, key: &Arc<CertifiedKey>) -> Arc<CertifiedKey> {
        let Some(order) = &self.sign_schemes else {
            return key.clone();
        };
        let mut preferring = CertifiedKey::new(
            key.cert.clone(),
            Arc::new(PreferringKey {
                inner: key.key.clone(),
                order: order.clone(),
            }),
        );
        preferring.ocsp = key.ocsp.clone();
        Arc::new(preferring)
    }

    /// Adds the roots to the verification policy.
    pub fn set_roots(&mut self, roots: Roots) {
        self.verify.roots = Arc::new(roots);
    }
}

/// What a rustls config builder's result depends on among the settings: the rest is
/// set per connection on a copy.
#[derive(Clone, Debug, PartialEq, Eq)]
struct BuildKey {
    min_version: Option<Version>,
    max_version: Option<Version>,
    suites: Option<Vec<rustls::CipherSuite>>,
    groups: Option<Vec<rustls::NamedGroup>>,
}

type BaseCache<C> = Mutex<Vec<(BuildKey, Arc<C>)>>;

/// The config a builder makes for `key`, built once per process and kept (at most
/// 16 different ones; more start the cache afresh). A rustls builder allocates a
/// default session cache of 256 entries with every config (about 40 KB between a
/// client and a server config), which a connection replaces at once; copying a
/// built config allocates nothing of the kind.
fn base_config<C>(
    cache: &BaseCache<C>,
    key: BuildKey,
    build: impl FnOnce() -> Result<C, Error>,
) -> Result<Arc<C>, Error> {
    if let Some((_, c)) = cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .find(|(k, _)| *k == key)
    {
        return Ok(c.clone());
    }
    let built = Arc::new(build()?);
    let mut bases = cache.lock().unwrap_or_else(|p| p.into_inner());
    if bases.len() >= 16 {
        bases.clear();
    }
    bases.push((key, built.clone()));
    Ok(built)
}

/// One ticket key rotation for the whole process, as a server would share it.
fn ticketer() -> Result<Arc<dyn rustls::server::ProducesTickets>, Error> {
    static T: OnceLock<Result<Arc<dyn rustls::server::ProducesTickets>, String>> = OnceLock::new();
    T.get_or_init(|| rustls::crypto::aws_lc_rs::Ticketer::new().map_err(|e| e.to_string()))
        .clone()
        .map_err(Error::Config)
}

/// Serves one certified key whatever the client asks.
#[derive(Debug)]
struct AlwaysKey(Arc<CertifiedKey>);

impl ResolvesServerCert for AlwaysKey {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
}

/// Serves, of several certified keys (one per key type), the first that can sign
/// with a scheme the client offers, going through the client's schemes in its order
/// (as OpenSSL picks among its certificates); the first key when none fits.
#[derive(Debug)]
struct ByScheme(Vec<Arc<CertifiedKey>>);

impl ResolvesServerCert for ByScheme {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        for scheme in hello.signature_schemes() {
            if let Some(k) = self
                .0
                .iter()
                .find(|k| k.key.choose_scheme(std::slice::from_ref(scheme)).is_some())
            {
                return Some(k.clone());
            }
        }
        self.0.first().cloned()
    }
}

/// The resolver of a cached base server config, always replaced by the connection's
/// own (a base config must not keep a private key alive).
#[derive(Debug)]
struct NoKey;

impl ResolvesServerCert for NoKey {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        None
    }
}

/// A client's certificate, if it has one, offered whenever the server asks; the
/// request itself is recorded (GnuTLS' `gnutls_certificate_client_get_request_status`).
#[derive(Debug)]
struct ClientKey;

impl ClientKey {
    /// The process-wide resolver: the identity of the connection being driven.
    fn shared() -> Arc<ClientKey> {
        static K: OnceLock<Arc<ClientKey>> = OnceLock::new();
        K.get_or_init(|| Arc::new(ClientKey)).clone()
    }
}

impl rustls::client::ResolvesClientCert for ClientKey {
    fn resolve(
        &self,
        _hints: &[&[u8]],
        _schemes: &[rustls::SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let ctx = current()?;
        ctx.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .cert_requested = true;
        ctx.identity.clone()
    }
    // Always true: whether this connection has a certificate is only known in
    // `resolve` (rustls then sends an empty Certificate message when it has none).
    fn has_certs(&self) -> bool {
        true
    }
}

/// A signing key that picks its scheme by a preference order (the first offered one
/// it can use), then by its own.
#[derive(Debug)]
struct PreferringKey {
    inner: Arc<dyn rustls::sign::SigningKey>,
    order: Vec<rustls::SignatureScheme>,
}

impl rustls::sign::SigningKey for PreferringKey {
    fn choose_scheme(
        &self,
        offered: &[rustls::SignatureScheme],
    ) -> Option<Box<dyn rustls::sign::Signer>> {
        self.order
            .iter()
            .filter(|s| offered.contains(s))
            .find_map(|s| self.inner.choose_scheme(&[*s]))
            .or_else(|| self.inner.choose_scheme(offered))
    }

    fn public_key(&self) -> Option<rustls::pki_types::SubjectPublicKeyInfoDer<'_>> {
        self.inner.public_key()
    }

    fn algorithm(&self) -> rustls::SignatureAlgorithm {
        self.inner.algorithm()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suites_of(s: &Settings) -> Vec<u16> {
        s.provider()
            .cipher_suites
            .iter()
            .map(|c| u16::from(c.suite()))
            .collect()
    }

    #[test]
    fn only_the_enabled_versions_suites_are_offered() {
        let mut s = Settings::default();
        let all = suites_of(&s);
        assert!(all.iter().any(|&c| c >> 8 == 0x13) && all.iter().any(|&c| c >> 8 == 0xC0));
        s.min_version = Some(Version::Tls13);
        assert!(suites_of(&s).iter().all(|&c| c >> 8 == 0x13));
        s.min_version = None;
        s.max_version = Some(Version::Tls12);
        assert!(suites_of(&s).iter().all(|&c| c >> 8 != 0x13));
        assert!(!suites_of(&s).is_empty());
    }

    #[test]
    fn a_tls12_only_server_refuses_a_hello_without_tls12_suites_when_asked() {
        let mut s = Settings {
            max_version: Some(Version::Tls12),
            ..Settings::default()
        };
        let tls13_only = [0x1301, 0x1302, 0x1303];
        assert!(
            s.refuse_hello_suites(&tls13_only).is_none(),
            "off by default"
        );
        s.tls12_suites_before_versions = true;
        let Some(Error::Protocol { kind, alert, .. }) = s.refuse_hello_suites(&tls13_only) else {
            panic!("refused");
        };
        assert_eq!((kind, alert), (ProtocolError::NoCommonParameters, Some(40)));
        // One TLS 1.2 suite in common: rustls decides.
        assert!(s.refuse_hello_suites(&[0x1301, 0xC02B]).is_none());
        // A server that speaks TLS 1.3: rustls decides.
        s.max_version = None;
        assert!(s.refuse_hello_suites(&tls13_only).is_none());
    }
}
