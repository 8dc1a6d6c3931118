//! Where rendered bytes go: standard output, or a file written atomically.
//!
//! A file target is opened before the work starts (a temporary file in the
//! destination's folder, so an unwritable path fails at once) and renamed
//! over the destination only when the whole report is written. A failed run
//! drops the temporary file: it never leaves a partial report nor replaces
//! an existing one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub enum Target {
    Stdout,
    File {
        path: PathBuf,
        tmp: tempfile::NamedTempFile,
    },
}

impl Target {
    pub fn open(path: Option<&Path>) -> Result<Target> {
        let Some(path) = path else {
            return Ok(Target::Stdout);
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".engage-").suffix(".tmp");
        // A report is an ordinary file: readable as the umask allows, not
        // private like a temporary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("{}: cannot write there", path.display()))?;
        Ok(Target::File {
            path: path.to_path_buf(),
            tmp,
        })
    }

    /// Writes the whole report. A closed pipe on stdout (`engage ... | head`)
    /// is not an error.
    pub fn write(self, bytes: &[u8]) -> Result<()> {
        match self {
            Target::Stdout => {
                let mut out = io::stdout().lock();
                match out.write_all(bytes).and_then(|()| out.flush()) {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                        Err(e).context("cannot write to standard output")
                    }
                    _ => Ok(()),
                }
            }
            Target::File { path, mut tmp } => {
                let what = || format!("{}: cannot write", path.display());
                tmp.write_all(bytes).with_context(what)?;
                tmp.as_file().sync_all().with_context(what)?;
                tmp.persist(&path).map_err(|e| e.error).with_context(what)?;
                Ok(())
            }
        }
    }
}
