//! The report for people: KPI cards, human labels, margin bands, the footer,
//! `--title`, terminal colour and widths, notes that explain blanks. Run on
//! testdata/report/ (values worked by hand in testdata/README.md,
//! "report/"; the NPS and CSAT intervals below are worked in comments).

mod common;

use std::collections::HashMap;

use common::{run, run_with_env};

const ORDERS: &str = "testdata/report/orders.csv";
const SURVEYS: &str = "testdata/report/surveys.csv";

/// The snapshot report of tests/report.rs, with `extra` arguments.
fn report_args<'a>(format: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = common::snapshot_report_args(format);
    args.extend_from_slice(extra);
    args
}

/// One element of a page: its name, attributes and all the text inside it.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: HashMap<String, String>,
    text: String,
}

impl Element {
    fn class(&self) -> &str {
        self.attrs.get("class").map_or("", String::as_str)
    }
}

/// Every element of an HTML page, in the order they close, read with an
/// XML reader that tolerates HTML's void elements and unclosed tags.
fn elements(html: &str) -> Vec<Element> {
    use quick_xml::events::{BytesStart, Event};
    const VOID: [&str; 4] = ["meta", "br", "img", "hr"];
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = false;
    let open = |e: &BytesStart| Element {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .flatten()
            .map(|a| {
                let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                let value = a
                    .unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_default();
                (key, value)
            })
            .collect(),
        text: String::new(),
    };
    let (mut stack, mut done): (Vec<Element>, Vec<Element>) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("the report is well-formed") {
            Event::Start(e) => {
                let el = open(&e);
                if VOID.contains(&el.name.as_str()) {
                    done.push(el);
                } else {
                    stack.push(el);
                }
            }
            Event::Empty(e) => done.push(open(&e)),
            Event::Text(t) => {
                let t = t.decode().expect("UTF-8").into_owned();
                let t = quick_xml::escape::unescape(&t)
                    .expect("entities")
                    .into_owned();
                stack.iter_mut().for_each(|el| el.text.push_str(&t));
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let t = quick_xml::escape::unescape(&format!("&{name};"))
                    .expect("a known entity")
                    .into_owned();
                stack.iter_mut().for_each(|el| el.text.push_str(&t));
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                while let Some(el) = stack.pop() {
                    let matched = el.name == name;
                    done.push(el);
                    if matched {
                        break;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    done.extend(stack);
    done
}

fn html_report(extra: &[&str]) -> String {
    let out = run(&report_args("html", extra));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn html_opens_with_seven_kpi_cards_with_names_values_and_coloured_changes() {
    let html = html_report(&[]);
    let all = elements(&html);
    let cards: Vec<&Element> = all.iter().filter(|e| e.class() == "card").collect();
    let metrics: Vec<&str> = cards
        .iter()
        .map(|c| c.attrs["data-metric"].as_str())
        .collect();
    assert_eq!(
        metrics,
        [
            "revenue",
            "orders",
            "aov",
            "repeat_purchase_rate",
            "returning_customer_rate",
            "nps",
            "csat"
        ]
    );
    let of_class = |class: &str| -> Vec<&str> {
        all.iter()
            .filter(|e| e.class() == class)
            .map(|e| e.text.as_str())
            .collect()
    };
    assert_eq!(
        of_class("name"),
        [
            "Revenue",
            "Orders",
            "Average order value (AOV)",
            "Repeat-purchase rate",
            "Returning-customer rate",
            "Net Promoter Score (NPS)",
            "Customer satisfaction (CSAT)"
        ]
    );
    // testdata/README.md, report/: W12 has 5 orders of 240.00 from 3
    // customers (2 repeat, 2 returning); NPS 3 promoters, 1 detractor of 5;
    // CSAT 3 of 4 satisfied. W11: 3 orders, 120.00, 1 of 2 repeat.
    let values: Vec<&str> = all
        .iter()
        .filter(|e| e.class() == "value")
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        values,
        ["240.00", "5", "48.00", "66.7%", "66.7%", "40.0", "75.0%"]
    );
    let changes: Vec<(&str, &str)> = all
        .iter()
        .filter(|e| e.class().starts_with("change "))
        .map(|e| (e.class(), e.text.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            ("change better", "▲ +120.00 vs 2024-W11"),
            ("change better", "▲ +2 vs 2024-W11"),
            ("change better", "▲ +8.00 vs 2024-W11"),
            // A percentage changes in percentage points, never in "%".
            ("change better", "▲ +16.7 pp vs 2024-W11"),
            ("change better", "▲ +16.7 pp vs 2024-W11"),
            // Within the change's margin (the significance notes, worked
            // in src/metrics/compare.rs): grey, with the margin.
            (
                "change noise",
                "▲ +15.0 points vs 2024-W11 (within ±84.4 points, not significant)"
            ),
            (
                "change noise",
                "▲ +25.0 pp vs 2024-W11 (within ±57.0 pp, not significant)"
            ),
        ]
    );
    // A sparkline per card over the three weeks, read out in its title as
    // the tables write the values (counts without decimals).
    let sparks: Vec<&Element> = all.iter().filter(|e| e.class() == "spark").collect();
    assert_eq!(sparks.len(), 7);
    assert!(
        html.contains("<title>Orders, last periods: 2024-W10: 2, 2024-W11: 3, 2024-W12: 5</title>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<title>Revenue, last periods: 2024-W10: 150.00, 2024-W11: 120.00, 2024-W12: 240.00</title>"
        ),
        "{html}"
    );
}

#[test]
fn a_worse_change_is_red_and_a_lower_is_better_metric_turns_green_when_it_falls() {
    // W11 against W10 (--as-of 2024-03-18): revenue 150.00 -> 120.00.
    let week_before = |format| {
        let mut args = report_args(format, &[]);
        args[8] = "2024-03-18";
        args
    };
    let out = run(&week_before("html"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = out.stdout;
    assert!(
        html.contains(
            "<div class=\"change worse\">▼ -30.00 vs <span class=\"nw\">2024-W10</span></div>"
        ),
        "{html}"
    );
    // The terminal table colours revenue red, and the fall of the
    // detractors' share green (W10: 2 detractors of 2 answers, 100%; W11:
    // 1 of 4, 25%).
    let mut args = week_before("table");
    args.extend(["--color", "always"]);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = |start: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(&format!("| {start}")))
            .unwrap_or_else(|| panic!("no line {start}: {}", out.stdout))
            .to_string()
    };
    assert!(
        line("Revenue ").contains("\u{1b}[38;5;9m"),
        "{}",
        out.stdout
    );
    assert!(
        line("Detractors share").contains("\u{1b}[38;5;10m"),
        "{}",
        out.stdout
    );
}

#[test]
fn html_labels_every_metric_and_csv_and_json_keep_the_keys() {
    let html = html_report(&[]);
    let all = elements(&html);
    let th: Vec<&str> = all
        .iter()
        .filter(|e| e.name == "th")
        .map(|e| e.text.as_str())
        .collect();
    for label in [
        "Metric",
        "Change",
        "Period",
        "Repeat rate",
        "NPS answers",
        "CSAT",
    ] {
        assert!(th.contains(&label), "{label} not in {th:?}");
    }
    let td: Vec<&str> = all
        .iter()
        .filter(|e| e.name == "td")
        .map(|e| e.text.as_str())
        .collect();
    assert!(td.contains(&"Net Promoter Score (NPS)"));
    assert!(!td.contains(&"nps") && !td.contains(&"repeat_purchase_rate"));
    let csv = run(&report_args("csv", &[]));
    let header = csv.stdout.lines().next().unwrap_or_default();
    assert!(header.contains(",repeat_purchase_rate,"), "{header}");
    assert!(!csv.stdout.contains("Repeat-purchase rate"));
    let json = run(&report_args("json", &[]));
    assert!(json.stdout.contains("\"returning_customer_rate\""));
    assert!(!json.stdout.contains("Returning-customer rate"));
}

#[test]
fn nps_and_csat_charts_shade_their_margins_and_read_out_each_point() {
    let html = html_report(&[]);
    // Two bands: NPS and CSAT (AOV and the repeat rate have none).
    assert_eq!(html.matches("<polygon").count(), 2, "{html}");
    // W12 NPS: n' = 8, p' = 3.75/8, d' = 1.75/8, margin = 196 * sqrt((0.6875
    // - 0.0625) / 8) = 54.78: 40 - 54.78 = -14.8 to 94.8. Fewer than 30
    // answers: drawn hollow and said so.
    assert!(
        html.contains("<title>2024-W12: 40.0 (95% interval -14.8 to 94.8), few answers</title>"),
        "{html}"
    );
    // W12 CSAT 3 of 4: Wilson centre 1.2302/1.9604 = 0.6275, half-width
    // 1.96 * sqrt(0.046875 + 0.060025) / 1.9604 = 0.3269: 30.1 to 95.4.
    assert!(html.contains("<title>2024-W12: 75.0 (95% interval 30.1 to 95.4), few answers</title>"));
    // AOV: a plain value per week (150/2, 120/3, 240/5).
    assert!(html.contains("<title>2024-W10: 75.0</title>"));
    // Axis titles with units, the legend, and styles for printing.
    for text in ["\npoints, -100 to 100\n", "\n% satisfied\n", "\nweek\n"] {
        assert!(html.contains(text), "{text:?}");
    }
    assert!(html.contains("Shaded: the 95% margin of error."));
    assert!(html.contains("@media print{"));
}

#[test]
fn html_footer_names_files_only_with_the_day_and_title_heads_the_page() {
    let root = env!("CARGO_MANIFEST_DIR");
    let orders = format!("{root}/{ORDERS}");
    let surveys = format!("{root}/{SURVEYS}");
    let mut args = report_args("html", &["--title", "Acme & <Sons>"]);
    args[2] = &orders;
    args[4] = &surveys;
    // 1700000000 s after 1970 is 2023-11-14 22:13:20 UTC.
    let out = run_with_env(&[("SOURCE_DATE_EPOCH", "1700000000")], &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = out.stdout;
    assert!(!html.contains(root), "the report shows the folder {root}");
    let all = elements(&html);
    let footer = all.iter().find(|e| e.name == "footer").expect("a footer");
    assert!(
        footer.text.contains("orders: orders.csv"),
        "{}",
        footer.text
    );
    assert!(
        footer.text.contains("surveys: surveys.csv"),
        "{}",
        footer.text
    );
    assert!(
        footer.text.contains("Generated on 2023-11-14"),
        "{}",
        footer.text
    );
    let h1 = all.iter().find(|e| e.name == "h1").expect("a heading");
    assert_eq!(h1.text, "Acme & <Sons>");
    assert!(html.contains("<h1>Acme &amp; &lt;Sons&gt;</h1>"));
    let title = all.iter().find(|e| e.name == "title").expect("a title");
    assert!(title
        .text
        .starts_with("Acme & <Sons>: engage report: 2024-W12"));
    // The terminal and Markdown show the title too.
    let md = run(&report_args("markdown", &["--title", "Acme"]));
    assert!(
        md.stdout.starts_with("# Acme\n\n# engage report: 2024-W12"),
        "{}",
        md.stdout
    );
}

#[test]
fn colour_only_on_request_when_piped() {
    let esc = |args: &[&str], env: &[(&str, &str)]| {
        let out = run_with_env(env, args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout.contains('\u{1b}')
    };
    assert!(!esc(&report_args("table", &[]), &[]), "auto colours a pipe");
    assert!(!esc(&report_args("table", &["--color", "never"]), &[]));
    assert!(esc(&report_args("table", &["--color", "always"]), &[]));
    assert!(esc(
        &report_args("table", &["--color", "always"]),
        &[("NO_COLOR", "1")]
    ));
    // Colour never reaches the machine formats.
    assert!(!esc(&report_args("csv", &["--color", "always"]), &[]));
    let bad = run(&report_args("table", &["--color", "sometimes"]));
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// `engage ARGS` on a pseudo-terminal `cols` wide (util-linux `script`),
/// with `env` set; `None` when `script` is missing.
fn on_terminal(cols: u16, env: &str, args: &[&str]) -> Option<String> {
    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !script.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no util-linux script on this machine");
        return None;
    }
    let command = format!(
        "stty cols {cols} rows 60; {env} exec {} {}",
        env!("CARGO_BIN_EXE_engage"),
        args.join(" ")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).replace('\r', ""))
}

/// Text without its ANSI colour sequences.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn on_a_terminal_changes_are_coloured_unless_no_color() {
    let args = report_args("table", &[]);
    let Some(coloured) = on_terminal(120, "", &args) else {
        return;
    };
    // Orders +2: better, green; NPS +15.0 within its margin: grey.
    assert!(coloured.contains("\u{1b}[38;5;10m"), "{coloured}");
    assert!(coloured.contains("\u{1b}[38;5;8m"), "{coloured}");
    let plain_tty = on_terminal(120, "NO_COLOR=1", &args).unwrap_or_default();
    assert!(!plain_tty.contains('\u{1b}'), "{plain_tty}");
    let never = on_terminal(120, "", &[&args[..], &["--color", "never"]].concat());
    assert!(!never.unwrap_or_default().contains('\u{1b}'));
}

#[test]
fn terminal_tables_never_split_a_number_at_80_or_120_columns() {
    let args = [
        "report",
        "--orders",
        ORDERS,
        "--surveys",
        SURVEYS,
        "--by",
        "week",
        "--since",
        "2024-03-01",
        "--segment",
        "channel",
        "-q",
    ];
    for cols in [80, 120] {
        let Some(out) = on_terminal(cols, "", &args) else {
            return;
        };
        let out = plain(&out);
        let table_lines = out.lines().filter(|l| l.starts_with(['│', '┌', '╞', '└']));
        for line in table_lines {
            assert!(line.chars().count() <= cols.into(), "{cols}: {line}\n{out}");
        }
        // Every week's row keeps its label and numbers on one line.
        for (week, cells) in [
            ("2024-W10", ["150.00", "75.00", "-100.0"]),
            ("2024-W11", ["120.00", "40.00", "25.0"]),
            ("2024-W12", ["240.00", "48.00", "66.7%"]),
        ] {
            let row = out
                .lines()
                .find(|l| l.contains(&format!("│ {week} ")))
                .unwrap_or_else(|| panic!("{cols}: {week} split or missing\n{out}"));
            for c in cells {
                assert!(row.contains(&format!(" {c} ")), "{cols}: {c} in {row}");
            }
        }
    }
}

#[test]
fn a_blank_returning_customer_rate_is_explained_under_the_table() {
    // The first week of testdata/orders.csv has no earlier orders, nor has
    // the whole file.
    let out = run(&[
        "orders",
        "testdata/orders.csv",
        "--by",
        "week",
        "-f",
        "table",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "Returning-customer rate is blank for 2024-W01 and all orders (the total): \
             the data read has no orders before it"
        ),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("A dash (-) marks a value that is undefined"));
    // The report's headline in the first week of the data.
    let out = run(&[
        "report",
        "--orders",
        ORDERS,
        "--since",
        "2024-03-04",
        "--until",
        "2024-03-10",
        "-q",
        "-f",
        "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("| Returning-customer rate | - |"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("Returning-customer rate is blank for 2024-03-04/2024-03-10"));
    // Machine formats carry no notes for people in their rows: CSV leaves
    // the cell empty.
    let csv = run(&["orders", "testdata/orders.csv", "--by", "week", "-f", "csv"]);
    assert!(!csv.stdout.contains("blank"));
}

/// The cells of the headline row labelled `label` in a Markdown report.
fn markdown_row<'a>(md: &'a str, label: &str) -> Vec<&'a str> {
    let line = md
        .lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no row {label} in {md}"));
    line.trim_matches('|').split(" | ").map(str::trim).collect()
}

#[test]
fn percentages_and_scores_change_in_points_with_no_change_percent() {
    // testdata/report/, W12 against W11 (testdata/README.md "report/"):
    // repeat rate 66.7% vs 50.0% is +16.7 pp; NPS 40 vs 25 is +15 points;
    // the NPS margin 54.8 vs 58.4 and CSAT's interval bounds are points
    // too. Counts and money keep their relative change: orders 5 vs 3 is
    // +66.7%, AOV 48 vs 40 is +20%.
    let out = run(&report_args("markdown", &[]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = &out.stdout;
    let rows = [
        ("Repeat-purchase rate", "+16.7 pp", ""),
        ("Net Promoter Score (NPS)", "+15.0 points", ""),
        ("NPS margin of error (±)", "-3.7 points", ""),
        ("CSAT, 95% interval low", "+15.1 pp", ""),
        ("Customer satisfaction (CSAT)", "+25.0 pp", ""),
        ("Orders", "+2", "+66.7%"),
        ("Average order value (AOV)", "+8.00", "+20.0%"),
    ];
    for (label, change, pct) in rows {
        assert_eq!(markdown_row(md, label)[3..], [change, pct], "{label}");
    }
    assert!(
        md.contains("- Change % is left blank for percentages and scores"),
        "{md}"
    );
    // The CSAT significance note speaks of percentage points too.
    assert!(
        md.contains("- CSAT +25.0 pp since 2024-W11: within the margin of error"),
        "{md}"
    );
    assert!(md.contains("- NPS +15.0 points since 2024-W11"), "{md}");
}

#[test]
fn html_and_terminal_headlines_leave_change_percent_out_for_percentages() {
    let html = html_report(&[]);
    let all = elements(&html);
    // Elements come in the order they close: a row's cells, then the row.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = Vec::new();
    for e in &all {
        match e.name.as_str() {
            "td" | "th" => cells.push(e.text.clone()),
            "tr" => rows.push(std::mem::take(&mut cells)),
            _ => {}
        }
    }
    let row = |label: &str| {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| c == label))
            .cloned()
            .unwrap_or_else(|| panic!("no row {label} in {rows:?}"))
    };
    assert_eq!(
        row("Repeat-purchase rate"),
        ["Repeat-purchase rate", "66.7%", "50.0%", "+16.7 pp", ""]
    );
    assert_eq!(row("Orders"), ["Orders", "5", "3", "+2", "+66.7%"]);
    let table = run(&report_args("table", &[]));
    let line = table
        .stdout
        .lines()
        .find(|l| l.starts_with("| Net Promoter Score (NPS)"))
        .unwrap_or_default();
    assert!(line.ends_with("| +15.0 points |          |"), "{line}");
}

#[test]
fn a_range_is_compared_with_the_equal_length_window_before_and_says_so() {
    let out = run(&[
        "report",
        "--orders",
        ORDERS,
        "--since",
        "2024-03-10",
        "--until",
        "2024-03-19",
        "--compare",
        "previous",
        "-q",
        "-f",
        "table",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 10 days, 2024-03-10 to 2024-03-19; the 10 before run from 2024-02-29
    // (a leap day) to 2024-03-09.
    assert!(
        out.stdout.starts_with(
            "engage report: 2024-03-10/2024-03-19, compared with the 10 days before it, \
             2024-02-29/2024-03-09 (an equal-length window, not a calendar period)\n"
        ),
        "{}",
        out.stdout
    );
}

/// Segment and period rows say when their NPS and CSAT rest on few
/// answers: W12's store rows have 2 NPS answers (testdata/report/), under
/// the 30 of a low sample.
#[test]
fn segment_and_period_rows_flag_few_answers() {
    let out = run(&report_args("markdown", &["--by", "week"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = &out.stdout;
    assert!(
        md.contains("| channel | Orders | Customers | Revenue | AOV | Repeat rate | NPS answers | NPS | CSAT | Few answers |"),
        "{md}"
    );
    assert!(
        md.contains("| store | 2 | 1 | 150.00 | 75.00 | 100.0% | 2 | 0.0 | 100.0% | yes |"),
        "{md}"
    );
    assert!(
        md.contains("| 2024-W12 | 5 | 3 | 240.00 | 48.00 | 66.7% | 5 | 40.0 | 75.0% | yes |"),
        "{md}"
    );
}
