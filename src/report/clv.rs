//! `engage clv --customers`: one row per customer, as columns of numbers.
//! CSV and JSON carry every row at full precision (Rust's shortest
//! round-trip form); people get the first rows as a table, rounded.

use serde_json::{json, Map, Value as Json};

use super::csv::neutralise;
use super::{human, lang, Sheet, SheetTable, Value, SCHEMA_VERSION};
use crate::cli::Format;

/// Rows shown to people; machine formats carry every row.
pub const SHOWN_ROWS: usize = 20;

/// Per-customer columns: the ids and named numeric columns of equal length.
pub struct PerCustomer<'a> {
    pub ids: &'a [String],
    pub columns: Vec<(&'static str, &'a [f64])>,
}

impl PerCustomer<'_> {
    fn header(&self) -> Vec<String> {
        std::iter::once("customer_id".to_string())
            .chain(self.columns.iter().map(|(n, _)| n.to_string()))
            .collect()
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

/// Renders the table in `format`; `meta` goes into the JSON object beside
/// the rows.
pub fn render(
    t: &PerCustomer,
    format: Format,
    meta: &Map<String, Json>,
    unicode: bool,
) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Parquet => {
            use polars::prelude::*;
            let mut columns = vec![StringChunked::from_iter_values(
                "customer_id".into(),
                t.ids.iter().map(String::as_str),
            )
            .into_column()];
            for (name, c) in &t.columns {
                columns.push(Float64Chunked::from_slice((*name).into(), c).into_column());
            }
            let frame = DataFrame::new(t.ids.len(), columns)
                .map_err(|e| anyhow::anyhow!("internal error while writing Parquet: {e}"))?;
            super::parquet::bytes(frame)
        }
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(Vec::new());
            w.write_record(t.header())?;
            for (i, id) in t.ids.iter().enumerate() {
                let row = std::iter::once(neutralise(id).into_owned())
                    .chain(t.columns.iter().map(|(_, c)| c[i].to_string()));
                w.write_record(row)?;
            }
            w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
        }
        Format::Json => {
            let rows: Vec<Json> = t
                .ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    let mut o = Map::new();
                    o.insert("customer_id".into(), json!(id));
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
            Ok(out)
        }
        Format::Table | Format::Markdown | Format::Html => {
            let shown = t.ids.len().min(SHOWN_ROWS);
            let rows = (0..shown)
                .map(|i| {
                    std::iter::once(t.ids[i].clone())
                        .chain(t.columns.iter().map(|(name, c)| for_people(name, c[i])))
                        .collect()
                })
                .collect();
            let mut notes = Vec::new();
            if t.ids.len() > shown {
                let more = (t.ids.len() - shown).to_string();
                notes.push(lang::fill("clv_more", &[("n", &more)]));
            }
            let sheet = Sheet {
                command: "clv",
                title: lang::text("clv_per_customer").into(),
                tables: vec![SheetTable {
                    title: lang::fill(
                        "clv_shown",
                        &[
                            ("shown", &shown.to_string()),
                            ("n", &t.ids.len().to_string()),
                        ],
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
            super::render_sheet(&sheet, format, unicode)
        }
    }
}
