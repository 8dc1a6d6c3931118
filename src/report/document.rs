//! Shaping `engage report`'s document from what the metrics found: its
//! title, the notes on whether NPS and CSAT changed beyond their margins,
//! and the lines of the `--fail-if` thresholds checked against the
//! headline (rounded as the tables show them).

use serde_json::json;

use super::human::{cell, plain, signed_plain};
use super::labels;
use super::lang::{self, Lang};
use super::{DocRow, Document, Section, Value};
use crate::cli::flag_value;
use crate::config::Threshold;
use crate::metrics::compare::{csat_change, nps_change};
use crate::metrics::period::day;
use crate::metrics::periods::{HeadNote, Span};
use crate::metrics::survey::SurveyCounts;
use crate::metrics::thresholds::{answers_behind, judge, Verdict};

/// `2024-W12 (2024-03-18 to 2024-03-24)`; a range as its label
/// (`2024-03-04/2024-03-27`).
pub fn describe(span: &Span) -> String {
    match span.days {
        Some((a, b)) if !span.is_range() => lang::fill(
            "span_days",
            &[("label", &span.label), ("from", &day(a)), ("to", &day(b))],
        ),
        _ => span.label.clone(),
    }
}

/// The note on the headline in `lang` (the run's for the notes, English
/// for stderr and errors).
pub fn head_note(note: &HeadNote, lang: Lang) -> String {
    match note {
        HeadNote::Incomplete {
            period,
            to,
            last,
            by,
        } => lang::fill_in(
            lang,
            "incomplete_headline",
            &[
                ("period", period),
                ("to", &day(*to)),
                ("last", &day(*last)),
                ("by", &flag_value(by).unwrap_or_default()),
            ],
        ),
        HeadNote::Stale(s) => {
            let by = flag_value(&s.unit).unwrap_or_default();
            let suggest = lang::fill_in(
                lang,
                "stale_suggest",
                &[
                    ("day", &day(s.suggest_day)),
                    ("latest", &s.suggest),
                    ("by", &by),
                    ("unit", lang.text(lang::unit_key(&by))),
                ],
            );
            let key = if s.empty {
                "stale_empty"
            } else {
                "stale_short"
            };
            lang::fill_in(
                lang,
                key,
                &[
                    ("period", &s.period),
                    ("from", &day(s.from)),
                    ("to", &day(s.to)),
                    ("first", &day(s.first)),
                    ("last", &day(s.last)),
                    ("suggest", &suggest),
                ],
            )
        }
    }
}

/// `engage report: 2024-W12 (2024-03-18 to 2024-03-24), compared with
/// 2024-W11 (...)`. A range (`--since/--until`) is compared with the
/// equal-length window just before it, which the title says (it is not the
/// calendar period before: March 1-15 is compared with February 15-29).
pub fn title(head: &Span, prev: Option<&Span>) -> String {
    let mut title = lang::fill("report_title", &[("span", &describe(head))]);
    match prev {
        Some(p) if p.is_range() => title.push_str(&lang::fill(
            "compared_with_window",
            &[
                ("days", &p.day_count().unwrap_or_default().to_string()),
                ("span", &describe(p)),
            ],
        )),
        Some(p) => title.push_str(&lang::fill("compared_with", &[("span", &describe(p))])),
        None => {}
    }
    title
}

/// A span in the JSON metadata: its label and first and last day.
pub fn span_json(span: &Span) -> serde_json::Value {
    json!({
        "period": span.label,
        "from": span.since().map(day),
        "to": span.until().map(day),
    })
}

/// "NPS +12.0 points since 2024-W11: within the margin of error (±15.2)";
/// a CSAT change is in percentage points ("CSAT +4.0 pp since ...").
pub fn significance_notes(
    now: &SurveyCounts,
    prev: &SurveyCounts,
    from: u8,
    since: &str,
    min_responses: u64,
) -> Vec<String> {
    let mut out = Vec::new();
    let changes = [
        (
            "nps",
            nps_change(now, prev),
            now.nps_responses().min(prev.nps_responses()),
        ),
        (
            "csat",
            csat_change(now, prev, from),
            now.csat_responses().min(prev.csat_responses()),
        ),
    ];
    for (metric, change, fewest) in changes {
        let what = metric.to_uppercase();
        let Some(c) = change else {
            continue;
        };
        if fewest < min_responses {
            out.push(lang::fill(
                "sig_not_assessed",
                &[
                    ("what", &what),
                    ("since", since),
                    ("n", &fewest.to_string()),
                    ("min", &min_responses.to_string()),
                ],
            ));
            continue;
        }
        let (delta, m) = (c.delta, c.margin());
        // Sentences keep Western digits (`plain`), unlike the tables.
        let suffix = labels::metric(metric).map_or("", |m| m.unit.change_suffix());
        let verdict = lang::text(match c.significant() {
            true => "sig_beyond",
            false => "sig_within",
        });
        out.push(lang::fill(
            "sig_change",
            &[
                ("what", &what),
                (
                    "delta",
                    &format!("{}{suffix}", signed_plain(&Value::Points(Some(delta)))),
                ),
                ("since", since),
                ("verdict", verdict),
                ("margin", &plain(&Value::Points(Some(m)))),
            ],
        ));
    }
    out
}

/// One `--fail-if`, checked against the headline.
pub struct Checked {
    pub threshold: Threshold,
    pub value: Option<f64>,
    pub verdict: Verdict,
    pub message: String,
}

impl Checked {
    pub fn json(&self) -> serde_json::Value {
        json!({
            "expression": self.threshold.text,
            "metric": self.threshold.metric,
            "value": self.value,
            "limit": self.threshold.limit,
            "breached": self.verdict.fails(),
            "skipped": matches!(self.verdict, Verdict::Skipped { .. }),
        })
    }
}

/// What a survey value rests on, for a threshold's line: ` on 5 answers,
/// ±54.8` (NPS and its change: the margin of error; CSAT: its 95%
/// interval; a change: the fewer answers of the two periods). Empty for an
/// order metric.
fn evidence<'a>(
    metric: &str,
    answers: Option<u64>,
    value_of: &impl Fn(&str) -> Option<&'a Value>,
) -> String {
    let Some(n) = answers else {
        return String::new();
    };
    let plus_minus = |name: &str| value_of(name).map(|m| format!(", ±{}", cell(m)));
    let margin = match metric {
        "nps" => plus_minus("nps_margin"),
        "delta_nps" => plus_minus("nps_change_margin"),
        "delta_csat" => plus_minus("csat_change_margin"),
        "csat" => value_of("csat_low")
            .zip(value_of("csat_high"))
            .map(|(l, h)| format!(", 95% interval {} to {}", cell(l), cell(h))),
        _ => None,
    };
    let s = if n == 1 { "" } else { "s" };
    format!(" on {n} answer{s}{}", margin.unwrap_or_default())
}

/// Each threshold against the headline row of `doc`, with its line.
pub fn check(thresholds: &[Threshold], doc: &Document, min_responses: u64) -> Vec<Checked> {
    let headline: Option<&DocRow> = doc.table(&Section::Headline).and_then(|t| t.rows.first());
    let period = headline.map(|r| r.period.as_str()).unwrap_or_default();
    thresholds
        .iter()
        .map(|t| {
            let value_of = |name: &str| headline.and_then(|r| doc.get(r, name));
            let shown = value_of(&t.metric);
            let value = shown.and_then(Value::number);
            let answers = answers_behind(&t.metric, |c| value_of(c).and_then(Value::number));
            let verdict = judge(t, value, answers, min_responses);
            // Shown rounded as in the tables (the JSON keeps full precision),
            // with what a survey value rests on.
            let v = shown.map(cell).unwrap_or_default();
            let rests = evidence(&t.metric, answers, &value_of);
            let (metric, text) = (&t.metric, &t.text);
            let message = match verdict {
                Verdict::Skipped { answers: n } => format!(
                    "threshold skipped: {metric} in {period} rests on {n} answers, fewer than \
                     --min-responses {min_responses} (--fail-if '{text}')"
                ),
                Verdict::Breached => {
                    format!("threshold breached: {metric} = {v} in {period}{rests} (--fail-if '{text}')")
                }
                Verdict::Passed => format!("{metric} = {v} in {period}{rests}: ok"),
                Verdict::NoValue => format!(
                    "threshold not met: {metric} has no value in {period} (--fail-if '{text}')"
                ),
            };
            Checked {
                threshold: t.clone(),
                value,
                verdict,
                message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Period;
    use crate::input::parse::days_from_date;

    fn d(s: &str) -> i32 {
        days_from_date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day"))
    }

    #[test]
    fn a_period_is_described_with_its_days_and_a_range_by_its_label() {
        let week = Span::of(d("2024-03-18"), d("2024-03-24"), "2024-W12".into());
        assert_eq!(describe(&week), "2024-W12 (2024-03-18 to 2024-03-24)");
        let range = Span::of(
            d("2024-03-04"),
            d("2024-03-27"),
            "2024-03-04/2024-03-27".into(),
        );
        assert_eq!(describe(&range), "2024-03-04/2024-03-27");
    }

    #[test]
    fn an_incomplete_headline_is_worded_with_the_flag_for_the_last_complete_one() {
        let note = HeadNote::Incomplete {
            period: "2024-03".into(),
            to: d("2024-03-31"),
            last: d("2024-03-27"),
            by: Period::Month,
        };
        assert_eq!(
            head_note(&note, Lang::En),
            "2024-03 runs to 2024-03-31 but the data ends on 2024-03-27: the period may be \
             incomplete (--period last-month reports the last complete one)"
        );
    }
}
