//! Discounted customer lifetime value, as lifetimes'
//! `GammaGammaFitter.customer_lifetime_value` computes it: month by month,
//! the expected purchases of that month (the BG/NBD expectation at the
//! month's end minus at its start) times the expected value per purchase,
//! discounted by (1 + monthly rate)^month.

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

    /// The months' ends, in time units: u, 2u, ... M u.
    pub fn month_ends(&self) -> Vec<f64> {
        (1..=self.months)
            .map(|k| f64::from(k) * self.units_per_month)
            .collect()
    }

    /// Each month's discount factor, (1 + rate)^k for k = 1..M.
    pub fn factors(&self) -> Vec<f64> {
        (1..=self.months)
            .map(|k| (1.0 + self.monthly_rate).powf(f64::from(k)))
            .collect()
    }
}

/// The discounted expected purchases of a customer over the months: sum
/// over k = 1..M of (E[N(k u)] - E[N((k-1) u)]) / (1 + rate)^k, with u the
/// month in time units and E[N(t)] the BG/NBD expected purchases in
/// (T, T + t], given as `numerators[k - 1] / den` (see
/// [`BgNbd::expected_numerators`](super::BgNbd::expected_numerators)) and `factors` from
/// [`MonthlyDiscount::factors`]. A customer's CLV is this times their
/// expected value per purchase.
pub fn discounted_purchases(numerators: &[f64], den: f64, factors: &[f64]) -> f64 {
    let mut total = 0.0;
    let mut before = 0.0;
    for (num, factor) in numerators.iter().zip(factors) {
        let e = num / den;
        total += (e - before) / factor;
        before = e;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::super::BgNbd;
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

    /// With no discount the monthly increments telescope: the discounted
    /// purchases are the expected purchases over the whole M months.
    #[test]
    fn undiscounted_purchases_telescope_to_the_expected_purchases() {
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
        let mut num = [0.0; 3];
        bg.expected_numerators(&d.month_ends(), 2.0, 30.0, &mut num)
            .unwrap();
        let den = bg.expected_denominator(2.0, 10.0, 30.0);
        let got = discounted_purchases(&num, den, &d.factors());
        let want = bg.expected_purchases(12.0, 2.0, 10.0, 30.0).unwrap();
        assert!(((got - want) / want).abs() < 1e-14);
    }
}
