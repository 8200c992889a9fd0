//! Peer verification after (or during) the handshake: gnutls_certificate_verify_peers*
//! report GnuTLS status bits for the peer's chain; they never fail a handshake.
// Every export's safety contract is the GnuTLS API's own (gnutls.h): valid handles
// and buffers of the sizes given; each `unsafe` block says which part it relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::{on_session, session_ref, Datum, GnutlsSession};
use crate::engine::verify::{leaf_matches_host, verify_chain_for, CnFallback, Peer};
use crate::engine::{VerifyError, VerifyPolicy};
use rustls::pki_types::{CertificateDer, UnixTime};
use std::ffi::{c_char, c_int, c_uint};

// gnutls_certificate_status_t bits (gnutls.h).
const GNUTLS_CERT_INVALID: c_uint = 1 << 1;
const GNUTLS_CERT_REVOKED: c_uint = 1 << 5;
const GNUTLS_CERT_SIGNER_NOT_FOUND: c_uint = 1 << 6;
const GNUTLS_CERT_SIGNER_NOT_CA: c_uint = 1 << 7;
const GNUTLS_CERT_INSECURE_ALGORITHM: c_uint = 1 << 8;
const GNUTLS_CERT_NOT_ACTIVATED: c_uint = 1 << 9;
const GNUTLS_CERT_EXPIRED: c_uint = 1 << 10;
const GNUTLS_CERT_SIGNATURE_FAILURE: c_uint = 1 << 11;
const GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED: c_uint = 1 << 12;
const GNUTLS_CERT_UNEXPECTED_OWNER: c_uint = 1 << 14;
const GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE: c_uint = 1 << 15;
const GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE: c_uint = 1 << 16;
const GNUTLS_CERT_MISMATCH: c_uint = 1 << 17;
const GNUTLS_CERT_PURPOSE_MISMATCH: c_uint = 1 << 18;
const GNUTLS_CERT_MISSING_OCSP_STATUS: c_uint = 1 << 19;
const GNUTLS_CERT_INVALID_OCSP_STATUS: c_uint = 1 << 20;
const GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS: c_uint = 1 << 21;

/// The status bits GnuTLS sets for a verdict (observed with GnuTLS 3.7.9 against
/// certificates from openssl: unknown CA and self-signed → INVALID|SIGNER_NOT_FOUND,
/// expired → INVALID|EXPIRED).
fn status_bits(verdict: Result<(), VerifyError>) -> c_uint {
    let reason = match verdict {
        Ok(()) => return 0,
        Err(VerifyError::SelfSignedLeaf)
        | Err(VerifyError::SelfSignedInChain)
        | Err(VerifyError::UnknownIssuer) => GNUTLS_CERT_SIGNER_NOT_FOUND,
        Err(VerifyError::Expired) => GNUTLS_CERT_EXPIRED,
        Err(VerifyError::NotYetValid) => GNUTLS_CERT_NOT_ACTIVATED,
        Err(VerifyError::HostnameMismatch) | Err(VerifyError::IpAddressMismatch) => {
            GNUTLS_CERT_UNEXPECTED_OWNER
        }
        Err(VerifyError::BadSignature) => GNUTLS_CERT_SIGNATURE_FAILURE,
        Err(VerifyError::InvalidPurpose) => GNUTLS_CERT_PURPOSE_MISMATCH,
        Err(VerifyError::Revoked) => GNUTLS_CERT_REVOKED,
        // Observed: a CA:FALSE issuer is also a constraints failure.
        Err(VerifyError::InvalidCa) => {
            GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE
        }
        // Not produced under GnuTLS' revocation policy (a certificate no CRL covers is
        // accepted, CRL expiry ignored).
        Err(VerifyError::CrlMissing) | Err(VerifyError::CrlExpired) => 0,
        Err(VerifyError::BadEncoding)
        | Err(VerifyError::NoCertificate)
        | Err(VerifyError::Other) => 0,
    };
    GNUTLS_CERT_INVALID | reason
}

/// What the session's credentials trust, and how (time checks on or off).
fn policy_of(s: &GnutlsSession) -> Result<VerifyPolicy, c_int> {
    let Some(cred) = s.cert_credentials() else {
        return Err(GNUTLS_E_INSUFFICIENT_CREDENTIALS);
    };
    Ok(VerifyPolicy {
        roots: cred.trusted_roots(),
        ignore_time: cred.ignores_time(),
        ignore_purpose: true,
        ..VerifyPolicy::default()
    })
}

/// A server verifies its client's chain for client authentication.
fn usage(s: &GnutlsSession) -> Peer {
    match s.role {
        crate::engine::Role::Server => Peer::Client,
        crate::engine::Role::Client => Peer::Server,
    }
}

/// Verifies the peer's chain against the session's trusted CAs and, with `host`, its
/// name; the name is checked whatever the chain's verdict, as GnuTLS ORs both.
pub(super) fn peer_status(s: &GnutlsSession, host: Option<&str>) -> Result<c_uint, c_int> {
    let chain = s.peer.borrow().chain.clone();
    if chain.is_empty() {
        // CHECK_AUTH_TYPE(GNUTLS_CRD_CERTIFICATE, GNUTLS_E_INVALID_REQUEST) in GnuTLS:
        // before a key exchange is negotiated (before the handshake), nothing was
        // checked and nothing is reported as trusted. (A peer chain means the key
        // exchange is under way: the engine is busy, and unasked, in a verify
        // function called during the handshake.)
        if s.with_engine(|e| e.suite()).flatten().is_none() {
            return Err(GNUTLS_E_INVALID_REQUEST);
        }
        return Err(GNUTLS_E_NO_CERTIFICATE_FOUND);
    }
    let policy = policy_of(s)?;
    let verdict = verify_chain_for(
        &policy,
        &chain,
        crate::engine::config::default_provider(),
        UnixTime::now(),
        usage(s),
    );
    Ok(chain_status(s, &chain, verdict, host))
}

/// The status bits of the peer's chain whose verdict is known (the engine's, during
/// the handshake: the same roots, so no second verification), with the host check.
/// GnuTLS reports all of a chain's faults at once, where the verdict names the first:
/// behind a time fault, the chain is verified again with time set aside (an expired
/// certificate from an unknown CA is INVALID|EXPIRED|SIGNER_NOT_FOUND, observed).
pub(super) fn chain_status(
    s: &GnutlsSession,
    chain: &[CertificateDer<'_>],
    verdict: Result<(), VerifyError>,
    host: Option<&str>,
) -> c_uint {
    let Some(leaf) = chain.first() else {
        return GNUTLS_CERT_INVALID;
    };
    let mut status = status_with(verdict, leaf, host);
    if matches!(
        verdict,
        Err(VerifyError::Expired | VerifyError::NotYetValid)
    ) {
        if let Ok(policy) = policy_of(s) {
            let timeless = VerifyPolicy {
                ignore_time: true,
                ..policy
            };
            let provider = crate::engine::config::default_provider();
            let again = verify_chain_for(&timeless, chain, provider, UnixTime::now(), usage(s));
            if again.is_err() {
                status |= status_bits(again);
            }
        }
    }
    // GnuTLS checks the CRLs only for a chain with no other fault, the host name
    // included (observed: revoked + wrong host = INVALID|UNEXPECTED_OWNER).
    if status & !(GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED) != 0 {
        status &= !GNUTLS_CERT_REVOKED;
    }
    status
}

/// The status bits for a verdict, with the host check.
fn status_with(
    verdict: Result<(), VerifyError>,
    leaf: &CertificateDer<'_>,
    host: Option<&str>,
) -> c_uint {
    let mut status = status_bits(verdict);
    if let Some(host) = host {
        if !leaf_matches_host(leaf, host, CnFallback::WithoutSan) {
            status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER;
        }
    }
    status
}

unsafe fn write_status(status: *mut c_uint, r: Result<c_uint, c_int>) -> c_int {
    match r {
        Ok(bits) => {
            // SAFETY: status is writable (checked by the caller).
            unsafe { *status = bits };
            0
        }
        Err(code) => code,
    }
}

pub unsafe extern "C" fn gnutls_certificate_verify_peers2(
    session: *mut GnutlsSession,
    status: *mut c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_certificate_verify_peers2",
        unsafe { session_ref(session) },
        |s| {
            if status.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: status checked non-NULL.
            unsafe { write_status(status, peer_status(s, None)) }
        },
    )
}

pub unsafe extern "C" fn gnutls_certificate_verify_peers3(
    session: *mut GnutlsSession,
    hostname: *const c_char,
    status: *mut c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_certificate_verify_peers3",
        unsafe { session_ref(session) },
        |s| {
            if status.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            // SAFETY: hostname is NULL or a NUL-terminated string.
            let host = unsafe { crate::ffi::cstr(hostname) };
            // SAFETY: status checked non-NULL.
            unsafe { write_status(status, peer_status(s, host)) }
        },
    )
}

/// gnutls_typed_vdata_st.
#[repr(C)]
pub struct TypedVdata {
    pub kind: c_uint,
    pub data: *mut u8,
    pub size: c_uint,
}

/// GNUTLS_DT_DNS_HOSTNAME.
const GNUTLS_DT_DNS_HOSTNAME: c_uint = 1;

/// The typed data may name the host (GNUTLS_DT_DNS_HOSTNAME); a key purpose
/// (GNUTLS_DT_KEY_PURPOSE_OID) is not checked (not implemented; without one GnuTLS
/// checks none either).
pub unsafe extern "C" fn gnutls_certificate_verify_peers(
    session: *mut GnutlsSession,
    data: *const TypedVdata,
    elements: c_uint,
    status: *mut c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_certificate_verify_peers",
        unsafe { session_ref(session) },
        |s| {
            if status.is_null() {
                return GNUTLS_E_INVALID_REQUEST;
            }
            let mut host = None;
            for i in 0..elements as usize {
                // SAFETY: data points to `elements` entries, as the API requires.
                let d = unsafe { &*data.add(i) };
                if d.kind == GNUTLS_DT_DNS_HOSTNAME && !d.data.is_null() {
                    // SAFETY: a hostname entry is a NUL-terminated string.
                    host = unsafe { crate::ffi::cstr(d.data.cast()) };
                }
            }
            // SAFETY: status checked non-NULL.
            unsafe { write_status(status, peer_status(s, host)) }
        },
    )
}

/// The texts, in GnuTLS' order (libgnutls' strings).
const REASONS: &[(c_uint, &str)] = &[
    (GNUTLS_CERT_REVOKED, "The certificate chain is revoked. "),
    (GNUTLS_CERT_MISMATCH, "The certificate doesn't match the local copy (TOFU). "),
    (
        GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED,
        "The revocation or OCSP data are old and have been superseded. ",
    ),
    (
        GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE,
        "The revocation or OCSP data are issued with a future date. ",
    ),
    (GNUTLS_CERT_SIGNER_NOT_FOUND, "The certificate issuer is unknown. "),
    (GNUTLS_CERT_SIGNER_NOT_CA, "The certificate issuer is not a CA. "),
    (GNUTLS_CERT_INSECURE_ALGORITHM, "The certificate chain uses insecure algorithm. "),
    (
        GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
        "The certificate chain violates the signer's constraints. ",
    ),
    (
        GNUTLS_CERT_PURPOSE_MISMATCH,
        "The certificate chain does not match the intended purpose. ",
    ),
    (GNUTLS_CERT_NOT_ACTIVATED, "The certificate chain uses not yet valid certificate. "),
    (GNUTLS_CERT_EXPIRED, "The certificate chain uses expired certificate. "),
    (GNUTLS_CERT_SIGNATURE_FAILURE, "The signature in the certificate is invalid. "),
    (GNUTLS_CERT_UNEXPECTED_OWNER, "The name in the certificate does not match the expected. "),
    (
        GNUTLS_CERT_MISSING_OCSP_STATUS,
        "The certificate requires the server to include an OCSP status in its response, but the OCSP status is missing. ",
    ),
    (GNUTLS_CERT_INVALID_OCSP_STATUS, "The received OCSP status response is invalid. "),
    (
        GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS,
        "The certificate contains an unknown critical extension. ",
    ),
];

pub unsafe extern "C" fn gnutls_certificate_verification_status_print(
    status: c_uint,
    _kind: c_uint,
    out: *mut Datum,
    _flags: c_uint,
) -> c_int {
    super::guard(
        "gnutls_certificate_verification_status_print",
        GNUTLS_E_INTERNAL_ERROR,
        || {
            // SAFETY: out is NULL or writable.
            let Some(out) = (unsafe { crate::ffi::obj_mut(out) }) else {
                return GNUTLS_E_INVALID_REQUEST;
            };
            let mut text = String::from(if status == 0 {
                "The certificate is trusted. "
            } else {
                "The certificate is NOT trusted. "
            });
            for (bit, reason) in REASONS {
                if status & bit != 0 {
                    text.push_str(reason);
                }
            }
            out.data = super::alloc::malloc_copy(text.as_bytes());
            out.size = text.len() as c_uint;
            0
        },
    )
}

/// The peer's chain (leaf first) as DER datums owned by the session; NULL when there
/// is none.
pub unsafe extern "C" fn gnutls_certificate_get_peers(
    session: *mut GnutlsSession,
    list_size: *mut c_uint,
) -> *const Datum {
    super::guard("gnutls_certificate_get_peers", std::ptr::null(), || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return std::ptr::null();
        };
        let peer = s.peer.borrow();
        // SAFETY: list_size is NULL or writable.
        if let Some(n) = unsafe { crate::ffi::obj_mut(list_size) } {
            *n = peer.datums.len() as c_uint;
        }
        if peer.datums.is_empty() {
            std::ptr::null()
        } else {
            peer.datums.as_ptr()
        }
    })
}

/// Whether the server asked for a client certificate (client side).
pub unsafe extern "C" fn gnutls_certificate_client_get_request_status(
    session: *mut GnutlsSession,
) -> c_uint {
    super::guard("gnutls_certificate_client_get_request_status", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| s.with_engine(|e| e.client_cert_requested()))
            .map_or(0, c_uint::from)
    })
}
