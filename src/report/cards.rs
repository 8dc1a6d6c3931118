//! The KPI cards at the top of the HTML report: for each headline metric
//! the value in large type, its human name, the change against the
//! previous period (an arrow, coloured by whether it is good news; grey with
//! the margin when an NPS or CSAT change is within its margin of error), and
//! a sparkline of the last periods. Pure shaping: data in, markup out
//! (maud, which escapes what it splices in).

use std::fmt::Write;

use maud::{html, Markup};

use super::html::bidi;
use super::human::{cell, signed_cell, tone, Tone};
use super::labels::{self, Unit};
use super::lang;
use super::{Document, Section, Value};

/// The metrics that get a card, in order, when the report has them.
pub const KPIS: &[&str] = &[
    "revenue",
    "orders",
    "aov",
    "repeat_purchase_rate",
    "returning_customer_rate",
    "nps",
    "csat",
];

/// Periods a sparkline shows at most (the last ones).
const SPARK_PERIODS: usize = 12;
const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 28.0;

/// The CSS class of a tone.
fn class(t: Tone) -> &'static str {
    match t {
        Tone::Better => "better",
        Tone::Worse => "worse",
        Tone::Noise => "noise",
        Tone::Flat => "flat",
    }
}

/// A change for a card: signed, in percentage points for a percentage
/// (never a relative change of a percentage), in points for a score.
pub fn change_text(metric: &str, delta: &Value) -> String {
    in_change_unit(metric, signed_cell(delta))
}

/// `text`, a human cell of a change of `metric` or of its margin, in the
/// unit a change of that metric has: `%` becomes ` pp` for a percentage,
/// ` points` is added for a score; `-` (no value) stays as it is.
fn in_change_unit(metric: &str, text: String) -> String {
    let unit = labels::metric(metric).map_or(Unit::Count, |m| m.unit);
    let text = text
        .strip_suffix(['%', '\u{066A}'])
        .map_or(text.clone(), str::to_string);
    if text == "-" {
        text
    } else {
        format!("{text}{}", unit.change_suffix())
    }
}

/// A small line of `values` (the last periods), with a `<title>` that reads
/// them out as the tables show them (`46` orders, `2,636.21` revenue);
/// `None` with fewer than two values.
fn sparkline(name: &str, points: &[(String, &Value)]) -> Option<Markup> {
    let known: Vec<f64> = points.iter().filter_map(|p| p.1.number()).collect();
    if known.len() < 2 {
        return None;
    }
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = SPARK_W / (points.len().max(2) - 1) as f64;
    let mut path = String::new();
    let mut pen_down = false;
    for (i, (_, v)) in points.iter().enumerate() {
        match v.number() {
            Some(v) => {
                let x = i as f64 * step;
                let y = 2.0 + (SPARK_H - 4.0) * (1.0 - (v - lo) / span);
                let _ = write!(path, "{}{x:.1},{y:.1} ", if pen_down { "L" } else { "M" });
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let read: Vec<String> = points
        .iter()
        .map(|(label, v)| format!("{label}: {}", cell(v)))
        .collect();
    let title = lang::fill(
        "last_periods",
        &[("name", name), ("values", &read.join(", "))],
    );
    Some(html! {
        svg.spark width=(SPARK_W) height=(SPARK_H) viewBox={ "0 0 " (SPARK_W) " " (SPARK_H) } role="img" {
            title { (title) }
            path d=(path.trim_end()) fill="none" stroke="currentColor" stroke-width="1.5" {}
        }
    })
}

/// The cards of a document's headline, as one `<div class="cards">`;
/// empty when the document has no headline.
pub fn cards(doc: &Document) -> Markup {
    let Some(row) = doc.table(&Section::Headline).and_then(|t| t.rows.first()) else {
        return html! {};
    };
    let periods = doc.table(&Section::Periods);
    let card = |m: &str| {
        let name = labels::name(m);
        let value = doc.get(row, m).map(cell).unwrap_or_else(|| "-".into());
        let change = match (&doc.previous, doc.get(row, &format!("delta_{m}"))) {
            (Some(prev), Some(delta)) => {
                let t = tone(doc, row, m);
                let arrow = match delta.number() {
                    Some(d) if d > 0.0 => "▲",
                    Some(d) if d < 0.0 => "▼",
                    Some(_) => "=",
                    None => "",
                };
                let change = change_text(m, delta);
                let vs = lang::fill("vs", &[("change", &change), ("previous", prev)]);
                let mut text = format!("{arrow} {vs}");
                if t == Tone::Noise {
                    let margin = doc
                        .get(row, &format!("{m}_change_margin"))
                        .map(|v| in_change_unit(m, cell(v)))
                        .unwrap_or_default();
                    text.push_str(&lang::fill("within", &[("margin", &margin)]));
                }
                Some((class(t), text.trim_start().to_string()))
            }
            _ => None,
        };
        let spark = periods.and_then(|p| {
            let start = p.rows.len().saturating_sub(SPARK_PERIODS);
            let points: Vec<(String, &Value)> = p.rows[start..]
                .iter()
                .map(|r| (r.period.clone(), doc.get(r, m).unwrap_or(&Value::Null)))
                .collect();
            sparkline(name, &points)
        });
        html! {
            div.card data-metric=(m) {
                div.name { (bidi(name)) }
                div.value { (bidi(&value)) }
                @if let Some((tone, text)) = change { div class={ "change " (tone) } { (bidi(&text)) } }
                @if let Some(spark) = spark { (spark) }
            }
            "\n"
        }
    };
    html! {
        div.cards {
            "\n"
            @for &m in KPIS.iter().filter(|m| doc.metrics.contains(m)) { (card(m)) }
        }
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_change_in_points() {
        assert_eq!(
            change_text("repeat_purchase_rate", &Value::Points(Some(16.666))),
            "+16.7 pp"
        );
        assert_eq!(
            change_text("nps", &Value::Points(Some(-3.0))),
            "-3.0 points"
        );
        assert_eq!(change_text("orders", &Value::Int(2)), "+2");
        assert_eq!(change_text("aov", &Value::Money(None)), "-");
    }

    #[test]
    fn a_sparkline_breaks_at_a_gap_and_reads_out_its_values() {
        let p = |l: &str, v| (l.to_string(), v);
        let (one, none, three) = (
            Value::Points(Some(1.0)),
            Value::Points(None),
            Value::Points(Some(3.0)),
        );
        let svg = sparkline("NPS", &[p("W1", &one), p("W2", &none), p("W3", &three)])
            .unwrap()
            .into_string();
        assert_eq!(svg.matches('M').count(), 2, "{svg}");
        assert!(svg.contains("W1: 1.0, W2: -, W3: 3.0"), "{svg}");
        assert!(sparkline("NPS", &[p("W1", &one)]).is_none());
    }
}
