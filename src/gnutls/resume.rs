//! Client session resumption across `gnutls_session_t`s.
//!
//! rustls keeps what a client needs to resume (TLS 1.3 tickets, TLS 1.2 sessions) in a
//! `ClientSessionStore`, keyed by server name, and does not export its contents. So
//! the blob `gnutls_session_get_data2` hands out names the store instead: each
//! session has its own store; get_data registers it in a process-wide table and
//! writes its number into the blob; `gnutls_session_set_data` makes the new session
//! use that store, and rustls then offers what the first connection left there.
//! The blob is only meaningful inside the process that made it (GnuTLS' can be saved
//! to disk); an unknown number is accepted and resumes nothing, as a server that
//! forgot the session would.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// What starts every blob we hand out.
const MAGIC: &[u8] = b"tlsshim-gnutls-session\0";

/// GnuTLS' blob for "TLS 1.3, no ticket yet": get_data2 returns it and set_data
/// accepts it as nothing to resume (lib/session.c EMPTY_DATA).
pub const EMPTY_DATA: &[u8] = &[0, 0, 0, 0];

/// How many stores the table keeps; the oldest go first.
const KEPT: usize = 256;

/// The engine's client session store: the type of `Settings::client_sessions`.
pub type Store = crate::engine::resume::SessionStore;

/// Each client session's store, created with the session. It holds what one server
/// name left (GnuTLS' session data is one session): rustls keys a store by server
/// name, so one entry is enough, and it keeps up to 8 TLS 1.3 tickets per entry.
/// (A 256-entry store preallocated about 14 KB per session.)
pub fn new_store() -> Arc<Store> {
    Arc::new(Store::new(1))
}

/// The client store a server connection's settings carry (the engine's settings
/// always have one; a server connection never uses it): one for the process.
pub fn unused_store() -> Arc<Store> {
    static UNUSED: std::sync::OnceLock<Arc<Store>> = std::sync::OnceLock::new();
    UNUSED.get_or_init(|| Arc::new(Store::new(1))).clone()
}

struct Table {
    next: u64,
    entries: VecDeque<(u64, Arc<Store>)>,
}

fn table() -> std::sync::MutexGuard<'static, Table> {
    static TABLE: Mutex<Table> = Mutex::new(Table {
        next: 1,
        entries: VecDeque::new(),
    });
    TABLE.lock().unwrap_or_else(|p| p.into_inner())
}

/// The blob naming `store` (registered once per store).
pub fn blob_for(store: &Arc<Store>) -> Vec<u8> {
    let mut t = table();
    let id = match t.entries.iter().find(|(_, s)| Arc::ptr_eq(s, store)) {
        Some((id, _)) => *id,
        None => {
            let id = t.next;
            t.next += 1;
            if t.entries.len() == KEPT {
                t.entries.pop_front();
            }
            t.entries.push_back((id, store.clone()));
            id
        }
    };
    let mut blob = MAGIC.to_vec();
    blob.extend_from_slice(&id.to_be_bytes());
    blob
}

/// What a blob given to set_data means.
pub enum Parsed {
    /// Not ours (GnuTLS: GNUTLS_E_DB_ERROR, observed for garbage).
    Invalid,
    /// Ours, but the store is gone: nothing to resume.
    Forgotten,
    Store(Arc<Store>),
}

pub fn parse(blob: &[u8]) -> Parsed {
    let Some(id) = blob
        .strip_prefix(MAGIC)
        .and_then(|rest| <[u8; 8]>::try_from(rest).ok())
        .map(u64::from_be_bytes)
    else {
        return Parsed::Invalid;
    };
    match table().entries.iter().find(|(i, _)| *i == id) {
        Some((_, store)) => Parsed::Store(store.clone()),
        None => Parsed::Forgotten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_round_trip() {
        let store = new_store();
        let blob = blob_for(&store);
        assert_eq!(blob, blob_for(&store), "one number per store");
        match parse(&blob) {
            Parsed::Store(s) => assert!(Arc::ptr_eq(&s, &store)),
            _ => panic!("blob not recognised"),
        }
        assert!(matches!(parse(b"garbage"), Parsed::Invalid));
        let mut unknown = MAGIC.to_vec();
        unknown.extend_from_slice(&u64::MAX.to_be_bytes());
        assert!(matches!(parse(&unknown), Parsed::Forgotten));
    }
}
