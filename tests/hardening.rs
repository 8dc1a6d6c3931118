//! Hardening (issue 11): what a cron job or a hostile export must not be
//! able to do to engage, each tried on the real binary.

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{on_a_terminal, run};

/// The binary as a std `Command`, for runs that need a child process or a
/// file as standard input.
fn plain_engage() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("engage"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A copy of the orders fixture in a fresh folder.
fn orders_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.csv");
    fs::copy("testdata/orders.csv", &path).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---- 3. -o never overwrites an input ----

#[test]
fn refuses_to_write_the_report_over_its_input() {
    let (_dir, path) = orders_copy();
    let before = fs::read(&path).unwrap();
    let out = run(&["orders", s(&path), "-o", s(&path)]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(out.stderr.contains("is also an input"), "{}", out.stderr);
    assert_eq!(fs::read(&path).unwrap(), before, "the input is untouched");
}

#[test]
fn refuses_an_output_that_is_an_input_through_a_symlink_or_a_pattern() {
    let (dir, path) = orders_copy();
    let before = fs::read(&path).unwrap();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let out = run(&["report", "--orders", s(&path), "-o", s(&link)]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    let pattern = format!("{}/*.csv", dir.path().display());
    let out = run(&["orders", &pattern, "-o", s(&path)]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn refuses_an_output_that_is_standard_input() {
    let (_dir, path) = orders_copy();
    let before = fs::read(&path).unwrap();
    let out = plain_engage()
        .args(["orders", "-", "-o", s(&path)])
        .stdin(fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

// ---- 1. devices and FIFOs are written into, not replaced ----

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(s(path)).unwrap();
    // SAFETY: a valid path string; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn writes_into_a_fifo_instead_of_replacing_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let out = run(&["orders", "testdata/orders.csv", "-f", "csv", "-o", s(&fifo)]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "still a FIFO");
    let read = reader.join().unwrap();
    assert!(read.starts_with("orders,customers,"), "{read}");
    assert_eq!(names_in(dir.path()), ["report.fifo"]);
}

#[test]
fn writes_into_a_character_device_instead_of_replacing_it() {
    // A private copy of /dev/null (1, 3): making one needs root; without
    // it the FIFO test above covers the same path.
    let dir = tempfile::tempdir().unwrap();
    let dev = dir.path().join("null");
    let c = std::ffi::CString::new(s(&dev)).unwrap();
    // SAFETY: a valid path; mknod only creates a device node.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if made != 0 {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let out = run(&["orders", "testdata/orders.csv", "-f", "csv", "-o", s(&dev)]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(fs::symlink_metadata(&dev)
        .unwrap()
        .file_type()
        .is_char_device());
    assert_eq!(names_in(dir.path()), ["null"]);
}

// ---- 4. a replaced report keeps its mode ----

#[test]
fn a_replaced_report_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o600, 0o640, 0o664] {
        let path = dir.path().join(format!("r{mode:o}.csv"));
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        let out = run(&["orders", "testdata/orders.csv", "-o", s(&path)]);
        assert_eq!(out.code, 0, "stderr: {}", out.stderr);
        let m = fs::metadata(&path).unwrap();
        assert_eq!(m.permissions().mode() & 0o777, mode);
        assert!(fs::read_to_string(&path).unwrap().starts_with("orders,"));
    }
}

// ---- 5. a symlink is written through ----

#[test]
fn writes_through_a_symlink_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("reports")).unwrap();
    let real = dir.path().join("reports/w12.csv");
    fs::write(&real, "old\n").unwrap();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink("reports/w12.csv", &link).unwrap();
    let out = run(&["orders", "testdata/orders.csv", "-o", s(&link)]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let is_link = |p: &Path| fs::symlink_metadata(p).unwrap().file_type().is_symlink();
    assert!(is_link(&link));
    assert!(fs::read_to_string(&real).unwrap().starts_with("orders,"));
    // A dangling link: its target is created.
    let dangling = dir.path().join("next.csv");
    std::os::unix::fs::symlink("reports/w13.csv", &dangling).unwrap();
    let out = run(&["orders", "testdata/orders.csv", "-o", s(&dangling)]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(is_link(&dangling));
    assert!(fs::read_to_string(dir.path().join("reports/w13.csv"))
        .unwrap()
        .starts_with("orders,"));
    assert_eq!(
        names_in(&dir.path().join("reports")),
        ["w12.csv", "w13.csv"]
    );
}

// ---- 2. signals remove the temporary report and the stdin spool ----

/// Runs `engage orders - -o DIR/r.csv` with TMPDIR set, feeds part of a
/// file on a stdin that stays open, waits until the spool and the
/// temporary report exist, sends `signal` and returns the exit code.
fn stopped_by(signal: libc::c_int) -> (Option<i32>, Vec<String>, Vec<String>) {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut child = plain_engage()
        .env("TMPDIR", tmp.path())
        .args(["orders", "-", "-o", s(&out.path().join("r.csv"))])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&fs::read("testdata/orders.csv").unwrap())
        .unwrap();
    stdin.flush().unwrap();
    // Wait (not a timing assertion: a deadline for a hung run) until
    // engage has spooled stdin and made the temporary report.
    let deadline = Instant::now() + Duration::from_secs(60);
    fn holds_a_file(dir: &Path) -> bool {
        fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.path().is_file() || holds_a_file(&e.path()))
        })
    }
    let spooled = || holds_a_file(tmp.path());
    while !spooled() || names_in(out.path()).is_empty() {
        assert!(Instant::now() < deadline, "engage never spooled stdin");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: signals the child we started.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    let status = child.wait().unwrap();
    drop(stdin);
    (status.code(), names_in(tmp.path()), names_in(out.path()))
}

#[test]
fn sigterm_removes_the_spool_and_the_temporary_report_and_exits_143() {
    assert_eq!(stopped_by(libc::SIGTERM), (Some(143), vec![], vec![]));
}

#[test]
fn sigint_exits_130_and_sighup_129_leaving_nothing() {
    assert_eq!(stopped_by(libc::SIGINT), (Some(130), vec![], vec![]));
    assert_eq!(stopped_by(libc::SIGHUP), (Some(129), vec![], vec![]));
}

// ---- 17. significance at small samples ----

#[test]
fn two_answers_never_make_a_significant_change() {
    // testdata/hardening/small_sample.csv: W10 has 40 answers (NPS 20 x 9,
    // 20 x 7: NPS 50; CSAT 32 of 40 satisfied), W11 two (10 and 5, twice).
    // Plain Wald called both changes significant (margins 15.5 and 12.4).
    let out = run(&[
        "report",
        "--surveys",
        "testdata/hardening/small_sample.csv",
        "--by",
        "week",
        "--compare",
        "previous",
        "-f",
        "json",
    ]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let h = &j["headline"];
    assert_eq!(h["period"], "2024-W11");
    assert_eq!(h["nps_change_significant"], false);
    assert_eq!(h["csat_change_significant"], false);
    // NPS adjusted Wald: now n' = 5, p' = 0.55, d' = 0.15, v = 0.54/5;
    // prev n' = 43, p' = 20.75/43, d' = 0.75/43, v = (0.5 - (20/43)²)/43.
    // Interval 100 * (0.4 - 20/43) ± 196 * sqrt(0.108 + 0.0065969) =
    // -6.5116 ± 66.3503 = -72.8619 to 59.8386; delta 50, margin 122.8619.
    let margin = |k: &str| h[k].as_f64().unwrap();
    assert!((margin("nps_change_margin") - 122.861_9).abs() < 1e-3);
    // CSAT Newcombe (worked in src/metrics/compare.rs): Wilson 2/2 is
    // 34.2372 to 100, 32/40 65.2424 to 89.5001; low 20 - sqrt(65.7628² +
    // 9.5001²) = -46.4455: margin 66.4455.
    assert!((margin("csat_change_margin") - 66.445_5).abs() < 1e-3);
}

// ---- 18. bounds of csat_low/csat_high, shares beyond 100 ----

#[test]
fn csat_interval_stays_within_0_and_100() {
    // Five answers of 1 and five of 5: the Wilson bounds at 0 and 100 came
    // out as -0.0000000000000028 and 100.00000000000003.
    let rows = common::csv_rows(&[
        "survey",
        "testdata/hardening/csat_bounds.csv",
        "--segment",
        "case",
        "-f",
        "csv",
    ]);
    let (high, low) = (&rows[0], &rows[1]);
    assert_eq!(
        (high["case"].as_str(), high["csat_high"].as_str()),
        ("all_high", "100")
    );
    assert_eq!(
        (low["case"].as_str(), low["csat_low"].as_str()),
        ("all_low", "0")
    );
}

#[test]
fn a_repeat_revenue_share_beyond_100_gets_a_note() {
    // testdata/hardening/refunds.csv: A buys 100 and 50 (repeat, 150), B
    // has a refund row of -80: revenue 70, share 150/70 = 214.3%.
    let out = run(&["orders", "testdata/hardening/refunds.csv", "-f", "table"]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stdout.contains("214.3%"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("repeat_revenue_share is outside 0-100% in 1 row: negative amounts"),
        "{}",
        out.stdout
    );
}

// ---- 13, 14. control characters and HTML in human outputs ----

/// testdata/hardening/control_chars.csv has channel values that clear the
/// screen (`ESC[2J`), set the window title (`ESC]0;...BEL`), break a line,
/// and carry `<script>`, `<b>`, `&` and `|`.
fn hostile_segments(format: &str) -> common::Run {
    run(&[
        "orders",
        "testdata/hardening/control_chars.csv",
        "--segment",
        "channel",
        "-f",
        format,
    ])
}

#[test]
fn terminal_tables_escape_control_characters() {
    let out = hostile_segments("table");
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(!out.stdout.contains(['\u{1b}', '\u{7}']), "{}", out.stdout);
    assert!(out.stdout.contains("\\u{1b}[2Jclear"), "{}", out.stdout);
    assert!(out.stdout.contains("\\u{1b}]0;pwned\\u{7}title"));
    assert!(out.stdout.contains("line\\nbreak"));
}

#[test]
fn markdown_cells_are_one_line_with_html_escaped() {
    let out = hostile_segments("markdown");
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(
        !out.stdout.contains(['\u{1b}', '\u{7}', '<', '>']),
        "{}",
        out.stdout
    );
    let header = out.stdout.lines().next().unwrap();
    // Every cell of the header line, the line break included, on one line;
    // `\` doubled so Markdown shows the escape as written.
    for cell in [
        "\\\\u{1b}[2Jclear",
        "line\\\\nbreak",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;b&gt;bold&lt;/b&gt; &amp; co \\| pipe",
    ] {
        assert!(header.contains(cell), "{cell} in {header}");
    }
    // Every table line has the same number of cells.
    let pipes: Vec<usize> = out
        .stdout
        .lines()
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.replace("\\|", "").matches('|').count())
        .collect();
    assert!(pipes.iter().all(|&n| n == pipes[0]), "{pipes:?}");
}

#[test]
fn error_messages_escape_control_characters_in_header_lists() {
    let out = run(&["orders", "testdata/hardening/control_header.csv"]);
    assert_eq!(out.code, 1);
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    assert!(out
        .stderr
        .contains("found: order_id, cust\\u{1b}[2J, total"));
}

// ---- 8. long values are cut in messages ----

#[test]
fn a_huge_bad_value_gives_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let huge = "9".repeat(1 << 20) + "x";
    fs::write(
        &path,
        format!("order_id,customer_id,amount\n1,a,10.00\n2,b,{huge}\n"),
    )
    .unwrap();
    let out = run(&["orders", s(&path)]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.len() < 500, "{} bytes", out.stderr.len());
    let shown = format!("\"{}... (1048577 bytes)\"", "9".repeat(80));
    assert!(out.stderr.contains(&shown), "{}", out.stderr);
    assert!(out.stderr.contains(":3"), "names the line: {}", out.stderr);
}

#[test]
fn a_huge_header_name_is_cut_in_the_found_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let name = "n".repeat(100_000);
    fs::write(&path, format!("order_id,{name},amount\n1,a,10.00\n")).unwrap();
    let out = run(&["orders", s(&path)]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.len() < 500, "{} bytes", out.stderr.len());
    assert!(out.stderr.contains("... (100000 bytes)"), "{}", out.stderr);
}

// ---- 15. config errors name the file and key, on one line ----

fn with_config(text: &str) -> (tempfile::TempDir, common::Run) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("engage.toml");
    fs::write(&path, text).unwrap();
    let out = run(&["--config", s(&path), "orders", "testdata/orders.csv"]);
    (dir, out)
}

#[test]
fn a_bad_config_value_names_the_file_and_key_not_a_flag() {
    let (dir, out) = with_config("[defaults]\ndelimiter = \"ab\"\n");
    assert_eq!(out.code, 2);
    let file = dir.path().join("engage.toml");
    let expected = format!(
        "{}: delimiter = \"ab\": give one ASCII character",
        file.display()
    );
    assert!(out.stderr.contains(&expected), "{}", out.stderr);
    assert!(!out.stderr.contains("--delimiter"), "{}", out.stderr);
    let (_dir, out) = with_config("[defaults]\nencoding = \"klingon\"\n");
    assert_eq!(out.code, 2);
    assert!(out
        .stderr
        .contains("engage.toml: encoding = \"klingon\": unknown encoding"));
}

#[test]
fn a_toml_syntax_error_is_one_line_with_its_position() {
    let (_dir, out) = with_config("[defaults\ndelimiter = \";\"\n");
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("engage.toml:1:10: not a valid engage config: unclosed table"),
        "{}",
        out.stderr
    );
}

// ---- 7 (config). the config file is read up to a cap ----

#[test]
fn a_config_file_over_1_mb_is_refused() {
    // Two megabytes of TOML comments: valid, and read whole before.
    let (_dir, out) = with_config(&"#".repeat(2 << 20));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("larger than 1 MB"), "{}", out.stderr);
    // An endless one too (read whole, it would never end).
    let out = run(&["--config", "/dev/zero", "orders", "testdata/orders.csv"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--config /dev/zero: larger than 1 MB"));
}

// ---- 16. a terminal of 0 columns does not wrap ----

#[test]
fn a_terminal_reporting_zero_columns_gets_an_unwrapped_table() {
    let (code, shown) = on_a_terminal(0, &["orders", "testdata/orders.csv", "--by", "week"]);
    assert_eq!(code, Some(0), "{shown}");
    // Box lines (a terminal), and every metric label whole on its line.
    assert!(shown.contains('│'), "{shown}");
    for name in [
        "Revenue share of repeat customers",
        "Returning-customer rate",
    ] {
        assert!(shown.contains(name), "{name} unbroken in:\n{shown}");
    }
}

// ---- 12. a huge table is cut on a terminal, whole elsewhere ----

#[test]
fn a_terminal_table_shows_at_most_1000_rows_and_says_how_to_get_all() {
    // 1,500 orders, each with its own channel: 1,500 segment rows.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let mut text = String::from("order_id,customer_id,amount,channel\n");
    for i in 0..1500 {
        text.push_str(&format!("{i},c{i},1.00,ch{i:04}\n"));
    }
    fs::write(&path, text).unwrap();
    let args = ["orders", s(&path), "--segment", "channel"];
    let (code, shown) = on_a_terminal(200, &args);
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("ch0999"));
    assert!(!shown.contains("ch1000"));
    assert!(shown.contains(
        "showing the first 1000 of 1500 rows on this terminal; every row with --format csv or -o FILE"
    ));
    // Not on a terminal: every row.
    let rows = common::csv_rows(&args);
    assert_eq!(rows.len(), 1500, "every segment row");
}

// ---- 11. placeholder dates do not explode a report ----

#[test]
fn refuses_more_than_10000_periods_naming_the_dates_and_their_lines() {
    // testdata/hardening/sentinel_dates.csv: orders on 2024-03-01 (line 2),
    // 0000-01-01 (line 3) and 9999-12-31 (line 4): 120,000 months.
    let out = run(&[
        "report",
        "--orders",
        "testdata/hardening/sentinel_dates.csv",
        "--by",
        "month",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "from 0000-01-01 (testdata/hardening/sentinel_dates.csv:3) to 9999-12-31 \
             (testdata/hardening/sentinel_dates.csv:4): 120000 periods of --by month"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--allow-many-periods"));
}

#[test]
fn many_periods_are_allowed_with_the_flag() {
    // From 9000-01 to 9999-12: 12,000 months, a header and a total row.
    let rows = common::csv_rows(&[
        "report",
        "--orders",
        "testdata/hardening/sentinel_dates.csv",
        "--by",
        "month",
        "--since",
        "9000-01-01",
        "--allow-many-periods",
        "-f",
        "csv",
    ]);
    let periods = rows.iter().filter(|r| r["section"] == "period").count();
    assert_eq!(periods, 12_000);
}
