//! `engage orders`: order exports in, order metrics out.

use anyhow::{bail, Result};
use polars::prelude::ChunkAgg;
use serde_json::{json, Map};

use super::{emit, warn_skipped};
use crate::config::{OrdersConfig, StatusRule};
use crate::input::orders::{self as input, LoadedOrders};
use crate::input::parse::date_from_days;
use crate::input::{segment_column, DATE};
use crate::metrics::orders::{order_counts, Grouping, OrderCounts};
use crate::metrics::period::label;
use crate::report::{output::Target, Report, Row, Value};

/// Metric keys, in output order (METRICS.md).
pub const METRICS: [&str; 12] = [
    "orders",
    "customers",
    "revenue",
    "aov",
    "purchase_frequency",
    "repeat_customers",
    "repeat_purchase_rate",
    "returning_customers",
    "returning_customer_rate",
    "new_customers",
    "repeat_revenue_share",
    "repeat_vs_one_time_spend",
];

/// The metric values of one scope, in `METRICS` order.
fn values(c: &OrderCounts) -> Vec<Value> {
    vec![
        Value::Count(c.orders),
        Value::Count(c.customers),
        Value::Cents(c.revenue_cents),
        Value::Money(c.aov()),
        Value::Ratio(c.purchase_frequency()),
        Value::Count(c.repeat_customers),
        Value::Percent(c.repeat_purchase_rate()),
        Value::Count(c.returning_customers),
        Value::Percent(c.returning_customer_rate()),
        Value::Count(c.new_customers()),
        Value::Percent(c.repeat_revenue_share()),
        Value::Ratio(c.repeat_vs_one_time_spend()),
    ]
}

pub fn run(cfg: OrdersConfig) -> Result<()> {
    let target = Target::open(cfg.output.path.as_deref())?;
    let loaded = input::load(&cfg)?;
    warn_skipped(&loaded.skipped, cfg.output.quiet);
    let report = build(&cfg, loaded)?;
    emit(&report, &cfg.output, target)
}

fn day(d: i32) -> String {
    date_from_days(d).format("%Y-%m-%d").to_string()
}

/// A row before rendering: period start, segment texts, counts.
type Keyed<'a> = (Option<i32>, Vec<Option<&'a str>>, &'a OrderCounts);

fn build(cfg: &OrdersConfig, loaded: LoadedOrders) -> Result<Report> {
    let scope = &cfg.scope;
    let grouping = Grouping {
        by: scope.by,
        segments: (0..scope.segments.len()).map(segment_column).collect(),
        since: scope.since,
        until: scope.until,
    };
    let range = if scope.needs_dates() {
        let dates = loaded.frame.column(DATE)?.i32()?;
        dates.min().zip(dates.max())
    } else {
        None
    };
    let (rows, total) = order_counts(&loaded.frame, &grouping)
        .map_err(|e| anyhow::anyhow!("internal error while computing order metrics: {e}"))?;
    if total.orders == 0 {
        let (first, last) = range.unwrap_or_default();
        bail!(
            "no orders between {} and {}: the counted orders run from {} to {}",
            scope.since.map_or("the start".into(), day),
            scope.until.map_or("the end".into(), day),
            day(first),
            day(last)
        );
    }
    let mut key_names: Vec<String> = Vec::new();
    if scope.by.is_some() {
        key_names.push("period".into());
    }
    key_names.extend(scope.segments.iter().cloned());
    let mut rows: Vec<Keyed> = rows
        .iter()
        .map(|r| {
            let segments = r
                .segments
                .iter()
                .zip(&loaded.segment_values)
                .map(|(code, dict)| code.and_then(|c| dict.get(c as usize)).map(String::as_str))
                .collect();
            (r.period, segments, &r.counts)
        })
        .collect();
    // By period, then segment text in byte order, blank last.
    rows.sort_by(|a, b| {
        let blank_last = |x: &Option<&str>, y: &Option<&str>| match (x, y) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => x.is_none().cmp(&y.is_none()),
        };
        a.0.cmp(&b.0).then_with(|| {
            a.1.iter()
                .zip(&b.1)
                .map(|(x, y)| blank_last(x, y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    });
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(period, segments, counts)| {
            let period = scope.by.zip(period).map(|(by, start)| label(start, by));
            Row {
                keys: scope
                    .by
                    .map(|_| period)
                    .into_iter()
                    .chain(segments.into_iter().map(|s| s.map(str::to_string)))
                    .collect(),
                values: values(counts),
            }
        })
        .collect();
    let total = (!key_names.is_empty()).then(|| Row {
        keys: vec![None; key_names.len()],
        values: values(&total),
    });
    Ok(Report {
        command: "orders",
        key_names,
        metric_names: METRICS.to_vec(),
        rows,
        total,
        meta: meta(cfg, &loaded, range),
    })
}

fn meta(
    cfg: &OrdersConfig,
    loaded: &LoadedOrders,
    range: Option<(i32, i32)>,
) -> Map<String, serde_json::Value> {
    let columns: Vec<serde_json::Value> = loaded
        .sources
        .iter()
        .zip(&loaded.columns)
        .map(|(source, c)| {
            let name = |i: Option<usize>| i.map(|i| c.header[i].clone());
            json!({
                "file": source.name,
                "order_id": name(c.order_id),
                "customer_id": name(Some(c.customer)),
                "order_date": name(c.date),
                "amount": name(Some(c.amount)),
                "status": name(c.status),
                "segments": c.segments.iter().map(|&i| c.header[i].clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let status = match &cfg.status {
        StatusRule::Exclude(l) => json!({ "exclude": l }),
        StatusRule::Include(l) => json!({ "include": l }),
    };
    let by = cfg.scope.by.map(|b| format!("{b:?}").to_lowercase());
    let line_items = format!("{:?}", cfg.line_items).to_lowercase();
    let mut m = Map::new();
    m.insert(
        "inputs".into(),
        json!(loaded.sources.iter().map(|s| &s.name).collect::<Vec<_>>()),
    );
    m.insert("columns".into(), json!(columns));
    m.insert(
        "filters".into(),
        json!({
            "by": by,
            "segments": cfg.scope.segments,
            "since": cfg.scope.since.map(day),
            "until": cfg.scope.until.map(day),
            "status": status,
            "line_items": line_items,
        }),
    );
    m.insert(
        "data_range".into(),
        json!(range.map(|(a, b)| json!({ "first": day(a), "last": day(b) }))),
    );
    m.insert("rows_read".into(), json!(loaded.rows_read));
    m.insert(
        "orders_excluded_by_status".into(),
        json!(loaded.excluded_by_status),
    );
    m.insert("rows_skipped".into(), json!(loaded.skipped));
    m
}
