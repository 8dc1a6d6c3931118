//! JSON: one object with `schema_version`, the command, the metadata
//! (inputs, filters, skipped rows), `rows` (objects keyed like the CSV
//! columns) and `total`. Numbers at full precision; null for undefined.

use serde_json::{json, Map, Value as Json};

use super::{Report, Row, Value, SCHEMA_VERSION};

fn number(v: &Value) -> Json {
    match v {
        Value::Count(n) => json!(n),
        // Cents / 100 as the nearest f64 prints as the exact decimal
        // (1234.5 for 123450 cents) for any amount below 2^53 cents.
        Value::Cents(c) => json!(*c as f64 / 100.0),
        Value::Money(x) | Value::Percent(x) | Value::Ratio(x) | Value::Points(x) => json!(x),
        Value::Flag(b) => json!(b),
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
