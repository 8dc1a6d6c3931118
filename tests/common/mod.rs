//! Helpers shared by the binary-level tests: run the real `engage` from the
//! crate root, capture one run's status, stdout and stderr.

#![allow(dead_code)]

use std::collections::HashMap;

use assert_cmd::Command;

pub fn engage() -> Command {
    let mut cmd = Command::cargo_bin("engage").expect("the engage binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    run_with_env(&[], args)
}

/// [`run`] with environment variables set.
pub fn run_with_env(env: &[(&str, &str)], args: &[&str]) -> Run {
    let out = engage()
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("engage runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs and parses stdout as JSON, asserting success.
pub fn json_out<T: serde::de::DeserializeOwned>(args: &[&str]) -> T {
    let out = run(args);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("stdout is JSON")
}

/// Runs with `-o OUTPUT` appended (a `.parquet` path), asserting success,
/// and reads the file back.
pub fn parquet_out(args: &[&str], output: &std::path::Path) -> polars::prelude::DataFrame {
    use polars::prelude::SerReader;
    let mut all = args.to_vec();
    all.extend(["-o", output.to_str().expect("a UTF-8 path")]);
    let out = run(&all);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let file = std::fs::File::open(output).expect("the Parquet output");
    polars::prelude::ParquetReader::new(file)
        .finish()
        .expect("a Parquet table")
}

/// Runs and parses stdout as CSV rows keyed by header, asserting success.
pub fn csv_rows(args: &[&str]) -> Vec<HashMap<String, String>> {
    let out = run(args);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = rdr.headers().expect("a CSV header").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("a CSV record");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// `engage clv` on the CDNOW log fitted up to 1997-09-30 and checked
/// against what happened up to 1998-06-30 (39 weeks, tests/clv.rs).
pub const CDNOW_HOLDOUT: [&str; 8] = [
    "clv",
    "testdata/cdnow/transactions.csv",
    "--as-of",
    "1997-09-30",
    "--holdout-until",
    "1998-06-30",
    "--time-unit",
    "week",
];

/// The report of tests/report.rs's snapshots, on testdata/report/: 2024-W12
/// against 2024-W11, per week from 2024-W10, by channel, in `format`.
pub fn snapshot_report_args(format: &str) -> Vec<&str> {
    vec![
        "report",
        "--orders",
        "testdata/report/orders.csv",
        "--surveys",
        "testdata/report/surveys.csv",
        "--period",
        "last-week",
        "--as-of",
        "2024-03-25",
        "--compare",
        "previous",
        "--segment",
        "channel",
        "-q",
        "-f",
        format,
    ]
}

/// Runs engage with its standard output on a pseudo-terminal of `columns`
/// columns; its exit code and what the terminal showed.
pub fn on_a_terminal(columns: u16, args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    use std::process::Stdio;
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 0,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: out-pointers to locals and a terminal size.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "a pseudo-terminal");
    // SAFETY: both descriptors were just opened and are owned here.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("engage"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(args)
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The parent's copy of the slave went with the `Command`: reading the
    // master ends (EIO) once the child has exited. Read while it runs, so
    // that a full terminal buffer cannot block it.
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let _ = (&master).read_to_end(&mut shown);
        String::from_utf8_lossy(&shown).into_owned()
    });
    let status = child.wait().unwrap();
    (status.code(), reader.join().unwrap())
}

/// The headless Chromium the browser tests use; `None` (the test skips)
/// when none is installed, unless `ENGAGE_BROWSER_TEST=require` (set by
/// .ci/run), which makes a missing browser a failure.
pub fn browser() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        assert_ne!(
            std::env::var("ENGAGE_BROWSER_TEST").as_deref(),
            Ok("require"),
            "Chromium is required but not installed"
        );
        eprintln!("skipped: no Chromium on this machine");
    }
    found
}

/// `browser` run headless on the file `url` in a window `width` px wide,
/// with `extra` flags (`--dump-dom`, `--screenshot=FILE`); its profile in
/// `dir`.
pub fn chromium(
    browser: &str,
    dir: &std::path::Path,
    width: u32,
    url: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    let profile = dir.join("profile");
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--window-size={width},2400"))
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", url.display()))
        .output()
        .expect("chromium runs")
}

/// How the page `name` (a file in `dir`) lays out in a frame `width` px
/// wide: its content's width (`scrollWidth`), the frame's (`clientWidth`)
/// and the computed `direction` of its body. A probe page holds the frame
/// and records them (headless Chromium keeps its own window at least 500
/// px wide, a frame can be narrower); the page itself has no script.
pub fn laid_out(
    browser: &str,
    dir: &std::path::Path,
    name: &str,
    width: u32,
) -> (u32, u32, String) {
    let probe = dir.join(format!("probe-{width}.html"));
    let page = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"{name}\" \
         style=\"width:{width}px;height:900px;border:0\" onload=\"var d = \
         this.contentDocument; document.body.setAttribute('data-width', \
         d.documentElement.scrollWidth + ',' + d.documentElement.clientWidth + ',' + \
         getComputedStyle(d.body).direction)\"></iframe></body></html>"
    );
    std::fs::write(&probe, page).expect("the probe page is written");
    let out = chromium(browser, dir, 1300, &probe, &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&out.stdout);
    let recorded = dom
        .split("data-width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("the probe did not run: {dom}"));
    let mut parts = recorded.split(',');
    let mut number = || -> u32 {
        parts
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the probe recorded {recorded}"))
    };
    let (scroll, client) = (number(), number());
    (scroll, client, parts.next().unwrap_or_default().to_string())
}
