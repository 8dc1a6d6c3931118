//! `engage survey --orders`: feedback by customer value as several small
//! tables (the match rate, NPS and CSAT per customer group, behaviour per
//! feedback group, the differences). CSV is one long table (`section`,
//! `group`, `metric`, `value`) that a spreadsheet pivots; JSON one object
//! with an array per table; Parquet the long table; people get titled
//! tables, and HTML a bar chart of NPS by group with its margins.

use serde_json::{json, Map, Value as Json};

use super::csv::{cell as csv_cell, neutralise};
use super::human::cell as human_cell;
use super::json::number;
use super::{chart, html, labels, Sheet, SheetTable, Value, SCHEMA_VERSION};
use crate::cli::Format;

/// One table of the report.
#[derive(Debug, Clone)]
pub struct FeedbackTable {
    /// Its name in CSV (`section`) and JSON (key).
    pub name: &'static str,
    /// Its heading for people.
    pub title: String,
    /// Key column names (`group`; the differences: `comparison`, `metric`).
    pub keys: Vec<&'static str>,
    pub metrics: Vec<&'static str>,
    pub rows: Vec<(Vec<String>, Vec<Value>)>,
    /// The columns people see (tables, Markdown, HTML); the machine
    /// formats carry every one.
    pub shown: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct FeedbackReport {
    pub title: String,
    pub tables: Vec<FeedbackTable>,
    /// Inputs, columns, filters...: JSON metadata.
    pub meta: Map<String, Json>,
    pub notes: Vec<String>,
    /// NPS and its margin per customer group, for the HTML chart.
    pub nps_by_group: Vec<(String, f64, f64)>,
    /// "Promoters spent X vs detractors Y in the 90 days after
    /// answering", when that difference is significant (also in `notes`).
    pub sentence: Option<String>,
}

/// One row of the long form: section, group, metric, value.
type Long = (&'static str, String, String, Value);

/// The long form's rows. With two keys (the differences) the second names
/// the metric: `aov` and column `low` give metric `aov_low`.
fn long_rows(r: &FeedbackReport) -> Vec<Long> {
    let mut out = Vec::new();
    for t in &r.tables {
        for (keys, values) in &t.rows {
            let group = keys.first().cloned().unwrap_or_default();
            for (m, v) in t.metrics.iter().zip(values) {
                let metric = match keys.get(1) {
                    Some(k) => format!("{k}_{m}"),
                    None => m.to_string(),
                };
                out.push((t.name, group.clone(), metric, *v));
            }
        }
    }
    out
}

/// The report as JSON members: its metadata, one array of row objects per
/// table (full precision), and the notes.
pub fn json_object(r: &FeedbackReport) -> Map<String, Json> {
    let mut o = r.meta.clone();
    for t in &r.tables {
        let rows: Vec<Json> = t
            .rows
            .iter()
            .map(|(keys, values)| {
                let mut row = Map::new();
                for (k, v) in t.keys.iter().zip(keys) {
                    row.insert(k.to_string(), json!(v));
                }
                for (m, v) in t.metrics.iter().zip(values) {
                    row.insert(m.to_string(), number(v));
                }
                Json::Object(row)
            })
            .collect();
        o.insert(t.name.into(), Json::Array(rows));
    }
    o.insert("notes".into(), json!(r.notes));
    o
}

/// The HTML chart of NPS by customer group, in a `charts` block.
pub fn figures(r: &FeedbackReport) -> anyhow::Result<maud::Markup> {
    if r.nps_by_group.is_empty() {
        return Ok(maud::html! {});
    }
    let groups: Vec<(String, f64, f64)> = r
        .nps_by_group
        .iter()
        .map(|(name, nps, margin)| (labels::value(name), *nps, *margin))
        .collect();
    let svg = chart::nps_by_group(super::lang::text("fb_chart"), &groups)?;
    Ok(html::figures(&[svg]))
}

/// The tables for people, titled as a section of `engage report`.
pub(super) fn grids(r: &FeedbackReport) -> Vec<(String, super::human::Grid)> {
    super::human::sheet_grids(&sheet(r))
        .into_iter()
        .map(|(title, g)| (super::lang::fill("fb_section", &[("title", &title)]), g))
        .collect()
}

fn sheet(r: &FeedbackReport) -> Sheet {
    let tables: Vec<SheetTable> = r
        .tables
        .iter()
        .map(|t| {
            let shown: Vec<usize> = t
                .shown
                .iter()
                .filter_map(|s| t.metrics.iter().position(|m| m == s))
                .collect();
            SheetTable {
                title: t.title.clone(),
                // People read labels (the short ones: these tables are
                // wide), also for a metric named in a cell.
                header: t
                    .keys
                    .iter()
                    .copied()
                    .chain(shown.iter().map(|&i| t.metrics[i]))
                    .map(|k| labels::short(k).to_string())
                    .collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|(keys, values)| {
                        keys.iter()
                            .zip(&t.keys)
                            .map(|(cell, &key)| match key {
                                "metric" => labels::name(cell).to_string(),
                                _ => labels::value(cell),
                            })
                            .chain(shown.iter().map(|&i| human_cell(&values[i])))
                            .collect()
                    })
                    .collect(),
                // The groups' names, then numbers (right-aligned) but for
                // a yes/no column.
                numeric: t
                    .keys
                    .iter()
                    .map(|_| false)
                    .chain(shown.iter().map(|&i| {
                        t.rows
                            .iter()
                            .all(|(_, values)| !matches!(values[i], Value::Flag(_)))
                    }))
                    .collect(),
            }
        })
        .collect();
    let mut notes = r.notes.clone();
    let dashes = tables
        .iter()
        .any(|t| t.rows.iter().flatten().any(|c| c == "-"));
    if dashes {
        notes.push(super::lang::text("dash").into());
    }
    Sheet {
        command: "survey",
        title: r.title.clone(),
        tables,
        json: Map::new(),
        notes,
    }
}

pub fn render(r: &FeedbackReport, format: Format, unicode: bool) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(Vec::new());
            w.write_record(["section", "group", "metric", "value"])?;
            for (section, group, metric, v) in long_rows(r) {
                w.write_record([
                    section.to_string(),
                    neutralise(&group).into_owned(),
                    metric,
                    csv_cell(&v),
                ])?;
            }
            w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
        }
        Format::Json => {
            let mut o = Map::new();
            o.insert("schema_version".into(), SCHEMA_VERSION.into());
            o.insert("command".into(), "survey".into());
            o.extend(json_object(r));
            let mut out = serde_json::to_vec_pretty(&Json::Object(o))?;
            out.push(b'\n');
            Ok(out)
        }
        Format::Parquet => {
            use polars::prelude::*;
            let rows = long_rows(r);
            let text = |name: &str, f: &dyn Fn(&Long) -> String| {
                StringChunked::from_iter_values(name.into(), rows.iter().map(f)).into_column()
            };
            let value = Float64Chunked::from_iter_options(
                "value".into(),
                rows.iter().map(|(.., v)| match v {
                    Value::Flag(b) => Some(f64::from(u8::from(*b))),
                    v => v.number(),
                }),
            )
            .into_column();
            let frame = DataFrame::new_infer_height(vec![
                text("section", &|x| x.0.to_string()),
                text("group", &|x| x.1.clone()),
                text("metric", &|x| x.2.clone()),
                value,
            ])
            .map_err(|e| anyhow::anyhow!("internal error while writing Parquet: {e}"))?;
            let mut out = Vec::new();
            super::parquet::write(frame, &[], &[], &mut out)?;
            Ok(out)
        }
        Format::Html => html::render_sheet_with(&sheet(r), figures(r)?),
        Format::Table | Format::Markdown => super::render_sheet(&sheet(r), format, unicode),
    }
}
