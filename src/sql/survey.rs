//! `engage sql survey`: NPS with its adjusted-Wald margin and CSAT with its
//! Wilson interval per (period, segment...) scope, as `engage survey`.

use super::orders::{seg, segs};
use super::{select_list, Sql, Statement};
use crate::config::Scope;
use crate::metrics::survey::{
    LOW_SAMPLE, NPS_ADJUST_COUNT, NPS_ADJUST_N, PASSIVE_FROM, PROMOTER_FROM, Z95,
};

/// The user's survey table, resolved.
#[derive(Debug, Clone)]
pub struct SurveyTable {
    pub table: String,
    /// `None`: the table has no such score.
    pub nps: Option<String>,
    pub csat: Option<String>,
    pub date: String,
    pub segments: Vec<String>,
    pub csat_scale: u8,
    pub csat_satisfied: u8,
}

/// The statement for `engage survey` with this scope. An answer outside
/// its scale drops its row, as `--skip-invalid` does.
pub fn statement(sql: &Sql, t: &SurveyTable, scope: &Scope) -> String {
    let mut stmt = Statement::default();
    let col = |c: &str| sql.ident(c);
    let n = t.segments.len();
    let score = |c: &Option<String>| sql.bigint(&c.as_deref().map_or("NULL".into(), col));
    let mut src = vec![
        format!("{} AS nps", score(&t.nps)),
        format!("{} AS csat", score(&t.csat)),
    ];
    let dates = scope.needs_dates();
    if dates {
        src.push(format!("CAST({} AS DATE) AS dt", col(&t.date)));
    }
    for (i, s) in t.segments.iter().enumerate() {
        src.push(format!("{} AS {}", sql.trimmed(&col(s)), seg(i)));
    }
    stmt.cte(
        "src",
        format!(
            "SELECT\n  {}\nFROM {}",
            src.join(",\n  "),
            sql.table(&t.table)
        ),
    );
    let mut valid = vec![
        "(nps IS NULL OR nps BETWEEN 0 AND 10)".to_string(),
        format!("(csat IS NULL OR csat BETWEEN 1 AND {})", t.csat_scale),
    ];
    if dates {
        valid.push("dt IS NOT NULL".into());
    }
    if let Some(s) = scope.since {
        valid.push(format!("{} >= {s}", sql.day_number("dt")));
    }
    if let Some(u) = scope.until {
        valid.push(format!("{} <= {u}", sql.day_number("dt")));
    }
    let period = match scope.by {
        Some(by) => sql.ordinal(by, &sql.day_number("dt"), "dt"),
        None => sql.bigint("NULL"),
    };
    stmt.cte(
        "scoped",
        format!(
            "SELECT nps, csat{}, {period} AS p\nFROM src\nWHERE {}",
            segs(n, ""),
            valid.join("\n  AND ")
        ),
    );
    let count_if = |cond: &str| format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)");
    stmt.cte(
        "tallies",
        format!(
            "SELECT p{s},\n  COUNT(nps) AS nps_responses,\n  {} AS promoters,\n  {} AS passives,\n  \
             {} AS detractors,\n  COUNT(csat) AS csat_responses,\n  {} AS satisfied,\n  \
             SUM(csat) AS csat_sum\nFROM scoped\nGROUP BY p{s}",
            count_if(&format!("nps >= {PROMOTER_FROM}")),
            count_if(&format!(
                "nps >= {PASSIVE_FROM} AND nps < {PROMOTER_FROM}"
            )),
            count_if(&format!("nps < {PASSIVE_FROM}")),
            count_if(&format!("csat >= {}", t.csat_satisfied)),
            s = segs(n, "")
        ),
    );
    // The adjusted-Wald shares (n' = n + 3, p' and d' with 3/4 added) and
    // the CSAT share, in floating point.
    let adjusted_n = format!(
        "{} + {}",
        sql.double("nps_responses"),
        sql.float(NPS_ADJUST_N)
    );
    let adjusted = |count: &str| {
        format!(
            "({} + {}) / NULLIF({adjusted_n}, 0)",
            sql.double(count),
            sql.float(NPS_ADJUST_COUNT)
        )
    };
    stmt.cte(
        "shares",
        format!(
            // cn is NULL without answers, so that every division by it is
            // NULL.
            "SELECT tallies.*,\n  {adjusted_n} AS nn,\n  {} AS pp,\n  {} AS dd,\n  \
             NULLIF({}, 0) AS cn,\n  {} AS cp\nFROM tallies",
            adjusted("promoters"),
            adjusted("detractors"),
            sql.double("csat_responses"),
            sql.div("satisfied", "csat_responses"),
        ),
    );
    let z = sql.float(Z95);
    let z2 = format!("({z} * {z})");
    // Wilson: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), in
    // percent, clamped to 0-100.
    let denominator = format!("(1 + {z2} / cn)");
    let center = format!("((cp + {z2} / (2 * cn)) / {denominator})");
    let half = format!("({z} * SQRT(cp * (1 - cp) / cn + {z2} / (4 * cn * cn)) / {denominator})");
    let clamp = |e: String| {
        format!(
            "CASE WHEN cn > 0 THEN CASE WHEN {e} < 0 THEN {zero} WHEN {e} > 100 THEN {hundred} ELSE {e} END END",
            zero = sql.float(0.0),
            hundred = sql.float(100.0)
        )
    };
    let variance = "(pp + dd - (pp - dd) * (pp - dd))";
    let mut cols: Vec<(String, String)> = Vec::new();
    if let Some(by) = scope.by {
        cols.push((sql.label(by, "p"), "period".into()));
    }
    for (i, name) in t.segments.iter().enumerate() {
        cols.push((seg(i), name.clone()));
    }
    let nps_pct = |c: &str| sql.pct(c, "nps_responses");
    for (expr, name) in [
        ("nps_responses".to_string(), "nps_responses"),
        ("promoters".into(), "promoters"),
        ("passives".into(), "passives"),
        ("detractors".into(), "detractors"),
        (nps_pct("promoters"), "promoters_pct"),
        (nps_pct("passives"), "passives_pct"),
        (nps_pct("detractors"), "detractors_pct"),
        (
            format!("{} - {}", nps_pct("promoters"), nps_pct("detractors")),
            "nps",
        ),
        (
            format!(
                "CASE WHEN nps_responses > 0 THEN 100 * {z} * SQRT(CASE WHEN {variance} < 0 \
                 THEN {} ELSE {variance} END / nn) END",
                sql.float(0.0)
            ),
            "nps_margin",
        ),
        ("csat_responses".into(), "csat_responses"),
        ("satisfied".into(), "satisfied"),
        (sql.pct("satisfied", "csat_responses"), "csat"),
        (sql.div("csat_sum", "csat_responses"), "csat_mean"),
        (clamp(format!("100 * ({center} - {half})")), "csat_low"),
        (clamp(format!("100 * ({center} + {half})")), "csat_high"),
        (low_sample(t), "low_sample"),
    ] {
        cols.push((expr, name.to_string()));
    }
    let mut order: Vec<String> = Vec::new();
    if scope.by.is_some() {
        order.push("p".into());
    }
    order.extend((0..n).map(|i| sql.order_text(&seg(i))));
    let order_by = if order.is_empty() {
        String::new()
    } else {
        format!("\nORDER BY {}", order.join(", "))
    };
    // A group exists only where rows are; without --by and --segment the
    // one row is there even for an empty range, as engage's total.
    stmt.finish(format!(
        "SELECT\n  {}\nFROM shares{order_by}",
        select_list(sql, &cols)
    ))
}

/// True when a score the table has is answered fewer than `LOW_SAMPLE`
/// times in the row.
fn low_sample(t: &SurveyTable) -> String {
    let mut low = Vec::new();
    if t.nps.is_some() {
        low.push(format!("nps_responses < {LOW_SAMPLE}"));
    }
    if t.csat.is_some() {
        low.push(format!("csat_responses < {LOW_SAMPLE}"));
    }
    match low.is_empty() {
        true => "FALSE".into(),
        false => format!("CASE WHEN {} THEN TRUE ELSE FALSE END", low.join(" OR ")),
    }
}
