//! `engage clv`: the CDNOW sample against Fader, Hardie & Lee's published
//! parameters and lifetimes 0.11.3's fits and predictions
//! (testdata/cdnow/make_expected.py and make_se.py wrote the expected
//! files), and the bad inputs the command must refuse.

mod common;

use std::collections::HashMap;
use std::io::Write;

use common::{csv_rows, json_out, run, CDNOW_HOLDOUT};
use serde_json::Value;

const SUMMARY: &str = "testdata/cdnow/summary_week.csv";

fn cdnow_json(file: &str) -> Value {
    let path = format!("{}/testdata/cdnow/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `x` to 3 significant digits, as text (`2.43e-1`).
fn sig3(x: f64) -> String {
    format!("{x:.2e}")
}

/// Fader, Hardie & Lee (2005), BG/NBD on CDNOW in weeks, and the
/// Gamma-Gamma fit on its 946 repeat customers.
const PUBLISHED: [(&str, &str, f64); 7] = [
    ("bgnbd", "r", 0.243),
    ("bgnbd", "alpha", 4.414),
    ("bgnbd", "a", 0.793),
    ("bgnbd", "b", 2.426),
    ("gamma_gamma", "p", 6.25),
    ("gamma_gamma", "q", 3.74),
    ("gamma_gamma", "gamma", 15.44),
];

/// The JSON summary's seven parameters equal the published ones to 3
/// significant digits.
fn assert_published(out: &Value) {
    for (model, name, want) in PUBLISHED {
        let got = out[model][name].as_f64().unwrap();
        assert_eq!(sig3(got), sig3(want), "{model}.{name} = {got}");
    }
}

fn rel(got: f64, want: f64) -> f64 {
    ((got - want) / want).abs()
}

/// The annual rate whose monthly rate is lifetimes' 1% of the fixture:
/// 1.01^12 - 1.
fn one_percent_a_month() -> String {
    (1.01f64.powi(12) - 1.0).to_string()
}

#[test]
fn summary_reproduces_the_published_cdnow_parameters() {
    let out: Value = json_out(&[
        "clv",
        "--summary",
        SUMMARY,
        "--time-unit",
        "week",
        "--format",
        "json",
    ]);
    assert_published(&out);
    assert_eq!(out["converged"], true);
    assert_eq!(out["customers"], 2357);
    assert_eq!(out["gamma_gamma_customers"], 946);
    assert_eq!(out["gamma_gamma_left_out"]["no_repeat_purchase"], 1411);
}

#[test]
fn summary_fits_equal_lifetimes_with_its_standard_errors_and_loglik() {
    let out: Value = json_out(&[
        "clv",
        "--summary",
        SUMMARY,
        "--time-unit",
        "week",
        "--format",
        "json",
    ]);
    let params = cdnow_json("params_week.json");
    let se = cdnow_json("se_week.json");
    let pairs = [
        ("bgnbd", "bgnbd", ["r", "alpha", "a", "b"].as_slice()),
        ("gamma_gamma", "gamma_gamma", ["p", "q", "gamma"].as_slice()),
    ];
    for (model, theirs, names) in pairs {
        for name in names {
            // lifetimes calls Gamma-Gamma's scale `v`.
            let their = if *name == "gamma" { "v" } else { name };
            let got = out[model][name].as_f64().unwrap();
            let want = params[theirs][their].as_f64().unwrap();
            assert!(rel(got, want) < 1e-5, "{model}.{name}: {got} vs {want}");
            let got = out[format!("{model}_se")][name].as_f64().unwrap();
            let want = se[format!("{theirs}_se")][their].as_f64().unwrap();
            assert!(rel(got, want) < 1e-4, "{model}_se.{name}: {got} vs {want}");
        }
    }
    let ll = out["loglik"]["bgnbd"].as_f64().unwrap();
    assert!((ll - params["bgnbd_loglik"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(format!("{ll:.2}"), "-9582.43");
}

/// p_alive and expected purchases over 52 weeks for every customer, and
/// expected average value and 12-month CLV at 1% a month for the repeat
/// customers, against lifetimes (bgnbd_week.csv) to 1e-4 relative.
#[test]
fn summary_per_customer_predictions_equal_lifetimes() {
    let rate = one_percent_a_month();
    let ours = csv_rows(&[
        "clv",
        "--summary",
        SUMMARY,
        "--time-unit",
        "week",
        "--horizon",
        "52",
        "--discount-rate",
        &rate,
        "--customers",
        "--format",
        "csv",
        "-q",
    ]);
    let mut rdr = csv::Reader::from_path(format!(
        "{}/testdata/cdnow/bgnbd_week.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let header = rdr.headers().unwrap().clone();
    let theirs: Vec<HashMap<String, String>> = rdr
        .records()
        .map(|r| {
            header
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.into(), v.into()))
                .collect()
        })
        .collect();
    assert_eq!(ours.len(), theirs.len());
    let columns = [
        ("p_alive", "p_alive"),
        ("expected_purchases", "expected_purchases_52"),
        ("expected_avg_value", "expected_avg_value"),
        ("clv", "clv_12m_1pct"),
    ];
    let mut compared = 0;
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!(o["customer_id"], t["customer_id"]);
        for (mine, their) in columns {
            if t[their].is_empty() {
                continue; // lifetimes gave spend predictions for repeat customers only
            }
            let (got, want): (f64, f64) = (o[mine].parse().unwrap(), t[their].parse().unwrap());
            assert!(
                rel(got, want) < 1e-4,
                "{} {mine}: {got} vs {want}",
                o["customer_id"]
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 2357 * 2 + 946 * 2);
}

#[test]
fn summary_from_parquet_fits_the_same_models() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.parquet");
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema_overwrite(Some(Arc::new(Schema::from_iter([Field::new(
            "customer_id".into(),
            DataType::String,
        )]))))
        .try_into_reader_with_file_path(Some(SUMMARY.into()))
        .unwrap()
        .finish()
        .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let args = |file: &str| -> Value {
        json_out(&[
            "clv",
            "--summary",
            file,
            "--time-unit",
            "week",
            "--format",
            "json",
        ])
    };
    let (from_parquet, from_csv) = (args(path.to_str().unwrap()), args(SUMMARY));
    for key in ["bgnbd", "gamma_gamma", "loglik", "total_clv", "clv_deciles"] {
        assert_eq!(from_parquet[key], from_csv[key], "{key}");
    }
}

fn summary_file(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("summary.csv");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path.to_str().unwrap().to_string()
}

/// Asserts that the run failed with `code` and said `message` on stderr.
fn fails_with(out: &common::Run, code: i32, message: &str) {
    assert_eq!(out.code, code, "{}", out.stderr);
    assert!(out.stderr.contains(message), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

/// Runs `engage clv --summary` on a summary with these rows.
fn clv_on(text: &str, extra: &[&str]) -> common::Run {
    let dir = tempfile::tempdir().unwrap();
    let file = summary_file(&dir, text);
    let mut args = vec!["clv", "--summary", file.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn fails_when_a_summary_column_is_missing() {
    let out = clv_on("customer_id,frequency,recency\na,1,2\n", &[]);
    fails_with(
        &out,
        1,
        "no T column (found: customer_id, frequency, recency)",
    );
}

#[test]
fn fails_on_a_negative_frequency_naming_the_line() {
    let out = clv_on("customer_id,frequency,recency,T\na,1,2,5\nb,-1,0,4\n", &[]);
    fails_with(
        &out,
        1,
        "summary.csv:3: frequency '-1' is not a number >= 0",
    );
}

#[test]
fn fails_when_recency_exceeds_t_naming_the_line() {
    let out = clv_on("customer_id,frequency,recency,T\na,1,2,5\nb,2,6,4\n", &[]);
    fails_with(&out, 1, "summary.csv:3: recency 6 is greater than T 4");
}

#[test]
fn fails_without_repeat_customers() {
    let out = clv_on("customer_id,frequency,recency,T\na,0,0,5\nb,0,0,4\n", &[]);
    fails_with(&out, 1, "no customer has a repeat purchase");
}

#[test]
fn fails_when_every_repeat_customer_spent_nothing() {
    let out = clv_on(
        "customer_id,frequency,recency,T,monetary_value\na,1,2,5,0\nb,0,0,4,0\nc,3,4,9,-2\n",
        &[],
    );
    fails_with(
        &out,
        1,
        "every repeat customer's monetary value is 0 or negative",
    );
}

/// Three customers cannot pin down four parameters: the likelihood keeps
/// rising towards the edge of the parameter space, and BFGS stops with a
/// gradient far from zero.
#[test]
fn a_fit_that_does_not_converge_is_an_error() {
    let out = clv_on(
        "customer_id,frequency,recency,T\na,1,2,5\nb,0,0,4\nc,3,4,9\n",
        &[],
    );
    fails_with(&out, 1, "BG/NBD: the fit did not converge");
}

#[test]
fn fails_on_a_customer_listed_twice() {
    let out = clv_on("customer_id,frequency,recency,T\na,1,2,5\na,0,0,4\n", &[]);
    fails_with(&out, 1, "customer a appears twice");
}

#[test]
fn a_non_positive_horizon_is_a_usage_error() {
    let out = run(&["clv", "--summary", SUMMARY, "--horizon", "0"]);
    fails_with(&out, 2, "--horizon 0");
}

const ORDERS: &str = "testdata/cdnow/transactions.csv";

/// The transaction log through the customers stage, cut at 1997-09-30, in
/// weeks: the same seven parameters, and BG/NBD identical to the fit on
/// lifetimes' own week summary (the triples are the same numbers).
#[test]
fn orders_reproduce_the_published_cdnow_parameters() {
    let out: Value = json_out(&[
        "clv",
        ORDERS,
        "--as-of",
        "1997-09-30",
        "--time-unit",
        "week",
        "--format",
        "json",
    ]);
    assert_published(&out);
    assert_eq!(out["customers"], 2357);
    assert_eq!(out["as_of"], "1997-09-30");
    let from_summary: Value = json_out(&[
        "clv",
        "--summary",
        SUMMARY,
        "--time-unit",
        "week",
        "--format",
        "json",
    ]);
    assert_eq!(out["bgnbd"], from_summary["bgnbd"]);
    assert_eq!(out["loglik"]["bgnbd"], from_summary["loglik"]["bgnbd"]);
}

#[test]
fn fails_when_as_of_is_before_every_order() {
    let out = run(&["clv", ORDERS, "--as-of", "1996-12-31"]);
    fails_with(&out, 1, "--as-of 1996-12-31: before every order (the counted orders run from 1997-01-01 to 1998-06-30)");
}

#[test]
fn fails_on_orders_without_repeat_customers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    std::fs::write(
        &path,
        "order_id,customer_id,order_date,amount\n1,a,2024-01-01,10\n2,b,2024-01-05,20\n3,a,2024-01-01,5\n",
    )
    .unwrap();
    let out = run(&["clv", path.to_str().unwrap()]);
    fails_with(&out, 1, "no customer has a repeat purchase");
}

/// Fit up to 1997-09-30, holdout to 1998-06-30 (39 weeks): predicted and
/// actual purchases per calibration frequency and week by week, against
/// testdata/cdnow/holdout_week.json (make_holdout.py, lifetimes' fit and
/// pandas' count of distinct purchase days).
#[test]
fn holdout_matches_lifetimes_on_cdnow() {
    let out: Value = json_out(&[&CDNOW_HOLDOUT[..], &["--format", "json"]].concat());
    let want = cdnow_json("holdout_week.json");
    let got = &out["holdout"];
    assert_eq!(got["customers"], want["customers"]);
    assert_eq!(got["actual"], want["actual"]);
    let f = |v: &Value| v.as_f64().unwrap();
    assert!(rel(f(&got["predicted"]), f(&want["predicted"])) < 1e-4);
    let (g, w) = (
        got["by_frequency"].as_array().unwrap(),
        want["by_frequency"].as_array().unwrap(),
    );
    assert_eq!(g.len(), w.len());
    for (g, w) in g.iter().zip(w) {
        assert_eq!(g["calibration_frequency"], w["calibration_frequency"]);
        assert_eq!(g["customers"], w["customers"]);
        assert!(
            rel(f(&g["mean_predicted"]), f(&w["mean_predicted"])) < 1e-4,
            "{g}"
        );
        assert!(
            rel(f(&g["mean_actual"]), f(&w["mean_actual"])) < 1e-12,
            "{g}"
        );
    }
    assert_eq!(g.last().unwrap()["and_more"], true);
    let (g, w) = (
        got["tracking"].as_array().unwrap(),
        want["tracking"].as_array().unwrap(),
    );
    assert_eq!(g.len(), 39);
    assert_eq!(g.len(), w.len());
    for (g, w) in g.iter().zip(w) {
        assert_eq!(g["week"], w["week"]);
        assert_eq!(g["actual"], w["actual"]);
        assert!(rel(f(&g["expected"]), f(&w["expected"])) < 1e-4, "{g}");
    }
}

#[test]
fn holdout_until_not_after_as_of_is_a_usage_error() {
    let out = run(&[
        "clv",
        ORDERS,
        "--as-of",
        "1997-09-30",
        "--holdout-until",
        "1997-09-30",
    ]);
    fails_with(
        &out,
        2,
        "--holdout-until 1997-09-30 is not after --as-of 1997-09-30",
    );
}

#[test]
fn holdout_until_needs_as_of() {
    let out = run(&["clv", ORDERS, "--holdout-until", "1998-06-30"]);
    fails_with(&out, 2, "--as-of");
}

/// The HTML summary of a holdout run carries the tracking chart: one SVG
/// with the expected and actual series, above the tables.
#[test]
fn holdout_html_has_the_tracking_chart() {
    let out = run(&[&CDNOW_HOLDOUT[..], &["--format", "html", "-q"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.matches("<svg").count(), 1);
    let svg = &out.stdout[out.stdout.find("<svg").unwrap()..out.stdout.find("</svg>").unwrap()];
    assert!(
        svg.contains("\nexpected\n") && svg.contains("\nactual\n"),
        "{svg}"
    );
    assert!(out.stdout.find("</svg>") < out.stdout.find("Calibration vs holdout"));
}

#[test]
fn per_customer_rows_from_orders_equal_those_from_the_summary() {
    let from_orders = csv_rows(&[
        "clv",
        "testdata/cdnow/transactions.csv",
        "--as-of",
        "1997-09-30",
        "--time-unit",
        "week",
        "--customers",
        "-f",
        "csv",
        "-q",
    ]);
    let from_summary = csv_rows(&[
        "clv",
        "--summary",
        SUMMARY,
        "--time-unit",
        "week",
        "--customers",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(from_orders.len(), 2357);
    assert_eq!(from_orders.len(), from_summary.len());
    for (o, s) in from_orders.iter().zip(&from_summary) {
        assert_eq!(o["customer_id"], s["customer_id"]);
        for col in [
            "frequency",
            "recency",
            "T",
            "monetary_value",
            "p_alive",
            "expected_purchases",
            "expected_avg_value",
            "clv",
        ] {
            let (a, b): (f64, f64) = (o[col].parse().unwrap(), s[col].parse().unwrap());
            assert!(
                (a - b).abs() <= 1e-6 * b.abs().max(1.0),
                "{} {col}: {a} vs {b}",
                o["customer_id"]
            );
        }
    }
}

/// The tables for people round as the other commands' tables do: numbers
/// right-aligned, thousands separators, money to cents, shares in percent,
/// whole lengths of time without decimals (not `52.0000`); the CDNOW
/// summary's JSON holds the values rounded here: loglik -9582.4292...,
/// expected_revenue 75707.9234..., total_clv 72360.6256..., share below
/// half 0.16674..., decile 1 mean 174.4507 and share 0.5666; customer
/// 00004: frequency 2, recency 30.4286, T 38.8571, monetary value 22.345,
/// P(alive) 0.7266, expected purchases 1.5587, spend 24.6539, CLV 36.7114.
#[test]
fn clv_tables_for_people_are_rounded_and_right_aligned() {
    let summary = ["clv", "--summary", SUMMARY, "--time-unit", "week", "-q"];
    let mut args = summary.to_vec();
    args.extend(["-f", "markdown"]);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in [
        "| model | parameter | estimate | se |\n| --- | --- | ---: | ---: |",
        "| BG/NBD | r | 0.2426 | 0.0126 |",
        "| --- | ---: | ---: | --- | ---: |\n| BG/NBD | 2,357 | -9,582.43 | yes | 24 |",
        "| horizon (weeks) | 52 |",
        "| expected_revenue | 75,707.92 |",
        "| total_clv (12 months, 10% a year) | 72,360.63 |",
        "| share_p_alive_below_half | 16.7% |",
        "| ---: | ---: | ---: | ---: |\n| 1 | 235 | 174.45 | 56.7% |",
    ] {
        assert!(
            out.stdout.contains(&format!("\n{line}\n")),
            "{line}\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains(".0000"), "{}", out.stdout);
    let mut args = summary.to_vec();
    args.extend(["-f", "table"]);
    let out = run(&args);
    assert!(
        out.stdout
            .contains("\n|      1 |       235 |   174.45 | 56.7% |\n"),
        "{}",
        out.stdout
    );
    let mut args = summary.to_vec();
    args.extend(["--customers", "-f", "markdown"]);
    let out = run(&args);
    assert!(
        out.stdout.contains(
            "\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n\
             | 00004 | 2 | 30.43 | 38.86 | 22.35 | 0.73 | 1.56 | 24.65 | 36.71 |\n"
        ),
        "{}",
        out.stdout
    );
}
