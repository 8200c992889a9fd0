//! DTLS: sessions made with `gnutls_init(…, GNUTLS_DATAGRAM)` run on the engine's
//! [`DtlsSession`](crate::engine::dtls::DtlsSession); here are the MTU and timeout
//! settings, record corking, the data-MTU check of gnutls_record_send and the
//! stateless cookie exchange of a server (`gnutls_dtls_cookie_send`/`_verify`).
// Every export's safety contract is the GnuTLS API's own (gnutls.h, dtls.h): valid
// handles and buffers of the sizes given; each `unsafe` block says which part it
// relies on.
#![allow(clippy::missing_safety_doc)]
use super::errors::*;
use super::session::{on_session, session_ref, Datum, GnutlsSession};
use super::transport::PushFn;
use crate::engine::dtls::{data_mtu, DatagramParams, Sent, MAX_RECORD, RECORD_HEADER};
use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_uint, c_void};
use std::time::Duration;

/// GnuTLS' MTU before gnutls_dtls_set_mtu (DTLS_DEFAULT_MTU).
const DEFAULT_MTU: usize = 1200;
/// `GNUTLS_INDEFINITE_TIMEOUT` ((unsigned) -2).
const INDEFINITE_TIMEOUT: c_uint = c_uint::MAX - 1;
/// `GNUTLS_RECORD_WAIT`: gnutls_record_uncork retries until everything is sent.
const GNUTLS_RECORD_WAIT: c_uint = 1;

/// `gnutls_dtls_prestate_st`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prestate {
    pub record_seq: c_uint,
    pub hsk_read_seq: c_uint,
    pub hsk_write_seq: c_uint,
}

/// What a session keeps for DTLS (and record corking, which TLS shares).
#[derive(Debug)]
pub struct DatagramConf {
    /// `gnutls_dtls_set_mtu`.
    pub mtu: Cell<usize>,
    retrans_ms: Cell<c_uint>,
    /// 0: no total timeout.
    total_ms: Cell<c_uint>,
    /// `gnutls_dtls_prestate_set`.
    pub prestate: Cell<Option<Prestate>>,
    /// `gnutls_record_cork`: the data buffered until gnutls_record_uncork.
    cork: RefCell<Option<Vec<u8>>>,
}

impl Default for DatagramConf {
    fn default() -> Self {
        Self {
            mtu: Cell::new(DEFAULT_MTU),
            retrans_ms: Cell::new(1000),
            total_ms: Cell::new(60000),
            prestate: Cell::new(None),
            cork: RefCell::new(None),
        }
    }
}

/// `GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT` ((unsigned) -1) and what it stands for (40 s).
const DEFAULT_HANDSHAKE_TIMEOUT: c_uint = c_uint::MAX;
const DEFAULT_HANDSHAKE_TIMEOUT_MS: c_uint = 40_000;

impl DatagramConf {
    /// `gnutls_handshake_set_timeout` on a DTLS session: as gnutls_dtls_set_timeouts
    /// with the default retransmission timeout (indefinite: none).
    pub fn set_total_timeout(&self, ms: c_uint) {
        if ms == INDEFINITE_TIMEOUT {
            self.total_ms.set(0);
            return;
        }
        self.retrans_ms.set(1000);
        self.total_ms.set(match ms {
            DEFAULT_HANDSHAKE_TIMEOUT => DEFAULT_HANDSHAKE_TIMEOUT_MS,
            ms => ms,
        });
    }

    pub fn params(&self, nonblocking: bool) -> DatagramParams {
        let total = self.total_ms.get();
        DatagramParams {
            mtu: self.mtu.get(),
            retrans: Duration::from_millis(u64::from(self.retrans_ms.get())),
            total: (total != 0).then(|| Duration::from_millis(u64::from(total))),
            nonblocking,
            cookie_exchanged: false,
        }
    }
}

/// `gnutls_dtls_get_data_mtu`: the MTU less the record header, and once the handshake
/// is done, less the negotiated suite's record overhead.
fn session_data_mtu(s: &GnutlsSession) -> usize {
    let mtu = s.datagram.mtu.get();
    s.with_dtls(|e| e.data_mtu(mtu))
        .unwrap_or_else(|| data_mtu(mtu, None))
}

/// gnutls_record_send on a DTLS session whose handshake is done: one record in one datagram. More than the
/// data MTU is GNUTLS_E_LARGE_PACKET and the session goes on; so is a push function
/// failing with EMSGSIZE (that datagram is dropped).
pub fn send(s: &GnutlsSession, handle: *mut GnutlsSession, data: &[u8]) -> isize {
    let max = session_data_mtu(s);
    match s.drive_dtls_record(handle, |e, t| e.write(t, data, max)) {
        Ok(Sent::Bytes(n)) => n as isize,
        Ok(Sent::TooLarge) => GNUTLS_E_LARGE_PACKET as isize,
        Err(0) => GNUTLS_E_INVALID_SESSION as isize,
        Err(code) => code as isize,
    }
}

/// Under gnutls_record_cork, gnutls_record_send buffers: `Some(result)` when it did.
pub fn corked_send(s: &GnutlsSession, data: &[u8]) -> Option<isize> {
    let mut cork = s.datagram.cork.borrow_mut();
    let buffer = cork.as_mut()?;
    // GnuTLS (record.c): on DTLS the corked data must fit one record of the data MTU.
    if s.is_datagram() && buffer.len() + data.len() > session_data_mtu(s) {
        return Some(GNUTLS_E_LARGE_PACKET as isize);
    }
    buffer.extend_from_slice(data);
    Some(data.len() as isize)
}

pub unsafe extern "C" fn gnutls_dtls_set_mtu(session: *mut GnutlsSession, mtu: c_uint) {
    super::guard("gnutls_dtls_set_mtu", (), || {
        // SAFETY: session is NULL or live.
        if let Some(s) = unsafe { session_ref(session) } {
            // GnuTLS keeps at most the largest record size.
            s.datagram.mtu.set((mtu as usize).min(MAX_RECORD));
        }
    })
}

pub unsafe extern "C" fn gnutls_dtls_get_mtu(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_dtls_get_mtu", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }.map_or(0, |s| s.datagram.mtu.get() as c_uint)
    })
}

pub unsafe extern "C" fn gnutls_dtls_get_data_mtu(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_dtls_get_data_mtu", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }.map_or(0, |s| session_data_mtu(s) as c_uint)
    })
}

/// Sets the MTU so that `mtu` bytes of data fit a record: only once the handshake is
/// done (GNUTLS_E_INVALID_SESSION before, as GnuTLS: the overhead is not known).
pub unsafe extern "C" fn gnutls_dtls_set_data_mtu(
    session: *mut GnutlsSession,
    mtu: c_uint,
) -> c_int {
    // SAFETY: session is NULL or a live handle, as the API requires.
    on_session(
        "gnutls_dtls_set_data_mtu",
        unsafe { session_ref(session) },
        |s| {
            let Some(Some(overhead)) = s.with_dtls(|e| e.record_overhead()) else {
                return GNUTLS_E_INVALID_SESSION;
            };
            let link = (mtu as usize).saturating_add(overhead + RECORD_HEADER);
            s.datagram.mtu.set(link.min(MAX_RECORD));
            0
        },
    )
}

pub unsafe extern "C" fn gnutls_dtls_set_timeouts(
    session: *mut GnutlsSession,
    retrans_timeout: c_uint,
    total_timeout: c_uint,
) {
    super::guard("gnutls_dtls_set_timeouts", (), || {
        // SAFETY: session is NULL or live.
        if let Some(s) = unsafe { session_ref(session) } {
            s.datagram.retrans_ms.set(retrans_timeout);
            let total = if total_timeout == INDEFINITE_TIMEOUT {
                0
            } else {
                total_timeout
            };
            s.datagram.total_ms.set(total);
        }
    })
}

/// Milliseconds until the next retransmission; 0 when it is due (or none is planned).
pub unsafe extern "C" fn gnutls_dtls_get_timeout(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_dtls_get_timeout", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| s.with_dtls(|e| e.timeout_ms()))
            .map_or(0, |ms| ms.min(u64::from(c_uint::MAX)) as c_uint)
    })
}

pub unsafe extern "C" fn gnutls_record_get_discarded(session: *mut GnutlsSession) -> c_uint {
    super::guard("gnutls_record_get_discarded", 0, || {
        // SAFETY: session is NULL or live.
        unsafe { session_ref(session) }
            .and_then(|s| s.with_dtls(|e| e.discarded()))
            .unwrap_or(0)
    })
}

pub unsafe extern "C" fn gnutls_record_cork(session: *mut GnutlsSession) {
    super::guard("gnutls_record_cork", (), || {
        // SAFETY: session is NULL or live.
        if let Some(s) = unsafe { session_ref(session) } {
            s.datagram.cork.borrow_mut().get_or_insert_with(Vec::new);
        }
    })
}

/// Sends what was buffered since gnutls_record_cork, as gnutls_record_send would
/// (GnuTLS record.c): returns the bytes sent; with GNUTLS_RECORD_WAIT it retries on
/// GNUTLS_E_AGAIN / GNUTLS_E_INTERRUPTED, else such an error leaves the session
/// corked with the rest still buffered.
pub unsafe extern "C" fn gnutls_record_uncork(session: *mut GnutlsSession, flags: c_uint) -> c_int {
    super::guard("gnutls_record_uncork", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: session is NULL or live.
        let Some(s) = (unsafe { session_ref(session) }) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let Some(mut buffer) = s.datagram.cork.borrow_mut().take() else {
            return 0;
        };
        let mut total: c_int = 0;
        while !buffer.is_empty() {
            let r = loop {
                // SAFETY: the session handle and our own buffer.
                let r = unsafe {
                    super::record::gnutls_record_send(session, buffer.as_ptr().cast(), buffer.len())
                };
                let again = r == GNUTLS_E_AGAIN as isize || r == GNUTLS_E_INTERRUPTED as isize;
                if !(again && flags == GNUTLS_RECORD_WAIT) {
                    break r;
                }
            };
            if r < 0 {
                *s.datagram.cork.borrow_mut() = Some(buffer);
                return r as c_int;
            }
            buffer.drain(..(r as usize).min(buffer.len()));
            total = total.saturating_add(r as c_int);
        }
        total
    })
}

// ---------------------------------------------------------------- cookies
//
// The stateless exchange of RFC 6347 4.2.1 as GnuTLS does it (lib/dtls.c): the cookie
// is HMAC-SHA1(key, client data) cut to 16 bytes, sent in a HelloVerifyRequest with
// the client's record sequence number; the same bytes as the real library.

const COOKIE_SIZE: usize = 16;
const HANDSHAKE_HEADER: usize = 12;

fn cookie(key: &[u8], client: &[u8]) -> [u8; COOKIE_SIZE] {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    let tag = aws_lc_rs::hmac::sign(&key, client);
    let mut out = [0u8; COOKIE_SIZE];
    out.copy_from_slice(&tag.as_ref()[..COOKIE_SIZE]);
    out
}

/// The HelloVerifyRequest record GnuTLS sends.
fn hello_verify_request(cookie: &[u8; COOKIE_SIZE], prestate: &Prestate) -> Vec<u8> {
    let body_len = COOKIE_SIZE + 3;
    let mut r = Vec::with_capacity(RECORD_HEADER + HANDSHAKE_HEADER + body_len);
    // Handshake record, DTLS 1.0, epoch 0, the client's record sequence number.
    r.extend([22, 254, 255, 0, 0, 0, 0, 0, 0, 0, prestate.record_seq as u8]);
    r.extend(((HANDSHAKE_HEADER + body_len) as u16).to_be_bytes());
    // HelloVerifyRequest (3), length, message_seq, fragment offset 0, fragment length.
    r.extend([3, 0, 0, body_len as u8, 0, prestate.hsk_write_seq as u8]);
    r.extend([0, 0, 0, 0, 0, body_len as u8]);
    r.extend([254, 255, COOKIE_SIZE as u8]);
    r.extend(cookie);
    r
}

/// Checks a ClientHello's cookie; on success, the prestate of the exchange.
fn verify_cookie(key: &[u8], client: &[u8], msg: &[u8]) -> Result<Prestate, c_int> {
    let mut pos = 34 + RECORD_HEADER + HANDSHAKE_HEADER;
    if msg.len() < pos + 1 {
        return Err(GNUTLS_E_UNEXPECTED_PACKET_LENGTH);
    }
    let sid = usize::from(msg[pos]);
    pos += 1;
    if sid > 32 || msg.len() < pos + sid + 1 {
        return Err(GNUTLS_E_UNEXPECTED_PACKET_LENGTH);
    }
    pos += sid;
    let len = usize::from(msg[pos]);
    pos += 1;
    if msg.len() < pos + len + 1 {
        return Err(GNUTLS_E_UNEXPECTED_PACKET_LENGTH);
    }
    if len != COOKIE_SIZE || msg[pos..pos + len] != cookie(key, client) {
        return Err(GNUTLS_E_BAD_COOKIE);
    }
    Ok(Prestate {
        record_seq: c_uint::from(msg[10]),
        hsk_read_seq: c_uint::from(msg[RECORD_HEADER + 5]),
        hsk_write_seq: 0,
    })
}

/// The key datum's bytes; NULL or empty is no key.
unsafe fn key_bytes<'a>(key: *const Datum) -> Option<&'a [u8]> {
    // SAFETY: key is NULL or a datum of `size` readable bytes (caller's contract).
    let d = unsafe { key.as_ref() }?;
    // SAFETY: the datum's data holds size readable bytes (the API's contract).
    unsafe { crate::ffi::bytes(d.data.cast(), d.size as usize) }.filter(|b| !b.is_empty())
}

pub unsafe extern "C" fn gnutls_dtls_cookie_send(
    key: *const Datum,
    client_data: *const c_void,
    client_data_size: usize,
    prestate: *const Prestate,
    ptr: *mut c_void,
    push_func: Option<PushFn>,
) -> c_int {
    super::guard("gnutls_dtls_cookie_send", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: the API's buffers, each NULL or of the given size.
        let (Some(key), Some(client), Some(prestate), Some(push)) = (
            unsafe { key_bytes(key) },
            unsafe { crate::ffi::bytes(client_data, client_data_size) },
            unsafe { prestate.as_ref() },
            push_func,
        ) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        let record = hello_verify_request(&cookie(key, client), prestate);
        // SAFETY: the program's push function with its pointer and our bytes.
        let n = unsafe { push(ptr, record.as_ptr().cast(), record.len()) };
        if n < 0 {
            GNUTLS_E_PUSH_ERROR
        } else {
            n as c_int
        }
    })
}

pub unsafe extern "C" fn gnutls_dtls_cookie_verify(
    key: *const Datum,
    client_data: *const c_void,
    client_data_size: usize,
    msg: *const c_void,
    msg_size: usize,
    prestate: *mut Prestate,
) -> c_int {
    super::guard("gnutls_dtls_cookie_verify", GNUTLS_E_INTERNAL_ERROR, || {
        // SAFETY: the API's buffers, each NULL or of the given size.
        let (Some(key), Some(client), Some(msg)) = (
            unsafe { key_bytes(key) },
            unsafe { crate::ffi::bytes(client_data, client_data_size) },
            unsafe { crate::ffi::bytes(msg, msg_size) },
        ) else {
            return GNUTLS_E_INVALID_REQUEST;
        };
        match verify_cookie(key, client, msg) {
            Ok(p) => {
                // SAFETY: prestate is NULL or writable.
                if let Some(out) = unsafe { crate::ffi::obj_mut(prestate) } {
                    *out = p;
                }
                0
            }
            Err(code) => code,
        }
    })
}

/// The program did the cookie exchange: the session's first ClientHello carries its
/// cookie (see `engine::dtls::hello_without_cookie` for how the engine goes on).
pub unsafe extern "C" fn gnutls_dtls_prestate_set(
    session: *mut GnutlsSession,
    prestate: *const Prestate,
) {
    super::guard("gnutls_dtls_prestate_set", (), || {
        // SAFETY: session NULL or live; prestate NULL or readable.
        if let (Some(s), Some(p)) = (unsafe { session_ref(session) }, unsafe {
            prestate.as_ref()
        }) {
            s.datagram.prestate.set(Some(*p));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_round_trip() {
        let key = b"0123456789abcdef";
        let client = b"\x02\x00\x12\x34\x7f\x00\x00\x01";
        let c = cookie(key, client);
        let hvr = hello_verify_request(&c, &Prestate::default());
        assert_eq!(
            hvr.len(),
            RECORD_HEADER + HANDSHAKE_HEADER + 3 + COOKIE_SIZE
        );
        // A ClientHello carrying it: record header, handshake header, version,
        // random, empty session id, the cookie, then suites.
        let mut ch = vec![22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
        ch.extend([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        ch.extend([254, 253]);
        ch.extend([9u8; 32]);
        ch.push(0);
        ch.push(COOKIE_SIZE as u8);
        ch.extend(c);
        ch.extend([0, 2, 0xc0, 0x2b]);
        let p = verify_cookie(key, client, &ch).expect("valid cookie");
        assert_eq!((p.record_seq, p.hsk_read_seq, p.hsk_write_seq), (1, 1, 0));
        assert_eq!(
            verify_cookie(b"other key", client, &ch),
            Err(GNUTLS_E_BAD_COOKIE)
        );
        assert_eq!(
            verify_cookie(key, client, &ch[..40]),
            Err(GNUTLS_E_UNEXPECTED_PACKET_LENGTH)
        );
    }
}
