//! The progress line of a long CSV read, on stderr: the bytes read of the
//! file's size, the rate and the time left. It owns nothing but that line:
//! whether a run may show it is the run configuration's call
//! (`InputOptions::progress`: stderr is a terminal and no `-q`), and it
//! appears only once a file's read has taken [`AFTER`], then is cleared
//! when the read ends, so nothing of it stays on the screen, and stdout
//! never sees it. Parquet files are read by polars and show none.

use std::io::{self, Read};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Source;

/// How long a read goes on before its progress is shown.
const AFTER: Duration = Duration::from_secs(1);

/// [`AFTER`], or `ENGAGE_PROGRESS_AFTER_MS` (the tests show it at once).
fn after() -> Duration {
    std::env::var("ENGAGE_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(AFTER, Duration::from_millis)
}

/// A reader that counts the bytes read from a source on its progress line.
pub struct Reader<R> {
    inner: R,
    /// `None` when the run shows no progress.
    bar: Option<ProgressBar>,
    after: Duration,
}

impl<R: Read> Reader<R> {
    /// `total`: the bytes there are to read, when known.
    pub fn new(inner: R, source: &Source, total: Option<u64>) -> Self {
        let bar = source.progress.then(|| {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
            let template = match total {
                Some(_) => "{prefix}: {bytes}/{total_bytes} read, {bytes_per_sec}, {eta} left",
                None => "{prefix}: {bytes} read, {bytes_per_sec}",
            };
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_prefix(crate::text::escape_controls(&source.name).into_owned());
            bar
        });
        Reader {
            inner,
            bar,
            after: after(),
        }
    }
}

/// Whether a hidden progress line is shown now: once the read has taken
/// `after`.
fn due(hidden: bool, elapsed: Duration, after: Duration) -> bool {
    hidden && elapsed >= after
}

impl<R: Read> Read for Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            if due(bar.is_hidden(), bar.elapsed(), self.after) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

impl<R> Drop for Reader<R> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_waits_for_a_second_and_is_shown_once() {
        let second = Duration::from_secs(1);
        assert!(!due(true, Duration::from_millis(999), second));
        assert!(due(true, second, second));
        assert!(!due(false, Duration::from_secs(5), second));
    }
}
