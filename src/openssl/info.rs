//! The info callback (`SSL_CTX_set_info_callback`, `SSL_set_info_callback`): the
//! engine's [`Event`]s as OpenSSL 3.0's `(where, ret)` calls.
//!
//! OpenSSL calls it from its state machine (ssl/statem/statem.c): HANDSHAKE_START
//! when the first handshake begins, ACCEPT_LOOP / CONNECT_LOOP at each state, the
//! HANDSHAKE_DONE of `tls_finish_handshake`, ACCEPT_EXIT / CONNECT_EXIT with the
//! state machine's return value whenever it returns, and READ_ALERT / WRITE_ALERT
//! with `(level << 8) | description` for every alert. rustls shows no per-message
//! states, so LOOP comes at the steps the engine drives (ctests/ossl_info_cb.c shows
//! what matches the real library and what does not). The callbacks run after the
//! engine call that produced the events returns, with no borrow of the SSL held, so
//! that the program may call back into the SSL.
#![allow(non_snake_case)]
use super::consts::*;
use super::ctx::{with_ctx, SSL_CTX};
use super::ssl::{with_ssl, SSL};
use crate::engine::{Event, Role};
use std::ffi::{c_int, c_void};

pub type InfoCb = unsafe extern "C" fn(*const SSL, c_int, c_int);

/// The callback OpenSSL would call for `ssl`: its own, else its context's.
pub fn info_callback(ssl: &SSL) -> Option<InfoCb> {
    ssl.info_cb.or_else(|| ssl.ctx().state().server.info_cb)
}

/// Whether the engine must record events for `ssl`: an info or a message callback
/// is set.
pub fn observed(ssl: &SSL) -> bool {
    ssl.msg_cb.is_some() || info_callback(ssl).is_some()
}

/// OpenSSL's `(where, ret)` for an engine event on a server (`server`) or client;
/// `None` for a message (the message callback's).
fn where_ret(e: &Event, server: bool) -> Option<(c_int, c_int)> {
    let role = if server {
        SSL_ST_ACCEPT
    } else {
        SSL_ST_CONNECT
    };
    let alert = |fatal: bool, d: u8| (if fatal { 2 << 8 } else { 1 << 8 }) | c_int::from(d);
    Some(match *e {
        Event::HandshakeStart => (SSL_CB_HANDSHAKE_START, 1),
        Event::HandshakeStep => (role | SSL_CB_LOOP, 1),
        Event::HandshakeDone => (SSL_CB_HANDSHAKE_DONE, 1),
        Event::HandshakeReturn { finished } => (role | SSL_CB_EXIT, if finished { 1 } else { -1 }),
        Event::AlertSent { fatal, description } => {
            (SSL_CB_ALERT | SSL_CB_WRITE, alert(fatal, description))
        }
        Event::AlertReceived { fatal, description } => {
            (SSL_CB_ALERT | SSL_CB_READ, alert(fatal, description))
        }
        Event::Message(_) => return None,
    })
}

/// Calls the info callback for what the last engine call on `s` went through.
pub(crate) fn report_info(func: &'static str, s: *mut SSL) {
    if s.is_null() {
        return; // the call itself said so
    }
    let prepared = with_ssl(func, s, None, |ssl| {
        let sess = ssl.session.as_mut()?;
        let events = sess.take_events();
        if events.is_empty() {
            return None;
        }
        let msg = ssl.msg_cb.map(|cb| (cb, ssl.msg_cb_arg));
        Some((
            info_callback(ssl),
            msg,
            ssl.role == Some(Role::Server),
            events,
        ))
    });
    let Some((info, msg, server, events)) = prepared else {
        return;
    };
    for e in events {
        match (&e, where_ret(&e, server)) {
            (Event::Message(m), _) => {
                if let Some((cb, arg)) = msg {
                    // SAFETY: the program's callback with its SSL and argument, as
                    // OpenSSL calls it; the bytes outlive the call; no borrow of the
                    // SSL is held.
                    unsafe {
                        cb(
                            c_int::from(m.write),
                            c_int::from(m.version),
                            c_int::from(m.content_type),
                            m.bytes.as_ptr().cast(),
                            m.bytes.len(),
                            s.cast(),
                            arg as *mut c_void,
                        )
                    };
                }
            }
            (_, Some((w, r))) => {
                if let Some(cb) = info {
                    // SAFETY: the program's callback with its SSL, as OpenSSL calls it;
                    // no borrow of the SSL is held.
                    unsafe { cb(s, w, r) };
                }
            }
            _ => {}
        }
    }
}

/// `SSL_set_msg_callback`: the SSL's own message callback (OpenSSL's SSL_new copies
/// the context's). Takes effect for a connection not begun yet; one under way keeps
/// what it began with.
pub unsafe extern "C" fn SSL_set_msg_callback(s: *mut SSL, cb: super::ctx::MsgCb) {
    with_ssl("SSL_set_msg_callback", s, (), |ssl| {
        ssl.msg_cb = cb;
        refresh_observing(ssl);
    })
}

/// Starts or stops the engine's event recording to match whether a callback is set.
fn refresh_observing(ssl: &mut SSL) {
    let on = observed(ssl);
    if let Some(sess) = ssl.session.as_mut() {
        sess.observe(on);
    }
}

pub unsafe extern "C" fn SSL_CTX_set_info_callback(ctx: *mut SSL_CTX, cb: Option<InfoCb>) {
    with_ctx("SSL_CTX_set_info_callback", ctx, (), |_, st| {
        st.server.info_cb = cb
    })
}
pub unsafe extern "C" fn SSL_CTX_get_info_callback(ctx: *mut SSL_CTX) -> Option<InfoCb> {
    with_ctx("SSL_CTX_get_info_callback", ctx, None, |_, st| {
        st.server.info_cb
    })
}
pub unsafe extern "C" fn SSL_set_info_callback(s: *mut SSL, cb: Option<InfoCb>) {
    with_ssl("SSL_set_info_callback", s, (), |ssl| {
        ssl.info_cb = cb;
        refresh_observing(ssl);
    })
}
pub unsafe extern "C" fn SSL_get_info_callback(s: *const SSL) -> Option<InfoCb> {
    with_ssl("SSL_get_info_callback", s, None, |ssl| ssl.info_cb)
}

/// OpenSSL's `OSSL_HANDSHAKE_STATE` values this library can tell apart (ssl.h order).
const TLS_ST_BEFORE: c_int = 0;
const TLS_ST_OK: c_int = 1;
const TLS_ST_CW_CLNT_HELLO: c_int = 12;
const TLS_ST_SR_CLNT_HELLO: c_int = 20;

/// Where the handshake is, as far as rustls shows it: not begun, done, failed, or in
/// progress (reported as the first message of the role: a client wrote its hello, a
/// server reads the client's). Info callbacks (stunnel's) log it on every call.
fn state(ssl: &SSL) -> (c_int, Option<&'static std::ffi::CStr>) {
    let server = ssl.role == Some(Role::Server);
    match ssl.session.as_ref() {
        None => (TLS_ST_BEFORE, None),
        Some(sess) if sess.failed().is_some() => (
            if server {
                TLS_ST_SR_CLNT_HELLO
            } else {
                TLS_ST_CW_CLNT_HELLO
            },
            Some(c"error"),
        ),
        Some(sess) if !sess.is_handshaking() => (TLS_ST_OK, None),
        Some(_) if server => (TLS_ST_SR_CLNT_HELLO, None),
        Some(_) => (TLS_ST_CW_CLNT_HELLO, None),
    }
}

pub unsafe extern "C" fn SSL_get_state(s: *const SSL) -> c_int {
    with_ssl("SSL_get_state", s, TLS_ST_BEFORE, |ssl| state(ssl).0)
}

/// The long and short names of [`state`] (ssl/statem's state_string tables).
fn state_names(st: c_int, error: bool) -> (&'static std::ffi::CStr, &'static std::ffi::CStr) {
    if error {
        return (c"error", c"SSLERR");
    }
    match st {
        TLS_ST_OK => (c"SSL negotiation finished successfully", c"SSLOK"),
        TLS_ST_CW_CLNT_HELLO => (c"SSLv3/TLS write client hello", c"TWCH"),
        TLS_ST_SR_CLNT_HELLO => (c"SSLv3/TLS read client hello", c"TRCH"),
        _ => (c"before SSL initialization", c"PINIT"),
    }
}

pub unsafe extern "C" fn SSL_state_string_long(s: *const SSL) -> *const std::ffi::c_char {
    with_ssl("SSL_state_string_long", s, c"unknown".as_ptr(), |ssl| {
        let (st, err) = state(ssl);
        state_names(st, err.is_some()).0.as_ptr()
    })
}
pub unsafe extern "C" fn SSL_state_string(s: *const SSL) -> *const std::ffi::c_char {
    with_ssl("SSL_state_string", s, c"UNKWN".as_ptr(), |ssl| {
        let (st, err) = state(ssl);
        state_names(st, err.is_some()).1.as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_and_ret_are_openssls() {
        // Values seen with the real library (ctests/ossl_info_cb.c, RAW=1).
        assert_eq!(where_ret(&Event::HandshakeStart, true), Some((0x10, 1)));
        assert_eq!(where_ret(&Event::HandshakeStep, true), Some((0x2001, 1)));
        assert_eq!(where_ret(&Event::HandshakeStep, false), Some((0x1001, 1)));
        assert_eq!(
            where_ret(&Event::HandshakeReturn { finished: false }, false),
            Some((0x1002, -1))
        );
        assert_eq!(
            where_ret(
                &Event::AlertSent {
                    fatal: true,
                    description: 40
                },
                true
            ),
            Some((0x4008, 552))
        );
        assert_eq!(
            where_ret(
                &Event::AlertReceived {
                    fatal: false,
                    description: 0
                },
                false
            ),
            Some((0x4004, 256))
        );
    }
}
