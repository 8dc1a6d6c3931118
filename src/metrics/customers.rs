//! The per-customer stage (METRICS.md, "Customers"): the counted orders
//! folded once into one entry per customer code (first and last order day,
//! orders, exact revenue, distinct purchase days, revenue of the first
//! purchase day) and each customer's orders in day order. Every per-customer
//! fact a command needs is read here: `orders` and `report` take first order
//! days for returning customers, `customers` the RFM summary, and cohorts
//! and CLV read the same table (`rows_of`, [`Rfm`]). No I/O; it does not
//! score or name segments (that is `metrics::rfm`).

use polars::prelude::*;
use rayon::prelude::*;

use crate::input::orders::{CENTS, CUSTOMER};
use crate::input::DATE;
use crate::metrics::{prefetch, PREFETCH_AHEAD};

/// `first_day` of a customer with no counted order up to the observation
/// end.
pub const NO_DAY: i32 = i32::MAX;

/// Per customer code (the index), facts over the counted orders dated up to
/// `as_of` (all of them without it). Codes are those of the order frame, so
/// a customer whose every order is later than `as_of` keeps a code with
/// `orders == 0`.
#[derive(Debug, Clone, Default)]
pub struct CustomerTable {
    /// Day (days since 1970-01-01) of the first counted order; [`NO_DAY`]
    /// without one.
    pub first_day: Vec<i32>,
    /// Day of the last counted order; `i32::MIN` without one.
    pub last_day: Vec<i32>,
    pub orders: Vec<u32>,
    pub revenue_cents: Vec<i64>,
    /// Distinct days with a counted order (orders on one day are one
    /// purchase, as lifetimes counts them).
    pub purchase_days: Vec<u32>,
    /// Revenue of the orders on the first purchase day.
    pub first_day_cents: Vec<i64>,
    /// Frame rows of each customer, by day then row (file order):
    /// `rows[offsets[c]..offsets[c + 1]]`.
    offsets: Vec<u32>,
    rows: Vec<u32>,
}

/// Customers per parallel block when rows are sorted per customer.
const BLOCK: usize = 1 << 14;

/// The most code ranges the stage's passes over every row are shared out
/// in (each range's thread reads every row's code).
const MAX_PARTS: usize = 8;

/// `v` cut at `bounds` (ascending, the first 0 and the last `v.len()`):
/// one slice per pair of bounds.
fn split_at<'a, T>(mut v: &'a mut [T], bounds: &[usize]) -> Vec<&'a mut [T]> {
    bounds
        .windows(2)
        .map(|w| {
            let (part, rest) = std::mem::take(&mut v).split_at_mut(w[1] - w[0]);
            v = rest;
            part
        })
        .collect()
}

impl CustomerTable {
    /// The table of an order frame (`customer_id` codes, `_cents`,
    /// `_date`), cut at `as_of`; `None` when the frame has no dates (read
    /// without periods or a range, nothing asks for per-customer days).
    pub fn of_frame(frame: &DataFrame, as_of: Option<i32>) -> PolarsResult<Option<Self>> {
        Self::of_frame_with(frame, as_of, true)
    }

    /// [`of_frame`](Self::of_frame), or without `with_rows` the facts
    /// alone (what `customers` and `clv` read): each customer's rows
    /// (`rows_of`) are then left out when they are not needed to count the
    /// distinct days (see `build_with`).
    pub fn of_frame_with(
        frame: &DataFrame,
        as_of: Option<i32>,
        with_rows: bool,
    ) -> PolarsResult<Option<Self>> {
        let Ok(dates) = frame.column(DATE) else {
            return Ok(None);
        };
        let cust = frame.column(CUSTOMER)?.u32()?.rechunk();
        let cents = frame.column(CENTS)?.i64()?.rechunk();
        let dates = dates.i32()?.rechunk();
        Ok(Some(Self::build_with(
            cust.cont_slice()?,
            cents.cont_slice()?,
            dates.cont_slice()?,
            as_of,
            with_rows,
        )))
    }

    /// The table of counted orders given as parallel slices: customer
    /// code, cents and day of each order.
    #[cfg(test)]
    pub fn build(cust: &[u32], cents: &[i64], days: &[i32], as_of: Option<i32>) -> Self {
        Self::build_with(cust, cents, days, as_of, true)
    }

    /// [`build`](Self::build), with each customer's rows or not. Without
    /// them, when every customer's rows come in day order (exports in
    /// date order), the distinct days are counted in the pass over every
    /// row, and the rows are neither gathered per customer nor sorted (0.05
    /// s of `customers` on 10M orders); otherwise they are, to count them.
    fn build_with(
        cust: &[u32],
        cents: &[i64],
        days: &[i32],
        as_of: Option<i32>,
        with_rows: bool,
    ) -> Self {
        let n = cust.par_iter().max().map_or(0, |&m| m as usize + 1);
        let counted = |i: usize| as_of.is_none_or(|a| days[i] <= a);
        let mut t = CustomerTable {
            first_day: vec![NO_DAY; n],
            last_day: vec![i32::MIN; n],
            orders: vec![0; n],
            revenue_cents: vec![0; n],
            purchase_days: vec![0; n],
            first_day_cents: vec![0; n],
            offsets: Vec::new(),
            rows: Vec::new(),
        };
        // Customer codes in one range per thread: each thread goes through
        // every row for the rows of its own customers (reading 4 bytes a
        // row is cheap next to the writes at random it shares out), so no
        // entry is written by two threads and each customer's rows are
        // taken in row order, as one thread would (the one-thread pass was
        // 0.16 s of a 10M-order `engage customers`).
        let parts = rayon::current_num_threads().clamp(1, MAX_PARTS);
        let bounds: Vec<usize> = (0..=parts).map(|k| k * n / parts).collect();
        // One pass: everything, and the distinct days while each
        // customer's rows come in day order (whether they all did). Rows
        // come grouped by customer code range (see `input::encode_grouped`),
        // so each customer's entries are touched a small window at a time.
        let in_day_order = split_at(&mut t.first_day, &bounds)
            .into_iter()
            .zip(split_at(&mut t.last_day, &bounds))
            .zip(split_at(&mut t.orders, &bounds))
            .zip(split_at(&mut t.revenue_cents, &bounds))
            .zip(split_at(&mut t.first_day_cents, &bounds))
            .zip(split_at(&mut t.purchase_days, &bounds))
            .zip(bounds.windows(2))
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(
                |((((((first_day, last_day), orders), revenue), first_cents), distinct), range)| {
                    let lo = range[0];
                    let mut in_order = true;
                    for i in 0..cust.len() {
                        // Each customer's entries read ahead: a group's
                        // rows revisit a shard's customers at random,
                        // mostly out of cache (0.108 -> 0.097 s at 10M).
                        if let Some(&ahead) = cust.get(i + PREFETCH_AHEAD) {
                            let a = (ahead as usize).wrapping_sub(lo);
                            if a < orders.len() {
                                prefetch(&orders[a]);
                                prefetch(&revenue[a]);
                                prefetch(&last_day[a]);
                                prefetch(&first_day[a]);
                                prefetch(&first_cents[a]);
                                prefetch(&distinct[a]);
                            }
                        }
                        let c = (cust[i] as usize).wrapping_sub(lo);
                        if c >= orders.len() || !counted(i) {
                            continue;
                        }
                        let (day, amount) = (days[i], cents[i]);
                        orders[c] += 1;
                        revenue[c] += amount;
                        let last = &mut last_day[c];
                        if day > *last {
                            *last = day;
                            distinct[c] += 1;
                        } else if day < *last {
                            in_order = false;
                        }
                        let first = &mut first_day[c];
                        if day < *first {
                            *first = day;
                            first_cents[c] = amount;
                        } else if day == *first {
                            first_cents[c] += amount;
                        }
                    }
                    in_order
                },
            )
            .reduce(|| true, |a, b| a && b);
        if in_day_order && !with_rows {
            return t;
        }
        t.purchase_days.fill(0);
        // Each customer's rows side by side (a counting sort by code, the
        // same ranges), then put in day order and their distinct days
        // counted, blocks of customers in parallel.
        let mut offsets = Vec::with_capacity(n + 1);
        let mut at = 0u32;
        offsets.push(0);
        for &k in &t.orders {
            at += k;
            offsets.push(at);
        }
        let mut rows = vec![0u32; at as usize];
        let row_bounds: Vec<usize> = bounds.iter().map(|&b| offsets[b] as usize).collect();
        split_at(&mut rows, &row_bounds)
            .into_iter()
            .zip(bounds.windows(2))
            .collect::<Vec<_>>()
            .into_par_iter()
            .for_each(|(mine, range)| {
                let (lo, hi) = (range[0], range[1]);
                let base = offsets[lo];
                let mut next: Vec<u32> = offsets[lo..hi].iter().map(|o| o - base).collect();
                for (i, &c) in cust.iter().enumerate() {
                    let c = (c as usize).wrapping_sub(lo);
                    if c < next.len() && counted(i) {
                        let slot = &mut next[c];
                        mine[*slot as usize] = i as u32;
                        *slot += 1;
                    }
                }
            });
        let block_bounds: Vec<usize> = (0..n).step_by(BLOCK).chain([n]).collect();
        let block_rows: Vec<usize> = block_bounds.iter().map(|&b| offsets[b] as usize).collect();
        split_at(&mut rows, &block_rows)
            .into_iter()
            .zip(split_at(&mut t.purchase_days, &block_bounds))
            .zip(&block_bounds)
            .collect::<Vec<_>>()
            .into_par_iter()
            .for_each(|((block, purchase_days), &lo)| {
                let base = offsets[lo];
                for (k, distinct) in purchase_days.iter_mut().enumerate() {
                    let c = lo + k;
                    let from = (offsets[c] - base) as usize;
                    let to = (offsets[c + 1] - base) as usize;
                    let mine = &mut block[from..to];
                    if mine.len() > 1 {
                        mine.sort_unstable_by_key(|&r| (days[r as usize], r));
                    }
                    let mut last = None;
                    for &r in mine.iter() {
                        let d = days[r as usize];
                        if last != Some(d) {
                            *distinct += 1;
                            last = Some(d);
                        }
                    }
                }
            });
        t.offsets = offsets;
        t.rows = rows;
        t
    }

    /// Number of customer codes (with or without counted orders).
    pub fn n_codes(&self) -> usize {
        self.orders.len()
    }

    /// The frame rows of customer `c`'s counted orders, by day, orders of
    /// one day in file order (none in a table without rows).
    pub fn rows_of(&self, c: usize) -> &[u32] {
        match self.offsets.get(c..c + 2) {
            Some(&[from, to]) => &self.rows[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Codes of the customers with a counted order up to the observation
    /// end.
    pub fn customers(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.n_codes()).filter(|&c| self.orders[c] > 0)
    }

    /// Customer `c`'s facts, side by side.
    pub fn facts(&self, c: usize) -> Facts {
        Facts {
            revenue_cents: self.revenue_cents[c],
            first_day_cents: self.first_day_cents[c],
            first_day: self.first_day[c],
            last_day: self.last_day[c],
            orders: self.orders[c],
            purchase_days: self.purchase_days[c],
        }
    }

    /// The four summary columns of lifetimes'
    /// `summary_data_from_transaction_data`, for `customers` (codes) as
    /// the models read them: `recency` and `T` in units of `unit_days` days
    /// (1, 7 or 30.4375), counted to `end` (the observation end).
    pub fn rfm(&self, customers: &[u32], end: i32, unit_days: f64) -> Rfm {
        // One parallel pass: customers in id order jump across the table,
        // so each customer's facts are read once, the threads sharing the
        // wait.
        let columns: RfmColumns = customers
            .par_iter()
            .map(|&c| self.summary(c as usize, end).in_units(unit_days))
            .unzip();
        Rfm::from(columns)
    }

    /// [`rfm`](Self::rfm) of the customers `customers[order[k]]` for k = 0,
    /// 1..., and their codes in that order. When `order` jumps across the
    /// table (customer ids sorted as text), each customer's facts are first
    /// packed side by side in `customers`' order (reading the table in
    /// order), then read once at random per customer: one cache miss each,
    /// instead of one per fact array, started [`PREFETCH_AHEAD`] customers
    /// ahead (the step 0.096 -> 0.070 s at 10M orders).
    pub fn rfm_in_order(
        &self,
        customers: &[u32],
        order: &[usize],
        end: i32,
        unit_days: f64,
    ) -> (Vec<u32>, Rfm) {
        let packed: Vec<(u32, Summary)> = customers
            .par_iter()
            .map(|&c| (c, self.summary(c as usize, end)))
            .collect();
        let (codes, columns): (Vec<u32>, RfmColumns) = order
            .par_iter()
            .enumerate()
            .map(|(j, &k)| {
                if let Some(&ahead) = order.get(j + PREFETCH_AHEAD) {
                    prefetch(&packed[ahead]);
                }
                let (c, s) = &packed[k];
                (*c, s.in_units(unit_days))
            })
            .unzip();
        (codes, Rfm::from(columns))
    }

    /// Customer `c`'s summary, in whole days, counted to `end`.
    fn summary(&self, c: usize, end: i32) -> Summary {
        self.facts(c).summary(end)
    }
}

/// A customer's `frequency`, `recency` and `T` in whole days, and
/// `monetary_value`.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    frequency: u32,
    recency_days: i32,
    t_days: i32,
    monetary_value: f64,
}

/// One customer's four columns of [`Rfm`], as `unzip` splits them.
pub type RfmRow = (f64, (f64, (f64, f64)));
/// The four columns of [`Rfm`], as `unzip` gives them.
type RfmColumns = (Vec<f64>, (Vec<f64>, (Vec<f64>, Vec<f64>)));

impl Summary {
    /// The columns of [`Rfm`], `recency` and `T` in units of `unit_days`.
    pub fn in_units(&self, unit_days: f64) -> RfmRow {
        (
            f64::from(self.frequency),
            (
                f64::from(self.recency_days) / unit_days,
                (f64::from(self.t_days) / unit_days, self.monetary_value),
            ),
        )
    }
}

impl From<RfmColumns> for Rfm {
    fn from((frequency, (recency, (t, monetary_value))): RfmColumns) -> Self {
        Rfm {
            frequency,
            recency,
            t,
            monetary_value,
        }
    }
}

/// One customer's facts from a [`CustomerTable`] (without their rows),
/// side by side in 32 bytes: an output in another order than the codes'
/// (id order) reads each customer's once, one cache line, instead of once
/// per fact array.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Facts {
    pub revenue_cents: i64,
    /// Revenue of the orders on the first purchase day.
    pub first_day_cents: i64,
    pub first_day: i32,
    pub last_day: i32,
    pub orders: u32,
    /// Distinct days with a counted order.
    pub purchase_days: u32,
}

impl Facts {
    /// Average order value: revenue / orders, in currency units.
    pub fn aov(&self) -> f64 {
        self.revenue_cents as f64 / 100.0 / f64::from(self.orders)
    }

    /// Days from the last counted order to `end` (classic RFM recency).
    pub fn days_since_last(&self, end: i32) -> u32 {
        (end - self.last_day) as u32
    }

    /// lifetimes' `frequency`: purchase days - 1.
    pub fn frequency(&self) -> u32 {
        self.purchase_days.saturating_sub(1)
    }

    /// Revenue of the repeat purchase days (every day but the first).
    pub fn repeat_day_cents(&self) -> i64 {
        self.revenue_cents - self.first_day_cents
    }

    /// lifetimes' `monetary_value`: the mean of the repeat purchase days'
    /// revenue, in currency units; 0 for one-time customers.
    pub fn monetary_value(&self) -> f64 {
        match self.frequency() {
            0 => 0.0,
            f => self.repeat_day_cents() as f64 / 100.0 / f64::from(f),
        }
    }

    /// The summary lifetimes' models read (see [`Summary`]), counted to
    /// `end`.
    pub fn summary(&self, end: i32) -> Summary {
        Summary {
            frequency: self.frequency(),
            recency_days: self.last_day - self.first_day,
            t_days: end - self.first_day,
            monetary_value: self.monetary_value(),
        }
    }
}

/// lifetimes' per-customer summary as the BG/NBD and Gamma-Gamma models
/// read it: one entry per customer, in the order asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rfm {
    pub frequency: Vec<f64>,
    pub recency: Vec<f64>,
    pub t: Vec<f64>,
    pub monetary_value: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Customer 0: days 10 (5.00 + 3.00), 12 (2.00), 20 (4.00); customer 1:
    /// day 15 (7.00); customer 2: day 30 only (after as-of 25 in the cut
    /// table).
    fn table(as_of: Option<i32>) -> CustomerTable {
        let cust = [0, 1, 0, 0, 2, 0];
        let cents = [500, 700, 200, 400, 900, 300];
        let days = [10, 15, 12, 20, 30, 10];
        CustomerTable::build(&cust, &cents, &days, as_of)
    }

    #[test]
    fn facts_per_customer_follow_the_definitions() {
        let t = table(None);
        assert_eq!(t.first_day, [10, 15, 30]);
        assert_eq!(t.last_day, [20, 15, 30]);
        assert_eq!(t.orders, [4, 1, 1]);
        assert_eq!(t.revenue_cents, [1400, 700, 900]);
        assert_eq!(t.purchase_days, [3, 1, 1]);
        // Day 10: 5.00 + 3.00.
        assert_eq!(t.first_day_cents, [800, 700, 900]);
        let (first, second) = (t.facts(0), t.facts(1));
        assert_eq!(first.frequency(), 2);
        assert_eq!(first.repeat_day_cents(), 600);
        // (2.00 + 4.00) / 2 repeat days.
        assert_eq!(first.monetary_value(), 3.0);
        assert_eq!(second.monetary_value(), 0.0);
        assert_eq!(first.aov(), 3.5);
        assert_eq!(first.days_since_last(25), 5);
        // recency 20 - 10 = 10 days, T 25 - 10 = 15 days.
        assert_eq!(first.summary(25).in_units(1.0), (2.0, (10.0, (15.0, 3.0))));
        // By day, then file order: rows 0 and 5 (day 10), 2, 3.
        assert_eq!(t.rows_of(0), [0, 5, 2, 3]);
    }

    /// Without rows, the facts are the same: from the rows sorted per
    /// customer when they do not come in day order (the first days: customer
    /// 0's day 10 after day 20), counted in the pass over the rows when they
    /// do (the second).
    #[test]
    fn facts_without_rows_are_the_same() {
        let (cust, cents) = ([0, 1, 0, 0, 2, 0], [500, 700, 200, 400, 900, 300]);
        for days in [[10, 15, 12, 20, 30, 10], [10, 15, 10, 12, 30, 20]] {
            for as_of in [None, Some(11), Some(25)] {
                let with = CustomerTable::build_with(&cust, &cents, &days, as_of, true);
                let facts = CustomerTable::build_with(&cust, &cents, &days, as_of, false);
                for c in 0..3 {
                    assert_eq!(facts.facts(c), with.facts(c), "{days:?} {as_of:?} {c}");
                }
                assert_eq!(facts.purchase_days, with.purchase_days);
            }
        }
    }

    #[test]
    fn orders_after_the_observation_end_are_left_out() {
        let t = table(Some(25));
        assert_eq!(t.orders, [4, 1, 0]);
        assert_eq!(t.first_day[2], NO_DAY);
        assert_eq!(t.customers().collect::<Vec<_>>(), [0, 1]);
        assert!(t.rows_of(2).is_empty());
        // recency 20 - 10 = 10 days, T 25 - 10 = 15 days; in weeks / 7.
        let rfm = t.rfm(&[0, 1], 25, 7.0);
        assert_eq!(rfm.frequency, [2.0, 0.0]);
        assert_eq!(rfm.recency, [10.0 / 7.0, 0.0]);
        assert_eq!(rfm.t, [15.0 / 7.0, 10.0 / 7.0]);
        assert_eq!(rfm.monetary_value, [3.0, 0.0]);
        // The same customers read in the order 1, 0 (positions into the
        // list of codes), with their codes.
        let (codes, reordered) = t.rfm_in_order(&[0, 1], &[1, 0], 25, 7.0);
        assert_eq!(codes, [1, 0]);
        assert_eq!(reordered, t.rfm(&[1, 0], 25, 7.0));
        assert_eq!(reordered.t, [10.0 / 7.0, 15.0 / 7.0]);
    }
}
