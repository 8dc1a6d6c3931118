//! The language of the output for people (`--lang`, `lang` in
//! engage.toml) and its digits (`--digits`): the message catalogue of
//! every sentence, title and header the renderers and the report command
//! write, and the digit shaping of numbers for people. The metric labels
//! are catalogues of their own in `labels`. CSV, JSON keys, Parquet and
//! error messages stay English (they are the machine contract and what a
//! search engine finds).
//!
//! The language is chosen once per process (`choose`, from `main`) and read
//! where text is made, so no renderer or command signature carries it: one
//! run writes one language, and the labels are read in many places
//! (tables, cards, charts, notes) that would otherwise each pass it on.
//! Nothing chosen (unit tests) is English with Western digits.

use std::sync::OnceLock;

use crate::metrics::rfm::SegmentRules;

pub use crate::cli::{Digits, Lang};

static CHOSEN: OnceLock<(Lang, Digits)> = OnceLock::new();

/// Sets the language and digits of this run; a second call is ignored.
pub fn choose(lang: Lang, digits: Digits) {
    let _ = CHOSEN.set((lang, digits));
}

/// The language of this run.
pub fn current() -> Lang {
    CHOSEN.get().map_or(Lang::En, |c| c.0)
}

fn digits_chosen() -> Digits {
    CHOSEN.get().map_or(Digits::Western, |c| c.1)
}

impl Lang {
    /// The BCP 47 tag (`<html lang>`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::He => "he",
            Lang::Ar => "ar",
            Lang::Th => "th",
        }
    }

    /// Whether the language is written right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Lang::He | Lang::Ar)
    }

    fn catalogue(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => ENGLISH,
            Lang::He => HEBREW,
            Lang::Ar => ARABIC,
            Lang::Th => THAI,
        }
    }

    /// The message `key` in this language (English when a catalogue lacks
    /// it, which a unit test rules out; the key itself for an unknown key).
    pub fn text(self, key: &'static str) -> &'static str {
        self.find(key).unwrap_or(key)
    }

    /// The message `key` (made at run time: `cm_retention`), when a
    /// catalogue has it.
    pub fn find(self, key: &str) -> Option<&'static str> {
        let find = |c: &'static [(&'static str, &'static str)]| {
            c.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
        };
        find(self.catalogue()).or_else(|| find(ENGLISH))
    }
}

/// The message keys of the default RFM segment names (the rule table of
/// `metrics::rfm`, then the other segment), in table order.
const SEGMENT_KEYS: [&str; 11] = [
    "seg_champions",
    "seg_loyal",
    "seg_new",
    "seg_promising",
    "seg_potential",
    "seg_attention",
    "seg_sleep",
    "seg_cant_lose",
    "seg_at_risk",
    "seg_lost",
    "seg_others",
];

/// Every segment name of `rules`, in table order, `other` last, for
/// `people` (tables, Markdown, HTML, XLSX: `OutputConfig::for_people`):
/// the default table's names in this run's language; otherwise, and for a
/// table from engage.toml, as the rules name them.
pub fn segment_names(rules: &SegmentRules, people: bool) -> Vec<String> {
    if people && *rules == SegmentRules::default() {
        SEGMENT_KEYS.iter().map(|&k| text(k).to_string()).collect()
    } else {
        rules.names().into_iter().map(String::from).collect()
    }
}

/// The message `key` in this run's language.
pub fn text(key: &'static str) -> &'static str {
    current().text(key)
}

/// The message `key` in this run's language with each `{name}` replaced by
/// its value.
pub fn fill(key: &'static str, args: &[(&str, &str)]) -> String {
    fill_in(current(), key, args)
}

/// `fill` in language `lang`.
pub fn fill_in(lang: Lang, key: &'static str, args: &[(&str, &str)]) -> String {
    let mut out = lang.text(key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The message `one` for a count of 1, `many` otherwise: `1 row has`,
/// `3 rows have` (each catalogue words its own singular).
pub fn one_or_many(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// A message and its values, made into text later in a language: what
/// one run writes both in English (JSON, stderr) and in `--lang` (the
/// tables for people), such as `engage check`'s reasons.
#[derive(Debug, Clone)]
pub struct Msg {
    key: &'static str,
    /// Each value, and whether it is a column key named for people
    /// (`labels::column`).
    args: Vec<(&'static str, String, bool)>,
}

impl Msg {
    pub fn new(key: &'static str, args: &[(&'static str, &str)]) -> Msg {
        let args = args
            .iter()
            .map(|&(k, v)| (k, v.to_string(), false))
            .collect();
        Msg { key, args }
    }

    /// With `{name}` a column key (`order_id`): as it is in English, its
    /// header in the run's language otherwise.
    pub fn column(mut self, name: &'static str, key: &str) -> Msg {
        self.args.push((name, key.to_string(), true));
        self
    }

    /// The message in `lang` (English or the run's language).
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v, column)| match (column, lang) {
                (true, Lang::En) | (false, _) => (*k, v.clone()),
                (true, _) => (*k, super::labels::column(v)),
            })
            .collect();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill_in(lang, self.key, &args)
    }
}

/// The language of values that programs read too (`engage check`'s
/// summary is also its CSV): this run's for `people`
/// (`OutputConfig::for_people`), English otherwise.
pub fn for_people(people: bool) -> Lang {
    if people {
        current()
    } else {
        Lang::En
    }
}

/// A period unit as `--by` names it (`week`), in this run's language.
pub fn unit(by: &str) -> &'static str {
    text(unit_key(by))
}

/// The message of a period unit as `--by` names it.
pub fn unit_key(by: &str) -> &'static str {
    match by {
        "day" => "unit_day",
        "week" => "unit_week",
        "month" => "unit_month",
        "quarter" => "unit_quarter",
        "year" => "unit_year",
        _ => "unit_period",
    }
}

/// A period unit in the plural (`weeks`), in this run's language.
pub fn units(by: &str) -> &'static str {
    text(match by {
        "day" => "units_day",
        "week" => "units_week",
        "month" => "units_month",
        "quarter" => "units_quarter",
        _ => "units_year",
    })
}

/// A number for people in this run's digits (see `shape`).
pub fn digits(text: String) -> String {
    shape(current(), digits_chosen(), text)
}

/// `text` (a number rounded for people: ASCII digits, `.`, `,`, `%`) in
/// the native digits of `lang` when `digits` is native: Arabic-Indic
/// digits with the Arabic decimal and thousands separators and percent
/// sign (`1,234.5%` -> `١٬٢٣٤٫٥٪`), Thai digits (separators as in
/// English). Hebrew and English have no digits of their own in use.
pub fn shape(lang: Lang, digits: Digits, text: String) -> String {
    let zero = match (digits, lang) {
        (Digits::Western, _) | (_, Lang::En | Lang::He) => return text,
        (Digits::Native, Lang::Ar) => '\u{0660}',
        (Digits::Native, Lang::Th) => '\u{0E50}',
    };
    let arabic = lang == Lang::Ar;
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.chars().peekable();
    let mut before = None;
    while let Some(c) = chars.next() {
        // A number's sign (not a hyphen between digits, nor a lone `-`)
        // is U+061C ARABIC LETTER MARK then the sign, as CLDR's Arabic
        // numbers write it: the mark makes the number a right-to-left run,
        // so that its sign reads first (on its right) wherever it stands,
        // also in a left-to-right table or terminal line.
        let sign = matches!(c, '-' | '+')
            && !before.is_some_and(|b: char| b.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit);
        if arabic && sign {
            out.push(ARABIC_LETTER_MARK);
        }
        out.push(match c {
            '0'..='9' => char::from_u32(zero as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            '.' if arabic => '\u{066B}',
            ',' if arabic => '\u{066C}',
            '%' if arabic => '\u{066A}',
            c => c,
        });
        before = Some(c);
    }
    out
}

/// U+061C ARABIC LETTER MARK, before the sign of a number in Arabic-Indic
/// digits.
pub const ARABIC_LETTER_MARK: char = '\u{061C}';

/// Every message, in English. Keys are stable names, not English text.
const ENGLISH: &[(&str, &str)] = &[
    // Table headers and cells.
    ("metric", "metric"),
    ("value", "value"),
    ("total", "total"),
    ("blank", "(blank)"),
    ("all_orders", "all orders"),
    ("all_orders_total", "all orders (the total)"),
    ("yes", "yes"),
    ("no", "no"),
    ("headline_metric", "Metric"),
    ("change", "Change"),
    ("change_pct", "Change %"),
    ("period", "Period"),
    ("answer", "answer"),
    ("responses", "responses"),
    ("share", "share"),
    ("and", " and "),
    // Section titles.
    ("headline", "Headline"),
    ("per_unit", "Per {unit}"),
    ("by_segment", "By {segment}, {period}"),
    ("report_title", "engage report: {span}"),
    ("compared_with", ", compared with {span}"),
    (
        "compared_with_window",
        ", compared with the {days} days before it, {span} (an equal-length window, not a calendar period)",
    ),
    ("span_days", "{label} ({from} to {to})"),
    ("customers_by_rfm", "Customers by RFM segment, as of {day}"),
    ("nps_answers_in", "NPS answers, {period}"),
    ("nps_answers_whole", "NPS answers (whole range)"),
    ("charts", "Charts"),
    // Period units (`--by`), for titles and chart axes.
    ("unit_day", "day"),
    ("unit_week", "week"),
    ("unit_month", "month"),
    ("unit_quarter", "quarter"),
    ("unit_year", "year"),
    ("unit_period", "period"),
    // Notes.
    (
        "blank_first",
        "{name} is blank for {periods}: the data read has no orders before it, so no customer \
         can be returning yet; an export that starts earlier fills it",
    ),
    ("blank_empty", "{name} is blank for {periods}: no customer ordered then"),
    (
        "dash",
        "A dash (-) marks a value that is undefined (nothing to divide by, or no earlier value \
         to compare with), not a zero",
    ),
    (
        "change_pct_blank",
        "Change % is left blank for percentages and scores (rates, shares, NPS, CSAT, margins, interval bounds): their change is in percentage points (pp) or points",
    ),
    (
        "sig_not_assessed",
        "{what} change since {since} not assessed: {n} answers, fewer than --min-responses {min}",
    ),
    ("sig_change", "{what} {delta} since {since}: {verdict} (±{margin})"),
    ("sig_beyond", "beyond the margin of error"),
    (
        "sig_within",
        "within the margin of error, so not a significant change",
    ),
    (
        "low_sample_note",
        "low_sample: {period} has fewer than {n} answers; read its NPS and CSAT with their margins",
    ),
    (
        "low_sample_row",
        "low_sample: 1 row has fewer than {n} answers; read its NPS and CSAT with their margins",
    ),
    (
        "low_sample_rows",
        "low_sample: {rows} rows have fewer than {n} answers; read their NPS and CSAT with their margins",
    ),
    ("incomplete_headline", "{period} runs to {to} but the data ends on {last}: the period may be incomplete (--period last-{by} reports the last complete one)"),
    ("incomplete_last", "The last period, {period}, runs to {to} but the data ends on {last}: its values may be incomplete."),
    ("stale_empty", "the headline period {period} ({from} to {to}) has no data: the data runs from {first} to {last}; {suggest}"),
    ("stale_short", "{period} runs to {to} but the data ends on {last}: the period is incomplete; {suggest}"),
    ("stale_suggest", "--as-of {day} reports {latest}, or --by {by} without --period the latest {unit} with data"),
    // Charts and cards.
    (
        "legend",
        "Shaded: the 95% margin of error. Hollow points: fewer than {n} answers in that period. \
         Hover a point for its value.",
    ),
    ("axis_money", "currency of the data"),
    ("axis_customers", "% of customers"),
    ("axis_nps", "points, -100 to 100"),
    ("axis_satisfied", "% satisfied"),
    ("hover_interval", " (95% interval {low} to {high})"),
    ("hover_few", ", few answers"),
    ("vs", "{change} vs {previous}"),
    ("within", " (within ±{margin}, not significant)"),
    ("last_periods", "{name}, last periods: {values}"),
    ("pp", " pp"),
    ("points", " points"),
    // Footer.
    ("generated", "Generated on {day} by engage {version}"),
    ("files_orders", "orders"),
    ("files_surveys", "surveys"),
    // Feedback by customer (survey --orders, report).
    ("fb_spend", "Promoters spent {promoters} vs detractors {detractors} per respondent in the {days} days after answering (difference {difference}, 95% interval {low} to {high})."),
    ("fb_rule", "Groups are judged from the counted orders strictly before each response's day: an order on the response day is not history, nor in the {days}-day window, which runs from the day after; each response counts, also several from one customer."),
    ("fb_left_out_one", "1 linked response left out of the behaviour table: its {days}-day window runs past the end of the order data ({last})."),
    ("fb_left_out", "{n} linked responses left out of the behaviour table: their {days}-day window runs past the end of the order data ({last})."),
    ("fb_undated_one", "1 response without a readable date left out of the feedback section"),
    ("fb_undated", "{n} responses without a readable date left out of the feedback section"),
    ("fb_title", "Feedback by customer {grouping}: {n} responses"),
    ("fb_section", "Feedback by customer: {title}"),
    ("fb_match", "Match rate: responses linked to an order customer"),
    ("fb_by_group", "NPS and CSAT by {what} at the response date"),
    ("fb_history", "order history"),
    ("fb_rfm", "RFM segment"),
    ("fb_quartile", "quartile of revenue to date"),
    ("fb_cohort", "acquisition cohort"),
    ("fb_after", "After answering: the {days} days after the response day"),
    ("fb_differences", "Differences, with 95% intervals (significant when the interval excludes 0)"),
    ("fb_chart", "NPS by customer group (95% margin)"),
    // Cohorts (engage cohorts, the report's section); `cm_` the metric shown.
    ("cohorts_title", "engage cohorts: {metric} by {unit} cohort"),
    ("cohorts_section", "Cohorts: {metric} by {unit} cohort"),
    ("cohort_k", "k = {units} since the cohort's {unit}"),
    ("cohort_curve", "Average retention (%) by {units} since the first"),
    ("cohort", "cohort"),
    ("cohort_size", "customers"),
    ("weighted_average", "weighted average"),
    ("units_day", "days"),
    ("units_week", "weeks"),
    ("units_month", "months"),
    ("units_quarter", "quarters"),
    ("units_year", "years"),
    ("cm_cohort_customers", "cohort_customers"),
    ("cm_active_customers", "active_customers"),
    ("cm_retention", "retention"),
    ("cm_orders", "orders"),
    ("cm_revenue", "revenue"),
    ("cm_revenue_per_customer", "revenue_per_customer"),
    ("cm_cumulative_revenue_per_customer", "cumulative_revenue_per_customer"),
    ("cm_repeat_customers_cumulative", "repeat_customers_cumulative"),
    ("cm_repeat_rate_cumulative", "repeat_rate_cumulative"),
    // Headers of columns that are not metrics (`hd_`; English: the key as
    // it is, the CSV's header), for `labels::column`.
    ("hd_section", "section"),
    ("hd_period", "period"),
    ("hd_from", "from"),
    ("hd_to", "to"),
    ("hd_segment", "segment"),
    ("hd_segment_value", "segment_value"),
    ("hd_customer_id", "customer_id"),
    ("hd_first_order", "first_order"),
    ("hd_last_order", "last_order"),
    ("hd_days_since_last_order", "days_since_last_order"),
    ("hd_frequency", "frequency"),
    ("hd_recency", "recency"),
    ("hd_T", "T"),
    ("hd_monetary_value", "monetary_value"),
    ("hd_r_score", "r_score"),
    ("hd_f_score", "f_score"),
    ("hd_m_score", "m_score"),
    ("hd_rfm_score", "rfm_score"),
    ("hd_p_alive", "p_alive"),
    ("hd_expected_purchases", "expected_purchases"),
    ("hd_expected_avg_value", "expected_avg_value"),
    ("hd_expected_revenue", "expected_revenue"),
    ("hd_share_p_alive_below_half", "share_p_alive_below_half"),
    ("hd_clv", "clv"),
    ("hd_mean_clv", "mean_clv"),
    ("hd_model", "model"),
    ("hd_parameter", "parameter"),
    ("hd_estimate", "estimate"),
    ("hd_se", "se"),
    ("hd_loglik", "loglik"),
    ("hd_converged", "converged"),
    ("hd_iterations", "iterations"),
    ("hd_value", "value"),
    ("hd_decile", "decile"),
    ("hd_share", "share"),
    ("hd_calibration_frequency", "calibration_frequency"),
    ("hd_mean_predicted", "mean_predicted"),
    ("hd_mean_actual", "mean_actual"),
    ("hd_week", "week"),
    ("hd_elapsed", "elapsed"),
    ("hd_expected", "expected"),
    ("hd_actual", "actual"),
    ("hd_item", "item"),
    ("hd_role", "role"),
    ("hd_column", "column"),
    ("hd_why", "why"),
    ("hd_reason", "reason"),
    ("hd_rows", "rows"),
    ("hd_first lines", "first lines"),
    ("hd_order_id", "order_id"),
    ("hd_order_date", "order_date"),
    ("hd_amount", "amount"),
    ("hd_quantity", "quantity"),
    ("hd_unit_price", "unit_price"),
    ("hd_status", "status"),
    ("hd_refund", "refund"),
    ("hd_submitted_at", "submitted_at"),
    // `engage check` (`chk_`; its CSV and JSON keep the English).
    ("chk_title", "engage check: {files}"),
    ("chk_summary", "Summary"),
    ("chk_columns", "Columns ({file})"),
    ("chk_skipped", "Rows that would be skipped"),
    ("chk_files", "files"),
    ("chk_kind", "kind"),
    ("chk_preset", "preset"),
    ("chk_verdict", "verdict"),
    ("chk_rows_read", "rows read"),
    ("chk_orders", "orders counted"),
    ("chk_orders_excluded_by_status", "orders excluded by status"),
    ("chk_date_range", "date range"),
    ("chk_calendar", "calendar"),
    ("chk_amounts", "amounts"),
    ("chk_return_lines", "return lines (negative quantity)"),
    ("chk_orders_cancelled", "cancellations (order id prefix)"),
    ("chk_guest_orders", "guest orders (blank customer id)"),
    ("chk_customers", "customers"),
    ("chk_zero_amounts", "orders with a zero amount"),
    ("chk_negative_amounts", "orders with a negative amount"),
    ("chk_duplicate_rows", "rows repeating an earlier row exactly"),
    ("chk_orders_with_conflicting_amounts", "orders with different amounts on their rows"),
    ("chk_responses", "responses kept"),
    ("chk_nps_answers", "NPS answers"),
    ("chk_csat_answers", "CSAT answers"),
    ("chk_csat_labels", "CSAT labels"),
    ("chk_blank_nps", "blank NPS answers"),
    ("chk_blank_csat", "blank CSAT answers"),
    ("chk_duplicate_response_ids", "duplicate response ids"),
    ("chk_no_customer_id", "responses with no customer id"),
    ("chk_kind_orders", "orders ({why})"),
    ("chk_kind_surveys", "surveys ({why})"),
    ("chk_detected", "{name} (detected from the header)"),
    ("chk_none", "none"),
    ("chk_why_kind", "given with --kind"),
    ("chk_why_preset", "preset {name}"),
    ("chk_why_header", "the header is a {name} export"),
    ("chk_why_lines", "columns '{quantity}' and '{price}' hold quantities and unit prices"),
    ("chk_why_amounts", "column '{column}' holds amounts"),
    ("chk_why_scores", "column '{column}' holds scores"),
    ("chk_why_flag", "given with {flag}"),
    ("chk_why_known", "a known name for {role}"),
    ("chk_why_contains", "its header contains '{word}'"),
    ("chk_why_question", "question text of the header rows"),
    ("chk_missing_order_id", "not found: each row is one order"),
    ("chk_missing_required", "not found: required"),
    ("chk_missing_dates", "not found: no periods or date filters"),
    ("chk_missing_with_price", "not found: required with a unit price"),
    ("chk_missing_with_quantity", "not found: required with a quantity"),
    ("chk_missing_status", "not found: every order counts"),
    ("chk_missing_refund", "not found: required with --revenue net"),
    ("chk_missing_nps", "not found: no NPS"),
    ("chk_missing_csat", "not found: no CSAT"),
    ("chk_missing_customer", "not found: not needed"),
    ("chk_range", "{first} to {last}"),
    ("chk_no_dates", "no date column"),
    ("chk_status_none", "none excluded"),
    ("chk_status_excluded", "excluded: {list}"),
    ("chk_status_counted", "counted: {list}"),
    ("chk_with_rule", "{n} ({rule})"),
    ("chk_amounts_lines", "quantity x unit price per row (rounded to the cent, half to even), summed per order"),
    ("chk_returns", "{n} (they count and lower their order's amount)"),
    ("chk_cancelled", "{orders} ({rows}) whose id starts with \"{prefix}\": left out"),
    ("chk_order_one", "1 order"),
    ("chk_order_many", "{n} orders"),
    ("chk_row_one", "1 row"),
    ("chk_row_many", "{n} rows"),
    ("chk_guests", "{n}: {what}"),
    ("chk_guests_included", "included in orders and revenue"),
    ("chk_guests_skipped", "left out (--guest-orders skip)"),
    ("chk_guests_error", "an error; --guest-orders include counts them in orders and revenue"),
    ("chk_negative", "{n} (refund rows: they count and lower revenue)"),
    ("chk_conflicting", "{n} (first: order {id})"),
    ("chk_labels_set", "set '{name}' ({range}; satisfied from {from}){incomplete}"),
    ("chk_labels_incomplete", "; some answers are not in it"),
    ("chk_labels_numbers", "none (answers are numbers)"),
    ("chk_ids", "{n} (column '{column}')"),
    ("chk_no_ids", "no response id column"),
    ("chk_unusable_error", "not usable: {error}"),
    ("chk_usable", "usable: {command} reads the files as they are"),
    ("chk_usable_skipping_one", "usable with --skip-invalid: 1 row would be skipped"),
    ("chk_usable_skipping", "usable with --skip-invalid: {n} rows would be skipped"),
    ("chk_unusable_row", "not usable as they are: 1 row has a problem; fix it or pass --skip-invalid"),
    ("chk_unusable_rows", "not usable as they are: {n} rows have a problem; fix them or pass --skip-invalid"),
    // `engage clv` and the per-customer tables.
    ("clv_title", "engage clv: BG/NBD and Gamma-Gamma"),
    ("clv_models", "Models"),
    ("clv_fits", "Fits"),
    ("clv_over", "Over the horizon"),
    ("clv_deciles", "CLV deciles (1 = highest CLV)"),
    ("clv_horizon", "horizon ({units})"),
    ("clv_total", "total_clv ({months} months, {rate}% a year)"),
    ("clv_calibration", "Calibration vs holdout (totals: {predicted} predicted, {actual} actual purchases)"),
    ("clv_tracking", "Tracking: cumulative purchases in the holdout, week by week"),
    ("clv_chart", "Cumulative purchases in the holdout: expected vs actual"),
    ("clv_chart_x", "week of the holdout"),
    ("clv_gg_note", "Gamma-Gamma fitted on {n} repeat customers; left out {one_time} with no repeat purchase (frequency 0) and {non_positive} whose monetary value is 0 or negative"),
    ("clv_no_money", "no monetary_value column: no spend model, expected value or CLV"),
    ("clv_per_customer", "engage clv: per customer"),
    ("clv_shown", "Customers (first {shown} of {n})"),
    ("clv_more", "{n} more customers; write them all with -o customers.csv or --format csv"),
    ("customers_title", "engage customers: {n} customers, as of {day}"),
    ("table_more", "{more} more rows not shown (first {shown} of {rows}); all of them: -o customers.csv, --format csv, or --format json / parquet"),
    // Workbook headers of a comparison's columns.
    ("col_prev", "{name}, previous"),
    ("col_delta", "{name}, change"),
    ("col_change_pct", "{name}, change %"),
    ("col_margin", "{name}, margin of the change (±)"),
    ("col_significant", "{name}, significant change"),
    // Group names of feedback by customer (`val_`); English: the name.
    ("val_all", "all"),
    ("val_new", "new"),
    ("val_one-time", "one-time"),
    ("val_repeat", "repeat"),
    ("val_unlinked", "unlinked"),
    ("val_promoters", "promoters"),
    ("val_passives", "passives"),
    ("val_detractors", "detractors"),
    ("val_satisfied", "satisfied"),
    ("val_not satisfied", "not satisfied"),
    ("val_promoters - detractors", "promoters - detractors"),
    ("val_satisfied - not satisfied", "satisfied - not satisfied"),
    // Reasons a row is skipped (the readers'; JSON and stderr keep them).
    ("val_CSAT label outside the column's label set", "CSAT label outside the column's label set"),
    ("val_CSAT number outside the label set's scale", "CSAT number outside the label set's scale"),
    ("val_NPS answer outside 0-10", "NPS answer outside 0-10"),
    ("val_amount with more than two decimal places", "amount with more than two decimal places"),
    ("val_blank amount", "blank amount"),
    ("val_blank customer id", "blank customer id"),
    ("val_blank date", "blank date"),
    ("val_blank quantity", "blank quantity"),
    ("val_blank refunded amount", "blank refunded amount"),
    ("val_blank unit price", "blank unit price"),
    ("val_line amount (quantity x unit price) beyond exact cents", "line amount (quantity x unit price) beyond exact cents"),
    ("val_quantity with more than three decimal places", "quantity with more than three decimal places"),
    ("val_refunded amount with more than two decimal places", "refunded amount with more than two decimal places"),
    ("val_unit price with more than four decimal places", "unit price with more than four decimal places"),
    ("val_unreadable CSAT answer", "unreadable CSAT answer"),
    ("val_unreadable NPS answer", "unreadable NPS answer"),
    ("val_unreadable amount", "unreadable amount"),
    ("val_unreadable date", "unreadable date"),
    ("val_unreadable quantity", "unreadable quantity"),
    ("val_unreadable refunded amount", "unreadable refunded amount"),
    ("val_unreadable unit price", "unreadable unit price"),
    ("val_mixed-script number", "mixed-script number"),
    // `--by-customer` as a title names it.
    ("fbg_history", "history"),
    ("fbg_rfm", "rfm"),
    ("fbg_spend", "spend"),
    ("fbg_cohort", "cohort (by {unit})"),
    // RFM segment names of the default rule table (`seg_`; names from
    // engage.toml are shown as given).
    ("seg_champions", "Champions"),
    ("seg_loyal", "Loyal Customers"),
    ("seg_new", "New Customers"),
    ("seg_promising", "Promising"),
    ("seg_potential", "Potential Loyalist"),
    ("seg_attention", "Need Attention"),
    ("seg_sleep", "About To Sleep"),
    ("seg_cant_lose", "Can't Lose Them"),
    ("seg_at_risk", "At Risk"),
    ("seg_lost", "Lost"),
    ("seg_others", "Others"),
    // Export notes of `engage orders` (`note_`).
    // A sentence built of parts, ended as the language ends one (Thai
    // has no full stop).
    ("note_lines", "Order amounts are the sum of their lines' {quantity} x {price}, each rounded to the cent (half to even)"),
    ("sentence", "{text}."),
    ("note_no_total", "; the export has no order total column, so shipping, taxes and discounts are not in revenue"),
    ("note_return_one", "; 1 return line (a negative quantity) lowers its order's amount"),
    ("note_return_many", "; {n} return lines (negative quantities) lower their orders' amounts"),
    ("note_cancel_one", "1 cancellation left out: its order id starts with \"{prefix}\" (cancellation invoices are excluded, as refunded orders are)."),
    ("note_cancel_many", "{n} cancellations left out: their order ids start with \"{prefix}\" (cancellation invoices are excluded, as refunded orders are)."),
    ("note_guest_one", "1 guest order with no customer id counts in orders, revenue and AOV; customers, purchase frequency, repeat, returning and new customers and repeat revenue share use the orders of identified customers only (guest_orders)."),
    ("note_guest_many", "{n} guest orders with no customer id count in orders, revenue and AOV; customers, purchase frequency, repeat, returning and new customers and repeat revenue share use the orders of identified customers only (guest_orders)."),
    ("note_skipped_one", "1 guest order with no customer id left out (--guest-orders skip)."),
    ("note_skipped_many", "{n} guest orders with no customer id left out (--guest-orders skip)."),
    ("note_net_one", "Revenue is net of refunds: 1 order with a refund is counted at their amount less the refunded amount."),
    ("note_net_many", "Revenue is net of refunds: {n} orders with a refund are counted at their amount less the refunded amount."),
];

const HEBREW: &[(&str, &str)] = &[
    ("metric", "מדד"),
    ("value", "ערך"),
    ("total", "סה״כ"),
    ("blank", "(ריק)"),
    ("all_orders", "כל ההזמנות"),
    ("all_orders_total", "כל ההזמנות (סה״כ)"),
    ("yes", "כן"),
    ("no", "לא"),
    ("headline_metric", "מדד"),
    ("change", "שינוי"),
    ("change_pct", "שינוי %"),
    ("period", "תקופה"),
    ("answer", "תשובה"),
    ("responses", "תשובות"),
    ("share", "שיעור"),
    ("and", " ו-"),
    ("headline", "נתונים עיקריים"),
    ("per_unit", "לפי {unit}"),
    ("by_segment", "לפי {segment}, {period}"),
    ("report_title", "דוח engage: {span}"),
    ("compared_with", ", בהשוואה ל-{span}"),
    (
        "compared_with_window",
        ", בהשוואה ל-{days} הימים שלפניו, {span} (חלון באורך שווה, לא תקופה קלנדרית)",
    ),
    ("span_days", "{label} ({from} עד {to})"),
    ("customers_by_rfm", "לקוחות לפי פלח RFM, נכון ל-{day}"),
    ("nps_answers_in", "תשובות NPS, {period}"),
    ("nps_answers_whole", "תשובות NPS (כל הטווח)"),
    ("charts", "תרשימים"),
    ("unit_day", "יום"),
    ("unit_week", "שבוע"),
    ("unit_month", "חודש"),
    ("unit_quarter", "רבעון"),
    ("unit_year", "שנה"),
    ("unit_period", "תקופה"),
    (
        "blank_first",
        "{name} ריק עבור {periods}: בנתונים שנקראו אין הזמנות לפני כן, ולכן אף לקוח עדיין אינו \
         חוזר; ייצוא שמתחיל מוקדם יותר ימלא אותו",
    ),
    ("blank_empty", "{name} ריק עבור {periods}: אף לקוח לא הזמין אז"),
    (
        "dash",
        "מקף (-) מסמן ערך שאינו מוגדר (אין במה לחלק, או אין ערך קודם להשוואה), ולא אפס",
    ),
    (
        "change_pct_blank",
        "שינוי % נשאר ריק לאחוזים ולציונים (שיעורים, נתחים, NPS, CSAT, מרווחי טעות, גבולות רווח סמך): השינוי שלהם בנקודות אחוז (נ״א) או בנקודות",
    ),
    (
        "sig_not_assessed",
        "השינוי ב-{what} מאז {since} לא הוערך: {n} תשובות, פחות מ-{min} (--min-responses)",
    ),
    ("sig_change", "{what} {delta} מאז {since}: {verdict} (±{margin})"),
    ("sig_beyond", "מעבר לטווח הטעות"),
    ("sig_within", "בתוך טווח הטעות, ולכן אינו שינוי מובהק"),
    (
        "low_sample_note",
        "low_sample: ב-{period} פחות מ-{n} תשובות; יש לקרוא את ה-NPS וה-CSAT עם טווחי הטעות שלהם",
    ),
    (
        "low_sample_row",
        "low_sample: בשורה אחת פחות מ-{n} תשובות; יש לקרוא את ה-NPS וה-CSAT שלה עם טווחי הטעות",
    ),
    (
        "low_sample_rows",
        "low_sample: ב-{rows} שורות פחות מ-{n} תשובות; יש לקרוא את ה-NPS וה-CSAT שלהן עם טווחי הטעות",
    ),
    ("incomplete_headline", "{period} נמשכת עד {to} אבל הנתונים מסתיימים ב-{last}: ייתכן שהתקופה חלקית (--period last-{by} מציג את האחרונה השלמה)"),
    ("incomplete_last", "התקופה האחרונה, {period}, נמשכת עד {to} אבל הנתונים מסתיימים ב-{last}: ייתכן שערכיה חלקיים."),
    ("stale_empty", "בתקופה הראשית {period} ({from} עד {to}) אין נתונים: הנתונים הם מ-{first} עד {last}; {suggest}"),
    ("stale_short", "{period} נמשכת עד {to} אבל הנתונים מסתיימים ב-{last}: התקופה חלקית; {suggest}"),
    ("stale_suggest", "--as-of {day} מציג את {latest}, או --by {by} בלי --period את התקופה האחרונה ({unit}) שיש בה נתונים"),
    (
        "legend",
        "אזור מוצלל: טווח הטעות ברמת 95%. נקודות חלולות: פחות מ-{n} תשובות באותה תקופה. \
         העבירו את העכבר מעל נקודה כדי לראות את ערכה.",
    ),
    ("axis_money", "מטבע הנתונים"),
    ("axis_customers", "% מהלקוחות"),
    ("axis_nps", "נקודות, -100 עד 100"),
    ("axis_satisfied", "% מרוצים"),
    ("hover_interval", " (רווח 95%: {low} עד {high})"),
    ("hover_few", ", מעט תשובות"),
    ("vs", "{change} לעומת {previous}"),
    ("within", " (בתוך ±{margin}, לא מובהק)"),
    ("last_periods", "{name}, התקופות האחרונות: {values}"),
    ("pp", " נ״א"),
    ("points", " נקודות"),
    ("generated", "נוצר ב-{day} על ידי engage {version}"),
    ("files_orders", "הזמנות"),
    ("files_surveys", "סקרים"),
    ("fb_spend", "ממליצים הוציאו {promoters} לעומת {detractors} אצל מלעיזים, למשיב, ב-{days} הימים שאחרי המענה (הפרש {difference}, רווח 95%: {low} עד {high})."),
    ("fb_rule", "הקבוצות נקבעות לפי ההזמנות שנספרו לפני יום התשובה בלבד: הזמנה ביום התשובה אינה היסטוריה, וגם אינה בחלון של {days} הימים, שמתחיל למחרת; כל תשובה נספרת, גם כמה תשובות מאותו לקוח."),
    ("fb_left_out_one", "תשובה מקושרת אחת הושמטה מטבלת ההתנהגות: חלון {days} הימים שלה נמשך אחרי סוף נתוני ההזמנות ({last})."),
    ("fb_left_out", "{n} תשובות מקושרות הושמטו מטבלת ההתנהגות: חלון {days} הימים שלהן נמשך אחרי סוף נתוני ההזמנות ({last})."),
    ("fb_undated_one", "תשובה אחת ללא תאריך קריא הושמטה מחלק המשוב"),
    ("fb_undated", "{n} תשובות ללא תאריך קריא הושמטו מחלק המשוב"),
    ("fb_title", "משוב לפי לקוח ({grouping}): {n} תשובות"),
    ("fb_section", "משוב לפי לקוח: {title}"),
    ("fb_match", "שיעור התאמה: תשובות שקושרו ללקוח עם הזמנות"),
    ("fb_by_group", "NPS ו-CSAT לפי {what} במועד המענה"),
    ("fb_history", "היסטוריית הזמנות"),
    ("fb_rfm", "פלח RFM"),
    ("fb_quartile", "רבעון ההכנסות עד אותו יום"),
    ("fb_cohort", "קבוצת הצטרפות"),
    ("fb_after", "אחרי המענה: {days} הימים שאחרי יום התשובה"),
    ("fb_differences", "הפרשים, עם רווחי 95% (מובהק כשהרווח אינו כולל 0)"),
    ("fb_chart", "NPS לפי קבוצת לקוחות (טווח טעות 95%)"),
    ("cohorts_title", "קוהורטות engage: {metric} לפי קוהורט של {unit}"),
    ("cohorts_section", "קוהורטות: {metric} לפי קוהורט של {unit}"),
    ("cohort_k", "k = {units} מאז ה{unit} של הקוהורט"),
    ("cohort_curve", "שימור ממוצע (%) לפי {units} מאז הראשון"),
    ("cohort", "קוהורט"),
    ("cohort_size", "לקוחות"),
    ("weighted_average", "ממוצע משוקלל"),
    ("units_day", "ימים"),
    ("units_week", "שבועות"),
    ("units_month", "חודשים"),
    ("units_quarter", "רבעונים"),
    ("units_year", "שנים"),
    ("cm_cohort_customers", "לקוחות בקוהורט"),
    ("cm_active_customers", "לקוחות פעילים"),
    ("cm_retention", "שימור"),
    ("cm_orders", "הזמנות"),
    ("cm_revenue", "הכנסות"),
    ("cm_revenue_per_customer", "הכנסה ללקוח"),
    ("cm_cumulative_revenue_per_customer", "הכנסה מצטברת ללקוח"),
    ("cm_repeat_customers_cumulative", "רוכשים חוזרים (מצטבר)"),
    ("cm_repeat_rate_cumulative", "שיעור רכישה חוזרת (מצטבר)"),
    ("hd_section", "חלק"),
    ("hd_period", "תקופה"),
    ("hd_from", "מתאריך"),
    ("hd_to", "עד תאריך"),
    ("hd_segment", "פלח"),
    ("hd_segment_value", "ערך הפלח"),
    ("hd_customer_id", "מזהה לקוח"),
    ("hd_first_order", "הזמנה ראשונה"),
    ("hd_last_order", "הזמנה אחרונה"),
    ("hd_days_since_last_order", "ימים מאז ההזמנה האחרונה"),
    ("hd_frequency", "תדירות"),
    ("hd_recency", "עדכניות"),
    ("hd_T", "ותק (T)"),
    ("hd_monetary_value", "ערך כספי"),
    ("hd_r_score", "ציון R"),
    ("hd_f_score", "ציון F"),
    ("hd_m_score", "ציון M"),
    ("hd_rfm_score", "ציון RFM"),
    ("hd_p_alive", "הסתברות פעיל"),
    ("hd_expected_purchases", "רכישות צפויות"),
    ("hd_expected_avg_value", "ערך ממוצע צפוי"),
    ("hd_expected_revenue", "הכנסות צפויות"),
    ("hd_share_p_alive_below_half", "שיעור עם הסתברות פעיל מתחת ל-0.5"),
    ("hd_clv", "CLV"),
    ("hd_mean_clv", "CLV ממוצע"),
    ("hd_model", "מודל"),
    ("hd_parameter", "פרמטר"),
    ("hd_estimate", "אומדן"),
    ("hd_se", "שגיאת תקן"),
    ("hd_loglik", "לוג-נראות"),
    ("hd_converged", "התכנס"),
    ("hd_iterations", "איטרציות"),
    ("hd_value", "ערך"),
    ("hd_decile", "עשירון"),
    ("hd_share", "נתח"),
    ("hd_calibration_frequency", "תדירות בכיול"),
    ("hd_mean_predicted", "ממוצע חזוי"),
    ("hd_mean_actual", "ממוצע בפועל"),
    ("hd_week", "שבוע"),
    ("hd_elapsed", "זמן שחלף"),
    ("hd_expected", "צפוי"),
    ("hd_actual", "בפועל"),
    ("hd_item", "פריט"),
    ("hd_role", "תפקיד"),
    ("hd_column", "עמודה"),
    ("hd_why", "סיבה"),
    ("hd_reason", "סיבה"),
    ("hd_rows", "שורות"),
    ("hd_first lines", "שורות ראשונות"),
    ("hd_order_id", "מזהה הזמנה"),
    ("hd_order_date", "תאריך הזמנה"),
    ("hd_amount", "סכום"),
    ("hd_quantity", "כמות"),
    ("hd_unit_price", "מחיר יחידה"),
    ("hd_status", "סטטוס"),
    ("hd_refund", "החזר"),
    ("hd_submitted_at", "מועד המענה"),
    ("chk_title", "בדיקת engage: {files}"),
    ("chk_summary", "סיכום"),
    ("chk_columns", "עמודות ({file})"),
    ("chk_skipped", "שורות שיידלגו"),
    ("chk_files", "קבצים"),
    ("chk_kind", "סוג"),
    ("chk_preset", "תבנית ייבוא"),
    ("chk_verdict", "מסקנה"),
    ("chk_rows_read", "שורות שנקראו"),
    ("chk_orders", "הזמנות שנספרו"),
    ("chk_orders_excluded_by_status", "הזמנות שהוחרגו לפי סטטוס"),
    ("chk_date_range", "טווח תאריכים"),
    ("chk_calendar", "לוח שנה"),
    ("chk_amounts", "סכומים"),
    ("chk_return_lines", "שורות החזרה (כמות שלילית)"),
    ("chk_orders_cancelled", "ביטולים (קידומת מזהה הזמנה)"),
    ("chk_guest_orders", "הזמנות אורח (מזהה לקוח ריק)"),
    ("chk_customers", "לקוחות"),
    ("chk_zero_amounts", "הזמנות בסכום אפס"),
    ("chk_negative_amounts", "הזמנות בסכום שלילי"),
    ("chk_duplicate_rows", "שורות שחוזרות במדויק על שורה קודמת"),
    ("chk_orders_with_conflicting_amounts", "הזמנות עם סכומים שונים בשורותיהן"),
    ("chk_responses", "תשובות שנשמרו"),
    ("chk_nps_answers", "תשובות NPS"),
    ("chk_csat_answers", "תשובות CSAT"),
    ("chk_csat_labels", "תוויות CSAT"),
    ("chk_blank_nps", "תשובות NPS ריקות"),
    ("chk_blank_csat", "תשובות CSAT ריקות"),
    ("chk_duplicate_response_ids", "מזהי תשובה כפולים"),
    ("chk_no_customer_id", "תשובות ללא מזהה לקוח"),
    ("chk_kind_orders", "הזמנות ({why})"),
    ("chk_kind_surveys", "סקרים ({why})"),
    ("chk_detected", "{name} (זוהתה לפי הכותרת)"),
    ("chk_none", "אין"),
    ("chk_why_kind", "ניתן עם --kind"),
    ("chk_why_preset", "תבנית {name}"),
    ("chk_why_header", "הכותרת היא של ייצוא {name}"),
    ("chk_why_lines", "העמודות '{quantity}' ו-'{price}' מכילות כמויות ומחירי יחידה"),
    ("chk_why_amounts", "העמודה '{column}' מכילה סכומים"),
    ("chk_why_scores", "העמודה '{column}' מכילה ציונים"),
    ("chk_why_flag", "ניתן עם {flag}"),
    ("chk_why_known", "שם מוכר של {role}"),
    ("chk_why_contains", "הכותרת שלה מכילה '{word}'"),
    ("chk_why_question", "טקסט השאלה בשורות הכותרת"),
    ("chk_missing_order_id", "לא נמצאה: כל שורה היא הזמנה אחת"),
    ("chk_missing_required", "לא נמצאה: חובה"),
    ("chk_missing_dates", "לא נמצאה: ללא תקופות או סינון לפי תאריך"),
    ("chk_missing_with_price", "לא נמצאה: חובה עם מחיר יחידה"),
    ("chk_missing_with_quantity", "לא נמצאה: חובה עם כמות"),
    ("chk_missing_status", "לא נמצאה: כל הזמנה נספרת"),
    ("chk_missing_refund", "לא נמצאה: חובה עם --revenue net"),
    ("chk_missing_nps", "לא נמצאה: ללא NPS"),
    ("chk_missing_csat", "לא נמצאה: ללא CSAT"),
    ("chk_missing_customer", "לא נמצאה: לא נדרשת"),
    ("chk_range", "{first} עד {last}"),
    ("chk_no_dates", "אין עמודת תאריך"),
    ("chk_status_none", "אף אחת לא הוחרגה"),
    ("chk_status_excluded", "הוחרגו: {list}"),
    ("chk_status_counted", "נספרו: {list}"),
    ("chk_with_rule", "{n} ({rule})"),
    ("chk_amounts_lines", "כמות x מחיר יחידה בכל שורה (מעוגל ל-0.01, חצי לזוגי), מסוכם לכל הזמנה"),
    ("chk_returns", "{n} (נספרות ומקטינות את סכום ההזמנה שלהן)"),
    ("chk_cancelled", "{orders} ({rows}) שהמזהה שלהן מתחיל ב-\"{prefix}\": הושמטו"),
    ("chk_order_one", "הזמנה אחת"),
    ("chk_order_many", "{n} הזמנות"),
    ("chk_row_one", "שורה אחת"),
    ("chk_row_many", "{n} שורות"),
    ("chk_guests", "{n}: {what}"),
    ("chk_guests_included", "נכללות בהזמנות ובהכנסות"),
    ("chk_guests_skipped", "הושמטו (--guest-orders skip)"),
    ("chk_guests_error", "שגיאה; --guest-orders include סופר אותן בהזמנות ובהכנסות"),
    ("chk_negative", "{n} (שורות החזר: נספרות ומקטינות את ההכנסות)"),
    ("chk_conflicting", "{n} (הראשונה: הזמנה {id})"),
    ("chk_labels_set", "סט '{name}' ({range}; מרוצה מ-{from}){incomplete}"),
    ("chk_labels_incomplete", "; חלק מהתשובות אינן בו"),
    ("chk_labels_numbers", "אין (התשובות הן מספרים)"),
    ("chk_ids", "{n} (עמודה '{column}')"),
    ("chk_no_ids", "אין עמודת מזהה תשובה"),
    ("chk_unusable_error", "לא שמיש: {error}"),
    ("chk_usable", "שמיש: {command} קורא את הקבצים כפי שהם"),
    ("chk_usable_skipping_one", "שמיש עם --skip-invalid: שורה אחת תדולג"),
    ("chk_usable_skipping", "שמיש עם --skip-invalid: {n} שורות ידולגו"),
    ("chk_unusable_row", "לא שמיש כפי שהם: בשורה אחת יש בעיה; יש לתקן אותה או להוסיף --skip-invalid"),
    ("chk_unusable_rows", "לא שמיש כפי שהם: ב-{n} שורות יש בעיה; יש לתקן אותן או להוסיף --skip-invalid"),
    ("clv_title", "engage clv: BG/NBD ו-Gamma-Gamma"),
    ("clv_models", "מודלים"),
    ("clv_fits", "התאמות"),
    ("clv_over", "לאורך האופק"),
    ("clv_deciles", "עשירוני CLV (1 = ה-CLV הגבוה ביותר)"),
    ("clv_horizon", "אופק ({units})"),
    ("clv_total", "סך CLV ({months} חודשים, {rate}% לשנה)"),
    ("clv_calibration", "כיול מול תקופת ביקורת (סה״כ: {predicted} רכישות חזויות, {actual} בפועל)"),
    ("clv_tracking", "מעקב: רכישות מצטברות בתקופת הביקורת, שבוע אחר שבוע"),
    ("clv_chart", "רכישות מצטברות בתקופת הביקורת: צפוי מול בפועל"),
    ("clv_chart_x", "שבוע בתקופת הביקורת"),
    ("clv_gg_note", "Gamma-Gamma הותאם על {n} לקוחות חוזרים; הושמטו {one_time} ללא רכישה חוזרת (frequency 0) ו-{non_positive} שערכם הכספי 0 או שלילי"),
    ("clv_no_money", "אין עמודת monetary_value: אין מודל הוצאה, ערך צפוי או CLV"),
    ("clv_per_customer", "engage clv: לפי לקוח"),
    ("clv_shown", "לקוחות ({shown} הראשונים מתוך {n})"),
    ("clv_more", "עוד {n} לקוחות; לכתיבת כולם: -o customers.csv או --format csv"),
    ("customers_title", "engage customers: {n} לקוחות, נכון ל-{day}"),
    ("table_more", "עוד {more} שורות לא מוצגות ({shown} הראשונות מתוך {rows}); לכולן: -o customers.csv, --format csv, או --format json / parquet"),
    ("col_prev", "{name}, קודם"),
    ("col_delta", "{name}, שינוי"),
    ("col_change_pct", "{name}, שינוי %"),
    ("col_margin", "{name}, טווח הטעות של השינוי (±)"),
    ("col_significant", "{name}, שינוי מובהק"),
    ("val_all", "הכול"),
    ("val_new", "חדשים"),
    ("val_one-time", "חד-פעמיים"),
    ("val_repeat", "חוזרים"),
    ("val_unlinked", "לא מקושרות"),
    ("val_promoters", "ממליצים"),
    ("val_passives", "פסיביים"),
    ("val_detractors", "מלעיזים"),
    ("val_satisfied", "מרוצים"),
    ("val_not satisfied", "לא מרוצים"),
    ("val_promoters - detractors", "ממליצים - מלעיזים"),
    ("val_satisfied - not satisfied", "מרוצים - לא מרוצים"),
    ("val_CSAT label outside the column's label set", "תווית CSAT מחוץ לסט התוויות של העמודה"),
    ("val_CSAT number outside the label set's scale", "מספר CSAT מחוץ לסולם של סט התוויות"),
    ("val_NPS answer outside 0-10", "תשובת NPS מחוץ לטווח 0-10"),
    ("val_amount with more than two decimal places", "סכום עם יותר משתי ספרות אחרי הנקודה"),
    ("val_blank amount", "סכום ריק"),
    ("val_blank customer id", "מזהה לקוח ריק"),
    ("val_blank date", "תאריך ריק"),
    ("val_blank quantity", "כמות ריקה"),
    ("val_blank refunded amount", "סכום החזר ריק"),
    ("val_blank unit price", "מחיר יחידה ריק"),
    ("val_line amount (quantity x unit price) beyond exact cents", "סכום שורה (כמות x מחיר יחידה) מעבר לדיוק של 0.01"),
    ("val_quantity with more than three decimal places", "כמות עם יותר משלוש ספרות אחרי הנקודה"),
    ("val_refunded amount with more than two decimal places", "סכום החזר עם יותר משתי ספרות אחרי הנקודה"),
    ("val_unit price with more than four decimal places", "מחיר יחידה עם יותר מארבע ספרות אחרי הנקודה"),
    ("val_unreadable CSAT answer", "תשובת CSAT לא קריאה"),
    ("val_unreadable NPS answer", "תשובת NPS לא קריאה"),
    ("val_unreadable amount", "סכום לא קריא"),
    ("val_unreadable date", "תאריך לא קריא"),
    ("val_unreadable quantity", "כמות לא קריאה"),
    ("val_unreadable refunded amount", "סכום החזר לא קריא"),
    ("val_unreadable unit price", "מחיר יחידה לא קריא"),
    ("val_mixed-script number", "מספר בספרות מעורבות"),
    ("fbg_history", "היסטוריית הזמנות"),
    ("fbg_rfm", "RFM"),
    ("fbg_spend", "רבעוני הוצאה"),
    ("fbg_cohort", "קוהורט (לפי {unit})"),
    ("seg_champions", "אלופים"),
    ("seg_loyal", "לקוחות נאמנים"),
    ("seg_new", "לקוחות חדשים"),
    ("seg_promising", "מבטיחים"),
    ("seg_potential", "נאמנים בפוטנציה"),
    ("seg_attention", "דורשים תשומת לב"),
    ("seg_sleep", "עומדים להירדם"),
    ("seg_cant_lose", "אסור לאבד"),
    ("seg_at_risk", "בסיכון"),
    ("seg_lost", "אבודים"),
    ("seg_others", "אחרים"),
    ("note_lines", "סכומי ההזמנות הם סכום השורות שלהן, {quantity} x {price}, כל שורה מעוגלת ל-0.01 (חצי לזוגי)"),
    ("sentence", "{text}."),
    ("note_no_total", "; בקובץ אין עמודת סכום הזמנה, ולכן משלוח, מסים והנחות אינם בהכנסות"),
    ("note_return_one", "; שורת החזרה אחת (כמות שלילית) מקטינה את סכום ההזמנה שלה"),
    ("note_return_many", "; {n} שורות החזרה (כמויות שליליות) מקטינות את סכומי ההזמנות שלהן"),
    ("note_cancel_one", "ביטול אחד הושמט: מזהה ההזמנה שלו מתחיל ב-\"{prefix}\" (חשבוניות ביטול אינן נספרות, כמו הזמנות שהוחזרו)."),
    ("note_cancel_many", "{n} ביטולים הושמטו: מזהי ההזמנות שלהם מתחילים ב-\"{prefix}\" (חשבוניות ביטול אינן נספרות, כמו הזמנות שהוחזרו)."),
    ("note_guest_one", "הזמנת אורח אחת ללא מזהה לקוח נספרת בהזמנות, בהכנסות וב-AOV; לקוחות, תדירות רכישה, לקוחות חוזרים וחדשים ונתח ההכנסות החוזרות מחושבים רק מהזמנות של לקוחות מזוהים (guest_orders)."),
    ("note_guest_many", "{n} הזמנות אורח ללא מזהה לקוח נספרות בהזמנות, בהכנסות וב-AOV; לקוחות, תדירות רכישה, לקוחות חוזרים וחדשים ונתח ההכנסות החוזרות מחושבים רק מהזמנות של לקוחות מזוהים (guest_orders)."),
    ("note_skipped_one", "הזמנת אורח אחת ללא מזהה לקוח הושמטה (--guest-orders skip)."),
    ("note_skipped_many", "{n} הזמנות אורח ללא מזהה לקוח הושמטו (--guest-orders skip)."),
    ("note_net_one", "ההכנסות נטו מהחזרים: הזמנה אחת עם החזר נספרת בסכומה פחות הסכום שהוחזר."),
    ("note_net_many", "ההכנסות נטו מהחזרים: {n} הזמנות עם החזר נספרות בסכומן פחות הסכום שהוחזר."),
];

const ARABIC: &[(&str, &str)] = &[
    ("metric", "المقياس"),
    ("value", "القيمة"),
    ("total", "الإجمالي"),
    ("blank", "(فارغ)"),
    ("all_orders", "كل الطلبات"),
    ("all_orders_total", "كل الطلبات (الإجمالي)"),
    ("yes", "نعم"),
    ("no", "لا"),
    ("headline_metric", "المقياس"),
    ("change", "التغيّر"),
    ("change_pct", "التغيّر %"),
    ("period", "الفترة"),
    ("answer", "الإجابة"),
    ("responses", "الردود"),
    ("share", "النسبة"),
    ("and", " و"),
    ("headline", "الأرقام الرئيسية"),
    ("per_unit", "لكل {unit}"),
    ("by_segment", "حسب {segment}، {period}"),
    ("report_title", "تقرير engage: {span}"),
    ("compared_with", "، مقارنةً بـ {span}"),
    (
        "compared_with_window",
        "، مقارنةً بالأيام الـ {days} التي تسبقه، {span} (نافذة بالطول نفسه، وليست فترة تقويمية)",
    ),
    ("span_days", "{label} (من {from} إلى {to})"),
    ("customers_by_rfm", "العملاء حسب شريحة RFM، حتى {day}"),
    ("nps_answers_in", "إجابات NPS، {period}"),
    ("nps_answers_whole", "إجابات NPS (كامل النطاق)"),
    ("charts", "الرسوم البيانية"),
    ("unit_day", "يوم"),
    ("unit_week", "أسبوع"),
    ("unit_month", "شهر"),
    ("unit_quarter", "ربع سنة"),
    ("unit_year", "سنة"),
    ("unit_period", "فترة"),
    (
        "blank_first",
        "{name} فارغ في {periods}: لا تحوي البيانات المقروءة طلبات قبل ذلك، فلا يمكن أن يكون أي \
         عميل عائدًا بعد؛ تصدير يبدأ في وقت أبكر يملؤه",
    ),
    (
        "blank_empty",
        "{name} فارغ في {periods}: لم يطلب أي عميل حينها",
    ),
    (
        "dash",
        "الشرطة (-) تعني قيمة غير معرّفة (لا شيء للقسمة عليه، أو لا قيمة سابقة للمقارنة)، وليست صفرًا",
    ),
    (
        "change_pct_blank",
        "يُترك التغيّر % فارغًا للنسب المئوية والدرجات (المعدلات، الحصص، NPS، CSAT، هوامش الخطأ، حدود الفترات): تغيّرها بالنقاط المئوية أو بالنقاط",
    ),
    (
        "sig_not_assessed",
        "لم يُقيَّم تغيّر {what} منذ {since}: {n} إجابة، أقل من {min} (--min-responses)",
    ),
    (
        "sig_change",
        "{what} {delta} منذ {since}: {verdict} (±{margin})",
    ),
    ("sig_beyond", "خارج هامش الخطأ"),
    ("sig_within", "ضمن هامش الخطأ، فليس تغيّرًا ذا دلالة"),
    (
        "low_sample_note",
        "low_sample: في {period} أقل من {n} إجابة؛ اقرأ NPS وCSAT مع هامش الخطأ لكل منهما",
    ),
    (
        "low_sample_row",
        "low_sample: في صف واحد أقل من {n} إجابة؛ اقرأ NPS وCSAT فيه مع هامش الخطأ",
    ),
    (
        "low_sample_rows",
        "low_sample: في {rows} صف أقل من {n} إجابة؛ اقرأ NPS وCSAT فيها مع هامش الخطأ",
    ),
    ("incomplete_headline", "{period} تمتد حتى {to} لكن البيانات تنتهي في {last}: قد تكون الفترة ناقصة (يعرض --period last-{by} آخر فترة كاملة)"),
    ("incomplete_last", "الفترة الأخيرة، {period}، تمتد حتى {to} لكن البيانات تنتهي في {last}: قد تكون قيمها ناقصة."),
    ("stale_empty", "لا توجد بيانات في الفترة الرئيسية {period} ({from} إلى {to}): تمتد البيانات من {first} إلى {last}؛ {suggest}"),
    ("stale_short", "تمتد {period} حتى {to} لكن البيانات تنتهي في {last}: الفترة ناقصة؛ {suggest}"),
    ("stale_suggest", "--as-of {day} يعرض {latest}، أو --by {by} دون --period يعرض آخر فترة ({unit}) فيها بيانات"),
    (
        "legend",
        "المنطقة المظللة: هامش الخطأ عند 95%. النقاط المفرغة: أقل من {n} إجابة في تلك الفترة. \
         مرّر المؤشر فوق نقطة لترى قيمتها.",
    ),
    ("axis_money", "عملة البيانات"),
    ("axis_customers", "% من العملاء"),
    ("axis_nps", "نقاط، من -100 إلى 100"),
    ("axis_satisfied", "% راضون"),
    ("hover_interval", " (فترة 95%: من {low} إلى {high})"),
    ("hover_few", "، إجابات قليلة"),
    ("vs", "{change} مقابل {previous}"),
    ("within", " (ضمن ±{margin}، ليس ذا دلالة)"),
    ("last_periods", "{name}، الفترات الأخيرة: {values}"),
    ("pp", " نقطة مئوية"),
    ("points", " نقطة"),
    ("generated", "أُنشئ في {day} بواسطة engage {version}"),
    ("files_orders", "الطلبات"),
    ("files_surveys", "الاستبيانات"),
    ("fb_spend", "أنفق المروجون {promoters} مقابل {detractors} للمنتقدين لكل مستجيب في الأيام الـ{days} التالية للإجابة (الفرق {difference}، فترة 95%: من {low} إلى {high})."),
    ("fb_rule", "تُحدَّد المجموعات من الطلبات المحتسبة قبل يوم كل رد فقط: الطلب في يوم الرد ليس من السجل، ولا يدخل في نافذة الـ{days} يومًا التي تبدأ من اليوم التالي؛ كل رد يُحتسب، حتى عدة ردود من عميل واحد."),
    ("fb_left_out_one", "استُبعد رد مرتبط واحد من جدول السلوك: نافذته البالغة {days} يومًا تتجاوز نهاية بيانات الطلبات ({last})."),
    ("fb_left_out", "استُبعد {n} من الردود المرتبطة من جدول السلوك: نافذتها البالغة {days} يومًا تتجاوز نهاية بيانات الطلبات ({last})."),
    ("fb_undated_one", "استُبعد رد واحد بلا تاريخ مقروء من قسم الآراء"),
    ("fb_undated", "استُبعد {n} من الردود بلا تاريخ مقروء من قسم الآراء"),
    ("fb_title", "الآراء حسب العميل ({grouping}): {n} ردًا"),
    ("fb_section", "الآراء حسب العميل: {title}"),
    ("fb_match", "نسبة المطابقة: الردود المرتبطة بعميل له طلبات"),
    ("fb_by_group", "NPS وCSAT حسب {what} في تاريخ الإجابة"),
    ("fb_history", "سجل الطلبات"),
    ("fb_rfm", "شريحة RFM"),
    ("fb_quartile", "ربيع الإيرادات حتى ذلك اليوم"),
    ("fb_cohort", "فوج الاكتساب"),
    ("fb_after", "بعد الإجابة: الأيام الـ{days} التالية ليوم الرد"),
    ("fb_differences", "الفروق مع فترات 95% (ذات دلالة إذا لم تشمل الفترة الصفر)"),
    ("fb_chart", "NPS حسب مجموعة العملاء (هامش 95%)"),
    ("cohorts_title", "أفواج engage: {metric} حسب فوج {unit}"),
    ("cohorts_section", "الأفواج: {metric} حسب فوج {unit}"),
    ("cohort_k", "k = عدد {units} منذ {unit} الفوج"),
    ("cohort_curve", "متوسط الاحتفاظ (%) حسب {units} منذ الأول"),
    ("cohort", "الفوج"),
    ("cohort_size", "العملاء"),
    ("weighted_average", "المتوسط المرجّح"),
    ("units_day", "الأيام"),
    ("units_week", "الأسابيع"),
    ("units_month", "الأشهر"),
    ("units_quarter", "الأرباع"),
    ("units_year", "السنوات"),
    ("cm_cohort_customers", "عملاء الفوج"),
    ("cm_active_customers", "العملاء النشطون"),
    ("cm_retention", "الاحتفاظ"),
    ("cm_orders", "الطلبات"),
    ("cm_revenue", "الإيرادات"),
    ("cm_revenue_per_customer", "الإيراد لكل عميل"),
    ("cm_cumulative_revenue_per_customer", "الإيراد التراكمي لكل عميل"),
    ("cm_repeat_customers_cumulative", "العملاء المتكررون (تراكمي)"),
    ("cm_repeat_rate_cumulative", "معدل تكرار الشراء (تراكمي)"),
    ("hd_section", "القسم"),
    ("hd_period", "الفترة"),
    ("hd_from", "من"),
    ("hd_to", "إلى"),
    ("hd_segment", "الشريحة"),
    ("hd_segment_value", "قيمة الشريحة"),
    ("hd_customer_id", "معرّف العميل"),
    ("hd_first_order", "أول طلب"),
    ("hd_last_order", "آخر طلب"),
    ("hd_days_since_last_order", "الأيام منذ آخر طلب"),
    ("hd_frequency", "التكرار"),
    ("hd_recency", "الحداثة"),
    ("hd_T", "العمر (T)"),
    ("hd_monetary_value", "القيمة النقدية"),
    ("hd_r_score", "درجة R"),
    ("hd_f_score", "درجة F"),
    ("hd_m_score", "درجة M"),
    ("hd_rfm_score", "درجة RFM"),
    ("hd_p_alive", "احتمال النشاط"),
    ("hd_expected_purchases", "المشتريات المتوقعة"),
    ("hd_expected_avg_value", "متوسط القيمة المتوقع"),
    ("hd_expected_revenue", "الإيرادات المتوقعة"),
    ("hd_share_p_alive_below_half", "نسبة من احتمال نشاطهم دون 0.5"),
    ("hd_clv", "CLV"),
    ("hd_mean_clv", "متوسط CLV"),
    ("hd_model", "النموذج"),
    ("hd_parameter", "المعلمة"),
    ("hd_estimate", "التقدير"),
    ("hd_se", "الخطأ المعياري"),
    ("hd_loglik", "لوغاريتم الإمكان"),
    ("hd_converged", "تقارب"),
    ("hd_iterations", "التكرارات"),
    ("hd_value", "القيمة"),
    ("hd_decile", "العُشير"),
    ("hd_share", "الحصة"),
    ("hd_calibration_frequency", "التكرار في فترة المعايرة"),
    ("hd_mean_predicted", "المتوسط المتوقع"),
    ("hd_mean_actual", "المتوسط الفعلي"),
    ("hd_week", "الأسبوع"),
    ("hd_elapsed", "المنقضي"),
    ("hd_expected", "المتوقع"),
    ("hd_actual", "الفعلي"),
    ("hd_item", "البند"),
    ("hd_role", "الدور"),
    ("hd_column", "العمود"),
    ("hd_why", "السبب"),
    ("hd_reason", "السبب"),
    ("hd_rows", "الصفوف"),
    ("hd_first lines", "أولى الأسطر"),
    ("hd_order_id", "معرّف الطلب"),
    ("hd_order_date", "تاريخ الطلب"),
    ("hd_amount", "المبلغ"),
    ("hd_quantity", "الكمية"),
    ("hd_unit_price", "سعر الوحدة"),
    ("hd_status", "الحالة"),
    ("hd_refund", "المبلغ المسترد"),
    ("hd_submitted_at", "وقت الإرسال"),
    ("chk_title", "فحص engage: {files}"),
    ("chk_summary", "الملخص"),
    ("chk_columns", "الأعمدة ({file})"),
    ("chk_skipped", "الصفوف التي ستُتخطى"),
    ("chk_files", "الملفات"),
    ("chk_kind", "النوع"),
    ("chk_preset", "القالب"),
    ("chk_verdict", "الحكم"),
    ("chk_rows_read", "الصفوف المقروءة"),
    ("chk_orders", "الطلبات المحتسبة"),
    ("chk_orders_excluded_by_status", "الطلبات المستبعدة حسب الحالة"),
    ("chk_date_range", "نطاق التواريخ"),
    ("chk_calendar", "التقويم"),
    ("chk_amounts", "المبالغ"),
    ("chk_return_lines", "بنود الإرجاع (كمية سالبة)"),
    ("chk_orders_cancelled", "الإلغاءات (بادئة معرّف الطلب)"),
    ("chk_guest_orders", "طلبات الضيوف (معرّف عميل فارغ)"),
    ("chk_customers", "العملاء"),
    ("chk_zero_amounts", "طلبات بمبلغ صفر"),
    ("chk_negative_amounts", "طلبات بمبلغ سالب"),
    ("chk_duplicate_rows", "صفوف تكرر صفًا سابقًا تمامًا"),
    ("chk_orders_with_conflicting_amounts", "طلبات بمبالغ مختلفة في صفوفها"),
    ("chk_responses", "الردود المحتفظ بها"),
    ("chk_nps_answers", "إجابات NPS"),
    ("chk_csat_answers", "إجابات CSAT"),
    ("chk_csat_labels", "تسميات CSAT"),
    ("chk_blank_nps", "إجابات NPS فارغة"),
    ("chk_blank_csat", "إجابات CSAT فارغة"),
    ("chk_duplicate_response_ids", "معرّفات ردود مكررة"),
    ("chk_no_customer_id", "ردود بلا معرّف عميل"),
    ("chk_kind_orders", "طلبات ({why})"),
    ("chk_kind_surveys", "استبيانات ({why})"),
    ("chk_detected", "{name} (اكتُشف من الترويسة)"),
    ("chk_none", "لا شيء"),
    ("chk_why_kind", "محدد بـ --kind"),
    ("chk_why_preset", "القالب {name}"),
    ("chk_why_header", "الترويسة من تصدير {name}"),
    ("chk_why_lines", "العمودان '{quantity}' و'{price}' يحويان الكميات وأسعار الوحدات"),
    ("chk_why_amounts", "العمود '{column}' يحوي المبالغ"),
    ("chk_why_scores", "العمود '{column}' يحوي الدرجات"),
    ("chk_why_flag", "محدد بـ {flag}"),
    ("chk_why_known", "اسم معروف لـ {role}"),
    ("chk_why_contains", "ترويسته تحوي '{word}'"),
    ("chk_why_question", "نص السؤال في صفوف الترويسة"),
    ("chk_missing_order_id", "غير موجود: كل صف طلب واحد"),
    ("chk_missing_required", "غير موجود: مطلوب"),
    ("chk_missing_dates", "غير موجود: بلا فترات أو تصفية بالتاريخ"),
    ("chk_missing_with_price", "غير موجود: مطلوب مع سعر الوحدة"),
    ("chk_missing_with_quantity", "غير موجود: مطلوب مع الكمية"),
    ("chk_missing_status", "غير موجود: كل طلب يُحتسب"),
    ("chk_missing_refund", "غير موجود: مطلوب مع --revenue net"),
    ("chk_missing_nps", "غير موجود: بلا NPS"),
    ("chk_missing_csat", "غير موجود: بلا CSAT"),
    ("chk_missing_customer", "غير موجود: غير مطلوب"),
    ("chk_range", "{first} إلى {last}"),
    ("chk_no_dates", "لا يوجد عمود تاريخ"),
    ("chk_status_none", "لم يُستبعد شيء"),
    ("chk_status_excluded", "المستبعد: {list}"),
    ("chk_status_counted", "المحتسب: {list}"),
    ("chk_with_rule", "{n} ({rule})"),
    ("chk_amounts_lines", "الكمية x سعر الوحدة لكل صف (مقرب إلى 0.01، النصف إلى الزوجي)، مجموعًا لكل طلب"),
    ("chk_returns", "{n} (تُحتسب وتخفض مبلغ طلبها)"),
    ("chk_cancelled", "{orders} ({rows}) يبدأ معرّفها بـ\"{prefix}\": مستبعدة"),
    ("chk_order_one", "طلب واحد"),
    ("chk_order_many", "{n} من الطلبات"),
    ("chk_row_one", "صف واحد"),
    ("chk_row_many", "{n} من الصفوف"),
    ("chk_guests", "{n}: {what}"),
    ("chk_guests_included", "محتسبة في الطلبات والإيرادات"),
    ("chk_guests_skipped", "مستبعدة (--guest-orders skip)"),
    ("chk_guests_error", "خطأ؛ --guest-orders include يحتسبها في الطلبات والإيرادات"),
    ("chk_negative", "{n} (صفوف استرداد: تُحتسب وتخفض الإيرادات)"),
    ("chk_conflicting", "{n} (أولها: الطلب {id})"),
    ("chk_labels_set", "المجموعة '{name}' ({range}؛ راضٍ من {from}){incomplete}"),
    ("chk_labels_incomplete", "؛ بعض الإجابات ليست فيها"),
    ("chk_labels_numbers", "لا شيء (الإجابات أرقام)"),
    ("chk_ids", "{n} (العمود '{column}')"),
    ("chk_no_ids", "لا يوجد عمود لمعرّف الرد"),
    ("chk_unusable_error", "غير صالح للاستخدام: {error}"),
    ("chk_usable", "صالح للاستخدام: {command} يقرأ الملفات كما هي"),
    ("chk_usable_skipping_one", "صالح مع --skip-invalid: سيُتخطى صف واحد"),
    ("chk_usable_skipping", "صالح مع --skip-invalid: سيُتخطى {n} من الصفوف"),
    ("chk_unusable_row", "غير صالح كما هي: في صف واحد مشكلة؛ أصلحه أو أضف --skip-invalid"),
    ("chk_unusable_rows", "غير صالح كما هي: في {n} من الصفوف مشكلة؛ أصلحها أو أضف --skip-invalid"),
    ("clv_title", "engage clv: BG/NBD وGamma-Gamma"),
    ("clv_models", "النماذج"),
    ("clv_fits", "الملاءمات"),
    ("clv_over", "على مدى الأفق"),
    ("clv_deciles", "عُشيرات CLV (1 = أعلى CLV)"),
    ("clv_horizon", "الأفق ({units})"),
    ("clv_total", "إجمالي CLV ({months} شهرًا، {rate}% سنويًا)"),
    ("clv_calibration", "المعايرة مقابل فترة الاختبار (الإجمالي: {predicted} مشتريات متوقعة، {actual} فعلية)"),
    ("clv_tracking", "التتبع: المشتريات التراكمية في فترة الاختبار أسبوعًا بأسبوع"),
    ("clv_chart", "المشتريات التراكمية في فترة الاختبار: المتوقع مقابل الفعلي"),
    ("clv_chart_x", "أسبوع فترة الاختبار"),
    ("clv_gg_note", "مُلائمة Gamma-Gamma على {n} من العملاء المتكررين؛ استُبعد {one_time} بلا شراء متكرر (frequency 0) و{non_positive} قيمتهم النقدية 0 أو سالبة"),
    ("clv_no_money", "لا يوجد عمود monetary_value: لا نموذج إنفاق ولا قيمة متوقعة ولا CLV"),
    ("clv_per_customer", "engage clv: لكل عميل"),
    ("clv_shown", "العملاء (أول {shown} من {n})"),
    ("clv_more", "{n} عميلًا آخر؛ لكتابتهم جميعًا: -o customers.csv أو --format csv"),
    ("customers_title", "engage customers: {n} من العملاء، حتى {day}"),
    ("table_more", "{more} من الصفوف الأخرى غير معروضة (أول {shown} من {rows})؛ لجميعها: -o customers.csv أو --format csv أو --format json / parquet"),
    ("col_prev", "{name}، السابق"),
    ("col_delta", "{name}، التغيّر"),
    ("col_change_pct", "{name}، التغيّر %"),
    ("col_margin", "{name}، هامش خطأ التغيّر (±)"),
    ("col_significant", "{name}، تغيّر ذو دلالة"),
    ("val_all", "الكل"),
    ("val_new", "جدد"),
    ("val_one-time", "لمرة واحدة"),
    ("val_repeat", "متكررون"),
    ("val_unlinked", "غير مرتبطة"),
    ("val_promoters", "المروجون"),
    ("val_passives", "المحايدون"),
    ("val_detractors", "المنتقدون"),
    ("val_satisfied", "راضون"),
    ("val_not satisfied", "غير راضين"),
    ("val_promoters - detractors", "المروجون - المنتقدون"),
    ("val_satisfied - not satisfied", "راضون - غير راضين"),
    ("val_CSAT label outside the column's label set", "تسمية CSAT خارج مجموعة تسميات العمود"),
    ("val_CSAT number outside the label set's scale", "رقم CSAT خارج مقياس مجموعة التسميات"),
    ("val_NPS answer outside 0-10", "إجابة NPS خارج 0-10"),
    ("val_amount with more than two decimal places", "مبلغ بأكثر من منزلتين عشريتين"),
    ("val_blank amount", "مبلغ فارغ"),
    ("val_blank customer id", "معرّف عميل فارغ"),
    ("val_blank date", "تاريخ فارغ"),
    ("val_blank quantity", "كمية فارغة"),
    ("val_blank refunded amount", "مبلغ مسترد فارغ"),
    ("val_blank unit price", "سعر وحدة فارغ"),
    ("val_line amount (quantity x unit price) beyond exact cents", "مبلغ البند (الكمية x سعر الوحدة) يتجاوز دقة 0.01"),
    ("val_quantity with more than three decimal places", "كمية بأكثر من ثلاث منازل عشرية"),
    ("val_refunded amount with more than two decimal places", "مبلغ مسترد بأكثر من منزلتين عشريتين"),
    ("val_unit price with more than four decimal places", "سعر وحدة بأكثر من أربع منازل عشرية"),
    ("val_unreadable CSAT answer", "إجابة CSAT غير مقروءة"),
    ("val_unreadable NPS answer", "إجابة NPS غير مقروءة"),
    ("val_unreadable amount", "مبلغ غير مقروء"),
    ("val_unreadable date", "تاريخ غير مقروء"),
    ("val_unreadable quantity", "كمية غير مقروءة"),
    ("val_unreadable refunded amount", "مبلغ مسترد غير مقروء"),
    ("val_unreadable unit price", "سعر وحدة غير مقروء"),
    ("val_mixed-script number", "عدد مختلط الأرقام"),
    ("fbg_history", "سجل الطلبات"),
    ("fbg_rfm", "RFM"),
    ("fbg_spend", "أرباع الإنفاق"),
    ("fbg_cohort", "الفوج (حسب {unit})"),
    ("seg_champions", "الأبطال"),
    ("seg_loyal", "العملاء المخلصون"),
    ("seg_new", "العملاء الجدد"),
    ("seg_promising", "الواعدون"),
    ("seg_potential", "مخلصون محتملون"),
    ("seg_attention", "بحاجة إلى اهتمام"),
    ("seg_sleep", "على وشك الخمول"),
    ("seg_cant_lose", "لا يمكن خسارتهم"),
    ("seg_at_risk", "في خطر"),
    ("seg_lost", "المفقودون"),
    ("seg_others", "آخرون"),
    ("note_lines", "مبالغ الطلبات هي مجموع بنودها، {quantity} x {price}، كل بند مقرب إلى 0.01 (النصف إلى الزوجي)"),
    ("sentence", "{text}."),
    ("note_no_total", "؛ لا يحتوي الملف على عمود لإجمالي الطلب، لذا فالشحن والضرائب والخصومات ليست ضمن الإيرادات"),
    ("note_return_one", "؛ بند إرجاع واحد (كمية سالبة) يخفض مبلغ طلبه"),
    ("note_return_many", "؛ {n} من بنود الإرجاع (كميات سالبة) تخفض مبالغ طلباتها"),
    ("note_cancel_one", "استُبعد إلغاء واحد: يبدأ معرّف طلبه بـ\"{prefix}\" (تُستبعد فواتير الإلغاء كما تُستبعد الطلبات المستردة)."),
    ("note_cancel_many", "استُبعدت {n} من الإلغاءات: تبدأ معرّفات طلباتها بـ\"{prefix}\" (تُستبعد فواتير الإلغاء كما تُستبعد الطلبات المستردة)."),
    ("note_guest_one", "طلب ضيف واحد بلا معرّف عميل يُحتسب في الطلبات والإيرادات وAOV؛ أما العملاء وتكرار الشراء والعملاء المتكررون والعائدون والجدد وحصة الإيرادات المتكررة فتُحسب من طلبات العملاء المعروفين فقط (guest_orders)."),
    ("note_guest_many", "{n} من طلبات الضيوف بلا معرّف عميل تُحتسب في الطلبات والإيرادات وAOV؛ أما العملاء وتكرار الشراء والعملاء المتكررون والعائدون والجدد وحصة الإيرادات المتكررة فتُحسب من طلبات العملاء المعروفين فقط (guest_orders)."),
    ("note_skipped_one", "استُبعد طلب ضيف واحد بلا معرّف عميل (--guest-orders skip)."),
    ("note_skipped_many", "استُبعدت {n} من طلبات الضيوف بلا معرّف عميل (--guest-orders skip)."),
    ("note_net_one", "الإيرادات صافية من المبالغ المستردة: طلب واحد فيه استرداد يُحتسب بمبلغه ناقص المبلغ المسترد."),
    ("note_net_many", "الإيرادات صافية من المبالغ المستردة: {n} من الطلبات فيها استرداد تُحتسب بمبالغها ناقص المبالغ المستردة."),
];

const THAI: &[(&str, &str)] = &[
    ("metric", "ตัวชี้วัด"),
    ("value", "ค่า"),
    ("total", "รวม"),
    ("blank", "(ว่าง)"),
    ("all_orders", "คำสั่งซื้อทั้งหมด"),
    ("all_orders_total", "คำสั่งซื้อทั้งหมด (รวม)"),
    ("yes", "ใช่"),
    ("no", "ไม่ใช่"),
    ("headline_metric", "ตัวชี้วัด"),
    ("change", "ผลต่าง"),
    ("change_pct", "ผลต่าง %"),
    ("period", "ช่วงเวลา"),
    ("answer", "คำตอบ"),
    ("responses", "จำนวนคำตอบ"),
    ("share", "สัดส่วน"),
    ("and", " และ "),
    ("headline", "ตัวเลขหลัก"),
    ("per_unit", "ราย{unit}"),
    ("by_segment", "ตาม {segment}, {period}"),
    ("report_title", "รายงาน engage: {span}"),
    ("compared_with", " เทียบกับ {span}"),
    (
        "compared_with_window",
        " เทียบกับ {days} วันก่อนหน้า {span} (ช่วงที่ยาวเท่ากัน ไม่ใช่ช่วงตามปฏิทิน)",
    ),
    ("span_days", "{label} ({from} ถึง {to})"),
    ("customers_by_rfm", "ลูกค้าตามกลุ่ม RFM ณ {day}"),
    ("nps_answers_in", "คำตอบ NPS, {period}"),
    ("nps_answers_whole", "คำตอบ NPS (ทั้งช่วง)"),
    ("charts", "แผนภูมิ"),
    ("unit_day", "วัน"),
    ("unit_week", "สัปดาห์"),
    ("unit_month", "เดือน"),
    ("unit_quarter", "ไตรมาส"),
    ("unit_year", "ปี"),
    ("unit_period", "ช่วง"),
    (
        "blank_first",
        "{name} ว่างสำหรับ {periods}: ข้อมูลที่อ่านไม่มีคำสั่งซื้อก่อนหน้านั้น จึงยังไม่มีลูกค้าที่กลับมา \
         ไฟล์ส่งออกที่เริ่มเร็วกว่านี้จะเติมค่านี้ได้",
    ),
    (
        "blank_empty",
        "{name} ว่างสำหรับ {periods}: ไม่มีลูกค้าสั่งซื้อในช่วงนั้น",
    ),
    (
        "dash",
        "ขีด (-) หมายถึงค่าที่ไม่มีนิยาม (ไม่มีตัวหาร หรือไม่มีค่าก่อนหน้าให้เปรียบเทียบ) ไม่ใช่ศูนย์",
    ),
    (
        "change_pct_blank",
        "การเปลี่ยนแปลง % เว้นว่างไว้สำหรับร้อยละและคะแนน (อัตรา สัดส่วน NPS CSAT ค่าความคลาดเคลื่อน ขอบเขตช่วง): การเปลี่ยนแปลงเป็นจุดเปอร์เซ็นต์หรือคะแนน",
    ),
    (
        "sig_not_assessed",
        "ไม่ได้ประเมินการเปลี่ยนแปลงของ {what} ตั้งแต่ {since}: มี {n} คำตอบ น้อยกว่า {min} (--min-responses)",
    ),
    (
        "sig_change",
        "{what} {delta} ตั้งแต่ {since}: {verdict} (±{margin})",
    ),
    ("sig_beyond", "เกินค่าความคลาดเคลื่อน"),
    (
        "sig_within",
        "อยู่ในค่าความคลาดเคลื่อน จึงไม่ใช่การเปลี่ยนแปลงที่มีนัยสำคัญ",
    ),
    (
        "low_sample_note",
        "low_sample: {period} มีคำตอบน้อยกว่า {n} รายการ ควรอ่าน NPS และ CSAT พร้อมค่าความคลาดเคลื่อน",
    ),
    (
        "low_sample_row",
        "low_sample: 1 แถวมีคำตอบน้อยกว่า {n} รายการ ควรอ่าน NPS และ CSAT พร้อมค่าความคลาดเคลื่อน",
    ),
    (
        "low_sample_rows",
        "low_sample: {rows} แถวมีคำตอบน้อยกว่า {n} รายการ ควรอ่าน NPS และ CSAT พร้อมค่าความคลาดเคลื่อน",
    ),
    ("incomplete_headline", "{period} ถึงวันที่ {to} แต่ข้อมูลสิ้นสุดวันที่ {last}: ช่วงนี้อาจไม่ครบ (--period last-{by} จะรายงานช่วงล่าสุดที่ครบ)"),
    ("incomplete_last", "ช่วงสุดท้าย {period} ถึงวันที่ {to} แต่ข้อมูลสิ้นสุดวันที่ {last}: ค่าของช่วงนี้อาจไม่ครบ"),
    ("stale_empty", "ช่วงหลัก {period} ({from} ถึง {to}) ไม่มีข้อมูล: ข้อมูลมีตั้งแต่ {first} ถึง {last}; {suggest}"),
    ("stale_short", "{period} ถึงวันที่ {to} แต่ข้อมูลสิ้นสุดวันที่ {last}: ช่วงนี้ไม่ครบ; {suggest}"),
    ("stale_suggest", "--as-of {day} จะรายงาน {latest} หรือ --by {by} โดยไม่ใช้ --period จะรายงานช่วงล่าสุด ({unit}) ที่มีข้อมูล"),
    (
        "legend",
        "แถบแรเงา: ค่าความคลาดเคลื่อนที่ 95% จุดกลวง: มีคำตอบน้อยกว่า {n} รายการในช่วงนั้น \
         วางเมาส์บนจุดเพื่อดูค่า",
    ),
    ("axis_money", "สกุลเงินของข้อมูล"),
    ("axis_customers", "% ของลูกค้า"),
    ("axis_nps", "คะแนน -100 ถึง 100"),
    ("axis_satisfied", "% พอใจ"),
    ("hover_interval", " (ช่วง 95%: {low} ถึง {high})"),
    ("hover_few", " คำตอบน้อย"),
    ("vs", "{change} เทียบกับ {previous}"),
    ("within", " (อยู่ใน ±{margin} ไม่มีนัยสำคัญ)"),
    ("last_periods", "{name} ช่วงล่าสุด: {values}"),
    ("pp", " จุดเปอร์เซ็นต์"),
    ("points", " คะแนน"),
    ("generated", "สร้างเมื่อ {day} โดย engage {version}"),
    ("files_orders", "คำสั่งซื้อ"),
    ("files_surveys", "แบบสำรวจ"),
    ("fb_spend", "ผู้สนับสนุนใช้จ่าย {promoters} เทียบกับผู้คัดค้าน {detractors} ต่อผู้ตอบ ใน {days} วันหลังตอบ (ผลต่าง {difference}, ช่วง 95%: {low} ถึง {high})"),
    ("fb_rule", "กลุ่มตัดสินจากคำสั่งซื้อที่นับได้ก่อนวันที่ตอบของแต่ละคำตอบเท่านั้น: คำสั่งซื้อในวันที่ตอบไม่นับเป็นประวัติ และไม่อยู่ในช่วง {days} วันซึ่งเริ่มจากวันถัดไป ทุกคำตอบถูกนับ รวมถึงหลายคำตอบจากลูกค้าคนเดียว"),
    ("fb_left_out_one", "ตัด 1 คำตอบที่เชื่อมแล้วออกจากตารางพฤติกรรม: ช่วง {days} วันของคำตอบนั้นเลยวันสุดท้ายของข้อมูลคำสั่งซื้อ ({last})"),
    ("fb_left_out", "ตัด {n} คำตอบที่เชื่อมแล้วออกจากตารางพฤติกรรม: ช่วง {days} วันของคำตอบเหล่านั้นเลยวันสุดท้ายของข้อมูลคำสั่งซื้อ ({last})"),
    ("fb_undated_one", "ตัด 1 คำตอบที่อ่านวันที่ไม่ได้ออกจากส่วนความคิดเห็น"),
    ("fb_undated", "ตัด {n} คำตอบที่อ่านวันที่ไม่ได้ออกจากส่วนความคิดเห็น"),
    ("fb_title", "ความคิดเห็นตามลูกค้า ({grouping}): {n} คำตอบ"),
    ("fb_section", "ความคิดเห็นตามลูกค้า: {title}"),
    ("fb_match", "อัตราการจับคู่: คำตอบที่เชื่อมกับลูกค้าที่มีคำสั่งซื้อ"),
    ("fb_by_group", "NPS และ CSAT ตาม{what} ณ วันที่ตอบ"),
    ("fb_history", "ประวัติการสั่งซื้อ"),
    ("fb_rfm", "กลุ่ม RFM"),
    ("fb_quartile", "ควอร์ไทล์ของรายได้จนถึงวันนั้น"),
    ("fb_cohort", "กลุ่มตามช่วงที่ได้ลูกค้า"),
    ("fb_after", "หลังตอบ: {days} วันหลังวันที่ตอบ"),
    ("fb_differences", "ผลต่าง พร้อมช่วง 95% (มีนัยสำคัญเมื่อช่วงไม่รวม 0)"),
    ("fb_chart", "NPS ตามกลุ่มลูกค้า (ค่าคลาดเคลื่อน 95%)"),
    ("cohorts_title", "กลุ่มลูกค้า engage: {metric} ตามกลุ่มราย{unit}"),
    ("cohorts_section", "กลุ่มลูกค้า: {metric} ตามกลุ่มราย{unit}"),
    ("cohort_k", "k = จำนวน{units}นับจาก{unit}ของกลุ่ม"),
    ("cohort_curve", "อัตราการรักษาลูกค้าเฉลี่ย (%) ตามจำนวน{units}นับจากครั้งแรก"),
    ("cohort", "กลุ่ม"),
    ("cohort_size", "ลูกค้า"),
    ("weighted_average", "ค่าเฉลี่ยถ่วงน้ำหนัก"),
    ("units_day", "วัน"),
    ("units_week", "สัปดาห์"),
    ("units_month", "เดือน"),
    ("units_quarter", "ไตรมาส"),
    ("units_year", "ปี"),
    ("cm_cohort_customers", "ลูกค้าในกลุ่ม"),
    ("cm_active_customers", "ลูกค้าที่ยังซื้อ"),
    ("cm_retention", "การรักษาลูกค้า"),
    ("cm_orders", "คำสั่งซื้อ"),
    ("cm_revenue", "รายได้"),
    ("cm_revenue_per_customer", "รายได้ต่อลูกค้า"),
    ("cm_cumulative_revenue_per_customer", "รายได้สะสมต่อลูกค้า"),
    ("cm_repeat_customers_cumulative", "ลูกค้าที่ซื้อซ้ำ (สะสม)"),
    ("cm_repeat_rate_cumulative", "อัตราการซื้อซ้ำ (สะสม)"),
    ("hd_section", "ส่วน"),
    ("hd_period", "ช่วงเวลา"),
    ("hd_from", "ตั้งแต่"),
    ("hd_to", "ถึง"),
    ("hd_segment", "กลุ่ม"),
    ("hd_segment_value", "ค่าของกลุ่ม"),
    ("hd_customer_id", "รหัสลูกค้า"),
    ("hd_first_order", "คำสั่งซื้อแรก"),
    ("hd_last_order", "คำสั่งซื้อล่าสุด"),
    ("hd_days_since_last_order", "วันนับจากคำสั่งซื้อล่าสุด"),
    ("hd_frequency", "ความถี่"),
    ("hd_recency", "ความใหม่"),
    ("hd_T", "อายุลูกค้า (T)"),
    ("hd_monetary_value", "มูลค่าเงิน"),
    ("hd_r_score", "คะแนน R"),
    ("hd_f_score", "คะแนน F"),
    ("hd_m_score", "คะแนน M"),
    ("hd_rfm_score", "คะแนน RFM"),
    ("hd_p_alive", "โอกาสยังเป็นลูกค้า"),
    ("hd_expected_purchases", "การซื้อที่คาดไว้"),
    ("hd_expected_avg_value", "มูลค่าเฉลี่ยที่คาดไว้"),
    ("hd_expected_revenue", "รายได้ที่คาดไว้"),
    ("hd_share_p_alive_below_half", "สัดส่วนที่โอกาสยังเป็นลูกค้าต่ำกว่า 0.5"),
    ("hd_clv", "CLV"),
    ("hd_mean_clv", "CLV เฉลี่ย"),
    ("hd_model", "แบบจำลอง"),
    ("hd_parameter", "พารามิเตอร์"),
    ("hd_estimate", "ค่าประมาณ"),
    ("hd_se", "ค่าคลาดเคลื่อนมาตรฐาน"),
    ("hd_loglik", "ลอการิทึมความควรจะเป็น"),
    ("hd_converged", "ลู่เข้า"),
    ("hd_iterations", "จำนวนรอบ"),
    ("hd_value", "ค่า"),
    ("hd_decile", "เดไซล์"),
    ("hd_share", "สัดส่วน"),
    ("hd_calibration_frequency", "ความถี่ช่วงปรับเทียบ"),
    ("hd_mean_predicted", "ค่าเฉลี่ยที่คาดการณ์"),
    ("hd_mean_actual", "ค่าเฉลี่ยจริง"),
    ("hd_week", "สัปดาห์"),
    ("hd_elapsed", "เวลาที่ผ่านไป"),
    ("hd_expected", "ที่คาดไว้"),
    ("hd_actual", "จริง"),
    ("hd_item", "รายการ"),
    ("hd_role", "บทบาท"),
    ("hd_column", "คอลัมน์"),
    ("hd_why", "เหตุผล"),
    ("hd_reason", "เหตุผล"),
    ("hd_rows", "แถว"),
    ("hd_first lines", "บรรทัดแรก"),
    ("hd_order_id", "รหัสคำสั่งซื้อ"),
    ("hd_order_date", "วันที่สั่งซื้อ"),
    ("hd_amount", "ยอดเงิน"),
    ("hd_quantity", "จำนวน"),
    ("hd_unit_price", "ราคาต่อหน่วย"),
    ("hd_status", "สถานะ"),
    ("hd_refund", "ยอดคืนเงิน"),
    ("hd_submitted_at", "เวลาที่ตอบ"),
    ("chk_title", "การตรวจสอบ engage: {files}"),
    ("chk_summary", "สรุป"),
    ("chk_columns", "คอลัมน์ ({file})"),
    ("chk_skipped", "แถวที่จะถูกข้าม"),
    ("chk_files", "ไฟล์"),
    ("chk_kind", "ประเภท"),
    ("chk_preset", "พรีเซ็ต"),
    ("chk_verdict", "ผลการตรวจ"),
    ("chk_rows_read", "แถวที่อ่าน"),
    ("chk_orders", "คำสั่งซื้อที่นับ"),
    ("chk_orders_excluded_by_status", "คำสั่งซื้อที่ไม่นับตามสถานะ"),
    ("chk_date_range", "ช่วงวันที่"),
    ("chk_calendar", "ปฏิทิน"),
    ("chk_amounts", "ยอดเงิน"),
    ("chk_return_lines", "รายการคืนสินค้า (จำนวนติดลบ)"),
    ("chk_orders_cancelled", "การยกเลิก (คำนำหน้ารหัสคำสั่งซื้อ)"),
    ("chk_guest_orders", "คำสั่งซื้อแบบผู้เยี่ยมชม (ไม่มีรหัสลูกค้า)"),
    ("chk_customers", "ลูกค้า"),
    ("chk_zero_amounts", "คำสั่งซื้อยอดศูนย์"),
    ("chk_negative_amounts", "คำสั่งซื้อยอดติดลบ"),
    ("chk_duplicate_rows", "แถวที่ซ้ำกับแถวก่อนหน้าทุกประการ"),
    ("chk_orders_with_conflicting_amounts", "คำสั่งซื้อที่มียอดต่างกันในแต่ละแถว"),
    ("chk_responses", "คำตอบที่เก็บไว้"),
    ("chk_nps_answers", "คำตอบ NPS"),
    ("chk_csat_answers", "คำตอบ CSAT"),
    ("chk_csat_labels", "ป้ายคำตอบ CSAT"),
    ("chk_blank_nps", "คำตอบ NPS ที่ว่าง"),
    ("chk_blank_csat", "คำตอบ CSAT ที่ว่าง"),
    ("chk_duplicate_response_ids", "รหัสคำตอบซ้ำ"),
    ("chk_no_customer_id", "คำตอบที่ไม่มีรหัสลูกค้า"),
    ("chk_kind_orders", "คำสั่งซื้อ ({why})"),
    ("chk_kind_surveys", "แบบสำรวจ ({why})"),
    ("chk_detected", "{name} (ตรวจพบจากหัวตาราง)"),
    ("chk_none", "ไม่มี"),
    ("chk_why_kind", "ระบุด้วย --kind"),
    ("chk_why_preset", "พรีเซ็ต {name}"),
    ("chk_why_header", "หัวตารางเป็นไฟล์ส่งออกของ {name}"),
    ("chk_why_lines", "คอลัมน์ '{quantity}' และ '{price}' มีจำนวนและราคาต่อหน่วย"),
    ("chk_why_amounts", "คอลัมน์ '{column}' มียอดเงิน"),
    ("chk_why_scores", "คอลัมน์ '{column}' มีคะแนน"),
    ("chk_why_flag", "ระบุด้วย {flag}"),
    ("chk_why_known", "ชื่อที่รู้จักของ {role}"),
    ("chk_why_contains", "หัวคอลัมน์มีคำว่า '{word}'"),
    ("chk_why_question", "ข้อความคำถามในแถวหัวตาราง"),
    ("chk_missing_order_id", "ไม่พบ: แต่ละแถวคือหนึ่งคำสั่งซื้อ"),
    ("chk_missing_required", "ไม่พบ: จำเป็น"),
    ("chk_missing_dates", "ไม่พบ: ไม่มีช่วงเวลาหรือการกรองวันที่"),
    ("chk_missing_with_price", "ไม่พบ: จำเป็นเมื่อมีราคาต่อหน่วย"),
    ("chk_missing_with_quantity", "ไม่พบ: จำเป็นเมื่อมีจำนวน"),
    ("chk_missing_status", "ไม่พบ: นับทุกคำสั่งซื้อ"),
    ("chk_missing_refund", "ไม่พบ: จำเป็นเมื่อใช้ --revenue net"),
    ("chk_missing_nps", "ไม่พบ: ไม่มี NPS"),
    ("chk_missing_csat", "ไม่พบ: ไม่มี CSAT"),
    ("chk_missing_customer", "ไม่พบ: ไม่จำเป็น"),
    ("chk_range", "{first} ถึง {last}"),
    ("chk_no_dates", "ไม่มีคอลัมน์วันที่"),
    ("chk_status_none", "ไม่มีที่ไม่นับ"),
    ("chk_status_excluded", "ไม่นับ: {list}"),
    ("chk_status_counted", "นับ: {list}"),
    ("chk_with_rule", "{n} ({rule})"),
    ("chk_amounts_lines", "จำนวน x ราคาต่อหน่วยในแต่ละแถว (ปัดเป็น 0.01 ครึ่งปัดเป็นเลขคู่) รวมต่อคำสั่งซื้อ"),
    ("chk_returns", "{n} (นับรวมและลดยอดของคำสั่งซื้อนั้น)"),
    ("chk_cancelled", "{orders} ({rows}) ที่รหัสขึ้นต้นด้วย \"{prefix}\": ไม่นับ"),
    ("chk_order_one", "1 คำสั่งซื้อ"),
    ("chk_order_many", "{n} คำสั่งซื้อ"),
    ("chk_row_one", "1 แถว"),
    ("chk_row_many", "{n} แถว"),
    ("chk_guests", "{n}: {what}"),
    ("chk_guests_included", "นับรวมในคำสั่งซื้อและรายได้"),
    ("chk_guests_skipped", "ไม่นับ (--guest-orders skip)"),
    ("chk_guests_error", "เป็นข้อผิดพลาด; --guest-orders include จะนับรวมในคำสั่งซื้อและรายได้"),
    ("chk_negative", "{n} (แถวคืนเงิน: นับรวมและลดรายได้)"),
    ("chk_conflicting", "{n} (รายการแรก: คำสั่งซื้อ {id})"),
    ("chk_labels_set", "ชุด '{name}' ({range}; พอใจตั้งแต่ {from}){incomplete}"),
    ("chk_labels_incomplete", "; บางคำตอบไม่อยู่ในชุด"),
    ("chk_labels_numbers", "ไม่มี (คำตอบเป็นตัวเลข)"),
    ("chk_ids", "{n} (คอลัมน์ '{column}')"),
    ("chk_no_ids", "ไม่มีคอลัมน์รหัสคำตอบ"),
    ("chk_unusable_error", "ใช้ไม่ได้: {error}"),
    ("chk_usable", "ใช้ได้: {command} อ่านไฟล์ได้ตามที่เป็นอยู่"),
    ("chk_usable_skipping_one", "ใช้ได้เมื่อใช้ --skip-invalid: จะข้าม 1 แถว"),
    ("chk_usable_skipping", "ใช้ได้เมื่อใช้ --skip-invalid: จะข้าม {n} แถว"),
    ("chk_unusable_row", "ใช้ไม่ได้ตามที่เป็นอยู่: 1 แถวมีปัญหา แก้ไขหรือใช้ --skip-invalid"),
    ("chk_unusable_rows", "ใช้ไม่ได้ตามที่เป็นอยู่: {n} แถวมีปัญหา แก้ไขหรือใช้ --skip-invalid"),
    ("clv_title", "engage clv: BG/NBD และ Gamma-Gamma"),
    ("clv_models", "แบบจำลอง"),
    ("clv_fits", "ผลการประมาณ"),
    ("clv_over", "ตลอดช่วงคาดการณ์"),
    ("clv_deciles", "เดไซล์ของ CLV (1 = CLV สูงสุด)"),
    ("clv_horizon", "ช่วงคาดการณ์ ({units})"),
    ("clv_total", "CLV รวม ({months} เดือน {rate}% ต่อปี)"),
    ("clv_calibration", "ช่วงปรับเทียบเทียบกับช่วงทดสอบ (รวม: คาดการณ์ {predicted} ครั้ง ซื้อจริง {actual} ครั้ง)"),
    ("clv_tracking", "ติดตาม: การซื้อสะสมในช่วงทดสอบ รายสัปดาห์"),
    ("clv_chart", "การซื้อสะสมในช่วงทดสอบ: ที่คาดไว้เทียบกับจริง"),
    ("clv_chart_x", "สัปดาห์ของช่วงทดสอบ"),
    ("clv_gg_note", "ประมาณ Gamma-Gamma จากลูกค้าที่ซื้อซ้ำ {n} ราย ไม่นับ {one_time} รายที่ไม่มีการซื้อซ้ำ (frequency 0) และ {non_positive} รายที่มูลค่าเงินเป็น 0 หรือติดลบ"),
    ("clv_no_money", "ไม่มีคอลัมน์ monetary_value: ไม่มีแบบจำลองการใช้จ่าย มูลค่าที่คาดไว้ หรือ CLV"),
    ("clv_per_customer", "engage clv: รายลูกค้า"),
    ("clv_shown", "ลูกค้า ({shown} รายแรกจาก {n})"),
    ("clv_more", "ลูกค้าอีก {n} ราย เขียนทั้งหมดด้วย -o customers.csv หรือ --format csv"),
    ("customers_title", "engage customers: ลูกค้า {n} ราย ณ {day}"),
    ("table_more", "ไม่แสดงอีก {more} แถว ({shown} แถวแรกจาก {rows}) ทั้งหมด: -o customers.csv, --format csv หรือ --format json / parquet"),
    ("col_prev", "{name} ก่อนหน้า"),
    ("col_delta", "{name} ผลต่าง"),
    ("col_change_pct", "{name} ผลต่าง %"),
    ("col_margin", "{name} ค่าความคลาดเคลื่อนของการเปลี่ยนแปลง (±)"),
    ("col_significant", "{name} เปลี่ยนแปลงอย่างมีนัยสำคัญ"),
    ("val_all", "ทั้งหมด"),
    ("val_new", "ใหม่"),
    ("val_one-time", "ซื้อครั้งเดียว"),
    ("val_repeat", "ซื้อซ้ำ"),
    ("val_unlinked", "ไม่เชื่อม"),
    ("val_promoters", "ผู้สนับสนุน"),
    ("val_passives", "ผู้ที่เฉยๆ"),
    ("val_detractors", "ผู้คัดค้าน"),
    ("val_satisfied", "พอใจ"),
    ("val_not satisfied", "ไม่พอใจ"),
    ("val_promoters - detractors", "ผู้สนับสนุน - ผู้คัดค้าน"),
    ("val_satisfied - not satisfied", "พอใจ - ไม่พอใจ"),
    ("val_CSAT label outside the column's label set", "ป้าย CSAT อยู่นอกชุดป้ายของคอลัมน์"),
    ("val_CSAT number outside the label set's scale", "ตัวเลข CSAT อยู่นอกสเกลของชุดป้าย"),
    ("val_NPS answer outside 0-10", "คำตอบ NPS อยู่นอก 0-10"),
    ("val_amount with more than two decimal places", "ยอดเงินมีทศนิยมเกินสองตำแหน่ง"),
    ("val_blank amount", "ยอดเงินว่าง"),
    ("val_blank customer id", "รหัสลูกค้าว่าง"),
    ("val_blank date", "วันที่ว่าง"),
    ("val_blank quantity", "จำนวนว่าง"),
    ("val_blank refunded amount", "ยอดคืนเงินว่าง"),
    ("val_blank unit price", "ราคาต่อหน่วยว่าง"),
    ("val_line amount (quantity x unit price) beyond exact cents", "ยอดรายการ (จำนวน x ราคาต่อหน่วย) ละเอียดเกิน 0.01"),
    ("val_quantity with more than three decimal places", "จำนวนมีทศนิยมเกินสามตำแหน่ง"),
    ("val_refunded amount with more than two decimal places", "ยอดคืนเงินมีทศนิยมเกินสองตำแหน่ง"),
    ("val_unit price with more than four decimal places", "ราคาต่อหน่วยมีทศนิยมเกินสี่ตำแหน่ง"),
    ("val_unreadable CSAT answer", "อ่านคำตอบ CSAT ไม่ได้"),
    ("val_unreadable NPS answer", "อ่านคำตอบ NPS ไม่ได้"),
    ("val_unreadable amount", "อ่านยอดเงินไม่ได้"),
    ("val_unreadable date", "อ่านวันที่ไม่ได้"),
    ("val_unreadable quantity", "อ่านจำนวนไม่ได้"),
    ("val_unreadable refunded amount", "อ่านยอดคืนเงินไม่ได้"),
    ("val_unreadable unit price", "อ่านราคาต่อหน่วยไม่ได้"),
    ("val_mixed-script number", "ตัวเลขปนสองระบบ"),
    ("fbg_history", "ประวัติการสั่งซื้อ"),
    ("fbg_rfm", "RFM"),
    ("fbg_spend", "ควอร์ไทล์การใช้จ่าย"),
    ("fbg_cohort", "กลุ่มตามช่วงที่ได้ลูกค้า (ราย{unit})"),
    ("seg_champions", "แชมเปี้ยน"),
    ("seg_loyal", "ลูกค้าภักดี"),
    ("seg_new", "ลูกค้าใหม่"),
    ("seg_promising", "มีแนวโน้มดี"),
    ("seg_potential", "มีแนวโน้มจะภักดี"),
    ("seg_attention", "ต้องให้ความสนใจ"),
    ("seg_sleep", "ใกล้ห่างหาย"),
    ("seg_cant_lose", "ห้ามเสียไป"),
    ("seg_at_risk", "มีความเสี่ยง"),
    ("seg_lost", "สูญเสียไปแล้ว"),
    ("seg_others", "อื่นๆ"),
    ("note_lines", "ยอดคำสั่งซื้อคือผลรวมของรายการ {quantity} x {price} แต่ละรายการปัดเป็น 0.01 (ครึ่งปัดเป็นเลขคู่)"),
    ("sentence", "{text}"),
    ("note_no_total", "; ไฟล์ไม่มีคอลัมน์ยอดรวมคำสั่งซื้อ ค่าจัดส่ง ภาษี และส่วนลดจึงไม่อยู่ในรายได้"),
    ("note_return_one", "; รายการคืนสินค้า 1 รายการ (จำนวนติดลบ) ลดยอดของคำสั่งซื้อนั้น"),
    ("note_return_many", "; รายการคืนสินค้า {n} รายการ (จำนวนติดลบ) ลดยอดของคำสั่งซื้อเหล่านั้น"),
    ("note_cancel_one", "ไม่นับการยกเลิก 1 รายการ: รหัสคำสั่งซื้อขึ้นต้นด้วย \"{prefix}\" (ไม่นับใบยกเลิก เช่นเดียวกับคำสั่งซื้อที่คืนเงิน)"),
    ("note_cancel_many", "ไม่นับการยกเลิก {n} รายการ: รหัสคำสั่งซื้อขึ้นต้นด้วย \"{prefix}\" (ไม่นับใบยกเลิก เช่นเดียวกับคำสั่งซื้อที่คืนเงิน)"),
    ("note_guest_one", "คำสั่งซื้อแบบไม่ระบุลูกค้า 1 รายการ (ไม่มีรหัสลูกค้า) นับรวมในคำสั่งซื้อ รายได้ และ AOV; ลูกค้า ความถี่การซื้อ ลูกค้าซื้อซ้ำ ลูกค้ากลับมา ลูกค้าใหม่ และสัดส่วนรายได้จากการซื้อซ้ำใช้เฉพาะคำสั่งซื้อของลูกค้าที่ระบุตัวได้ (guest_orders)"),
    ("note_guest_many", "คำสั่งซื้อแบบไม่ระบุลูกค้า {n} รายการ (ไม่มีรหัสลูกค้า) นับรวมในคำสั่งซื้อ รายได้ และ AOV; ลูกค้า ความถี่การซื้อ ลูกค้าซื้อซ้ำ ลูกค้ากลับมา ลูกค้าใหม่ และสัดส่วนรายได้จากการซื้อซ้ำใช้เฉพาะคำสั่งซื้อของลูกค้าที่ระบุตัวได้ (guest_orders)"),
    ("note_skipped_one", "ไม่นับคำสั่งซื้อแบบไม่ระบุลูกค้า 1 รายการ (--guest-orders skip)"),
    ("note_skipped_many", "ไม่นับคำสั่งซื้อแบบไม่ระบุลูกค้า {n} รายการ (--guest-orders skip)"),
    ("note_net_one", "รายได้เป็นยอดสุทธิหลังคืนเงิน: คำสั่งซื้อที่มีการคืนเงิน 1 รายการนับที่ยอดหักยอดที่คืน"),
    ("note_net_many", "รายได้เป็นยอดสุทธิหลังคืนเงิน: คำสั่งซื้อที่มีการคืนเงิน {n} รายการนับที่ยอดหักยอดที่คืน"),
];

/// Every language.
#[cfg(test)]
pub const ALL: [Lang; 4] = [Lang::En, Lang::He, Lang::Ar, Lang::Th];

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a message, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_catalogue_has_every_key_once_with_the_same_placeholders() {
        let english: Vec<&str> = ENGLISH.iter().map(|(k, _)| *k).collect();
        for lang in ALL {
            let keys: Vec<&str> = lang.catalogue().iter().map(|(k, _)| *k).collect();
            assert_eq!(
                keys, english,
                "{lang:?}: keys differ from the English catalogue's"
            );
            for ((key, text), (_, en)) in lang.catalogue().iter().zip(ENGLISH) {
                assert!(!text.trim().is_empty(), "{lang:?}: {key} is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(en),
                    "{lang:?}: {key} has other placeholders than in English"
                );
            }
        }
    }

    #[test]
    fn thai_sentences_end_without_a_full_stop() {
        for (key, text) in Lang::Th.catalogue() {
            assert!(!text.trim_end().ends_with('.'), "{key}: {text}");
        }
        for w in super::super::labels::THAI
            .iter()
            .chain(super::super::labels::THAI_COLUMNS)
        {
            assert!(
                !w.name.ends_with('.') && !w.short.ends_with('.'),
                "{}",
                w.key
            );
        }
    }

    #[test]
    fn english_names_feedback_groups_and_headers_as_they_are() {
        for (key, text) in ENGLISH {
            if let Some(column) = key.strip_prefix("val_").or_else(|| key.strip_prefix("hd_")) {
                assert_eq!(*text, column);
            }
        }
    }

    #[test]
    fn messages_are_filled_by_name() {
        assert_eq!(
            fill_in(
                Lang::En,
                "by_segment",
                &[("segment", "channel"), ("period", "2024-W12")]
            ),
            "By channel, 2024-W12"
        );
        assert_eq!(
            fill_in(
                Lang::He,
                "per_unit",
                &[("unit", Lang::He.text("unit_week"))]
            ),
            "לפי שבוע"
        );
        assert_eq!(Lang::Th.text("no_such_key"), "no_such_key");
    }

    #[test]
    fn native_digits_are_shaped_by_hand_checked_examples() {
        let s = |lang, text: &str| shape(lang, Digits::Native, text.to_string());
        // U+0661 U+066C U+0662 U+0663 U+0664 U+066B U+0665 U+0666
        assert_eq!(s(Lang::Ar, "1,234.56"), "١٬٢٣٤٫٥٦");
        // A sign: U+061C first (CLDR's Arabic minus and plus signs); not
        // a hyphen between digits, nor `-` for no value.
        assert_eq!(s(Lang::Ar, "-33.3%"), "\u{61c}-٣٣٫٣٪");
        assert_eq!(s(Lang::Ar, "+16.7 pp"), "\u{61c}+١٦٫٧ pp");
        assert_eq!(s(Lang::Ar, "-9,582.43"), "\u{61c}-٩٬٥٨٢٫٤٣");
        assert_eq!(s(Lang::Ar, "2024-01"), "٢٠٢٤-٠١");
        assert_eq!(s(Lang::Th, "-12.5"), "-๑๒.๕");
        // U+0E51 U+0E52 U+0E53 U+0E54 U+0E55 U+0E56 U+0E50
        assert_eq!(s(Lang::Th, "1,234.560"), "๑,๒๓๔.๕๖๐");
        assert_eq!(s(Lang::He, "1,234.56"), "1,234.56");
        assert_eq!(s(Lang::En, "1,234.56"), "1,234.56");
        assert_eq!(s(Lang::Ar, "-"), "-");
        assert_eq!(
            shape(Lang::Ar, Digits::Western, "1,234.56".into()),
            "1,234.56"
        );
    }
}
