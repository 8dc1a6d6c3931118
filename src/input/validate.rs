//! Row validation shared by every input kind: checks find the rows whose
//! value is blank or unreadable, the validator drops them and remembers the
//! earliest in file order, and at the end either reports it (file, line,
//! column, value, fix) or, with `--skip-invalid`, counts the skipped rows by
//! reason.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::cells::{problem_column, problem_of, PROBLEM_SUFFIX};
use super::parse::CellError;
use super::{locate, Source, DATE, FILE, ROW};

/// A problem a value can have: what it is and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    pub reason: &'static str,
    pub fix: &'static str,
}

/// The problem of each row, or `None` when no row has one (the common case,
/// which a check should decide without a row loop).
pub type Found = Option<Vec<Option<Problem>>>;

/// Finds the problems of a frame's rows.
pub type Finder = Box<dyn Fn(&DataFrame) -> PolarsResult<Found>>;

/// One check: how to find problems in a frame, and which header column it
/// reads in each file (for the line lookup and the message).
pub struct Check {
    pub columns: Vec<usize>,
    pub find: Finder,
}

pub const DATE_UNREADABLE: Problem = Problem {
    reason: "unreadable date",
    fix: "write dates as YYYY-MM-DD or an ISO 8601 timestamp, or give --date-order mdy for dates like 01/15/2024 (dmy for 15/01/2024 or 15.01.2024), --two-digit-years for years like 24, --calendar buddhist for Buddhist-era years",
};

/// The problem codes of the number column `name` (see
/// [`super::cells::problem_column`]), or `None` when no value has one.
pub fn problem_codes(df: &DataFrame, name: &str) -> PolarsResult<Option<Vec<Option<CellError>>>> {
    // Dropped once the rows with problems are (see `drop_problems`).
    let Ok(codes) = df.column(&problem_column(name)) else {
        return Ok(None);
    };
    if let Some(scalar) = codes.as_scalar_column() {
        if scalar.scalar().value().extract::<u32>() == Some(0) {
            return Ok(None);
        }
    }
    let codes = codes.u32()?;
    if codes.max().is_none_or(|m| m == 0) {
        return Ok(None);
    }
    Ok(Some(codes.iter().map(|c| c.and_then(problem_of)).collect()))
}

/// `df` without its problem columns: for after the checks that read them,
/// so that later steps do not carry them.
pub fn drop_problems(df: &DataFrame) -> DataFrame {
    let names: Vec<PlSmallStr> = df
        .get_column_names()
        .into_iter()
        .filter(|n| n.ends_with(PROBLEM_SUFFIX))
        .cloned()
        .collect();
    df.drop_many(names)
}

/// Unreadable dates in the `_date` column, and with `blank` blank ones too.
pub fn date_check(columns: Vec<usize>, blank: Option<Problem>) -> Check {
    Check {
        columns,
        find: Box::new(move |df| {
            let problems = problem_codes(df, DATE)?;
            let ca = df.column(DATE)?.i32()?;
            if problems.is_none() && (blank.is_none() || ca.null_count() == 0) {
                return Ok(None);
            }
            Ok(Some(
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match problems.as_ref().and_then(|p| p[i]) {
                        Some(CellError::MixedDigits(m)) => Some(m.problem()),
                        Some(_) => Some(DATE_UNREADABLE),
                        None => v.is_none().then_some(blank).flatten(),
                    })
                    .collect(),
            ))
        }),
    }
}

/// Blank (null) cells of a column.
pub fn blank_check(columns: Vec<usize>, column: &'static str, blank: Problem) -> Check {
    Check {
        columns,
        find: Box::new(move |df| {
            // Text, or codes when the rows were read in batches.
            let c = df.column(column)?;
            if c.null_count() == 0 {
                return Ok(None);
            }
            let nulls = c.is_null();
            Ok(Some(
                nulls
                    .iter()
                    .map(|v| (v == Some(true)).then_some(blank))
                    .collect(),
            ))
        }),
    }
}

struct Located {
    file: u32,
    row: u64,
    column: usize,
    problem: Problem,
}

/// Problems found so far, over every validation step.
pub struct Validator<'a> {
    sources: &'a [Source],
    headers: Vec<&'a [String]>,
    skip_invalid: bool,
    counts: Skipped,
    total: u64,
    first: Option<Located>,
    /// The first rows (file, row) with each problem, for `engage check`.
    examples: BTreeMap<String, Vec<(u64, u64)>>,
}

/// How many rows `engage check` shows per problem.
pub const EXAMPLES: usize = 5;

/// An error that is ours, not the user's: still a message, never a panic.
pub fn internal(e: &PolarsError) -> anyhow::Error {
    anyhow::anyhow!("internal error while reading the input: {e}")
}

impl<'a> Validator<'a> {
    pub fn new(sources: &'a [Source], headers: Vec<&'a [String]>, skip_invalid: bool) -> Self {
        Validator {
            sources,
            headers,
            skip_invalid,
            counts: Skipped::new(),
            total: 0,
            first: None,
            examples: BTreeMap::new(),
        }
    }

    /// Drops every row with a problem and records it (a row with several
    /// problems counts once, under the first check that finds one). Whether
    /// that is an error is decided once all checks have run: [`Self::error`].
    pub fn validate(&mut self, df: DataFrame, checks: &[Check]) -> Result<DataFrame> {
        let mut found: Vec<(&Check, Vec<Option<Problem>>)> = Vec::new();
        for check in checks {
            if let Some(p) = (check.find)(&df).map_err(|e| internal(&e))? {
                found.push((check, p));
            }
        }
        if found.is_empty() {
            return Ok(df);
        }
        let position = |name: &str| {
            df.column(name)
                .and_then(|c| c.cast(&DataType::UInt64))
                .map_err(|e| internal(&e))
        };
        let (files, rows) = (position(FILE)?, position(ROW)?);
        let (files, rows) = (
            files.u64().map_err(|e| internal(&e))?,
            rows.u64().map_err(|e| internal(&e))?,
        );
        let mut keep = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let hit = found
                .iter()
                .find_map(|(check, problems)| problems[i].map(|p| (*check, p)));
            if let Some((check, problem)) = hit {
                *self.counts.entry(problem.reason.to_string()).or_default() += 1;
                self.total += 1;
                let at = (files.get(i).unwrap_or(0), rows.get(i).unwrap_or(0));
                let examples = self.examples.entry(problem.reason.to_string()).or_default();
                examples.push(at);
                if examples.len() > 4 * EXAMPLES {
                    examples.sort_unstable();
                    examples.truncate(EXAMPLES);
                }
                if self
                    .first
                    .as_ref()
                    .is_none_or(|f| at < (u64::from(f.file), f.row))
                {
                    let file = u32::try_from(at.0).unwrap_or(u32::MAX);
                    self.first = Some(Located {
                        file,
                        row: at.1,
                        column: check.columns.get(file as usize).copied().unwrap_or(0),
                        problem,
                    });
                }
            }
            keep.push(hit.is_none());
        }
        let mask = BooleanChunked::from_slice("keep".into(), &keep);
        df.filter(&mask).map_err(|e| internal(&e))
    }

    /// Whether a problem was found that is an error (no `--skip-invalid`).
    fn failed(&self) -> bool {
        !self.skip_invalid && self.first.is_some()
    }

    /// After the last check: `Ok(true)` to go on; `Ok(false)` when a problem
    /// must be reported but rows were read without positions (read again
    /// with them, see `read_twice`); the error when they were.
    pub fn proceed(&self, positions: bool) -> Result<bool> {
        match (self.failed(), positions) {
            (false, _) => Ok(true),
            (true, false) => Ok(false),
            (true, true) => Err(self
                .error()
                .unwrap_or_else(|| anyhow::anyhow!("invalid rows"))),
        }
    }

    /// The error for the earliest problem in file order, with how many more
    /// rows have one; `None` when nothing failed.
    fn error(&self) -> Option<anyhow::Error> {
        if !self.failed() {
            return None;
        }
        let more = match self.total - 1 {
            0 => String::new(),
            1 => " (1 more row has a problem)".to_string(),
            n => format!(" ({n} more rows have problems)"),
        };
        let first = self.first_problem()?;
        Some(anyhow::anyhow!(
            "{first}, or pass --skip-invalid to skip such rows{more}"
        ))
    }

    /// The error when no row is left (rows read with positions): `what`
    /// (`FILES: no orders left to count (WHY)`), then `; the first:
    /// FILE:LINE: ...`, the earliest skipped row and its fix (none when no
    /// row was skipped); with the rows behind it for `engage check`.
    pub fn nothing_left(&self, what: String, rows_read: u64) -> anyhow::Error {
        let first = self
            .first_problem()
            .map_or_else(String::new, |f| format!("; the first: {f}"));
        NothingLeft {
            message: format!("{what}{first}"),
            rows_read,
            skipped: self.counts.clone(),
            skipped_at: self.examples(),
        }
        .into()
    }

    /// The earliest problem in file order: `file:line`, what, the column,
    /// the value and the fix.
    fn first_problem(&self) -> Option<String> {
        let at = self.first.as_ref()?;
        let source = self.sources.get(at.file as usize)?;
        let header = self.headers.get(at.file as usize)?;
        let (at_line, value) = locate(source, at.row, at.column);
        let shown = if value.trim().is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", crate::text::shorten(&value))
        };
        let column = header.get(at.column).map_or("?", String::as_str);
        Some(format!(
            "{at_line}: {} in column '{column}'{shown}; {}",
            at.problem.reason, at.problem.fix
        ))
    }

    /// Rows skipped so far, as [`describe`] writes them.
    pub fn reasons(&self) -> String {
        describe(&self.counts)
    }

    /// Rows skipped, by reason.
    pub fn into_counts(self) -> Skipped {
        self.counts
    }

    /// The first rows with each problem, as `file:line` (only meaningful
    /// when rows were read with positions).
    pub fn examples(&self) -> BTreeMap<String, Vec<String>> {
        self.examples
            .iter()
            .map(|(reason, at)| {
                let mut at = at.clone();
                at.sort_unstable();
                at.truncate(EXAMPLES);
                let lines = at
                    .iter()
                    .filter_map(|&(file, row)| {
                        let source = self.sources.get(file as usize)?;
                        Some(locate(source, row, 0).0)
                    })
                    .collect();
                (reason.clone(), lines)
            })
            .collect()
    }
}

/// Rows skipped by `--skip-invalid`, by reason, for stderr and JSON.
pub type Skipped = BTreeMap<String, u64>;

/// No row left to count once the invalid ones are skipped: the error's
/// text, and what `engage check` shows of the rows (read, skipped by
/// reason, the first lines of each) as it does when some are left.
#[derive(Debug)]
pub struct NothingLeft {
    pub message: String,
    pub rows_read: u64,
    pub skipped: Skipped,
    pub skipped_at: BTreeMap<String, Vec<String>>,
}

impl std::fmt::Display for NothingLeft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NothingLeft {}

/// Skipped rows for people: `blank amount: 2, unreadable date: 1`.
pub fn describe(skipped: &Skipped) -> String {
    let parts: Vec<String> = skipped.iter().map(|(r, n)| format!("{r}: {n}")).collect();
    parts.join(", ")
}
