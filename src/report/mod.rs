//! The report model (plain data, built by the commands) and its renderers,
//! one per format. Renderers return bytes; `output` is the only place that
//! writes them.

pub mod cards;
pub mod chart;
pub mod clv;
pub mod cohorts;
pub mod csv;
pub mod document;
pub mod feedback;
pub mod html;
pub mod human;
pub mod json;
pub mod labels;
pub mod lang;
pub mod layout;
pub mod output;
pub mod parquet;
pub mod spreadsheet;
pub mod table;

use std::io::Write;

use crate::cli::Format;

/// Bumped whenever a JSON key changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// One metric value. The variant decides how each format shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// An exact count.
    Count(u64),
    /// An exact money sum, in cents.
    Cents(i64),
    /// A money value that is a quotient (AOV): full precision in CSV/JSON,
    /// two decimals for people.
    Money(Option<f64>),
    /// A percentage from 0 to 100: full precision in CSV/JSON, one decimal
    /// and `%` for people.
    Percent(Option<f64>),
    /// A plain quotient (purchase frequency): two decimals for people.
    Ratio(Option<f64>),
    /// Points on a score (NPS from -100 to 100, its margin): full precision
    /// in CSV/JSON, one decimal for people.
    Points(Option<f64>),
    /// A yes/no flag (`low_sample`): true/false in CSV and JSON.
    Flag(bool),
    /// A signed exact difference of counts (`delta_orders`).
    Int(i64),
    /// No value: a metric of a kind of file this row has no column for
    /// (a survey metric in a segment only the order files have).
    Null,
}

impl Value {
    /// The quotient of a `Money`/`Percent`/`Ratio`/`Points` value as CSV and
    /// JSON write it: a zero is `0` whatever its IEEE sign (0 / -3.00 is
    /// -0.0, which would print as `-0`).
    pub fn quotient(x: Option<f64>) -> Option<f64> {
        x.map(|x| x + 0.0)
    }

    /// The value as a number, in the unit the output shows (currency, not
    /// cents); `None` for undefined values and flags.
    pub fn number(&self) -> Option<f64> {
        match *self {
            Value::Count(n) => Some(n as f64),
            Value::Int(n) => Some(n as f64),
            Value::Cents(c) => Some(c as f64 / 100.0),
            Value::Money(x) | Value::Percent(x) | Value::Ratio(x) | Value::Points(x) => x,
            Value::Flag(_) | Value::Null => None,
        }
    }

    /// `self - prev`, typed for display: counts give a signed count, cents
    /// stay exact, a percentage gives percentage points; a quotient's is
    /// free of float noise (`metrics::compare::difference`). `Null` for
    /// flags.
    pub fn delta(&self, prev: &Value) -> Value {
        use crate::metrics::compare::difference;
        let sub = |a: &Option<f64>, b: &Option<f64>| a.zip(*b).map(|(a, b)| difference(a, b));
        match (self, prev) {
            (Value::Count(a), Value::Count(b)) => Value::Int((*a as i64).saturating_sub(*b as i64)),
            (Value::Cents(a), Value::Cents(b)) => Value::Cents(a.saturating_sub(*b)),
            (Value::Money(a), Value::Money(b)) => Value::Money(sub(a, b)),
            (Value::Ratio(a), Value::Ratio(b)) => Value::Ratio(sub(a, b)),
            (Value::Percent(a) | Value::Points(a), Value::Percent(b) | Value::Points(b)) => {
                Value::Points(sub(a, b))
            }
            _ => Value::Null,
        }
    }
}

/// One row of the report: its key cells (period label, segment values) and
/// one value per metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub keys: Vec<Option<String>>,
    pub values: Vec<Value>,
    /// Further JSON-only fields of the row (answer distributions).
    pub extra: Vec<(String, serde_json::Value)>,
}

/// A small table for people, shown under the main one (the NPS answer
/// distribution); machine formats carry the same data in the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// The command that made it (`orders`).
    pub command: &'static str,
    /// Key column names, in order: `period` (with `--by`), then segments.
    pub key_names: Vec<String>,
    /// Metric keys, in order, as METRICS.md names them (`orders`), or in
    /// the wide layout a metric and a segment value (`orders:web`).
    pub metric_names: Vec<std::borrow::Cow<'static, str>>,
    pub rows: Vec<Row>,
    /// The whole filtered range, when rows are split by period or segment.
    pub total: Option<Row>,
    /// Inputs, filters, skipped rows...: JSON metadata, also summarised
    /// on stderr by the command.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// Lines shown under tables and Markdown (e.g. low-sample warnings).
    pub notes: Vec<String>,
    pub appendix: Vec<Appendix>,
}

/// Which part of a report document a table is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// One row: the headline period.
    Headline,
    /// One row per period.
    Periods,
    /// One row per value of this segment column, over the headline period.
    Segment(String),
}

/// One row of a document table.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    /// The period's label (`2024-W12`, or `2024-01-01/2024-03-31` for a
    /// range), and the days it covers (YYYY-MM-DD, inclusive; empty when the
    /// data has no dates).
    pub period: String,
    pub from: String,
    pub to: String,
    /// The segment value, in a segment table (`None`: blank).
    pub segment: Option<String>,
    /// One value per `Document::columns`.
    pub values: Vec<Value>,
    /// Further JSON-only fields (answer distributions).
    pub extra: Vec<(String, serde_json::Value)>,
}

#[derive(Debug, Clone)]
pub struct DocTable {
    pub section: Section,
    /// A heading for people (`Per week`, `By channel, 2024-W12`).
    pub title: String,
    pub rows: Vec<DocRow>,
}

/// A report of several tables sharing one set of value columns: the
/// `engage report` headline, its per-period and per-segment tables.
#[derive(Debug, Clone)]
pub struct Document {
    /// A heading for people.
    pub title: String,
    /// `--title`: a heading above `title` (a shop's name).
    pub heading: Option<String>,
    /// The day the report was made (YYYY-MM-DD), shown in the HTML footer.
    pub generated_on: String,
    /// The metric keys, in order (without comparison columns).
    pub metrics: Vec<&'static str>,
    /// Every value column, in order: metric keys and, with a comparison,
    /// their `prev_`, `delta_`, `change_pct_` columns.
    pub columns: Vec<String>,
    /// The previous period's label, with a comparison.
    pub previous: Option<String>,
    /// Headline first.
    pub tables: Vec<DocTable>,
    /// `--customers`: the customers per RFM segment (`engage customers
    /// --summary`'s report), with its title.
    pub customers: Option<(String, Report)>,
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub notes: Vec<String>,
    /// The cohort section (`--cohorts`).
    pub cohorts: Option<cohorts::CohortReport>,
    /// Feedback by customer value, when both sides have customer ids.
    pub feedback: Option<feedback::FeedbackReport>,
}

impl Document {
    /// The value of column `name` in `row`.
    pub fn get<'a>(&self, row: &'a DocRow, name: &str) -> Option<&'a Value> {
        let i = self.columns.iter().position(|c| c == name)?;
        row.values.get(i)
    }

    pub fn table(&self, section: &Section) -> Option<&DocTable> {
        self.tables.iter().find(|t| &t.section == section)
    }
}

/// Renders a document (the `engage report` output) in `format` into `w`
/// (CSV and JSON row by row); `color` colours a terminal table's changes.
pub fn render_document(
    doc: &Document,
    format: Format,
    unicode: bool,
    color: bool,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let bytes = match format {
        Format::Csv => return csv::render_document(doc, w),
        Format::Json => return json::render_document(doc, w),
        Format::Table => human::document_table(doc, unicode, color).into_bytes(),
        Format::Markdown => human::document_markdown(doc).into_bytes(),
        Format::Html => html::render_document(doc)?,
        Format::Parquet => parquet::several_tables("report")?,
    };
    Ok(w.write_all(&bytes)?)
}

/// A report of titled text tables (`engage check`): people get the tables,
/// JSON gets an object of its own.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub command: &'static str,
    pub title: String,
    pub tables: Vec<SheetTable>,
    pub json: serde_json::Map<String, serde_json::Value>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SheetTable {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Which columns hold numbers (right-aligned for people); a column
    /// past its end holds text.
    pub numeric: Vec<bool>,
}

/// Renders a sheet: tables for people (terminal, Markdown, HTML), its JSON
/// object, or as CSV its first table.
pub fn render_sheet(sheet: &Sheet, format: Format, unicode: bool) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Json => {
            let mut o = serde_json::Map::new();
            o.insert("schema_version".into(), SCHEMA_VERSION.into());
            o.insert("command".into(), sheet.command.into());
            o.extend(sheet.json.clone());
            let mut out = serde_json::to_vec_pretty(&serde_json::Value::Object(o))?;
            out.push(b'\n');
            Ok(out)
        }
        Format::Csv => csv::render_table(sheet.tables.first()),
        Format::Table => Ok(human::sheet_table(sheet, unicode).into_bytes()),
        Format::Markdown => Ok(human::sheet_markdown(sheet).into_bytes()),
        Format::Html => html::render_sheet(sheet),
        Format::Parquet => parquet::several_tables(sheet.command),
    }
}

/// Renders `report` in `format` into `w` (CSV, JSON and Parquet row by
/// row, or column by column: never a second copy of the rows); `unicode`
/// lets terminal tables draw box lines (only for a terminal without
/// `NO_COLOR`).
pub fn render(
    report: &Report,
    format: Format,
    unicode: bool,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let bytes = match format {
        Format::Csv => return csv::render(report, w),
        Format::Json => return json::render(report, w),
        Format::Parquet => return parquet::render(report, w),
        Format::Table => human::table(report, unicode).into_bytes(),
        Format::Markdown => human::markdown(report).into_bytes(),
        Format::Html => html::render(report)?,
    };
    Ok(w.write_all(&bytes)?)
}
