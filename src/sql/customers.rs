//! `engage sql customers`: one row per customer with a counted order up to
//! the observation end, the columns of `engage customers --format csv`
//! (lifetimes' frequency, recency, T and monetary_value, RFM quintile
//! scores and the named segment); `engage clv --summary` reads it back.

use super::orders::{counted, seg, segs, OrderTable};
use super::{select_list, Sql, Statement};
use crate::cli::TimeUnit;
use crate::metrics::rfm::{unit_days, SegmentRules, SCORES};

/// The statement for `engage customers` (per customer, sorted by id in
/// byte order).
pub fn statement(
    sql: &Sql,
    t: &OrderTable,
    as_of: Option<i32>,
    unit: TimeUnit,
    rules: &SegmentRules,
) -> String {
    let mut stmt = Statement::default();
    counted(&mut stmt, sql, t, true, false);
    let n = t.segments.len();
    stmt.cte(
        "bounds",
        match as_of {
            Some(d) => format!("SELECT {} AS end_dn", sql.bigint(&d.to_string())),
            None => "SELECT MAX(dn) AS end_dn FROM counted".to_string(),
        },
    );
    stmt.cte(
        "cut",
        "SELECT c.*\nFROM counted c\nCROSS JOIN bounds b\nWHERE c.dn <= b.end_dn".into(),
    );
    stmt.cte(
        "per",
        "SELECT cust, MIN(dn) AS first_dn, MAX(dn) AS last_dn, COUNT(*) AS orders,\n  \
         SUM(amt) AS revenue, COUNT(DISTINCT dn) AS days\nFROM cut\nGROUP BY cust"
            .into(),
    );
    stmt.cte(
        "first_day",
        "SELECT c.cust, SUM(c.amt) AS first_revenue\nFROM cut c\n\
         JOIN per p ON p.cust = c.cust AND c.dn = p.first_dn\nGROUP BY c.cust"
            .into(),
    );
    if n > 0 {
        // The segment values of the first counted order, by day, then row.
        let tie: String = (0..n)
            .map(|i| format!(", {}", sql.order_text(&seg(i))))
            .collect();
        stmt.cte(
            "first_order",
            format!(
                "SELECT cust{s}, ROW_NUMBER() OVER (PARTITION BY cust ORDER BY dn, ork{tie}) AS rn\n\
                 FROM cut",
                s = segs(n, "")
            ),
        );
    }
    // Quintile scores: 1 + floor(5 * (customers with a strictly worse
    // value) / customers); ties share a score.
    let score = |v: &str| {
        format!(
            "1 + {}",
            sql.floor_div(
                &format!("{SCORES} * (RANK() OVER (ORDER BY {v}) - 1)"),
                "COUNT(*) OVER ()"
            )
        )
    };
    stmt.cte(
        "scored",
        format!(
            "SELECT p.*, f.first_revenue,\n  {} AS r_score,\n  {} AS f_score,\n  {} AS m_score\n\
             FROM per p\nJOIN first_day f ON f.cust = p.cust",
            score("p.last_dn"),
            score("p.orders"),
            score("p.revenue")
        ),
    );
    let unit = sql.float(unit_days(unit));
    let day = |dn: &str| sql.label(crate::cli::Period::Day, dn);
    let within = |col: &str, [lo, hi]: [u8; 2]| format!("{col} BETWEEN {lo} AND {hi}");
    let segment = format!(
        "CASE{} ELSE {} END",
        rules
            .rules
            .iter()
            .map(|r| format!(
                "\n    WHEN {} AND {} AND {} THEN {}",
                within("s.r_score", r.r),
                within("s.f_score", r.f),
                within("s.m_score", r.m),
                sql.string(&r.name)
            ))
            .collect::<String>(),
        sql.string(&rules.other)
    );
    let mut cols: Vec<(String, String)> = vec![("s.cust".into(), "customer_id".into())];
    for (i, name) in t.segments.iter().enumerate() {
        cols.push((format!("o.{}", seg(i)), name.clone()));
    }
    for (expr, name) in [
        (day("s.first_dn"), "first_order"),
        (day("s.last_dn"), "last_order"),
        ("s.orders".into(), "orders"),
        (sql.money("s.revenue"), "revenue"),
        (sql.div("s.revenue", "s.orders"), "aov"),
        ("b.end_dn - s.last_dn".into(), "days_since_last_order"),
        ("s.days - 1".into(), "frequency"),
        (
            format!("{} / {unit}", sql.double("s.last_dn - s.first_dn")),
            "recency",
        ),
        (
            format!("{} / {unit}", sql.double("b.end_dn - s.first_dn")),
            "T",
        ),
        (
            format!(
                "CASE WHEN s.days > 1 THEN {} ELSE {} END",
                sql.div("s.revenue - s.first_revenue", "s.days - 1"),
                sql.float(0.0)
            ),
            "monetary_value",
        ),
        ("s.r_score".into(), "r_score"),
        ("s.f_score".into(), "f_score"),
        ("s.m_score".into(), "m_score"),
        (
            "100 * s.r_score + 10 * s.f_score + s.m_score".into(),
            "rfm_score",
        ),
        (segment, "segment"),
    ] {
        cols.push((expr, name.to_string()));
    }
    let join = if n > 0 {
        "\nJOIN first_order o ON o.cust = s.cust AND o.rn = 1"
    } else {
        ""
    };
    stmt.finish(format!(
        "SELECT\n  {}\nFROM scored s\nCROSS JOIN bounds b{join}\nORDER BY {}",
        select_list(sql, &cols),
        sql.order_text("s.cust")
    ))
}
