//! CSV: a header, one line per row, full precision, `.` decimals, and text
//! cells that a spreadsheet would run as a formula neutralised.

use std::io::Write;

use super::{Document, Report, Section, SheetTable, Value};

/// Characters that make a spreadsheet treat a cell as a formula (OWASP CSV
/// injection guidance).
const FORMULA_TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe for spreadsheets: one that starts with a formula
/// trigger gets a leading `'`, which spreadsheets show as text.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_TRIGGERS) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A value at full precision: integers as integers, cents as `1234.50`,
/// quotients in Rust's shortest round-trip form, null as an empty cell.
pub fn cell(v: &Value) -> String {
    let mut text = String::new();
    push_cell(&mut text, v);
    text
}

/// [`cell`] appended to `out` (no allocation per cell).
pub fn push_cell(out: &mut String, v: &Value) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = match v {
        Value::Count(n) => write!(out, "{n}"),
        Value::Cents(c) => {
            push_cents(out, *c);
            Ok(())
        }
        Value::Money(x) | Value::Percent(x) | Value::Ratio(x) | Value::Points(x) => {
            match Value::quotient(*x) {
                Some(x) => write!(out, "{x}"),
                None => Ok(()),
            }
        }
        Value::Flag(b) => write!(out, "{b}"),
        Value::Int(n) => write!(out, "{n}"),
        Value::Null => Ok(()),
    };
}

/// Exact decimal text of a cent amount: `-1234.05`.
pub fn cents(c: i64) -> String {
    let mut text = String::new();
    push_cents(&mut text, c);
    text
}

/// [`cents`] appended to `out`.
fn push_cents(out: &mut String, c: i64) {
    use std::fmt::Write;
    let sign = if c < 0 { "-" } else { "" };
    let a = c.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:02}", a / 100, a % 100);
}

pub fn render(report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let header = report
        .key_names
        .iter()
        .map(String::as_str)
        .chain(report.metric_names.iter().map(|m| m.as_ref()));
    w.write_record(header.map(neutralise).map(|c| c.into_owned()))?;
    for row in &report.rows {
        let keys = row
            .keys
            .iter()
            .map(|k| neutralise(k.as_deref().unwrap_or("")).into_owned());
        w.write_record(keys.chain(row.values.iter().map(cell)))?;
    }
    Ok(w.flush()?)
}

/// The key columns of a document's CSV, before its value columns.
pub const DOCUMENT_KEYS: [&str; 6] = [
    "section",
    "period",
    "from",
    "to",
    "segment",
    "segment_value",
];

/// A document as one table: `section` (headline, period or segment),
/// `period`, `from`, `to`, `segment` (the column), `segment_value`, then the
/// value columns. One header, so a spreadsheet or a database takes it whole.
/// With `--customers`, rows of section `customers` (segment `rfm_segment`,
/// `to` the observation end) fill the columns they share (`customers`,
/// `revenue`) and their own, added at the end.
pub fn render_document(doc: &Document, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let keys = DOCUMENT_KEYS;
    let own: Vec<&str> = doc.customers.as_ref().map_or(Vec::new(), |(_, r)| {
        r.metric_names
            .iter()
            .map(|m| m.as_ref())
            .filter(|m| !doc.columns.iter().any(|c| c == m))
            .collect()
    });
    let header = keys
        .iter()
        .map(|k| k.to_string())
        .chain(doc.columns.iter().map(|c| neutralise(c).into_owned()))
        .chain(own.iter().map(|c| c.to_string()));
    w.write_record(header)?;
    let blanks = || own.iter().map(|_| String::new());
    for table in &doc.tables {
        let (section, segment) = match &table.section {
            Section::Headline => ("headline", ""),
            Section::Periods => ("period", ""),
            Section::Segment(name) => ("segment", name.as_str()),
        };
        for row in &table.rows {
            let keys = [
                section,
                &row.period,
                &row.from,
                &row.to,
                segment,
                row.segment.as_deref().unwrap_or(""),
            ];
            let keys = keys.into_iter().map(|k| neutralise(k).into_owned());
            w.write_record(keys.chain(row.values.iter().map(cell)).chain(blanks()))?;
        }
    }
    if let Some((_, report)) = &doc.customers {
        let as_of = report.meta.get("as_of").and_then(|v| v.as_str());
        let value = |row: &super::Row, name: &str| {
            let i = report.metric_names.iter().position(|m| m == name);
            i.and_then(|i| row.values.get(i))
                .map(cell)
                .unwrap_or_default()
        };
        for row in &report.rows {
            let name = row.keys.first().cloned().flatten().unwrap_or_default();
            let keys = [
                "customers",
                "",
                "",
                as_of.unwrap_or(""),
                "rfm_segment",
                &name,
            ];
            let keys = keys.into_iter().map(|k| neutralise(k).into_owned());
            let shared = doc.columns.iter().map(|c| value(row, c));
            let own = own.iter().map(|c| value(row, c));
            w.write_record(keys.chain(shared).chain(own))?;
        }
    }
    Ok(w.flush()?)
}

/// One text table as CSV (cells neutralised).
pub fn render_table(table: Option<&SheetTable>) -> anyhow::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    if let Some(t) = table {
        w.write_record(t.header.iter().map(|c| neutralise(c).into_owned()))?;
        for row in &t.rows {
            w.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
        }
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for t in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(t), format!("'{t}"));
        }
        assert_eq!(neutralise("web"), "web");
        assert_eq!(neutralise("2024-W01"), "2024-W01");
    }

    #[test]
    fn cents_are_exact() {
        assert_eq!(cents(123_405), "1234.05");
        assert_eq!(cents(-5), "-0.05");
        assert_eq!(cents(0), "0.00");
        assert_eq!(cents(i64::MIN), "-92233720368547758.08");
    }
}
