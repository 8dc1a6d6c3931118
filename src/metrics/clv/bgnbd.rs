//! The BG/NBD model (Fader, Hardie & Lee 2005): while alive a customer buys
//! at Poisson rate lambda ~ Gamma(r, alpha); after each purchase they drop
//! out with probability p ~ Beta(a, b). A customer is (x, t_x, T):
//! frequency (repeat purchases), recency (time of the last purchase since
//! the first) and age (time since the first purchase), in one time unit.

use anyhow::{bail, Result};
use special::Gamma;
use statrs::function::gamma::{digamma, ln_gamma};

use super::fit::{minimize_in_stages, standard_errors, sum_rows, sum_terms, Fit, Objective};
use super::hyp2f1::{hyp2f1_many, MAX_Z};
use super::Grouped;

/// lifetimes rescales time so that the oldest customer's T is this before
/// fitting (it conditions the problem; only alpha changes, by the scale).
const SCALED_MAX_T: f64 = 10.0;
/// lifetimes' starting point: every log-parameter 0.1.
const START: f64 = 0.1;

/// BG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// ln(e^u + e^v) without overflow; `v` may be -inf.
fn log_add_exp(u: f64, v: f64) -> f64 {
    let m = u.max(v);
    m + ((u - m).exp() + (v - m).exp()).ln()
}

impl BgNbd {
    fn from_log(p: &[f64]) -> Self {
        BgNbd {
            r: p[0].exp(),
            alpha: p[1].exp(),
            a: p[2].exp(),
            b: p[3].exp(),
        }
    }

    /// ln L(r, alpha, a, b | x, t_x, T), Fader, Hardie & Lee (2005) eq. 6:
    ///
    /// ```text
    /// L = B(a, b+x)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+T)^(r+x))
    ///   + [x > 0] B(a+1, b+x-1)/B(a, b) * Gamma(r+x) alpha^r
    ///     / (Gamma(r) (alpha+t_x)^(r+x))
    /// ```
    ///
    /// computed as A1 + A2 + ln(e^A3 + [x > 0] e^A4) with
    /// A1 = lnG(r+x) - lnG(r) + r ln alpha,
    /// A2 = lnG(a+b) + lnG(b+x) - lnG(b) - lnG(a+b+x),
    /// A3 = -(r+x) ln(alpha+T),
    /// A4 = ln a - ln(b+x-1) - (r+x) ln(alpha+t_x).
    /// (The fits sum it by its parts below; the tests check it whole.)
    #[cfg(test)]
    pub fn loglik(&self, x: f64, tx: f64, t: f64) -> f64 {
        self.loglik_with(&self.loglik_of_x(x), tx, t)
    }

    /// The terms of [`loglik`](Self::loglik) that depend on x alone (the
    /// log-gamma functions), for customers who share x.
    fn loglik_of_x(&self, x: f64) -> PerX {
        let BgNbd { r, alpha, a, b } = *self;
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        PerX {
            x,
            a1_a2: a1 + a2,
            a4_head: a.ln() - (b + x - 1.0).ln(),
        }
    }

    /// [`loglik`](Self::loglik) from its terms in x (the same operations in
    /// the same order, so the same bits).
    fn loglik_with(&self, per_x: &PerX, tx: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, .. } = *self;
        let x = per_x.x;
        let a3 = -(r + x) * (alpha + t).ln();
        let a4 = if x > 0.0 {
            per_x.a4_head - (r + x) * (alpha + tx).ln()
        } else {
            f64::NEG_INFINITY
        };
        per_x.a1_a2 + log_add_exp(a3, a4)
    }

    /// P(alive | x, t_x, T) (FHL 2005 eq. 11): 1 for x = 0, else
    /// 1 / (1 + a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)), as lifetimes'
    /// `conditional_probability_alive`.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let log_div = (r + x) * ((alpha + t) / (alpha + tx)).ln() + (a / (b + x - 1.0)).ln();
        1.0 / (1.0 + log_div.exp())
    }

    /// E[purchases in (T, T + horizon] | x, t_x, T] (FHL 2005 eq. 10), as
    /// lifetimes' `conditional_expected_number_of_purchases_up_to_time`:
    ///
    /// ```text
    /// (a+b+x-1)/(a-1) * (1 - ((alpha+T)/(alpha+T+t))^(r+x)
    ///   * 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t)))
    /// / (1 + [x > 0] a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x))
    /// ```
    pub fn expected_purchases(&self, horizon: f64, x: f64, tx: f64, t: f64) -> Result<f64> {
        let mut out = [0.0];
        self.expected_numerators(&[horizon], x, t, &mut out)?;
        Ok(out[0] / self.expected_denominator(x, tx, t))
    }

    /// The numerator of eq. 10 over each of `horizons` into `out`:
    /// (a+b+x-1)/(a-1) * (1 - ((alpha+T)/(alpha+T+t))^(r+x) * 2F1(...)).
    /// It depends on (x, T) only, so every customer who shares them shares
    /// it; the hypergeometric series of up to `MAX_Z` horizons are summed
    /// side by side.
    pub fn expected_numerators(
        &self,
        horizons: &[f64],
        x: f64,
        t: f64,
        out: &mut [f64],
    ) -> Result<()> {
        let BgNbd { r, alpha, a, b } = *self;
        if out.len() != horizons.len() {
            bail!(
                "internal error: {} horizons, {} results",
                horizons.len(),
                out.len()
            );
        }
        let first = (a + b + x - 1.0) / (a - 1.0);
        for (hs, es) in horizons.chunks(MAX_Z).zip(out.chunks_mut(MAX_Z)) {
            let mut zs = [0.0; MAX_Z];
            let zs = &mut zs[..hs.len()];
            for (z, h) in zs.iter_mut().zip(hs) {
                *z = h / (alpha + t + h);
            }
            if !hyp2f1_many(r + x, b + x, a + b + x - 1.0, zs, es) {
                bail!("BG/NBD: the expected purchases of customers with frequency {x} and T {t} could not be computed (hypergeometric series did not converge)");
            }
            for (e, h) in es.iter_mut().zip(hs) {
                let second = 1.0 - *e * ((alpha + t) / (alpha + t + h)).powf(r + x);
                *e = first * second;
            }
        }
        Ok(())
    }

    /// The denominator of eq. 10: 1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x).
    pub fn expected_denominator(&self, x: f64, tx: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        if x > 0.0 {
            1.0 + a / (b + x - 1.0) * ((alpha + t) / (alpha + tx)).powf(r + x)
        } else {
            1.0
        }
    }

    /// The parameters as an array in output order: r, alpha, a, b.
    pub fn to_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }
}

/// The terms of the log-likelihood in x alone: A1 + A2 and ln a - ln(b+x-1).
struct PerX {
    x: f64,
    a1_a2: f64,
    a4_head: f64,
}

/// The mean negative log-likelihood over weighted (x, t_x, T) rows, sorted
/// by x (as [`super::group`] leaves them) so that terms depending on x only
/// are computed once per distinct x.
struct Objective4 {
    /// Customers: the sum of the rows' weights.
    n: f64,
    /// Time is multiplied by this before fitting.
    scale: f64,
    /// The distinct scaled times (t_x and T of every row): a few hundred
    /// at day resolution however many customers, so ln(alpha + t) is
    /// computed once per time, not twice per row.
    times: Vec<f64>,
    /// Per row, what an evaluation reads of it: the index in `times` of its
    /// t_x and its T, and its weight (a count of customers). Twelve bytes
    /// a row, not the forty of the row, its weight and the indices: the
    /// rows are read once per evaluation.
    cells: Vec<[u32; 3]>,
    /// The rows' frequencies, run by run: (x, end of its rows).
    runs: Vec<(f64, usize)>,
}

/// The upper triangle of a symmetric 4x4 matrix, row by row: (0,0), (0,1),
/// (0,2), (0,3), (1,1), (1,2), (1,3), (2,2), (2,3), (3,3).
const UPPER: [(usize, usize); 10] = [
    (0, 0),
    (0, 1),
    (0, 2),
    (0, 3),
    (1, 1),
    (1, 2),
    (1, 3),
    (2, 2),
    (2, 3),
    (3, 3),
];

impl Objective4 {
    fn new(data: &Grouped<3>, scale: f64) -> Self {
        use rayon::prelude::*;
        use std::collections::{HashMap, HashSet};
        type Hasher = foldhash::fast::FixedState;
        // The distinct times gathered in small hash sets (they stay in
        // cache) and sorted, then each row's looked up: sorting all 1.6M
        // times of the 823K rows of 10M orders, and a binary search per
        // time, took 0.045 s of the fit.
        let distinct = data
            .rows
            .par_iter()
            .fold(HashSet::<u64, Hasher>::default, |mut seen, &[_, tx, t]| {
                seen.insert((tx * scale).to_bits());
                seen.insert((t * scale).to_bits());
                seen
            })
            .reduce(HashSet::default, |mut a, b| {
                a.extend(b);
                a
            });
        let mut times: Vec<f64> = distinct.into_iter().map(f64::from_bits).collect();
        times.sort_unstable_by(f64::total_cmp);
        let at: HashMap<u64, u32, Hasher> = (times.iter().zip(0u32..))
            .map(|(t, i)| (t.to_bits(), i))
            .collect();
        let index = |v: f64| at.get(&v.to_bits()).copied().unwrap_or_default();
        // Weights count customers, so they are whole and below 2^32.
        let cells = data
            .rows
            .par_iter()
            .zip(&data.weights)
            .map(|(&[_, tx, t], &w)| [index(tx * scale), index(t * scale), w as u32])
            .collect();
        let mut runs: Vec<(f64, usize)> = Vec::new();
        for (i, row) in data.rows.iter().enumerate() {
            match runs.last_mut() {
                Some((x, end)) if x.to_bits() == row[0].to_bits() => *end = i + 1,
                _ => runs.push((row[0], i + 1)),
            }
        }
        Objective4 {
            n: data.total_weight(),
            scale,
            times,
            cells,
            runs,
        }
    }

    /// The summed log-likelihood over the rows at log-parameters `lp`, its
    /// gradient in the log-parameters and, with `second`, its Hessian in
    /// the parameters (r, alpha, a, b; the upper triangle, [`UPPER`]).
    ///
    /// Per row, LL = lg(x) + r ln alpha + ln(e^A3 + e^A4) with A3 = -(r+x)
    /// ln(alpha+T) and A4 = ln a - ln(b+x-1) - (r+x) ln(alpha+t_x) (no A4
    /// when x = 0); with w3, w4 the shares of the two terms, the Hessian
    /// of the log-sum is w3 H(A3) + w4 H(A4) + w3 w4 (g(A3) - g(A4))
    /// (g(A3) - g(A4))^T, and lg's second derivatives are trigamma terms,
    /// once per distinct x.
    fn sums(&self, lp: &[f64], second: bool) -> (f64, [f64; 4], [f64; 10]) {
        let BgNbd { r, alpha, a, b } = BgNbd::from_log(lp);
        let (ln_alpha, const_lg) = (alpha.ln(), ln_gamma(r) + ln_gamma(b) - ln_gamma(a + b));
        let (psi_r, psi_b, psi_ab) = (digamma(r), digamma(b), digamma(a + b));
        let ln_a = a.ln();
        // Per distinct time: ln(alpha + t) and 1 / (alpha + t).
        let at_times: Vec<[f64; 2]> = self
            .times
            .iter()
            .map(|t| [(alpha + t).ln(), 1.0 / (alpha + t)])
            .collect();
        let (ll, sums) = sum_rows(self.cells.len(), |range| {
            let mut ll = 0.0;
            let mut g = [0.0; 4];
            let mut h = [0.0; 10];
            // The runs of one x that meet `range`.
            let first = self.runs.partition_point(|&(_, end)| end <= range.start);
            let mut from = range.start;
            for &(x, end) in &self.runs[first..] {
                if from >= range.end {
                    break;
                }
                let to = end.min(range.end);
                // Per-x terms: lnG part of A1 + A2, d/dr, d/da, d/db of
                // them, ln(b + x - 1), 1 / (b + x - 1).
                let lg = ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x) - const_lg;
                let psi_abx = digamma(a + b + x);
                let dr_x = digamma(r + x) - psi_r;
                let da_x = psi_ab - psi_abx;
                let db_x = psi_ab + digamma(b + x) - psi_b - psi_abx;
                let ln_bx = if x > 0.0 { (b + x - 1.0).ln() } else { 0.0 };
                let inv_bx = if x > 0.0 { 1.0 / (b + x - 1.0) } else { 0.0 };
                // lg's second derivatives: in r; in a, and a with b; in b.
                let (h_rr, h_aa, h_bb) = match second {
                    true => {
                        let ab = (a + b).trigamma() - (a + b + x).trigamma();
                        let rr = (r + x).trigamma() - r.trigamma();
                        (rr, ab, ab + (b + x).trigamma() - b.trigamma())
                    }
                    false => (0.0, 0.0, 0.0),
                };
                for &[i_tx, i_t, w] in &self.cells[from..to] {
                    let w = f64::from(w);
                    let [ln_at, inv_at] = at_times[i_t as usize];
                    let [ln_atx, inv_atx] = at_times[i_tx as usize];
                    let a3 = -(r + x) * ln_at;
                    // ls = ln(e^a3 + e^a4) and the shares w3, w4 of its two
                    // terms, from one exp of the smaller term relative to
                    // the larger.
                    let (ls, w3, w4) = if x > 0.0 {
                        let a4 = ln_a - ln_bx - (r + x) * ln_atx;
                        let d = a4 - a3;
                        let e = (-d.abs()).exp();
                        let big = 1.0 / (1.0 + e);
                        let small = e * big;
                        let log = e.ln_1p();
                        match d <= 0.0 {
                            true => (a3 + log, big, small),
                            false => (a4 + log, small, big),
                        }
                    } else {
                        (a3, 1.0, 0.0)
                    };
                    ll += w * (lg + r * ln_alpha + ls);
                    let d_r = dr_x + ln_alpha - w3 * ln_at - w4 * ln_atx;
                    let d_alpha = r / alpha - (r + x) * (w3 * inv_at + w4 * inv_atx);
                    let d_a = da_x + w4 / a;
                    let d_b = db_x - w4 * inv_bx;
                    // Chain rule to log-parameters: d/d ln p = p d/dp.
                    g[0] += w * r * d_r;
                    g[1] += w * alpha * d_alpha;
                    g[2] += w * a * d_a;
                    g[3] += w * b * d_b;
                    if second {
                        // g(A3) - g(A4), and the shares' product.
                        let diff = [
                            ln_atx - ln_at,
                            (r + x) * (inv_atx - inv_at),
                            -1.0 / a,
                            inv_bx,
                        ];
                        let ww = w * w3 * w4;
                        for (k, &(i, j)) in UPPER.iter().enumerate() {
                            h[k] += ww * diff[i] * diff[j];
                        }
                        h[0] += w * h_rr;
                        h[1] += w * (1.0 / alpha - w3 * inv_at - w4 * inv_atx);
                        h[4] += w
                            * ((r + x) * (w3 * inv_at * inv_at + w4 * inv_atx * inv_atx)
                                - r / (alpha * alpha));
                        h[7] += w * (h_aa - w4 / (a * a));
                        h[8] += w * h_aa;
                        h[9] += w * (h_bb + w4 * inv_bx * inv_bx);
                    }
                }
                from = to;
            }
            let mut out = [0.0; 14];
            out[..4].copy_from_slice(&g);
            out[4..].copy_from_slice(&h);
            (ll, out)
        });
        let mut g = [0.0; 4];
        let mut h = [0.0; 10];
        g.copy_from_slice(&sums[..4]);
        h.copy_from_slice(&sums[4..]);
        (ll, g, h)
    }
}

impl Objective for Objective4 {
    fn cost_grad(&self, lp: &[f64]) -> (f64, Vec<f64>) {
        let (ll, g, _) = self.sums(lp, false);
        let n = self.n;
        (-ll / n, g.iter().map(|gk| -gk / n).collect())
    }

    /// In log-parameters: d2/(d ln p_i d ln p_j) = p_i p_j H_ij, plus the
    /// gradient in ln p_i (p_i dLL/dp_i) on the diagonal; one pass over
    /// the rows instead of the eight gradients of central differences.
    fn hessian(&self, lp: &[f64]) -> Option<Vec<Vec<f64>>> {
        let p = BgNbd::from_log(lp).to_array();
        let (_, g, h) = self.sums(lp, true);
        let mut out = vec![vec![0.0; 4]; 4];
        for (k, &(i, j)) in UPPER.iter().enumerate() {
            let v = -(p[i] * p[j] * h[k] + if i == j { g[i] } else { 0.0 }) / self.n;
            out[i][j] = v;
            out[j][i] = v;
        }
        Some(out)
    }
}

/// Fits BG/NBD by maximum likelihood to weighted (frequency, recency, T)
/// rows (see [`super::group`]). Fails when no customer has a repeat
/// purchase or every T is 0 (nothing to fit), and when the fit does not
/// converge.
pub fn fit_bgnbd(data: &Grouped<3>) -> Result<Fit<4>> {
    const MODEL: &str = "BG/NBD";
    if !data.rows.iter().any(|row| row[0] > 0.0) {
        bail!("{MODEL}: no customer has a repeat purchase (frequency > 0), so the model cannot be fitted: it needs customers who bought on two or more days");
    }
    let max_t = data.rows.iter().map(|row| row[2]).fold(0.0, f64::max);
    if max_t.is_nan() || max_t <= 0.0 {
        bail!("{MODEL}: every customer's T is 0 (all first purchases on the as-of date), so the model cannot be fitted");
    }
    let scale = SCALED_MAX_T / max_t;
    let (obj, lp, iterations) =
        minimize_in_stages(data, |d| Objective4::new(d, scale), vec![START; 4], MODEL)?;
    let se = standard_errors(&obj, &lp, data.total_weight(), MODEL)?;
    let mut params = BgNbd::from_log(&lp);
    params.alpha /= obj.scale;
    let loglik = sum_terms(data, |rows, out| {
        let mut per_x = params.loglik_of_x(rows.first().map_or(0.0, |r| r[0]));
        for (&[x, tx, t], o) in rows.iter().zip(out) {
            if per_x.x != x {
                per_x = params.loglik_of_x(x);
            }
            *o = params.loglik_with(&per_x, tx, t);
        }
    });
    Ok(Fit {
        params: params.to_array(),
        se: [se[0], se[1] / obj.scale, se[2], se[3]],
        loglik,
        customers: data.total_weight(),
        iterations,
    })
}

impl From<[f64; 4]> for BgNbd {
    fn from([r, alpha, a, b]: [f64; 4]) -> Self {
        BgNbd { r, alpha, a, b }
    }
}

#[cfg(test)]
mod tests {
    use super::super::group;
    use super::*;

    fn close(x: f64, y: f64, rel: f64) -> bool {
        ((x - y) / y).abs() < rel
    }

    const ONES: BgNbd = BgNbd {
        r: 1.0,
        alpha: 1.0,
        a: 1.0,
        b: 1.0,
    };

    /// r = alpha = a = b = 1, x = 0, T = 1: only the first term,
    /// B(1,1)/B(1,1) * G(1)/G(1) * 1^1 / (1+1)^1 = 1/2.
    #[test]
    fn loglik_of_a_one_time_customer_by_hand() {
        assert!(close(ONES.loglik(0.0, 0.0, 1.0), (0.5f64).ln(), 1e-14));
    }

    /// r = alpha = a = b = 1, x = 1, t_x = 1, T = 2:
    /// first term B(1,2)/B(1,1) * G(2)/G(1) * 1 / 3^2 = 1/2 * 1/9 = 1/18;
    /// second B(2,1)/B(1,1) * G(2)/G(1) * 1 / 2^2 = 1/2 * 1/4 = 1/8;
    /// L = 1/18 + 1/8 = 13/72.
    #[test]
    fn loglik_of_a_repeat_customer_by_hand() {
        assert!(close(
            ONES.loglik(1.0, 1.0, 2.0),
            (13.0f64 / 72.0).ln(),
            1e-14
        ));
    }

    /// r = 2, alpha = 3, a = 0.5, b = 1.5, x = 2, t_x = 4, T = 6:
    /// G(r+x)/G(r) = G(4)/G(2) = 6, alpha^r = 9, (alpha+T)^(r+x) = 9^4 =
    /// 6561, (alpha+t_x)^(r+x) = 7^4 = 2401.
    /// B(0.5, 1.5) = G(.5) G(1.5) / G(2) = pi/2;
    /// B(0.5, 3.5) = G(.5) G(3.5) / G(4) = sqrt(pi) (15/8) sqrt(pi) / 6 =
    /// 5 pi/16, so B(a, b+x)/B(a, b) = 5/8;
    /// B(1.5, 2.5) = (sqrt(pi)/2)(3 sqrt(pi)/4) / 6 = pi/16, so
    /// B(a+1, b+x-1)/B(a, b) = 1/8.
    /// L = 5/8 * 6 * 9/6561 + 1/8 * 6 * 9/2401 = 5/972 + 27/9604.
    #[test]
    fn loglik_with_fractional_parameters_by_hand() {
        let p = BgNbd {
            r: 2.0,
            alpha: 3.0,
            a: 0.5,
            b: 1.5,
        };
        let want = (5.0f64 / 972.0 + 27.0 / 9604.0).ln();
        assert!(close(p.loglik(2.0, 4.0, 6.0), want, 1e-13));
    }

    /// P(alive) with r = alpha = a = b = 1, x = 1, t_x = 1, T = 2:
    /// 1 / (1 + 1/1 * (3/2)^2) = 1 / (1 + 9/4) = 4/13: the share of the
    /// second term (1/8) in L (13/72) above, as it must be.
    #[test]
    fn p_alive_by_hand() {
        assert!(close(ONES.p_alive(1.0, 1.0, 2.0), 4.0 / 13.0, 1e-14));
        assert_eq!(ONES.p_alive(0.0, 0.0, 5.0), 1.0);
    }

    /// The analytic gradient against central differences of the cost, and
    /// the closed-form Hessian against central differences of the
    /// gradient, with one-time and repeat customers, at two points.
    #[test]
    fn derivatives_match_finite_differences() {
        let data = group([
            [0.0, 0.0, 30.0],
            [2.0, 20.0, 38.0],
            [2.0, 20.0, 38.0],
            [5.0, 7.5, 12.0],
            [1.0, 38.0, 38.0],
            [0.0, 0.0, 4.0],
        ]);
        let obj = Objective4::new(&data, 10.0 / 38.0);
        for at in [[-1.2, 0.4, -0.3, 0.8], [0.7, -0.5, 1.1, -0.2]] {
            super::super::fit::assert_gradient_matches(&obj, &at);
            super::super::fit::assert_hessian_matches(&obj, &at);
        }
    }

    /// The fitting cost (log terms of shared times computed once, one exp
    /// per repeat customer) equals the mean of the per-customer
    /// log-likelihood written out directly (`BgNbd::loglik`).
    #[test]
    fn cost_is_the_mean_of_the_direct_loglik() {
        let rows = [
            [0.0, 0.0, 30.0],
            [2.0, 20.0, 38.0],
            [2.0, 20.0, 38.0],
            [5.0, 7.5, 12.0],
            [1.0, 38.0, 38.0],
        ];
        let data = group(rows);
        let scale = 10.0 / 38.0;
        let obj = Objective4::new(&data, scale);
        let lp = [-1.2, 0.4, -0.3, 0.8];
        let p = BgNbd::from_log(&lp);
        let direct: f64 = rows
            .iter()
            .map(|&[x, tx, t]| p.loglik(x, tx * scale, t * scale))
            .sum::<f64>()
            / rows.len() as f64;
        let (cost, _) = obj.cost_grad(&lp);
        assert!(close(-cost, direct, 1e-13), "{cost} vs {direct}");
    }

    #[test]
    fn fit_refuses_data_without_repeat_customers() {
        let err = fit_bgnbd(&group([[0.0, 0.0, 3.0], [0.0, 0.0, 5.0]])).unwrap_err();
        assert!(err
            .to_string()
            .contains("no customer has a repeat purchase"));
    }
}
