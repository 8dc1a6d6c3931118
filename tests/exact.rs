//! Money stays exact: values are never confused with markers for bad
//! cells, totals never leave the range of exact cents silently, and a
//! ratio of money is divided once.

mod common;

use common::run;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// The CSV total row as a map of column -> value.
fn csv_total(out: &common::Run) -> std::collections::HashMap<String, String> {
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let row = rdr.records().next().unwrap().unwrap();
    header
        .iter()
        .zip(row.iter())
        .map(|(h, v)| (h.to_string(), v.to_string()))
        .collect()
}

/// 1,998 orders of 25.50 and 2 of 30.00: 50,949.00 + 60.00 = 51,009.00
/// over 2,000 orders, AOV 25.5045 exactly (dividing by the orders, then by
/// 100, gave 25.504499999999997).
#[test]
fn aov_is_divided_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("order_id,customer_id,amount\n");
    for i in 0..2000 {
        let amount = if i < 1998 { "25.50" } else { "30.00" };
        text.push_str(&format!("{i},c{i},{amount}\n"));
    }
    let path = write(&dir, "aov.csv", &text);
    let out = run(&["orders", &path, "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let total = csv_total(&out);
    assert_eq!(total["revenue"], "51009.00");
    assert_eq!(total["aov"], "25.5045");
    let out = run(&["orders", &path, "-f", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"aov\": 25.5045,"), "{}", out.stdout);
}

/// The most negative amount engage reads is a value like any other (it
/// used to equal the marker for "more than two decimals").
#[test]
fn the_most_negative_amount_is_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "min.csv",
        "order_id,customer_id,amount\n1,a,-92233720368547758.07\n",
    );
    let out = run(&["orders", &path, "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(csv_total(&out)["revenue"], "-92233720368547758.07");
}

/// 92,233,720,368,547,758.07 (the most cents an i64 holds) plus 5.00
/// wrapped to a negative revenue; now an error before any total is made,
/// also when line items are added up.
#[test]
fn totals_beyond_exact_cents_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let orders = write(
        &dir,
        "big.csv",
        "order_id,customer_id,amount\n1,a,92233720368547758.07\n2,b,5.00\n",
    );
    let items = write(
        &dir,
        "items.csv",
        "order_id,customer_id,amount\n1,a,92233720368547758.07\n1,a,5.00\n",
    );
    for args in [
        vec!["orders", orders.as_str()],
        vec!["orders", items.as_str(), "--line-items", "sum"],
        vec!["report", "--orders", orders.as_str(), "-f", "csv"],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stdout);
        assert!(
            out.stderr
                .contains("the amounts add up to more than 92,233,720,368,547,758.07"),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "", "{args:?}");
    }
    // At the limit exactly, the total is exact.
    let edge = write(
        &dir,
        "edge.csv",
        "order_id,customer_id,amount\n1,a,92233720368547757.07\n2,b,1.00\n",
    );
    let out = run(&["orders", &edge, "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(csv_total(&out)["revenue"], "92233720368547758.07");
}

/// `--fail-if` messages show values rounded as the tables show them
/// (2 of 3 customers repeat in 2024-W12: 66.7%, not 66.66666666666667).
#[test]
fn threshold_messages_are_rounded_like_the_tables() {
    let out = run(&[
        "report",
        "--orders",
        "testdata/report/orders.csv",
        "--surveys",
        "testdata/report/surveys.csv",
        "--by",
        "week",
        "-f",
        "csv",
        "-q",
        "--fail-if",
        "repeat_purchase_rate<90",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "threshold breached: repeat_purchase_rate = 66.7% in 2024-W12 \
             (--fail-if 'repeat_purchase_rate<90')"
        ),
        "{}",
        out.stderr
    );
}
