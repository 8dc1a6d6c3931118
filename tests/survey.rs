//! `engage survey` run as a user runs it, on the fixtures in testdata/.
//! Expected values are worked out by hand here and in testdata/README.md.

mod common;

use common::{csv_rows, json_out, run};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct SurveyRow {
    period: Option<String>,
    nps_responses: u64,
    promoters: u64,
    passives: u64,
    detractors: u64,
    promoters_pct: Option<f64>,
    passives_pct: Option<f64>,
    detractors_pct: Option<f64>,
    nps: Option<f64>,
    nps_margin: Option<f64>,
    csat_responses: u64,
    satisfied: u64,
    csat: Option<f64>,
    csat_mean: Option<f64>,
    csat_low: Option<f64>,
    csat_high: Option<f64>,
    low_sample: bool,
    nps_distribution: [u64; 11],
    csat_distribution: Vec<u64>,
}

#[derive(Debug, Deserialize)]
struct BlankAnswers {
    nps: u64,
    csat: u64,
}

#[derive(Debug, Deserialize)]
struct SurveyJson {
    schema_version: u32,
    command: String,
    rows: Vec<SurveyRow>,
    total: Option<SurveyRow>,
    rows_read: u64,
    blank_answers: BlankAnswers,
    rows_skipped: std::collections::BTreeMap<String, u64>,
}

fn survey_json(args: &[&str]) -> SurveyJson {
    let mut all = vec!["survey"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "-q"]);
    json_out(&all)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn whole_file_nps_and_csat_match_hand_worked_values() {
    let out = survey_json(&["testdata/survey.csv"]);
    assert_eq!((out.schema_version, out.command.as_str()), (1, "survey"));
    assert_eq!(out.rows_read, 10);
    // Blank: R5's NPS; R7's and R10's CSAT.
    assert_eq!((out.blank_answers.nps, out.blank_answers.csat), (1, 2));
    let r = &out.rows[0];
    assert_eq!(r.period, None);
    // NPS answers 10, 9, 8, 6, 0, 10, 7, 9, 3 (labelled ones read as numbers).
    assert_eq!(
        (r.nps_responses, r.promoters, r.passives, r.detractors),
        (9, 4, 2, 3)
    );
    assert!(close(r.promoters_pct, 400.0 / 9.0));
    assert!(close(r.passives_pct, 200.0 / 9.0));
    assert!(close(r.detractors_pct, 300.0 / 9.0));
    assert!(close(r.nps, 100.0 / 9.0));
    // Adjusted Wald: n' = 12, p' = 4.75/12, d' = 3.75/12: p' + d' - (p' -
    // d')^2 = 8.5/12 - 1/144 = 101/144; 196 * sqrt(101/144/12) = 47.38544...
    assert!(close(
        r.nps_margin,
        196.0 * (101.0f64 / 144.0 / 12.0).sqrt()
    ));
    assert!((r.nps_margin.unwrap() - 47.38544).abs() < 1e-5);
    // CSAT answers 5, 4, 3, 2, 5, 1, 4, 5: 5 satisfied (4-5) of 8, mean 29/8.
    assert_eq!((r.csat_responses, r.satisfied), (8, 5));
    assert!(close(r.csat, 62.5));
    assert!(close(r.csat_mean, 3.625));
    // Wilson, p = 0.625, n = 8, z^2 = 3.8416: denominator 1.4802,
    // center (0.625 + 0.2401) / 1.4802 = 0.584448,
    // half 1.96 * sqrt(0.029297 + 0.015006) / 1.4802 = 0.278710:
    // 30.5738% to 86.3158%.
    assert!(
        (r.csat_low.unwrap() - 30.5738).abs() < 1e-4,
        "{:?}",
        r.csat_low
    );
    assert!(
        (r.csat_high.unwrap() - 86.3158).abs() < 1e-4,
        "{:?}",
        r.csat_high
    );
    assert!(r.low_sample);
    assert_eq!(r.nps_distribution, [1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 2]);
    assert_eq!(r.csat_distribution, [1, 1, 1, 2, 3]);
    assert!(out.rows_skipped.is_empty());
}

#[test]
fn monthly_rows_include_an_nps_of_exactly_zero() {
    let out = survey_json(&["testdata/survey.csv", "--by", "month"]);
    let [jan, feb] = &out.rows[..] else {
        panic!("two months expected")
    };
    assert_eq!(jan.period.as_deref(), Some("2024-01"));
    // 10, 9, 8, 6: 2 promoters, 1 passive, 1 detractor.
    assert!(close(jan.nps, 25.0));
    // n' = 7, p' = 2.75/7, d' = 1.75/7: 4.5/7 - 1/49 = 30.5/49;
    // 196 * sqrt(30.5/49/7) = 58.44656...
    assert!(close(jan.nps_margin, 196.0 * (30.5f64 / 49.0 / 7.0).sqrt()));
    assert_eq!((jan.csat_responses, jan.satisfied), (5, 3));
    // 0, 10, 7, 9, 3: 2 promoters, 1 passive, 2 detractors: NPS 0.
    assert_eq!(feb.period.as_deref(), Some("2024-02"));
    assert_eq!(feb.nps, Some(0.0));
    // n' = 8, p' = d' = 2.75/8: 5.5/8 - 0 = 0.6875; 196 * sqrt(0.6875/8).
    assert!(close(feb.nps_margin, 196.0 * (0.6875f64 / 8.0).sqrt()));
    assert!(close(feb.csat, 200.0 / 3.0));
    let total = out.total.expect("a total with --by");
    assert_eq!(total.nps_responses, 9);
}

#[test]
fn all_promoters_all_detractors_single_answer_and_a_tie() {
    let rows = csv_rows(&[
        "survey",
        "testdata/nps_cases.csv",
        "--segment",
        "case",
        "-f",
        "csv",
        "-q",
    ]);
    let by: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["case"].as_str(),
                r["nps_responses"].as_str(),
                r["nps"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        by,
        [
            ("detractors", "2", "-100"),
            ("promoters", "3", "100"),
            ("single", "1", "0"),
            ("zero", "2", "0"),
        ]
    );
    // Adjusted-Wald margins (testdata/README.md): never 0, even when every
    // answer is on one side. 196 * sqrt(v / n') with v = p' + d' - (p' -
    // d')^2: detractors 0.15, 0.55 of 5: v = 0.54; promoters 3.75/6,
    // 0.75/6: v = 0.5; single (one passive) 0.75/4 each: v = 0.375; zero
    // 1.75/5 each: v = 0.7.
    let margins: Vec<f64> = rows
        .iter()
        .map(|r| r["nps_margin"].parse().unwrap())
        .collect();
    let expected = [(0.54, 5.0), (0.5, 6.0), (0.375, 4.0), (0.7, 5.0)]
        .map(|(v, n): (f64, f64)| 196.0 * (v / n).sqrt());
    for (m, e) in margins.iter().zip(expected) {
        assert!((m - e).abs() < 1e-9, "{margins:?} vs {expected:?}");
    }
    // No CSAT column: CSAT metrics are empty, counts zero.
    assert_eq!(rows[0]["csat_responses"], "0");
    assert_eq!(rows[0]["csat"], "");
    assert_eq!(rows[0]["low_sample"], "true");
}

#[test]
fn csat_scales_take_their_top_two_boxes() {
    // Answers 7, 6, 5, 3, 1 on 1-7: 6-7 satisfied, 2 of 5.
    let seven = csv_rows(&[
        "survey",
        "testdata/csat7.csv",
        "--csat-scale",
        "7",
        "-f",
        "csv",
    ]);
    assert_eq!(seven[0]["satisfied"], "2");
    assert_eq!(seven[0]["csat"], "40");
    assert_eq!(seven[0]["csat_mean"], "4.4");
    // --csat-satisfied 5 moves the threshold: 7, 6, 5.
    let five_up = csv_rows(&[
        "survey",
        "testdata/csat7.csv",
        "--csat-scale",
        "7",
        "--csat-satisfied",
        "5",
        "-f",
        "csv",
    ]);
    assert_eq!(five_up[0]["csat"], "60");
    // Answers 10, 9, 8, 2 on 1-10: 9-10 satisfied, 2 of 4, mean 29/4.
    let ten = csv_rows(&[
        "survey",
        "testdata/csat10.csv",
        "--csat-scale",
        "10",
        "-f",
        "csv",
    ]);
    assert_eq!(
        (ten[0]["csat"].as_str(), ten[0]["csat_mean"].as_str()),
        ("50", "7.25")
    );
    // The default 1-5 scale: 4-5 of survey.csv's answers.
    let five = csv_rows(&["survey", "testdata/survey.csv", "-f", "csv", "-q"]);
    assert_eq!(five[0]["csat"], "62.5");
}

#[test]
fn fails_on_an_answer_outside_the_scale_with_file_line_and_value() {
    let out = run(&["survey", "testdata/survey_bad.csv"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr.trim(),
        "engage: testdata/survey_bad.csv:3: NPS answer outside 0-10 in column 'nps' \"11\"; NPS answers run from 0 to 10, or pass --skip-invalid to skip such rows (1 more row has a problem)"
    );
    assert_eq!(out.stdout, "");
    let csat = run(&["survey", "testdata/csat7.csv"]);
    assert_eq!(csat.code, 1);
    assert!(csat
        .stderr
        .contains("testdata/csat7.csv:2: CSAT answer outside 1-5 in column 'csat' \"7\"; answers run from 1 to 5 by default; give the export's scale with --csat-scale 5|7|10"));
}

#[test]
fn skip_invalid_skips_bad_answers_and_counts_them() {
    let out = survey_json(&["testdata/survey_bad.csv", "--skip-invalid"]);
    assert_eq!(out.rows[0].nps_responses, 1);
    assert_eq!(out.rows_skipped["NPS answer outside 0-10"], 1);
    assert_eq!(out.rows_skipped["unreadable NPS answer"], 1);
}

#[test]
fn blank_answers_are_noted_on_stderr() {
    let out = run(&["survey", "testdata/survey.csv", "-f", "csv"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stderr,
        "engage: note: 1 blank NPS answer left out\nengage: note: 2 blank CSAT answers left out\n"
    );
}

#[test]
fn fails_when_the_file_has_no_score_column() {
    // An orders file: named for what it looks like (tests/shell.rs).
    let out = run(&["survey", "testdata/orders.csv"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains(
        "testdata/orders.csv: this looks like an orders export (an amount column, no NPS or CSAT column; found: order_id, customer_id, order_date, amount, status, channel), not survey answers: give it to `engage orders` or `engage report --orders`, or map a score with --nps-col COLUMN or --csat-col COLUMN"
    ), "{}", out.stderr);
}

#[test]
fn columns_can_be_mapped_by_hand() {
    let rows = csv_rows(&[
        "survey",
        "testdata/nps_cases.csv",
        "--nps-col",
        "NPS",
        "-f",
        "csv",
    ]);
    assert_eq!(rows[0]["nps_responses"], "8");
}

#[test]
fn usage_errors_exit_2() {
    for (args, message) in [
        (vec!["--csat-scale", "6"], "invalid value '6'"),
        (
            vec!["--csat-scale", "7", "--csat-satisfied", "8"],
            "--csat-satisfied 8: must be an answer on the 1-7 scale",
        ),
    ] {
        let mut all = vec!["survey", "testdata/csat7.csv"];
        all.extend(args);
        let out = run(&all);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains(message), "{}", out.stderr);
    }
}

#[test]
fn table_shows_the_answer_distribution_and_a_low_sample_note() {
    insta::assert_snapshot!(run(&["survey", "testdata/survey.csv", "-f", "table", "-q"]).stdout);
}

#[test]
fn snapshot_markdown_by_month() {
    insta::assert_snapshot!(
        run(&[
            "survey",
            "testdata/survey.csv",
            "--by",
            "month",
            "-f",
            "markdown",
            "-q"
        ])
        .stdout
    );
}
