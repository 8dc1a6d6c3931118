//! Reading inputs larger than memory: the typed scan runs on polars'
//! streaming engine and hands over one batch of rows at a time, in file
//! order. Each batch's ids become dense integer codes at once (one
//! dictionary for the whole read) and its text is dropped, so what stays in
//! memory is a few integers per row, not the text of every id.
//!
//! This only works when rows need no regrouping: when order ids never
//! repeat (checked batch by batch: ids that only rise or only fall) or
//! there are none. As soon as an id repeats, the read stops and the caller
//! reads the files whole, which folds line items.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use polars::prelude::*;

use super::{read_error, Source, FILE, ROW};

/// Inputs of at least this many bytes (all files together) are read in
/// batches; smaller ones whole, which is faster when memory is plenty.
pub const FROM_BYTES: u64 = 2 << 30;

/// The text column of order ids in a typed scan, when there is one.
const ORDER_ID: &str = "order_id";

/// Whether to read these sources in batches: by their size, or as the
/// `ENGAGE_BATCHED` environment variable says (`always`, `never`; the
/// tests run both ways).
pub fn wanted(sources: &[Source]) -> bool {
    match std::env::var("ENGAGE_BATCHED").as_deref() {
        Ok("always") => true,
        Ok("never") => false,
        _ => {
            let bytes: u64 = sources
                .iter()
                .filter_map(|s| std::fs::metadata(&s.path).ok())
                .map(|m| m.len())
                .sum();
            bytes >= FROM_BYTES
        }
    }
}

/// Dense codes for text, in order of first appearance. Text of up to 15
/// bytes (most ids) is packed into a `u128` key; longer text is kept.
#[derive(Default)]
struct Codes {
    packed: HashMap<u128, u32, foldhash::fast::FixedState>,
    long: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    /// The text of each code, when the caller needs it (segment values).
    values: Option<Vec<String>>,
    next: u32,
}

impl Codes {
    fn code(&mut self, s: &str) -> u32 {
        let next = self.next;
        let b = s.as_bytes();
        let code = if b.len() < 16 {
            let mut key = [0u8; 16];
            key[..b.len()].copy_from_slice(b);
            key[15] = b.len() as u8;
            *self.packed.entry(u128::from_le_bytes(key)).or_insert(next)
        } else {
            match self.long.get(s) {
                Some(&c) => c,
                None => {
                    self.long.insert(s.into(), next);
                    next
                }
            }
        };
        if code == next {
            self.next += 1;
            if let Some(values) = &mut self.values {
                values.push(s.to_string());
            }
        }
        code
    }

    fn encode(&mut self, ca: &StringChunked) -> UInt32Chunked {
        ca.iter().map(|v| v.map(|s| self.code(s))).collect()
    }
}

/// Whether the order ids seen so far never repeat.
#[derive(Default)]
struct Ids {
    /// Some rows had ids, some had none.
    seen_id: bool,
    seen_blank: bool,
    last: Option<String>,
    direction: Option<std::cmp::Ordering>,
}

impl Ids {
    /// Takes a batch's ids; false once an id may repeat (not strictly
    /// rising or falling, or ids mixed with blanks).
    fn still_unique(&mut self, ids: &StringChunked) -> bool {
        let blanks = ids.null_count();
        self.seen_blank |= blanks > 0;
        self.seen_id |= blanks < ids.len();
        if self.seen_blank {
            return !self.seen_id;
        }
        for id in ids.iter().flatten() {
            if let Some(last) = &self.last {
                let d = last.as_str().cmp(id);
                if d == std::cmp::Ordering::Equal || self.direction.is_some_and(|x| x != d) {
                    return false;
                }
                self.direction = Some(d);
            }
            self.last = Some(id.to_string());
        }
        true
    }
}

struct State {
    codes: Vec<(String, Codes)>,
    ids: Ids,
    batches: Vec<DataFrame>,
    positions: bool,
    /// An id repeats: stop, and read whole.
    regroup: bool,
}

impl State {
    /// One batch in: ids checked, text columns encoded, the rest kept.
    fn take(&mut self, df: DataFrame) -> PolarsResult<bool> {
        if let Ok(ids) = df.column(ORDER_ID) {
            if !self.ids.still_unique(ids.str()?) {
                self.regroup = true;
                return Ok(true);
            }
        }
        let mut columns = Vec::with_capacity(df.width());
        for c in df.columns() {
            let name = c.name().as_str();
            if name == ORDER_ID || (!self.positions && (name == FILE || name == ROW)) {
                continue;
            }
            match self.codes.iter_mut().find(|(n, _)| n == name) {
                Some((_, codes)) => columns.push(
                    codes
                        .encode(c.str()?)
                        .with_name(c.name().clone())
                        .into_column(),
                ),
                None => columns.push(c.clone()),
            }
        }
        self.batches.push(DataFrame::new_infer_height(columns)?);
        Ok(false)
    }
}

/// What a batched read gives: the rows with codes for text, each file's
/// column mapping, and per encoded column its values (empty for `ids`).
pub struct Batched<C> {
    pub frame: DataFrame,
    pub mapped: Vec<C>,
    pub dictionaries: Vec<Vec<String>>,
}

/// Maps and scans every source like `scan_all`, then streams the rows in
/// file order: the columns in `ids` become codes without their text, the
/// segment columns (`_seg0`...) codes with their text, `order_id` is
/// checked and dropped, and without `positions` so are the file and row
/// columns (zeros instead). `None` when an order id repeats.
pub fn read<C>(
    sources: &[Source],
    what: &str,
    map: impl Fn(&Source) -> Result<C>,
    scan: impl Fn(&Source, u32, &C) -> Result<LazyFrame>,
    ids: &[&str],
    positions: bool,
) -> Result<Option<Batched<C>>> {
    let (frames, mapped) = super::map_and_scan(sources, map, scan)?;
    let mut lf = concat(frames, UnionArgs::default()).map_err(|e| read_error(sources, &e))?;
    let schema = lf.collect_schema().map_err(|e| read_error(sources, &e))?;
    let mut codes: Vec<(String, Codes)> = ids
        .iter()
        .map(|n| (n.to_string(), Codes::default()))
        .collect();
    for name in schema.iter_names() {
        if name.starts_with("_seg") {
            let c = Codes {
                values: Some(Vec::new()),
                ..Codes::default()
            };
            codes.push((name.to_string(), c));
        }
    }
    let state = Arc::new(Mutex::new(State {
        codes,
        ids: Ids::default(),
        batches: Vec::new(),
        positions,
        regroup: false,
    }));
    let sink = state.clone();
    let callback = PlanCallback::new(move |df: DataFrame| -> PolarsResult<bool> {
        let mut state = sink
            .lock()
            .map_err(|_| polars_err!(ComputeError: "a batch could not be taken"))?;
        state.take(df)
    });
    lf.sink_batches(callback, true, None)
        .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
        .map_err(|e| read_error(sources, &e))?;
    let state = Arc::try_unwrap(state)
        .ok()
        .and_then(|m| m.into_inner().ok())
        .ok_or_else(|| anyhow::anyhow!("internal error: the batched read did not finish"))?;
    if state.regroup {
        return Ok(None);
    }
    let mut batches = state.batches.into_iter();
    let Some(mut frame) = batches.next() else {
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        anyhow::bail!(
            "{}: no data rows, only a header; export the {what} again",
            names.join(", ")
        );
    };
    for b in batches {
        frame
            .vstack_mut_owned(b)
            .map_err(|e| read_error(sources, &e))?;
    }
    if !positions {
        let height = frame.height();
        for name in [FILE, ROW] {
            let zero = Column::new_scalar(name.into(), Scalar::from(0u32), height);
            frame
                .with_column(zero)
                .map_err(|e| read_error(sources, &e))?;
        }
    }
    let dictionaries = state
        .codes
        .into_iter()
        .map(|(_, c)| c.values.unwrap_or_default())
        .collect();
    Ok(Some(Batched {
        frame,
        mapped,
        dictionaries,
    }))
}
