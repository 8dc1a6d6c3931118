//! File arguments -> [`Source`]s: globs expanded, stdin and anything that
//! is not a regular file spooled to a temporary file (read once), other
//! encodings decoded to UTF-8 as they are copied, the format and separator
//! found, and title lines above the header counted. Nothing here reads the
//! data rows.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::config::InputOptions;

/// One input file, opened or not.
#[derive(Debug)]
pub struct Source {
    /// How messages name it: the path as given, or `<stdin>`.
    pub name: String,
    /// What is read: the file itself, or a UTF-8 copy of it (stdin, or a
    /// file in another `--encoding`).
    pub path: PathBuf,
    /// The field separator, given or detected from the header line.
    pub delimiter: u8,
    /// Lines before the header (a title or export notes above the table).
    pub skip_lines: u64,
    /// Rows between the header and the data (Qualtrics' question texts and
    /// import ids, SurveyMonkey's answer labels); set by a preset.
    pub extra_header_rows: usize,
    /// CSV, or Parquet (a file, or a folder of files read as one data set
    /// with hive partitions such as `year=2025/month=01` as columns).
    pub format: InputFormat,
    /// Whether a long read shows its progress on stderr.
    pub progress: bool,
    /// Keeps a spooled copy alive until the run ends.
    _spool: Option<tempfile::TempPath>,
}

pub use crate::cli::InputFormat;

impl Source {
    fn new(name: String, path: PathBuf, spool: Option<tempfile::TempPath>) -> Source {
        Source {
            name,
            path,
            delimiter: b',',
            skip_lines: 0,
            extra_header_rows: 0,
            format: InputFormat::Csv,
            progress: false,
            _spool: spool,
        }
    }

    pub(crate) fn is_parquet(&self) -> bool {
        self.format == InputFormat::Parquet
    }

    /// Where a data row is, for messages: `orders.csv:12` (its line), or
    /// `orders.parquet row 11` (Parquet has no lines).
    pub fn at(&self, line_or_row: u64) -> String {
        match self.format {
            InputFormat::Csv => format!("{}:{line_or_row}", self.name),
            InputFormat::Parquet => format!("{} row {line_or_row}", self.name),
        }
    }
}

/// Whether a path names a Parquet file by its extension.
fn parquet_extension(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq"))
}

/// Whether a folder holds Parquet files (at any depth: hive partitions).
fn holds_parquet(dir: &std::path::Path) -> bool {
    let pattern = format!(
        "{}/**/*.parquet",
        glob::Pattern::escape(&dir.to_string_lossy())
    );
    glob::glob(&pattern).is_ok_and(|mut m| m.any(|p| p.is_ok_and(|p| p.is_file())))
}

/// How many of the first records are looked at to find the header.
const HEADER_SEARCH: usize = 20;

/// Lines above the header: when the first record has fewer fields than most
/// of the first records and looks like a title (one field, or blank ones:
/// "Orders export", "Generated 2024-04-01,,"), the
/// header is the first record with that most common field count. 0 when
/// the first record looks like a header already.
fn preamble_lines(source: &Source) -> u64 {
    let Ok(file) = File::open(&source.path) else {
        return 0;
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(source.delimiter)
        .from_reader(BufReader::new(file));
    // Field count, line, and whether the record could be a title: one
    // field, or some blank ones ("Generated 2024-04-01,,"). A header has
    // neither, so a header followed by wider (ragged) rows stays the header.
    let mut firsts: Vec<(usize, u64, bool)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while firsts.len() < HEADER_SEARCH {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(1, |p| p.line());
                let title = record.len() == 1 || record.iter().any(|f| f.is_empty());
                firsts.push((record.len(), line, title));
            }
            _ => break,
        }
    }
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for (n, _, _) in &firsts {
        *counts.entry(*n).or_default() += 1;
    }
    // The most common field count; the wider one on a tie.
    let Some((&mode, _)) = counts.iter().max_by_key(|(n, c)| (**c, **n)) else {
        return 0;
    };
    match firsts.first() {
        Some(&(n, _, true)) if n < mode && mode >= 2 => firsts
            .iter()
            .find(|(n, _, _)| *n == mode)
            .map_or(0, |(_, line, _)| line - 1),
        _ => 0,
    }
}

/// Separators detection chooses from, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The separator that occurs most often, outside quotes, in the first line
/// of `bytes`; `,` when none does.
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in bytes {
        if !quoted && (b == b'\n' || b == b'\r') {
            break;
        }
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                counts[i] += 1;
            }
        }
    }
    let best =
        (0..DELIMITERS.len()).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    DELIMITERS[best]
}

/// Gives a source its format and separator, and with `--encoding` replaces
/// it by a UTF-8 copy (read whole: the copy is what polars scans). Parquet
/// needs none of it.
fn prepare(mut source: Source, opts: &InputOptions) -> Result<Source> {
    source.format = match opts.input_format {
        Some(f) => f,
        None if source.path.is_dir() || parquet_extension(&source.path) => InputFormat::Parquet,
        None => InputFormat::Csv,
    };
    source.progress = opts.progress;
    if source.is_parquet() {
        return Ok(source);
    }
    if let Some(encoding) = opts.encoding {
        let copy = to_utf8(&source, encoding)?;
        source.path = copy.to_path_buf();
        source._spool = Some(copy);
    }
    let head = head(&source)?;
    source.delimiter = match opts.delimiter {
        Some(d) => d,
        None => detect_delimiter(&head),
    };
    source.skip_lines = preamble_lines(&source);
    Ok(source)
}

/// Expands the file arguments: `-` is stdin, a pattern with `*`, `?` or `[`
/// that is not itself a file name is a glob (sorted, so runs are
/// deterministic). Missing files are an error naming the file.
pub fn resolve_sources(args: &[String], opts: &InputOptions) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    let csv = opts.input_format != Some(InputFormat::Parquet);
    for arg in args {
        if arg == "-" {
            if out.iter().any(|s: &Source| s.name == "<stdin>") {
                bail!("`-` (standard input) is given more than once");
            }
            out.push(spool("<stdin>", io::stdin().lock(), csv)?);
            continue;
        }
        let path = PathBuf::from(arg);
        if !path.exists() && arg.contains(['*', '?', '[']) {
            let matches: Vec<PathBuf> = glob::glob(arg)
                .with_context(|| format!("{arg}: not a valid glob pattern"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if matches.is_empty() {
                bail!("{arg}: no file matches this pattern");
            }
            out.extend(
                matches
                    .into_iter()
                    .map(|p| Source::new(p.display().to_string(), p, None)),
            );
            continue;
        }
        if path.is_dir() {
            if !holds_parquet(&path) {
                bail!(
                    "{arg}: is a folder with no Parquet files in it; give the CSV files in it (e.g. '{arg}/*.csv')"
                );
            }
            out.push(Source::new(arg.clone(), path, None));
            continue;
        }
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) => bail!("{arg}: cannot open: {}", io_reason(&e)),
        };
        if file.metadata().is_ok_and(|m| !m.is_file()) {
            // A pipe can be read only once, and has no size.
            out.push(spool(arg, file, csv)?);
            continue;
        }
        out.push(Source::new(arg.clone(), path, None));
    }
    out.into_iter().map(|s| prepare(s, opts)).collect()
}

/// The longest header line read: a file with no line end this early is
/// not an export (`/dev/zero`, a binary file given by mistake), and is not
/// read on.
const HEADER_MAX: usize = 1 << 20;

/// The first bytes of a CSV source (at most [`HEADER_MAX`]), after
/// checking that its header line ends within them.
fn head(source: &Source) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(64 * 1024);
    File::open(&source.path)
        .and_then(|f| f.take(HEADER_MAX as u64 + 1).read_to_end(&mut head))
        .map_err(|e| anyhow::anyhow!("{}: cannot read: {}", source.name, io_reason(&e)))?;
    check_header_line(&source.name, &head)?;
    Ok(head)
}

/// An error when `head` (the first bytes of a file) is longer than
/// [`HEADER_MAX`] without a line end.
fn check_header_line(name: &str, head: &[u8]) -> Result<()> {
    if head.len() > HEADER_MAX && memchr::memchr2(b'\n', b'\r', &head[..HEADER_MAX]).is_none() {
        bail!(
            "{name}: no line end in the first 1 MB, so no header row; \
             give a CSV export (or --input-format parquet for Parquet)"
        );
    }
    Ok(())
}

/// A UTF-8 copy of a source in another encoding, decoded as it is read
/// (never the whole file in memory).
fn to_utf8(
    source: &Source,
    encoding: &'static encoding_rs::Encoding,
) -> Result<tempfile::TempPath> {
    let cannot = |e: io::Error| anyhow::anyhow!("{}: cannot read: {}", source.name, io_reason(&e));
    let mut input = File::open(&source.path).map_err(cannot)?;
    let mut tmp = tempfile::NamedTempFile::new().context("cannot create a temporary file")?;
    let mut decoder = encoding.new_decoder();
    let mut buf = vec![0u8; 1 << 16];
    let mut text = String::new();
    loop {
        let n = input.read(&mut buf).map_err(cannot)?;
        let last = n == 0;
        let mut src = &buf[..n];
        loop {
            text.clear();
            text.reserve(decoder.max_utf8_buffer_length(src.len()).unwrap_or(1 << 18));
            let (result, read, _) = decoder.decode_to_string(src, &mut text, last);
            std::io::Write::write_all(&mut tmp, text.as_bytes())
                .context("cannot write a temporary file")?;
            src = &src[read..];
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        if last {
            return Ok(tmp.into_temp_path());
        }
    }
}

/// Standard input (`-`), or a file that is not a regular file (a named
/// pipe, `<(cmd)`, a device), copied once to a temporary file, which is
/// then read like any file. With `csv`, the header line must end within
/// the first [`HEADER_MAX`] bytes (`/dev/zero` is not read for ever).
fn spool(name: &str, mut input: impl Read, csv: bool) -> Result<Source> {
    let cannot = |e: io::Error| anyhow::anyhow!("{name}: cannot read: {}", io_reason(&e));
    let mut tmp = tempfile::NamedTempFile::new().context("cannot create a temporary file")?;
    let mut head = Vec::new();
    (&mut input)
        .take(HEADER_MAX as u64 + 1)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    if csv {
        check_header_line(name, &head)?;
    }
    std::io::Write::write_all(&mut tmp, &head).context("cannot write a temporary file")?;
    io::copy(&mut input, &mut tmp).map_err(cannot)?;
    let path = tmp.into_temp_path();
    Ok(Source::new(name.into(), path.to_path_buf(), Some(path)))
}

pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::detect_delimiter;

    #[test]
    fn detects_the_separator_of_the_header_line() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\r\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"\"x,y\";b;c"), b';');
        assert_eq!(detect_delimiter(b"single"), b',');
        assert_eq!(detect_delimiter(b"a|b,c|d"), b'|');
    }
}
