//! `tlsshim`: the user's command beside the library.
//!
//! - `tlsshim run PROGRAM [ARGS…]` runs PROGRAM with libtlsshim.so preloaded;
//! - `tlsshim check PROGRAM` reads which libssl / GnuTLS functions PROGRAM and the
//!   libraries it loads import, and says which of them tlsshim implements;
//! - `tlsshim --version` names our version, rustls, the provider and the ABIs.
//!
//! The export table is `src/symbols.tsv`, embedded at build time, so `check` answers
//! for the library this command was built with.
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt::Write as _;
use std::io::Write as _;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use object::elf;
use object::read::elf::{ElfFile64, Sym};
use object::Endianness;

/// `writeln!` into the report String (which cannot fail).
macro_rules! say {
    ($report:expr, $($arg:tt)*) => {
        let _ = writeln!($report, $($arg)*);
    };
}

const SYMBOLS_TSV: &str = include_str!("../symbols.tsv");

/// The two libraries tlsshim stands in for: the DT_NEEDED name, the face column of
/// symbols.tsv, and how the report names it.
const FACES: &[(&str, &str, &str)] = &[
    ("libssl.so.3", "ssl", "libssl.so.3 (OpenSSL 3.0)"),
    ("libgnutls.so.30", "gnutls", "libgnutls.so.30 (GnuTLS 3.7)"),
];

/// System directories searched after LD_LIBRARY_PATH, RUNPATH and the ld.so cache.
const SYSTEM_DIRS: &[&str] = &[
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V" | "version") => {
            print_version();
            ExitCode::SUCCESS
        }
        Some("run") if args.len() >= 2 => run(&args[1..]),
        Some("check") if args.len() == 2 => match check(Path::new(&args[1])) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tlsshim check: {e}");
                ExitCode::from(2)
            }
        },
        Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "\
usage: tlsshim run PROGRAM [ARGS...]   run PROGRAM with libtlsshim.so preloaded
       tlsshim check PROGRAM           which libssl/GnuTLS functions PROGRAM needs, and ours
       tlsshim --version               versions of tlsshim, rustls, the provider, the ABIs
environment: TLSSHIM_LIB=PATH (the library `run` preloads), TLSSHIM_DEBUG=1,
             TLSSHIM_LOG=error|warn|info|debug|trace, TLSSHIM_LOG_FILE=PATH, SSLKEYLOGFILE
";

fn print_version() {
    let table = ExportTable::embedded();
    println!("tlsshim {}", env!("CARGO_PKG_VERSION"));
    println!("rustls {}", env!("TLSSHIM_RUSTLS_VERSION"));
    println!(
        "crypto provider: aws-lc-rs {}",
        env!("TLSSHIM_AWS_LC_RS_VERSION")
    );
    println!("emulated ABIs:");
    for (soname, face, _) in FACES {
        let (done, total) = table.counts(face);
        let abi = if *face == "ssl" {
            "OpenSSL 3.0.x libssl, version node OPENSSL_3.0.0"
        } else {
            "GnuTLS 3.7.9, version nodes GNUTLS_3_4 .. GNUTLS_3_7_7"
        };
        println!("  {soname}: {abi} ({done} of {total} exports implemented)");
    }
    match find_library() {
        Some(lib) => println!("library: {}", lib.display()),
        None => println!("library: not found (set TLSSHIM_LIB)"),
    }
}

/// The library `run` preloads: `$TLSSHIM_LIB`, else `../lib/libtlsshim.so` next to this
/// binary (installed, or build/bin in the repository), else the repository's
/// `build/lib` seen from `target/<profile>/tlsshim`.
fn find_library() -> Option<PathBuf> {
    if let Some(lib) = std::env::var_os("TLSSHIM_LIB") {
        return Some(PathBuf::from(lib));
    }
    let exe = std::env::current_exe().ok()?.canonicalize().ok()?;
    let bin_dir = exe.parent()?;
    [
        bin_dir.join("../lib/libtlsshim.so"),
        bin_dir.join("../../build/lib/libtlsshim.so"),
    ]
    .into_iter()
    .find(|p| p.is_file())
    .and_then(|p| p.canonicalize().ok())
}

fn run(args: &[String]) -> ExitCode {
    let Some(lib) = find_library() else {
        eprintln!("tlsshim run: libtlsshim.so not found; set TLSSHIM_LIB=/path/to/libtlsshim.so");
        return ExitCode::from(127);
    };
    if !lib.is_file() {
        eprintln!("tlsshim run: {} does not exist", lib.display());
        return ExitCode::from(127);
    }
    // Ours first, so its symbols win; a preload the user already had stays.
    let mut preload = lib.into_os_string();
    if let Some(old) = std::env::var_os("LD_PRELOAD").filter(|v| !v.is_empty()) {
        preload.push(":");
        preload.push(old);
    }
    let err = Command::new(&args[0])
        .args(&args[1..])
        .env("LD_PRELOAD", preload)
        .exec();
    eprintln!("tlsshim run: {}: {err}", args[0]);
    ExitCode::from(127)
}

/// `src/symbols.tsv`: name → (face, implemented).
struct ExportTable {
    exports: HashMap<&'static str, (&'static str, bool)>,
}

impl ExportTable {
    fn embedded() -> Self {
        let exports = SYMBOLS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() == 7).then(|| (f[0], (f[1], f[6] == "impl")))
            })
            .collect();
        ExportTable { exports }
    }

    fn counts(&self, face: &str) -> (usize, usize) {
        let of_face = self.exports.values().filter(|(f, _)| *f == face);
        (
            of_face.clone().filter(|(_, done)| *done).count(),
            of_face.count(),
        )
    }

    fn status(&self, face: &str, name: &str) -> Status {
        match self.exports.get(name) {
            Some((f, true)) if *f == face => Status::Implemented,
            Some((f, false)) if *f == face => Status::Stub,
            _ => Status::Missing,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Missing,
    Stub,
    Implemented,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::Stub => "stub",
            Status::Missing => "missing",
        }
    }
}

/// What `check` needs of one ELF file.
struct ElfInfo {
    needed: Vec<String>,
    rpath: Vec<String>,
    runpath: Vec<String>,
    /// Undefined dynamic symbols: name and, when versioned, the library the version
    /// requirement names (`vn_file`).
    imports: Vec<(String, Option<String>)>,
    /// Defined dynamic symbols.
    exports: BTreeSet<String>,
}

fn read_elf(path: &Path) -> Result<ElfInfo, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = ElfFile64::<Endianness>::parse(&*data)
        .map_err(|e| format!("{}: not a 64-bit ELF file: {e}", path.display()))?;
    let endian = file.endian();
    let bad = |e: object::Error| format!("{}: {e}", path.display());

    let mut info = ElfInfo {
        needed: Vec::new(),
        rpath: Vec::new(),
        runpath: Vec::new(),
        imports: Vec::new(),
        exports: BTreeSet::new(),
    };
    if let Ok(dynamic) = file.elf_dynamic_table() {
        for d in dynamic.iter() {
            if !matches!(d.tag, elf::DT_NEEDED | elf::DT_RPATH | elf::DT_RUNPATH) {
                continue;
            }
            let s = String::from_utf8_lossy(dynamic.string(d).map_err(bad)?).into_owned();
            let search_path = || s.split(':').filter(|p| !p.is_empty()).map(str::to_string);
            match d.tag {
                elf::DT_NEEDED => info.needed.push(s.clone()),
                elf::DT_RPATH => info.rpath.extend(search_path()),
                _ => info.runpath.extend(search_path()),
            }
        }
    }
    let symbols = file.elf_dynamic_symbol_table();
    let versions = file
        .elf_section_table()
        .versions(endian, &*data)
        .map_err(bad)?;
    for (index, sym) in symbols.enumerate().skip(1) {
        if sym.st_bind() == elf::STB_LOCAL {
            continue;
        }
        let name = String::from_utf8_lossy(symbols.symbol_name(endian, sym).map_err(bad)?);
        if name.is_empty() {
            continue;
        }
        if sym.is_undefined(endian) {
            let file_of_version = versions.as_ref().and_then(|v| {
                let version = v.version(v.version_index(endian, index).index()).ok()??;
                version
                    .file()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
            });
            info.imports.push((name.into_owned(), file_of_version));
        } else {
            info.exports.insert(name.into_owned());
        }
    }
    Ok(info)
}

/// Finds a DT_NEEDED library as ld.so does (for 64-bit x86 programs): RPATH (when
/// there is no RUNPATH), LD_LIBRARY_PATH, RUNPATH, the ld.so cache, the system dirs.
struct Resolver {
    ld_library_path: Vec<String>,
    cache: HashMap<String, PathBuf>,
}

impl Resolver {
    fn new() -> Self {
        let ld_library_path = std::env::var("LD_LIBRARY_PATH")
            .unwrap_or_default()
            .split([':', ';'])
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        // `ldconfig -p` lines: "\tlibssl.so.3 (libc6,x86-64) => /lib/x86_64-linux-gnu/libssl.so.3".
        let mut cache = HashMap::new();
        for ldconfig in ["ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"] {
            let Ok(out) = Command::new(ldconfig).arg("-p").output() else {
                continue;
            };
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let Some((left, path)) = line.split_once(" => ") else {
                    continue;
                };
                if !left.contains("x86-64") {
                    continue;
                }
                let name = left.split_whitespace().next().unwrap_or_default();
                cache
                    .entry(name.to_string())
                    .or_insert_with(|| PathBuf::from(path.trim()));
            }
            break;
        }
        Resolver {
            ld_library_path,
            cache,
        }
    }

    fn resolve(&self, name: &str, loader: &Path, info: &ElfInfo) -> Option<PathBuf> {
        if name.contains('/') {
            return Some(PathBuf::from(name));
        }
        let origin = loader.parent().unwrap_or(Path::new("/"));
        let expand = |dir: &String| {
            PathBuf::from(
                dir.replace("$ORIGIN", &origin.to_string_lossy())
                    .replace("${ORIGIN}", &origin.to_string_lossy()),
            )
        };
        let mut dirs: Vec<PathBuf> = Vec::new();
        if info.runpath.is_empty() {
            dirs.extend(info.rpath.iter().map(expand));
        }
        dirs.extend(self.ld_library_path.iter().map(PathBuf::from));
        dirs.extend(info.runpath.iter().map(expand));
        let found = dirs
            .iter()
            .map(|d| d.join(name))
            .find(|p| is_elf64(p))
            .or_else(|| self.cache.get(name).cloned().filter(|p| is_elf64(p)));
        found.or_else(|| self.system(name))
    }

    /// The system's copy: the ld.so cache or the system dirs, never LD_LIBRARY_PATH
    /// (which may point at our own drop-in links).
    fn system(&self, name: &str) -> Option<PathBuf> {
        self.cache
            .get(name)
            .cloned()
            .into_iter()
            .chain(SYSTEM_DIRS.iter().map(|d| Path::new(d).join(name)))
            .find(|p| is_elf64(p))
    }
}

fn is_elf64(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 5];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        // EI_CLASS 2: ELFCLASS64.
        && head == [0x7f, b'E', b'L', b'F', 2]
}

/// One imported libssl / GnuTLS function: its status and who imports it.
struct Needed {
    status: Status,
    importers: BTreeSet<String>,
}

fn check(program: &Path) -> Result<(), String> {
    let program = if program.components().count() == 1 && !program.exists() {
        which(program).ok_or_else(|| format!("{}: not found in PATH", program.display()))?
    } else {
        program.to_path_buf()
    };
    let resolver = Resolver::new();
    let table = ExportTable::embedded();

    // What the real libraries export: an unversioned import counts as theirs when
    // the real library defines it.
    let mut real_exports: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (soname, face, _) in FACES {
        let exports = resolver
            .system(soname)
            .filter(|p| !is_ours(p))
            .and_then(|p| read_elf(&p).ok())
            .map(|i| i.exports)
            .unwrap_or_default();
        real_exports.insert(face, exports);
    }

    // Breadth-first over the program and the libraries it loads, as ld.so does; the
    // two faces themselves are not entered (their imports are not the program's).
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut queue = VecDeque::from([program.clone()]);
    let mut unresolved: BTreeSet<String> = BTreeSet::new();
    let mut needed: BTreeMap<&str, BTreeMap<String, Needed>> = BTreeMap::new();
    let mut loads_face: BTreeSet<&str> = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        let canonical = path.canonicalize().unwrap_or(path.clone());
        if !seen.insert(canonical) {
            continue;
        }
        let info = match read_elf(&path) {
            Ok(info) => info,
            Err(e) if path == program => return Err(e),
            Err(_) => continue,
        };
        let who = path.display().to_string();
        for (name, version_file) in &info.imports {
            let face = FACES.iter().find_map(|(soname, face, _)| {
                let from_face = match version_file {
                    Some(file) => file == soname,
                    None => {
                        info.needed.iter().any(|n| n == soname) && real_exports[face].contains(name)
                    }
                };
                from_face.then_some(*face)
            });
            if let Some(face) = face {
                needed
                    .entry(face)
                    .or_default()
                    .entry(name.clone())
                    .or_insert_with(|| Needed {
                        status: table.status(face, name),
                        importers: BTreeSet::new(),
                    })
                    .importers
                    .insert(who.clone());
            }
        }
        for lib in &info.needed {
            if let Some((_, face, _)) = FACES.iter().find(|(soname, _, _)| soname == lib) {
                loads_face.insert(face);
                continue;
            }
            match resolver.resolve(lib, &path, &info) {
                Some(p) => queue.push_back(p),
                None => {
                    unresolved.insert(lib.clone());
                }
            }
        }
    }

    let mut report = String::new();
    say!(report, "tlsshim check: {}", program.display());
    say!(
        report,
        "  scanned {} ELF files (the program and the libraries it loads)",
        seen.len()
    );
    for lib in &unresolved {
        say!(
            report,
            "  note: {lib} not found; its imports were not checked"
        );
    }
    let mut missing = Vec::new();
    let mut stubs = Vec::new();
    for (soname, face, title) in FACES {
        let Some(functions) = needed.get(face) else {
            if loads_face.contains(face) {
                say!(report, "{title}: loaded, but no function imported from it");
            }
            continue;
        };
        let count = |s: Status| functions.values().filter(|n| n.status == s).count();
        say!(
            report,
            "{title}: {} functions imported: {} implemented, {} stub, {} missing",
            functions.len(),
            count(Status::Implemented),
            count(Status::Stub),
            count(Status::Missing)
        );
        let mut rows: Vec<(&String, &Needed)> = functions.iter().collect();
        rows.sort_by_key(|(name, n)| (n.status, name.as_str()));
        for (name, n) in rows {
            let by: Vec<&str> = n
                .importers
                .iter()
                .map(|p| p.rsplit('/').next().unwrap_or(p))
                .collect();
            say!(
                report,
                "  {:<11} {name}  [{soname}; imported by {}]",
                n.status.label(),
                by.join(", ")
            );
            match n.status {
                Status::Missing => missing.push(name.clone()),
                Status::Stub => stubs.push(name.clone()),
                Status::Implemented => {}
            }
        }
    }
    if needed.is_empty() {
        say!(
            report,
            "  imports nothing from libssl.so.3 or libgnutls.so.30: tlsshim changes nothing for it"
        );
    }
    if !stubs.is_empty() {
        say!(
            report,
            "note: a stub fails (returns its documented failure value) only when it is called; \
             check cannot know whether the program calls it"
        );
    }
    if !missing.is_empty() {
        say!(
            report,
            "note: a missing function is not exported by tlsshim: under LD_PRELOAD it falls \
             through to the real library with a tlsshim object, as a drop-in it does not bind"
        );
    }
    let mut verdict = Vec::new();
    if !missing.is_empty() {
        verdict.push(format!("will fail at: {}", first_names(&missing)));
    }
    if !stubs.is_empty() {
        verdict.push(format!(
            "may fail at (stubs, if called): {}",
            first_names(&stubs)
        ));
    }
    if verdict.is_empty() {
        say!(report, "verdict: should work");
    } else {
        say!(report, "verdict: {}", verdict.join("; "));
    }
    // A closed pipe (`| head`) ends the output quietly.
    let _ = std::io::stdout().write_all(report.as_bytes());
    Ok(())
}

fn first_names(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut s = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" (+{} more)", names.len() - SHOWN));
    }
    s
}

/// libtlsshim.so itself, or a link to it (build/lib/libssl.so.3).
fn is_ours(path: &Path) -> bool {
    path.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n == "libtlsshim.so"))
        .unwrap_or(false)
}

fn which(program: &Path) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}
