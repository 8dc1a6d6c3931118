//! `engage compare KIND RESULT.csv [options] FILE...`: runs `engage KIND
//! --format csv` with the options on a sample export (this same binary,
//! so every option means what it means there) and compares a warehouse's
//! result CSV with it cell by cell: headers and row count equal, counts,
//! labels and text exactly, money (`revenue`) as exact decimals,
//! quotients to 1e-9 relative, flags by truth value.

use std::path::Path;
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};

use crate::cli::{CompareArgs, ResultKind};
use crate::config::usage;

/// Columns that are quotients in floating point: equal within
/// `TOLERANCE`.
pub const QUOTIENTS: &[&str] = &[
    "aov",
    "purchase_frequency",
    "repeat_purchase_rate",
    "returning_customer_rate",
    "repeat_revenue_share",
    "repeat_vs_one_time_spend",
    "promoters_pct",
    "passives_pct",
    "detractors_pct",
    "nps",
    "nps_margin",
    "csat",
    "csat_mean",
    "csat_low",
    "csat_high",
    "recency",
    "T",
    "monetary_value",
    "retention",
    "revenue_per_customer",
    "cumulative_revenue_per_customer",
    "repeat_rate_cumulative",
];

/// Exact decimal money columns.
pub const MONEY: &[&str] = &["revenue"];

/// True/false columns.
pub const FLAGS: &[&str] = &["low_sample"];

/// Relative tolerance of quotients (magnitudes below 1 count as 1, so
/// that 0 and 1e-15 are equal).
pub const TOLERANCE: f64 = 1e-9;

/// Differences listed at most.
const SHOWN: usize = 20;

/// `config`: the `--config` given to `engage compare`, passed on to the
/// run of `engage KIND`.
pub fn run(args: CompareArgs, config: Option<&Path>) -> Result<()> {
    let kind = match args.kind {
        ResultKind::Orders => "orders",
        ResultKind::Survey => "survey",
        ResultKind::Customers => "customers",
        ResultKind::Cohorts => "cohorts",
    };
    if args.args.iter().any(|a| {
        matches!(a.as_str(), "-f" | "--format" | "-o" | "--output")
            || a.starts_with("--format=")
            || a.starts_with("--output=")
    }) {
        return Err(usage(
            "engage compare runs engage with --format csv itself: leave out --format and -o",
        ));
    }
    let warehouse = read_csv(&args.result)?;
    let exe = std::env::current_exe().context("cannot find the engage binary to run")?;
    let mut cmd = Command::new(exe);
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    let out = cmd
        .arg(kind)
        .args(["--format", "csv", "-q"])
        .args(&args.args)
        .output()
        .context("cannot run engage")?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        // The first line says what is wrong (clap adds usage lines).
        let msg = msg.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let msg = msg.trim().trim_start_matches("engage: ");
        let err = anyhow!("engage {kind} on the sample failed: {msg}");
        return Err(match out.status.code() {
            Some(2) => usage(format!("{err:#}")),
            _ => err,
        });
    }
    let engage = parse_csv(&out.stdout).context("reading engage's own output")?;
    let shown = args.result.display().to_string();
    let diffs = differences(&warehouse, &engage);
    if diffs.is_empty() {
        let count = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
        println!(
            "{shown}: equal to engage {kind}: {} x {}",
            count(engage.len().saturating_sub(1), "row"),
            count(engage.first().map_or(0, Vec::len), "column")
        );
        return Ok(());
    }
    for d in diffs.iter().take(SHOWN) {
        println!("{d}");
    }
    bail!(
        "{shown}: {} difference{} from engage {kind}{}",
        diffs.len(),
        if diffs.len() == 1 { "" } else { "s" },
        if diffs.len() > SHOWN {
            format!(" (the first {SHOWN} listed on stdout)")
        } else {
            " (listed on stdout)".into()
        }
    )
}

fn read_csv(path: &Path) -> Result<Vec<Vec<String>>> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read it", path.display()))?;
    parse_csv(&bytes).with_context(|| format!("{}: not a CSV file", path.display()))
}

fn parse_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for rec in r.records() {
        rows.push(rec?.iter().map(str::to_string).collect());
    }
    if rows.is_empty() {
        bail!("no header row");
    }
    Ok(rows)
}

/// Every difference between a warehouse table and engage's (each a header
/// row, then data rows), in reading order.
pub fn differences(warehouse: &[Vec<String>], engage: &[Vec<String>]) -> Vec<String> {
    let (wh, eh) = (&warehouse[0], &engage[0]);
    let same_header =
        wh.len() == eh.len() && wh.iter().zip(eh).all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same_header {
        return vec![format!(
            "header: warehouse {}, engage {}",
            wh.join(","),
            eh.join(",")
        )];
    }
    let mut out = Vec::new();
    let (wn, en) = (warehouse.len() - 1, engage.len() - 1);
    if wn != en {
        out.push(format!("rows: warehouse {wn}, engage {en}"));
    }
    for (i, (w, e)) in warehouse[1..].iter().zip(&engage[1..]).enumerate() {
        for (j, name) in eh.iter().enumerate() {
            let (a, b) = (
                w.get(j).map_or("", String::as_str),
                e.get(j).map_or("", String::as_str),
            );
            if !equal(name, a, b) {
                out.push(format!(
                    "row {} ({}), column {name}: warehouse {a:?}, engage {b:?}",
                    i + 1,
                    e.first().map_or("", String::as_str)
                ));
            }
        }
    }
    out
}

/// Whether a warehouse cell `a` equals engage's cell `b` in column `name`.
pub fn equal(name: &str, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if QUOTIENTS.contains(&name) {
        return match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            (Ok(x), Ok(y)) => (x - y).abs() <= TOLERANCE * x.abs().max(y.abs()).max(1.0),
            _ => false,
        };
    }
    if MONEY.contains(&name) {
        return decimal(a).is_some() && decimal(a) == decimal(b);
    }
    if FLAGS.contains(&name) {
        return truth(a).is_some() && truth(a) == truth(b);
    }
    // engage neutralises text a spreadsheet would run as a formula.
    if let Some(rest) = b.strip_prefix('\'') {
        if rest == a && crate::report::csv::neutralise(a) == b {
            return true;
        }
    }
    // Counts written as 3.0 by some engines.
    matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// A decimal's digits with no leading or trailing zeros: ("-", "12", "5")
/// for -12.50.
fn decimal(s: &str) -> Option<(bool, String, String)> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let int = int.trim_start_matches('0').to_string();
    let frac = frac.trim_end_matches('0').to_string();
    let zero = int.is_empty() && frac.is_empty();
    Some((neg && !zero, int, frac))
}

fn truth(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "t" | "1" => Some(true),
        "false" | "f" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_compare_by_their_column_kind() {
        assert!(equal("revenue", "148.0", "148.00"));
        assert!(equal("revenue", "-0.00", "0"));
        assert!(!equal("revenue", "148.01", "148.00"));
        assert!(equal("aov", "18.500000000000004", "18.5"));
        assert!(!equal("aov", "18.5001", "18.5"));
        assert!(equal("csat_low", "1e-15", "0"));
        assert!(!equal("aov", "", "18.5"));
        assert!(equal("aov", "", ""));
        assert!(equal("low_sample", "t", "true"));
        assert!(equal("orders", "3.0", "3"));
        assert!(!equal("period", "2024-W01", "2024-W02"));
        assert!(equal("channel", "-web", "'-web"));
        assert!(!equal("channel", "'-web", "-web"));
    }

    #[test]
    fn differences_name_the_row_and_column() {
        let t = |rows: &[&[&str]]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect()
        };
        let engage = t(&[&["period", "aov"], &["2024-W01", "20.5"]]);
        assert!(differences(&t(&[&["PERIOD", "aov"], &["2024-W01", "20.5"]]), &engage).is_empty());
        let d = differences(&t(&[&["period", "aov"], &["2024-W01", "20.6"]]), &engage);
        assert_eq!(
            d,
            ["row 1 (2024-W01), column aov: warehouse \"20.6\", engage \"20.5\""]
        );
        let d = differences(&t(&[&["period", "aov"]]), &engage);
        assert_eq!(d, ["rows: warehouse 0, engage 1"]);
    }
}
