//! `--fail-if` thresholds: which columns of a report they may name, and the
//! verdict of one against the headline's value. Pure: the report shapes
//! the messages.

use anyhow::Result;

use crate::config::{usage, Threshold};

/// The prefixes of a comparison column (`delta_nps`).
pub const COMPARISON_PREFIXES: [&str; 3] = ["prev_", "delta_", "change_pct_"];

/// Yes/no columns, which have no change and no threshold.
pub fn is_flag(name: &str) -> bool {
    name.ends_with("low_sample") || name.ends_with("_significant")
}

/// Every `--fail-if` names a numeric column of the report: one of
/// `columns`, which has the `metrics` and, with `compare`, their
/// comparison columns. A usage error names the usable metrics.
pub fn validate(
    thresholds: &[Threshold],
    columns: &[String],
    metrics: &[&str],
    compare: bool,
) -> Result<()> {
    for t in thresholds {
        if columns.contains(&t.metric) && !is_flag(&t.metric) {
            continue;
        }
        let hint = if !compare && COMPARISON_PREFIXES.iter().any(|p| t.metric.starts_with(p)) {
            " (comparison columns need --compare previous)".to_string()
        } else {
            let usable: Vec<&str> = metrics.iter().copied().filter(|m| !is_flag(m)).collect();
            format!(
                "; use one of: {} (with --compare, also prev_, delta_ or change_pct_ before one)",
                usable.join(", ")
            )
        };
        return Err(usage(format!(
            "--fail-if '{}': '{}' is not a metric of this report{hint}",
            t.text, t.metric
        )));
    }
    Ok(())
}

/// The outcome of one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// The value is on the good side of the limit.
    Passed,
    /// The value broke the limit.
    Breached,
    /// No value (no answers in the period): it cannot pass, so it fails.
    NoValue,
    /// A survey value on fewer answers than `--min-responses`: neither
    /// breaks nor passes.
    Skipped { answers: u64 },
}

impl Verdict {
    /// Whether the run fails on it (exit 3).
    pub fn fails(self) -> bool {
        matches!(self, Verdict::Breached | Verdict::NoValue)
    }
}

/// `t` against `value`, which rests on `answers` survey answers (`None`
/// for an order metric).
pub fn judge(
    t: &Threshold,
    value: Option<f64>,
    answers: Option<u64>,
    min_responses: u64,
) -> Verdict {
    if let Some(n) = answers.filter(|&n| n < min_responses) {
        return Verdict::Skipped { answers: n };
    }
    match value {
        Some(x) if t.op.holds(x, t.limit) => Verdict::Breached,
        Some(_) => Verdict::Passed,
        None => Verdict::NoValue,
    }
}

/// The fewest answers a survey metric's value rests on, from the row's
/// numbers (`number(column)`): its score's `*_responses`, and for a
/// `prev_`, `delta_` or `change_pct_` column the previous period's too.
/// `None` for order metrics.
pub fn answers_behind(metric: &str, number: impl Fn(&str) -> Option<f64>) -> Option<u64> {
    let (base, compared) = COMPARISON_PREFIXES
        .iter()
        .find_map(|p| metric.strip_prefix(p).map(|b| (b, true)))
        .unwrap_or((metric, false));
    let count = if base.starts_with("nps")
        || ["promoters", "passives", "detractors"]
            .iter()
            .any(|k| base.starts_with(k))
    {
        "nps_responses"
    } else if base.starts_with("csat") || base == "satisfied" {
        "csat_responses"
    } else {
        return None;
    };
    let now = number(count)?;
    let fewest = match compared {
        true => number(&format!("prev_{count}")).map_or(now, |p| now.min(p)),
        false => now,
    };
    Some(fewest as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Threshold {
        Threshold::parse(text).unwrap()
    }

    #[test]
    fn a_threshold_breaks_passes_fails_without_a_value_or_is_skipped() {
        assert_eq!(
            judge(&t("nps<30"), Some(20.0), Some(40), 0),
            Verdict::Breached
        );
        assert_eq!(
            judge(&t("nps<30"), Some(30.0), Some(40), 0),
            Verdict::Passed
        );
        assert_eq!(judge(&t("nps<30"), None, Some(0), 0), Verdict::NoValue);
        assert_eq!(
            judge(&t("nps<30"), Some(20.0), Some(2), 5),
            Verdict::Skipped { answers: 2 }
        );
        // Order metrics have no answers and are never skipped.
        assert_eq!(
            judge(&t("orders<=3"), Some(3.0), None, 5),
            Verdict::Breached
        );
        assert!(Verdict::NoValue.fails() && !Verdict::Skipped { answers: 1 }.fails());
    }

    #[test]
    fn a_comparison_rests_on_the_fewer_answers_of_both_periods() {
        let row = |c: &str| match c {
            "nps_responses" => Some(12.0),
            "prev_nps_responses" => Some(4.0),
            "csat_responses" => Some(9.0),
            _ => None,
        };
        assert_eq!(answers_behind("nps", row), Some(12));
        assert_eq!(answers_behind("delta_nps", row), Some(4));
        assert_eq!(answers_behind("promoters", row), Some(12));
        assert_eq!(answers_behind("change_pct_csat", row), Some(9));
        assert_eq!(answers_behind("satisfied", row), Some(9));
        assert_eq!(answers_behind("aov", row), None);
    }

    #[test]
    fn only_numeric_columns_of_the_report_take_a_threshold() {
        let columns = vec!["nps".to_string(), "low_sample".into()];
        let metrics = ["nps", "low_sample"];
        assert!(validate(&[t("nps<30")], &columns, &metrics, false).is_ok());
        let e = validate(&[t("low_sample<1")], &columns, &metrics, false).unwrap_err();
        assert!(
            e.to_string().ends_with(
                "use one of: nps (with --compare, also prev_, delta_ or change_pct_ before one)"
            ),
            "{e}"
        );
        let e = validate(&[t("delta_nps<0")], &columns, &metrics, false).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("(comparison columns need --compare previous)"),
            "{e}"
        );
    }
}
