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
///
/// No sort: `floor(5 * below / n) >= k` holds exactly when `below >=
/// ceil(k * n / 5)`, i.e. when the value is greater than the one at that
/// place minus one in value order; so four order statistics decide every
/// score (see [`order_statistics`]).
pub fn quintile_scores(values: &[i64]) -> Vec<u8> {
    use rayon::prelude::*;
    let n = values.len() as u64;
    // The places, 0-based, of the order statistics.
    let places: Vec<usize> = (1..SCORES)
        .map_while(|k| (k * n).div_ceil(SCORES).checked_sub(1))
        .map(|at| at as usize)
        .collect();
    let bounds = order_statistics(values, &places);
    values
        .par_iter()
        .map(|&v| 1 + bounds.iter().filter(|&&b| v > b).count() as u8)
        .collect()
}

/// Values' range below which [`order_statistics`] counts: a histogram of
/// at most this many `u32` (4 MB), where three selections over the 3.26M
/// customers of 10M orders took 0.1 s.
const COUNTED: u64 = 1 << 20;

/// The most values [`order_statistics`] selects among rather than cuts
/// into buckets.
const SELECTED: usize = 1 << 12;

/// Bits of the buckets [`order_statistics`] narrows a wide range to.
const BUCKET_BITS: u32 = 16;

/// The values at `places` (ascending, each below `values.len()`) in value
/// order. A range narrower than `COUNTED` is counted into a histogram;
/// a few values are selected; otherwise the range is cut into
/// 2^`BUCKET_BITS` buckets, the values counted into them (in parallel),
/// and each place found among the values of its bucket alone, the same
/// way. At 10M orders (3.26M customers' revenue), four selections took
/// 0.05 s.
fn order_statistics(values: &[i64], places: &[usize]) -> Vec<i64> {
    use rayon::prelude::*;
    let Some((min, max)) = values
        .par_iter()
        .map(|&v| (v, v))
        .reduce_with(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    else {
        return Vec::new();
    };
    let span = (i128::from(max) - i128::from(min)) as u64;
    if span < COUNTED {
        return counted_bounds(values, min, span as usize, places);
    }
    if values.len() <= SELECTED {
        return selected_bounds(values, places);
    }
    let shift = u64::BITS - span.leading_zeros() - BUCKET_BITS;
    let bucket = |v: i64| ((i128::from(v) - i128::from(min)) as u64 >> shift) as usize;
    let buckets = 1 << BUCKET_BITS;
    let counts = values
        .par_chunks(1 << 16)
        .fold(
            || vec![0u32; buckets],
            |mut counts, chunk| {
                for &v in chunk {
                    counts[bucket(v)] += 1;
                }
                counts
            },
        )
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
            a
        })
        .unwrap_or_default();
    // Each place's bucket; its place among the values of the buckets
    // kept (those holding a place) is its place less the values of the
    // buckets left out below it.
    let mut kept = vec![false; buckets];
    let mut within = Vec::with_capacity(places.len());
    let (mut b, mut below, mut left_out) = (0, 0usize, 0usize);
    for &at in places {
        while below + counts[b] as usize <= at {
            below += counts[b] as usize;
            if !kept[b] {
                left_out += counts[b] as usize;
            }
            b += 1;
        }
        kept[b] = true;
        within.push(at - left_out);
    }
    let kept_values: Vec<i64> = values
        .par_iter()
        .copied()
        .filter(|&v| kept[bucket(v)])
        .collect();
    if kept_values.len() == values.len() {
        // Every value in a kept bucket: cutting again would not narrow.
        return selected_bounds(values, places);
    }
    order_statistics(&kept_values, &within)
}

/// The values at `places` in value order, by a histogram of `values`
/// (each `min..=min + span`).
fn counted_bounds(values: &[i64], min: i64, span: usize, places: &[usize]) -> Vec<i64> {
    let mut counts = vec![0u32; span + 1];
    for &v in values {
        counts[(v - min) as usize] += 1;
    }
    let mut bounds = Vec::with_capacity(places.len());
    // Values up to `min + v` take places `..seen`.
    let (mut v, mut seen) = (0, counts[0] as usize);
    for &at in places {
        while seen <= at {
            v += 1;
            seen += counts[v] as usize;
        }
        bounds.push(min + v as i64);
    }
    bounds
}

/// The values at `places` (ascending) in value order, by selection.
fn selected_bounds(values: &[i64], places: &[usize]) -> Vec<i64> {
    let mut ranked = values.to_vec();
    let mut bounds = Vec::with_capacity(places.len());
    // `ranked[..from]` holds the `from` smallest values once selected.
    let mut from = 0;
    for &at in places {
        let (_, &mut bound, _) = ranked[from..].select_nth_unstable(at - from);
        bounds.push(bound);
        from = at;
    }
    bounds
}

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

    /// The [`segment`](Self::segment) of each customer's scores (`r[i]`,
    /// `f[i]`, `m[i]`, each 1-5), from a table of the 125 combinations.
    pub fn segments(&self, r: &[u8], f: &[u8], m: &[u8]) -> Vec<usize> {
        use rayon::prelude::*;
        let s = SCORES as usize;
        let of = |i: usize| (1 + i % s) as u8;
        let table: Vec<usize> = (0..s * s * s)
            .map(|i| self.segment(of(i / (s * s)), of(i / s), of(i)))
            .collect();
        let at = |x: u8| usize::from(x.clamp(1, SCORES as u8) - 1);
        (r, f, m)
            .into_par_iter()
            .map(|(&r, &f, &m)| table[at(r) * s * s + at(f) * s + at(m)])
            .collect()
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

    /// The scores are the definition's, `1 + floor(5 * below / n)` with
    /// `below` counted value by value, over ties, negative values, extreme
    /// values and sizes that do not divide by five.
    #[test]
    fn scores_follow_the_definition() {
        // Without the extremes, the narrow spreads are counted; with them
        // (or the wide spread), selected.
        for extremes in [false, true] {
            for n in [1_i64, 2, 3, 4, 6, 7, 11, 999, 5000] {
                for spread in [1, 3, 613, 1 << 40] {
                    let mut v: Vec<i64> =
                        (0..n).map(|i| (i * 7919) % spread - spread / 2).collect();
                    if extremes {
                        v[0] = i64::MIN;
                        if n > 2 {
                            v[1] = i64::MAX;
                        }
                    }
                    let by_hand: Vec<u8> = v
                        .iter()
                        .map(|&x| {
                            let below = v.iter().filter(|&&y| y < x).count() as u64;
                            (1 + SCORES * below / n as u64) as u8
                        })
                        .collect();
                    let scores = quintile_scores(&v);
                    assert_eq!(scores, by_hand, "n {n}, spread {spread}, {extremes}");
                }
            }
        }
    }

    /// Wide ranges go through the buckets: the order statistics are a
    /// sort's, for skewed values (most small, a long tail), values at
    /// both ends of the range only (every value in a bucket kept), and
    /// a tie across the places.
    #[test]
    fn order_statistics_are_a_sorts() {
        let n = 50_000_i64;
        let skewed: Vec<i64> = (0..n).map(|i| (i * 7919 % n).pow(3) / 1000 - 5).collect();
        let ends: Vec<i64> = (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    i64::MIN + i
                } else {
                    i64::MAX - i
                }
            })
            .collect();
        let mut tie = skewed.clone();
        tie[..30_000].fill(1 << 30);
        for values in [skewed, ends, tie] {
            let places = [0, 9_999, 19_999, 29_999, 39_999, 49_999];
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let want: Vec<i64> = places.iter().map(|&p| sorted[p]).collect();
            assert_eq!(order_statistics(&values, &places), want);
        }
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
        // The table of all 125 combinations gives each one's segment.
        let all: Vec<[u8; 3]> = (0..125)
            .map(|i| [1 + i / 25, 1 + i / 5 % 5, 1 + i % 5])
            .collect();
        let pick = |k: usize| all.iter().map(|x| x[k]).collect::<Vec<u8>>();
        let one_by_one: Vec<usize> = all
            .iter()
            .map(|&[r, f, m]| rules.segment(r, f, m))
            .collect();
        assert_eq!(rules.segments(&pick(0), &pick(1), &pick(2)), one_by_one);
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
