//! `engage clv --customers`: one row per customer, as columns of numbers.
//! CSV and JSON carry every row at full precision (Rust's shortest
//! round-trip form); people get the first rows as a table, rounded.

use std::io::Write;

use serde_json::{json, Map, Value as Json};

use super::csv::neutralise;
use super::table::TableColumn;
use super::{human, lang, Sheet, SheetTable, Value, SCHEMA_VERSION};
use crate::cli::Format;

/// Rows shown to people; machine formats carry every row.
pub const SHOWN_ROWS: usize = 20;

/// Per-customer columns: the ids and named numeric columns of equal length.
pub struct PerCustomer<'a> {
    /// `customer_id`, ids in row order (`Cells::Ids`).
    pub ids: &'a TableColumn,
    pub rows: usize,
    /// Owned, so that Parquet takes them over without a copy.
    pub columns: Vec<(&'static str, Vec<f64>)>,
}

impl PerCustomer<'_> {
    fn header(&self) -> Vec<String> {
        std::iter::once(self.ids.name.clone())
            .chain(self.columns.iter().map(|(n, _)| n.to_string()))
            .collect()
    }

    fn id(&self, row: usize) -> &str {
        self.ids.text_of(row).unwrap_or("")
    }
}

/// A value of `column` for people, rounded as `engage customers` rounds
/// the same columns: money to cents, whole purchase counts as they are,
/// other quotients (recency, T, P(alive), expected purchases) to two
/// decimals; thousands separators, the run's digits.
fn for_people(column: &str, x: f64) -> String {
    match column {
        "frequency" => human::trimmed(x, 4),
        "monetary_value" | "expected_avg_value" | "clv" => human::cell(&Value::Money(Some(x))),
        _ => human::cell(&Value::Ratio(Some(x))),
    }
}

/// Renders the table in `format` into `w`; `meta` goes into the JSON
/// object beside the rows.
pub fn render(
    t: PerCustomer,
    format: Format,
    meta: &Map<String, Json>,
    unicode: bool,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let bytes = match format {
        Format::Parquet => {
            use polars::prelude::*;
            let internal = |e| anyhow::anyhow!("internal error while writing Parquet: {e}");
            // The ids' column is built in parallel pieces; the numbers are
            // moved in, not copied.
            let mut columns = vec![t.ids.polars().map_err(internal)?];
            for (name, c) in t.columns {
                columns.push(Float64Chunked::from_vec(name.into(), c).into_column());
            }
            let frame = DataFrame::new(t.rows, columns).map_err(internal)?;
            // The ids name one row each.
            return super::parquet::write(frame, &[0], &[], w);
        }
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(w);
            w.write_record(t.header())?;
            for i in 0..t.rows {
                let row = std::iter::once(neutralise(t.id(i)).into_owned())
                    .chain(t.columns.iter().map(|(_, c)| c[i].to_string()));
                w.write_record(row)?;
            }
            return Ok(w.flush()?);
        }
        Format::Json => {
            let rows: Vec<Json> = (0..t.rows)
                .map(|i| {
                    let mut o = Map::new();
                    o.insert(t.ids.name.clone(), json!(t.id(i)));
                    for (name, c) in &t.columns {
                        o.insert((*name).into(), json!(c[i]));
                    }
                    Json::Object(o)
                })
                .collect();
            let mut o = Map::new();
            o.insert("schema_version".into(), SCHEMA_VERSION.into());
            o.insert("command".into(), "clv".into());
            o.extend(meta.clone());
            o.insert("customers".into(), Json::Array(rows));
            let mut out = serde_json::to_vec_pretty(&Json::Object(o))?;
            out.push(b'\n');
            out
        }
        Format::Table | Format::Markdown | Format::Html => {
            let shown = t.rows.min(SHOWN_ROWS);
            let rows = (0..shown)
                .map(|i| {
                    std::iter::once(t.id(i).to_string())
                        .chain(t.columns.iter().map(|(name, c)| for_people(name, c[i])))
                        .collect()
                })
                .collect();
            let mut notes = Vec::new();
            if t.rows > shown {
                let more = (t.rows - shown).to_string();
                notes.push(lang::fill("clv_more", &[("n", &more)]));
            }
            let sheet = Sheet {
                command: "clv",
                title: lang::text("clv_per_customer").into(),
                tables: vec![SheetTable {
                    title: lang::fill(
                        "clv_shown",
                        &[("shown", &shown.to_string()), ("n", &t.rows.to_string())],
                    ),
                    header: t.header(),
                    rows,
                    numeric: std::iter::once(false)
                        .chain(t.columns.iter().map(|_| true))
                        .collect(),
                }],
                json: Map::new(),
                notes,
            };
            super::render_sheet(&sheet, format, unicode)?
        }
    };
    Ok(w.write_all(&bytes)?)
}
