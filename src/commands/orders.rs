//! `engage orders`: order exports in, order metrics out.

use anyhow::Result;
use polars::prelude::ChunkAgg;
use serde_json::{json, Map};

use super::{day, emit, flag_value, keyed_rows, warn_skipped};
use crate::cli::LineItems;
use crate::config::{OrdersConfig, StatusRule};
use crate::input::orders::{self as input, Folding, LoadedOrders};
use crate::input::{Source, DATE};
use crate::metrics::customers::CustomerTable;
use crate::metrics::orders::{needs_customers, order_counts, OrderCounts};
use crate::metrics::scope::Grouping;
use crate::report::{output::Target, Report, Value};

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
pub fn values(c: &OrderCounts) -> Vec<Value> {
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

/// Warnings about rows that fold oddly: exact duplicates, and orders whose
/// rows disagree on the amount.
pub fn warn_folding(cfg: &OrdersConfig, f: &Folding, quiet: bool) {
    if quiet {
        return;
    }
    if f.duplicate_rows > 0 {
        let n = f.duplicate_rows;
        let rows = if n == 1 { "row repeats" } else { "rows repeat" };
        let effect = match (f.has_order_ids, cfg.line_items) {
            (true, LineItems::First) => "folded into their order: counted once",
            (true, LineItems::Sum) => "with --line-items sum their amounts are added again",
            (false, _) => {
                "no order id column: each copy counts as an order; map one with --order-id-col"
            }
        };
        eprintln!("engage: warning: {n} {rows} an earlier row exactly ({effect})");
    }
    if f.conflicting_orders > 0 {
        let n = f.conflicting_orders;
        let example = crate::text::shorten(f.conflict_example.as_deref().unwrap_or_default());
        eprintln!(
            "engage: warning: {n} order{} with different amounts on {} rows (first: order {example}); \
             the first amount counts; if rows hold line totals pass --line-items sum",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" },
        );
    }
}

pub fn run(cfg: OrdersConfig) -> Result<()> {
    let target = Target::open(cfg.output.path.as_deref(), &cfg.files)?;
    let (cfg, sources, loaded) = input::load(&cfg)?;
    super::note_preset(&loaded.preset, &sources, cfg.output.quiet);
    warn_skipped(&loaded.skipped, cfg.output.quiet);
    warn_folding(&cfg, &loaded.folding, cfg.output.quiet);
    let report = build(&cfg, &sources, loaded)?;
    emit(&report, &cfg.output, target)
}

fn build(cfg: &OrdersConfig, sources: &[Source], loaded: LoadedOrders) -> Result<Report> {
    let scope = &cfg.scope;
    let grouping = Grouping::of(scope);
    let range = if scope.needs_dates() {
        let dates = loaded.frame.column(DATE)?.i32()?;
        dates.min().zip(dates.max())
    } else {
        None
    };
    let internal = |e| anyhow::anyhow!("internal error while computing order metrics: {e}");
    let customers = match needs_customers(&grouping) {
        true => CustomerTable::of_frame(&loaded.frame, None).map_err(internal)?,
        false => None,
    };
    let (rows, total) =
        order_counts(&loaded.frame, &grouping, customers.as_ref()).map_err(internal)?;
    if total.orders == 0 {
        return Err(super::none_between(
            "orders",
            (scope.since, scope.until),
            "the counted orders",
            range.unwrap_or_default(),
        ));
    }
    let (key_names, rows, total) =
        keyed_rows(scope, &loaded.segment_values, &rows, &total, values, |_| {
            Vec::new()
        });
    let share = METRICS.iter().position(|m| *m == "repeat_revenue_share");
    let notes = super::share_note(
        rows.iter()
            .chain(&total)
            .filter_map(|r| r.values.get(share?)),
    );
    Ok(Report {
        command: "orders",
        key_names,
        metric_names: METRICS.to_vec(),
        rows,
        total,
        meta: meta(cfg, sources, &loaded, range),
        notes: notes.into_iter().collect(),
        appendix: Vec::new(),
    })
}

pub fn meta(
    cfg: &OrdersConfig,
    sources: &[Source],
    loaded: &LoadedOrders,
    range: Option<(i32, i32)>,
) -> Map<String, serde_json::Value> {
    let columns = sources
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
    let mut filters = Map::new();
    filters.insert("status".into(), status);
    filters.insert("line_items".into(), json!(flag_value(&cfg.line_items)));
    let mut extra = Map::new();
    extra.insert(
        "data_range".into(),
        json!(range.map(|(a, b)| json!({ "first": day(a), "last": day(b) }))),
    );
    extra.insert(
        "orders_excluded_by_status".into(),
        json!(loaded.excluded_by_status),
    );
    extra.insert(
        "duplicate_rows".into(),
        json!(loaded.folding.duplicate_rows),
    );
    extra.insert(
        "orders_with_conflicting_amounts".into(),
        json!(loaded.folding.conflicting_orders),
    );
    super::meta(
        sources,
        loaded.preset.as_ref(),
        columns,
        &cfg.scope,
        filters,
        loaded.rows_read,
        &loaded.skipped,
        extra,
    )
}
