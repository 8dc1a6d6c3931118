//! Terminal tables and Markdown: the same grid of rounded cells, drawn two
//! ways. A report with up to `MAX_ROWS_AS_COLUMNS` rows is drawn with one
//! line per metric and one column per row (`metric | value` for a single
//! row); a longer one with one line per row, the total last.
//!
//! Rounding for people: money and ratios to 2 decimals, percentages to 1,
//! counts and money with thousands separators; `-` for an undefined value.

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use super::{Report, Value};

/// How an absent key (a blank segment value) is shown.
const BLANK_KEY: &str = "(blank)";

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

/// A value rounded for reading.
pub fn cell(v: &Value) -> String {
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
        Value::Flag(b) => if *b { "yes" } else { "no" }.into(),
    }
}

/// The grid both layouts draw: a header and rows of text, plus which
/// columns hold numbers (right-aligned).
struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<bool>,
}

/// Reports with at most this many rows (the total included) are drawn with
/// one column per row and one line per metric, which fits a terminal;
/// longer ones (weeks of a year) with one line per row.
const MAX_ROWS_AS_COLUMNS: usize = 7;

fn grid(report: &Report) -> Grid {
    let mut columns: Vec<(String, &[Value])> = report
        .rows
        .iter()
        .map(|r| {
            let keys: Vec<&str> = r
                .keys
                .iter()
                .map(|k| k.as_deref().unwrap_or(BLANK_KEY))
                .collect();
            (keys.join(" / "), r.values.as_slice())
        })
        .collect();
    if let Some(total) = &report.total {
        columns.push(("total".into(), total.values.as_slice()));
    }
    if report.key_names.is_empty() {
        for c in &mut columns {
            c.0 = "value".into();
        }
    }
    if columns.len() <= MAX_ROWS_AS_COLUMNS {
        return Grid {
            header: std::iter::once("metric".to_string())
                .chain(columns.iter().map(|c| c.0.clone()))
                .collect(),
            rows: report
                .metric_names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    std::iter::once(name.to_string())
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
        .cloned()
        .chain(report.metric_names.iter().map(|s| s.to_string()))
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
                .map(|k| k.clone().unwrap_or_else(|| BLANK_KEY.into()))
                .collect();
            keyed(keys, &r.values)
        })
        .collect();
    if let Some(total) = &report.total {
        let mut keys = vec![String::new(); report.key_names.len()];
        if let Some(first) = keys.first_mut() {
            *first = "total".into();
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

/// A terminal table; `unicode` draws box lines, else plain ASCII.
pub fn table(report: &Report, unicode: bool) -> String {
    let g = grid(report);
    let mut t = Table::new();
    t.load_preset(if unicode {
        presets::UTF8_FULL_CONDENSED
    } else {
        presets::ASCII_FULL_CONDENSED
    });
    t.set_content_arrangement(if unicode {
        ContentArrangement::Dynamic
    } else {
        ContentArrangement::Disabled
    });
    t.set_header(&g.header);
    for row in &g.rows {
        t.add_row(row);
    }
    for (i, &numeric) in g.numeric.iter().enumerate() {
        if let (true, Some(column)) = (numeric, t.column_mut(i)) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = format!("{t}\n");
    for a in &report.appendix {
        let mut t = Table::new();
        t.load_preset(if unicode {
            presets::UTF8_FULL_CONDENSED
        } else {
            presets::ASCII_FULL_CONDENSED
        });
        t.set_header(&a.header);
        for row in &a.rows {
            t.add_row(row);
        }
        for i in 1..a.header.len() {
            if let Some(column) = t.column_mut(i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        out.push_str(&format!("\n{}\n{t}\n", a.title));
    }
    for note in &report.notes {
        out.push_str(&format!("{note}\n"));
    }
    out
}

/// A GitHub-flavoured Markdown table; `|` in cells is escaped.
pub fn markdown(report: &Report) -> String {
    let g = grid(report);
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|");
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| esc(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(&g.header);
    let rule = |numeric: &[bool]| {
        let cells: Vec<&str> = numeric
            .iter()
            .map(|&n| if n { "---:" } else { "---" })
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&rule(&g.numeric));
    for row in &g.rows {
        out.push_str(&line(row));
    }
    for a in &report.appendix {
        out.push_str(&format!("\n**{}**\n\n", esc(&a.title)));
        out.push_str(&line(&a.header));
        let numeric: Vec<bool> = (0..a.header.len()).map(|i| i > 0).collect();
        out.push_str(&rule(&numeric));
        for row in &a.rows {
            out.push_str(&line(row));
        }
    }
    if !report.notes.is_empty() {
        out.push('\n');
        for note in &report.notes {
            out.push_str(&format!("{}\n", esc(note)));
        }
    }
    out
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
