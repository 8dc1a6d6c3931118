//! Numbers as Arabic, Persian and Thai exports write them, made ASCII
//! before any cell parser reads them: the one place that knows native
//! digits, the Arabic decimal and thousands separators, the invisible
//! direction marks around numbers in right-to-left text, and currency
//! markers written in Arabic, Hebrew or Thai script. Every numeric cell
//! parser (amounts, scores, dates, quantities) calls [`ascii_number`]; it
//! parses nothing itself.
//!
//! ASCII text (the common case) is returned as it is, borrowed, after one
//! `is_ascii` scan: the parsers' fast paths never come here.

use std::borrow::Cow;

use super::parse::CellError;
use super::validate::Problem;

/// The digit zeros engage reads: ASCII, Arabic-Indic, Eastern
/// Arabic-Indic (Persian, Urdu) and Thai. Digits of two of these in one
/// number are an error (`12٣` is a typing slip, not 123): [`Mixed`].
const ZEROS: [char; 4] = ['0', '\u{0660}', '\u{06F0}', '\u{0E50}'];

/// Digits of two scripts (indices into `ZEROS`) in one value: which two,
/// so that the error names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mixed(u8);

/// The problem of each pair of scripts, in [`Mixed`]'s order: (0, 1),
/// (0, 2), (0, 3), (1, 2), (1, 3), (2, 3).
const MIXED: [Problem; 6] = {
    const fn mixed(fix: &'static str) -> Problem {
        Problem {
            reason: "mixed-script number",
            fix,
        }
    }
    [
        mixed("it mixes Arabic-Indic and Western digits: write the number in one script"),
        mixed("it mixes Eastern Arabic-Indic (Persian) and Western digits: write the number in one script"),
        mixed("it mixes Thai and Western digits: write the number in one script"),
        mixed("it mixes Arabic-Indic and Eastern Arabic-Indic (Persian) digits: write the number in one script"),
        mixed("it mixes Arabic-Indic and Thai digits: write the number in one script"),
        mixed("it mixes Eastern Arabic-Indic (Persian) and Thai digits: write the number in one script"),
    ]
};

impl Mixed {
    /// The pair of scripts `a` and `b` (different, in any order).
    fn of(a: usize, b: usize) -> Mixed {
        let (lo, hi) = (a.min(b), a.max(b));
        // (0, 1) -> 0 ... (2, 3) -> 5: the pairs before `lo`'s, then `hi`'s.
        let first = [0, 3, 5][lo.min(2)];
        Mixed((first + hi - lo - 1) as u8)
    }

    /// Its index (0-5), for a problem code.
    pub fn index(self) -> u8 {
        self.0
    }

    /// The pair of index `i` (see [`Self::index`]), if there is one.
    pub fn from_index(i: u32) -> Option<Mixed> {
        (i < MIXED.len() as u32).then_some(Mixed(i as u8))
    }

    /// The problem, naming both scripts and the fix.
    pub fn problem(self) -> Problem {
        MIXED[usize::from(self.0)]
    }
}

/// U+066B ARABIC DECIMAL SEPARATOR `٫` and U+066C ARABIC THOUSANDS
/// SEPARATOR `٬`.
const ARABIC_DECIMAL: char = '\u{066B}';
const ARABIC_THOUSANDS: char = '\u{066C}';

/// Invisible marks that spreadsheets and right-to-left editors put around
/// numbers: LRM, RLM, ALM, the embedding/override controls and the
/// isolates. They carry no value.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Currency markers in Arabic, Hebrew and Thai script that stand before or
/// after an amount, as shops write them (each also with a final `.`):
/// Saudi riyal, UAE dirham, Egyptian pound, Kuwaiti, Bahraini, Jordanian,
/// Iraqi, Libyan, Algerian, Tunisian dinar, Qatari and Omani riyal,
/// Moroccan dirham, Lebanese and Syrian pound, the rial sign, the words
/// riyal/dirham/pound/dinar/lira, the shekel abbreviation (`ש"ח`, `ש״ח`)
/// and the Thai word for baht. Symbols (`₪`, `฿`...) and ISO codes (`SAR`,
/// `AED`...) are stripped by the amount parser itself, like `$` and `€`.
pub const SCRIPT_CURRENCIES: &[&str] = &[
    "ر.س",
    "د.إ",
    "ج.م",
    "د.ك",
    "د.ب",
    "د.أ",
    "د.ا",
    "ع.د",
    "د.ع",
    "ل.د",
    "د.ل",
    "د.ج",
    "د.ت",
    "ر.ق",
    "ر.ع",
    "د.م",
    "ل.ل",
    "ل.س",
    "\u{FDFC}",
    "ريال",
    "درهم",
    "جنيه",
    "دينار",
    "ليرة",
    "ש\"ח",
    "ש\u{05F4}ח",
    "שח",
    "บาท",
];

/// `raw` with native digits as ASCII digits, `٫` as the decimal separator
/// and `٬` as the thousands separator (`.` and `,`, or `,` and `.` with
/// `decimal_comma`, as the amount parser then expects), direction marks
/// and script currency markers removed, and U+2212 MINUS SIGN as `-`.
/// Letters and everything else pass unchanged (a score's label stays).
///
/// Errors: digits of more than one script in the text
/// ([`CellError::MixedDigits`], naming the first two).
#[inline]
pub fn ascii_number(raw: &str, decimal_comma: bool) -> Result<Cow<'_, str>, CellError> {
    if raw.is_ascii() {
        return Ok(Cow::Borrowed(raw));
    }
    native_number(raw, decimal_comma).map(Cow::Owned)
}

/// [`ascii_number`] for text that is not ASCII: kept out of line, so that
/// the parsers' common path stays small.
#[cold]
#[inline(never)]
fn native_number(raw: &str, decimal_comma: bool) -> Result<String, CellError> {
    let (decimal, thousands) = if decimal_comma {
        (',', '.')
    } else {
        ('.', ',')
    };
    let text = strip_script_currency(raw);
    let mut out = String::with_capacity(text.len());
    let mut script: Option<usize> = None;
    for c in text.chars() {
        if let Some((k, d)) = digit(c) {
            if let Some(s) = script.filter(|&s| s != k) {
                return Err(CellError::MixedDigits(Mixed::of(s, k)));
            }
            script = Some(k);
            out.push(char::from(b'0' + d));
        } else if c == ARABIC_DECIMAL {
            out.push(decimal);
        } else if c == ARABIC_THOUSANDS {
            out.push(thousands);
        } else if c == '\u{2212}' {
            out.push('-');
        } else if !is_direction_mark(c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// The script (index into `ZEROS`) and value of a digit.
fn digit(c: char) -> Option<(usize, u8)> {
    ZEROS.iter().enumerate().find_map(|(k, &zero)| {
        let d = (c as u32).wrapping_sub(zero as u32);
        (d < 10).then_some((k, d as u8))
    })
}

/// `s` without one script currency marker (with or without a final `.`)
/// at its start or end, direction marks ignored there.
fn strip_script_currency(s: &str) -> &str {
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || is_direction_mark(c));
    for m in SCRIPT_CURRENCIES {
        if let Some(rest) = trimmed.strip_prefix(m) {
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            return rest.trim_start_matches(|c: char| c.is_whitespace() || is_direction_mark(c));
        }
        let end = trimmed.strip_suffix('.').filter(|t| t.ends_with(m));
        if let Some(rest) = end.or(Some(trimmed)).and_then(|t| t.strip_suffix(m)) {
            return rest.trim_end_matches(|c: char| c.is_whitespace() || is_direction_mark(c));
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ascii(s: &str) -> Result<String, CellError> {
        ascii_number(s, false).map(Cow::into_owned)
    }

    #[test]
    fn native_digits_become_ascii() {
        assert_eq!(ascii("١٢٣٫٥٠").as_deref(), Ok("123.50"));
        assert_eq!(ascii("١٬٢٣٤٫٥").as_deref(), Ok("1,234.5"));
        assert_eq!(ascii("۱۲۳").as_deref(), Ok("123"));
        assert_eq!(ascii("๑๒.๐๐").as_deref(), Ok("12.00"));
        assert_eq!(ascii("\u{200F}−٥").as_deref(), Ok("-5"));
        assert_eq!(
            ascii_number("١٬٢٣٤٫٥", true).as_deref(),
            Ok("1.234,5"),
            "decimal comma: the separators the comma parser expects"
        );
    }

    #[test]
    fn ascii_text_is_borrowed() {
        assert!(matches!(
            ascii_number("$12.50", false),
            Ok(Cow::Borrowed(_))
        ));
    }

    #[test]
    fn script_currency_markers_are_stripped_at_either_end() {
        for s in [
            "123.50 ر.س",
            "123.50 ر.س.",
            "ر.س 123.50",
            "123.50ر.س",
            "\u{200F}123.50 د.إ\u{200F}",
            "123.50 ج.م",
            "123.50 ש\"ח",
            "123.50 บาท",
        ] {
            assert_eq!(ascii(s).as_deref(), Ok("123.50"), "{s}");
        }
    }

    #[test]
    fn mixed_scripts_are_an_error_naming_both() {
        for (s, both) in [
            ("12٣", "Arabic-Indic and Western"),
            ("١2", "Arabic-Indic and Western"),
            ("۱2", "Eastern Arabic-Indic (Persian) and Western"),
            ("๑2.50", "Thai and Western"),
            ("۱٢", "Arabic-Indic and Eastern Arabic-Indic (Persian)"),
            ("๑٢", "Arabic-Indic and Thai"),
            ("๑۲", "Eastern Arabic-Indic (Persian) and Thai"),
        ] {
            let Err(CellError::MixedDigits(m)) = ascii(s) else {
                panic!("{s}: {:?}", ascii(s));
            };
            assert_eq!(
                m.problem().fix,
                format!("it mixes {both} digits: write the number in one script"),
                "{s}"
            );
        }
    }

    #[test]
    fn each_pair_of_scripts_has_its_own_index() {
        let mut seen = Vec::new();
        for a in 0..ZEROS.len() {
            for b in 0..ZEROS.len() {
                if a != b {
                    let m = Mixed::of(a, b);
                    assert_eq!(m, Mixed::of(b, a));
                    assert_eq!(Mixed::from_index(u32::from(m.index())), Some(m));
                    seen.push(m.index());
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..6).collect::<Vec<u8>>());
    }

    #[test]
    fn labels_pass_through() {
        assert_eq!(ascii("٥ - راضٍ جدًا").as_deref(), Ok("5 - راضٍ جدًا"));
        assert_eq!(ascii("พอใจมาก").as_deref(), Ok("พอใจมาก"));
    }
}
