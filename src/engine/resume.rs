//! Client resumption that survives per-connection policies.
//!
//! rustls resumes a session only when the new connection's config has the *same*
//! verifier and client-certificate resolver (`Arc::ptr_eq`), so that a session is never
//! resumed under a weaker check than the one it was made under. Our policies are per
//! connection (OpenSSL's verify mode and host name are per SSL), so the engine uses one
//! process-wide verifier and resolver that read the connection being driven from a
//! thread-local [`ConnContext`], and keeps rustls' guarantee itself in [`SessionStore`]:
//! each stored session remembers the verdict and client identity it was made with;
//! it is handed out only to a connection whose policy accepts that verdict and that
//! presents the same identity, and a resumed connection reports that verdict.
use super::verify::{Seen, Verdict, VerifyError, VerifyPolicy};
use rustls::client::{
    ClientSessionMemoryCache, ClientSessionStore, Tls12ClientSessionValue, Tls13ClientSessionValue,
};
use rustls::pki_types::ServerName;
use rustls::sign::CertifiedKey;
use rustls::NamedGroup;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the shared verifier and resolver need to know of the connection being driven.
#[derive(Clone, Debug)]
pub struct ConnContext {
    pub policy: VerifyPolicy,
    pub verdict: Verdict,
    pub seen: Seen,
    pub identity: Option<Arc<CertifiedKey>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<ConnContext>>> = const { RefCell::new(None) };
}

/// Runs `f` (a rustls call that may verify, resolve a client certificate or touch the
/// session store) with `ctx` as the current connection of this thread. Shared, not
/// copied: a handshake enters its context several times and reads it more often.
pub fn with_context<R>(ctx: &Arc<ConnContext>, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT.with(|c| c.replace(Some(ctx.clone())));
    let r = f();
    CURRENT.with(|c| *c.borrow_mut() = previous);
    r
}

/// The connection being driven on this thread, if any.
pub fn current() -> Option<Arc<ConnContext>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// What a stored session was made with.
#[derive(Clone, Debug)]
struct Origin {
    verdict: Option<Result<(), VerifyError>>,
    identity: Option<usize>,
}

fn identity_id(k: &Option<Arc<CertifiedKey>>) -> Option<usize> {
    k.as_ref().map(|k| Arc::as_ptr(k) as usize)
}

/// rustls' memory cache, with each server's sessions tagged by their [`Origin`].
#[derive(Debug)]
pub struct SessionStore {
    inner: ClientSessionMemoryCache,
    origins: Mutex<HashMap<ServerName<'static>, Origin>>,
}

impl SessionStore {
    pub fn new(size: usize) -> Self {
        Self {
            inner: ClientSessionMemoryCache::new(size),
            origins: Mutex::new(HashMap::new()),
        }
    }

    fn record(&self, name: &ServerName<'static>) {
        let Some(ctx) = current() else { return };
        let verdict = *ctx.verdict.lock().unwrap_or_else(|p| p.into_inner());
        let origin = Origin {
            verdict,
            identity: identity_id(&ctx.identity),
        };
        self.origins
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.clone(), origin);
    }

    /// May the current connection resume a session for `name`? If so, it inherits the
    /// verdict the session was made with.
    fn admit(&self, name: &ServerName<'_>) -> bool {
        let Some(ctx) = current() else { return false };
        let origins = self.origins.lock().unwrap_or_else(|p| p.into_inner());
        let Some(origin) = origins.get(&name.to_owned()) else {
            return false;
        };
        if origin.identity != identity_id(&ctx.identity) {
            return false;
        }
        match origin.verdict {
            Some(Ok(())) => {}
            Some(Err(_)) if !ctx.policy.enforce && ctx.policy.hook.is_none() => {}
            _ => return false,
        }
        *ctx.verdict.lock().unwrap_or_else(|p| p.into_inner()) = origin.verdict;
        true
    }
}

impl ClientSessionStore for SessionStore {
    fn set_kx_hint(&self, server_name: ServerName<'static>, group: NamedGroup) {
        self.inner.set_kx_hint(server_name, group)
    }
    fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
        self.inner.kx_hint(server_name)
    }
    fn set_tls12_session(&self, server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
        self.record(&server_name);
        self.inner.set_tls12_session(server_name, value)
    }
    fn tls12_session(&self, server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        if !self.admit(server_name) {
            return None;
        }
        self.inner.tls12_session(server_name)
    }
    fn remove_tls12_session(&self, server_name: &ServerName<'static>) {
        self.inner.remove_tls12_session(server_name)
    }
    fn insert_tls13_ticket(
        &self,
        server_name: ServerName<'static>,
        value: Tls13ClientSessionValue,
    ) {
        self.record(&server_name);
        self.inner.insert_tls13_ticket(server_name, value)
    }
    fn take_tls13_ticket(
        &self,
        server_name: &ServerName<'static>,
    ) -> Option<Tls13ClientSessionValue> {
        if !self.admit(server_name) {
            return None;
        }
        self.inner.take_tls13_ticket(server_name)
    }
}
