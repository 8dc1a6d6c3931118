//! Exports as shops in Israel, the Arab world and Thailand (and survey tools
//! that export answer text) write them, read by the real binary: CSAT label
//! sets, native digits, day-first and Buddhist-era dates, QuestionPro.
//! Expected values are worked out in testdata/README.md ("Locale
//! fixtures") and checked by testdata/locale/expected.py.

mod common;

use std::collections::HashMap;

use common::{csv_rows, run};

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {:?} is a number", row[key]))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// One `engage survey ... --format csv -q` run's only row.
fn survey_total(args: &[&str]) -> HashMap<String, String> {
    let mut all = vec!["survey"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv", "-q"]);
    let mut rows = csv_rows(&all);
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

// ---- satisfaction labels ----

#[test]
fn english_label_answers_are_read_as_the_5_point_somewhat_set() {
    // 5 4 3 2 1 5 (blank) 4: seven answers, four of them 4-5.
    let r = survey_total(&["testdata/locale/labels_en.csv"]);
    assert_eq!(r["csat_responses"], "7");
    assert_eq!(r["satisfied"], "4");
    assert!(close(num(&r, "csat"), 400.0 / 7.0));
    assert!(close(num(&r, "csat_mean"), 24.0 / 7.0));
    assert!(close(num(&r, "csat_low"), 25.04542304090258));
    assert!(close(num(&r, "csat_high"), 84.17830777373732));
    assert_eq!(r["nps"], "25");
}

#[test]
fn label_answers_by_month_use_each_months_answers() {
    let rows = csv_rows(&[
        "survey",
        "testdata/locale/labels_en.csv",
        "--by",
        "month",
        "--format",
        "csv",
        "-q",
    ]);
    assert_eq!(rows.len(), 2);
    // January 5 4 3 2; February 1 5 4.
    assert_eq!(
        (rows[0]["satisfied"].as_str(), rows[0]["csat"].as_str()),
        ("2", "50")
    );
    assert!(close(num(&rows[0], "csat_mean"), 3.5));
    assert_eq!(rows[1]["satisfied"], "2");
    assert!(close(num(&rows[1], "csat"), 200.0 / 3.0));
}

#[test]
fn the_matched_label_set_is_noted_on_stderr_and_named_by_check() {
    let out = run(&["survey", "testdata/locale/labels_en.csv", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains(
        "engage: note: CSAT answers read as labels of the set 'en-5-somewhat' (1 = Very dissatisfied ... 5 = Very satisfied; satisfied from 4 = Somewhat satisfied)"
    ), "{}", out.stderr);
    let out = run(&["check", "testdata/locale/labels_en.csv", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(
        "CSAT labels,set 'en-5-somewhat' (1 = Very dissatisfied ... 5 = Very satisfied; satisfied from 4)"
    ), "{}", out.stdout);
}

#[test]
fn a_label_outside_the_matched_set_is_an_error_naming_line_and_column() {
    // Moderately/Slightly/Extremely are the 7-point set; "Very satisfied"
    // (line 5) is not in it.
    let out = run(&[
        "survey",
        "testdata/locale/labels_outside.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.starts_with(
        "engage: testdata/locale/labels_outside.csv:5: CSAT label outside the column's label set in column 'csat' \"Very satisfied\"; "
    ), "{}", out.stderr);
    let out = run(&[
        "check",
        "testdata/locale/labels_outside.csv",
        "--format",
        "csv",
    ]);
    assert!(out.stdout.contains("set 'en-7' (1 = Extremely dissatisfied ... 7 = Extremely satisfied; satisfied from 6); some answers are not in it"), "{}", out.stdout);
}

#[test]
fn skipping_a_label_outside_the_set_reads_the_rest_on_7_points() {
    // 6 5 7 (skipped) 3: two of four from 6 up.
    let r = survey_total(&["testdata/locale/labels_outside.csv", "--skip-invalid"]);
    assert_eq!(
        (r["csat_responses"].as_str(), r["satisfied"].as_str()),
        ("4", "2")
    );
    assert!(close(num(&r, "csat_mean"), 21.0 / 4.0));
}

#[test]
fn an_unknown_label_is_unreadable_and_the_fix_names_the_label_sets() {
    let out = run(&[
        "survey",
        "testdata/locale/labels_unknown.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with(
        "engage: testdata/locale/labels_unknown.csv:3: unreadable CSAT answer in column 'csat' \"Quite happy\"; "
    ), "{}", out.stderr);
    assert!(out.stderr.contains("engage.toml [csat_labels]"));
}

#[test]
fn a_csat_scale_that_contradicts_the_labels_is_an_error() {
    let out = run(&[
        "survey",
        "testdata/locale/labels_en.csv",
        "--csat-scale",
        "7",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 1);
    assert!(out
        .stderr
        .contains("are labels of the 5-point set 'en-5-somewhat'"));
    assert!(out.stderr.contains("but the CSAT scale is given as 7"));
}

#[test]
fn csat_satisfied_still_sets_the_threshold_on_a_label_set() {
    // From 3 (Neither) up: 5 4 3 5 4 of 5 4 3 2 1 5 4.
    let r = survey_total(&["testdata/locale/labels_en.csv", "--csat-satisfied", "3"]);
    assert_eq!(r["satisfied"], "5");
}

#[test]
fn a_config_file_label_set_reads_its_question() {
    // Very easy 5, Easy 4, Neutral 3, Difficult 2, Easy 4; satisfied from
    // Easy: 3 of 5.
    let r = survey_total(&[
        "testdata/locale/effort.csv",
        "--config",
        "testdata/locale/engage.toml",
        "--csat-col",
        "CSAT (effort)",
    ]);
    assert_eq!(
        (r["csat_responses"].as_str(), r["satisfied"].as_str()),
        ("5", "3")
    );
    assert!(close(num(&r, "csat_mean"), 3.6));
}

#[test]
fn a_bad_config_label_set_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("engage.toml");
    std::fs::write(
        &cfg,
        "[csat_labels.x]\nlabels = [\"Bad\", \"Good\"]\nsatisfied_from = \"Great\"\n",
    )
    .unwrap();
    let out = run(&[
        "survey",
        "testdata/locale/labels_en.csv",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("label set 'x': satisfied_from = \"Great\" is not one of its labels"),
        "{}",
        out.stderr
    );
}

// ---- QuestionPro ----

/// NPS 10 9 6 | 8 10 and CSAT labels 5 4 2 | 3 5 by month (January |
/// February); the incomplete response 106 has blank answers.
fn questionpro_months(file: &str) -> Vec<HashMap<String, String>> {
    let rows = csv_rows(&["survey", file, "--by", "month", "--format", "csv", "-q"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["period"], "2024-01");
    assert_eq!(
        (
            rows[0]["promoters"].as_str(),
            rows[0]["detractors"].as_str()
        ),
        ("2", "1")
    );
    assert!(close(num(&rows[0], "nps"), 100.0 / 3.0));
    assert!(close(num(&rows[0], "csat_mean"), 11.0 / 3.0));
    assert_eq!(rows[1]["period"], "2024-02");
    assert_eq!(rows[1]["nps"], "50");
    assert_eq!(
        (rows[1]["satisfied"].as_str(), rows[1]["csat_mean"].as_str()),
        ("1", "4")
    );
    rows
}

#[test]
fn a_questionpro_export_is_detected_and_read_with_its_month_first_timestamps() {
    questionpro_months("testdata/locale/questionpro.csv");
    let out = run(&[
        "survey",
        "testdata/locale/questionpro.csv",
        "--format",
        "csv",
    ]);
    assert!(
        out.stderr.contains(
            "engage: note: testdata/locale/questionpro.csv: read with --preset questionpro"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("1 blank NPS answer left out"));
}

#[test]
fn a_file_shaped_like_questionpro_without_its_system_columns_reads_the_same() {
    // No preset: question texts, and the month-first order from the
    // header `Timestamp (mm/dd/yyyy)`.
    questionpro_months("testdata/locale/questionpro_generic.csv");
}
