//! Peer certificate verification that records its verdict instead of only failing.
//!
//! Both APIs let a program look at the verdict after the handshake: OpenSSL through
//! `SSL_get_verify_result` even with `SSL_VERIFY_NONE`, GnuTLS through
//! `gnutls_certificate_verify_peers*`, which never fail the handshake by themselves.
//! So the verifier computes a neutral [`VerifyError`] for every handshake, stores it
//! per connection, and aborts the handshake only when the policy enforces it.
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::{Arc, Mutex};

/// Why a peer certificate chain is not acceptable, in neutral terms (each face maps
/// it: `X509_V_ERR_*` codes, `GNUTLS_CERT_*` status bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// No path to a trusted root, the leaf itself is self-signed.
    SelfSignedLeaf,
    /// No path to a trusted root, and the chain ends in a self-signed certificate.
    SelfSignedInChain,
    /// No path to a trusted root.
    UnknownIssuer,
    Expired,
    NotYetValid,
    /// The chain is good but does not name the expected host.
    HostnameMismatch,
    /// The chain is good but does not carry the expected IP address.
    IpAddressMismatch,
    BadSignature,
    /// The certificate is not for this purpose (extended key usage).
    InvalidPurpose,
    Revoked,
    /// An issuer in the chain is not a CA (basic constraints CA:FALSE).
    InvalidCa,
    /// Revocation checking is required and no CRL covers a certificate.
    CrlMissing,
    /// Revocation checking is required and the CRL covering a certificate is past its
    /// next update.
    CrlExpired,
    /// The certificate could not be parsed.
    BadEncoding,
    /// The peer sent no certificate.
    NoCertificate,
    Other,
}

/// The trusted roots, kept both as certificates (to hand back to programs and to
/// recognise a trusted leaf) and as webpki trust anchors, and the CRLs that
/// verification checks every certificate of a chain against.
#[derive(Debug, Default)]
pub struct Roots {
    pub certs: Vec<CertificateDer<'static>>,
    anchors: Vec<TrustAnchor<'static>>,
    crl_ders: Vec<Vec<u8>>,
    crls: Vec<webpki::CertRevocationList<'static>>,
}

impl Clone for Roots {
    fn clone(&self) -> Self {
        let mut copy = Roots {
            certs: self.certs.clone(),
            anchors: self.anchors.clone(),
            ..Roots::default()
        };
        // These parsed when they were added.
        let _ = copy.add_crls(&self.crl_ders);
        copy
    }
}

/// A CRL that webpki cannot use (it takes version 2 CRLs with a CRL number and a
/// next-update time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnusableCrl;

impl Roots {
    /// Adds each certificate that parses as a trust anchor; returns how many were added.
    pub fn add_all(&mut self, certs: impl IntoIterator<Item = CertificateDer<'static>>) -> usize {
        let mut added = 0;
        for cert in certs {
            if self.certs.contains(&cert) {
                continue;
            }
            if let Ok(anchor) = webpki::anchor_from_trusted_cert(&cert) {
                self.anchors.push(anchor.to_owned());
                self.certs.push(cert);
                added += 1;
            }
        }
        added
    }

    /// Adds CRLs (DER), all or none: a CRL that cannot be checked is refused rather
    /// than ignored, so that revocation checking never silently turns off.
    pub fn add_crls(&mut self, ders: &[Vec<u8>]) -> Result<usize, UnusableCrl> {
        let parsed = ders
            .iter()
            .map(|d| webpki::OwnedCertRevocationList::from_der(d).map_err(|_| UnusableCrl))
            .collect::<Result<Vec<_>, _>>()?;
        self.crls.extend(parsed.into_iter().map(Into::into));
        self.crl_ders.extend(ders.iter().cloned());
        Ok(ders.len())
    }

    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// The CRLs to hand webpki under `revocation`; `None` checks none.
    fn crls_for(
        &self,
        revocation: Revocation,
    ) -> Option<Vec<&webpki::CertRevocationList<'static>>> {
        match revocation {
            Revocation::Off => None,
            Revocation::IfCovered if self.crls.is_empty() => None,
            _ => Some(self.crls.iter().collect()),
        }
    }

    /// The depth (0 = leaf) of the first certificate of `chain` that `e`, a revocation
    /// failure, is about: OpenSSL reports it to the verify callback. webpki does not
    /// say, so it is found again here; 0 when nothing matches.
    pub fn revocation_depth(
        &self,
        chain: &[CertificateDer<'_>],
        e: VerifyError,
        now: UnixTime,
    ) -> usize {
        use x509_parser::prelude::FromDer;
        let crls: Vec<_> = self
            .crl_ders
            .iter()
            .filter_map(|d| {
                x509_parser::revocation_list::CertificateRevocationList::from_der(d).ok()
            })
            .map(|(_, crl)| crl)
            .collect();
        let now = now.as_secs() as i64;
        chain
            .iter()
            .position(|der| {
                let Ok((_, cert)) = x509_parser::parse_x509_certificate(der.as_ref()) else {
                    return false;
                };
                let issuer = cert.tbs_certificate.issuer.as_raw();
                let mut covering = crls
                    .iter()
                    .filter(|c| c.tbs_cert_list.issuer.as_raw() == issuer);
                match e {
                    VerifyError::CrlMissing => covering.next().is_none(),
                    VerifyError::CrlExpired => {
                        covering.any(|c| c.next_update().is_some_and(|t| t.timestamp() < now))
                    }
                    VerifyError::Revoked => covering.any(|c| {
                        c.iter_revoked_certificates()
                            .any(|r| r.raw_serial() == cert.raw_serial())
                    }),
                    _ => false,
                }
            })
            .unwrap_or(0)
    }
}

/// How the CRLs among the roots are used, in neutral terms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Revocation {
    /// Every certificate of the chain is checked against the CRLs there are; one that
    /// no CRL covers is accepted and a CRL past its next update still counts (GnuTLS).
    #[default]
    IfCovered,
    /// CRLs are not consulted (OpenSSL without `X509_V_FLAG_CRL_CHECK`).
    Off,
    /// The leaf must be covered by a current CRL of its issuer (OpenSSL
    /// `X509_V_FLAG_CRL_CHECK`): none is [`VerifyError::CrlMissing`], an expired one
    /// [`VerifyError::CrlExpired`].
    Leaf,
    /// As `Leaf`, for every certificate of the chain below the trust anchor (OpenSSL
    /// `X509_V_FLAG_CRL_CHECK_ALL`; OpenSSL also checks the root against its own CRL,
    /// which is the CRL that covers the certificate it issued, so the anchor adds
    /// nothing to check).
    Chain,
}

/// Roots read when the peer's certificate arrives, not when the connection starts:
/// curl fills the OpenSSL store lazily, on the first bytes from the server.
pub type LazyRoots = Arc<dyn Fn() -> Arc<Roots> + Send + Sync>;
/// A program's own check of the peer, run during the handshake after the built-in
/// verification (GnuTLS' `gnutls_certificate_set_verify_function`): it sees the chain
/// (leaf first) and the verdict, and returns whether the handshake goes on.
pub trait VerifyHook: Send + Sync + std::fmt::Debug {
    fn check(&self, chain: &[CertificateDer<'static>], verdict: Result<(), VerifyError>) -> bool;
    /// When true, the hook's acceptance overrides a failed verdict (OpenSSL's verify
    /// callback decides: returning 1 on an error lets the handshake go on, while the
    /// verdict stays what `SSL_get_verify_result` reports).
    fn decides(&self) -> bool {
        false
    }
}

/// What to check and whether a failure aborts the handshake.
#[derive(Clone, Default)]
pub struct VerifyPolicy {
    pub roots: Arc<Roots>,
    /// When set, replaces `roots` at verification time.
    pub lazy_roots: Option<LazyRoots>,
    /// Abort the handshake when verification fails (OpenSSL `SSL_VERIFY_PEER`).
    pub enforce: bool,
    /// Check that the leaf names this host (DNS name or IP address literal); `None`
    /// checks no name, as OpenSSL without `X509_VERIFY_PARAM_set1_host`.
    pub host: Option<String>,
    /// The program's own check, if any; a `false` aborts the handshake.
    pub hook: Option<Arc<dyn VerifyHook>>,
    /// The signature schemes to offer, in preference order (the peer picks by it);
    /// `None` offers the provider's list in its order. Unsupported ones are dropped.
    pub schemes: Option<Vec<SignatureScheme>>,
    /// Accept certificates outside their validity period (GnuTLS'
    /// `GNUTLS_VERIFY_DISABLE_TIME_CHECKS`, OpenSSL's `X509_V_FLAG_NO_CHECK_TIME`).
    pub ignore_time: bool,
    /// Accept any extended key usage (GnuTLS checks one only when the program names
    /// it); otherwise the leaf must allow serverAuth / clientAuth (OpenSSL).
    pub ignore_purpose: bool,
    /// When the subject CN stands in for a DNS name the leaf does not carry.
    pub cn_fallback: CnFallback,
    /// How the roots' CRLs are used.
    pub revocation: Revocation,
    /// When set, replaces `revocation` at verification time (OpenSSL programs set the
    /// CRL flags on the store when they fill it, which curl does lazily).
    pub lazy_revocation: Option<LazyRevocation>,
}

/// When a certificate's subject common name is matched against a host name (never
/// for an IP address): both libraries keep this pre-RFC 6125 fallback, webpki does not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CnFallback {
    #[default]
    Never,
    /// The leaf has no DNS name SAN (OpenSSL's X509_check_host).
    WithoutDnsSan,
    /// The leaf has no SAN at all (GnuTLS' gnutls_x509_crt_check_hostname2; observed:
    /// an IP address SAN alone rules the CN out).
    WithoutSan,
}

/// A revocation policy read when the peer's certificate arrives.
pub type LazyRevocation = Arc<dyn Fn() -> Revocation + Send + Sync>;

impl std::fmt::Debug for VerifyPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyPolicy")
            .field("roots", &self.roots.certs.len())
            .field("lazy_roots", &self.lazy_roots.is_some())
            .field("enforce", &self.enforce)
            .field("host", &self.host)
            .field("ignore_time", &self.ignore_time)
            .field("revocation", &self.revocation)
            .finish()
    }
}

impl VerifyPolicy {
    /// The roots in force now.
    pub fn current_roots(&self) -> Arc<Roots> {
        match &self.lazy_roots {
            Some(f) => f(),
            None => self.roots.clone(),
        }
    }

    /// The revocation policy in force now.
    pub fn current_revocation(&self) -> Revocation {
        match &self.lazy_revocation {
            Some(f) => f(),
            None => self.revocation,
        }
    }
}

/// Verifies `chain` (leaf first) against `policy` at time `now`.
pub fn verify_chain(
    policy: &VerifyPolicy,
    chain: &[CertificateDer<'_>],
    provider: &CryptoProvider,
    now: UnixTime,
) -> Result<(), VerifyError> {
    verify_chain_for(policy, chain, provider, now, Peer::Server)
}

/// Whose certificate is being verified (the extended key usage it must allow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    Server,
    Client,
}

pub fn verify_chain_for(
    policy: &VerifyPolicy,
    chain: &[CertificateDer<'_>],
    provider: &CryptoProvider,
    now: UnixTime,
    peer: Peer,
) -> Result<(), VerifyError> {
    let Some((leaf, intermediates)) = chain.split_first() else {
        return Err(VerifyError::NoCertificate);
    };
    let ee = webpki::EndEntityCert::try_from(leaf).map_err(|_| VerifyError::BadEncoding)?;
    let roots = policy.current_roots();
    // A leaf that is itself trusted (a self-signed certificate loaded as a CA) is
    // accepted, as OpenSSL and GnuTLS do.
    let trusted_leaf = policy
        .roots
        .certs
        .iter()
        .any(|r| r.as_ref() == leaf.as_ref());
    if !trusted_leaf {
        let mode = policy.current_revocation();
        let crls = roots.crls_for(mode);
        let revocation = match crls.as_deref() {
            // Required, and there is no CRL at all: webpki takes no empty list.
            Some([]) => return Err(VerifyError::CrlMissing),
            Some(crls) => {
                let builder = webpki::RevocationOptionsBuilder::new(crls)
                    .map_err(|_| VerifyError::CrlMissing)?;
                let (depth, status, expiry) = match mode {
                    Revocation::Leaf => (
                        webpki::RevocationCheckDepth::EndEntity,
                        webpki::UnknownStatusPolicy::Deny,
                        webpki::ExpirationPolicy::Enforce,
                    ),
                    Revocation::Chain => (
                        webpki::RevocationCheckDepth::Chain,
                        webpki::UnknownStatusPolicy::Deny,
                        webpki::ExpirationPolicy::Enforce,
                    ),
                    Revocation::IfCovered | Revocation::Off => (
                        webpki::RevocationCheckDepth::Chain,
                        webpki::UnknownStatusPolicy::Allow,
                        webpki::ExpirationPolicy::Ignore,
                    ),
                };
                Some(
                    builder
                        .with_depth(depth)
                        .with_status_policy(status)
                        .with_expiration_policy(expiry)
                        .build(),
                )
            }
            None => None,
        };
        let verify_at = |now| {
            ee.verify_for_usage(
                provider.signature_verification_algorithms.all,
                &roots.anchors,
                intermediates,
                now,
                Purpose((!policy.ignore_purpose).then(|| match peer {
                    Peer::Server => webpki::KeyUsage::server_auth(),
                    Peer::Client => webpki::KeyUsage::client_auth(),
                })),
                revocation,
                None,
            )
            .map(|_| ())
            .map_err(|e| map_webpki_error(e, leaf, intermediates))
        };
        match verify_at(now) {
            // Without time checks, the chain is verified at a moment when all of the
            // peer's certificates were valid, if there is one (webpki always checks
            // times; a chain whose validity periods do not overlap stays refused).
            Err(VerifyError::Expired | VerifyError::NotYetValid) if policy.ignore_time => {
                let starts = chain.iter().filter_map(|c| validity(c).map(|v| v.0));
                let at = starts.max().and_then(|t| u64::try_from(t).ok());
                match at {
                    Some(t) => verify_at(UnixTime::since_unix_epoch(
                        std::time::Duration::from_secs(t),
                    ))?,
                    None => verify_at(now)?,
                }
            }
            r => r?,
        }
    } else if let Some(t) = validity(leaf).filter(|_| !policy.ignore_time) {
        let now = now.as_secs() as i64;
        if now < t.0 {
            return Err(VerifyError::NotYetValid);
        }
        if now > t.1 {
            return Err(VerifyError::Expired);
        }
    }
    if let Some(host) = &policy.host {
        let mismatch = if host.parse::<std::net::IpAddr>().is_ok() {
            VerifyError::IpAddressMismatch
        } else {
            VerifyError::HostnameMismatch
        };
        if !leaf_matches_host(leaf, host, policy.cn_fallback) {
            return Err(mismatch);
        }
    }
    Ok(())
}

/// The extended key usage a chain must allow; `None` accepts any.
struct Purpose(Option<webpki::KeyUsage>);

impl webpki::ExtendedKeyUsageValidator for Purpose {
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        match &self.0 {
            Some(usage) => usage.validate(iter),
            None => Ok(()),
        }
    }
}

/// Whether `leaf` names `host` (a DNS name or an IP address literal), whatever the
/// rest of its verification says: GnuTLS reports a name mismatch alongside the chain's
/// other faults.
pub fn leaf_matches_host(leaf: &CertificateDer<'_>, host: &str, cn: CnFallback) -> bool {
    let Ok(ee) = webpki::EndEntityCert::try_from(leaf) else {
        return false;
    };
    let Ok(name) = ServerName::try_from(host) else {
        return false;
    };
    if ee.verify_is_valid_for_subject_name(&name).is_ok() {
        return true;
    }
    matches!(name, ServerName::DnsName(_)) && cn_matches(leaf, host, cn)
}

/// The subject CN fallback: whether `cn` applies to `leaf` and one of its common names
/// matches the DNS name `host` (case-insensitively; a wildcard only as a whole
/// left-most label, matching one label).
fn cn_matches(leaf: &CertificateDer<'_>, host: &str, cn: CnFallback) -> bool {
    use x509_parser::extensions::GeneralName;
    if cn == CnFallback::Never {
        return false;
    }
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(leaf.as_ref()) else {
        return false;
    };
    let names = match cert.subject_alternative_name() {
        Ok(Some(san)) => san.value.general_names.clone(),
        Ok(None) => Vec::new(),
        Err(_) => return false,
    };
    let applies = match cn {
        CnFallback::Never => false,
        CnFallback::WithoutDnsSan => !names.iter().any(|n| matches!(n, GeneralName::DNSName(_))),
        CnFallback::WithoutSan => names.is_empty(),
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    applies
        && cert
            .subject()
            .iter_common_name()
            .filter_map(|a| a.as_str().ok())
            .any(|pattern| dns_pattern_matches(pattern, host))
}

fn dns_pattern_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.strip_suffix('.').unwrap_or(pattern);
    match pattern.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(first, tail)| !first.is_empty() && tail.eq_ignore_ascii_case(rest)),
        None => pattern.eq_ignore_ascii_case(host),
    }
}

fn map_webpki_error(
    e: webpki::Error,
    leaf: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
) -> VerifyError {
    use webpki::Error as W;
    match e {
        W::UnknownIssuer => {
            if is_self_signed(leaf) {
                VerifyError::SelfSignedLeaf
            } else if intermediates.iter().any(|c| is_self_signed(c)) {
                VerifyError::SelfSignedInChain
            } else {
                VerifyError::UnknownIssuer
            }
        }
        W::CertExpired { .. } => VerifyError::Expired,
        W::CertNotValidYet { .. } => VerifyError::NotYetValid,
        W::CertRevoked => VerifyError::Revoked,
        W::UnknownRevocationStatus => VerifyError::CrlMissing,
        W::CrlExpired { .. } => VerifyError::CrlExpired,
        // An issuer with CA:FALSE (OpenSSL: X509_V_ERR_INVALID_CA at its depth).
        W::EndEntityUsedAsCa => VerifyError::InvalidCa,
        W::InvalidSignatureForPublicKey => VerifyError::BadSignature,
        W::RequiredEkuNotFoundContext(_) => VerifyError::InvalidPurpose,
        W::BadDer | W::BadDerTime | W::TrailingData(_) => VerifyError::BadEncoding,
        W::CaUsedAsEndEntity if is_self_signed(leaf) => VerifyError::SelfSignedLeaf,
        _ => VerifyError::Other,
    }
}

fn is_self_signed(cert: &CertificateDer<'_>) -> bool {
    x509_parser::parse_x509_certificate(cert.as_ref())
        .map(|(_, c)| c.tbs_certificate.subject.as_raw() == c.tbs_certificate.issuer.as_raw())
        .unwrap_or(false)
}

/// (not before, not after) in Unix seconds.
fn validity(cert: &CertificateDer<'_>) -> Option<(i64, i64)> {
    let (_, c) = x509_parser::parse_x509_certificate(cert.as_ref()).ok()?;
    Some((
        c.validity().not_before.timestamp(),
        c.validity().not_after.timestamp(),
    ))
}

/// The verdict of one connection's verification, shared between the rustls verifier
/// and the session that owns it.
pub type Verdict = Arc<Mutex<Option<Result<(), VerifyError>>>>;

/// What a client saw of the server during the handshake, for the faces' getters.
#[derive(Clone, Copy, Debug, Default)]
pub struct HandshakeSeen {
    /// The signature scheme the server signed the handshake with.
    pub scheme: Option<SignatureScheme>,
    /// The server asked for a client certificate.
    pub cert_requested: bool,
}

/// Shared between the rustls callbacks that see it and the session.
pub type Seen = Arc<Mutex<HandshakeSeen>>;

/// The rustls server-certificate verifier: one for the whole process (see
/// [`super::resume`]), applying the policy of the connection being driven, recording
/// its verdict there, and enforcing it only when the policy says so. Handshake
/// signatures are always checked.
#[derive(Debug)]
pub struct RecordingServerVerifier {
    pub provider: Arc<CryptoProvider>,
}

impl RecordingServerVerifier {
    /// The process-wide instance.
    pub fn shared() -> Arc<Self> {
        static V: std::sync::OnceLock<Arc<RecordingServerVerifier>> = std::sync::OnceLock::new();
        V.get_or_init(|| {
            Arc::new(RecordingServerVerifier {
                provider: super::config::default_provider().clone(),
            })
        })
        .clone()
    }
}

impl ServerCertVerifier for RecordingServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(ctx) = super::resume::current() else {
            return Err(rustls::Error::General(
                "certificate verification outside a connection".into(),
            ));
        };
        decide(
            &ctx.policy,
            &ctx.verdict,
            end_entity,
            intermediates,
            &self.provider,
            now,
            Peer::Server,
        )
        .map(|()| ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        note_scheme(dss.scheme);
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        note_scheme(dss.scheme);
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        let supported = self
            .provider
            .signature_verification_algorithms
            .supported_schemes();
        let ctx = super::resume::current();
        match ctx.as_ref().and_then(|c| c.policy.schemes.as_ref()) {
            Some(order) => order
                .iter()
                .filter(|s| supported.contains(s))
                .copied()
                .collect(),
            None => supported,
        }
    }
}

/// The one decision both verifiers make: verify the chain, record the verdict, let the
/// program's hook see it (its acceptance overrides a failure when it `decides`), and
/// fail the handshake on a bad verdict only when the policy enforces it.
fn decide(
    policy: &VerifyPolicy,
    verdict: &Verdict,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    provider: &CryptoProvider,
    now: UnixTime,
    peer: Peer,
) -> Result<(), rustls::Error> {
    let mut chain = vec![end_entity.clone()];
    chain.extend(intermediates.iter().cloned());
    let result = verify_chain_for(policy, &chain, provider, now, peer);
    if super::debug_enabled() {
        eprintln!(
            "tlsshim: {peer:?} chain of {} certificates verified: {result:?}",
            chain.len()
        );
    }
    *verdict.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
    if let Some(hook) = &policy.hook {
        let chain: Vec<CertificateDer<'static>> =
            chain.iter().map(|c| c.clone().into_owned()).collect();
        if !hook.check(&chain, result) {
            return Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ));
        }
        if hook.decides() {
            return Ok(());
        }
    }
    match result {
        Err(e) if policy.enforce => Err(rustls::Error::InvalidCertificate(certificate_error(e))),
        _ => Ok(()),
    }
}

/// Records the server's signature scheme for the connection being driven.
fn note_scheme(scheme: SignatureScheme) {
    if let Some(ctx) = super::resume::current() {
        ctx.seen.lock().unwrap_or_else(|p| p.into_inner()).scheme = Some(scheme);
    }
}

/// The rustls error (and so the alert we send) for a verification failure.
fn certificate_error(e: VerifyError) -> rustls::CertificateError {
    use rustls::CertificateError as C;
    match e {
        VerifyError::SelfSignedLeaf
        | VerifyError::SelfSignedInChain
        | VerifyError::UnknownIssuer => C::UnknownIssuer,
        VerifyError::Expired => C::Expired,
        VerifyError::NotYetValid => C::NotValidYet,
        VerifyError::HostnameMismatch | VerifyError::IpAddressMismatch => C::NotValidForName,
        VerifyError::BadSignature => C::BadSignature,
        VerifyError::Revoked => C::Revoked,
        VerifyError::CrlMissing => C::UnknownRevocationStatus,
        VerifyError::CrlExpired => C::ExpiredRevocationList,
        VerifyError::InvalidCa => C::UnknownIssuer,
        VerifyError::BadEncoding => C::BadEncoding,
        VerifyError::InvalidPurpose => C::InvalidPurpose,
        VerifyError::NoCertificate | VerifyError::Other => C::ApplicationVerificationFailure,
    }
}

/// How a server asks for a client certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientAuth {
    #[default]
    None,
    /// Ask; a client without a certificate is let in (OpenSSL SSL_VERIFY_PEER).
    Request,
    /// Ask and refuse a client without one (SSL_VERIFY_FAIL_IF_NO_PEER_CERT).
    Require,
}

/// A server's verifier of client certificates, for one connection: records its verdict
/// and enforces it as the policy says; handshake signatures are always checked.
#[derive(Debug)]
pub struct RecordingClientVerifier {
    pub policy: VerifyPolicy,
    pub mandatory: bool,
    pub verdict: Verdict,
    pub provider: Arc<CryptoProvider>,
    pub hints: Vec<rustls::DistinguishedName>,
}

impl RecordingClientVerifier {
    /// `names`: the CA names to list in the CertificateRequest (DER Names); `None`
    /// lists the trusted roots' subjects.
    pub fn new(
        policy: VerifyPolicy,
        mandatory: bool,
        verdict: Verdict,
        names: Option<&[Vec<u8>]>,
    ) -> Self {
        let hints = match names {
            Some(names) => names
                .iter()
                .map(|n| rustls::DistinguishedName::from(n.clone()))
                .collect(),
            None => policy
                .current_roots()
                .anchors
                .iter()
                .map(|a| rustls::DistinguishedName::in_sequence(a.subject.as_ref()))
                .collect(),
        };
        Self {
            policy,
            mandatory,
            verdict,
            provider: super::config::default_provider().clone(),
            hints,
        }
    }
}

impl rustls::server::danger::ClientCertVerifier for RecordingClientVerifier {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        self.mandatory
    }

    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        &self.hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<rustls::server::danger::ClientCertVerified, rustls::Error> {
        decide(
            &self.policy,
            &self.verdict,
            end_entity,
            intermediates,
            &self.provider,
            now,
            Peer::Client,
        )
        .map(|()| rustls::server::danger::ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::dns_pattern_matches;

    #[test]
    fn subject_cn_patterns() {
        assert!(dns_pattern_matches("localhost", "LocalHost"));
        assert!(dns_pattern_matches("example.org.", "example.org"));
        assert!(dns_pattern_matches("*.example.org", "www.example.org"));
        assert!(!dns_pattern_matches("*.example.org", "example.org"));
        assert!(!dns_pattern_matches("*.example.org", "a.b.example.org"));
        assert!(!dns_pattern_matches("w*.example.org", "www.example.org"));
        assert!(!dns_pattern_matches("localhost", "localhost2"));
    }
}
