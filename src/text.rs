//! Text from the data as people see it: in terminal tables, Markdown,
//! notes and messages. Control characters never reach a terminal raw
//! (`ESC[2J` would clear the screen), and a value quoted in a message is
//! cut short (a 10 MB field must not become a 10 MB line of cron mail).
//! Machine formats (CSV, JSON) carry values as they are and do not use it.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters of a value quoted in a message, before it is cut.
pub const QUOTE_CHARS: usize = 80;

/// `s` with every control character (C0, DEL, C1) written as an escape:
/// `\n`, `\t`, `\r`, else `\u{1b}`; other text as it is.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
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
    }

    #[test]
    fn long_values_are_cut_at_80_characters() {
        let long = "é".repeat(100);
        assert_eq!(shorten(&long), format!("{}... (200 bytes)", "é".repeat(80)));
        assert_eq!(shorten(&"a".repeat(80)), "a".repeat(80));
    }
}
