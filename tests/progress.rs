//! The progress line of a long read (src/input/progress.rs): on stderr
//! only when it is a terminal and `-q` is not given. The terminal is a
//! pseudo-terminal made by util-linux's `script`; ENGAGE_PROGRESS_AFTER_MS=0
//! shows the line at once instead of after a second, and small chunks make
//! the read take many steps.

mod common;

use std::process::Command;

/// An orders export of 3,000 rows in `dir`.
fn export(dir: &std::path::Path) -> String {
    let mut text = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "O{i},C{},2024-01-{:02},10.00\n",
            i % 70,
            1 + i % 28
        ));
    }
    let path = dir.join("long.csv");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const ENV: [(&str, &str); 2] = [
    ("ENGAGE_PROGRESS_AFTER_MS", "0"),
    ("ENGAGE_CSV_CHUNK", "256"),
];

/// What a terminal shows of `engage ARGS` (stdout and stderr together).
fn on_a_terminal(args: &[&str]) -> String {
    let line = std::iter::once(env!("CARGO_BIN_EXE_engage"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .envs(ENV)
        .output()
        .expect("util-linux `script` runs (Debian: bsdutils)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_terminal_sees_bytes_read_rate_and_time_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = export(dir.path());
    let seen = on_a_terminal(&["orders", &file, "-f", "csv"]);
    // 3,000 rows of 24-26 bytes: about 75 KiB, read 2 KiB at a time.
    assert!(seen.contains("long.csv: "), "{seen}");
    assert!(seen.contains(" KiB read, "), "{seen}");
    assert!(seen.contains(" left"), "{seen}");
    // Cleared at the end (erase line), and the CSV follows intact.
    assert!(seen.contains("\r\x1b[2K"), "{seen}");
    assert!(seen.contains("orders,customers,revenue,"), "{seen}");
}

#[test]
fn quiet_shows_no_progress_even_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = export(dir.path());
    let seen = on_a_terminal(&["orders", &file, "-f", "csv", "-q"]);
    assert!(!seen.contains(" read, "), "{seen}");
    assert!(seen.starts_with("orders,customers,revenue,"), "{seen}");
}

#[test]
fn a_stderr_that_is_not_a_terminal_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = export(dir.path());
    let args = ["orders", file.as_str(), "-f", "csv"];
    let plain = common::run(&args);
    let eager = common::run_with_env(&ENV, &args);
    assert_eq!(eager.code, 0);
    assert_eq!(eager.stderr, "");
    assert_eq!(eager.stdout, plain.stdout);
    // 3,000 orders of 10.00 by 70 customers.
    assert!(
        plain.stdout.contains("\n3000,70,30000.00,10,"),
        "{}",
        plain.stdout
    );
}
