//! Parquet: one table per file, typed columns. Key and text columns are
//! strings, counts unsigned integers, money (exact cents in the other
//! formats) and every quotient `f64`, flags booleans, days `Date`.

use std::io::Write;

use polars::prelude::*;

use super::{Report, Value};
use crate::config::usage;

/// A frame as Parquet into `w`, Snappy-compressed: zstd (polars' default)
/// took a tenth of a 10M-order `engage customers` run in perf. The columns
/// at the positions in `unique` hold no value twice (customer ids): above
/// 128 rows they are written plain at once, where polars first estimates
/// their distinct values (a HyperLogLog pass, 7% of the write's CPU for
/// the ids of 10M orders) to find a dictionary not worth it, and writes
/// them plain then; the bytes are the same (the test below checks, on
/// both sides of 128 rows).
///
/// The bytes are those of polars' `ParquetWriter::finish` (same row
/// groups, encodings, statistics and codec), but every column chunk of a
/// window of row groups is encoded and compressed in parallel: polars
/// encodes only dictionaries in parallel and the plain pages and their
/// compression lazily, one after another, as the file is written.
pub fn write(mut frame: DataFrame, unique: &[usize], w: &mut dyn Write) -> anyhow::Result<()> {
    use polars::io::parquet::write::{get_encodings, StatisticsOptions};
    use polars_parquet::write::{
        array_to_columns, compress, CompressedPage, Encoding, ParquetType, Version, WriteOptions,
    };
    use rayon::prelude::*;

    let failed = |e: PolarsError| match e {
        PolarsError::IO { error, .. } => anyhow::anyhow!("{error}"),
        e => anyhow::anyhow!("internal error while writing Parquet: {e}"),
    };
    let compression = ParquetCompression::Snappy;
    let mut writer = ParquetWriter::new(w)
        .with_compression(compression)
        .batched(frame.schema())
        .map_err(failed)?;
    let options = WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression: compression.into(),
        data_page_size: None,
    };
    let types = writer.parquet_schema().fields().to_vec();
    let mut encodings = get_encodings(&frame.schema().to_arrow(CompatLevel::newest())).to_vec();
    // Polars tries a dictionary without an estimate for up to 128 rows
    // (and finds one worth it when it is most of them): left to it there.
    if frame.height() > 128 {
        for &c in unique {
            if let Some(leaves) = encodings.get_mut(c) {
                leaves.fill(Encoding::Plain);
            }
        }
    }
    let chunked = polars::frame::chunk_df_for_writing(&mut frame, ROW_GROUP).map_err(failed)?;
    let groups: Vec<_> = chunked
        .iter_chunks(CompatLevel::newest(), false)
        .filter(|group| !group.is_empty())
        .collect();
    // One leaf column's pages (a flat column is one leaf), compressed.
    let encode = |array: &ArrayRef, kind: &ParquetType, encoding: &Vec<Encoding>| {
        array_to_columns(array, kind.clone(), options, encoding)?
            .into_iter()
            .map(|pages| {
                pages
                    .map(|page| Ok(compress(page?, Vec::new(), options.compression)?))
                    .collect()
            })
            .collect::<PolarsResult<Vec<Vec<CompressedPage>>>>()
    };
    // A few row groups at a time: enough tasks for every thread while
    // holding only their compressed pages.
    for window in groups.chunks(PARALLEL_GROUPS) {
        let encoded: Vec<Vec<Vec<CompressedPage>>> = window
            .par_iter()
            .map(|group| {
                let columns: Vec<Vec<Vec<CompressedPage>>> = group
                    .columns()
                    .par_iter()
                    .zip(types.par_iter().zip(encodings.par_iter()))
                    .map(|(array, (kind, encoding))| encode(array, kind, encoding))
                    .collect::<PolarsResult<_>>()?;
                Ok(columns.into_iter().flatten().collect())
            })
            .collect::<PolarsResult<_>>()
            .map_err(failed)?;
        for (group, leaves) in window.iter().zip(&encoded) {
            writer
                .write_row_group(group.len() as u64, leaves)
                .map_err(failed)?;
        }
    }
    writer.finish().map_err(failed)?;
    Ok(())
}

/// Rows per row group: polars' default.
const ROW_GROUP: usize = 512 * 512;
/// Row groups encoded at a time.
const PARALLEL_GROUPS: usize = 4;

/// [`write`] into bytes (the smaller tables of cohorts and clv).
pub fn bytes(frame: DataFrame) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    write(frame, &[], &mut out)?;
    Ok(out)
}

/// The error of a command that does not write Parquet (several tables, or
/// a layout for people).
pub fn several_tables(command: &str) -> anyhow::Result<Vec<u8>> {
    Err(usage(format!(
        "engage {command} does not write Parquet; use --format csv or json"
    )))
}

/// A report's rows (as its CSV has them: keys, then every metric) as one
/// Parquet table. A column's type follows its values (see module doc).
pub fn render(report: &Report, w: &mut dyn Write) -> anyhow::Result<()> {
    let mut columns: Vec<Column> = Vec::new();
    for (k, name) in report.key_names.iter().enumerate() {
        let cells = report.rows.iter().map(|r| r.keys.get(k).cloned().flatten());
        columns.push(StringChunked::from_iter_options(name.into(), cells).into_column());
    }
    for (k, name) in report.metric_names.iter().enumerate() {
        let cells: Vec<Value> = report
            .rows
            .iter()
            .map(|r| r.values.get(k).copied().unwrap_or(Value::Null))
            .collect();
        columns.push(value_column(name, &cells));
    }
    let frame = DataFrame::new_infer_height(columns)
        .map_err(|e| anyhow::anyhow!("internal error while writing Parquet: {e}"))?;
    write(frame, &[], w)
}

/// One column of values of one kind (`Null` cells are nulls).
pub fn value_column(name: &str, cells: &[Value]) -> Column {
    let name: PlSmallStr = name.into();
    let kind = cells.iter().find(|v| !matches!(v, Value::Null));
    match kind {
        Some(Value::Count(_)) => UInt64Chunked::from_iter_options(
            name,
            cells.iter().map(|v| match v {
                Value::Count(n) => Some(*n),
                _ => None,
            }),
        )
        .into_column(),
        Some(Value::Int(_)) => Int64Chunked::from_iter_options(
            name,
            cells.iter().map(|v| match v {
                Value::Int(n) => Some(*n),
                _ => None,
            }),
        )
        .into_column(),
        Some(Value::Flag(_)) => BooleanChunked::from_iter_options(
            name,
            cells.iter().map(|v| match v {
                Value::Flag(b) => Some(*b),
                _ => None,
            }),
        )
        .into_column(),
        _ => Float64Chunked::from_iter_options(name, cells.iter().map(Value::number)).into_column(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two row groups (polars splits 536,633 rows in two) of text, nulls, dates,
    /// integers and floats: the parallel writer's bytes are polars' own
    /// writer's, and read back as the frame written.
    #[test]
    fn parallel_write_gives_polars_bytes() {
        let n = 2 * ROW_GROUP + 12_345;
        let ids = (0..n).map(|i| format!("customer-{:08}@example.com", i * 7919 % n));
        let frame = DataFrame::new_infer_height(vec![
            StringChunked::from_iter_values("customer_id".into(), ids).into_column(),
            StringChunked::from_iter_options(
                "segment".into(),
                (0..n).map(|i| ["Lost", "Champions", "At Risk"].get(i % 4).copied()),
            )
            .into_column(),
            Int32Chunked::from_iter_values("first_order".into(), (0..n).map(|i| (i % 900) as i32))
                .into_date()
                .into_column(),
            UInt32Chunked::from_iter_values("orders".into(), (0..n).map(|i| (i % 13) as u32))
                .into_column(),
            Float64Chunked::from_iter_values("aov".into(), (0..n).map(|i| i as f64 / 7.0))
                .into_column(),
        ])
        .unwrap();
        let ours = bytes(frame.clone()).unwrap();
        // The ids (none twice) written plain at once: the same bytes, and
        // at 128 rows or fewer, where polars' dictionary is worth it.
        for rows in [n, 129, 128, 3] {
            let part = frame.head(Some(rows));
            let mut plain = Vec::new();
            write(part.clone(), &[0], &mut plain).unwrap();
            assert!(
                plain == bytes(part).unwrap(),
                "{rows} rows: plain ids changed the bytes"
            );
        }
        let mut theirs = Vec::new();
        ParquetWriter::new(&mut theirs)
            .with_compression(ParquetCompression::Snappy)
            .finish(&mut frame.clone())
            .unwrap();
        assert!(ours == theirs, "the bytes differ from polars' writer's");
        // No rows: no row group, the schema alone.
        let empty = frame.head(Some(0));
        let mut theirs = Vec::new();
        ParquetWriter::new(&mut theirs)
            .with_compression(ParquetCompression::Snappy)
            .finish(&mut empty.clone())
            .unwrap();
        assert!(bytes(empty).unwrap() == theirs);
        let back = ParquetReader::new(std::io::Cursor::new(ours))
            .finish()
            .unwrap();
        assert!(back.equals_missing(&frame));
    }
}
