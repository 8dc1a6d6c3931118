//! Real exports: each platform's preset on a fixture built from its
//! documented export layout (testdata/presets/), a user preset and defaults
//! from a config file, the messy-input cases not covered in orders.rs, and
//! `engage check`. Expected values are worked out in testdata/README.md.

mod common;

use common::{csv_rows, json_out, run};
use serde_json::Value;

fn close(got: &str, want: f64) -> bool {
    got.parse::<f64>().is_ok_and(|g| (g - want).abs() < 1e-9)
}

fn one_row(args: &[&str]) -> std::collections::HashMap<String, String> {
    let mut rows = csv_rows(args);
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows.remove(0)
}

#[test]
fn shopify_line_items_fold_into_orders_and_only_paid_statuses_count() {
    let out = run(&["orders", "testdata/presets/shopify.csv", "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("read with --preset shopify (Shopify orders export"),
        "{}",
        out.stderr
    );
    // #1001 80.46 (2 rows), #1002 31.35, #1004 120.00, #1006 64.19 (3 rows),
    // #1008 25.00; #1003 refunded, #1005 pending, #1007 voided.
    let r = one_row(&["orders", "testdata/presets/shopify.csv", "-f", "csv", "-q"]);
    assert_eq!(r["orders"], "5");
    assert_eq!(r["customers"], "4");
    assert_eq!(r["revenue"], "321.00");
    assert!(close(&r["aov"], 64.2));
    assert_eq!(r["repeat_customers"], "1");
}

#[test]
fn shopify_timestamps_with_offsets_fall_on_their_local_day() {
    // #1004 at 2024-01-31 23:30 -0500 stays in January.
    let rows = csv_rows(&[
        "orders",
        "testdata/presets/shopify.csv",
        "--by",
        "month",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(rows[0]["period"], "2024-01");
    assert_eq!(rows[0]["revenue"], "231.81");
    assert_eq!(rows[1]["period"], "2024-02");
    assert_eq!(rows[1]["revenue"], "89.19");
    assert!(close(&rows[1]["returning_customer_rate"], 50.0));
}

#[test]
fn woocommerce_counts_completed_and_processing_orders() {
    let r = one_row(&[
        "orders",
        "testdata/presets/woocommerce.csv",
        "-f",
        "csv",
        "-q",
    ]);
    // 101 emma 45.00, 102 finn 120.50, 104 emma 30.00.
    assert_eq!(r["orders"], "3");
    assert_eq!(r["revenue"], "195.50");
    assert!(close(&r["repeat_purchase_rate"], 50.0));
}

#[test]
fn stripe_counts_paid_payments_at_their_amount() {
    let r = one_row(&["orders", "testdata/presets/stripe.csv", "-f", "csv", "-q"]);
    // ch_3Oa1 20.00, ch_3Oa4 50.00 (10.00 refunded later: still 50), ch_3Oa5
    // 12.50; ch_3Oa2 refunded, ch_3Oa3 failed.
    assert_eq!(r["orders"], "3");
    assert_eq!(r["revenue"], "82.50");
    assert_eq!(r["customers"], "2");
}

#[test]
fn qualtrics_question_rows_are_skipped_and_scores_found_by_question_text() {
    let r = one_row(&[
        "survey",
        "testdata/presets/qualtrics.csv",
        "-f",
        "csv",
        "-q",
    ]);
    // Q1: 10, 9, 7, 3, 10 -> 60 - 20 = 40 (Q1_NPS_GROUP is not read).
    // Q2: 5, 4, 3, 2 and a blank -> 2 of 4.
    assert_eq!(r["nps_responses"], "5");
    assert!(close(&r["nps"], 40.0));
    assert!(close(&r["csat"], 50.0));
}

#[test]
fn qualtrics_errors_name_the_real_line() {
    // The data starts on line 4; an unreadable answer on the second
    // response (line 5) must be reported there.
    let text = std::fs::read_to_string("testdata/presets/qualtrics.csv").unwrap();
    let bad = text.replacen(",EN,9,Promoter,4,", ",EN,nine,Promoter,4,", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.csv");
    std::fs::write(&path, bad).unwrap();
    let out = run(&["survey", path.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("q.csv:5: unreadable NPS answer in column 'Q1' \"nine\""),
        "{}",
        out.stderr
    );
}

#[test]
fn surveymonkey_second_header_row_is_skipped_and_dates_are_month_first() {
    let rows = csv_rows(&[
        "survey",
        "testdata/presets/surveymonkey.csv",
        "--by",
        "month",
        "-f",
        "csv",
        "-q",
    ]);
    // June: 10, 8 -> 50; July: 6, 0 -> -100 (06/03 is June 3, not March 6).
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["period"], "2024-06");
    assert!(close(&rows[0]["nps"], 50.0));
    assert!(close(&rows[0]["csat"], 100.0));
    assert_eq!(rows[1]["period"], "2024-07");
    assert!(close(&rows[1]["nps"], -100.0));
}

#[test]
fn typeform_columns_are_found_by_question_text() {
    let r = one_row(&["survey", "testdata/presets/typeform.csv", "-f", "csv", "-q"]);
    // 9, 10, 5 -> (2 - 1)/3; CSAT 4, 5, 3 -> 2 of 3.
    assert!(close(&r["nps"], 100.0 / 3.0));
    assert!(close(&r["csat"], 200.0 / 3.0));
}

#[test]
fn a_named_preset_must_exist_and_fit_the_command() {
    let out = run(&[
        "orders",
        "testdata/presets/shopify.csv",
        "--preset",
        "qualtrics",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--preset qualtrics is a preset for surveys files"),
        "{}",
        out.stderr
    );
    let out = run(&[
        "orders",
        "testdata/presets/shopify.csv",
        "--preset",
        "magento",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("known: online-retail, shopify, stripe, woocommerce"),
        "{}",
        out.stderr
    );
}

#[test]
fn flags_win_over_the_preset() {
    // Count every Shopify status: adds #1003 (50), #1005 (40), #1007 (99).
    let r = one_row(&[
        "orders",
        "testdata/presets/shopify.csv",
        "--exclude-status",
        "",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(r["orders"], "8");
    assert_eq!(r["revenue"], "510.00");
}

#[test]
fn report_detects_each_kind_of_export() {
    let j: Value = json_out(&[
        "report",
        "--orders",
        "testdata/presets/shopify.csv",
        "--surveys",
        "testdata/presets/typeform.csv",
        "-f",
        "json",
        "-q",
    ]);
    assert_eq!(j["orders"]["preset"], "shopify");
    assert_eq!(j["surveys"]["preset"], "typeform");
    assert_eq!(j["headline"]["revenue"], 321.0);
}

// Config file

#[test]
fn a_user_preset_in_a_config_file_works_like_a_built_in_one() {
    let rows = csv_rows(&[
        "--config",
        "testdata/config/engage.toml",
        "orders",
        "testdata/config/myshop.csv",
        "--by",
        "month",
        "-f",
        "csv",
        "-q",
    ]);
    // ; detected, decimal comma from [defaults], 15/01/2024 day first,
    // only "complete" counts: A-1 1234.50 (January), A-3 65.50 (February).
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["period"], "2024-01");
    assert_eq!(rows[0]["revenue"], "1234.50");
    assert_eq!(rows[1]["revenue"], "65.50");
    assert!(close(&rows[1]["returning_customer_rate"], 100.0));
}

#[test]
fn engage_toml_in_the_working_directory_is_read() {
    let out = common::engage()
        .current_dir("testdata/config")
        .args(["orders", "myshop.csv", "-f", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2,1,1300.00,650,"),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--preset myshop"), "{stderr}");
}

#[test]
fn a_bad_config_file_is_a_usage_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("engage.toml");
    std::fs::write(&path, "[defaults]\ncsat_scale_x = 7\n").unwrap();
    let out = run(&[
        "--config",
        path.to_str().unwrap(),
        "survey",
        "testdata/survey.csv",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown field `csat_scale_x`"),
        "{}",
        out.stderr
    );
    let out = run(&["--config", "no/such.toml", "survey", "testdata/survey.csv"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--config no/such.toml: cannot read it"),
        "{}",
        out.stderr
    );
}

// Messy input not covered in tests/orders.rs

#[test]
fn a_header_below_title_lines_is_found_and_lines_stay_right() {
    // Two lines of title above the header: the third data row (line 6)
    // has an unreadable amount.
    let out = run(&["orders", "testdata/preamble.csv"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("testdata/preamble.csv:6: unreadable amount"),
        "{}",
        out.stderr
    );
    let r = one_row(&[
        "orders",
        "testdata/preamble.csv",
        "--skip-invalid",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(r["orders"], "2");
    assert_eq!(r["revenue"], "30.00");
}

#[test]
fn exact_duplicate_rows_are_warned_about() {
    // duplicates.csv: order 1 twice, identical; order 2 with 20.00 and 5.00.
    let out = run(&["orders", "testdata/duplicates.csv", "-f", "csv"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains(
            "1 row repeats an earlier row exactly (folded into their order: counted once)"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("3,3,37.00,"),
        "{}",
        out.stdout
    );
    // Without an order id, each copy is an order: the warning says so.
    let out = run(&["orders", "testdata/duplicates_no_id.csv", "-f", "csv"]);
    assert!(
        out.stderr.contains("each copy counts as an order"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("3,2,40.00,"),
        "{}",
        out.stdout
    );
}

#[test]
fn conflicting_amounts_for_one_order_id_are_warned_about() {
    let out = run(&["orders", "testdata/duplicates.csv", "-f", "csv"]);
    assert!(
        out.stderr.contains(
            "1 order with different amounts on its rows (first: order 2); the first amount counts"
        ),
        "{}",
        out.stderr
    );
    // --line-items sum adds them: 10 + 10 + 20 + 5 + 7.
    let r = one_row(&[
        "orders",
        "testdata/duplicates.csv",
        "--line-items",
        "sum",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(r["revenue"], "52.00");
}

#[test]
fn slash_dates_need_a_date_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("us.csv");
    std::fs::write(
        &path,
        "customer_id,order_date,amount\na,01/15/2024,10.00\nb,02/01/2024,20.00\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = run(&["orders", p, "--by", "month"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("give --date-order mdy"),
        "{}",
        out.stderr
    );
    let rows = csv_rows(&[
        "orders",
        p,
        "--by",
        "month",
        "--date-order",
        "mdy",
        "-f",
        "csv",
    ]);
    let periods: Vec<&str> = rows.iter().map(|r| r["period"].as_str()).collect();
    assert_eq!(periods, ["2024-01", "2024-02"]);
    let rows = csv_rows(&[
        "orders",
        p,
        "--by",
        "month",
        "--date-order",
        "dmy",
        "-f",
        "csv",
        "--skip-invalid",
        "-q",
    ]);
    // Day first, 01/15/2024 is no date; 02/01/2024 is January 2.
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["period"], "2024-01");
    assert_eq!(rows[0]["revenue"], "20.00");
}

// engage check

#[test]
fn check_reports_mapping_range_and_verdict_as_json() {
    let j: Value = json_out(&["check", "testdata/presets/shopify.csv", "-f", "json"]);
    assert_eq!(j["command"], "check");
    assert_eq!(j["kind"], "orders");
    assert_eq!(j["preset"]["name"], "shopify");
    assert_eq!(j["rows_read"], 11);
    assert_eq!(j["orders"], 5);
    assert_eq!(j["orders_excluded_by_status"], 3);
    assert_eq!(j["date_range"]["first"], "2024-01-15");
    assert_eq!(j["date_range"]["last"], "2024-02-28");
    assert_eq!(j["duplicate_rows"], 0);
    assert_eq!(j["usable"], true);
    let amount = j["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == "amount")
        .unwrap();
    assert_eq!(amount["column"], "Total");
    assert_eq!(amount["why"], "preset shopify");
}

#[test]
fn check_groups_skipped_rows_by_reason_with_their_lines_and_exits_1() {
    let out = run(&["check", "testdata/invalid.csv", "-f", "json"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("not usable as they are: 5 rows have a problem"),
        "{}",
        out.stderr
    );
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["usable"], false);
    assert_eq!(j["skipped"]["unreadable amount"]["rows"], 1);
    assert_eq!(
        j["skipped"]["unreadable amount"]["first_lines"][0],
        "testdata/invalid.csv:6"
    );
    assert_eq!(
        j["skipped"]["blank customer id"]["first_lines"][0],
        "testdata/invalid.csv:5"
    );
    // With --skip-invalid the same files pass.
    let out = run(&[
        "check",
        "testdata/invalid.csv",
        "--skip-invalid",
        "-f",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn check_finds_out_of_range_scores_and_duplicate_response_ids() {
    let out = run(&["check", "testdata/survey_bad.csv", "-f", "json"]);
    assert_eq!(out.code, 1);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["kind"], "surveys");
    assert_eq!(j["skipped"]["NPS answer outside 0-10"]["rows"], 1);
    assert_eq!(
        j["skipped"]["NPS answer outside 0-10"]["first_lines"][0],
        "testdata/survey_bad.csv:3"
    );
    let j: Value = json_out(&["check", "testdata/presets/qualtrics.csv", "-f", "json"]);
    assert_eq!(j["duplicate_response_ids"], 0);
    assert_eq!(j["blank_csat"], 1);
    assert_eq!(j["nps_answers"], 5);
}

#[test]
fn check_reports_zero_and_negative_amounts_and_missing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refunds.csv");
    std::fs::write(&path, "customer_id,amount\na,10.00\nb,0.00\nc,-5.00\n").unwrap();
    let j: Value = json_out(&["check", path.to_str().unwrap(), "-f", "json"]);
    assert_eq!(j["zero_amounts"], 1);
    assert_eq!(j["negative_amounts"], 1);
    assert_eq!(j["date_range"], Value::Null);
    let date = j["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == "order_date")
        .unwrap();
    assert_eq!(date["why"], "not found: no periods or date filters");
    // A survey file read as orders is not usable: no amount column.
    let out = run(&[
        "check",
        "testdata/survey.csv",
        "--kind",
        "orders",
        "-f",
        "json",
    ]);
    assert_eq!(out.code, 1);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        j["error"].as_str().unwrap().contains("no amount column"),
        "{j}"
    );
}

#[test]
fn check_snapshot_table_and_markdown() {
    let out = run(&["check", "testdata/presets/surveymonkey.csv", "-f", "table"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("check_table", out.stdout);
    let out = run(&["check", "testdata/invalid.csv", "-f", "markdown"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("check_markdown", out.stdout);
}
