//! Period-over-period comparison: the relative change of a metric, and the
//! margin of error of a change in NPS or CSAT, which says whether the change
//! is more than sampling noise. No I/O.

use super::survey::{SurveyCounts, Z95};

/// 100 * (now - prev) / |prev|: the relative change in percent, positive
/// when the metric went up (also for a negative NPS that rose). `None` when
/// either value is undefined or `prev` is 0 (no relative change from
/// nothing).
pub fn change_pct(now: Option<f64>, prev: Option<f64>) -> Option<f64> {
    let (now, prev) = (now?, prev?);
    (prev != 0.0).then(|| 100.0 * (now - prev) / prev.abs())
}

/// The 95% margin of error of the change in NPS between two independent
/// samples, in points: sqrt(m1² + m2²), m1 and m2 each sample's NPS margin
/// (1.96 times its standard error, METRICS.md). `None` when either has no
/// NPS answers.
pub fn nps_change_margin(now: &SurveyCounts, prev: &SurveyCounts) -> Option<f64> {
    Some(now.nps_margin()?.hypot(prev.nps_margin()?))
}

/// The 95% margin of error of the change in CSAT (satisfied share) between
/// two independent samples, in points: 100 * 1.96 * sqrt(p1(1-p1)/n1 +
/// p2(1-p2)/n2). `None` when either has no CSAT answers.
pub fn csat_change_margin(now: &SurveyCounts, prev: &SurveyCounts, from: u8) -> Option<f64> {
    let variance = |c: &SurveyCounts| {
        let n = c.csat_responses();
        (n > 0).then(|| {
            let p = c.satisfied(from) as f64 / n as f64;
            p * (1.0 - p) / n as f64
        })
    };
    Some(100.0 * Z95 * (variance(now)? + variance(prev)?).sqrt())
}

/// Whether a change is larger than its margin of error.
pub fn significant(delta: Option<f64>, margin: Option<f64>) -> Option<bool> {
    Some(delta?.abs() > margin?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn nps_change_margin_combines_both_margins() {
        // 50 promoters + 50 detractors: p = d = 0.5, variance 1, n = 100,
        // margin 19.6. Twice that sample: the change's margin is
        // sqrt(19.6² + 19.6²) = 27.718...
        let c = counts(&[(10, 50), (0, 50)], &[]);
        let m = nps_change_margin(&c, &c).unwrap();
        assert!((m - 19.6 * 2f64.sqrt()).abs() < 1e-9, "{m}");
        assert_eq!(nps_change_margin(&c, &SurveyCounts::default()), None);
    }

    #[test]
    fn csat_change_margin_is_the_two_sample_normal_margin() {
        // 80 of 100 satisfied vs 60 of 100: variance .16/100 + .24/100,
        // margin 100 * 1.96 * sqrt(.004) = 12.396...
        let now = counts(&[], &[(5, 80), (1, 20)]);
        let prev = counts(&[], &[(5, 60), (1, 40)]);
        let m = csat_change_margin(&now, &prev, 4).unwrap();
        assert!((m - 196.0 * 0.004f64.sqrt()).abs() < 1e-9, "{m}");
        // A 20-point change is beyond it.
        assert_eq!(significant(Some(20.0), Some(m)), Some(true));
        assert_eq!(significant(Some(-12.0), Some(m)), Some(false));
    }
}
