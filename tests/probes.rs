//! What a new user ran into (issue 18's probes), one binary test each:
//! `survey --orders` on line-item orders, the guest-order note of
//! `customers --as-of`, and `engage compare`'s row count; then what the
//! second probe (hostile input, other languages, cron) broke. Numbers worked
//! in testdata/README.md ("Probes").

mod common;

use common::run;

const SURVEY: &str = "testdata/feedback/line_items_surveys.csv";

/// `after,promoters,{responses,orders,revenue}` of `engage survey SURVEY
/// --orders ORDERS --after 10 EXTRA -f csv`, and its stderr.
fn promoters_after(orders: &str, extra: &[&str]) -> (Vec<String>, String) {
    let mut args = vec!["survey", SURVEY, "--orders", orders, "--after", "10"];
    args.extend_from_slice(extra);
    args.extend(["-f", "csv"]);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = out
        .stdout
        .lines()
        .filter(|l| {
            ["responses,", "orders,", "revenue,"]
                .iter()
                .any(|m| l.starts_with(&format!("after,promoters,{m}")))
        })
        .map(|l| l.rsplit(',').next().unwrap_or_default().to_string())
        .collect();
    (lines, out.stderr)
}

#[test]
fn survey_orders_take_the_line_item_flags_its_warning_names() {
    // Ann answers 9 on 2024-01-10; in the 10 days after she places #1003,
    // whose rows hold 20.00 and 5.00.
    let (first, stderr) = promoters_after("testdata/line_items.csv", &[]);
    assert_eq!(first, ["1", "1", "20.00"]);
    assert!(
        stderr.contains(
            "engage: warning: orders: 1 order with different amounts on its rows (first: \
             order #1003); the first amount counts; if rows hold line totals pass \
             --orders-line-items sum\n"
        ),
        "{stderr}"
    );
    let (sum, stderr) = promoters_after("testdata/line_items.csv", &["--orders-line-items", "sum"]);
    assert_eq!(sum, ["1", "1", "25.00"]);
    assert!(!stderr.contains("different amounts"), "{stderr}");
}

#[test]
fn survey_orders_take_quantity_and_unit_price_columns() {
    // Q2 = 3 x 2.50 + 2 x 1.25 = 10.00, in the 10 days after 2024-01-10.
    let orders = "testdata/feedback/quantity_orders.csv";
    let mapped = [
        "--orders-quantity-col",
        "pieces",
        "--orders-unit-price-col",
        "each_eur",
    ];
    assert_eq!(promoters_after(orders, &mapped).0, ["1", "1", "10.00"]);
    // A wrong combination names the survey's own flag.
    let mut args = vec![
        "survey",
        SURVEY,
        "--orders",
        orders,
        "--orders-line-items",
        "first",
    ];
    args.extend(mapped);
    let out = run(&args);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.ends_with("leave out --orders-line-items\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_guest_note_counts_only_guest_orders_up_to_as_of() {
    // online_retail.csv's one guest invoice, 536381, is dated 2010-12-02.
    let note = "1 guest order (blank customer id) is not in the per-customer figures";
    let file = "testdata/exports/online_retail.csv";
    for (as_of, shown) in [("2010-12-01", false), ("2010-12-02", true)] {
        let out = run(&[
            "customers",
            file,
            "--guest-orders",
            "include",
            "--as-of",
            as_of,
            "-f",
            "csv",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stderr.contains(note), shown, "{as_of}: {}", out.stderr);
    }
}

#[test]
fn compare_counts_one_row_in_the_singular() {
    let ours = run(&["orders", "testdata/orders.csv", "-f", "csv"]);
    assert_eq!(ours.code, 0, "{}", ours.stderr);
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("totals.csv");
    std::fs::write(&result, &ours.stdout).unwrap();
    let result = result.to_str().unwrap();
    let out = run(&["compare", "orders", result, "testdata/orders.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("{result}: equal to engage orders: 1 row x 12 columns\n")
    );
}

/// testdata/invalid.csv has one row for each reason (README there): in
/// Arabic with native digits, the counts of check's skipped-rows table are
/// Arabic-Indic as the summary's are.
#[test]
fn check_counts_skipped_rows_in_native_digits() {
    let args = "check testdata/invalid.csv --lang ar --digits native -f markdown";
    let out = run(&args.split(' ').collect::<Vec<_>>());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("\n| مبلغ فارغ | ١ | testdata/invalid.csv:3 |\n"),
        "{}",
        out.stdout
    );
}

/// testdata/probes/day_first.csv: every date is day-first (25/01/2024...).
/// With `--skip-invalid` no order is left; the error names the first row
/// as it would without the flag (line, column, value, and the fix:
/// `--date-order`), and `engage check`'s verdict says the same.
#[test]
fn when_every_row_is_skipped_the_error_names_the_first_and_its_fix() {
    let file = "testdata/probes/day_first.csv";
    let first = format!(
        "; the first: {file}:2: unreadable date in column 'order_date' \"25/01/2024\"; \
         write dates as YYYY-MM-DD or an ISO 8601 timestamp, or give --date-order mdy"
    );
    let out = run(&["orders", file, "--by", "month", "--skip-invalid"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(&format!(
            "engage: {file}: no orders left to count (invalid rows skipped (unreadable date: 3)){first}"
        )),
        "{}",
        out.stderr
    );
    let out = run(&["check", file, "-f", "csv"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains(&first), "{}", out.stderr);
}

/// testdata/probes/same_name.csv names two columns `amount` (10.00 and
/// 2.00 on the first row), same_segment.csv two `channel` (web and app):
/// which one is meant is a guess, so engage names both and the fix instead
/// of taking the first silently, for a role found by name, one mapped with
/// a flag, and a segment; `engage check` says the same.
#[test]
fn two_columns_of_one_name_are_an_error_naming_both() {
    let file = "testdata/probes/same_name.csv";
    let amount = format!(
        "engage: {file}: columns 4 and 5 are both named 'amount'; rename one in the header, \
         so that engage knows which holds the amount\n"
    );
    for args in [
        vec!["orders", file],
        vec!["orders", file, "--amount-col", "amount"],
        vec!["customers", file, "--amount-col", "Amount"],
    ] {
        let out = run(&args);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (1, amount.as_str()),
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = run(&["check", file]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("columns 4 and 5 are both named 'amount'"),
        "{}",
        out.stderr
    );
    let file = "testdata/probes/same_segment.csv";
    let out = run(&["orders", file, "--segment", "channel"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            1,
            format!(
                "engage: {file}: columns 5 and 6 are both named 'channel'; rename one in the \
                 header, so that engage knows which to segment by\n"
            )
            .as_str()
        )
    );
}

/// testdata/probes/blank_header.csv's first line is `,,,`: a header row
/// without names is said to be one (with its line), not listed as
/// `found: , , , ` with a flag to map a column that has no name.
#[test]
fn a_header_of_only_separators_is_named_as_such() {
    let file = "testdata/probes/blank_header.csv";
    for command in ["orders", "check"] {
        let out = run(&[command, file]);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (
                1,
                format!(
                    "engage: {file}:1: the header row has no column names, only separators; \
                     export the file again with a header\n"
                )
                .as_str()
            ),
            "{command}"
        );
    }
}

/// `-f xlsx` or `-f parquet` with stdout on a terminal would print a binary
/// file onto the screen: a usage error (exit 2) naming the fix, as gzip
/// refuses (the terminal shows only that line: util-linux `script` gives
/// engage one); redirected, the bytes are written as before.
#[test]
fn a_binary_format_is_not_written_onto_a_terminal() {
    for format in ["xlsx", "parquet"] {
        let line = format!(
            "'{}' orders testdata/orders.csv -f {format}",
            env!("CARGO_BIN_EXE_engage")
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("util-linux `script` runs");
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).replace('\r', ""),
            format!(
                "engage: -f {format}: a binary file is not written to a terminal; give -o \
                 FILE.{format}, or redirect the output (> FILE.{format})\n"
            )
        );
        let out = common::engage()
            .args(["orders", "testdata/orders.csv", "-f", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let magic: &[u8] = match format {
            "xlsx" => b"PK",
            _ => b"PAR1",
        };
        assert!(out.stdout.starts_with(magic));
    }
}

/// testdata/hardening/control_chars.csv's channels clear the screen
/// (`ESC[2J`) and set a window title (`ESC]0;...BEL`). The HTML page
/// shows them escaped as the terminal table does: no control or bidi
/// override character reaches a browser (where it is a parse error) or a
/// terminal the page is printed on. Line breaks are kept (whitespace).
#[test]
fn html_pages_carry_no_raw_control_characters() {
    let out = run(&[
        "orders",
        "testdata/hardening/control_chars.csv",
        "--segment",
        "channel",
        "-f",
        "html",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let raw = |c: char| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c);
    assert!(!out.stdout.contains(raw), "{}", out.stdout);
    assert!(out.stdout.contains("\\u{1b}[2Jclear"), "{}", out.stdout);
    assert!(out.stdout.contains("\\u{1b}]0;pwned\\u{7}title"));
}

/// examples/orders.csv (26 customers over 12 weeks) does not pin BG/NBD
/// down: the error says what would (exit 1, one line).
#[test]
fn a_clv_fit_the_data_cannot_identify_names_the_fix() {
    let out = run(&["clv", "examples/orders.csv"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            1,
            "engage: BG/NBD: the likelihood's Hessian at the optimum is not positive definite, \
             so the parameters are not identified by this data: fit it on more customers or a \
             longer order history\n"
        )
    );
}

/// The config file a run reads (engage.toml in the working folder, or
/// `--config FILE`) is an input too: `-o` naming it is a usage error
/// before anything is read, and the file stays as it was.
#[test]
fn output_onto_the_config_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("engage.toml");
    let text = "[defaults]\nlang = \"en\"\n";
    std::fs::write(&config, text).unwrap();
    let orders = format!("{}/testdata/orders.csv", env!("CARGO_MANIFEST_DIR"));
    let runs: [&[&str]; 2] = [
        &["orders", &orders, "-f", "csv", "-o", "engage.toml"],
        &[
            "orders",
            &orders,
            "--config",
            "engage.toml",
            "-f",
            "json",
            "-o",
            "./engage.toml",
        ],
    ];
    for args in runs {
        let out = common::engage()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is also an input (engage.toml)"),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
    }
}

/// examples/orders.csv's cohorts by month run k = 0, 1, 2 months: with
/// Thai digits the triangle's k headers are numbers like its cells (๐ ๑ ๒).
#[test]
fn cohort_period_headers_take_native_digits() {
    let args = "cohorts examples/orders.csv --by month --lang th --digits native -f markdown";
    let out = run(&args.split(' ').collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\n| กลุ่ม | ลูกค้า | ๐ | ๑ | ๒ |\n"),
        "{}",
        out.stdout
    );
}

/// When every row would be skipped, `engage check` still shows what it
/// read and its skipped-rows table (by reason, with the first lines), as
/// when some rows are left, and its verdict names the first row, its
/// column, value and fix (exit 1). testdata/probes/day_first.csv: 3 rows,
/// every date day-first (lines 2-4); no_valid_scores.csv: NPS 11 (line 2),
/// `Very likely` (line 3) and 12 (line 4), none on the 0-10 scale.
#[test]
fn check_shows_the_skipped_rows_when_every_row_is_bad() {
    let file = "testdata/probes/day_first.csv";
    let out = run(&["check", file, "-f", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["rows_read"], 3);
    assert_eq!(json["orders"], 0);
    assert_eq!(json["usable"], false);
    let lines: Vec<String> = (2..=4).map(|l| format!("{file}:{l}")).collect();
    assert_eq!(
        json["skipped"],
        serde_json::json!({ "unreadable date": { "rows": 3, "first_lines": lines } })
    );
    assert!(
        out.stderr.contains(&format!(
            "; the first: {file}:2: unreadable date in column 'order_date' \"25/01/2024\"; \
             write dates as YYYY-MM-DD"
        )),
        "{}",
        out.stderr
    );

    let file = "testdata/probes/no_valid_scores.csv";
    let out = run(&["check", file, "-f", "markdown"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for row in [
        "| rows read | 3 |".to_string(),
        "| responses kept | 0 |".to_string(),
        format!("| NPS answer outside 0-10 | 2 | {file}:2, {file}:4 |"),
        format!("| unreadable NPS answer | 1 | {file}:3 |"),
    ] {
        assert!(
            out.stdout.contains(&format!("\n{row}\n")),
            "{row}\n{}",
            out.stdout
        );
    }
    assert_eq!(
        out.stderr,
        format!(
            "engage: not usable: {file}: no valid responses left after skipping invalid rows \
             (NPS answer outside 0-10: 2, unreadable NPS answer: 1); the first: {file}:2: NPS \
             answer outside 0-10 in column 'nps' \"11\"; NPS answers run from 0 to 10\n"
        )
    );
}

/// Digits of two scripts in one value are a typing slip, not a number
/// (issue 21): the error names both scripts and the fix, for amounts,
/// dates, quantities and scores alike. testdata/probes/mixed_digits.csv:
/// `١2٣.٥٠` (line 2), a date `٢٠٢4-01-06` (3), `๑2.50` (4), and
/// `١٢٣٫٥٠` (5, one script: 123.50, the only order left with
/// --skip-invalid); mixed_quantities.csv: quantity `١2` (2), unit price
/// `٣.00` (3); mixed_scores.csv: NPS `١0` (2), `๑٠` (3), then `٩` with
/// CSAT `۵` (4: one response, a promoter, CSAT 5).
#[test]
fn digits_of_two_scripts_in_one_value_are_named() {
    let fix = |file: &str, line, column, value, both, more| {
        format!(
            "engage: testdata/probes/{file}:{line}: mixed-script number in column '{column}' \
             \"{value}\"; it mixes {both} digits: write the number in one script, or pass \
             --skip-invalid to skip such rows ({more})\n"
        )
    };
    let arabic = "Arabic-Indic and Western";
    for (args, expected) in [
        (
            vec![
                "orders",
                "testdata/probes/mixed_digits.csv",
                "--by",
                "month",
            ],
            fix(
                "mixed_digits.csv",
                2,
                "amount",
                "١2٣.٥٠",
                arabic,
                "2 more rows have problems",
            ),
        ),
        (
            vec!["orders", "testdata/probes/mixed_quantities.csv"],
            fix(
                "mixed_quantities.csv",
                2,
                "quantity",
                "١2",
                arabic,
                "1 more row has a problem",
            ),
        ),
        (
            vec!["survey", "testdata/probes/mixed_scores.csv"],
            fix(
                "mixed_scores.csv",
                2,
                "nps",
                "١0",
                arabic,
                "1 more row has a problem",
            ),
        ),
    ] {
        let out = run(&args);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (1, expected.as_str()),
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
    // Each kind of value is counted under the one reason; the Thai amount
    // and the date are among them.
    let file = "testdata/probes/mixed_digits.csv";
    let out = run(&["check", file, "-f", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let lines: Vec<String> = (2..=4).map(|l| format!("{file}:{l}")).collect();
    assert_eq!(
        json["skipped"],
        serde_json::json!({ "mixed-script number": { "rows": 3, "first_lines": lines } })
    );
    let rows = common::csv_rows(&[
        "orders",
        file,
        "--by",
        "month",
        "--skip-invalid",
        "-f",
        "csv",
    ]);
    assert_eq!(
        (
            rows.len(),
            rows[0]["orders"].as_str(),
            rows[0]["revenue"].as_str()
        ),
        (1, "1", "123.50")
    );
    let rows = common::csv_rows(&[
        "survey",
        "testdata/probes/mixed_scores.csv",
        "--skip-invalid",
        "-f",
        "csv",
    ]);
    assert_eq!(
        ["nps_responses", "promoters", "csat_responses", "csat_mean"].map(|k| rows[0][k].as_str()),
        ["1", "1", "1", "5"]
    );
}

/// Counts are worded for their number, not `row(s)`: testdata/bad_date.csv
/// has one bad row (line 3, `15/01/2024`), testdata/invalid.csv five; in
/// Hebrew and Arabic the singular is its own form.
#[test]
fn one_row_is_worded_in_the_singular() {
    let verdict = |file: &str, extra: &[&str]| {
        let mut args = vec!["check", file, "-f", "csv"];
        args.extend_from_slice(extra);
        let out = run(&args);
        out.stdout
            .lines()
            .find_map(|l| l.strip_prefix("verdict,").map(String::from))
            .unwrap_or_else(|| panic!("{}", out.stdout))
    };
    assert_eq!(
        verdict("testdata/bad_date.csv", &[]),
        "not usable as they are: 1 row has a problem; fix it or pass --skip-invalid"
    );
    assert_eq!(
        verdict("testdata/bad_date.csv", &["--skip-invalid"]),
        "usable with --skip-invalid: 1 row would be skipped"
    );
    assert_eq!(
        verdict("testdata/invalid.csv", &[]),
        "not usable as they are: 5 rows have a problem; fix them or pass --skip-invalid"
    );
    for (lang, one) in [
        ("he", "בשורה אחת יש בעיה; יש לתקן אותה"),
        ("ar", "في صف واحد مشكلة؛ أصلحه"),
    ] {
        let out = run(&[
            "check",
            "testdata/bad_date.csv",
            "--lang",
            lang,
            "-f",
            "markdown",
        ]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.contains(one), "{lang}: {}", out.stdout);
    }
}

/// With `--lang ar --digits native` a number's sign is written as CLDR's
/// Arabic locale writes it, U+061C ARABIC LETTER MARK then `-`, so that
/// the number reads right to left with its sign first in any table; Thai
/// digits keep the plain `-`; a hyphen between digits is no sign. The
/// CDNOW summary's BG/NBD log-likelihood is -9582.4292... (tests/clv.rs).
#[test]
fn arabic_native_negatives_carry_the_arabic_letter_mark() {
    let clv = "clv --summary testdata/cdnow/summary_week.csv --time-unit week -q -f markdown";
    let mut args: Vec<&str> = clv.split(' ').collect();
    args.extend(["--lang", "ar", "--digits", "native"]);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("\n| BG/NBD | ٢٬٣٥٧ | \u{61c}-٩٬٥٨٢٫٤٣ | نعم | ٢٤ |\n"),
        "{}",
        out.stdout
    );
    args.truncate(args.len() - 4);
    args.extend(["--lang", "th", "--digits", "native"]);
    let out = run(&args);
    assert!(out.stdout.contains("| -๙,๕๘๒.๔๓ |"), "{}", out.stdout);
    assert!(!out.stdout.contains('\u{61c}'));
}
