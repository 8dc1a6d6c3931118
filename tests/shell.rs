//! How engage fits the shell (#18): tips for misuse, a stale `--period`,
//! completions and the man page. Each test runs the real binary once per
//! assertion group and checks status and stderr.

mod common;

use common::run;

const ORDERS: &str = "testdata/report/orders.csv";
const SURVEYS: &str = "testdata/report/surveys.csv";

/// The run exited with `code`, nothing on stdout, and stderr holds
/// `needle`.
fn fails_saying(args: &[&str], code: i32, needle: &str) {
    let out = run(args);
    assert_eq!(out.code, code, "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout);
    assert!(out.stderr.contains(needle), "stderr: {}", out.stderr);
}

/// The run failed as a usage error (exit 2) and stderr holds `needle`.
fn usage_error_says(args: &[&str], needle: &str) {
    fails_saying(args, 2, needle);
}

#[test]
fn report_with_positional_files_points_to_orders_flag() {
    usage_error_says(
        &["report", ORDERS],
        "tip: `engage report` takes its files with --orders and --surveys: \
         engage report --orders testdata/report/orders.csv",
    );
}

#[test]
fn fail_if_on_survey_says_only_report_takes_it() {
    usage_error_says(
        &["survey", SURVEYS, "--fail-if", "nps<30"],
        "tip: only `engage report` takes --fail-if",
    );
    usage_error_says(
        &["orders", ORDERS, "--fail-if=aov<3"],
        "(`engage orders` has no thresholds)",
    );
}

#[test]
fn fail_if_with_unknown_operator_names_it() {
    usage_error_says(
        &["report", "--orders", ORDERS, "--fail-if", "nps=<20"],
        "engage: --fail-if 'nps=<20': unknown operator =<; use one of < <= > >=",
    );
}

/// The run failed with a data error (exit 1), nothing on stdout, and
/// stderr holds `needle`.
fn data_error_says(args: &[&str], needle: &str) {
    fails_saying(args, 1, needle);
}

#[test]
fn orders_file_given_as_surveys_is_named_an_orders_export() {
    data_error_says(
        &["report", "--surveys", ORDERS],
        "engage: testdata/report/orders.csv: this looks like an orders export",
    );
    data_error_says(
        &["survey", ORDERS],
        "give it to `engage orders` or `engage report --orders`",
    );
}

#[test]
fn survey_file_given_as_orders_is_named_a_survey_export() {
    data_error_says(
        &["report", "--orders", SURVEYS],
        "engage: testdata/report/surveys.csv: this looks like a survey export",
    );
    data_error_says(
        &["orders", "testdata/survey.csv"],
        "give it to `engage survey` or `engage report --surveys`",
    );
}

// A stale export: testdata/report/ runs from 2024-03-04 (orders) to
// 2024-03-24 (the last survey answer, r11).

#[test]
fn stale_period_fails_naming_the_data_range_and_the_fix() {
    data_error_says(
        &[
            "report",
            "--orders",
            ORDERS,
            "--surveys",
            SURVEYS,
            "--period",
            "last-month",
            "--as-of",
            "2024-06-15",
            "-f",
            "csv",
        ],
        "engage: the headline period 2024-05 (2024-05-01 to 2024-05-31) has no data: the data \
         runs from 2024-03-04 to 2024-03-24; --as-of 2024-04-01 reports 2024-03, or --by month \
         without --period the latest month with data (--allow-empty reports the empty period)",
    );
}

/// `engage report --orders ORDERS ARGS...`.
fn orders_report(args: &[&str]) -> common::Run {
    run(&[&["report", "--orders", ORDERS][..], args].concat())
}

#[test]
fn stale_period_with_allow_empty_reports_zero_and_warns() {
    let stale = [
        "--period",
        "last-month",
        "--as-of",
        "2024-06-15",
        "--allow-empty",
    ];
    let out = orders_report(&[&stale[..], &["-f", "json"]].concat());
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(
        out.stderr
            .contains("engage: warning: the headline period 2024-05"),
        "stderr: {}",
        out.stderr
    );
    let j: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(j["headline"]["period"], "2024-05");
    assert_eq!(j["headline"]["orders"], 0);
    let quiet = orders_report(&[&stale[..], &["-f", "json", "-q"]].concat());
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
}

#[test]
fn period_past_the_data_end_warns_it_is_incomplete() {
    // As of 2024-03-25 the last week is W12 (03-18 to 03-24): complete. As
    // of 2024-04-01 the last month is March, but the orders end on 03-22.
    let out = orders_report(&[
        "--period",
        "last-month",
        "--as-of",
        "2024-04-01",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains(
            "engage: warning: 2024-03 runs to 2024-03-31 but the data ends on 2024-03-22: \
             the period is incomplete"
        ),
        "stderr: {}",
        out.stderr
    );
    let complete = run(&[
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--period",
        "last-week",
        "--as-of",
        "2024-03-25",
        "-f",
        "csv",
    ]);
    assert_eq!(complete.code, 0, "stderr: {}", complete.stderr);
    assert!(!complete.stderr.contains("warning"), "{}", complete.stderr);
}

// Completions and the man page, generated from the clap definitions.

#[test]
fn completions_are_printed_for_every_shell() {
    for (shell, opening) in [
        ("bash", "_engage() {"),
        ("zsh", "#compdef engage"),
        ("fish", "complete -c engage"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'engage'",
        ),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains(opening), "{shell}: {}", out.stdout);
        // Flags of subcommands are completed, not only the commands.
        assert!(out.stdout.contains("fail-if"), "{shell}");
        assert!(out.stderr.is_empty(), "{shell}: {}", out.stderr);
    }
    usage_error_says(&["completions", "tcsh"], "invalid value 'tcsh'");
}

#[test]
fn man_prints_the_page_of_engage_or_of_one_command() {
    let out = run(&["man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(".TH engage 1"), "{}", out.stdout);
    assert!(out.stdout.contains("engage\\-report"), "{}", out.stdout);
    let out = run(&["man", "report"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(".TH engage-report 1  \"engage-report 0.1.0\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\\-\\-fail\\-if"), "{}", out.stdout);
    usage_error_says(
        &["man", "nope"],
        "engage: man nope: no such command; the commands are orders,",
    );
}

#[test]
fn man_and_completions_write_to_a_file_and_ignore_a_broken_config() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("engage.toml"), "not = [toml").expect("write");
    let page = dir.path().join("engage.1");
    let out = common::engage()
        .current_dir(dir.path())
        .args(["man", "-o", "engage.1"])
        .output()
        .expect("engage runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&page).expect("the page is written");
    assert!(text.starts_with(".ie"), "{text}");
}

// TSV: the CSV's cells, tab-separated.

/// The CSV output of `args`, its records joined with tabs.
fn csv_as_tsv(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["-f", "csv"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.stdout.as_bytes());
    r.records()
        .map(|rec| {
            rec.expect("a CSV record")
                .iter()
                .collect::<Vec<_>>()
                .join("\t")
                + "\n"
        })
        .collect()
}

#[test]
fn tsv_has_the_cells_of_the_csv_for_every_command() {
    for args in [
        &["orders", "testdata/orders.csv", "--by", "month"][..],
        &["survey", "testdata/survey.csv", "--segment", "channel"],
        &[
            "report",
            "--orders",
            ORDERS,
            "--surveys",
            SURVEYS,
            "--by",
            "week",
            "--compare",
            "previous",
        ],
        &["customers", ORDERS],
        &["cohorts", ORDERS, "--by", "week"],
        // A segment value that is a formula stays neutralised.
        &[
            "orders",
            "testdata/formulas.csv",
            "--segment",
            "channel",
            "--skip-invalid",
        ],
    ] {
        let mut tsv_args = args.to_vec();
        tsv_args.extend(["-f", "tsv", "-q"]);
        let out = run(&tsv_args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stdout,
            csv_as_tsv(&[args, &["-q"][..]].concat()),
            "{args:?}"
        );
        assert!(out.stdout.contains('\t'), "{args:?}");
    }
}

#[test]
fn tsv_is_chosen_by_the_output_extension() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("orders.tsv");
    let path_text = path.to_str().expect("a UTF-8 path");
    let out = run(&["orders", "testdata/orders.csv", "-o", path_text]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = std::fs::read_to_string(&path).expect("the file is written");
    assert_eq!(written, csv_as_tsv(&["orders", "testdata/orders.csv"]));
}

// XLSX, read back with calamine (an independent reader).

use calamine::{open_workbook, Data, Reader, Xlsx};

/// Runs `args` with `-o FILE.xlsx` and opens the workbook written.
fn workbook(args: &[&str]) -> (tempfile::TempDir, Xlsx<std::io::BufReader<std::fs::File>>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("out.xlsx");
    let mut all = args.to_vec();
    all.extend(["-q", "-o", path.to_str().expect("a UTF-8 path")]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let book = open_workbook(&path).expect("an xlsx workbook");
    (dir, book)
}

/// The cell under `column` in data row `row` (0 = the first after the
/// header).
fn cell(range: &calamine::Range<Data>, column: &str, row: u32) -> Data {
    let c = (0..range.width())
        .find(|&c| range.get_value((0, c as u32)) == Some(&Data::String(column.into())))
        .unwrap_or_else(|| panic!("no column {column}"));
    range
        .get_value((row + 1, c as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn float(d: Data) -> f64 {
    match d {
        Data::Float(x) => x,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn xlsx_report_has_a_sheet_per_table_with_typed_cells() {
    let (_dir, mut book) = workbook(&[
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--by",
        "week",
        "--segment",
        "channel",
        "--compare",
        "previous",
    ]);
    assert_eq!(book.sheet_names(), ["headline", "period", "segment"]);
    let head = book
        .worksheet_range("headline")
        .expect("the headline sheet");
    assert_eq!(head.height(), 2, "a header and one row");
    // Values of tests/report.rs (W12 against W11), worked in testdata/README.md.
    assert_eq!(cell(&head, "period", 0), Data::String("2024-W12".into()));
    assert_eq!(float(cell(&head, "orders", 0)), 5.0);
    assert_eq!(float(cell(&head, "prev_orders", 0)), 3.0);
    assert_eq!(float(cell(&head, "revenue", 0)), 240.0);
    assert_eq!(float(cell(&head, "aov", 0)), 48.0);
    // Percentages as fractions (a spreadsheet's 66.7%), their deltas in points.
    assert!((float(cell(&head, "repeat_purchase_rate", 0)) - 2.0 / 3.0).abs() < 1e-12);
    assert!((float(cell(&head, "delta_repeat_purchase_rate", 0)) - 50.0 / 3.0).abs() < 1e-12);
    assert!((float(cell(&head, "change_pct_orders", 0)) - 2.0 / 3.0).abs() < 1e-12);
    // Days are dates: 2024-03-18 is serial 45369 (days since 1899-12-30).
    match cell(&head, "from", 0) {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45369.0),
        other => panic!("from is not a date: {other:?}"),
    }
    let periods = book.worksheet_range("period").expect("the period sheet");
    assert_eq!(periods.height(), 4, "W10, W11, W12");
    // No previous week for W10: an empty cell, not 0.
    assert_eq!(cell(&periods, "change_pct_orders", 0), Data::Empty);
    let segments = book.worksheet_range("segment").expect("the segment sheet");
    assert_eq!(
        cell(&segments, "segment_value", 0),
        Data::String("store".into())
    );
    assert_eq!(float(cell(&segments, "revenue", 0)), 150.0);
}

#[test]
fn xlsx_writes_formula_like_values_as_text() {
    let (_dir, mut book) = workbook(&[
        "orders",
        "testdata/formulas.csv",
        "--segment",
        "channel",
        "--skip-invalid",
        "-f",
        "xlsx",
    ]);
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("a sheet");
    let values: Vec<Data> = (0..range.height() as u32 - 1)
        .map(|r| cell(&range, "channel", r))
        .collect();
    assert!(
        values.contains(&Data::String("=HYPERLINK(\"http://x\")".into())),
        "{values:?}"
    );
    assert!(values.contains(&Data::String("-web".into())), "{values:?}");
    let formulas = book.worksheet_formula(&name).expect("formulas read");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
}

#[test]
fn xlsx_works_for_every_command() {
    for args in [
        &["orders", "testdata/orders.csv", "--by", "month"][..],
        &["survey", "testdata/survey.csv"],
        &["customers", ORDERS],
        &["cohorts", ORDERS, "--by", "week"],
        &["check", ORDERS],
    ] {
        let (_dir, mut book) = workbook(&[args, &["-f", "xlsx"][..]].concat());
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).expect("a sheet");
        assert!(range.height() >= 2, "{args:?}: a header and rows");
    }
}

// `engage metrics`: the definitions a user of the binary alone can read.

/// The CSV header of a run.
fn csv_header(args: &[&str]) -> Vec<String> {
    let out = run(args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut r = csv::Reader::from_reader(out.stdout.as_bytes());
    r.headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect()
}

#[test]
fn metrics_defines_every_key_of_orders_survey_and_cohorts() {
    let out = run(&["metrics"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys = [
        csv_header(&["orders", "testdata/orders.csv", "-f", "csv", "-q"]),
        csv_header(&["survey", "testdata/survey.csv", "-f", "csv", "-q"]),
        csv_header(&["cohorts", ORDERS, "-f", "csv", "-q"]),
    ];
    for key in keys.iter().flatten() {
        // Keys of rows, not metrics: the cohort, its period and index.
        if ["cohort", "period", "period_index"].contains(&key.as_str()) {
            continue;
        }
        assert!(
            out.stdout.contains(&format!("`{key}`")),
            "{key} is not defined"
        );
    }
    assert!(out.stdout.contains("## `engage survey`"), "{}", out.stdout);
    assert!(out
        .stdout
        .contains("| `aov` | revenue / orders | null when orders = 0 |"));
}

// --min-responses: the headline week W12 has 5 NPS answers and 4 CSAT
// answers (r7-r11, r11's CSAT blank; testdata/README.md "report/"); W11 has
// 4 (r3-r6).

#[test]
fn min_responses_skips_a_survey_threshold_on_fewer_answers() {
    let base = [
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--by",
        "week",
        "-f",
        "csv",
    ];
    let fired = run(&[&base[..], &["--fail-if", "nps<100"]].concat());
    assert_eq!(fired.code, 3, "{}", fired.stderr);
    let skipped = run(&[&base[..], &["--fail-if", "nps<100", "--min-responses", "6"]].concat());
    assert_eq!(skipped.code, 0, "{}", skipped.stderr);
    assert!(
        skipped.stderr.contains(
            "engage: warning: threshold skipped: nps in 2024-W12 rests on 5 answers, fewer than \
             --min-responses 6 (--fail-if 'nps<100')"
        ),
        "{}",
        skipped.stderr
    );
    // Five answers are not fewer than five.
    let five = run(&[&base[..], &["--fail-if", "nps<100", "--min-responses", "5"]].concat());
    assert_eq!(five.code, 3, "{}", five.stderr);
    // Order metrics are not survey answers: an order threshold still fires.
    let orders = run(&[
        &base[..],
        &["--fail-if", "orders<100", "--min-responses", "1000"],
    ]
    .concat());
    assert_eq!(orders.code, 3, "{}", orders.stderr);
}

#[test]
fn min_responses_counts_the_previous_period_for_a_change() {
    let out = run(&[
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--by",
        "week",
        "--compare",
        "previous",
        "--fail-if",
        "delta_nps<1000",
        "--min-responses",
        "5",
        "-f",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("rests on 4 answers, fewer than --min-responses 5"),
        "{}",
        out.stderr
    );
    let j: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let notes = j["notes"].to_string();
    assert!(
        notes.contains("NPS change since 2024-W11 not assessed: 4 answers"),
        "{notes}"
    );
}

/// A wide, dated workbook: `from`/`to` are date cells and each
/// `metric:value` column is typed as its metric (testdata/orders.csv,
/// January web: 1001, 1003 by C1 and 1005 by C2, so C1 repeats: a repeat
/// rate of 1 of 2 customers, stored as the fraction 0.5; 80.50 revenue).
#[test]
fn xlsx_wide_layout_types_each_column_as_its_metric() {
    let (_dir, mut book) = workbook(&[
        "orders",
        "testdata/orders.csv",
        "--by",
        "month",
        "--period-dates",
        "--segment",
        "channel",
        "--layout",
        "wide",
    ]);
    let sheet = book.worksheet_range("engage").expect("the one sheet");
    match cell(&sheet, "to", 1) {
        // 2024-02-29 is serial 45351.
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45351.0),
        other => panic!("to is not a date: {other:?}"),
    }
    assert_eq!(float(cell(&sheet, "repeat_purchase_rate:web", 0)), 0.5);
    assert_eq!(float(cell(&sheet, "revenue:web", 0)), 80.5);
    assert_eq!(cell(&sheet, "orders:app", 1), Data::Empty);
}
