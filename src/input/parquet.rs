//! Parquet inputs, read with polars' scan: every column turned into the
//! text a CSV cell would hold (so that one set of parsers and checks serves
//! both formats), typed by the same cell descriptions as CSV (see
//! `cells`). A file polars cannot read, or panics on (a corrupt footer or
//! page), is an error naming the file, never a crash; and before any scan,
//! every file's footer is checked (see [`check_footers`]), since polars
//! trusts the byte ranges it gives.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use anyhow::Result;
use polars::prelude::*;

use super::{io_reason, Source, Typed, FILE, ROW};

/// The column names of a Parquet source.
pub fn column_names(source: &Source) -> Result<Vec<String>> {
    guarded(source, || {
        let schema = scan(source)?
            .collect_schema()
            .map_err(|e| polars_error(&source.name, &e))?;
        Ok(schema.iter_names().map(|n| n.to_string()).collect())
    })
}

/// All typed rows of a Parquet source (see [`typed_scan`]).
pub fn read(source: &Source, file_index: u32, positions: bool, typed: &Typed) -> Result<DataFrame> {
    guarded(source, || {
        typed_scan(source, file_index, positions, typed)?
            .collect_with_engine(Engine::Streaming)
            .map(|r| r.unwrap_single())
            .map_err(|e| polars_error(&source.name, &e))
    })
}

/// The typed rows of a Parquet source handed to `take` batch by batch, in
/// order, until it returns true.
pub fn read_batches(
    source: &Source,
    file_index: u32,
    positions: bool,
    typed: &Typed,
    take: impl Fn(DataFrame) -> PolarsResult<bool> + Send + Sync + 'static,
) -> Result<()> {
    guarded(source, || {
        let callback = PlanCallback::new(take);
        typed_scan(source, file_index, positions, typed)?
            .sink_batches(callback, true, None)
            .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
            .map_err(|e| polars_error(&source.name, &e))?;
        Ok(())
    })
}

/// One cell of a Parquet source, as text (error path only).
pub fn cell(source: &Source, row: u64, column: usize) -> Option<String> {
    guarded(source, || {
        let header = column_names(source)?;
        let name = header
            .get(column)
            .ok_or_else(|| anyhow::anyhow!("no column {column}"))?;
        let df = text_scan(source, 0, false)?
            .slice(row as i64, 1)
            .select([col(name)])
            .collect()
            .map_err(|e| polars_error(&source.name, &e))?;
        let value = df
            .column(name)
            .and_then(|c| c.str().map(|s| s.get(0).map(str::to_string)))
            .map_err(|e| polars_error(&source.name, &e))?;
        Ok(value.unwrap_or_default())
    })
    .ok()
}

/// Turns a polars error about a Parquet source into a message for a
/// person: no `Debug` text.
pub fn polars_error(name: &str, e: &PolarsError) -> anyhow::Error {
    let msg = match e {
        PolarsError::IO { error, .. } => {
            return anyhow::anyhow!("{name}: cannot read: {}", io_reason(error))
        }
        PolarsError::ComputeError(m) | PolarsError::NoData(m) | PolarsError::ShapeMismatch(m) => {
            m.to_string()
        }
        other => other.to_string(),
    };
    not_parquet(name, &msg)
}

/// The message for a file that is not valid Parquet: the reason's first
/// line, at most 80 characters.
fn not_parquet(name: &str, reason: &str) -> anyhow::Error {
    let reason = reason.lines().next().unwrap_or_default();
    let reason: String = match reason.chars().count() > 80 {
        true => reason.chars().take(80).chain("...".chars()).collect(),
        false => reason.to_string(),
    };
    anyhow::anyhow!("{name}: not a valid Parquet file ({reason}); export it again")
}

/// Runs `f`, turning a panic inside polars (which some corrupt files
/// cause) into an error naming the file; the panic's own message is not
/// printed.
fn guarded<T>(source: &Source, f: impl FnOnce() -> Result<T>) -> Result<T> {
    /// Guarded calls running: while there are any, panics are not printed.
    static QUIET: AtomicUsize = AtomicUsize::new(0);
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.load(Ordering::SeqCst) == 0 {
                previous(info);
            }
        }));
    });
    QUIET.fetch_add(1, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.fetch_sub(1, Ordering::SeqCst);
    result.unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader failed".into());
        Err(not_parquet(&source.name, &reason))
    })
}

/// A lazy scan of a Parquet file, or of a folder of them with hive
/// partitions, once their footers are checked.
pub fn scan(source: &Source) -> Result<LazyFrame> {
    check_footers(source)?;
    let path = PlRefPath::try_from_path(&source.path)
        .map_err(|e| anyhow::anyhow!("{}: {}", source.name, e))?;
    let mut args = ScanArgsParquet::default();
    if source.path.is_dir() {
        args.hive_options.enabled = Some(true);
    }
    LazyFrame::scan_parquet(path, args).map_err(|e| polars_error(&source.name, &e))
}

/// Checks the footer of each file of `source` (every file in a folder
/// except hidden ones, as polars reads them) with polars' own metadata
/// reader: every column chunk's bytes must lie between the leading magic
/// and the footer. polars' streaming scan slices the memory-mapped file by
/// those ranges without a bounds check (`get_unchecked` in polars-stream's
/// `row_group_data_fetch.rs`), so a corrupt offset there is undefined
/// behaviour: a read outside the file's memory in a release build, and in
/// a debug build a failed precondition check, a panic that cannot unwind
/// and aborts the process (exit 134), which `guarded` cannot catch. Called
/// inside `guarded`: a footer the reader panics on is an error too.
fn check_footers(source: &Source) -> Result<()> {
    /// Files already checked in this run: a source is scanned several
    /// times (header, rows, a bad cell), its files are read once here.
    static CHECKED: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut files = Vec::new();
    collect_files(&source.path, &mut files);
    for path in files {
        if CHECKED.lock().is_ok_and(|c| c.contains(&path)) {
            continue;
        }
        let shown = match source.path.is_dir() {
            true => path.display().to_string(),
            false => source.name.clone(),
        };
        let file = std::fs::File::open(&path)
            .map_err(|e| anyhow::anyhow!("{shown}: cannot read: {}", io_reason(&e)))?;
        let size = file
            .metadata()
            .map_err(|e| anyhow::anyhow!("{shown}: cannot read: {}", io_reason(&e)))?
            .len();
        let metadata = ParquetReader::new(file)
            .get_metadata()
            .map_err(|e| polars_error(&shown, &e))?
            .clone();
        // "PAR1" before the data; the footer, its length and "PAR1" after.
        let data = 4..size.saturating_sub(8);
        for (g, group) in metadata.row_groups.iter().enumerate() {
            for range in group.byte_ranges_iter() {
                if range.start < data.start || range.end > data.end || range.start > range.end {
                    return Err(not_parquet(
                        &shown,
                        &format!(
                            "row group {g}: column data at bytes {}..{} of a {size}-byte file",
                            // A negative offset in the footer reads as one.
                            range.start as i64,
                            range.end as i64
                        ),
                    ));
                }
            }
            check_pages(&path, group)
                .map_err(|reason| not_parquet(&shown, &format!("row group {g}: {reason}")))?;
        }
        if let Ok(mut checked) = CHECKED.lock() {
            checked.push(path);
        }
    }
    Ok(())
}

/// Checks the page headers of each flat column of a row group with
/// polars' own page reader: a data page holds at most the row group's
/// rows. polars sizes a page's validity bitmap by that count before
/// decoding, so a corrupt (negative or huge) one asked the allocator for
/// exabytes, and a failed allocation aborts the process (it cannot unwind
/// either). Reads one column chunk at a time; page bodies are not decoded.
fn check_pages(
    path: &std::path::Path,
    group: &polars_parquet::parquet::metadata::RowGroupMetadata,
) -> std::result::Result<(), String> {
    use polars_parquet::parquet::page::CompressedPage;
    use polars_parquet::parquet::read::PageReader;
    use std::io::{Read, Seek, SeekFrom};
    let rows = group.num_rows();
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    for column in group.parquet_columns() {
        if column.descriptor().descriptor.max_rep_level > 0 {
            // A list column: its pages count values, not rows.
            continue;
        }
        let range = column.byte_range();
        let mut bytes = vec![0u8; (range.end - range.start) as usize];
        file.seek(SeekFrom::Start(range.start))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| io_reason(&e))?;
        let len = bytes.len();
        let pages = PageReader::new(std::io::Cursor::new(bytes.into()), column, Vec::new(), len);
        for page in pages {
            let page = page.map_err(|e| e.to_string())?;
            if let CompressedPage::Data(page) = page {
                if page.num_values() > rows {
                    return Err(format!(
                        "a page of column '{}' claims {} values in {rows} rows",
                        column.descriptor().path_in_schema.join("."),
                        page.num_values() as i64
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `path` if it is a file; else every file under it, except hidden ones
/// (names starting with `.` or `_`).
fn collect_files(path: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(path) else {
        out.push(path.to_path_buf());
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(['.', '_']));
        if !hidden {
            collect_files(&p, out);
        }
    }
}

/// A Parquet column as the text a CSV cell would hold, so that one set of
/// parsers and checks serves both formats: floats to two decimals (money
/// in a float column is only ever meant to the cent), everything else by
/// polars' cast (dates as `YYYY-MM-DD`, timestamps as
/// `YYYY-MM-DD HH:MM:SS[.f]`, integers as written); a timestamp with a
/// time zone as its local time in that zone with the offset
/// (`2024-01-05 23:30:00-05:00`; UTC when the zone is not an IANA name),
/// so that its date is the local one and `--timezone` converts it like a
/// CSV timestamp with an offset.
fn as_text(name: &str, dtype: &DataType) -> Expr {
    let c = polars::prelude::col(name);
    match dtype {
        DataType::String => c,
        DataType::Datetime(unit, Some(zone)) => {
            let zone = zone.parse().unwrap_or(chrono_tz::UTC);
            let per_second = match unit {
                TimeUnit::Nanoseconds => 1_000_000_000,
                TimeUnit::Microseconds => 1_000_000,
                TimeUnit::Milliseconds => 1_000,
            };
            c.cast(DataType::Int64)
                .map(
                    move |c: Column| {
                        let out: StringChunked = c
                            .i64()?
                            .iter()
                            .map(|v| v.map(|v| zoned_text(v, per_second, zone)))
                            .collect();
                        Ok(out.with_name(c.name().clone()).into_column())
                    },
                    |_, f: &Field| Ok(Field::new(f.name().clone(), DataType::String)),
                )
                .alias(name)
        }
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

/// `YYYY-MM-DD HH:MM:SS+HH:MM` in `zone` of the instant `ticks`
/// `per_second` after 1970-01-01 UTC (out of chrono's range: a text no
/// date parser reads).
fn zoned_text(ticks: i64, per_second: i64, zone: chrono_tz::Tz) -> String {
    let secs = ticks.div_euclid(per_second);
    chrono::DateTime::from_timestamp(secs, 0).map_or_else(
        || format!("{ticks} (out of range)"),
        |t| {
            t.with_timezone(&zone)
                .format("%Y-%m-%d %H:%M:%S%:z")
                .to_string()
        },
    )
}

/// Opens a Parquet source lazily with every column as text (turned into
/// the text a CSV cell would hold, see [`as_text`]), a `_file` index into
/// the source list and a `_row` column: with `positions`, the data row's
/// index (0-based), else 0.
fn text_scan(source: &Source, file_index: u32, positions: bool) -> Result<LazyFrame> {
    let mut lf = scan(source)?;
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

/// A lazy scan of one Parquet source, typed.
fn typed_scan(
    source: &Source,
    file_index: u32,
    positions: bool,
    typed: &Typed,
) -> Result<LazyFrame> {
    Ok(text_scan(source, file_index, positions)?.select(typed.exprs()))
}
