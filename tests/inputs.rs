//! Inputs that are not plain files, or not what they claim: pipes and
//! devices are read once, endless input stops at the header line, old Mac
//! line ends are counted, and corrupt Parquet is an error, never a panic.

mod common;

use common::run;
use proptest::prelude::*;

/// Runs a shell line with `$ENGAGE` set to the binary, from the crate root.
fn shell(line: &str) -> common::Run {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(line)
        .env("ENGAGE", env!("CARGO_BIN_EXE_engage"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash runs");
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn expected_orders() -> String {
    let out = run(&["orders", "testdata/orders.csv", "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// `<(cmd)` is a pipe that can be read once: it used to be "empty".
#[test]
fn process_substitution_is_read_once() {
    let out = shell("timeout 20 \"$ENGAGE\" orders <(cat testdata/orders.csv) -f csv");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, expected_orders());
}

/// A named pipe is read once (it used to hang, opened three times).
#[test]
fn a_named_pipe_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("orders.csv");
    let line = format!(
        "mkfifo '{p}' && (timeout 20 cat testdata/orders.csv > '{p}' &) && \
         timeout 20 \"$ENGAGE\" orders '{p}' -f csv",
        p = fifo.display()
    );
    let out = shell(&line);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, expected_orders());
}

/// `/dev/zero` as a file, as stdin, or a file of 1 MB without a line end:
/// no header line, an error after reading 1 MB (it used to read until
/// memory or disk ran out).
#[test]
fn endless_input_stops_at_the_header_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.csv");
    std::fs::write(&long, vec![b'a'; (1 << 20) + 10]).unwrap();
    for line in [
        "timeout 20 \"$ENGAGE\" orders /dev/zero".to_string(),
        "timeout 20 \"$ENGAGE\" orders - < /dev/zero".to_string(),
        format!("timeout 20 \"$ENGAGE\" orders '{}'", long.display()),
    ] {
        let out = shell(&line);
        assert_eq!(out.code, 1, "{line}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("no line end in the first 1 MB, so no header row"),
            "{line}: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "", "{line}");
    }
}

/// Line ends of old Mac exports (a bare CR): rows are cut there, and a bad
/// value is named by its line (it used to be `:1` for every row).
/// By hand: 3 orders, 10.00 + 20.00 + 5.50 = 35.50; `abc` is on line 3.
#[test]
fn cr_only_files_are_read_and_their_lines_counted() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mac.csv");
    std::fs::write(
        &good,
        "order_id,customer_id,amount\r1,a,10.00\r2,b,20.00\r3,a,5.50\r",
    )
    .unwrap();
    let bad = dir.path().join("mac_bad.csv");
    std::fs::write(&bad, "order_id,customer_id,amount\r1,a,10.00\r2,b,abc\r").unwrap();
    for chunk in ["1", "5", "64"] {
        let env = [("ENGAGE_CSV_CHUNK", chunk)];
        let out = common::run_with_env(&env, &["orders", good.to_str().unwrap(), "-f", "csv"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.lines().nth(1).unwrap().starts_with("3,2,35.50,"),
            "{}",
            out.stdout
        );
        let out = common::run_with_env(&env, &["orders", bad.to_str().unwrap()]);
        assert_eq!(out.code, 1);
        let at = format!("{}:3: unreadable amount", bad.display());
        assert!(out.stderr.contains(&at), "{}", out.stderr);
    }
}

/// A Parquet file cut short: an error naming the file, not a panic, and
/// not "cannot read as CSV".
#[test]
fn a_truncated_parquet_file_is_not_valid_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.parquet");
    let bytes = std::fs::read("testdata/parquet/orders.parquet").unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let out = run(&["orders", path.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let want = format!("engage: {}: not a valid Parquet file (", path.display());
    assert!(out.stderr.starts_with(&want), "{}", out.stderr);
    assert!(!out.stderr.contains("CSV"), "{}", out.stderr);
}

/// The fixture with byte `at` (a fraction of its length, as proptest's
/// `Index` picks it) xor-ed with `x`.
fn flipped(at: u64, x: u8) -> Vec<u8> {
    let mut bytes = std::fs::read("testdata/parquet/orders.parquet").unwrap();
    let i = ((bytes.len() as u128 * u128::from(at)) >> 64) as usize;
    bytes[i] ^= x;
    bytes
}

/// Fuzz cases that aborted the process. The two saved in
/// inputs.proptest-regressions changed a column chunk's offset in the
/// footer, so that the chunk lies outside the file: polars' scan sliced the
/// mapped file by that range unchecked (the debug build aborted with exit
/// 134, "panic in a function that cannot unwind"; the release build read
/// outside the file). The third (found once those were fixed) made a page
/// header claim -5 values: polars sized a bitmap by it, the allocation of
/// 2^61 bytes failed, and a failed allocation aborts in any build. The
/// footer and the page headers are now checked before the scan.
#[test]
fn a_column_chunk_outside_the_file_is_not_valid_parquet() {
    let dir = tempfile::tempdir().unwrap();
    for (at, x, reason) in [
        (
            12138650797564197640,
            30,
            "column data at bytes 537..2555 of a 2395-byte file",
        ),
        (
            12708612827399064788,
            51,
            "column data at bytes -682..-584 of a 2395-byte file",
        ),
        (
            1971760535644945810,
            31,
            "a page of column 'customer_id' claims -5 values in 11 rows",
        ),
    ] {
        let path = dir.path().join("x.parquet");
        std::fs::write(&path, flipped(at, x)).unwrap();
        let out = run(&[
            "orders",
            path.to_str().unwrap(),
            "--by",
            "week",
            "-f",
            "csv",
        ]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let want = format!(
            "engage: {}: not a valid Parquet file (row group 0: {reason}); export it again\n",
            path.display()
        );
        assert_eq!(out.stderr, want);
        assert_eq!(out.stdout, "");
    }
}

/// 100 cases by default (a few seconds; the saved regression cases in
/// `inputs.proptest-regressions` panicked polars or aborted the process
/// before); more with `ENGAGE_FUZZ_CASES`.
fn corrupt_cases() -> u32 {
    std::env::var("ENGAGE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: corrupt_cases(), ..ProptestConfig::default() })]

    /// The Parquet fixture with a few bytes changed: exit 0 with CSV, or
    /// exit 1 with a message; never a panic (7 of 300 such copies used to
    /// panic inside polars).
    #[test]
    fn corrupt_parquet_never_panics(
        flips in prop::collection::vec(
            (any::<bool>(), any::<prop::sample::Index>(), 1u8..=255),
            1..6,
        )
    ) {
        let mut bytes = std::fs::read("testdata/parquet/orders.parquet").unwrap();
        let n = bytes.len();
        for (footer, at, x) in flips {
            // Half the changes in the footer (the schema and page index,
            // where polars used to panic), half anywhere.
            let i = match footer {
                true => n - 1 - at.index(n.min(600)),
                false => at.index(n),
            };
            bytes[i] ^= x;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.parquet");
        std::fs::write(&path, &bytes).unwrap();
        let out = run(&["orders", path.to_str().unwrap(), "--by", "week", "-f", "csv"]);
        prop_assert!(!out.stderr.contains("panic"), "{}", out.stderr);
        match out.code {
            0 => prop_assert!(out.stdout.starts_with("period,"), "{}", out.stdout),
            1 => {
                // A message naming the file: "not a valid Parquet file" for
                // a broken footer or page, a missing column for a changed
                // column name, "x.parquet row 10: unreadable date" for a
                // changed value.
                let named = format!("engage: {}", path.display());
                prop_assert!(out.stderr.starts_with(&named), "{}", out.stderr);
                prop_assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
                prop_assert_eq!(out.stdout, "");
            }
            code => prop_assert!(false, "exit {code}: {}", out.stderr),
        }
    }
}
