//! Survey metrics (METRICS.md, "Surveys"): answer counts per scope and one
//! pure function per metric, with its 95% uncertainty. No I/O.

use polars::prelude::*;

use super::scope::{scoped, Grouping, Scoped};
use crate::input::surveys::{CSAT, NPS};

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.96;

/// Fewer answers than this in a row make its NPS or CSAT a low sample.
pub const LOW_SAMPLE: u64 = 30;

/// The adjusted-Wald NPS interval adds this to n, and `NPS_ADJUST_COUNT`
/// to the promoters and to the detractors (Lewis & Sauro).
pub const NPS_ADJUST_N: f64 = 3.0;
pub const NPS_ADJUST_COUNT: f64 = 0.75;

/// NPS answers from this up are promoters; up to `PASSIVE_FROM - 1`,
/// detractors.
pub const PROMOTER_FROM: usize = 9;
pub const PASSIVE_FROM: usize = 7;

/// How many of each answer a scope has: `nps[k]` answers k (0-10),
/// `csat[k]` answers k (1-10; index 0 unused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SurveyCounts {
    pub nps: [u64; 11],
    pub csat: [u64; 11],
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// 100 * part / whole in one division of exact integers, so the result is
/// the f64 nearest the exact percentage (7 of 25 is 28, where 100 times the
/// share 0.28 is 28.000000000000004).
fn pct(part: i64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

impl SurveyCounts {
    /// Non-blank NPS answers.
    pub fn nps_responses(&self) -> u64 {
        self.nps.iter().sum()
    }

    /// Answers 9-10.
    pub fn promoters(&self) -> u64 {
        self.nps[PROMOTER_FROM..].iter().sum()
    }

    /// Answers 7-8.
    pub fn passives(&self) -> u64 {
        self.nps[PASSIVE_FROM..PROMOTER_FROM].iter().sum()
    }

    /// Answers 0-6.
    pub fn detractors(&self) -> u64 {
        self.nps[..PASSIVE_FROM].iter().sum()
    }

    /// 100 * count / nps_responses; `None` without NPS answers.
    pub fn nps_pct(&self, count: u64) -> Option<f64> {
        pct(count as i64, self.nps_responses())
    }

    /// promoters_pct - detractors_pct, from -100 to 100, as 100 *
    /// (promoters - detractors) / nps_responses (one rounding, no noise of
    /// a subtraction); `None` without NPS answers.
    pub fn nps(&self) -> Option<f64> {
        let net = self.promoters() as i64 - self.detractors() as i64;
        pct(net, self.nps_responses())
    }

    /// The adjusted-Wald shares of Lewis & Sauro (MeasuringU, after Rocks
    /// 2016): n' = n + 3, p' = (promoters + 3/4) / n', d' = (detractors +
    /// 3/4) / n'; returns (p', d', n'). They keep a variance above zero at
    /// small n and when every answer is on one side. `None` without NPS
    /// answers.
    pub fn nps_adjusted(&self) -> Option<(f64, f64, f64)> {
        let n = self.nps_responses();
        if n == 0 {
            return None;
        }
        let n = n as f64 + NPS_ADJUST_N;
        let p = (self.promoters() as f64 + NPS_ADJUST_COUNT) / n;
        let d = (self.detractors() as f64 + NPS_ADJUST_COUNT) / n;
        Some((p, d, n))
    }

    /// The variance term of the adjusted NPS over its n': (p' + d' -
    /// (p' - d')²) / n', in squared shares.
    pub fn nps_adjusted_variance(&self) -> Option<f64> {
        let (p, d, n) = self.nps_adjusted()?;
        Some((p + d - (p - d).powi(2)).max(0.0) / n)
    }

    /// 95% margin of error of the NPS, in points, adjusted Wald (METRICS.md):
    /// 100 * 1.96 * sqrt((p' + d' - (p' - d')²) / n') with the shares of
    /// [`nps_adjusted`](Self::nps_adjusted). Above 0 even when every answer
    /// is on one side; `None` without NPS answers.
    pub fn nps_margin(&self) -> Option<f64> {
        Some(100.0 * Z95 * self.nps_adjusted_variance()?.sqrt())
    }

    /// Non-blank CSAT answers.
    pub fn csat_responses(&self) -> u64 {
        self.csat.iter().sum()
    }

    /// Answers of `from` or more (the top two boxes by default).
    pub fn satisfied(&self, from: u8) -> u64 {
        self.csat[usize::from(from).min(10)..].iter().sum()
    }

    /// 100 * satisfied / csat_responses; `None` without CSAT answers.
    pub fn csat(&self, from: u8) -> Option<f64> {
        pct(self.satisfied(from) as i64, self.csat_responses())
    }

    /// The mean CSAT answer; `None` without CSAT answers.
    pub fn csat_mean(&self) -> Option<f64> {
        let sum: u64 = self
            .csat
            .iter()
            .enumerate()
            .map(|(k, &n)| k as u64 * n)
            .sum();
        share(sum, self.csat_responses())
    }

    /// The 95% Wilson score interval of `csat`, in percent (see
    /// [`wilson`]): p the satisfied share, n the answers. `None` without
    /// CSAT answers.
    pub fn csat_interval(&self, from: u8) -> Option<(f64, f64)> {
        wilson(self.satisfied(from), self.csat_responses())
    }

    /// Whether a score the data has is answered fewer than `LOW_SAMPLE`
    /// times in this scope.
    pub fn low_sample(&self, has_nps: bool, has_csat: bool) -> bool {
        (has_nps && self.nps_responses() < LOW_SAMPLE)
            || (has_csat && self.csat_responses() < LOW_SAMPLE)
    }
}

/// The 95% Wilson score interval of the share `successes / n`, in
/// percent: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). Unlike
/// p ± margin it stays within 0-100 and is not empty at p = 0 or 1;
/// clamped to 0-100 against float rounding (five answers of 1 would give
/// -0.0000000000000028). `None` when n = 0.
pub fn wilson(successes: u64, n: u64) -> Option<(f64, f64)> {
    let p = share(successes, n)?;
    let n = n as f64;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    let pct = |x: f64| (100.0 * x).clamp(0.0, 100.0);
    Some((pct(center - half), pct(center + half)))
}

/// Answer counts per (period, segment...) scope and over the whole range.
/// `responses` holds _nps and _csat (Int32, null when blank, already within
/// their scales), _date when the grouping needs it, and segment codes.
pub fn survey_counts(
    responses: &DataFrame,
    g: &Grouping,
) -> PolarsResult<(Vec<Scoped<SurveyCounts>>, SurveyCounts)> {
    // One byte per answer (`NO_ANSWER` for a blank), not 16: a tenth of the
    // memory to fault in and to read back; made from each chunk's values
    // and blanks side by side, not through an iterator of options.
    const NO_ANSWER: u8 = u8::MAX;
    let byte = |x: i32| match x {
        0..=10 => x as u8,
        _ => NO_ANSWER,
    };
    let answers = |name: &str| -> PolarsResult<Vec<u8>> {
        let ca = responses.column(name)?.i32()?;
        let mut out = Vec::with_capacity(ca.len());
        for arr in ca.downcast_iter() {
            let values = arr.values().iter();
            match arr.validity() {
                None => out.extend(values.map(|&x| byte(x))),
                Some(valid) => out.extend(values.zip(valid.iter()).map(|(&x, ok)| match ok {
                    true => byte(x),
                    false => NO_ANSWER,
                })),
            }
        }
        Ok(out)
    };
    let (nps, csat) = (answers(NPS)?, answers(CSAT)?);
    scoped(
        responses,
        g,
        || (),
        |_, rows, _| {
            let mut counts = SurveyCounts::default();
            for i in rows {
                if let Some(n) = counts.nps.get_mut(usize::from(nps[i])) {
                    *n += 1;
                }
                if let Some(n) = counts.csat.get_mut(usize::from(csat[i])) {
                    *n += 1;
                }
            }
            counts
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_nps(answers: &[(usize, u64)]) -> SurveyCounts {
        let mut c = SurveyCounts::default();
        for &(a, n) in answers {
            c.nps[a] = n;
        }
        c
    }

    #[test]
    fn percentages_are_the_nearest_f64_to_the_exact_value() {
        // The examples' feedback group of 25 answers: 7 detractors (0), 10
        // promoters (10), 8 passives (8). 100 * 0.28 would be
        // 28.000000000000004 and 40 - 28 would carry it on.
        let c = with_nps(&[(0, 7), (10, 10), (8, 8)]);
        assert_eq!(100.0 * (7.0 / 25.0), 28.000000000000004);
        assert_eq!(c.nps_pct(c.detractors()), Some(28.0));
        assert_eq!(c.nps_pct(c.promoters()), Some(40.0));
        assert_eq!(c.nps(), Some(12.0));
        let mut c = SurveyCounts::default();
        (c.csat[5], c.csat[1]) = (7, 18);
        assert_eq!(c.csat(4), Some(28.0));
    }

    #[test]
    fn nps_and_its_margin_by_hand() {
        // 5 promoters (10), 3 passives (8), 2 detractors (3): n = 10.
        let c = with_nps(&[(10, 5), (8, 3), (3, 2)]);
        assert_eq!((c.promoters(), c.passives(), c.detractors()), (5, 3, 2));
        assert_eq!(c.nps(), Some(30.0));
        // Adjusted: n' = 13, p' = 5.75/13, d' = 2.75/13: p' + d' - (p' -
        // d')² = 8.5/13 - (3/13)² = 0.653846 - 0.053254 = 0.600592;
        // 196 * sqrt(0.600592 / 13) = 196 * 0.214941 = 42.12831...
        let m = c.nps_margin().unwrap();
        assert!((m - 42.128_313).abs() < 1e-5, "{m}");
    }

    #[test]
    fn one_sided_answers_still_have_a_margin() {
        // The plain Wald margin was 0 here. Adjusted: n' = 13, p' =
        // 10.75/13, d' = 0.75/13: 11.5/13 - (10/13)² = 0.884615 - 0.591716
        // = 0.292899; 196 * sqrt(0.292899 / 13) = 29.42007...
        let all_promoters = with_nps(&[(9, 4), (10, 6)]);
        assert_eq!(all_promoters.nps(), Some(100.0));
        let m = all_promoters.nps_margin().unwrap();
        assert!((m - 29.420_066).abs() < 1e-5, "{m}");
        let all_detractors = with_nps(&[(0, 3)]);
        assert_eq!(all_detractors.nps(), Some(-100.0));
        assert_eq!(SurveyCounts::default().nps(), None);
        assert_eq!(SurveyCounts::default().nps_margin(), None);
    }

    #[test]
    fn wilson_interval_by_hand() {
        // 8 satisfied of 10 on 1-5: p = 0.8, z² = 3.8416.
        let mut c = SurveyCounts::default();
        c.csat[5] = 5;
        c.csat[4] = 3;
        c.csat[2] = 2;
        assert_eq!(c.satisfied(4), 8);
        assert_eq!(c.csat(4), Some(80.0));
        assert_eq!(c.csat_mean(), Some(4.1));
        // denominator 1 + 3.8416/10 = 1.38416;
        // center (0.8 + 3.8416/20) / 1.38416 = 0.99208 / 1.38416 = 0.716738;
        // half 1.96 * sqrt(0.016 + 3.8416/400) / 1.38416
        //    = 1.96 * 0.160012 / 1.38416 = 0.226581.
        let (lo, hi) = c.csat_interval(4).unwrap();
        assert!((lo - 49.015_68).abs() < 1e-4, "{lo}");
        assert!((hi - 94.331_91).abs() < 1e-4, "{hi}");
    }

    #[test]
    fn wilson_bounds_stay_within_0_and_100() {
        let mut c = SurveyCounts::default();
        c.csat[1] = 5;
        assert_eq!(c.csat_interval(4).map(|i| i.0), Some(0.0));
        c.csat[1] = 0;
        c.csat[5] = 5;
        assert_eq!(c.csat_interval(4).map(|i| i.1), Some(100.0));
    }

    #[test]
    fn low_sample_only_for_scores_the_data_has() {
        let c = with_nps(&[(9, 40)]);
        assert!(!c.low_sample(true, false));
        assert!(c.low_sample(true, true));
    }
}
