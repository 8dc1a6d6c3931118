//! The `engage cohorts` report: its model (plain data, built by the
//! command) and how each format shows it. CSV and JSON are long form, one
//! row per (segment..., cohort, period index), for spreadsheets and
//! scripts; tables and Markdown the classic triangle of one metric, one
//! table per segment value, with the weighted-average row; HTML the same
//! triangle as a heatmap plus the average retention curve.

use maud::{html, Markup, PreEscaped};
use serde_json::{json, Map, Value as Json};

use super::human::{self, Grid};
use super::lang;
use super::{chart, csv, html, json as json_out, Value, SCHEMA_VERSION};
use crate::cli::Format;

/// The value columns of the long form, after `cohort`, `period_index` and
/// `period`, in order (README, `engage cohorts`).
pub const VALUE_COLUMNS: [&str; 9] = [
    "cohort_customers",
    "active_customers",
    "retention",
    "orders",
    "revenue",
    "revenue_per_customer",
    "cumulative_revenue_per_customer",
    "repeat_customers_cumulative",
    "repeat_rate_cumulative",
];

/// How a blank segment value is shown to people.
const BLANK: &str = "(blank)";

/// One cohort: its period label, size, and one entry per period index k.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRow {
    pub cohort: String,
    pub customers: u64,
    /// Per k: the calendar period's label and the `VALUE_COLUMNS` values.
    pub cells: Vec<(String, Vec<Value>)>,
}

/// The cohorts of one set of first-order segment values (all of them
/// without `--segment`), oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortGroup {
    pub segments: Vec<Option<String>>,
    pub rows: Vec<CohortRow>,
    /// Per k: the weighted average over cohorts of the shown metric.
    pub average: Vec<Value>,
    /// Per k: the weighted average retention, in percent (the HTML curve).
    pub average_retention: Vec<Option<f64>>,
}

#[derive(Debug, Clone)]
pub struct CohortReport {
    /// The cohort period (`month`).
    pub by: String,
    /// The `--segment` columns, as given.
    pub segment_names: Vec<String>,
    /// The metric the triangle shows, one of `VALUE_COLUMNS`.
    pub metric: &'static str,
    pub groups: Vec<CohortGroup>,
    pub meta: Map<String, Json>,
    pub notes: Vec<String>,
}

impl CohortReport {
    fn metric_index(&self) -> usize {
        VALUE_COLUMNS
            .iter()
            .position(|c| *c == self.metric)
            .unwrap_or(2)
    }

    /// `channel = web, country = (blank)`, or nothing without segments.
    fn group_label(&self, g: &CohortGroup) -> String {
        self.segment_names
            .iter()
            .zip(&g.segments)
            .map(|(n, v)| format!("{n} = {}", v.as_deref().unwrap_or(BLANK)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The metric shown, in the run's language (its key in English).
    fn metric_name(&self) -> &'static str {
        lang::current()
            .find(&format!("cm_{}", self.metric))
            .unwrap_or(self.metric)
    }

    /// A title of `key` (`cohorts_title`, `cohorts_section`): the metric by
    /// the cohort's unit.
    fn titled(&self, key: &'static str) -> String {
        let unit = lang::unit(&self.by);
        lang::fill(key, &[("metric", self.metric_name()), ("unit", unit)])
    }

    fn title(&self) -> String {
        self.titled("cohorts_title")
    }

    /// One titled triangle per group, for people.
    pub(super) fn triangles(&self) -> Vec<(String, Grid)> {
        let m = self.metric_index();
        self.groups
            .iter()
            .map(|g| {
                let width = g.average.len();
                let mut header = vec![
                    lang::text("cohort").to_string(),
                    lang::text("cohort_size").to_string(),
                ];
                header.extend((0..width).map(|k| lang::digits(k.to_string())));
                let mut rows: Vec<Vec<String>> = g
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row =
                            vec![r.cohort.clone(), human::cell(&Value::Count(r.customers))];
                        row.extend((0..width).map(|k| {
                            r.cells
                                .get(k)
                                .map_or(String::new(), |(_, v)| human::cell(&v[m]))
                        }));
                        row
                    })
                    .collect();
                let size: u64 = g.rows.iter().map(|r| r.customers).sum();
                let mut avg = vec![
                    lang::text("weighted_average").to_string(),
                    human::cell(&Value::Count(size)),
                ];
                avg.extend(g.average.iter().map(human::cell));
                rows.push(avg);
                let numeric = (0..header.len()).map(|i| i > 0).collect();
                let label = self.group_label(g);
                let k = lang::fill(
                    "cohort_k",
                    &[
                        ("units", lang::units(&self.by)),
                        ("unit", lang::unit(&self.by)),
                    ],
                );
                let title = match label.is_empty() {
                    true => k,
                    false => format!("{label} ({k})"),
                };
                (
                    title,
                    Grid {
                        header,
                        rows,
                        numeric,
                    },
                )
            })
            .collect()
    }
}

/// The long form as CSV: segment columns, `cohort`, `period_index`,
/// `period`, then `VALUE_COLUMNS`; full precision, text neutralised.
fn render_csv(r: &CohortReport) -> anyhow::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = r
        .segment_names
        .iter()
        .map(String::as_str)
        .chain(["cohort", "period_index", "period"])
        .chain(VALUE_COLUMNS);
    w.write_record(header.map(|h| csv::neutralise(h).into_owned()))?;
    for g in &r.groups {
        let segs: Vec<String> = g
            .segments
            .iter()
            .map(|s| csv::neutralise(s.as_deref().unwrap_or("")).into_owned())
            .collect();
        for row in &g.rows {
            for (k, (period, values)) in row.cells.iter().enumerate() {
                let keys = [row.cohort.clone(), k.to_string(), period.clone()];
                let record = segs
                    .iter()
                    .cloned()
                    .chain(keys)
                    .chain(values.iter().map(csv::cell));
                w.write_record(record)?;
            }
        }
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The long form as one Parquet table, columns as in the CSV: keys as
/// text, `period_index` as an integer, values typed by their kind.
fn render_parquet(r: &CohortReport) -> anyhow::Result<Vec<u8>> {
    use polars::prelude::{Column, DataFrame, IntoColumn, NewChunkedArray, StringChunked};
    let mut segs: Vec<Vec<Option<String>>> = vec![Vec::new(); r.segment_names.len()];
    let (mut cohort, mut index, mut period) = (Vec::new(), Vec::new(), Vec::new());
    let mut values: Vec<Vec<Value>> = vec![Vec::new(); VALUE_COLUMNS.len()];
    for g in &r.groups {
        for row in &g.rows {
            for (k, (p, vs)) in row.cells.iter().enumerate() {
                for (col, v) in segs.iter_mut().zip(&g.segments) {
                    col.push(v.clone());
                }
                cohort.push(row.cohort.clone());
                index.push(Value::Count(k as u64));
                period.push(p.clone());
                for (col, v) in values.iter_mut().zip(vs) {
                    col.push(*v);
                }
            }
        }
    }
    let text = |name: &str, cells: &[Option<String>]| -> Column {
        StringChunked::from_iter_options(name.into(), cells.iter().map(|c| c.as_deref()))
            .into_column()
    };
    let mut columns: Vec<Column> = r
        .segment_names
        .iter()
        .zip(&segs)
        .map(|(n, c)| text(n, c))
        .collect();
    columns.push(
        StringChunked::from_iter_values("cohort".into(), cohort.iter().map(String::as_str))
            .into_column(),
    );
    columns.push(super::parquet::value_column("period_index", &index));
    columns.push(
        StringChunked::from_iter_values("period".into(), period.iter().map(String::as_str))
            .into_column(),
    );
    for (name, col) in VALUE_COLUMNS.iter().zip(&values) {
        columns.push(super::parquet::value_column(name, col));
    }
    let frame = DataFrame::new_infer_height(columns)
        .map_err(|e| anyhow::anyhow!("internal error while writing Parquet: {e}"))?;
    super::parquet::bytes(frame)
}

/// The long-form rows as JSON objects keyed like the CSV columns.
fn long_rows(r: &CohortReport) -> Vec<Json> {
    let mut rows = Vec::new();
    for g in &r.groups {
        for row in &g.rows {
            for (k, (period, values)) in row.cells.iter().enumerate() {
                let mut obj = Map::new();
                for (name, v) in r.segment_names.iter().zip(&g.segments) {
                    obj.insert(name.clone(), json!(v));
                }
                obj.insert("cohort".into(), json!(row.cohort));
                obj.insert("period_index".into(), json!(k));
                obj.insert("period".into(), json!(period));
                for (name, v) in VALUE_COLUMNS.iter().zip(values) {
                    obj.insert(name.to_string(), json_out::number(v));
                }
                rows.push(Json::Object(obj));
            }
        }
    }
    rows
}

/// The long form as JSON: `schema_version`, `command`, the metadata,
/// `rows` (objects keyed like the CSV columns) and `notes`.
fn render_json(r: &CohortReport) -> anyhow::Result<Vec<u8>> {
    let mut o = Map::new();
    o.insert("schema_version".into(), json!(SCHEMA_VERSION));
    o.insert("command".into(), json!("cohorts"));
    o.extend(r.meta.clone());
    o.insert("rows".into(), Json::Array(long_rows(r)));
    o.insert("notes".into(), json!(r.notes));
    let mut out = serde_json::to_vec_pretty(&Json::Object(o))?;
    out.push(b'\n');
    Ok(out)
}

/// The report's cohort section (`engage report --cohorts`).
impl CohortReport {
    pub(super) fn section_title(&self) -> String {
        self.titled("cohorts_section")
    }

    /// The triangles titled for a section of a larger report.
    pub(super) fn section_triangles(&self) -> Vec<(String, Grid)> {
        self.triangles()
            .into_iter()
            .map(|(t, g)| (format!("{} ({t})", self.section_title()), g))
            .collect()
    }

    /// `by`, `metric` and the long-form `rows`.
    pub(super) fn section_json(&self) -> Json {
        json!({
            "by": self.by,
            "metric": self.metric,
            "rows": long_rows(self),
            "notes": self.notes,
        })
    }

    /// Every group's heatmap and average retention curve, as HTML.
    pub(super) fn heatmaps(&self) -> anyhow::Result<Markup> {
        let mut groups = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let labels: Vec<String> = (0..g.average_retention.len())
                .map(|k| k.to_string())
                .collect();
            let title = lang::fill("cohort_curve", &[("units", lang::units(&self.by))]);
            let curve = chart::trend(&title, &labels, &g.average_retention)?;
            groups.push((self.group_label(g), heatmap(self, g), curve));
        }
        Ok(html! {
            style { (PreEscaped(HEATMAP_STYLE)) } "\n"
            @for (label, heatmap, curve) in groups {
                @if !label.is_empty() { h2 { (html::bidi(&label)) } "\n" }
                (heatmap)
                @if let Some(svg) = curve { (html::figures(&[svg])) }
            }
        })
    }
}

/// A sequential blue scale (ColorBrewer "Blues" end points and middle):
/// `t` from 0 (lightest) to 1 (darkest).
fn blue(t: f64) -> (u8, u8, u8) {
    const STOPS: [(f64, f64, f64); 3] = [
        (247.0, 251.0, 255.0),
        (107.0, 174.0, 214.0),
        (8.0, 48.0, 107.0),
    ];
    let t = t.clamp(0.0, 1.0) * 2.0;
    let (a, b, f) = match t < 1.0 {
        true => (STOPS[0], STOPS[1], t),
        false => (STOPS[1], STOPS[2], t - 1.0),
    };
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Where a value falls on the colour scale, from 0 to 1. The scale spans
/// the values of period 1 and later (period 0, where retention is 100 by
/// definition, would wash the rest out); period-0 values beyond it take
/// the end colour.
struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    fn of(g: &CohortGroup, m: usize) -> Scale {
        let values = |from: usize| {
            g.rows.iter().flat_map(move |r| {
                r.cells
                    .iter()
                    .skip(from)
                    .filter_map(move |(_, v)| v[m].number())
            })
        };
        let later: Vec<f64> = values(1).collect();
        let all: Vec<f64> = if later.is_empty() {
            values(0).collect()
        } else {
            later
        };
        let lo = all.iter().copied().fold(f64::INFINITY, f64::min).min(0.0);
        let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Scale { lo, hi }
    }

    fn at(&self, x: f64) -> f64 {
        match self.hi > self.lo {
            true => (x - self.lo) / (self.hi - self.lo),
            false => 0.0,
        }
    }
}

/// Heatmap cells: compact, numbers centred, colours inline.
const HEATMAP_STYLE: &str = "table.heat td.h{text-align:center;padding:3px 4px;\
min-width:38px;font-size:12px;font-variant-numeric:tabular-nums;border:1px solid #fff}\
table.heat th{font-size:12px;padding:3px 4px}";

/// One group's triangle as an HTML table coloured by value.
fn heatmap(r: &CohortReport, g: &CohortGroup) -> Markup {
    let m = r.metric_index();
    let scale = Scale::of(g, m);
    let width = g.average.len();
    let cell = |v: &Value| {
        let colour = v.number().map(|x| {
            let t = scale.at(x);
            let (red, green, b) = blue(t);
            let ink = if t > 0.55 { "#fff" } else { "#111827" };
            format!("background:#{red:02x}{green:02x}{b:02x};color:{ink}")
        });
        html! { td.h style=[colour] { (human::cell(v)) } }
    };
    let size: u64 = g.rows.iter().map(|r| r.customers).sum();
    html! {
        div.scroll {
            table.heat {
                "\n"
                thead {
                    tr {
                        th { (lang::text("cohort")) }
                        th.n { (lang::text("cohort_size")) }
                        @for k in 0..width { th.n { (k) } }
                    }
                }
                "\n"
                tbody {
                    "\n"
                    @for row in &g.rows {
                        tr {
                            th { (html::bidi(&row.cohort)) }
                            td.n { (human::cell(&Value::Count(row.customers))) }
                            @for k in 0..width {
                                @match row.cells.get(k) {
                                    Some((_, v)) => (cell(&v[m])),
                                    None => td {},
                                }
                            }
                        }
                        "\n"
                    }
                    tr {
                        th { (lang::text("weighted_average")) }
                        td.n { (human::cell(&Value::Count(size))) }
                        @for v in &g.average { (cell(v)) }
                    }
                    "\n"
                }
            }
        }
        "\n"
    }
}

fn render_html(r: &CohortReport) -> anyhow::Result<Vec<u8>> {
    let title = r.title();
    let files = html::file_names(r.meta.get("inputs"));
    let body = html! {
        h1 { (title) } "\n"
        (html::notes(&r.notes))
        (r.heatmaps()?)
        @if let Some(files) = files { p.meta { "orders: " (files) } "\n" }
    };
    Ok(html::page(&title, body))
}

/// Renders the cohort report in `format`.
pub fn render(r: &CohortReport, format: Format, unicode: bool) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => render_csv(r),
        Format::Json => render_json(r),
        Format::Table => {
            Ok(human::titled_tables(&r.title(), r.triangles(), &r.notes, unicode).into_bytes())
        }
        Format::Markdown => {
            Ok(human::titled_markdown(&r.title(), r.triangles(), &r.notes).into_bytes())
        }
        Format::Html => render_html(r),
        Format::Parquet => render_parquet(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cohort_metric_has_words_in_every_language() {
        for lang in lang::ALL {
            for m in VALUE_COLUMNS {
                let words = lang.find(&format!("cm_{m}"));
                assert!(words.is_some_and(|w| !w.is_empty()), "{lang:?}: {m}");
            }
        }
        // English keeps the key, as before the catalogue.
        assert_eq!(lang::Lang::En.find("cm_retention"), Some("retention"));
    }

    #[test]
    fn the_colour_scale_runs_light_to_dark() {
        assert_eq!(blue(0.0), (247, 251, 255));
        assert_eq!(blue(0.5), (107, 174, 214));
        assert_eq!(blue(1.0), (8, 48, 107));
        assert_eq!(blue(7.0), (8, 48, 107));
    }
}
