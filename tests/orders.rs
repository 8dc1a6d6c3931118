//! `engage orders` run as a user runs it, on the fixtures in testdata/.
//! Expected values are worked out by hand in testdata/README.md.

mod common;

use common::{csv_rows, engage, json_out, run, Run};
use serde::Deserialize;

/// One JSON row, parsed back with the keys METRICS.md names.
#[derive(Debug, Deserialize)]
struct OrderRow {
    period: Option<String>,
    orders: u64,
    customers: u64,
    revenue: f64,
    aov: Option<f64>,
    purchase_frequency: Option<f64>,
    repeat_customers: u64,
    repeat_purchase_rate: Option<f64>,
    returning_customers: u64,
    returning_customer_rate: Option<f64>,
    new_customers: u64,
    repeat_revenue_share: Option<f64>,
    repeat_vs_one_time_spend: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct OrdersJson {
    schema_version: u32,
    rows: Vec<OrderRow>,
    total: Option<OrderRow>,
    rows_read: u64,
    orders_excluded_by_status: u64,
    rows_skipped: std::collections::BTreeMap<String, u64>,
}

fn orders_json(args: &[&str]) -> OrdersJson {
    let mut all = vec!["orders"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    json_out(&all)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn whole_file_metrics_match_hand_worked_values() {
    let out = orders_json(&["testdata/orders.csv"]);
    assert_eq!(out.schema_version, 1);
    assert_eq!(out.rows.len(), 1);
    assert!(out.total.is_none());
    let r = &out.rows[0];
    assert_eq!(r.period, None);
    assert_eq!((r.orders, r.customers), (8, 4));
    assert_eq!(r.revenue, 148.0);
    assert!(close(r.aov, 18.5));
    assert!(close(r.purchase_frequency, 2.0));
    assert_eq!(r.repeat_customers, 3);
    assert!(close(r.repeat_purchase_rate, 75.0));
    assert_eq!(r.returning_customers, 0);
    assert_eq!(r.returning_customer_rate, None);
    assert_eq!(r.new_customers, 4);
    assert!(close(r.repeat_revenue_share, 100.0 * 123.0 / 148.0));
    assert!(close(r.repeat_vs_one_time_spend, 1.64));
    assert_eq!(out.rows_read, 10);
    assert_eq!(out.orders_excluded_by_status, 2);
    assert!(out.rows_skipped.is_empty());
}

#[test]
fn weekly_rows_use_iso_weeks_and_earlier_history() {
    let out = orders_json(&["testdata/orders.csv", "--by", "week"]);
    let periods: Vec<_> = out.rows.iter().map(|r| r.period.as_deref()).collect();
    assert_eq!(
        periods,
        [Some("2024-W01"), Some("2024-W02"), Some("2024-W06")]
    );
    let [w1, w2, w6] = &out.rows[..] else {
        panic!("three weeks expected")
    };
    assert_eq!((w1.orders, w1.customers, w1.revenue), (3, 2, 60.5));
    assert!(close(w1.aov, 60.5 / 3.0));
    assert!(close(w1.purchase_frequency, 1.5));
    assert!(close(w1.repeat_purchase_rate, 50.0));
    assert_eq!(w1.returning_customer_rate, None, "first period");
    assert!(close(w1.repeat_revenue_share, 100.0 * 40.5 / 60.5));
    assert!(close(w1.repeat_vs_one_time_spend, 2.025));
    // Order 1007 (2024-01-14T23:30-05:00) stays in week 2: local date.
    assert_eq!((w2.orders, w2.customers, w2.revenue), (3, 3, 54.99));
    assert_eq!((w2.returning_customers, w2.new_customers), (2, 1));
    assert!(close(w2.returning_customer_rate, 200.0 / 3.0));
    assert_eq!(w2.repeat_vs_one_time_spend, None);
    // C5's cancelled order of 2024-02-01 is not history: C5 is new in W06.
    assert_eq!((w6.orders, w6.revenue), (2, 32.51));
    assert_eq!((w6.returning_customers, w6.new_customers), (1, 1));
    assert!(close(w6.returning_customer_rate, 50.0));
    let total = out.total.expect("a total with --by");
    assert_eq!((total.orders, total.revenue), (8, 148.0));
}

#[test]
fn monthly_rows_match_hand_worked_values() {
    let rows = csv_rows(&[
        "orders",
        "testdata/orders.csv",
        "--by",
        "month",
        "-f",
        "csv",
    ]);
    assert_eq!(rows.len(), 2);
    let jan = &rows[0];
    assert_eq!(jan["period"], "2024-01");
    assert_eq!(jan["orders"], "6");
    assert_eq!(jan["customers"], "3");
    assert_eq!(jan["revenue"], "115.49");
    assert_eq!(jan["repeat_customers"], "2");
    assert_eq!(jan["returning_customer_rate"], "");
    assert_eq!(jan["repeat_vs_one_time_spend"], "11.049");
    let feb = &rows[1];
    assert_eq!(feb["period"], "2024-02");
    assert_eq!(feb["revenue"], "32.51");
    assert_eq!(feb["returning_customers"], "1");
    assert_eq!(feb["returning_customer_rate"], "50");
    assert_eq!(feb["new_customers"], "1");
}

#[test]
fn day_quarter_and_year_labels() {
    let days = csv_rows(&["orders", "testdata/orders.csv", "--by", "day", "-f", "csv"]);
    let labels: Vec<&str> = days.iter().map(|r| r["period"].as_str()).collect();
    assert_eq!(
        labels,
        [
            "2024-01-01",
            "2024-01-02",
            "2024-01-03",
            "2024-01-09",
            "2024-01-10",
            "2024-01-14",
            "2024-02-05",
            "2024-02-06"
        ]
    );
    for (by, label) in [("quarter", "2024-Q1"), ("year", "2024")] {
        let rows = csv_rows(&["orders", "testdata/orders.csv", "--by", by, "-f", "csv"]);
        assert_eq!(rows.len(), 1, "{by}");
        assert_eq!(rows[0]["period"], label);
        assert_eq!(rows[0]["revenue"], "148.00");
    }
}

#[test]
fn segments_split_rows_by_any_column() {
    let rows = csv_rows(&[
        "orders",
        "testdata/orders.csv",
        "--segment",
        "Channel",
        "-f",
        "csv",
    ]);
    let by: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["Channel"].as_str(),
                r["orders"].as_str(),
                r["revenue"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        by,
        [
            ("app", "3", "34.99"),
            ("store", "1", "25.00"),
            ("web", "4", "88.01")
        ]
    );
    let web = &rows[2];
    assert_eq!(web["customers"], "3");
    assert_eq!(web["repeat_customers"], "1");
    assert!(
        (web["repeat_vs_one_time_spend"].parse::<f64>().unwrap() - 40.5 / 23.755).abs() < 1e-12
    );
}

#[test]
fn period_and_segment_together_give_one_row_per_pair() {
    let rows = csv_rows(&[
        "orders",
        "testdata/orders.csv",
        "--by",
        "month",
        "--segment",
        "channel",
        "-f",
        "csv",
    ]);
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["period"].as_str(), r["channel"].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("2024-01", "app"),
            ("2024-01", "web"),
            ("2024-02", "store"),
            ("2024-02", "web")
        ]
    );
    // C4 bought in the app in January, so is returning on the web in February.
    assert_eq!(rows[3]["returning_customers"], "1");
    assert_eq!(rows[3]["returning_customer_rate"], "100");
}

#[test]
fn since_and_until_are_inclusive_and_earlier_orders_are_history() {
    let out = orders_json(&[
        "testdata/orders.csv",
        "--since",
        "2024-01-08",
        "--until",
        "2024-01-31",
    ]);
    let r = &out.rows[0];
    assert_eq!((r.orders, r.customers, r.revenue), (3, 3, 54.99));
    assert_eq!((r.returning_customers, r.new_customers), (2, 1));
    assert!(close(r.returning_customer_rate, 200.0 / 3.0));
    // Inclusive: a one-day range on an order day keeps that day's order.
    let one_day = orders_json(&[
        "testdata/orders.csv",
        "--since",
        "2024-01-14",
        "--until",
        "2024-01-14",
    ]);
    assert_eq!(one_day.rows[0].revenue, 9.99);
}

#[test]
fn default_status_rule_excludes_refunded_and_cancelled_in_any_case() {
    let out = orders_json(&["testdata/orders.csv"]);
    assert_eq!(out.orders_excluded_by_status, 2);
    assert_eq!(out.rows[0].orders, 8);
}

#[test]
fn exclude_status_empty_counts_every_order() {
    let out = orders_json(&["testdata/orders.csv", "--exclude-status", ""]);
    assert_eq!((out.rows[0].orders, out.rows[0].revenue), (10, 263.25));
}

#[test]
fn include_status_counts_only_listed_statuses() {
    let out = orders_json(&["testdata/orders.csv", "--include-status", "paid"]);
    assert_eq!((out.rows[0].orders, out.rows[0].revenue), (7, 140.49));
    assert_eq!(out.orders_excluded_by_status, 3);
}

/// Orders whose status does not count are left out before their blanks
/// are checked: a blank amount, date or customer in one is no error, and
/// the counted orders give the same totals as with no blank.
#[test]
fn blanks_in_orders_that_do_not_count_are_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let head = "order_id,customer_id,date,amount,status\n";
    let counted = "1,a,2024-01-01,10.00,paid\n2,b,2024-01-02,20.00,paid\n\
                   3,a,2024-01-09,5.50,paid\n4,c,2024-01-10,1.25,paid\n";
    let cases = [
        ("clean", "5,b,2024-01-03,99.00,refunded\n"),
        ("blank_amount", "5,b,2024-01-03,,refunded\n"),
        ("blank_date", "5,b,,99.00,refunded\n"),
        ("blank_customer", "5,,2024-01-03,99.00,refunded\n"),
    ];
    for (name, excluded) in cases {
        let path = dir.path().join(format!("{name}.csv"));
        // The excluded order between the counted ones.
        let (first, rest) = counted.split_at(counted.find("3,").unwrap());
        std::fs::write(&path, format!("{head}{first}{excluded}{rest}")).unwrap();
        let out = orders_json(&[path.to_str().unwrap(), "--by", "week"]);
        assert_eq!(out.orders_excluded_by_status, 1, "{name}");
        let weeks: Vec<_> = out
            .rows
            .iter()
            .map(|r| (r.period.clone().unwrap(), r.orders, r.customers, r.revenue))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2024-W01".to_string(), 2, 2, 30.0),
                ("2024-W02".to_string(), 2, 2, 6.75)
            ],
            "{name}"
        );
        let total = out.total.unwrap();
        assert_eq!(
            (total.orders, total.customers, total.repeat_customers),
            (4, 3, 1),
            "{name}"
        );
        assert!(close(total.aov, 36.75 / 4.0), "{name}");
    }
}

#[test]
fn line_items_take_the_first_amount_by_default() {
    let out = orders_json(&["testdata/line_items.csv"]);
    let r = &out.rows[0];
    assert_eq!((r.orders, r.customers, r.revenue), (3, 2, 1261.75));
    assert_eq!(r.repeat_customers, 1);
    assert_eq!(out.rows_read, 7);
    assert_eq!(out.orders_excluded_by_status, 1);
}

#[test]
fn line_items_sum_adds_the_rows_of_an_order() {
    let out = orders_json(&["testdata/line_items.csv", "--line-items", "sum"]);
    assert_eq!((out.rows[0].orders, out.rows[0].revenue), (3, 1266.75));
    assert!(close(out.rows[0].aov, 422.25));
}

#[test]
fn revenue_is_summed_in_exact_cents_and_ids_keep_leading_zeros() {
    let total = csv_rows(&["orders", "testdata/cents.csv", "-f", "csv"]);
    assert_eq!(total[0]["revenue"], "1.60");
    assert_eq!(total[0]["customers"], "3");
    let per = csv_rows(&[
        "orders",
        "testdata/cents.csv",
        "--segment",
        "customer_id",
        "-f",
        "csv",
    ]);
    let ids: Vec<(&str, &str)> = per
        .iter()
        .map(|r| (r["customer_id"].as_str(), r["revenue"].as_str()))
        .collect();
    assert_eq!(ids, [("00042", "0.60"), ("042", "0.60"), ("42", "0.40")]);
}

#[test]
fn several_files_and_globs_are_one_data_set() {
    let whole = run(&["orders", "testdata/orders.csv", "--by", "week", "-f", "csv"]);
    let two = run(&[
        "orders",
        "testdata/split/orders_a.csv",
        "testdata/split/orders_b.csv",
        "--by",
        "week",
        "-f",
        "csv",
    ]);
    let glob = run(&[
        "orders",
        "testdata/split/*.csv",
        "--by",
        "week",
        "-f",
        "csv",
    ]);
    assert_eq!(whole.code, 0);
    assert_eq!(two.stdout, whole.stdout);
    assert_eq!(glob.stdout, whole.stdout);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let input = std::fs::read("testdata/orders.csv").unwrap();
    let out = engage()
        .args(["orders", "-", "-f", "csv"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("8,4,148.00,18.5,2,"));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let args = [
        "orders",
        "testdata/orders.csv",
        "--by",
        "week",
        "--segment",
        "channel",
        "-f",
        "json",
    ];
    let (first, second) = (run(&args), run(&args));
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        first.stdout.contains("\"schema_version\""),
        "{}",
        first.stdout
    );
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn piped_output_defaults_to_csv() {
    let out = run(&["orders", "testdata/orders.csv"]);
    assert!(out.stdout.starts_with("orders,customers,revenue,aov,"));
}

#[test]
fn csv_neutralises_cells_a_spreadsheet_would_run() {
    let out = run(&[
        "orders",
        "testdata/formulas.csv",
        "--segment",
        "channel",
        "-f",
        "csv",
    ]);
    let firsts: Vec<String> = csv::Reader::from_reader(out.stdout.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(
        firsts,
        ["'-web", "'=HYPERLINK(\"http://x\")", "'@app", "store"]
    );
}

// ---- bad input: message, exit code, nothing on stdout ----

fn fails(args: &[&str], code: i32, message: &str) -> Run {
    let out = run(args);
    assert_eq!(out.code, code, "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains(message),
        "expected {message:?} in stderr: {}",
        out.stderr
    );
    assert!(
        out.stdout.is_empty(),
        "stdout must stay empty: {}",
        out.stdout
    );
    out
}

#[test]
fn fails_when_the_file_is_missing() {
    fails(
        &["orders", "testdata/nope.csv"],
        1,
        "testdata/nope.csv: cannot open: no such file",
    );
}

#[test]
fn fails_when_a_glob_matches_nothing() {
    fails(
        &["orders", "testdata/nope*.csv"],
        1,
        "testdata/nope*.csv: no file matches this pattern",
    );
}

#[test]
fn fails_when_the_amount_column_is_missing_and_names_the_flag() {
    fails(
        &["orders", "testdata/cents.csv", "--amount-col", "price"],
        1,
        "testdata/cents.csv: no column 'price' (given with --amount-col); found: order_id, customer_id, amount",
    );
}

#[test]
fn fails_when_periods_need_a_date_column_that_is_missing() {
    fails(
        &["orders", "testdata/cents.csv", "--by", "week"],
        1,
        "testdata/cents.csv: no order_date column (found: order_id, customer_id, amount); map one with --date-col COLUMN",
    );
}

#[test]
fn fails_on_an_unreadable_amount_with_file_line_and_value() {
    fails(
        &["orders", "testdata/bad_amount.csv"],
        1,
        "testdata/bad_amount.csv:4: unreadable amount in column 'amount' \"abc\"; write amounts like 1234.50 or $1,234.50, or pass --skip-invalid to skip such rows (1 more row has a problem)",
    );
}

#[test]
fn fails_on_sub_cent_amounts() {
    fails(
        &["orders", "testdata/subcent.csv"],
        1,
        "testdata/subcent.csv:2: amount with more than two decimal places in column 'amount' \"19.999\"; amounts are summed in exact cents; round the value to cents",
    );
    let out = run(&[
        "orders",
        "testdata/bad_amount.csv",
        "--skip-invalid",
        "-f",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v["rows_skipped"]["amount with more than two decimal places"],
        1
    );
    assert_eq!(v["rows_skipped"]["unreadable amount"], 1);
}

#[test]
fn fails_on_the_first_invalid_row_in_file_order() {
    fails(
        &["orders", "testdata/invalid.csv", "--by", "week"],
        1,
        "testdata/invalid.csv:3: blank amount in column 'amount'; fill in the order total, or pass --skip-invalid to skip such rows (4 more rows have problems)",
    );
}

#[test]
fn fails_on_an_unreadable_date_only_when_dates_are_used() {
    fails(
        &["orders", "testdata/bad_date.csv", "--by", "week"],
        1,
        "testdata/bad_date.csv:3: unreadable date in column 'order_date' \"15/01/2024\"; write dates as YYYY-MM-DD or an ISO 8601 timestamp, or give --date-order mdy for dates like 01/15/2024 (dmy for 15/01/2024 or 15.01.2024), --two-digit-years for years like 24, --calendar buddhist for Buddhist-era years, or pass --skip-invalid to skip such rows",
    );
    let out = run(&["orders", "testdata/bad_date.csv", "-f", "csv"]);
    assert_eq!(
        out.code, 0,
        "without --by/--since/--until dates are not read"
    );
}

#[test]
fn skip_invalid_skips_and_counts_rows_by_reason() {
    let out = run(&[
        "orders",
        "testdata/invalid.csv",
        "--by",
        "week",
        "--skip-invalid",
        "-f",
        "json",
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stderr.trim(),
        "engage: warning: skipped 5 invalid rows (blank amount: 1, blank customer id: 1, blank date: 1, unreadable amount: 1, unreadable date: 1)"
    );
    let parsed: OrdersJson = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(parsed.rows_skipped.values().sum::<u64>(), 5);
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!((parsed.rows[0].orders, parsed.rows[0].revenue), (2, 16.0));
}

#[test]
fn skip_invalid_without_dates_leaves_dates_unread() {
    let out = orders_json(&["testdata/invalid.csv", "--skip-invalid"]);
    let r = &out.rows[0];
    assert_eq!((r.orders, r.customers, r.revenue), (4, 3, 30.0));
    assert!(close(r.repeat_vs_one_time_spend, 1.0));
    assert_eq!(out.rows_skipped.values().sum::<u64>(), 3);
}

#[test]
fn quiet_silences_warnings() {
    let out = run(&[
        "orders",
        "testdata/invalid.csv",
        "--skip-invalid",
        "-q",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");
}

#[test]
fn fails_on_an_empty_file() {
    fails(
        &["orders", "testdata/empty.csv"],
        1,
        "testdata/empty.csv: the file is empty (no header row)",
    );
}

#[test]
fn fails_on_a_header_only_file() {
    fails(
        &["orders", "testdata/header_only.csv"],
        1,
        "testdata/header_only.csv: no data rows, only a header",
    );
}

#[test]
fn fails_when_every_order_is_excluded_by_status() {
    fails(
        &["orders", "testdata/all_refunded.csv"],
        1,
        "testdata/all_refunded.csv: no orders left: all 2 have a status that does not count",
    );
}

#[test]
fn fails_when_no_order_is_in_the_date_range() {
    fails(
        &["orders", "testdata/orders.csv", "--since", "2030-01-01"],
        1,
        "no orders between 2030-01-01 and the end: the counted orders run from 2024-01-01 to 2024-02-06",
    );
}

#[test]
fn usage_errors_exit_2() {
    fails(
        &["orders", "testdata/orders.csv", "--since", "2024-13-01"],
        2,
        "--since: '2024-13-01' is not a date",
    );
    fails(
        &[
            "orders",
            "testdata/orders.csv",
            "--since",
            "2024-02-01",
            "--until",
            "2024-01-01",
        ],
        2,
        "is after --until",
    );
    fails(
        &["orders", "testdata/orders.csv", "--by", "fortnight"],
        2,
        "invalid value 'fortnight'",
    );
    fails(
        &["orders", "testdata/orders.csv", "-o", "out.xls"],
        2,
        "cannot tell the format from the extension",
    );
    fails(
        &[
            "orders",
            "testdata/orders.csv",
            "--include-status",
            "paid",
            "--exclude-status",
            "x",
        ],
        2,
        "cannot be used with",
    );
    fails(&["orders"], 2, "required");
}

// ---- -o: format from the extension, atomic, never clobbers on failure ----

#[test]
fn output_file_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weekly.json");
    let out = run(&[
        "orders",
        "testdata/orders.csv",
        "--by",
        "week",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "");
    let parsed: OrdersJson = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(parsed.rows.len(), 3);
    let md = dir.path().join("weekly.md");
    run(&["orders", "testdata/orders.csv", "-o", md.to_str().unwrap()]);
    assert!(std::fs::read_to_string(md)
        .unwrap()
        .starts_with("| metric | value |"));
}

#[test]
fn a_failed_run_leaves_an_existing_report_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    std::fs::write(&path, "previous report\n").unwrap();
    fails(
        &[
            "orders",
            "testdata/bad_amount.csv",
            "-o",
            path.to_str().unwrap(),
        ],
        1,
        "unreadable amount",
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous report\n");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
}

#[test]
fn fails_before_reading_when_the_output_folder_does_not_exist() {
    fails(
        &[
            "orders",
            "testdata/orders.csv",
            "-o",
            "testdata/no/such/dir/out.csv",
        ],
        1,
        // The folder and the fix, not the temporary file's random name.
        "engage: -o testdata/no/such/dir/out.csv: the folder testdata/no/such/dir does not exist; \
         create it (mkdir -p) or give another path\n",
    );
}

// ---- snapshots of every format ----

#[test]
fn snapshot_table() {
    insta::assert_snapshot!(run(&["orders", "testdata/orders.csv", "-f", "table"]).stdout);
    insta::assert_snapshot!(
        run(&[
            "orders",
            "testdata/orders.csv",
            "--by",
            "week",
            "-f",
            "table"
        ])
        .stdout
    );
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(
        run(&[
            "orders",
            "testdata/orders.csv",
            "--by",
            "month",
            "--segment",
            "channel",
            "-f",
            "markdown"
        ])
        .stdout
    );
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(
        run(&["orders", "testdata/orders.csv", "--by", "week", "-f", "csv"]).stdout
    );
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(
        run(&[
            "orders",
            "testdata/orders.csv",
            "--by",
            "week",
            "--segment",
            "channel",
            "-f",
            "json"
        ])
        .stdout
    );
}

#[test]
fn segment_values_are_exact_text_and_blank_comes_last() {
    // Order 1010 has a blank status; "Paid" and "paid" are two values.
    let rows = csv_rows(&[
        "orders",
        "testdata/orders.csv",
        "--segment",
        "status",
        "-f",
        "csv",
    ]);
    let keys: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["status"].as_str(),
                r["orders"].as_str(),
                r["revenue"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("Paid", "1", "5.00"),
            ("paid", "6", "135.49"),
            ("", "1", "7.51")
        ]
    );
    // (50.49 + 60.00) / 2 repeat customers vs 25.00 / 1 one-time customer.
    assert_eq!(rows[1]["repeat_vs_one_time_spend"], "2.2098");
    let v: serde_json::Value = json_out(&[
        "orders",
        "testdata/orders.csv",
        "--segment",
        "status",
        "-f",
        "json",
    ]);
    assert_eq!(v["rows"][2]["status"], serde_json::Value::Null);
    let table = run(&[
        "orders",
        "testdata/orders.csv",
        "--segment",
        "status",
        "-f",
        "table",
    ]);
    assert!(table.stdout.contains("| (blank) |"));
}

#[test]
fn fails_on_a_row_with_more_fields_than_the_header() {
    fails(
        &["orders", "testdata/ragged.csv"],
        1,
        "testdata/ragged.csv:3: this row has 4 fields but the header has 3; quote values that contain commas, or fix the row",
    );
}

#[test]
fn fails_on_a_file_that_is_not_utf8() {
    fails(
        &["orders", "testdata/latin1.csv"],
        1,
        "testdata/latin1.csv:2: the file is not UTF-8 text; save it as UTF-8 or give its encoding with --encoding (e.g. latin1)",
    );
}

#[test]
fn reads_a_bom_and_crlf_line_endings() {
    let rows = csv_rows(&["orders", "testdata/bom_crlf.csv", "-f", "csv"]);
    assert_eq!(
        (rows[0]["orders"].as_str(), rows[0]["revenue"].as_str()),
        ("2", "15.00")
    );
}

#[test]
fn semicolons_are_detected_and_decimal_commas_read_on_request() {
    // 1.234,50 + 10,00 + 0,05 = 1244.55; C1 has two orders.
    let rows = csv_rows(&[
        "orders",
        "testdata/semicolon_decimal_comma.csv",
        "--decimal-comma",
        "--segment",
        "channel",
        "-f",
        "csv",
    ]);
    let by: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["channel"].as_str(), r["revenue"].as_str()))
        .collect();
    // A quoted field keeps its semicolon.
    assert_eq!(
        by,
        [
            ("app", "0.05"),
            ("web", "1234.50"),
            ("web; mobile", "10.00")
        ]
    );
    // Without --decimal-comma, "1.234,50" is refused, not misread.
    fails(
        &["orders", "testdata/semicolon_decimal_comma.csv"],
        1,
        "testdata/semicolon_decimal_comma.csv:2: unreadable amount in column 'amount' \"1.234,50\"",
    );
}

#[test]
fn tabs_are_detected_and_the_delimiter_can_be_given() {
    let detected = run(&["orders", "testdata/tabs.csv", "-f", "csv"]);
    let given = run(&[
        "orders",
        "testdata/tabs.csv",
        "--delimiter",
        "tab",
        "-f",
        "csv",
    ]);
    assert_eq!(detected.code, 0, "{}", detected.stderr);
    assert!(detected
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("2,2,15.50,"));
    assert_eq!(given.stdout, detected.stdout);
    fails(
        &["orders", "testdata/tabs.csv", "--delimiter", "ab"],
        2,
        "--delimiter 'ab'",
    );
}

#[test]
fn other_encodings_are_read_with_encoding() {
    // "Renée" in Latin-1: one customer with two orders.
    let rows = csv_rows(&[
        "orders",
        "testdata/latin1.csv",
        "--encoding",
        "latin1",
        "--segment",
        "customer_id",
        "-f",
        "csv",
    ]);
    assert_eq!(rows[0]["customer_id"], "Renée");
    assert_eq!(rows[0]["revenue"], "12.00");
    fails(
        &["orders", "testdata/latin1.csv", "--encoding", "klingon"],
        2,
        "--encoding 'klingon': unknown encoding",
    );
}

#[test]
fn snapshot_table_with_many_rows_has_one_line_per_row() {
    // 8 days + total: more rows than fit as columns.
    insta::assert_snapshot!(
        run(&[
            "orders",
            "testdata/orders.csv",
            "--by",
            "day",
            "-f",
            "table"
        ])
        .stdout
    );
}

/// `--period-dates`: testdata/orders.csv has orders in ISO weeks 2024-W01
/// (Mon 2024-01-01 to Sun 01-07), W02 (01-08 to 01-14) and W06 (02-05 to
/// 02-11); --since 2024-01-03 cuts the first week's `from`.
#[test]
fn period_dates_add_each_periods_first_and_last_day() {
    let out = run(&[
        "orders",
        "testdata/orders.csv",
        "--by",
        "week",
        "--period-dates",
        "--since",
        "2024-01-03",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys: Vec<String> = out
        .stdout
        .lines()
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        keys,
        [
            "period,from,to,orders",
            "2024-W01,2024-01-03,2024-01-07,1",
            "2024-W02,2024-01-08,2024-01-14,3",
            "2024-W06,2024-02-05,2024-02-11,2",
        ]
    );
}

/// `args` on testdata/orders.csv is a usage error (exit 2, nothing on
/// stdout) whose message names `flag`.
fn usage_error_naming(args: &[&str], flag: &str) {
    let out = run(&[&["orders", "testdata/orders.csv"], args].concat());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains(flag), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn period_dates_need_by() {
    usage_error_naming(&["--period-dates", "-f", "csv"], "--period-dates");
}

/// The survey's JSON rows carry them too (months of 2024: February has
/// 29 days); the total, over every period, has none.
#[test]
fn survey_rows_carry_period_dates_in_json() {
    let j: serde_json::Value = json_out(&[
        "survey",
        "testdata/survey.csv",
        "--by",
        "month",
        "--period-dates",
        "-f",
        "json",
        "-q",
    ]);
    let rows = j["rows"].as_array().expect("rows");
    let dates: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap_or(""),
                r["to"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [("2024-01-01", "2024-01-31"), ("2024-02-01", "2024-02-29")]
    );
    assert!(j["total"]["from"].is_null() && j["total"]["to"].is_null());
}

/// `--layout wide` on testdata/orders.csv by month and channel, worked by
/// hand from the file (1004 refunded and 1008 cancelled are not counted):
/// January web 1001, 1003 (C1), 1005 (C2): 3 orders, 2 customers, 80.50;
/// January app 1002 (C2), 1006 (C4), 1007 (C1): 3 orders, 3 customers,
/// 34.99; February store 1009: 25.00; February web 1010: 7.51; no app
/// order in February (an empty cell, as a pivot of the long rows).
#[test]
fn wide_layout_has_a_row_per_period_and_a_column_per_metric_and_channel() {
    let args = [
        "orders",
        "testdata/orders.csv",
        "--by",
        "month",
        "--segment",
        "channel",
        "--layout",
        "wide",
    ];
    let rows = csv_rows(&[&args[..], &["-f", "csv"]].concat());
    assert_eq!(rows.len(), 2);
    let (jan, feb) = (&rows[0], &rows[1]);
    assert_eq!(
        (jan["period"].as_str(), feb["period"].as_str()),
        ("2024-01", "2024-02")
    );
    let cells = |r: &std::collections::HashMap<String, String>, keys: &[&str]| -> Vec<String> {
        keys.iter().map(|k| r[*k].clone()).collect()
    };
    assert_eq!(
        cells(
            jan,
            &[
                "orders:app",
                "orders:store",
                "orders:web",
                "customers:web",
                "revenue:app",
                "revenue:web"
            ]
        ),
        ["3", "", "3", "2", "34.99", "80.50"]
    );
    assert_eq!(
        cells(
            feb,
            &[
                "orders:app",
                "orders:store",
                "orders:web",
                "revenue:store",
                "revenue:web"
            ]
        ),
        ["", "1", "1", "25.00", "7.51"]
    );
    // The terminal table labels each column with its metric and value.
    let table = run(&[&args[..], &["-f", "table"]].concat());
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("| Revenue (web)"), "{}", table.stdout);
}

#[test]
fn wide_layout_needs_a_segment() {
    usage_error_naming(&["--by", "month", "--layout", "wide"], "--layout wide");
}

#[test]
fn the_order_named_for_conflicting_line_items_is_the_first_in_the_file() {
    // 50,000 orders of two rows each, every one with two amounts (10.00
    // and 11.00): read without row positions, the folded orders came out
    // of a hash grouping, and the order named changed from run to run.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("items.csv");
    let mut text = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..50_000 {
        for amount in ["10.00", "11.00"] {
            text.push_str(&format!("O{i:06},C{},2024-01-02,{amount}\n", i % 5_000));
        }
    }
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    for _ in 0..3 {
        let out = run(&["orders", file, "--line-items", "first", "-f", "csv"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains("\n50000,5000,500000.00,"),
            "{}",
            out.stdout
        );
        assert!(
            out.stderr.contains(
                "50000 orders with different amounts on their rows (first: order O000000)"
            ),
            "{}",
            out.stderr
        );
    }
}
