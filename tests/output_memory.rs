//! Reports are written as they are rendered (#11 items 11-12): the JSON of
//! a long report takes no more memory than its CSV. A million segment
//! values (an e-mail column given as `--segment` by mistake) took 3.2 GB as
//! JSON against 0.7 GB as CSV: the whole JSON tree, then its text, were
//! built in memory before a byte was written. Alone in its test binary, so
//! that the peak memory of this process's children (`getrusage`) is that
//! of the runs below, one after the other.

mod common;

use std::fmt::Write as _;

/// The largest peak resident size of any child run so far, in KB.
fn children_peak_kb() -> i64 {
    // SAFETY: getrusage fills the zeroed struct it is given.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage.ru_maxrss
    }
}

#[test]
fn json_output_takes_no_more_memory_than_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("orders.csv");
    let n = 100_000;
    let mut text = String::from("order_id,customer_id,order_date,amount,email\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "O{i:07},C{},2024-01-{:02},{}.{:02},user{i:07}@example.com",
            i % 30_011,
            1 + i % 28,
            5 + i % 200,
            i % 100
        );
    }
    std::fs::write(&input, text).unwrap();
    let run = |out: &str| {
        let path = dir.path().join(out);
        let run = common::run(&[
            "orders",
            input.to_str().unwrap(),
            "--segment",
            "email",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        path
    };
    let csv = run("report.csv");
    let csv_peak = children_peak_kb();
    let json = run("report.json");
    // The maximum over both runs: above the CSV's only if the JSON's is.
    let json_peak = children_peak_kb();
    assert!(
        json_peak * 4 <= csv_peak * 5,
        "JSON peak {json_peak} KB against CSV peak {csv_peak} KB"
    );
    // Both hold every row: one per e-mail, with the same revenue.
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), n);
    let mut csv_rows = csv::Reader::from_path(&csv).unwrap();
    let mut count = 0;
    for (record, row) in csv_rows.records().zip(rows) {
        let record = record.unwrap();
        assert_eq!(&record[0], row["email"].as_str().unwrap());
        let revenue: f64 = record[3].parse().unwrap();
        assert_eq!(revenue, row["revenue"].as_f64().unwrap());
        count += 1;
    }
    assert_eq!(count, n);
}
