//! Calendar periods for `--by`: the first day of the period a date falls in,
//! and the period's label as METRICS.md spells it.

use crate::cli::Period;
use crate::input::parse::{date_from_days, days_from_date};
use chrono::{Datelike, NaiveDate};

/// The first day (days since 1970-01-01) of the period holding `days`.
/// Weeks are ISO weeks and start on Monday.
pub fn period_start(days: i32, by: Period) -> i32 {
    let d = date_from_days(days);
    let first = match by {
        Period::Day => d,
        Period::Week => {
            return days - d.weekday().num_days_from_monday() as i32;
        }
        Period::Month => d.with_day(1).unwrap_or(d),
        Period::Quarter => {
            let month = (d.month0() / 3) * 3 + 1;
            NaiveDate::from_ymd_opt(d.year(), month, 1).unwrap_or(d)
        }
        Period::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
    };
    days_from_date(first)
}

/// The last day of the period that starts on `start` (a period's first
/// day, as `period_start` gives it).
pub fn period_end(start: i32, by: Period) -> i32 {
    // The longest period of each unit: `start` plus this lands in the next
    // period, never beyond it.
    let longest = match by {
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 31,
        Period::Quarter => 92,
        Period::Year => 366,
    };
    period_start(start + longest, by) - 1
}

/// `2024-03-05`: a day as ISO 8601 writes it.
pub fn day(d: i32) -> String {
    date_from_days(d).format("%Y-%m-%d").to_string()
}

/// The first day of the period just before the one starting on `start`.
pub fn previous_start(start: i32, by: Period) -> i32 {
    period_start(start - 1, by)
}

/// The label of the period starting on `start`: `2024-03-05`, `2024-W09`
/// (ISO week-year and week), `2024-03`, `2024-Q1`, `2024`.
/// A per-period table longer than this is refused unless allowed: 27
/// years of days, 192 years of weeks; far longer is a placeholder date.
pub const MAX_PERIODS: i64 = 10_000;

/// How many periods of `by` the days `first..=last` touch.
pub fn period_count(first: i32, last: i32, by: Period) -> i64 {
    use chrono::Datelike;
    let (a, b) = (period_start(first, by), period_start(last, by));
    let months = |d: i32| {
        let d = crate::input::parse::date_from_days(d);
        i64::from(d.year()) * 12 + i64::from(d.month0())
    };
    match by {
        Period::Day => i64::from(b) - i64::from(a) + 1,
        Period::Week => (i64::from(b) - i64::from(a)) / 7 + 1,
        Period::Month => months(b) - months(a) + 1,
        Period::Quarter => (months(b) - months(a)) / 3 + 1,
        Period::Year => (months(b) - months(a)) / 12 + 1,
    }
}

pub fn label(start: i32, by: Period) -> String {
    let d = date_from_days(start);
    match by {
        Period::Day => d.format("%Y-%m-%d").to_string(),
        Period::Week => {
            let w = d.iso_week();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Period::Quarter => format!("{:04}-Q{}", d.year(), d.month0() / 3 + 1),
        Period::Year => format!("{:04}", d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i32 {
        days_from_date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn bucket(s: &str, by: Period) -> String {
        label(period_start(day(s), by), by)
    }

    #[test]
    fn labels_follow_metrics_md() {
        assert_eq!(bucket("2024-03-31", Period::Day), "2024-03-31");
        assert_eq!(bucket("2024-03-31", Period::Month), "2024-03");
        assert_eq!(bucket("2024-03-31", Period::Quarter), "2024-Q1");
        assert_eq!(bucket("2024-04-01", Period::Quarter), "2024-Q2");
        assert_eq!(bucket("2024-12-31", Period::Year), "2024");
    }

    #[test]
    fn periods_end_on_their_last_day() {
        let end = |s: &str, by| date_from_days(period_end(day(s), by)).to_string();
        assert_eq!(end("2024-02-01", Period::Month), "2024-02-29");
        assert_eq!(end("2023-02-01", Period::Month), "2023-02-28");
        assert_eq!(end("2024-12-01", Period::Month), "2024-12-31");
        assert_eq!(end("2024-03-04", Period::Week), "2024-03-10");
        assert_eq!(end("2024-10-01", Period::Quarter), "2024-12-31");
        assert_eq!(end("2024-01-01", Period::Year), "2024-12-31");
        assert_eq!(end("2024-03-05", Period::Day), "2024-03-05");
        let prev = |s: &str, by| date_from_days(previous_start(day(s), by)).to_string();
        assert_eq!(prev("2024-03-01", Period::Month), "2024-02-01");
        assert_eq!(prev("2024-01-01", Period::Quarter), "2023-10-01");
        assert_eq!(prev("2024-03-04", Period::Week), "2024-02-26");
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        // 2024-12-30 is the Monday of ISO week 1 of 2025.
        assert_eq!(bucket("2024-12-31", Period::Week), "2025-W01");
        assert_eq!(bucket("2025-01-05", Period::Week), "2025-W01");
        // 2021-01-03 (a Sunday) still belongs to 2020's week 53.
        assert_eq!(bucket("2021-01-03", Period::Week), "2020-W53");
        assert_eq!(
            period_start(day("2024-03-06"), Period::Week),
            day("2024-03-04")
        );
    }
}
