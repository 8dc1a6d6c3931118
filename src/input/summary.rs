//! A per-customer summary read for `engage clv --summary`: one row per
//! customer with `customer_id`, `frequency`, `recency`, `T` and optionally
//! `monetary_value` (lifetimes' definitions), as `engage customers` or a
//! warehouse query writes it, from CSV or Parquet. Every value is checked
//! here (a number, finite, not negative, recency <= T, ids unique), and a
//! bad one is an error naming its file and line (CSV) or row (Parquet).

use anyhow::{bail, Result};
use polars::prelude::*;

use super::columns::{find_named, list};
use super::parquet::{polars_error, scan as scan_parquet};
use super::read::read_text;
use super::{locate, read_header, Source};

/// The columns, in the order of [`Summary`]'s fields; `monetary_value` may
/// be missing.
pub const COLUMNS: [&str; 5] = ["customer_id", "frequency", "recency", "T", "monetary_value"];

/// The customers of a summary, sorted by id (byte order).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub ids: Vec<String>,
    pub frequency: Vec<f64>,
    pub recency: Vec<f64>,
    pub t: Vec<f64>,
    /// `None` when the files have no `monetary_value` column.
    pub monetary: Option<Vec<f64>>,
}

/// One source's rows: ids and the four value columns (the last empty
/// without `monetary_value`), with each row's position for messages.
struct Part {
    ids: Vec<String>,
    values: [Vec<f64>; 4],
}

/// Reads and checks every source; all must have `monetary_value` or none.
pub fn load(sources: &[Source]) -> Result<Summary> {
    let mut rows: Vec<(String, [f64; 4], usize, u64)> = Vec::new();
    let mut with_monetary = None;
    for (i, source) in sources.iter().enumerate() {
        let header = read_header(source)?;
        let mut idx = Vec::with_capacity(5);
        for name in &COLUMNS[..4] {
            match find_named(&header, name) {
                Some(c) => idx.push(c),
                None => bail!(
                    "{}: no {name} column (found: {}); a summary has customer_id, frequency, recency, T and optionally monetary_value, as `engage customers` writes them",
                    source.name,
                    list(&header)
                ),
            }
        }
        let monetary = find_named(&header, COLUMNS[4]);
        if *with_monetary.get_or_insert(monetary.is_some()) != monetary.is_some() {
            bail!(
                "{}: {} a monetary_value column but {} {}; give files with the same columns",
                source.name,
                if monetary.is_some() { "has" } else { "has no" },
                sources[0].name,
                if monetary.is_some() { "has not" } else { "has" },
            );
        }
        idx.extend(monetary);
        let part = read_part(source, &header, &idx)?;
        for (r, id) in part.ids.into_iter().enumerate() {
            let v = [0, 1, 2, 3].map(|k| part.values[k].get(r).copied().unwrap_or(0.0));
            rows.push((id, v, i, r as u64));
        }
    }
    rows.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        let at = |(_, _, i, r): &(String, [f64; 4], usize, u64)| locate(&sources[*i], *r, 0).0;
        bail!(
            "customer {} appears twice ({} and {}); a summary has one row per customer",
            w[0].0,
            at(&w[0]),
            at(&w[1])
        );
    }
    let column = |k: usize| rows.iter().map(|r| r.1[k]).collect::<Vec<f64>>();
    Ok(Summary {
        frequency: column(0),
        recency: column(1),
        t: column(2),
        monetary: with_monetary.unwrap_or(false).then(|| column(3)),
        ids: rows.into_iter().map(|r| r.0).collect(),
    })
}

/// The columns `idx` (header positions: id, frequency, recency, T[,
/// monetary_value]) of one source, typed and checked.
fn read_part(source: &Source, header: &[String], idx: &[usize]) -> Result<Part> {
    let names: Vec<&str> = idx.iter().map(|&i| header[i].as_str()).collect();
    let (df, parquet) = if source.format == super::sources::InputFormat::Parquet {
        let exprs: Vec<Expr> = names
            .iter()
            .enumerate()
            .map(|(k, n)| {
                let dtype = if k == 0 {
                    DataType::String
                } else {
                    DataType::Float64
                };
                col(*n).cast(dtype)
            })
            .collect();
        (scan_parquet(source)?.select(exprs), true)
    } else {
        (read_text(source, header, idx)?.lazy(), false)
    };
    let df = df.collect().map_err(|e| polars_error(&source.name, &e))?;
    let text = |k: usize| -> Result<StringChunked> {
        Ok(df.select_at_idx(k).map_or_else(
            || StringChunked::full_null("".into(), df.height()),
            |c| {
                c.str()
                    .cloned()
                    .unwrap_or_else(|_| StringChunked::full_null("".into(), df.height()))
            },
        ))
    };
    let ids: Vec<String> = text(0)?
        .iter()
        .enumerate()
        .map(|(r, v)| match v.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => Ok(v.to_string()),
            None => bail!("{}: blank customer_id", locate(source, r as u64, idx[0]).0),
        })
        .collect::<Result<_>>()?;
    let mut values: [Vec<f64>; 4] = Default::default();
    for k in 1..idx.len() {
        let what = COLUMNS[k];
        let parsed: Vec<Option<f64>> = if parquet {
            let c = df
                .select_at_idx(k)
                .and_then(|c| c.f64().ok().cloned())
                .unwrap_or_else(|| Float64Chunked::full_null("".into(), df.height()));
            c.iter().collect()
        } else {
            text(k)?
                .iter()
                .map(|v| v.and_then(|v| v.trim().parse::<f64>().ok()))
                .collect()
        };
        values[k - 1] = parsed
            .iter()
            .enumerate()
            .map(|(r, v)| match v {
                Some(v) if v.is_finite() && (*v >= 0.0 || what == "monetary_value") => Ok(*v),
                _ => {
                    let (at, raw) = locate(source, r as u64, idx[k]);
                    bail!("{at}: {what} '{raw}' is not a number >= 0; fix the row or export the summary again")
                }
            })
            .collect::<Result<_>>()?;
        if what == "T" {
            let bad = values[1].iter().zip(&values[2]).position(|(tx, t)| tx > t);
            if let Some(r) = bad {
                let at = locate(source, r as u64, idx[k]).0;
                bail!(
                    "{at}: recency {} is greater than T {}; recency (first to last purchase) cannot exceed T (first purchase to the end of the data)",
                    values[1][r],
                    values[2][r]
                );
            }
        }
    }
    Ok(Part { ids, values })
}
