//! Which header column plays which role: a `--*-col` flag when given, else
//! the first alias (in priority order) that a header matches. Header names
//! are compared case-insensitively with spaces, `_`, `-` and punctuation
//! ignored, so "Customer ID", "customer_id" and "CustomerId" are one name.

use anyhow::{bail, Result};

/// A column the metrics need, with the header names that are taken for it.
#[derive(Debug, Clone, Copy)]
pub struct Role {
    /// Canonical name, as in METRICS.md.
    pub name: &'static str,
    /// The flag that maps it by hand.
    pub flag: &'static str,
    /// Normalised aliases, most specific first.
    pub aliases: &'static [&'static str],
    /// Normalised fragments a header may contain instead, tried after every
    /// alias (for question texts such as "How likely are you to recommend
    /// us?").
    pub contains: &'static [&'static str],
}

pub const ORDER_ID: Role = Role {
    name: "order_id",
    flag: "--order-id-col",
    aliases: &[
        "orderid",
        "ordernumber",
        "orderno",
        "order",
        "invoiceno",
        "invoice",
        "invoiceid",
        "invoicenumber",
        "transactionid",
        "paymentid",
        "id",
    ],
    contains: &[],
};

pub const CUSTOMER_ID: Role = Role {
    name: "customer_id",
    flag: "--customer-col",
    aliases: &[
        "customerid",
        "customer",
        "customeremail",
        "email",
        "billingemail",
        "clientid",
        "userid",
        "buyerid",
    ],
    contains: &[],
};

pub const ORDER_DATE: Role = Role {
    name: "order_date",
    flag: "--date-col",
    aliases: &[
        "orderdate",
        "date",
        "createdat",
        "created",
        "createdutc",
        "orderedat",
        "purchasedate",
        "invoicedate",
        "paidat",
        "timestamp",
    ],
    contains: &[],
};

pub const AMOUNT: Role = Role {
    name: "amount",
    flag: "--amount-col",
    aliases: &[
        "amount",
        "total",
        "ordertotal",
        "totalamount",
        "grandtotal",
        "totalprice",
        "amountpaid",
        "revenue",
        "sales",
        "value",
    ],
    contains: &[],
};

pub const QUANTITY: Role = Role {
    name: "quantity",
    flag: "--quantity-col",
    aliases: &["quantity", "qty", "lineitemquantity", "itemquantity"],
    contains: &[],
};

/// Taken only together with a quantity, when no amount column is found.
pub const UNIT_PRICE: Role = Role {
    name: "unit_price",
    flag: "--unit-price-col",
    aliases: &[
        "unitprice",
        "lineitemprice",
        "itemprice",
        "itemcost",
        "price",
    ],
    contains: &[],
};

pub const REFUND: Role = Role {
    name: "refund",
    flag: "--refund-col",
    aliases: &[
        "amountrefunded",
        "refundedamount",
        "refundamount",
        "refundedtotal",
        "totalrefunded",
        "refundtotal",
        "ordertotalrefunded",
    ],
    contains: &[],
};

pub const STATUS: Role = Role {
    name: "status",
    flag: "--status-col",
    aliases: &[
        "status",
        "orderstatus",
        "financialstatus",
        "paymentstatus",
        "state",
    ],
    contains: &[],
};

pub const NPS: Role = Role {
    name: "nps",
    flag: "--nps-col",
    aliases: &[
        "nps",
        "npsscore",
        "npsanswer",
        "npsrating",
        "likelihoodtorecommend",
        "recommend",
    ],
    // "recommend" in English, Hebrew (להמליץ, תמליץ, ממליץ), Arabic
    // (توصي, ترشح, تنصح) and Thai (แนะนำ).
    contains: &["recommend", "מליץ", "توصي", "ترشح", "تنصح", "แนะนำ"],
};

pub const CSAT: Role = Role {
    name: "csat",
    flag: "--csat-col",
    aliases: &[
        "csat",
        "csatscore",
        "csatanswer",
        "csatrating",
        "satisfaction",
        "satisfactionscore",
        "customersatisfaction",
    ],
    // "satisfied" in English, Hebrew (שביעות רצון, מרוצה), Arabic (رضا,
    // راضٍ) and Thai (พึงพอใจ, พอใจ).
    contains: &["satisf", "שביעותרצון", "מרוצה", "رضا", "راض", "พอใจ"],
};

pub const SUBMITTED_AT: Role = Role {
    name: "submitted_at",
    flag: "--date-col",
    aliases: &[
        "submittedat",
        "submitted",
        "submitdate",
        "submitdateutc",
        "submissiondate",
        "responsedate",
        "completedat",
        "enddate",
        "recordeddate",
        "date",
        "createdat",
        "timestamp",
        "timestampmmddyyyy",
        // "Date" in Hebrew, Arabic and Thai (วันที่, normalised: tone
        // marks are not letters, see `normalize`).
        "תאריך",
        "التاريخ",
        "วันที",
    ],
    contains: &[],
};

/// Lower-cases and keeps only letters and digits, leaving out Hebrew
/// points and Arabic short vowels and tatweel, and folding the Arabic alef
/// and final ya spellings (`أ`/`إ`/`آ` = `ا`, `ى` = `ي`): exports write
/// them or not (`راضٍ جدًا` = `راض جدا`). Thai vowel signs are letters
/// to Unicode and stay; Thai tone marks are not, and go (`ไม่` = `ไม`), as
/// all punctuation does. Header names and satisfaction labels are compared
/// so.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|&c| c.is_alphanumeric() && !is_optional_mark(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Hebrew points and cantillation, Arabic harakat, superscript alef and
/// tatweel.
fn is_optional_mark(c: char) -> bool {
    matches!(c, '\u{0591}'..='\u{05C7}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Finds the column for `role` in `header`.
///
/// With `mapped` (a `--*-col` value) the column must exist (matched exactly,
/// then case-insensitively). Without it, the first alias that matches wins;
/// `Ok(None)` when none does. `file` only names the file in errors.
pub fn find(
    file: &str,
    header: &[String],
    role: &Role,
    mapped: Option<&str>,
) -> Result<Option<usize>> {
    let what = format!("holds the {}", role.name);
    if let Some(name) = mapped {
        return match find_named(header, name) {
            Some(i) => only_one(file, header, i, &what).map(Some),
            None => bail!(
                "{file}: no column '{name}' (given with {}); found: {}",
                role.flag,
                list(header)
            ),
        };
    }
    let normalized: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let exact = role
        .aliases
        .iter()
        .find_map(|alias| normalized.iter().position(|h| h == alias));
    let found = exact.or_else(|| {
        role.contains
            .iter()
            .find_map(|part| normalized.iter().position(|h| h.contains(part)))
    });
    found.map(|i| only_one(file, header, i, &what)).transpose()
}

/// `i`, when no other column has its name: of two, which one `what`
/// (`holds the amount`) is a guess, so neither is taken.
fn only_one(file: &str, header: &[String], i: usize, what: &str) -> Result<usize> {
    let name = header[i].trim();
    match header
        .iter()
        .enumerate()
        .find(|&(j, h)| j != i && h.trim() == name)
    {
        Some((j, _)) => bail!(
            "{file}: columns {} and {} are both named '{}'; rename one in the header, \
             so that engage knows which {what}",
            i.min(j) + 1,
            i.max(j) + 1,
            crate::text::shorten(name)
        ),
        None => Ok(i),
    }
}

/// Like [`find`], but the column must be there.
pub fn require(file: &str, header: &[String], role: &Role, mapped: Option<&str>) -> Result<usize> {
    match find(file, header, role, mapped)? {
        Some(i) => Ok(i),
        None => bail!(
            "{file}: no {} column (found: {}); map one with {} COLUMN",
            role.name,
            list(header),
            role.flag
        ),
    }
}

/// A column named by the user (e.g. `--segment channel`): exact, then
/// case-insensitive match.
pub fn find_named(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h == name).or_else(|| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
    })
}

/// The columns named by `--segment`, in order; each must exist.
pub fn segments(file: &str, header: &[String], names: &[String]) -> Result<Vec<usize>> {
    names
        .iter()
        .map(|s| match find_named(header, s) {
            Some(i) => only_one(file, header, i, "to segment by"),
            None => bail!(
                "{file}: no column '{s}' to segment by; found: {}",
                list(header)
            ),
        })
        .collect()
}

/// The header as a readable list for error messages: the first names,
/// each cut short and escaped.
pub fn list(header: &[String]) -> String {
    const MAX: usize = 20;
    let mut names: Vec<String> = header
        .iter()
        .take(MAX)
        .map(|h| crate::text::shorten(h))
        .collect();
    if header.len() > MAX {
        names.push("...".into());
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_common_header_spellings() {
        let h = header(&[
            "Order ID",
            "Email",
            "Created at",
            "Total",
            "Financial Status",
        ]);
        assert_eq!(find("f", &h, &ORDER_ID, None).unwrap(), Some(0));
        assert_eq!(find("f", &h, &CUSTOMER_ID, None).unwrap(), Some(1));
        assert_eq!(find("f", &h, &ORDER_DATE, None).unwrap(), Some(2));
        assert_eq!(find("f", &h, &AMOUNT, None).unwrap(), Some(3));
        assert_eq!(find("f", &h, &STATUS, None).unwrap(), Some(4));
    }

    #[test]
    fn finds_score_columns_by_question_text() {
        let h = header(&[
            "Response ID",
            "How likely are you to recommend us to a friend?",
            "Overall, how satisfied were you?",
            "Submit Date (UTC)",
        ]);
        assert_eq!(find("f", &h, &NPS, None).unwrap(), Some(1));
        assert_eq!(find("f", &h, &CSAT, None).unwrap(), Some(2));
        assert_eq!(find("f", &h, &SUBMITTED_AT, None).unwrap(), Some(3));
    }

    #[test]
    fn aliases_are_written_normalised() {
        for role in [
            ORDER_ID,
            CUSTOMER_ID,
            ORDER_DATE,
            AMOUNT,
            STATUS,
            NPS,
            CSAT,
            SUBMITTED_AT,
        ] {
            for a in role.aliases.iter().chain(role.contains) {
                assert_eq!(normalize(a), *a, "{}", role.name);
            }
        }
    }

    #[test]
    fn finds_score_columns_by_question_text_in_hebrew_arabic_and_thai() {
        let h = header(&[
            "תאריך",
            "מה הסיכוי שתמליץ עלינו לחבר?",
            "באיזו מידה אתה מרוצה מהשירות?",
        ]);
        assert_eq!(find("f", &h, &NPS, None).unwrap(), Some(1));
        assert_eq!(find("f", &h, &CSAT, None).unwrap(), Some(2));
        assert_eq!(find("f", &h, &SUBMITTED_AT, None).unwrap(), Some(0));
        let h = header(&[
            "ما مدى احتمال أن توصي بنا؟",
            "ما مدى رضاك عن الخدمة؟",
            "التاريخ",
        ]);
        assert_eq!(find("f", &h, &NPS, None).unwrap(), Some(0));
        assert_eq!(find("f", &h, &CSAT, None).unwrap(), Some(1));
        assert_eq!(find("f", &h, &SUBMITTED_AT, None).unwrap(), Some(2));
        let h = header(&["วันที่", "คุณจะแนะนำเราให้เพื่อนไหม", "คุณพึงพอใจกับบริการเพียงใด"]);
        assert_eq!(find("f", &h, &NPS, None).unwrap(), Some(1));
        assert_eq!(find("f", &h, &CSAT, None).unwrap(), Some(2));
        assert_eq!(find("f", &h, &SUBMITTED_AT, None).unwrap(), Some(0));
    }

    #[test]
    fn prefers_the_more_specific_alias() {
        let h = header(&["email", "customer_id"]);
        assert_eq!(find("f", &h, &CUSTOMER_ID, None).unwrap(), Some(1));
    }

    #[test]
    fn a_mapped_column_must_exist() {
        let h = header(&["a", "Total"]);
        assert_eq!(find("f", &h, &AMOUNT, Some("total")).unwrap(), Some(1));
        let err = find("f.csv", &h, &AMOUNT, Some("price")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv: no column 'price' (given with --amount-col); found: a, Total"
        );
    }

    #[test]
    fn a_missing_required_column_names_the_flag() {
        let err = require("o.csv", &header(&["x", "y"]), &AMOUNT, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "o.csv: no amount column (found: x, y); map one with --amount-col COLUMN"
        );
    }
}
