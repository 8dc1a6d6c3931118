//! Every source read whole: each file's columns mapped, CSV by the chunked
//! reader and Parquet by polars, the typed frames stacked in file order.
//! (`batched` reads the same sources batch by batch.)

use std::borrow::Cow;

use anyhow::{bail, Result};
use polars::prelude::*;

use super::table::read_header;
use super::{chunks, columns, parquet, trimmed, validate, Cell, CellKind, Source, Typed};

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
                false => parquet::read(source, file, false, &typed)?,
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

/// The names of the sources, for messages about all of them.
pub fn names(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
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
            false => parquet::read(source, file, positions, typed)?,
        };
        match &mut all {
            None => all = Some(df),
            Some(all) => {
                if all.height() as u64 + df.height() as u64 > chunks::MAX_ROWS {
                    return Err(chunks::too_many_rows(&names(sources)));
                }
                stack(all, df).map_err(|e| validate::internal(&e))?;
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

/// The columns `idx` of one CSV source's header, as trimmed text, by the
/// chunked reader: for small side inputs such as a per-customer summary.
pub fn read_text(source: &Source, header: &[String], idx: &[usize]) -> Result<DataFrame> {
    let cells = idx
        .iter()
        .map(|&i| Cell {
            name: header[i].clone(),
            column: Some((i, header[i].clone())),
            kind: CellKind::Text(trimmed),
        })
        .collect();
    let typed = Typed {
        width: header.len(),
        cells,
    };
    let df = read_chunked(source, 0, false, &typed)?;
    df.select(idx.iter().map(|&i| header[i].as_str()))
        .map_err(|e| validate::internal(&e))
}

/// All typed rows of one CSV source by the chunked reader.
fn read_chunked(source: &Source, file: u32, positions: bool, typed: &Typed) -> Result<DataFrame> {
    let mut parts: Vec<DataFrame> = Vec::new();
    chunks::read(source, file, positions, typed, |part| {
        parts.push(part.frame);
        Ok(false)
    })
    .map_err(|f| chunks::error(source, f))?;
    let mut parts = parts.into_iter();
    let mut all = match parts.next() {
        Some(df) => df,
        None => chunks::empty(file, typed).map_err(|f| chunks::error(source, f))?,
    };
    for df in parts {
        stack(&mut all, df).map_err(|e| validate::internal(&e))?;
    }
    Ok(all)
}

/// `df`'s rows after `all`'s (the same columns, in the same order). A
/// column that is one value in both (the file index, a problem column
/// without a problem) stays one value: polars' `vstack` writes such a
/// column out, 4 bytes a row.
pub fn stack(all: &mut DataFrame, df: DataFrame) -> PolarsResult<()> {
    polars_ensure!(
        all.width() == df.width(),
        ShapeMismatch: "cannot stack frames of {} and {} columns", all.width(), df.width()
    );
    let height = all.height() + df.height();
    let mut columns = std::mem::take(all).into_columns();
    for (a, b) in columns.iter_mut().zip(df.into_columns()) {
        append(a, b)?;
    }
    *all = DataFrame::new(height, columns)?;
    Ok(())
}

/// `b`'s values after `a`'s; one value in both stays one value (see
/// [`stack`]).
pub fn append(a: &mut Column, b: Column) -> PolarsResult<()> {
    polars_ensure!(
        a.name() == b.name(),
        ShapeMismatch: "cannot append column '{}' to '{}'", b.name(), a.name()
    );
    if a.is_empty() && a.dtype() == b.dtype() {
        *a = b;
        return Ok(());
    }
    if let (Some(x), Some(y)) = (a.as_scalar_column(), b.as_scalar_column()) {
        if x.scalar() == y.scalar() {
            let joined = Column::Scalar(x.resize(a.len() + b.len()));
            *a = joined;
            return Ok(());
        }
    }
    a.append_owned(b)?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::stack;
    use polars::prelude::*;

    fn frame(file: u32, values: &[i64]) -> DataFrame {
        let n = values.len();
        DataFrame::new(
            n,
            vec![
                Column::new_scalar("f".into(), Scalar::from(file), n),
                Int64Chunked::from_slice("v".into(), values).into_column(),
            ],
        )
        .unwrap()
    }

    /// One value on both sides stays one value; anything else is written
    /// out, values in order (an empty frame first included).
    #[test]
    fn stacking_keeps_a_one_value_column_one_value() {
        let mut all = frame(0, &[]);
        for part in [frame(0, &[1, 2]), frame(0, &[3])] {
            stack(&mut all, part).unwrap();
        }
        assert_eq!(all.height(), 3);
        let v: Vec<_> = all.column("v").unwrap().i64().unwrap().iter().collect();
        assert_eq!(v, [Some(1), Some(2), Some(3)]);
        let f = all.column("f").unwrap();
        assert_eq!(f.len(), 3);
        stack(&mut all, frame(0, &[4])).unwrap();
        assert!(all.column("f").unwrap().as_scalar_column().is_some());
        stack(&mut all, frame(1, &[5])).unwrap();
        let f: Vec<_> = all.column("f").unwrap().u32().unwrap().iter().collect();
        assert_eq!(f, [Some(0), Some(0), Some(0), Some(0), Some(1)]);
    }
}
