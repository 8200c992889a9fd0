//! The benchmark workloads of `ctests/bench/*.c` on bare rustls (aws-lc-rs provider),
//! with no shim in between: what the shim's own overhead is measured against.
//! Run by `tools/bench.py`; same command line and `RESULT key value` output:
//!
//! ```text
//! BENCH_PKI=dir bare_rustls bulk tls13-aes128|tls13-aes256|tls13-chacha|tls12-aes128 MIB
//! BENCH_PKI=dir bare_rustls hs ecdsa|rsa N | resume N | mem N | rtt N
//! ```
//!
//! Client and server run in two threads over a `UnixStream` pair per connection,
//! using `rustls::Stream`. Configurations are built once and shared by every
//! connection, as a rustls program does. Every connection: handshake (X25519; the
//! client verifies the chain and the name "localhost"), the server sends one byte,
//! both sides close with close_notify. Full handshakes disable client resumption;
//! `resume` keeps rustls' default in-memory client cache (server: tickets).
use rustls::client::Resumption;
use rustls::crypto::{aws_lc_rs, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::{mpsc, Arc};
use std::time::Instant;

const CHUNK: usize = 16384;
const RTT_SIZE: usize = 1024;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Bulk,
    Hs,
    Resume,
    Mem,
    Rtt,
}

fn die(msg: &str) -> ! {
    eprintln!("bench: {msg}");
    std::process::exit(1)
}

fn result(key: &str, v: f64) {
    println!("RESULT {key} {v:.6}");
}

fn heap_used() -> i64 {
    // SAFETY: mallinfo2 has no preconditions.
    let mi = unsafe { libc::mallinfo2() };
    (mi.uordblks + mi.hblkhd) as i64
}

fn rss_bytes() -> i64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_else(|_| die("statm"));
    let res: i64 = s
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| die("statm"));
    // SAFETY: sysconf has no preconditions.
    res * unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64
}

type Client = rustls::StreamOwned<ClientConnection, UnixStream>;
type Server = rustls::StreamOwned<ServerConnection, UnixStream>;

fn read_full(s: &mut impl Read, buf: &mut [u8]) {
    s.read_exact(buf)
        .unwrap_or_else(|e| die(&format!("read: {e}")));
}

fn write_full(s: &mut impl Write, buf: &[u8]) {
    s.write_all(buf)
        .unwrap_or_else(|e| die(&format!("write: {e}")));
}

/// Reads until the peer's close_notify.
fn wait_close(s: &mut impl Read) {
    let mut b = [0u8; 256];
    loop {
        match s.read(&mut b) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => die(&format!("wait_close: {e}")),
        }
    }
}

enum Job {
    Conn(UnixStream),
    /// Mem mode: 16 KiB each way on held connection i.
    Traffic(usize),
    Stop,
}

struct Bench {
    mode: Mode,
    n: u64,
    server: Arc<ServerConfig>,
    client: Arc<ClientConfig>,
}

fn configs(mode: Mode, arg: &str, pki: &str) -> (Arc<ServerConfig>, Arc<ClientConfig>) {
    let suite = if mode == Mode::Bulk { arg } else { "default" };
    let rsa = mode == Mode::Hs && arg == "rsa";
    let base = aws_lc_rs::default_provider();
    let suites = match suite {
        "tls13-aes128" => vec![aws_lc_rs::cipher_suite::TLS13_AES_128_GCM_SHA256],
        "tls13-aes256" => vec![aws_lc_rs::cipher_suite::TLS13_AES_256_GCM_SHA384],
        "tls13-chacha" => vec![aws_lc_rs::cipher_suite::TLS13_CHACHA20_POLY1305_SHA256],
        "tls12-aes128" => vec![aws_lc_rs::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256],
        "default" => base.cipher_suites.clone(),
        other => die(&format!("unknown suite {other}")),
    };
    let versions: &[&rustls::SupportedProtocolVersion] = if suite.starts_with("tls12") {
        &[&rustls::version::TLS12]
    } else {
        &[&rustls::version::TLS13]
    };
    let provider = Arc::new(CryptoProvider {
        cipher_suites: suites,
        ..base
    });
    let path = |f: &str| format!("{pki}/{f}");
    let (cert, key) = if rsa {
        ("server-rsa.pem", "server-rsa.key")
    } else {
        ("server.pem", "server.key")
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path(cert))
        .and_then(|i| i.collect())
        .unwrap_or_else(|e| die(&format!("certificate: {e}")));
    let key = PrivateKeyDer::from_pem_file(path(key)).unwrap_or_else(|e| die(&format!("key: {e}")));
    let mut server = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .unwrap_or_else(|e| die(&e.to_string()))
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap_or_else(|e| die(&e.to_string()));
    server.ticketer = aws_lc_rs::Ticketer::new().unwrap_or_else(|e| die(&e.to_string()));
    let mut roots = RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(path("ca.pem")).unwrap_or_else(|e| die(&e.to_string())) {
        roots
            .add(c.unwrap_or_else(|e| die(&e.to_string())))
            .unwrap_or_else(|e| die(&e.to_string()));
    }
    let mut client = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .unwrap_or_else(|e| die(&e.to_string()))
        .with_root_certificates(roots)
        .with_no_client_auth();
    if mode != Mode::Resume {
        client.resumption = Resumption::disabled();
    }
    (Arc::new(server), Arc::new(client))
}

impl Bench {
    fn accept(&self, sock: UnixStream) -> Server {
        let conn =
            ServerConnection::new(self.server.clone()).unwrap_or_else(|e| die(&e.to_string()));
        let mut s = rustls::StreamOwned::new(conn, sock);
        while s.conn.is_handshaking() {
            s.conn
                .complete_io(&mut s.sock)
                .unwrap_or_else(|e| die(&format!("server handshake: {e}")));
        }
        write_full(&mut s, b"x");
        s
    }

    fn server_close(mut s: Server) {
        wait_close(&mut s);
        s.conn.send_close_notify();
        let _ = s.flush();
    }

    fn serve(&self, jobs: mpsc::Receiver<Job>, done: mpsc::Sender<()>) {
        let mut held: Vec<Server> = Vec::new();
        let mut buf = vec![0u8; CHUNK];
        let mut warming = true;
        while let Ok(job) = jobs.recv() {
            let sock = match job {
                Job::Stop => return,
                Job::Traffic(i) => {
                    read_full(&mut held[i], &mut buf);
                    write_full(&mut held[i], &buf);
                    let _ = done.send(());
                    continue;
                }
                Job::Conn(sock) => sock,
            };
            let mut s = self.accept(sock);
            let mode = if warming { Mode::Hs } else { self.mode };
            warming = false;
            match mode {
                Mode::Bulk => {
                    let mut left = self.n << 20;
                    while left > 0 {
                        match s.read(&mut buf) {
                            Ok(0) | Err(_) => die("server read"),
                            Ok(n) => left -= n as u64,
                        }
                    }
                    write_full(&mut s, b"k");
                }
                Mode::Rtt => {
                    for _ in 0..self.n {
                        read_full(&mut s, &mut buf[..RTT_SIZE]);
                        write_full(&mut s, &buf[..RTT_SIZE]);
                    }
                }
                Mode::Mem => {
                    held.push(s);
                    let _ = done.send(());
                    continue;
                }
                _ => {}
            }
            Self::server_close(s);
            if self.mode == Mode::Mem {
                let _ = done.send(());
            }
        }
    }

    fn connect(&self, jobs: &mpsc::Sender<Job>) -> Client {
        let (a, b) = UnixStream::pair().unwrap_or_else(|e| die(&e.to_string()));
        jobs.send(Job::Conn(b))
            .unwrap_or_else(|_| die("server gone"));
        let name = ServerName::try_from("localhost").expect("name");
        let conn = ClientConnection::new(self.client.clone(), name)
            .unwrap_or_else(|e| die(&e.to_string()));
        let mut c = rustls::StreamOwned::new(conn, a);
        let mut b = [0u8; 1];
        read_full(&mut c, &mut b);
        c
    }

    fn client_close(mut c: Client) {
        c.conn.send_close_notify();
        let _ = c.flush();
        wait_close(&mut c);
    }

    fn one_connection(&self, jobs: &mpsc::Sender<Job>) -> bool {
        let c = self.connect(jobs);
        let resumed = c.conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed);
        Self::client_close(c);
        resumed
    }
}

fn usage() -> ! {
    die("usage: bare_rustls bulk SUITE MIB | hs ecdsa|rsa N | resume N | mem N | rtt N")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = match args.get(1).map(String::as_str) {
        Some("bulk") => Mode::Bulk,
        Some("hs") => Mode::Hs,
        Some("resume") => Mode::Resume,
        Some("mem") => Mode::Mem,
        Some("rtt") => Mode::Rtt,
        _ => usage(),
    };
    let two = matches!(mode, Mode::Bulk | Mode::Hs);
    let arg = if two {
        args.get(2).cloned().unwrap_or_else(|| usage())
    } else {
        "ecdsa".into()
    };
    let n: u64 = args
        .get(if two { 3 } else { 2 })
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| usage());
    let pki = std::env::var("BENCH_PKI").unwrap_or_else(|_| die("BENCH_PKI not set"));
    let (server, client) = configs(mode, &arg, &pki);
    let bench = Arc::new(Bench {
        mode,
        n,
        server,
        client,
    });
    let (jobs, jobs_rx) = mpsc::channel();
    let (done_tx, done) = mpsc::channel();
    let srv = {
        let bench = bench.clone();
        std::thread::spawn(move || bench.serve(jobs_rx, done_tx))
    };
    // Warm-up: one connection, untimed.
    bench.one_connection(&jobs);
    if mode == Mode::Mem {
        let _ = done.recv();
    }
    match mode {
        Mode::Bulk => {
            let buf = vec![b'b'; CHUNK];
            let mut c = bench.connect(&jobs);
            let total = n << 20;
            let t0 = Instant::now();
            let mut sent = 0;
            while sent < total {
                write_full(&mut c, &buf);
                sent += CHUNK as u64;
            }
            let mut k = [0u8; 1];
            read_full(&mut c, &mut k);
            result("MBps", total as f64 / 1e6 / t0.elapsed().as_secs_f64());
            eprintln!(
                "bench: {:?} {:?}",
                c.conn.protocol_version(),
                c.conn.negotiated_cipher_suite().map(|s| s.suite())
            );
            Bench::client_close(c);
        }
        Mode::Hs | Mode::Resume => {
            let t0 = Instant::now();
            let mut reused = 0u64;
            for _ in 0..n {
                reused += u64::from(bench.one_connection(&jobs));
            }
            result("hps", n as f64 / t0.elapsed().as_secs_f64());
            result("reused", reused as f64 / n as f64);
        }
        Mode::Rtt => {
            let mut buf = vec![b'r'; RTT_SIZE];
            let mut c = bench.connect(&jobs);
            let t0 = Instant::now();
            for _ in 0..n {
                write_full(&mut c, &buf);
                read_full(&mut c, &mut buf);
            }
            result("rtps", n as f64 / t0.elapsed().as_secs_f64());
            Bench::client_close(c);
        }
        Mode::Mem => {
            let mut held = Vec::new();
            let (h0, r0) = (heap_used(), rss_bytes());
            for _ in 0..n {
                held.push(bench.connect(&jobs));
                let _ = done.recv();
            }
            let (h1, r1) = (heap_used(), rss_bytes());
            let mut buf = vec![b'm'; CHUNK];
            for (i, c) in held.iter_mut().enumerate() {
                jobs.send(Job::Traffic(i))
                    .unwrap_or_else(|_| die("server gone"));
                write_full(c, &buf);
                read_full(c, &mut buf);
                let _ = done.recv();
            }
            let (h2, r2) = (heap_used(), rss_bytes());
            let per = 2.0 * n as f64;
            result("heap_hs", (h1 - h0) as f64 / per);
            result("heap_traffic", (h2 - h0) as f64 / per);
            result("rss_hs", (r1 - r0) as f64 / per);
            result("rss_traffic", (r2 - r0) as f64 / per);
            // The held connections stay open until the process ends, as in the C benchmarks.
            std::mem::forget(held);
        }
    }
    let _ = jobs.send(Job::Stop);
    let _ = srv.join();
}
