//! A report's per-segment rows: the order and survey tallies of one
//! segment column merged by value (the two kinds of file are tallied
//! apart), and the values of the headline and the compared span lined up.

use std::collections::BTreeMap;

use super::orders::OrderCounts;
use super::scope::Scoped;
use super::survey::SurveyCounts;

/// One scope's counts from each kind of file the report reads; `None` for a
/// kind that has no such scope (a segment column only the other kind has).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Both {
    pub orders: Option<OrderCounts>,
    pub surveys: Option<SurveyCounts>,
}

/// A segment value: whether it is blank (blank sorts last), and its text.
pub type Key = (bool, String);

/// One kind's rows of one segment column and that column's dictionary
/// (row codes -> values).
pub struct Tallied<'a, T> {
    pub rows: Vec<Scoped<T>>,
    pub values: &'a [String],
}

/// The two kinds' rows of one segment column, by value.
pub fn by_value(
    orders: Option<Tallied<OrderCounts>>,
    surveys: Option<Tallied<SurveyCounts>>,
) -> BTreeMap<Key, Both> {
    let key = |values: &[String], r: &Option<u32>| match r {
        Some(c) => (false, values.get(*c as usize).cloned().unwrap_or_default()),
        None => (true, String::new()),
    };
    let mut out: BTreeMap<Key, Both> = BTreeMap::new();
    if let Some(t) = orders {
        for r in t.rows {
            let k = key(t.values, &r.segments.first().copied().flatten());
            out.entry(k).or_default().orders = Some(r.value);
        }
    }
    if let Some(t) = surveys {
        for r in t.rows {
            let k = key(t.values, &r.segments.first().copied().flatten());
            out.entry(k).or_default().surveys = Some(r.value);
        }
    }
    out
}

/// The rows of a segment table: every value with rows in the headline or
/// (with a comparison) the compared span, in order, with its counts now
/// and before. A kind of file that has the column (`has`: orders,
/// surveys) counts zero where the value has none of its rows; a kind
/// without it has no counts. The value is `None` for blanks.
pub fn rows(
    now: &BTreeMap<Key, Both>,
    before: Option<&BTreeMap<Key, Both>>,
    (orders_have, surveys_have): (bool, bool),
) -> Vec<(Option<String>, Both, Option<Both>)> {
    let fill = |b: Option<&Both>| Both {
        orders: orders_have.then(|| b.and_then(|b| b.orders).unwrap_or_default()),
        surveys: surveys_have.then(|| b.and_then(|b| b.surveys).unwrap_or_default()),
    };
    let mut keys: Vec<&Key> = now.keys().collect();
    if let Some(b) = before {
        keys.extend(b.keys().filter(|k| !now.contains_key(*k)));
        keys.sort();
    }
    keys.into_iter()
        .map(|key| {
            let value = (!key.0).then(|| key.1.clone());
            let prev = before.map(|b| fill(b.get(key)));
            (value, fill(now.get(key)), prev)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders(n: u64) -> OrderCounts {
        OrderCounts {
            orders: n,
            ..OrderCounts::default()
        }
    }

    fn row<T>(code: Option<u32>, value: T) -> Scoped<T> {
        Scoped {
            period: None,
            segments: vec![code],
            value,
        }
    }

    #[test]
    fn both_kinds_merge_by_value_and_blanks_sort_last() {
        let values = ["web".to_string(), "store".to_string()];
        let answers = SurveyCounts {
            nps: [1; 11],
            ..SurveyCounts::default()
        };
        let merged = by_value(
            Some(Tallied {
                rows: vec![row(Some(0), orders(3)), row(None, orders(1))],
                values: &values,
            }),
            Some(Tallied {
                rows: vec![row(Some(0), answers), row(Some(1), answers)],
                values: &values,
            }),
        );
        let keys: Vec<&Key> = merged.keys().collect();
        assert_eq!(
            keys,
            [
                &(false, "store".into()),
                &(false, "web".into()),
                &(true, String::new())
            ]
        );
        assert_eq!(merged[&(false, "web".into())].orders, Some(orders(3)));
        assert_eq!(merged[&(false, "web".into())].surveys, Some(answers));
        assert_eq!(merged[&(false, "store".into())].orders, None);
        assert_eq!(merged[&(true, String::new())].surveys, None);
    }

    #[test]
    fn a_value_of_either_span_gets_a_row_with_zeros_where_it_has_none() {
        let now = BTreeMap::from([(
            (false, "web".to_string()),
            Both {
                orders: Some(orders(2)),
                surveys: None,
            },
        )]);
        let before = BTreeMap::from([(
            (false, "app".to_string()),
            Both {
                orders: Some(orders(5)),
                surveys: None,
            },
        )]);
        let r = rows(&now, Some(&before), (true, false));
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].0.as_deref(), Some("app"));
        assert_eq!(r[0].1.orders, Some(orders(0)));
        assert_eq!(r[0].2.and_then(|b| b.orders), Some(orders(5)));
        assert_eq!(r[1].0.as_deref(), Some("web"));
        assert_eq!(r[1].2.and_then(|b| b.orders), Some(orders(0)));
        assert!(r.iter().all(|(_, b, _)| b.surveys.is_none()));
        // Without a comparison: the headline's values only, nothing before.
        let r = rows(&now, None, (true, true));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].1.surveys, Some(SurveyCounts::default()));
        assert!(r[0].2.is_none());
    }
}
