//! RFM scores and named segments over the per-customer stage: quintile
//! scores 1-5 (5 best) for recency, frequency and monetary value, and the
//! segment rule table that names each combination. No I/O.

use crate::cli::TimeUnit;

/// Days in one `--time-unit` (lifetimes' `freq="D"` with
/// `freq_multiplier` 1, 7 or 30.4375: a pure scale).
pub fn unit_days(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Day => 1.0,
        TimeUnit::Week => 7.0,
        TimeUnit::Month => 30.4375,
    }
}

/// Number of score classes.
pub const SCORES: u64 = 5;

/// Quintile scores of `values` (higher is better): a customer's score is
/// `1 + floor(5 * below / n)`, `below` being the number of customers with
/// a strictly worse value. Customers with equal values always share a
/// score (the one of the first place their tie group takes), so the scores
/// do not depend on row order; a large tie (most customers with one order)
/// can leave a score unused.
pub fn quintile_scores(values: &[i64]) -> Vec<u8> {
    use rayon::prelude::*;
    let n = values.len() as u64;
    let (Some(&lo), Some(&hi)) = (values.iter().min(), values.iter().max()) else {
        return Vec::new();
    };
    // Values over a short range (order counts, last order days): `below`
    // of each value from a count per value, with no sort.
    let span = hi.abs_diff(lo);
    if span < COUNTED_SPAN && span < 4 * n {
        let mut below = vec![0u64; span as usize + 1];
        for &v in values {
            below[v.abs_diff(lo) as usize] += 1;
        }
        let mut at = 0;
        for slot in below.iter_mut() {
            let count = *slot;
            *slot = at;
            at += count;
        }
        return values
            .par_iter()
            .map(|&v| (1 + SCORES * below[v.abs_diff(lo) as usize] / n) as u8)
            .collect();
    }
    // Positions in value order; a tie group starts where `below` of its
    // values are smaller.
    let mut order: Vec<(i64, u32)> = values.iter().zip(0..).map(|(&v, i)| (v, i)).collect();
    order.par_sort_unstable();
    let mut scores = vec![0u8; values.len()];
    let mut below = 0;
    for (k, &(v, i)) in order.iter().enumerate() {
        if k > 0 && order[k - 1].0 != v {
            below = k as u64;
        }
        scores[i as usize] = (1 + SCORES * below / n) as u8;
    }
    scores
}

/// Values spread over fewer than this many integers are scored by a count
/// per value rather than a sort (both give the same scores).
const COUNTED_SPAN: u64 = 1 << 24;

/// One row of the segment rule table: a customer whose three scores all
/// fall in the inclusive ranges gets this segment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    pub name: String,
    pub r: [u8; 2],
    pub f: [u8; 2],
    pub m: [u8; 2],
}

/// The segment rule table: the first rule that matches names the segment;
/// a customer no rule matches is in `other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRules {
    pub rules: Vec<SegmentRule>,
    pub other: String,
}

/// The default table: the segments and score ranges of the example rule
/// table of the R package `rfm` (Aravind Hebbali, `rfm_segment()`
/// documentation), first match wins, the rest "Others". Rules that another
/// rule's ranges contain come before it (New Customers and Promising before
/// Potential Loyalist, Can't Lose Them before At Risk): in the package's
/// own order those three can never match.
/// A rule: name, and the r, f and m score ranges.
type Rule = (&'static str, [u8; 2], [u8; 2], [u8; 2]);

const DEFAULT_RULES: [Rule; 10] = [
    ("Champions", [4, 5], [4, 5], [4, 5]),
    ("Loyal Customers", [2, 5], [3, 5], [3, 5]),
    ("New Customers", [4, 5], [1, 1], [1, 1]),
    ("Promising", [3, 4], [1, 1], [1, 1]),
    ("Potential Loyalist", [3, 5], [1, 3], [1, 3]),
    ("Need Attention", [2, 3], [2, 3], [2, 3]),
    ("About To Sleep", [2, 3], [1, 2], [1, 2]),
    ("Can't Lose Them", [1, 1], [4, 5], [4, 5]),
    ("At Risk", [1, 2], [2, 5], [2, 5]),
    ("Lost", [1, 2], [1, 2], [1, 2]),
];

impl Default for SegmentRules {
    fn default() -> Self {
        SegmentRules {
            rules: DEFAULT_RULES
                .iter()
                .map(|&(name, r, f, m)| SegmentRule {
                    name: name.to_string(),
                    r,
                    f,
                    m,
                })
                .collect(),
            other: "Others".to_string(),
        }
    }
}

impl SegmentRules {
    /// A table from `engage.toml`; the message says what is wrong.
    pub fn new(rules: Vec<SegmentRule>, other: Option<String>) -> Result<Self, String> {
        if rules.is_empty() {
            return Err("[[customers.segments]]: give at least one rule".into());
        }
        for rule in &rules {
            if rule.name.trim().is_empty() {
                return Err("[[customers.segments]]: every rule needs a name".into());
            }
            for (key, [lo, hi]) in [("r", rule.r), ("f", rule.f), ("m", rule.m)] {
                if !(1..=SCORES as u8).contains(&lo) || !(lo..=SCORES as u8).contains(&hi) {
                    return Err(format!(
                        "[[customers.segments]] '{}': {key} = [{lo}, {hi}]; give [LOW, HIGH] with 1 <= LOW <= HIGH <= 5",
                        rule.name
                    ));
                }
            }
        }
        Ok(SegmentRules {
            rules,
            other: other.unwrap_or_else(|| SegmentRules::default().other),
        })
    }

    /// Every segment name, in table order, `other` last.
    pub fn names(&self) -> Vec<&str> {
        self.rules
            .iter()
            .map(|r| r.name.as_str())
            .chain([self.other.as_str()])
            .collect()
    }

    /// The index in [`names`](Self::names) of the segment of these scores.
    pub fn segment(&self, r: u8, f: u8, m: u8) -> usize {
        let within = |s: u8, [lo, hi]: [u8; 2]| (lo..=hi).contains(&s);
        self.rules
            .iter()
            .position(|x| within(r, x.r) && within(f, x.f) && within(m, x.m))
            .unwrap_or(self.rules.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_share_a_score_within_a_tie() {
        // Ten distinct values: two per quintile.
        let v: Vec<i64> = (0..10).rev().collect();
        assert_eq!(quintile_scores(&v), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // 1, 1, 1, 2, 3: the three 1s are the worst (below 0: score 1); 2
        // has 3 below: 1 + 15/5 = 4; 3 has 4 below: 1 + 20/5 = 5.
        assert_eq!(quintile_scores(&[1, 2, 1, 3, 1]), [1, 4, 1, 5, 1]);
        assert_eq!(quintile_scores(&[7]), [1]);
        assert!(quintile_scores(&[]).is_empty());
    }

    /// The count per value (short ranges) and the sort (long ranges) give
    /// the same scores, ties and negative values included.
    #[test]
    fn counted_and_sorted_scores_agree() {
        let v: Vec<i64> = (0..5000_i64).map(|i| (i * 7919) % 613 - 300).collect();
        let mut wide = v.clone();
        // A value far above the rest forces the sort, one just above them
        // the count; either is the one largest value, so the scores match.
        wide.push(i64::MAX / 2);
        let mut short = v.clone();
        short.push(400);
        let (a, b) = (quintile_scores(&wide), quintile_scores(&short));
        assert_eq!(a, b);
        assert!(a.iter().all(|s| (1..=5).contains(s)));
    }

    #[test]
    fn first_matching_rule_names_the_segment() {
        let rules = SegmentRules::default();
        let name = |r, f, m| rules.names()[rules.segment(r, f, m)].to_string();
        assert_eq!(name(5, 5, 5), "Champions");
        // 5,3,3 matches Loyal Customers before Potential Loyalist.
        assert_eq!(name(5, 3, 3), "Loyal Customers");
        assert_eq!(name(5, 1, 1), "New Customers");
        assert_eq!(name(3, 1, 1), "Promising");
        assert_eq!(name(5, 2, 1), "Potential Loyalist");
        assert_eq!(name(1, 5, 5), "Can't Lose Them");
        assert_eq!(name(1, 3, 3), "At Risk");
        assert_eq!(name(1, 1, 1), "Lost");
        // r=1, f=3, m=1 matches no rule.
        assert_eq!(name(1, 3, 1), "Others");
    }

    #[test]
    fn rule_tables_are_checked() {
        let rule = |r| SegmentRule {
            name: "x".into(),
            r,
            f: [1, 5],
            m: [1, 5],
        };
        assert!(SegmentRules::new(vec![rule([1, 5])], None).is_ok());
        assert!(SegmentRules::new(vec![rule([0, 5])], None).is_err());
        assert!(SegmentRules::new(vec![rule([4, 3])], None).is_err());
        assert!(SegmentRules::new(vec![rule([1, 6])], None).is_err());
        assert!(SegmentRules::new(Vec::new(), None).is_err());
    }
}
