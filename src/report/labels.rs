//! The one table of what each metric key means to a person: its label, a
//! short label for narrow tables, its unit, and which way is better. HTML,
//! terminal tables and Markdown read it; CSV and JSON keep the snake_case
//! keys (they are the machine contract).
//!
//! The words live in a catalogue keyed by the metric keys (`ENGLISH`), apart
//! from the units and directions, so that another language is one more
//! catalogue of the same keys; nothing is translated yet.

/// What a metric's numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// In the currency of the data (which engage does not know).
    Money,
    /// A percentage from 0 to 100: its change is in percentage points.
    Percent,
    /// Points on a score (NPS from -100 to 100).
    Points,
    /// A plain quotient.
    Ratio,
    Flag,
}

impl Unit {
    /// The unit as a person reads it after a change (`+2.0 pp`), or empty.
    pub fn change_suffix(self) -> &'static str {
        match self {
            Unit::Percent => " pp",
            Unit::Points => " points",
            _ => "",
        }
    }

    /// Whether a relative change (`Change %`) means something: not for a
    /// percentage or a score (a rate from 50% to 75% is +25 pp, and "+50%"
    /// of a percentage, a margin or an interval bound misleads), nor a flag.
    pub fn has_relative_change(self) -> bool {
        matches!(self, Unit::Count | Unit::Money | Unit::Ratio)
    }
}

/// Which way a metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither way is good or bad in itself (answer counts, margins' bounds).
    Neither,
}

/// A metric's unit and direction; its words come from a catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    pub key: &'static str,
    pub unit: Unit,
    pub better: Better,
}

/// A metric's words in one language.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub key: &'static str,
    /// The full label: `Average order value (AOV)`.
    pub name: &'static str,
    /// A label for a column of a wide table: `AOV`.
    pub short: &'static str,
}

use Better::{Higher, Lower, Neither};
use Unit::{Count, Flag, Money, Percent, Points, Ratio};

const fn m(key: &'static str, unit: Unit, better: Better) -> Metric {
    Metric { key, unit, better }
}

const fn w(key: &'static str, name: &'static str, short: &'static str) -> Words {
    Words { key, name, short }
}

/// Every metric key of METRICS.md, in its order.
pub const METRICS: &[Metric] = &[
    m("orders", Count, Higher),
    m("customers", Count, Higher),
    m("revenue", Money, Higher),
    m("aov", Money, Higher),
    m("purchase_frequency", Ratio, Higher),
    m("repeat_customers", Count, Higher),
    m("repeat_purchase_rate", Percent, Higher),
    m("returning_customers", Count, Higher),
    m("returning_customer_rate", Percent, Higher),
    m("new_customers", Count, Higher),
    m("repeat_revenue_share", Percent, Neither),
    m("repeat_vs_one_time_spend", Ratio, Neither),
    m("guest_orders", Count, Neither),
    m("nps_responses", Count, Neither),
    m("promoters", Count, Higher),
    m("passives", Count, Neither),
    m("detractors", Count, Lower),
    m("promoters_pct", Percent, Higher),
    m("passives_pct", Percent, Neither),
    m("detractors_pct", Percent, Lower),
    m("nps", Points, Higher),
    m("nps_margin", Points, Neither),
    m("csat_responses", Count, Neither),
    m("satisfied", Count, Higher),
    m("csat", Percent, Higher),
    m("csat_mean", Ratio, Higher),
    m("csat_low", Percent, Neither),
    m("csat_high", Percent, Neither),
    m("low_sample", Flag, Neither),
    // Feedback by customer (`survey --orders`, the report's section).
    m("responses", Count, Neither),
    m("with_customer", Count, Neither),
    m("linked", Count, Neither),
    m("match_rate", Percent, Higher),
    m("linked_share", Percent, Neither),
    m("respondents", Count, Neither),
    m("ordered_again", Count, Higher),
    m("ordered_again_pct", Percent, Higher),
    m("ordered_again_low", Percent, Neither),
    m("ordered_again_high", Percent, Neither),
    m("orders_per_respondent", Ratio, Higher),
    m("revenue_per_respondent", Money, Higher),
    // `customers --summary`.
    m("customers_share", Percent, Neither),
    m("revenue_share", Percent, Neither),
    m("mean_orders", Ratio, Neither),
    m("mean_aov", Money, Neither),
    m("median_days_since_last_order", Ratio, Lower),
];

/// The English words of every key in `METRICS`.
pub const ENGLISH: &[Words] = &[
    w("orders", "Orders", "Orders"),
    w("customers", "Customers", "Customers"),
    w("revenue", "Revenue", "Revenue"),
    w("aov", "Average order value (AOV)", "AOV"),
    w("purchase_frequency", "Orders per customer", "Orders/cust."),
    w("repeat_customers", "Repeat customers", "Repeat cust."),
    w(
        "repeat_purchase_rate",
        "Repeat-purchase rate",
        "Repeat rate",
    ),
    w("returning_customers", "Returning customers", "Returning"),
    w(
        "returning_customer_rate",
        "Returning-customer rate",
        "Returning rate",
    ),
    w("new_customers", "New customers", "New cust."),
    w(
        "repeat_revenue_share",
        "Revenue share of repeat customers",
        "Repeat rev.",
    ),
    w(
        "repeat_vs_one_time_spend",
        "Spend per repeat vs one-time customer",
        "Repeat/one-time",
    ),
    w("guest_orders", "Guest orders", "Guest orders"),
    w("nps_responses", "NPS answers", "NPS answers"),
    w("promoters", "Promoters (9-10)", "Promoters"),
    w("passives", "Passives (7-8)", "Passives"),
    w("detractors", "Detractors (0-6)", "Detractors"),
    w("promoters_pct", "Promoters share", "Promoters %"),
    w("passives_pct", "Passives share", "Passives %"),
    w("detractors_pct", "Detractors share", "Detractors %"),
    w("nps", "Net Promoter Score (NPS)", "NPS"),
    w("nps_margin", "NPS margin of error (±)", "NPS ±"),
    w("csat_responses", "CSAT answers", "CSAT answers"),
    w("satisfied", "Satisfied answers", "Satisfied"),
    w("csat", "Customer satisfaction (CSAT)", "CSAT"),
    w("csat_mean", "Mean CSAT answer", "CSAT mean"),
    w("csat_low", "CSAT, 95% interval low", "CSAT low"),
    w("csat_high", "CSAT, 95% interval high", "CSAT high"),
    w("low_sample", "Few answers (under 30)", "Few answers"),
    w("responses", "Responses", "Responses"),
    w(
        "with_customer",
        "Responses with a customer id",
        "With customer",
    ),
    w("linked", "Linked to an order customer", "Linked"),
    w(
        "match_rate",
        "Match rate (linked of those with a customer id)",
        "Match rate",
    ),
    w("linked_share", "Linked share of all responses", "Linked %"),
    w("respondents", "Respondents", "Respondents"),
    w("ordered_again", "Ordered again", "Ordered again"),
    w(
        "ordered_again_pct",
        "Share who ordered again",
        "Ordered again %",
    ),
    w(
        "ordered_again_low",
        "Ordered again, 95% interval low",
        "Again low",
    ),
    w(
        "ordered_again_high",
        "Ordered again, 95% interval high",
        "Again high",
    ),
    w(
        "orders_per_respondent",
        "Orders per respondent",
        "Orders/resp.",
    ),
    w(
        "revenue_per_respondent",
        "Revenue per respondent",
        "Revenue/resp.",
    ),
    w("customers_share", "Share of customers", "Customers %"),
    w("revenue_share", "Share of revenue", "Revenue %"),
    w("mean_orders", "Mean orders per customer", "Mean orders"),
    w("mean_aov", "Mean AOV of the customers", "Mean AOV"),
    w(
        "median_days_since_last_order",
        "Median days since the last order",
        "Days since last",
    ),
];

/// The English words of table columns that are not metrics (the keys and
/// figures of the feedback tables).
pub const COLUMNS: &[Words] = &[
    w("group", "Group", "Group"),
    w("comparison", "Comparison", "Comparison"),
    w("metric", "Metric", "Metric"),
    w("difference", "Difference", "Difference"),
    w("low", "95% interval low", "Low"),
    w("high", "95% interval high", "High"),
    w("significant", "Significant", "Significant"),
];

/// The unit and direction of `key`, when it is a metric.
pub fn metric(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key == key)
}

fn words(key: &str) -> Option<&'static Words> {
    ENGLISH.iter().chain(COLUMNS).find(|w| w.key == key)
}

/// The label of `key` for people; a key that is not a metric (a segment
/// column, a customers-table column) is shown as it is.
pub fn name(key: &str) -> &str {
    words(key).map_or(key, |w| w.name)
}

/// The short label of `key`, for a column of a wide table.
pub fn short(key: &str) -> &str {
    words(key).map_or(key, |w| w.short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_has_words_and_every_word_a_metric() {
        let units: Vec<&str> = METRICS.iter().map(|m| m.key).collect();
        let words: Vec<&str> = ENGLISH.iter().map(|w| w.key).collect();
        assert_eq!(units, words);
    }

    #[test]
    fn every_key_of_the_commands_has_a_label() {
        let all = crate::commands::orders::METRICS
            .iter()
            .chain(&crate::commands::survey::METRICS)
            .chain([&crate::commands::orders::GUEST_ORDERS]);
        for key in all {
            assert!(metric(key).is_some(), "{key} has no unit");
            assert_ne!(name(key), *key, "{key} has no label");
        }
    }

    #[test]
    fn unknown_keys_are_shown_as_they_are() {
        assert_eq!(name("channel"), "channel");
        assert_eq!(short("aov"), "AOV");
    }
}
