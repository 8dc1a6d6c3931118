//! The only place that opens input files. Turns file arguments into
//! [`Source`]s (globs expanded, stdin spooled to a temporary file, CSV or
//! Parquet, title lines above the header found), reads headers, applies
//! presets, maps columns, and builds the typed, validated frames that
//! `metrics` works on, whole or in batches. It computes no metric.

pub mod batched;
pub mod cells;
pub mod chunks;
pub mod columns;
pub mod orders;
pub mod parse;
pub mod presets;
pub mod surveys;
pub mod validate;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader};
use std::path::PathBuf;

use std::borrow::Cow;

use anyhow::{bail, Context, Result};
use polars::prelude::*;

use crate::config::InputOptions;
pub use cells::{Cell, CellKind, Typed};
use parse::{parse_date_as, trim_fast, DateOrder};

/// Columns every typed frame has: the source's index and the data row's
/// index (see [`scan_csv`]).
pub const FILE: &str = "_file";
pub const ROW: &str = "_row";
/// Dates as days since 1970-01-01 (Int32), when periods or filters need them.
pub const DATE: &str = "_date";

/// The internal name of the n-th `--segment` column.
pub fn segment_column(i: usize) -> String {
    format!("_seg{i}")
}

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
            _spool: spool,
        }
    }

    fn is_parquet(&self) -> bool {
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
/// of the first records (a title such as "Orders export, March"), the
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
    let mut firsts: Vec<(usize, u64)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while firsts.len() < HEADER_SEARCH {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(1, |p| p.line());
                firsts.push((record.len(), line));
            }
            _ => break,
        }
    }
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for (n, _) in &firsts {
        *counts.entry(*n).or_default() += 1;
    }
    // The most common field count; the wider one on a tie.
    let Some((&mode, _)) = counts.iter().max_by_key(|(n, c)| (**c, **n)) else {
        return 0;
    };
    match firsts.first() {
        Some(&(n, _)) if n < mode && mode >= 2 => firsts
            .iter()
            .find(|(n, _)| *n == mode)
            .map_or(0, |(_, line)| line - 1),
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
    if source.is_parquet() {
        return Ok(source);
    }
    if let Some(encoding) = opts.encoding {
        let bytes = std::fs::read(&source.path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {}", source.name, io_reason(&e)))?;
        let (text, _, _) = encoding.decode(&bytes);
        let mut tmp = tempfile::NamedTempFile::new().context("cannot create a temporary file")?;
        std::io::Write::write_all(&mut tmp, text.as_bytes())
            .context("cannot write a temporary file")?;
        let path = tmp.into_temp_path();
        source.path = path.to_path_buf();
        source._spool = Some(path);
    }
    source.delimiter = match opts.delimiter {
        Some(d) => d,
        None => {
            let mut head = Vec::with_capacity(64 * 1024);
            File::open(&source.path)
                .and_then(|f| {
                    std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 * 1024), &mut head)
                })
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {}", source.name, io_reason(&e)))?;
            detect_delimiter(&head)
        }
    };
    source.skip_lines = preamble_lines(&source);
    Ok(source)
}

/// Expands the file arguments: `-` is stdin, a pattern with `*`, `?` or `[`
/// that is not itself a file name is a glob (sorted, so runs are
/// deterministic). Missing files are an error naming the file.
pub fn resolve_sources(args: &[String], opts: &InputOptions) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            if out.iter().any(|s: &Source| s.name == "<stdin>") {
                bail!("`-` (standard input) is given more than once");
            }
            out.push(spool_stdin()?);
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
        if let Err(e) = File::open(&path) {
            bail!("{arg}: cannot open: {}", io_reason(&e));
        }
        out.push(Source::new(arg.clone(), path, None));
    }
    out.into_iter().map(|s| prepare(s, opts)).collect()
}

fn spool_stdin() -> Result<Source> {
    let mut tmp = tempfile::NamedTempFile::new().context("cannot create a temporary file")?;
    io::copy(&mut io::stdin().lock(), &mut tmp).context("<stdin>: cannot read")?;
    let path = tmp.into_temp_path();
    Ok(Source::new(
        "<stdin>".into(),
        path.to_path_buf(),
        Some(path),
    ))
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A strict CSV reader over the source, and its header block: the header
/// record (after any preamble lines) and the extra header rows. The reader
/// is left at the first data row.
fn open_table(
    source: &Source,
) -> Result<(
    csv::Reader<BufReader<File>>,
    csv::ByteRecord,
    Vec<csv::ByteRecord>,
)> {
    let file = File::open(&source.path)
        .map_err(|e| anyhow::anyhow!("{}: cannot open: {}", source.name, io_reason(&e)))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(source.delimiter)
        .from_reader(BufReader::new(file));
    let mut header = csv::ByteRecord::new();
    loop {
        if !rdr
            .read_byte_record(&mut header)
            .map_err(|e| csv_error(source, &e))?
        {
            header.clear();
            break;
        }
        if header.position().map_or(1, |p| p.line()) > source.skip_lines {
            break;
        }
    }
    let mut extra = Vec::with_capacity(source.extra_header_rows);
    for _ in 0..source.extra_header_rows {
        let mut row = csv::ByteRecord::new();
        if !rdr
            .read_byte_record(&mut row)
            .map_err(|e| csv_error(source, &e))?
        {
            break;
        }
        extra.push(row);
    }
    Ok((rdr, header, extra))
}

/// A header cell as text: the BOM of a file's first cell dropped.
fn header_text(source: &Source, i: usize, field: &[u8]) -> Result<String> {
    let field = if i == 0 {
        field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
    } else {
        field
    };
    String::from_utf8(field.to_vec()).map_err(|_| {
        anyhow::anyhow!(
            "{}:{}: the header is not UTF-8 text; save the file as UTF-8 or give its encoding with --encoding (e.g. latin1)",
            source.name,
            source.skip_lines + 1
        )
    })
}

/// Reads the header row. An empty file, or one that is not UTF-8, is an
/// error naming the file.
pub fn read_header(source: &Source) -> Result<Vec<String>> {
    Ok(read_header_block(source)?.0)
}

/// The header and the text of each extra header row (lossy UTF-8), for
/// presets that find columns by their question text.
pub fn read_header_block(source: &Source) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    if source.is_parquet() {
        let schema = scan_parquet(source)?
            .collect_schema()
            .map_err(|e| polars_error(&source.name, &e))?;
        return Ok((
            schema.iter_names().map(|n| n.to_string()).collect(),
            Vec::new(),
        ));
    }
    let (_, header, extra) = open_table(source)?;
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        bail!(
            "{}: the file is empty (no header row); export it again with a header",
            source.name
        );
    }
    let header = header
        .iter()
        .enumerate()
        .map(|(i, field)| header_text(source, i, field))
        .collect::<Result<Vec<_>>>()?;
    let extra = extra
        .iter()
        .map(|r| {
            r.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        })
        .collect();
    Ok((header, extra))
}

/// Non-blank and blank cells of the column `name` over the sources that
/// have it, and how many distinct non-blank values (for `engage check`).
pub fn column_counts(sources: &[Source], name: &str) -> Result<(u64, u64, u64)> {
    let mut frames = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let header = read_header(source)?;
        if let Some(c) = columns::find_named(&header, name) {
            let typed = Typed {
                width: header.len(),
                cells: vec![Cell {
                    name: "v".into(),
                    column: Some((c, header[c].clone())),
                    kind: CellKind::Text(|s| Some(Cow::Borrowed(s))),
                }],
            };
            let file = u32::try_from(i).unwrap_or(u32::MAX);
            frames.push(match chunks::wanted(source) {
                true => read_chunked(source, file, false, &typed)?,
                false => polars_scan(source, file, false, &typed)?
                    .collect()
                    .map_err(|e| polars_error(&source.name, &e))?,
            });
        }
    }
    let mut frames = frames.into_iter();
    let Some(mut df) = frames.next() else {
        return Ok((0, 0, 0));
    };
    for f in frames {
        df.vstack_mut_owned(f).map_err(|e| validate::internal(&e))?;
    }
    let v = df.column("v").map_err(|e| validate::internal(&e))?;
    let v = v.str().map_err(|e| validate::internal(&e))?;
    let blank = v
        .iter()
        .filter(|x| x.is_none_or(|x| x.trim().is_empty()))
        .count() as u64;
    let distinct: std::collections::HashSet<&str> = v
        .iter()
        .flatten()
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    Ok((v.len() as u64 - blank, blank, distinct.len() as u64))
}

/// The names among `names` that are a column of at least one source (a
/// report's segment may exist in the order files only, or the survey files
/// only).
pub fn columns_present(sources: &[Source], names: &[String]) -> Result<Vec<String>> {
    let headers = sources
        .iter()
        .map(read_header)
        .collect::<Result<Vec<_>>>()?;
    Ok(names
        .iter()
        .filter(|n| headers.iter().any(|h| columns::find_named(h, n).is_some()))
        .cloned()
        .collect())
}

/// The line a record starts on, from the byte where the `csv` crate began
/// reading it: the blank lines it skipped first are counted, and lines end
/// at `\n`, `\r\n` or a bare `\r` (the crate counts `\n` only). Error
/// path only: reads the file up to there.
pub fn line_at(source: &Source, byte: u64) -> u64 {
    let Ok(file) = File::open(&source.path) else {
        return 0;
    };
    let mut rdr = BufReader::new(file);
    let mut line = 1u64;
    let mut at = 0u64;
    // Whether the last byte seen was a `\r` (a `\n` right after it ends
    // no new line).
    let mut after_cr = false;
    loop {
        let buf = match std::io::BufRead::fill_buf(&mut rdr) {
            Ok(b) if !b.is_empty() => b,
            _ => return line,
        };
        let n = buf.len();
        for (i, &b) in buf.iter().enumerate() {
            let here = at + i as u64;
            let terminator = b == b'\n' || b == b'\r';
            if here >= byte && !terminator {
                return line;
            }
            if b == b'\r' || (b == b'\n' && !after_cr) {
                line += 1;
            }
            after_cr = b == b'\r';
        }
        at += n as u64;
        std::io::BufRead::consume(&mut rdr, n);
    }
}

fn csv_error(source: &Source, e: &csv::Error) -> anyhow::Error {
    let name = &source.name;
    let line = e
        .position()
        .map(|p| format!("{}:", line_at(source, p.byte())))
        .unwrap_or_default();
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            anyhow::anyhow!(
                "{name}:{line} the file is not UTF-8 text; save it as UTF-8 or give its encoding with --encoding (e.g. latin1)"
            )
        }
        _ => anyhow::anyhow!("{name}:{line} {e}"),
    }
}

/// The first row of a CSV source the readers refuse, named by its line:
/// one with another number of fields than the header, or text that is not
/// UTF-8 (the `csv` crate's reading of the whole file). Error path only.
pub fn bad_row(source: &Source) -> anyhow::Error {
    let (mut rdr, header) = match open_table(source) {
        Ok((rdr, header, _)) => (rdr, header),
        Err(e) => return e,
    };
    let expected = header.len();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) if record.len() != expected => {
                let line = record.position().map_or(0, |p| line_at(source, p.byte()));
                return anyhow::anyhow!(
                    "{}:{line}: this row has {} fields but the header has {expected}; \
                     quote values that contain commas, or fix the row",
                    source.name,
                    record.len()
                );
            }
            Ok(true) => {}
            Err(err) => return csv_error(source, &err),
        }
    }
    anyhow::anyhow!("{}: cannot read as CSV", source.name)
}

/// The names of the sources, for messages about all of them.
pub fn names(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where one cell is and its raw text, for error messages: data row `row`
/// (0-based, header excluded) and column `col`, as `file:line` for CSV
/// (found by reading the file again with a strict CSV reader, so quoted
/// fields with line breaks still give the right line) or `file row N` for
/// Parquet. Only called on the error path.
pub fn locate(source: &Source, row: u64, col: usize) -> (String, String) {
    if source.is_parquet() {
        let value = parquet_cell(source, row, col).unwrap_or_default();
        return (source.at(row + 1), value);
    }
    let first = source.skip_lines + 2 + source.extra_header_rows as u64;
    let fallback = (source.at(row + first), String::new());
    let Ok((mut rdr, _, _)) = open_table(source) else {
        return fallback;
    };
    let mut record = csv::ByteRecord::new();
    let mut i = 0u64;
    while let Ok(true) = rdr.read_byte_record(&mut record) {
        if i == row {
            let line = record
                .position()
                .map_or(row + first, |p| line_at(source, p.byte()));
            let value = record
                .get(col)
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .unwrap_or_default();
            return (source.at(line), value);
        }
        i += 1;
    }
    fallback
}

/// Where the first data row whose column `col` (per source) holds the day
/// `day` is, as `file:line`, for messages on the error path (CSV sources
/// are read again; Parquet ones are not searched).
pub fn find_day(
    sources: &[Source],
    cols: &[Option<usize>],
    day: i32,
    order: DateOrder,
) -> Option<String> {
    for (source, col) in sources.iter().zip(cols) {
        let Some(col) = *col else { continue };
        if source.is_parquet() {
            continue;
        }
        let Ok((mut rdr, _, _)) = open_table(source) else {
            continue;
        };
        let mut record = csv::ByteRecord::new();
        while let Ok(true) = rdr.read_byte_record(&mut record) {
            let text = record.get(col).map(String::from_utf8_lossy);
            if text.is_some_and(|t| parse_date_as(&t, order) == Ok(Some(day))) {
                let line = record.position().map_or(0, |p| p.line());
                return Some(source.at(line));
            }
        }
    }
    None
}

/// One cell of a Parquet source, as text.
fn parquet_cell(source: &Source, row: u64, col: usize) -> Option<String> {
    let header = read_header(source).ok()?;
    let name = header.get(col)?;
    let df = scan_source(source, 0, false)
        .ok()?
        .slice(row as i64, 1)
        .select([polars::prelude::col(name.as_str())])
        .collect()
        .ok()?;
    let value = df.column(name).ok()?.str().ok()?.get(0)?.to_string();
    Some(value)
}

/// A lazy scan of a Parquet file, or of a folder of them with hive
/// partitions.
fn scan_parquet(source: &Source) -> Result<LazyFrame> {
    let path = PlRefPath::try_from_path(&source.path)
        .map_err(|e| anyhow::anyhow!("{}: {}", source.name, e))?;
    let mut args = ScanArgsParquet::default();
    if source.path.is_dir() {
        args.hive_options.enabled = Some(true);
    }
    LazyFrame::scan_parquet(path, args).map_err(|e| polars_error(&source.name, &e))
}

/// A Parquet column as the text a CSV cell would hold, so that one set of
/// parsers and checks serves both formats: floats to two decimals (money
/// in a float column is only ever meant to the cent), everything else by
/// polars' cast (dates as `YYYY-MM-DD`, timestamps as
/// `YYYY-MM-DD HH:MM:SS[.f]`, integers as written).
fn as_text(name: &str, dtype: &DataType) -> Expr {
    let c = polars::prelude::col(name);
    match dtype {
        DataType::String => c,
        DataType::Float32 | DataType::Float64 => c
            .cast(DataType::Float64)
            .map(
                |c: Column| {
                    let out: StringChunked = c
                        .f64()?
                        .iter()
                        .map(|v| v.filter(|x| x.is_finite()).map(|x| format!("{x:.2}")))
                        .collect();
                    Ok(out.with_name(c.name().clone()).into_column())
                },
                |_, f: &Field| Ok(Field::new(f.name().clone(), DataType::String)),
            )
            .alias(name),
        _ => c.cast(DataType::String).alias(name),
    }
}

/// Opens a Parquet source lazily with every column as text (turned into
/// the text a CSV cell would hold, see [`as_text`]), a `_file` index into
/// the source list and a `_row` column: with `positions`, the data row's
/// index (0-based), else 0. CSV is read by [`chunks`] only.
pub fn scan_source(source: &Source, file_index: u32, positions: bool) -> Result<LazyFrame> {
    if !source.is_parquet() {
        bail!("internal error: {} is not Parquet", source.name);
    }
    let mut lf = scan_parquet(source)?;
    let schema = lf
        .collect_schema()
        .map_err(|e| polars_error(&source.name, &e))?;
    let mut text: Vec<Expr> = schema
        .iter()
        .map(|(name, dtype)| as_text(name.as_str(), dtype))
        .collect();
    text.push(lit(file_index).cast(DataType::UInt32).alias(FILE));
    if positions {
        lf = lf.with_row_index(ROW, None);
        text.push(polars::prelude::col(ROW).cast(DataType::UInt32).alias(ROW));
    } else {
        text.push(lit(0u32).cast(DataType::UInt32).alias(ROW));
    }
    Ok(lf.select(text))
}

/// Each source's column mapping (`map`) and what is read of it (`typed`).
pub fn map_all<C>(
    sources: &[Source],
    map: impl Fn(&Source) -> Result<C>,
    typed: impl Fn(&C) -> Typed,
) -> Result<(Vec<C>, Vec<Typed>)> {
    let mapped = sources.iter().map(map).collect::<Result<Vec<_>>>()?;
    let typed = mapped.iter().map(typed).collect();
    Ok((mapped, typed))
}

/// polars' lazy scan of one Parquet source, typed.
pub fn polars_scan(
    source: &Source,
    file_index: u32,
    positions: bool,
    typed: &Typed,
) -> Result<LazyFrame> {
    Ok(scan_source(source, file_index, positions)?.select(typed.exprs()))
}

/// Maps the columns of every source (`map`) and reads the typed rows of
/// each (`typed`): CSV with the chunked reader (see [`chunks`]), Parquet
/// with polars' scan on its streaming engine. Returns the rows and each
/// file's mapping. No rows at all (a header only) is an error; `what`
/// names the rows ("orders").
pub fn scan_all<C>(
    sources: &[Source],
    what: &str,
    positions: bool,
    map: impl Fn(&Source) -> Result<C>,
    typed: impl Fn(&C) -> Typed,
) -> Result<(DataFrame, Vec<C>)> {
    let (mapped, typed) = map_all(sources, map, typed)?;
    let mut all: Option<DataFrame> = None;
    for (i, (source, typed)) in sources.iter().zip(&typed).enumerate() {
        let file = u32::try_from(i).unwrap_or(u32::MAX);
        let df = match chunks::wanted(source) {
            true => read_chunked(source, file, positions, typed)?,
            false => polars_scan(source, file, positions, typed)?
                .collect_with_engine(Engine::Streaming)
                .map(|r| r.unwrap_single())
                .map_err(|e| polars_error(&source.name, &e))?,
        };
        match &mut all {
            None => all = Some(df),
            Some(all) => {
                if all.height() as u64 + df.height() as u64 > chunks::MAX_ROWS {
                    return Err(chunks::too_many_rows(&names(sources)));
                }
                all.vstack_mut_owned(df)
                    .map_err(|e| validate::internal(&e))?;
            }
        }
    }
    let all = all.unwrap_or_default();
    if all.height() == 0 {
        bail!(
            "{}: no data rows, only a header; export the {what} again",
            names(sources)
        );
    }
    Ok((all, mapped))
}

/// All typed rows of one CSV source by the chunked reader.
fn read_chunked(source: &Source, file: u32, positions: bool, typed: &Typed) -> Result<DataFrame> {
    let mut parts: Vec<DataFrame> = Vec::new();
    chunks::read(source, file, positions, typed, |df| {
        parts.push(df);
        Ok(false)
    })
    .map_err(|f| chunks::error(source, f))?;
    let mut parts = parts.into_iter();
    let mut all = match parts.next() {
        Some(df) => df,
        None => chunks::empty(file, typed).map_err(|f| chunks::error(source, f))?,
    };
    for df in parts {
        all.vstack_mut_owned(df)
            .map_err(|e| validate::internal(&e))?;
    }
    Ok(all)
}

/// Reads without row positions, and again with them only when the first
/// read found a problem to report (`read` returns `None`); see
/// [`scan_csv`] for why.
pub fn read_twice<T>(read: impl Fn(bool) -> Result<Option<T>>) -> Result<T> {
    match read(false)? {
        Some(t) => Ok(t),
        None => read(true)?
            .ok_or_else(|| anyhow::anyhow!("internal error: a problem could not be located")),
    }
}

/// Turns a polars error into a message for a person: no `Debug` text.
pub fn polars_error(name: &str, e: &PolarsError) -> anyhow::Error {
    let msg = match e {
        PolarsError::IO { error, .. } => io_reason(error),
        PolarsError::ComputeError(m) if m.contains("invalid utf-8") => {
            "the file is not UTF-8 text; save it as UTF-8 or give its encoding with --encoding (e.g. latin1)".to_string()
        }
        PolarsError::ComputeError(m) | PolarsError::NoData(m) | PolarsError::ShapeMismatch(m) => {
            m.to_string()
        }
        other => other.to_string(),
    };
    // polars appends advice about its own options; only the first line is
    // about the file.
    let msg = msg.lines().next().unwrap_or_default();
    anyhow::anyhow!("{name}: cannot read as CSV: {msg}")
}

/// An id of up to 15 bytes (most ids) packed into 16 bytes: its bytes, and
/// its length in the last byte; `None` for longer ids.
pub fn pack_id(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() >= 16 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..b.len()].copy_from_slice(b);
    key[15] = b.len() as u8;
    Some(key)
}

/// Dense `u32` codes for a text column (0, 1, 2...; the same input always
/// gives the same codes); null stays null. With `values`, the distinct texts
/// are pushed there, indexed by code. Integer codes make every later
/// grouping a plain array lookup.
///
/// One hash table over millions of ids is slow because every lookup misses
/// the cache. So each id is hashed once and its row put in a bucket by the
/// top bits of the hash, together with the id's bytes packed into a `u128`
/// (ids of up to 15 bytes, i.e. most), pieces of rows in parallel; each
/// bucket is then encoded with a small table that stays in cache, reading
/// its ids piece by piece in row order, the buckets in parallel. Longer ids
/// (e-mails) are compared as text.
pub fn encode(ca: &StringChunked, values: Option<&mut Vec<String>>) -> UInt32Chunked {
    encode_as(ca, values, false).0
}

/// [`encode`] for a column without nulls, the codes given in an order that
/// groups rows by code range (each bucket's codes are one range), with the
/// rows in that order (rows of a bucket stay in file order). A frame put in
/// that order has every per-code tally sweep its table a small window at a
/// time instead of jumping across it (see `metrics::orders`).
pub fn encode_grouped(ca: &StringChunked) -> Option<(UInt32Chunked, IdxCa)> {
    if ca.null_count() > 0 {
        return None;
    }
    let (codes, rows) = encode_as(ca, None, true);
    Some((codes, rows?))
}

fn encode_as(
    ca: &StringChunked,
    values: Option<&mut Vec<String>>,
    grouped: bool,
) -> (UInt32Chunked, Option<IdxCa>) {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    type Map<K> = std::collections::HashMap<K, u32, foldhash::fast::FixedState>;
    const BUCKETS: usize = 256;
    /// Rows per piece: enough to keep every thread busy.
    const PIECE: usize = 1 << 16;
    /// Marks an id too long to pack; no packed id has 0xFF as its length
    /// byte.
    const LONG: u128 = u128::MAX;
    let pack = |s: &str| pack_id(s).map_or(LONG, u128::from_le_bytes);
    let unpack = |key: u128| -> String {
        let b = key.to_le_bytes();
        String::from_utf8_lossy(&b[..b[15] as usize]).into_owned()
    };
    let hasher = foldhash::fast::FixedState::with_seed(0);

    /// One piece's rows of one bucket: row, packed id, and the text of the
    /// long ones in order.
    #[derive(Default)]
    struct Part<'a> {
        rows: Vec<u32>,
        keys: Vec<u128>,
        long: Vec<&'a str>,
    }
    // Pieces of at most PIECE rows, within the chunks: (chunk, from, to,
    // index of its first row).
    let mut pieces = Vec::new();
    let mut first = 0usize;
    for (c, arr) in ca.downcast_iter().enumerate() {
        for from in (0..arr.len()).step_by(PIECE) {
            let to = (from + PIECE).min(arr.len());
            pieces.push((c, from, to, first + from));
        }
        first += arr.len();
    }
    let arrays: Vec<_> = ca.downcast_iter().collect();
    let parts: Vec<Vec<Part>> = pieces
        .par_iter()
        .map(|&(c, from, to, row0)| {
            let mut parts: Vec<Part> = (0..BUCKETS).map(|_| Part::default()).collect();
            let arr = arrays[c];
            for j in from..to {
                let Some(text) = arr.get(j) else {
                    continue;
                };
                let key = pack(text);
                let h = match key {
                    LONG => hasher.hash_one(text),
                    key => hasher.hash_one(key),
                };
                let part = &mut parts[(h >> 56) as usize];
                part.rows.push((row0 + j - from) as u32);
                part.keys.push(key);
                if key == LONG {
                    part.long.push(text);
                }
            }
            parts
        })
        .collect();
    // Per bucket: a local code per row (pieces in order) and the bucket's
    // distinct texts.
    let local: Vec<(Vec<u32>, Vec<String>)> = (0..BUCKETS)
        .into_par_iter()
        .map(|b| {
            use std::collections::hash_map::Entry;
            let size: usize = parts.iter().map(|p| p[b].rows.len()).sum();
            let mut short: Map<u128> = Map::with_capacity_and_hasher(size, hasher.clone());
            let mut long: Map<&str> = Map::default();
            let mut distinct = Vec::new();
            let mut codes = Vec::with_capacity(size);
            for part in parts.iter().map(|p| &p[b]) {
                let mut long_texts = part.long.iter();
                for &key in &part.keys {
                    let next = distinct.len() as u32;
                    let code = match key {
                        LONG => {
                            let text = long_texts.next().copied().unwrap_or_default();
                            *long.entry(text).or_insert_with(|| {
                                distinct.push(text.to_string());
                                next
                            })
                        }
                        key => match short.entry(key) {
                            Entry::Occupied(e) => *e.get(),
                            Entry::Vacant(e) => {
                                distinct.push(unpack(key));
                                *e.insert(next)
                            }
                        },
                    };
                    codes.push(code);
                }
            }
            (codes, distinct)
        })
        .collect();
    // Each bucket's first code, and where each piece's rows start in each
    // bucket's local codes; then the codes piece by piece, in parallel.
    let mut offsets = Vec::with_capacity(BUCKETS);
    let mut offset = 0u32;
    for (_, distinct) in &local {
        offsets.push(offset);
        offset += distinct.len() as u32;
    }
    if grouped {
        let mut rows = Vec::with_capacity(ca.len());
        let mut codes = Vec::with_capacity(ca.len());
        for (b, (local_codes, _)) in local.iter().enumerate() {
            rows.extend(parts.iter().flat_map(|p| &p[b].rows));
            codes.extend(local_codes.iter().map(|c| offsets[b] + c));
        }
        return (
            UInt32Chunked::from_vec(ca.name().clone(), codes),
            Some(IdxCa::from_vec("rows".into(), rows)),
        );
    }
    let mut starts = vec![[0usize; BUCKETS]; parts.len()];
    for b in 0..BUCKETS {
        let mut at = 0;
        for (p, piece) in parts.iter().enumerate() {
            starts[p][b] = at;
            at += piece[b].rows.len();
        }
    }
    let codes: Vec<Vec<u32>> = pieces
        .par_iter()
        .enumerate()
        .map(|(p, &(_, from, to, row0))| {
            let mut out = vec![0u32; to - from];
            for (b, part) in parts[p].iter().enumerate() {
                let local_codes = &local[b].0[starts[p][b]..starts[p][b] + part.rows.len()];
                for (&r, &c) in part.rows.iter().zip(local_codes) {
                    out[r as usize - row0] = offsets[b] + c;
                }
            }
            out
        })
        .collect();
    let codes = codes.concat();
    if let Some(values) = values {
        values.extend(local.into_iter().flat_map(|(_, distinct)| distinct));
    }
    let codes = UInt32Chunked::from_vec(ca.name().clone(), codes);
    match ca.null_count() {
        0 => (codes, None),
        _ => (codes.with_validity(ca.rechunk_validity()), None),
    }
}

/// Surrounding white space dropped; blank becomes null.
pub fn trimmed(s: &str) -> Option<Cow<'_, str>> {
    let t = trim_fast(s);
    (!t.is_empty()).then_some(Cow::Borrowed(t))
}

/// Dates parsed in place: days since 1970-01-01, null for blank or
/// unreadable (see [`cells::problem_column`]).
pub fn date_kind(order: DateOrder) -> CellKind {
    CellKind::Int32(std::sync::Arc::new(move |v: Option<&str>| {
        parse_date_as(v.unwrap_or(""), order)
    }))
}

/// The `--segment` columns `_seg0..` of `df` as dense codes, and the text
/// of each code per column (see [`encode`]).
pub fn encode_segments(
    df: &DataFrame,
    n_segments: usize,
) -> PolarsResult<(Vec<Column>, Vec<Vec<String>>)> {
    let mut columns = Vec::with_capacity(n_segments);
    let mut dictionaries = Vec::with_capacity(n_segments);
    for i in 0..n_segments {
        let name = segment_column(i);
        let mut values = Vec::new();
        let codes = encode(df.column(&name)?.str()?, Some(&mut values));
        columns.push(codes.with_name(name.into()).into_column());
        dictionaries.push(values);
    }
    Ok((columns, dictionaries))
}

/// Rows skipped by `--skip-invalid`, by reason, for stderr and JSON.
pub type Skipped = BTreeMap<String, u64>;

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
