//! The CSV reader for the columns a command uses. The data rows are read a
//! window of a few chunks at a time (never the whole file), cut into chunks
//! at line ends that lie outside quotes, and the chunks parsed in parallel:
//! chunks without quotes by splitting at separators and line ends found
//! with `memchr`, the others by the `csv` crate. Each used field is typed
//! as it is read (see `cells`: amounts to cents, dates to days...), so no
//! text column is built for a value that becomes a number, and only a
//! window of text is ever in memory, however large the file.
//!
//! Why not polars' CSV scan: on stable Rust its quote-aware line count runs
//! byte by byte in one thread ahead of the parsers, about a quarter of an
//! orders run on 10M rows, and it maps the whole file into memory. Here
//! quotes are found with `memchr`, in parallel.
//!
//! Anything this reader cannot read (a row with the wrong number of
//! fields, text that is not UTF-8) makes it give up with `Err`: callers
//! then read the file with polars' scan, whose errors are turned into
//! messages naming the line. `ENGAGE_CSV_READER=polars` always does.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use polars::prelude::*;
use rayon::prelude::*;

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

/// Whether to read CSV with this reader (else polars' scan).
pub fn wanted(source: &Source) -> bool {
    !source.is_parquet() && std::env::var("ENGAGE_CSV_READER").as_deref() != Ok("polars")
}

/// Why this reader gave up (the caller reads with polars instead), or an
/// error of the sink, which ends the read.
pub enum Failure {
    Unreadable,
    Sink(PolarsError),
}

impl From<PolarsError> for Failure {
    fn from(_: PolarsError) -> Self {
        Failure::Unreadable
    }
}

/// Reads the data rows of `source` (file number `file_index`) and hands the
/// typed frame of each chunk to `sink`, in file order, until `sink` returns
/// true or the rows run out. With `positions`, `_row` holds each row's
/// index among the data rows, else 0.
pub fn read(
    source: &Source,
    file_index: u32,
    positions: bool,
    typed: &Typed,
    mut sink: impl FnMut(DataFrame) -> PolarsResult<bool>,
) -> Result<(), Failure> {
    let mut file = File::open(&source.path).map_err(|_| Failure::Unreadable)?;
    let start = data_start(source).ok_or(Failure::Unreadable)?;
    file.seek(SeekFrom::Start(start))
        .map_err(|_| Failure::Unreadable)?;
    let chunk = chunk_bytes();
    let mut window = chunk * CHUNKS_PER_WINDOW;
    let mut buf: Vec<u8> = Vec::new();
    let mut eof = false;
    let mut rows_before = 0u64;
    loop {
        // Fill the window: what the last one left over, then the file (read
        // into reserved room: no page is touched before it holds data).
        let want = window.max(buf.len() + chunk) - buf.len();
        buf.reserve_exact(want);
        let got = (&mut file)
            .take(want as u64)
            .read_to_end(&mut buf)
            .map_err(|_| Failure::Unreadable)?;
        eof |= got < want;
        let cuts = cuts(&buf, chunk, eof);
        let end = *cuts.last().unwrap_or(&0);
        if end == 0 && !eof {
            // Not one whole row in the window: a longer window.
            window *= 2;
            continue;
        }
        let ranges: Vec<(usize, usize)> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied())
            .filter(|(a, b)| a < b)
            .collect();
        let frames: Vec<Result<DataFrame, Failure>> = ranges
            .par_iter()
            .map(|&(a, b)| parse(&buf[a..b], source.delimiter, file_index, typed))
            .collect();
        for frame in frames {
            let mut frame = frame?;
            let n = frame.height() as u64;
            if positions && rows_before > 0 {
                let rows = frame
                    .column(ROW)?
                    .u32()?
                    .apply_values(|r| r + rows_before as u32);
                frame.with_column(rows.into_column())?;
            }
            rows_before += n;
            if sink(frame).map_err(Failure::Sink)? {
                return Ok(());
            }
        }
        if eof {
            return Ok(());
        }
        buf.drain(..end);
    }
}

/// The byte offset of the first data row: after the lines above the
/// header, the header and the extra header rows.
fn data_start(source: &Source) -> Option<u64> {
    let (rdr, _, _) = super::open_table(source).ok()?;
    Some(rdr.position().byte())
}

/// Where to cut `buf` (which starts at a row's start, outside quotes) into
/// chunks of about `chunk` bytes: the ends of the chunks, each just after a
/// line end outside quotes, rising. The last is the end of the last whole
/// row, or with `eof` the end of `buf`. Empty when no row ends in `buf`
/// (and not `eof`).
///
/// Whether a byte lies inside quotes depends on the number of quotes before
/// it (an escaped quote `""` counts twice), so the quotes of each stretch
/// between nominal cuts are counted in parallel, and the cut moves on to
/// the first line end whose count is even.
pub(crate) fn cuts(buf: &[u8], chunk: usize, eof: bool) -> Vec<usize> {
    let nominal: Vec<usize> = (1..)
        .map(|k| k * chunk)
        .take_while(|&p| p < buf.len())
        .collect();
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(nominal.iter().copied())
        .chain(std::iter::once(buf.len()))
        .collect();
    let odd: Vec<bool> = bounds
        .par_windows(2)
        .map(|w| memchr::memchr_iter(b'"', &buf[w[0]..w[1]]).count() % 2 == 1)
        .collect();
    let mut inside = false;
    let mut out = Vec::with_capacity(nominal.len() + 1);
    for (k, &p) in nominal.iter().enumerate() {
        inside ^= odd[k];
        if out.last().is_some_and(|&last| last > p) {
            continue;
        }
        if let Some(cut) = next_line_end(buf, p, inside) {
            out.push(cut);
        }
    }
    if eof {
        if out.last() != Some(&buf.len()) {
            out.push(buf.len());
        }
    } else {
        // The end of the last whole row.
        let from = out.last().copied().unwrap_or(0);
        let mut last = None;
        let mut at = from;
        while let Some(cut) = next_line_end(buf, at, false) {
            last = Some(cut);
            at = cut;
        }
        if let Some(last) = last {
            if out.last() != Some(&last) {
                out.push(last);
            }
        }
    }
    out.dedup();
    out
}

/// Just past the first `\n` at or after `from` that lies outside quotes,
/// when `from` is inside quotes or not as `inside` says.
fn next_line_end(buf: &[u8], from: usize, mut inside: bool) -> Option<usize> {
    for i in memchr::memchr2_iter(b'"', b'\n', &buf[from..]) {
        if buf[from + i] == b'"' {
            inside = !inside;
        } else if !inside {
            return Some(from + i + 1);
        }
    }
    None
}

/// One chunk of whole rows, typed: `_file`, `_row` (0-based within the
/// chunk), then each cell's column, made from its field as it is parsed
/// (a blank field is null, as polars' scan reads it). A row with other than
/// `typed.width` fields, or text that is not UTF-8, gives up.
fn parse(
    bytes: &[u8],
    delimiter: u8,
    file_index: u32,
    typed: &Typed,
) -> Result<DataFrame, Failure> {
    // About 60 bytes a row; the builders grow as needed.
    let guess = bytes.len() / 48 + 1;
    let mut builders: Vec<(Option<usize>, Builder)> = typed
        .cells
        .iter()
        .map(|c| (c.column.as_ref().map(|c| c.0), Builder::new(c, guess)))
        .collect();
    let n = match parse_plain(bytes, delimiter, typed.width, &mut builders) {
        Some(n) => n?,
        None => parse_quoted(bytes, delimiter, typed.width, &mut builders)?,
    };
    let rows = n as usize;
    let mut columns = vec![
        Column::new_scalar(FILE.into(), Scalar::from(file_index), rows),
        UInt32Chunked::from_vec(ROW.into(), (0..n).collect()).into_column(),
    ];
    columns.extend(builders.into_iter().map(|(_, b)| b.finish(rows)));
    Ok(DataFrame::new(rows, columns)?)
}

/// The rows of a chunk by the `csv` crate: any quoting.
fn parse_quoted(
    bytes: &[u8],
    delimiter: u8,
    width: usize,
    builders: &mut [(Option<usize>, Builder)],
) -> Result<u32, Failure> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut n = 0u32;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(n),
            Err(_) => return Err(Failure::Unreadable),
        }
        if record.len() != width {
            return Err(Failure::Unreadable);
        }
        for (i, b) in builders.iter_mut() {
            let Some(i) = *i else { continue };
            match &record[i] {
                [] => b.push(None),
                field => {
                    let text = std::str::from_utf8(field).map_err(|_| Failure::Unreadable)?;
                    b.push(Some(text));
                }
            }
        }
        n += 1;
    }
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
            return Some(Err(Failure::Unreadable));
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
    use super::{cuts, parse_plain, parse_quoted};
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
                false => Some(parse_quoted(bytes, b',', 3, &mut builders).ok()),
            };
            let columns: Vec<Column> = builders.into_iter().map(|(_, b)| b.finish(0)).collect();
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
            let c = cuts(text, chunk, true);
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
            let c = cuts(text, chunk, false);
            assert_eq!(c.last(), Some(&12), "chunk {chunk}");
        }
        assert!(cuts(b"1,\"a\nb", 2, false).is_empty());
        assert_eq!(cuts(b"1,a", 2, true), vec![3]);
    }
}
