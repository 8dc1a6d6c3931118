//! The report model (plain data, built by the commands) and its renderers,
//! one per format. Renderers return bytes; `output` is the only place that
//! writes them.

pub mod csv;
pub mod human;
pub mod json;
pub mod output;

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
    /// Metric keys, in order, as METRICS.md names them.
    pub metric_names: Vec<&'static str>,
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

/// Renders `report` in `format`; `unicode` lets terminal tables draw box
/// lines (only for a terminal without `NO_COLOR`).
pub fn render(report: &Report, format: Format, unicode: bool) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => csv::render(report),
        Format::Json => json::render(report),
        Format::Table => Ok(human::table(report, unicode).into_bytes()),
        Format::Markdown => Ok(human::markdown(report).into_bytes()),
    }
}
