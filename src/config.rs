//! Turns parsed arguments into a validated, typed run configuration.
//! Everything a user can get wrong on the command line is caught here, before
//! any file is read, and reported as a [`UsageError`] (exit code 2).

use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{
    Format, InputArgs, LineItems, OrdersArgs, OutputArgs, Period, ScopeArgs, SurveyArgs,
};
use crate::input::parse::parse_day_arg;

/// A mistake in the command line rather than in the data: exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// Which rows count and how they are grouped.
#[derive(Debug, Clone)]
pub struct Scope {
    pub by: Option<Period>,
    pub segments: Vec<String>,
    /// Inclusive bounds, in days since 1970-01-01.
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub skip_invalid: bool,
}

impl Scope {
    /// Dates are read only when something uses them.
    pub fn needs_dates(&self) -> bool {
        self.by.is_some() || self.since.is_some() || self.until.is_some()
    }
}

/// How input files are read.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// `None`: detected per file.
    pub delimiter: Option<u8>,
    pub decimal_comma: bool,
    /// `None`: UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

fn input(args: InputArgs) -> anyhow::Result<InputOptions> {
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && d != "\"" && d != "\n" && d != "\r" => Some(d.as_bytes()[0]),
        Some(d) => {
            return Err(usage(format!(
                "--delimiter '{d}': give one ASCII character other than a quote or line break, or `tab`"
            )))
        }
    };
    let encoding = match args.encoding.as_deref() {
        None => None,
        Some(name) => match encoding_rs::Encoding::for_label(name.trim().as_bytes()) {
            Some(e) if e == encoding_rs::UTF_8 => None,
            Some(e) => Some(e),
            None => {
                return Err(usage(format!(
                "--encoding '{name}': unknown encoding; try latin1, windows-1252, utf-16 or utf-8"
            )))
            }
        },
    };
    Ok(InputOptions {
        delimiter,
        decimal_comma: args.decimal_comma,
        encoding,
    })
}

/// The statuses an order may have and still count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusRule {
    /// Everything counts except these (lower-case); a blank status counts.
    Exclude(Vec<String>),
    /// Only these count (lower-case); a blank status does not.
    Include(Vec<String>),
}

/// Statuses excluded when neither `--exclude-status` nor `--include-status`
/// is given (matched exactly, case-insensitively).
pub const DEFAULT_EXCLUDED_STATUSES: &[&str] =
    &["refunded", "cancelled", "canceled", "voided", "failed"];

impl StatusRule {
    /// Whether an order with this status counts; `None` is a blank status.
    pub fn counts(&self, status: Option<&str>) -> bool {
        match (self, status) {
            (StatusRule::Exclude(list), Some(s)) => !listed(list, s),
            (StatusRule::Exclude(_), None) => true,
            (StatusRule::Include(list), Some(s)) => listed(list, s),
            (StatusRule::Include(_), None) => false,
        }
    }
}

/// Whether `status` is in `list` (lower-case), ignoring case and
/// surrounding space; allocation-free for ASCII, since it runs on every row.
fn listed(list: &[String], status: &str) -> bool {
    let s = status.trim();
    if s.is_ascii() {
        list.iter().any(|x| x.eq_ignore_ascii_case(s))
    } else {
        let lower = s.to_lowercase();
        list.contains(&lower)
    }
}

/// `--*-col` overrides for the order columns.
#[derive(Debug, Clone, Default)]
pub struct OrderColumns {
    pub order_id: Option<String>,
    pub customer: Option<String>,
    pub date: Option<String>,
    pub amount: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OrdersConfig {
    pub files: Vec<String>,
    pub scope: Scope,
    pub input: InputOptions,
    pub columns: OrderColumns,
    pub status: StatusRule,
    pub line_items: LineItems,
    pub output: OutputConfig,
}

#[derive(Debug, Clone)]
pub struct OutputConfig {
    pub format: Format,
    pub path: Option<PathBuf>,
    pub quiet: bool,
}

impl OrdersConfig {
    pub fn from_args(args: OrdersArgs) -> anyhow::Result<Self> {
        let status = match (&args.include_status, &args.exclude_status) {
            (Some(list), _) => {
                let list = status_list(list);
                if list.is_empty() {
                    return Err(usage("--include-status needs at least one status"));
                }
                StatusRule::Include(list)
            }
            (None, Some(list)) => StatusRule::Exclude(status_list(list)),
            (None, None) => StatusRule::Exclude(
                DEFAULT_EXCLUDED_STATUSES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
        };
        Ok(OrdersConfig {
            files: args.files,
            scope: scope(args.scope)?,
            input: input(args.input)?,
            columns: OrderColumns {
                order_id: args.order_id_col,
                customer: args.customer_col,
                date: args.date_col,
                amount: args.amount_col,
                status: args.status_col,
            },
            status,
            line_items: args.line_items,
            output: output(args.output)?,
        })
    }
}

/// `--*-col` overrides for the survey columns.
#[derive(Debug, Clone, Default)]
pub struct SurveyColumns {
    pub nps: Option<String>,
    pub csat: Option<String>,
    pub date: Option<String>,
    pub customer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SurveyConfig {
    pub files: Vec<String>,
    pub scope: Scope,
    pub input: InputOptions,
    pub columns: SurveyColumns,
    /// CSAT answers run from 1 to this (5, 7 or 10).
    pub csat_scale: u8,
    /// CSAT answers from this up are satisfied.
    pub csat_satisfied: u8,
    pub output: OutputConfig,
}

impl SurveyConfig {
    pub fn from_args(args: SurveyArgs) -> anyhow::Result<Self> {
        let scale = args.csat_scale;
        // Top two boxes by default.
        let satisfied = args.csat_satisfied.unwrap_or(scale - 1);
        if !(1..=scale).contains(&satisfied) {
            return Err(usage(format!(
                "--csat-satisfied {satisfied}: must be an answer on the 1-{scale} scale"
            )));
        }
        Ok(SurveyConfig {
            files: args.files,
            scope: scope(args.scope)?,
            input: input(args.input)?,
            columns: SurveyColumns {
                nps: args.nps_col,
                csat: args.csat_col,
                date: args.date_col,
                customer: args.customer_col,
            },
            csat_scale: scale,
            csat_satisfied: satisfied,
            output: output(args.output)?,
        })
    }
}

fn status_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn scope(args: ScopeArgs) -> anyhow::Result<Scope> {
    let day = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<i32>> {
        v.as_deref()
            .map(|s| parse_day_arg(s).map_err(|e| usage(format!("{flag}: {e}"))))
            .transpose()
    };
    let since = day("--since", &args.since)?;
    let until = day("--until", &args.until)?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(usage(format!(
                "--since {} is after --until {}: no day is in that range",
                args.since.unwrap_or_default(),
                args.until.unwrap_or_default()
            )));
        }
    }
    let mut segments: Vec<String> = Vec::new();
    for s in args.segment {
        if s.trim().is_empty() {
            return Err(usage("--segment needs a column name"));
        }
        if segments.iter().any(|t| t.eq_ignore_ascii_case(&s)) {
            return Err(usage(format!("--segment {s} is given twice")));
        }
        segments.push(s);
    }
    Ok(Scope {
        by: args.by,
        segments,
        since,
        until,
        skip_invalid: args.skip_invalid,
    })
}

fn output(args: OutputArgs) -> anyhow::Result<OutputConfig> {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => format_from_extension(path)?,
        (None, None) if std::io::stdout().is_terminal() => Format::Table,
        (None, None) => Format::Csv,
    };
    if let Some(path) = &args.output {
        if path.as_os_str().is_empty() || path.is_dir() {
            return Err(usage(format!(
                "-o {}: give a file name to write, not a folder",
                path.display()
            )));
        }
    }
    Ok(OutputConfig {
        format,
        path: args.output,
        quiet: args.quiet,
    })
}

fn format_from_extension(path: &std::path::Path) -> anyhow::Result<Format> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("json") => Ok(Format::Json),
        Some("md" | "markdown") => Ok(Format::Markdown),
        Some("txt") => Ok(Format::Table),
        _ => Err(usage(format!(
            "-o {}: cannot tell the format from the extension; use .csv, .json, .md or .txt, or give --format",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_status_rule_excludes_refunds_and_cancellations_in_any_case() {
        let rule = StatusRule::Exclude(
            DEFAULT_EXCLUDED_STATUSES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        assert!(rule.counts(Some("paid")));
        assert!(rule.counts(None));
        assert!(!rule.counts(Some("Refunded")));
        assert!(!rule.counts(Some(" CANCELED ")));
        // Exact match: a partial refund is not a refund.
        assert!(rule.counts(Some("partially_refunded")));
    }

    #[test]
    fn include_rule_drops_blank_statuses() {
        let rule = StatusRule::Include(vec!["paid".into()]);
        assert!(rule.counts(Some("PAID")));
        assert!(!rule.counts(None));
        assert!(!rule.counts(Some("pending")));
    }

    #[test]
    fn format_follows_the_output_extension() {
        let f = |p: &str| format_from_extension(std::path::Path::new(p)).ok();
        assert_eq!(f("a.CSV"), Some(Format::Csv));
        assert_eq!(f("a.json"), Some(Format::Json));
        assert_eq!(f("a.md"), Some(Format::Markdown));
        assert_eq!(f("a.xlsx"), None);
    }
}
