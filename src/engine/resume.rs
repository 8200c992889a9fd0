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
use rustls::client::{ClientSessionStore, Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls::pki_types::ServerName;
use rustls::sign::CertifiedKey;
use rustls::NamedGroup;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
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

/// Most TLS 1.3 tickets kept per server (as rustls' `ClientSessionMemoryCache`).
pub const TICKETS_PER_SERVER: usize = 8;

/// What a client keeps for one server name.
#[derive(Debug)]
struct ServerEntry {
    name: ServerName<'static>,
    kx_hint: Option<NamedGroup>,
    tls12: Option<Tls12ClientSessionValue>,
    /// Oldest first; grows as tickets come (rustls' cache preallocates 8 per server).
    tls13: VecDeque<Tls13ClientSessionValue>,
    /// What the sessions stored here were made with.
    origin: Option<Origin>,
}

/// A client session store with the semantics of rustls' `ClientSessionMemoryCache`
/// (servers evicted oldest-inserted first; at most 8 TLS 1.3 tickets per server, the
/// newest taken first; one TLS 1.2 session), whose sessions are tagged by their
/// [`Origin`]. Its own because of memory: a GnuTLS session has a store of its own, and
/// rustls' cache (a hash table plus a server entry preallocated for 8 tickets) came to
/// about 2 KB of every client connection; a short list allocates only what it holds.
/// Lookups are linear: a store holds at most 32 servers (an OpenSSL SSL_CTX's).
#[derive(Debug)]
pub struct SessionStore {
    max_servers: usize,
    servers: Mutex<VecDeque<ServerEntry>>,
}

impl SessionStore {
    /// Room for `size` sessions: `size / 8` servers rounded up, as rustls' cache.
    pub fn new(size: usize) -> Self {
        Self {
            max_servers: size.div_ceil(TICKETS_PER_SERVER),
            servers: Mutex::new(VecDeque::new()),
        }
    }

    fn servers(&self) -> std::sync::MutexGuard<'_, VecDeque<ServerEntry>> {
        self.servers.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Edits the entry for `name`, made (evicting the oldest) if there is none.
    fn edit(&self, name: ServerName<'static>, f: impl FnOnce(&mut ServerEntry)) {
        if self.max_servers == 0 {
            return;
        }
        let mut servers = self.servers();
        if let Some(e) = servers.iter_mut().find(|e| e.name == name) {
            return f(e);
        }
        if servers.len() == self.max_servers {
            servers.pop_front();
        }
        servers.push_back(ServerEntry {
            name,
            kx_hint: None,
            tls12: None,
            tls13: VecDeque::new(),
            origin: None,
        });
        if let Some(e) = servers.back_mut() {
            f(e);
        }
    }

    fn read<R>(
        &self,
        name: &ServerName<'_>,
        f: impl FnOnce(&mut ServerEntry) -> Option<R>,
    ) -> Option<R> {
        self.servers()
            .iter_mut()
            .find(|e| e.name == *name)
            .and_then(f)
    }

    /// The origin of a session being stored for `name`: the current connection's.
    fn record(entry: &mut ServerEntry) {
        let Some(ctx) = current() else { return };
        let verdict = *ctx.verdict.lock().unwrap_or_else(|p| p.into_inner());
        entry.origin = Some(Origin {
            verdict,
            identity: identity_id(&ctx.identity),
        });
    }

    /// May the current connection resume a session for `name`? If so, it inherits the
    /// verdict the session was made with.
    fn admit(&self, name: &ServerName<'_>) -> bool {
        let Some(ctx) = current() else { return false };
        let Some(origin) = self.read(name, |e| e.origin.clone()) else {
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
        self.edit(server_name, |e| e.kx_hint = Some(group));
    }
    fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
        self.read(server_name, |e| e.kx_hint)
    }
    fn set_tls12_session(&self, server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
        self.edit(server_name, |e| {
            Self::record(e);
            e.tls12 = Some(value);
        });
    }
    fn tls12_session(&self, server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        if !self.admit(server_name) {
            return None;
        }
        self.read(server_name, |e| e.tls12.clone())
    }
    fn remove_tls12_session(&self, server_name: &ServerName<'static>) {
        self.read(server_name, |e| e.tls12.take());
    }
    fn insert_tls13_ticket(
        &self,
        server_name: ServerName<'static>,
        value: Tls13ClientSessionValue,
    ) {
        self.edit(server_name, |e| {
            Self::record(e);
            if e.tls13.len() == TICKETS_PER_SERVER {
                e.tls13.pop_front();
            }
            e.tls13.push_back(value);
        });
    }
    fn take_tls13_ticket(
        &self,
        server_name: &ServerName<'static>,
    ) -> Option<Tls13ClientSessionValue> {
        if !self.admit(server_name) {
            return None;
        }
        self.read(server_name, |e| e.tls13.pop_back())
    }
}

/// How a server caches sessions (OpenSSL's session cache mode, timeout and size).
#[derive(Clone, Debug)]
pub struct ServerCachePolicy {
    /// Sessions are cached at all (TLS 1.2 session ids, TLS 1.3 stateful tickets).
    pub enabled: bool,
    /// Look sessions up in the internal cache.
    pub internal_lookup: bool,
    /// Keep new sessions in the internal cache.
    pub internal_store: bool,
    /// Seconds a session stays resumable.
    pub timeout: u64,
    /// Most sessions the internal cache holds (the oldest goes first).
    pub capacity: usize,
    /// With tickets on, cache no TLS 1.2 session under a session id: rustls still
    /// makes one, but OpenSSL issues a ticket *instead* of a session id to a client
    /// that takes tickets (ssl_generate_session_id), so it caches and reports nothing.
    pub ticket_instead_of_id: bool,
}

impl Default for ServerCachePolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            internal_lookup: true,
            internal_store: true,
            timeout: 7200,
            capacity: 20 * 1024,
            ticket_instead_of_id: false,
        }
    }
}

/// A program's own session cache, asked when the internal one has no session for an
/// id: the encoded session value, if it has one.
pub trait ExternalCache: Send + Sync + std::fmt::Debug {
    fn get(&self, id: &[u8]) -> Option<Vec<u8>>;
}

/// The lookups that went past the internal cache, for the faces' counters.
#[derive(Debug, Default)]
pub struct CacheStats {
    pub misses: std::sync::atomic::AtomicU64,
    pub external_hits: std::sync::atomic::AtomicU64,
    pub timeouts: std::sync::atomic::AtomicU64,
}

#[derive(Debug)]
struct Stored {
    value: Vec<u8>,
    created: u64,
    timeout: u64,
}

/// The sessions by id, and their ids oldest first (for eviction).
#[derive(Debug, Default)]
struct Entries {
    map: HashMap<Vec<u8>, Stored>,
    order: std::collections::VecDeque<Vec<u8>>,
}

/// A server's internal session cache, shared by the connections of one context: the
/// session id (TLS 1.2) or stateful ticket (TLS 1.3) → rustls' encoded session value.
#[derive(Debug, Default)]
pub struct ServerCache {
    entries: Mutex<Entries>,
    pub stats: CacheStats,
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl ServerCache {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Adds (or replaces) a session made at `created` that lives `timeout` seconds.
    pub fn insert(&self, id: Vec<u8>, value: Vec<u8>, created: u64, timeout: u64, capacity: usize) {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let Entries { map, order } = &mut *guard;
        if map.len() >= capacity.max(1) && !map.contains_key(&id) {
            while let Some(old) = order.pop_front() {
                if map.remove(&old).is_some() {
                    break;
                }
            }
        }
        if map
            .insert(
                id.clone(),
                Stored {
                    value,
                    created,
                    timeout,
                },
            )
            .is_none()
        {
            order.push_back(id);
        }
    }

    /// Removes a session; whether it was there.
    pub fn remove(&self, id: &[u8]) -> bool {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        guard.map.remove(id).is_some()
    }

    /// How many sessions the internal cache holds.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The session for `id` if it is there and not expired (an expired one is dropped
    /// and counted); `take` removes it.
    fn lookup(&self, id: &[u8], take: bool) -> Option<Vec<u8>> {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let map = &mut guard.map;
        let stored = map.get(id)?;
        if unix_now() >= stored.created.saturating_add(stored.timeout) {
            map.remove(id);
            self.stats.timeouts.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        if take {
            map.remove(id).map(|s| s.value)
        } else {
            Some(stored.value.clone())
        }
    }
}

use std::sync::atomic::Ordering;

/// The sessions one server connection stored, in order: (id, encoded value).
pub type StoredLog = Arc<Mutex<Vec<(Vec<u8>, Vec<u8>)>>>;

/// rustls' server session storage for one connection: the context's [`ServerCache`]
/// under the connection's policy, its program's [`ExternalCache`], and a log of what
/// the connection stored (the faces hand those sessions to the program).
#[derive(Debug)]
pub struct ConnStore {
    pub cache: Arc<ServerCache>,
    pub policy: ServerCachePolicy,
    pub external: Option<Arc<dyn ExternalCache>>,
    /// Tickets are on (see [`ServerCachePolicy::ticket_instead_of_id`]).
    pub tickets: bool,
    pub log: StoredLog,
}

impl ConnStore {
    fn find(&self, id: &[u8], take: bool) -> Option<Vec<u8>> {
        if self.policy.internal_lookup {
            let timeouts = self.cache.stats.timeouts.load(Ordering::Relaxed);
            if let Some(v) = self.cache.lookup(id, take) {
                return Some(v);
            }
            // OpenSSL counts a miss only when the id was not there at all.
            if self.cache.stats.timeouts.load(Ordering::Relaxed) == timeouts {
                self.cache.stats.misses.fetch_add(1, Ordering::Relaxed);
            }
        }
        let v = self.external.as_ref()?.get(id)?;
        self.cache
            .stats
            .external_hits
            .fetch_add(1, Ordering::Relaxed);
        if self.policy.internal_store && !take {
            self.cache.insert(
                id.to_vec(),
                v.clone(),
                unix_now(),
                self.policy.timeout,
                self.policy.capacity,
            );
        }
        Some(v)
    }
}

impl rustls::server::StoresServerSessions for ConnStore {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        if !self.policy.enabled || (self.tickets && self.policy.ticket_instead_of_id) {
            return false;
        }
        if self.policy.internal_store {
            self.cache.insert(
                key.clone(),
                value.clone(),
                unix_now(),
                self.policy.timeout,
                self.policy.capacity,
            );
        }
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((key, value));
        true
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        if !self.policy.enabled {
            return None;
        }
        self.find(key, false)
    }

    // TLS 1.3 stateful tickets are single-use in rustls (RFC 8446 §8.1 anti-replay).
    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        if !self.policy.enabled {
            return None;
        }
        self.find(key, true)
    }

    fn can_cache(&self) -> bool {
        self.policy.enabled
    }
}
