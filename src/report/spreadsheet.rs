//! `--format tsv` and `--format xlsx`: every command's CSV (its machine
//! contract: keys, full precision, formula triggers neutralised) carried
//! into another container, so that no renderer has a third and fourth
//! copy of its layout. TSV: the same cells, tab-separated. XLSX: typed
//! cells (see [`kind_of`]), one sheet per `section` of a report.

use anyhow::Result;

/// A spreadsheet container for a command's CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spreadsheet {
    Tsv,
    Xlsx,
}

/// The CSV `csv` (as a renderer wrote it) as `kind`.
pub fn from_csv(csv: &[u8], kind: Spreadsheet) -> Result<Vec<u8>> {
    match kind {
        Spreadsheet::Tsv => tsv(csv),
        Spreadsheet::Xlsx => xlsx(csv),
    }
}

/// The records of a CSV, header first.
fn records(csv: &[u8]) -> Result<Vec<csv::StringRecord>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    Ok(r.records().collect::<Result<_, _>>()?)
}

/// Tab-separated, one line per record, no quoting: a tab, CR or LF inside
/// a cell (only text cells can hold one) becomes a space, since TSV has no
/// way to carry them.
fn tsv(csv: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(csv.len());
    for record in records(csv)? {
        for (i, cell) in record.iter().enumerate() {
            if i > 0 {
                out.push(b'\t');
            }
            out.extend(cell.bytes().map(|b| match b {
                b'\t' | b'\r' | b'\n' => b' ',
                b => b,
            }));
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// How a column's cells are written to a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Always text (keys: a period label, a segment value, an id).
    Text,
    /// A plain number, shown as stored.
    Number,
    /// Money: shown with two decimals (`#,##0.00`).
    Money,
    /// A percentage from 0 to 100 in the CSV: stored as its fraction
    /// (`66.7` -> `0.667`) and shown `66.7%`, as spreadsheets do.
    Percent,
}

/// Columns whose cells are text even when they look like numbers.
const TEXT_COLUMNS: &[&str] = &[
    "section",
    "period",
    "segment",
    "segment_value",
    "customer_id",
    "order_id",
    "cohort",
    "rfm_segment",
    "rfm_score",
];

/// Percentages whose names do not end in `_rate`, `_pct` or `_share`.
const PERCENT_COLUMNS: &[&str] = &["csat", "csat_low", "csat_high", "retention"];

/// Money whose names do not contain `revenue`.
const MONEY_COLUMNS: &[&str] = &[
    "aov",
    "amount",
    "monetary_value",
    "clv",
    "expected_avg_value",
];

/// The kind of a column, from its METRICS.md key: `prev_X` is as X;
/// `delta_X` of a percentage is in percentage points (a number);
/// `change_pct_X` is a percentage.
fn kind_of(name: &str) -> Kind {
    // A wide layout's column is of its metric's kind (`aov:web`).
    let name = super::layout::split(name).map_or(name, |(metric, _)| metric);
    let name = name.strip_prefix("prev_").unwrap_or(name);
    if let Some(base) = name.strip_prefix("delta_") {
        return match kind_of(base) {
            Kind::Percent => Kind::Number,
            k => k,
        };
    }
    if name.starts_with("change_pct_")
        || name.ends_with("_rate")
        || name.ends_with("_pct")
        || name.ends_with("_share")
        || name == "repeat_rate_cumulative"
        || PERCENT_COLUMNS.contains(&name)
    {
        Kind::Percent
    } else if name.contains("revenue") || MONEY_COLUMNS.contains(&name) {
        Kind::Money
    } else if TEXT_COLUMNS.contains(&name) {
        Kind::Text
    } else {
        Kind::Number
    }
}

/// Rows of one sheet, header excluded.
const MAX_SHEET_ROWS: usize = 1_048_575;

/// A workbook: the header row bold and frozen, widths fitted, cells typed
/// by [`kind_of`] and by their text (a `YYYY-MM-DD` day is a date,
/// `true`/`false` a boolean, a number a number unless its column is text
/// or it has a leading zero; anything else text). No cell is a formula: a
/// value starting with `=` is written as text (the CSV's neutralising `'`
/// taken off again). A report's CSV (first column `section`) gives one
/// sheet per section: headline, period, segment, customers.
fn xlsx(csv: &[u8]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let records = records(csv)?;
    let mut workbook = Workbook::new();
    let Some((header, rows)) = records.split_first() else {
        workbook.add_worksheet().set_name("engage")?;
        return Ok(workbook.save_to_buffer()?);
    };
    let mut sheets: Vec<(&str, Vec<&csv::StringRecord>)> = Vec::new();
    if header.get(0) == Some("section") {
        for row in rows {
            let section = row.get(0).unwrap_or_default();
            match sheets.iter_mut().find(|(name, _)| *name == section) {
                Some((_, rows)) => rows.push(row),
                None => sheets.push((section, vec![row])),
            }
        }
    } else {
        sheets.push(("engage", rows.iter().collect()));
    }
    let kinds: Vec<Kind> = header.iter().map(kind_of).collect();
    let formats = Formats {
        header: Format::new().set_bold(),
        money: Format::new().set_num_format("#,##0.00"),
        percent: Format::new().set_num_format("0.0%"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    for (name, rows) in sheets {
        if rows.len() > MAX_SHEET_ROWS {
            anyhow::bail!(
                "{} rows do not fit in one xlsx sheet (at most {MAX_SHEET_ROWS}); use --format csv or parquet",
                rows.len()
            );
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&section_name(name)))?;
        sheet.set_right_to_left(super::lang::current().rtl());
        for (c, h) in header.iter().enumerate() {
            let h = super::labels::column(h);
            sheet.write_string_with_format(0, col(c)?, &h, &formats.header)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r + 1)?;
            for (c, text) in row.iter().enumerate() {
                let kind = kinds.get(c).copied().unwrap_or(Kind::Text);
                write_cell(sheet, (r, col(c)?), text, kind, &formats)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    Ok(workbook.save_to_buffer()?)
}

struct Formats {
    header: rust_xlsxwriter::Format,
    money: rust_xlsxwriter::Format,
    percent: rust_xlsxwriter::Format,
    date: rust_xlsxwriter::Format,
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|_| anyhow::anyhow!("{c} columns do not fit in an xlsx sheet"))
}

/// A report section's sheet name in the run's language (`headline`,
/// `period`, `segment`, `customers` as they are in English).
fn section_name(section: &str) -> String {
    use super::lang::{current, text, Lang};
    match (current(), section) {
        (Lang::En, _) => section.to_string(),
        (_, "headline") => text("headline").to_string(),
        (_, "customers") => super::labels::name("customers").to_string(),
        _ => super::labels::column(section),
    }
}

/// A sheet name as Excel allows it: at most 31 characters, none of
/// `[]:*?/\`, not blank.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "engage".into()
    } else {
        clean
    }
}

/// One cell, typed (see [`xlsx`]).
fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    (r, c): (u32, u16),
    text: &str,
    kind: Kind,
    formats: &Formats,
) -> Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    if kind != Kind::Text {
        if is_day(text) {
            if let Ok(day) = rust_xlsxwriter::ExcelDateTime::parse_from_str(text) {
                sheet.write_datetime_with_format(r, c, &day, &formats.date)?;
                return Ok(());
            }
        }
        match text {
            "true" | "false" => {
                sheet.write_boolean(r, c, text == "true")?;
                return Ok(());
            }
            _ => {}
        }
        let leading_zero = text.len() > 1 && text.starts_with('0') && !text.starts_with("0.");
        if let (Ok(x), false) = (text.parse::<f64>(), leading_zero) {
            if x.is_finite() {
                match kind {
                    Kind::Money => sheet.write_number_with_format(r, c, x, &formats.money)?,
                    Kind::Percent => {
                        sheet.write_number_with_format(r, c, x / 100.0, &formats.percent)?
                    }
                    _ => sheet.write_number(r, c, x)?,
                };
                return Ok(());
            }
        }
    }
    sheet.write_string(r, c, unneutralise(text))?;
    Ok(())
}

/// `YYYY-MM-DD`.
fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The CSV's neutralised text cell (`'=x`) as it was: in a workbook a
/// string cell is never run as a formula.
fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_by_their_metric_key() {
        assert_eq!(kind_of("repeat_purchase_rate"), Kind::Percent);
        assert_eq!(kind_of("prev_repeat_revenue_share"), Kind::Percent);
        assert_eq!(kind_of("delta_nps"), Kind::Number);
        assert_eq!(kind_of("delta_csat"), Kind::Number);
        assert_eq!(kind_of("change_pct_aov"), Kind::Percent);
        assert_eq!(kind_of("delta_revenue"), Kind::Money);
        assert_eq!(kind_of("revenue_per_customer"), Kind::Money);
        assert_eq!(kind_of("segment_value"), Kind::Text);
        assert_eq!(kind_of("orders"), Kind::Number);
        assert_eq!(unneutralise("'=1+1"), "=1+1");
        assert_eq!(unneutralise("'quoted"), "'quoted");
        assert!(is_day("2024-03-04") && !is_day("2024-03") && !is_day("2024-W10-1"));
    }

    #[test]
    fn tsv_keeps_cells_and_replaces_tabs_and_line_breaks() {
        let csv = b"period,note,revenue\n2024-01,\"a\tb\nc, d\",10.50\n";
        let out = from_csv(csv, Spreadsheet::Tsv).expect("tsv");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "period\tnote\trevenue\n2024-01\ta b c, d\t10.50\n"
        );
    }
}
