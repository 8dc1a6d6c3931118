//! Order metrics (METRICS.md, "Orders"): exact counts per scope, and one
//! pure function per derived metric. No I/O.
//!
//! A scope is one (period, segment...) row, or the total over the filtered
//! range. Per scope, orders and cents are tallied per customer, then summed;
//! every count is exact (integers, revenue in cents).

use std::borrow::Cow;

use polars::prelude::*;
use rayon::prelude::*;

use super::scope::{span, Grouping, Scoped, Scopes, NO_SCOPE};
use crate::input::orders::{CENTS, CUSTOMER};

/// A customer with at least this many orders in a scope is a repeat customer.
pub const REPEAT_MIN_ORDERS: u64 = 2;

/// The exact counts of one scope; every metric derives from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderCounts {
    pub orders: u64,
    pub customers: u64,
    pub revenue_cents: i64,
    pub repeat_customers: u64,
    /// Revenue from customers with `REPEAT_MIN_ORDERS` or more orders in
    /// the scope.
    pub repeat_revenue_cents: i64,
    pub returning_customers: u64,
    /// Whether any order read lies before the scope began, i.e. whether
    /// "returning" can be told at all (false for the first period).
    pub has_history: bool,
    /// Guest orders (blank customer id, `--guest-orders include`) and
    /// their revenue: part of `orders` and `revenue_cents`, of no customer.
    pub guest_orders: u64,
    pub guest_revenue_cents: i64,
}

/// `a / b`, or `None` when `b` is zero.
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

impl OrderCounts {
    /// Adds a customer with `n` orders worth `cents` in the scope.
    fn add_customer(&mut self, n: u64, cents: i64) {
        self.orders += n;
        self.customers += 1;
        self.revenue_cents += cents;
        if n >= REPEAT_MIN_ORDERS {
            self.repeat_customers += 1;
            self.repeat_revenue_cents += cents;
        }
    }

    /// Adds the scope's `n` guest orders worth `cents`.
    fn add_guests(&mut self, n: u64, cents: i64) {
        self.orders += n;
        self.revenue_cents += cents;
        self.guest_orders = n;
        self.guest_revenue_cents = cents;
    }

    /// Adds the counts of the same scope over other customers.
    fn merge(&mut self, other: &OrderCounts) {
        self.orders += other.orders;
        self.customers += other.customers;
        self.revenue_cents += other.revenue_cents;
        self.repeat_customers += other.repeat_customers;
        self.repeat_revenue_cents += other.repeat_revenue_cents;
        self.returning_customers += other.returning_customers;
        self.guest_orders += other.guest_orders;
        self.guest_revenue_cents += other.guest_revenue_cents;
    }

    /// revenue / orders, in currency units. `None` when there are no orders.
    pub fn aov(&self) -> Option<f64> {
        // One division (cents by orders * 100), one rounding: dividing by
        // the orders and then by 100 rounds twice (25.504499999999997).
        ratio(self.revenue_cents as f64, self.orders as f64 * 100.0)
    }

    /// Orders of identified customers / customers (guest orders have no
    /// customer). `None` when there are no customers.
    pub fn purchase_frequency(&self) -> Option<f64> {
        ratio(
            (self.orders - self.guest_orders) as f64,
            self.customers as f64,
        )
    }

    /// Revenue of identified customers' orders, in cents.
    fn customer_revenue_cents(&self) -> i64 {
        self.revenue_cents - self.guest_revenue_cents
    }

    /// 100 * repeat_customers / customers. `None` when there are no
    /// customers.
    pub fn repeat_purchase_rate(&self) -> Option<f64> {
        ratio(100.0 * self.repeat_customers as f64, self.customers as f64)
    }

    /// 100 * returning_customers / customers. `None` for a scope with no
    /// earlier data to return from (the first period), or no customers.
    pub fn returning_customer_rate(&self) -> Option<f64> {
        if !self.has_history {
            return None;
        }
        ratio(
            100.0 * self.returning_customers as f64,
            self.customers as f64,
        )
    }

    /// Customers whose first order in the data read lies in this scope:
    /// every customer of the scope who is not returning, so that
    /// `new_customers + returning_customers = customers` in every row.
    pub fn new_customers(&self) -> u64 {
        self.customers - self.returning_customers
    }

    /// 100 * revenue from repeat customers / revenue of identified
    /// customers (all revenue when there are no guest orders). `None` when
    /// that revenue is zero.
    pub fn repeat_revenue_share(&self) -> Option<f64> {
        ratio(
            100.0 * self.repeat_revenue_cents as f64,
            self.customer_revenue_cents() as f64,
        )
    }

    /// (revenue per repeat customer) / (revenue per one-time customer).
    /// `None` when either group is empty or one-time revenue is zero.
    pub fn repeat_vs_one_time_spend(&self) -> Option<f64> {
        let one_time = self.customers - self.repeat_customers;
        let per_repeat = ratio(
            self.repeat_revenue_cents as f64,
            self.repeat_customers as f64,
        )?;
        let per_one_time = ratio(
            (self.customer_revenue_cents() - self.repeat_revenue_cents) as f64,
            one_time as f64,
        )?;
        ratio(per_repeat, per_one_time)
    }
}

/// Counts per (period, segment...) scope, in no particular order, and the
/// total over the `--since`/`--until` range.
///
/// `orders` holds one row per counted order: customer_id (dense u32 codes
/// from 0), _cents, _date (when `by`, `since` or `until` is set) and the
/// segment columns (u32 codes, null for blank). Orders outside the range
/// still count as history for `returning_customers`: a customer returns to
/// a scope when their first order read (guest orders aside) lies before the
/// scope starts; only a scope that starts somewhere (a period, or `--since`)
/// can have returning customers.
///
/// Because customers are dense codes, no hash table is needed: the rows
/// are put in customer order with a counting sort, and each customer's rows
/// give their first order day and, grouped by scope, add that customer to
/// every scope they fall in (see `Tally`). On 10M orders this takes a fraction of a second, where the
/// equivalent chain of polars group-bys and joins took about eight
/// (measured; see README, Speed).
///
/// `guests` (same columns, customer_id null) are guest orders: they count
/// in `orders` and `revenue` (and `guest_orders`), never as a customer.
pub fn order_counts(
    orders: &DataFrame,
    g: &Grouping,
    guests: Option<&DataFrame>,
) -> PolarsResult<(Vec<Scoped<OrderCounts>>, OrderCounts)> {
    let identified = orders.column(CUSTOMER)?.u32()?;
    let n_customers = identified.max().map_or(0, |m| m as usize + 1);
    // Guests join the rows as one pseudo-customer after the last code,
    // which the tally counts as guest orders.
    let (orders, guest_code) = match guests.filter(|g| g.height() > 0) {
        None => (Cow::Borrowed(orders), None),
        Some(guests) => {
            let code = n_customers as u32;
            let mut guests = guests.clone();
            guests.with_column(Column::new_scalar(
                CUSTOMER.into(),
                Scalar::from(code),
                guests.height(),
            ))?;
            let mut all = orders.clone();
            all.vstack_mut(&guests.select(orders.get_column_names_owned())?)?;
            (Cow::Owned(all), Some(code))
        }
    };
    let orders = orders.as_ref();
    let cust = orders.column(CUSTOMER)?.u32()?.rechunk();
    let cust = cust.cont_slice()?;
    let cents = orders.column(CENTS)?.i64()?.rechunk();
    let cents = cents.cont_slice()?;
    let dates = g.dates(orders)?;
    let dates = dates.as_ref().map(|d| d.cont_slice()).transpose()?;
    let n_customers = n_customers + usize::from(guest_code.is_some());
    let history_start = dates.and_then(span).map(|(first, _)| first);
    let scopes = Scopes::of(orders, g, dates)?;
    let starts: Vec<Option<i32>> = scopes.keys.iter().map(|k| g.start(k.0)).collect();
    let (counts, total) = Tally {
        cust,
        cents,
        dates,
        ids: &scopes.ids,
        starts: &starts,
        since: g.since,
        guest: guest_code,
        total: g.total,
    }
    .run(n_customers);
    let has_history =
        |start: Option<i32>| matches!((start, history_start), (Some(s), Some(h)) if h < s);
    let total = OrderCounts {
        has_history: has_history(g.since),
        ..total
    };
    if g.by.is_none() && g.segments.is_empty() {
        return Ok((Vec::new(), total));
    }
    let rows = scopes
        .keys
        .into_iter()
        .zip(counts)
        .zip(&starts)
        // Only scopes with rows are output rows.
        .filter(|((_, c), _)| c.orders > 0)
        .map(|(((period, segments), value), &start)| Scoped {
            period,
            segments,
            value: OrderCounts {
                has_history: has_history(start),
                ..value
            },
        })
        .collect();
    Ok((rows, total))
}

/// The counts of every scope (by scope id) and of the whole range, from
/// each customer's rows: the rows are put in customer order (a counting
/// sort), and each customer's rows grouped by scope add one customer to
/// each scope they fall in. Every access but the scopes' counts is to a
/// small window of the frame when rows come grouped by customer code range
/// (as `input::encode_grouped` leaves them), and the counts of a few
/// thousand scopes stay in cache; the work is split by ranges of customer
/// codes, whose counts add up since no customer is in two ranges.
struct Tally<'a> {
    cust: &'a [u32],
    cents: &'a [i64],
    /// Per row: its day (`None`: nobody returns, no scope starts).
    dates: Option<&'a [i32]>,
    /// Per row: its scope id, or `NO_SCOPE` outside the range.
    ids: &'a [u32],
    /// Per scope id: the day it starts (see `Grouping::start`).
    starts: &'a [Option<i32>],
    since: Option<i32>,
    /// The guest orders' pseudo-customer code.
    guest: Option<u32>,
    /// Whether the whole range's counts are wanted.
    total: bool,
}

impl Tally<'_> {
    /// The counts per scope id and over the range; `has_history` is left
    /// unset. Codes run below `n_customers`.
    fn run(&self, n_customers: usize) -> (Vec<OrderCounts>, OrderCounts) {
        let n_scopes = self.starts.len();
        // Each range holds the counts of every scope: as many ranges as
        // threads, fewer when scopes are nearly as many as rows.
        let ranges = (self.ids.len() / n_scopes.max(1))
            .clamp(1, rayon::current_num_threads())
            .min(n_customers.max(1));
        (0..ranges)
            .into_par_iter()
            .map(|k| self.range(k * n_customers / ranges..(k + 1) * n_customers / ranges))
            .reduce(
                || {
                    (
                        vec![OrderCounts::default(); n_scopes],
                        OrderCounts::default(),
                    )
                },
                |(mut a, mut at), (b, bt)| {
                    for (x, y) in a.iter_mut().zip(&b) {
                        x.merge(y);
                    }
                    at.merge(&bt);
                    (a, at)
                },
            )
    }

    /// The counts of the customers with codes in `mine`.
    fn range(&self, mine: std::ops::Range<usize>) -> (Vec<OrderCounts>, OrderCounts) {
        // Each customer's first order day (over every row: those outside
        // the range are history), and their rows in the range side by side:
        // `end[c]` ends customer `mine.start + c`'s rows, which start where
        // the previous ends.
        let mut end = vec![0u32; mine.len()];
        let mut first_days = self.dates.map(|_| vec![i32::MAX; mine.len()]);
        let of_mine = || {
            self.cust
                .iter()
                .enumerate()
                .filter(|(_, &c)| mine.contains(&(c as usize)))
                .map(|(i, &c)| (i, c as usize - mine.start))
        };
        for (i, c) in of_mine() {
            if let (Some(first), Some(d)) = (&mut first_days, self.dates) {
                first[c] = first[c].min(d[i]);
            }
            if self.ids[i] != NO_SCOPE {
                end[c] += 1;
            }
        }
        let mut at = 0u32;
        for e in &mut end {
            at += *e;
            *e = at - *e;
        }
        let mut rows = vec![0u32; at as usize];
        for (i, c) in of_mine() {
            if self.ids[i] != NO_SCOPE {
                // Rows are at most u32::MAX (codes and ids are u32).
                rows[end[c] as usize] = i as u32;
                end[c] += 1;
            }
        }
        let mut counts = vec![OrderCounts::default(); self.starts.len()];
        let mut total = OrderCounts::default();
        let mut mine_rows: Vec<(u32, i64)> = Vec::new();
        let mut from = 0usize;
        for (k, &to) in end.iter().enumerate() {
            let to = to as usize;
            if from == to {
                continue;
            }
            mine_rows.clear();
            mine_rows.extend(
                rows[from..to]
                    .iter()
                    .map(|&i| (self.ids[i as usize], self.cents[i as usize])),
            );
            from = to;
            let c = (mine.start + k) as u32;
            let first_day = first_days.as_ref().map(|f| f[k]);
            mine_rows.sort_unstable_by_key(|r| r.0);
            let add = |out: &mut OrderCounts, n: usize, cents: i64, start: Option<i32>| {
                let n = n as u64;
                if Some(c) == self.guest {
                    out.add_guests(n, cents);
                    return;
                }
                out.add_customer(n, cents);
                if matches!((first_day, start), (Some(f), Some(s)) if f < s) {
                    out.returning_customers += 1;
                }
            };
            if self.total {
                let cents = mine_rows.iter().map(|r| r.1).sum();
                add(&mut total, mine_rows.len(), cents, self.since);
            }
            for scope in mine_rows.chunk_by(|a, b| a.0 == b.0) {
                let id = scope[0].0 as usize;
                let cents = scope.iter().map(|r| r.1).sum();
                add(&mut counts[id], scope.len(), cents, self.starts[id]);
            }
        }
        (counts, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> OrderCounts {
        // 4 customers: A 3 orders (10+20+30), B 2 orders (5+5), C 1 (40), D 1 (0).
        OrderCounts {
            orders: 7,
            customers: 4,
            revenue_cents: 11_000,
            repeat_customers: 2,
            repeat_revenue_cents: 7_000,
            returning_customers: 1,
            has_history: true,
            ..OrderCounts::default()
        }
    }

    #[test]
    fn derived_metrics_follow_their_formulas() {
        let c = counts();
        assert_eq!(c.aov(), Some(110.0 / 7.0));
        assert_eq!(c.purchase_frequency(), Some(1.75));
        assert_eq!(c.repeat_purchase_rate(), Some(50.0));
        assert_eq!(c.returning_customer_rate(), Some(25.0));
        assert_eq!(c.new_customers(), 3);
        assert_eq!(c.repeat_revenue_share(), Some(100.0 * 7_000.0 / 11_000.0));
        // (70/2) / (40/2) = 1.75
        assert_eq!(c.repeat_vs_one_time_spend(), Some(1.75));
    }

    /// Guest orders add to orders, revenue and AOV only: the customer
    /// metrics are the same as without them.
    #[test]
    fn guest_orders_count_in_orders_and_revenue_only() {
        let with_guests = OrderCounts {
            orders: 9,
            revenue_cents: 11_000 + 2_500,
            guest_orders: 2,
            guest_revenue_cents: 2_500,
            ..counts()
        };
        let c = counts();
        assert_eq!(with_guests.aov(), Some(135.0 / 9.0));
        assert_eq!(with_guests.purchase_frequency(), c.purchase_frequency());
        assert_eq!(with_guests.repeat_revenue_share(), c.repeat_revenue_share());
        assert_eq!(
            with_guests.repeat_vs_one_time_spend(),
            c.repeat_vs_one_time_spend()
        );
    }

    #[test]
    fn empty_and_degenerate_scopes_give_null_not_nan() {
        let empty = OrderCounts::default();
        assert_eq!(empty.aov(), None);
        assert_eq!(empty.purchase_frequency(), None);
        assert_eq!(empty.repeat_purchase_rate(), None);
        assert_eq!(empty.repeat_revenue_share(), None);
        assert_eq!(empty.repeat_vs_one_time_spend(), None);
        let first_period = OrderCounts {
            has_history: false,
            ..counts()
        };
        assert_eq!(first_period.returning_customer_rate(), None);
        let all_repeat = OrderCounts {
            repeat_customers: 4,
            repeat_revenue_cents: 11_000,
            ..counts()
        };
        assert_eq!(all_repeat.repeat_vs_one_time_spend(), None);
    }
}
