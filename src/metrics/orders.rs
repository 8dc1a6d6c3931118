//! Order metrics (METRICS.md, "Orders"): counts per scope computed by
//! polars group-bys, and one pure function per derived metric. No I/O.
//!
//! A scope is one (period, segment...) row, or the total over the filtered
//! range. Per scope, orders are first grouped by customer (orders and
//! revenue per customer), then those per-customer rows are summed; every
//! count is exact (integers, revenue in cents).

use polars::prelude::*;

use super::period::period_start_expr;
use crate::cli::Period;
use crate::input::orders::{CENTS, CUSTOMER, DATE};

/// A customer with at least this many orders in a scope is a repeat customer.
pub const REPEAT_MIN_ORDERS: u64 = 2;

/// Column of the period's first day (days since 1970-01-01).
pub const PERIOD: &str = "_period";
const N: &str = "_n";
const REV: &str = "_rev";
const FIRST: &str = "_first";
const RET: &str = "_returning";

/// How the counted orders are cut into scopes.
#[derive(Debug, Clone)]
pub struct Grouping {
    pub by: Option<Period>,
    /// Internal names of the segment columns.
    pub segments: Vec<String>,
    pub since: Option<i32>,
    pub until: Option<i32>,
}

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
}

/// `a / b`, or `None` when `b` is zero.
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

impl OrderCounts {
    /// revenue / orders, in currency units. `None` when there are no orders.
    pub fn aov(&self) -> Option<f64> {
        ratio(self.revenue_cents as f64, self.orders as f64).map(|c| c / 100.0)
    }

    /// orders / customers. `None` when there are no customers.
    pub fn purchase_frequency(&self) -> Option<f64> {
        ratio(self.orders as f64, self.customers as f64)
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

    /// 100 * revenue from repeat customers / revenue. `None` when revenue
    /// is zero.
    pub fn repeat_revenue_share(&self) -> Option<f64> {
        ratio(
            100.0 * self.repeat_revenue_cents as f64,
            self.revenue_cents as f64,
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
            (self.revenue_cents - self.repeat_revenue_cents) as f64,
            one_time as f64,
        )?;
        ratio(per_repeat, per_one_time)
    }
}

/// One output row: the period's first day (with `--by`), the segment values,
/// and the counts.
#[derive(Debug, Clone)]
pub struct ScopeCounts {
    pub period: Option<i32>,
    pub segments: Vec<Option<String>>,
    pub counts: OrderCounts,
}

/// Counts per (period, segment...) scope, sorted by period then segment
/// values (blank last), and the total over the `--since`/`--until` range.
///
/// `orders` holds one row per counted order: customer_id, _cents, _date
/// (when `by`, `since` or `until` is set) and the segment columns. Orders
/// outside the range still count as history for `returning_customers`.
pub fn order_counts(
    orders: DataFrame,
    g: &Grouping,
) -> PolarsResult<(Vec<ScopeCounts>, OrderCounts)> {
    let dated = g.by.is_some() || g.since.is_some() || g.until.is_some();
    let history_start = if dated {
        orders.column(DATE)?.i32()?.min()
    } else {
        None
    };
    // Returning customers can only exist where a scope starts after the
    // first order read: with periods, or with --since.
    let first_orders = if g.by.is_some() || g.since.is_some() {
        Some(
            orders
                .clone()
                .lazy()
                .group_by([col(CUSTOMER)])
                .agg([col(DATE).min().alias(FIRST)])
                .collect()?,
        )
    } else {
        None
    };
    let mut scope = orders.lazy();
    if let Some(s) = g.since {
        scope = scope.filter(col(DATE).gt_eq(lit(s)));
    }
    if let Some(u) = g.until {
        scope = scope.filter(col(DATE).lt_eq(lit(u)));
    }
    let since_expr = g.since.map(lit);
    let total_start = since_expr.clone();
    let total = aggregate(scope.clone(), &[], total_start, first_orders.clone()).collect()?;
    let total = counts_at(&total, 0, g.since, history_start)?;

    let mut keys: Vec<String> = g.segments.clone();
    let row_start = match g.by {
        Some(by) => {
            scope = scope.with_column(period_start_expr(col(DATE), by).alias(PERIOD));
            keys.insert(0, PERIOD.to_string());
            // A scope starts at its period's first day, or at --since when
            // that falls inside the period.
            Some(match since_expr {
                Some(s) => when(col(PERIOD).lt(s.clone()))
                    .then(s)
                    .otherwise(col(PERIOD)),
                None => col(PERIOD),
            })
        }
        None => since_expr,
    };
    if keys.is_empty() {
        return Ok((
            vec![ScopeCounts {
                period: None,
                segments: Vec::new(),
                counts: total,
            }],
            total,
        ));
    }
    let rows = aggregate(scope, &keys, row_start, first_orders).collect()?;
    let periods = match g.by {
        Some(_) => Some(rows.column(PERIOD)?.i32()?.clone()),
        None => None,
    };
    let segments = g
        .segments
        .iter()
        .map(|s| Ok(rows.column(s)?.str()?.clone()))
        .collect::<PolarsResult<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.height());
    for i in 0..rows.height() {
        let period = periods.as_ref().and_then(|p| p.get(i));
        let start = match (period, g.since) {
            (Some(p), Some(s)) => Some(p.max(s)),
            (p, s) => p.or(s),
        };
        out.push(ScopeCounts {
            period,
            segments: segments
                .iter()
                .map(|s| s.get(i).map(str::to_string))
                .collect(),
            counts: counts_at(&rows, i, start, history_start)?,
        });
    }
    Ok((out, total))
}

/// Per-customer rows of each scope, then their sums per scope. `start` is
/// each scope's first day; a customer whose first order read is earlier is
/// returning.
fn aggregate(
    scope: LazyFrame,
    keys: &[String],
    start: Option<Expr>,
    first_orders: Option<DataFrame>,
) -> LazyFrame {
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(k.as_str())).collect();
    let mut by_customer = key_exprs.clone();
    by_customer.push(col(CUSTOMER));
    let per_customer = scope.group_by(by_customer).agg([
        len().cast(DataType::UInt64).alias(N),
        col(CENTS).sum().alias(REV),
    ]);
    let per_customer = match (start, first_orders) {
        (Some(start), Some(first)) => per_customer
            .join(
                first.lazy(),
                [col(CUSTOMER)],
                [col(CUSTOMER)],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col(FIRST).lt(start).fill_null(lit(false)).alias(RET)),
        _ => per_customer.with_column(lit(false).alias(RET)),
    };
    let repeat = col(N).gt_eq(lit(REPEAT_MIN_ORDERS));
    let aggs = [
        col(N).sum().alias("orders"),
        len().cast(DataType::UInt64).alias("customers"),
        col(REV).sum().alias("revenue"),
        repeat
            .clone()
            .cast(DataType::UInt64)
            .sum()
            .alias("repeat_customers"),
        when(repeat)
            .then(col(REV))
            .otherwise(lit(0i64))
            .sum()
            .alias("repeat_revenue"),
        col(RET)
            .cast(DataType::UInt64)
            .sum()
            .alias("returning_customers"),
    ];
    if key_exprs.is_empty() {
        per_customer.select(aggs)
    } else {
        per_customer.group_by(key_exprs).agg(aggs).sort(
            keys.iter().map(String::as_str).collect::<Vec<_>>(),
            SortMultipleOptions::default().with_nulls_last(true),
        )
    }
}

/// Reads row `i` of an `aggregate` result. An empty scope (no order in the
/// range) has null sums, read as zero.
fn counts_at(
    df: &DataFrame,
    i: usize,
    start: Option<i32>,
    history_start: Option<i32>,
) -> PolarsResult<OrderCounts> {
    let u = |name: &str| -> PolarsResult<u64> { Ok(df.column(name)?.u64()?.get(i).unwrap_or(0)) };
    let cents =
        |name: &str| -> PolarsResult<i64> { Ok(df.column(name)?.i64()?.get(i).unwrap_or(0)) };
    Ok(OrderCounts {
        orders: u("orders")?,
        customers: u("customers")?,
        revenue_cents: cents("revenue")?,
        repeat_customers: u("repeat_customers")?,
        repeat_revenue_cents: cents("repeat_revenue")?,
        returning_customers: u("returning_customers")?,
        has_history: matches!((start, history_start), (Some(s), Some(h)) if h < s),
    })
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
