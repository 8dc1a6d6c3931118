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

/// A period unit as `--by` names it (`week`), in this run's language.
pub fn unit(by: &str) -> &'static str {
    text(match by {
        "day" => "unit_day",
        "week" => "unit_week",
        "month" => "unit_month",
        "quarter" => "unit_quarter",
        "year" => "unit_year",
        _ => "unit_period",
    })
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
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(zero as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            '.' if arabic => '\u{066B}',
            ',' if arabic => '\u{066C}',
            '%' if arabic => '\u{066A}',
            c => c,
        })
        .collect()
}

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
        "low_sample_rows",
        "low_sample: {rows} row(s) have fewer than {n} answers; read their NPS and CSAT with their margins",
    ),
    ("incomplete_headline", "{period} runs to {to} but the data ends on {last}: the period may be incomplete (--period last-{by} reports the last complete one)"),
    ("incomplete_last", "The last period, {period}, runs to {to} but the data ends on {last}: its values may be incomplete."),
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
    ("fb_left_out", "{n} linked response(s) left out of the behaviour table: their {days}-day window runs past the end of the order data ({last})."),
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
    // Workbook headers of columns that are not metrics.
    ("section", "section"),
    ("from", "from"),
    ("to", "to"),
    ("segment", "segment"),
    ("segment_value", "segment value"),
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
    ("note_lines", "Order amounts are the sum of their lines' {quantity} x {price}, each rounded to the cent (half to even)"),
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
        "low_sample_rows",
        "low_sample: ב-{rows} שורות פחות מ-{n} תשובות; יש לקרוא את ה-NPS וה-CSAT שלהן עם טווחי הטעות",
    ),
    ("incomplete_headline", "{period} נמשכת עד {to} אבל הנתונים מסתיימים ב-{last}: ייתכן שהתקופה חלקית (--period last-{by} מציג את האחרונה השלמה)"),
    ("incomplete_last", "התקופה האחרונה, {period}, נמשכת עד {to} אבל הנתונים מסתיימים ב-{last}: ייתכן שערכיה חלקיים."),
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
    ("fb_left_out", "{n} תשובות מקושרות הושמטו מטבלת ההתנהגות: חלון {days} הימים שלהן נמשך אחרי סוף נתוני ההזמנות ({last})."),
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
    ("section", "חלק"),
    ("from", "מתאריך"),
    ("to", "עד תאריך"),
    ("segment", "פלח"),
    ("segment_value", "ערך הפלח"),
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
        "low_sample_rows",
        "low_sample: في {rows} صف أقل من {n} إجابة؛ اقرأ NPS وCSAT فيها مع هامش الخطأ",
    ),
    ("incomplete_headline", "{period} تمتد حتى {to} لكن البيانات تنتهي في {last}: قد تكون الفترة ناقصة (يعرض --period last-{by} آخر فترة كاملة)"),
    ("incomplete_last", "الفترة الأخيرة، {period}، تمتد حتى {to} لكن البيانات تنتهي في {last}: قد تكون قيمها ناقصة."),
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
    ("fb_left_out", "استُبعد {n} من الردود المرتبطة من جدول السلوك: نافذتها البالغة {days} يومًا تتجاوز نهاية بيانات الطلبات ({last})."),
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
    ("section", "القسم"),
    ("from", "من"),
    ("to", "إلى"),
    ("segment", "الشريحة"),
    ("segment_value", "قيمة الشريحة"),
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
        "low_sample_rows",
        "low_sample: {rows} แถวมีคำตอบน้อยกว่า {n} รายการ ควรอ่าน NPS และ CSAT พร้อมค่าความคลาดเคลื่อน",
    ),
    ("incomplete_headline", "{period} ถึงวันที่ {to} แต่ข้อมูลสิ้นสุดวันที่ {last}: ช่วงนี้อาจไม่ครบ (--period last-{by} จะรายงานช่วงล่าสุดที่ครบ)"),
    ("incomplete_last", "ช่วงสุดท้าย {period} ถึงวันที่ {to} แต่ข้อมูลสิ้นสุดวันที่ {last}: ค่าของช่วงนี้อาจไม่ครบ"),
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
    ("fb_left_out", "ตัด {n} คำตอบที่เชื่อมแล้วออกจากตารางพฤติกรรม: ช่วง {days} วันของคำตอบเหล่านั้นเลยวันสุดท้ายของข้อมูลคำสั่งซื้อ ({last})"),
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
    ("section", "ส่วน"),
    ("from", "ตั้งแต่"),
    ("to", "ถึง"),
    ("segment", "กลุ่ม"),
    ("segment_value", "ค่าของกลุ่ม"),
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
    fn english_names_feedback_groups_as_they_are() {
        for (key, text) in ENGLISH {
            if let Some(column) = key.strip_prefix("val_") {
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
        assert_eq!(s(Lang::Ar, "-33.3%"), "-٣٣٫٣٪");
        assert_eq!(s(Lang::Ar, "+16.7 pp"), "+١٦٫٧ pp");
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
