//! Reading inputs larger than memory: the chunked CSV reader (or, for
//! Parquet, polars' scan on its streaming engine) hands over one batch of
//! typed rows at a time, in file order. Ids become
//! integer codes about a million rows at a time (one dictionary for the
//! whole read) and their text is dropped, so what stays in memory is a few
//! integers per row, not the text of every id.
//!
//! This only works when rows need no regrouping: when order ids never
//! repeat (checked batch by batch: ids that only rise or only fall) or
//! there are none. As soon as an id repeats, the read stops and the caller
//! reads the files whole, which folds line items.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use polars::prelude::*;
use rayon::prelude::*;

use super::chunks;
use super::validate::internal;
use super::{names, Source, Typed, FILE, ROW};

/// Inputs of at least this many bytes (all files together) are read in
/// batches; smaller ones whole, which is faster when memory is plenty.
pub const FROM_BYTES: u64 = 2 << 30;

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

/// Dense codes for text. One table over millions of ids misses the cache
/// on every lookup, so the ids are split by hash into 256 shards, each with
/// its own small table, and a batch is encoded shard by shard. While
/// reading, a code is the shard (top 8 bits) and the id's number within
/// the shard (in order of first appearance); [`Codes::finish`] turns those
/// into dense codes, shard after shard. Text of up to 15 bytes (most ids)
/// is packed into a 16-byte key; longer text is kept.
struct Codes {
    shards: Vec<Shard>,
    /// Whether the text of each code is kept (segment values).
    keep_values: bool,
    hasher: foldhash::fast::FixedState,
}

#[derive(Default)]
struct Shard {
    /// Byte arrays, not `u128`: an entry is 20 bytes instead of 32.
    packed: HashMap<[u8; 16], u32, foldhash::fast::FixedState>,
    long: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    values: Vec<String>,
    next: u32,
}

/// Bits of a reading code that number an id within its shard: 16.7M ids
/// per shard, about 4 billion in all (the limit of `u32` codes anyway).
const SHARD_BITS: u32 = 24;

impl Shard {
    fn code(&mut self, s: &str, keep_values: bool) -> PolarsResult<u32> {
        let next = self.next;
        if next >> SHARD_BITS != 0 {
            polars_bail!(ComputeError: "more than 4,294,967,295 distinct values: split the input");
        }
        let code = match super::pack_id(s) {
            Some(key) => *self.packed.entry(key).or_insert(next),
            None => match self.long.get(s) {
                Some(&c) => c,
                None => {
                    self.long.insert(s.into(), next);
                    next
                }
            },
        };
        if code == next {
            self.next += 1;
            if keep_values {
                self.values.push(s.to_string());
            }
        }
        Ok(code)
    }
}

impl Codes {
    fn new(keep_values: bool) -> Codes {
        Codes {
            shards: (0..256).map(|_| Shard::default()).collect(),
            keep_values,
            hasher: foldhash::fast::FixedState::with_seed(0),
        }
    }

    /// Shard-and-number codes for a batch (see [`Codes`]).
    fn encode(&mut self, ca: &StringChunked) -> PolarsResult<UInt32Chunked> {
        use std::hash::BuildHasher;
        let texts: Vec<Option<&str>> = ca.iter().collect();
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); self.shards.len()];
        for (i, t) in texts.iter().enumerate() {
            if let Some(t) = t {
                let shard = (self.hasher.hash_one(t) >> 56) as usize;
                by_shard[shard].push(i as u32);
            }
        }
        let keep_values = self.keep_values;
        let coded: Vec<Vec<u32>> = self
            .shards
            .par_iter_mut()
            .zip(&by_shard)
            .enumerate()
            .map(|(k, (shard, rows))| {
                rows.iter()
                    .map(|&i| {
                        let text = texts[i as usize].unwrap_or_default();
                        Ok(((k as u32) << SHARD_BITS) | shard.code(text, keep_values)?)
                    })
                    .collect()
            })
            .collect::<PolarsResult<_>>()?;
        let mut out = vec![0u32; texts.len()];
        for (rows, codes) in by_shard.iter().zip(&coded) {
            for (&i, &c) in rows.iter().zip(codes) {
                out[i as usize] = c;
            }
        }
        let codes = UInt32Chunked::from_vec(ca.name().clone(), out);
        Ok(match ca.null_count() {
            0 => codes,
            _ => codes.with_validity(ca.rechunk_validity()),
        })
    }

    /// Each shard's first dense code, and the text of every code (empty
    /// unless kept).
    fn finish(self) -> PolarsResult<(Vec<u32>, Vec<String>)> {
        let mut offsets = Vec::with_capacity(self.shards.len());
        let mut at = 0u32;
        let mut values = Vec::new();
        for shard in self.shards {
            offsets.push(at);
            at = at.checked_add(shard.next).ok_or_else(
                || polars_err!(ComputeError: "more than 4,294,967,295 distinct values: split the input"),
            )?;
            values.extend(shard.values);
        }
        Ok((offsets, values))
    }
}

/// Dense codes from shard-and-number codes (see [`Codes`]).
fn dense(column: &Column, offsets: &[u32]) -> PolarsResult<Column> {
    let mask = (1u32 << SHARD_BITS) - 1;
    Ok(column
        .u32()?
        .apply_values(|c| offsets[(c >> SHARD_BITS) as usize] + (c & mask))
        .into_column())
}

/// Whether the ids seen so far, batch after batch, never repeat, told in
/// one cheap pass: ids that only rise or only fall (an export sorted by
/// order number) never repeat. The one uniqueness check of both reads.
#[derive(Default)]
pub struct Ids {
    /// Whether some rows had an id, and some none.
    pub seen_id: bool,
    seen_blank: bool,
    last: Option<String>,
    direction: Option<std::cmp::Ordering>,
}

impl Ids {
    /// Takes a batch's ids; false once an id may repeat (not strictly
    /// rising or falling, or ids mixed with blanks).
    pub fn still_unique(&mut self, ids: &StringChunked) -> bool {
        let blanks = ids.null_count();
        self.seen_blank |= blanks > 0;
        self.seen_id |= blanks < ids.len();
        if self.seen_blank {
            return !self.seen_id;
        }
        let mut direction = self.direction;
        let mut prev = self.last.as_deref();
        let mut last = None;
        for id in ids.iter().flatten() {
            if let Some(p) = prev {
                let d = p.cmp(id);
                if d == std::cmp::Ordering::Equal || direction.is_some_and(|x| x != d) {
                    return false;
                }
                direction = Some(d);
            }
            prev = Some(id);
            last = Some(id);
        }
        let last = last.map(str::to_string);
        self.direction = direction;
        if last.is_some() {
            self.last = last;
        }
        true
    }
}

/// One output column, grown batch by batch into a single chunk (so that
/// nothing is copied to make it contiguous later).
enum Builder {
    U32(PrimitiveChunkedBuilder<UInt32Type>),
    I32(PrimitiveChunkedBuilder<Int32Type>),
    I64(PrimitiveChunkedBuilder<Int64Type>),
    Bool(BooleanChunkedBuilder),
}

impl Builder {
    fn new(name: &str, dtype: &DataType) -> PolarsResult<Builder> {
        let name = PlSmallStr::from(name);
        Ok(match dtype {
            DataType::UInt32 => Builder::U32(PrimitiveChunkedBuilder::new(name, 0)),
            DataType::Int32 => Builder::I32(PrimitiveChunkedBuilder::new(name, 0)),
            DataType::Int64 => Builder::I64(PrimitiveChunkedBuilder::new(name, 0)),
            DataType::Boolean => Builder::Bool(BooleanChunkedBuilder::new(name, 0)),
            other => polars_bail!(ComputeError: "cannot gather a {other} column"),
        })
    }

    fn append(&mut self, c: &Column) -> PolarsResult<()> {
        match self {
            Builder::U32(b) => c.u32()?.iter().for_each(|v| b.append_option(v)),
            Builder::I32(b) => c.i32()?.iter().for_each(|v| b.append_option(v)),
            Builder::I64(b) => c.i64()?.iter().for_each(|v| b.append_option(v)),
            Builder::Bool(b) => c.bool()?.iter().for_each(|v| b.append_option(v)),
        }
        Ok(())
    }

    fn finish(self) -> Column {
        match self {
            Builder::U32(b) => b.finish().into_column(),
            Builder::I32(b) => b.finish().into_column(),
            Builder::I64(b) => b.finish().into_column(),
            Builder::Bool(b) => b.finish().into_column(),
        }
    }
}

struct State {
    /// The id column's name (checked, then dropped), when there is one.
    id: Option<String>,
    codes: Vec<(String, Codes)>,
    ids: Ids,
    columns: Vec<(String, Builder)>,
    rows: u64,
    positions: bool,
    /// An id repeats: stop, and read whole.
    regroup: bool,
    /// Batches kept but not yet encoded: ids are encoded about a million
    /// at a time, so that each shard's table is looked up many times while
    /// it is in cache.
    pending: Option<DataFrame>,
}

/// Rows gathered before their ids are encoded.
const ENCODE_ROWS: usize = 1 << 20;

impl State {
    /// One batch in: ids checked, then kept until encoded.
    fn take(&mut self, df: DataFrame) -> PolarsResult<bool> {
        if let Some(id) = &self.id {
            if !self.ids.still_unique(df.column(id)?.str()?) {
                self.regroup = true;
                return Ok(true);
            }
        }
        self.rows += df.height() as u64;
        if self.rows > super::chunks::MAX_ROWS {
            polars_bail!(ComputeError: "more than 4,294,967,295 rows");
        }
        match &mut self.pending {
            Some(p) => {
                p.vstack_mut_owned(df)?;
            }
            None => self.pending = Some(df),
        }
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.height() >= ENCODE_ROWS)
        {
            self.flush()?;
        }
        Ok(false)
    }

    /// The pending rows encoded and kept.
    fn flush(&mut self) -> PolarsResult<()> {
        let Some(df) = self.pending.take() else {
            return Ok(());
        };
        for c in df.columns() {
            let name = c.name().as_str();
            if Some(name) == self.id.as_deref()
                || (!self.positions && (name == FILE || name == ROW))
            {
                continue;
            }
            let encoded;
            let c = match self.codes.iter_mut().find(|(n, _)| n == name) {
                Some((_, codes)) => {
                    encoded = codes.encode(c.str()?)?.into_column();
                    &encoded
                }
                None => c,
            };
            let at = match self.columns.iter().position(|(n, _)| n == name) {
                Some(at) => at,
                None => {
                    let builder = Builder::new(name, c.dtype())?;
                    self.columns.push((name.to_string(), builder));
                    self.columns.len() - 1
                }
            };
            self.columns[at].1.append(c)?;
        }
        Ok(())
    }
}

/// What a batched read gives: the rows with codes for text, each file's
/// column mapping, and per encoded column its values (empty for those
/// encoded without them).
pub struct Batched<C> {
    pub frame: DataFrame,
    pub mapped: Vec<C>,
    pub dictionaries: Vec<Vec<String>>,
    pub rows_read: u64,
    /// Whether any row had a value in the id column.
    pub has_ids: bool,
}

/// Which text columns a batched read turns into codes: `without_values`
/// keep only their codes (customer ids), `with_values` also their text
/// (segment values); `id` is a column whose values must never repeat
/// (order ids): checked, then dropped.
pub struct Encoded<'a> {
    pub id: Option<&'a str>,
    pub without_values: &'a [&'a str],
    pub with_values: &'a [String],
}

/// Maps every source and reads its typed rows like `scan_all`, streaming
/// them in file order: the columns `encoded` names become codes, the id
/// column is checked and dropped, and without `positions` so are the file
/// and row columns (zeros instead). `None` when an id repeats (or ids are
/// mixed with blanks): the caller then reads whole.
pub fn read<C>(
    sources: &[Source],
    what: &str,
    map: impl Fn(&Source) -> Result<C>,
    typed: impl Fn(&C) -> Typed,
    encoded: Encoded,
    positions: bool,
) -> Result<Option<Batched<C>>> {
    let (mapped, typed) = super::map_all(sources, map, typed)?;
    let codes = encoded
        .without_values
        .iter()
        .map(|n| (n.to_string(), Codes::new(false)))
        .chain(
            encoded
                .with_values
                .iter()
                .map(|n| (n.clone(), Codes::new(true))),
        )
        .collect();
    let state = Arc::new(Mutex::new(State {
        id: encoded.id.map(str::to_string),
        codes,
        ids: Ids::default(),
        columns: Vec::new(),
        rows: 0,
        positions,
        regroup: false,
        pending: None,
    }));
    fn take(state: &Mutex<State>, df: DataFrame) -> PolarsResult<bool> {
        state
            .lock()
            .map_err(|_| polars_err!(ComputeError: "a batch could not be taken"))?
            .take(df)
    }
    for (i, (source, typed)) in sources.iter().zip(&typed).enumerate() {
        let file = u32::try_from(i).unwrap_or(u32::MAX);
        if chunks::wanted(source) {
            chunks::read(source, file, positions, typed, |df| take(&state, df))
                .map_err(|f| chunks::error(source, f))?;
        } else {
            let sink = state.clone();
            super::parquet::read_batches(source, file, positions, typed, move |df| {
                take(&sink, df)
            })?;
        }
        if state.lock().map_or(true, |s| s.regroup) {
            break;
        }
    }
    let mut state = Arc::try_unwrap(state)
        .ok()
        .and_then(|m| m.into_inner().ok())
        .ok_or_else(|| anyhow::anyhow!("internal error: the batched read did not finish"))?;
    if state.regroup {
        return Ok(None);
    }
    if state.rows > super::chunks::MAX_ROWS {
        return Err(chunks::too_many_rows(&names(sources)));
    }
    state.flush().map_err(|e| internal(&e))?;
    if state.rows == 0 {
        anyhow::bail!(
            "{}: no data rows, only a header; export the {what} again",
            names(sources)
        );
    }
    let mut dictionaries = Vec::new();
    let mut offsets = Vec::new();
    for (name, codes) in state.codes {
        let (o, values) = codes.finish().map_err(|e| internal(&e))?;
        offsets.push((name, o));
        dictionaries.push(values);
    }
    let columns = state
        .columns
        .into_iter()
        .map(|(name, b)| match offsets.iter().find(|(n, _)| *n == name) {
            Some((_, o)) => dense(&b.finish(), o),
            None => Ok(b.finish()),
        })
        .collect::<PolarsResult<Vec<Column>>>()
        .map_err(|e| internal(&e))?;
    let height = state.rows as usize;
    let mut frame = DataFrame::new_infer_height(columns).map_err(|e| internal(&e))?;
    if !positions {
        for name in [FILE, ROW] {
            let zero = Column::new_scalar(name.into(), Scalar::from(0u32), height);
            frame.with_column(zero).map_err(|e| internal(&e))?;
        }
    }
    Ok(Some(Batched {
        frame,
        mapped,
        dictionaries,
        rows_read: state.rows,
        has_ids: state.ids.seen_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::{Codes, Ids, Shard, SHARD_BITS};
    use polars::prelude::*;

    /// A shard full to its 24 bits of numbers is an error, not a code that
    /// wraps into the next shard's.
    #[test]
    fn a_full_shard_is_an_error_not_a_wrapped_code() {
        let mut shard = Shard {
            next: 1 << SHARD_BITS,
            ..Shard::default()
        };
        assert!(shard.code("new", false).is_err());
        let mut shard = Shard {
            next: (1 << SHARD_BITS) - 1,
            ..Shard::default()
        };
        assert_eq!(shard.code("last", false).ok(), Some((1 << SHARD_BITS) - 1));
    }

    /// Dense codes that would pass `u32` are an error.
    #[test]
    fn more_codes_than_u32_holds_are_an_error() {
        let mut codes = Codes::new(false);
        for shard in codes.shards.iter_mut().take(2) {
            shard.next = u32::MAX / 2 + 1;
        }
        assert!(codes.finish().is_err());
        let ok = Codes::new(false);
        assert!(ok.finish().is_ok());
    }

    /// Ids that only rise (or only fall) over batches never repeat; a
    /// repeat, a change of direction or ids mixed with blanks may.
    #[test]
    fn ids_are_unique_while_they_only_rise_or_fall() {
        let batch = |ids: &[Option<&str>]| ids.iter().copied().collect::<StringChunked>();
        let mut ids = Ids::default();
        assert!(ids.still_unique(&batch(&[Some("a"), Some("b")])));
        assert!(ids.still_unique(&batch(&[Some("c")])));
        assert!(!ids.still_unique(&batch(&[Some("c")])));
        let mut ids = Ids::default();
        assert!(ids.still_unique(&batch(&[Some("b"), Some("a")])));
        assert!(!ids.still_unique(&batch(&[Some("c")])));
        let mut ids = Ids::default();
        assert!(ids.still_unique(&batch(&[None, None])));
        assert!(!ids.seen_id);
        assert!(!ids.still_unique(&batch(&[Some("a")])));
    }
}
