//! Where rendered bytes go, and what is cleaned up when a run is stopped.
//!
//! `-o PATH` is resolved once, before the work starts, into one of:
//!
//! - a **regular file** (existing or new): written to a temporary file in the
//!   destination's folder (so an unwritable path fails at once) and renamed
//!   over it only when the whole report is written. A failed run drops the
//!   temporary file: it never leaves a partial report nor replaces an
//!   existing one. A replaced file keeps its permission bits (and, where the
//!   process may set them, its owner and group).
//! - a **symbolic link**: written through. The file the link points to is
//!   replaced as above (or created, for a dangling link); the link stays.
//! - a **character device or FIFO** (`/dev/null`, a named pipe, `/dev/stdout`
//!   and other names of open descriptors): written straight into, never
//!   replaced. Block devices and sockets are refused.
//!
//! A path that is also one of the inputs (same device and inode, after
//! symbolic links; standard input and the config file included) is refused
//! with a usage error before anything is read.
//!
//! SIGINT, SIGTERM and SIGHUP are caught by a thread of their own
//! ([`clean_up_on_signals`]): it removes the temporary report and the run's
//! temporary folder (where standard input and re-encoded inputs are
//! spooled) and exits with 128 + the signal's number (130, 143, 129).

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

use crate::config::usage;
use crate::report::spreadsheet::Spreadsheet;

pub enum Target {
    Stdout,
    /// A regular file, new or replaced.
    File {
        /// As given, for messages.
        shown: PathBuf,
        /// The file written (a symbolic link's target).
        path: PathBuf,
        tmp: tempfile::NamedTempFile,
        _registered: Registered,
    },
    /// A character device or FIFO, written straight into.
    Stream {
        shown: PathBuf,
        file: Stream,
    },
}

/// A stream target is opened for appending (a descriptor a shell opened with
/// `>>` stays appended to); a FIFO only when the report is ready, since its
/// open waits for a reader, which should not hold up the run.
pub enum Stream {
    Open(File),
    Later(PathBuf),
}

impl Target {
    /// Resolves `-o PATH` (stdout without one) before the work starts.
    /// `inputs` are the input arguments as given (`-` is standard input,
    /// patterns are expanded): none may be the output.
    pub fn open<'a>(
        path: Option<&Path>,
        inputs: impl IntoIterator<Item = &'a String>,
    ) -> Result<Target> {
        let Some(shown) = path else {
            return Ok(Target::Stdout);
        };
        let config = CONFIG_FILE.get().and_then(|p| p.to_str());
        let inputs: Vec<&str> = inputs
            .into_iter()
            .map(String::as_str)
            .chain(config)
            .collect();
        let cannot = |e: &io::Error| format!("{}: cannot write there: {e}", shown.display());
        let found = match fs::metadata(shown) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => bail!(cannot(&e)),
        };
        if let Some(m) = &found {
            if let Some(input) = same_as_input(m, &inputs) {
                return Err(usage(format!(
                    "-o {}: is also an input ({input}); writing the report there would destroy it, \
                     so give another output path",
                    shown.display()
                )));
            }
        }
        let kind = match &found {
            Some(_) if names_a_descriptor(shown) => Some(Kind::Stream),
            found => found.as_ref().map(Kind::of),
        };
        match kind {
            Some(Kind::Stream) => {
                let file = if is_fifo(found.as_ref()) {
                    writable(shown).map_err(|e| anyhow::anyhow!(cannot(&e)))?;
                    Stream::Later(shown.to_path_buf())
                } else {
                    Stream::Open(
                        OpenOptions::new()
                            .append(true)
                            .open(shown)
                            .map_err(|e| anyhow::anyhow!(cannot(&e)))?,
                    )
                };
                return Ok(Target::Stream {
                    shown: shown.to_path_buf(),
                    file,
                });
            }
            Some(Kind::Refused(what)) => {
                return Err(usage(format!(
                    "-o {}: is {what}; write the report to a regular file, a character device or a FIFO",
                    shown.display()
                )))
            }
            Some(Kind::Folder) => {
                return Err(usage(format!(
                    "-o {}: give a file name to write, not a folder",
                    shown.display()
                )))
            }
            Some(Kind::Regular) | None => {}
        }
        let path = match &found {
            Some(_) => fs::canonicalize(shown).map_err(|e| anyhow::anyhow!(cannot(&e)))?,
            None => through_links(shown).map_err(|e| anyhow::anyhow!(cannot(&e)))?,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".engage-").suffix(".tmp");
        // A new report is an ordinary file: readable as the umask allows,
        // not private like a temporary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| no_file_in(shown, dir, &e))?;
        let registered = Registered::new(tmp.path());
        if let Some(m) = &found {
            keep_owner_and_mode(tmp.as_file(), m)
                .with_context(|| format!("{}: cannot write there", shown.display()))?;
        }
        Ok(Target::File {
            shown: shown.to_path_buf(),
            path,
            tmp,
            _registered: registered,
        })
    }

    /// [`Target::write_with`], or with `sheet` the CSV that `render` writes
    /// carried into that spreadsheet format (held in memory: TSV and XLSX
    /// are for tables a spreadsheet opens).
    pub fn write_sheet(
        self,
        sheet: Option<Spreadsheet>,
        render: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let Some(kind) = sheet else {
            return self.write_with(render);
        };
        let mut csv = Vec::new();
        render(&mut csv)?;
        let bytes = super::spreadsheet::from_csv(&csv, kind)?;
        self.write(&bytes)
    }

    /// Writes the whole report (see [`Target::write_with`]).
    pub fn write(self, bytes: &[u8]) -> Result<()> {
        self.write_with(|w| Ok(w.write_all(bytes)?))
    }

    /// Writes the report that `render` writes, as it writes it: rows go to
    /// the target through a buffer, never held whole in memory. A regular
    /// file is still replaced only once `render` has finished (temporary
    /// file, then rename); an error in `render` leaves it as it was. A
    /// closed pipe on stdout (`engage ... | head`) or on a FIFO is not an
    /// error.
    pub fn write_with(self, render: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        match self {
            Target::Stdout => {
                let mut sink = Sink::new(io::stdout().lock());
                let done = sink.run(render);
                sink.outcome(done, true, || "cannot write to standard output".into())
            }
            Target::Stream { shown, file } => {
                let what = || format!("{}: cannot write", shown.display());
                let file = match file {
                    Stream::Open(f) => f,
                    Stream::Later(p) => {
                        OpenOptions::new().append(true).open(p).with_context(what)?
                    }
                };
                let mut sink = Sink::new(file);
                let done = sink.run(render);
                sink.outcome(done, true, what)
            }
            Target::File {
                shown,
                path,
                mut tmp,
                _registered,
            } => {
                let what = || format!("{}: cannot write", shown.display());
                let mut sink = Sink::new(WritingBack::new(tmp.as_file_mut()));
                let done = sink.run(render);
                sink.outcome(done, false, what)?;
                tmp.as_file().sync_all().with_context(what)?;
                tmp.persist(&path).map_err(|e| e.error).with_context(what)?;
                Ok(())
            }
        }
    }
}

/// A file being written that asks the kernel to start writing each
/// `WRITEBACK` bytes it is given to the disk (Linux' `sync_file_range`,
/// which does not wait; RocksDB's `bytes_per_sync`), so that the `fsync`
/// ending the write waits for the last few megabytes instead of the whole
/// file: for the 100 MB Parquet file of `engage customers` on 10M orders
/// it took 0.04-0.07 s, both cores idle, and takes 0.004-0.006 s.
/// Elsewhere it is the file.
struct WritingBack<'a> {
    file: &'a mut File,
    /// Bytes written, and those whose write-back was started.
    written: u64,
    started: u64,
}

/// Bytes between two starts of write-back.
const WRITEBACK: u64 = 8 << 20;

impl<'a> WritingBack<'a> {
    fn new(file: &'a mut File) -> Self {
        WritingBack {
            file,
            written: 0,
            started: 0,
        }
    }
}

impl Write for WritingBack<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK {
            #[cfg(target_os = "linux")]
            {
                use std::os::fd::AsRawFd;
                let (from, len) = (self.started as i64, (self.written - self.started) as i64);
                // Only a hint: an error here leaves the bytes to `fsync`,
                // which reports any real one.
                // SAFETY: a plain system call on a descriptor `file` owns.
                let _ = unsafe {
                    libc::sync_file_range(
                        self.file.as_raw_fd(),
                        from,
                        len,
                        libc::SYNC_FILE_RANGE_WRITE,
                    )
                };
            }
            self.started = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A buffered writer that remembers the first I/O error it met, so that a
/// renderer's error (a `csv` or `serde_json` error around it) is reported
/// as what it is: the target could not be written.
struct Sink<W: Write> {
    out: io::BufWriter<W>,
    failed: Option<io::Error>,
}

impl<W: Write> Sink<W> {
    fn new(out: W) -> Sink<W> {
        Sink {
            out: io::BufWriter::with_capacity(1 << 16, out),
            failed: None,
        }
    }

    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let (Err(e), None) = (&r, &self.failed) {
            self.failed = Some(io::Error::new(e.kind(), e.to_string()));
        }
        r
    }

    /// `render` into the buffer, then the buffer flushed.
    fn run(&mut self, render: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        render(self)?;
        Ok(self.flush()?)
    }

    /// The run's result: an I/O error named `what` (a broken pipe is no
    /// error where `pipe`), or the renderer's own error.
    fn outcome(self, done: Result<()>, pipe: bool, what: impl FnOnce() -> String) -> Result<()> {
        match (done, self.failed) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(e)) if pipe && e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            (Err(_), Some(e)) => Err(anyhow::Error::new(e).context(what())),
            (Err(e), None) => Err(e),
        }
    }
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.out.write(buf);
        self.note(r)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let r = self.out.write_all(buf);
        self.note(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.out.flush();
        self.note(r)
    }
}

/// What an existing output path is, after symbolic links.
enum Kind {
    Regular,
    Folder,
    Stream,
    Refused(&'static str),
}

impl Kind {
    #[cfg(unix)]
    fn of(m: &Metadata) -> Kind {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_file() {
            Kind::Regular
        } else if t.is_dir() {
            Kind::Folder
        } else if t.is_char_device() || t.is_fifo() {
            Kind::Stream
        } else if t.is_block_device() {
            Kind::Refused("a block device")
        } else {
            Kind::Refused("a socket")
        }
    }

    #[cfg(not(unix))]
    fn of(m: &Metadata) -> Kind {
        if m.is_dir() {
            Kind::Folder
        } else if m.is_file() {
            Kind::Regular
        } else {
            Kind::Stream
        }
    }
}

/// `/dev/stdout`, `/dev/fd/3`...: a name of a descriptor this process
/// already has open, which a shell opened with `>` or `>>`. Writing into it
/// keeps what the shell asked for (appending, or a file it holds open).
fn names_a_descriptor(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr"]
        .iter()
        .any(|p| path == Path::new(p))
        || ["/dev/fd/", "/proc/self/fd/"]
            .iter()
            .any(|p| path.starts_with(p))
}

fn is_fifo(m: Option<&Metadata>) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        m.is_some_and(|m| m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        false
    }
}

/// Whether this process may open `path` for writing, without opening it (a
/// FIFO's open would wait for a reader).
fn writable(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: `c` is a valid NUL-terminated string for the call.
        if unsafe { libc::access(c.as_ptr(), libc::W_OK) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The path a chain of symbolic links ends at, for a path that does not
/// exist yet (a dangling link is written through: its target is created).
/// Why no file can be made in `dir`, the folder of `-o shown`: the
/// folder, not the temporary file's random name, and the fix.
fn no_file_in(shown: &Path, dir: &Path, e: &io::Error) -> anyhow::Error {
    let shown = shown.display();
    let dir = dir.display();
    match e.kind() {
        io::ErrorKind::NotFound => anyhow::anyhow!(
            "-o {shown}: the folder {dir} does not exist; create it (mkdir -p) or give another path"
        ),
        io::ErrorKind::PermissionDenied => anyhow::anyhow!(
            "-o {shown}: no permission to create a file in {dir}; give a folder you may write to"
        ),
        _ => {
            // The error without the path the temporary file had.
            let why = e.raw_os_error().map_or_else(
                || io::Error::from(e.kind()).to_string(),
                |n| io::Error::from_raw_os_error(n).to_string(),
            );
            anyhow::anyhow!("-o {shown}: cannot create a file in {dir}: {why}")
        }
    }
}

fn through_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // As many hops as the kernel follows (ELOOP beyond).
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The replaced file's permission bits, set exactly (not through the
/// umask), and its owner and group where this process may set them.
fn keep_owner_and_mode(tmp: &File, old: &Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // Only root may give a file away, and only to a group it is in
        // otherwise; the mode is kept either way.
        let _ = std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid()));
        tmp.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))?;
    }
    #[cfg(not(unix))]
    tmp.set_permissions(old.permissions())?;
    Ok(())
}

/// The input argument naming the same file as the output's metadata `out`
/// (device and inode), if any: plain paths, expanded patterns and `-`.
fn same_as_input(out: &Metadata, inputs: &[&str]) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let same = |m: &Metadata| m.dev() == out.dev() && m.ino() == out.ino();
        for &arg in inputs {
            if arg == "-" {
                // Standard input redirected from the output file.
                if fs::metadata("/dev/stdin").is_ok_and(|m| m.is_file() && same(&m)) {
                    return Some("standard input".into());
                }
                continue;
            }
            if fs::metadata(arg).is_ok_and(|m| same(&m)) {
                return Some(arg.to_string());
            }
            if arg.contains(['*', '?', '[']) {
                // A malformed pattern is reported when inputs are resolved.
                let Ok(paths) = glob::glob(arg) else { continue };
                let hit = paths
                    .filter_map(Result::ok)
                    .find(|p| fs::metadata(p).is_ok_and(|m| same(&m)));
                if let Some(p) = hit {
                    return Some(p.display().to_string());
                }
            }
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = (out, inputs);
        None
    }
}

/// The config file this run read (`engage.toml`, `--config FILE`): an
/// input too, so never the output. Set once, by `main`, as the language is.
static CONFIG_FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Records the config file read, which `-o` may then not name.
pub fn config_read(path: &Path) {
    let _ = CONFIG_FILE.set(path.to_path_buf());
}

/// Temporary files of this run that a signal must remove: the report being
/// written (the spools live in the run's temporary folder).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A path in [`PENDING`] while it lives.
pub struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Registered {
        if let Ok(mut p) = PENDING.lock() {
            p.push(path.to_path_buf());
        }
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut p) = PENDING.lock() {
            p.retain(|x| x != &self.0);
        }
    }
}

/// Catches SIGINT, SIGTERM and SIGHUP for the rest of the run, and gives
/// the run a temporary folder of its own (inside the system's, `TMPDIR`)
/// where every temporary file outside the output's folder is made: on one
/// of those signals the folder and the pending report are removed and the
/// process exits with 128 + the signal. Call it first thing in `main`,
/// before any thread is started (threads inherit the blocked signals); the
/// folder is removed when the returned guard drops. `None` when the folder
/// cannot be made (temporary files then go to the system's folder).
pub fn clean_up_on_signals() -> Option<tempfile::TempDir> {
    let run_dir = tempfile::Builder::new().prefix("engage-").tempdir().ok();
    if let Some(d) = &run_dir {
        // Fails only when already set, which nothing else does.
        let _ = tempfile::env::override_temp_dir(d.path());
    }
    #[cfg(unix)]
    watch_signals(run_dir.as_ref().map(|d| d.path().to_path_buf()));
    run_dir
}

#[cfg(unix)]
fn watch_signals(run_dir: Option<PathBuf>) {
    // SAFETY: plain libc calls on a local, zero-initialised sigset_t.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, s);
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        set
    };
    let spawned = std::thread::Builder::new()
        .name("engage-signals".into())
        .spawn(move || loop {
            let mut signal: libc::c_int = 0;
            // SAFETY: `set` is initialised above; sigwait writes `signal`.
            if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                continue;
            }
            // The main thread may hold the lock in `Registered`: it keeps
            // running meanwhile, so the wait is short.
            if let Ok(pending) = PENDING.lock() {
                for p in pending.iter() {
                    let _ = fs::remove_file(p);
                }
            }
            if let Some(d) = &run_dir {
                let _ = fs::remove_dir_all(d);
            }
            // SAFETY: ends the process at once, as the signal would have.
            unsafe { libc::_exit(128 + signal) };
        });
    if spawned.is_err() {
        // Without a watcher the signals must not stay blocked.
        // SAFETY: as above.
        unsafe {
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}
