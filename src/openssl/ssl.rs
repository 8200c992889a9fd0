//! `SSL`: one connection's object, its settings, transports and getters.
#![allow(non_snake_case, non_camel_case_types)]
use super::consts::*;
use super::ctx::{self, SSL_verify_cb, SSL_CTX, SSL_METHOD};
use super::libcrypto as lc;
use super::suites::{self, SSL_CIPHER};
use super::{err, guard};
use crate::engine::{self, Role, Session, Settings, VerifyError, Version};
use crate::ffi;
use std::ffi::{c_char, c_int, c_long, c_uchar, c_uint, c_void, CString};
use std::sync::Arc;

/// Which side of the transport the last operation waited on (OpenSSL's `rwstate`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RwState {
    Nothing,
    Reading,
    Writing,
}

/// `SSL`.
pub struct SSL {
    pub ctx: *mut SSL_CTX,
    pub role: Option<Role>,
    pub rbio: *mut lc::BIO,
    pub wbio: *mut lc::BIO,
    pub session: Option<Session>,
    pub verify_mode: c_int,
    pub verify_cb: SSL_verify_cb,
    pub sni: Option<String>,
    pub param: *mut lc::X509_VERIFY_PARAM,
    pub options: u64,
    pub mode: c_long,
    pub alpn: Option<Vec<Vec<u8>>>,
    pub min_proto: c_int,
    pub max_proto: c_int,
    pub rwstate: RwState,
    pub shutdown: c_int,
    pub quiet_shutdown: bool,
    pub ex_data: Vec<*mut c_void>,
    pub verify_result: Option<c_long>,
    /// The peer chain as libcrypto objects, built on first request, freed with us.
    pub peer_chain: super::cert::X509Stack,
    /// The peer's certificate for `SSL_get0_peer_certificate` (a stack of one).
    pub peer_leaf: super::cert::X509Stack,
    /// A NUL-terminated copy of the SNI name for `SSL_get_servername`.
    pub servername_c: Option<CString>,
    /// `SSL_set_session`: resume from this session's store (one reference held).
    pub resume_from: *mut super::session::SSL_SESSION,
    /// `SSL_get_session`'s answer, owned by the SSL.
    pub own_session: *mut super::session::SSL_SESSION,
    pub new_session_reported: bool,
    /// The fatal error of the connection has been put on the ERR queue.
    pub fatal_reported: bool,
    /// The buffer of a write that blocked, for OpenSSL's bad-retry checks.
    pub write_ptr: usize,
    /// The verify result a verify-callback run left (it can differ from the verdict).
    pub callback_result: Arc<std::sync::Mutex<Option<c_long>>>,
    /// The SNI name of the ClientHello, for the servername callback.
    pub hello_sni: Option<String>,
    /// `SSL_set_info_callback`; when unset the context's is called.
    pub info_cb: Option<super::info::InfoCb>,
    /// The message callback and its argument (from the context at SSL_new, as
    /// OpenSSL copies them; see super::info).
    pub msg_cb: ctx::MsgCb,
    pub msg_cb_arg: usize,
    /// The client session store when no session was given (see `client_sessions`),
    /// made on first use.
    pub own_sessions: std::sync::OnceLock<Arc<crate::engine::resume::SessionStore>>,
    /// `SSL_set_num_tickets` (from the context at SSL_new, as OpenSSL copies it).
    pub num_tickets: usize,
    /// The type of a key update `SSL_key_update` asked for and no write or handshake
    /// call has sent yet (`SSL_get_key_update_type`); SSL_KEY_UPDATE_NONE otherwise.
    pub key_update: c_int,
    /// The handshake was counted as begun / finished in the context's sess_* stats.
    pub counted_start: bool,
    pub counted_done: bool,
    /// The last session this server connection put in the context's cache, (id,
    /// value): OpenSSL's `s->session`, dropped again if the SSL is freed unshut.
    pub cached_session: Option<(Vec<u8>, Vec<u8>)>,
    pub security_level: c_int,
    pub max_early_data: u32,
    pub recv_max_early_data: u32,
    /// SSL_read_early_data said FINISH (OpenSSL's SSL_EARLY_DATA_FINISHED_READING).
    pub early_data_finished: bool,
    /// Certificate and key given to this SSL (`SSL_use_*`); `None`: the context's.
    pub own_creds: Option<Box<super::cert::OwnCreds>>,
    /// `SSL_set_default_passwd_cb` / `_userdata` (from the context at SSL_new).
    pub passwd_cb: lc::PemPasswordCb,
    pub passwd_userdata: usize,
    /// `SSL_set_client_CA_list` (owned); empty: the context's.
    pub client_ca_list: super::server::NameStack,
    /// What `SSL_get_ciphers` returned last (owned, refilled on each call).
    pub cipher_stack: super::suites::CipherStack,
    /// A DTLS connection (a `DTLS_*method` context): its session (see super::dtls).
    pub dtls: Option<Box<crate::engine::dtls::DtlsSession>>,
    /// `SSL_set_mtu` / `DTLS_set_link_mtu`; 0 when not set.
    pub dtls_mtu: usize,
    /// `SSL_set_cipher_list` / `SSL_set_ciphersuites`; `None`: the context's.
    pub suites12: Option<Vec<u16>>,
    pub suites13: Option<Vec<u16>>,
    /// What `SSL_get0_verified_chain` returned (owned).
    pub verified_chain: super::cert::X509Stack,
    /// A server's view of the suites the client offered (IANA ids), and the stack
    /// `SSL_get_client_ciphers` returned (owned).
    pub client_suites: Vec<u16>,
    pub client_cipher_stack: super::suites::CipherStack,
}

impl SSL {
    pub fn ctx(&self) -> &SSL_CTX {
        // SAFETY: an SSL holds a reference on its context for its whole life.
        unsafe { &*self.ctx }
    }

    /// The engine settings for this connection: the context's, with this object's
    /// overrides, and the roots read from the context's store now.
    pub fn settings(&self) -> Settings {
        let c = self.ctx();
        let st = c.state();
        let mut s: Settings = st.settings.clone();
        let min = if self.min_proto != 0 {
            self.min_proto
        } else {
            st.min_proto
        };
        let max = if self.max_proto != 0 {
            self.max_proto
        } else {
            st.max_proto
        };
        s.min_version = if min > TLS1_2_VERSION {
            ctx::version_of(min)
        } else {
            None
        };
        s.max_version = if max != 0 {
            Some(ctx::version_of(max).unwrap_or(Version::Tls12))
        } else {
            None
        };
        if max != 0 && max < TLS1_2_VERSION {
            // Nothing below TLS 1.2 exists here: an empty range fails at connect time.
            s.min_version = Some(Version::Tls13);
            s.max_version = Some(Version::Tls12);
        }
        s.suites = suites::engine_suites(
            self.suites12.as_deref().or(st.suites12.as_deref()),
            self.suites13.as_deref().or(st.suites13.as_deref()),
        );
        s.alpn = self.alpn.clone().unwrap_or_else(|| st.alpn.clone());
        s.sni = self.sni.clone();
        (s.identity, s.more_identities) = match &self.own_creds {
            Some(own) => (
                own.creds.identity.clone(),
                super::cert::more_identities(&own.creds.slots),
            ),
            None => (
                st.creds.identity.clone(),
                super::cert::more_identities(&st.creds.slots),
            ),
        };
        s.client_sessions = self.client_sessions();
        s.tap_messages = self.msg_cb.is_some();
        if let Some(cb) = st.keylog_cb {
            s.key_log = Some(Arc::new(KeylogCallback {
                ssl: self as *const SSL as usize,
                cb,
            }));
        }
        let ctx = CurrentCtx(self as *const SSL);
        let lazy: crate::engine::verify::LazyRoots = Arc::new(move || ctx.roots());
        s.verify.lazy_roots = Some(lazy.clone());
        let flags = FlagsOf {
            ctx,
            param: self.param,
        };
        s.verify.lazy_revocation = Some(Arc::new(move || flags.revocation()));
        s.verify.enforce = self.verify_mode & SSL_VERIFY_PEER != 0;
        s.client_auth = match (self.role, self.verify_mode) {
            (Some(Role::Server), m)
                if m & SSL_VERIFY_PEER != 0 && m & SSL_VERIFY_FAIL_IF_NO_PEER_CERT != 0 =>
            {
                crate::engine::verify::ClientAuth::Require
            }
            (Some(Role::Server), m) if m & SSL_VERIFY_PEER != 0 => {
                crate::engine::verify::ClientAuth::Request
            }
            _ => crate::engine::verify::ClientAuth::None,
        };
        if let Some(cb) = self.verify_cb {
            let store = c.store.lock().unwrap_or_else(|p| p.into_inner());
            // SAFETY: the context's store is NULL or live while its lock is held.
            let store = unsafe { super::verify::StoreRef::new(*store) };
            s.verify.hook = Some(Arc::new(super::verify::VerifyCallback {
                ssl: self as *const SSL as usize,
                store,
                cb,
                enforce: s.verify.enforce,
                roots: lazy,
                result: self.callback_result.clone(),
            }));
        }
        s.verify.host = self.param_host();
        // A server's CertificateRequest lists its client CA list (the SSL's, else the
        // context's), nothing when none was set: OpenSSL's get_ca_names, not the roots.
        let ca_list = match self.client_ca_list.0 {
            0 => st.server.client_ca_list,
            own => own,
        };
        s.client_ca_names = Some(super::server::name_ders(ca_list));
        s.tickets = self.options & SSL_OP_NO_TICKET == 0;
        s.tls13_tickets = self.num_tickets;
        let mode = st.sess_cache_mode;
        s.server_cache = crate::engine::resume::ServerCachePolicy {
            enabled: mode & SSL_SESS_CACHE_SERVER != 0,
            internal_lookup: mode & SSL_SESS_CACHE_NO_INTERNAL_LOOKUP == 0,
            internal_store: mode & SSL_SESS_CACHE_NO_INTERNAL_STORE == 0,
            timeout: u64::try_from(st.timeout).unwrap_or(0),
            // OpenSSL: a size of 0 is no limit.
            capacity: usize::try_from(st.sess_cache_size)
                .ok()
                .filter(|&n| n > 0)
                .unwrap_or(usize::MAX),
            ticket_instead_of_id: true,
        };
        s.external_cache = st.server.sess_get_cb.map(|cb| {
            Arc::new(super::session::ProgramCache {
                ssl: self as *const SSL as usize,
                cb,
                sid_ctx: st.server.sid_ctx.clone(),
            }) as Arc<dyn crate::engine::resume::ExternalCache>
        });
        // X509_check_host falls back to the subject CN when the leaf has no DNS SAN,
        // unless told never to (Python's hostname_checks_common_name = False).
        // SAFETY: param is our live X509_VERIFY_PARAM.
        let hostflags = unsafe { lc::X509_VERIFY_PARAM_get_hostflags(self.param) };
        s.verify.cn_fallback = if hostflags & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT != 0 {
            crate::engine::verify::CnFallback::Never
        } else {
            crate::engine::verify::CnFallback::WithoutDnsSan
        };
        s
    }

    /// The client session store this connection resumes from and saves into: the
    /// one of the session given to `SSL_set_session`, else the SSL's own. Never the
    /// context's: an OpenSSL client resumes only the session it is given ("only the
    /// application can decide", SSL_CTX_set_session_cache_mode(3)); its own store is
    /// kept across `SSL_clear`, as OpenSSL keeps `s->session` for the next connect.
    pub fn client_sessions(&self) -> Arc<crate::engine::resume::SessionStore> {
        // SAFETY: resume_from is NULL or a session we hold a reference on.
        match unsafe { super::session::session_ref(self.resume_from) } {
            Some(sess) => sess.store.clone(),
            None => self
                .own_sessions
                .get_or_init(|| {
                    Arc::new(crate::engine::resume::SessionStore::new(
                        crate::engine::resume::TICKETS_PER_SERVER,
                    ))
                })
                .clone(),
        }
    }

    /// The host (or IP) set with `X509_VERIFY_PARAM_set1_host` / `set1_ip`.
    fn param_host(&self) -> Option<String> {
        // SAFETY: param is our live X509_VERIFY_PARAM; the returned strings are
        // owned by it (get0) or by us (get1, freed here).
        unsafe {
            let h = lc::X509_VERIFY_PARAM_get0_host(self.param, 0);
            if let Some(h) = ffi::cstr(h) {
                return Some(h.to_string());
            }
            // get1_ip_asc pushes ERR_R_PASSED_NULL_PARAMETER when no IP is set; that
            // entry is ours, not the program's, so it is popped again.
            lc::ERR_set_mark();
            let ip = lc::X509_VERIFY_PARAM_get1_ip_asc(self.param);
            lc::ERR_pop_to_mark();
            let out = ffi::cstr(ip).map(str::to_string);
            if !ip.is_null() {
                lc::CRYPTO_free(ip.cast(), c"tlsshim".as_ptr(), 0);
            }
            out
        }
    }

    /// The session, created on first use with the settings in force then.
    pub fn session(&mut self, func: &'static str) -> Result<&mut Session, c_int> {
        if self.session.is_none() {
            let role = self.role.ok_or_else(|| {
                err::push(func, SSL_R_CONNECTION_TYPE_NOT_SET, None);
                -1
            })?;
            let made = match role {
                Role::Client => Session::client(&self.settings(), "openssl"),
                // The server's settings are picked when the ClientHello is in, after
                // the program's SNI and ALPN callbacks (super::server::SslChooser).
                Role::Server => {
                    // Check now what can be checked now: a server needs a certificate
                    // (its own, its context's, or one a callback can still set).
                    let can_serve = self.own_creds.as_ref().map_or_else(
                        || {
                            let st = self.ctx().state();
                            st.creds.identity.is_some()
                                || st.server.cert_cb.is_some()
                                || st.server.servername_cb.is_some()
                        },
                        |own| own.creds.identity.is_some(),
                    );
                    if !can_serve {
                        Err(engine::Error::Config("no certificate assigned".into()))
                    } else {
                        let chooser = super::server::SslChooser {
                            ssl: self as *mut SSL,
                        };
                        let tap = self
                            .msg_cb
                            .map(|_| self.settings().max_version != Some(engine::Version::Tls12));
                        Ok(Session::server_choosing(Box::new(chooser), "openssl", tap))
                    }
                }
            };
            match made {
                Ok(mut s) => {
                    s.observe(super::info::observed(self));
                    self.session = Some(s)
                }
                Err(e) => {
                    let reason = match &e {
                        engine::Error::Config(m) if m.contains("certificate") => {
                            SSL_R_NO_CERTIFICATE_ASSIGNED
                        }
                        // No suite for the versions in force (an emptied cipher list).
                        engine::Error::Config(m) if m.contains("cipher suites") => {
                            SSL_R_NO_CIPHERS_AVAILABLE
                        }
                        _ => SSL_R_NO_PROTOCOLS_AVAILABLE,
                    };
                    err::push(func, reason, Some(&e.to_string()));
                    return Err(-1);
                }
            }
        }
        Ok(self.session.as_mut().expect("session just created"))
    }

    pub fn handshake_done(&self) -> bool {
        self.session.as_ref().is_some_and(|s| !s.is_handshaking())
            || self.dtls.as_ref().is_some_and(|d| !d.is_handshaking())
    }
}

/// The program's keylog callback (`SSL_CTX_set_keylog_callback`), fed the NSS key log
/// lines rustls produces — the same lines OpenSSL gives it.
struct KeylogCallback {
    ssl: usize,
    cb: unsafe extern "C" fn(*const c_void, *const c_char),
}

impl std::fmt::Debug for KeylogCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeylogCallback")
    }
}

impl rustls::KeyLog for KeylogCallback {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        if let Ok(line) = CString::new(format!("{label} {} {}", hex(client_random), hex(secret))) {
            // SAFETY: the program's callback with its SSL (alive while it handshakes)
            // and a NUL-terminated line valid for the call.
            unsafe { (self.cb)(self.ssl as *const c_void, line.as_ptr()) };
        }
    }
}

/// The context of an SSL as it is when the verifier asks, for its lazy root and flag
/// lookups: OpenSSL verifies with the store of the SSL's context of the moment
/// (`s->ctx->cert_store` in ssl_verify_cert_chain), so after an `SSL_set_SSL_CTX`
/// mid-handshake the new context's. Reading it through the SSL, which holds a
/// reference on its current context, also lets the program free the old one meanwhile
/// (a copy of the pointer, taken when the settings were made, read it after free).
#[derive(Clone, Copy)]
struct CurrentCtx(*const SSL);
// SAFETY: the SSL owns the session that holds this, so it outlives it; the verifier
// runs on the thread driving the SSL (the one-thread-per-object rule) while no borrow
// of the SSL is held (io::drive), and this only reads its context pointer.
unsafe impl Send for CurrentCtx {}
// SAFETY: as above.
unsafe impl Sync for CurrentCtx {}
impl CurrentCtx {
    fn get(&self) -> &SSL_CTX {
        // SAFETY: see the Send/Sync note; an SSL holds a reference on its context.
        unsafe { &*std::ptr::addr_of!((*self.0).ctx).read() }
    }
    fn roots(&self) -> Arc<crate::engine::verify::Roots> {
        self.get().roots()
    }
}

/// Where an SSL's verify flags live, read when the peer's certificate arrives: the
/// SSL's own param (which inherited the context's at SSL_new) and the store's param,
/// combined as X509_STORE_CTX_init + X509_VERIFY_PARAM_set1 do (the flags are ORed).
struct FlagsOf {
    ctx: CurrentCtx,
    param: *mut lc::X509_VERIFY_PARAM,
}
// SAFETY: the param belongs to the SSL that owns the session reading it, and is only
// read (X509_VERIFY_PARAM_get_flags) from the thread driving that SSL.
unsafe impl Send for FlagsOf {}
// SAFETY: as above.
unsafe impl Sync for FlagsOf {}
impl FlagsOf {
    /// OpenSSL consults CRLs only with X509_V_FLAG_CRL_CHECK (the leaf), and for the
    /// whole chain with X509_V_FLAG_CRL_CHECK_ALL as well (check_revocation in
    /// x509_vfy.c: CHECK_ALL alone does nothing).
    fn revocation(&self) -> crate::engine::verify::Revocation {
        use crate::engine::verify::Revocation;
        // SAFETY: see the Send/Sync note: the SSL and its param outlive the session.
        let flags =
            self.ctx.get().store_flags() | unsafe { lc::X509_VERIFY_PARAM_get_flags(self.param) };
        match (
            flags & X509_V_FLAG_CRL_CHECK != 0,
            flags & X509_V_FLAG_CRL_CHECK_ALL != 0,
        ) {
            (false, _) => Revocation::Off,
            (true, false) => Revocation::Leaf,
            (true, true) => Revocation::Chain,
        }
    }
}

/// `SSL` from a C pointer.
///
/// # Safety
/// `s` is NULL or a live SSL used by this thread alone.
pub unsafe fn ssl_mut<'a>(s: *mut SSL) -> Option<&'a mut SSL> {
    // SAFETY: per the contract.
    unsafe { ffi::obj_mut(s) }
}

/// Runs `f` on the SSL; NULL pushes `ERR_R_PASSED_NULL_PARAMETER` and gives `fail`.
pub fn with_ssl<R: Clone + std::fmt::Debug>(
    func: &'static str,
    s: *const SSL,
    fail: R,
    f: impl FnOnce(&mut SSL) -> R,
) -> R {
    guard(func, fail.clone(), || {
        // SAFETY: s is NULL or a live SSL (the API's one-thread-per-object rule).
        match unsafe { ssl_mut(s.cast_mut()) } {
            Some(ssl) => f(ssl),
            None => {
                err::push_null(func);
                fail
            }
        }
    })
}

pub unsafe extern "C" fn SSL_new(ctx: *mut SSL_CTX) -> *mut SSL {
    guard("SSL_new", std::ptr::null_mut(), || {
        // SAFETY: ctx is NULL or live.
        let Some(c) = (unsafe { ctx::ctx_ref(ctx) }) else {
            err::push("SSL_new", SSL_R_NULL_SSL_CTX, None);
            return std::ptr::null_mut();
        };
        c.up_ref();
        let st = c.state();
        // SAFETY: a new param inheriting the context's (host, depth, flags).
        let param = unsafe {
            let p = lc::X509_VERIFY_PARAM_new();
            lc::X509_VERIFY_PARAM_inherit(p, c.param);
            p
        };
        let method: &SSL_METHOD = c.method;
        ffi::into_handle(SSL {
            ctx,
            role: method.role,
            rbio: std::ptr::null_mut(),
            wbio: std::ptr::null_mut(),
            session: None,
            verify_mode: st.verify_mode,
            verify_cb: st.verify_cb,
            sni: None,
            param,
            options: st.options,
            mode: st.mode,
            alpn: None,
            min_proto: 0,
            max_proto: 0,
            rwstate: RwState::Nothing,
            shutdown: 0,
            quiet_shutdown: false,
            ex_data: Vec::new(),
            verify_result: None,
            peer_chain: Default::default(),
            peer_leaf: Default::default(),
            servername_c: None,
            resume_from: std::ptr::null_mut(),
            own_session: std::ptr::null_mut(),
            new_session_reported: false,
            fatal_reported: false,
            write_ptr: 0,
            callback_result: Arc::default(),
            hello_sni: None,
            info_cb: None,
            msg_cb: st.msg_cb,
            msg_cb_arg: st.msg_cb_arg,
            own_sessions: std::sync::OnceLock::new(),
            num_tickets: st.num_tickets,
            key_update: SSL_KEY_UPDATE_NONE,
            counted_start: false,
            counted_done: false,
            cached_session: None,
            security_level: st.security_level,
            max_early_data: st.server.max_early_data,
            recv_max_early_data: st.server.recv_max_early_data,
            early_data_finished: false,
            own_creds: None,
            passwd_cb: st.passwd_cb,
            passwd_userdata: st.passwd_userdata,
            client_ca_list: Default::default(),
            cipher_stack: Default::default(),
            suites12: None,
            suites13: None,
            verified_chain: Default::default(),
            client_suites: Vec::new(),
            client_cipher_stack: Default::default(),
            dtls: None,
            dtls_mtu: 0,
        })
    })
}

pub unsafe extern "C" fn SSL_free(s: *mut SSL) {
    guard("SSL_free", (), || {
        if s.is_null() {
            return;
        }
        // SAFETY: s came from SSL_new; we drop it once, releasing what it holds:
        // one reference on each BIO (two if rbio == wbio, as OpenSSL counts them),
        // the param, the peer chain and the context reference.
        super::session::clear_bad_session(s);
        unsafe {
            let ssl = &mut *s;
            free_bios(ssl);
            lc::X509_VERIFY_PARAM_free(ssl.param);
            super::session::SSL_SESSION_free(ssl.resume_from);
            super::session::SSL_SESSION_free(ssl.own_session);
            let ctx = ssl.ctx;
            ffi::free_handle(s);
            ctx::release_ctx(ctx);
        }
    })
}

/// # Safety
/// The BIOs are NULL or references this SSL owns.
unsafe fn free_bios(ssl: &mut SSL) {
    // SAFETY: per the contract.
    unsafe {
        if !ssl.rbio.is_null() {
            lc::BIO_free_all(ssl.rbio);
        }
        if !ssl.wbio.is_null() {
            lc::BIO_free_all(ssl.wbio);
        }
    }
    ssl.rbio = std::ptr::null_mut();
    ssl.wbio = std::ptr::null_mut();
}

pub unsafe extern "C" fn SSL_set_connect_state(s: *mut SSL) {
    with_ssl("SSL_set_connect_state", s, (), |ssl| {
        ssl.role = Some(Role::Client);
        ssl.shutdown = 0;
    })
}
pub unsafe extern "C" fn SSL_set_accept_state(s: *mut SSL) {
    with_ssl("SSL_set_accept_state", s, (), |ssl| {
        ssl.role = Some(Role::Server);
        ssl.shutdown = 0;
    })
}
pub unsafe extern "C" fn SSL_is_server(s: *const SSL) -> c_int {
    with_ssl("SSL_is_server", s, 0, |ssl| {
        c_int::from(ssl.role == Some(Role::Server))
    })
}

/// `SSL_set_bio`: OpenSSL 3.0's case-by-case ownership (ssl_lib.c, SSL_set_bio(3)):
/// each slot owns one reference. Nothing happens when neither BIO changes; when
/// rbio == wbio one more reference is taken; when only the wbio changes, only it is
/// adopted; when only the rbio changes and the old rbio and wbio differed, only it is
/// adopted; otherwise both are. A slot passed its current BIO keeps the reference it
/// has (freeing one there, as this did before, dropped a reference the SSL still
/// used: `SSL_set_bio(s, b, b)` twice freed `b` twice at `SSL_free`).
pub unsafe extern "C" fn SSL_set_bio(s: *mut SSL, rbio: *mut lc::BIO, wbio: *mut lc::BIO) {
    with_ssl("SSL_set_bio", s, (), |ssl| {
        if rbio == ssl.rbio && wbio == ssl.wbio {
            return;
        }
        // SAFETY: the BIOs are NULL or live; the references as documented above.
        unsafe {
            if !rbio.is_null() && rbio == wbio {
                lc::BIO_up_ref(rbio);
            }
            if rbio == ssl.rbio {
                set0_wbio(ssl, wbio);
            } else if wbio == ssl.wbio && ssl.rbio != ssl.wbio {
                set0_rbio(ssl, rbio);
            } else {
                set0_rbio(ssl, rbio);
                set0_wbio(ssl, wbio);
            }
        }
    })
}

/// # Safety
/// `ssl.rbio` is NULL or a reference this SSL owns; `rbio` becomes one.
unsafe fn set0_rbio(ssl: &mut SSL, rbio: *mut lc::BIO) {
    if !ssl.rbio.is_null() {
        // SAFETY: per the contract.
        unsafe { lc::BIO_free_all(ssl.rbio) };
    }
    ssl.rbio = rbio;
}

/// # Safety
/// As [`set0_rbio`], for the write slot.
unsafe fn set0_wbio(ssl: &mut SSL, wbio: *mut lc::BIO) {
    if !ssl.wbio.is_null() {
        // SAFETY: per the contract.
        unsafe { lc::BIO_free_all(ssl.wbio) };
    }
    ssl.wbio = wbio;
}
pub unsafe extern "C" fn SSL_set0_rbio(s: *mut SSL, rbio: *mut lc::BIO) {
    // SAFETY: the slot holds NULL or our reference; the caller gives us `rbio`'s.
    with_ssl("SSL_set0_rbio", s, (), |ssl| unsafe {
        set0_rbio(ssl, rbio)
    })
}
pub unsafe extern "C" fn SSL_set0_wbio(s: *mut SSL, wbio: *mut lc::BIO) {
    // SAFETY: as SSL_set0_rbio.
    with_ssl("SSL_set0_wbio", s, (), |ssl| unsafe {
        set0_wbio(ssl, wbio)
    })
}
pub unsafe extern "C" fn SSL_get_rbio(s: *const SSL) -> *mut lc::BIO {
    with_ssl("SSL_get_rbio", s, std::ptr::null_mut(), |ssl| ssl.rbio)
}
pub unsafe extern "C" fn SSL_get_wbio(s: *const SSL) -> *mut lc::BIO {
    with_ssl("SSL_get_wbio", s, std::ptr::null_mut(), |ssl| ssl.wbio)
}

fn set_fd_bio(func: &'static str, s: *mut SSL, fd: c_int, read: bool, write: bool) -> c_int {
    with_ssl(func, s, 0, |ssl| {
        // SAFETY: a new socket BIO that does not close fd; ownership as SSL_set_bio.
        let bio = unsafe { lc::BIO_new_socket(fd, lc::BIO_NOCLOSE) };
        if bio.is_null() {
            return 0;
        }
        // SAFETY: BIO reference accounting as in SSL_set_bio(3).
        unsafe {
            if read && write {
                free_bios(ssl);
                lc::BIO_up_ref(bio);
                ssl.rbio = bio;
                ssl.wbio = bio;
            } else if read {
                set0_rbio(ssl, bio);
            } else {
                set0_wbio(ssl, bio);
            }
        }
        1
    })
}
pub unsafe extern "C" fn SSL_set_fd(s: *mut SSL, fd: c_int) -> c_int {
    set_fd_bio("SSL_set_fd", s, fd, true, true)
}
pub unsafe extern "C" fn SSL_set_rfd(s: *mut SSL, fd: c_int) -> c_int {
    set_fd_bio("SSL_set_rfd", s, fd, true, false)
}
pub unsafe extern "C" fn SSL_set_wfd(s: *mut SSL, fd: c_int) -> c_int {
    set_fd_bio("SSL_set_wfd", s, fd, false, true)
}
pub(crate) fn bio_fd(b: *mut lc::BIO) -> c_int {
    if b.is_null() {
        return -1;
    }
    let mut fd: c_int = -1;
    // SAFETY: BIO_C_GET_FD writes an int when the BIO has an fd, else returns -1.
    let r = unsafe { lc::BIO_ctrl(b, lc::BIO_C_GET_FD, 0, (&mut fd as *mut c_int).cast()) };
    if r < 0 {
        -1
    } else {
        fd
    }
}
pub unsafe extern "C" fn SSL_get_fd(s: *const SSL) -> c_int {
    with_ssl("SSL_get_fd", s, -1, |ssl| bio_fd(ssl.rbio))
}
pub unsafe extern "C" fn SSL_get_rfd(s: *const SSL) -> c_int {
    with_ssl("SSL_get_rfd", s, -1, |ssl| bio_fd(ssl.rbio))
}
pub unsafe extern "C" fn SSL_get_wfd(s: *const SSL) -> c_int {
    with_ssl("SSL_get_wfd", s, -1, |ssl| bio_fd(ssl.wbio))
}

pub unsafe extern "C" fn SSL_get_SSL_CTX(s: *const SSL) -> *mut SSL_CTX {
    with_ssl("SSL_get_SSL_CTX", s, std::ptr::null_mut(), |ssl| ssl.ctx)
}

pub unsafe extern "C" fn SSL_set_verify(s: *mut SSL, mode: c_int, cb: SSL_verify_cb) {
    with_ssl("SSL_set_verify", s, (), |ssl| {
        ssl.verify_mode = mode;
        ssl.verify_cb = cb;
    })
}
pub unsafe extern "C" fn SSL_get_verify_mode(s: *const SSL) -> c_int {
    with_ssl("SSL_get_verify_mode", s, 0, |ssl| ssl.verify_mode)
}
pub unsafe extern "C" fn SSL_get_verify_callback(s: *const SSL) -> SSL_verify_cb {
    with_ssl("SSL_get_verify_callback", s, None, |ssl| ssl.verify_cb)
}
pub unsafe extern "C" fn SSL_get0_param(s: *mut SSL) -> *mut lc::X509_VERIFY_PARAM {
    with_ssl("SSL_get0_param", s, std::ptr::null_mut(), |ssl| ssl.param)
}
pub unsafe extern "C" fn SSL_set1_host(s: *mut SSL, host: *const c_char) -> c_int {
    // SAFETY: our param; libcrypto copies the string.
    with_ssl("SSL_set1_host", s, 0, |ssl| unsafe {
        lc::X509_VERIFY_PARAM_set1_host(ssl.param, host, 0)
    })
}

pub fn verify_error_code(v: VerifyError) -> c_long {
    match v {
        VerifyError::SelfSignedLeaf => X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
        VerifyError::SelfSignedInChain => X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
        VerifyError::UnknownIssuer => X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
        VerifyError::Expired => X509_V_ERR_CERT_HAS_EXPIRED,
        VerifyError::NotYetValid => X509_V_ERR_CERT_NOT_YET_VALID,
        VerifyError::HostnameMismatch => X509_V_ERR_HOSTNAME_MISMATCH,
        VerifyError::IpAddressMismatch => X509_V_ERR_IP_ADDRESS_MISMATCH,
        VerifyError::BadSignature => X509_V_ERR_CERT_SIGNATURE_FAILURE,
        VerifyError::InvalidPurpose => X509_V_ERR_INVALID_PURPOSE,
        VerifyError::Revoked => X509_V_ERR_CERT_REVOKED,
        VerifyError::InvalidCa => X509_V_ERR_INVALID_CA,
        VerifyError::CrlMissing => X509_V_ERR_UNABLE_TO_GET_CRL,
        VerifyError::CrlExpired => X509_V_ERR_CRL_HAS_EXPIRED,
        VerifyError::BadEncoding | VerifyError::NoCertificate | VerifyError::Other => {
            X509_V_ERR_UNSPECIFIED
        }
    }
}

pub unsafe extern "C" fn SSL_get_verify_result(s: *const SSL) -> c_long {
    with_ssl("SSL_get_verify_result", s, X509_V_ERR_UNSPECIFIED, |ssl| {
        if let Some(v) = ssl.verify_result {
            return v;
        }
        if let Some(v) = *ssl
            .callback_result
            .lock()
            .unwrap_or_else(|p| p.into_inner())
        {
            return v;
        }
        let verdict = ssl
            .session
            .as_ref()
            .and_then(|sess| sess.verify_result())
            .or_else(|| ssl.dtls.as_ref().and_then(|d| d.verify_result()));
        match verdict {
            Some(Err(e)) => verify_error_code(e),
            // X509_V_OK before any verification, as OpenSSL initialises it.
            _ => X509_V_OK,
        }
    })
}
pub unsafe extern "C" fn SSL_set_verify_result(s: *mut SSL, v: c_long) {
    with_ssl("SSL_set_verify_result", s, (), |ssl| {
        ssl.verify_result = Some(v)
    })
}

/// The peer's certificate, owned by the SSL (made on first request, freed with it).
pub unsafe extern "C" fn SSL_get0_peer_certificate(s: *const SSL) -> *mut lc::X509 {
    with_ssl(
        "SSL_get0_peer_certificate",
        s,
        std::ptr::null_mut(),
        |ssl| {
            if ssl.peer_leaf.0 == 0 {
                let Some(leaf) = ssl
                    .session
                    .as_ref()
                    .and_then(|sess| sess.peer_certificates())
                    .and_then(|c| c.first().cloned())
                else {
                    return std::ptr::null_mut();
                };
                ssl.peer_leaf = super::cert::X509Stack::of(&[leaf]);
            }
            // SAFETY: our own stack of one X509, alive as long as the SSL.
            unsafe { lc::OPENSSL_sk_value(ssl.peer_leaf.0 as *const lc::OPENSSL_STACK, 0) }.cast()
        },
    )
}

pub unsafe extern "C" fn SSL_get1_peer_certificate(s: *const SSL) -> *mut lc::X509 {
    with_ssl(
        "SSL_get1_peer_certificate",
        s,
        std::ptr::null_mut(),
        |ssl| match ssl
            .session
            .as_ref()
            .and_then(|sess| sess.peer_certificates())
            .and_then(|c| c.first())
        {
            Some(der) => super::cert::der_to_x509(der),
            None => std::ptr::null_mut(),
        },
    )
}

/// The peer chain, owned by the SSL. As in OpenSSL, on a server it excludes the
/// client's leaf; on a client it starts with the server's leaf.
pub unsafe extern "C" fn SSL_get_peer_cert_chain(s: *const SSL) -> *mut lc::OPENSSL_STACK {
    with_ssl("SSL_get_peer_cert_chain", s, std::ptr::null_mut(), |ssl| {
        if ssl.peer_chain.0 != 0 {
            return ssl.peer_chain.0 as *mut lc::OPENSSL_STACK;
        }
        let Some(certs) = ssl
            .session
            .as_ref()
            .and_then(|sess| sess.peer_certificates())
        else {
            return std::ptr::null_mut();
        };
        let skip = usize::from(ssl.role == Some(Role::Server));
        ssl.peer_chain = super::cert::X509Stack::of(&certs[skip.min(certs.len())..]);
        ssl.peer_chain.0 as *mut lc::OPENSSL_STACK
    })
}

/// The peer's chain as verification built it, leaf first: the certificates the peer
/// sent up to one that is trusted or self-signed, then the trusted certificate that
/// issued the last of them when there is one (OpenSSL's chain from
/// X509_STORE_CTX_get1_chain, kept even when verification failed). NULL without a
/// peer certificate.
pub unsafe extern "C" fn SSL_get0_verified_chain(s: *const SSL) -> *mut lc::OPENSSL_STACK {
    with_ssl("SSL_get0_verified_chain", s, std::ptr::null_mut(), |ssl| {
        if ssl.verified_chain.0 != 0 {
            return ssl.verified_chain.0 as *mut lc::OPENSSL_STACK;
        }
        let Some(sent) = ssl
            .session
            .as_ref()
            .and_then(|sess| sess.peer_certificates())
        else {
            return std::ptr::null_mut();
        };
        let sent = sent.to_vec();
        let roots = ssl.ctx().roots();
        let chain = super::verify::verified_chain(&sent, &roots);
        ssl.verified_chain = super::cert::X509Stack::of(&chain);
        ssl.verified_chain.0 as *mut lc::OPENSSL_STACK
    })
}

pub unsafe extern "C" fn SSL_set_ex_data(s: *mut SSL, idx: c_int, data: *mut c_void) -> c_int {
    with_ssl("SSL_set_ex_data", s, 0, |ssl| {
        ctx::set_ex(&mut ssl.ex_data, idx, data)
    })
}
pub unsafe extern "C" fn SSL_get_ex_data(s: *const SSL, idx: c_int) -> *mut c_void {
    with_ssl("SSL_get_ex_data", s, std::ptr::null_mut(), |ssl| {
        ctx::get_ex(&ssl.ex_data, idx)
    })
}

pub unsafe extern "C" fn SSL_set_options(s: *mut SSL, op: u64) -> u64 {
    with_ssl("SSL_set_options", s, 0, |ssl| {
        ssl.options |= op;
        ssl.options
    })
}
pub unsafe extern "C" fn SSL_clear_options(s: *mut SSL, op: u64) -> u64 {
    with_ssl("SSL_clear_options", s, 0, |ssl| {
        ssl.options &= !op;
        ssl.options
    })
}
pub unsafe extern "C" fn SSL_get_options(s: *const SSL) -> u64 {
    with_ssl("SSL_get_options", s, 0, |ssl| ssl.options)
}

pub unsafe extern "C" fn SSL_set_alpn_protos(
    s: *mut SSL,
    protos: *const c_uchar,
    len: c_uint,
) -> c_int {
    with_ssl("SSL_set_alpn_protos", s, 1, |ssl| {
        // SAFETY: protos points to len bytes (or len is 0).
        match unsafe { ffi::bytes(protos.cast(), len as usize) }.and_then(ctx::parse_alpn) {
            Some(list) => {
                ssl.alpn = Some(list);
                0
            }
            None => 1,
        }
    })
}
pub unsafe extern "C" fn SSL_get0_alpn_selected(
    s: *const SSL,
    data: *mut *const c_uchar,
    len: *mut c_uint,
) {
    with_ssl("SSL_get0_alpn_selected", s, (), |ssl| {
        let sel = ssl.session.as_ref().and_then(|sess| sess.alpn());
        // SAFETY: data/len are NULL or writable; the bytes live as long as the SSL.
        unsafe {
            if let Some(d) = ffi::obj_mut(data) {
                *d = sel.map_or(std::ptr::null(), |p| p.as_ptr());
            }
            if let Some(l) = ffi::obj_mut(len) {
                *l = sel.map_or(0, |p| p.len() as c_uint);
            }
        }
    })
}

pub unsafe extern "C" fn SSL_ctrl(
    s: *mut SSL,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    if cmd == super::dtls::DTLS_CTRL_HANDLE_TIMEOUT {
        // SAFETY: s is NULL or a live SSL, as SSL_ctrl requires.
        return guard("SSL_ctrl", -1, || unsafe { super::dtls::handle_timeout(s) });
    }
    with_ssl("SSL_ctrl", s, 0, |ssl| {
        if let Some(r) = ssl.dtls_ctrl(cmd, larg, parg) {
            return r;
        }
        match cmd {
            SSL_CTRL_MODE => {
                ssl.mode |= larg;
                ssl.mode
            }
            SSL_CTRL_CLEAR_MODE => {
                ssl.mode &= !larg;
                ssl.mode
            }
            SSL_CTRL_SET_TLSEXT_HOSTNAME => {
                if larg != TLSEXT_NAMETYPE_HOST_NAME {
                    return 0;
                }
                // SAFETY: parg is NULL (clear) or a C string.
                ssl.sni = unsafe { ffi::cstr(parg.cast()) }.map(str::to_string);
                1
            }
            SSL_CTRL_SET_MIN_PROTO_VERSION => ctx::set_proto(&mut ssl.min_proto, larg),
            SSL_CTRL_SET_MAX_PROTO_VERSION => ctx::set_proto(&mut ssl.max_proto, larg),
            SSL_CTRL_GET_MIN_PROTO_VERSION => ssl.min_proto as c_long,
            SSL_CTRL_GET_MAX_PROTO_VERSION => ssl.max_proto as c_long,
            SSL_CTRL_SET_TMP_DH
            | SSL_CTRL_SET_TMP_ECDH
            | SSL_CTRL_SET_DH_AUTO
            | SSL_CTRL_SET_GROUPS_LIST
            | SSL_CTRL_SET_SIGALGS_LIST
            | SSL_CTRL_SET_CLIENT_SIGALGS_LIST
            | SSL_CTRL_SET_MAX_SEND_FRAGMENT
            | SSL_CTRL_SET_READ_AHEAD => 1,
            SSL_CTRL_SET_MSG_CALLBACK_ARG => {
                ssl.msg_cb_arg = parg as usize;
                1
            }
            SSL_CTRL_GET_EXTMS_SUPPORT => 1,
            // No renegotiation ever happens (rustls refuses it).
            SSL_CTRL_GET_NUM_RENEGOTIATIONS
            | SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS
            | SSL_CTRL_GET_TOTAL_RENEGOTIATIONS => 0,
            // The peer's renegotiation_info (RFC 5746): rustls sends and requires it
            // in TLS 1.2; TLS 1.3 has none (OpenSSL: "IS NOT supported").
            // The hash of the peer's handshake signature (`SSL_get_peer_signature_nid`).
            SSL_CTRL_GET_PEER_SIGNATURE_NID => match peer_sigalg(ssl) {
                Some((_, hash)) if !parg.is_null() => {
                    // SAFETY: the macro's `int *` out-parameter.
                    unsafe { *parg.cast::<c_int>() = hash };
                    1
                }
                _ => 0,
            },
            SSL_CTRL_GET_RI_SUPPORT => c_long::from(
                ssl.session
                    .as_ref()
                    .is_some_and(|sess| sess.version() == Some(Version::Tls12)),
            ),
            // OpenSSL's ssl3_ctrl returns 0 for a command it does not know, with no
            // error queued (a queued one would turn a later SSL_get_error into
            // SSL_ERROR_SSL): so does this, and the log says which.
            _ => {
                ffi::log_unsupported_ctrl("SSL_ctrl", cmd);
                0
            }
        }
    })
}

pub unsafe extern "C" fn SSL_get_servername(s: *const SSL, kind: c_int) -> *const c_char {
    with_ssl("SSL_get_servername", s, std::ptr::null(), |ssl| {
        if kind as c_long != TLSEXT_NAMETYPE_HOST_NAME {
            return std::ptr::null();
        }
        let name = match ssl.role {
            Some(Role::Server) => ssl
                .session
                .as_ref()
                .and_then(|sess| sess.server_name())
                .map(str::to_string)
                .or_else(|| ssl.hello_sni.clone()),
            _ => ssl.sni.clone(),
        };
        // The string of an earlier call stays valid while the name is the same (a
        // program may hold it, as OpenSSL's lives as long as the session's name).
        let name = name.and_then(|n| CString::new(n).ok());
        if ssl.servername_c != name {
            ssl.servername_c = name;
        }
        ssl.servername_c
            .as_ref()
            .map_or(std::ptr::null(), |c| c.as_ptr())
    })
}

pub unsafe extern "C" fn SSL_get_current_cipher(s: *const SSL) -> *const SSL_CIPHER {
    with_ssl(
        "SSL_get_current_cipher",
        s,
        std::ptr::null(),
        |ssl| match ssl
            .session
            .as_ref()
            // A handshake that failed after the ServerHello keeps its suite, as
            // OpenSSL's session does (openssl s_client prints it after a refused
            // certificate).
            .filter(|sess| !sess.is_handshaking() || sess.failed().is_some())
            .and_then(|sess| sess.suite())
            .or_else(|| ssl.dtls.as_ref().and_then(|d| d.suite()))
        {
            Some(id) => suites::by_iana(id).map_or(std::ptr::null(), |c| c as *const SSL_CIPHER),
            None => std::ptr::null(),
        },
    )
}
pub unsafe extern "C" fn SSL_get_pending_cipher(s: *const SSL) -> *const SSL_CIPHER {
    // SAFETY: forwards the caller's pointer.
    unsafe { SSL_get_current_cipher(s) }
}

/// `DTLS1_2_VERSION`: every DTLS connection here (the engine speaks DTLS 1.2 only).
const DTLS1_2_VERSION: c_int = 0xfefd;

fn version_number(ssl: &SSL) -> c_int {
    if ssl.is_dtls() {
        return DTLS1_2_VERSION;
    }
    match ssl.session.as_ref().and_then(|sess| sess.version()) {
        Some(Version::Tls13) => TLS1_3_VERSION,
        Some(Version::Tls12) => TLS1_2_VERSION,
        // Before a version is negotiated OpenSSL reports the highest one allowed: the
        // maximum protocol version when set, else TLS 1.3 (seen with the real library).
        None => {
            let max = if ssl.max_proto != 0 {
                ssl.max_proto
            } else {
                ssl.ctx().state().max_proto
            };
            if max == 0 || max > TLS1_3_VERSION {
                TLS1_3_VERSION
            } else {
                max
            }
        }
    }
}
pub unsafe extern "C" fn SSL_version(s: *const SSL) -> c_int {
    with_ssl("SSL_version", s, 0, |ssl| version_number(ssl))
}
pub unsafe extern "C" fn SSL_get_version(s: *const SSL) -> *const c_char {
    with_ssl(
        "SSL_get_version",
        s,
        std::ptr::null(),
        |ssl| match version_number(ssl) {
            DTLS1_2_VERSION => c"DTLSv1.2".as_ptr(),
            TLS1_3_VERSION => c"TLSv1.3".as_ptr(),
            _ => c"TLSv1.2".as_ptr(),
        },
    )
}
/// OpenSSL's state machine is "in init" from `SSL_key_update` until the KeyUpdate is
/// sent (ossl_statem_set_in_init), which `openssl s_client` tells apart with
/// `SSL_get_key_update_type`.
pub unsafe extern "C" fn SSL_in_init(s: *const SSL) -> c_int {
    with_ssl("SSL_in_init", s, 1, |ssl| {
        c_int::from(!ssl.handshake_done() || ssl.key_update != SSL_KEY_UPDATE_NONE)
    })
}
pub unsafe extern "C" fn SSL_is_init_finished(s: *const SSL) -> c_int {
    with_ssl("SSL_is_init_finished", s, 0, |ssl| {
        c_int::from(ssl.handshake_done() && ssl.key_update == SSL_KEY_UPDATE_NONE)
    })
}
pub unsafe extern "C" fn SSL_get_key_update_type(s: *const SSL) -> c_int {
    with_ssl("SSL_get_key_update_type", s, SSL_KEY_UPDATE_NONE, |ssl| {
        ssl.key_update
    })
}
pub unsafe extern "C" fn SSL_in_before(s: *const SSL) -> c_int {
    with_ssl("SSL_in_before", s, 1, |ssl| {
        c_int::from(ssl.session.is_none())
    })
}
/// Compression is never used (OpenSSL 3.0 default builds have none either).
pub unsafe extern "C" fn SSL_get_current_compression(_s: *const SSL) -> *const c_void {
    std::ptr::null()
}
pub unsafe extern "C" fn SSL_get_current_expansion(_s: *const SSL) -> *const c_void {
    std::ptr::null()
}

/// RFC 5705 / RFC 8446 keying material (`use_context` 0: no context, which in TLS 1.2
/// differs from an empty one). Observed with OpenSSL 3.0: -1 before the handshake has
/// begun, 0 and an internal error while it runs; a TLS 1.2 label the PRF reserves:
/// 0, SSL_R_TLS_ILLEGAL_EXPORTER_LABEL; no output: 1 on TLS 1.3, 0 on TLS 1.2 (the
/// KDF refuses a zero length); a NULL label is an empty one on TLS 1.2 and an
/// internal error on TLS 1.3 (`ctests/ossl_exporter`).
pub unsafe extern "C" fn SSL_export_keying_material(
    s: *mut SSL,
    out: *mut c_uchar,
    olen: usize,
    label: *const c_char,
    llen: usize,
    context: *const c_uchar,
    contextlen: usize,
    use_context: c_int,
) -> c_int {
    const FUNC: &str = "SSL_export_keying_material";
    with_ssl(FUNC, s, -1, |ssl| {
        if ssl.is_dtls() {
            err::push_unimplemented(FUNC);
            return 0;
        }
        let Some(sess) = ssl.session.as_ref() else {
            return -1;
        };
        let tls13 = sess.version() == Some(Version::Tls13);
        if label.is_null() && (tls13 || llen > 0) {
            err::push(FUNC, lc::ERR_R_INTERNAL_ERROR, None);
            return 0;
        }
        // SAFETY: the caller's buffers: out has olen writable bytes, label llen and
        // (read only with use_context, as OpenSSL) context contextlen readable ones,
        // NULL only with a zero length.
        let (Some(out), Some(label), Some(ctx)) = (unsafe {
            (
                ffi::bytes_mut(out.cast(), olen),
                ffi::bytes(label.cast(), llen),
                match use_context {
                    0 => Some(None),
                    _ => ffi::bytes(context.cast(), contextlen).map(Some),
                },
            )
        }) else {
            err::push_null(FUNC);
            return 0;
        };
        match sess.export_keying_material(out, label, ctx, true) {
            Ok(()) if out.is_empty() && !tls13 => {
                // PROV_R_INVALID_KEY_LENGTH from the TLS1-PRF KDF.
                err::push_lib(FUNC, ERR_LIB_PROV, PROV_R_INVALID_KEY_LENGTH, None);
                0
            }
            Ok(()) => 1,
            Err(engine::session::ExportError::ReservedLabel) => {
                err::push(FUNC, SSL_R_TLS_ILLEGAL_EXPORTER_LABEL, None);
                0
            }
            Err(engine::session::ExportError::NotReady) => {
                err::push(FUNC, lc::ERR_R_INTERNAL_ERROR, None);
                0
            }
        }
    })
}

// Features tlsshim does not offer, whose getters report them as not in use (their
// setters are stubs that fail): the values OpenSSL gives when they are off, and no
// error queued (programs such as openssl s_client ask after every handshake).

/// Certificate Transparency is never enabled (`SSL_enable_ct` is a stub).
pub unsafe extern "C" fn SSL_ct_is_enabled(s: *const SSL) -> c_int {
    with_ssl("SSL_ct_is_enabled", s, 0, |_| 0)
}
/// As [`SSL_ct_is_enabled`].
pub unsafe extern "C" fn SSL_CTX_ct_is_enabled(ctx: *const SSL_CTX) -> c_int {
    super::ctx::with_ctx("SSL_CTX_ct_is_enabled", ctx, 0, |_, _| 0)
}
/// No SRTP profile is ever negotiated (`SSL_set_tlsext_use_srtp` is a stub).
pub unsafe extern "C" fn SSL_get_selected_srtp_profile(s: *mut SSL) -> *mut c_void {
    with_ssl(
        "SSL_get_selected_srtp_profile",
        s,
        std::ptr::null_mut(),
        |_| std::ptr::null_mut(),
    )
}
/// DANE is never enabled (`SSL_dane_enable` is a stub): -1, as OpenSSL without it.
pub unsafe extern "C" fn SSL_get0_dane_authority(
    s: *mut SSL,
    mcert: *mut *mut lc::X509,
    mspki: *mut *mut lc::EVP_PKEY,
) -> c_int {
    with_ssl("SSL_get0_dane_authority", s, -1, |_| {
        // SAFETY: NULL or writable out-pointers, as the API requires; OpenSSL leaves
        // them untouched when DANE is off, and so does this.
        let _ = (mcert, mspki);
        -1
    })
}
/// As [`SSL_get0_dane_authority`].
pub unsafe extern "C" fn SSL_get0_dane_tlsa(
    s: *mut SSL,
    _usage: *mut u8,
    _selector: *mut u8,
    _mtype: *mut u8,
    _data: *mut *const c_uchar,
    _dlen: *mut usize,
) -> c_int {
    with_ssl("SSL_get0_dane_tlsa", s, -1, |_| -1)
}

/// The host name the peer's certificate was matched against (`SSL_set1_host` /
/// `X509_VERIFY_PARAM_set1_host`) once verification succeeded; NULL otherwise.
pub unsafe extern "C" fn SSL_get0_peername(s: *mut SSL) -> *const c_char {
    // SAFETY: s is NULL or a live SSL (checked there).
    let verified = unsafe { SSL_get_verify_result(s) } == 0;
    with_ssl("SSL_get0_peername", s, std::ptr::null(), |ssl| {
        if !verified || !ssl.handshake_done() {
            return std::ptr::null();
        }
        // SAFETY: our own param object; the name it returns lives as long as it.
        unsafe { lc::X509_VERIFY_PARAM_get0_host(ssl.param, 0) }.cast_const()
    })
}

/// The peer's handshake signature as OpenSSL's sigalg table names it: (signature
/// type, hash) NIDs. Known on a client (the server's CertificateVerify or
/// ServerKeyExchange); none on a resumed session, as OpenSSL, and none on a server
/// here (the client's CertificateVerify is not recorded).
fn peer_sigalg(ssl: &SSL) -> Option<(c_int, c_int)> {
    const EC: c_int = 408; // NID_X9_62_id_ecPublicKey (EVP_PKEY_EC)
    const RSA: c_int = 6; // NID_rsaEncryption
    const RSA_PSS: c_int = 912; // NID_rsassaPss
    const SHA256: c_int = 672;
    const SHA384: c_int = 673;
    const SHA512: c_int = 674;
    let scheme = ssl.session.as_ref()?.peer_signature_scheme()?;
    let hash = match scheme & 0xff {
        _ if scheme == 0x0807 || scheme == 0x0808 => 0, // EdDSA: no separate hash
        1 | 3 => match scheme >> 8 {
            4 => SHA256,
            5 => SHA384,
            6 => SHA512,
            _ => return None,
        },
        4 | 9 => SHA256,
        5 | 0x0a => SHA384,
        6 | 0x0b => SHA512,
        _ => return None,
    };
    let kind = match scheme {
        0x0807 => 1087, // NID_ED25519
        0x0808 => 1088, // NID_ED448
        s if s >> 8 == 8 => RSA_PSS,
        s if s & 0xff == 3 => EC,
        s if s & 0xff == 1 => RSA,
        _ => return None,
    };
    Some((kind, hash))
}

pub unsafe extern "C" fn SSL_get_peer_signature_type_nid(s: *const SSL, pnid: *mut c_int) -> c_int {
    with_ssl("SSL_get_peer_signature_type_nid", s, 0, |ssl| {
        match (peer_sigalg(ssl), pnid.is_null()) {
            (Some((kind, _)), false) => {
                // SAFETY: the caller's out-parameter.
                unsafe { *pnid = kind };
                1
            }
            _ => 0,
        }
    })
}
