//! Terminal tables and Markdown: the same grid of rounded cells, drawn two
//! ways. A report with up to `MAX_ROWS_AS_COLUMNS` rows is drawn with one
//! line per metric and one column per row (`metric | value` for a single
//! row); a longer one with one line per row, the total last.
//!
//! Rounding for people: money and ratios to 2 decimals, percentages to 1,
//! counts and money with thousands separators; `-` for an undefined value.

use comfy_table::{
    presets, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::labels::{self, Better};
use super::lang::{self, text};
use super::{Document, Report, Section, Sheet, Value};
use unicode_width::UnicodeWidthStr;

use crate::text::{escape_controls, isolate_lines, isolate_rtl};

/// How an absent key (a blank segment value) is shown.
fn blank_key() -> String {
    text("blank").into()
}

/// `1234567` -> `1,234,567`.
fn thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", digits),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

/// `x` rounded to `decimals` places, half away from zero, with thousands
/// separators. Rounds the shortest decimal text of `x` (`16.255`), not its
/// binary value (16.25499...), so a value that is exactly on a half in
/// decimal rounds the way a person rounds it.
fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{}", x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(frac.bytes().chain(std::iter::repeat(b'0')).take(decimals))
        .collect();
    if frac.as_bytes().get(decimals).is_some_and(|&d| d >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let int = String::from_utf8_lossy(&digits[..split]).into_owned();
    let frac = String::from_utf8_lossy(&digits[split..]).into_owned();
    let negative = x < 0.0 && digits.iter().any(|&d| d != b'0');
    let sign = if negative { "-" } else { "" };
    match decimals {
        0 => format!("{sign}{}", thousands(&int)),
        _ => format!("{sign}{}.{frac}", thousands(&int)),
    }
}

/// `x` to `places` decimals with thousands separators, in the run's
/// digits: for numbers that need more than money's two (model estimates).
pub fn decimals(x: f64, places: usize) -> String {
    lang::digits(fixed(x, places))
}

/// `x` to at most `places` decimals, trailing zeros dropped (`52`, `6.5`,
/// `0.23`), with thousands separators, in the run's digits: lengths of
/// time, whole more often than not.
pub fn trimmed(x: f64, places: usize) -> String {
    let text = fixed(x, places);
    let text = match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.'),
        false => &text,
    };
    lang::digits(text.to_string())
}

/// A value rounded for reading, in the run's digits (`--digits`).
pub fn cell(v: &Value) -> String {
    lang::digits(plain(v))
}

/// A value rounded for reading, in Western digits (for messages, and for
/// notes, which JSON carries too).
pub fn plain(v: &Value) -> String {
    match v {
        Value::Count(n) => thousands(&n.to_string()),
        Value::Cents(c) => {
            let exact = super::csv::cents(*c);
            let (int, frac) = exact.split_once('.').unwrap_or((&exact, "00"));
            format!("{}.{frac}", thousands(int))
        }
        Value::Money(x) | Value::Ratio(x) => x.map_or("-".into(), |x| fixed(x, 2)),
        Value::Percent(x) => x.map_or("-".into(), |x| format!("{}%", fixed(x, 1))),
        Value::Points(x) => x.map_or("-".into(), |x| fixed(x, 1)),
        Value::Flag(b) => text(if *b { "yes" } else { "no" }).into(),
        Value::Int(n) => thousands(&n.to_string()),
        Value::Null => "-".into(),
    }
}

/// A change rounded for reading, with its sign: `+12`, `-3.5`, `+2.1%`; in
/// the run's digits.
pub fn signed_cell(v: &Value) -> String {
    lang::digits(signed_plain(v))
}

/// `signed_cell` in Western digits (for sentences: notes are also JSON's).
pub fn signed_plain(v: &Value) -> String {
    let text = plain(v);
    if v.number().is_some_and(|x| x > 0.0) && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        text
    }
}

/// The grid both layouts draw: a header and rows of text, plus which
/// columns hold numbers (right-aligned).
pub(super) struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<bool>,
}

/// Reports with at most this many rows (the total included) are drawn with
/// one column per row and one line per metric, which fits a terminal;
/// longer ones (weeks of a year) with one line per row.
const MAX_ROWS_AS_COLUMNS: usize = 7;

pub(super) fn grid(report: &Report) -> Grid {
    let mut columns: Vec<(String, &[Value])> = report
        .rows
        .iter()
        .map(|r| {
            let keys: Vec<String> = r
                .keys
                .iter()
                .map(|k| k.clone().unwrap_or_else(blank_key))
                .collect();
            (keys.join(" / "), r.values.as_slice())
        })
        .collect();
    if let Some(total) = &report.total {
        columns.push((text("total").into(), total.values.as_slice()));
    }
    if report.key_names.is_empty() {
        for c in &mut columns {
            c.0 = text("value").into();
        }
    }
    if columns.len() <= MAX_ROWS_AS_COLUMNS {
        return Grid {
            header: std::iter::once(text("metric").to_string())
                .chain(columns.iter().map(|c| c.0.clone()))
                .collect(),
            rows: report
                .metric_names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    std::iter::once(heading(name, labels::name))
                        .chain(
                            columns
                                .iter()
                                .map(|c| c.1.get(i).map(cell).unwrap_or_default()),
                        )
                        .collect()
                })
                .collect(),
            numeric: std::iter::once(false)
                .chain(columns.iter().map(|_| true))
                .collect(),
        };
    }
    let header: Vec<String> = report
        .key_names
        .iter()
        .map(|k| labels::column(k))
        .chain(
            report
                .metric_names
                .iter()
                .map(|s| heading(s, labels::short)),
        )
        .collect();
    let keyed = |keys: Vec<String>, values: &[Value]| -> Vec<String> {
        keys.into_iter().chain(values.iter().map(cell)).collect()
    };
    let mut rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|r| {
            let keys = r
                .keys
                .iter()
                .map(|k| k.clone().unwrap_or_else(blank_key))
                .collect();
            keyed(keys, &r.values)
        })
        .collect();
    if let Some(total) = &report.total {
        let mut keys = vec![String::new(); report.key_names.len()];
        if let Some(first) = keys.first_mut() {
            *first = text("total").into();
        }
        rows.push(keyed(keys, &total.values));
    }
    let numeric = (0..header.len())
        .map(|i| i >= report.key_names.len())
        .collect();
    Grid {
        header,
        rows,
        numeric,
    }
}

/// A grid drawn as a terminal table; `unicode` draws box lines, else plain
/// ASCII. Cells wrap to the terminal's width only when it reports one
/// (some CI pseudo-terminals report 0 columns: no wrapping there).
/// Control characters in cells are escaped; right-to-left cells are
/// isolated (see `text::isolate_rtl`). Widths are display widths
/// (comfy-table's, and `unicode-width`'s for the least widths here: Thai
/// vowel and tone marks take no column).
pub(super) fn draw(g: &Grid, unicode: bool) -> String {
    let width = if unicode {
        Table::new().width().filter(|&w| w > 0)
    } else {
        None
    };
    draw_with(g, unicode, width, &|_, _| None)
}

/// Body cells never wrap below this width: a number or a period label is
/// never split across lines (`2,636.` / `21`); only headers (at spaces) and
/// long text cells wrap.
const MAX_UNSPLIT: usize = 24;

/// A grid drawn at `width` columns (`None`: no wrapping), each body cell
/// coloured by `tone(row, column)`.
pub(super) fn draw_with(
    g: &Grid,
    unicode: bool,
    width: Option<u16>,
    tone: &dyn Fn(usize, usize) -> Option<Color>,
) -> String {
    let mut t = Table::new();
    t.load_preset(if unicode {
        presets::UTF8_FULL_CONDENSED
    } else {
        presets::ASCII_FULL_CONDENSED
    });
    match width {
        Some(w) => {
            t.set_width(w);
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let shown = |c: &String| isolate_rtl(escape_controls(c)).into_owned();
    t.set_header(g.header.iter().map(shown));
    let mut coloured = false;
    for (r, row) in g.rows.iter().enumerate() {
        t.add_row(row.iter().enumerate().map(|(c, text)| {
            let cell = Cell::new(shown(text));
            match tone(r, c) {
                Some(colour) => {
                    coloured = true;
                    cell.fg(colour)
                }
                None => cell,
            }
        }));
    }
    if coloured {
        t.enforce_styling();
    }
    // The least width of each column: its longest body cell (text cells
    // capped), and its longest header word too when the table still fits
    // that way (else headers wrap mid-word, numbers never).
    let width_of = |c: &String| escape_controls(c).width();
    let body: Vec<usize> = g
        .numeric
        .iter()
        .enumerate()
        .map(|(i, &numeric)| {
            let longest = g.rows.iter().filter_map(|r| r.get(i)).map(width_of);
            let longest = longest.max().unwrap_or(0);
            if numeric {
                longest
            } else {
                longest.min(MAX_UNSPLIT)
            }
        })
        .collect();
    let words: Vec<usize> = body
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let head = g.header.get(i).map_or("", String::as_str);
            b.max(head.split(' ').map(str::width).max().unwrap_or(0))
        })
        .collect();
    // Each column adds its padding and a border.
    let total = |least: &[usize]| least.iter().map(|w| w + 3).sum::<usize>() + 1;
    let mut least = match width {
        Some(w) if total(&words) <= usize::from(w) => words,
        _ => body,
    };
    // Text columns that still do not fit give way, widest first, down to
    // their longest word (a period label stays whole): several long text
    // columns (`engage check`'s reasons in Hebrew) would else draw a table
    // wider than the terminal.
    let floor: Vec<usize> = (0..least.len())
        .map(|i| {
            let words = g.rows.iter().filter_map(|r| r.get(i));
            let longest = words.flat_map(|c| c.split(' ').map(str::width)).max();
            longest.unwrap_or(0).min(MAX_UNSPLIT)
        })
        .collect();
    while width.is_some_and(|w| total(&least) > usize::from(w)) {
        let shrinkable = (0..least.len()).filter(|&i| !g.numeric[i] && least[i] > floor[i]);
        match shrinkable.max_by_key(|&i| least[i]) {
            Some(i) => least[i] -= 1,
            None => break,
        }
    }
    for (i, &numeric) in g.numeric.iter().enumerate() {
        if let Some(column) = t.column_mut(i) {
            if numeric {
                column.set_cell_alignment(CellAlignment::Right);
            }
            if width.is_some() {
                // comfy-table's fixed widths include the cell padding.
                let least = u16::try_from(least[i])
                    .unwrap_or(u16::MAX)
                    .saturating_add(column.padding_width());
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(least)));
            }
        }
    }
    let drawn = format!("{t}\n");
    match width {
        // Cells may have wrapped: isolate each line's piece of a cell.
        Some(_) if unicode => isolate_lines(&drawn, &['│', '┆']),
        _ => drawn,
    }
}

/// Text for Markdown: control characters escaped (a line break would end
/// a table row), then `\` and `|` escaped, and `<`, `>`, `&` written as
/// entities so that no value becomes HTML (`<script>`) where it is shown.
/// Quotes stay as they are (unlike in HTML): Markdown shows them.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_controls(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// A grid drawn as a GitHub-flavoured Markdown table.
pub(super) fn draw_markdown(g: &Grid) -> String {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| md_escape(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(&g.header);
    let rule: Vec<&str> = g
        .numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &g.rows {
        out.push_str(&line(row));
    }
    out
}

/// The titled grids under a report's main one: its appendix tables.
fn appendix_grids(report: &Report) -> Vec<(String, Grid)> {
    report
        .appendix
        .iter()
        .map(|a| {
            let numeric = (0..a.header.len()).map(|i| i > 0).collect();
            let g = Grid {
                header: a.header.clone(),
                rows: a.rows.clone(),
                numeric,
            };
            (a.title.clone(), g)
        })
        .collect()
}

/// A terminal table; `unicode` draws box lines, else plain ASCII.
pub fn table(report: &Report, unicode: bool) -> String {
    let g = grid(report);
    let mut out = draw(&g, unicode);
    for (title, g) in appendix_grids(report) {
        let title = escape_controls(&title);
        out.push_str(&format!("\n{title}\n{}", draw(&g, unicode)));
    }
    for note in report_notes(report, &g) {
        out.push_str(&format!("{}\n", escape_controls(&note)));
    }
    out
}

/// A GitHub-flavoured Markdown table; cells escaped by `md_escape`.
pub fn markdown(report: &Report) -> String {
    let g = grid(report);
    let mut out = draw_markdown(&g);
    for (title, g) in appendix_grids(report) {
        out.push_str(&format!(
            "\n**{}**\n\n{}",
            md_escape(&title),
            draw_markdown(&g)
        ));
    }
    let notes = report_notes(report, &g);
    if !notes.is_empty() {
        out.push('\n');
        for note in &notes {
            out.push_str(&format!("{}\n", md_escape(note)));
        }
    }
    out
}

/// The metrics the per-period and per-segment tables show to people, when
/// the data has them; CSV, JSON and HTML carry every metric. `low_sample`
/// flags a row whose NPS or CSAT rests on few answers (a store's NPS of
/// 80 from 5 answers).
pub const KEY_METRICS: &[&str] = &[
    "orders",
    "customers",
    "revenue",
    "aov",
    "repeat_purchase_rate",
    "nps_responses",
    "nps",
    "csat",
    "low_sample",
];

/// A metric column's heading from the label table (`label`: full or
/// short), also for a wide layout's `metric:value` column: `Orders (web)`.
fn heading(name: &str, label: fn(&str) -> &str) -> String {
    match super::layout::split(name) {
        Some((metric, value)) => format!("{} ({value})", label(metric)),
        None => label(name).to_string(),
    }
}

/// The headline: one line per metric; with a comparison, the previous
/// value, the change and, where it means something (see
/// [`labels::Unit::has_relative_change`]), the relative change beside it.
fn headline_grid(doc: &Document, row: &super::DocRow) -> Grid {
    let mut header = vec![text("headline_metric").to_string(), row.period.clone()];
    if let Some(prev) = &doc.previous {
        header.extend([
            prev.clone(),
            text("change").into(),
            text("change_pct").into(),
        ]);
    }
    let get = |name: &str| doc.get(row, name);
    let rows = doc
        .metrics
        .iter()
        .map(|m| {
            let mut cells = vec![
                labels::name(m).to_string(),
                get(m).map(cell).unwrap_or_default(),
            ];
            if doc.previous.is_some() {
                let prev = get(&format!("prev_{m}")).map(cell);
                let delta = get(&format!("delta_{m}")).map(|d| super::cards::change_text(m, d));
                let change = get(&format!("change_pct_{m}"))
                    .filter(|_| relative_change(m))
                    .map(signed_cell);
                cells.extend([prev, delta, change].map(Option::unwrap_or_default));
            }
            cells
        })
        .collect();
    let numeric = (0..header.len()).map(|i| i > 0).collect();
    Grid {
        header,
        rows,
        numeric,
    }
}

/// Whether the change of `metric` is shown relative too (`Change %`).
fn relative_change(metric: &str) -> bool {
    labels::metric(metric).is_none_or(|m| m.unit.has_relative_change())
}

/// Whether a change of a metric is good or bad news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Moved the way the metric should.
    Better,
    Worse,
    /// An NPS or CSAT change within its margin of error.
    Noise,
    /// No change, no direction, or no value.
    Flat,
}

/// The tone of the change of `metric` in `row` (a comparison column set).
pub fn tone(doc: &Document, row: &super::DocRow, metric: &str) -> Tone {
    let Some(delta) = doc
        .get(row, &format!("delta_{metric}"))
        .and_then(Value::number)
    else {
        return Tone::Flat;
    };
    let better = labels::metric(metric).map_or(Better::Neither, |m| m.better);
    let significant = doc.get(row, &format!("{metric}_change_significant"));
    if matches!(significant, Some(Value::Flag(false))) {
        return Tone::Noise;
    }
    match better {
        _ if delta == 0.0 => Tone::Flat,
        Better::Neither => Tone::Flat,
        Better::Higher if delta > 0.0 => Tone::Better,
        Better::Lower if delta < 0.0 => Tone::Better,
        _ => Tone::Worse,
    }
}

/// The terminal colour of a tone.
fn colour(t: Tone) -> Option<Color> {
    match t {
        Tone::Better => Some(Color::Green),
        Tone::Worse => Some(Color::Red),
        Tone::Noise => Some(Color::DarkGrey),
        Tone::Flat => None,
    }
}

/// Notes that explain the blank (`-`) cells people see: why the
/// returning-customer rate of a period is blank, and that `-` is no value,
/// not zero.
fn blank_notes<'a>(
    rows: impl Iterator<Item = (&'a str, Option<&'a Value>, Option<&'a Value>)>,
    dashes: bool,
) -> Vec<String> {
    let (mut first, mut empty) = (Vec::new(), Vec::new());
    for (label, customers, rate) in rows {
        if !matches!(rate, Some(Value::Percent(None))) {
            continue;
        }
        match customers {
            Some(Value::Count(0)) => empty.push(label),
            _ => first.push(label),
        }
    }
    let name = labels::name("returning_customer_rate");
    let mut notes = Vec::new();
    for (key, periods) in [("blank_first", &first), ("blank_empty", &empty)] {
        if !periods.is_empty() {
            let periods = and_list(periods);
            notes.push(lang::fill(key, &[("name", name), ("periods", &periods)]));
        }
    }
    if dashes {
        notes.push(text("dash").into());
    }
    notes
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{}{}{last}", rest.join(", "), text("and")),
    }
}

/// Whether a grid shows an undefined value.
fn has_dash(grids: &[(String, Grid)]) -> bool {
    grids
        .iter()
        .any(|(_, g)| g.rows.iter().flatten().any(|c| c == "-"))
}

/// A document's notes for people: its own, then the blank notes.
pub(super) fn document_notes(doc: &Document, grids: &[(String, Grid)]) -> Vec<String> {
    let rows = doc.tables.iter().flat_map(|t| {
        let shown = t.section == Section::Headline;
        t.rows.iter().filter(move |_| shown).map(|r| {
            (
                r.period.as_str(),
                doc.get(r, "customers"),
                doc.get(r, "returning_customer_rate"),
            )
        })
    });
    let mut notes = doc.notes.clone();
    notes.extend(blank_notes(rows, has_dash(grids)));
    if doc.previous.is_some() && doc.metrics.iter().any(|m| !relative_change(m)) {
        notes.push(text("change_pct_blank").into());
    }
    notes
}

/// A report's notes for people: its own, then the blank notes.
fn report_notes(report: &Report, g: &Grid) -> Vec<String> {
    let at = |name: &str| report.metric_names.iter().position(|m| m == name);
    let (c, r) = (at("customers"), at("returning_customer_rate"));
    let labels: Vec<String> = report
        .rows
        .iter()
        .map(|row| {
            let keys: Vec<&str> = row.keys.iter().flatten().map(String::as_str).collect();
            keys.join(" / ")
        })
        .collect();
    let rows = report
        .rows
        .iter()
        .zip(&labels)
        .map(|(row, label)| {
            let get = |i: Option<usize>| i.and_then(|i| row.values.get(i));
            (label.as_str(), get(c), get(r))
        })
        .chain(report.total.iter().map(|t| {
            let get = |i: Option<usize>| i.and_then(|i| t.values.get(i));
            (text("all_orders_total"), get(c), get(r))
        }));
    let rows: Vec<_> = rows
        .map(|(l, c, r)| (if l.is_empty() { text("all_orders") } else { l }, c, r))
        .collect();
    let mut notes = report.notes.clone();
    let dashes = g.rows.iter().flatten().any(|c| c == "-");
    notes.extend(blank_notes(rows.into_iter(), dashes));
    notes
}

/// A per-period or per-segment table: one line per row, the key metrics.
fn rows_grid(doc: &Document, key: &str, rows: &[super::DocRow], segment: bool) -> Grid {
    let metrics: Vec<&str> = KEY_METRICS
        .iter()
        .copied()
        .filter(|m| doc.metrics.contains(m))
        .collect();
    let header = std::iter::once(key.to_string())
        .chain(metrics.iter().map(|m| labels::short(m).to_string()))
        .collect();
    let rows = rows
        .iter()
        .map(|r| {
            let key = if segment {
                r.segment.clone().unwrap_or_else(blank_key)
            } else {
                r.period.clone()
            };
            std::iter::once(key)
                .chain(
                    metrics
                        .iter()
                        .map(|m| doc.get(r, m).map(cell).unwrap_or_default()),
                )
                .collect()
        })
        .collect();
    let numeric = (0..=metrics.len()).map(|i| i > 0).collect();
    Grid {
        header,
        rows,
        numeric,
    }
}

/// The NPS answers of the headline period, when it has any.
fn distribution_grid(row: &super::DocRow) -> Option<Grid> {
    let (_, dist) = row.extra.iter().find(|(k, _)| k == "nps_distribution")?;
    let counts: Vec<u64> = serde_json::from_value(dist.clone()).ok()?;
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let rows = counts
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            vec![
                lang::digits(k.to_string()),
                cell(&Value::Count(c)),
                cell(&Value::Percent(Some(100.0 * c as f64 / n as f64))),
            ]
        })
        .collect();
    Some(Grid {
        header: ["answer", "responses", "share"]
            .map(|k| text(k).into())
            .into(),
        rows,
        numeric: vec![false, true, true],
    })
}

/// Every table of a document for people, titled, in order.
pub(super) fn document_grids(doc: &Document) -> Vec<(String, Grid)> {
    let mut out = Vec::new();
    for t in &doc.tables {
        match &t.section {
            Section::Headline => {
                if let Some(row) = t.rows.first() {
                    out.push((t.title.clone(), headline_grid(doc, row)));
                    if let Some(g) = distribution_grid(row) {
                        let title = lang::fill("nps_answers_in", &[("period", &row.period)]);
                        out.push((title, g));
                    }
                }
            }
            Section::Periods => out.push((
                t.title.clone(),
                rows_grid(doc, text("period"), &t.rows, false),
            )),
            Section::Segment(name) => {
                out.push((t.title.clone(), rows_grid(doc, name, &t.rows, true)))
            }
        }
    }
    if let Some((title, report)) = &doc.customers {
        out.push((title.clone(), grid(report)));
    }
    out
}

/// A sheet's tables as grids, headers in the run's language (its keys
/// in English); the columns the table marks numeric are right-aligned.
pub(super) fn sheet_grids(sheet: &Sheet) -> Vec<(String, Grid)> {
    sheet
        .tables
        .iter()
        .map(|t| {
            let numeric = (0..t.header.len())
                .map(|i| t.numeric.get(i).copied().unwrap_or(false))
                .collect();
            let g = Grid {
                header: t.header.iter().map(|h| labels::column(h)).collect(),
                rows: t.rows.clone(),
                numeric,
            };
            (t.title.clone(), g)
        })
        .collect()
}

/// A title, titled tables and notes, for a terminal.
pub(super) fn titled_tables(
    title: &str,
    grids: Vec<(String, Grid)>,
    notes: &[String],
    unicode: bool,
) -> String {
    let mut out = format!("{}\n", escape_controls(title));
    for (title, g) in grids {
        let title = escape_controls(&title);
        out.push_str(&format!("\n{title}\n{}", draw(&g, unicode)));
    }
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            out.push_str(&format!("{}\n", escape_controls(note)));
        }
    }
    out
}

/// A title, titled tables and notes, in Markdown.
pub(super) fn titled_markdown(title: &str, grids: Vec<(String, Grid)>, notes: &[String]) -> String {
    let mut out = format!("# {}\n", md_escape(title));
    for (title, g) in grids {
        out.push_str(&format!(
            "\n## {}\n\n{}",
            md_escape(&title),
            draw_markdown(&g)
        ));
    }
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            out.push_str(&format!("- {}\n", md_escape(note)));
        }
    }
    out
}

pub fn sheet_table(sheet: &Sheet, unicode: bool) -> String {
    titled_tables(&sheet.title, sheet_grids(sheet), &sheet.notes, unicode)
}

pub fn sheet_markdown(sheet: &Sheet) -> String {
    titled_markdown(&sheet.title, sheet_grids(sheet), &sheet.notes)
}

/// A document's grids, then its cohort triangles and its feedback tables.
pub(super) fn document_all_grids(doc: &Document) -> Vec<(String, Grid)> {
    let mut grids = document_grids(doc);
    if let Some(c) = &doc.cohorts {
        grids.extend(c.section_triangles());
    }
    if let Some(f) = &doc.feedback {
        grids.extend(super::feedback::grids(f));
    }
    grids
}

/// A document for a terminal; `color` colours the headline's changes by
/// whether they are good news (green), bad (red) or noise (grey).
pub fn document_table(doc: &Document, unicode: bool, color: bool) -> String {
    let grids = document_all_grids(doc);
    let notes = document_notes(doc, &grids);
    let width = if unicode {
        Table::new().width().filter(|&w| w > 0)
    } else {
        None
    };
    let headline = doc.table(&Section::Headline).and_then(|t| t.rows.first());
    let mut out = String::new();
    if let Some(h) = &doc.heading {
        out.push_str(&format!("{}\n", escape_controls(h)));
    }
    out.push_str(&format!("{}\n", escape_controls(&doc.title)));
    for (i, (title, g)) in grids.iter().enumerate() {
        // Column 3 of the headline is the change.
        let tone = |r: usize, c: usize| -> Option<Color> {
            let row = headline.filter(|_| color && i == 0 && c == 3)?;
            colour(tone(doc, row, doc.metrics.get(r)?))
        };
        let title = escape_controls(title);
        out.push_str(&format!(
            "\n{title}\n{}",
            draw_with(g, unicode, width, &tone)
        ));
    }
    if !notes.is_empty() {
        out.push('\n');
        for note in &notes {
            out.push_str(&format!("{}\n", escape_controls(note)));
        }
    }
    out
}

pub fn document_markdown(doc: &Document) -> String {
    let grids = document_all_grids(doc);
    let notes = document_notes(doc, &grids);
    let heading = doc
        .heading
        .as_ref()
        .map(|h| format!("# {}\n\n", md_escape(h)))
        .unwrap_or_default();
    heading + &titled_markdown(&doc.title, grids, &notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_for_people() {
        assert_eq!(cell(&Value::Count(1_234_567)), "1,234,567");
        assert_eq!(cell(&Value::Cents(-123_456)), "-1,234.56");
        assert_eq!(cell(&Value::Money(Some(15.714_285))), "15.71");
        assert_eq!(cell(&Value::Percent(Some(33.333_333))), "33.3%");
        assert_eq!(cell(&Value::Ratio(None)), "-");
        assert_eq!(cell(&Value::Count(12)), "12");
        assert_eq!(decimals(-9_582.429_2, 2), "-9,582.43");
        assert_eq!(decimals(15.443_5, 4), "15.4435");
        assert_eq!(trimmed(52.0, 4), "52");
        assert_eq!(trimmed(365.0, 0), "365");
        assert_eq!(trimmed(12_000.0, 4), "12,000");
        assert_eq!(trimmed(7.0 / 30.4375, 4), "0.23");
        assert_eq!(trimmed(6.5, 4), "6.5");
    }

    #[test]
    fn halves_round_away_from_zero_in_decimal() {
        assert_eq!(fixed(16.255, 2), "16.26");
        assert_eq!(fixed(2.025, 2), "2.03");
        assert_eq!(fixed(-2.025, 2), "-2.03");
        assert_eq!(fixed(99.95, 1), "100.0");
        assert_eq!(fixed(999.999, 2), "1,000.00");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(66.666_666_666_666_67, 1), "66.7");
    }
}
