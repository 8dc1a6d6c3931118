//! `engage cohorts` run as a user runs it, on testdata/cohorts/. Expected
//! values are worked out by hand in testdata/README.md ("cohorts/").

mod common;

use std::collections::HashMap;

use common::{csv_rows, json_out, parquet_out, run};
use serde::Deserialize;

const ORDERS: &str = "testdata/cohorts/orders.csv";

/// One long-form JSON row, parsed back with the README's keys.
#[derive(Debug, Deserialize, PartialEq)]
struct CohortRow {
    channel: Option<String>,
    cohort: String,
    period_index: u64,
    period: String,
    cohort_customers: u64,
    active_customers: u64,
    retention: f64,
    orders: u64,
    revenue: f64,
    revenue_per_customer: f64,
    cumulative_revenue_per_customer: f64,
    repeat_customers_cumulative: u64,
    repeat_rate_cumulative: f64,
}

#[derive(Debug, Deserialize)]
struct CohortsJson {
    schema_version: u32,
    command: String,
    metric: String,
    rows: Vec<CohortRow>,
    notes: Vec<String>,
}

fn cohorts_json(args: &[&str]) -> CohortsJson {
    let mut all = vec!["cohorts", ORDERS];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    json_out(&all)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// (cohort, cohort size), in output order.
fn sizes(rows: &[CohortRow]) -> Vec<(&str, u64)> {
    rows.iter()
        .filter(|r| r.period_index == 0)
        .map(|r| (r.cohort.as_str(), r.cohort_customers))
        .collect()
}

/// (cohort, k) -> row.
fn index(rows: &[CohortRow]) -> HashMap<(String, u64), &CohortRow> {
    rows.iter()
        .map(|r| ((r.cohort.clone(), r.period_index), r))
        .collect()
}

#[test]
fn weekly_cohorts_cross_the_year_boundary_by_iso_week() {
    let out = cohorts_json(&["--by", "week"]);
    assert_eq!((out.schema_version, out.command.as_str()), (1, "cohorts"));
    assert_eq!(out.metric, "retention");
    let cohorts = sizes(&out.rows);
    // D's first order, 2024-12-30, is in 2025-W01; B's refunded order of
    // 2024-12-24 does not make B a 2024-W52 customer.
    assert_eq!(
        cohorts,
        [
            ("2024-W52", 2),
            ("2025-W01", 2),
            ("2025-W02", 1),
            ("2025-W06", 1)
        ]
    );
    // Every cohort runs to 2025-W06, the week of the last order: 7 + 6 + 5
    // + 1 rows.
    assert_eq!(out.rows.len(), 19);
    let at = index(&out.rows);
    let w52: Vec<(&str, u64, f64, u64, f64)> = (0..7)
        .map(|k| {
            let r = at[&("2024-W52".to_string(), k)];
            (
                r.period.as_str(),
                r.active_customers,
                r.retention,
                r.orders,
                r.revenue,
            )
        })
        .collect();
    // C returns after four empty weeks.
    assert_eq!(
        w52,
        [
            ("2024-W52", 2, 100.0, 2, 25.0),
            ("2025-W01", 1, 50.0, 2, 25.0),
            ("2025-W02", 0, 0.0, 0, 0.0),
            ("2025-W03", 0, 0.0, 0, 0.0),
            ("2025-W04", 0, 0.0, 0, 0.0),
            ("2025-W05", 1, 50.0, 1, 25.0),
            ("2025-W06", 0, 0.0, 0, 0.0),
        ]
    );
    let cum: Vec<f64> = (0..7)
        .map(|k| at[&("2024-W52".to_string(), k)].cumulative_revenue_per_customer)
        .collect();
    assert_eq!(cum, [12.5, 25.0, 25.0, 25.0, 25.0, 37.5, 37.5]);
    let repeat: Vec<(u64, f64)> = (0..7)
        .map(|k| {
            let r = at[&("2024-W52".to_string(), k)];
            (r.repeat_customers_cumulative, r.repeat_rate_cumulative)
        })
        .collect();
    assert_eq!(
        repeat,
        [
            (0, 0.0),
            (1, 50.0),
            (1, 50.0),
            (1, 50.0),
            (1, 50.0),
            (2, 100.0),
            (2, 100.0)
        ]
    );
    // Order 1004 spans two rows (line items): one order of 40.00.
    let w01 = at[&("2025-W01".to_string(), 0)];
    assert_eq!((w01.orders, w01.revenue), (2, 48.0));
    assert!(close(w01.revenue_per_customer, 24.0));
    let w01_k2 = at[&("2025-W01".to_string(), 2)];
    assert_eq!(
        (w01_k2.period.as_str(), w01_k2.active_customers),
        ("2025-W03", 1)
    );
    assert!(close(w01_k2.cumulative_revenue_per_customer, 30.0));
    assert_eq!(at[&("2025-W06".to_string(), 0)].revenue, 9.0);
}

#[test]
fn monthly_cohorts_match_hand_worked_values() {
    let out = cohorts_json(&[]);
    let at = index(&out.rows);
    assert_eq!(out.rows.len(), 3 + 2 + 1);
    let dec = |k| at[&("2024-12".to_string(), k)];
    assert_eq!(dec(0).cohort_customers, 3);
    assert_eq!(
        (dec(0).active_customers, dec(0).orders, dec(0).revenue),
        (3, 4, 85.0)
    );
    assert_eq!(
        (dec(1).active_customers, dec(1).orders, dec(1).revenue),
        (3, 3, 42.0)
    );
    assert_eq!(
        (dec(2).period.as_str(), dec(2).active_customers),
        ("2025-02", 0)
    );
    assert_eq!(
        [dec(0).retention, dec(1).retention, dec(2).retention],
        [100.0, 100.0, 0.0]
    );
    assert!(close(dec(0).revenue_per_customer, 85.0 / 3.0));
    assert!(close(dec(1).revenue_per_customer, 14.0));
    assert!(close(dec(2).cumulative_revenue_per_customer, 127.0 / 3.0));
    assert!(close(dec(0).repeat_rate_cumulative, 100.0 / 3.0));
    assert_eq!(dec(1).repeat_customers_cumulative, 3);
    let jan = at[&("2025-01".to_string(), 0)];
    assert_eq!((jan.cohort_customers, jan.revenue), (2, 38.0));
    assert_eq!(at[&("2025-01".to_string(), 1)].active_customers, 0);
    // The data ends on 2025-02-04.
    assert_eq!(
        out.notes,
        [
            "The last period, 2025-02, runs to 2025-02-28 but the data ends on 2025-02-04: \
          its values may be incomplete."
        ]
    );
}

#[test]
fn segments_are_the_value_on_the_first_counted_order() {
    let out = cohorts_json(&["--segment", "channel"]);
    let keys: Vec<(Option<&str>, &str, u64)> = out
        .rows
        .iter()
        .filter(|r| r.period_index == 0)
        .map(|r| (r.channel.as_deref(), r.cohort.as_str(), r.cohort_customers))
        .collect();
    // A's first order is web (its second, app, does not move it); B's first
    // counted order is app (the refunded one was web).
    assert_eq!(
        keys,
        [
            (Some("app"), "2024-12", 1),
            (Some("app"), "2025-01", 1),
            (Some("email"), "2024-12", 1),
            (Some("web"), "2024-12", 1),
            (Some("web"), "2025-01", 1),
            (Some("web"), "2025-02", 1),
        ]
    );
    let web_dec = &out.rows.iter().find(|r| {
        r.channel.as_deref() == Some("web") && r.cohort == "2024-12" && r.period_index == 0
    });
    let r = web_dec.expect("web 2024-12 row");
    assert_eq!(
        (r.orders, r.revenue, r.repeat_customers_cumulative),
        (2, 30.0, 1)
    );
}

#[test]
fn since_and_until_choose_cohorts_not_history() {
    let out = cohorts_json(&["--since", "2025-01-01"]);
    let cohorts = sizes(&out.rows);
    // A, C and D bought in January too, but first in December: not new.
    assert_eq!(cohorts, [("2025-01", 2), ("2025-02", 1)]);
    let out = cohorts_json(&["--until", "2024-12-31"]);
    assert!(out.rows.iter().all(|r| r.cohort == "2024-12"));
    assert_eq!(out.rows.len(), 3);
    // A day inside a period shows its whole cohort.
    let out = cohorts_json(&["--since", "2024-12-31", "--until", "2024-12-31"]);
    assert_eq!(out.rows[0].cohort_customers, 3);
}

#[test]
fn csv_is_long_form_with_every_column() {
    let rows = csv_rows(&["cohorts", ORDERS, "--format", "csv", "--by", "week"]);
    assert_eq!(rows.len(), 19);
    let first = &rows[0];
    assert_eq!(first["cohort"], "2024-W52");
    assert_eq!(first["revenue"], "25.00");
    assert_eq!(first["retention"], "100");
    let out = run(&["cohorts", ORDERS, "--format", "csv"]);
    let header = out.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        header,
        "cohort,period_index,period,cohort_customers,active_customers,retention,orders,revenue,\
         revenue_per_customer,cumulative_revenue_per_customer,repeat_customers_cumulative,\
         repeat_rate_cumulative"
    );
    // 85 / 3 at full precision.
    assert!(
        out.stdout.contains(",28.333333333333332,"),
        "{}",
        out.stdout
    );
}

#[test]
fn parquet_is_the_long_form_with_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cohorts.parquet");
    let df = parquet_out(&["cohorts", ORDERS, "--by", "week"], &path);
    let rows = csv_rows(&["cohorts", ORDERS, "--format", "csv", "--by", "week"]);
    assert_eq!(df.height(), rows.len());
    assert_eq!(df.width(), 12);
    let cohort = df.column("cohort").unwrap().str().unwrap().clone();
    let index = df.column("period_index").unwrap().u64().unwrap().clone();
    let revenue = df.column("revenue").unwrap().f64().unwrap().clone();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(cohort.get(i), Some(row["cohort"].as_str()));
        assert_eq!(index.get(i), row["period_index"].parse().ok());
        assert_eq!(revenue.get(i), row["revenue"].parse().ok());
    }
}

#[test]
fn markdown_shows_the_triangle_with_the_weighted_average_row() {
    let out = run(&["cohorts", ORDERS, "--by", "week", "--format", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let row = |name: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("| {name} ")))
            .map(|l| l.to_string())
            .unwrap_or_default()
    };
    assert!(
        row("cohort").starts_with("| cohort | customers | 0 | 1 | 2 | 3 | 4 | 5 | 6 |"),
        "{}",
        out.stdout
    );
    assert_eq!(
        row("2024-W52"),
        "| 2024-W52 | 2 | 100.0% | 50.0% | 0.0% | 0.0% | 0.0% | 50.0% | 0.0% |"
    );
    assert_eq!(
        row("2025-W06"),
        "| 2025-W06 | 1 | 100.0% |  |  |  |  |  |  |"
    );
    // k=1: 1 active of 2 + 2 + 1 cohort customers; k=5: 1 of 2 + 2.
    assert_eq!(
        row("weighted average"),
        "| weighted average | 6 | 100.0% | 20.0% | 20.0% | 0.0% | 0.0% | 25.0% | 0.0% |"
    );
    assert!(out
        .stdout
        .contains("The last period, 2025-W06, runs to 2025-02-09"));
}

#[test]
fn metric_picks_what_the_triangle_shows() {
    let out = run(&[
        "cohorts",
        ORDERS,
        "--metric",
        "cumulative_revenue_per_customer",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("| 2024-12 | 3 | 28.33 | 42.33 | 42.33 |"),
        "{}",
        out.stdout
    );
    // (85 + 38 + 9) / 6 at k=0; (127 + 38) / 5 at k=1; 127 / 3 at k=2.
    assert!(
        out.stdout
            .contains("| weighted average | 6 | 22.00 | 33.00 | 42.33 |"),
        "{}",
        out.stdout
    );
}

/// Runs `engage ARGS`, expecting failure with `code`, nothing on stdout
/// and each of `needles` in the message.
fn fails_with(args: &[&str], code: i32, needles: &[&str]) {
    let out = run(args);
    assert_eq!(out.code, code, "{}", out.stderr);
    for n in needles {
        assert!(out.stderr.contains(n), "{n}: {}", out.stderr);
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_metric_is_a_usage_error_listing_the_names() {
    fails_with(
        &["cohorts", ORDERS, "--metric", "churn"],
        2,
        &["retention", "repeat_rate_cumulative"],
    );
}

#[test]
fn daily_cohorts_are_a_usage_error() {
    fails_with(
        &["cohorts", ORDERS, "--by", "day"],
        2,
        &["week, month, quarter or year"],
    );
}

#[test]
fn fails_without_a_date_column() {
    fails_with(
        &["cohorts", "testdata/cohorts/no_dates.csv"],
        1,
        &["no_dates.csv", "--date-col"],
    );
}

#[test]
fn fails_when_no_cohort_is_in_the_range() {
    fails_with(
        &["cohorts", ORDERS, "--since", "2026-01-01"],
        1,
        &["no cohorts between 2026-01-01 and the end: the first orders of customers run from 2024-12-23"],
    );
}

#[test]
fn html_is_a_self_contained_heatmap_with_the_retention_curve() {
    let out = run(&["cohorts", ORDERS, "--by", "week", "--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = &out.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing fetched: no script, stylesheet link or image source.
    for fetch in ["<script", "<link", "src="] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    assert!(html.contains("<table class=\"heat\">"));
    // Cells carry their number and a background colour; the darkest is
    // the highest value past period 0 (50%).
    assert!(
        html.contains("background:#08306b;color:#fff\">50.0%</td>"),
        "{html}"
    );
    assert!(html.contains("<svg"));
    assert!(html.contains("Average retention"));
}

/// A reproducible order file: 3,000 orders of 400 customers over
/// 2023-11-20 .. 2025-02-10 (so weeks, months, quarters and years all cross
/// boundaries), a status that does not count on some, and some orders
/// spread over two rows (a line item with a blank amount).
fn generated_orders(dir: &std::path::Path) -> std::path::PathBuf {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        // xorshift64*: deterministic, no crate needed.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n
    };
    let start = chrono::NaiveDate::from_ymd_opt(2023, 11, 20).expect("a date");
    let mut text = String::from("order_id,customer_id,order_date,amount,status,channel\n");
    for i in 0..3000 {
        let customer = next(400);
        let date = start + chrono::Duration::days(next(449) as i64);
        let cents = 100 + next(20_000);
        let status = match next(10) {
            0 => "refunded",
            1 => "cancelled",
            _ => "paid",
        };
        let channel = ["web", "app", "store"][next(3) as usize];
        text.push_str(&format!(
            "o{i},c{customer},{date},{}.{:02},{status},{channel}\n",
            cents / 100,
            cents % 100
        ));
        if next(8) == 0 {
            text.push_str(&format!("o{i},c{customer},{date},,,\n"));
        }
    }
    let path = dir.join("generated.csv");
    std::fs::write(&path, text).expect("the file is written");
    path
}

/// `12.34` -> 1234.
fn cents(text: &str) -> i64 {
    let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
    let sign = if int.starts_with('-') { -1 } else { 1 };
    let int: i64 = int.trim_start_matches('-').parse().expect("an amount");
    let frac: i64 = format!("{frac:0<2}")[..2].parse().expect("cents");
    sign * (int.abs() * 100 + frac)
}

#[test]
fn cohorts_add_up_to_engage_orders_for_every_period() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = generated_orders(dir.path());
    let file = file.to_str().expect("a UTF-8 path");
    for by in ["week", "month", "quarter", "year"] {
        let cohorts = csv_rows(&["cohorts", file, "--by", by, "-f", "csv"]);
        let mut per_period: HashMap<String, (u64, u64, i64)> = HashMap::new();
        for r in &cohorts {
            let e = per_period.entry(r["period"].clone()).or_default();
            e.0 += r["active_customers"].parse::<u64>().expect("a count");
            e.1 += r["orders"].parse::<u64>().expect("a count");
            e.2 += cents(&r["revenue"]);
        }
        let orders = csv_rows(&["orders", file, "--by", by, "-f", "csv"]);
        assert!(orders.len() > 1, "{by}");
        let mut total = 0;
        for r in &orders {
            let expected = (
                r["customers"].parse::<u64>().expect("a count"),
                r["orders"].parse::<u64>().expect("a count"),
                cents(&r["revenue"]),
            );
            total += expected.2;
            assert_eq!(
                per_period.get(&r["period"]),
                Some(&expected),
                "{by} {}",
                r["period"]
            );
        }
        // Periods without orders have no activity in any cohort.
        let active: usize = per_period.values().filter(|v| v.1 > 0).count();
        assert_eq!(active, orders.len(), "{by}");
        let whole = csv_rows(&["orders", file, "-f", "csv"]);
        assert_eq!(cents(&whole[0]["revenue"]), total, "{by}");
        // New customers per period are the cohort sizes.
        let sizes: HashMap<&str, u64> = cohorts
            .iter()
            .filter(|r| r["period_index"] == "0")
            .map(|r| {
                (
                    r["cohort"].as_str(),
                    r["cohort_customers"].parse().expect("a count"),
                )
            })
            .collect();
        for r in &orders {
            let new: u64 = r["new_customers"].parse().expect("a count");
            assert_eq!(
                sizes.get(r["period"].as_str()).copied().unwrap_or(0),
                new,
                "{by}"
            );
        }
    }
}

#[test]
fn report_gains_a_cohort_section_with_the_triangle() {
    let out = run(&["report", "--orders", ORDERS, "--cohorts", "-f", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "## Cohorts: retention by month cohort (k = months since the cohort's month)"
        ),
        "{}",
        out.stdout
    );
    // Monthly cohorts, as `engage cohorts` (testdata/README.md).
    assert!(out
        .stdout
        .contains("| 2024-12 | 3 | 100.0% | 100.0% | 0.0% |"));
    assert!(out
        .stdout
        .contains("| weighted average | 6 | 100.0% | 60.0% | 0.0% |"));
    let html = run(&["report", "--orders", ORDERS, "--cohorts", "-f", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(html.stdout.contains("<table class=\"heat\">"));
}

#[test]
fn report_cohorts_are_the_last_twelve_and_equal_engage_cohorts() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = generated_orders(dir.path());
    let file = file.to_str().expect("a UTF-8 path");
    #[derive(Deserialize)]
    struct Section {
        by: String,
        rows: Vec<CohortRow>,
    }
    #[derive(Deserialize)]
    struct ReportJson {
        cohorts: Section,
    }
    let report: ReportJson = json_out(&[
        "report",
        "--orders",
        file,
        "--by",
        "week",
        "--cohorts",
        "-f",
        "json",
    ]);
    assert_eq!(report.cohorts.by, "week");
    let all: CohortsJson = json_out(&["cohorts", file, "--by", "week", "-f", "json"]);
    let names: Vec<&str> = all
        .rows
        .iter()
        .filter(|r| r.period_index == 0)
        .map(|r| r.cohort.as_str())
        .collect();
    assert!(names.len() > 12);
    let last12 = &names[names.len() - 12..];
    let expected: Vec<&CohortRow> = all
        .rows
        .iter()
        .filter(|r| last12.contains(&r.cohort.as_str()))
        .collect();
    assert_eq!(report.cohorts.rows.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn report_cohorts_need_order_files() {
    fails_with(
        &["report", "--surveys", "testdata/survey.csv", "--cohorts"],
        2,
        &["--cohorts needs order files"],
    );
}

#[test]
fn a_placeholder_date_that_makes_too_many_periods_is_refused() {
    // 0000-01-01 and 9999-12-31: 120,000 months (testdata/README.md).
    fails_with(
        &["cohorts", "testdata/hardening/sentinel_dates.csv"],
        1,
        &["from 0000-01-01 to 9999-12-31: 120000 periods of --by month, more than 10000"],
    );
}

/// The page names the orders file without its folder (a report mailed on
/// must not show the analyst's directories), as the report's footer does.
#[test]
fn html_names_the_input_file_without_its_folder() {
    let path = std::fs::canonicalize(ORDERS).expect("the fixture");
    let path = path.to_str().expect("a UTF-8 path");
    let out = run(&["cohorts", path, "--by", "week", "--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("<p class=\"meta\">orders: orders.csv</p>"),
        "{}",
        out.stdout
    );
    let folder = path.trim_end_matches("orders.csv");
    assert!(!out.stdout.contains(folder), "{folder} in the page");
}

#[test]
fn orders_on_a_spreadsheets_zero_date_draw_a_warning() {
    // Two of the four orders are dated 1899-12-30 and 1899-12-31: blank
    // date cells of a spreadsheet. Their cohort (1899-12) is counted as
    // read, with a warning naming how many rows and what to do.
    let hint = "2 rows are dated 1899-12-30 or 1899-12-31, a spreadsheet's zero date \
                (a blank or 0 date cell formatted as a date), and are counted as of that \
                day; fix those dates in the export or leave the rows out";
    for command in ["cohorts", "customers"] {
        let out = run(&[command, "testdata/cohorts/zero_date.csv", "-f", "csv"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(
            out.stderr,
            format!("engage: warning: {hint}\n"),
            "{command}"
        );
    }
    let by_year = run(&[
        "orders",
        "testdata/cohorts/zero_date.csv",
        "--by",
        "year",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(by_year.stderr, "");
    assert!(
        by_year.stdout.contains("\n1899,2,2,15.00,"),
        "{}",
        by_year.stdout
    );
    let check = run(&["check", "testdata/cohorts/zero_date.csv", "-f", "csv"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains(&format!("calendar,\"{hint}\"\n")),
        "{}",
        check.stdout
    );
    // An ordinary file has no such line.
    let plain = run(&["check", "testdata/cohorts/orders.csv", "-f", "csv"]);
    assert!(!plain.stdout.contains("calendar"), "{}", plain.stdout);
    // One such row: the singular.
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.csv");
    std::fs::write(
        &one,
        "order_id,customer_id,order_date,amount\n1,A,1899-12-30,1\n2,A,2024-01-02,2\n",
    )
    .unwrap();
    let out = run(&["cohorts", one.to_str().unwrap(), "-f", "csv"]);
    assert!(
        out.stderr
            .contains("warning: 1 row is dated 1899-12-30 or 1899-12-31,"),
        "{}",
        out.stderr
    );
}
