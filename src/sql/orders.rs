//! `engage sql orders`: the counted orders (rows folded into orders, the
//! status rule, the e-mail rule), which `customers` and `cohorts` build on
//! too, and the order metrics of `engage orders` per (period, segment...)
//! scope.

use super::{status_condition, Sql, Statement};
use crate::cli::LineItems;
use crate::config::{Scope, StatusRule};

/// The user's order table, resolved: its columns (from the flags, the
/// preset or engage's canonical names), the status rule and the line-item
/// rule.
#[derive(Debug, Clone)]
pub struct OrderTable {
    pub table: String,
    /// `--row-order-col`: a line number; an order's fields are those of its
    /// first row where they are not blank, as engage reads a file.
    pub row_order: Option<String>,
    /// `None`: the table has none (each row is one order).
    pub order_id: Option<String>,
    pub customer: String,
    pub date: String,
    pub amount: String,
    /// `None`: the table has none (every order counts by status).
    pub status: Option<String>,
    /// The `--segment` columns, as given.
    pub segments: Vec<String>,
    pub rule: StatusRule,
    pub line_items: LineItems,
    /// With `--revenue net`: the refund column (an order's amount less the
    /// size of its refund, the first non-blank of its rows; blank is 0).
    pub refund: Option<String>,
    /// `--guest-orders include`: orders with a blank customer count in
    /// `orders`, `revenue` and `aov` (else they are left out).
    pub guests: bool,
    /// Orders whose id starts with this are cancellations (left out).
    pub cancel_prefix: Option<String>,
}

/// Internal name of the n-th segment column in the CTEs.
pub fn seg(i: usize) -> String {
    format!("s{i}")
}

/// `, s0, s1` (or nothing): the segment columns for SELECT and GROUP BY
/// lists, each prefixed by `prefix`.
pub fn segs(n: usize, prefix: &str) -> String {
    (0..n).map(|i| format!(", {prefix}{}", seg(i))).collect()
}

/// Adds the CTEs `src` (one row per table row, typed and trimmed),
/// `folded` (one row per order) and `counted` (the orders that count:
/// `cust`, `dt`, `dn` day number, `amt`, `s0..`, `ork` the order's first
/// row). With `dates`, an order without a date does not count (engage
/// reads dates only when something uses them). With `guests` (and
/// `t.guests`), orders with a blank customer count, with `cust` NULL; the
/// per-customer statements never take them.
pub fn counted(stmt: &mut Statement, sql: &Sql, t: &OrderTable, dates: bool, guests: bool) {
    let col = |c: &str| sql.ident(c);
    let customer = sql.trimmed(&col(&t.customer));
    let text_or_null = |c: &Option<String>| match c {
        Some(c) => sql.trimmed(&col(c)),
        None => sql.text("NULL"),
    };
    let mut src = vec![
        format!("{} AS oid", text_or_null(&t.order_id)),
        // E-mail addresses are one customer whatever their case.
        format!(
            "CASE WHEN {customer} LIKE '%@%' THEN LOWER({customer}) ELSE {customer} END AS cust"
        ),
        // Dates are read only when something uses them, as engage does.
        if dates {
            format!("CAST({} AS DATE) AS dt", col(&t.date))
        } else {
            "CAST(NULL AS DATE) AS dt".into()
        },
        format!("{} AS amt", sql.money(&col(&t.amount))),
        format!("{} AS st", text_or_null(&t.status)),
    ];
    if let Some(r) = &t.refund {
        src.push(format!("{} AS rf", sql.money(&col(r))));
    }
    for (i, s) in t.segments.iter().enumerate() {
        src.push(format!("{} AS {}", sql.trimmed(&col(s)), seg(i)));
    }
    src.push(match &t.row_order {
        Some(r) => format!("{} AS rk", sql.bigint(&col(r))),
        None => format!("{} AS rk", sql.bigint("NULL")),
    });
    stmt.cte(
        "src",
        format!(
            "SELECT\n  {}\nFROM {}",
            src.join(",\n  "),
            sql.table(&t.table)
        ),
    );

    // An order's fields: with a row order, those of its first row where
    // each is not blank; without one, the smallest non-blank value (the
    // same whenever an order's rows agree, as line-item exports repeat or
    // leave blank the order-level fields).
    let n = t.segments.len();
    let mut fields: Vec<String> = vec!["cust".into(), "dt".into(), "st".into()];
    fields.extend((0..n).map(seg));
    fields.push("amt".into());
    if t.refund.is_some() {
        fields.push("rf".into());
    }
    let ordered = t.row_order.is_some();
    let pick = |f: &str| match (f, t.line_items, ordered) {
        ("amt", LineItems::Sum, _) => "SUM(amt) AS amt".to_string(),
        (f, _, true) => format!("MIN(CASE WHEN rk = rk_{f} THEN {f} END) AS {f}"),
        (f, _, false) => format!("MIN({f}) AS {f}"),
    };
    let grouped = if ordered {
        let windows: Vec<String> = fields
            .iter()
            .map(|f| {
                format!(
                    "MIN(CASE WHEN {f} IS NOT NULL THEN rk END) OVER (PARTITION BY oid) AS rk_{f}"
                )
            })
            .collect();
        stmt.cte(
            "keyed",
            format!(
                "SELECT src.*,\n  {}\nFROM src\nWHERE oid IS NOT NULL",
                windows.join(",\n  ")
            ),
        );
        "keyed"
    } else {
        "src WHERE oid IS NOT NULL"
    };
    let mut picked: Vec<String> = vec!["oid".into()];
    picked.extend(fields.iter().map(|f| pick(f)));
    picked.push("MIN(rk) AS ork".into());
    // Rows with a blank order id are orders of their own.
    stmt.cte(
        "folded",
        format!(
            "SELECT {}\nFROM {grouped}\nGROUP BY oid\nUNION ALL\n\
             SELECT oid, cust, dt, st{}, amt{}, rk AS ork\nFROM src\nWHERE oid IS NULL",
            picked.join(",\n  "),
            segs(n, ""),
            if t.refund.is_some() { ", rf" } else { "" }
        ),
    );
    let mut valid = vec![
        status_condition(sql, &t.rule, "st"),
        "amt IS NOT NULL".into(),
    ];
    if !(guests && t.guests) {
        valid.push("cust IS NOT NULL".into());
    }
    if let Some(prefix) = &t.cancel_prefix {
        // Cancellations by order id, matched as written.
        valid.push(format!(
            "(oid IS NULL OR SUBSTR(oid, 1, {}) <> {})",
            prefix.chars().count(),
            sql.string(prefix)
        ));
    }
    if dates {
        valid.push("dt IS NOT NULL".into());
    }
    stmt.cte(
        "counted",
        format!(
            "SELECT cust, dt, {} AS dn, {} AS amt{}, ork\nFROM folded\nWHERE {}",
            sql.day_number("dt"),
            match t.refund {
                Some(_) => "amt - COALESCE(ABS(rf), 0)",
                None => "amt",
            },
            segs(n, ""),
            valid.join("\n  AND ")
        ),
    );
}

/// The statement for `engage orders` with this scope: the columns, names,
/// labels, row set and order of `engage orders --format csv`.
pub fn statement(sql: &Sql, t: &OrderTable, scope: &Scope) -> String {
    let mut stmt = Statement::default();
    let dates = scope.needs_dates();
    counted(&mut stmt, sql, t, dates, true);
    let n = t.segments.len();
    // A scope begins on its period's first day, or at --since, whichever
    // is later; only then can a customer be returning.
    let starts = scope.by.is_some() || scope.since.is_some();
    let mut range = Vec::new();
    if let Some(s) = scope.since {
        range.push(format!("dn >= {s}"));
    }
    if let Some(u) = scope.until {
        range.push(format!("dn <= {u}"));
    }
    let period = match scope.by {
        Some(by) => sql.ordinal(by, "dn", "dt"),
        None => sql.bigint("NULL"),
    };
    stmt.cte(
        "scoped",
        format!(
            "SELECT cust, amt{}, {period} AS p\nFROM counted{}",
            segs(n, ""),
            if range.is_empty() {
                String::new()
            } else {
                format!("\nWHERE {}", range.join(" AND "))
            }
        ),
    );
    stmt.cte(
        "per_customer",
        format!(
            "SELECT p{s}, cust, COUNT(*) AS n, SUM(amt) AS rev\nFROM scoped\nGROUP BY p{s}, cust",
            s = segs(n, "")
        ),
    );
    let (tallied, history) = if starts {
        stmt.cte(
            "firsts",
            "SELECT cust, MIN(dn) AS first_dn\nFROM counted\nGROUP BY cust".into(),
        );
        stmt.cte(
            "history",
            "SELECT MIN(dn) AS history_dn\nFROM counted".into(),
        );
        let period_start = scope.by.map(|by| sql.ordinal_start(by, "pc.p"));
        let start = match (period_start, scope.since) {
            (Some(p), Some(s)) => format!("CASE WHEN {p} < {s} THEN {s} ELSE {p} END"),
            (Some(p), None) => p,
            (None, Some(s)) => s.to_string(),
            (None, None) => unreachable!("starts"),
        };
        stmt.cte(
            "started",
            format!(
                "SELECT pc.*, {start} AS start_dn,\n  \
                 CASE WHEN f.first_dn < {start} THEN 1 ELSE 0 END AS ret\n\
                 FROM per_customer pc\nLEFT JOIN firsts f ON f.cust = pc.cust"
            ),
        );
        ("started", true)
    } else {
        ("per_customer", false)
    };
    let returning_sum = if history { "SUM(ret)" } else { "0" };
    let start_col = if history {
        "MIN(start_dn)".to_string()
    } else {
        sql.bigint("NULL")
    };
    stmt.cte(
        "tallies",
        format!(
            "SELECT p{s},\n  SUM(n) AS orders,\n  {known}1 ELSE 0 END) AS customers,\n  \
             SUM(rev) AS revenue,\n  {known}n ELSE 0 END) AS identified_orders,\n  \
             {known}rev ELSE 0 END) AS identified_revenue,\n  \
             SUM(CASE WHEN cust IS NULL THEN n ELSE 0 END) AS guest_orders,\n  \
             SUM(CASE WHEN cust IS NOT NULL AND n >= 2 THEN 1 ELSE 0 END) AS repeat_customers,\n  \
             SUM(CASE WHEN cust IS NOT NULL AND n >= 2 THEN rev ELSE 0 END) AS repeat_revenue,\n  \
             {returning_sum} AS returning_customers,\n  {start_col} AS start_dn\n\
             FROM {tallied}\nGROUP BY p{s}",
            s = segs(n, ""),
            known = "SUM(CASE WHEN cust IS NOT NULL THEN "
        ),
    );
    let mut cols: Vec<(String, String)> = Vec::new();
    if let Some(by) = scope.by {
        cols.push((sql.label(by, "t.p"), "period".into()));
    }
    for (i, name) in t.segments.iter().enumerate() {
        cols.push((format!("t.{}", seg(i)), name.clone()));
    }
    let returning_rate = if history {
        format!(
            "CASE WHEN h.history_dn < t.start_dn THEN {} END",
            sql.pct("t.returning_customers", "t.customers")
        )
    } else {
        sql.double("NULL")
    };
    // Guest orders count in orders, revenue and aov only.
    let one_time_spend = sql.div(
        "t.identified_revenue - t.repeat_revenue",
        "t.customers - t.repeat_customers",
    );
    for (expr, name) in [
        ("t.orders".to_string(), "orders"),
        ("t.customers".into(), "customers"),
        (sql.money("t.revenue"), "revenue"),
        (sql.div("t.revenue", "t.orders"), "aov"),
        (
            sql.div("t.identified_orders", "t.customers"),
            "purchase_frequency",
        ),
        ("t.repeat_customers".into(), "repeat_customers"),
        (
            sql.pct("t.repeat_customers", "t.customers"),
            "repeat_purchase_rate",
        ),
        ("t.returning_customers".into(), "returning_customers"),
        (returning_rate, "returning_customer_rate"),
        (
            "t.customers - t.returning_customers".into(),
            "new_customers",
        ),
        (
            sql.pct("t.repeat_revenue", "t.identified_revenue"),
            "repeat_revenue_share",
        ),
        (
            sql.div(
                &sql.div("t.repeat_revenue", "t.repeat_customers"),
                &one_time_spend,
            ),
            "repeat_vs_one_time_spend",
        ),
    ] {
        cols.push((expr, name.to_string()));
    }
    if t.guests {
        cols.push((
            "t.guest_orders".into(),
            crate::commands::orders::GUEST_ORDERS.into(),
        ));
    }
    let from = if history {
        "tallies t\nCROSS JOIN history h"
    } else {
        "tallies t"
    };
    let mut order: Vec<String> = Vec::new();
    if scope.by.is_some() {
        order.push("t.p".into());
    }
    order.extend((0..n).map(|i| sql.order_text(&format!("t.{}", seg(i)))));
    let order_by = if order.is_empty() {
        String::new()
    } else {
        format!("\nORDER BY {}", order.join(", "))
    };
    stmt.finish(format!(
        "SELECT\n  {}\nFROM {from}\nWHERE t.orders > 0{order_by}",
        super::select_list(sql, &cols)
    ))
}
