//! Period-over-period comparison: the relative change of a metric, and the
//! margin of error of a change in NPS or CSAT, which says whether the change
//! is more than sampling noise. No I/O.

use super::survey::{SurveyCounts, Z95};

/// Significant digits a difference of two quotients keeps, counted at the
/// scale of the values it comes from (see [`difference`], [`change_pct`]):
/// far beyond any export's precision, and short of the last-bit noise of
/// f64 arithmetic, so 29/15 - 7/3 is -0.4 and not -0.40000000000000013.
pub const DIFFERENCE_DIGITS: i32 = 14;

/// `x` rounded at the `DIFFERENCE_DIGITS`-th significant digit of `scale`,
/// as the f64 nearest that decimal (an integer divided by an exact power of
/// ten), so it prints as the short decimal. `x` itself when `scale` is zero
/// or not finite.
pub fn round_at(x: f64, scale: f64) -> f64 {
    let scale = scale.abs();
    if !x.is_finite() || !scale.is_normal() {
        return x;
    }
    let places = DIFFERENCE_DIGITS - 1 - scale.log10().floor() as i32;
    let rounded = if places >= 0 {
        let p = 10f64.powi(places);
        (x * p).round() / p
    } else {
        let q = 10f64.powi(-places);
        (x / q).round() * q
    };
    // -0.0 is 0.
    rounded + 0.0
}

/// `now - prev` without the noise of the subtraction: rounded at the
/// `DIFFERENCE_DIGITS`-th significant digit of the larger value. The two
/// values are each within an ulp or two of the exact quotient, so when the
/// exact difference has no more digits than that (a count, cents, a share
/// of small counts) this is the f64 nearest it.
pub fn difference(now: f64, prev: f64) -> f64 {
    round_at(now - prev, now.abs().max(prev.abs()))
}

/// 100 * (now - prev) / |prev|: the relative change in percent, positive
/// when the metric went up (also for a negative NPS that rose). `None` when
/// either value is undefined or `prev` is 0 (no relative change from
/// nothing). Rounded at the `DIFFERENCE_DIGITS`-th significant digit of
/// 100 * max(|now|, |prev|) / |prev|, the scale its inputs' precision
/// gives it (80% against 1000/13% is +4%, not 3.9999999999999853).
pub fn change_pct(now: Option<f64>, prev: Option<f64>) -> Option<f64> {
    let (now, prev) = (now?, prev?);
    (prev != 0.0).then(|| {
        let scale = 100.0 * now.abs().max(prev.abs()) / prev.abs();
        round_at(100.0 * (now - prev) / prev.abs(), scale)
    })
}

/// A change between two independent samples (`now - prev`, in points) and
/// its 95% interval, which need not be centred on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub delta: f64,
    pub low: f64,
    pub high: f64,
}

impl Change {
    /// Whether the interval excludes zero: the change is more than sampling
    /// noise.
    pub fn significant(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }

    /// The distance from the change to the end of its interval nearer zero
    /// (the lower end for a rise, the upper for a fall): the change is
    /// significant exactly when it is larger than this margin.
    pub fn margin(&self) -> f64 {
        if self.delta >= 0.0 {
            self.delta - self.low
        } else {
            self.high - self.delta
        }
    }
}

/// The change in NPS and its 95% adjusted-Wald interval (Lewis & Sauro,
/// "How to statistically compare two Net Promoter Scores", MeasuringU):
/// the difference of the adjusted NPS (p' - d', see
/// [`SurveyCounts::nps_adjusted`]) ± 1.96 * sqrt(v1 + v2), each v the
/// adjusted variance over n'. `delta` is the plain difference of the two
/// NPS. `None` when either side has no NPS answers.
pub fn nps_change(now: &SurveyCounts, prev: &SurveyCounts) -> Option<Change> {
    let adjusted = |c: &SurveyCounts| c.nps_adjusted().map(|(p, d, _)| p - d);
    let centre = 100.0 * (adjusted(now)? - adjusted(prev)?);
    let half = 100.0 * Z95 * (now.nps_adjusted_variance()? + prev.nps_adjusted_variance()?).sqrt();
    Some(Change {
        delta: now.nps()? - prev.nps()?,
        low: centre - half,
        high: centre + half,
    })
}

/// The change in CSAT (satisfied share, in points) and its 95% interval by
/// Newcombe's hybrid score method ([`newcombe`]), 1 = now, 2 = prev. It
/// behaves at 0% and 100% and at small n, where the plain Wald interval
/// collapses. `None` when either side has no CSAT answers.
pub fn csat_change(now: &SurveyCounts, prev: &SurveyCounts, from: u8) -> Option<Change> {
    Some(newcombe(
        (now.csat(from)?, now.csat_interval(from)?),
        (prev.csat(from)?, prev.csat_interval(from)?),
    ))
}

/// The difference p1 - p2 of two independent shares (in percent) and its
/// 95% interval by Newcombe's hybrid score method (Newcombe 1998, method
/// 10), from each share's Wilson interval (l, u):
/// low = delta - sqrt((p1 - l1)² + (u2 - p2)²),
/// high = delta + sqrt((u1 - p1)² + (p2 - l2)²).
pub fn newcombe((p1, (l1, u1)): (f64, (f64, f64)), (p2, (l2, u2)): (f64, (f64, f64))) -> Change {
    let delta = p1 - p2;
    Change {
        delta,
        low: delta - (p1 - l1).hypot(u2 - p2),
        high: delta + (u1 - p1).hypot(p2 - l2),
    }
}

/// The difference of two means and its 95% Welch interval: delta = m1 -
/// m2 ± t(0.975, df) * se, se = sqrt(v1/n1 + v2/n2) (v the sample
/// variances, n - 1 in the denominator), df by Welch-Satterthwaite:
/// se⁴ / ((v1/n1)²/(n1 - 1) + (v2/n2)²/(n2 - 1)). With no spread on
/// either side (se = 0) the interval is the difference itself. `None`
/// when either side has fewer than two values.
pub fn welch((m1, v1, n1): (f64, f64, u64), (m2, v2, n2): (f64, f64, u64)) -> Option<Change> {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let (a, b) = (v1 / n1 as f64, v2 / n2 as f64);
    let se2 = a + b;
    let delta = m1 - m2;
    if se2 <= 0.0 {
        return Some(Change {
            delta,
            low: delta,
            high: delta,
        });
    }
    let df = se2 * se2 / (a * a / (n1 - 1) as f64 + b * b / (n2 - 1) as f64);
    let t = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(0.975);
    let half = t * se2.sqrt();
    Some(Change {
        delta,
        low: delta - half,
        high: delta + half,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_and_changes_carry_no_float_noise() {
        // The examples' 2025-11 against 2025-10 (README "engage report"):
        // 29/15 - 7/3 orders per customer is -6/15, and CSAT 80% against
        // 10/13 is +4% (80 / (1000/13) = 1.04).
        let (now, prev) = (29.0 / 15.0, 7.0 / 3.0);
        assert_eq!(now - prev, -0.40000000000000013);
        assert_eq!(difference(now, prev), -0.4);
        assert_eq!(change_pct(Some(80.0), Some(1000.0 / 13.0)), Some(4.0));
        assert_eq!(
            difference(80.0, 1000.0 / 13.0).to_string(),
            "3.076923076923"
        );
        assert_eq!(
            difference(2.0 / 3.0 * 100.0, 50.0).to_string(),
            "16.666666666667"
        );
        assert_eq!(difference(0.1 + 0.2, 0.3), 0.0);
        assert!(difference(0.1 + 0.2, 0.3).is_sign_positive());
        assert_eq!(change_pct(Some(0.1 + 0.2), Some(0.2)), Some(50.0));
        assert_eq!(
            change_pct(Some(29.0 / 15.0), Some(7.0 / 3.0)).map(|c| c.to_string()),
            Some("-17.14285714286".into())
        );
        // Large and tiny scales keep 14 significant digits of the larger.
        assert_eq!(difference(1.0e15 + 2.0, 1.0e15), 0.0);
        assert_eq!(difference(3.0e-9, 1.0e-9), 2.0e-9);
        assert!(round_at(f64::NAN, 1.0).is_nan());
        assert_eq!(round_at(0.25, 0.0), 0.25);
    }

    fn counts(nps: &[(usize, u64)], csat: &[(usize, u64)]) -> SurveyCounts {
        let mut c = SurveyCounts::default();
        for &(k, n) in nps {
            c.nps[k] = n;
        }
        for &(k, n) in csat {
            c.csat[k] = n;
        }
        c
    }

    #[test]
    fn relative_change_is_signed_by_direction() {
        assert_eq!(change_pct(Some(125.0), Some(100.0)), Some(25.0));
        assert_eq!(change_pct(Some(-10.0), Some(-20.0)), Some(50.0));
        assert_eq!(change_pct(Some(5.0), Some(0.0)), None);
        assert_eq!(change_pct(None, Some(1.0)), None);
    }

    #[test]
    fn nps_change_uses_adjusted_wald_shares() {
        // now: 50 promoters + 50 detractors (NPS 0); prev: 10 promoters, 10
        // passives (NPS 50). Adjusted: now n' = 103, p' = d' = 50.75/103,
        // v = 2 * 50.75/103 / 103 = 0.00956734; prev n' = 23, p' =
        // 10.75/23, d' = 0.75/23, p' + d' - (p' - d')² = 11.5/23 - (10/23)²
        // = 0.5 - 0.189036 = 0.310964, v = 0.0135202. Centre 100 * (0 -
        // 10/23) = -43.4783, half 196 * sqrt(0.0230876) = 29.7814:
        // -73.2597 to -13.6969.
        let now = counts(&[(10, 50), (0, 50)], &[]);
        let prev = counts(&[(10, 10), (8, 10)], &[]);
        let c = nps_change(&now, &prev).unwrap();
        assert_eq!(c.delta, -50.0);
        assert!((c.low - (-73.259_64)).abs() < 1e-4, "{c:?}");
        assert!((c.high - (-13.696_88)).abs() < 1e-4, "{c:?}");
        assert!(c.significant());
        // The margin is measured from -50 to the upper end.
        assert!((c.margin() - 36.303_12).abs() < 1e-4, "{c:?}");
        assert_eq!(nps_change(&now, &SurveyCounts::default()), None);
    }

    #[test]
    fn two_answers_are_not_a_significant_change() {
        // 2 of 2 promoters against 20 promoters, 20 passives: NPS 100 vs 50.
        // now n' = 5, p' = 0.55, d' = 0.15: v = (0.7 - 0.16)/5 = 0.108;
        // prev n' = 43, p' = 20.75/43, d' = 0.75/43: v = (21.5/43 -
        // (20/43)²)/43 = (0.5 - 0.216333)/43 = 0.00659690. Centre 100 *
        // (0.4 - 20/43) = -6.5116, half 196 * sqrt(0.1145969) = 66.3503:
        // -72.8619 to 59.8386, which holds 0.
        let now = counts(&[(10, 2)], &[]);
        let prev = counts(&[(9, 20), (7, 20)], &[]);
        let c = nps_change(&now, &prev).unwrap();
        assert_eq!(c.delta, 50.0);
        assert!((c.low - (-72.862_3)).abs() < 1e-3, "{c:?}");
        assert!(!c.significant());
    }

    #[test]
    fn csat_change_is_newcombes_hybrid_score_interval() {
        // 2 of 2 satisfied against 32 of 40 (the case): Wilson for
        // 2/2: denominator 1 + 3.8416/2 = 2.9208, centre 1.9604/2.9208 =
        // 0.671186, half 1.96 * sqrt(3.8416/16)/2.9208 = 0.328814: 34.2372
        // to 100. Wilson for 32/40: denominator 1.09604, centre 0.848024/
        // 1.09604 = 0.773716, half 1.96 * sqrt(0.004 + 0.00060025)/1.09604
        // = 0.121286: 65.2430 to 89.5002. delta 20; low 20 - sqrt(65.7628²
        // + 9.5002²) = -46.4455; high 20 + sqrt(0² + 14.7570²) = 34.7570.
        let now = counts(&[], &[(5, 2)]);
        let prev = counts(&[], &[(5, 32), (1, 8)]);
        let c = csat_change(&now, &prev, 4).unwrap();
        assert!((c.delta - 20.0).abs() < 1e-9);
        assert!((c.low - (-46.445_5)).abs() < 1e-3, "{c:?}");
        assert!((c.high - 34.757_0).abs() < 1e-3, "{c:?}");
        assert!(!c.significant());
        // 80 of 100 against 60 of 100: a clear rise.
        let now = counts(&[], &[(5, 80), (1, 20)]);
        let prev = counts(&[], &[(5, 60), (1, 40)]);
        let c = csat_change(&now, &prev, 4).unwrap();
        assert!(c.significant() && c.margin() < c.delta, "{c:?}");
    }
}
