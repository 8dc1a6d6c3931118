//! One module per subcommand: each wires input -> metrics -> report ->
//! output for its command, and owns the stderr summary of what was skipped.

pub mod check;
pub mod clv;
pub mod cohorts;
pub mod compare;
pub mod customers;
pub mod feedback;
pub mod orders;
pub mod report;
pub mod shell;
pub mod sql;
pub mod survey;

use std::io::IsTerminal;

use anyhow::Result;

use crate::cli::flag_value;
use crate::config::{OutputConfig, Scope};
use crate::input::Skipped;
use crate::metrics::period::{day, label};
use crate::metrics::scope::Scoped;
use crate::report::layout::blank_last;
use crate::report::{output::Target, render, Report, Row, Value};

/// A row before labelling: period start, segment texts, value.
type Keyed<'a, T> = (Option<i32>, Vec<Option<&'a str>>, &'a T);

/// The report's key columns and rows from scoped tallies: keys labelled
/// (`period` with `--by`, then one column per segment, named as given),
/// rows sorted by period, then segment text in byte order with blank last;
/// with any key, a total row over the whole range. Without keys the total
/// is the only row.
fn keyed_rows<T>(
    scope: &Scope,
    segment_values: &[Vec<String>],
    scoped: &[Scoped<T>],
    total: &T,
    values: impl Fn(&T) -> Vec<Value>,
    extra: impl Fn(&T) -> Vec<(String, serde_json::Value)>,
) -> (Vec<String>, Vec<Row>, Option<Row>) {
    let mut key_names: Vec<String> = Vec::new();
    if scope.by.is_some() {
        key_names.push("period".into());
    }
    let dates = scope.by.filter(|_| scope.period_dates);
    if dates.is_some() {
        key_names.extend(["from".into(), "to".into()]);
    }
    key_names.extend(scope.segments.iter().cloned());
    if key_names.is_empty() {
        let row = Row {
            keys: Vec::new(),
            values: values(total),
            extra: extra(total),
        };
        return (key_names, vec![row], None);
    }
    let mut rows: Vec<Keyed<T>> = scoped
        .iter()
        .map(|r| {
            let segments = r
                .segments
                .iter()
                .zip(segment_values)
                .map(|(code, dict)| code.and_then(|c| dict.get(c as usize)).map(String::as_str))
                .collect();
            (r.period, segments, &r.value)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| blank_last(&a.1, &b.1)));
    let rows = rows
        .into_iter()
        .map(|(period, segments, value)| {
            let label = scope.by.zip(period).map(|(by, start)| label(start, by));
            // The period's days, cut to --since/--until (as `report` does).
            let days = dates.zip(period).map(|(by, start)| {
                let end = crate::metrics::period::period_end(start, by);
                let from = scope.since.map_or(start, |s| start.max(s));
                let to = scope.until.map_or(end, |u| end.min(u));
                [Some(day(from)), Some(day(to))]
            });
            Row {
                keys: scope
                    .by
                    .map(|_| label)
                    .into_iter()
                    .chain(
                        dates
                            .map(|_| days.unwrap_or_default())
                            .into_iter()
                            .flatten(),
                    )
                    .chain(segments.into_iter().map(|s| s.map(str::to_string)))
                    .collect(),
                values: values(value),
                extra: extra(value),
            }
        })
        .collect();
    let total = Row {
        keys: vec![None; key_names.len()],
        values: values(total),
        extra: extra(total),
    };
    (key_names, rows, Some(total))
}

/// `no orders between 2030-01-01 and the end: the counted orders run from
/// ... to ...`: nothing of `what` in the `--since`/`--until` range.
fn none_between(
    what: &str,
    scope: (Option<i32>, Option<i32>),
    data: &str,
    (first, last): (i32, i32),
) -> anyhow::Error {
    anyhow::anyhow!(
        "no {what} between {} and {}: {data} run from {} to {}",
        scope.0.map_or("the start".into(), day),
        scope.1.map_or("the end".into(), day),
        day(first),
        day(last)
    )
}

/// `2024-03-05`.
/// The metadata every command reports, in this order: `inputs`, `columns`
/// (what each file's roles were mapped to), `preset`, `filters` (the scope,
/// `--timezone` when given, then the command's own `filters`),
/// `rows_read`, `rows_skipped`, then `extra`.
#[allow(clippy::too_many_arguments)]
fn meta(
    sources: &[crate::input::Source],
    preset: Option<&crate::input::presets::Chosen>,
    columns: Vec<serde_json::Value>,
    scope: &Scope,
    zone: Option<chrono_tz::Tz>,
    filters: serde_json::Map<String, serde_json::Value>,
    rows_read: u64,
    skipped: &Skipped,
    extra: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let mut all_filters = serde_json::Map::new();
    all_filters.insert("by".into(), json!(scope.by.as_ref().and_then(flag_value)));
    all_filters.insert("segments".into(), json!(scope.segments));
    all_filters.insert("since".into(), json!(scope.since.map(day)));
    all_filters.insert("until".into(), json!(scope.until.map(day)));
    if let Some(zone) = zone {
        all_filters.insert("timezone".into(), json!(zone.name()));
    }
    all_filters.extend(filters);
    let mut m = serde_json::Map::new();
    m.insert(
        "inputs".into(),
        json!(sources.iter().map(|s| &s.name).collect::<Vec<_>>()),
    );
    m.insert("columns".into(), json!(columns));
    m.insert("preset".into(), json!(preset.map(|p| &p.name)));
    m.insert("filters".into(), serde_json::Value::Object(all_filters));
    m.insert("rows_read".into(), json!(rows_read));
    m.insert("rows_skipped".into(), json!(skipped));
    m.extend(extra);
    m
}

/// Whether output goes to a terminal (standard output, not redirected).
fn on_terminal(target: &Target) -> bool {
    matches!(target, Target::Stdout) && std::io::stdout().is_terminal()
}

/// Whether terminal tables may draw box lines: only on a terminal without
/// `NO_COLOR`.
fn unicode(target: &Target) -> bool {
    on_terminal(target) && std::env::var_os("NO_COLOR").is_none()
}

/// Whether terminal tables are coloured: `--color always|never`, or with
/// `auto` only on a terminal without `NO_COLOR`.
fn color(target: &Target, choice: crate::cli::ColorChoice) -> bool {
    use crate::cli::ColorChoice;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => unicode(target),
    }
}

/// Today as YYYY-MM-DD for a report's "generated on" line: the local date,
/// or the UTC date of `SOURCE_DATE_EPOCH` when it is set (reproducible
/// output, as reproducible-builds.org defines it).
fn today() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0));
    match fixed {
        Some(t) => t.date_naive().format("%Y-%m-%d").to_string(),
        None => chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    }
}

/// Rows a table drawn on a terminal shows at most: a million segment
/// values (an e-mail column given as `--segment` by mistake) took 19 s and
/// 4.6 GB to draw. Files, pipes and the machine formats get every row.
pub const MAX_TERMINAL_ROWS: usize = 1_000;

/// Whether a table of `rows` rows in `format` to `target` is cut to
/// `MAX_TERMINAL_ROWS`.
fn cut_for_terminal(rows: usize, format: crate::cli::Format, target: &Target) -> bool {
    rows > MAX_TERMINAL_ROWS && format == crate::cli::Format::Table && on_terminal(target)
}

/// The note under a table cut for the terminal.
fn cut_note(rows: usize) -> String {
    format!(
        "showing the first {MAX_TERMINAL_ROWS} of {rows} rows on this terminal; \
         every row with --format csv or -o FILE"
    )
}

/// Renders `report` into the target opened before the work.
fn emit(report: &Report, out: &OutputConfig, target: Target) -> Result<()> {
    let wide;
    let report = match out.wide {
        Some(period_keys) => {
            wide = crate::report::layout::wide(report, period_keys);
            &wide
        }
        None => report,
    };
    let n = report.rows.len();
    let unicode = unicode(&target);
    if cut_for_terminal(n, out.format, &target) {
        let mut notes = vec![cut_note(n)];
        notes.extend(report.notes.iter().cloned());
        let cut = Report {
            rows: report.rows[..MAX_TERMINAL_ROWS].to_vec(),
            key_names: report.key_names.clone(),
            metric_names: report.metric_names.clone(),
            total: report.total.clone(),
            meta: report.meta.clone(),
            notes,
            appendix: report.appendix.clone(),
            command: report.command,
        };
        target.write_sheet(out.sheet, |w| render(&cut, out.format, unicode, w))
    } else {
        target.write_sheet(out.sheet, |w| render(report, out.format, unicode, w))
    }
}

/// `engage: note: shop.csv: read with --preset shopify (Shopify orders
/// export...), detected from its header`, when the preset was detected
/// rather than named.
fn note_preset(
    preset: &Option<crate::input::presets::Chosen>,
    sources: &[crate::input::Source],
    quiet: bool,
) {
    if let (Some(p), false) = (preset, quiet) {
        if p.detected {
            let file = sources.first().map_or("", |s| s.name.as_str());
            eprintln!(
                "engage: note: {file}: read with --preset {} ({}), detected from its header",
                p.name, p.description
            );
        }
    }
}

/// `engage: warning: every date is after the year 2400 ...` when no
/// `--calendar` was given and every date read is (Thai exports count years
/// in the Buddhist era, 2567 = 2024, and reading them as Common-Era years
/// puts every order five centuries ahead without a word), or the reverse
/// warning of [`calendar_hint`] under `--calendar buddhist`.
fn note_calendar(
    frame: &polars::prelude::DataFrame,
    input: &crate::config::InputOptions,
    quiet: bool,
) {
    if let (false, Some(hint)) = (quiet, calendar_hint(frame, input)) {
        eprintln!("engage: warning: {hint}");
    }
}

/// The words of that warning (also a line of `engage check`), or `None`;
/// and the reverse: with `--calendar buddhist`, when every date read comes
/// out before 1900, the file was written in Common-Era years (the flag
/// applies to every file of a run, orders and surveys alike). Without
/// `--calendar`, a first date on a spreadsheet's zero date draws a warning
/// too: a blank or 0 date cell formatted as a date, whose orders open a
/// period in 1899 (and a cohort triangle of a century of months).
fn calendar_hint(
    frame: &polars::prelude::DataFrame,
    input: &crate::config::InputOptions,
) -> Option<String> {
    use polars::prelude::ChunkAgg;
    let dates = frame.column(crate::input::DATE).ok()?.i32().ok()?;
    match input.calendar {
        None => {
            let first = dates.min()?;
            if first >= BUDDHIST_ERA_FROM {
                return Some(format!(
                    "every date is after the year 2400 (the first is {}): these look like Buddhist-era years; pass --calendar buddhist",
                    day(first)
                ));
            }
            if !ZERO_DATES.contains(&first) {
                return None;
            }
            let n: usize = dates
                .downcast_iter()
                .flat_map(|a| a.iter())
                .filter(|d| d.is_some_and(|d| ZERO_DATES.contains(d)))
                .count();
            let rows = if n == 1 { "row is" } else { "rows are" };
            Some(format!(
                "{n} {rows} dated {} or {}, a spreadsheet's zero date (a blank or 0 date cell formatted as a date), and are counted as of that day; fix those dates in the export or leave the rows out",
                day(*ZERO_DATES.start()),
                day(*ZERO_DATES.end())
            ))
        }
        Some(crate::input::parse::Calendar::Buddhist) => {
            let last = dates.max()?;
            (last < COMMON_ERA_BEFORE).then(|| {
                format!(
                    "every date is before the year 1900 when read with --calendar buddhist (the last is {}): these look like Common-Era years; --calendar applies to every file of the run",
                    day(last)
                )
            })
        }
        Some(_) => None,
    }
}

/// 1899-12-30 and 1899-12-31 in days since 1970-01-01: a spreadsheet's
/// day 0 (1899-12-30 in Excel's and LibreOffice's serial days, as engage
/// reads serial dates; 1899-12-31 where a tool counts Excel's "1900-01-00"
/// as a day).
const ZERO_DATES: std::ops::RangeInclusive<i32> = -25_569..=-25_568;

/// 2400-01-01 in days since 1970-01-01: dates from it on are taken for
/// Buddhist-era ones (CE 1857 and later).
const BUDDHIST_ERA_FROM: i32 = 157_054;

/// 1900-01-01 in days since 1970-01-01: with `--calendar buddhist`, dates
/// that all fall before it were Common-Era years (2024 read as BE is 1481).
const COMMON_ERA_BEFORE: i32 = -25_567;

/// `engage: warning: skipped 3 invalid rows (blank amount: 2, unreadable date: 1)`.
fn warn_skipped(skipped: &Skipped, quiet: bool) {
    if quiet || skipped.is_empty() {
        return;
    }
    let total: u64 = skipped.values().sum();
    let noun = if total == 1 { "row" } else { "rows" };
    eprintln!(
        "engage: warning: skipped {total} invalid {noun} ({})",
        crate::input::validate::describe(skipped)
    );
}

/// A note when `repeat_revenue_share` leaves 0-100 in any of `values` (it
/// can only when refund rows with negative amounts are counted; the formula
/// stays as METRICS.md gives it).
fn share_note<'a>(values: impl IntoIterator<Item = &'a Value>) -> Option<String> {
    let outside = values
        .into_iter()
        .filter(|v| v.number().is_some_and(|x| !(0.0..=100.0).contains(&x)))
        .count();
    (outside > 0).then(|| {
        let rows = if outside == 1 { "row" } else { "rows" };
        format!(
            "repeat_revenue_share is outside 0-100% in {outside} {rows}: negative amounts \
             (refund rows) are counted in revenue, so one group's share can exceed the whole"
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_buddhist_era_hint_starts_in_2400() {
        let d = chrono::NaiveDate::from_ymd_opt(2400, 1, 1).unwrap();
        assert_eq!(
            crate::input::parse::days_from_date(d),
            super::BUDDHIST_ERA_FROM
        );
        let d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        assert_eq!(
            crate::input::parse::days_from_date(d),
            super::COMMON_ERA_BEFORE
        );
        let d = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
        assert_eq!(
            crate::input::parse::days_from_date(d),
            *super::ZERO_DATES.start()
        );
    }
}
