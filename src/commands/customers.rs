//! `engage customers`: order exports in, one row per customer out (the
//! per-customer stage with lifetimes' summary columns, RFM scores and a
//! named segment), or with `--summary` one row per segment.

use anyhow::{bail, Result};
use polars::prelude::{ChunkAgg, DataFrame};
use rayon::prelude::*;
use serde_json::json;

use super::{day, emit, flag_value, unicode, warn_skipped};
use crate::config::CustomersConfig;
use crate::input::orders::{self as input, LoadedOrders};
use crate::input::{segment_column, Texts, DATE};
use crate::metrics::compare::round_at;
use crate::metrics::customers::{CustomerTable, Facts};
use crate::metrics::rfm::{quintile_scores, unit_days, SegmentRules};
use crate::metrics::{prefetch, PREFETCH_AHEAD};
use crate::report::table::{Cells, Head, Table, TableColumn};
use crate::report::{output::Target, Report, Row, Value};

/// The per-customer columns after `customer_id` and the `--segment`
/// columns, in output order (METRICS.md, "Customers").
pub const COLUMNS: [&str; 15] = [
    "first_order",
    "last_order",
    "orders",
    "revenue",
    "aov",
    "days_since_last_order",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "r_score",
    "f_score",
    "m_score",
    "rfm_score",
    "segment",
];

/// The `--summary` columns, one row per segment.
pub const SUMMARY: [&str; 7] = [
    "customers",
    "customers_share",
    "revenue",
    "revenue_share",
    "mean_orders",
    "mean_aov",
    "median_days_since_last_order",
];

/// The per-customer stage cut at the observation end, with every scored
/// customer's scores and segment.
pub struct Scored {
    pub table: CustomerTable,
    pub as_of: i32,
    /// First and last counted order day read (before the cut).
    pub range: (i32, i32),
    /// Codes of the customers with a counted order up to `as_of`.
    pub customers: Vec<u32>,
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
    /// Index into the rule table's names, per customer.
    pub segment: Vec<usize>,
}

/// The observation end: `--as-of`, else the last counted order's day
/// (`None`: no order has a date).
pub fn observation_end(frame: &DataFrame, as_of: Option<i32>) -> Option<i32> {
    as_of.or_else(|| frame.column(DATE).ok()?.i32().ok()?.max())
}

/// The per-customer stage over `frame` (with dates) cut at `as_of`
/// (default: the last order day), with the first and last counted order
/// day read; `--as-of` before every order is an error.
pub fn cut(
    frame: &DataFrame,
    as_of: Option<i32>,
    with_rows: bool,
) -> Result<(CustomerTable, (i32, i32), i32)> {
    let internal = |e| anyhow::anyhow!("internal error while computing customers: {e}");
    let dates = frame
        .column(DATE)
        .map_err(internal)?
        .i32()
        .map_err(internal)?;
    let Some(range) = dates.min().zip(dates.max()) else {
        bail!("no counted orders with a date");
    };
    let as_of = as_of.unwrap_or(range.1);
    if as_of < range.0 {
        bail!(
            "--as-of {}: before every order (the counted orders run from {} to {}); \
             give a day on or after the first",
            day(as_of),
            day(range.0),
            day(range.1)
        );
    }
    let table = CustomerTable::of_frame_with(frame, Some(as_of), with_rows)
        .map_err(internal)?
        .ok_or_else(|| anyhow::anyhow!("internal error: orders read without dates"))?;
    Ok((table, range, as_of))
}

impl Scored {
    /// Builds the stage over `frame` (with dates), cut at `as_of` (default:
    /// the last order day), and scores every customer; `with_rows` keeps
    /// each customer's rows in the stage (see [`CustomerTable::rows_of`]).
    pub fn build(
        frame: &DataFrame,
        as_of: Option<i32>,
        rules: &SegmentRules,
        with_rows: bool,
    ) -> Result<Scored> {
        let (table, range, as_of) = cut(frame, as_of, with_rows)?;
        let customers: Vec<u32> = table.customers().map(|c| c as u32).collect();
        let values = |f: &dyn Fn(usize) -> i64| -> Vec<i64> {
            customers.iter().map(|&c| f(c as usize)).collect()
        };
        // Recency scores on the last order day: later is better.
        let (r, (f, m)) = rayon::join(
            || quintile_scores(&values(&|c| i64::from(table.last_day[c]))),
            || {
                rayon::join(
                    || quintile_scores(&values(&|c| i64::from(table.orders[c]))),
                    || quintile_scores(&values(&|c| table.revenue_cents[c])),
                )
            },
        );
        let segment = rules.segments(&r, &f, &m);
        Ok(Scored {
            table,
            as_of,
            range,
            customers,
            r,
            f,
            m,
            segment,
        })
    }

    /// Customers whose counted revenue is zero or negative.
    pub fn non_positive(&self) -> usize {
        self.customers
            .iter()
            .filter(|&&c| self.table.revenue_cents[c as usize] <= 0)
            .count()
    }

    /// The summary per segment: one row per name of the rule table (in
    /// table order, `other` last), and the total over every customer.
    pub fn summary(&self, rules: &SegmentRules, people: bool) -> (Vec<Row>, Row) {
        let names = crate::report::lang::segment_names(rules, people);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (i, &s) in self.segment.iter().enumerate() {
            members[s].push(i);
        }
        let all: Vec<usize> = (0..self.customers.len()).collect();
        let total_cents: i64 = all.iter().map(|&i| self.cents(i)).sum();
        let n = all.len();
        let row = |name: Option<&str>, idx: &[usize]| Row {
            keys: vec![name.map(str::to_string)],
            values: self.summary_values(idx, n, total_cents),
            extra: Vec::new(),
        };
        let rows = names
            .iter()
            .zip(&members)
            .map(|(name, idx)| row(Some(name.as_str()), idx))
            .collect();
        (rows, row(None, &all))
    }

    fn cents(&self, i: usize) -> i64 {
        self.table.revenue_cents[self.customers[i] as usize]
    }

    fn days_since(&self, i: usize) -> u32 {
        let c = self.customers[i] as usize;
        self.table.facts(c).days_since_last(self.as_of)
    }

    fn aov(&self, i: usize) -> f64 {
        self.table.facts(self.customers[i] as usize).aov()
    }

    /// `SUMMARY` values of the customers at indices `idx` among `n`
    /// customers with `total_cents` revenue.
    fn summary_values(&self, idx: &[usize], n: usize, total_cents: i64) -> Vec<Value> {
        let k = idx.len();
        let cents: i64 = idx.iter().map(|&i| self.cents(i)).sum();
        let ratio = |a: f64, b: f64| (b != 0.0).then(|| a / b);
        let orders: u64 = idx
            .iter()
            .map(|&i| u64::from(self.table.orders[self.customers[i] as usize]))
            .sum();
        let aov_sum: f64 = idx.iter().map(|&i| self.aov(i)).sum();
        let mut days: Vec<u32> = idx.iter().map(|&i| self.days_since(i)).collect();
        days.sort_unstable();
        let median = match k {
            0 => None,
            _ if k % 2 == 1 => Some(f64::from(days[k / 2])),
            _ => Some((f64::from(days[k / 2 - 1]) + f64::from(days[k / 2])) / 2.0),
        };
        vec![
            Value::Count(k as u64),
            Value::Percent(ratio(100.0 * k as f64, n as f64)),
            Value::Cents(cents),
            Value::Percent(ratio(100.0 * cents as f64, total_cents as f64)),
            Value::Ratio(ratio(orders as f64, k as f64)),
            // A mean of quotients carries their last-bit noise (48.02, not
            // 48.019999999999996): kept to DIFFERENCE_DIGITS digits.
            Value::Money(ratio(aov_sum, k as f64).map(|m| round_at(m, m))),
            Value::Ratio(median),
        ]
    }
}

pub fn run(cfg: CustomersConfig) -> Result<()> {
    let target = Target::open(cfg.orders.output.path.as_deref(), &cfg.orders.files)?;
    let (ocfg, sources, mut loaded) = input::load(&cfg.orders)?;
    let quiet = ocfg.output.quiet;
    super::note_preset(&loaded.preset, &sources, quiet);
    super::note_calendar(&loaded.frame, &ocfg.input, quiet);
    warn_skipped(&loaded.skipped, quiet);
    super::orders::warn_folding(&loaded, quiet);
    let end = observation_end(&loaded.frame, cfg.as_of);
    super::orders::note_guests_apart(&loaded, end, quiet)?;
    // The segment columns take each customer's first order's value.
    let with_rows = !cfg.orders.scope.segments.is_empty();
    // The ids for the per-customer rows are sorted beside the stage and
    // the scores, which leave a core idle at times (page faults, the
    // selections): at 10M orders the three took 0.23 s one after the
    // other, 0.18 s side by side.
    let (scored, sorted) = rayon::join(
        || Scored::build(&loaded.frame, cfg.as_of, &cfg.rules, with_rows),
        || (!cfg.summary).then(|| all_in_id_order(&loaded.customer_ids)),
    );
    let scored = scored?;
    let non_positive = scored.non_positive();
    if non_positive > 0 && !quiet {
        eprintln!(
            "engage: note: {non_positive} customer{} a counted revenue of zero or less \
             (zero or negative amounts); monetary_value and m_score are as computed",
            if non_positive == 1 { " has" } else { "s have" }
        );
    }
    if scored.customers.is_empty() && !quiet {
        eprintln!(
            "engage: note: no customer has a counted order up to {}",
            day(scored.as_of)
        );
    }
    let mut meta = super::orders::meta(&ocfg, &sources, &loaded, Some(scored.range));
    meta.insert("as_of".into(), json!(day(scored.as_of)));
    meta.insert("time_unit".into(), json!(flag_value(&cfg.time_unit)));
    meta.insert("customers".into(), json!(scored.customers.len()));
    meta.insert(
        "customers_with_non_positive_revenue".into(),
        json!(non_positive),
    );
    meta.insert("segment_rules".into(), rules_json(&cfg.rules));
    let title = crate::report::lang::fill(
        "customers_title",
        &[
            ("n", &scored.customers.len().to_string()),
            ("day", &day(scored.as_of)),
        ],
    );
    if cfg.summary {
        let report = summary_report(&scored, &cfg.rules, meta, ocfg.output.for_people());
        return emit(&report, &ocfg.output, target);
    }
    let people = ocfg.output.for_people();
    let sorted = among(sorted.unwrap_or_default(), &scored.customers);
    let mut table = per_customer(&cfg, scored, sorted, &mut loaded, title, meta, people)?;
    let (format, unicode) = (ocfg.output.format, unicode(&target));
    let written = target.write_sheet(ocfg.output.sheet, |w| {
        crate::report::table::render(&mut table, format, unicode, w)
    });
    // The process ends next: freeing the table and the frame would only
    // delay it (when each id was a `String`, freeing them one by one was
    // 0.3 s of CPU on 10M orders).
    std::mem::forget(table);
    std::mem::forget(loaded);
    written
}

/// The `--summary` report (also `engage report --customers`'s section);
/// `people`: the segment names in `--lang` (see `report::lang::segment_names`).
pub fn summary_report(
    scored: &Scored,
    rules: &SegmentRules,
    meta: serde_json::Map<String, serde_json::Value>,
    people: bool,
) -> Report {
    let (rows, total) = scored.summary(rules, people);
    Report {
        command: "customers",
        key_names: vec!["segment".into()],
        metric_names: SUMMARY.iter().map(|&m| m.into()).collect(),
        rows,
        total: Some(total),
        meta,
        notes: Vec::new(),
        appendix: Vec::new(),
    }
}

/// The rule table, for the JSON metadata.
fn rules_json(rules: &SegmentRules) -> serde_json::Value {
    json!({
        "rules": rules.rules.iter().map(|r| json!({
            "name": r.name, "r": r.r, "f": r.f, "m": r.m,
        })).collect::<Vec<_>>(),
        "other": rules.other,
    })
}

/// Positions into `codes` (customer codes), in the order of their ids
/// (`ids[code]`, byte order), and each id's [`Head`] in that order: the ids
/// from their sort keys, since moving millions of ids into id order, or
/// reading each through its code, is a read at random per id.
fn id_order(ids: &Texts, codes: &[u32]) -> (Vec<usize>, Vec<Head>) {
    if ids.longest() <= SHORT_ID {
        return short_id_order(ids, codes);
    }
    sorted_ids(ids, codes)
        .into_par_iter()
        .map(|(bytes, i, len)| {
            let head = Head {
                bytes: bytes.to_be_bytes(),
                len,
            };
            (i as usize, head)
        })
        .unzip()
}

/// [`id_order`] of every code of `ids` (`0..ids.len()`): needs no stage,
/// so it can be made beside it; see [`among`].
pub fn all_in_id_order(ids: &Texts) -> (Vec<usize>, Vec<Head>) {
    let codes: Vec<u32> = (0..ids.len() as u32).collect();
    id_order(ids, &codes)
}

/// [`all_in_id_order`]'s order narrowed to `customers` (codes, ascending,
/// each below the number of ids): positions into `customers` in the
/// order of their ids, and their heads.
pub fn among(
    (order, heads): (Vec<usize>, Vec<Head>),
    customers: &[u32],
) -> (Vec<usize>, Vec<Head>) {
    // Every code a customer: each code is its own position.
    if customers.len() == order.len() {
        return (order, heads);
    }
    let codes = customers.last().map_or(0, |&c| c as usize + 1);
    let mut at = vec![u32::MAX; order.len().max(codes)];
    for (p, &c) in customers.iter().enumerate() {
        at[c as usize] = p as u32;
    }
    order
        .into_iter()
        .zip(heads)
        .filter(|&(c, _)| at[c] != u32::MAX)
        .map(|(c, head)| (at[c] as usize, head))
        .unzip()
}

/// The longest ids [`short_id_order`] takes.
const SHORT_ID: usize = 11;

/// [`id_order`] when no id is longer than [`SHORT_ID`] bytes (most
/// exports' ids): each id, its length and its position packed into one
/// `u128` (the id's bytes, zero-padded, then the length, then the
/// position), so that the sort compares integers and moves 16 bytes a
/// row instead of 32. This is byte order: two ids whose padded bytes are
/// equal differ only by NUL bytes at the end of the longer, which comes
/// second, as its length says. `engage customers` at 10M orders (3.26M
/// customers): 6.26 -> 5.95 s of CPU (README, Speed).
fn short_id_order(ids: &Texts, codes: &[u32]) -> (Vec<usize>, Vec<Head>) {
    let mut keys: Vec<u128> = (0..codes.len())
        .into_par_iter()
        .map(|i| {
            let id = ids.get(codes[i] as usize).unwrap_or_default().as_bytes();
            let mut key = [0u8; 16];
            key[..id.len()].copy_from_slice(id);
            key[SHORT_ID] = id.len() as u8;
            key[12..].copy_from_slice(&(i as u32).to_be_bytes());
            u128::from_be_bytes(key)
        })
        .collect();
    keys.par_sort_unstable();
    keys.into_par_iter()
        .map(|key| {
            let key = key.to_be_bytes();
            let mut bytes = [0u8; 16];
            bytes[..SHORT_ID].copy_from_slice(&key[..SHORT_ID]);
            let at = u32::from_be_bytes([key[12], key[13], key[14], key[15]]);
            let head = Head {
                bytes,
                len: u32::from(key[SHORT_ID]),
            };
            (at as usize, head)
        })
        .unzip()
}

/// Each position into `codes` with its id's [`Head`] (first sixteen bytes
/// as a big-endian integer, and length), sorted by id (byte order): on the
/// heads, the whole ids only within a tie, so that most comparisons are of
/// integers side by side rather than of text scattered in memory.
fn sorted_ids(ids: &Texts, codes: &[u32]) -> Vec<(u128, u32, u32)> {
    let id = |i: usize| ids.get(codes[i] as usize).unwrap_or_default();
    // Keyed in parallel: each id is a read at random.
    let mut keyed: Vec<(u128, u32, u32)> = (0..codes.len())
        .into_par_iter()
        .map(|i| {
            let head = Head::of(id(i));
            (u128::from_be_bytes(head.bytes), i as u32, head.len)
        })
        .collect();
    keyed.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id(a.1 as usize).cmp(id(b.1 as usize)))
    });
    keyed
}

/// A scored customer's facts, code, segment (index into the rule table's
/// names) and r, f, m scores.
#[derive(Clone, Copy)]
struct Entry {
    facts: Facts,
    code: u32,
    segment: u32,
    scores: [u8; 3],
}

/// Customers per block of [`Columns::blocks`].
const BLOCK: usize = 1 << 14;

/// Columns of one length, and a block of rows of each (mutable), cut at
/// the same rows.
macro_rules! columns {
    ($($field:ident: $t:ty),* $(,)?) => {
        struct Columns {
            $($field: Vec<$t>,)*
        }

        struct Block<'a> {
            $($field: &'a mut [$t],)*
        }

        impl Columns {
            fn new(rows: usize) -> Columns {
                Columns { $($field: vec![Default::default(); rows],)* }
            }

            /// The columns (`rows` long) cut into blocks of `len` rows.
            fn blocks(&mut self, rows: usize, len: usize) -> Vec<Block<'_>> {
                let mut rest = Block { $($field: &mut self.$field[..],)* };
                let mut blocks = Vec::new();
                let mut left = rows;
                while left > 0 {
                    let k = len.min(left);
                    left -= k;
                    blocks.push(Block {
                        $($field: {
                            let (head, tail) = std::mem::take(&mut rest.$field).split_at_mut(k);
                            rest.$field = tail;
                            head
                        },)*
                    });
                }
                blocks
            }
        }
    };
}

columns! {
    codes: u32,
    first: i32,
    last: i32,
    orders: u32,
    cents: i64,
    aov: f64,
    since: u32,
    frequency: u32,
    recency: f64,
    t_units: f64,
    monetary: f64,
    r: u32,
    f: u32,
    m: u32,
    rfm: u32,
    segment: Option<u32>,
}

/// One row per customer, sorted by customer id (byte order): `sorted`
/// gives the scored customers' positions in that order and their ids'
/// heads (see [`among`]).
fn per_customer(
    cfg: &CustomersConfig,
    s: Scored,
    (order, heads): (Vec<usize>, Vec<Head>),
    loaded: &mut LoadedOrders,
    title: String,
    meta: serde_json::Map<String, serde_json::Value>,
    people: bool,
) -> Result<Table> {
    let internal = |e| anyhow::anyhow!("internal error while computing customers: {e}");
    let ids = std::mem::take(&mut loaded.customer_ids);
    // The orders are not read again without segment columns: freed here,
    // their memory is reused by the columns below instead of the kernel
    // handing out (and zeroing) new pages; at 10M orders, system time
    // 2.06 -> 1.26 s in a VM where first touches are dear (README, Speed).
    let segments = !cfg.orders.scope.segments.is_empty();
    if !segments {
        drop(std::mem::take(&mut loaded.frame));
    }
    // Each customer's facts, code and scores side by side (read in code
    // order), then read in id order: one read at random per customer (a
    // cache line or two) rather than one per fact array.
    let entries: Vec<Entry> = (0..s.customers.len())
        .into_par_iter()
        .map(|i| Entry {
            facts: s.table.facts(s.customers[i] as usize),
            code: s.customers[i],
            segment: s.segment[i] as u32,
            scores: [s.r[i], s.f[i], s.m[i]],
        })
        .collect();
    let (as_of, unit) = (s.as_of, unit_days(cfg.time_unit));
    // The stage is read again only for segment columns (freed as above).
    let table = segments.then_some(s.table);
    // Every column in one pass over the customers in id order, block by
    // block, each read started `PREFETCH_AHEAD` customers ahead; a copy
    // of the entries in id order, then a pass per few columns, was 0.05 s
    // slower at 10M orders (0.15-0.17 -> 0.10-0.11 s).
    let rows = order.len();
    let mut c = Columns::new(rows);
    c.blocks(rows, BLOCK)
        .into_par_iter()
        .zip(order.par_chunks(BLOCK))
        .for_each(|(b, order)| {
            for (k, &i) in order.iter().enumerate() {
                if let Some(&ahead) = order.get(k + PREFETCH_AHEAD) {
                    prefetch(&entries[ahead]);
                }
                let e = &entries[i];
                let x = &e.facts;
                let (_, (recency, (t, monetary))) = x.summary(as_of).in_units(unit);
                let [r, f, m] = e.scores.map(u32::from);
                b.codes[k] = e.code;
                b.first[k] = x.first_day;
                b.last[k] = x.last_day;
                b.orders[k] = x.orders;
                b.cents[k] = x.revenue_cents;
                b.aov[k] = x.aov();
                b.since[k] = x.days_since_last(as_of);
                b.frequency[k] = x.frequency();
                b.recency[k] = recency;
                b.t_units[k] = t;
                b.monetary[k] = monetary;
                b.r[k] = r;
                b.f[k] = f;
                b.m[k] = m;
                b.rfm[k] = 100 * r + 10 * f + m;
                b.segment[k] = Some(e.segment);
            }
        });
    drop(entries);
    let codes = c.codes;
    let mut columns = vec![TableColumn {
        name: "customer_id".into(),
        cells: Cells::Ids {
            heads,
            values: ids,
            codes: codes.clone(),
        },
    }];
    for (k, name) in cfg.orders.scope.segments.iter().enumerate() {
        let t = table
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("internal error: segment columns without the stage"))?;
        let seg = loaded
            .frame
            .column(&segment_column(k))
            .map_err(internal)?
            .u32()
            .map_err(internal)?
            .rechunk();
        // The value on the customer's first counted order (by day, then
        // file order).
        let codes = codes
            .iter()
            .map(|&c| {
                t.rows_of(c as usize)
                    .first()
                    .and_then(|&r| seg.get(r as usize))
            })
            .collect();
        columns.push(TableColumn {
            name: name.clone(),
            cells: Cells::Coded {
                values: loaded.segment_values.get(k).cloned().unwrap_or_default(),
                codes,
            },
        });
    }
    let names = crate::report::lang::segment_names(&cfg.rules, people);
    let cells = vec![
        Cells::Day(c.first),
        Cells::Day(c.last),
        Cells::Count(c.orders),
        Cells::Cents(c.cents),
        Cells::Money(c.aov),
        Cells::Count(c.since),
        Cells::Count(c.frequency),
        Cells::Ratio(c.recency),
        Cells::Ratio(c.t_units),
        Cells::Money(c.monetary),
        Cells::Count(c.r),
        Cells::Count(c.f),
        Cells::Count(c.m),
        Cells::Count(c.rfm),
        Cells::Coded {
            values: names,
            codes: c.segment,
        },
    ];
    columns.extend(COLUMNS.iter().zip(cells).map(|(name, cells)| TableColumn {
        name: name.to_string(),
        cells,
    }));
    Ok(Table {
        command: "customers",
        title,
        subtitle: crate::report::labels::name("customers").into(),
        columns,
        rows: order.len(),
        meta,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code sorted, then narrowed to the customers, gives the order
    /// of sorting the customers' ids alone; with every code a customer,
    /// the same too.
    #[test]
    fn all_ids_sorted_then_narrowed_are_the_customers_order() {
        let ids = Texts::from(["d", "a", "c", "b", "e"].map(String::from).to_vec());
        for customers in [vec![0, 2, 3], vec![1, 4], vec![0, 1, 2, 3, 4], vec![]] {
            let narrowed = among(all_in_id_order(&ids), &customers);
            assert_eq!(narrowed, id_order(&ids, &customers), "{customers:?}");
        }
    }

    /// Both sorts give byte order, with the heads of the ids: short ids
    /// (one differing from another only by NUL bytes at its end, the
    /// empty id, bytes above 0x7F) packed, and the same ids among long
    /// ones (heads that tie) sorted by the general path.
    #[test]
    fn id_order_is_byte_order_on_both_paths() {
        let short = ["B", "AB\0", "", "AB", "A\u{e9}", "AB\0\0", "Z9", "A", "a"];
        let long = ["0123456789abcdefX", "0123456789abcdef", "0123456789abcdeX"];
        for set in [short.to_vec(), [&short[..], &long[..]].concat()] {
            let ids = Texts::from(set.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            // Codes in another order than the texts', one left out.
            let codes: Vec<u32> = (1..set.len() as u32).rev().collect();
            let (order, heads) = id_order(&ids, &codes);
            let got: Vec<&str> = order.iter().map(|&i| set[codes[i] as usize]).collect();
            let mut want: Vec<&str> = codes.iter().map(|&c| set[c as usize]).collect();
            want.sort_unstable();
            assert_eq!(got, want);
            let want_heads: Vec<Head> = want.iter().map(|s| Head::of(s)).collect();
            assert_eq!(heads, want_heads);
        }
    }
}
