//! Text from the data as people see it: in terminal tables, Markdown,
//! HTML, notes and messages. Control characters never reach a terminal raw
//! (`ESC[2J` would clear the screen), and a value quoted in a message is
//! cut short (a 10 MB field must not become a 10 MB line of cron mail).
//! Machine formats (CSV, JSON) carry values as they are and do not use it.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters of a value quoted in a message, before it is cut.
pub const QUOTE_CHARS: usize = 80;

/// `s` with every control character (C0, DEL, C1) and every explicit
/// bidi embedding, override or isolate (U+202A-U+202E, U+2066-U+2069: an
/// unclosed `U+202E` reverses the rest of a terminal line) written as an
/// escape: `\n`, `\t`, `\r`, else `\u{1b}`; other text as it is (the
/// direction marks LRM, RLM and ALM too: they only nudge neutrals).
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    escape_controls_but(s, &[])
}

/// [`escape_controls`] leaving the characters of `keep` as they are: an
/// HTML page keeps its line breaks.
pub fn escape_controls_but<'a>(s: &'a str, keep: &[char]) -> Cow<'a, str> {
    let is_control = |c: char| (c.is_control() || is_bidi_control(c)) && !keep.contains(&c);
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An explicit bidi embedding, override or isolate control.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` has a letter of a right-to-left script (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko, and their presentation forms).
pub fn has_rtl(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    })
}

/// A terminal table cell with right-to-left text, isolated (FSI ... PDI):
/// a terminal that applies the bidi algorithm to a line (VTE, Konsole,
/// mlterm) would otherwise read two neighbouring Hebrew or Arabic cells and
/// the bar between them as one right-to-left run and swap the cells. The
/// isolates take no column; other text is returned as it is.
pub fn isolate_rtl(s: Cow<'_, str>) -> Cow<'_, str> {
    match has_rtl(&s) {
        true => Cow::Owned(format!("\u{2068}{s}\u{2069}")),
        false => s,
    }
}

/// A drawn table whose cells may have wrapped onto several lines, with
/// each line's piece of a right-to-left cell isolated on its own line: an
/// isolate left open at a line's end (a label wrapped by the table) would
/// draw the borders and cells after it into the right-to-left run, and a
/// continuation line's piece would not be isolated at all. `borders` are
/// the characters between cells (box-drawing ones: data does not hold them
/// as values do `|`). Isolates already in the table are engage's own
/// (values' are escaped by `escape_controls`), so they are taken out and
/// put back around each line's piece of a cell, inside its padding.
pub fn isolate_lines(table: &str, borders: &[char]) -> String {
    fn flush(out: &mut String, cell: &mut String) {
        let text = cell.trim();
        match has_rtl(text) {
            true => {
                let start = cell.len() - cell.trim_start().len();
                let end = start + text.len();
                let _ = write!(
                    out,
                    "{}\u{2068}{text}\u{2069}{}",
                    &cell[..start],
                    &cell[end..]
                );
            }
            false => out.push_str(cell),
        }
        cell.clear();
    }
    let mut out = String::with_capacity(table.len() + 64);
    let mut cell = String::new();
    for c in table.chars() {
        match c {
            '\u{2068}' | '\u{2069}' => {}
            c if c == '\n' || borders.contains(&c) => {
                flush(&mut out, &mut cell);
                out.push(c);
            }
            c => cell.push(c),
        }
    }
    flush(&mut out, &mut cell);
    out
}

/// A value for a message: control characters escaped, and beyond
/// `QUOTE_CHARS` characters cut, with the value's full size:
/// `aaaa... (10485760 bytes)`.
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => escape_controls(s).into_owned(),
        Some((cut, _)) => format!("{}... ({} bytes)", escape_controls(&s[..cut]), s.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_the_rest_kept() {
        assert_eq!(escape_controls("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape_controls("x\ny\tz\u{7}"), "x\\ny\\tz\\u{7}");
        assert_eq!(escape_controls("é \"q\" \\"), "é \"q\" \\");
        assert_eq!(escape_controls("\u{9b}"), "\\u{9b}");
        assert_eq!(escape_controls("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(escape_controls("\u{200f}١٢"), "\u{200f}١٢");
    }

    #[test]
    fn right_to_left_cells_are_isolated() {
        assert_eq!(isolate_rtl("תל אביב".into()), "\u{2068}תל אביב\u{2069}");
        assert_eq!(isolate_rtl("جدة 2".into()), "\u{2068}جدة 2\u{2069}");
        assert_eq!(isolate_rtl("เชียงใหม่".into()), "เชียงใหม่");
        assert_eq!(isolate_rtl("total".into()), "total");
    }

    #[test]
    fn each_line_of_a_wrapped_right_to_left_cell_is_isolated_alone() {
        // A label wrapped onto two lines by the table: isolated on each.
        let drawn = "│ \u{2068}إنفاق العميل    ┆ 3.50 │\n│ المتكرر\u{2069}         ┆      │\n";
        assert_eq!(
            isolate_lines(drawn, &['│', '┆']),
            "│ \u{2068}إنفاق العميل\u{2069}    ┆ 3.50 │\n│ \u{2068}المتكرر\u{2069}         ┆      │\n"
        );
        assert_eq!(
            isolate_lines("│ total ┆ 1 │\n", &['│', '┆']),
            "│ total ┆ 1 │\n"
        );
    }

    #[test]
    fn long_values_are_cut_at_80_characters() {
        let long = "é".repeat(100);
        assert_eq!(shorten(&long), format!("{}... (200 bytes)", "é".repeat(80)));
        assert_eq!(shorten(&"a".repeat(80)), "a".repeat(80));
    }
}
