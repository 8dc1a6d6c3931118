//! The CSV table as the `csv` crate reads it: the header block (title
//! lines above it skipped, extra header rows below it kept), and on the
//! error path the line of a bad row or cell, counted as a person counts
//! lines (blank lines and bare-CR line ends included).

use std::fs::File;
use std::io::BufReader;

use anyhow::{bail, Result};

use super::parse::{parse_date_with, DateRules};
use super::sources::io_reason;
use super::{columns, parquet, Source};

/// A strict CSV reader over the source, and its header block: the header
/// record (after any preamble lines) and the extra header rows. The reader
/// is left at the first data row.
pub(crate) fn open_table(
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
        return Ok((parquet::column_names(source)?, Vec::new()));
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
    if header.iter().all(|name| name.trim().is_empty()) {
        bail!(
            "{}: the header row has no column names, only separators; \
             export the file again with a header",
            source.at(source.skip_lines + 1)
        );
    }
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
    let mut rdr = BufReader::with_capacity(1 << 16, file);
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
        // Before `byte` only the line ends matter, found with `memchr`.
        let before = byte.saturating_sub(at).min(n as u64) as usize;
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..before]) {
            let prev_cr = match i {
                0 => after_cr,
                _ => buf[i - 1] == b'\r',
            };
            if buf[i] == b'\r' || !prev_cr {
                line += 1;
            }
        }
        if before > 0 {
            after_cr = buf[before - 1] == b'\r';
        }
        // From `byte` on: the line ends of skipped blank lines, then the
        // record.
        for &b in &buf[before..] {
            if b != b'\n' && b != b'\r' {
                return line;
            }
            if b == b'\r' || !after_cr {
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

/// Where one cell is and its raw text, for error messages: data row `row`
/// (0-based, header excluded) and column `col`, as `file:line` for CSV
/// (found by reading the file again with a strict CSV reader, so quoted
/// fields with line breaks still give the right line) or `file row N` for
/// Parquet. Only called on the error path.
pub fn locate(source: &Source, row: u64, col: usize) -> (String, String) {
    if source.is_parquet() {
        let value = parquet::cell(source, row, col).unwrap_or_default();
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
    rules: DateRules,
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
            if text.is_some_and(|t| parse_date_with(&t, rules) == Ok(Some(day))) {
                let line = record.position().map_or(0, |p| line_at(source, p.byte()));
                return Some(source.at(line));
            }
        }
    }
    None
}
