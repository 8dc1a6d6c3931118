//! The one table of what each metric key means to a person: its label, a
//! short label for narrow tables, its unit, and which way is better. HTML,
//! terminal tables and Markdown read it; CSV and JSON keep the snake_case
//! keys (they are the machine contract).
//!
//! The words live in one catalogue per language keyed by the metric keys
//! (`ENGLISH`, `HEBREW`, `ARABIC`, `THAI`), apart from the units and
//! directions; `name` and `short` read the run's language (`lang`).

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
            Unit::Percent => lang::text("pp"),
            Unit::Points => lang::text("points"),
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

use super::lang::{self, Lang};
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

/// The Hebrew words of every key in `METRICS` (terms as QuestionPro's and
/// Israeli CX guides' Hebrew pages use them; README, "Reports in Hebrew,
/// Arabic and Thai").
pub const HEBREW: &[Words] = &[
    w("orders", "הזמנות", "הזמנות"),
    w("customers", "לקוחות", "לקוחות"),
    w("revenue", "הכנסות", "הכנסות"),
    w("aov", "ערך הזמנה ממוצע (AOV)", "AOV"),
    w("purchase_frequency", "הזמנות ללקוח", "הזמנות/לקוח"),
    w("repeat_customers", "לקוחות עם רכישה חוזרת", "רוכשים חוזרים"),
    w("repeat_purchase_rate", "שיעור רכישה חוזרת", "רכישה חוזרת"),
    w("returning_customers", "לקוחות חוזרים", "חוזרים"),
    w(
        "returning_customer_rate",
        "שיעור לקוחות חוזרים",
        "שיעור חוזרים",
    ),
    w("new_customers", "לקוחות חדשים", "חדשים"),
    w(
        "repeat_revenue_share",
        "נתח ההכנסות מרוכשים חוזרים",
        "הכנסות חוזרות",
    ),
    w(
        "repeat_vs_one_time_spend",
        "הוצאה של רוכש חוזר מול רוכש חד-פעמי",
        "חוזר/חד-פעמי",
    ),
    w("guest_orders", "הזמנות אורח", "הזמנות אורח"),
    w("nps_responses", "תשובות NPS", "תשובות NPS"),
    w("promoters", "ממליצים (9-10)", "ממליצים"),
    w("passives", "פסיביים (7-8)", "פסיביים"),
    w("detractors", "מלעיזים (0-6)", "מלעיזים"),
    w("promoters_pct", "שיעור הממליצים", "ממליצים %"),
    w("passives_pct", "שיעור הפסיביים", "פסיביים %"),
    w("detractors_pct", "שיעור המלעיזים", "מלעיזים %"),
    w("nps", "מדד נאמנות לקוחות (NPS)", "NPS"),
    w("nps_margin", "טווח הטעות של NPS (±)", "NPS ±"),
    w("csat_responses", "תשובות CSAT", "תשובות CSAT"),
    w("satisfied", "תשובות מרוצים", "מרוצים"),
    w("csat", "שביעות רצון לקוחות (CSAT)", "CSAT"),
    w("csat_mean", "ממוצע תשובות CSAT", "ממוצע CSAT"),
    w("csat_low", "CSAT, גבול תחתון של רווח 95%", "CSAT תחתון"),
    w("csat_high", "CSAT, גבול עליון של רווח 95%", "CSAT עליון"),
    w("low_sample", "מעט תשובות (פחות מ-30)", "מעט תשובות"),
    w("responses", "תשובות", "תשובות"),
    w("with_customer", "עם מזהה לקוח", "עם מזהה לקוח"),
    w("linked", "מקושרות", "מקושרות"),
    w("match_rate", "שיעור התאמה", "שיעור התאמה"),
    w("linked_share", "נתח המקושרות", "נתח המקושרות"),
    w("respondents", "משיבים", "משיבים"),
    w("ordered_again", "הזמינו שוב", "הזמינו שוב"),
    w("ordered_again_pct", "% הזמינו שוב", "% הזמינו שוב"),
    w(
        "ordered_again_low",
        "הזמינו שוב, תחתון",
        "הזמינו שוב, תחתון",
    ),
    w(
        "ordered_again_high",
        "הזמינו שוב, עליון",
        "הזמינו שוב, עליון",
    ),
    w("orders_per_respondent", "הזמנות למשיב", "הזמנות למשיב"),
    w("revenue_per_respondent", "הכנסה למשיב", "הכנסה למשיב"),
    w("customers_share", "נתח הלקוחות", "נתח הלקוחות"),
    w("revenue_share", "נתח ההכנסות", "נתח ההכנסות"),
    w("mean_orders", "ממוצע הזמנות", "ממוצע הזמנות"),
    w("mean_aov", "AOV ממוצע", "AOV ממוצע"),
    w(
        "median_days_since_last_order",
        "חציון ימים מאז ההזמנה האחרונה",
        "חציון ימים מאז ההזמנה האחרונה",
    ),
];

/// The Arabic words of every key in `METRICS` (terms of Arabic survey
/// tools' NPS and CSAT pages; README).
pub const ARABIC: &[Words] = &[
    w("orders", "الطلبات", "الطلبات"),
    w("customers", "العملاء", "العملاء"),
    w("revenue", "الإيرادات", "الإيرادات"),
    w("aov", "متوسط قيمة الطلب (AOV)", "AOV"),
    w("purchase_frequency", "الطلبات لكل عميل", "طلبات/عميل"),
    w("repeat_customers", "العملاء المتكررون", "متكررون"),
    w("repeat_purchase_rate", "معدل تكرار الشراء", "تكرار الشراء"),
    w("returning_customers", "العملاء العائدون", "عائدون"),
    w(
        "returning_customer_rate",
        "معدل العملاء العائدين",
        "معدل العائدين",
    ),
    w("new_customers", "العملاء الجدد", "جدد"),
    w(
        "repeat_revenue_share",
        "حصة العملاء المتكررين من الإيرادات",
        "إيرادات متكررة",
    ),
    w(
        "repeat_vs_one_time_spend",
        "إنفاق العميل المتكرر مقابل عميل المرة الواحدة",
        "متكرر/مرة واحدة",
    ),
    w("guest_orders", "طلبات الضيوف", "طلبات الضيوف"),
    w("nps_responses", "إجابات NPS", "إجابات NPS"),
    w("promoters", "المروجون (9-10)", "المروجون"),
    w("passives", "المحايدون (7-8)", "المحايدون"),
    w("detractors", "المنتقدون (0-6)", "المنتقدون"),
    w("promoters_pct", "نسبة المروجين", "المروجون %"),
    w("passives_pct", "نسبة المحايدين", "المحايدون %"),
    w("detractors_pct", "نسبة المنتقدين", "المنتقدون %"),
    w("nps", "صافي نقاط الترويج (NPS)", "NPS"),
    w("nps_margin", "هامش خطأ NPS (±)", "NPS ±"),
    w("csat_responses", "إجابات CSAT", "إجابات CSAT"),
    w("satisfied", "الإجابات الراضية", "راضون"),
    w("csat", "رضا العملاء (CSAT)", "CSAT"),
    w("csat_mean", "متوسط إجابات CSAT", "متوسط CSAT"),
    w("csat_low", "CSAT، الحد الأدنى لفترة 95%", "CSAT الأدنى"),
    w("csat_high", "CSAT، الحد الأعلى لفترة 95%", "CSAT الأعلى"),
    w("low_sample", "إجابات قليلة (أقل من 30)", "إجابات قليلة"),
    w("responses", "الردود", "الردود"),
    w("with_customer", "بمعرّف عميل", "بمعرّف عميل"),
    w("linked", "المرتبطة", "المرتبطة"),
    w("match_rate", "نسبة المطابقة", "نسبة المطابقة"),
    w("linked_share", "حصة المرتبطة", "حصة المرتبطة"),
    w("respondents", "المستجيبون", "المستجيبون"),
    w("ordered_again", "طلبوا مجددًا", "طلبوا مجددًا"),
    w("ordered_again_pct", "% طلبوا مجددًا", "% طلبوا مجددًا"),
    w(
        "ordered_again_low",
        "طلبوا مجددًا، الأدنى",
        "طلبوا مجددًا، الأدنى",
    ),
    w(
        "ordered_again_high",
        "طلبوا مجددًا، الأعلى",
        "طلبوا مجددًا، الأعلى",
    ),
    w(
        "orders_per_respondent",
        "الطلبات لكل مستجيب",
        "الطلبات لكل مستجيب",
    ),
    w(
        "revenue_per_respondent",
        "الإيراد لكل مستجيب",
        "الإيراد لكل مستجيب",
    ),
    w("customers_share", "حصة العملاء", "حصة العملاء"),
    w("revenue_share", "حصة الإيرادات", "حصة الإيرادات"),
    w("mean_orders", "متوسط الطلبات", "متوسط الطلبات"),
    w("mean_aov", "متوسط AOV", "متوسط AOV"),
    w(
        "median_days_since_last_order",
        "وسيط الأيام منذ آخر طلب",
        "وسيط الأيام منذ آخر طلب",
    ),
];

/// The Thai words of every key in `METRICS` (terms of Qualtrics' Thai NPS
/// guide and Thai CX pages; README).
pub const THAI: &[Words] = &[
    w("orders", "คำสั่งซื้อ", "คำสั่งซื้อ"),
    w("customers", "ลูกค้า", "ลูกค้า"),
    w("revenue", "รายได้", "รายได้"),
    w("aov", "มูลค่าคำสั่งซื้อเฉลี่ย (AOV)", "AOV"),
    w("purchase_frequency", "คำสั่งซื้อต่อลูกค้า", "คำสั่งซื้อ/ลูกค้า"),
    w("repeat_customers", "ลูกค้าที่ซื้อซ้ำ", "ซื้อซ้ำ"),
    w("repeat_purchase_rate", "อัตราการซื้อซ้ำ", "อัตราซื้อซ้ำ"),
    w("returning_customers", "ลูกค้าที่กลับมา", "กลับมา"),
    w("returning_customer_rate", "อัตราลูกค้าที่กลับมา", "อัตรากลับมา"),
    w("new_customers", "ลูกค้าใหม่", "ลูกค้าใหม่"),
    w(
        "repeat_revenue_share",
        "สัดส่วนรายได้จากลูกค้าที่ซื้อซ้ำ",
        "รายได้ซื้อซ้ำ",
    ),
    w(
        "repeat_vs_one_time_spend",
        "ยอดใช้จ่ายของลูกค้าที่ซื้อซ้ำเทียบกับซื้อครั้งเดียว",
        "ซ้ำ/ครั้งเดียว",
    ),
    w("guest_orders", "คำสั่งซื้อแบบผู้เยี่ยมชม", "ผู้เยี่ยมชม"),
    w("nps_responses", "คำตอบ NPS", "คำตอบ NPS"),
    w("promoters", "ผู้สนับสนุน (9-10)", "ผู้สนับสนุน"),
    w("passives", "ผู้ที่เฉยๆ (7-8)", "ผู้ที่เฉยๆ"),
    w("detractors", "ผู้คัดค้าน (0-6)", "ผู้คัดค้าน"),
    w("promoters_pct", "สัดส่วนผู้สนับสนุน", "ผู้สนับสนุน %"),
    w("passives_pct", "สัดส่วนผู้ที่เฉยๆ", "ผู้ที่เฉยๆ %"),
    w("detractors_pct", "สัดส่วนผู้คัดค้าน", "ผู้คัดค้าน %"),
    w("nps", "คะแนนผู้สนับสนุนสุทธิ (NPS)", "NPS"),
    w("nps_margin", "ค่าความคลาดเคลื่อนของ NPS (±)", "NPS ±"),
    w("csat_responses", "คำตอบ CSAT", "คำตอบ CSAT"),
    w("satisfied", "คำตอบที่พอใจ", "พอใจ"),
    w("csat", "ความพึงพอใจของลูกค้า (CSAT)", "CSAT"),
    w("csat_mean", "ค่าเฉลี่ยคำตอบ CSAT", "CSAT เฉลี่ย"),
    w("csat_low", "CSAT ขอบล่างช่วง 95%", "CSAT ต่ำ"),
    w("csat_high", "CSAT ขอบบนช่วง 95%", "CSAT สูง"),
    w("low_sample", "คำตอบน้อย (ต่ำกว่า 30)", "คำตอบน้อย"),
    w("responses", "คำตอบ", "คำตอบ"),
    w("with_customer", "มีรหัสลูกค้า", "มีรหัสลูกค้า"),
    w("linked", "เชื่อมแล้ว", "เชื่อมแล้ว"),
    w("match_rate", "อัตราการจับคู่", "อัตราการจับคู่"),
    w("linked_share", "สัดส่วนที่เชื่อม", "สัดส่วนที่เชื่อม"),
    w("respondents", "ผู้ตอบ", "ผู้ตอบ"),
    w("ordered_again", "สั่งซื้ออีก", "สั่งซื้ออีก"),
    w("ordered_again_pct", "% สั่งซื้ออีก", "% สั่งซื้ออีก"),
    w("ordered_again_low", "สั่งซื้ออีก ต่ำ", "สั่งซื้ออีก ต่ำ"),
    w("ordered_again_high", "สั่งซื้ออีก สูง", "สั่งซื้ออีก สูง"),
    w("orders_per_respondent", "คำสั่งซื้อต่อผู้ตอบ", "คำสั่งซื้อต่อผู้ตอบ"),
    w("revenue_per_respondent", "รายได้ต่อผู้ตอบ", "รายได้ต่อผู้ตอบ"),
    w("customers_share", "สัดส่วนลูกค้า", "สัดส่วนลูกค้า"),
    w("revenue_share", "สัดส่วนรายได้", "สัดส่วนรายได้"),
    w("mean_orders", "คำสั่งซื้อเฉลี่ย", "คำสั่งซื้อเฉลี่ย"),
    w("mean_aov", "AOV เฉลี่ย", "AOV เฉลี่ย"),
    w(
        "median_days_since_last_order",
        "มัธยฐานวันนับจากคำสั่งซื้อล่าสุด",
        "มัธยฐานวันนับจากคำสั่งซื้อล่าสุด",
    ),
];

/// `COLUMNS` in Hebrew.
pub const HEBREW_COLUMNS: &[Words] = &[
    w("group", "קבוצה", "קבוצה"),
    w("comparison", "השוואה", "השוואה"),
    w("metric", "מדד", "מדד"),
    w("difference", "הפרש", "הפרש"),
    w("low", "תחתון", "תחתון"),
    w("high", "עליון", "עליון"),
    w("significant", "מובהק", "מובהק"),
];

/// `COLUMNS` in Arabic.
pub const ARABIC_COLUMNS: &[Words] = &[
    w("group", "المجموعة", "المجموعة"),
    w("comparison", "المقارنة", "المقارنة"),
    w("metric", "المقياس", "المقياس"),
    w("difference", "الفرق", "الفرق"),
    w("low", "الأدنى", "الأدنى"),
    w("high", "الأعلى", "الأعلى"),
    w("significant", "ذو دلالة", "ذو دلالة"),
];

/// `COLUMNS` in Thai.
pub const THAI_COLUMNS: &[Words] = &[
    w("group", "กลุ่ม", "กลุ่ม"),
    w("comparison", "การเปรียบเทียบ", "การเปรียบเทียบ"),
    w("metric", "ตัวชี้วัด", "ตัวชี้วัด"),
    w("difference", "ผลต่าง", "ผลต่าง"),
    w("low", "ต่ำ", "ต่ำ"),
    w("high", "สูง", "สูง"),
    w("significant", "มีนัยสำคัญ", "มีนัยสำคัญ"),
];

/// The metric words of `lang`.
fn catalogue(lang: Lang) -> &'static [Words] {
    match lang {
        Lang::En => ENGLISH,
        Lang::He => HEBREW,
        Lang::Ar => ARABIC,
        Lang::Th => THAI,
    }
}

/// The words of `lang` for the columns that are not metrics.
fn columns(lang: Lang) -> &'static [Words] {
    match lang {
        Lang::En => COLUMNS,
        Lang::He => HEBREW_COLUMNS,
        Lang::Ar => ARABIC_COLUMNS,
        Lang::Th => THAI_COLUMNS,
    }
}

/// The unit and direction of `key`, when it is a metric.
pub fn metric(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key == key)
}

fn words(key: &str) -> Option<&'static Words> {
    catalogue(lang::current())
        .iter()
        .chain(columns(lang::current()))
        .find(|w| w.key == key)
}

/// The label of `key` for people; a key that is not a metric or a column
/// of `COLUMNS` (a segment column) is shown as it is.
pub fn name(key: &str) -> &str {
    words(key).map_or(key, |w| w.name)
}

/// The short label of `key`, for a column of a wide table.
pub fn short(key: &str) -> &str {
    words(key).map_or(key, |w| w.short)
}

/// A value of a key column for people: a feedback group's name by its
/// `val_` message (in English the name itself), a metric key (the
/// differences' `metric` column) as `column` names it, or as it is.
pub fn value(text: &str) -> String {
    lang::current()
        .find(&format!("val_{text}"))
        .map_or_else(|| column(text), str::to_string)
}

/// The header of a workbook column for people: in English the CSV's key
/// as it is (the contract scripts read), in another language the metric's
/// label, a comparison column's (`prev_aov`: `AOV, previous` in that
/// language) or another column's (`segment_value`, `customer_id`: its
/// `hd_` message); the key itself for a column no catalogue names (a
/// segment column of the data). Every header of a table for people is
/// looked up here.
pub fn column(key: &str) -> String {
    if lang::current() == Lang::En {
        return key.to_string();
    }
    if let Some(w) = words(key) {
        return w.name.to_string();
    }
    let composed = [
        ("prev_", "", "col_prev"),
        ("delta_", "", "col_delta"),
        ("change_pct_", "", "col_change_pct"),
        ("", "_change_margin", "col_margin"),
        ("", "_change_significant", "col_significant"),
    ];
    for (prefix, suffix, message) in composed {
        let base = key
            .strip_prefix(prefix)
            .and_then(|k| k.strip_suffix(suffix));
        if let Some(w) = base.and_then(words) {
            return lang::fill(message, &[("name", w.short)]);
        }
    }
    // The other columns (the report's key columns, customers', clv's,
    // check's): their `hd_` message.
    lang::current()
        .find(&format!("hd_{key}"))
        .map_or_else(|| key.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_has_words_in_every_language_and_every_word_a_metric() {
        let units: Vec<&str> = METRICS.iter().map(|m| m.key).collect();
        for lang in lang::ALL {
            let words: Vec<&str> = catalogue(lang).iter().map(|w| w.key).collect();
            assert_eq!(units, words, "{lang:?}");
            let keys = |c: &[Words]| c.iter().map(|w| w.key).collect::<Vec<_>>();
            assert_eq!(keys(COLUMNS), keys(columns(lang)), "{lang:?}");
            for w in catalogue(lang).iter().chain(columns(lang)) {
                assert!(!w.name.trim().is_empty() && !w.short.trim().is_empty());
                // NPS and CSAT stay as they are in every language.
                for term in ["NPS", "CSAT"] {
                    let en = ENGLISH.iter().find(|e| e.key == w.key).map(|e| e.short);
                    if en.is_some_and(|e| e.contains(term)) {
                        assert!(w.short.contains(term), "{lang:?}: {}", w.key);
                    }
                }
            }
        }
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
