//! The boundary kit: every export goes through here.
//!
//! - [`catch_panic`] runs an export's body and turns a panic into an `Err` the face
//!   translates into its documented failure value (never an unwind into C);
//! - the pointer helpers turn C pointers into Rust references, a NULL into `None`;
//! - [`into_handle`] / [`free_handle`] hand a Rust object to C as an owned pointer and
//!   take it back;
//! - [`trace_call`] and the stub reporters log through the `log` facade to our own
//!   logger ([`init_log`]: `TLSSHIM_LOG`, `TLSSHIM_LOG_FILE`).
use std::any::Any;
use std::ffi::{c_char, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`; a panic becomes `Err(message)`.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(&*payload))
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Test switch (issue 7): `TLSSHIM_FORCE_PANIC=<export>[,<export>…]` makes those
/// exports panic inside their guard, to prove the guard turns a panic into the
/// documented failure and the process lives. Read once, at the first guarded call.
pub fn maybe_forced_panic(func: &str) {
    static FORCED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let forced = FORCED.get_or_init(|| {
        std::env::var("TLSSHIM_FORCE_PANIC")
            .map(|v| v.split(',').map(str::to_string).collect())
            .unwrap_or_default()
    });
    if !forced.is_empty() && forced.iter().any(|f| f == func) {
        panic!("forced panic in {func} (TLSSHIM_FORCE_PANIC)");
    }
}

/// Logs the name of an export on entry, at trace level; the faces' guards call it,
/// so every guarded export is traced from this one place. Costs an atomic load or two
/// when `TLSSHIM_LOG` is below trace: the level is checked before anything is formatted.
pub fn trace_call(func: &str) {
    init_log();
    // The export's thunk already logged this call with its arguments.
    if ARGS_LOGGED.with(|l| l.replace(false)) {
        return;
    }
    log::trace!(target: "tlsshim::call", "{func}");
}

/// Set when `TLSSHIM_LOG=trace`: the exports' thunks (build.rs) then pass their
/// argument registers to [`trace_args`] before jumping to the function. Read by the
/// thunks as one byte.
pub static TRACE_ARGS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

thread_local! {
    static ARGS_LOGGED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called by an export's thunk under `TLSSHIM_LOG=trace` with its id in
/// [`crate::TRACE_TABLE`] and the saved argument registers (`regs[5]` is the first
/// argument, `regs[0]` the sixth); logs `NAME(args)`, each argument as its class says.
///
/// # Safety
/// `regs` points to the six saved registers; a C string argument is NULL or points to a
/// NUL-terminated string (the export's own contract: it reads it too).
pub unsafe extern "C" fn trace_args(id: u32, regs: *const u64) {
    let _ = catch_panic(|| {
        let Some((name, sig)) = crate::TRACE_TABLE.get(id as usize) else {
            return;
        };
        let mut args = Vec::with_capacity(sig.len());
        for (k, class) in sig.chars().enumerate() {
            // SAFETY: the thunk saved six registers at regs (see the contract).
            let v = unsafe { *regs.add(5 - k) };
            args.push(match class {
                'i' => (v as u32 as i32).to_string(),
                'u' => (v as u32).to_string(),
                'l' => (v as i64).to_string(),
                'L' => v.to_string(),
                's' if v != 0 => {
                    // SAFETY: a C string argument (see the contract).
                    let s = unsafe { std::ffi::CStr::from_ptr(v as *const std::ffi::c_char) };
                    let s = s.to_string_lossy();
                    let cut: String = s.chars().take(64).collect();
                    format!("{cut:?}")
                }
                _ if v == 0 => "NULL".to_string(),
                _ => format!("{v:#x}"),
            });
        }
        log::trace!(target: "tlsshim::call", "{name}({})", args.join(", "));
        ARGS_LOGGED.with(|l| l.set(true));
    });
}

/// Reads `TLSSHIM_LOG` when the library is loaded, so that the first calls are
/// traced too.
#[used]
#[link_section = ".init_array"]
static INIT_LOG_AT_LOAD: extern "C" fn() = {
    extern "C" fn init() {
        init_log();
    }
    init
};

/// Logs what an export returns, at trace level (after [`trace_call`]).
pub fn trace_return<R: std::fmt::Debug>(func: &str, r: &R) {
    if log::log_enabled!(target: "tlsshim::call", log::Level::Trace) {
        log::trace!(target: "tlsshim::call", "{func} -> {r:?}");
    }
}

/// `TLSSHIM_LOG=error|warn|info|debug|trace` (also `off`) and `TLSSHIM_LOG_FILE=PATH`
/// (appended to; stderr when unset or when it cannot be opened). Read once, on the
/// first call; unset or unknown means off, and the `log` macros then stop at the
/// level check. rustls's own `log` records go to the same place.
pub fn init_log() {
    static INIT: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    INIT.get_or_init(|| {
        let level = match std::env::var("TLSSHIM_LOG").as_deref() {
            Ok("error") => log::LevelFilter::Error,
            Ok("warn") => log::LevelFilter::Warn,
            Ok("info") => log::LevelFilter::Info,
            Ok("debug") => log::LevelFilter::Debug,
            Ok("trace") => log::LevelFilter::Trace,
            _ => return,
        };
        let file = std::env::var_os("TLSSHIM_LOG_FILE").and_then(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .ok()
        });
        let logger = Box::leak(Box::new(Logger {
            file: file.map(std::sync::Mutex::new),
        }));
        if log::set_logger(logger).is_ok() {
            log::set_max_level(level);
            if level == log::LevelFilter::Trace {
                TRACE_ARGS.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
}

/// Writes each record as one line, `tlsshim[PID] LEVEL target: message`, to the log
/// file or stderr. (Not `tlsshim: …`: that prefix is TLSSHIM_DEBUG's.)
struct Logger {
    file: Option<std::sync::Mutex<std::fs::File>>,
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record) {
        use std::io::Write as _;
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = format!(
            "tlsshim[{}] {:<5} {}: {}\n",
            std::process::id(),
            record.level(),
            record.target(),
            record.args()
        );
        // One write per line, so lines from threads and processes do not interleave;
        // a failed log write is dropped, never reported to the program.
        match &self.file {
            Some(file) => {
                if let Ok(mut f) = file.lock() {
                    let _ = f.write_all(line.as_bytes());
                }
            }
            None => {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
        }
    }

    fn flush(&self) {}
}

/// A shared reference from a C pointer; NULL is `None`.
///
/// # Safety
/// `p` is NULL or points to a live `T` that no one mutates for `'a`.
pub unsafe fn obj<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller guarantees p is NULL or valid.
    unsafe { p.as_ref() }
}

/// A unique reference from a C pointer; NULL is `None`.
///
/// # Safety
/// `p` is NULL or points to a live `T` used by this thread alone for `'a`
/// (the documented threading rule of both libraries: one object, one thread at a time).
pub unsafe fn obj_mut<'a, T>(p: *mut T) -> Option<&'a mut T> {
    // SAFETY: the caller guarantees p is NULL or valid and unaliased.
    unsafe { p.as_mut() }
}

/// The bytes `[p, p+len)`; a NULL with a non-zero length is `None`, a zero length is `&[]`.
///
/// # Safety
/// When `len > 0`, `p` points to `len` readable bytes.
pub unsafe fn bytes<'a>(p: *const c_void, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() || len > isize::MAX as usize {
        return None;
    }
    // SAFETY: non-NULL, and the caller guarantees len readable bytes.
    Some(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) })
}

/// The writable bytes `[p, p+len)`, as [`bytes`].
///
/// # Safety
/// When `len > 0`, `p` points to `len` writable bytes not aliased for `'a`.
pub unsafe fn bytes_mut<'a>(p: *mut c_void, len: usize) -> Option<&'a mut [u8]> {
    if len == 0 {
        return Some(&mut []);
    }
    if p.is_null() || len > isize::MAX as usize {
        return None;
    }
    // SAFETY: non-NULL, and the caller guarantees len writable bytes.
    Some(unsafe { std::slice::from_raw_parts_mut(p.cast::<u8>(), len) })
}

/// A C string as `&str`; NULL or non-UTF-8 is `None`.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string alive for `'a`.
pub unsafe fn cstr<'a>(p: *const c_char) -> Option<&'a str> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's guarantee.
    unsafe { CStr::from_ptr(p) }.to_str().ok()
}

/// Hands `obj` to C as an owned pointer.
pub fn into_handle<T>(obj: T) -> *mut T {
    Box::into_raw(Box::new(obj))
}

/// Takes back and drops an object handed out by [`into_handle`]; NULL is ignored.
///
/// # Safety
/// `p` is NULL or came from `into_handle::<T>` and is not used afterwards.
pub unsafe fn free_handle<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: p came from Box::into_raw and ownership returns here once.
        drop(unsafe { Box::from_raw(p) });
    }
}

/// Called by every generated libssl stub (build.rs): an error entry naming the
/// function; the stub then returns the failure value from src/symbols.tsv.
pub fn stub_ssl(func: &'static str) {
    log_stub(func);
    crate::openssl::err::push_unimplemented(func);
}

/// Called by every generated GnuTLS stub: GnuTLS has no error queue; the stub returns
/// `GNUTLS_E_UNIMPLEMENTED_FEATURE` (or NULL / 0 for non-int functions), and the
/// name goes to the GnuTLS log function when one is set.
pub fn stub_gnutls(func: &'static str) {
    log_stub(func);
    crate::gnutls::log_unimplemented(func);
}

/// An `SSL_ctrl` / `SSL_CTX_ctrl` command tlsshim does not know, at warn (OpenSSL
/// returns 0 without queuing an error for one it does not know either).
pub fn log_unsupported_ctrl(func: &str, cmd: std::ffi::c_int) {
    init_log();
    log::warn!(target: "tlsshim::stub", "{func} command {cmd} is not supported; it returns 0");
}

/// Every stub call, at warn: the program reached a function tlsshim does not implement.
fn log_stub(func: &str) {
    init_log();
    log::warn!(target: "tlsshim::stub", "stub called: {func} is not implemented; it returns its documented failure value");
}

/// Writes `s` as a NUL-terminated string into `buf` of `size` bytes (truncating),
/// returning the length of `s`. NULL or zero-sized `buf` writes nothing.
///
/// # Safety
/// `buf` is NULL or points to `size` writable bytes.
pub unsafe fn write_cstr(buf: *mut c_char, size: usize, s: &[u8]) -> usize {
    if !buf.is_null() && size > 0 {
        let n = s.len().min(size - 1);
        // SAFETY: buf has size >= n + 1 writable bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
    }
    s.len()
}

/// A NULL `*const c_void` for exports that return "no object".
pub const NULL: *mut c_void = std::ptr::null_mut();
