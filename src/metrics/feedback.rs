//! Feedback by customer value (METRICS.md, "Feedback by customer value"):
//! survey responses linked to customers' counted orders. Each response's
//! customer group is judged from the orders **strictly before** its day
//! (no look-ahead: an order on the response day is not history), and its
//! behaviour is the orders in the `after` days that follow the response
//! day. Reads the per-customer stage (`customers::CustomerTable`: each
//! customer's orders in day order) and answers every response by binary
//! search in its customer's orders, never by a join per response. It does
//! not read files or link ids (the command does); no I/O.

use std::ops::Range;

use polars::prelude::{DataFrame, PolarsResult};

use super::compare::{newcombe, welch, Change};
use super::customers::CustomerTable;
use super::period::{label, period_start};
use super::rfm::{SegmentRules, SCORES};
use super::scope::span;
use super::survey::{wilson, PASSIVE_FROM, PROMOTER_FROM};
use crate::cli::Period;
use crate::input::orders::CENTS;
use crate::input::DATE;

/// Each customer's counted orders in day order with their running revenue:
/// what every response is judged against.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Orders of customer code `c`: `offsets[c]..offsets[c + 1]`.
    offsets: Vec<u32>,
    days: Vec<i32>,
    cents: Vec<i64>,
    /// Revenue of the customer's orders up to and including this one.
    running: Vec<i64>,
}

impl History {
    /// The history of every customer of `table` (built over the frame
    /// whose order days and cents are `days` and `cents`, not cut).
    pub fn of(table: &CustomerTable, days: &[i32], cents: &[i64]) -> Self {
        let n = table.n_codes();
        let orders = (0..n).map(|c| table.rows_of(c).len()).sum();
        let mut h = History {
            offsets: Vec::with_capacity(n + 1),
            days: Vec::with_capacity(orders),
            cents: Vec::with_capacity(orders),
            running: Vec::with_capacity(orders),
        };
        h.offsets.push(0);
        for c in 0..n {
            let mut sum = 0i64;
            for &r in table.rows_of(c) {
                let r = r as usize;
                sum += cents[r];
                h.days.push(days[r]);
                h.cents.push(cents[r]);
                h.running.push(sum);
            }
            h.offsets.push(h.days.len() as u32);
        }
        h
    }

    /// The history of an order frame (`_cents`, `_date`) and its
    /// per-customer stage (not cut).
    pub fn of_frame(table: &CustomerTable, frame: &DataFrame) -> PolarsResult<Self> {
        let days = frame.column(DATE)?.i32()?.rechunk();
        let cents = frame.column(CENTS)?.i64()?.rechunk();
        Ok(Self::of(table, days.cont_slice()?, cents.cont_slice()?))
    }

    fn span(&self, c: u32) -> Range<usize> {
        let c = c as usize;
        self.offsets[c] as usize..self.offsets[c + 1] as usize
    }

    /// Index of the first order of customer `c` dated after `day`
    /// (`strict`: on or after `day`).
    fn cut(&self, c: u32, day: i32, strict: bool) -> usize {
        let span = self.span(c);
        let days = &self.days[span.clone()];
        span.start
            + match strict {
                true => days.partition_point(|&d| d < day),
                false => days.partition_point(|&d| d <= day),
            }
    }

    /// Revenue (cents) of the orders `span.start..i` of the customer whose
    /// orders start at `span.start`.
    fn revenue_to(&self, start: usize, i: usize) -> i64 {
        if i > start {
            self.running[i - 1]
        } else {
            0
        }
    }

    /// What customer `c` had bought strictly before `day`: orders, revenue
    /// in cents, and the day of the first and of the last of them.
    pub fn before(&self, c: u32, day: i32) -> Before {
        let span = self.span(c);
        let end = self.cut(c, day, true);
        let (first, last) = match end > span.start {
            true => (Some(self.days[span.start]), Some(self.days[end - 1])),
            false => (None, None),
        };
        Before {
            orders: (end - span.start) as u32,
            cents: self.revenue_to(span.start, end),
            first,
            last,
        }
    }

    /// Indices of customer `c`'s orders in the window after `day`: dated
    /// `day + 1` to `day + after`, inclusive.
    pub fn window(&self, c: u32, day: i32, after: u32) -> Range<usize> {
        let end = day.saturating_add(after.min(i32::MAX as u32) as i32);
        self.cut(c, day, false)..self.cut(c, end, false)
    }

    /// Revenue (cents) of the orders at `range` (one customer's).
    pub fn revenue(&self, range: &Range<usize>) -> i64 {
        self.cents[range.clone()].iter().sum()
    }

    /// Orders of customer `c` dated exactly `day`.
    pub fn on_day(&self, c: u32, day: i32) -> u32 {
        (self.cut(c, day, false) - self.cut(c, day, true)) as u32
    }
}

/// A customer's counted orders strictly before a response day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Before {
    pub orders: u32,
    pub cents: i64,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

/// How respondents are grouped (`--by-customer`).
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    /// new / one-time / repeat.
    History,
    /// The RFM segment as of the day before the response.
    Rfm(&'a SegmentRules),
    /// Quartile of revenue to date among every customer with an order.
    Spend,
    /// Acquisition cohort: the period of the first order.
    Cohort(Period),
}

/// The group of a respondent with no counted order before the response,
/// in every grouping.
pub const NEW: &str = "new";

/// Every grouping's groups, in order, and each response's group
/// (`None`: the response is not linked to a customer).
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    pub names: Vec<String>,
    pub of: Vec<Option<u32>>,
}

/// Quartiles of revenue to date (`spend`).
pub const QUARTILES: u64 = 4;

/// Groups of the linked responses (`customer[i]`, answered on `day[i]`),
/// each judged from the orders strictly before its day.
pub fn groups(h: &History, customer: &[Option<u32>], day: &[i32], by: By) -> Groups {
    let befores = {
        let mut out = vec![None; customer.len()];
        for (c, i) in by_customer(customer) {
            out[i] = Some(h.before(c, day[i]));
        }
        out
    };
    let before = |i: usize| befores[i];
    match by {
        By::History => Groups {
            names: [NEW, "one-time", "repeat"].map(String::from).to_vec(),
            of: (0..customer.len())
                .map(|i| before(i).map(|b| b.orders.min(2)))
                .collect(),
        },
        By::Cohort(period) => {
            let start = |i: usize| before(i).map(|b| b.first.map(|f| period_start(f, period)));
            let starts: Vec<Option<Option<i32>>> = (0..customer.len()).map(start).collect();
            let mut cohorts: Vec<i32> = starts.iter().flatten().flatten().copied().collect();
            cohorts.sort_unstable();
            cohorts.dedup();
            let names = std::iter::once(NEW.to_string())
                .chain(cohorts.iter().map(|&s| label(s, period)))
                .collect();
            let of = starts
                .iter()
                .map(|s| {
                    s.map(|first| match first {
                        None => 0,
                        Some(s) => 1 + cohorts.partition_point(|&x| x < s) as u32,
                    })
                })
                .collect();
            Groups { names, of }
        }
        By::Spend => {
            let ranks = ranks_as_of(h, customer, day);
            let names = std::iter::once(NEW.to_string())
                .chain((1..=QUARTILES).map(|q| match q {
                    1 => "Q1 (lowest 25%)".to_string(),
                    QUARTILES => format!("Q{q} (highest 25%)"),
                    _ => format!("Q{q}"),
                }))
                .collect();
            let of = ranks
                .iter()
                .map(|r| r.map(|r| r.map_or(0, |r| score(r.below_m, r.n, QUARTILES) as u32)))
                .collect();
            Groups { names, of }
        }
        By::Rfm(rules) => {
            let ranks = ranks_as_of(h, customer, day);
            let names = std::iter::once(NEW.to_string())
                .chain(rules.names().into_iter().map(String::from))
                .collect();
            let of = ranks
                .iter()
                .map(|r| {
                    r.map(|r| {
                        r.map_or(0, |r| {
                            let s = |below| score(below, r.n, SCORES);
                            1 + rules.segment(s(r.below_r), s(r.below_f), s(r.below_m)) as u32
                        })
                    })
                })
                .collect();
            Groups { names, of }
        }
    }
}

/// The linked responses as (customer code, response index), in customer
/// order: each customer's orders are then read once, side by side, rather
/// than at random across the history.
fn by_customer(customer: &[Option<u32>]) -> Vec<(u32, usize)> {
    let mut out: Vec<(u32, usize)> = customer
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (c, i)))
        .collect();
    out.sort_unstable();
    out
}

/// `1 + floor(classes * below / n)`: the score of a value with `below`
/// strictly worse values among `n` (`rfm::quintile_scores`' rule).
fn score(below: u64, n: u64, classes: u64) -> u8 {
    (1 + classes * below / n.max(1)) as u8
}

/// Where a respondent's values stood among every customer with a counted
/// order before the response day: `n` such customers, and how many of them
/// had a strictly earlier last order, fewer orders, less revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    pub n: u64,
    pub below_r: u64,
    pub below_f: u64,
    pub below_m: u64,
}

/// A Fenwick tree of counts: how many values are below a position, as
/// values come and go.
struct Counts(Vec<u32>);

impl Counts {
    fn new(n: usize) -> Self {
        Counts(vec![0; n + 1])
    }

    fn add(&mut self, i: usize, delta: i32) {
        let mut i = i + 1;
        while i < self.0.len() {
            self.0[i] = self.0[i].wrapping_add_signed(delta);
            i += i & i.wrapping_neg();
        }
    }

    /// Values at positions below `i`.
    fn below(&self, i: usize) -> u64 {
        let (mut i, mut sum) = (i, 0u64);
        while i > 0 {
            sum += u64::from(self.0[i]);
            i -= i & i.wrapping_neg();
        }
        sum
    }
}

/// Each linked response's [`Rank`] as of the day before it (`None` inside:
/// the respondent had no counted order before it), for every response on
/// one sweep through the order days: the orders dated before a response
/// day are applied to counts of customers by last order day, order count
/// and revenue to date (Fenwick trees), then that day's responses are
/// ranked. The same scores as `engage customers --as-of` the day before,
/// for every response at once. Revenues are counted in the intervals
/// between the respondents' own revenues (all a rank needs), so the
/// revenue tree has one place per distinct respondent revenue, not per
/// order.
///
/// The sweep reads only the trees and one array in day order: each
/// order's places (and its predecessor's, which it replaces) are found
/// beforehand, in history order, and put in day order by a counting sort
/// on the day; the k-th order of a customer in day order is the k-th of
/// their history, so no per-customer state is read at random in the
/// sweep.
pub fn ranks_as_of(
    h: &History,
    customer: &[Option<u32>],
    day: &[i32],
) -> Vec<Option<Option<Rank>>> {
    use rayon::prelude::*;
    let n_codes = h.offsets.len().saturating_sub(1);
    let (days, day_place) = distinct_days(&h.days);
    // The respondents' revenues before their response days.
    let mut asked: Vec<i64> = by_customer(customer)
        .into_iter()
        .map(|(c, i)| h.before(c, day[i]))
        .filter(|b| b.orders > 0)
        .map(|b| b.cents)
        .collect();
    asked.par_sort_unstable();
    asked.dedup();
    let max_orders = (0..n_codes as u32)
        .map(|c| h.span(c).len())
        .max()
        .unwrap_or(0);
    // Each order's place in the revenue tree, found once (in parallel): how
    // many asked revenues are at most it; the revenues below the asked
    // revenue at index j are exactly those at places 0..=j.
    let revenue_place = places(&h.running, |&r| asked.partition_point(|&x| x <= r));
    // Each response, in day order: its customer's count of orders before
    // it, and the places of the last of them.
    let mut responses: Vec<usize> = (0..customer.len())
        .filter(|&i| customer[i].is_some())
        .collect();
    responses.sort_by_key(|&i| day[i]);
    let asks: Vec<(usize, Option<Ask>)> = responses
        .par_iter()
        .map(|&i| {
            let c = customer[i].unwrap_or_default();
            let start = h.offsets[c as usize] as usize;
            let end = h.cut(c, day[i], true);
            let ask = (end > start).then(|| Ask {
                k: (end - start) as u32,
                day: day_place[end - 1],
                revenue: revenue_place[end - 1],
            });
            (i, ask)
        })
        .collect();
    // The orders in day order (within a day in history order): each one's
    // order count and places, and its predecessor's places.
    let mut bucket = vec![0usize; days.len() + 1];
    for &p in &day_place {
        bucket[p as usize + 1] += 1;
    }
    for p in 1..bucket.len() {
        bucket[p] += bucket[p - 1];
    }
    let mut next = bucket.clone();
    let mut steps = vec![Step::default(); h.days.len()];
    for c in 0..n_codes as u32 {
        let span = h.span(c);
        let start = span.start;
        for at in span {
            let (prev_day, prev_revenue) = match at > start {
                true => (day_place[at - 1], revenue_place[at - 1]),
                false => (0, 0),
            };
            let slot = &mut next[day_place[at] as usize];
            steps[*slot] = Step {
                k: (at - start + 1) as u32,
                prev_day,
                prev_revenue,
                revenue: revenue_place[at],
            };
            *slot += 1;
        }
    }
    drop((day_place, revenue_place, next));
    let (mut by_day, mut by_count, mut by_revenue) = (
        Counts::new(days.len()),
        Counts::new(max_orders + 1),
        Counts::new(asked.len() + 1),
    );
    let mut out = vec![None; customer.len()];
    let (mut applied_days, mut customers) = (0, 0u64);
    for (i, ask) in asks {
        // Apply the orders of every day before the response's.
        let d = day[i];
        while applied_days < days.len() && days[applied_days] < d {
            for step in &steps[bucket[applied_days]..bucket[applied_days + 1]] {
                if step.k > 1 {
                    by_day.add(step.prev_day as usize, -1);
                    by_count.add(step.k as usize - 1, -1);
                    by_revenue.add(step.prev_revenue as usize, -1);
                } else {
                    customers += 1;
                }
                by_day.add(applied_days, 1);
                by_count.add(step.k as usize, 1);
                by_revenue.add(step.revenue as usize, 1);
            }
            applied_days += 1;
        }
        out[i] = Some(ask.map(|a| Rank {
            n: customers,
            below_r: by_day.below(a.day as usize),
            below_f: by_count.below(a.k as usize),
            // The respondent's revenue is asked revenue j, at place j + 1:
            // the customers below it are at places 0..=j.
            below_m: by_revenue.below(a.revenue as usize),
        }));
    }
    out
}

/// A response's customer as of the day before it: their count of orders,
/// and the day and revenue places of the last.
#[derive(Debug, Clone, Copy)]
struct Ask {
    k: u32,
    day: u32,
    revenue: u32,
}

/// An order as the sweep applies it: the customer's count of orders with
/// it, its revenue place, and the places of the customer's previous order
/// (which it replaces; unused when `k` is 1). Its day place is its bucket.
#[derive(Debug, Clone, Copy, Default)]
struct Step {
    k: u32,
    prev_day: u32,
    prev_revenue: u32,
    revenue: u32,
}

/// The distinct values of `days`, sorted, and each day's index among them:
/// from a count per day when the days span a bounded range (they do in
/// any real export), else by a sort.
fn distinct_days(days: &[i32]) -> (Vec<i32>, Vec<u32>) {
    let Some((lo, hi)) = span(days) else {
        return (Vec::new(), Vec::new());
    };
    let span = hi.abs_diff(lo) as usize + 1;
    if span > MAX_DAY_SPAN {
        let mut distinct = days.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let place = places(days, |&d| distinct.partition_point(|&x| x < d));
        return (distinct, place);
    }
    let mut present = vec![false; span];
    for &d in days {
        present[d.abs_diff(lo) as usize] = true;
    }
    let mut distinct = Vec::new();
    let mut place_of = vec![0u32; span];
    for (k, &p) in present.iter().enumerate() {
        place_of[k] = distinct.len() as u32;
        if p {
            distinct.push(lo + k as i32);
        }
    }
    let place = places(days, |&d| place_of[d.abs_diff(lo) as usize] as usize);
    (distinct, place)
}

/// Days spanned by a count per day at most (about 27,000 years).
const MAX_DAY_SPAN: usize = 1 << 23;

/// `place` of every value, in parallel.
fn places<T: Sync>(values: &[T], place: impl Fn(&T) -> usize + Sync) -> Vec<u32> {
    use rayon::prelude::*;
    values.par_iter().map(|v| place(v) as u32).collect()
}

/// Values of one group, for means and Welch intervals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sample(pub Vec<f64>);

impl Sample {
    pub fn mean(&self) -> Option<f64> {
        (!self.0.is_empty()).then(|| self.0.iter().sum::<f64>() / self.0.len() as f64)
    }

    /// The sample variance (n - 1 in the denominator), two passes.
    pub fn variance(&self) -> Option<f64> {
        let m = self.mean()?;
        let n = self.0.len();
        (n > 1).then(|| self.0.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64)
    }

    fn welch_side(&self) -> (f64, f64, u64) {
        (
            self.mean().unwrap_or(0.0),
            self.variance().unwrap_or(0.0),
            self.0.len() as u64,
        )
    }
}

/// What the respondents of one feedback group did in the window after
/// answering: one entry per response whose window the order data covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Behaviour {
    pub responses: u64,
    /// Responses followed by at least one counted order in the window.
    pub ordered_again: u64,
    /// Orders in the window, per response.
    pub orders: Sample,
    /// Revenue in the window, per response, in currency units.
    pub revenue: Sample,
    /// The amount of every order in the windows, in currency units.
    pub amounts: Sample,
    /// Exact revenue in the windows, cents.
    pub cents: i64,
}

impl Behaviour {
    /// 100 * ordered_again / responses.
    pub fn ordered_again_pct(&self) -> Option<f64> {
        (self.responses > 0).then(|| 100.0 * self.ordered_again as f64 / self.responses as f64)
    }

    /// The Wilson interval of `ordered_again_pct`.
    pub fn ordered_again_interval(&self) -> Option<(f64, f64)> {
        wilson(self.ordered_again, self.responses)
    }

    /// Window revenue / window orders; `None` without orders.
    pub fn aov(&self) -> Option<f64> {
        let n = self.amounts.0.len();
        (n > 0).then(|| self.cents as f64 / 100.0 / n as f64)
    }
}

/// The feedback groups of the behaviour table, in order.
pub const FEEDBACK_GROUPS: [&str; 5] = [
    "promoters",
    "passives",
    "detractors",
    "satisfied",
    "not satisfied",
];

/// Indices into [`FEEDBACK_GROUPS`].
pub const PROMOTERS: usize = 0;
pub const DETRACTORS: usize = 2;
pub const SATISFIED: usize = 3;
pub const NOT_SATISFIED: usize = 4;

/// Behaviour per feedback group and the linked responses left out because
/// the order data ends before their window does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct After {
    pub groups: [Behaviour; 5],
    pub window_incomplete: u64,
    /// Counted orders dated on the day of a linked response: neither
    /// history nor behaviour (the day's order of events is unknown).
    pub orders_on_response_day: u64,
}

/// The answers of the responses: NPS 0-10 and CSAT per response (`None`:
/// blank), and where "satisfied" starts.
pub struct Answers<'a> {
    pub nps: &'a [Option<u8>],
    pub csat: &'a [Option<u8>],
    pub satisfied_from: u8,
}

/// Behaviour in the `after` days that follow each linked response's day
/// (day + 1 to day + after), per feedback group; a response whose window
/// ends after `data_end` (the last counted order day read) is left out
/// and counted. A response with both scores counts in both families.
pub fn after(
    h: &History,
    customer: &[Option<u32>],
    day: &[i32],
    answers: &Answers,
    after: u32,
    data_end: i32,
) -> After {
    let mut out = After::default();
    for (c, i) in by_customer(customer) {
        out.orders_on_response_day += u64::from(h.on_day(c, day[i]));
        let families = [
            answers.nps[i].map(|a| match usize::from(a) {
                a if a >= PROMOTER_FROM => PROMOTERS,
                a if a >= PASSIVE_FROM => 1,
                _ => DETRACTORS,
            }),
            answers.csat[i].map(|a| match a >= answers.satisfied_from {
                true => SATISFIED,
                false => NOT_SATISFIED,
            }),
        ];
        if families == [None, None] {
            continue;
        }
        if i64::from(day[i]) + i64::from(after) > i64::from(data_end) {
            out.window_incomplete += 1;
            continue;
        }
        let window = h.window(c, day[i], after);
        let cents = h.revenue(&window);
        for g in families.into_iter().flatten() {
            let b = &mut out.groups[g];
            b.responses += 1;
            b.ordered_again += u64::from(!window.is_empty());
            b.orders.0.push(window.len() as f64);
            b.revenue.0.push(cents as f64 / 100.0);
            b.amounts
                .0
                .extend(h.cents[window.clone()].iter().map(|&x| x as f64 / 100.0));
            b.cents += cents;
        }
    }
    out
}

/// One group's behaviour minus another's, each with its 95% interval:
/// the share who ordered again (points; Newcombe's hybrid score interval),
/// orders and revenue per response and AOV (Welch; AOV over the windows'
/// order amounts). `None` where a side has too few values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub ordered_again_pct: Option<Change>,
    pub orders_per_response: Option<Change>,
    pub revenue_per_response: Option<Change>,
    pub aov: Option<Change>,
}

pub fn difference(a: &Behaviour, b: &Behaviour) -> Difference {
    let share = |x: &Behaviour| Some((x.ordered_again_pct()?, x.ordered_again_interval()?));
    Difference {
        ordered_again_pct: share(a).zip(share(b)).map(|(a, b)| newcombe(a, b)),
        orders_per_response: welch(a.orders.welch_side(), b.orders.welch_side()),
        revenue_per_response: welch(a.revenue.welch_side(), b.revenue.welch_side()),
        aov: welch(a.amounts.welch_side(), b.amounts.welch_side()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::rfm::quintile_scores;

    /// Customer 0: days 10 (5.00), 10 (3.00), 20 (2.00), 40 (4.00);
    /// customer 1: day 15 (7.00); customer 2: day 30 (1.00).
    fn history() -> (CustomerTable, History) {
        let cust = [0, 1, 0, 0, 2, 0];
        let cents = [500, 700, 200, 400, 100, 300];
        let days = [10, 15, 20, 40, 30, 10];
        let table = CustomerTable::build(&cust, &cents, &days, None);
        let h = History::of(&table, &days, &cents);
        (table, h)
    }

    #[test]
    fn history_before_a_day_leaves_that_day_out() {
        let (_, h) = history();
        let none = Before {
            orders: 0,
            cents: 0,
            first: None,
            last: None,
        };
        // Before the first order, and on its day: nothing yet.
        assert_eq!(h.before(0, 5), none);
        assert_eq!(h.before(0, 10), none);
        // Day 11: both day-10 orders, 8.00.
        assert_eq!(
            h.before(0, 11),
            Before {
                orders: 2,
                cents: 800,
                first: Some(10),
                last: Some(10)
            }
        );
        assert_eq!(h.before(0, 41).cents, 1400);
        assert_eq!(h.on_day(0, 10), 2);
    }

    #[test]
    fn the_window_starts_the_day_after_and_includes_its_last_day() {
        let (_, h) = history();
        // After day 10 for 10 days: days 11..=20 hold the 2.00 order.
        let w = h.window(0, 10, 10);
        assert_eq!((w.len(), h.revenue(&w)), (1, 200));
        // After day 10 for 9 days: days 11..=19, nothing.
        assert!(h.window(0, 10, 9).is_empty());
        // After day 9 for 1 day: day 10's two orders.
        assert_eq!(h.revenue(&h.window(0, 9, 1)), 800);
    }

    #[test]
    fn history_groups_are_new_one_time_and_repeat() {
        let (_, h) = history();
        let customer = [Some(0), Some(0), Some(0), Some(1), None];
        let day = [10, 11, 25, 16, 16];
        let g = groups(&h, &customer, &day, By::History);
        assert_eq!(g.names, ["new", "one-time", "repeat"]);
        // Day 10: the order that day is not history (new); day 11: two
        // orders on one day are two orders (repeat).
        assert_eq!(g.of, [Some(0), Some(2), Some(2), Some(1), None]);
    }

    #[test]
    fn cohort_groups_follow_the_first_order_before_the_response() {
        let (_, h) = history();
        // Day 0 = 1970-01-01; customer 0's first order (day 10) is in
        // 1970-01, customer 2's (day 30) in 1970-01 too, by month.
        let g = groups(
            &h,
            &[Some(0), Some(2), Some(2)],
            &[11, 30, 45],
            By::Cohort(Period::Month),
        );
        assert_eq!(g.names, ["new", "1970-01"]);
        assert_eq!(g.of, [Some(1), Some(0), Some(1)]);
    }

    /// The sweep's scores equal `engage customers`' scores (quintiles over
    /// the table cut the day before) for every response day.
    #[test]
    fn ranks_equal_the_scores_of_the_table_cut_the_day_before() {
        // 7 customers, orders over days 1..=30 with ties.
        let cust = [0, 1, 2, 0, 3, 4, 1, 5, 6, 2, 0, 3, 6, 4, 5, 1];
        let cents = [
            500, 700, 100, 300, 700, 50, 200, 900, 100, 400, 100, 100, 50, 650, 0, 300,
        ];
        let days = [1, 2, 2, 5, 5, 6, 8, 9, 9, 12, 15, 15, 20, 22, 25, 30];
        let table = CustomerTable::build(&cust, &cents, &days, None);
        let h = History::of(&table, &days, &cents);
        for d in 1..=32 {
            let customer: Vec<Option<u32>> = (0..7).map(Some).collect();
            let day = vec![d; 7];
            let ranks = ranks_as_of(&h, &customer, &day);
            let cut = CustomerTable::build(&cust, &cents, &days, Some(d - 1));
            let with: Vec<usize> = cut.customers().collect();
            let values =
                |f: &dyn Fn(usize) -> i64| -> Vec<i64> { with.iter().map(|&c| f(c)).collect() };
            let r = quintile_scores(&values(&|c| i64::from(cut.last_day[c])));
            let f = quintile_scores(&values(&|c| i64::from(cut.orders[c])));
            let m = quintile_scores(&values(&|c| cut.revenue_cents[c]));
            for (c, got) in ranks.iter().enumerate() {
                let got = got.expect("linked");
                match with.iter().position(|&x| x == c) {
                    None => assert_eq!(got, None, "day {d} customer {c}"),
                    Some(k) => {
                        let rank = got.expect("has orders");
                        let s = |b| score(b, rank.n, SCORES);
                        assert_eq!(
                            (s(rank.below_r), s(rank.below_f), s(rank.below_m)),
                            (r[k], f[k], m[k]),
                            "day {d} customer {c}"
                        );
                    }
                }
            }
        }
    }

    /// Distinct days and places, by a count per day and (days spanning
    /// more than `MAX_DAY_SPAN`) by a sort: the same answer.
    #[test]
    fn distinct_days_by_count_and_by_sort_agree() {
        assert_eq!(
            distinct_days(&[7, -3, 7, 0]),
            (vec![-3, 0, 7], vec![2, 0, 2, 1])
        );
        let far = MAX_DAY_SPAN as i32;
        assert_eq!(
            distinct_days(&[far, -3, far, 0]),
            (vec![-3, 0, far], vec![2, 0, 2, 1])
        );
        assert_eq!(distinct_days(&[]), (vec![], vec![]));
    }

    #[test]
    fn behaviour_counts_each_response_and_leaves_cut_windows_out() {
        let (_, h) = history();
        // Data ends on day 40. Responses: customer 0 on day 10 (promoter,
        // window 11..=30: one order of 2.00), customer 1 on day 15
        // (detractor, nothing after), customer 0 on day 35 (detractor,
        // window 36..=55 cut by the end: left out), customer 2 unlinked.
        let customer = [Some(0), Some(1), Some(0), None];
        let day = [10, 15, 35, 20];
        let nps = [Some(10), Some(3), Some(0), Some(9)];
        let csat = [Some(5), None, None, None];
        let answers = Answers {
            nps: &nps,
            csat: &csat,
            satisfied_from: 4,
        };
        let a = after(&h, &customer, &day, &answers, 20, 40);
        assert_eq!(a.window_incomplete, 1);
        // Two day-10 orders on the day customer 0 answered, one on day 15
        // when customer 1 did.
        assert_eq!(a.orders_on_response_day, 3);
        let p = &a.groups[PROMOTERS];
        assert_eq!((p.responses, p.ordered_again, p.cents), (1, 1, 200));
        assert_eq!(p.aov(), Some(2.0));
        let d = &a.groups[DETRACTORS];
        assert_eq!((d.responses, d.ordered_again), (1, 0));
        assert_eq!(d.aov(), None);
        assert_eq!(a.groups[SATISFIED].responses, 1);
    }

    #[test]
    fn welch_interval_by_hand() {
        // a = 1, 2, 3, 4 (mean 2.5, variance 5/3); b = 0, 0, 1 (mean 1/3,
        // variance 1/3). se² = 5/12 + 1/9 = 0.527778; df = 0.278549 /
        // ((5/12)²/3 + (1/9)²/2) = 4.349398. scipy 1.17
        // (`ttest_ind(a, b, equal_var=False).confidence_interval()`):
        // 0.2119497104985164 to 4.121383622834816.
        let a = Sample(vec![1.0, 2.0, 3.0, 4.0]);
        let b = Sample(vec![0.0, 0.0, 1.0]);
        let c = welch(a.welch_side(), b.welch_side()).unwrap();
        assert!((c.delta - 13.0 / 6.0).abs() < 1e-12);
        assert!((c.low - 0.211_949_710_498_516_4).abs() < 1e-9, "{c:?}");
        assert!((c.high - 4.121_383_622_834_816).abs() < 1e-9, "{c:?}");
        assert!(c.significant());
        assert!(welch(a.welch_side(), Sample(vec![1.0]).welch_side()).is_none());
    }
}
