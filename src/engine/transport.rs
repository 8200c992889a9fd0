//! Transports: where the engine's TLS bytes go. Each face adapts its own (a libcrypto
//! BIO, GnuTLS push/pull callbacks, a plain fd) to [`Transport`].
use std::io;

/// A byte pipe to the peer. `recv` returning `Ok(0)` is end of file; errors carry
/// their kind (`WouldBlock`, `Interrupted`) or errno.
pub trait Transport {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize>;
    fn send(&mut self, buf: &[u8]) -> io::Result<usize>;
}

/// A socket (or any fd): `recv`/`send` with `MSG_NOSIGNAL`, `read`/`write` when the fd
/// is not a socket.
pub struct FdTransport {
    pub rfd: i32,
    pub wfd: i32,
}

impl Transport for FdTransport {
    fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: buf is a valid writable slice of buf.len() bytes.
        let mut n = unsafe { libc::recv(self.rfd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 0 && errno::errno().0 == libc::ENOTSOCK {
            // SAFETY: as above.
            n = unsafe { libc::read(self.rfd, buf.as_mut_ptr().cast(), buf.len()) };
        }
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        // SAFETY: buf is a valid readable slice of buf.len() bytes.
        let mut n =
            unsafe { libc::send(self.wfd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
        if n < 0 && errno::errno().0 == libc::ENOTSOCK {
            // SAFETY: as above.
            n = unsafe { libc::write(self.wfd, buf.as_ptr().cast(), buf.len()) };
        }
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }
}

/// Lets rustls' `read_tls` / `write_tls` use a [`Transport`].
pub(crate) struct Io<'a>(pub &'a mut dyn Transport);

impl io::Read for Io<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.recv(buf)
    }
}

impl io::Write for Io<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.send(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
