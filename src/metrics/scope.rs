//! Scopes: the output rows a metric is computed for. Rows in the
//! `--since`/`--until` range are bucketed by (period, segment...) with a
//! counting sort, and a command's tally runs once per bucket, buckets in
//! parallel, plus once over the whole range for the total. No I/O.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use polars::prelude::*;
use rayon::prelude::*;

use super::period::period_start;
use crate::cli::Period;
use crate::input::DATE;

/// How rows are cut into scopes.
#[derive(Debug, Clone)]
pub struct Grouping {
    pub by: Option<Period>,
    /// Internal names of the segment columns.
    pub segments: Vec<String>,
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Whether the total over the range is wanted (else it is tallied over
    /// no rows: a report's per-period table needs none).
    pub total: bool,
}

impl Grouping {
    /// The grouping a command's `--by`, `--segment`, `--since` and `--until`
    /// ask for, over the input's `_seg0..` columns.
    pub fn of(scope: &crate::config::Scope) -> Self {
        Grouping {
            by: scope.by,
            segments: (0..scope.segments.len())
                .map(crate::input::segment_column)
                .collect(),
            since: scope.since,
            until: scope.until,
            total: true,
        }
    }

    /// The day a scope of the period starting on `period` starts: that
    /// day or `--since`, whichever is later (`None` without either).
    pub fn start(&self, period: Option<i32>) -> Option<i32> {
        match (period, self.since) {
            (Some(p), Some(s)) => Some(p.max(s)),
            (p, s) => p.or(s),
        }
    }

    /// Whether row `i` lies in the `--since`/`--until` range; `dates` are
    /// [`Grouping::dates`].
    pub fn in_range(&self, dates: Option<&[i32]>, i: usize) -> bool {
        dates.is_none_or(|d| {
            self.since.is_none_or(|s| d[i] >= s) && self.until.is_none_or(|u| d[i] <= u)
        })
    }

    /// The `_date` column in one chunk, when periods or the range need it.
    pub fn dates<'a>(&self, df: &'a DataFrame) -> PolarsResult<Option<Cow<'a, Int32Chunked>>> {
        if self.by.is_some() || self.since.is_some() || self.until.is_some() {
            Ok(Some(df.column(DATE)?.i32()?.rechunk()))
        } else {
            Ok(None)
        }
    }
}

/// The first and last of `days` (`None` when empty), in parallel: three
/// passes on one thread over 10M orders' days were 0.02 s.
pub fn span(days: &[i32]) -> Option<(i32, i32)> {
    let (lo, hi) = days
        .par_chunks(1 << 16)
        .map(|c| {
            c.iter()
                .fold((i32::MAX, i32::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)))
        })
        .reduce(|| (i32::MAX, i32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)));
    (lo <= hi).then_some((lo, hi))
}

/// One scope's result: the period's first day (with `--by`), the segment
/// value codes (null for blank), and the tally.
#[derive(Debug, Clone)]
pub struct Scoped<T> {
    pub period: Option<i32>,
    pub segments: Vec<Option<u32>>,
    pub value: T,
}

/// Runs `tally` over the rows of every non-empty scope (in no particular
/// order) and over the whole range (the total, returned second). `tally`
/// gets a state made by `init` (one per run of scopes), the row indices,
/// and the day the scope starts: its period's first day or `--since`,
/// whichever is later (`None` without either).
pub fn scoped<S, T: Send>(
    df: &DataFrame,
    g: &Grouping,
    init: impl Fn() -> S + Sync,
    tally: impl Fn(&mut S, &mut dyn Iterator<Item = usize>, Option<i32>) -> T + Sync,
) -> PolarsResult<(Vec<Scoped<T>>, T)> {
    let dates = g.dates(df)?;
    let dates = dates.as_ref().map(|d| d.cont_slice()).transpose()?;
    let in_range = |i: usize| g.in_range(dates, i);
    let total = || {
        let n = if g.total { df.height() } else { 0 };
        let mut rows = (0..n).filter(|&i| in_range(i));
        tally(&mut init(), &mut rows, g.since)
    };
    if g.by.is_none() && g.segments.is_empty() {
        let total = total();
        return Ok((Vec::new(), total));
    }
    // The total and the scopes are independent: computed side by side, the
    // scopes themselves in parallel, each thread with its own state.
    let (total, rows) = rayon::join(total, || -> PolarsResult<Vec<Scoped<T>>> {
        let (buckets, keys) = Scopes::of(df, g, dates)?.buckets();
        crate::give_back_freed_memory();
        // A few runs of scopes per thread, each with one state: a state
        // can be large (a tally per customer), so it is made a few times,
        // not once per scope or per split of the work.
        let run = buckets
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(1);
        Ok(buckets
            .par_chunks(run)
            .enumerate()
            .flat_map_iter(|(r, buckets)| {
                let mut state = init();
                buckets
                    .iter()
                    .enumerate()
                    // Only scopes with rows are output rows.
                    .filter(|(_, rows)| !rows.is_empty())
                    .map(|(j, rows)| {
                        let (period, segments) = keys[r * run + j].clone();
                        let start = g.start(period);
                        let mut rows = rows.iter().map(|&i| i as usize);
                        Scoped {
                            period,
                            segments,
                            value: tally(&mut state, &mut rows, start),
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect())
    });
    Ok((rows?, total))
}

/// A scope's key: its period's first day and its segment codes.
pub type Key = (Option<i32>, Vec<Option<u32>>);

/// Every in-range row's scope, as a dense id, and each id's key.
pub struct Scopes {
    /// Per row: its scope id, or [`NO_SCOPE`] outside the range.
    pub ids: Vec<u32>,
    /// Per scope id: the period's first day and the segment codes. Without
    /// `--by` and segments, one scope: the range.
    pub keys: Vec<Key>,
}

/// The scope id of a row outside the `--since`/`--until` range.
pub const NO_SCOPE: u32 = u32::MAX;

impl Scopes {
    /// The scopes of `df`'s rows under `g`; `dates` are `g.dates(df)`.
    pub fn of(df: &DataFrame, g: &Grouping, dates: Option<&[i32]>) -> PolarsResult<Scopes> {
        let n = df.height();
        let in_range = |i: usize| g.in_range(dates, i);
        let (mut ids, mut keys): (Vec<u32>, Vec<Key>) = match (g.by, dates) {
            (Some(by), Some(d)) => {
                // Period ids through a table over the days the data spans.
                let (lo, hi) = span(d).unwrap_or((0, 0));
                let mut table = Vec::with_capacity((hi - lo) as usize + 1);
                let mut keys = Vec::new();
                let mut last = None;
                for day in lo..=hi {
                    let start = period_start(day, by);
                    if last != Some(start) {
                        keys.push((Some(start), Vec::new()));
                        last = Some(start);
                    }
                    table.push((keys.len() - 1) as u32);
                }
                let ids = (0..n)
                    .into_par_iter()
                    .map(|i| match in_range(i) {
                        true => table[(d[i] - lo) as usize],
                        false => NO_SCOPE,
                    })
                    .collect();
                (ids, keys)
            }
            _ => {
                let ids = (0..n)
                    .into_par_iter()
                    .map(|i| if in_range(i) { 0 } else { NO_SCOPE })
                    .collect();
                (ids, vec![(None, Vec::new())])
            }
        };
        for seg in &g.segments {
            let codes = df.column(seg.as_str())?.u32()?.rechunk();
            // A blank value is the code after the last.
            let blank = codes.max().map_or(0, |m| m + 1);
            let arr = codes.downcast_as_array();
            let (values, valid) = (arr.values(), arr.validity());
            let code = |i: usize| match valid.is_none_or(|v| v.get_bit(i)) {
                true => values[i],
                false => blank,
            };
            let key = |id: u32, code: u32| {
                let (p, mut s) = keys[id as usize].clone();
                s.push(Some(code).filter(|&c| c != blank));
                (p, s)
            };
            let width = blank as usize + 1;
            let size = keys
                .len()
                .checked_mul(width)
                .filter(|&w| w <= n.max(1 << 16) && w < NO_SCOPE as usize);
            keys = match size {
                // (scope, value) pairs as `scope * width + value`, in
                // parallel, then the pairs present numbered in that order.
                Some(size) => {
                    ids.par_iter_mut().enumerate().for_each(|(i, id)| {
                        if *id != NO_SCOPE {
                            *id = *id * width as u32 + code(i);
                        }
                    });
                    let present: Vec<AtomicBool> =
                        (0..size).map(|_| AtomicBool::new(false)).collect();
                    ids.par_iter().for_each(|&id| {
                        if let Some(p) = present.get(id as usize) {
                            if !p.load(Relaxed) {
                                p.store(true, Relaxed);
                            }
                        }
                    });
                    let mut dense = vec![NO_SCOPE; size];
                    let mut next_keys = Vec::new();
                    for (pair, p) in present.iter().enumerate() {
                        if p.load(Relaxed) {
                            dense[pair] = next_keys.len() as u32;
                            next_keys.push(key((pair / width) as u32, (pair % width) as u32));
                        }
                    }
                    ids.par_iter_mut().for_each(|id| {
                        if *id != NO_SCOPE {
                            *id = dense[*id as usize];
                        }
                    });
                    next_keys
                }
                // Many pairs: numbered through a hash table, row by row.
                None => {
                    let mut table: HashMap<(u32, u32), u32, foldhash::fast::FixedState> =
                        HashMap::default();
                    let mut next_keys = Vec::new();
                    for (i, id) in ids.iter_mut().enumerate() {
                        if *id == NO_SCOPE {
                            continue;
                        }
                        let c = code(i);
                        *id = *table.entry((*id, c)).or_insert_with(|| {
                            next_keys.push(key(*id, c));
                            (next_keys.len() - 1) as u32
                        });
                    }
                    next_keys
                }
            };
        }
        Ok(Scopes { ids, keys })
    }

    /// Row indices per scope id (a counting sort; empty scopes stay empty),
    /// and each id's key. The per-row ids are freed here, before any tally
    /// state is made (4 bytes an order: 0.37 GB at 100M orders).
    fn buckets(self) -> (Vec<Vec<u32>>, Vec<Key>) {
        let mut sizes = vec![0usize; self.keys.len()];
        for &id in &self.ids {
            if id != NO_SCOPE {
                sizes[id as usize] += 1;
            }
        }
        let mut out: Vec<Vec<u32>> = sizes.into_iter().map(Vec::with_capacity).collect();
        for (i, &id) in self.ids.iter().enumerate() {
            if id != NO_SCOPE {
                out[id as usize].push(i as u32);
            }
        }
        (out, self.keys)
    }
}
