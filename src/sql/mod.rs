//! `engage sql`: engage's metric definitions as one SQL statement per KIND
//! (`orders`, `survey`, `customers`, `cohorts`), for the engine the data
//! already lives in. Pure text generation: no I/O, no connection, no
//! transpiler. Every way the dialects differ (identifier quoting, string
//! literals, type names, days since 1970 and back, the day of the year,
//! modulo, byte-order sorting) is one method of [`Dialect`] in
//! `dialect.rs`; the builders here and in the KIND files write only SQL
//! that all seven engines read alike.
//!
//! Dates are carried as day numbers (days since 1970-01-01, as engage's own
//! `_date` column) and periods as ordinals (week, month, quarter or year
//! counts), so that period starts, labels and period indexes are integer
//! arithmetic; only the calendar parts (year, month, day of year) come from
//! the engine.

pub mod cohorts;
pub mod config;
pub mod customers;
mod dialect;
pub mod orders;
pub mod survey;

use crate::cli::{Dialect, Period};
use crate::input::parse::date_from_days;

/// The definitions the statements implement, in words: `engage sql
/// --explain` prints it and the README's "Beyond one machine" section
/// carries the same text (a test keeps them equal).
pub const EXPLAIN: &str = include_str!("explain.md");

/// A statement under construction: named CTEs, then the final SELECT.
#[derive(Debug, Default)]
pub struct Statement {
    ctes: Vec<(String, String)>,
}

impl Statement {
    pub fn cte(&mut self, name: &str, body: String) {
        self.ctes.push((name.to_string(), body));
    }

    /// The whole statement: `WITH a AS (...), b AS (...) SELECT ...;`.
    pub fn finish(self, select: String) -> String {
        let mut out = String::new();
        for (i, (name, body)) in self.ctes.iter().enumerate() {
            out.push_str(if i == 0 { "WITH " } else { ",\n" });
            out.push_str(name);
            out.push_str(" AS (\n");
            for line in body.lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
            out.push(')');
        }
        if !self.ctes.is_empty() {
            out.push('\n');
        }
        out.push_str(&select);
        out.push_str(";\n");
        out
    }
}

/// Expression helpers over one dialect: the SQL every engine reads alike,
/// with the dialect's pieces slotted in.
#[derive(Debug, Clone, Copy)]
pub struct Sql(pub Dialect);

impl Sql {
    pub fn ident(&self, name: &str) -> String {
        self.0.ident(name)
    }

    /// `--table`: each dot-separated part quoted.
    pub fn table(&self, name: &str) -> String {
        name.split('.')
            .map(|p| self.0.ident(p))
            .collect::<Vec<_>>()
            .join(".")
    }

    pub fn string(&self, s: &str) -> String {
        self.0.string(s)
    }

    pub fn double(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.0.double_type())
    }

    pub fn bigint(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.0.bigint_type())
    }

    pub fn text(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.0.text_type())
    }

    /// Exact money: `DECIMAL(18,2)` or the dialect's equivalent.
    pub fn money(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.0.decimal_type())
    }

    /// A text column trimmed, blank as NULL.
    pub fn trimmed(&self, column: &str) -> String {
        format!("NULLIF(TRIM({}), '')", self.text(column))
    }

    /// `a / b` in floating point, NULL when `b` is 0: never an integer
    /// division, never a division by zero.
    pub fn div(&self, a: &str, b: &str) -> String {
        format!("{} / NULLIF({}, 0)", self.double(a), self.double(b))
    }

    /// `100 * a / b`, NULL when `b` is 0.
    pub fn pct(&self, a: &str, b: &str) -> String {
        format!("100 * {}", self.div(a, b))
    }

    /// Floor division of integers (also for negative `a`).
    pub fn int_div(&self, a: &str, b: i64) -> String {
        self.floor_div(a, &b.to_string())
    }

    /// Floor division of integer expressions, in floating point (exact for
    /// the day and period counts it is used on).
    pub fn floor_div(&self, a: &str, b: &str) -> String {
        self.bigint(&format!("FLOOR({} / {})", self.double(a), self.double(b)))
    }

    pub fn modulo(&self, a: &str, b: i64) -> String {
        self.0.modulo(a, b)
    }

    pub fn year(&self, date: &str) -> String {
        self.bigint(&format!("EXTRACT(YEAR FROM {date})"))
    }

    pub fn month(&self, date: &str) -> String {
        self.bigint(&format!("EXTRACT(MONTH FROM {date})"))
    }

    pub fn day(&self, date: &str) -> String {
        self.bigint(&format!("EXTRACT(DAY FROM {date})"))
    }

    /// An integer as text, zero-padded to `width`.
    pub fn padded(&self, e: &str, width: usize) -> String {
        format!("LPAD({}, {width}, '0')", self.text(e))
    }

    pub fn concat(&self, parts: &[String]) -> String {
        format!("CONCAT({})", parts.join(", "))
    }

    /// Days since 1970-01-01 of a DATE.
    pub fn day_number(&self, date: &str) -> String {
        self.0.day_number(date)
    }

    /// The DATE of a day number.
    pub fn date_of(&self, days: &str) -> String {
        self.0.date_of(days)
    }

    /// The ordinal of the period holding day number `dn` (whose DATE is
    /// `date`): the day number, Monday-based week count (1970-01-05 is a
    /// Monday, day 4), month count (year * 12 + month - 1), quarter count or
    /// year.
    pub fn ordinal(&self, by: Period, dn: &str, date: &str) -> String {
        match by {
            Period::Day => dn.to_string(),
            Period::Week => self.int_div(&format!("{dn} - 4"), 7),
            Period::Month => format!("{} * 12 + {} - 1", self.year(date), self.month(date)),
            Period::Quarter => format!(
                "{} * 4 + {}",
                self.year(date),
                self.int_div(&format!("{} - 1", self.month(date)), 3)
            ),
            Period::Year => self.year(date),
        }
    }

    /// The day number of the first day of period ordinal `o`.
    pub fn ordinal_start(&self, by: Period, o: &str) -> String {
        let o = &format!("({o})");
        let first_of_month = |months: String| {
            let date = self.concat(&[
                self.padded(&self.int_div(&months, 12), 4),
                "'-'".into(),
                self.padded(&format!("{} + 1", self.modulo(&months, 12)), 2),
                "'-01'".into(),
            ]);
            self.day_number(&format!("CAST({date} AS DATE)"))
        };
        match by {
            Period::Day => o.to_string(),
            Period::Week => format!("{o} * 7 + 4"),
            Period::Month => first_of_month(o.to_string()),
            Period::Quarter => first_of_month(format!("{o} * 3")),
            Period::Year => first_of_month(format!("{o} * 12")),
        }
    }

    /// The label of period ordinal `o`, as engage prints it: `2024-03-05`,
    /// `2024-W09` (ISO week-year and week, read off the week's Thursday),
    /// `2024-03`, `2024-Q1`, `2024`.
    pub fn label(&self, by: Period, o: &str) -> String {
        let o = &format!("({o})");
        match by {
            Period::Day => {
                let d = self.date_of(o);
                self.concat(&[
                    self.padded(&self.year(&d), 4),
                    "'-'".into(),
                    self.padded(&self.month(&d), 2),
                    "'-'".into(),
                    self.padded(&self.day(&d), 2),
                ])
            }
            Period::Week => {
                let thursday = self.date_of(&format!("{o} * 7 + 7"));
                let doy = self.0.day_of_year(&thursday);
                self.concat(&[
                    self.padded(&self.year(&thursday), 4),
                    "'-W'".into(),
                    self.padded(
                        &format!("{} + 1", self.int_div(&format!("{doy} - 1"), 7)),
                        2,
                    ),
                ])
            }
            Period::Month => self.concat(&[
                self.padded(&self.int_div(o, 12), 4),
                "'-'".into(),
                self.padded(&format!("{} + 1", self.modulo(o, 12)), 2),
            ]),
            Period::Quarter => self.concat(&[
                self.padded(&self.int_div(o, 4), 4),
                "'-Q'".into(),
                self.text(&format!("{} + 1", self.modulo(o, 4))),
            ]),
            Period::Year => self.padded(o, 4),
        }
    }

    /// An ORDER BY term: text in byte order, NULL (blank) last.
    pub fn order_text(&self, e: &str) -> String {
        format!("{} NULLS LAST", self.0.byte_order(e))
    }

    /// A double literal.
    pub fn float(&self, x: f64) -> String {
        self.double(&format!("{x:?}"))
    }
}

/// A SELECT list: each expression under its output name, quoted (the
/// names are engage's CSV header, exactly).
pub fn select_list(sql: &Sql, cols: &[(String, String)]) -> String {
    cols.iter()
        .map(|(e, name)| format!("{e} AS {}", sql.ident(name)))
        .collect::<Vec<_>>()
        .join(",\n  ")
}

/// The ordinal (as [`Sql::ordinal`] computes it in SQL) of the period
/// holding day number `days`, computed here for `--since`/`--until`.
pub fn ordinal(days: i32, by: Period) -> i64 {
    use chrono::Datelike;
    let d = date_from_days(days);
    let (y, m) = (i64::from(d.year()), i64::from(d.month0()));
    match by {
        Period::Day => i64::from(days),
        Period::Week => (i64::from(days) - 4).div_euclid(7),
        Period::Month => y * 12 + m,
        Period::Quarter => y * 4 + m / 3,
        Period::Year => y,
    }
}

/// The status rule as a condition on the trimmed status `st`: an order
/// counts when it holds (matched case-insensitively, as engage does).
pub fn status_condition(sql: &Sql, rule: &crate::config::StatusRule, st: &str) -> String {
    use crate::config::StatusRule;
    let list = |l: &[String]| {
        l.iter()
            .map(|s| sql.string(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rule {
        StatusRule::Exclude(l) if l.is_empty() => "TRUE".into(),
        StatusRule::Exclude(l) => format!("({st} IS NULL OR LOWER({st}) NOT IN ({}))", list(l)),
        StatusRule::Include(l) => format!("LOWER({st}) IN ({})", list(l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse::days_from_date;
    use chrono::NaiveDate;

    fn day(s: &str) -> i32 {
        days_from_date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn ordinals_count_periods_from_their_first_day() {
        // 1970-01-05 is a Monday: the first day of week ordinal 0.
        assert_eq!(ordinal(day("1970-01-05"), Period::Week), 0);
        assert_eq!(ordinal(day("1970-01-04"), Period::Week), -1);
        assert_eq!(
            ordinal(day("2024-12-30"), Period::Week),
            ordinal(day("2025-01-05"), Period::Week)
        );
        assert_eq!(ordinal(day("2024-03-31"), Period::Month), 2024 * 12 + 2);
        assert_eq!(ordinal(day("2024-04-01"), Period::Quarter), 2024 * 4 + 1);
    }

    /// Every statement of every KIND and dialect, with segments, periods
    /// and a range.
    fn every_statement() -> Vec<String> {
        use crate::cli::{Dialect, LineItems, TimeUnit};
        use crate::config::{Scope, StatusRule};
        use clap::ValueEnum;
        let orders = orders::OrderTable {
            table: "orders".into(),
            row_order: Some("line".into()),
            order_id: Some("order_id".into()),
            customer: "customer_id".into(),
            date: "order_date".into(),
            amount: "amount".into(),
            status: Some("status".into()),
            segments: vec!["channel".into()],
            rule: StatusRule::Exclude(vec!["refunded".into()]),
            line_items: LineItems::First,
            refund: Some("refunded".into()),
            guests: true,
            cancel_prefix: Some("C".into()),
        };
        let surveys = survey::SurveyTable {
            table: "surveys".into(),
            nps: Some("nps".into()),
            csat: Some("csat".into()),
            date: "submitted_at".into(),
            segments: vec!["channel".into()],
            csat_scale: 5,
            csat_satisfied: 4,
        };
        let scope = Scope {
            by: Some(Period::Week),
            read_dates: false,
            segments: vec!["channel".into()],
            since: Some(day("2024-01-01")),
            until: Some(day("2024-12-31")),
            skip_invalid: false,
            period_dates: false,
        };
        let rules = crate::metrics::rfm::SegmentRules::default();
        let mut out = Vec::new();
        for d in Dialect::value_variants() {
            let sql = Sql(*d);
            out.push(orders::statement(&sql, &orders, &scope));
            out.push(survey::statement(&sql, &surveys, &scope));
            out.push(customers::statement(
                &sql,
                &orders,
                None,
                TimeUnit::Week,
                &rules,
            ));
            out.push(cohorts::statement(&sql, &orders, Period::Month, None, None));
        }
        out
    }

    #[test]
    fn every_division_is_guarded_or_by_a_nonzero_constant() {
        for s in every_statement() {
            for (at, _) in s.match_indices(" / ") {
                let rest = &s[at + 3..];
                let guarded = rest.starts_with("NULLIF(")
                    || rest.starts_with("CAST(COUNT(*) OVER () AS")
                    || rest
                        .strip_prefix("CAST(")
                        .and_then(|r| r.split_once(" AS "))
                        .is_some_and(|(n, _)| n.parse::<f64>().is_ok_and(|x| x != 0.0))
                    // cn is NULLIF(csat answers, 0); nn is answers + 3; the
                    // Wilson denominator is 1 + z²/cn.
                    || rest.starts_with("cn")
                    || rest.starts_with("nn)")
                    || rest.starts_with("(2 * cn)")
                    || rest.starts_with("(4 * cn * cn)")
                    || rest.starts_with("(1 + ");
                assert!(
                    guarded,
                    "unguarded division: ...{}",
                    &s[at.saturating_sub(60)..at + 40]
                );
            }
        }
    }

    #[test]
    fn statements_are_one_with_clause() {
        let mut s = Statement::default();
        s.cte("a", "SELECT 1 AS x".into());
        s.cte("b", "SELECT x FROM a".into());
        assert_eq!(
            s.finish("SELECT x FROM b".into()),
            "WITH a AS (\n  SELECT 1 AS x\n),\nb AS (\n  SELECT x FROM a\n)\nSELECT x FROM b;\n"
        );
    }
}
