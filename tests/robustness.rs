//! Bad input never panics: arbitrary bytes and arbitrary CSV-shaped files
//! run through the real `engage orders` and `engage survey`. Every run
//! must end with exit 0 (and CSV on stdout) or exit 1 with one `engage:`
//! message on stderr; never a panic (exit 101), never a crash.

mod common;

use proptest::prelude::*;

fn check(bytes: &[u8], command: &str, extra: &[&str]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = dir.path().join("input.csv");
    std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut args = vec![command, path.to_str().unwrap_or_default(), "-f", "csv"];
    args.extend_from_slice(extra);
    let out = common::run(&args);
    match out.code {
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
            prop_assert_eq!(out.stdout, "");
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
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn csv_file() -> impl Strategy<Value = Vec<u8>> {
    let header = prop_oneof![
        Just("order_id,customer_id,order_date,amount,status,channel".to_string()),
        Just("Name,Email,Created at,Total,Financial Status,nps,csat".to_string()),
        Just("id,nps,csat,submitted_at,channel".to_string()),
        "[a-z_,]{0,30}",
    ];
    (
        header,
        prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..12),
    )
        .prop_map(|(header, rows)| {
            let mut text = header;
            for row in rows {
                text.push('\n');
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
    }

    #[test]
    fn survey_never_panics_on_csv_shaped_input(file in csv_file()) {
        check(&file, "survey", &["--by", "month", "--skip-invalid"])?;
        check(&file, "survey", &[])?;
    }

    #[test]
    fn neither_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes, "orders", &[])?;
        check(&bytes, "survey", &["--by", "day"])?;
    }
}
