//! Parquet input: files, folders with hive partitions, globs, and errors,
//! read with the same mappings and checks as CSV. The fixtures in
//! testdata/parquet/ hold the same orders and answers as testdata/report/
//! (typed: integer ids, dates, float amounts, timestamps), so every result
//! must equal the CSV one.

mod common;

use common::run;

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.code, 0, "{:?}: {}", args, out.stderr);
    out.stdout
}

#[test]
fn parquet_orders_give_the_csv_results() {
    let csv = stdout(&[
        "orders",
        "testdata/report/orders.csv",
        "--by",
        "week",
        "-f",
        "csv",
    ]);
    let pq = stdout(&[
        "orders",
        "testdata/parquet/orders.parquet",
        "--by",
        "week",
        "-f",
        "csv",
    ]);
    assert_eq!(pq, csv);
    // W12 revenue, hand-worked in testdata/README.md.
    assert!(
        pq.lines().any(|l| l.starts_with("2024-W12,5,3,240.00,48,")),
        "{pq}"
    );
}

#[test]
fn parquet_surveys_give_the_csv_results() {
    let csv = stdout(&[
        "survey",
        "testdata/report/surveys.csv",
        "--by",
        "week",
        "-f",
        "csv",
        "-q",
    ]);
    let pq = stdout(&[
        "survey",
        "testdata/parquet/surveys.parquet",
        "--by",
        "week",
        "-f",
        "csv",
        "-q",
    ]);
    assert_eq!(pq, csv);
}

#[test]
fn a_hive_folder_is_one_data_set_with_its_partitions_as_columns() {
    let csv = stdout(&[
        "orders",
        "testdata/report/orders.csv",
        "--segment",
        "channel",
        "--by",
        "week",
        "-f",
        "csv",
    ]);
    let hive = stdout(&[
        "orders",
        "testdata/parquet/hive",
        "--segment",
        "channel",
        "--by",
        "week",
        "-f",
        "csv",
    ]);
    assert_eq!(hive, csv);
}

#[test]
fn a_glob_of_parquet_files_is_one_data_set() {
    let csv = stdout(&["orders", "testdata/report/orders.csv", "-f", "csv"]);
    let glob = stdout(&["orders", "testdata/parquet/hive/*/*.parquet", "-f", "csv"]);
    assert_eq!(glob, csv);
}

#[test]
fn report_reads_parquet_orders_and_surveys() {
    let args = |o: &str, s: &str| {
        stdout(&[
            "report",
            "--orders",
            o,
            "--surveys",
            s,
            "--by",
            "week",
            "--compare",
            "previous",
            "-f",
            "csv",
            "-q",
        ])
    };
    assert_eq!(
        args(
            "testdata/parquet/orders.parquet",
            "testdata/parquet/surveys.parquet"
        ),
        args("testdata/report/orders.csv", "testdata/report/surveys.csv")
    );
}

#[test]
fn a_bad_parquet_value_is_named_by_file_row_and_column() {
    let out = run(&["orders", "testdata/parquet/bad_amount.parquet"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "testdata/parquet/bad_amount.parquet row 3: unreadable amount in column 'amount' \"abc\""
        ),
        "{}",
        out.stderr
    );
    let out = run(&[
        "orders",
        "testdata/parquet/bad_amount.parquet",
        "--skip-invalid",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("2,2,30.00,"),
        "{}",
        out.stdout
    );
}

#[test]
fn input_format_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.dat");
    std::fs::copy("testdata/parquet/orders.parquet", &path).unwrap();
    let p = path.to_str().unwrap();
    let out = run(&["orders", p, "--input-format", "parquet", "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Read as CSV it is binary garbage: a clear error, not a panic.
    let out = run(&["orders", p]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("engage: "), "{}", out.stderr);
    let out = run(&["orders", "testdata/presets", "-f", "csv"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("is a folder with no Parquet files"),
        "{}",
        out.stderr
    );
}

#[test]
fn check_reads_parquet_too() {
    let out = run(&["check", "testdata/parquet/bad_amount.parquet", "-f", "json"]);
    assert_eq!(out.code, 1);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        j["skipped"]["unreadable amount"]["first_lines"][0],
        "testdata/parquet/bad_amount.parquet row 3"
    );
}

// Large inputs are read in batches (src/input/batched.rs); ENGAGE_BATCHED
// forces either way on small files, and both must agree to the byte.

/// A generated export with order ids that only rise (so it can be read in
/// batches), repeat customers, three channels and some refunds.
fn generated(dir: &std::path::Path, bad_line: Option<usize>) -> std::path::PathBuf {
    let mut text = String::from("order_id,customer_id,order_date,amount,status,channel\n");
    for i in 0..5000usize {
        let customer = (i * 7919) % 1300;
        let day = 1 + (i * 31) % 28;
        let month = 1 + (i / 500) % 12;
        let cents = 500 + (i * 104_729) % 20_000;
        let status = if i % 17 == 0 { "refunded" } else { "paid" };
        let channel = ["web", "app", "store"][i % 3];
        let amount = if bad_line == Some(i + 2) {
            "n/a".to_string()
        } else {
            format!("{}.{:02}", cents / 100, cents % 100)
        };
        text.push_str(&format!(
            "O{i:06},C{customer:05},2024-{month:02}-{day:02},{amount},{status},{channel}\n"
        ));
    }
    let path = dir.join("generated.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn run_batched(batched: &str, args: &[&str]) -> common::Run {
    common::run_with_env(&[("ENGAGE_BATCHED", batched)], args)
}

#[test]
fn batched_and_whole_reads_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), None);
    let p = path.to_str().unwrap();
    for args in [
        vec![
            "orders",
            p,
            "--by",
            "week",
            "--segment",
            "channel",
            "-f",
            "json",
        ],
        vec!["orders", p, "-f", "csv"],
        vec![
            "report",
            "--orders",
            p,
            "--by",
            "month",
            "--compare",
            "previous",
            "--segment",
            "channel",
            "-f",
            "csv",
        ],
    ] {
        let whole = run_batched("never", &args);
        let batched = run_batched("always", &args);
        assert_eq!(whole.code, 0, "{}", whole.stderr);
        assert_eq!(batched.stdout, whole.stdout, "{args:?}");
        assert_eq!(batched.stderr, whole.stderr, "{args:?}");
    }
}

#[test]
fn batched_reads_name_the_line_of_a_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), Some(3001));
    let p = path.to_str().unwrap();
    let out = run_batched("always", &["orders", p]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("generated.csv:3001: unreadable amount in column 'amount' \"n/a\""),
        "{}",
        out.stderr
    );
    // A refunded order (every 17th) with an unreadable amount is an error
    // too, although batched reads drop refunded orders as they go.
    let path = generated(dir.path(), Some(3402));
    let p = path.to_str().unwrap();
    for mode in ["always", "never"] {
        let out = run_batched(mode, &["orders", p]);
        assert!(
            out.stderr.contains("generated.csv:3402: unreadable amount"),
            "{mode}: {}",
            out.stderr
        );
    }
    let skipped = run_batched("always", &["orders", p, "--skip-invalid", "-f", "csv"]);
    let whole = run_batched("never", &["orders", p, "--skip-invalid", "-f", "csv"]);
    assert_eq!(skipped.stdout, whole.stdout);
}
