//! HTML: one self-contained file (inline CSS and SVG, no script, no
//! network), built from the same rounded tables as the terminal and
//! Markdown output, plus charts for a report document. The markup is written
//! with maud's `html!`, which escapes every value spliced into it, so no
//! string from the data or the command line can add markup; [`page`] then
//! writes control characters from the data escaped, as tables do. The only text
//! taken as it is ([`PreEscaped`]) is the CSS below (constants of this
//! crate) and SVG that plotters drew (see [`figures`]). The `"\n"`s keep
//! the page's source readable: one block or table row a line.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::human::{document_grids, grid, sheet_grids, Grid};
use super::lang::{self, Lang};
use super::{chart, Document, Report, Section, Sheet, Value};
use crate::metrics::survey::LOW_SAMPLE;

/// Readable on a laptop and in a mail client: system fonts, tables that
/// scroll sideways on narrow screens, no layout that needs modern CSS.
const STYLE: &str = "body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
color:#111827;max-width:1100px;margin:24px auto;padding:0 16px;line-height:1.4}\
h1{font-size:22px}h2{font-size:17px;margin-top:28px}\
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:14px}\
th,td{padding:4px 10px;border-bottom:1px solid #e5e7eb;white-space:nowrap}\
th{text-align:left;background:#f9fafb}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
.charts svg{max-width:100%;height:auto;margin:0 12px 12px 0;vertical-align:top}\
.notes li{margin:4px 0}.meta{color:#4b5563;font-size:13px}\
body{overflow-wrap:anywhere}.nw{white-space:nowrap}.sub{color:#374151;margin-top:-8px}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin:16px 0}\
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;color:#0072b2}\
.card .name{color:#374151;font-size:13px}.card .value{color:#111827;font-size:28px;font-weight:600;\
font-variant-numeric:tabular-nums}.card .change{font-size:13px;margin:2px 0 4px}\
.better{color:#1a7f37}.worse{color:#cf222e}.noise,.flat{color:#6b7280}\
.spark{display:block;max-width:100%}footer{margin-top:32px;border-top:1px solid #e5e7eb}\
@media print{body{max-width:none;margin:0;font-size:12px}.scroll{overflow:visible}\
h2{break-after:avoid}table,svg,.card{break-inside:avoid}.cards{grid-template-columns:repeat(4,1fr)}\
a{color:inherit;text-decoration:none}}";

/// Right to left (`--lang he|ar`), after `STYLE`: the page flows from the
/// right (`dir="rtl"` on `<html>`) and these rules mirror what `STYLE`
/// puts on one side (header cells start at the right, numbers end at the
/// left, the charts' gaps). The charts themselves stay left to right in
/// their own box (`dir="ltr"`): their axes read as the numbers do.
const RTL_STYLE: &str = "th{text-align:right}td.n,th.n{text-align:left}\
.charts svg{margin:0 0 12px 12px}.card bdi{white-space:nowrap}";

/// Thai (`--lang th`), after `STYLE`: system fonts that have Thai glyphs
/// first (Android/ChromeOS/Linux, Windows, macOS/iOS, older Windows), also
/// for the charts' text (plotters writes `sans-serif`).
const THAI_STYLE: &str = "body,svg text{font-family:'Noto Sans Thai','Leelawadee UI',Thonburi,\
Tahoma,-apple-system,'Segoe UI',Roboto,sans-serif}";

/// The page around `body`, titled `title`.
pub(super) fn page(title: &str, body: Markup) -> Vec<u8> {
    let lang = lang::current();
    let extra = match lang {
        Lang::He | Lang::Ar => RTL_STYLE,
        Lang::Th => THAI_STYLE,
        Lang::En => "",
    };
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(lang.tag()) dir=[lang.rtl().then_some("rtl")] {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                title { (title) } "\n"
                style { (PreEscaped(STYLE)) (PreEscaped(extra)) } "\n"
            }
            "\n"
            body { "\n" (body) }
            "\n"
        }
        "\n"
    }
    .into_string();
    // Values are escaped as markup by maud; control characters from the
    // data (`ESC[2J`, U+202E) as the terminal table writes them.
    crate::text::escape_controls_but(&page, &['\n'])
        .into_owned()
        .into_bytes()
}

/// Text for an element of a right-to-left page (`--lang he|ar`): each
/// stretch of Latin letters, Western digits and the punctuation between
/// them (`2024-W12`, `+16.7%`, `NPS +15.0`, an English segment value) in a
/// `<bdi dir="ltr">`, laid out left to right where it stands; one without
/// spaces (a date, a number, `2024-W12`) is also kept on one line (class
/// `nw`), since a date broken at a hyphen reads backwards across the
/// lines. Without the isolate the Hebrew or Arabic around a stretch
/// reorders it: `2024-W12` shows as `W12-2024`, `+2` as `2+`. Brackets, commas and spaces at a stretch's
/// ends stay outside (they belong to the sentence), as does a hyphen
/// joined to a Hebrew prefix (`ב-2024-W12`). Other pages: see [`ltr`].
pub(super) fn bidi(text: &str) -> Markup {
    if !lang::current().rtl() {
        return ltr(text);
    }
    html! {
        @for (isolated, piece) in stretches(text) {
            @if isolated { bdi dir="ltr" class=[(!piece.contains(' ')).then_some("nw")] { (piece) } } @else { (piece) }
        }
    }
}

/// Text for an element of a left-to-right page: as it is, except that a
/// word that starts with a digit and holds a hyphen (a date, `2024-W12`,
/// `2024-Q1`) is kept on one line (class `nw`): a narrow screen would
/// otherwise break `2024-03-18` after `2024-03-`.
fn ltr(text: &str) -> Markup {
    html! {
        @for word in text.split_inclusive(' ') {
            @let start = word.find(|c: char| c.is_alphanumeric()).unwrap_or(word.len());
            @let end = word.char_indices().rev().find(|p| p.1.is_alphanumeric()).map_or(start, |(e, c)| e + c.len_utf8());
            @let core = &word[start..end];
            @if core.starts_with(|c: char| c.is_ascii_digit()) && core.contains('-') {
                (word[..start]) span.nw { (core) } (word[end..])
            } @else {
                (word)
            }
        }
    }
}

/// The byte offset of the first bracket in `text` without its partner in
/// `text`.
fn unpaired(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => open.push(i),
            ')' | ']' if open.pop().is_none() => return Some(i),
            _ => {}
        }
    }
    open.first().copied()
}

/// `text` cut into pieces, `true` for the stretches `bidi` isolates.
fn stretches(text: &str) -> Vec<(bool, &str)> {
    /// Punctuation at a stretch's ends that belongs to the sentence (its
    /// brackets are paired: an unpaired one has ended it).
    const OUTSIDE: &str = " :;,.\"'-";
    let latin = |c: char| (' '..='~').contains(&c) || c == '±';
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(latin) {
        let end = rest[start..]
            .find(|c: char| !latin(c))
            .map_or(rest.len(), |e| start + e);
        // A bracket whose partner is outside the stretch ends it: `(` of
        // `2024-W12 (2024-03-18 עד ...)` belongs to the sentence.
        let end = start + unpaired(&rest[start..end]).unwrap_or(end - start);
        if end == start {
            let bracket = start + 1;
            pieces.push((false, &rest[..bracket]));
            rest = &rest[bracket..];
            continue;
        }
        let stretch = &rest[start..end];
        // A hyphen right after a letter joins a Hebrew prefix (`ב-`); one
        // after a space starts a flag (`; --period`).
        let glued = stretch.starts_with('-')
            && rest[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
        let lead = |c: char| OUTSIDE.contains(c) && (c != '-' || glued);
        let trimmed = stretch.trim_start_matches(lead);
        let core = trimmed.trim_end_matches(|c: char| OUTSIDE.contains(c));
        if core.chars().any(|c| c.is_ascii_alphanumeric()) {
            let at = end - trimmed.len();
            pieces.push((false, &rest[..at]));
            pieces.push((true, core));
            rest = &rest[at + core.len()..];
        } else {
            pieces.push((false, &rest[..end]));
            rest = &rest[end..];
        }
    }
    pieces.push((false, rest));
    pieces.retain(|p| !p.1.is_empty());
    pieces
}

/// A table of cells for people; numeric columns right-aligned.
pub(super) fn table(g: &Grid) -> Markup {
    let class = |numeric: bool| numeric.then_some("n");
    html! {
        div.scroll {
            table {
                "\n"
                thead { tr { @for (h, &n) in g.header.iter().zip(&g.numeric) { th class=[class(n)] { (bidi(h)) } } } }
                "\n"
                tbody {
                    "\n"
                    @for row in &g.rows {
                        tr { @for (c, &n) in row.iter().zip(&g.numeric) { td class=[class(n)] { (bidi(c)) } } }
                        "\n"
                    }
                }
            }
        }
        "\n"
    }
}

/// A table under its own heading.
fn section(title: &str, g: &Grid) -> Markup {
    html! { h2 { (bidi(title)) } "\n" (table(g)) }
}

/// Notes as a list; nothing when there are none.
pub(super) fn notes(notes: &[String]) -> Markup {
    html! {
        @if !notes.is_empty() {
            ul.notes { "\n" @for n in notes { li { (bidi(n)) } "\n" } }
            "\n"
        }
    }
}

/// SVG charts side by side. The SVG goes in as it is: plotters drew it and
/// escaped every text it wrote into it (axis labels and captions come from
/// the data), and the hover titles `chart` adds are written with maud.
pub fn figures(svgs: &[String]) -> Markup {
    let ltr = lang::current().rtl().then_some("ltr");
    html! {
        div.charts dir=[ltr] { "\n" @for svg in svgs { (PreEscaped(svg)) } }
        "\n"
    }
}

/// A page of a title, figures, tables (under their heading when they have
/// one) and notes: every single-sheet output.
pub(super) fn sheet_page<'a>(
    title: &str,
    figures: Markup,
    tables: impl IntoIterator<Item = (Option<&'a str>, &'a Grid)>,
    notes_: &[String],
) -> Vec<u8> {
    let body = html! {
        h1 { (bidi(title)) } "\n"
        (figures)
        @for (heading, g) in tables {
            @match heading {
                Some(h) => (section(h, g)),
                None => (table(g)),
            }
        }
        (notes(notes_))
    };
    page(title, body)
}

/// The inputs each part of the report read, from the metadata: file names
/// only (a report mailed on must not show the analyst's folders).
fn inputs(meta: &serde_json::Map<String, serde_json::Value>) -> Markup {
    let files = |kind: &str| file_names(meta.get(kind).and_then(|m| m.get("inputs")));
    html! {
        @for kind in ["orders", "surveys"] {
            @if let Some(names) = files(kind) {
                p.meta {
                    (lang::text(if kind == "orders" { "files_orders" } else { "files_surveys" }))
                    ": " (bidi(&names))
                }
                "\n"
            }
        }
    }
}

/// The names of the files of a metadata `inputs` array, without their
/// folders, comma-separated.
pub(super) fn file_names(inputs: Option<&serde_json::Value>) -> Option<String> {
    let files = inputs?.as_array()?;
    let names: Vec<String> = files
        .iter()
        .map(|f| file_name(f.as_str().unwrap_or_default()))
        .collect();
    Some(names.join(", "))
}

/// The last component of a path as given (`/home/ana/shop/orders.csv` ->
/// `orders.csv`; `-` stays `-`), split at `/` and, as Windows writes
/// paths, `\\`.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .find(|p| !p.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// A single-table report (`engage orders` / `engage survey`) as HTML.
pub fn render(report: &Report) -> anyhow::Result<Vec<u8>> {
    let title = format!("engage {}", report.command);
    let appendix: Vec<(&str, Grid)> = report
        .appendix
        .iter()
        .map(|a| {
            let g = Grid {
                header: a.header.clone(),
                rows: a.rows.clone(),
                numeric: (0..a.header.len()).map(|i| i > 0).collect(),
            };
            (a.title.as_str(), g)
        })
        .collect();
    let main = grid(report);
    let tables = std::iter::once((None, &main)).chain(appendix.iter().map(|(t, g)| (Some(*t), g)));
    Ok(sheet_page(&title, html! {}, tables, &report.notes))
}

/// The trend of each charted metric the document has (NPS and CSAT with
/// their 95% margins as a band, low-sample periods hollow), then the NPS
/// answers of the headline period.
fn charts(doc: &Document) -> anyhow::Result<Markup> {
    let mut svgs = Vec::new();
    let mut banded = false;
    if let Some(periods) = doc.table(&Section::Periods) {
        let labels: Vec<String> = periods.rows.iter().map(|r| r.period.clone()).collect();
        let unit = doc
            .meta
            .get("report")
            .and_then(|r| r.get("by"))
            .and_then(|b| b.as_str())
            .map_or(lang::text("unit_period"), lang::unit);
        for (metric, y_title) in [
            ("aov", "axis_money"),
            ("repeat_purchase_rate", "axis_customers"),
            ("nps", "axis_nps"),
            ("csat", "axis_satisfied"),
        ] {
            let y_title = lang::text(y_title);
            if !doc.metrics.contains(&metric) {
                continue;
            }
            let number = |r: &super::DocRow, m: &str| doc.get(r, m).and_then(|v| v.number());
            let band: Vec<Option<(f64, f64)>> = periods
                .rows
                .iter()
                .map(|r| match metric {
                    "nps" => number(r, "nps")
                        .zip(number(r, "nps_margin"))
                        .map(|(v, m)| (v - m, v + m)),
                    "csat" => number(r, "csat_low").zip(number(r, "csat_high")),
                    _ => None,
                })
                .collect();
            let light: Vec<bool> = periods
                .rows
                .iter()
                .map(|r| {
                    matches!(metric, "nps" | "csat")
                        && matches!(doc.get(r, "low_sample"), Some(Value::Flag(true)))
                })
                .collect();
            let series = chart::Series {
                title: super::labels::name(metric),
                x_title: unit,
                y_title,
                labels: &labels,
                values: &periods
                    .rows
                    .iter()
                    .map(|r| number(r, metric))
                    .collect::<Vec<_>>(),
                band: &band,
                light: &light,
            };
            if let Some(svg) = chart::trend_with(&series)? {
                banded |= band.iter().any(Option::is_some);
                svgs.push(svg);
            }
        }
    }
    let headline = doc.table(&Section::Headline).and_then(|t| t.rows.first());
    if let Some(row) = headline {
        let counts = row
            .extra
            .iter()
            .find(|(k, _)| k == "nps_distribution")
            .and_then(|(_, v)| serde_json::from_value::<Vec<u64>>(v.clone()).ok());
        if let Some(counts) = counts.filter(|c| c.iter().any(|&n| n > 0)) {
            let title = lang::fill("nps_answers_in", &[("period", &row.period)]);
            svgs.push(chart::nps_distribution(&title, &counts)?);
        }
    }
    if svgs.is_empty() {
        return Ok(html! {});
    }
    Ok(html! {
        h2 { (lang::text("charts")) } "\n"
        @if banded {
            p.meta { (bidi(&lang::fill("legend", &[("n", &LOW_SAMPLE.to_string())]))) }
            "\n"
        }
        (figures(&svgs))
    })
}

/// A report document as one HTML page: the heading, the KPI cards, the
/// headline, charts, the other tables, notes, and a footer naming the
/// input files and the day the report was made.
pub fn render_document(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let grids = document_grids(doc);
    // The notes explain a dash in any table of the page.
    let notes_for_people =
        super::human::document_notes(doc, &super::human::document_all_grids(doc));
    // The headline (and its NPS answers) first, then the charts.
    let (headline, rest) = grids
        .split_first()
        .map_or((None, &[][..]), |(h, r)| (Some(h), r));
    let heatmaps = doc.cohorts.as_ref().map(|c| c.heatmaps()).transpose()?;
    let feedback_figures = doc
        .feedback
        .as_ref()
        .map(super::feedback::figures)
        .transpose()?;
    let body = html! {
        @match &doc.heading {
            Some(h) => { h1 { (bidi(h)) } "\n" p.sub { (bidi(&doc.title)) } "\n" }
            None => { h1 { (bidi(&doc.title)) } "\n" }
        }
        (super::cards::cards(doc))
        @if let Some((title, g)) = headline { (section(title, g)) }
        (notes(&notes_for_people))
        (charts(doc)?)
        @for (title, g) in rest { (section(title, g)) }
        @if let (Some(c), Some(heatmaps)) = (&doc.cohorts, heatmaps) {
            h2 { (bidi(&c.section_title())) } "\n"
            (heatmaps)
        }
        @if let (Some(f), Some(figures)) = (&doc.feedback, feedback_figures) {
            h2 { (bidi(&f.title)) } "\n"
            (figures)
            @for (title, g) in super::feedback::grids(f) { (section(&title, &g)) }
        }
        footer {
            "\n"
            (inputs(&doc.meta))
            p.meta {
                (bidi(&lang::fill(
                    "generated",
                    &[("day", &doc.generated_on), ("version", env!("CARGO_PKG_VERSION"))],
                )))
            }
            "\n"
        }
        "\n"
    };
    let title = match &doc.heading {
        Some(h) => format!("{h}: {}", doc.title),
        None => doc.title.clone(),
    };
    Ok(page(&title, body))
}

/// A sheet (`engage check`) as one HTML page.
pub fn render_sheet(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    render_sheet_with(sheet, html! {})
}

/// A sheet as one HTML page with `figures` (charts, see [`figures`])
/// under its title.
pub fn render_sheet_with(sheet: &Sheet, figures: Markup) -> anyhow::Result<Vec<u8>> {
    let grids = sheet_grids(sheet);
    let tables = grids.iter().map(|(t, g)| (Some(t.as_str()), g));
    Ok(sheet_page(&sheet.title, figures, tables, &sheet.notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_stretches_in_right_to_left_text_are_cut_out_whole() {
        let isolated = |text| -> Vec<&str> {
            stretches(text)
                .into_iter()
                .filter_map(|(i, p)| i.then_some(p))
                .collect()
        };
        assert_eq!(
            isolated("تقرير engage: 2024-W12 (من 2024-03-18 إلى 2024-03-24)"),
            ["engage: 2024-W12", "2024-03-18", "2024-03-24"]
        );
        assert_eq!(
            isolated("NPS +15.0 نقطة منذ 2024-W11: ضمن هامش الخطأ (±84.4)"),
            ["NPS +15.0", "2024-W11", "(±84.4)"]
        );
        // A negative number keeps its sign; a Hebrew prefix keeps its hyphen.
        assert_eq!(isolated("-5.0 נ״א, ב-2024-W12"), ["-5.0", "2024-W12"]);
        // A flag keeps its hyphens after a sentence's punctuation.
        assert_eq!(
            isolated("שגיאה; --guest-orders include סופר"),
            ["--guest-orders include"]
        );
        assert_eq!(isolated("الطلبات"), Vec::<&str>::new());
        // Brackets: a pair inside a stretch stays; one of the sentence's ends it.
        assert_eq!(
            isolated("דוח engage: 2024-W12 (2024-03-18 עד 2024-03-24), בהשוואה"),
            ["engage: 2024-W12", "2024-03-18", "2024-03-24"]
        );
        assert_eq!(isolated("לפי Bob (VIP)"), ["Bob (VIP)"]);
        let pieces: String = stretches("ב-2024-W12 (x)").iter().map(|p| p.1).collect();
        assert_eq!(pieces, "ב-2024-W12 (x)", "nothing lost or added");
    }

    #[test]
    fn the_footer_names_files_without_their_folders() {
        assert_eq!(file_name("/home/ana/shop/orders.csv"), "orders.csv");
        assert_eq!(file_name("C:\\Users\\ana\\orders.csv"), "orders.csv");
        assert_eq!(file_name("orders.csv"), "orders.csv");
        assert_eq!(file_name("-"), "-");
    }

    #[test]
    fn text_from_the_data_is_escaped() {
        let g = Grid {
            header: vec!["<b>".into(), "n".into()],
            rows: vec![vec![
                "<script>alert('x') & \"y\"</script>".into(),
                "1".into(),
            ]],
            numeric: vec![false, true],
        };
        let out = table(&g).into_string();
        assert!(
            out.contains("<th>&lt;b&gt;</th><th class=\"n\">n</th>"),
            "{out}"
        );
        assert!(
            out.contains("<td>&lt;script&gt;alert('x') &amp; &quot;y&quot;&lt;/script&gt;</td>"),
            "{out}"
        );
        let page = String::from_utf8(page("a</title><p>", html! {})).unwrap_or_default();
        assert!(
            page.contains("<title>a&lt;/title&gt;&lt;p&gt;</title>"),
            "{page}"
        );
    }
}
