//! The CSV reader for the columns a command uses. The data rows are read a
//! window of a few chunks at a time (never the whole file), cut into chunks
//! at record ends, and the chunks parsed in parallel: chunks without quotes
//! by splitting at separators and line ends found with `memchr`, the others
//! by the `csv` crate. Each used field is typed as it is read (see `cells`:
//! amounts to cents, dates to days...), so no text column is built for a
//! value that becomes a number, and only a window of text is ever in
//! memory, however large the file.
//!
//! The reader gives exactly the `csv` crate's reading of the whole file
//! (flexible off: every row has the header's number of fields; blank lines
//! skipped; `\n`, `\r\n` and a bare `\r` end a record): the cuts follow the
//! quote state as `csv-core` tracks it (a quote opens a quoted field only at
//! the start of a field; anywhere else it is a literal character), so a
//! chunk always starts at a record's start. A record longer than a few
//! windows is not waited for by doubling the window: the rest of the file
//! is then streamed through the `csv` crate. A row with another number of
//! fields or text that is not UTF-8 is an error naming its line (found by
//! reading the file again with the `csv` crate; error path only).
//!
//! Why not polars' CSV scan: it turns a blank line into a row of nulls and
//! pads short rows (another meaning for the same file); and on stable Rust
//! its quote-aware line count runs byte by byte in one thread ahead of the
//! parsers, about a quarter of an orders run on 10M rows.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use polars::prelude::*;
use rayon::prelude::*;

use super::batched::IdRun;
use super::cells::Builder;
use super::{Source, Typed, FILE, ROW};

/// Bytes per chunk; `ENGAGE_CSV_CHUNK` sets it (the tests use a few bytes,
/// so that every cut is exercised).
fn chunk_bytes() -> usize {
    std::env::var("ENGAGE_CSV_CHUNK")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(2 << 20)
}

/// Chunks per window: enough for every thread to have several.
const CHUNKS_PER_WINDOW: usize = 8;

/// A window grows (when no record ends in it) up to this many times its
/// first size; past that the rest of the file is streamed.
const MAX_GROWTH: usize = 4;

/// Rows per frame when the rest of a file is streamed.
const STREAM_ROWS: usize = 1 << 16;

/// The most rows one read can number (`_row` and the codes are `u32`).
pub const MAX_ROWS: u64 = u32::MAX as u64;

/// Whether a source is read with this reader (CSV), else with polars'
/// Parquet scan.
pub fn wanted(source: &Source) -> bool {
    !source.is_parquet()
}

/// Why a read stopped early.
pub enum Failure {
    /// A row with the wrong number of fields or text that is not UTF-8:
    /// [`error`] names its line.
    BadRow,
    Io(std::io::Error),
    TooManyRows,
    /// An error of the sink.
    Sink(PolarsError),
}

/// The message for a failed read of `source`.
pub fn error(source: &Source, failure: Failure) -> anyhow::Error {
    match failure {
        Failure::BadRow => super::bad_row(source),
        Failure::Io(e) => anyhow::anyhow!("{}: cannot read: {}", source.name, super::io_reason(&e)),
        Failure::TooManyRows => too_many_rows(&source.name),
        Failure::Sink(e) => super::validate::internal(&e),
    }
}

/// The error for more rows than one read can number.
pub fn too_many_rows(name: &str) -> anyhow::Error {
    anyhow::anyhow!("{name}: more than 4,294,967,295 rows: split the input into smaller files and read them separately")
}

/// One chunk's typed rows, and the run of its ids when a cell only checks
/// them (`CellKind::Ids`: no column for it in `frame`).
pub struct Part {
    pub frame: DataFrame,
    pub ids: Option<IdRun>,
}

/// Reads the data rows of `source` (file number `file_index`) and hands the
/// typed rows of each chunk to `sink`, in file order, until `sink` returns
/// true or the rows run out. With `positions`, `_row` holds each row's
/// index among the data rows, else 0.
pub fn read(
    source: &Source,
    file_index: u32,
    positions: bool,
    typed: &Typed,
    mut sink: impl FnMut(Part) -> PolarsResult<bool>,
) -> Result<(), Failure> {
    let mut file = File::open(&source.path).map_err(Failure::Io)?;
    let start = data_start(source).ok_or(Failure::BadRow)?;
    file.seek(SeekFrom::Start(start)).map_err(Failure::Io)?;
    let size = file.metadata().ok().map(|m| m.len().saturating_sub(start));
    let mut file = super::progress::Reader::new(file, source, size);
    let chunk = chunk_bytes();
    let first_window = chunk * CHUNKS_PER_WINDOW;
    let mut window = first_window;
    let mut buf: Vec<u8> = Vec::new();
    let mut rows_before = 0u64;
    let mut hand = |part: Part, rows_before: &mut u64| -> Result<bool, Failure> {
        let Part { mut frame, ids } = part;
        let n = frame.height() as u64;
        if *rows_before + n > MAX_ROWS {
            return Err(Failure::TooManyRows);
        }
        if positions && *rows_before > 0 {
            let shift = *rows_before as u32;
            let rows = frame
                .column(ROW)
                .and_then(|c| c.u32().map(|r| r.apply_values(|r| r + shift)))
                .map_err(Failure::Sink)?;
            frame
                .with_column(rows.into_column())
                .map_err(Failure::Sink)?;
        }
        *rows_before += n;
        sink(Part { frame, ids }).map_err(Failure::Sink)
    };
    // Fills `buf` (which holds what the last window left over) up to a
    // window from the file, read into reserved room: no page is touched
    // before it holds data. True at the end of the file.
    let fill = |buf: &mut Vec<u8>, file: &mut super::progress::Reader<File>, window: usize| {
        let want = window.max(buf.len() + chunk) - buf.len();
        buf.reserve_exact(want);
        let got = file
            .take(want as u64)
            .read_to_end(buf)
            .map_err(Failure::Io)?;
        Ok::<bool, Failure>(got < want)
    };
    let mut eof = fill(&mut buf, &mut file, window)?;
    loop {
        let cuts = cuts(&buf, chunk, source.delimiter, eof);
        let end = *cuts.last().unwrap_or(&0);
        if end == 0 && !eof {
            if window < first_window * MAX_GROWTH {
                // Not one whole record in the window: a longer window.
                window *= 2;
                eof = fill(&mut buf, &mut file, window)?;
                continue;
            }
            // A record longer than a few windows: the rest in one stream.
            let rest = std::io::Read::chain(&buf[..], &mut file);
            let mut rdr = reader(source.delimiter, rest);
            loop {
                let (part, done) = frame_of(file_index, typed, STREAM_ROWS, |b| {
                    read_records(&mut rdr, typed.width, b, STREAM_ROWS)
                })?;
                if part.frame.height() > 0 && hand(part, &mut rows_before)? {
                    return Ok(());
                }
                if done {
                    return Ok(());
                }
            }
        }
        let ranges: Vec<(usize, usize)> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied())
            .filter(|(a, b)| a < b)
            .collect();
        // The chunks are parsed while the next window is read (one thread
        // reading the file while the others wait was a tenth of an orders
        // run's wall time at 10M).
        let (frames, next) = rayon::join(
            || -> Vec<Result<Part, Failure>> {
                ranges
                    .par_iter()
                    .map(|&(a, b)| parse(&buf[a..b], source.delimiter, file_index, typed))
                    .collect()
            },
            || -> Result<Option<(Vec<u8>, bool)>, Failure> {
                if eof {
                    return Ok(None);
                }
                let mut next = Vec::new();
                next.extend_from_slice(&buf[end..]);
                let eof = fill(&mut next, &mut file, window)?;
                Ok(Some((next, eof)))
            },
        );
        for frame in frames {
            if hand(frame?, &mut rows_before)? {
                return Ok(());
            }
        }
        match next? {
            Some(next) => (buf, eof) = next,
            None => return Ok(()),
        }
    }
}

/// An empty typed frame (a file with a header only).
pub fn empty(file_index: u32, typed: &Typed) -> Result<DataFrame, Failure> {
    parse(&[], b',', file_index, typed).map(|p| p.frame)
}

/// The byte offset of the first data row: after the lines above the
/// header, the header and the extra header rows.
fn data_start(source: &Source) -> Option<u64> {
    let (rdr, _, _) = super::table::open_table(source).ok()?;
    Some(rdr.position().byte())
}

/// Bytes scanned for a quote at a time, in parallel, before the quote
/// state is followed (one thread) over the stretches that hold one.
const STRETCH: usize = 1 << 16;

/// Where to cut `buf` (which starts at a record's start) into chunks of at
/// least `chunk` bytes: the ends of the chunks, each just after a record's
/// end, rising. The last is the end of the last whole record, or with
/// `eof` the end of `buf`. Empty when no record ends in `buf` (and not
/// `eof`).
///
/// The quote state is the `csv` crate's: outside quotes, a quote opens a
/// quoted field only at the start of a field (after a separator or a line
/// end, or at the start of `buf`), else it is a literal character; inside,
/// `""` is a quote and any other quote closes the field. Line ends are
/// `\n`, `\r\n` and a bare `\r`.
pub(crate) fn cuts(buf: &[u8], chunk: usize, delimiter: u8, eof: bool) -> Vec<usize> {
    let n = buf.len();
    let has_quote: Vec<bool> = buf
        .par_chunks(STRETCH)
        .map(|s| memchr::memchr(b'"', s).is_some())
        .collect();
    let next_quote = |from: usize| -> Option<usize> {
        let mut at = from;
        while at < n {
            let k = at / STRETCH;
            let end = ((k + 1) * STRETCH).min(n);
            if has_quote[k] {
                if let Some(i) = memchr::memchr(b'"', &buf[at..end]) {
                    return Some(at + i);
                }
            }
            at = end;
        }
        None
    };
    let mut out = Vec::new();
    // The last record end seen, and where the next cut may go.
    let mut last_end = None;
    let mut target = chunk;
    // `at` is outside quotes.
    let mut at = 0;
    loop {
        let quote = next_quote(at);
        let to = quote.unwrap_or(n);
        // Every line end in `at..to` ends a record.
        while target < to {
            match first_line_end(buf, target.max(at), to, eof) {
                Some(e) => {
                    out.push(e);
                    target = e + chunk;
                }
                None => break,
            }
        }
        if let Some(e) = last_line_end(buf, at, to, eof) {
            last_end = Some(e);
        }
        let Some(q) = quote else { break };
        let opens = q == 0 || [delimiter, b'\n', b'\r'].contains(&buf[q - 1]);
        if !opens {
            at = q + 1;
            continue;
        }
        // Inside quotes: to the closing quote.
        let mut from = q + 1;
        let closed = loop {
            match next_quote(from) {
                None => break None,
                Some(c) if c + 1 == n && !eof => break None,
                Some(c) if buf.get(c + 1) == Some(&b'"') => from = c + 2,
                Some(c) => break Some(c + 1),
            }
        };
        match closed {
            Some(c) => at = c,
            None => break,
        }
    }
    if eof {
        if n > 0 && out.last() != Some(&n) {
            out.push(n);
        }
    } else if let Some(e) = last_end {
        if out.last().is_none_or(|&l| l < e) {
            out.push(e);
        }
    }
    out
}

/// Just past the line end at `p` (a `\n` or `\r`), when it is one: a `\r`
/// followed by `\n` is not (the `\n` is), nor a `\r` at the end of `buf`
/// before the end of the file.
fn line_end_at(buf: &[u8], p: usize, eof: bool) -> Option<usize> {
    if buf[p] == b'\n' {
        return Some(p + 1);
    }
    match buf.get(p + 1) {
        Some(b'\n') => None,
        Some(_) => Some(p + 1),
        None => eof.then_some(p + 1),
    }
}

/// Just past the first line end in `buf[from..to]`.
fn first_line_end(buf: &[u8], from: usize, to: usize, eof: bool) -> Option<usize> {
    memchr::memchr2_iter(b'\n', b'\r', &buf[from..to]).find_map(|i| line_end_at(buf, from + i, eof))
}

/// Just past the last line end in `buf[from..to]`.
fn last_line_end(buf: &[u8], from: usize, to: usize, eof: bool) -> Option<usize> {
    memchr::memchr2_iter(b'\n', b'\r', &buf[from..to])
        .rev()
        .find_map(|i| line_end_at(buf, from + i, eof))
}

/// A `csv` reader as every data row is read: no header, the separator
/// given, rows of any width (the width is checked here, to name the line).
fn reader<R: Read>(delimiter: u8, r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(r)
}

/// The builders of a chunk's columns, filled by `fill` (which returns the
/// rows it read and whether the input is done), made into its frame:
/// `_file`, `_row` (0-based within the frame), then each cell's column (a
/// blank field is null; none for ids only checked, whose run comes with
/// the frame).
fn frame_of(
    file_index: u32,
    typed: &Typed,
    guess: usize,
    fill: impl FnOnce(&mut [(Option<usize>, Builder)]) -> Result<(u32, bool), Failure>,
) -> Result<(Part, bool), Failure> {
    let mut builders: Vec<(Option<usize>, Builder)> = typed
        .cells
        .iter()
        .map(|c| (c.column.as_ref().map(|c| c.0), Builder::new(c, guess)))
        .collect();
    let (n, done) = fill(&mut builders)?;
    let rows = n as usize;
    let mut columns = vec![
        Column::new_scalar(FILE.into(), Scalar::from(file_index), rows),
        UInt32Chunked::from_vec(ROW.into(), (0..n).collect()).into_column(),
    ];
    let mut ids = None;
    for (_, b) in builders {
        if let Some(run) = b.finish(rows, &mut columns) {
            ids = Some(run);
        }
    }
    let frame = DataFrame::new(rows, columns).map_err(Failure::Sink)?;
    Ok((Part { frame, ids }, done))
}

/// One chunk of whole records, typed (see [`frame_of`]).
fn parse(bytes: &[u8], delimiter: u8, file_index: u32, typed: &Typed) -> Result<Part, Failure> {
    // About 60 bytes a row; the builders grow as needed.
    let guess = bytes.len() / 48 + 1;
    let (part, _) = frame_of(file_index, typed, guess, |builders| {
        let n = match parse_plain(bytes, delimiter, typed.width, builders) {
            Some(n) => n?,
            None => {
                read_records(
                    &mut reader(delimiter, bytes),
                    typed.width,
                    builders,
                    usize::MAX,
                )?
                .0
            }
        };
        Ok((n, true))
    })?;
    Ok(part)
}

/// Up to `limit` records by the `csv` crate (any quoting) into the
/// builders: how many, and whether the input is done.
fn read_records<R: Read>(
    rdr: &mut csv::Reader<R>,
    width: usize,
    builders: &mut [(Option<usize>, Builder)],
    limit: usize,
) -> Result<(u32, bool), Failure> {
    let mut record = csv::ByteRecord::new();
    let mut n = 0u32;
    while (n as usize) < limit {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok((n, true)),
            Err(e) if e.is_io_error() => match e.into_kind() {
                csv::ErrorKind::Io(e) => return Err(Failure::Io(e)),
                _ => return Err(Failure::BadRow),
            },
            Err(_) => return Err(Failure::BadRow),
        }
        if record.len() != width || std::str::from_utf8(record.as_slice()).is_err() {
            return Err(Failure::BadRow);
        }
        for (i, b) in builders.iter_mut() {
            let Some(i) = *i else { continue };
            match &record[i] {
                [] => b.push(None),
                // UTF-8: checked above for the whole record.
                field => b.push(std::str::from_utf8(field).ok()),
            }
        }
        n += 1;
    }
    Ok((n, false))
}

/// The rows of a chunk with no quote, no carriage return but before a line
/// feed, and only UTF-8 (most chunks of most exports), read as the `csv`
/// crate reads them but faster: lines and fields found with `memchr`, the
/// text checked once. `None`: not such a chunk.
fn parse_plain(
    bytes: &[u8],
    delimiter: u8,
    width: usize,
    builders: &mut [(Option<usize>, Builder)],
) -> Option<Result<u32, Failure>> {
    if memchr::memchr(b'"', bytes).is_some()
        || memchr::memchr_iter(b'\r', bytes).any(|p| bytes.get(p + 1) != Some(&b'\n'))
    {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    // One pass over the separators and line ends of the whole chunk: the
    // field starts of the current line, then at its end its fields.
    let mut starts = vec![0];
    let mut n = 0u32;
    let marks = memchr::memchr2_iter(delimiter, b'\n', bytes).chain(std::iter::once(bytes.len()));
    for p in marks {
        if p < bytes.len() && bytes[p] == delimiter {
            starts.push(p + 1);
            continue;
        }
        // A line ends at `p` (its CR dropped).
        let line_start = starts[0];
        let end = match p > line_start && bytes[p - 1] == b'\r' {
            true => p - 1,
            false => p,
        };
        if starts.len() == 1 && end == line_start {
            // A blank line: the csv crate skips it too.
        } else if starts.len() != width {
            return Some(Err(Failure::BadRow));
        } else {
            starts.push(end + 1);
            for (i, b) in builders.iter_mut() {
                let Some(i) = *i else { continue };
                let field = &text[starts[i]..starts[i + 1] - 1];
                b.push((!field.is_empty()).then_some(field));
            }
            n += 1;
        }
        starts.clear();
        starts.push(p + 1);
    }
    Some(Ok(n))
}

#[cfg(test)]
mod tests {
    use super::super::cells::{Builder, Cell, CellKind};
    use super::{cuts, parse_plain, read_records, reader};
    use polars::prelude::*;

    /// The fast path reads plain chunks exactly as the `csv` crate does,
    /// and declines the others.
    #[test]
    fn plain_chunks_read_as_the_csv_crate_reads_them() {
        let text = |i: usize| Cell {
            name: format!("c{i}"),
            column: Some((i, format!("c{i}"))),
            kind: CellKind::Text(|s| Some(s.into())),
        };
        let read = |bytes: &[u8], plain: bool| {
            let mut builders: Vec<_> = (0..3)
                .map(|i| (Some(i), Builder::new(&text(i), 0)))
                .collect();
            let n = match plain {
                true => parse_plain(bytes, b',', 3, &mut builders).map(|r| r.ok()),
                false => Some(
                    read_records(&mut reader(b',', bytes), 3, &mut builders, usize::MAX)
                        .ok()
                        .map(|(n, _)| n),
                ),
            };
            let mut columns: Vec<Column> = Vec::new();
            for (_, b) in builders {
                b.finish(0, &mut columns);
            }
            n.map(|n| (n, DataFrame::new_infer_height(columns).unwrap()))
        };
        for bytes in [
            &b"a,b,c\n1,,3\n"[..],
            b"a,b,c\r\n\r\n\n1,2,\r\nx,y,z",
            b"\xc3\xa9,b,c\n",
            b"a,b\n",
            b"a,b,c,d\n",
        ] {
            let plain = read(bytes, true).expect("a plain chunk");
            assert_eq!(plain, read(bytes, false).unwrap(), "{bytes:?}");
        }
        for bytes in [&b"\"a\",b,c\n"[..], b"a\rb,c\n", b"\xff,b,c\n"] {
            assert!(read(bytes, true).is_none(), "{bytes:?}");
        }
    }

    /// The rows between cuts, for every chunk size: always whole rows, and
    /// all of them.
    #[test]
    fn cuts_fall_between_rows_never_inside_quotes() {
        let text = b"1,\"a\nb\",x\n2,\"say \"\"hi\"\"\n\",y\n3,plain,z\n4,\"\"\"\",w\n";
        let rows = [
            "1,\"a\nb\",x\n",
            "2,\"say \"\"hi\"\"\n\",y\n",
            "3,plain,z\n",
            "4,\"\"\"\",w\n",
        ];
        for chunk in 1..text.len() + 2 {
            let c = cuts(text, chunk, b',', true);
            assert_eq!(c.last(), Some(&text.len()), "chunk {chunk}");
            let mut start = 0;
            for &end in &c {
                let piece = std::str::from_utf8(&text[start..end]).unwrap();
                // Every piece is one or more whole rows.
                let mut rest = piece;
                while !rest.is_empty() {
                    let row = rows.iter().find(|r| rest.starts_with(**r));
                    assert!(row.is_some(), "chunk {chunk}: cut inside a row: {piece:?}");
                    rest = &rest[row.unwrap().len()..];
                }
                start = end;
            }
        }
    }

    #[test]
    fn without_eof_the_partial_last_row_is_left_over() {
        let text = b"1,a\n2,\"b\nc\"\n3,d";
        for chunk in 1..text.len() + 2 {
            let c = cuts(text, chunk, b',', false);
            assert_eq!(c.last(), Some(&12), "chunk {chunk}");
        }
        assert!(cuts(b"1,\"a\nb", 2, b',', false).is_empty());
        assert_eq!(cuts(b"1,a", 2, b',', true), vec![3]);
    }

    /// The records the `csv` crate reads in `text`.
    fn records(text: &[u8]) -> Vec<csv::ByteRecord> {
        let mut rdr = reader(b',', text);
        rdr.byte_records().map(|r| r.unwrap()).collect()
    }

    /// The pieces between cuts read alone give the records of the whole
    /// text, as the `csv` crate reads it: with stray quotes inside unquoted
    /// fields (an inch mark), quotes after a closed quoted field, bare CR
    /// line ends, blank lines, for every chunk size.
    #[test]
    fn pieces_between_cuts_read_as_the_whole_text() {
        let texts: [&[u8]; 6] = [
            b"1,Monitor 27\" wide,a\n2,\"two\nlines\",b\n3,x,c\n",
            b"1,\"a\"b\",c\n2,\"d\ne\",f\n3,g\"\",h\n",
            b"1,a\r2,\"b\rc\",d\r3,e\r\n4,f\n",
            b"1,\"\"\"\",a\n\n2,\"\n\",b\n",
            b"\"1\",2\"3,\"4\n5\"\n6,7,8\n",
            b"1,27\",x\n2,\"a\nb\",y\n3,4\",z\n",
        ];
        for text in texts {
            let whole = records(text);
            for chunk in 1..text.len() + 2 {
                for eof in [true, false] {
                    let c = cuts(text, chunk, b',', eof);
                    if eof {
                        assert_eq!(c.last(), Some(&text.len()));
                    }
                    let mut pieces = Vec::new();
                    let mut start = 0;
                    for &end in c.iter().chain(std::iter::once(&text.len())) {
                        pieces.extend(records(&text[start..end]));
                        start = end;
                    }
                    let shown = String::from_utf8_lossy(text);
                    assert_eq!(pieces, whole, "chunk {chunk}, eof {eof}: {shown:?}");
                }
            }
        }
    }
}
