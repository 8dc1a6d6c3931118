//! One reader, one meaning: every way a file is read (the chunked CSV
//! reader with chunks of a few bytes, so that cuts fall everywhere: inside
//! quoted fields with commas, line breaks and escaped quotes, at CRLF line
//! ends, before a last line without a line end; and the batched read that
//! inputs larger than memory take) gives the same output and the same
//! messages, to the byte, as the whole-file read; every success is checked
//! to be one, every failure to fail.

mod common;

use common::{run_with_env, Run};

/// The whole-file read at the default chunk size: the reference.
const WHOLE: &[(&str, &str)] = &[("ENGAGE_BATCHED", "never")];
/// The other read paths.
const PATHS: [&[(&str, &str)]; 6] = [
    &[("ENGAGE_BATCHED", "never"), ("ENGAGE_CSV_CHUNK", "1")],
    &[("ENGAGE_BATCHED", "never"), ("ENGAGE_CSV_CHUNK", "7")],
    &[("ENGAGE_BATCHED", "never"), ("ENGAGE_CSV_CHUNK", "64")],
    &[("ENGAGE_BATCHED", "always")],
    &[("ENGAGE_BATCHED", "always"), ("ENGAGE_CSV_CHUNK", "1")],
    &[("ENGAGE_BATCHED", "always"), ("ENGAGE_CSV_CHUNK", "16")],
];

/// Every read path gives the reference's exit code (which must be `code`),
/// stdout and stderr; returns the reference run.
fn agree_on(code: i32, args: &[&str]) -> Run {
    let expected = run_with_env(WHOLE, args);
    assert_eq!(expected.code, code, "{args:?}: {}", expected.stderr);
    match code {
        0 => assert!(!expected.stdout.is_empty(), "{args:?}: no output"),
        _ => assert!(expected.stderr.starts_with("engage: "), "{args:?}"),
    }
    for env in PATHS {
        let got = run_with_env(env, args);
        assert_eq!(got.code, expected.code, "{env:?} {args:?}: {}", got.stderr);
        assert_eq!(got.stdout, expected.stdout, "{env:?} {args:?}");
        assert_eq!(got.stderr, expected.stderr, "{env:?} {args:?}");
    }
    expected
}

fn agree(args: &[&str]) -> Run {
    agree_on(0, args)
}

fn agree_fail(args: &[&str]) -> Run {
    agree_on(1, args)
}

#[test]
fn read_paths_agree_on_every_order_fixture() {
    for file in [
        "orders.csv",
        "bom_crlf.csv",
        "duplicates.csv",
        "duplicates_no_id.csv",
        "line_items.csv",
        "formulas.csv",
        "tabs.csv",
        "report/hostile.csv",
        "reader/stray_quote.csv",
        "reader/blank_ids.csv",
        "reader/refunded_twice.csv",
    ] {
        let path = format!("testdata/{file}");
        agree(&["orders", &path, "-f", "json"]);
    }
    agree(&[
        "orders",
        "testdata/orders.csv",
        "--segment",
        "channel",
        "-f",
        "csv",
    ]);
    // With periods: the fixtures that have a date column.
    for file in [
        "orders.csv",
        "bom_crlf_dated.csv",
        "duplicates.csv",
        "line_items.csv",
    ] {
        let path = format!("testdata/{file}");
        agree(&["orders", &path, "--by", "month", "-f", "csv"]);
    }
    agree(&[
        "orders",
        "testdata/semicolon_decimal_comma.csv",
        "--decimal-comma",
        "-f",
        "csv",
    ]);
    agree(&["orders", "testdata/latin1.csv", "--encoding", "latin1"]);
    agree(&["orders", "testdata/presets/shopify.csv", "-f", "json"]);
    agree(&["check", "testdata/presets/shopify.csv", "-f", "json"]);
}

#[test]
fn read_paths_agree_on_surveys_and_reports() {
    agree(&[
        "survey",
        "testdata/survey.csv",
        "--by",
        "week",
        "-f",
        "json",
    ]);
    agree(&["survey", "testdata/presets/qualtrics.csv", "-f", "json"]);
    agree(&["survey", "testdata/presets/surveymonkey.csv", "-f", "json"]);
    agree(&[
        "report",
        "--orders",
        "testdata/report/orders.csv",
        "--surveys",
        "testdata/report/surveys.csv",
        "--by",
        "week",
        "--compare",
        "previous",
        "-f",
        "csv",
    ]);
}

#[test]
fn read_paths_give_the_same_errors() {
    for file in [
        "ragged.csv",
        "invalid.csv",
        "latin1.csv",
        "bad_amount.csv",
        "bad_date.csv",
        "header_only.csv",
        "empty.csv",
        "survey_bad.csv",
        "preamble.csv",
        "reader/short.csv",
        "reader/short_and_blank.csv",
    ] {
        let path = format!("testdata/{file}");
        agree_fail(&["orders", &path, "--by", "month"]);
    }
    agree_fail(&["survey", "testdata/survey_bad.csv"]);
    // Skipped, the bad values; a bad row is still an error.
    agree(&[
        "orders",
        "testdata/invalid.csv",
        "--skip-invalid",
        "-f",
        "csv",
    ]);
    agree(&["orders", "testdata/bad_amount.csv", "--skip-invalid"]);
    agree(&[
        "orders",
        "testdata/bad_date.csv",
        "--by",
        "month",
        "--skip-invalid",
    ]);
    agree_fail(&["orders", "testdata/ragged.csv", "--skip-invalid"]);
}

/// Quoted fields with separators, line breaks and escaped quotes, CRLF
/// line ends and no line end after the last row: 4 orders of 3 customers,
/// 10 + 20 + 30 + 40 = 100.00, worked out by hand.
#[test]
fn quoted_line_breaks_are_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quoted.csv");
    std::fs::write(
        &path,
        "order_id,note,customer_id,amount\r\n\
         1,\"two\r\nlines, and a comma\",a,10.00\r\n\
         2,\"say \"\"hi\"\"\",b,20.00\r\n\
         3,\"\"\"\",a,30.00\r\n\
         4,\"\n\n\",c,40.00",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = agree(&["orders", p, "-f", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total = &j["rows"][0];
    assert_eq!(total["orders"], 4);
    assert_eq!(total["customers"], 3);
    assert_eq!(total["revenue"], 100.0);
    assert_eq!(total["repeat_customers"], 1);
}

/// An inch mark in an unquoted field is a literal quote (as the `csv` crate
/// and Python read it), not the start of a quoted field; with a quoted line
/// break further on, the reader used to cut inside rows. By hand: orders
/// 1-4 of customers a, b, a, c: 4 orders, 3 customers (a repeats),
/// 100.00 + 20.00 + 30.00 + 5.50 = 155.50.
#[test]
fn a_stray_quote_inside_a_field_is_a_literal() {
    let out = agree(&["orders", "testdata/reader/stray_quote.csv", "-f", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total = &j["rows"][0];
    assert_eq!(total["orders"], 4);
    assert_eq!(total["customers"], 3);
    assert_eq!(total["revenue"], 155.5);
    assert_eq!(total["repeat_customers"], 1);
    for chunk in ["2", "3", "5", "11", "13", "32"] {
        let got = run_with_env(
            &[("ENGAGE_CSV_CHUNK", chunk)],
            &["orders", "testdata/reader/stray_quote.csv", "-f", "json"],
        );
        assert_eq!(got.code, 0, "chunk {chunk}: {}", got.stderr);
        assert_eq!(got.stdout, out.stdout, "chunk {chunk}");
    }
}

/// A short row is an error naming its line, never padded into a row with a
/// blank amount; a blank line before it is skipped, not read as a row of
/// blanks (line 3 is blank, line 4 is `2,b`).
#[test]
fn a_short_row_is_an_error_naming_its_line() {
    let out = agree_fail(&["orders", "testdata/reader/short_and_blank.csv"]);
    assert_eq!(
        out.stderr,
        "engage: testdata/reader/short_and_blank.csv:4: this row has 2 fields but the header has 3; \
         quote values that contain commas, or fix the row\n"
    );
    let out = agree_fail(&["orders", "testdata/reader/short.csv", "--skip-invalid"]);
    assert!(
        out.stderr
            .starts_with("engage: testdata/reader/short.csv:3: this row has 2 fields"),
        "{}",
        out.stderr
    );
}

/// An order id column that is there but blank on every row is no order
/// id: the repeated row of customer a is a duplicate (1), warned about, in
/// both the whole-file and the batched read.
#[test]
fn an_all_blank_order_id_column_counts_duplicates_on_every_path() {
    let out = agree(&["orders", "testdata/reader/blank_ids.csv", "-f", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["duplicate_rows"], 1);
    assert_eq!(j["rows"][0]["orders"], 3);
    assert!(
        out.stderr.contains("1 row repeats an earlier row"),
        "{}",
        out.stderr
    );
}

/// Duplicates are counted over the rows read, whatever their status: the
/// two identical refunded rows are one duplicate on every path; the one
/// paid order of b counts (20.00).
#[test]
fn duplicate_refunded_rows_are_counted_on_every_path() {
    let out = agree(&["orders", "testdata/reader/refunded_twice.csv", "-f", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["duplicate_rows"], 1);
    assert_eq!(j["orders_excluded_by_status"], 2);
    assert_eq!(j["rows"][0]["orders"], 1);
    assert_eq!(j["rows"][0]["revenue"], 20.0);
}
