//! Acquisition cohorts (METRICS.md, "Cohorts"): customers grouped by the
//! period of their first counted order in all the data read (and by the
//! `--segment` values of that first order), and each cohort's activity in
//! every later period up to the end of the data. Read from the per-customer
//! stage ([`CustomerTable`]): first order days and each customer's orders
//! in day order come from there, never computed again. No I/O; labels,
//! rounding and layout are the command's and the renderers'.

use std::collections::HashMap;

use polars::prelude::UInt32Chunked;
use rayon::prelude::*;

use super::customers::CustomerTable;
use super::period::{period_end, period_start};
use crate::cli::{CohortMetric, Period};

/// One cohort's counts in period k after its own (k = 0 is the cohort
/// period). Exact integers; every metric derives from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CohortCell {
    /// Cohort customers with at least one counted order in the period.
    pub active_customers: u64,
    pub orders: u64,
    pub revenue_cents: i64,
    /// Cohort customers whose second counted order lies in periods 0..=k.
    pub repeat_customers_cumulative: u64,
    /// Revenue of periods 0..=k.
    pub cumulative_revenue_cents: i64,
}

/// One cohort: the customers first seen in one period (with one set of
/// first-order segment values), and its cells from k = 0 to the last
/// period of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    /// First day (days since 1970-01-01) of the cohort period.
    pub start: i32,
    /// The `--segment` codes of the customers' first order (null: blank).
    pub segments: Vec<Option<u32>>,
    /// Cohort size.
    pub customers: u64,
    /// Index k; the last is the period holding the last order day read.
    pub cells: Vec<CohortCell>,
}

/// `a / b`, or `None` when `b` is zero.
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

impl CohortMetric {
    /// Whether the metric is a count (or sum) rather than a value per
    /// cohort customer. Averages over cohorts weigh both by cohort size.
    pub fn per_customer(self) -> bool {
        matches!(
            self,
            CohortMetric::Retention
                | CohortMetric::RevenuePerCustomer
                | CohortMetric::CumulativeRevenuePerCustomer
                | CohortMetric::RepeatRateCumulative
        )
    }

    /// The quantity the metric is made of: for per-customer metrics the
    /// numerator over the cohort size (100 * active for retention, cents
    /// for money), otherwise the count itself (cents for revenue).
    fn numerator(self, c: &CohortCell) -> f64 {
        match self {
            CohortMetric::ActiveCustomers => c.active_customers as f64,
            CohortMetric::Retention => 100.0 * c.active_customers as f64,
            CohortMetric::Orders => c.orders as f64,
            CohortMetric::Revenue => c.revenue_cents as f64 / 100.0,
            CohortMetric::RevenuePerCustomer => c.revenue_cents as f64 / 100.0,
            CohortMetric::CumulativeRevenuePerCustomer => c.cumulative_revenue_cents as f64 / 100.0,
            CohortMetric::RepeatCustomersCumulative => c.repeat_customers_cumulative as f64,
            CohortMetric::RepeatRateCumulative => 100.0 * c.repeat_customers_cumulative as f64,
        }
    }
}

impl Cohort {
    /// The metric in period k, in the unit the output shows (percent,
    /// currency units); `None` past the end of the data.
    pub fn value(&self, metric: CohortMetric, k: usize) -> Option<f64> {
        let cell = self.cells.get(k)?;
        let n = metric.numerator(cell);
        match metric.per_customer() {
            true => ratio(n, self.customers as f64),
            false => Some(n),
        }
    }
}

/// The average of `metric` in period k over the cohorts that reached it
/// (the data runs to their period k), weighted by cohort size:
/// sum(size * value) / sum(size). For a per-customer metric that is the
/// pooled value, sum(numerator) / sum(size) (retention: 100 * all active /
/// all customers), computed so. `None` when no cohort reached period k.
pub fn weighted_average(cohorts: &[&Cohort], metric: CohortMetric, k: usize) -> Option<f64> {
    let reached = cohorts.iter().filter(|c| c.cells.len() > k);
    let (mut sum, mut weights) = (0.0, 0.0);
    for c in reached {
        let n = metric.numerator(&c.cells[k]);
        let size = c.customers as f64;
        sum += if metric.per_customer() { n } else { size * n };
        weights += size;
    }
    ratio(sum, weights)
}

/// Which cohorts are shown: those whose period overlaps the `--since` /
/// `--until` days (inclusive), whole.
pub fn shown(start: i32, by: Period, since: Option<i32>, until: Option<i32>) -> bool {
    since.is_none_or(|s| period_end(start, by) >= s) && until.is_none_or(|u| start <= u)
}

/// Every cohort with a customer, in no particular order.
///
/// `days` and `cents` are the order frame's columns (one entry per counted
/// order, the rows `table` indexes); `segments` the code columns of the
/// `--segment`s (single chunks, null for blank); `table` the
/// per-customer stage over every order read. A customer's cohort is the
/// period of `first_day`, its segment values those of its first order (by
/// day, then file order). Periods are counted from the first order day in
/// the data to the last, so every cohort's cells run to the same calendar
/// period, the one holding the last day.
pub fn cohorts(
    table: &CustomerTable,
    days: &[i32],
    cents: &[i64],
    segments: &[&UInt32Chunked],
    by: Period,
) -> Vec<Cohort> {
    let customers: Vec<usize> = table.customers().collect();
    let Some(lo) = customers.iter().map(|&c| table.first_day[c]).min() else {
        return Vec::new();
    };
    let hi = customers
        .iter()
        .map(|&c| table.last_day[c])
        .max()
        .unwrap_or(lo);
    // Period ordinal of every day the data spans, and each ordinal's start.
    let mut ordinal = Vec::with_capacity((hi - lo) as usize + 1);
    let mut starts: Vec<i32> = Vec::new();
    for day in lo..=hi {
        let start = period_start(day, by);
        if starts.last() != Some(&start) {
            starts.push(start);
        }
        ordinal.push((starts.len() - 1) as u32);
    }
    let period_of = |day: i32| ordinal[(day - lo) as usize] as usize;
    let periods = starts.len();

    // Cohort key of every customer: its cohort period, then one segment
    // code at a time folded into a dense id.
    let mut keys: Vec<(usize, Vec<Option<u32>>)> = (0..periods).map(|p| (p, Vec::new())).collect();
    let mut key_of: Vec<u32> = customers
        .iter()
        .map(|&c| period_of(table.first_day[c]) as u32)
        .collect();
    for segment in segments {
        let mut combined: HashMap<(u32, Option<u32>), u32> = HashMap::new();
        let mut next = Vec::new();
        for (key, &c) in key_of.iter_mut().zip(&customers) {
            let first_row = table.rows_of(c)[0] as usize;
            let code = segment.get(first_row);
            *key = *combined.entry((*key, code)).or_insert_with(|| {
                let (p, mut s) = keys[*key as usize].clone();
                s.push(code);
                next.push((p, s));
                (next.len() - 1) as u32
            });
        }
        keys = next;
    }
    // Customers of each key side by side (a counting sort).
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); keys.len()];
    for (&key, &c) in key_of.iter().zip(&customers) {
        members[key as usize].push(c as u32);
    }
    drop(key_of);

    // Each cohort walks its customers' orders (in day order, from the
    // stage) into cells of its own: cohorts in parallel, no shared state.
    keys.into_par_iter()
        .zip(members)
        .filter(|(_, m)| !m.is_empty())
        .map(|((p, segments), members)| {
            let mut cells = vec![CohortCell::default(); periods - p];
            let mut second_order = vec![0u64; periods - p];
            for &c in &members {
                let rows = table.rows_of(c as usize);
                let mut last = usize::MAX;
                for (n, &r) in rows.iter().enumerate() {
                    let k = period_of(days[r as usize]) - p;
                    let cell = &mut cells[k];
                    cell.orders += 1;
                    cell.revenue_cents += cents[r as usize];
                    if k != last {
                        cell.active_customers += 1;
                        last = k;
                    }
                    if n == 1 {
                        second_order[k] += 1;
                    }
                }
            }
            let (mut repeat, mut revenue) = (0, 0);
            for (cell, second) in cells.iter_mut().zip(second_order) {
                repeat += second;
                revenue += cell.revenue_cents;
                cell.repeat_customers_cumulative = repeat;
                cell.cumulative_revenue_cents = revenue;
            }
            Cohort {
                start: starts[p],
                segments,
                customers: members.len() as u64,
                cells,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse::days_from_date;
    use chrono::NaiveDate;

    fn day(s: &str) -> i32 {
        days_from_date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    /// Customer 0: 2024-01-05 (10.00), 2024-01-20 (5.00), 2024-03-02
    /// (7.00). Customer 1: 2024-01-31 (20.00), then nothing. Customer 2:
    /// 2024-02-10 (3.00), 2024-02-11 (4.00). January cohort: 0 and 1;
    /// February cohort: 2. Periods run 2024-01 to 2024-03.
    fn orders() -> (Vec<u32>, Vec<i64>, Vec<i32>) {
        let cust = vec![0, 1, 0, 2, 0, 2];
        let cents = vec![1000, 2000, 500, 300, 700, 400];
        let days = [
            "2024-01-05",
            "2024-01-31",
            "2024-01-20",
            "2024-02-10",
            "2024-03-02",
            "2024-02-11",
        ];
        (cust, cents, days.iter().map(|d| day(d)).collect())
    }

    fn by_start(mut v: Vec<Cohort>) -> Vec<Cohort> {
        v.sort_by_key(|c| (c.start, c.segments.clone()));
        v
    }

    #[test]
    fn cohorts_follow_the_definitions() {
        let (cust, cents, days) = orders();
        let t = CustomerTable::build(&cust, &cents, &days, None);
        let all = by_start(cohorts(&t, &days, &cents, &[], Period::Month));
        assert_eq!(all.len(), 2);
        let jan = &all[0];
        assert_eq!((jan.start, jan.customers), (day("2024-01-01"), 2));
        assert_eq!(jan.cells.len(), 3);
        // k=0: both active, 3 orders, 35.00; customer 0's second order is
        // in January.
        assert_eq!(
            jan.cells[0],
            CohortCell {
                active_customers: 2,
                orders: 3,
                revenue_cents: 3500,
                repeat_customers_cumulative: 1,
                cumulative_revenue_cents: 3500,
            }
        );
        // k=1 (February): nobody; k=2 (March): customer 0.
        assert_eq!(jan.cells[1].active_customers, 0);
        assert_eq!(jan.cells[1].cumulative_revenue_cents, 3500);
        assert_eq!(jan.cells[2].active_customers, 1);
        assert_eq!(jan.cells[2].cumulative_revenue_cents, 4200);
        assert_eq!(jan.value(CohortMetric::Retention, 0), Some(100.0));
        assert_eq!(jan.value(CohortMetric::Retention, 1), Some(0.0));
        assert_eq!(jan.value(CohortMetric::Retention, 2), Some(50.0));
        assert_eq!(jan.value(CohortMetric::Retention, 3), None);
        assert_eq!(
            jan.value(CohortMetric::CumulativeRevenuePerCustomer, 2),
            Some(21.0)
        );
        assert_eq!(jan.value(CohortMetric::RepeatRateCumulative, 2), Some(50.0));
        let feb = &all[1];
        assert_eq!((feb.customers, feb.cells.len()), (1, 2));
        // Two orders on two days in one period: active once, repeat once.
        assert_eq!(feb.cells[0].active_customers, 1);
        assert_eq!(feb.cells[0].orders, 2);
        assert_eq!(feb.cells[0].repeat_customers_cumulative, 1);
        // Averages: both cohorts reached k=1 (January at February, February
        // at March): 100 * (0 + 0) / 3; only January reached k=2: 100 * 1 / 2.
        let refs: Vec<&Cohort> = all.iter().collect();
        assert_eq!(
            weighted_average(&refs, CohortMetric::Retention, 0),
            Some(100.0)
        );
        assert_eq!(
            weighted_average(&refs, CohortMetric::Retention, 1),
            Some(0.0)
        );
        assert_eq!(
            weighted_average(&refs, CohortMetric::Retention, 2),
            Some(50.0)
        );
        assert_eq!(weighted_average(&refs, CohortMetric::Retention, 3), None);
        // Counts: (2 * 3 + 1 * 2) / 3 orders at k=0.
        assert_eq!(
            weighted_average(&refs, CohortMetric::Orders, 0),
            Some(8.0 / 3.0)
        );
    }

    #[test]
    fn segments_come_from_the_first_order() {
        let (cust, cents, days) = orders();
        let t = CustomerTable::build(&cust, &cents, &days, None);
        // Row 0 (customer 0's first) is code 1, row 1 (customer 1) blank,
        // the rest code 0.
        let seg: UInt32Chunked = [Some(1), None, Some(0), Some(0), Some(0), Some(0)]
            .into_iter()
            .collect();
        let all = by_start(cohorts(&t, &days, &cents, &[&seg], Period::Month));
        let keys: Vec<(i32, Vec<Option<u32>>, u64)> = all
            .iter()
            .map(|c| (c.start, c.segments.clone(), c.customers))
            .collect();
        assert_eq!(
            keys,
            [
                (day("2024-01-01"), vec![None], 1),
                (day("2024-01-01"), vec![Some(1)], 1),
                (day("2024-02-01"), vec![Some(0)], 1),
            ]
        );
    }

    #[test]
    fn cohorts_shown_are_those_overlapping_the_range() {
        let jan = day("2024-01-01");
        assert!(shown(jan, Period::Month, Some(day("2024-01-31")), None));
        assert!(!shown(jan, Period::Month, Some(day("2024-02-01")), None));
        assert!(shown(jan, Period::Month, None, Some(jan)));
        assert!(!shown(jan, Period::Month, None, Some(jan - 1)));
    }
}
