//! JSON: one object with `schema_version`, the command, the metadata
//! (inputs, filters, skipped rows), `rows` (objects keyed like the CSV
//! columns) and `total`. Numbers at full precision; null for undefined.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Map, Value as Json};

use super::{DocRow, DocTable, Document, Report, Row, Section, Value, SCHEMA_VERSION};

pub(super) fn number(v: &Value) -> Json {
    match v {
        Value::Count(n) => json!(n),
        // Cents / 100 as the nearest f64 prints as the exact decimal
        // (1234.5 for 123450 cents) for any amount of at most 15
        // significant digits, i.e. below 10^15 cents in absolute value (an
        // f64 keeps 15 decimal digits through a round trip; at 16, some
        // values print as a neighbour). Larger sums are the nearest f64;
        // the CSV output is exact at any size.
        Value::Cents(c) => json!(*c as f64 / 100.0),
        Value::Money(x) | Value::Percent(x) | Value::Ratio(x) | Value::Points(x) => {
            json!(Value::quotient(*x))
        }
        Value::Flag(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::Null => Json::Null,
    }
}

fn row_object(report: &Report, row: &Row) -> Json {
    let mut o = Map::new();
    for (name, key) in report.key_names.iter().zip(&row.keys) {
        o.insert(name.clone(), json!(key));
    }
    for (name, v) in report.metric_names.iter().zip(&row.values) {
        o.insert(name.to_string(), number(v));
    }
    for (name, v) in &row.extra {
        o.insert(name.clone(), v.clone());
    }
    Json::Object(o)
}

/// Elements serialized one at a time from `to_json`: a million rows never
/// become one JSON tree.
struct Seq<'a, T, F>(&'a [T], F);

impl<T, F: Fn(&T) -> Json> Serialize for Seq<'_, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for x in self.0 {
            seq.serialize_element(&(self.1)(x))?;
        }
        seq.end()
    }
}

/// A report as a JSON object: the entries of `head`, then `rows` and
/// `total`.
struct ReportObject<'a> {
    head: &'a Map<String, Json>,
    report: &'a Report,
}

impl Serialize for ReportObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.report;
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.head {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("rows", &Seq(&report.rows, |r: &Row| row_object(report, r)))?;
        let total = report.total.as_ref().map(|t| row_object(report, t));
        m.serialize_entry("total", &total)?;
        m.end()
    }
}

/// `value` pretty-printed into `w` (as `serde_json::to_vec_pretty` would),
/// and a line end.
fn write_pretty(w: &mut dyn Write, value: &impl Serialize) -> anyhow::Result<()> {
    value.serialize(&mut serde_json::Serializer::pretty(&mut *w))?;
    Ok(w.write_all(b"\n")?)
}

pub fn render(report: &Report, w: &mut dyn Write) -> anyhow::Result<()> {
    let mut head = Map::new();
    head.insert("schema_version".into(), json!(SCHEMA_VERSION));
    head.insert("command".into(), json!(report.command));
    for (k, v) in &report.meta {
        head.insert(k.clone(), v.clone());
    }
    write_pretty(
        w,
        &ReportObject {
            head: &head,
            report,
        },
    )
}

fn doc_row(doc: &Document, row: &DocRow, segment: Option<&str>) -> Json {
    let mut o = Map::new();
    o.insert("period".into(), json!(row.period));
    o.insert("from".into(), json!(row.from));
    o.insert("to".into(), json!(row.to));
    if let Some(name) = segment {
        o.insert(name.to_string(), json!(row.segment));
    }
    for (name, v) in doc.columns.iter().zip(&row.values) {
        o.insert(name.clone(), number(v));
    }
    for (name, v) in &row.extra {
        o.insert(name.clone(), v.clone());
    }
    Json::Object(o)
}

/// A document as a JSON object (see [`render_document`]).
struct DocumentObject<'a>(&'a Document);

impl Serialize for DocumentObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        m.serialize_entry("command", "report")?;
        for (k, v) in &doc.meta {
            m.serialize_entry(k, v)?;
        }
        let mut segments = Vec::new();
        for table in &doc.tables {
            match &table.section {
                Section::Headline => {
                    let row = table.rows.first().map(|r| doc_row(doc, r, None));
                    m.serialize_entry("headline", &row)?;
                }
                Section::Periods => {
                    let rows = Seq(&table.rows, |r: &DocRow| doc_row(doc, r, None));
                    m.serialize_entry("periods", &rows)?;
                }
                Section::Segment(name) => segments.push((name, table)),
            }
        }
        m.serialize_entry("segments", &Segments(doc, &segments))?;
        if let Some(c) = &doc.cohorts {
            m.serialize_entry("cohorts", &c.section_json())?;
        }
        if let Some((_, report)) = &doc.customers {
            let head = &report.meta;
            m.serialize_entry("customers", &ReportObject { head, report })?;
        }
        if let Some(f) = &doc.feedback {
            m.serialize_entry("feedback", &super::feedback::json_object(f))?;
        }
        m.serialize_entry("notes", &doc.notes)?;
        m.end()
    }
}

/// The segment tables: segment column -> array of rows keyed by that
/// column's name.
struct Segments<'a>(&'a Document, &'a [(&'a String, &'a DocTable)]);

impl Serialize for Segments<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let mut m = s.serialize_map(None)?;
        for (name, table) in self.1 {
            let rows = Seq(&table.rows, |r: &DocRow| {
                doc_row(doc, r, Some(name.as_str()))
            });
            m.serialize_entry(name.as_str(), &rows)?;
        }
        m.end()
    }
}

/// A document: `schema_version`, `command`, the metadata, `headline` (one
/// object), `periods` (an array) and `segments` (an object: segment column
/// -> array of rows keyed by that column's name), row by row into `w`.
pub fn render_document(doc: &Document, w: &mut dyn Write) -> anyhow::Result<()> {
    write_pretty(w, &DocumentObject(doc))
}
