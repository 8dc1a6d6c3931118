//! From per-customer (frequency, recency, T[, monetary value]) columns to
//! fitted models, per-customer predictions and their summary: what
//! `engage clv` reports. Pure: columns in, numbers out.

use anyhow::{bail, Result};
use rayon::prelude::*;

use crate::metrics::{prefetch, PREFETCH_AHEAD};

use super::value::{discounted_purchases, MonthlyDiscount};
use super::{
    fit_bgnbd, fit_gamma_gamma, group_scaled, group_weights, BgNbd, Fit, GammaGamma, Grouped,
};

/// The customers, as parallel columns in the output's order.
#[derive(Debug, Clone, Copy)]
pub struct Customers<'a> {
    pub frequency: &'a [f64],
    pub recency: &'a [f64],
    pub t: &'a [f64],
    /// Days in the time unit of `recency` and `T`: from orders they are
    /// whole days, which group faster (see [`group_scaled`]).
    pub days_per_unit: f64,
    /// `None`: no spend known, so no Gamma-Gamma fit and no CLV.
    pub monetary: Option<&'a [f64]>,
}

/// Both fits, and who the Gamma-Gamma fit left out.
#[derive(Debug, Clone)]
pub struct Models {
    pub bgnbd: Fit<4>,
    /// `None` without monetary values.
    pub gamma_gamma: Option<Fit<3>>,
    /// Customers with no repeat purchase (frequency 0): not in the
    /// Gamma-Gamma fit.
    pub gg_one_time: u64,
    /// Repeat customers whose monetary value is 0 or negative: not in the
    /// Gamma-Gamma fit either.
    pub gg_non_positive: u64,
    /// The customers' unique (frequency, recency, T) triples that BG/NBD
    /// was fitted on; the predictions are made per triple too.
    pub triples: Grouped<3>,
}

/// Fits BG/NBD on every customer and, with monetary values, Gamma-Gamma on
/// the repeat customers with positive spend.
pub fn fit(c: &Customers) -> Result<Models> {
    // Each model grouped, then fitted, the two side by side. Gamma-Gamma's
    // sum runs in one thread (see `gamma_gamma`), and its fit starts as
    // soon as its pairs are grouped: beside the end of the grouping of the
    // triples, whose sort runs in one thread, rather than beside the
    // BG/NBD fit, which keeps both threads busy. The errors are reported
    // as when everything ran in turn: spend the model cannot use first,
    // then a BG/NBD failure, then a Gamma-Gamma one.
    let (spend, (triples, bgnbd)) = rayon::join(
        || {
            c.monetary.map(|m| {
                let x = c.frequency;
                let one_time = x.par_iter().filter(|x| **x <= 0.0).count() as u64;
                let non_positive = x
                    .par_iter()
                    .zip(m)
                    .filter(|(x, m)| **x > 0.0 && **m <= 0.0)
                    .count() as u64;
                let repeat = x.par_iter().zip(m).filter(|(x, m)| **x > 0.0 && **m > 0.0);
                let pairs = group_weights(repeat.map(|(x, m)| [*x, *m]));
                // `None`: every repeat customer's spend is 0 or negative.
                let fit =
                    (!pairs.rows.is_empty() || non_positive == 0).then(|| fit_gamma_gamma(&pairs));
                (fit, one_time, non_positive)
            })
        },
        || {
            let triples = group_scaled(
                c.frequency.len(),
                |i| [c.frequency[i], c.recency[i], c.t[i]],
                [1.0, c.days_per_unit, c.days_per_unit],
            );
            let bgnbd = fit_bgnbd(&triples);
            (triples, bgnbd)
        },
    );
    let (gamma_gamma, gg_one_time, gg_non_positive) = match spend {
        Some((Some(fit), one_time, non_positive)) => (Some(fit), one_time, non_positive),
        Some((None, _, non_positive)) => {
            bail!("Gamma-Gamma: every repeat customer's monetary value is 0 or negative ({non_positive} customers), so the spend model cannot be fitted")
        }
        None => (None, 0, 0),
    };
    let bgnbd = bgnbd?;
    let gamma_gamma = gamma_gamma.transpose()?;
    if let Some(fit) = &gamma_gamma {
        if GammaGamma::from(fit.params).population_mean().is_none() {
            bail!(
                "Gamma-Gamma: fitted q = {:.4} is not above 1, so the mean spend per purchase is not finite and no expected value or CLV can be given",
                fit.params[1]
            );
        }
    }
    Ok(Models {
        bgnbd,
        gamma_gamma,
        gg_one_time,
        gg_non_positive,
        triples,
    })
}

/// What is predicted, and over how long.
#[derive(Debug, Clone, Copy)]
pub struct Horizon {
    /// In the data's time unit.
    pub length: f64,
    pub discount: MonthlyDiscount,
}

/// Per-customer predictions, in the input's order.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    pub p_alive: Vec<f64>,
    pub expected_purchases: Vec<f64>,
    /// Gamma-Gamma conditional expectation for customers in its fit, the
    /// population mean for the others; empty without monetary values.
    pub expected_avg_value: Vec<f64>,
    /// Discounted expected revenue over the horizon; empty without
    /// monetary values.
    pub clv: Vec<f64>,
}

/// Predicts per customer. The BG/NBD quantities depend on (x, t_x, T)
/// only, so they are computed once per unique triple (in parallel), the
/// hypergeometric series of the expected purchases (over the horizon and
/// to each month's end) once per unique (x, T), which many triples share;
/// CLV is the expected value times the triple's discounted expected
/// purchases. `models` are [`fit`] on the same customers `c`.
pub fn predict(c: &Customers, models: &Models, horizon: &Horizon) -> Result<Predictions> {
    let bg = BgNbd::from(models.bgnbd.params);
    let triples = &models.triples;
    let with_value = models.gamma_gamma.is_some();
    // The horizon, then (for CLV) the months' ends.
    let mut ends = vec![horizon.length];
    if with_value {
        ends.extend(horizon.discount.month_ends());
    }
    let factors = horizon.discount.factors();
    let pairs = group_scaled(
        triples.rows.len(),
        |i| [triples.rows[i][0], triples.rows[i][2]],
        [1.0, c.days_per_unit],
    );
    let k = ends.len();
    let mut numerators = vec![0.0; pairs.rows.len() * k];
    numerators
        .par_chunks_mut(k)
        .zip(&pairs.rows)
        .try_for_each(|(out, &[x, t])| bg.expected_numerators(&ends, x, t, out))?;
    let per_triple: Vec<[f64; 3]> = triples
        .rows
        .par_iter()
        .zip(&pairs.index)
        .map(|(&[x, tx, t], &p)| {
            let num = &numerators[p as usize * k..(p as usize + 1) * k];
            let den = bg.expected_denominator(x, tx, t);
            let discounted = match with_value {
                true => discounted_purchases(&num[1..], den, &factors),
                false => 0.0,
            };
            [bg.p_alive(x, tx, t), num[0] / den, discounted]
        })
        .collect();
    // Per customer, in one parallel pass: each reads its triple's entry
    // once, at random (started `PREFETCH_AHEAD` customers ahead: 0.056 ->
    // 0.030 s at 10M orders), and (with spend) its own frequency and spend.
    let at = |i: usize| per_triple[triples.index[i] as usize];
    let n = c.frequency.len();
    let out = match (&models.gamma_gamma, c.monetary) {
        (Some(gg), Some(m)) => {
            let gg = GammaGamma::from(gg.params);
            let pop = gg.population_mean().unwrap_or(f64::NAN);
            // Written in place, pieces of customers in parallel.
            let mut out = Predictions {
                p_alive: vec![0.0; n],
                expected_purchases: vec![0.0; n],
                expected_avg_value: vec![0.0; n],
                clv: vec![0.0; n],
            };
            out.p_alive
                .par_chunks_mut(PIECE)
                .zip(out.expected_purchases.par_chunks_mut(PIECE))
                .zip(out.expected_avg_value.par_chunks_mut(PIECE))
                .zip(out.clv.par_chunks_mut(PIECE))
                .enumerate()
                .for_each(|(k, (((alive, expected), value), clv))| {
                    for j in 0..alive.len() {
                        let i = k * PIECE + j;
                        if let Some(&ahead) = triples.index.get(i + PREFETCH_AHEAD) {
                            prefetch(&per_triple[ahead as usize]);
                        }
                        let [a, e, discounted] = at(i);
                        let (x, m) = (c.frequency[i], m[i]);
                        let v = if x > 0.0 && m > 0.0 {
                            gg.expected_avg_value(x, m).unwrap_or(pop)
                        } else {
                            pop
                        };
                        (alive[j], expected[j], value[j], clv[j]) = (a, e, v, v * discounted);
                    }
                });
            out
        }
        _ => {
            let (p_alive, expected_purchases) =
                (0..n).into_par_iter().map(|i| (at(i)[0], at(i)[1])).unzip();
            Predictions {
                p_alive,
                expected_purchases,
                ..Predictions::default()
            }
        }
    };
    Ok(out)
}

/// Customers per parallel piece of [`predict`]'s per-customer pass.
const PIECE: usize = 1 << 14;

/// Below this P(alive) a customer counts as probably gone.
pub const ALIVE_THRESHOLD: f64 = 0.5;
/// CLV deciles.
pub const DECILES: usize = 10;

/// One CLV decile: customers ranked by CLV, highest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decile {
    /// 1 holds the highest CLVs.
    pub decile: usize,
    pub customers: usize,
    pub mean_clv: f64,
    /// This decile's CLV over the total, 0 to 1.
    pub share: f64,
}

/// The summary of the predictions.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub customers: usize,
    pub expected_purchases: f64,
    /// Sum of expected purchases times expected value, undiscounted;
    /// `None` without monetary values.
    pub expected_revenue: Option<f64>,
    pub total_clv: Option<f64>,
    /// Share (0 to 1) of customers with P(alive) below 0.5.
    pub share_p_alive_below_half: f64,
    /// Empty without monetary values.
    pub deciles: Vec<Decile>,
}

/// Totals and CLV deciles. Customers are ranked by CLV, highest first,
/// ties in input order (tied customers have equal CLV, so their order
/// changes no decile figure); with n customers, decile k holds
/// ranks floor((k-1) n / 10) to floor(k n / 10) - 1, so sizes differ by at
/// most one and every customer is in exactly one decile.
pub fn totals(p: &Predictions) -> Totals {
    let n = p.p_alive.len();
    let below = p.p_alive.iter().filter(|a| **a < ALIVE_THRESHOLD).count();
    let with_value = !p.clv.is_empty();
    let total_clv: f64 = p.clv.iter().sum();
    let mut deciles = Vec::new();
    if with_value && n > 0 {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&i, &j| p.clv[j].total_cmp(&p.clv[i]).then(i.cmp(&j)));
        for k in 1..=DECILES {
            let (lo, hi) = ((k - 1) * n / DECILES, k * n / DECILES);
            let sum: f64 = order[lo..hi].iter().map(|&i| p.clv[i]).sum();
            let count = hi - lo;
            deciles.push(Decile {
                decile: k,
                customers: count,
                mean_clv: if count > 0 { sum / count as f64 } else { 0.0 },
                share: if total_clv != 0.0 {
                    sum / total_clv
                } else {
                    0.0
                },
            });
        }
    }
    Totals {
        customers: n,
        expected_purchases: p.expected_purchases.iter().sum(),
        expected_revenue: with_value.then(|| {
            p.expected_purchases
                .iter()
                .zip(&p.expected_avg_value)
                .map(|(e, v)| e * v)
                .sum()
        }),
        total_clv: with_value.then_some(total_clv),
        share_p_alive_below_half: if n > 0 { below as f64 / n as f64 } else { 0.0 },
        deciles,
    }
}

/// Calibration frequencies 0 to this - 1 get a bucket each; the last
/// bucket holds this and more (lifetimes' calibration-vs-holdout plot).
pub const FREQUENCY_BUCKETS: usize = 7;

/// Mean predicted and actual holdout purchases of the customers with one
/// calibration frequency (or `FREQUENCY_BUCKETS` and more).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub frequency: usize,
    /// Whether the bucket is `frequency` and more.
    pub open: bool,
    pub customers: usize,
    pub mean_predicted: f64,
    pub mean_actual: f64,
}

/// Cumulative expected and actual purchases at the end of a week of the
/// holdout (Hardie's tracking plot).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    pub week: usize,
    /// Holdout time covered, in time units (the last week may be short).
    pub elapsed: f64,
    pub expected: f64,
    pub actual: u64,
}

/// The calibration model against what happened in the holdout.
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    pub customers: usize,
    pub predicted: f64,
    pub actual: u64,
    pub by_frequency: Vec<Bucket>,
    pub tracking: Vec<TrackPoint>,
}

/// Compares the BG/NBD expectation over a holdout of `length` time units
/// with `actual[i]`, customer i's purchases (distinct purchase days) in
/// it, per calibration-frequency bucket, in total, and week by week:
/// `weekly_actual[w]` purchases fell in week w + 1, a week being
/// `week_units` time units. `models` are [`fit`] on the same customers `c`.
pub fn holdout(
    c: &Customers,
    models: &Models,
    length: f64,
    week_units: f64,
    actual: &[u32],
    weekly_actual: &[u64],
) -> Result<Holdout> {
    let bg = BgNbd::from(models.bgnbd.params);
    let triples = &models.triples;
    let ends: Vec<f64> = (1..=weekly_actual.len())
        .map(|w| (w as f64 * week_units).min(length))
        .collect();
    // Per unique triple: the expectation at every week's end, then at the
    // holdout's end.
    let per_triple: Vec<Vec<f64>> = triples
        .rows
        .par_iter()
        .map(|&[x, tx, t]| {
            ends.iter()
                .chain(std::iter::once(&length))
                .map(|&e| bg.expected_purchases(e, x, tx, t))
                .collect::<Result<Vec<f64>>>()
        })
        .collect::<Result<_>>()?;
    let weeks = ends.len();
    let predicted_of = |i: usize| per_triple[triples.index[i] as usize][weeks];
    let mut buckets = [(0usize, 0.0f64, 0u64); FREQUENCY_BUCKETS + 1];
    for (i, (x, a)) in c.frequency.iter().zip(actual).enumerate() {
        let b = &mut buckets[(*x as usize).min(FREQUENCY_BUCKETS)];
        b.0 += 1;
        b.1 += predicted_of(i);
        b.2 += u64::from(*a);
    }
    let by_frequency = buckets
        .iter()
        .enumerate()
        .filter(|(_, b)| b.0 > 0)
        .map(|(f, &(n, p, a))| Bucket {
            frequency: f,
            open: f == FREQUENCY_BUCKETS,
            customers: n,
            mean_predicted: p / n as f64,
            mean_actual: a as f64 / n as f64,
        })
        .collect();
    let mut expected = vec![0.0; weeks];
    for (row, &w) in per_triple.iter().zip(&triples.weights) {
        for (e, v) in expected.iter_mut().zip(row) {
            *e += w * v;
        }
    }
    let mut cumulative = 0;
    let tracking = (0..weeks)
        .map(|k| {
            cumulative += weekly_actual[k];
            TrackPoint {
                week: k + 1,
                elapsed: ends[k],
                expected: expected[k],
                actual: cumulative,
            }
        })
        .collect();
    Ok(Holdout {
        customers: c.frequency.len(),
        predicted: (0..c.frequency.len()).map(predicted_of).sum(),
        actual: actual.iter().map(|&a| u64::from(a)).sum(),
        by_frequency,
        tracking,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 12 customers with CLV 1..=12 (in scrambled order): deciles take
    /// ranks [0,1), [1,2), [2,3), [3,4), [4,6), [6,7), [7,8), [8,9),
    /// [9,10), [10,12) (floor(k 12 / 10)), so decile 1 is {12}, decile 5
    /// is {8, 7}, decile 10 is {2, 1}; total 78.
    #[test]
    fn deciles_split_ranks_evenly() {
        let clv: Vec<f64> = [5, 12, 1, 7, 3, 9, 11, 2, 8, 4, 10, 6]
            .iter()
            .map(|&v| f64::from(v))
            .collect();
        let p = Predictions {
            p_alive: vec![0.9, 0.4, 0.5, 0.49, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            expected_purchases: vec![1.0; 12],
            expected_avg_value: vec![2.0; 12],
            clv,
        };
        let t = totals(&p);
        assert_eq!(t.customers, 12);
        assert_eq!(t.share_p_alive_below_half, 2.0 / 12.0);
        assert_eq!(t.expected_purchases, 12.0);
        assert_eq!(t.expected_revenue, Some(24.0));
        assert_eq!(t.total_clv, Some(78.0));
        let sizes: Vec<usize> = t.deciles.iter().map(|d| d.customers).collect();
        assert_eq!(sizes, vec![1, 1, 1, 1, 2, 1, 1, 1, 1, 2]);
        assert_eq!(t.deciles[0].mean_clv, 12.0);
        assert_eq!(t.deciles[4].mean_clv, 7.5);
        assert_eq!(t.deciles[9].mean_clv, 1.5);
        assert!((t.deciles[9].share - 3.0 / 78.0).abs() < 1e-15);
        let shares: f64 = t.deciles.iter().map(|d| d.share).sum();
        assert!((shares - 1.0).abs() < 1e-12);
    }
}
