//! `engage sql cohorts`: the long form of `engage cohorts --format csv`,
//! one row per (segment..., cohort, period index k), with the periods no
//! cohort customer ordered in as zero rows, up to the period of the last
//! counted order.

use super::orders::{counted, seg, segs, OrderTable};
use super::{ordinal, select_list, Sql, Statement};
use crate::cli::Period;
use crate::metrics::period::MAX_PERIODS;

/// The statement for `engage cohorts --by BY`, showing the cohorts whose
/// period overlaps `since..=until`.
pub fn statement(
    sql: &Sql,
    t: &OrderTable,
    by: Period,
    since: Option<i32>,
    until: Option<i32>,
) -> String {
    let mut stmt = Statement::default();
    counted(&mut stmt, sql, t, true, false);
    let n = t.segments.len();
    let s = segs(n, "");
    stmt.cte(
        "ranked",
        format!(
            "SELECT cust, dn, amt{s}, {} AS p,\n  \
             ROW_NUMBER() OVER (PARTITION BY cust ORDER BY dn, ork{}) AS rn\nFROM counted",
            sql.ordinal(by, "dn", "dt"),
            (0..n)
                .map(|i| format!(", {}", sql.order_text(&seg(i))))
                .collect::<String>()
        ),
    );
    // A customer's cohort and segment values come from the first counted
    // order; the second counted order (orders, not days) makes a repeat
    // customer.
    stmt.cte(
        "members",
        format!(
            "SELECT f.cust, f.p AS cohort{}, r.p AS second_p\nFROM ranked f\n\
             LEFT JOIN ranked r ON r.cust = f.cust AND r.rn = 2\nWHERE f.rn = 1",
            segs(n, "f.")
        ),
    );
    let mut shown = Vec::new();
    if let Some(d) = since {
        shown.push(format!("cohort >= {}", ordinal(d, by)));
    }
    if let Some(d) = until {
        shown.push(format!("cohort <= {}", ordinal(d, by)));
    }
    let shown = if shown.is_empty() {
        String::new()
    } else {
        format!("\nWHERE {}", shown.join(" AND "))
    };
    stmt.cte(
        "cohorts",
        format!("SELECT cohort{s}, COUNT(*) AS size\nFROM members{shown}\nGROUP BY cohort{s}"),
    );
    // Period indexes 0..MAX_PERIODS-1 from a digits table: the same SQL on
    // every engine, no series function.
    stmt.cte(
        "digits",
        (0..10)
            .map(|d| format!("SELECT {d} AS d"))
            .collect::<Vec<_>>()
            .join(" UNION ALL "),
    );
    let places = MAX_PERIODS.to_string().len() - 1;
    let tables: Vec<String> = (0..places).map(|i| format!("digits d{i}")).collect();
    let index: Vec<String> = (0..places)
        .map(|i| format!("d{i}.d * {}", 10_i64.pow(i as u32)))
        .collect();
    stmt.cte(
        "bounds",
        "SELECT MIN(p) AS first_p, MAX(p) AS last_p\nFROM ranked".into(),
    );
    // Only as many steps as the data spans, before any join.
    stmt.cte(
        "steps",
        format!(
            "SELECT {} AS k\nFROM {}\nCROSS JOIN bounds b\nWHERE {} <= b.last_p - b.first_p",
            index.join(" + "),
            tables.join("\nCROSS JOIN "),
            index.join(" + ")
        ),
    );
    stmt.cte(
        "grid",
        format!(
            "SELECT c.cohort{}, c.size, st.k\nFROM cohorts c\nCROSS JOIN steps st\n\
             CROSS JOIN bounds b\nWHERE c.cohort + st.k <= b.last_p",
            segs(n, "c.")
        ),
    );
    stmt.cte(
        "activity",
        format!(
            "SELECT m.cohort{}, r.p - m.cohort AS k, COUNT(DISTINCT r.cust) AS active,\n  \
             COUNT(*) AS orders, SUM(r.amt) AS revenue\nFROM members m\n\
             JOIN ranked r ON r.cust = m.cust\nGROUP BY m.cohort{}, r.p - m.cohort",
            segs(n, "m."),
            segs(n, "m.")
        ),
    );
    stmt.cte(
        "repeats",
        format!(
            "SELECT cohort{s}, second_p - cohort AS k, COUNT(*) AS repeaters\nFROM members\n\
             WHERE second_p IS NOT NULL\nGROUP BY cohort{s}, second_p - cohort"
        ),
    );
    let key_on = |alias: &str| -> String {
        let mut on = format!("{alias}.cohort = g.cohort AND {alias}.k = g.k");
        on.push_str(&on_segments(alias, n));
        on
    };
    let partition = format!("g.cohort{}", segs(n, "g."));
    stmt.cte(
        "cells",
        format!(
            "SELECT g.*,\n  COALESCE(a.active, 0) AS active,\n  COALESCE(a.orders, 0) AS orders,\n  \
             {} AS revenue,\n  \
             SUM(COALESCE(a.revenue, 0)) OVER (PARTITION BY {partition} ORDER BY g.k \
             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_revenue,\n  \
             SUM(COALESCE(r.repeaters, 0)) OVER (PARTITION BY {partition} ORDER BY g.k \
             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS repeaters\n\
             FROM grid g\nLEFT JOIN activity a ON {}\nLEFT JOIN repeats r ON {}",
            sql.money("COALESCE(a.revenue, 0)"),
            key_on("a"),
            key_on("r")
        ),
    );
    let mut cols: Vec<(String, String)> = Vec::new();
    for (i, name) in t.segments.iter().enumerate() {
        cols.push((seg(i), name.clone()));
    }
    for (expr, name) in [
        (sql.label(by, "cohort"), "cohort"),
        ("k".to_string(), "period_index"),
        (sql.label(by, "cohort + k"), "period"),
        ("size".into(), "cohort_customers"),
        ("active".into(), "active_customers"),
        (sql.pct("active", "size"), "retention"),
        ("orders".into(), "orders"),
        (sql.money("revenue"), "revenue"),
        (sql.div("revenue", "size"), "revenue_per_customer"),
        (
            sql.div("cumulative_revenue", "size"),
            "cumulative_revenue_per_customer",
        ),
        ("repeaters".into(), "repeat_customers_cumulative"),
        (sql.pct("repeaters", "size"), "repeat_rate_cumulative"),
    ] {
        cols.push((expr, name.to_string()));
    }
    let mut order: Vec<String> = (0..n).map(|i| sql.order_text(&seg(i))).collect();
    order.extend(["cohort".to_string(), "k".into()]);
    stmt.finish(format!(
        "SELECT\n  {}\nFROM cells\nORDER BY {}",
        select_list(sql, &cols),
        order.join(", ")
    ))
}

/// ` AND a.s0 = g.s0 ...`: segment values equal, blank (NULL) equal to
/// blank.
fn on_segments(alias: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                " AND ({alias}.{s} = g.{s} OR ({alias}.{s} IS NULL AND g.{s} IS NULL))",
                s = seg(i)
            )
        })
        .collect()
}
