//! The Gamma-Gamma model of spend (Fader, Hardie & Lee 2005, "RFM and
//! CLV: using iso-value curves", JMR; Fader & Hardie 2013 note): a
//! customer's purchases are worth Gamma(p, nu) each, nu ~ Gamma(q, gamma).
//! A customer is (x, m): repeat purchases and their mean value. Only
//! customers with x > 0 and m > 0 take part (the caller selects them).
//!
//! The scale parameter is called `v` in lifetimes and `gamma` in the
//! papers and in engage's output.

use anyhow::{bail, Result};
use statrs::function::gamma::{digamma, ln_gamma};

use super::fit::{minimize_in_stages, standard_errors, sum_terms, Fit, Objective};
use super::Grouped;

/// lifetimes' starting point: every log-parameter 0.1.
const START: f64 = 0.1;

/// Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

impl GammaGamma {
    fn from_log(lp: &[f64]) -> Self {
        GammaGamma {
            p: lp[0].exp(),
            q: lp[1].exp(),
            gamma: lp[2].exp(),
        }
    }

    /// ln f(m | p, q, gamma, x), the density of a customer's mean spend m
    /// over x purchases (Fader & Hardie 2013, eq. 3):
    ///
    /// G(px+q) / (G(px) G(q)) * gamma^q m^(px-1) x^(px) / (gamma + m x)^(px+q)
    /// (The fits sum it by its parts below; the tests check it whole.)
    #[cfg(test)]
    pub fn loglik(&self, x: f64, m: f64) -> f64 {
        self.loglik_with(self.loglik_of_x(x), x, m)
    }

    /// The terms of [`loglik`](Self::loglik) that depend on x alone (the
    /// log-gamma functions), for customers who share x.
    fn loglik_of_x(&self, x: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q) + q * gamma.ln()
    }

    /// [`loglik`](Self::loglik) from its terms in x (the same operations in
    /// the same order, so the same bits).
    fn loglik_with(&self, of_x: f64, x: f64, m: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        let px = p * x;
        of_x + (px - 1.0) * m.ln() + px * x.ln() - (px + q) * (x * m + gamma).ln()
    }

    /// E[spend per purchase] over the population: p gamma / (q - 1); `None`
    /// when q <= 1 (the mean is not finite).
    pub fn population_mean(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.p * self.gamma / (self.q - 1.0))
    }

    /// E[spend per purchase | x, m] (Fader & Hardie 2013, eq. 5), as
    /// lifetimes' `conditional_expected_average_profit`: the weighted mean
    /// w m + (1 - w) p gamma / (q - 1) with w = px / (px + q - 1). With
    /// x = 0 it is the population mean. `None` when q <= 1.
    pub fn expected_avg_value(&self, x: f64, m: f64) -> Option<f64> {
        let pop = self.population_mean()?;
        let w = self.p * x / (self.p * x + self.q - 1.0);
        Some((1.0 - w) * pop + w * m)
    }

    /// The parameters as an array in output order: p, q, gamma.
    pub fn to_array(self) -> [f64; 3] {
        [self.p, self.q, self.gamma]
    }
}

impl From<[f64; 3]> for GammaGamma {
    fn from([p, q, gamma]: [f64; 3]) -> Self {
        GammaGamma { p, q, gamma }
    }
}

/// The mean negative log-likelihood over weighted (x, m) rows, sorted by x
/// so that lnG(px) is computed once per distinct x.
struct Objective3 {
    /// Spend is multiplied by this before fitting (only gamma changes).
    scale: f64,
    /// Per row: x, the scaled spend m, ln m, ln x (the same at every
    /// evaluation) and the weight.
    rows: Vec<[f64; 5]>,
    /// Customers: the sum of the weights.
    n: f64,
}

impl Objective3 {
    fn new(data: &Grouped<2>, scale: f64) -> Self {
        let rows = data
            .rows
            .iter()
            .zip(&data.weights)
            .map(|(&[x, m], &w)| [x, m * scale, (m * scale).ln(), x.ln(), w])
            .collect();
        Objective3 {
            scale,
            rows,
            n: data.total_weight(),
        }
    }
}

impl Objective for Objective3 {
    fn cost_grad(&self, lp: &[f64]) -> (f64, Vec<f64>) {
        let GammaGamma { p, q, gamma } = GammaGamma::from_log(lp);
        let (lg_q, psi_q, ln_gamma_) = (ln_gamma(q), digamma(q), gamma.ln());
        let rows = &self.rows;
        // One pass in row order, not `sum_rows`' pieces: the optimum is
        // flat, and a sum in another order moved the fitted parameters by
        // 1e-8 (it is a tenth of the BG/NBD fit's time anyway).
        let sum = |range: std::ops::Range<usize>| {
            let mut ll = 0.0;
            let mut g = [0.0; 3];
            // Per-x terms: (x, lnG(px+q) - lnG(px), psi(px+q), psi(px)).
            let mut per_x = (f64::NAN, 0.0, 0.0, 0.0);
            for i in range {
                let [x, m, ln_m, ln_x, w] = rows[i];
                let px = p * x;
                if per_x.0 != x {
                    per_x = (
                        x,
                        ln_gamma(px + q) - ln_gamma(px),
                        digamma(px + q),
                        digamma(px),
                    );
                }
                let (_, lg, psi_pxq, psi_px) = per_x;
                let ln_xmg = (x * m + gamma).ln();
                ll += w
                    * (lg - lg_q + q * ln_gamma_ + (px - 1.0) * ln_m + px * ln_x
                        - (px + q) * ln_xmg);
                let d_p = x * (psi_pxq - psi_px + ln_m + ln_x - ln_xmg);
                let d_q = psi_pxq - psi_q + ln_gamma_ - ln_xmg;
                let d_gamma = q / gamma - (px + q) / (x * m + gamma);
                g[0] += w * p * d_p;
                g[1] += w * q * d_q;
                g[2] += w * gamma * d_gamma;
            }
            (ll, g)
        };
        let (ll, g) = sum(0..rows.len());
        let n = self.n;
        (-ll / n, g.iter().map(|gk| -gk / n).collect())
    }
}

/// Fits Gamma-Gamma by maximum likelihood to weighted (frequency, monetary
/// value) rows of repeat customers with positive spend. Fails when there
/// are none, when a row is not such a customer, and when the fit does not
/// converge.
pub fn fit_gamma_gamma(data: &Grouped<2>) -> Result<Fit<3>> {
    const MODEL: &str = "Gamma-Gamma";
    if data.rows.is_empty() {
        bail!("{MODEL}: no repeat customer (frequency > 0) has a positive monetary value, so the spend model cannot be fitted");
    }
    if let Some([x, m]) = data.rows.iter().find(|[x, m]| !(*x > 0.0 && *m > 0.0)) {
        bail!("{MODEL}: frequency {x} and monetary value {m} given to the fit; it takes repeat customers with positive spend only");
    }
    let n = data.total_weight();
    let mean_m: f64 = data
        .rows
        .iter()
        .zip(&data.weights)
        .map(|([_, m], w)| m * w)
        .sum::<f64>()
        / n;
    let (obj, lp, iterations) = minimize_in_stages(
        data,
        |d| Objective3::new(d, 1.0 / mean_m),
        vec![START; 3],
        MODEL,
    )?;
    let se = standard_errors(&obj, &lp, n, MODEL)?;
    let mut params = GammaGamma::from_log(&lp);
    params.gamma /= obj.scale;
    let loglik = sum_terms(data, |rows, out| {
        let mut per_x = (f64::NAN, 0.0);
        for (&[x, m], o) in rows.iter().zip(out) {
            if per_x.0 != x {
                per_x = (x, params.loglik_of_x(x));
            }
            *o = params.loglik_with(per_x.1, x, m);
        }
    });
    Ok(Fit {
        params: params.to_array(),
        se: [se[0], se[1], se[2] / obj.scale],
        loglik,
        customers: n,
        iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::super::group;
    use super::*;

    fn close(x: f64, y: f64, rel: f64) -> bool {
        ((x - y) / y).abs() < rel
    }

    /// p = 1, q = 2, gamma = 3, x = 1, m = 2: px = 1, so
    /// G(3)/(G(1) G(2)) * 3^2 * 2^0 * 1^1 / (3 + 2)^3 = 2 * 9 / 125 = 18/125.
    #[test]
    fn loglik_with_integer_parameters_by_hand() {
        let gg = GammaGamma {
            p: 1.0,
            q: 2.0,
            gamma: 3.0,
        };
        assert!(close(gg.loglik(1.0, 2.0), (18.0f64 / 125.0).ln(), 1e-14));
    }

    /// p = 2, q = 3, gamma = 4, x = 2, m = 1.5: px = 4, so
    /// G(7)/(G(4) G(3)) = 720/12 = 60; gamma^q = 64; m^(px-1) = 1.5^3 =
    /// 3.375; x^px = 16; (gamma + m x)^(px+q) = 7^7 = 823543.
    /// f = 60 * 64 * 3.375 * 16 / 823543 = 207360 / 823543.
    #[test]
    fn loglik_with_a_fractional_spend_by_hand() {
        let gg = GammaGamma {
            p: 2.0,
            q: 3.0,
            gamma: 4.0,
        };
        assert!(close(
            gg.loglik(2.0, 1.5),
            (207360.0f64 / 823543.0).ln(),
            1e-14
        ));
    }

    /// p = 2, q = 3, gamma = 4: population mean 2 * 4 / 2 = 4; x = 2,
    /// m = 10: w = 4 / (4 + 2) = 2/3, so 1/3 * 4 + 2/3 * 10 = 8.
    #[test]
    fn expected_avg_value_by_hand() {
        let gg = GammaGamma {
            p: 2.0,
            q: 3.0,
            gamma: 4.0,
        };
        assert!(close(gg.expected_avg_value(2.0, 10.0).unwrap(), 8.0, 1e-14));
        assert!(close(gg.expected_avg_value(0.0, 0.0).unwrap(), 4.0, 1e-14));
        let heavy = GammaGamma { q: 1.0, ..gg };
        assert!(heavy.expected_avg_value(2.0, 10.0).is_none());
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let data = group([[1.0, 12.5], [3.0, 40.0], [3.0, 40.0], [2.0, 7.25]]);
        let obj = Objective3::new(&data, 0.05);
        super::super::fit::assert_gradient_matches(&obj, &[0.7, 1.1, -0.4]);
    }

    #[test]
    fn fit_refuses_an_empty_set() {
        let err = fit_gamma_gamma(&group(std::iter::empty::<[f64; 2]>())).unwrap_err();
        assert!(err.to_string().contains("no repeat customer"));
    }
}
