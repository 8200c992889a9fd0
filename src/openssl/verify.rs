//! The program's verify callback (`SSL_CTX_set_verify` / `SSL_set_verify` with a
//! callback), called as OpenSSL calls it: with a real libcrypto `X509_STORE_CTX` whose
//! current certificate, error and depth say what is being checked, and whose ex_data
//! at `SSL_get_ex_data_X509_STORE_CTX_idx()` is the SSL.
//!
//! Order, as OpenSSL's x509_vfy.c: a failure is reported first with preverify_ok = 0
//! at the depth where it happened; then each certificate from the top of the chain
//! (the trusted root when one was found) down to the leaf with preverify_ok = 1. A 0
//! return stops verification; under SSL_VERIFY_PEER that fails the handshake. The
//! error stays what SSL_get_verify_result reports even when the callback accepts it.
#![allow(non_snake_case)]
use super::guard;
use super::libcrypto as lc;
use super::ssl::verify_error_code;
use crate::engine::verify::{Roots, VerifyHook};
use crate::engine::VerifyError;
use rustls::pki_types::{CertificateDer, UnixTime};
use std::ffi::{c_int, c_long, c_void};
use std::sync::{Arc, Mutex, OnceLock};

pub type VerifyCb = unsafe extern "C" fn(c_int, *mut lc::X509_STORE_CTX) -> c_int;

const CRYPTO_EX_INDEX_X509_STORE_CTX: c_int = 5;

/// The ex_data index of the SSL in an X509_STORE_CTX, allocated once.
pub extern "C" fn SSL_get_ex_data_X509_STORE_CTX_idx() -> c_int {
    guard("SSL_get_ex_data_X509_STORE_CTX_idx", -1, || {
        static IDX: OnceLock<c_int> = OnceLock::new();
        *IDX.get_or_init(|| {
            // SAFETY: allocates an ex_data index with no callbacks, as libssl does.
            unsafe {
                lc::CRYPTO_get_ex_new_index(
                    CRYPTO_EX_INDEX_X509_STORE_CTX,
                    0,
                    c"SSL for verify callback".as_ptr() as *mut c_void,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                )
            }
        })
    })
}

/// A counted reference to an `X509_STORE` (NULL allowed): the context's store as it
/// was when the connection's settings were made. `SSL_CTX_set_cert_store` during a
/// handshake frees the context's reference, not this one.
pub struct StoreRef(usize);

impl StoreRef {
    /// # Safety
    /// `store` is NULL or a live `X509_STORE`.
    pub unsafe fn new(store: *mut lc::X509_STORE) -> StoreRef {
        if !store.is_null() {
            // SAFETY: a live store, per the contract; released in Drop.
            unsafe { lc::X509_STORE_up_ref(store) };
        }
        StoreRef(store as usize)
    }
    fn get(&self) -> *mut lc::X509_STORE {
        self.0 as *mut lc::X509_STORE
    }
}

impl Drop for StoreRef {
    fn drop(&mut self) {
        // SAFETY: the reference taken in new (X509_STORE_free accepts NULL).
        unsafe { lc::X509_STORE_free(self.get()) };
    }
}

pub struct VerifyCallback {
    pub ssl: usize,
    pub store: StoreRef,
    pub cb: VerifyCb,
    /// Under SSL_VERIFY_NONE the callback is called but its answer does not stop the
    /// handshake.
    pub enforce: bool,
    pub roots: Arc<dyn Fn() -> Arc<Roots> + Send + Sync>,
    /// The verify result as the callback run leaves it (the SSL reads it back).
    pub result: Arc<Mutex<Option<c_long>>>,
}

impl std::fmt::Debug for VerifyCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerifyCallback")
    }
}

/// The calls OpenSSL's X509_verify_cert makes, as (preverify_ok, error, depth), for
/// a chain of `sent` certificates as the peer sent them plus `root` (1 when the trusted
/// root was found); `fault_depth` is where a revocation fault lies. Read off
/// x509_vfy.c (build_chain, check_extensions, check_id, check_revocation,
/// internal_verify) and checked against the real library by ctests/ossl_verify_cb.c
/// and ctests/ossl_verify_matrix.c.
fn calls(
    verdict: Result<(), VerifyError>,
    sent: usize,
    root: usize,
    fault_depth: usize,
) -> Vec<(c_int, c_long, usize)> {
    let all = sent + root;
    let ok_down = |from: usize, err: c_long| (0..from).rev().map(move |d| (1, err, d));
    match verdict {
        Ok(()) => ok_down(all, 0).collect(),
        Err(e) => {
            let code = verify_error_code(e);
            match e {
                // No issuer for the top certificate: reported there; a lone leaf then
                // also fails "unable to verify the first certificate" (21).
                VerifyError::UnknownIssuer if sent <= 1 => {
                    vec![(0, code, 0), (0, 21, 0), (1, 21, 0)]
                }
                VerifyError::UnknownIssuer => std::iter::once((0, code, sent - 1))
                    .chain(ok_down(sent - 1, code))
                    .collect(),
                VerifyError::SelfSignedInChain => {
                    std::iter::once((0, code, sent.saturating_sub(1)))
                        .chain(ok_down(sent, code))
                        .collect()
                }
                // The leaf's time is checked as internal_verify reaches it.
                VerifyError::Expired | VerifyError::NotYetValid => ok_down(all, 0)
                    .filter(|c| c.2 > 0)
                    .chain([(0, code, 0), (1, code, 0)])
                    .collect(),
                // check_id runs before internal_verify.
                VerifyError::HostnameMismatch | VerifyError::IpAddressMismatch => {
                    std::iter::once((0, code, 0))
                        .chain(ok_down(all, code))
                        .collect()
                }
                // check_extensions: reported at the issuer that is not a CA.
                VerifyError::InvalidCa => std::iter::once((0, code, 1))
                    .chain(ok_down(all, code))
                    .collect(),
                // check_revocation, at the certificate whose CRL is missing, expired
                // or lists it.
                VerifyError::Revoked | VerifyError::CrlMissing | VerifyError::CrlExpired => {
                    std::iter::once((0, code, fault_depth))
                        .chain(ok_down(all, code))
                        .collect()
                }
                _ => vec![(0, code, 0), (1, code, 0)],
            }
        }
    }
}

impl VerifyCallback {
    /// The trusted root that issued the top of `chain`, when verification got that far.
    fn root_for(
        &self,
        chain: &[CertificateDer<'static>],
        verdict: Result<(), VerifyError>,
    ) -> Option<CertificateDer<'static>> {
        let chain_good = matches!(
            verdict,
            Ok(())
                | Err(VerifyError::Expired
                    | VerifyError::NotYetValid
                    | VerifyError::HostnameMismatch
                    | VerifyError::IpAddressMismatch
                    | VerifyError::InvalidCa
                    | VerifyError::Revoked
                    | VerifyError::CrlMissing
                    | VerifyError::CrlExpired)
        );
        let top = chain.last().filter(|_| chain_good)?;
        let roots = (self.roots)();
        let top_x = super::cert::der_to_x509(top);
        let found = roots.certs.iter().find(|r| {
            let rx = super::cert::der_to_x509(r);
            // SAFETY: both are valid X509s (or NULL, which X509_check_issued rejects).
            let issued =
                r.as_ref() != top.as_ref() && unsafe { lc::X509_check_issued(rx, top_x) } == 0;
            // SAFETY: ours.
            unsafe { lc::X509_free(rx) };
            issued
        });
        // SAFETY: ours.
        unsafe { lc::X509_free(top_x) };
        found.cloned()
    }
}

impl VerifyHook for VerifyCallback {
    fn check(&self, chain: &[CertificateDer<'static>], verdict: Result<(), VerifyError>) -> bool {
        let root = self.root_for(chain, verdict);
        let mut certs: Vec<CertificateDer<'static>> = chain.to_vec();
        certs.extend(root.iter().cloned());
        let fault_depth = match verdict {
            Err(e) => (self.roots)().revocation_depth(chain, e, UnixTime::now()),
            Ok(()) => 0,
        };
        let plan = calls(
            verdict,
            chain.len(),
            usize::from(root.is_some()),
            fault_depth,
        );
        let mut final_error: c_long = 0;
        // SAFETY: the X509s and the stack are created here and freed below; the store
        // is the context's live X509_STORE; the callback is the program's, called with
        // an X509_STORE_CTX that stays valid for the call.
        let ok = unsafe {
            let sk = lc::OPENSSL_sk_new_null();
            let xs: Vec<*mut lc::X509> =
                certs.iter().map(|c| super::cert::der_to_x509(c)).collect();
            for x in &xs {
                lc::OPENSSL_sk_push(sk, (*x).cast());
            }
            let sctx = lc::X509_STORE_CTX_new();
            let leaf = xs.first().copied().unwrap_or(std::ptr::null_mut());
            lc::X509_STORE_CTX_init(sctx, self.store.get(), leaf, sk);
            lc::X509_STORE_CTX_set_ex_data(
                sctx,
                SSL_get_ex_data_X509_STORE_CTX_idx(),
                self.ssl as *mut c_void,
            );
            let mut ok = true;
            for (preverify, err, depth) in plan {
                let depth = depth.min(xs.len().saturating_sub(1));
                lc::X509_STORE_CTX_set_error(sctx, err as c_int);
                lc::X509_STORE_CTX_set_error_depth(sctx, depth as c_int);
                lc::X509_STORE_CTX_set_current_cert(
                    sctx,
                    xs.get(depth).copied().unwrap_or(std::ptr::null_mut()),
                );
                final_error = err;
                if (self.cb)(preverify, sctx) == 0 {
                    ok = false;
                    break;
                }
            }
            lc::X509_STORE_CTX_free(sctx);
            lc::OPENSSL_sk_pop_free(sk, Some(super::cert::x509_free_cb));
            ok
        };
        // A rejection with no error recorded is reported as X509_V_ERR_UNSPECIFIED, as
        // ssl_verify_cert_chain does.
        if !ok && final_error == 0 {
            final_error = 1;
        }
        *self.result.lock().unwrap_or_else(|p| p.into_inner()) = Some(final_error);
        ok || !self.enforce
    }

    fn decides(&self) -> bool {
        true
    }
}

/// Whether `issuer` looks like the issuer of `cert` (names and key ids), as OpenSSL's
/// chain building asks: X509_check_issued, whose key-usage complaint (a signer not
/// allowed to sign certificates) does not stop the chain, verification reports it.
fn issued(issuer: &CertificateDer<'_>, cert: &CertificateDer<'_>) -> bool {
    /// X509_V_ERR_KEYUSAGE_NO_CERTSIGN.
    const KEYUSAGE_NO_CERTSIGN: c_int = 32;
    let (ix, cx) = (
        super::cert::der_to_x509(issuer),
        super::cert::der_to_x509(cert),
    );
    // SAFETY: both are our X509s (or NULL, which X509_check_issued rejects); freed here.
    unsafe {
        let r = !ix.is_null()
            && !cx.is_null()
            && matches!(lc::X509_check_issued(ix, cx), 0 | KEYUSAGE_NO_CERTSIGN);
        lc::X509_free(ix);
        lc::X509_free(cx);
        r
    }
}

/// The chain verification builds from what the peer sent (see
/// `SSL_get0_verified_chain`).
pub fn verified_chain(
    sent: &[CertificateDer<'static>],
    roots: &Roots,
) -> Vec<CertificateDer<'static>> {
    let mut out: Vec<CertificateDer<'static>> = Vec::new();
    for c in sent {
        if out.last().is_some_and(|last| !issued(c, last)) {
            break;
        }
        out.push(c.clone());
        if roots.certs.contains(c) || issued(c, c) {
            return out;
        }
    }
    if let Some(last) = out.last() {
        if let Some(root) = roots.certs.iter().find(|r| issued(r, last)) {
            out.push(root.clone());
        }
    }
    out
}
