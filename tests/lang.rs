//! Output for people in Hebrew, Arabic and Thai (`--lang`, `--digits`):
//! labels, titles, notes and headers in the language; CSV and JSON the
//! same bytes in every language. The expected files in
//! testdata/locale/out/ are worked by hand in testdata/README.md ("Output
//! in Hebrew, Arabic and Thai").

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{on_a_terminal, run, snapshot_report_args, CDNOW_HOLDOUT};

/// stdout of a successful run.
fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// stdout of `engage ARGS --lang LANG -q -f markdown`.
fn markdown_in(lang: &str, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--lang", lang, "-q", "-f", "markdown"]);
    stdout(&all)
}

/// Asserts that `out` holds every one of `parts`.
fn assert_holds(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part}\n{out}");
    }
}

/// Text without the first-strong isolates terminal tables put around
/// right-to-left cells.
fn unisolated(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// The cells of the table line whose first cell is `first`.
fn table_line(text: &str, first: &str) -> Vec<String> {
    let text = unisolated(text);
    let line = text
        .lines()
        .find(|l| l.split('|').nth(1).map(str::trim) == Some(first))
        .unwrap_or_else(|| panic!("no line {first} in\n{text}"));
    line.split('|')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn hand_worked_outputs_in_each_language() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "orders_ar.ar.md",
            &[
                "orders",
                "testdata/locale/orders_ar.csv",
                "--date-order",
                "dmy",
                "--by",
                "month",
                "--lang",
                "ar",
                "--digits",
                "native",
                "-f",
                "markdown",
            ],
        ),
        (
            "orders_th.th.txt",
            &[
                "orders",
                "testdata/locale/orders_th.csv",
                "--calendar",
                "buddhist",
                "--lang",
                "th",
                "--digits",
                "native",
                "-f",
                "table",
            ],
        ),
        (
            "survey_he.he.md",
            &[
                "survey",
                "testdata/locale/survey_he.csv",
                "--date-order",
                "dmy",
                "--lang",
                "he",
                "-q",
                "-f",
                "markdown",
            ],
        ),
    ];
    for (file, args) in cases {
        let path = format!("{}/testdata/locale/out/{file}", env!("CARGO_MANIFEST_DIR"));
        let expected = std::fs::read_to_string(&path).expect("the expected output");
        assert_eq!(stdout(args), expected, "{file}");
    }
}

#[test]
fn hebrew_report_table_has_hebrew_headers_titles_and_notes() {
    let mut args = snapshot_report_args("table");
    args.extend(["--lang", "he"]);
    let out = unisolated(&stdout(&args));
    assert!(out.starts_with(
        "דוח engage: 2024-W12 (2024-03-18 עד 2024-03-24), בהשוואה ל-2024-W11 (2024-03-11 עד \
         2024-03-17)\n"
    ));
    assert_eq!(
        table_line(&out, "מדד"),
        ["מדד", "2024-W12", "2024-W11", "שינוי", "שינוי %"]
    );
    // The values of tests/report.rs (testdata/README.md, report/).
    assert_eq!(
        table_line(&out, "ערך הזמנה ממוצע (AOV)"),
        ["ערך הזמנה ממוצע (AOV)", "48.00", "40.00", "+8.00", "+20.0%"]
    );
    assert_eq!(
        table_line(&out, "שיעור רכישה חוזרת"),
        ["שיעור רכישה חוזרת", "66.7%", "50.0%", "+16.7 נ״א"]
    );
    for title in [
        "\nנתונים עיקריים\n",
        "\nלפי שבוע\n",
        "\nלפי channel, 2024-W12\n",
    ] {
        assert!(out.contains(title), "{title}\n{out}");
    }
    assert!(out.contains(
        "\nNPS +15.0 נקודות מאז 2024-W11: בתוך טווח הטעות, ולכן אינו שינוי מובהק (±84.4)\n"
    ));
    assert!(
        !out.contains("Headline") && !out.contains("Per week"),
        "{out}"
    );
}

#[test]
fn hebrew_report_markdown_has_hebrew_headers() {
    let mut args = snapshot_report_args("markdown");
    args.extend(["--lang", "he"]);
    let out = stdout(&args);
    assert!(
        out.contains("\n## נתונים עיקריים\n\n| מדד | 2024-W12 | 2024-W11 | שינוי | שינוי % |\n")
    );
    assert!(out.contains(
        "\n| תקופה | הזמנות | לקוחות | הכנסות | AOV | רכישה חוזרת | תשובות NPS | NPS | CSAT | מעט \
         תשובות |\n"
    ));
    assert!(out.contains("\n| מדד נאמנות לקוחות (NPS) | 40.0 | 25.0 | +15.0 נקודות |  |\n"));
}

#[test]
fn arabic_native_digits_reach_the_headline_but_not_the_csv_or_json() {
    let mut args = snapshot_report_args("markdown");
    args.extend(["--lang", "ar", "--digits", "native"]);
    let out = stdout(&args);
    // 240.00, 120.00, +120.00, +100.0% and 66.7%, 50.0%, +16.7 pp (a rate has no relative
    // change); each sign after U+061C ARABIC LETTER MARK, as CLDR writes Arabic signs.
    assert!(
        out.contains("\n| الإيرادات | ٢٤٠٫٠٠ | ١٢٠٫٠٠ | \u{61c}+١٢٠٫٠٠ | \u{61c}+١٠٠٫٠٪ |\n"),
        "{out}"
    );
    assert!(out.contains("\n| معدل تكرار الشراء | ٦٦٫٧٪ | ٥٠٫٠٪ | \u{61c}+١٦٫٧ نقطة مئوية |  |\n"));
    // Sentences keep Western digits: JSON carries them too.
    assert!(
        out.contains(
            "\n- NPS +15.0 نقطة منذ 2024-W11: ضمن هامش الخطأ، فليس تغيّرًا ذا دلالة (±84.4)\n"
        ),
        "{out}"
    );
    let english = stdout(&snapshot_report_args("csv"));
    let mut args = snapshot_report_args("csv");
    args.extend(["--lang", "ar", "--digits", "native"]);
    assert_eq!(stdout(&args), english);
    // JSON: the same but for the notes, sentences for people in the language.
    let mut args = snapshot_report_args("json");
    args.extend(["--lang", "ar", "--digits", "native"]);
    assert_eq!(
        json_without_notes(&args),
        json_without_notes(&snapshot_report_args("json"))
    );
}

/// stdout of a JSON run without its `notes`.
fn json_without_notes(args: &[&str]) -> serde_json::Value {
    without_notes(&stdout(args))
}

/// A JSON object without its `notes`.
fn without_notes(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    v.as_object_mut().expect("an object").remove("notes");
    v
}

#[test]
fn hebrew_workbook_has_hebrew_sheet_names_and_headers_over_the_same_numbers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("he.xlsx");
    let mut args = snapshot_report_args("xlsx");
    args.extend(["--lang", "he", "-o", path.to_str().expect("a UTF-8 path")]);
    stdout(&args);
    let mut book: Xlsx<_> = open_workbook(&path).expect("an xlsx workbook");
    assert_eq!(book.sheet_names(), ["נתונים עיקריים", "תקופה", "פלח"]);
    let head = book
        .worksheet_range("נתונים עיקריים")
        .expect("the headline sheet");
    let header: Vec<String> = (0..head.width() as u32)
        .map(|c| {
            head.get_value((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        &header[..6],
        ["חלק", "תקופה", "מתאריך", "עד תאריך", "פלח", "ערך הפלח"]
    );
    let at = |name: &str| {
        let c = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"));
        head.get_value((1, c as u32)).cloned()
    };
    // Numbers stay numbers (a percentage as its fraction).
    assert_eq!(at("הזמנות"), Some(Data::Float(5.0)));
    assert_eq!(at("הזמנות, קודם"), Some(Data::Float(3.0)));
    assert_eq!(at("ערך הזמנה ממוצע (AOV)"), Some(Data::Float(48.0)));
    assert_eq!(at("NPS, שינוי"), Some(Data::Float(15.0)));
    assert_eq!(at("NPS, שינוי מובהק"), Some(Data::Bool(false)));
    match at("שיעור רכישה חוזרת") {
        Some(Data::Float(x)) => assert!((x - 2.0 / 3.0).abs() < 1e-12),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_language_comes_from_engage_toml_unless_the_flag_gives_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = dir.path().join("engage.toml");
    std::fs::write(&config, "[defaults]\nlang = \"th\"\ndigits = \"native\"\n").expect("written");
    let config = config.to_str().expect("a UTF-8 path");
    let base = [
        "orders",
        "testdata/locale/orders_th.csv",
        "--calendar",
        "buddhist",
    ];
    let mut args = base.to_vec();
    args.extend(["--config", config, "-f", "markdown"]);
    let out = stdout(&args);
    assert!(out.contains("\n| รายได้ | ๔,๑๕๐.๒๕ |\n"), "{out}");
    args.extend(["--lang", "en"]);
    let out = stdout(&args);
    assert!(out.contains("\n| Revenue | 4,150.25 |\n"), "{out}");
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let out = run(&["orders", "testdata/orders.csv", "--lang", "fr"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("invalid value 'fr' for '--lang <LANG>'"),
        "{}",
        out.stderr
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = dir.path().join("engage.toml");
    std::fs::write(&config, "[defaults]\nlang = \"fr\"\n").expect("written");
    let out = run(&[
        "orders",
        "testdata/orders.csv",
        "--config",
        config.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("engage.toml:2:8: not a valid engage config"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

/// Columns a terminal gives `s`: one per character, none for combining
/// marks (Thai vowels and tone marks above and below, Arabic short vowels,
/// Hebrew points) and the isolates U+2068/U+2069, one for an Arabic lam
/// followed by an alef (the ligature, as unicode-width and terminals that
/// shape Arabic draw it; README, "Reports in Hebrew, Arabic and Thai").
fn columns(s: &str) -> usize {
    let marks = |c: char| {
        matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
            | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0591}'..='\u{05C7}'
            | '\u{2068}' | '\u{2069}')
    };
    let chars: Vec<char> = s.chars().filter(|&c| !marks(c)).collect();
    let lam_alef = chars
        .windows(2)
        .filter(|w| w[0] == 'ل' && matches!(w[1], 'ا' | 'أ' | 'إ' | 'آ'))
        .count();
    chars.len() - lam_alef
}

/// The tables of `shown` (a terminal of `width` columns), after checking
/// that every line of each is as wide as its border, fits the terminal,
/// and closes every isolate it opens.
fn aligned_tables(shown: &str, width: u16) -> usize {
    let mut tables = 0;
    let mut table_width = None;
    for line in shown.lines() {
        if !line.starts_with(['│', '┌', '├', '└', '╞']) {
            table_width = None;
            continue;
        }
        tables += usize::from(line.starts_with('┌'));
        let w = *table_width.get_or_insert(columns(line));
        assert_eq!(columns(line), w, "at {width}: {line}\n{shown}");
        assert!(w <= usize::from(width), "at {width}: {line}");
        // An isolate never runs past its cell into the next line.
        assert_eq!(
            line.matches('\u{2068}').count(),
            line.matches('\u{2069}').count(),
            "at {width}: {line}"
        );
    }
    tables
}

#[test]
fn terminal_tables_in_each_language_stay_aligned_and_isolate_each_wrapped_line() {
    let args = snapshot_report_args("table");
    for lang in ["he", "ar", "th"] {
        for width in [80, 120] {
            let mut all = args.clone();
            all.extend(["--lang", lang, "--color", "never"]);
            let (code, shown) = on_a_terminal(width, &all);
            assert_eq!(code, Some(0), "{shown}");
            let shown = shown.replace('\r', "");
            assert_eq!(
                aligned_tables(&shown, width),
                4,
                "{lang} at {width}:\n{shown}"
            );
            // A period label is never split (`2024-W` / `12`).
            assert!(shown.contains("2024-W12"), "{lang} at {width}:\n{shown}");
            assert!(!shown.contains("2024-W "), "{lang} at {width}:\n{shown}");
        }
    }
}

/// The snapshot report as HTML in `lang`, written to `dir/report.html`;
/// its text.
fn html_in(dir: &std::path::Path, lang: &str) -> String {
    let path = dir.join("report.html");
    let mut args = snapshot_report_args("html");
    args.extend(["--lang", lang, "-o", path.to_str().expect("a UTF-8 path")]);
    stdout(&args);
    std::fs::read_to_string(&path).expect("the report")
}

#[test]
fn html_in_hebrew_and_arabic_is_right_to_left_with_left_to_right_charts() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (lang, footer) in [("he", "נוצר ב-"), ("ar", "أُنشئ في ")] {
        let html = html_in(dir.path(), lang);
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"rtl\">")),
            "{html}"
        );
        // Mirrored: header cells start at the right, numbers end at the left.
        assert!(html.contains("th{text-align:right}td.n,th.n{text-align:left}"));
        assert!(html.contains("<div class=\"charts\" dir=\"ltr\">"));
        assert!(
            html.contains(&format!("<p class=\"meta\">{footer}")),
            "{html}"
        );
    }
    let html = html_in(dir.path(), "ar");
    for text in [
        "<h2>الرسوم البيانية</h2>",
        "<div class=\"name\">صافي نقاط الترويج <bdi dir=\"ltr\" class=\"nw\">(NPS)</bdi></div>",
        // Latin and Western digits isolated: `2024-W11` would show as
        // `W11-2024` and `+15.0` as `15.0+` in the Arabic around them.
        "▲ <bdi dir=\"ltr\" class=\"nw\">+15.0</bdi> نقطة مقابل <bdi dir=\"ltr\" class=\"nw\">2024-W11</bdi> (ضمن <bdi dir=\"ltr\" class=\"nw\">±84.4</bdi> نقطة، ليس ذا دلالة)",
        "<h1>تقرير <bdi dir=\"ltr\">engage: 2024-W12</bdi> (من <bdi dir=\"ltr\" class=\"nw\">2024-03-18</bdi> إلى <bdi dir=\"ltr\" class=\"nw\">2024-03-24</bdi>)",
        "<td class=\"n\"><bdi dir=\"ltr\" class=\"nw\">+66.7%</bdi></td>",
    ] {
        assert!(html.contains(text), "{text}\n{html}");
    }
    let english = html_in(dir.path(), "en");
    assert!(english.contains("<html lang=\"en\">") && !english.contains("dir="));
    // A date or period code on a left-to-right page is kept on one line
    // too (a narrow screen broke `2024-03-18` after `2024-03-`).
    assert!(
        english.contains(
            "(<span class=\"nw\">2024-03-18</span> to <span class=\"nw\">2024-03-24</span>)"
        ),
        "{english}"
    );
}

#[test]
fn html_in_thai_has_a_font_stack_with_thai_glyphs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let html = html_in(dir.path(), "th");
    assert!(html.contains("<html lang=\"th\">"), "{html}");
    assert!(html
        .contains("body,svg text{font-family:'Noto Sans Thai','Leelawadee UI',Thonburi,Tahoma,"));
    assert!(html.contains("<h2>แผนภูมิ</h2>"), "{html}");
}

/// The Arabic report in headless Chromium (as tests/report.rs renders the
/// English one): the body's computed direction is right to left and the
/// page does not scroll sideways at 400 or 1200 px; the Hebrew and Thai
/// ones too (Thai left to right).
#[test]
fn arabic_html_renders_right_to_left_in_headless_chromium_without_overflow() {
    let Some(browser) = common::browser() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (lang, expected) in [("th", "ltr"), ("he", "rtl"), ("ar", "rtl")] {
        html_in(dir.path(), lang);
        for width in [400, 1200] {
            let (scroll, client, direction) =
                common::laid_out(browser, dir.path(), "report.html", width);
            assert_eq!(client, width);
            assert_eq!(direction, expected, "{lang}");
            assert!(
                scroll <= width,
                "{lang}: the page is {scroll} px wide in a {width} px frame"
            );
        }
    }
    let dom = common::chromium(
        browser,
        dir.path(),
        1200,
        &dir.path().join("report.html"),
        &["--dump-dom"],
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(dom.matches("<svg width=\"520\"").count(), 5, "{dom}");
    assert_eq!(dom.matches("<div class=\"card\"").count(), 7, "{dom}");
}

#[test]
fn the_feedback_spend_sentence_and_titles_are_in_the_language() {
    // testdata/feedback/significant_*.csv (tests/feedback.rs): promoters
    // 100.00 vs detractors 5.00 per respondent, difference 95.00, Welch
    // interval 79.71 to 110.29.
    let out = markdown_in(
        "he",
        &[
            "survey",
            "testdata/feedback/significant_surveys.csv",
            "--orders",
            "testdata/feedback/significant_orders.csv",
        ],
    );
    assert_holds(
        &out,
        &[
            "ממליצים הוציאו 100.00 לעומת 5.00 אצל מלעיזים, למשיב, ב-90 הימים שאחרי המענה \
             (הפרש 95.00, רווח 95%: 79.71 עד 110.29).",
            "\n## שיעור התאמה: תשובות שקושרו ללקוח עם הזמנות\n",
            "\n## NPS ו-CSAT לפי היסטוריית הזמנות במועד המענה\n",
            "\n## אחרי המענה: 90 הימים שאחרי יום התשובה\n",
            "\n| ממליצים - מלעיזים | הכנסה למשיב | 95.00 | 79.71 | 110.29 | כן |\n",
            "\n- הקבוצות נקבעות לפי ההזמנות שנספרו לפני יום התשובה בלבד",
        ],
    );
}

#[test]
fn cohorts_in_hebrew_have_hebrew_titles_headers_and_notes() {
    // testdata/orders.csv by month, by hand: counted first orders in
    // January from C1, C2 and C4 (C3's is refunded), C5's on 2024-02-05
    // (02-01 is cancelled); of January's 3, C4 orders again on 02-06:
    // 1/3 = 33.3%. The data ends on 2024-02-06, inside February.
    let out = markdown_in("he", &["cohorts", "testdata/orders.csv"]);
    assert!(
        out.starts_with("# קוהורטות engage: שימור לפי קוהורט של חודש\n"),
        "{out}"
    );
    assert_holds(
        &out,
        &[
            "\n## k = חודשים מאז החודש של הקוהורט\n",
            "\n| קוהורט | לקוחות | 0 | 1 |\n",
            "\n| 2024-01 | 3 | 100.0% | 33.3% |\n",
            "\n| ממוצע משוקלל | 4 | 100.0% | 33.3% |\n",
            "\n- התקופה האחרונה, 2024-02, נמשכת עד 2024-02-29 אבל הנתונים מסתיימים ב-2024-02-06: \
             ייתכן שערכיה חלקיים.\n",
        ],
    );
}

#[test]
fn other_tables_columns_are_named_in_the_language() {
    let out = markdown_in("ar", &["customers", "testdata/orders.csv", "--summary"]);
    assert!(
        out.starts_with(
            "| الشريحة | العملاء | حصة العملاء | الإيرادات | حصة الإيرادات | متوسط الطلبات | \
             متوسط AOV | وسيط الأيام منذ آخر طلب |\n"
        ),
        "{out}"
    );
    let english = markdown_in("en", &["customers", "testdata/orders.csv", "--summary"]);
    assert!(
        english.starts_with("| segment | Customers | Customers % | Revenue | Revenue % |"),
        "{english}"
    );
}

/// Strings the report gained on main also follow the language: the title of
/// a range compared with the equal-length window before it (7 days:
/// 2024-03-18 to 2024-03-24 against 2024-03-11 to 2024-03-17), and a wide
/// layout's `metric (value)` headers (orders of testdata/orders.csv by
/// month and channel: January app 3, February store 1, tests/orders.rs).
#[test]
fn the_window_title_and_wide_headers_are_in_the_language() {
    let out = markdown_in(
        "he",
        &[
            "report",
            "--orders",
            "testdata/report/orders.csv",
            "--since",
            "2024-03-18",
            "--until",
            "2024-03-24",
            "--compare",
            "previous",
        ],
    );
    assert!(
        out.starts_with(
            "# דוח engage: 2024-03-18/2024-03-24, בהשוואה ל-7 הימים שלפניו, \
             2024-03-11/2024-03-17 (חלון באורך שווה, לא תקופה קלנדרית)\n"
        ),
        "{out}"
    );
    // The note on why change % is blank for rates and scores, in Hebrew.
    assert!(out.contains("שינוי % נשאר ריק לאחוזים ולציונים"), "{out}");
    assert!(!out.contains("Change % is left blank"), "{out}");
    let out = markdown_in(
        "th",
        &[
            "orders",
            "testdata/orders.csv",
            "--by",
            "month",
            "--segment",
            "channel",
            "--layout",
            "wide",
        ],
    );
    assert_holds(
        &out,
        &[
            "\n| คำสั่งซื้อ (app) | 3 | - |\n",
            "\n| คำสั่งซื้อ (store) | - | 1 |\n",
        ],
    );
}

#[test]
fn rfm_segment_names_are_in_the_language_for_people_and_english_for_programs() {
    const FIXTURE: &str = "testdata/customers/orders.csv";
    // bob is in Need Attention (tests/customers.rs): `דורשים תשומת לב` in
    // Hebrew, in the per-customer table and the summary.
    let table = stdout(&["customers", FIXTURE, "--lang", "he", "-q", "-f", "table"]);
    assert_holds(&unisolated(&table), &["דורשים תשומת לב"]);
    assert!(!table.contains("Need Attention"), "{table}");
    let summary = markdown_in("he", &["customers", FIXTURE, "--summary"]);
    assert_eq!(table_line(&summary, "אלופים").len(), 8, "{summary}");
    assert_holds(&summary, &["דורשים תשומת לב", "אחרים"]);
    // CSV and JSON keep the English names: the same bytes as in English.
    for f in ["csv", "json"] {
        for extra in [&[][..], &["--summary"][..]] {
            let mut args = vec!["customers", FIXTURE, "-q", "-f", f];
            args.extend(extra);
            let en = stdout(&args);
            args.extend(["--lang", "he"]);
            assert_eq!(stdout(&args), en);
            assert!(en.contains("Need Attention"), "{en}");
        }
    }
    // A rule table from engage.toml keeps its names as given.
    let named = stdout(&[
        "customers",
        FIXTURE,
        "--config",
        "testdata/customers/rules.toml",
        "--lang",
        "he",
        "-q",
        "-f",
        "markdown",
    ]);
    assert_holds(&named, &["Everyone else", "Recent"]);
}

#[test]
fn the_export_notes_of_orders_are_in_the_language() {
    let retail = "testdata/exports/online_retail.csv";
    let args = ["orders", retail, "--guest-orders", "include"];
    let out = markdown_in("ar", &args);
    assert_holds(
        &out,
        &[
            "مبالغ الطلبات هي مجموع بنودها، Quantity x UnitPrice، كل بند مقرب إلى 0.01 (النصف إلى الزوجي)؛ بند إرجاع واحد (كمية سالبة) يخفض مبلغ طلبه.",
            "استُبعد إلغاء واحد: يبدأ معرّف طلبه بـ\"C\"",
            "طلب ضيف واحد بلا معرّف عميل يُحتسب في الطلبات والإيرادات وAOV",
        ],
    );
    assert!(!out.contains("cancellation"), "{out}");
    // The CSV has no notes and does not change.
    let csv = |lang: &str| {
        let mut all = args.to_vec();
        all.extend(["--lang", lang, "-q", "-f", "csv"]);
        stdout(&all)
    };
    assert_eq!(csv("ar"), csv("en"));
}

/// `engage check` in Hebrew on a terminal (examples/orders.csv: 140 rows
/// read, 124 orders counted, 16 left out by status; tests/presets.rs
/// checks the same numbers in English): its item labels, headers, titles,
/// values and verdict; the message on stderr stays English.
#[test]
fn check_speaks_the_language_on_a_terminal_and_in_markdown() {
    let (code, shown) = on_a_terminal(
        200,
        &[
            "check",
            "examples/orders.csv",
            "--lang",
            "he",
            "--color",
            "never",
        ],
    );
    assert_eq!(code, Some(0), "{shown}");
    let shown = unisolated(&shown.replace('\r', ""));
    let cells = |first: &str| -> Vec<String> {
        let line = shown.lines().find(|l| l.contains(first));
        let line = line.unwrap_or_else(|| panic!("no line {first} in\n{shown}"));
        line.split(['│', '┆'])
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    assert_eq!(cells("שורות שנקראו"), ["שורות שנקראו", "140"], "{shown}");
    assert_eq!(cells("הזמנות שנספרו"), ["הזמנות שנספרו", "124"], "{shown}");
    assert_holds(
        &shown,
        &[
            "בדיקת engage: examples/orders.csv",
            "סיכום",
            "פריט",
            "16 (הוחרגו: refunded, cancelled, canceled, voided, failed)",
            "2025-09-04 עד 2025-11-29",
            "שמיש: engage orders קורא את הקבצים כפי שהם",
            "עמודות (examples/orders.csv)",
            "שם מוכר של מזהה הזמנה",
        ],
    );
    for english in ["Summary", "rows read", "verdict", "usable", "known name"] {
        assert!(!shown.contains(english), "{english}\n{shown}");
    }
    // testdata/invalid.csv: 5 rows with a problem (tests/reader.rs).
    let out = run(&[
        "check",
        "testdata/invalid.csv",
        "--lang",
        "ar",
        "-f",
        "markdown",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_holds(
        &out.stdout,
        &[
            "| الحكم | غير صالح كما هي: في 5 من الصفوف مشكلة؛ أصلحها أو أضف --skip-invalid |",
            "| الحالة | - | غير موجود: كل طلب يُحتسب |",
            "\n| السبب | الصفوف | أولى الأسطر |\n",
            "\n| مبلغ فارغ | 1 | testdata/invalid.csv:3 |\n",
            "\n| تاريخ غير مقروء | 1 | testdata/invalid.csv:4 |\n",
        ],
    );
    assert!(
        out.stderr
            .contains("not usable as they are: 5 rows have a problem"),
        "{}",
        out.stderr
    );
}

/// `engage clv` (the CDNOW summary of tests/clv.rs) and `engage customers`
/// in Arabic and Thai: headers, titles and the rows' labels.
#[test]
fn clv_and_customers_tables_have_headers_in_the_language() {
    let clv = [
        "clv",
        "--summary",
        "testdata/cdnow/summary_week.csv",
        "--time-unit",
        "week",
    ];
    let out = markdown_in("ar", &clv);
    assert_holds(
        &out,
        &[
            "# engage clv: BG/NBD وGamma-Gamma\n",
            "\n| النموذج | المعلمة | التقدير | الخطأ المعياري |\n",
            "\n| BG/NBD | r | 0.2426 | 0.0126 |\n",
            "\n| النموذج | العملاء | لوغاريتم الإمكان | تقارب | التكرارات |\n",
            "\n| BG/NBD | 2,357 | -9,582.43 | نعم | 24 |\n",
            "\n| الأفق (الأسابيع) | 52 |\n",
            "\n| إجمالي CLV (12 شهرًا، 10% سنويًا) | 72,360.63 |\n",
            "مُلائمة Gamma-Gamma على 946 من العملاء المتكررين؛ استُبعد 1411",
        ],
    );
    let mut per_customer = clv.to_vec();
    per_customer.push("--customers");
    let out = markdown_in("th", &per_customer);
    assert_holds(
        &out,
        &[
            "# engage clv: รายลูกค้า\n",
            "\n## ลูกค้า (20 รายแรกจาก 2357)\n",
            "\n| รหัสลูกค้า | ความถี่ | ความใหม่ | อายุลูกค้า (T) | มูลค่าเงิน | โอกาสยังเป็นลูกค้า |",
            "\n- ลูกค้าอีก 2337 ราย เขียนทั้งหมดด้วย -o customers.csv หรือ --format csv\n",
        ],
    );
    let out = markdown_in("th", &["customers", "testdata/customers/orders.csv"]);
    assert_holds(
        &out,
        &[
            "# engage customers: ลูกค้า 4 ราย ณ 2024-02-05\n",
            "\n## ลูกค้า\n",
            "\n| รหัสลูกค้า | คำสั่งซื้อแรก | คำสั่งซื้อล่าสุด | คำสั่งซื้อ | รายได้ |",
        ],
    );
}

/// The machine formats of the commands whose tables for people are in the
/// language: CSV the same bytes, JSON the same keys and values but for the
/// `notes` (sentences for people), in every language (the report's and
/// orders' are tested above).
#[test]
fn machine_formats_of_check_clv_customers_and_cohorts_are_the_same_in_every_language() {
    let commands: [&[&str]; 7] = [
        &["check", "examples/orders.csv"],
        &[
            "check",
            "testdata/locale/survey_he.csv",
            "--date-order",
            "dmy",
        ],
        &["clv", "--summary", "testdata/cdnow/summary_week.csv"],
        &[
            "clv",
            "--summary",
            "testdata/cdnow/summary_week.csv",
            "--customers",
        ],
        &["customers", "testdata/customers/orders.csv"],
        &["customers", "testdata/customers/orders.csv", "--summary"],
        &["cohorts", "testdata/orders.csv"],
    ];
    for args in commands {
        for format in ["csv", "json"] {
            let mut en = args.to_vec();
            en.extend(["-q", "-f", format]);
            let english = run(&en);
            for lang in ["he", "ar", "th"] {
                let mut all = en.clone();
                all.extend(["--lang", lang, "--digits", "native"]);
                let out = run(&all);
                assert_eq!(out.code, english.code, "{all:?}: {}", out.stderr);
                if format == "csv" {
                    assert_eq!(out.stdout, english.stdout, "{all:?}");
                } else {
                    assert_eq!(without_notes(&out.stdout), without_notes(&english.stdout));
                }
            }
        }
    }
}

/// Feedback by customer of testdata/feedback, by RFM segment.
const FEEDBACK_RFM: [&str; 6] = [
    "survey",
    "testdata/feedback/surveys.csv",
    "--orders",
    "testdata/feedback/orders.csv",
    "--by-customer",
    "rfm",
];

/// Feedback by RFM segment (testdata/feedback, worked by expected.py into
/// expected_rfm.json: Loyal Customers, Potential Loyalist and About To
/// Sleep 1 answer each, Others 2) names the default segments in the
/// language for people, as `engage customers` does; CSV and JSON keep the
/// English names (the JSON's notes follow the language).
#[test]
fn feedback_by_rfm_segment_names_the_segments_in_the_language() {
    let args = FEEDBACK_RFM;
    let out = markdown_in("he", &args);
    for (segment, answers) in [
        ("לקוחות נאמנים", "1"),
        ("נאמנים בפוטנציה", "1"),
        ("עומדים להירדם", "1"),
        ("אחרים", "2"),
    ] {
        assert_eq!(table_line(&out, segment)[1], answers, "{segment}\n{out}");
    }
    for english in ["Loyal Customers", "About To Sleep", "Others"] {
        assert!(!out.contains(english), "{english}\n{out}");
    }
    for format in ["csv", "json"] {
        let mut en = args.to_vec();
        en.extend(["-q", "-f", format]);
        let english = stdout(&en);
        assert!(english.contains("Potential Loyalist"), "{english}");
        en.extend(["--lang", "he"]);
        match format {
            "csv" => assert_eq!(stdout(&en), english),
            _ => assert_eq!(json_without_notes(&en), without_notes(&english)),
        }
    }
}

/// Thai ends a sentence without a full stop: the line-item note (built of
/// parts) too; Arabic keeps its full stop.
#[test]
fn thai_notes_end_without_a_full_stop() {
    let args = [
        "orders",
        "testdata/exports/online_retail.csv",
        "--guest-orders",
        "include",
    ];
    let out = markdown_in("th", &args);
    assert!(
        out.contains(
            "\nยอดคำสั่งซื้อคือผลรวมของรายการ Quantity x UnitPrice แต่ละรายการปัดเป็น 0.01 \
             (ครึ่งปัดเป็นเลขคู่); รายการคืนสินค้า 1 รายการ (จำนวนติดลบ) ลดยอดของคำสั่งซื้อนั้น\n"
        ),
        "{out}"
    );
    for line in out.lines() {
        assert!(!line.ends_with('.'), "{line}");
    }
    assert!(markdown_in("ar", &args).contains("يخفض مبلغ طلبه.\n"));
}

/// The string literals of `source` between the line `start` and the next
/// `];`, in order (comments skipped; `\"`, `\\` and line continuations
/// read as Rust reads them).
fn literals(source: &str, start: &str) -> Vec<String> {
    let body = source
        .split_once(start)
        .map(|(_, rest)| rest.split_once("\n];").map_or(rest, |(b, _)| b))
        .unwrap_or_else(|| panic!("no {start}"));
    let code: String = body
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('\n') => {
                        let rest: String = chars.clone().collect();
                        let skipped = rest.len() - rest.trim_start().len();
                        for _ in 0..rest[..skipped].chars().count() {
                            chars.next();
                        }
                    }
                    Some(e) => s.push(e),
                    None => {}
                },
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

/// Every catalogue entry of the English side and of `lang` (`he`, `ar`,
/// `th`), as (English, translation) pairs, from the sources themselves:
/// src/report/lang.rs's messages and src/report/labels.rs's labels (full
/// and short).
fn catalogue_pairs(lang: &str) -> Vec<(String, String)> {
    let messages = include_str!("../src/report/lang.rs");
    let labels = include_str!("../src/report/labels.rs");
    let name = match lang {
        "he" => "HEBREW",
        "ar" => "ARABIC",
        _ => "THAI",
    };
    let pairs = |lits: Vec<String>, n: usize| -> Vec<(String, Vec<String>)> {
        lits.chunks(n)
            .map(|c| (c[0].clone(), c[1..].to_vec()))
            .collect()
    };
    let mut out = Vec::new();
    let tables = [
        (
            messages,
            "const ENGLISH: &[(&str, &str)] = &[",
            format!("const {name}: &[(&str, &str)] = &["),
            2,
        ),
        (
            labels,
            "pub const ENGLISH: &[Words] = &[",
            format!("pub const {name}: &[Words] = &["),
            3,
        ),
        (
            labels,
            "pub const COLUMNS: &[Words] = &[",
            format!("pub const {name}_COLUMNS: &[Words] = &["),
            3,
        ),
    ];
    for (source, english, other, n) in tables {
        let en = pairs(literals(source, english), n);
        let tr = pairs(literals(source, &other), n);
        assert_eq!(en.len(), tr.len(), "{other}");
        for ((k1, e), (k2, t)) in en.into_iter().zip(tr) {
            assert_eq!(k1, k2, "{other}");
            out.extend(e.into_iter().zip(t));
        }
    }
    out
}

/// The Latin words of `text` (letters and `_`), in lower case, at least
/// three letters long, outside `{placeholders}` and `--flags`.
fn latin_words(text: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut word = String::new();
    let mut skip = false;
    let mut prev = ' ';
    for c in text.chars().chain([' ']) {
        if c.is_ascii_alphabetic() || c == '_' {
            if word.is_empty() {
                skip = matches!(prev, '{' | '-' | '@' | '.' | '&' | '/');
            }
            word.push(c.to_ascii_lowercase());
        } else {
            if !skip && word.len() >= 3 {
                out.insert(std::mem::take(&mut word));
            }
            word.clear();
        }
        prev = c;
    }
    out
}

/// The text of an HTML page a person reads: without its style, script and
/// tags (attributes included).
fn html_text(html: &str) -> String {
    let mut page = html.to_string();
    for (open, close) in [("<style", "</style>"), ("<script", "</script>")] {
        let mut kept = String::new();
        let mut rest = page.as_str();
        while let Some((before, after)) = rest.split_once(open) {
            kept.push_str(before);
            rest = after.split_once(close).map_or("", |(_, a)| a);
        }
        kept.push_str(rest);
        page = kept;
    }
    // A `<bdi>` may sit inside a word (`--<bdi dir="ltr">period`); other
    // tags part words.
    let mut out = String::new();
    let mut tag: Option<String> = None;
    for c in page.chars() {
        match (c, &mut tag) {
            ('<', _) => tag = Some(String::new()),
            ('>', Some(t)) => {
                if !t.starts_with("bdi") && !t.starts_with("/bdi") {
                    out.push(' ');
                }
                tag = None;
            }
            (c, Some(t)) => t.push(c),
            (c, None) => out.push(c),
        }
    }
    out
}

/// Words English output may carry in every language: the default order
/// statuses left out (`engage check` lists them as configured).
const NOT_LABELS: &[&str] = &["refunded", "cancelled", "canceled", "voided", "failed"];

/// The sweep behind "every label in that language": every command (and
/// feedback by customer, through `survey --orders`) in Hebrew, Arabic and
/// Thai, as a terminal table, Markdown and HTML, shows no English word of
/// the catalogues (the English side of each message and label whose
/// translation differs, less the Latin words the translations keep:
/// `NPS`, `engage`, `guest_orders`...), apart from words of the input files
/// and arguments (column names, segment values, ids). Thai output also has
/// no line ending in a full stop.
#[test]
fn no_english_label_leaks_into_any_command_in_any_language() {
    let examples = ["examples/orders.csv", "examples/surveys.csv"];
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "orders",
            examples[0],
            "--by",
            "month",
            "--segment",
            "Channel",
        ],
        vec![
            "orders",
            "testdata/exports/online_retail.csv",
            "--guest-orders",
            "include",
        ],
        vec!["survey", examples[1], "--by", "month"],
        vec![
            "report",
            "--orders",
            examples[0],
            "--surveys",
            examples[1],
            "--by",
            "month",
            "--customers",
            "--cohorts",
        ],
        vec!["customers", examples[0]],
        vec!["customers", examples[0], "--summary"],
        vec!["cohorts", examples[0]],
        vec![
            "clv",
            "--summary",
            "testdata/cdnow/summary_week.csv",
            "--time-unit",
            "week",
        ],
        vec![
            "clv",
            "--summary",
            "testdata/cdnow/summary_week.csv",
            "--customers",
        ],
        CDNOW_HOLDOUT.to_vec(),
        vec!["check", examples[0]],
        vec!["check", examples[1]],
        vec!["check", "testdata/exports/online_retail.csv"],
        vec!["survey", examples[1], "--orders", examples[0]],
        FEEDBACK_RFM.to_vec(),
    ];
    let mut found = Vec::new();
    for lang in ["he", "ar", "th"] {
        let pairs = catalogue_pairs(lang);
        let kept: std::collections::BTreeSet<String> =
            pairs.iter().flat_map(|(_, t)| latin_words(t)).collect();
        let english: std::collections::BTreeSet<String> = pairs
            .iter()
            .filter(|(e, t)| e != t)
            .flat_map(|(e, _)| latin_words(e))
            .filter(|w| !kept.contains(w) && !NOT_LABELS.contains(&w.as_str()))
            .collect();
        assert!(
            english.contains("revenue") && english.contains("verdict"),
            "{english:?}"
        );
        for args in &runs {
            // Words of the arguments (file names' too) and of the inputs.
            let mut data = latin_words(&args.join(" ").replace(['/', '.'], " "));
            for file in args.iter().filter(|a| a.ends_with(".csv")) {
                let text = std::fs::read(file).expect("the input");
                data.extend(latin_words(&String::from_utf8_lossy(&text)));
            }
            for format in ["table", "markdown", "html"] {
                let mut all = args.clone();
                all.extend(["--lang", lang, "-q", "-f", format]);
                let out = run(&all);
                assert!(
                    out.code == 0 || args[0] == "check",
                    "{all:?}: {}",
                    out.stderr
                );
                let text = match format {
                    "html" => html_text(&out.stdout),
                    _ => out.stdout.clone(),
                };
                let leaks: Vec<&String> = latin_words(&text)
                    .iter()
                    .filter(|w| english.contains(*w) && !data.contains(*w))
                    .map(|w| english.get(w).expect("a word"))
                    .collect();
                if !leaks.is_empty() {
                    found.push(format!("{}: English {leaks:?}", all.join(" ")));
                }
                if lang == "th" {
                    let stops = text.lines().filter(|l| l.trim_end().ends_with('.'));
                    found.extend(stops.map(|l| format!("{}: full stop: {l}", all.join(" "))));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The first row and the cells of `column` of a workbook's first sheet.
fn workbook(path: &std::path::Path, column: usize) -> (Vec<String>, Vec<Data>) {
    let mut book: Xlsx<_> = open_workbook(path).expect("an xlsx workbook");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("read");
    let header = (0..sheet.width() as u32)
        .map(|c| {
            sheet
                .get_value((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let cells = (1..sheet.height() as u32)
        .map(|r| {
            sheet
                .get_value((r, column as u32))
                .cloned()
                .unwrap_or(Data::Empty)
        })
        .collect();
    (header, cells)
}

/// XLSX for people: the per-customer table's headers in Hebrew over the
/// same typed numbers (testdata/customers: ann, bob, cat, eve with 3, 3, 2
/// and 1 orders, tests/customers.rs), and `engage check`'s summary in
/// Arabic (examples/orders.csv: 140 rows read).
#[test]
fn workbooks_of_customers_and_check_are_in_the_language() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let written = |name: &str, lang: &str, args: &[&str]| {
        let path = dir.path().join(name);
        let mut all = args.to_vec();
        all.extend([
            "--lang",
            lang,
            "-q",
            "-o",
            path.to_str().expect("a UTF-8 path"),
        ]);
        stdout(&all);
        path
    };
    let path = written(
        "customers.xlsx",
        "he",
        &["customers", "testdata/customers/orders.csv"],
    );
    let (header, orders) = workbook(&path, 3);
    assert_eq!(
        &header[..4],
        ["מזהה לקוח", "הזמנה ראשונה", "הזמנה אחרונה", "הזמנות"]
    );
    assert_eq!(header[15], "פלח");
    assert_eq!(orders, [3.0, 3.0, 2.0, 1.0].map(Data::Float));
    let path = written("check.xlsx", "ar", &["check", "examples/orders.csv"]);
    let (header, labels) = workbook(&path, 0);
    assert_eq!(header, ["البند", "القيمة"]);
    assert_eq!(labels[3], Data::String("الصفوف المقروءة".into()));
    let (_, values) = workbook(&path, 1);
    assert_eq!(values[3], Data::Float(140.0));
}

/// `--digits native` reaches the numbers of clv's and check's tables as it
/// does the other commands' (r = 0.2426 and its se 0.0126 on CDNOW, as in
/// English; 140 rows read of examples/orders.csv); their CSV and JSON do
/// not change (tested above).
#[test]
fn native_digits_reach_the_tables_of_clv_and_check() {
    let clv = [
        "clv",
        "--summary",
        "testdata/cdnow/summary_week.csv",
        "--digits",
        "native",
    ];
    let out = markdown_in("ar", &clv);
    assert!(
        out.contains("\n| BG/NBD | r | ٠٫٢٤٢٦ | ٠٫٠١٢٦ |\n"),
        "{out}"
    );
    let check = ["check", "examples/orders.csv", "--digits", "native"];
    let out = markdown_in("th", &check);
    assert!(out.contains("\n| แถวที่อ่าน | ๑๔๐ |\n"), "{out}");
}

/// `engage check` and `clv` on an 80-column terminal in each language,
/// `customers` (16 columns: wider than 80 in English too) on a 200-column
/// one: their tables (long right-to-left reasons and labels wrap) stay
/// aligned within the terminal as the report's do.
#[test]
fn check_clv_and_customers_tables_stay_aligned_on_a_terminal() {
    let runs: [(&[&str], u16, usize); 4] = [
        (&["check", "testdata/exports/online_retail.csv"], 80, 3),
        (&["check", "examples/surveys.csv"], 80, 2),
        (
            &["clv", "--summary", "testdata/cdnow/summary_week.csv"],
            80,
            4,
        ),
        (&["customers", "testdata/customers/orders.csv"], 200, 1),
    ];
    for (args, width, tables) in runs {
        for lang in ["he", "ar", "th"] {
            let mut all = args.to_vec();
            all.extend(["--lang", lang, "--color", "never", "-q"]);
            let (_, shown) = on_a_terminal(width, &all);
            let shown = shown.replace('\r', "");
            assert_eq!(aligned_tables(&shown, width), tables, "{all:?}\n{shown}");
        }
    }
}

/// A `--period` headline the data stops short of (testdata/report's orders
/// end on 2024-03-22, tests/shell.rs): the note in the report is in the
/// language, the warning on stderr (and the error without
/// `--allow-empty`) stays English.
#[test]
fn the_stale_headline_note_is_in_the_language_and_its_warning_english() {
    let args = |as_of| {
        [
            "report",
            "--orders",
            "testdata/report/orders.csv",
            "--period",
            "last-month",
            "--as-of",
            as_of,
            "-f",
            "markdown",
        ]
    };
    let out = run(&[&args("2024-04-01")[..], &["--lang", "he"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_holds(
        &out.stdout,
        &[
            "\n- 2024-03 נמשכת עד 2024-03-31 אבל הנתונים מסתיימים ב-2024-03-22: התקופה חלקית; \
           --as-of 2024-04-01 מציג את 2024-03, או --by month בלי --period את התקופה האחרונה \
           (חודש) שיש בה נתונים\n",
        ],
    );
    assert!(
        out.stderr
            .contains("engage: warning: 2024-03 runs to 2024-03-31 but the data ends"),
        "{}",
        out.stderr
    );
    let empty = [&args("2024-06-15")[..], &["--lang", "ar"]].concat();
    let out = run(&empty);
    assert_eq!(out.code, 1);
    assert!(out
        .stderr
        .contains("engage: the headline period 2024-05 (2024-05-01 to"));
    let out = run(&[&empty[..], &["--allow-empty"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_holds(
        &out.stdout,
        &[
            "لا توجد بيانات في الفترة الرئيسية 2024-05 (2024-05-01 إلى 2024-05-31): تمتد البيانات \
           من 2024-03-04 إلى 2024-03-22؛",
        ],
    );
}
