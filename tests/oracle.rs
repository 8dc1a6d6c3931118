//! The readers against an oracle: arbitrary CSV-shaped files (stray quotes
//! inside unquoted fields, quoted line breaks of every kind, quotes after
//! a closed quoted field, escaped quotes, blank lines, short and long rows,
//! `\n`, `\r\n` and bare `\r` line ends, a BOM, a last line with or without
//! its line end) are read by `engage orders` with chunks of 1 to 64 bytes,
//! at the default size, and in batches, and by an oracle that reads the
//! whole file with `csv::Reader` and adds up the orders itself. Every run
//! must give the oracle's numbers, or, for a row with the wrong number of
//! fields, an error naming the oracle's line.
//!
//! 32 cases by default (well under a minute); `ENGAGE_ORACLE_CASES=5000
//! cargo test --release --test oracle` for a long run.

mod common;

use std::collections::HashSet;

use common::run_with_env;
use proptest::prelude::*;

/// Customer ids (each a distinct customer as engage normalises them),
/// raw or quoted, some with a stray quote inside.
const CUSTOMERS: [&str; 5] = ["a", "b", "27\" c", "d e", "f\"\"g"];

/// One data row: customer, amount in cents, a note, and how it is written.
#[derive(Debug, Clone)]
struct Row {
    customer: usize,
    quote_customer: bool,
    cents: i64,
    quote_amount: bool,
    note: String,
    /// -1: a field short; 1: one too many; 0: right.
    width: i8,
    terminator: &'static str,
    /// Blank lines after the row.
    blank: Vec<&'static str>,
}

/// A note cell as written in the file: anything the csv crate reads.
fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("plain".to_string()),
        Just("Monitor 27\" wide".to_string()),
        Just("x\"\"y".to_string()),
        Just("\"two\nlines\"".to_string()),
        Just("\"two\r\nlines, and a comma\"".to_string()),
        Just("\"cr\ronly\"".to_string()),
        Just("\"say \"\"hi\"\"\"".to_string()),
        Just("\"\"\"\"".to_string()),
        Just("\"closed\"then".to_string()),
        Just("\"closed\"\" then 27\"".to_string()),
        Just("\"\n\n\"".to_string()),
        "[a-z ]{0,6}",
    ]
}

fn terminator() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r")]
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..CUSTOMERS.len(),
        any::<bool>(),
        -5000i64..100_000,
        any::<bool>(),
        note(),
        prop_oneof![30 => Just(0i8), 1 => Just(-1i8), 1 => Just(1i8)],
        terminator(),
        prop::collection::vec(terminator(), 0..2),
    )
        .prop_map(
            |(customer, quote_customer, cents, quote_amount, note, width, terminator, blank)| Row {
                customer,
                quote_customer,
                cents,
                quote_amount,
                note,
                width,
                terminator,
                blank: if blank.len() == 1 && cents % 3 == 0 {
                    blank
                } else {
                    Vec::new()
                },
            },
        )
}

/// A file: BOM or not, header terminator, rows, whether the last row ends
/// with its line end. At most one row of the wrong width (more would make
/// the header search take a ragged row for the header).
#[derive(Debug, Clone)]
struct File {
    bom: bool,
    header_end: &'static str,
    rows: Vec<Row>,
    last_end: bool,
}

fn file() -> impl Strategy<Value = File> {
    (
        any::<bool>(),
        terminator(),
        prop::collection::vec(row(), 1..40),
        any::<bool>(),
    )
        .prop_map(|(bom, header_end, mut rows, last_end)| {
            let mut bad = false;
            for r in &mut rows {
                if r.width != 0 && std::mem::replace(&mut bad, true) {
                    r.width = 0;
                }
            }
            File {
                bom,
                header_end,
                rows,
                last_end,
            }
        })
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        let mut text = String::new();
        if self.bom {
            text.push('\u{feff}');
        }
        text.push_str("order_id,customer_id,amount,note");
        text.push_str(self.header_end);
        for (i, r) in self.rows.iter().enumerate() {
            let customer = CUSTOMERS[r.customer];
            // A customer id starting with a quote must be quoted.
            let customer = match r.quote_customer || customer.starts_with('"') {
                true => quoted(customer),
                false => customer.to_string(),
            };
            let amount = match r.quote_amount {
                true => quoted(&amount(r.cents)),
                false => amount(r.cents),
            };
            let mut fields = vec![(i + 1).to_string(), customer, amount, r.note.clone()];
            match r.width {
                -1 => {
                    fields.pop();
                }
                1 => fields.push("extra".into()),
                _ => {}
            }
            text.push_str(&fields.join(","));
            if i + 1 < self.rows.len() || self.last_end {
                text.push_str(r.terminator);
                for b in &r.blank {
                    text.push_str(b);
                }
            }
        }
        text.into_bytes()
    }
}

/// What engage must say about a file.
#[derive(Debug, PartialEq)]
enum Expected {
    Totals {
        orders: u64,
        customers: u64,
        cents: i64,
    },
    /// A row of the wrong width: its line and field count.
    BadRow { line: u64, fields: usize },
}

/// The line a record starts on: line ends (`\n`, `\r\n`, a bare `\r`)
/// before its first byte, after the blank lines the reader skipped.
fn line_of(bytes: &[u8], from: usize) -> u64 {
    let mut start = from;
    while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
        start += 1;
    }
    let ends = (0..start)
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    ends as u64 + 1
}

/// The oracle: the whole file read with `csv::Reader`, totals added up here.
fn oracle(bytes: &[u8]) -> Expected {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = rdr.byte_records();
    let header = records.next().expect("a header").expect("a record");
    let width = header.len();
    let mut customers = HashSet::new();
    let (mut orders, mut cents) = (0u64, 0i64);
    for record in records {
        let record = record.expect("the csv crate reads any bytes");
        if record.len() != width {
            let from = record.position().expect("a position").byte() as usize;
            return Expected::BadRow {
                line: line_of(bytes, from),
                fields: record.len(),
            };
        }
        let text = |i: usize| String::from_utf8(record[i].to_vec()).expect("UTF-8");
        customers.insert(text(1).trim().to_string());
        let amount = text(2);
        let (int, frac) = amount
            .trim_start_matches('-')
            .split_once('.')
            .expect("x.yy");
        let value = int.parse::<i64>().expect("digits") * 100 + frac.parse::<i64>().expect("yy");
        cents += if amount.starts_with('-') {
            -value
        } else {
            value
        };
        orders += 1;
    }
    Expected::Totals {
        orders,
        customers: customers.len() as u64,
        cents,
    }
}

fn cents_text(cents: i64) -> String {
    amount(cents)
}

fn check(file: &File, chunk: usize) -> Result<(), TestCaseError> {
    let bytes = file.bytes();
    let expected = oracle(&bytes);
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = dir.path().join("orders.csv");
    std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let p = path.to_str().unwrap_or_default();
    let chunk = chunk.to_string();
    let other = (chunk.len() + 2).to_string();
    let paths: [&[(&str, &str)]; 3] = [
        &[("ENGAGE_BATCHED", "never")],
        &[("ENGAGE_BATCHED", "never"), ("ENGAGE_CSV_CHUNK", &chunk)],
        &[("ENGAGE_BATCHED", "always"), ("ENGAGE_CSV_CHUNK", &other)],
    ];
    for env in paths {
        let out = run_with_env(env, &["orders", p, "-f", "csv"]);
        match &expected {
            Expected::Totals {
                orders,
                customers,
                cents,
            } => {
                prop_assert_eq!(out.code, 0, "{:?}: {}", env, out.stderr);
                let line = out.stdout.lines().nth(1).unwrap_or_default().to_string();
                let want = format!("{orders},{customers},{},", cents_text(*cents));
                prop_assert!(line.starts_with(&want), "{:?}: {} not {}", env, line, want);
            }
            Expected::BadRow { line, fields } => {
                prop_assert_eq!(out.code, 1, "{:?}: {}", env, out.stdout);
                let want = format!(
                    "engage: {p}:{line}: this row has {fields} fields but the header has 4; \
                     quote values that contain commas, or fix the row\n"
                );
                prop_assert_eq!(&out.stderr, &want, "{:?}", env);
                prop_assert_eq!(out.stdout, "");
            }
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("ENGAGE_ORACLE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn every_read_path_gives_the_csv_crates_answer(file in file(), chunk in 1usize..=64) {
        check(&file, chunk)?;
    }
}
