//! Parquet: one table per file, typed columns. Key and text columns are
//! strings, counts unsigned integers, money (exact cents in the other
//! formats) and every quotient `f64`, flags booleans, days `Date`.

use std::io::Write;

use polars::prelude::*;

use super::{Report, Value};
use crate::config::usage;

/// A frame, with the `coded` columns put in at their positions (given in
/// increasing position, each counted with the ones before it in), as
/// Parquet into `w`, Snappy-compressed: zstd (polars' default) took a
/// tenth of a 10M-order `engage customers` run in perf. The columns at
/// the positions in `unique` hold no value twice (customer ids): above
/// 128 rows they are written plain at once, where polars first estimates
/// their distinct values (a HyperLogLog pass, 7% of the write's CPU for
/// the ids of 10M orders) to find a dictionary not worth it, and writes
/// them plain then; float columns too (see below). The bytes are the same
/// (the test below checks, on both sides of 128 rows).
///
/// The bytes are those of polars' `ParquetWriter::finish` (same row
/// groups, encodings, statistics and codec), but every column chunk of a
/// window of row groups is encoded and compressed in parallel, while the
/// window before is written: polars encodes only dictionaries in parallel
/// and the plain pages and their compression lazily, one after another,
/// as the file is written.
pub fn write(
    mut frame: DataFrame,
    unique: &[usize],
    coded: &[Coded],
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    use polars::io::parquet::write::{get_encodings, StatisticsOptions};
    use polars_parquet::write::{
        array_to_columns, compress, CompressedPage, Encoding, ParquetType, Version, WriteOptions,
    };
    use rayon::prelude::*;
    // A row group's arrays and rows; a window's pages (per row group, per
    // leaf column).
    type Group = (Vec<ArrayRef>, usize);
    type Pages = Vec<Vec<Vec<CompressedPage>>>;

    let failed = |e: PolarsError| match e {
        PolarsError::IO { error, .. } => anyhow::anyhow!("{error}"),
        e => anyhow::anyhow!("internal error while writing Parquet: {e}"),
    };
    if coded.iter().any(|c| c.codes.len() != frame.height())
        || frame.width() == 0 && !coded.is_empty()
    {
        anyhow::bail!("internal error while writing Parquet: coded columns unlike the frame");
    }
    let compression = ParquetCompression::Snappy;
    let mut schema = frame.schema().as_ref().clone();
    for c in coded {
        schema
            .insert_at_index(c.at, c.name.into(), DataType::String)
            .map_err(failed)?;
    }
    let mut writer = ParquetWriter::new(w)
        .with_compression(compression)
        .batched(&schema)
        .map_err(failed)?;
    let options = WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression: compression.into(),
        data_page_size: None,
    };
    let types = writer.parquet_schema().fields().to_vec();
    let mut encodings = get_encodings(&schema.to_arrow(CompatLevel::newest())).to_vec();
    // Polars asks for a dictionary of every number column, floats too; for
    // floats it estimates the distinct values and then finds it cannot
    // make one (its dictionary cast takes no floats) and writes them
    // plain: plain at once, the same bytes without the estimate.
    for (leaves, dtype) in encodings.iter_mut().zip(schema.iter_values()) {
        if dtype.is_float() {
            leaves.fill(Encoding::Plain);
        }
    }
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
    // Each row group's arrays, the coded columns' among them, and its rows.
    let mut start = 0;
    let groups: Vec<Group> = chunked
        .iter_chunks(CompatLevel::newest(), false)
        .filter(|group| !group.is_empty())
        .map(|group| {
            let rows = start..start + group.len();
            start = rows.end;
            let mut arrays = group.into_arrays();
            for c in coded {
                arrays.insert(c.at, c.array(rows.clone())?);
            }
            Ok((arrays, rows.len()))
        })
        .collect::<PolarsResult<_>>()
        .map_err(failed)?;
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
    // holding only their compressed pages. Each window is written while
    // the next is encoded.
    let encode_window = |window: &[Group]| -> PolarsResult<Pages> {
        window
            .par_iter()
            .map(|(arrays, _)| {
                let columns: Vec<Vec<Vec<CompressedPage>>> = arrays
                    .par_iter()
                    .zip(types.par_iter().zip(encodings.par_iter()))
                    .map(|(array, (kind, encoding))| encode(array, kind, encoding))
                    .collect::<PolarsResult<_>>()?;
                Ok(columns.into_iter().flatten().collect())
            })
            .collect()
    };
    let mut write = |window: &[Group], encoded: &Pages| {
        for ((_, rows), leaves) in window.iter().zip(encoded) {
            writer.write_row_group(*rows as u64, leaves)?;
        }
        PolarsResult::Ok(())
    };
    let mut pending: Option<(&[Group], Pages)> = None;
    for window in groups.chunks(PARALLEL_GROUPS) {
        let mut encoded = None;
        let written = rayon::in_place_scope(|s| {
            s.spawn(|_| encoded = Some(encode_window(window)));
            match pending.take() {
                Some((before, pages)) => write(before, &pages),
                None => Ok(()),
            }
        });
        written.map_err(failed)?;
        let encoded = encoded
            .ok_or_else(|| {
                anyhow::anyhow!("internal error while writing Parquet: a row group was not encoded")
            })?
            .map_err(failed)?;
        pending = Some((window, encoded));
    }
    if let Some((window, pages)) = pending {
        write(window, &pages).map_err(failed)?;
    }
    writer.finish().map_err(failed)?;
    Ok(())
}

/// A text column through a dictionary, kept out of the frame given to
/// [`write`] and written as its `at`-th column: `values[code]`, `None` (or
/// a code past the values) a null. Polars would make a dictionary of it
/// again, per row group, after estimating its distinct values; each row
/// group's dictionary is made here from the codes instead (a tenth of
/// `engage customers`' Parquet CPU at 10M orders), the values in the
/// order they first appear, as polars orders them.
pub struct Coded<'a> {
    pub at: usize,
    pub name: &'a str,
    pub values: &'a [String],
    pub codes: &'a [Option<u32>],
}

impl Coded<'_> {
    /// Rows `rows` as the array polars' writer would encode: a dictionary,
    /// or the text where polars would find a dictionary not worth it.
    fn array(&self, rows: std::ops::Range<usize>) -> PolarsResult<ArrayRef> {
        use polars_arrow::array::{
            DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray,
        };
        use polars_arrow::datatypes::IntegerType;
        let codes = &self.codes[rows];
        let value = |code: &Option<u32>| code.and_then(|c| self.values.get(c as usize));
        let mut local = vec![u32::MAX; self.values.len()];
        let mut used: Vec<&str> = Vec::new();
        let keys: Vec<Option<u32>> = codes
            .iter()
            .map(|code| {
                let c = code.filter(|&c| (c as usize) < self.values.len())? as usize;
                if local[c] == u32::MAX {
                    local[c] = used.len() as u32;
                    used.push(&self.values[c]);
                }
                Some(local[c])
            })
            .collect();
        // Above 128 rows polars writes text plain when its estimate finds
        // more than 3 distinct values in 4 rows: left to it near there (its
        // estimate is exact for a few distinct values, far below).
        if codes.len() > 128 && 4 * used.len() > codes.len() {
            let text: MutableBinaryViewArray<str> = codes.iter().map(value).collect();
            return Ok(Utf8ViewArray::from(text).boxed());
        }
        let dtype = ArrowDataType::Dictionary(
            IntegerType::UInt32,
            Box::new(ArrowDataType::Utf8View),
            false,
        );
        let keys = PrimitiveArray::<u32>::from(keys);
        let values = Utf8ViewArray::from_slice_values(used).boxed();
        Ok(DictionaryArray::try_new(dtype, keys, values)?.boxed())
    }
}

/// Rows per row group: polars' default.
const ROW_GROUP: usize = 512 * 512;
/// Row groups encoded at a time (one in tests, so that their few row
/// groups make several windows, each written while the next is encoded).
const PARALLEL_GROUPS: usize = if cfg!(test) { 1 } else { 4 };

/// [`write`] into bytes (the smaller tables of cohorts and clv).
pub fn bytes(frame: DataFrame) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    write(frame, &[], &[], &mut out)?;
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
    write(frame, &[], &[], w)
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

    /// Two row groups (polars splits 536,633 rows in two) of ids, coded
    /// text, dates, integers and floats: the parallel writer's bytes are
    /// polars' own writer's, given the coded columns as text, and read
    /// back as that frame. Also at 129, 128, 3 and no rows, where polars'
    /// choice between a dictionary and plain text changes.
    #[test]
    fn parallel_write_gives_polars_bytes() {
        let n = 2 * ROW_GROUP + 12_345;
        let ids = (0..n).map(|i| format!("customer-{:08}@example.com", i * 7919 % n));
        let frame = DataFrame::new_infer_height(vec![
            StringChunked::from_iter_values("customer_id".into(), ids).into_column(),
            Int32Chunked::from_iter_values("first_order".into(), (0..n).map(|i| (i % 900) as i32))
                .into_date()
                .into_column(),
            UInt32Chunked::from_iter_values("orders".into(), (0..n).map(|i| (i % 13) as u32))
                .into_column(),
            Float64Chunked::from_iter_values("aov".into(), (0..n).map(|i| i as f64 / 7.0))
                .into_column(),
            // Few distinct floats: polars still writes them plain.
            Float64Chunked::from_iter_options(
                "frequency".into(),
                (0..n).map(|i| (i % 7 != 0).then_some((i % 13) as f64)),
            )
            .into_column(),
        ])
        .unwrap();
        // A few values, not in the order they first appear, with blanks
        // and a code past the values (blank too).
        let names: Vec<String> = ["Lost", "Champions", "At Risk"].map(String::from).into();
        let segment: Vec<Option<u32>> = (0..n)
            .map(|i| match (i * 7 + 2) % 5 {
                3 => None,
                4 => Some(9),
                k => Some(k as u32),
            })
            .collect();
        // A value a row: no dictionary above 128 rows.
        let wide_values: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
        let wide: Vec<Option<u32>> = (0..n).map(|i| Some((i * 31 % n) as u32)).collect();
        let text = |name: &str, values: &[String], codes: &[Option<u32>]| {
            let cells = codes.iter().map(|c| c.and_then(|c| values.get(c as usize)));
            StringChunked::from_iter_options(name.into(), cells.map(|v| v.map(String::as_str)))
                .into_column()
        };
        let mut full = frame.clone();
        full.insert_column(1, text("segment", &names, &segment))
            .unwrap();
        full.insert_column(4, text("wide", &wide_values, &wide))
            .unwrap();
        for rows in [n, 129, 128, 3, 0] {
            let coded = [
                Coded {
                    at: 1,
                    name: "segment",
                    values: &names,
                    codes: &segment[..rows],
                },
                Coded {
                    at: 4,
                    name: "wide",
                    values: &wide_values,
                    codes: &wide[..rows],
                },
            ];
            let mut ours = Vec::new();
            write(frame.head(Some(rows)), &[0], &coded, &mut ours).unwrap();
            let mut theirs = Vec::new();
            ParquetWriter::new(&mut theirs)
                .with_compression(ParquetCompression::Snappy)
                .finish(&mut full.head(Some(rows)))
                .unwrap();
            assert!(
                ours == theirs,
                "{rows} rows: the bytes differ from polars' writer's"
            );
            assert!(bytes(full.head(Some(rows))).unwrap() == theirs);
            if rows == n {
                let back = ParquetReader::new(std::io::Cursor::new(ours))
                    .finish()
                    .unwrap();
                assert!(back.equals_missing(&full));
            }
        }
    }
}
