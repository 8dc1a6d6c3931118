//! `engage orders`: order exports in, order metrics out.

use anyhow::Result;
use polars::prelude::ChunkAgg;
use serde_json::{json, Map};

use super::{day, emit, flag_value, keyed_rows, warn_skipped};
use crate::cli::{GuestOrders, LineItems, Revenue};
use crate::config::{OrdersConfig, StatusRule};
use crate::input::orders::{self as input, LoadedOrders};
use crate::input::{Source, DATE};
use crate::metrics::orders::{order_counts, OrderCounts};
use crate::metrics::scope::Grouping;
use crate::report::{lang, output::Target, Report, Value};

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

/// The column added after the metrics with `--guest-orders include`:
/// orders with a blank customer id, counted in `orders` and `revenue`.
pub const GUEST_ORDERS: &str = "guest_orders";

/// The metric keys of a run: `METRICS`, then `guest_orders` when guest
/// orders are included.
pub fn metric_names(cfg: &OrdersConfig) -> Vec<&'static str> {
    let mut names = METRICS.to_vec();
    if cfg.guest_orders == GuestOrders::Include {
        names.push(GUEST_ORDERS);
    }
    names
}

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

/// Prints [`folding_warnings`] on stderr (unless `quiet`).
pub fn warn_folding(loaded: &LoadedOrders, quiet: bool) {
    if !quiet {
        for w in folding_warnings(loaded) {
            eprintln!("engage: warning: {w}");
        }
    }
}

/// Warnings about rows that fold oddly: exact duplicates, and orders whose
/// rows disagree on the amount.
pub fn folding_warnings(loaded: &LoadedOrders) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((amount, quantity)) = &loaded.facts.price_as_amount {
        let (amount, quantity) = (crate::text::shorten(amount), crate::text::shorten(quantity));
        out.push(format!(
            "the amount column '{amount}' looks like a unit price and the \
             file has a quantity column '{quantity}': each row counts at one unit; to count \
             quantity x price use --quantity-col '{quantity}' --unit-price-col '{amount}' \
             (instead of --amount-col)"
        ));
    }
    let f = &loaded.folding;
    let how = loaded.facts.line_items.unwrap_or(LineItems::First);
    if f.duplicate_rows > 0 {
        let n = f.duplicate_rows;
        let rows = if n == 1 { "row repeats" } else { "rows repeat" };
        let effect = match (f.has_order_ids, how) {
            (true, LineItems::First) => "folded into their order: counted once",
            (true, LineItems::Sum) => "with --line-items sum their amounts are added again",
            (false, _) => {
                "no order id column: each copy counts as an order; map one with --order-id-col"
            }
        };
        out.push(format!("{n} {rows} an earlier row exactly ({effect})"));
    }
    if f.conflicting_orders > 0 {
        let n = f.conflicting_orders;
        let example = crate::text::shorten(f.conflict_example.as_deref().unwrap_or_default());
        out.push(format!(
            "{n} order{} with different amounts on {} rows (first: order {example}); \
             the first amount counts; if rows hold line totals pass --line-items sum",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" },
        ));
    }
    out
}

/// The first and last date of the counted orders, guest orders included.
fn dates_range(loaded: &LoadedOrders) -> Result<Option<(i32, i32)>> {
    let mut range: Option<(i32, i32)> = None;
    for frame in [&loaded.frame, &loaded.guests] {
        let dates = frame.column(DATE)?.i32()?;
        if let Some((a, b)) = dates.min().zip(dates.max()) {
            range = Some(range.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
    }
    Ok(range)
}

/// For the per-customer commands (`customers`, `cohorts`, `clv`): a note
/// that the guest orders read (`--guest-orders include`) up to `until`
/// (the observation end, `None`: all) are not in them, or an error when
/// there is nothing else.
pub fn note_guests_apart(loaded: &LoadedOrders, until: Option<i32>, quiet: bool) -> Result<()> {
    let n = loaded.facts.guest_orders;
    if n > 0 && loaded.frame.height() == 0 {
        anyhow::bail!(
            "all {n} counted orders are guest orders (blank customer id): there is no \
             customer to compute per-customer figures for; fill in customer ids"
        );
    }
    let dates = loaded.guests.column(DATE).ok().and_then(|c| c.i32().ok());
    let n = match (until, dates) {
        (Some(end), Some(dates)) => dates.iter().flatten().filter(|&d| d <= end).count() as u64,
        _ => n,
    };
    if n > 0 && !quiet {
        let (orders, are) = if n == 1 {
            ("order", "is")
        } else {
            ("orders", "are")
        };
        eprintln!(
            "engage: note: {n} guest {orders} (blank customer id) {are} not in the \
             per-customer figures: they belong to no customer"
        );
    }
    Ok(())
}

pub fn run(cfg: OrdersConfig) -> Result<()> {
    let target = Target::open(cfg.output.path.as_deref(), &cfg.files)?;
    let (cfg, sources, loaded) = input::load(&cfg)?;
    super::note_preset(&loaded.preset, &sources, cfg.output.quiet);
    super::note_calendar(&loaded.frame, &cfg.input, cfg.output.quiet);
    warn_skipped(&loaded.skipped, cfg.output.quiet);
    warn_folding(&loaded, cfg.output.quiet);
    let report = build(&cfg, &sources, loaded)?;
    emit(&report, &cfg.output, target)
}

fn build(cfg: &OrdersConfig, sources: &[Source], loaded: LoadedOrders) -> Result<Report> {
    let scope = &cfg.scope;
    let grouping = Grouping::of(scope);
    let range = match scope.needs_dates() {
        true => dates_range(&loaded)?,
        false => None,
    };
    let internal = |e| anyhow::anyhow!("internal error while computing order metrics: {e}");
    let (rows, total) =
        order_counts(&loaded.frame, &grouping, Some(&loaded.guests)).map_err(internal)?;
    if total.orders == 0 {
        return Err(super::none_between(
            "orders",
            (scope.since, scope.until),
            "the counted orders",
            range.unwrap_or_default(),
        ));
    }
    let guests = cfg.guest_orders == GuestOrders::Include;
    let row_values = |c: &OrderCounts| {
        let mut v = values(c);
        if guests {
            v.push(Value::Count(c.guest_orders));
        }
        v
    };
    let (key_names, rows, total) = keyed_rows(
        scope,
        &loaded.segment_values,
        &rows,
        &total,
        row_values,
        |_| Vec::new(),
    );
    let share = METRICS.iter().position(|m| *m == "repeat_revenue_share");
    let mut notes: Vec<String> = super::share_note(
        rows.iter()
            .chain(&total)
            .filter_map(|r| r.values.get(share?)),
    )
    .into_iter()
    .collect();
    notes.extend(export_notes(cfg, &loaded));
    Ok(Report {
        command: "orders",
        key_names,
        metric_names: metric_names(cfg).into_iter().map(Into::into).collect(),
        rows,
        total,
        meta: meta(cfg, sources, &loaded, range),
        notes,
        appendix: Vec::new(),
    })
}

/// Notes on what the export rules did: amounts made from line items,
/// cancellation invoices left out, guest orders included or skipped, net
/// revenue. Shared by `engage orders` and `engage report`.
pub fn export_notes(cfg: &OrdersConfig, loaded: &LoadedOrders) -> Vec<String> {
    let f = &loaded.facts;
    // The message `one` or `many` for `n`, with `{n}` and `args` filled in.
    let count = |n: u64, one, many, args: &[(&str, &str)]| {
        let n = n.to_string();
        let mut args = args.to_vec();
        args.push(("n", &n));
        lang::fill(if n == "1" { one } else { many }, &args)
    };
    let mut notes = Vec::new();
    if f.by_line {
        let (q, p) = loaded
            .columns
            .first()
            .map(|c| {
                let name = |i: usize| crate::text::shorten(&c.header[i]);
                (name(c.quantity.unwrap_or(c.amount)), name(c.amount))
            })
            .unwrap_or_default();
        let preset_total = loaded.preset.as_ref().is_some_and(|p| {
            cfg.input
                .presets
                .get(&p.name)
                .is_some_and(|p| !p.amount.is_empty())
        });
        let mut note = lang::fill("note_lines", &[("quantity", &q), ("price", &p)]);
        if preset_total {
            note.push_str(lang::text("note_no_total"));
        }
        if f.return_lines > 0 {
            note.push_str(&count(
                f.return_lines,
                "note_return_one",
                "note_return_many",
                &[],
            ));
        }
        notes.push(lang::fill("sentence", &[("text", &note)]));
    }
    if f.cancelled_orders > 0 {
        let prefix = crate::text::shorten(cfg.cancel_id_prefix.as_deref().unwrap_or_default());
        notes.push(count(
            f.cancelled_orders,
            "note_cancel_one",
            "note_cancel_many",
            &[("prefix", &prefix)],
        ));
    }
    if f.guest_orders > 0 {
        notes.push(count(
            f.guest_orders,
            "note_guest_one",
            "note_guest_many",
            &[],
        ));
    }
    if f.guests_skipped > 0 {
        notes.push(count(
            f.guests_skipped,
            "note_skipped_one",
            "note_skipped_many",
            &[],
        ));
    }
    if cfg.revenue == Revenue::Net {
        notes.push(count(
            f.refunded_orders,
            "note_net_one",
            "note_net_many",
            &[],
        ));
    }
    notes
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
            let mut m = json!({
                "file": source.name,
                "order_id": name(c.order_id),
                "customer_id": name(Some(c.customer)),
                "order_date": name(c.date),
                "amount": name(Some(c.amount).filter(|_| c.quantity.is_none())),
                "status": name(c.status),
                "segments": c.segments.iter().map(|&i| c.header[i].clone()).collect::<Vec<_>>(),
            });
            if let (Some(q), Some(o)) = (c.quantity, m.as_object_mut()) {
                o.insert("quantity".into(), json!(c.header[q]));
                o.insert("unit_price".into(), json!(c.header[c.amount]));
            }
            if let (Some(r), Some(o)) = (c.refund, m.as_object_mut()) {
                o.insert("refund".into(), json!(c.header[r]));
            }
            m
        })
        .collect();
    let status = match &cfg.status {
        StatusRule::Exclude(l) => json!({ "exclude": l }),
        StatusRule::Include(l) => json!({ "include": l }),
    };
    let mut filters = Map::new();
    filters.insert("status".into(), status);
    let how = loaded.facts.line_items.unwrap_or(cfg.line_items);
    filters.insert("line_items".into(), json!(flag_value(&how)));
    // Keys of the export rules appear when the rule is in effect (the same
    // flags and preset give the same keys).
    if cfg.revenue == Revenue::Net {
        filters.insert("revenue".into(), json!(flag_value(&cfg.revenue)));
    }
    if cfg.guest_orders != GuestOrders::Error {
        filters.insert("guest_orders".into(), json!(flag_value(&cfg.guest_orders)));
    }
    if let Some(p) = &cfg.cancel_id_prefix {
        filters.insert("cancel_id_prefix".into(), json!(p));
    }
    let mut extra = Map::new();
    extra.insert(
        "data_range".into(),
        json!(range.map(|(a, b)| json!({ "first": day(a), "last": day(b) }))),
    );
    extra.insert(
        "orders_excluded_by_status".into(),
        json!(loaded.excluded_by_status),
    );
    let f = &loaded.facts;
    if cfg.cancel_id_prefix.is_some() {
        extra.insert("orders_cancelled".into(), json!(f.cancelled_orders));
    }
    if f.by_line {
        extra.insert("return_lines".into(), json!(f.return_lines));
    }
    match cfg.guest_orders {
        GuestOrders::Include => extra.insert("guest_orders".into(), json!(f.guest_orders)),
        GuestOrders::Skip => extra.insert("guest_orders_skipped".into(), json!(f.guests_skipped)),
        GuestOrders::Error => None,
    };
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
        cfg.input.zone,
        filters,
        loaded.rows_read,
        &loaded.skipped,
        extra,
    )
}
