//! `engage report` run as a user runs it, on testdata/report/. Expected
//! values are worked out by hand in testdata/README.md ("report/").

mod common;

use common::{csv_rows, engage, json_out, run};
use serde_json::Value;

const ORDERS: &str = "testdata/report/orders.csv";
const SURVEYS: &str = "testdata/report/surveys.csv";

/// `engage report --orders ORDERS --surveys SURVEYS ARGS... -f json -q`.
fn report_json(args: &[&str]) -> Value {
    let mut all = vec!["report", "--orders", ORDERS, "--surveys", SURVEYS];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "-q"]);
    json_out(&all)
}

/// `engage report --orders ORDERS --surveys SURVEYS --by week -f csv -q
/// ARGS...`.
fn weekly_csv<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--by",
        "week",
        "-f",
        "csv",
        "-q",
    ];
    all.extend_from_slice(args);
    all
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {}", v[key]))
}

fn assert_close(v: &Value, key: &str, expected: f64) {
    let got = num(v, key);
    assert!(
        (got - expected).abs() < 1e-9,
        "{key}: got {got}, expected {expected}"
    );
}

#[test]
fn headline_is_the_latest_week_compared_with_the_week_before() {
    let j = report_json(&["--by", "week", "--compare", "previous"]);
    let h = &j["headline"];
    assert_eq!(h["period"], "2024-W12");
    assert_eq!(h["from"], "2024-03-18");
    assert_eq!(h["to"], "2024-03-24");
    assert_eq!(j["report"]["previous"]["period"], "2024-W11");
    // W12: orders 7-11 (alice 30, bob 90+60, erin 45+15); W11: orders 3-5
    // (alice 60, carol 40+20), order 6 refunded.
    for (key, now, prev, delta, change) in [
        ("orders", 5.0, 3.0, 2.0, 200.0 / 3.0),
        ("customers", 3.0, 2.0, 1.0, 50.0),
        ("revenue", 240.0, 120.0, 120.0, 100.0),
        ("aov", 48.0, 40.0, 8.0, 20.0),
        (
            "repeat_purchase_rate",
            200.0 / 3.0,
            50.0,
            50.0 / 3.0,
            100.0 / 3.0,
        ),
        (
            "returning_customer_rate",
            200.0 / 3.0,
            50.0,
            50.0 / 3.0,
            100.0 / 3.0,
        ),
        ("new_customers", 1.0, 1.0, 0.0, 0.0),
        ("repeat_revenue_share", 87.5, 50.0, 37.5, 75.0),
        ("repeat_vs_one_time_spend", 3.5, 1.0, 2.5, 250.0),
        // NPS W12: 10,10,9,7,3 -> 60 - 20 = 40; W11: 10,9,6,8 -> 50 - 25.
        ("nps", 40.0, 25.0, 15.0, 60.0),
        // CSAT W12: 5,5,4,1 (one blank) -> 75; W11: 5,4,3,2 -> 50.
        ("csat", 75.0, 50.0, 25.0, 50.0),
    ] {
        assert_close(h, key, now);
        assert_close(h, &format!("prev_{key}"), prev);
        assert_close(h, &format!("delta_{key}"), delta);
        assert_close(h, &format!("change_pct_{key}"), change);
    }
    // Margins (testdata/README.md): NPS adjusted Wald, W12 n' = 8, p' =
    // 3.75/8, d' = 1.75/8, v = 0.625/8; W11 n' = 7, p' = 2.75/7, d' =
    // 1.75/7, v = (30.5/49)/7. Interval 100 * (2/8 - 1/7) ± 196 * sqrt(v12
    // + v11) = 10.7143 ± 80.1077; the margin is 15 - (10.7143 - 80.1077).
    let v12 = 0.625 / 8.0;
    let v11 = 30.5 / 49.0 / 7.0;
    let centre = 100.0 * (2.0 / 8.0 - 1.0 / 7.0);
    let half = 196.0 * f64::sqrt(v12 + v11);
    assert_close(h, "nps_change_margin", 15.0 - (centre - half));
    assert_eq!(h["nps_change_significant"], false);
    // CSAT Newcombe: Wilson 3/4 is 30.0636 to 95.4414, 2/4 15.0036 to
    // 84.9964; low 25 - sqrt((75 - 30.0636)² + (84.9964 - 50)²) = -31.9564,
    // so the margin is 56.9564 and the change not significant.
    assert!((h["csat_change_margin"].as_f64().unwrap() - 56.956_38).abs() < 1e-4);
    assert_eq!(h["csat_change_significant"], false);
    assert_eq!(
        h["nps_distribution"],
        serde_json::json!([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 2])
    );
}

/// The first week is compared with the week before the data: counts of
/// no rows (0 orders, no AOV, no NPS), the same as when `--since` names the
/// first order day (2024-03-04, a Monday) and that week is tallied.
#[test]
fn the_first_period_compares_with_a_period_of_no_rows() {
    let args = weekly_csv(&["--compare", "previous"]);
    let rows = csv_rows(&args);
    let first = rows.iter().find(|r| r["section"] == "period").unwrap();
    assert_eq!(first["period"], "2024-W10");
    for (key, value) in [
        ("prev_orders", "0"),
        ("prev_customers", "0"),
        ("prev_revenue", "0.00"),
        ("prev_aov", ""),
        ("prev_returning_customers", "0"),
        ("prev_nps_responses", "0"),
        ("prev_nps", ""),
        ("prev_csat", ""),
        ("prev_low_sample", "true"),
    ] {
        assert_eq!(first[key], value, "{key}");
    }
    let whole = run(&args);
    let since = run(&[&args[..], &["--since", "2024-03-04"]].concat());
    assert_eq!((whole.code, since.code), (0, 0), "{}", since.stderr);
    assert_eq!(whole.stdout, since.stdout);
}

#[test]
fn period_last_week_counts_back_from_as_of() {
    let head = |as_of: &str| {
        let j = report_json(&["--period", "last-week", "--as-of", as_of]);
        j["headline"]["period"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // 2024-03-25 is a Monday: the last complete week is W12; on Sunday the
    // 24th, W12 is not over yet.
    assert_eq!(head("2024-03-25"), "2024-W12");
    assert_eq!(head("2024-03-24"), "2024-W11");
    let j = report_json(&["--period", "last-month", "--as-of", "2024-04-02"]);
    assert_eq!(j["headline"]["period"], "2024-03");
    assert_close(&j["headline"], "orders", 10.0);
}

#[test]
fn period_report_shows_weeks_up_to_the_headline_and_fills_gaps_with_zero() {
    // Week 10 of 2024 is the data's first; --since 2024-02-26 adds an empty
    // week 9. As of 2024-03-18 the headline is W11, so W12 is not shown.
    let j = report_json(&[
        "--period",
        "last-week",
        "--as-of",
        "2024-03-18",
        "--since",
        "2024-02-26",
        "--compare",
        "previous",
    ]);
    let periods: Vec<&str> = j["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2024-W09", "2024-W10", "2024-W11"]);
    let w09 = &j["periods"][0];
    assert_eq!(w09["orders"], 0);
    assert_eq!(w09["aov"], Value::Null);
    let w10 = &j["periods"][1];
    assert_close(w10, "orders", 2.0);
    assert_close(w10, "prev_orders", 0.0);
    assert_eq!(w10["change_pct_orders"], Value::Null);
    assert_close(&j["periods"][2], "prev_revenue", 150.0);
    assert_close(&j["periods"][2], "delta_revenue", -30.0);
    // NPS from -100 (W10: 0 and 5, two detractors) to 25 (W11): the plain
    // Wald margin of two answers was 0 and called +125 significant. Adjusted
    // Wald: W10 n' = 5, p' = 0.15, d' = 0.55, v = 0.54/5; W11 v =
    // (30.5/49)/7; interval 100 * (1/7 + 0.4) ± 196 * sqrt(v10 + v11) =
    // 54.2857 ± 86.9766, which holds 0: the margin is 125 - (-32.6909).
    let w11 = &j["periods"][2];
    assert_close(w11, "delta_nps", 125.0);
    let centre = 100.0 * (1.0 / 7.0 + 0.4);
    let half = 196.0 * f64::sqrt(0.54 / 5.0 + 30.5 / 49.0 / 7.0);
    assert_close(w11, "nps_change_margin", 125.0 - (centre - half));
    assert_eq!(w11["nps_change_significant"], false);
}

#[test]
fn orders_and_survey_write_html_too() {
    let out = run(&["orders", ORDERS, "--by", "week", "-f", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<!DOCTYPE html>"));
    assert!(
        out.stdout.contains("<td class=\"n\">240.00</td>"),
        "{}",
        out.stdout
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nps.html");
    let out = run(&["survey", SURVEYS, "-o", path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.contains("<h2>NPS answers (whole range)</h2>"),
        "{html}"
    );
}

#[test]
fn period_rows_equal_engage_orders_rows() {
    let j = report_json(&["--by", "week"]);
    let orders = csv_rows(&["orders", ORDERS, "--by", "week", "-f", "csv", "-q"]);
    let periods = j["periods"].as_array().unwrap();
    assert_eq!(periods.len(), orders.len());
    for (p, o) in periods.iter().zip(&orders) {
        assert_eq!(p["period"].as_str(), Some(o["period"].as_str()));
        for key in [
            "orders",
            "customers",
            "revenue",
            "repeat_customers",
            "new_customers",
        ] {
            let want: f64 = o[key].parse().unwrap();
            assert_close(p, key, want);
        }
    }
}

#[test]
fn segment_tables_cover_the_headline_period_for_both_kinds() {
    let j = report_json(&[
        "--by",
        "week",
        "--segment",
        "channel",
        "--compare",
        "previous",
    ]);
    let rows = j["segments"]["channel"].as_array().unwrap();
    let find = |v: &str| rows.iter().find(|r| r["channel"] == v).unwrap();
    // W12 store: bob 90 + 60; W11 store: carol 20. NPS store W12: 9, 3.
    let store = find("store");
    assert_close(store, "orders", 2.0);
    assert_close(store, "revenue", 150.0);
    assert_close(store, "prev_revenue", 20.0);
    assert_close(store, "change_pct_revenue", 650.0);
    assert_close(store, "nps", 0.0);
    // W12 web: alice 30, erin 45 + 15; W11 web: alice 60, carol 40. NPS web
    // W12: 10, 10, 7.
    let web = find("web");
    assert_close(web, "revenue", 90.0);
    assert_close(web, "delta_revenue", -10.0);
    assert_close(web, "nps", 200.0 / 3.0);
}

#[test]
fn a_segment_only_the_order_files_have_leaves_survey_cells_empty() {
    let j = json_out::<Value>(&[
        "report",
        "--orders",
        "testdata/report/hostile.csv",
        "--surveys",
        SURVEYS,
        "--segment",
        "customer_id",
        "--format",
        "json",
        "-q",
    ]);
    let rows = j["segments"]["customer_id"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_close(&rows[0], "orders", 1.0);
    assert_eq!(rows[0]["nps"], Value::Null);
    assert_eq!(rows[0]["nps_responses"], Value::Null);
}

#[test]
fn a_segment_no_file_has_is_an_error() {
    let out = run(&[
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--segment",
        "region",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("no order or survey file has a column 'region'"),
        "{}",
        out.stderr
    );
}

#[test]
fn without_periods_the_headline_is_the_range_and_compares_with_the_range_before() {
    let j = report_json(&[
        "--since",
        "2024-03-11",
        "--until",
        "2024-03-24",
        "--compare",
        "previous",
    ]);
    let h = &j["headline"];
    assert_eq!(h["period"], "2024-03-11/2024-03-24");
    assert_eq!(j["report"]["previous"]["period"], "2024-02-26/2024-03-10");
    // Orders 3-5 and 7-11; before: orders 1 and 2.
    assert_close(h, "orders", 8.0);
    assert_close(h, "revenue", 360.0);
    assert_close(h, "aov", 45.0);
    assert_close(h, "prev_orders", 2.0);
    assert_close(h, "prev_revenue", 150.0);
    assert_close(h, "change_pct_revenue", 140.0);
    assert!(j.get("periods").is_none());
}

#[test]
fn comparing_without_a_period_or_range_is_a_usage_error() {
    let out = run(&["report", "--orders", ORDERS, "--compare", "previous"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--compare previous needs"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_report_needs_orders_or_surveys() {
    assert_eq!(run(&["report", "--by", "week"]).code, 2);
}

#[test]
fn an_open_latest_period_is_noted() {
    // The orders end on Friday 2024-03-22; week 12 runs to Sunday.
    let out = run(&[
        "report", "--orders", ORDERS, "--by", "week", "-f", "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("2024-W12 runs to 2024-03-24 but the data ends on 2024-03-22"),
        "{}",
        out.stdout
    );
}

// --fail-if

fn fail_if(args: &[&str]) -> common::Run {
    run(&weekly_csv(args))
}

#[test]
fn a_breached_threshold_exits_3_and_names_metric_value_and_limit() {
    // W12 NPS is 40 on 5 answers, margin 54.8 (testdata/README.md); CSAT
    // 75% on 4 answers, Wilson interval 30.1% to 95.4%.
    let out = fail_if(&["--fail-if", "nps<50"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "threshold breached: nps = 40.0 in 2024-W12 on 5 answers, ±54.8 (--fail-if 'nps<50')"
        ),
        "{}",
        out.stderr
    );
    let out = fail_if(&["--fail-if", "csat<80"]);
    assert!(
        out.stderr.contains(
            "threshold breached: csat = 75.0% in 2024-W12 on 4 answers, \
             95% interval 30.1% to 95.4% (--fail-if 'csat<80')"
        ),
        "{}",
        out.stderr
    );
    // The report is still written.
    assert!(out.stdout.starts_with("section,period"), "{}", out.stdout);
}

#[test]
fn thresholds_that_hold_exit_0() {
    for expr in [
        "nps<40",
        "nps>=40.5",
        "aov<=47.99",
        "repeat_purchase_rate>66.7%",
    ] {
        let out = fail_if(&["--fail-if", expr]);
        assert_eq!(out.code, 0, "{expr}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{expr}: {}", out.stderr);
    }
}

#[test]
fn every_operator_can_breach() {
    // W12: aov 48, repeat_purchase_rate 66.67, orders 5.
    for expr in [
        "aov<48.01",
        "aov<=48",
        "orders>4",
        "orders>=5",
        "repeat_purchase_rate>66",
    ] {
        assert_eq!(fail_if(&["--fail-if", expr]).code, 3, "{expr}");
    }
}

#[test]
fn one_breach_among_several_thresholds_exits_3() {
    let out = fail_if(&[
        "--fail-if",
        "orders<1",
        "--fail-if",
        "csat<80",
        "--fail-if",
        "nps<0",
    ]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("csat = 75"), "{}", out.stderr);
    assert!(
        out.stderr.contains("1 of 3 --fail-if thresholds breached"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("orders ="), "{}", out.stderr);
}

#[test]
fn thresholds_on_changes_need_and_use_the_comparison() {
    // Revenue doubled from W11 to W12.
    let out = fail_if(&[
        "--compare",
        "previous",
        "--fail-if",
        "change_pct_revenue<=100",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    let out = fail_if(&[
        "--compare",
        "previous",
        "--fail-if",
        "change_pct_revenue<100",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = fail_if(&["--fail-if", "delta_nps<0"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("need --compare previous"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_metric_without_a_value_fails_its_threshold() {
    // The week before the first has no orders: no AOV to check.
    let out = fail_if(&[
        "--compare",
        "previous",
        "--until",
        "2024-03-10",
        "--fail-if",
        "prev_aov<10",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("prev_aov has no value in 2024-W10"),
        "{}",
        out.stderr
    );
}

#[test]
fn malformed_or_unknown_thresholds_are_usage_errors() {
    for (expr, says) in [
        ("nps=30", "unknown operator =; use one of < <= > >="),
        ("nps<thirty", "expected METRIC OP NUMBER"),
        ("npx<30", "'npx' is not a metric of this report"),
        ("low_sample<1", "'low_sample' is not a metric"),
    ] {
        let out = fail_if(&["--fail-if", expr]);
        assert_eq!(out.code, 2, "{expr}");
        assert!(out.stderr.contains(says), "{expr}: {}", out.stderr);
    }
    // A survey metric in a report without surveys.
    let out = run(&["report", "--orders", ORDERS, "--fail-if", "nps<30"]);
    assert_eq!(out.code, 2);
}

// Formats

fn snapshot_args(format: &str) -> Vec<&str> {
    common::snapshot_report_args(format)
}

#[test]
fn snapshot_table() {
    let out = run(&snapshot_args("table"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn snapshot_markdown() {
    let out = run(&snapshot_args("markdown"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn csv_is_one_table_with_a_section_column() {
    let rows = csv_rows(&snapshot_args("csv"));
    let sections: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["section"].as_str(), r["period"].as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("headline", "2024-W12"),
            ("period", "2024-W10"),
            ("period", "2024-W11"),
            ("period", "2024-W12"),
            ("segment", "2024-W12"),
            ("segment", "2024-W12"),
        ]
    );
    assert_eq!(rows[4]["segment"], "channel");
    assert_eq!(rows[4]["segment_value"], "store");
    assert_eq!(rows[0]["revenue"], "240.00");
    assert_eq!(rows[0]["delta_revenue"], "120.00");
    assert_eq!(rows[0]["change_pct_revenue"], "100");
}

#[test]
fn csv_neutralises_formula_cells() {
    let out = run(&[
        "report",
        "--orders",
        "testdata/report/hostile.csv",
        "--segment",
        "channel",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let values: Vec<String> = rdr
        .records()
        .map(|r| r.unwrap()[5].to_string())
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(
        values,
        [
            "'+1",
            "'-1",
            "<script>alert(\"x\")</script>",
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "'@SUM(A1)",
            "web"
        ]
    );
}

#[test]
fn html_is_self_contained_and_escapes_the_data() {
    let out = run(&[
        "report",
        "--orders",
        "testdata/report/hostile.csv",
        "--by",
        "week",
        "--segment",
        "channel",
        "-f",
        "html",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = out.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "unescaped script tag");
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)"));
    // Nothing is fetched: no external source, stylesheet or font.
    for fetch in ["src=", "<link", "@import", "url("] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    // Trend charts of AOV and repeat-purchase rate (orders only here).
    assert_eq!(html.matches("<svg width=\"520\"").count(), 2);
}

#[test]
fn html_has_the_four_trends_and_the_nps_distribution() {
    let out = run(&snapshot_args("html"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Five charts, and a sparkline in each of the seven KPI cards.
    assert_eq!(out.stdout.matches("<svg width=\"520\"").count(), 5);
    assert_eq!(out.stdout.matches("<svg class=\"spark\"").count(), 7);
    for title in [
        "Average order value (AOV)",
        "Repeat-purchase rate",
        "Net Promoter Score (NPS)",
        "Customer satisfaction (CSAT)",
        "NPS answers, 2024-W12",
    ] {
        assert!(out.stdout.contains(title), "{title}");
    }
}

#[test]
fn output_file_is_written_even_when_a_threshold_is_breached() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weekly.html");
    let path_arg = path.to_str().unwrap();
    let out = run(&[
        "report",
        "--orders",
        ORDERS,
        "--by",
        "week",
        "--fail-if",
        "orders<10",
        "-o",
        path_arg,
    ]);
    assert_eq!(out.code, 3);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("threshold breached: orders = 5"));
}

/// The orders are read first: when both files are bad, the order file's
/// error is the one reported, every time (the survey file's only when the
/// orders read well).
#[test]
fn with_both_files_bad_the_order_file_error_is_reported() {
    let bad_orders = "testdata/bad_amount.csv";
    let bad_surveys = "testdata/survey_bad.csv";
    let report = |orders: &str, surveys: &str| {
        run(&[
            "report",
            "--orders",
            orders,
            "--surveys",
            surveys,
            "--by",
            "week",
            "-q",
        ])
    };
    for _ in 0..3 {
        let out = report(bad_orders, bad_surveys);
        assert_eq!(out.code, 1);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr
                .starts_with("engage: testdata/bad_amount.csv:4: unreadable amount"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains(bad_surveys), "{}", out.stderr);
    }
    let out = report(ORDERS, bad_surveys);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("engage: testdata/survey_bad.csv: no submitted_at column"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_failed_report_leaves_the_previous_one_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weekly.html");
    std::fs::write(&path, "last week's report").unwrap();
    let out = run(&[
        "report",
        "--orders",
        "testdata/bad_amount.csv",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "last week's report"
    );
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "a temporary file was left behind");
}

/// The HTML report rendered by a real browser: headless Chromium writes a
/// screenshot and the rendered DOM, which must hold the five charts and the
/// seven KPI cards, and the page must not scroll sideways at a desktop
/// (1200 px) or a phone's (400 px) width. Runs when Chromium is installed;
/// `ENGAGE_BROWSER_TEST=require` (set by .ci/run) makes a missing browser a
/// failure instead of a skip.
#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = common::browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let mut args = snapshot_args("html");
    args.extend(["-o", html.to_str().unwrap()]);
    assert_eq!(
        engage().args(&args).output().unwrap().status.code(),
        Some(0)
    );
    let chromium = |width, url: &std::path::Path, extra: &[&str]| {
        common::chromium(browser, dir.path(), width, url, extra)
    };
    for width in [1200, 400] {
        let png = dir.path().join(format!("report-{width}.png"));
        let shot = chromium(width, &html, &[&format!("--screenshot={}", png.display())]);
        assert!(
            shot.status.success(),
            "{}",
            String::from_utf8_lossy(&shot.stderr)
        );
        let bytes = std::fs::read(&png).expect("a screenshot was written");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
        let shot_width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        assert_eq!(shot_width, width);
        // A blank page compresses to a few kilobytes; tables and charts don't.
        assert!(bytes.len() > 50_000, "screenshot is {} bytes", bytes.len());
        let (scroll, client, _) = common::laid_out(browser, dir.path(), "report.html", width);
        assert_eq!(client, width);
        assert!(
            scroll <= width,
            "the page is {scroll} px wide in a {width} px window"
        );
    }
    let dom = chromium(1200, &html, &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(dom.matches("<svg width=\"520\"").count(), 5, "{dom}");
    assert_eq!(dom.matches("<div class=\"card\"").count(), 7, "{dom}");
    assert!(dom.contains("<polyline"), "no trend line rendered");
    assert!(dom.contains("<polygon"), "no margin band rendered");
    assert!(dom.contains("Net Promoter Score"));
}

/// The examples' monthly report wrote float noise before: 2025-11 has
/// 29 orders from 15 customers (29/15 per customer) against 2025-10's 7/3,
/// a difference of -6/15 = -0.4 (was -0.40000000000000013), and CSAT 80%
/// against 10 of 13 satisfied (1000/13 %), a change of +4% (80 / (1000/13)
/// = 1.04; was 3.9999999999999853).
#[test]
fn csv_differences_and_changes_carry_no_float_noise() {
    let out = common::run(&[
        "report",
        "--orders",
        "examples/orders.csv",
        "--surveys",
        "examples/surveys.csv",
        "--by",
        "month",
        "--compare",
        "previous",
        "-q",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut r = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = r.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.expect("row")).collect();
    let head = rows
        .iter()
        .find(|row| &row[0] == "headline")
        .expect("a headline row");
    let at = |name: &str| &head[header.iter().position(|h| h == name).expect(name)];
    assert_eq!(at("period"), "2025-11");
    assert_eq!(at("purchase_frequency"), (29.0f64 / 15.0).to_string());
    assert_eq!(at("prev_purchase_frequency"), (7.0f64 / 3.0).to_string());
    assert_eq!(at("delta_purchase_frequency"), "-0.4");
    assert_eq!(at("prev_csat"), (1000.0f64 / 13.0).to_string());
    assert_eq!(at("change_pct_csat"), "4");
    // No cell anywhere ends in a run of 0s or 9s and a stray digit.
    for row in &rows {
        for cell in row {
            let digits = cell.split('.').nth(1).unwrap_or_default();
            assert!(
                !(digits.contains("0000000") || digits.contains("9999999")),
                "{cell} in {row:?}"
            );
        }
    }
}
