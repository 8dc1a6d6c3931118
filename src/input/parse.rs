//! Cell parsers: one raw text cell in, one typed value out.
//!
//! Pure functions with no polars and no I/O, so that every accepted and
//! rejected spelling is unit-tested here. Amounts become exact integer cents
//! (never an `f64`), dates become days since 1970-01-01.

use chrono::{Datelike, NaiveDate, TimeDelta, TimeZone};

use super::native::{ascii_number, Mixed};

/// Why a non-blank cell could not be read. Blank cells are not errors here:
/// the parsers return `Ok(None)` for them and the caller decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellError {
    /// Not a number / not a date at all.
    Unreadable,
    /// A number with more than two non-zero decimal places: summing it in
    /// cents would round it, so it is refused rather than silently changed.
    SubCent,
    /// Digits of two scripts in one value (`١2٣`): which two.
    MixedDigits(Mixed),
}

/// Currency symbols that may stand before or after an amount.
const CURRENCY_SYMBOLS: &[char] = &['$', '€', '£', '¥', '₹', '₪', '฿', '₩', '₽', '₺', '₫'];

/// Parses an order amount into integer cents.
///
/// Accepts `1234.5`, `1,234.50`, `$1,234.50`, `-12.00`, `-$12`, `$-12`,
/// `(12.00)` (accounting negative), `USD 12.00`, `12.00 EUR`, `+3`.
/// Thousands separators must group by three. More than two decimal places
/// are accepted only when the extra digits are zeros (`12.500`). Native
/// digits, `٫`/`٬` and script currency markers are read as
/// [`ascii_number`] says (`١٢٣٫٥٠ ر.س` is 12350).
/// Returns `Ok(None)` for a blank cell. (The readers call
/// [`parse_amount`]; this is its core, tested on its own.)
#[cfg(test)]
pub fn parse_cents(raw: &str) -> Result<Option<i64>, CellError> {
    parse_fixed(raw, 2)
}

/// Like [`parse_cents`], in units of `10^-places` (2: cents; 3:
/// thousandths of a quantity; 4: ten-thousandths of a unit price), so the
/// value is exact. More than `places` decimals are accepted only when the
/// extra digits are zeros; otherwise [`CellError::SubCent`] (too precise).
pub fn parse_fixed(raw: &str, places: usize) -> Result<Option<i64>, CellError> {
    if let Some(v) = plain_fixed(raw.as_bytes(), places) {
        return Ok(Some(v));
    }
    let text = ascii_number(raw, false)?;
    let mut s = text.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    s = strip_currency(s);
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    // `-$12.00`: the sign may stand before the symbol.
    s = strip_currency(s).trim();
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(CellError::Unreadable);
    }
    let mut units: i64 = 0;
    for (i, group) in int_part.split(',').enumerate() {
        let ok_len = if i == 0 {
            // "1,234": the first group has 1-3 digits when separators are used.
            !int_part.contains(',') || (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !ok_len || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CellError::Unreadable);
        }
        for b in group.bytes() {
            units = units
                .checked_mul(10)
                .and_then(|c| c.checked_add(i64::from(b - b'0')))
                .ok_or(CellError::Unreadable)?;
        }
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CellError::Unreadable);
    }
    let frac = frac_part.as_bytes();
    if frac.len() > places && frac[places..].iter().any(|&b| b != b'0') {
        return Err(CellError::SubCent);
    }
    for i in 0..places {
        let digit = frac.get(i).map_or(0, |b| i64::from(b - b'0'));
        units = units
            .checked_mul(10)
            .and_then(|c| c.checked_add(digit))
            .ok_or(CellError::Unreadable)?;
    }
    Ok(Some(if negative { -units } else { units }))
}

/// The common case, `digits[.d...]` with at most `places` decimals and no
/// sign, symbol or separator, in one pass; `None` for anything else (the
/// general parser decides).
fn plain_fixed(b: &[u8], places: usize) -> Option<i64> {
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(dot) => (&b[..dot], &b[dot + 1..]),
        None => (b, &b[..0]),
    };
    if int.is_empty() || int.len() > 14 || frac.len() > places {
        return None;
    }
    let mut v: i64 = 0;
    for &c in int.iter().chain(frac) {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v * 10i64.pow((places - frac.len()) as u32))
}

/// [`parse_cents`], or with `decimal_comma` the same with `,` as the decimal
/// separator and `.` grouping thousands (`1.234,50`).
pub fn parse_amount(raw: &str, decimal_comma: bool) -> Result<Option<i64>, CellError> {
    parse_fixed_as(raw, 2, decimal_comma)
}

/// [`parse_fixed`], with `decimal_comma` as in [`parse_amount`].
pub fn parse_fixed_as(
    raw: &str,
    places: usize,
    decimal_comma: bool,
) -> Result<Option<i64>, CellError> {
    if !decimal_comma {
        return parse_fixed(raw, places);
    }
    let swapped: String = ascii_number(raw, true)?
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect();
    parse_fixed(&swapped, places)
}

/// Decimal places a quantity may have: it is read in thousandths.
pub const QUANTITY_PLACES: usize = 3;
/// Decimal places a unit price may have: it is read in ten-thousandths
/// (wholesale and fuel prices such as 0.0125 per unit are exact).
pub const PRICE_PLACES: usize = 4;

/// The amount of a line, in cents: `quantity` (thousandths) times `price`
/// (ten-thousandths), computed exactly in 128 bits and rounded to the cent
/// once, half to even (0.125 -> 0.12, 0.135 -> 0.14, -0.125 -> -0.12).
/// `None` when the cents leave `i64`.
pub fn line_cents(quantity: i64, price: i64) -> Option<i64> {
    let product = i128::from(quantity) * i128::from(price);
    let d = 10i128.pow((QUANTITY_PLACES + PRICE_PLACES - 2) as u32);
    let (q, r) = (product.div_euclid(d), product.rem_euclid(d));
    let up = 2 * r > d || (2 * r == d && q % 2 != 0);
    i64::try_from(q + i128::from(up)).ok()
}

/// Removes one currency symbol or ISO 4217-style code (three ASCII capitals)
/// from either end of `s`.
fn strip_currency(s: &str) -> &str {
    let s = s.trim();
    let s = s
        .strip_prefix(CURRENCY_SYMBOLS)
        .or_else(|| s.strip_suffix(CURRENCY_SYMBOLS))
        .unwrap_or(s)
        .trim();
    let is_code = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((code, rest)) = s.split_once(' ') {
        if is_code(code) {
            return rest.trim();
        }
    }
    if let Some((rest, code)) = s.rsplit_once(' ') {
        if is_code(code) {
            return rest.trim();
        }
    }
    s
}

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// Days since 1970-01-01 of a calendar date.
pub fn days_from_date(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// The calendar date `days` after 1970-01-01.
pub fn date_from_days(days: i32) -> NaiveDate {
    // Every i32 day count that `parse_date` produces is a valid date (years
    // 0000-9999); the fallback is never reached for such values.
    NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_FROM_CE).unwrap_or(NaiveDate::MIN)
}

/// Parses an order or response date into days since 1970-01-01.
///
/// Accepts `YYYY-MM-DD`, optionally followed by `T` or a space and a time
/// `HH:MM[:SS[.fff]]`, optionally followed by `Z` or an offset (`+05:30`,
/// `-0500`, `+05`), with or without a space before it. The offset is not
/// applied: the date is the local date as written (see METRICS.md);
/// [`parse_date_with`] converts to a zone when [`DateRules::zone`] says so.
/// Returns `Ok(None)` for a blank cell.
pub fn parse_date(raw: &str) -> Result<Option<i32>, CellError> {
    parse_date_with(raw, DateRules::default())
}

/// The year, month and day of an ISO date, and its time if one follows.
fn iso_parts(b: &[u8]) -> Result<(i32, u32, u32, Option<Clock>), CellError> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(CellError::Unreadable);
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let clock = if b.len() > 10 {
        Some(time_and_offset(&b[10..])?)
    } else {
        None
    };
    Ok((year as i32, month, day, clock))
}

/// The time written after a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clock {
    /// Seconds since midnight (a leap second `:60` counts as `:59`).
    secs: u32,
    /// The offset written with it (`Z`, `-0500`...), in seconds east of
    /// UTC; `None`: no offset written.
    offset: Option<i32>,
}

/// How a date written with slashes (`01/02/2024`) is read. ISO dates
/// (`2024-01-02`) are read under every order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// ISO only: a slash date is an error (it is ambiguous).
    #[default]
    Iso,
    /// Month first, US style: 01/15/2024 (SurveyMonkey).
    Mdy,
    /// Day first: 15/01/2024.
    Dmy,
}

/// Which calendar a file's years are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// Years of the Common Era (2024).
    #[default]
    Gregorian,
    /// Thai solar calendar: Buddhist-era years, 543 ahead (2567 = 2024).
    Buddhist,
}

/// How many years the Buddhist era is ahead of the Common Era.
pub const BUDDHIST_OFFSET: i32 = 543;

/// A two-digit year `yy` below this is 20yy, from it 19yy (the POSIX
/// `strptime %y` rule: 00-68 = 2000-2068, 69-99 = 1969-1999). Under the
/// Buddhist calendar `yy` is 25yy (BE 2500-2599, CE 1957-2056).
pub const TWO_DIGIT_PIVOT: u32 = 69;

/// Everything that decides how a date cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRules {
    pub order: DateOrder,
    pub calendar: Calendar,
    /// `--two-digit-years`: `5/1/24` is read (see [`TWO_DIGIT_PIVOT`]);
    /// otherwise a two-digit year is unreadable (Excel re-saves dates so,
    /// and the century is a guess the user should agree to).
    pub two_digit_years: bool,
    /// `--timezone`: a timestamp with an offset (or in a column marked UTC)
    /// is converted to this zone before its date is taken; `None`: every
    /// date is the local date as written.
    pub zone: Option<chrono_tz::Tz>,
    /// The column's header marks its times as UTC (Stripe's `Created
    /// (UTC)`): a time without an offset is read as UTC under `zone`.
    pub utc_column: bool,
}

/// Like [`parse_date`], plus `M/D/YYYY` or `D/M/YYYY` (one or two digit day
/// and month; `/`, `.` or `-` between) under `Mdy` / `Dmy`, optionally
/// followed by a time `H:MM[:SS]` and `AM`/`PM`; native digits read as
/// [`ascii_number`] says; two-digit years, the Buddhist era and the time
/// zone as `rules` say. A date without a time is never converted.
pub fn parse_date_with(raw: &str, rules: DateRules) -> Result<Option<i32>, CellError> {
    // A time without an offset is converted only in a column marked UTC.
    if rules.calendar == Calendar::Gregorian && !(rules.zone.is_some() && rules.utc_column) {
        if let Some(days) = plain_iso(raw.as_bytes()) {
            return days.map(Some);
        }
    }
    any_date(raw, rules)
}

/// The spelling of most exports' dates, `YYYY-MM-DD` alone or followed by
/// `THH:MM:SS` or ` HH:MM:SS` (no fraction, no offset), read in one pass:
/// its day, or `None` for any other spelling or a clock out of range
/// (then [`any_date`] reads it, or names what is wrong). The time is
/// checked but not otherwise used: the date is the one written.
fn plain_iso(b: &[u8]) -> Option<Result<i32, CellError>> {
    let two = |p: &[u8]| match p {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(u32::from(a - b'0') * 10 + u32::from(b - b'0')),
        _ => None,
    };
    if b.len() == 19 {
        let t = &b[10..];
        if !matches!(t[0], b'T' | b' ') || t[3] != b':' || t[6] != b':' {
            return None;
        }
        let (hour, minute, second) = (two(&t[1..3])?, two(&t[4..6])?, two(&t[7..9])?);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
    } else if b.len() != 10 {
        return None;
    }
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = two(&b[0..2])? * 100 + two(&b[2..4])?;
    Some(day_number(year as i32, two(&b[5..7])?, two(&b[8..10])?))
}

/// [`parse_date_with`] for any spelling.
fn any_date(raw: &str, rules: DateRules) -> Result<Option<i32>, CellError> {
    let text = ascii_number(raw, false)?;
    let s = trim_fast(&text);
    if s.is_empty() {
        return Ok(None);
    }
    let b = s.as_bytes();
    let (year, month, day, clock) = if rules.order == DateOrder::Iso || b.len() < 6 || b[4] == b'-'
    {
        iso_parts(b)?
    } else {
        slash_parts(s, rules)?
    };
    let year = match rules.calendar {
        Calendar::Gregorian => year,
        Calendar::Buddhist => year - BUDDHIST_OFFSET,
    };
    let offset = clock.and_then(|c| c.offset.or(rules.utc_column.then_some(0)));
    match (rules.zone, clock, offset) {
        (Some(zone), Some(c), Some(offset)) => {
            let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(CellError::Unreadable)?;
            Ok(Some(days_from_date(in_zone(date, c.secs, offset, zone))))
        }
        _ => Ok(Some(day_number(year, month, day)?)),
    }
}

/// Days since 1970-01-01 of a calendar date. Exports list dates in order,
/// so most dates are the one before: each thread remembers the last date
/// it turned into days (a tenth of reading a survey file went to the
/// calendar arithmetic).
fn day_number(year: i32, month: u32, day: u32) -> Result<i32, CellError> {
    use std::cell::Cell;
    thread_local! {
        // No month is u32::MAX (two digits at most): nothing remembered yet.
        static LAST: Cell<(i32, u32, u32, i32)> =
            const { Cell::new((i32::MIN, u32::MAX, u32::MAX, 0)) };
    }
    let (y, m, d, days) = LAST.get();
    if (y, m, d) == (year, month, day) {
        return Ok(days);
    }
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(CellError::Unreadable)?;
    let days = days_from_date(date);
    LAST.set((year, month, day, days));
    Ok(days)
}

/// The date in `zone` of the instant written as `date`, `secs` after
/// midnight, `offset` seconds east of UTC.
fn in_zone(date: NaiveDate, secs: u32, offset: i32, zone: chrono_tz::Tz) -> NaiveDate {
    let written = date.and_time(chrono::NaiveTime::MIN) + TimeDelta::seconds(i64::from(secs));
    let utc = written - TimeDelta::seconds(i64::from(offset));
    zone.from_utc_datetime(&utc).date_naive()
}

/// The year, month and day of a slash date, and its time if one follows.
fn slash_parts(s: &str, rules: DateRules) -> Result<(i32, u32, u32, Option<Clock>), CellError> {
    let order = rules.order;
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, ""));
    let mut parts = date.split(['/', '.', '-']);
    let (Some(a), Some(b), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CellError::Unreadable);
    };
    let number = |p: &str, max_len: usize| -> Result<u32, CellError> {
        if p.is_empty() || p.len() > max_len {
            return Err(CellError::Unreadable);
        }
        digits(p.as_bytes())
    };
    let (a, b) = (number(a, 2)?, number(b, 2)?);
    let year = match (y.len(), rules.two_digit_years, rules.calendar) {
        (4, ..) => number(y, 4)? as i32,
        (2, true, Calendar::Gregorian) => {
            let yy = number(y, 2)?;
            (if yy < TWO_DIGIT_PIVOT { 2000 } else { 1900 }) + yy as i32
        }
        (2, true, Calendar::Buddhist) => 2500 + number(y, 2)? as i32,
        _ => return Err(CellError::Unreadable),
    };
    let (month, day) = if order == DateOrder::Mdy {
        (a, b)
    } else {
        (b, a)
    };
    // The clock is checked loosely (as ever) unless it is converted.
    let strict = rules.zone.is_some() && rules.utc_column;
    Ok((year, month, day, slash_clock(time.trim(), strict)?))
}

/// The time after a slash date: `H:MM`, `H:MM:SS`, with an optional
/// ` AM`/` PM` (12 AM is midnight); empty is no time. A clock out of range
/// (`25:00`, `13:00 PM`) has no time: it is unreadable when `strict`.
fn slash_clock(t: &str, strict: bool) -> Result<Option<Clock>, CellError> {
    if t.is_empty() {
        return Ok(None);
    }
    let upper = t.to_ascii_uppercase();
    let (clock, half) = match (upper.strip_suffix("AM"), upper.strip_suffix("PM")) {
        (Some(c), _) => (c, Some(0)),
        (_, Some(c)) => (c, Some(12)),
        _ => (upper.as_str(), None),
    };
    let fields: Vec<&str> = clock.trim().split(':').collect();
    let ok = (2..=3).contains(&fields.len())
        && fields
            .iter()
            .all(|f| !f.is_empty() && f.len() <= 2 && f.bytes().all(|c| c.is_ascii_digit()));
    if !ok {
        return Err(CellError::Unreadable);
    }
    let n = |i: usize| fields.get(i).map_or(Ok(0), |f| digits(f.as_bytes()));
    let (hour, minute, second) = (n(0)?, n(1)?, n(2)?);
    let hour = match half {
        Some(_) if hour == 0 || hour > 12 => 24,
        Some(h) => hour % 12 + h,
        None => hour,
    };
    if hour > 23 || minute > 59 || second > 60 {
        return if strict {
            Err(CellError::Unreadable)
        } else {
            Ok(None)
        };
    }
    Ok(Some(Clock {
        secs: hour * 3600 + minute * 60 + second.min(59),
        offset: None,
    }))
}

/// Reads what follows the date: `[T ]HH:MM[:SS[.f+]][ ][Z|±HH[:]MM|±HH]`.
fn time_and_offset(rest: &[u8]) -> Result<Clock, CellError> {
    let bad = Err(CellError::Unreadable);
    if rest[0] != b'T' && rest[0] != b' ' {
        return bad;
    }
    let t = &rest[1..];
    if t.len() < 5 || t[2] != b':' {
        return bad;
    }
    let (hour, minute) = (digits(&t[0..2])?, digits(&t[3..5])?);
    if hour > 23 || minute > 59 {
        return bad;
    }
    let mut secs = hour * 3600 + minute * 60;
    let mut i = 5;
    if t.len() >= 8 && t[5] == b':' {
        let second = digits(&t[6..8])?;
        if second > 60 {
            return bad;
        }
        secs += second.min(59);
        i = 8;
        if t.len() > 8 && (t[8] == b'.' || t[8] == b',') {
            let n = t[9..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return bad;
            }
            i = 9 + n;
        }
    }
    let mut z = &t[i..];
    if z.first() == Some(&b' ') {
        z = &z[1..];
    }
    let offset = match z {
        [] => None,
        [b'Z'] => Some(0),
        [sign, h1, h2, rest @ ..] if *sign == b'+' || *sign == b'-' => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = match rest {
                [] => 0,
                [b':', m1, m2] | [m1, m2] => digits(&[*m1, *m2])?,
                _ => return bad,
            };
            if hours > 23 || minutes > 59 {
                return bad;
            }
            let east = (hours * 3600 + minutes * 60) as i32;
            Some(if *sign == b'-' { -east } else { east })
        }
        _ => return bad,
    };
    Ok(Clock { secs, offset })
}

fn digits(b: &[u8]) -> Result<u32, CellError> {
    b.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            Ok(acc * 10 + u32::from(c - b'0'))
        } else {
            Err(CellError::Unreadable)
        }
    })
}

/// Parses a survey answer: a whole number, alone or labelled the way survey
/// tools export it: `9`, `9.0`, `10 - Extremely likely`, `4 (Satisfied)`,
/// `Very satisfied (5)`. A leading number wins; otherwise the text must hold
/// exactly one number (native digits read as [`ascii_number`] says: `٩`
/// is 9). `-1` reads as -1 (then out of any scale); `7.5` and
/// `Very likely` are unreadable. Returns `Ok(None)` for a blank cell. The
/// scale is checked by the caller.
pub fn parse_score(raw: &str) -> Result<Option<i32>, CellError> {
    // Most answers are one or two plain digits: read without the general
    // path's scan for runs of digits (a heap allocation per answer was a
    // fifth of a survey read's CPU).
    let digit = |c: u8| c.is_ascii_digit().then(|| i32::from(c - b'0'));
    match *raw.as_bytes() {
        [] => return Ok(None),
        [a] => {
            if let Some(a) = digit(a) {
                return Ok(Some(a));
            }
        }
        [a, b] => {
            if let (Some(a), Some(b)) = (digit(a), digit(b)) {
                return Ok(Some(a * 10 + b));
            }
        }
        _ => {}
    }
    parse_score_text(raw)
}

/// [`parse_score`] of any text (the general path).
fn parse_score_text(raw: &str) -> Result<Option<i32>, CellError> {
    let text = ascii_number(raw, false)?;
    let s = trim_fast(&text);
    let b = s.as_bytes();
    if b.is_empty() {
        return Ok(None);
    }
    let runs: Vec<(usize, usize)> = {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                runs.push((start, i));
            } else {
                i += 1;
            }
        }
        runs
    };
    let negative = b.len() > 1 && b[0] == b'-' && b[1].is_ascii_digit();
    let (start, end) = match runs.first() {
        Some(&(0, end)) => (0, end),
        Some(&(1, end)) if negative => (1, end),
        Some(&run) if runs.len() == 1 => run,
        _ => return Err(CellError::Unreadable),
    };
    // "9.0" is 9; "7.5" is not a whole number.
    if b.get(end) == Some(&b'.') {
        let frac = b[end + 1..].iter().take_while(|c| c.is_ascii_digit());
        if frac.clone().count() == 0 || frac.clone().any(|&c| c != b'0') {
            return Err(CellError::Unreadable);
        }
    }
    if end - start > 3 {
        return Err(CellError::Unreadable);
    }
    let n = digits(&b[start..end])? as i32;
    Ok(Some(if negative { -n } else { n }))
}

/// Parses a `--since` / `--until` argument (a plain `YYYY-MM-DD` date).
pub fn parse_day_arg(s: &str) -> Result<i32, String> {
    match parse_date(s) {
        Ok(Some(d)) if s.trim().len() == 10 => Ok(d),
        _ => Err(format!(
            "'{}' is not a date; write it as YYYY-MM-DD",
            crate::text::shorten(s)
        )),
    }
}

/// `s` without surrounding white space. Checks the end bytes first: most
/// cells have nothing to trim, and `str::trim` is slow on every row.
pub fn trim_fast(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Normalises a customer identifier: surrounding white space is dropped and
/// e-mail addresses (anything with an `@`) are lower-cased, since
/// `Ann@Example.com` and `ann@example.com` are one customer. Other ids are
/// kept exactly (`00042` stays `00042`, `AB` and `ab` differ).
/// Returns `None` for a blank cell.
pub fn normalize_customer(raw: &str) -> Option<std::borrow::Cow<'_, str>> {
    let s = trim_fast(raw);
    let b = s.as_bytes();
    if s.is_empty() {
        None
    } else if b.contains(&b'@') && b.iter().any(u8::is_ascii_uppercase) {
        Some(std::borrow::Cow::Owned(s.to_ascii_lowercase()))
    } else {
        Some(std::borrow::Cow::Borrowed(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered last date never answers for another date, nor for
    /// an impossible one (`0000-00-00` first, `2024-02-30` after the 29th).
    #[test]
    fn a_repeated_date_reads_as_the_first_time() {
        let days = |s: &str| parse_date(s);
        assert_eq!(days("0000-00-00"), Err(CellError::Unreadable));
        let leap = days("2024-02-29").unwrap();
        assert_eq!(days("2024-02-29 10:00:00"), Ok(leap));
        assert_eq!(days("2024-02-30"), Err(CellError::Unreadable));
        assert_eq!(days("2024-03-01"), Ok(leap.map(|d| d + 1)));
        assert_eq!(days("2024-02-29T23:59:59"), Ok(leap));
        assert_eq!(leap, Some(19_782));
    }

    /// The one-pass reading of the common spellings gives what the general
    /// reader gives, under every rule it is used with; edge cases
    /// included (leap days, clocks out of range, a leap second).
    #[test]
    fn plain_dates_read_as_every_date_is_read() {
        let mut cells = Vec::new();
        for date in [
            "2024-01-15",
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "0000-01-01",
            "9999-12-31",
            "1969-12-31",
            "2024-1-015",
            "2024/01/15",
            "2O24-01-15",
        ] {
            cells.push(date.to_string());
            for sep in ["T", " ", "x"] {
                for clock in [
                    "00:00:00", "23:59:59", "23:59:60", "24:00:00", "12:60:00", "12:00:61",
                    "1:00:000", "12:00:0a", "12-00-00",
                ] {
                    cells.push(format!("{date}{sep}{clock}"));
                }
            }
        }
        let zoned = DateRules {
            zone: Some(chrono_tz::America::New_York),
            ..DateRules::default()
        };
        let rules = [
            DateRules::default(),
            DateRules {
                order: DateOrder::Mdy,
                ..DateRules::default()
            },
            DateRules {
                order: DateOrder::Dmy,
                two_digit_years: true,
                ..DateRules::default()
            },
            zoned,
        ];
        let mut fast = 0;
        for cell in &cells {
            fast += usize::from(plain_iso(cell.as_bytes()).is_some());
            for r in rules {
                assert_eq!(parse_date_with(cell, r), any_date(cell, r), "{cell} {r:?}");
            }
        }
        // Read in one pass: the first eight dates alone, and with `T` or a
        // space and the three clocks in range.
        assert_eq!(fast, 8 * 7);
    }

    fn parse_date_as(raw: &str, order: DateOrder) -> Result<Option<i32>, CellError> {
        let rules = DateRules {
            order,
            ..DateRules::default()
        };
        parse_date_with(raw, rules)
    }

    #[test]
    fn slash_dates_follow_the_date_order() {
        let d = |s: &str, o| {
            parse_date_as(s, o)
                .unwrap()
                .map(date_from_days)
                .map(|d| d.to_string())
        };
        assert_eq!(
            d("01/15/2024 10:22:31 AM", DateOrder::Mdy).as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(d("1/2/2024", DateOrder::Mdy).as_deref(), Some("2024-01-02"));
        assert_eq!(d("1/2/2024", DateOrder::Dmy).as_deref(), Some("2024-02-01"));
        assert_eq!(
            d("15.01.2024 22:10", DateOrder::Dmy).as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(
            d("2024-01-15", DateOrder::Mdy).as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(d(" ", DateOrder::Mdy), None);
        for bad in [
            "13/01/2024",
            "01/15/24",
            "01/15/024",
            "1/2/2024 25h",
            "01/15/2024 10:22:31 XM",
        ] {
            assert!(parse_date_as(bad, DateOrder::Mdy).is_err(), "{bad}");
        }
        assert!(parse_date_as("01/15/2024", DateOrder::Iso).is_err());
    }

    #[test]
    fn native_digit_amounts_read_like_ascii_ones() {
        let cases = [
            ("١٢٣٫٥٠", 12_350),
            ("١٢٣٫٥٠ ر.س", 12_350),
            ("١٬٢٣٤٫٥ د.إ", 123_450),
            ("ج.م ٧", 700),
            ("۱۲۳٫۴", 12_340),
            ("๑๒.๐๐", 1_200),
            ("๑,๒๐๐ บาท", 120_000),
            ("-١٢", -1_200),
            ("SAR ١٢", 1_200),
            ("12.00 ILS", 1_200),
            ("\u{200F}١٢٣\u{200F}", 12_300),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_cents(raw), Ok(Some(want)), "{raw}");
        }
        assert_eq!(parse_amount("١٬٢٣٤٫٥", true), Ok(Some(123_450)));
        // Quantities and unit prices go through the same normaliser.
        assert_eq!(parse_fixed("٢٫٥", QUANTITY_PLACES), Ok(Some(2_500)));
        assert_eq!(parse_fixed_as("๑,๒", PRICE_PLACES, true), Ok(Some(12_000)));
        assert_eq!(parse_amount("١٢٫٥ ر.س", true), Ok(Some(1_250)));
        for bad in ["١2٣", "๑٢", "١٢٫٣٤٥"] {
            assert!(parse_cents(bad).is_err(), "{bad}");
        }
    }

    /// A date as `YYYY-MM-DD` text, read under `rules`.
    fn d(s: &str, rules: DateRules) -> Result<Option<String>, CellError> {
        parse_date_with(s, rules).map(|d| d.map(date_from_days).map(|d| d.to_string()))
    }

    #[test]
    fn native_digit_scores_and_dates() {
        assert_eq!(parse_score("٩"), Ok(Some(9)));
        assert_eq!(parse_score("๑๐"), Ok(Some(10)));
        assert!(matches!(parse_score("١0"), Err(CellError::MixedDigits(_))));
        let dmy = DateRules {
            order: DateOrder::Dmy,
            ..DateRules::default()
        };
        assert_eq!(
            d("٢٠٢٤-٠١-٠٥", DateRules::default()),
            Ok(Some("2024-01-05".into()))
        );
        assert_eq!(d("٠٥/٠١/٢٠٢٤", dmy), Ok(Some("2024-01-05".into())));
        assert!(matches!(
            d("٢٠٢٤-01-05", dmy),
            Err(CellError::MixedDigits(_))
        ));
    }

    #[test]
    fn day_first_dates_with_dots_dashes_and_two_digit_years() {
        let dmy = DateRules {
            order: DateOrder::Dmy,
            ..DateRules::default()
        };
        for s in ["05.01.2024", "05-01-2024", "5/1/2024", "05.01.2024 09:30"] {
            assert_eq!(d(s, dmy), Ok(Some("2024-01-05".into())), "{s}");
        }
        // Two-digit years only when asked for, with the POSIX pivot.
        assert_eq!(d("5/1/24", dmy), Err(CellError::Unreadable));
        let two = DateRules {
            two_digit_years: true,
            ..dmy
        };
        assert_eq!(d("5/1/24", two), Ok(Some("2024-01-05".into())));
        assert_eq!(d("5/1/68", two), Ok(Some("2068-01-05".into())));
        assert_eq!(d("5/1/69", two), Ok(Some("1969-01-05".into())));
        assert_eq!(d("5/1/00", two), Ok(Some("2000-01-05".into())));
        assert_eq!(d("5/1/024", two), Err(CellError::Unreadable));
    }

    #[test]
    fn buddhist_era_years_are_543_ahead() {
        let be = DateRules {
            calendar: Calendar::Buddhist,
            ..DateRules::default()
        };
        assert_eq!(d("2567-01-05", be), Ok(Some("2024-01-05".into())));
        // BE 2567 is the leap year 2024: 29 February exists.
        assert_eq!(d("2567-02-29", be), Ok(Some("2024-02-29".into())));
        assert_eq!(d("2566-02-29", be), Err(CellError::Unreadable));
        let thai = DateRules {
            order: DateOrder::Dmy,
            calendar: Calendar::Buddhist,
            ..DateRules::default()
        };
        assert_eq!(d("๕/๑/๒๕๖๗", thai), Ok(Some("2024-01-05".into())));
        let short = DateRules {
            two_digit_years: true,
            ..thai
        };
        assert_eq!(d("5/1/67", short), Ok(Some("2024-01-05".into())));
        assert_eq!(
            d("2567-01-05", DateRules::default()),
            Ok(Some("2567-01-05".into()))
        );
    }

    #[test]
    fn amounts_in_every_accepted_spelling() {
        let cases = [
            ("12", 1200),
            ("12.5", 1250),
            ("12.05", 1205),
            (".5", 50),
            ("1,234.50", 123_450),
            ("$1,234.50", 123_450),
            (" $ 7.10 ", 710),
            ("-12.00", -1200),
            ("-$12", -1200),
            ("$-12", -1200),
            ("(12.00)", -1200),
            ("($3.40)", -340),
            ("USD 12.00", 1200),
            ("12.00 EUR", 1200),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_cents(raw), Ok(Some(want)), "{raw}");
        }
        // A decimal comma is not a thousands separator: refused, not misread.
        assert_eq!(parse_cents("€9,99"), Err(CellError::Unreadable));
        assert_eq!(parse_cents("12.500"), Ok(Some(1250)));
        assert_eq!(parse_cents("0.07"), Ok(Some(7)));
        assert_eq!(parse_cents("100"), Ok(Some(10_000)));
        assert_eq!(parse_cents("5."), Ok(Some(500)));
        assert_eq!(parse_cents("+3"), Ok(Some(300)));
    }

    #[test]
    fn fixed_point_values_in_any_precision() {
        assert_eq!(parse_fixed("6", 3), Ok(Some(6000)));
        assert_eq!(parse_fixed("-1", 3), Ok(Some(-1000)));
        assert_eq!(parse_fixed("0.125", 3), Ok(Some(125)));
        assert_eq!(parse_fixed("1,250.5", 3), Ok(Some(1_250_500)));
        assert_eq!(parse_fixed("0.1250", 3), Ok(Some(125)));
        assert_eq!(parse_fixed("0.1255", 3), Err(CellError::SubCent));
        assert_eq!(parse_fixed("2.55", 4), Ok(Some(25_500)));
        assert_eq!(parse_fixed("0.001", 4), Ok(Some(10)));
        assert_eq!(parse_fixed("$-11,062.06", 4), Ok(Some(-110_620_600)));
        assert_eq!(parse_fixed("six", 3), Err(CellError::Unreadable));
        assert_eq!(parse_fixed("  ", 3), Ok(None));
        assert_eq!(parse_fixed_as("1.234,5", 3, true), Ok(Some(1_234_500)));
        // The fast path and the general one agree.
        for s in ["0", "12", "12.5", "12.50", "99999999999999.99"] {
            assert_eq!(plain_fixed(s.as_bytes(), 2), parse_cents(s).unwrap(), "{s}");
        }
    }

    #[test]
    fn line_amounts_round_half_to_even_once() {
        // 6 x 2.55 = 15.30 exactly.
        assert_eq!(line_cents(6_000, 25_500), Some(1_530));
        // 0.5 x 0.25 = 0.125 -> 0.12; 0.5 x 0.27 = 0.135 -> 0.14.
        assert_eq!(line_cents(500, 2_500), Some(12));
        assert_eq!(line_cents(500, 2_700), Some(14));
        // Negative quantities (returns) mirror: -0.125 -> -0.12.
        assert_eq!(line_cents(-500, 2_500), Some(-12));
        assert_eq!(line_cents(-500, 2_700), Some(-14));
        // 1.5 x 0.333 = 0.4995 -> 0.50 (above half); 3 x 0.0001 = 0.0003 -> 0.00.
        assert_eq!(line_cents(1_500, 3_330), Some(50));
        assert_eq!(line_cents(3_000, 1), Some(0));
        assert_eq!(line_cents(i64::MAX, i64::MAX), None);
    }

    #[test]
    fn decimal_comma_amounts() {
        assert_eq!(parse_amount("1.234,50", true), Ok(Some(123_450)));
        assert_eq!(parse_amount("€ 9,99", true), Ok(Some(999)));
        assert_eq!(parse_amount("-12", true), Ok(Some(-1200)));
        assert_eq!(parse_amount("1,234.50", true), Err(CellError::Unreadable));
        assert_eq!(parse_amount("1,234.50", false), Ok(Some(123_450)));
    }

    #[test]
    fn blank_amounts_are_none_and_garbage_is_an_error() {
        assert_eq!(parse_cents(""), Ok(None));
        assert_eq!(parse_cents("   "), Ok(None));
        for bad in [
            "abc", "1.2.3", "12,34", "1,2345", "$", "-", "12-", "1e5", "0x10", ".",
        ] {
            assert_eq!(parse_cents(bad), Err(CellError::Unreadable), "{bad}");
        }
        assert_eq!(parse_cents("12.345"), Err(CellError::SubCent));
        assert_eq!(
            parse_cents("99999999999999999999"),
            Err(CellError::Unreadable)
        );
    }

    #[test]
    fn dates_and_timestamps() {
        let d = |s| parse_date(s).unwrap().map(date_from_days);
        let jan15 = NaiveDate::from_ymd_opt(2024, 1, 15);
        for s in [
            "2024-01-15",
            "2024-01-15T10:22:31",
            "2024-01-15 10:22:31",
            "2024-01-15 10:22",
            "2024-01-15T10:22:31.123Z",
            "2024-01-15T23:59:59+05:30",
            "2024-01-15 22:10:00 -0500",
            "2024-01-15T10:22:31-05",
        ] {
            assert_eq!(d(s), jan15, "{s}");
        }
        assert_eq!(parse_date("1970-01-01"), Ok(Some(0)));
        assert_eq!(parse_date(" "), Ok(None));
    }

    #[test]
    fn zoned_dates_convert_only_times_with_an_offset_or_in_a_utc_column() {
        let ny = DateRules {
            zone: Some(chrono_tz::America::New_York),
            ..DateRules::default()
        };
        let utc_column = DateRules {
            utc_column: true,
            ..ny
        };
        // 04:30Z: 23:30 EST the day before; 00:30 EDT the same day.
        assert_eq!(
            d("2024-03-10T04:30:00Z", ny).unwrap().unwrap(),
            "2024-03-09"
        );
        assert_eq!(
            d("2024-03-11 04:30 +0000", ny).unwrap().unwrap(),
            "2024-03-11"
        );
        assert_eq!(
            d("2024-03-11T01:30:00+05:30", ny).unwrap().unwrap(),
            "2024-03-10"
        );
        // Without an offset: as written, unless the column is marked UTC.
        assert_eq!(d("2024-03-10 04:30:00", ny).unwrap().unwrap(), "2024-03-10");
        assert_eq!(
            d("2024-03-10 04:30:00", utc_column).unwrap().unwrap(),
            "2024-03-09"
        );
        assert_eq!(d("2024-03-10", utc_column).unwrap().unwrap(), "2024-03-10");
        // A leap second is the second before it.
        assert_eq!(
            d("2016-12-31T23:59:60Z", utc_column).unwrap().unwrap(),
            "2016-12-31"
        );
        let mdy = DateRules {
            order: DateOrder::Mdy,
            ..utc_column
        };
        assert_eq!(d("03/10/2024 4:30 AM", mdy).unwrap().unwrap(), "2024-03-09");
        assert_eq!(
            d("03/10/2024 12:30 PM", mdy).unwrap().unwrap(),
            "2024-03-10"
        );
        assert_eq!(
            d("03/11/2024 12:30 AM", mdy).unwrap().unwrap(),
            "2024-03-10"
        );
        // A clock out of range is read loosely as ever, unless converted.
        let loose = DateRules { zone: None, ..mdy };
        assert_eq!(
            d("03/11/2024 13:00 PM", loose).unwrap().unwrap(),
            "2024-03-11"
        );
        assert_eq!(d("03/11/2024 13:00 PM", mdy), Err(CellError::Unreadable));
    }

    #[test]
    fn unreadable_dates() {
        for bad in [
            "2024-13-01",
            "2024-02-30",
            "15/01/2024",
            "2024-01-15x",
            "2024-01-15T25:00",
            "2024-01-15T10:22:31+0",
            "yesterday",
            "2024-1-5",
        ] {
            assert_eq!(parse_date(bad), Err(CellError::Unreadable), "{bad}");
        }
    }

    #[test]
    fn survey_answers_alone_or_labelled() {
        let cases = [
            ("9", 9),
            (" 10 ", 10),
            ("0", 0),
            ("9.0", 9),
            ("10 - Extremely likely", 10),
            ("0 - Not at all likely", 0),
            ("4 (Satisfied)", 4),
            ("Very satisfied (5)", 5),
            ("-1", -1),
            ("11", 11),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_score(raw), Ok(Some(want)), "{raw}");
        }
        assert_eq!(parse_score("  "), Ok(None));
        for bad in ["7.5", "Very likely", "between 7 and 8", "1234", "x.", "9."] {
            assert_eq!(parse_score(bad), Err(CellError::Unreadable), "{bad}");
        }
    }

    /// The short path for one or two digits reads every text of up to two
    /// bytes as the general path does (blank, spaces, signs, dots, letters).
    #[test]
    fn short_answers_read_as_the_general_path_reads_them() {
        let bytes: Vec<u8> = (0x20..0x7f).chain([b'\t']).collect();
        let mut texts = vec![String::new()];
        for &a in &bytes {
            texts.push(char::from(a).to_string());
            for &b in &bytes {
                texts.push(format!("{}{}", char::from(a), char::from(b)));
            }
        }
        for t in texts.iter().map(String::as_str).chain(["é", "٩"]) {
            assert_eq!(parse_score(t), super::parse_score_text(t), "{t:?}");
        }
    }

    #[test]
    fn day_arguments_must_be_plain_dates() {
        assert_eq!(parse_day_arg("2024-03-01"), Ok(19_783));
        assert!(parse_day_arg("2024-03-01T00:00").is_err());
        assert!(parse_day_arg("March").is_err());
    }

    #[test]
    fn trim_fast_agrees_with_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "ab",
            "\u{a0}x\u{a0}",
            "é",
            "x y",
        ] {
            assert_eq!(trim_fast(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn customers_keep_their_spelling_except_email_case() {
        assert_eq!(normalize_customer(" 00042 ").as_deref(), Some("00042"));
        assert_eq!(
            normalize_customer("Ann@Example.COM").as_deref(),
            Some("ann@example.com")
        );
        assert_eq!(normalize_customer("AB").as_deref(), Some("AB"));
        assert_eq!(normalize_customer("  "), None);
    }
}
