//! The chunked CSV reader (src/input/chunks.rs) against polars' scan: on
//! every fixture, with chunks of a few bytes (so that cuts fall everywhere:
//! inside quoted fields with commas, line breaks and escaped quotes, at
//! CRLF line ends, before a last line without a line end), output and
//! messages must be the same to the byte.

mod common;

use common::{run_with_env, Run};

fn run_reader(reader: &[(&str, &str)], args: &[&str]) -> Run {
    run_with_env(reader, args)
}

const POLARS: &[(&str, &str)] = &[("ENGAGE_CSV_READER", "polars")];
const CHUNKED: [&[(&str, &str)]; 3] = [
    &[("ENGAGE_CSV_CHUNK", "1")],
    &[("ENGAGE_CSV_CHUNK", "7")],
    &[("ENGAGE_CSV_CHUNK", "64")],
];

fn agree(args: &[&str]) {
    let expected = run_reader(POLARS, args);
    for env in CHUNKED {
        let got = run_reader(env, args);
        assert_eq!(got.code, expected.code, "{env:?} {args:?}: {}", got.stderr);
        assert_eq!(got.stdout, expected.stdout, "{env:?} {args:?}");
        assert_eq!(got.stderr, expected.stderr, "{env:?} {args:?}");
    }
}

#[test]
fn chunked_and_polars_reads_agree_on_every_order_fixture() {
    for file in [
        "orders.csv",
        "bom_crlf.csv",
        "duplicates.csv",
        "duplicates_no_id.csv",
        "line_items.csv",
        "preamble.csv",
        "formulas.csv",
        "tabs.csv",
        "report/hostile.csv",
    ] {
        let path = format!("testdata/{file}");
        agree(&["orders", &path, "-f", "json"]);
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
fn chunked_and_polars_reads_agree_on_surveys_and_reports() {
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
fn chunked_and_polars_reads_give_the_same_errors() {
    for file in [
        "ragged.csv",
        "invalid.csv",
        "latin1.csv",
        "bad_amount.csv",
        "bad_date.csv",
        "header_only.csv",
        "empty.csv",
        "survey_bad.csv",
    ] {
        let path = format!("testdata/{file}");
        agree(&["orders", &path]);
        agree(&["orders", &path, "--skip-invalid", "-f", "csv"]);
    }
    agree(&["survey", "testdata/survey_bad.csv"]);
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
    for env in CHUNKED {
        let out = run_reader(env, &["orders", p, "-f", "json"]);
        assert_eq!(out.code, 0, "{env:?}: {}", out.stderr);
        let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let total = &j["rows"][0];
        assert_eq!(total["orders"], 4, "{env:?}");
        assert_eq!(total["customers"], 3, "{env:?}");
        assert_eq!(total["revenue"], 100.0, "{env:?}");
        assert_eq!(total["repeat_customers"], 1, "{env:?}");
    }
    agree(&["orders", p, "-f", "json"]);
}
