//! Bad input never panics: arbitrary bytes and arbitrary CSV-shaped files
//! (stray quotes, lone CRs, blank lines, quoted line breaks) run through the
//! real `engage orders`, `survey`, `report`, `customers` and `check`, with
//! chunks of a few bytes so that the chunked reader cuts everywhere
//! (`tests/oracle.rs` checks the numbers against the `csv` crate).
//! Every run must end with exit 0 (and CSV on stdout) or exit 1 with an
//! `engage:` message on stderr (`check` then still prints its report);
//! never a panic (exit 101), never a crash.

mod common;

use proptest::prelude::*;

/// Chunk sizes that put cuts everywhere in files of a few hundred bytes.
fn chunk() -> &'static str {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    ["1", "3", "7", "16", "64"][NEXT.fetch_add(1, Ordering::Relaxed) % 5]
}

fn check(bytes: &[u8], command: &str, extra: &[&str]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = dir.path().join("input.csv");
    std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    // `report --orders FILE`, `report --surveys FILE`, or `COMMAND FILE`.
    let mut words = command.split(' ');
    let mut args: Vec<&str> = words.by_ref().collect();
    args.extend([path.to_str().unwrap_or_default(), "-f", "csv"]);
    args.extend_from_slice(extra);
    let out = common::run_with_env(&[("ENGAGE_CSV_CHUNK", chunk())], &args);
    match out.code {
        // A threshold that cannot be checked (no NPS) fails it.
        3 if command.starts_with("report") => prop_assert!(
            out.stderr.contains("--fail-if") && out.stdout.contains(','),
            "exit 3: {:?}",
            out.stderr
        ),
        0 => prop_assert!(
            out.stdout.contains(',') && out.stdout.ends_with('\n'),
            "exit 0 without CSV: {:?}",
            out.stdout
        ),
        1 => {
            prop_assert!(
                out.stderr.starts_with("engage: "),
                "stderr: {:?}",
                out.stderr
            );
            prop_assert!(!out.stderr.contains("panicked"), "stderr: {:?}", out.stderr);
            if !command.starts_with("check") {
                prop_assert_eq!(out.stdout, "");
            }
        }
        code => prop_assert!(false, "exit {code}, stderr: {:?}", out.stderr),
    }
    Ok(())
}

/// A cell: anything from a clean value to punctuation soup.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,6}(\\.[0-9]{1,3})?",
        "[-$€(]{0,2}[0-9,]{1,8}(\\.[0-9]{0,3})?[)]?",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-9]{2})?)?( ?[-+Z][0-9:]{0,5})?",
        "(10|[0-9]) - [a-zA-Z ]{0,12}",
        "[a-zA-Z0-9@._ -]{0,12}",
        "\"[a-z,\\n ]{0,8}\"",
        Just("Monitor 27\" wide".to_string()),
        Just("\"closed\"then".to_string()),
        Just("\"a\rb\"".to_string()),
        Just("a\rb".to_string()),
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn csv_file() -> impl Strategy<Value = Vec<u8>> {
    let header = prop_oneof![
        Just("order_id,customer_id,order_date,amount,status,channel".to_string()),
        Just("Name,Email,Created at,Total,Financial Status,nps,csat".to_string()),
        Just("id,nps,csat,submitted_at,channel".to_string()),
        Just("Respondent ID,Collector ID,Start Date,End Date,recommend,satisfied".to_string()),
        Just("ResponseId,RecordedDate,StartDate,EndDate,Q1,Q2".to_string()),
        Just("id,Created date (UTC),Amount,Amount Refunded,Status,Customer Email".to_string()),
        Just("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID".to_string()),
        Just("order_number,status,order_total,customer_id,billing_email,date".to_string()),
        "[a-z_,]{0,30}",
    ];
    // Line ends: LF, CRLF, a lone CR, or a blank line before the row.
    let end = prop_oneof![
        Just("\n"),
        Just("\r\n"),
        Just("\r"),
        Just("\n\n"),
        Just("\r\n\r\n")
    ];
    (
        header,
        prop::collection::vec((end, prop::collection::vec(cell(), 0..8)), 0..12),
    )
        .prop_map(|(header, rows)| {
            let mut text = header;
            for (end, row) in rows {
                text.push_str(end);
                text.push_str(&row.join(","));
            }
            text.into_bytes()
        })
}

/// 48 cases per property by default (a few seconds);
/// `ENGAGE_FUZZ_CASES=2000 cargo test --test robustness` for a long run.
fn cases() -> u32 {
    std::env::var("ENGAGE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn orders_never_panics_on_csv_shaped_input(file in csv_file()) {
        check(&file, "orders", &["--by", "week", "--segment", "channel", "--skip-invalid"])?;
        check(&file, "orders", &[])?;
        check(&file, "orders", &["--guest-orders", "include", "--by", "day"])?;
    }

    #[test]
    fn survey_never_panics_on_csv_shaped_input(file in csv_file()) {
        check(&file, "survey", &["--by", "month", "--skip-invalid"])?;
        check(&file, "survey", &[])?;
    }

    #[test]
    fn report_never_panics_on_csv_shaped_input(file in csv_file()) {
        check(&file, "report --orders", &["--by", "week", "--compare", "previous", "--skip-invalid"])?;
        check(&file, "report --surveys", &["--fail-if", "nps<-200"])?;
    }

    #[test]
    fn customers_never_panics_on_csv_shaped_input(file in csv_file()) {
        check(&file, "customers", &["--segment", "channel", "--skip-invalid"])?;
        check(&file, "customers", &["--summary", "--as-of", "2020-06-30", "--time-unit", "week"])?;
    }

    #[test]
    fn check_never_panics_on_csv_shaped_input(file in csv_file()) {
        check(&file, "check", &[])?;
        check(&file, "check", &["--kind", "surveys", "--date-order", "mdy"])?;
    }

    #[test]
    fn none_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes, "orders", &[])?;
        check(&bytes, "survey", &["--by", "day"])?;
        check(&bytes, "check", &[])?;
    }
}
