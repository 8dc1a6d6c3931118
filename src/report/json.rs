//! JSON: one object with `schema_version`, the command, the metadata
//! (inputs, filters, skipped rows), `rows` (objects keyed like the CSV
//! columns) and `total`. Numbers at full precision; null for undefined.

use serde_json::{json, Map, Value as Json};

use super::{DocRow, Document, Report, Row, Section, Value, SCHEMA_VERSION};

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
        Value::Money(x) | Value::Percent(x) | Value::Ratio(x) | Value::Points(x) => json!(x),
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

pub fn render(report: &Report) -> anyhow::Result<Vec<u8>> {
    let mut o = Map::new();
    o.insert("schema_version".into(), json!(SCHEMA_VERSION));
    o.insert("command".into(), json!(report.command));
    for (k, v) in &report.meta {
        o.insert(k.clone(), v.clone());
    }
    o.insert(
        "rows".into(),
        report.rows.iter().map(|r| row_object(report, r)).collect(),
    );
    o.insert(
        "total".into(),
        report
            .total
            .as_ref()
            .map_or(Json::Null, |t| row_object(report, t)),
    );
    let mut out = serde_json::to_vec_pretty(&Json::Object(o))?;
    out.push(b'\n');
    Ok(out)
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

/// A document: `schema_version`, `command`, the metadata, `headline` (one
/// object), `periods` (an array) and `segments` (an object: segment column
/// -> array of rows keyed by that column's name).
pub fn render_document(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let mut o = Map::new();
    o.insert("schema_version".into(), json!(SCHEMA_VERSION));
    o.insert("command".into(), json!("report"));
    for (k, v) in &doc.meta {
        o.insert(k.clone(), v.clone());
    }
    let mut segments = Map::new();
    for table in &doc.tables {
        match &table.section {
            Section::Headline => {
                let row = table.rows.first().map(|r| doc_row(doc, r, None));
                o.insert("headline".into(), row.unwrap_or(Json::Null));
            }
            Section::Periods => {
                let rows = table.rows.iter().map(|r| doc_row(doc, r, None));
                o.insert("periods".into(), rows.collect());
            }
            Section::Segment(name) => {
                let rows = table.rows.iter().map(|r| doc_row(doc, r, Some(name)));
                segments.insert(name.clone(), rows.collect());
            }
        }
    }
    o.insert("segments".into(), Json::Object(segments));
    if let Some(c) = &doc.cohorts {
        o.insert("cohorts".into(), c.section_json());
    }
    if let Some((_, report)) = &doc.customers {
        let mut c = report.meta.clone();
        c.insert(
            "rows".into(),
            report.rows.iter().map(|r| row_object(report, r)).collect(),
        );
        let total = report.total.as_ref().map(|t| row_object(report, t));
        c.insert("total".into(), total.unwrap_or(Json::Null));
        o.insert("customers".into(), Json::Object(c));
    }
    o.insert("notes".into(), json!(doc.notes));
    let mut out = serde_json::to_vec_pretty(&Json::Object(o))?;
    out.push(b'\n');
    Ok(out)
}
