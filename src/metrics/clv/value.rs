//! Discounted customer lifetime value, as lifetimes'
//! `GammaGammaFitter.customer_lifetime_value` computes it: month by month,
//! the expected purchases of that month (the BG/NBD expectation at the
//! month's end minus at its start) times the expected value per purchase,
//! discounted by (1 + monthly rate)^month.

use anyhow::Result;

use super::hyp2f1::MAX_Z;
use super::BgNbd;

/// Days or weeks in lifetimes' month (`freq` "D" 30, "W" 4.345, "M" 1).
pub const DAYS_PER_MONTH: f64 = 30.0;
pub const WEEKS_PER_MONTH: f64 = 4.345;

/// How CLV is discounted: whole months, the length of a month in the
/// data's time unit, and the monthly rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthlyDiscount {
    pub months: u32,
    pub units_per_month: f64,
    pub monthly_rate: f64,
}

impl MonthlyDiscount {
    /// From an annual rate R: the monthly rate that compounds to it,
    /// (1 + R)^(1/12) - 1 (0.10 a year is 0.797% a month); the horizon,
    /// given in time units, is rounded to whole months (at least one):
    /// 52 weeks, 365 days and 12 months are all 12 months.
    pub fn from_annual(annual_rate: f64, horizon_units: f64, units_per_month: f64) -> Self {
        let months = (horizon_units / units_per_month).round().max(1.0) as u32;
        MonthlyDiscount {
            months,
            units_per_month,
            monthly_rate: (1.0 + annual_rate).powf(1.0 / 12.0) - 1.0,
        }
    }
}

/// CLV of a customer (x, t_x, T) whose expected value per purchase is
/// `value`: sum over months k = 1..M of
/// value * (E[N(k u)] - E[N((k-1) u)]) / (1 + rate)^k, with u the month in
/// time units and E[N(t)] the BG/NBD expected purchases in (T, T + t].
pub fn clv(bg: &BgNbd, disc: &MonthlyDiscount, value: f64, x: f64, tx: f64, t: f64) -> Result<f64> {
    let mut total = 0.0;
    let mut before = 0.0;
    let months: Vec<u32> = (1..=disc.months).collect();
    let (mut horizons, mut upto) = ([0.0; MAX_Z], [0.0; MAX_Z]);
    // The months' expected purchases a batch at a time (see
    // `BgNbd::expected_purchases_many`).
    for batch in months.chunks(MAX_Z) {
        let n = batch.len();
        for (h, &k) in horizons.iter_mut().zip(batch) {
            *h = f64::from(k) * disc.units_per_month;
        }
        bg.expected_purchases_many(&horizons[..n], x, tx, t, &mut upto[..n])?;
        for (&k, &e) in batch.iter().zip(&upto[..n]) {
            total += value * (e - before) / (1.0 + disc.monthly_rate).powf(f64::from(k));
            before = e;
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annual_rate_compounds_to_the_monthly_rate() {
        let d = MonthlyDiscount::from_annual(0.10, 52.0, WEEKS_PER_MONTH);
        assert_eq!(d.months, 12);
        assert!(((1.0 + d.monthly_rate).powi(12) - 1.10).abs() < 1e-14);
        assert_eq!(
            MonthlyDiscount::from_annual(0.1, 365.0, DAYS_PER_MONTH).months,
            12
        );
        assert_eq!(MonthlyDiscount::from_annual(0.1, 0.2, 1.0).months, 1);
    }

    /// With no discount the monthly increments telescope: CLV is value
    /// times the expected purchases over the whole M months.
    #[test]
    fn undiscounted_clv_is_value_times_expected_purchases() {
        let bg = BgNbd {
            r: 0.24,
            alpha: 4.4,
            a: 0.79,
            b: 2.4,
        };
        let d = MonthlyDiscount {
            months: 3,
            units_per_month: 4.0,
            monthly_rate: 0.0,
        };
        let got = clv(&bg, &d, 20.0, 2.0, 10.0, 30.0).unwrap();
        let want = 20.0 * bg.expected_purchases(12.0, 2.0, 10.0, 30.0).unwrap();
        assert!(((got - want) / want).abs() < 1e-14);
    }
}
