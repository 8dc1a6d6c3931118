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
