//! `engage customers` run as a user runs it. The fixture's values are worked
//! out by hand in testdata/README.md ("customers/"); the CDNOW summaries
//! are lifetimes' own output (testdata/cdnow/make_expected.py).

mod common;

use std::collections::HashMap;

use common::{csv_rows, parquet_out, run};

const FIXTURE: &str = "testdata/customers/orders.csv";

/// The documented columns, in order (without `--segment` columns).
const HEADER: &str = "customer_id,first_order,last_order,orders,revenue,aov,\
    days_since_last_order,frequency,recency,T,monetary_value,r_score,f_score,m_score,\
    rfm_score,segment";

fn customers(args: &[&str]) -> Vec<HashMap<String, String>> {
    let mut all = vec!["customers"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv", "-q"]);
    csv_rows(&all)
}

/// The rows' values of `column`, in output order.
fn column(rows: &[HashMap<String, String>], column: &str) -> Vec<String> {
    rows.iter().map(|r| r[column].clone()).collect()
}

#[test]
fn every_column_matches_the_hand_worked_fixture() {
    let rows = customers(&[FIXTURE]);
    // dan's only order is refunded: he is no customer. Sorted by id.
    assert_eq!(
        column(&rows, "customer_id"),
        ["ann@example.com", "bob", "cat", "eve"]
    );
    let expect: [(&str, [&str; 15]); 4] = [
        (
            "ann@example.com",
            [
                "2024-01-01",
                "2024-01-15",
                "3",
                "90.00",
                "30",
                "21",
                "1",
                "14",
                "35",
                "30",
                "1",
                "3",
                "3",
                "133",
                "At Risk",
            ],
        ),
        (
            "bob",
            [
                "2024-01-02",
                "2024-01-23",
                "3",
                "30.50",
                "10.166666666666666",
                "13",
                "2",
                "21",
                "34",
                "10.25",
                "2",
                "3",
                "2",
                "232",
                "Need Attention",
            ],
        ),
        (
            "cat",
            [
                "2024-01-05",
                "2024-02-05",
                "2",
                "125.00",
                "62.5",
                "0",
                "1",
                "31",
                "31",
                "100",
                "4",
                "2",
                "4",
                "424",
                "Others",
            ],
        ),
        (
            "eve",
            [
                "2024-01-28",
                "2024-01-28",
                "1",
                "-5.00",
                "-5",
                "8",
                "0",
                "0",
                "8",
                "0",
                "3",
                "1",
                "1",
                "311",
                "Promising",
            ],
        ),
    ];
    let names: Vec<&str> = HEADER.split(',').skip(1).collect();
    for (row, (id, values)) in rows.iter().zip(expect) {
        assert_eq!(row["customer_id"], id);
        for (name, value) in names.iter().zip(values) {
            assert_eq!(row[*name], value, "{id} {name}");
        }
    }
}

#[test]
fn columns_come_in_the_documented_order() {
    let out = run(&["customers", FIXTURE, "-f", "csv", "--segment", "channel"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().next(),
        Some(HEADER.replacen(",", ",channel,", 1).as_str())
    );
}

#[test]
fn segment_takes_the_value_of_the_first_counted_order() {
    let rows = customers(&[FIXTURE, "--segment", "channel"]);
    // ann's first day has two orders (web, then store): the first in the
    // file counts; bob's first order is in store, cat's and eve's on the web.
    assert_eq!(column(&rows, "channel"), ["web", "store", "web", "web"]);
}

#[test]
fn as_of_leaves_out_later_orders_and_rescores() {
    let rows = customers(&[FIXTURE, "--as-of", "2024-01-31"]);
    assert_eq!(column(&rows, "orders"), ["3", "3", "1", "1"]);
    assert_eq!(column(&rows, "T"), ["30", "29", "26", "3"]);
    assert_eq!(
        column(&rows, "days_since_last_order"),
        ["16", "8", "26", "3"]
    );
    assert_eq!(column(&rows, "rfm_score"), ["234", "333", "112", "411"]);
    assert_eq!(
        column(&rows, "segment"),
        [
            "Loyal Customers",
            "Loyal Customers",
            "Lost",
            "New Customers"
        ]
    );
}

#[test]
fn time_unit_scales_recency_and_t_only() {
    let week = customers(&[FIXTURE, "--time-unit", "week"]);
    assert_eq!(
        column(&week, "recency"),
        ["2", "3", "4.428571428571429", "0"]
    );
    assert_eq!(column(&week, "T")[0], "5");
    assert_eq!(column(&week, "days_since_last_order")[0], "21");
    let month = customers(&[FIXTURE, "--time-unit", "month"]);
    let t: f64 = month[0]["T"].parse().unwrap();
    assert!((t - 35.0 / 30.4375).abs() < 1e-12);
}

#[test]
fn summary_has_one_row_per_segment_of_the_rule_table() {
    let rows = customers(&[FIXTURE, "--summary"]);
    assert_eq!(rows.len(), 11, "ten rules and Others");
    let by: HashMap<&str, &HashMap<String, String>> =
        rows.iter().map(|r| (r["segment"].as_str(), r)).collect();
    let at_risk = by["At Risk"];
    assert_eq!(at_risk["customers"], "1");
    assert_eq!(at_risk["customers_share"], "25");
    assert_eq!(at_risk["revenue"], "90.00");
    // 90.00 of 240.50.
    let share: f64 = at_risk["revenue_share"].parse().unwrap();
    assert!((share - 100.0 * 90.0 / 240.5).abs() < 1e-9);
    assert_eq!(at_risk["mean_orders"], "3");
    assert_eq!(by["Others"]["mean_aov"], "62.5");
    assert_eq!(by["Champions"]["customers"], "0");
    assert_eq!(by["Champions"]["mean_aov"], "");
}

#[test]
fn summary_means_carry_no_float_noise() {
    // examples/orders.csv: the two "Lost" customers have one order each,
    // 96.04 together, so their mean AOV is 96.04 / 2 = 48.02 exactly (the
    // plain f64 mean of the two quotients prints 48.019999999999996).
    let rows = customers(&["examples/orders.csv", "--summary"]);
    let lost = rows.iter().find(|r| r["segment"] == "Lost").unwrap();
    assert_eq!(lost["customers"], "2");
    assert_eq!(lost["revenue"], "96.04");
    assert_eq!(lost["mean_orders"], "1");
    assert_eq!(lost["mean_aov"], "48.02");
}

#[test]
fn summary_total_covers_every_customer() {
    let out = run(&["customers", FIXTURE, "--summary", "-f", "json", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total = &v["total"];
    assert_eq!(total["customers"], 4);
    assert_eq!(total["revenue"], 240.5);
    assert_eq!(total["mean_orders"], 2.25);
    // (30 + 10.1666... + 62.5 - 5) / 4.
    let aov = total["mean_aov"].as_f64().unwrap();
    assert!((aov - (30.0 + 30.5 / 3.0 + 62.5 - 5.0) / 4.0).abs() < 1e-12);
    // Days since the last order 0, 8, 13, 21: median 10.5.
    assert_eq!(total["median_days_since_last_order"], 10.5);
}

#[test]
fn the_config_file_replaces_the_segment_rules() {
    let rows = customers(&[FIXTURE, "--config", "testdata/customers/rules.toml"]);
    assert_eq!(
        column(&rows, "segment"),
        ["Everyone else", "Everyone else", "Recent", "Recent"]
    );
}

#[test]
fn a_bad_rule_table_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("engage.toml");
    std::fs::write(
        &path,
        "[[customers.segments]]\nname = \"x\"\nr = [0, 5]\nf = [1, 5]\nm = [1, 5]\n",
    )
    .unwrap();
    let out = run(&["customers", FIXTURE, "--config", path.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("r = [0, 5]"), "{}", out.stderr);
}

#[test]
fn json_rows_carry_typed_values() {
    let out = run(&["customers", FIXTURE, "-f", "json", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["command"], "customers");
    assert_eq!(v["as_of"], "2024-02-05");
    let bob = &v["rows"][1];
    assert_eq!(bob["customer_id"], "bob");
    assert_eq!(bob["revenue"], 30.5);
    assert_eq!(bob["frequency"], 2);
    assert_eq!(bob["monetary_value"], 10.25);
    assert_eq!(bob["segment"], "Need Attention");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(4));
}

#[test]
fn parquet_carries_every_row_and_column() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.parquet");
    let out = run(&[
        "customers",
        "testdata/cdnow/transactions.csv",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let file = std::fs::File::open(&path).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    assert_eq!(df.height(), 2357);
    assert_eq!(df.width(), 16);
    let ids = df.column("customer_id").unwrap().str().unwrap().clone();
    assert_eq!(ids.get(0), Some("00004"));
    let freq = df.column("frequency").unwrap().u32().unwrap().clone();
    let csv = customers(&["testdata/cdnow/transactions.csv"]);
    for (i, row) in csv.iter().enumerate() {
        assert_eq!(Some(row["customer_id"].as_str()), ids.get(i));
        assert_eq!(Some(row["frequency"].parse().unwrap()), freq.get(i));
    }
}

#[test]
fn the_terminal_shows_twenty_rows_and_says_how_to_get_all() {
    let out = run(&[
        "customers",
        "testdata/cdnow/transactions.csv",
        "-f",
        "table",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let data_lines = out.stdout.lines().filter(|l| l.starts_with("| 0")).count();
    assert_eq!(data_lines, 20);
    assert!(
        out.stdout
            .contains("2337 more rows not shown (first 20 of 2357); all of them: -o customers.csv"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_non_positive_revenue_is_noted_on_stderr() {
    let out = run(&["customers", FIXTURE, "-f", "csv"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("note: 1 customer has a counted revenue of zero or less"),
        "{}",
        out.stderr
    );
}

#[test]
fn fails_when_as_of_is_before_every_order() {
    let out = run(&["customers", FIXTURE, "--as-of", "2023-12-31"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr.trim(),
        "engage: --as-of 2023-12-31: before every order (the counted orders run from \
         2024-01-01 to 2024-02-05); give a day on or after the first"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_malformed_as_of_is_a_usage_error() {
    let out = run(&["customers", FIXTURE, "--as-of", "2024-13-01"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn rejects_bad_input_as_orders_does() {
    let orders = run(&["orders", "testdata/bad_amount.csv"]);
    let customers = run(&["customers", "testdata/bad_amount.csv"]);
    assert_eq!(orders.code, 1);
    assert_eq!(customers.code, 1);
    assert_eq!(customers.stderr, orders.stderr);
    assert!(customers.stdout.is_empty());
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.parquet");
    let out = run(&[
        "customers",
        "testdata/bad_amount.csv",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1);
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// lifetimes' summary for one time unit, by customer id.
fn lifetimes_summary(unit: &str) -> HashMap<String, [f64; 4]> {
    let path = format!("testdata/cdnow/summary_{unit}.csv");
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let num = |i: usize| r[i].parse::<f64>().unwrap();
            (r[0].to_string(), [num(1), num(2), num(3), num(4)])
        })
        .collect()
}

/// Every CDNOW customer's frequency (exactly), recency, T and
/// monetary_value (to 1e-9 relative) equal lifetimes'
/// `summary_data_from_transaction_data` at 1997-09-30.
fn matches_lifetimes(unit: &str) {
    let expected = lifetimes_summary(unit);
    let rows = customers(&[
        "testdata/cdnow/transactions.csv",
        "--as-of",
        "1997-09-30",
        "--time-unit",
        unit,
    ]);
    assert_eq!(rows.len(), 2357);
    assert_eq!(rows.len(), expected.len());
    let close = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-9 * b.abs().max(a.abs());
    for row in &rows {
        let id = &row["customer_id"];
        let want = expected[id];
        let got =
            ["frequency", "recency", "T", "monetary_value"].map(|k| row[k].parse::<f64>().unwrap());
        assert_eq!(got[0], want[0], "{id} frequency");
        for (k, name) in [(1, "recency"), (2, "T"), (3, "monetary_value")] {
            assert!(
                close(got[k], want[k]),
                "{id} {name}: {} vs {}",
                got[k],
                want[k]
            );
        }
    }
}

#[test]
fn cdnow_summary_equals_lifetimes_in_days() {
    matches_lifetimes("day");
}

#[test]
fn cdnow_summary_equals_lifetimes_in_weeks() {
    matches_lifetimes("week");
}

#[test]
fn cdnow_summary_equals_lifetimes_in_months() {
    matches_lifetimes("month");
}

#[test]
fn report_customers_section_equals_the_summary() {
    let out = run(&[
        "report",
        "--orders",
        FIXTURE,
        "--customers",
        "-f",
        "json",
        "-q",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let summary = run(&["customers", FIXTURE, "--summary", "-f", "json", "-q"]);
    let summary: serde_json::Value = serde_json::from_str(&summary.stdout).unwrap();
    let section = &report["customers"];
    assert_eq!(section["as_of"], "2024-02-05");
    assert_eq!(section["rows"], summary["rows"]);
    assert_eq!(section["total"], summary["total"]);
}

#[test]
fn report_customers_section_in_csv_shares_columns() {
    let rows = csv_rows(&[
        "report",
        "--orders",
        FIXTURE,
        "--customers",
        "-f",
        "csv",
        "-q",
    ]);
    let at_risk = rows
        .iter()
        .find(|r| r["section"] == "customers" && r["segment_value"] == "At Risk")
        .expect("an At Risk row");
    assert_eq!(at_risk["segment"], "rfm_segment");
    assert_eq!(at_risk["to"], "2024-02-05");
    assert_eq!(at_risk["customers"], "1");
    assert_eq!(at_risk["revenue"], "90.00");
    assert_eq!(at_risk["customers_share"], "25");
    assert_eq!(at_risk["orders"], "");
    // The headline row has the section's own columns, empty.
    let headline = rows.iter().find(|r| r["section"] == "headline").unwrap();
    assert_eq!(headline["customers"], "4");
    assert_eq!(headline["mean_aov"], "");
}

#[test]
fn report_customers_needs_orders() {
    let out = run(&["report", "--surveys", "testdata/survey.csv", "--customers"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn rows_are_sorted_by_customer_id_in_byte_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.csv");
    // Ids sharing their first eight bytes, of different lengths, and one
    // upper-case id (not an e-mail: kept as written, before lower case).
    let ids = [
        "customer2",
        "customer10",
        "b",
        "customer",
        "customer1",
        "Zed",
    ];
    let mut text = String::from("customer_id,order_date,amount\n");
    for id in ids {
        text.push_str(&format!("{id},2024-01-01,1.00\n"));
    }
    std::fs::write(&path, text).unwrap();
    let rows = customers(&[path.to_str().unwrap()]);
    assert_eq!(
        column(&rows, "customer_id"),
        [
            "Zed",
            "b",
            "customer",
            "customer1",
            "customer10",
            "customer2"
        ]
    );
}

/// 70,000 customers (CSV rows are formatted in pieces of 16,384 and
/// Parquet's text column in pieces of 65,536): ids of 1 to 30 bytes, many
/// sharing their first sixteen bytes, some exactly sixteen long, some
/// starting with `=` (neutralised in CSV only). Customer k has 1 + k % 3
/// orders, so a row shifted between pieces would show. The expected order
/// is Rust's own sort of the ids (byte order).
#[test]
fn long_tables_keep_every_id_and_row_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.csv");
    let id = |k: usize| match k % 5 {
        0 => format!("{k}"),
        1 => format!("customer-{k:06}@example.com"),
        2 => format!("customer-{:07}", k % 10_000_000),
        3 => format!("={k}"),
        _ => format!("customer-{k:06}"),
    };
    let n = 70_000;
    let mut text = String::from("customer_id,order_date,amount\n");
    for k in 0..n {
        for _ in 0..1 + k % 3 {
            text.push_str(&format!("{},2024-01-01,1.00\n", id(k)));
        }
    }
    std::fs::write(&input, text).unwrap();
    let mut expected: Vec<(String, usize)> = (0..n).map(|k| (id(k), 1 + k % 3)).collect();
    expected.sort();
    assert!(expected.iter().any(|(id, _)| id.len() == 16));

    let rows = customers(&[input.to_str().unwrap()]);
    assert_eq!(rows.len(), n);
    for (row, (id, orders)) in rows.iter().zip(&expected) {
        let shown = match id.starts_with('=') {
            true => format!("'{id}"),
            false => id.clone(),
        };
        assert_eq!(row["customer_id"], shown);
        assert_eq!(row["orders"], orders.to_string(), "{id}");
    }

    let output = dir.path().join("many.parquet");
    let df = parquet_out(&["customers", input.to_str().unwrap()], &output);
    let ids = df.column("customer_id").unwrap().str().unwrap().clone();
    let orders = df.column("orders").unwrap().u32().unwrap().clone();
    assert_eq!(df.height(), n);
    for (k, (id, n)) in expected.iter().enumerate() {
        assert_eq!(ids.get(k), Some(id.as_str()));
        assert_eq!(orders.get(k), Some(*n as u32));
    }
}
