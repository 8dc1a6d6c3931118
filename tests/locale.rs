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

/// A run that must fail with a data error: exit 1, nothing on stdout, and
/// stderr starting `engage: ` + `message`. Returns stderr.
fn fails(args: &[&str], message: &str) -> String {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "csv"]);
    let out = run(&all);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.starts_with(&format!("engage: {message}")),
        "{}",
        out.stderr
    );
    out.stderr
}

/// `engage check ARGS --format csv` succeeds and has the line `line`.
fn check_line(args: &[&str], line: &str) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.lines().any(|l| l == line),
        "{line}\n{}",
        out.stdout
    );
}

/// The values of `keys` in each row.
fn pick<'a>(rows: &'a [HashMap<String, String>], keys: &[&str]) -> Vec<Vec<&'a str>> {
    rows.iter()
        .map(|r| keys.iter().map(|k| r[*k].as_str()).collect())
        .collect()
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
    check_line(
        &["testdata/locale/labels_en.csv"],
        "CSAT labels,set 'en-5-somewhat' (1 = Very dissatisfied ... 5 = Very satisfied; satisfied from 4)",
    );
}

#[test]
fn a_label_outside_the_matched_set_is_an_error_naming_line_and_column() {
    // Moderately/Slightly/Extremely are the 7-point set; "Very satisfied"
    // (line 5) is not in it.
    fails(
        &["survey", "testdata/locale/labels_outside.csv"],
        "testdata/locale/labels_outside.csv:5: CSAT label outside the column's label set in column 'csat' \"Very satisfied\"; ",
    );
    check_line(
        &["testdata/locale/labels_outside.csv", "--skip-invalid"],
        "CSAT labels,set 'en-7' (1 = Extremely dissatisfied ... 7 = Extremely satisfied; satisfied from 6); some answers are not in it",
    );
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
    let stderr = fails(
        &["survey", "testdata/locale/labels_unknown.csv"],
        "testdata/locale/labels_unknown.csv:3: unreadable CSAT answer in column 'csat' \"Quite happy\"; ",
    );
    assert!(stderr.contains("engage.toml [csat_labels]"));
}

#[test]
fn a_csat_scale_that_contradicts_the_labels_is_an_error() {
    let stderr = fails(
        &["survey", "testdata/locale/labels_en.csv", "--csat-scale", "7"],
        "testdata/locale/labels_en.csv: CSAT answers in column 'How satisfied were you with your order?' are labels of the 5-point set 'en-5-somewhat' (1 = Very dissatisfied ... 5 = Very satisfied), ",
    );
    assert!(stderr.contains("but the CSAT scale is given as 7"));
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

// ---- native digits, separators, currency markers ----

/// The Arabic-locale export with its day-first dates.
const AR: &[&str] = &[
    "orders",
    "testdata/locale/orders_ar.csv",
    "--date-order",
    "dmy",
];
/// The Thai export (Buddhist-era years unless `BE` follows).
const TH: &[&str] = &["orders", "testdata/locale/orders_th.csv"];
const BE: &[&str] = &["--calendar", "buddhist"];

/// `parts` joined into one argument list.
fn args<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.concat()
}

/// The rows of one `--format csv -q` run of `parts`.
fn rows_of(parts: &[&[&str]]) -> Vec<HashMap<String, String>> {
    csv_rows(&args(&[
        parts.concat().as_slice(),
        &["--format", "csv", "-q"],
    ]))
}

#[test]
fn an_arabic_locale_export_reads_arabic_indic_digits_separators_and_riyal_markers() {
    // Counted: 123.50 + 1,250.00 (January), 89.99 + 300.00 (February);
    // order 1004 (45.00) is refunded.
    let rows = rows_of(&[AR, &["--by", "month"]]);
    let got = pick(
        &rows,
        &["period", "orders", "revenue", "aov", "returning_customers"],
    );
    assert_eq!(
        got,
        [
            ["2024-01", "2", "1373.50", "686.75", "0"],
            ["2024-02", "2", "389.99", "194.995", "2"]
        ]
    );
}

#[test]
fn arabic_segment_values_are_kept_as_written() {
    let rows = rows_of(&[AR, &["--segment", "city"]]);
    let got = pick(&rows, &["city", "revenue"]);
    assert!(got.contains(&vec!["الرياض", "213.49"]), "{got:?}");
    assert!(got.contains(&vec!["جدة", "1550.00"]), "{got:?}");
}

#[test]
fn a_thai_export_with_buddhist_era_dates_reads_with_calendar_buddhist() {
    // BE 2567 = CE 2024; 2567-02-29 exists because 2024 is a leap year.
    let rows = rows_of(&[TH, BE, &["--by", "month"]]);
    assert_eq!(
        pick(&rows, &["period", "orders", "revenue"]),
        [
            ["2024-01", "2", "1550.50"],
            ["2024-02", "1", "99.75"],
            ["2024-03", "1", "2500.00"]
        ]
    );
}

#[test]
fn thai_digits_baht_markers_and_repeat_revenue_share() {
    // สมชาย spends 1,200.00 + 99.75 of 4,150.25 in all.
    let r = &rows_of(&[TH])[0];
    assert_eq!((r["orders"].as_str(), r["customers"].as_str()), ("4", "3"));
    assert_eq!(r["revenue"], "4150.25");
    assert!(close(num(r, "aov"), 1037.5625));
    assert!(close(
        num(r, "repeat_revenue_share"),
        100.0 * 1299.75 / 4150.25
    ));
}

#[test]
fn buddhist_era_dates_without_calendar_draw_a_warning() {
    // Read as CE, 2567-02-29 is no date (2567 is not a leap year).
    let by_month = args(&[TH, &["--by", "month", "--skip-invalid", "--format", "csv"]]);
    let out = run(&by_month);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\n2567-01,2,2,1550.50,"));
    assert!(out.stderr.contains(
        "engage: warning: every date is after the year 2400 (the first is 2567-01-05): these look like Buddhist-era years; pass --calendar buddhist"
    ), "{}", out.stderr);
    let quiet = run(&args(&[&by_month, &["-q"]]));
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    let given = run(&args(&[&by_month, BE]));
    assert!(!given.stderr.contains("Buddhist-era"), "{}", given.stderr);
    check_line(
        &["testdata/locale/orders_th.csv", "--skip-invalid"],
        "calendar,every date is after the year 2400 (the first is 2567-01-05): these look like Buddhist-era years; pass --calendar buddhist",
    );
}

#[test]
fn digits_of_two_scripts_in_one_number_are_an_error() {
    fails(
        &["orders", "testdata/locale/orders_mixed_digits.csv"],
        "testdata/locale/orders_mixed_digits.csv:2: mixed-script number in column 'amount' \
         \"١٢3٫٥٠\"; it mixes Arabic-Indic and Western digits: write the number in one script",
    );
}

// ---- dates ----

/// Day-first dates with two-digit years, by year.
const TWO_DIGIT: &[&str] = &[
    "orders",
    "testdata/locale/orders_two_digit.csv",
    "--date-order",
    "dmy",
    "--by",
    "year",
];

#[test]
fn two_digit_years_are_an_error_without_the_flag() {
    let stderr = fails(
        TWO_DIGIT,
        "testdata/locale/orders_two_digit.csv:2: unreadable date in column 'order_date' \"05.01.24\"; ",
    );
    assert!(stderr.contains("--two-digit-years for years like 24"));
}

#[test]
fn two_digit_years_follow_the_posix_pivot() {
    // 05.01.24 and 15.03.24 are 2024; 31-12-69 is 1969.
    let rows = rows_of(&[TWO_DIGIT, &["--two-digit-years"]]);
    let got = pick(&rows, &["period", "revenue"]);
    assert_eq!(got, [["1969", "20.00"], ["2024", "15.50"]]);
}

// ---- Hebrew survey ----

/// `survey_he.csv`: NPS 10 9 6 | 8 10 3 9 and CSAT labels 5 4 2 | 3 5 1
/// (blank) by month, the question texts in Hebrew.
#[test]
fn a_hebrew_survey_is_read_from_its_question_texts_and_labels() {
    let r = survey_total(&["testdata/locale/survey_he.csv"]);
    assert_eq!(
        (
            r["nps_responses"].as_str(),
            r["promoters"].as_str(),
            r["detractors"].as_str()
        ),
        ("7", "4", "2")
    );
    assert!(close(num(&r, "nps"), 200.0 / 7.0));
    assert_eq!(
        (
            r["csat_responses"].as_str(),
            r["satisfied"].as_str(),
            r["csat"].as_str()
        ),
        ("6", "3", "50")
    );
    assert!(close(num(&r, "csat_mean"), 20.0 / 6.0));
}

#[test]
fn a_hebrew_survey_by_month_reads_day_first_dates_with_dots() {
    let rows = csv_rows(&[
        "survey",
        "testdata/locale/survey_he.csv",
        "--date-order",
        "dmy",
        "--by",
        "month",
        "--format",
        "csv",
        "-q",
    ]);
    let got = pick(&rows, &["period", "nps", "satisfied"]);
    assert_eq!(got[1], ["2024-02", "25", "1"]);
    assert_eq!([got[0][0], got[0][2]], ["2024-01", "2"]);
    assert!(close(num(&rows[0], "nps"), 100.0 / 3.0));
}

#[test]
fn check_says_why_no_response_is_left_when_day_first_dates_are_unread() {
    // The Hebrew date column is found (תאריך), but 05.01.2024 needs
    // --date-order dmy: every row has an unreadable date; the first is
    // named with the fix.
    check_fails(
        "testdata/locale/survey_he.csv",
        "verdict,\"not usable: testdata/locale/survey_he.csv: no valid responses left after skipping \
         invalid rows (unreadable date: 7); the first: testdata/locale/survey_he.csv:2: unreadable \
         date in column 'תאריך' \"\"05.01.2024\"\"; write dates as YYYY-MM-DD or an ISO 8601 \
         timestamp, or give --date-order mdy for dates like 01/15/2024 (dmy for 15/01/2024 or \
         15.01.2024), --two-digit-years for years like 24, --calendar buddhist for Buddhist-era \
         years\"",
    );
}

/// `engage check FILE` exits 1 with `verdict` among its CSV lines.
fn check_fails(file: &str, verdict: &str) {
    let out = run(&["check", file, "--format", "csv"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.lines().any(|l| l == verdict), "{}", out.stdout);
}

#[test]
fn check_names_the_hebrew_label_set() {
    check_line(
        &["testdata/locale/survey_he.csv", "--date-order", "dmy"],
        "CSAT labels,set 'he-5' (1 = מאוד לא מרוצה ... 5 = מרוצה מאוד; satisfied from 4)",
    );
}

// ---- terminal tables ----

/// Columns a terminal gives `s`: one per character, none for Thai vowel
/// and tone marks above or below (U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E)
/// and for the bidi isolates U+2068/U+2069 (Unicode's Mn and Cf).
fn columns(s: &str) -> usize {
    s.chars()
        .filter(|&c| !matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' | '\u{2068}' | '\u{2069}'))
        .count()
}

/// Every line of the first table in `out` is as wide as its border.
fn assert_aligned(out: &str) {
    let lines: Vec<&str> = out
        .lines()
        .take_while(|l| l.starts_with(['+', '|']))
        .collect();
    assert!(lines.len() > 4, "{out}");
    let width = columns(lines[0]);
    for l in &lines {
        assert_eq!(columns(l), width, "{l}");
    }
}

/// A `--format table` run of `parts`: its stdout, checked aligned.
fn aligned_table(parts: &[&[&str]]) -> String {
    let out = run(&args(&[
        parts.concat().as_slice(),
        &["--format", "table", "-q"],
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_aligned(&out.stdout);
    out.stdout
}

#[test]
fn terminal_tables_with_thai_values_keep_their_columns() {
    let out = aligned_table(&[TH, BE, &["--segment", "province"]]);
    assert!(out.contains("เชียงใหม่"), "{out}");
}

#[test]
fn terminal_tables_isolate_hebrew_and_arabic_cells() {
    let out = aligned_table(&[&[
        "survey",
        "testdata/locale/survey_he.csv",
        "--segment",
        "סניף",
    ]]);
    assert!(
        out.contains("|   \u{2068}חיפה\u{2069} | \u{2068}ירושלים\u{2069} | \u{2068}תל אביב\u{2069} | total |"),
        "{out}"
    );
    let out = aligned_table(&[AR, &["--segment", "city"]]);
    assert!(out.contains("\u{2068}الرياض\u{2069}"), "{out}");
    // Machine formats carry values as they are.
    let rows = rows_of(&[AR, &["--segment", "city"]]);
    assert!(rows.iter().any(|r| r["city"] == "الرياض"));
}

#[test]
fn a_preset_may_carry_its_own_labels() {
    // Happy 3, happy 3, Neutral 2, Sad 1, Happy 3: "Neutral" is also in
    // en-3, but the preset's set is tried first; satisfied: the top one
    // of three, 3 of 5.
    let r = survey_total(&[
        "testdata/locale/kiosk.csv",
        "--config",
        "testdata/locale/engage.toml",
    ]);
    assert_eq!(
        (
            r["csat_responses"].as_str(),
            r["satisfied"].as_str(),
            r["csat"].as_str()
        ),
        ("5", "3", "60")
    );
    assert!(close(num(&r, "csat_mean"), 12.0 / 5.0));
    check_line(
        &[
            "testdata/locale/kiosk.csv",
            "--config",
            "testdata/locale/engage.toml",
        ],
        "CSAT labels,set 'preset kiosk' (1 = Sad ... 3 = Happy; satisfied from 3)",
    );
}

#[test]
fn check_says_why_no_order_is_left_when_two_digit_years_are_unread() {
    // orders_two_digit.csv: all 3 dates have two-digit years, unreadable
    // without --two-digit-years (as the survey side says, see above).
    check_fails(
        "testdata/locale/orders_two_digit.csv",
        "verdict,\"not usable: testdata/locale/orders_two_digit.csv: no orders left to count \
         (invalid rows skipped (unreadable date: 3)); the first: \
         testdata/locale/orders_two_digit.csv:2: unreadable date in column 'order_date' \
         \"\"05.01.24\"\"; write dates as YYYY-MM-DD or an ISO 8601 timestamp, or give \
         --date-order mdy for dates like 01/15/2024 (dmy for 15/01/2024 or 15.01.2024), \
         --two-digit-years for years like 24, --calendar buddhist for Buddhist-era years\"",
    );
}
