//! Text keys (customer ids, segment values) to dense `u32` codes, so that
//! every later grouping is a plain array lookup: one [`Encoder`], run over
//! a whole column (`encode`, `encode_grouped`) or batch after batch into
//! one dictionary (the batched read).

use std::collections::HashMap;

use polars::prelude::*;
use rayon::prelude::*;

use super::segment_column;

/// An id of up to 15 bytes (most ids) packed into 16 bytes: its bytes, and
/// its length in the last byte; `None` for longer ids.
pub fn pack_id(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() >= 16 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..b.len()].copy_from_slice(b);
    key[15] = b.len() as u8;
    Some(key)
}

/// Dense `u32` codes for a text column (0, 1, 2...; the same input always
/// gives the same codes); null stays null. With `values`, the distinct texts
/// are pushed there, indexed by code. Integer codes make every later
/// grouping a plain array lookup. One [`Encoder`] run over the whole
/// column.
pub fn encode(ca: &StringChunked, values: Option<&mut Vec<String>>) -> PolarsResult<UInt32Chunked> {
    let mut encoder = Encoder::new(values.is_some());
    let (codes, _) = encoder.run(ca, Numbering::Dense)?;
    encoder.finish_into(values)?;
    Ok(with_nulls(ca, codes))
}

/// [`encode`] for a column without nulls, the codes given in an order that
/// groups rows by code range (each shard's codes are one range), with the
/// rows in that order (rows of a shard stay in file order). A frame put in
/// that order has every per-code tally sweep its table a small window at a
/// time instead of jumping across it (see `metrics::orders`).
pub fn encode_grouped(
    ca: &StringChunked,
    values: Option<&mut Vec<String>>,
) -> PolarsResult<Option<(UInt32Chunked, IdxCa)>> {
    if ca.null_count() > 0 {
        return Ok(None);
    }
    let mut encoder = Encoder::new(values.is_some());
    let (codes, rows) = encoder.run(ca, Numbering::Grouped)?;
    encoder.finish_into(values)?;
    let codes = UInt32Chunked::from_vec(ca.name().clone(), codes);
    Ok(rows.map(|rows| (codes, IdxCa::from_vec("rows".into(), rows))))
}

/// Text to codes, one column at a time or batch after batch into one
/// dictionary (the batched read of inputs larger than memory).
///
/// One hash table over millions of ids is slow because every lookup misses
/// the cache. So each id is hashed once and its row put in one of 256
/// shards by the top bits of the hash, together with the id's bytes packed
/// into a `u128` (ids of up to 15 bytes, i.e. most), pieces of rows in
/// parallel; each shard has a table of its own that stays in cache and
/// numbers its ids in order of first appearance, the shards in parallel.
/// Longer ids (e-mails) are compared as text. A code is its shard's first
/// code plus the id's number in the shard, so the same input always gives
/// the same codes.
pub struct Encoder {
    shards: Vec<Shard>,
    /// Whether the text of each code is kept (segment values).
    keep_values: bool,
    hasher: Hasher,
}

type Hasher = foldhash::fast::FixedState;

/// Shards, by the top 8 bits of an id's hash.
const SHARDS: usize = 256;
/// Rows per piece: enough to keep every thread busy.
const PIECE: usize = 1 << 16;
/// Marks an id too long to pack; no packed id has 0xFF as its length byte.
const LONG: u128 = u128::MAX;
/// Bits of a batch code that number an id within its shard: 16.7M ids
/// per shard, about 4 billion in all (the limit of `u32` codes anyway).
const SHARD_BITS: u32 = 24;

/// A packed id as a table key: 16 bytes without `u128`'s alignment, so an
/// entry is 20 bytes instead of 32; hashed and compared as the `u128` it
/// is (two loads, not a byte comparison).
struct Key([u8; 16]);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        u128::from_le_bytes(self.0) == u128::from_le_bytes(other.0)
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u128(u128::from_le_bytes(self.0));
    }
}

#[derive(Default)]
struct Shard {
    packed: HashMap<Key, u32, Hasher>,
    long: HashMap<Box<str>, u32, Hasher>,
    values: Vec<String>,
    next: u32,
}

fn too_many() -> PolarsError {
    polars_err!(ComputeError: "more than 4,294,967,295 distinct values: split the input")
}

impl Shard {
    /// The number of an id in this shard: `key` packed, or `LONG` with
    /// the text in `long`.
    fn number(&mut self, key: u128, long: &str, keep_values: bool) -> PolarsResult<u32> {
        let next = self.next;
        if next >> SHARD_BITS != 0 {
            return Err(too_many());
        }
        let number = match key {
            LONG => match self.long.get(long) {
                Some(&n) => n,
                None => {
                    self.long.insert(long.into(), next);
                    next
                }
            },
            key => *self.packed.entry(Key(key.to_le_bytes())).or_insert(next),
        };
        if number == next {
            self.next += 1;
            if keep_values {
                self.values.push(match key {
                    LONG => long.to_string(),
                    key => {
                        let b = key.to_le_bytes();
                        String::from_utf8_lossy(&b[..b[15] as usize]).into_owned()
                    }
                });
            }
        }
        Ok(number)
    }
}

/// How a run numbers its rows.
#[derive(Clone, Copy, PartialEq)]
enum Numbering {
    /// Final codes, rows in input order (the only run of an encoder).
    Dense,
    /// Final codes, rows grouped by shard (see [`encode_grouped`]).
    Grouped,
    /// Shard (top 8 bits) and number within it, made dense by [`dense`]
    /// once every batch is in.
    Batch,
}

/// One piece's rows of one shard: row, packed id, and the text of the long
/// ones in order.
#[derive(Default)]
struct Part<'a> {
    rows: Vec<u32>,
    keys: Vec<u128>,
    long: Vec<&'a str>,
}

impl Encoder {
    pub fn new(keep_values: bool) -> Encoder {
        Encoder {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            keep_values,
            hasher: Hasher::with_seed(0),
        }
    }

    /// Codes for one batch, to be made dense by [`dense`] with the offsets
    /// [`Encoder::finish`] gives.
    pub fn batch(&mut self, ca: &StringChunked) -> PolarsResult<UInt32Chunked> {
        let (codes, _) = self.run(ca, Numbering::Batch)?;
        Ok(with_nulls(ca, codes))
    }

    /// Each shard's first dense code, and the text of every code (empty
    /// unless kept).
    pub fn finish(self) -> PolarsResult<(Vec<u32>, Vec<String>)> {
        let offsets = self.offsets()?;
        let values = self.shards.into_iter().flat_map(|s| s.values).collect();
        Ok((offsets, values))
    }

    fn finish_into(self, values: Option<&mut Vec<String>>) -> PolarsResult<()> {
        let (_, texts) = self.finish()?;
        if let Some(values) = values {
            values.extend(texts);
        }
        Ok(())
    }

    fn offsets(&self) -> PolarsResult<Vec<u32>> {
        let mut offsets = Vec::with_capacity(self.shards.len());
        let mut at = 0u32;
        for shard in &self.shards {
            offsets.push(at);
            at = at.checked_add(shard.next).ok_or_else(too_many)?;
        }
        Ok(offsets)
    }

    /// The codes of `ca`'s rows (0 for nulls), and with `Grouped` the rows
    /// in the order of the codes.
    fn run(
        &mut self,
        ca: &StringChunked,
        numbering: Numbering,
    ) -> PolarsResult<(Vec<u32>, Option<Vec<u32>>)> {
        use std::hash::BuildHasher;
        let pack = |s: &str| pack_id(s).map_or(LONG, u128::from_le_bytes);
        // Pieces of at most PIECE rows, within the chunks: (chunk, from,
        // to, index of its first row).
        let mut pieces = Vec::new();
        let mut first = 0usize;
        for (c, arr) in ca.downcast_iter().enumerate() {
            for from in (0..arr.len()).step_by(PIECE) {
                let to = (from + PIECE).min(arr.len());
                pieces.push((c, from, to, first + from));
            }
            first += arr.len();
        }
        let arrays: Vec<_> = ca.downcast_iter().collect();
        let hasher = &self.hasher;
        let parts: Vec<Vec<Part>> = pieces
            .par_iter()
            .map(|&(c, from, to, row0)| {
                let mut parts: Vec<Part> = (0..SHARDS).map(|_| Part::default()).collect();
                let arr = arrays[c];
                for j in from..to {
                    let Some(text) = arr.get(j) else {
                        continue;
                    };
                    let key = pack(text);
                    let h = match key {
                        LONG => hasher.hash_one(text),
                        key => hasher.hash_one(key),
                    };
                    let part = &mut parts[(h >> 56) as usize];
                    part.rows.push((row0 + j - from) as u32);
                    part.keys.push(key);
                    if key == LONG {
                        part.long.push(text);
                    }
                }
                parts
            })
            .collect();
        // Per shard: the number of each of its rows, pieces in order.
        let keep_values = self.keep_values;
        let numbers: Vec<Vec<u32>> = self
            .shards
            .par_iter_mut()
            .enumerate()
            .map(|(b, shard)| {
                let size: usize = parts.iter().map(|p| p[b].rows.len()).sum();
                shard.packed.reserve(size);
                let mut out = Vec::with_capacity(size);
                for part in parts.iter().map(|p| &p[b]) {
                    let mut long = part.long.iter();
                    for &key in &part.keys {
                        let text = match key {
                            LONG => long.next().copied().unwrap_or_default(),
                            _ => "",
                        };
                        out.push(shard.number(key, text, keep_values)?);
                    }
                }
                Ok(out)
            })
            .collect::<PolarsResult<_>>()?;
        // Each shard's first code: final, or the shard in the top bits.
        let base: Vec<u32> = match numbering {
            Numbering::Batch => (0..SHARDS as u32).map(|b| b << SHARD_BITS).collect(),
            Numbering::Dense | Numbering::Grouped => self.offsets()?,
        };
        if numbering == Numbering::Grouped {
            let mut rows = Vec::with_capacity(ca.len());
            let mut codes = Vec::with_capacity(ca.len());
            for (b, n) in numbers.iter().enumerate() {
                rows.extend(parts.iter().flat_map(|p| &p[b].rows));
                codes.extend(n.iter().map(|n| base[b] + n));
            }
            return Ok((codes, Some(rows)));
        }
        // Where each piece's rows start in each shard's numbers; then the
        // codes piece by piece, in parallel.
        let mut starts = vec![[0usize; SHARDS]; parts.len()];
        for b in 0..SHARDS {
            let mut at = 0;
            for (p, piece) in parts.iter().enumerate() {
                starts[p][b] = at;
                at += piece[b].rows.len();
            }
        }
        let codes: Vec<Vec<u32>> = pieces
            .par_iter()
            .enumerate()
            .map(|(p, &(_, from, to, row0))| {
                let mut out = vec![0u32; to - from];
                for (b, part) in parts[p].iter().enumerate() {
                    let n = &numbers[b][starts[p][b]..starts[p][b] + part.rows.len()];
                    for (&r, &n) in part.rows.iter().zip(n) {
                        out[r as usize - row0] = base[b] + n;
                    }
                }
                out
            })
            .collect();
        Ok((codes.concat(), None))
    }
}

/// Dense codes from a batched read's codes (see [`Numbering::Batch`]),
/// with the offsets [`Encoder::finish`] gave.
pub fn dense(column: &Column, offsets: &[u32]) -> PolarsResult<Column> {
    let mask = (1u32 << SHARD_BITS) - 1;
    Ok(column
        .u32()?
        .apply_values(|c| offsets[(c >> SHARD_BITS) as usize] + (c & mask))
        .into_column())
}

/// Codes as a column named like `ca`, null where `ca` is.
fn with_nulls(ca: &StringChunked, codes: Vec<u32>) -> UInt32Chunked {
    let codes = UInt32Chunked::from_vec(ca.name().clone(), codes);
    match ca.null_count() {
        0 => codes,
        _ => codes.with_validity(ca.rechunk_validity()),
    }
}

/// The `--segment` columns `_seg0..` of `df` as dense codes, and the text
/// of each code per column (see [`encode`]).
pub fn encode_segments(
    df: &DataFrame,
    n_segments: usize,
) -> PolarsResult<(Vec<Column>, Vec<Vec<String>>)> {
    let mut columns = Vec::with_capacity(n_segments);
    let mut dictionaries = Vec::with_capacity(n_segments);
    for i in 0..n_segments {
        let name = segment_column(i);
        let mut values = Vec::new();
        let codes = encode(df.column(&name)?.str()?, Some(&mut values))?;
        columns.push(codes.with_name(name.into()).into_column());
        dictionaries.push(values);
    }
    Ok((columns, dictionaries))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shard full to its 24 bits of numbers is an error, not a code that
    /// wraps into the next shard's.
    #[test]
    fn a_full_shard_is_an_error_not_a_wrapped_code() {
        let key = u128::from_le_bytes(pack_id("new").unwrap());
        let mut shard = Shard {
            next: 1 << SHARD_BITS,
            ..Shard::default()
        };
        assert!(shard.number(key, "", false).is_err());
        let mut shard = Shard {
            next: (1 << SHARD_BITS) - 1,
            ..Shard::default()
        };
        assert_eq!(
            shard.number(key, "", false).ok(),
            Some((1 << SHARD_BITS) - 1)
        );
    }

    /// Dense codes that would pass `u32` are an error.
    #[test]
    fn more_codes_than_u32_holds_are_an_error() {
        let mut encoder = Encoder::new(false);
        for shard in encoder.shards.iter_mut().take(2) {
            shard.next = u32::MAX / 2 + 1;
        }
        assert!(encoder.finish().is_err());
        assert!(Encoder::new(false).finish().is_ok());
    }

    /// Batch after batch, or the whole column at once, grouped or not:
    /// the same codes, and the same texts (short, long and null ids).
    #[test]
    fn batches_whole_and_grouped_give_the_same_codes() {
        let texts: Vec<Option<String>> = (0..200_000)
            .map(|i| match i % 7 {
                0 => None,
                1 => Some(format!("customer-with-a-long-id-{}", i % 901)),
                _ => Some(format!("c{}", (i * 7919) % 50_021)),
            })
            .collect();
        let ca: StringChunked = texts.iter().map(|t| t.as_deref()).collect();
        let mut values = Vec::new();
        let whole = encode(&ca, Some(&mut values)).unwrap();
        for (code, text) in whole.iter().zip(&texts) {
            assert_eq!(code.map(|c| values[c as usize].as_str()), text.as_deref());
        }
        let mut encoder = Encoder::new(true);
        let batches: Vec<Column> = (0..ca.len())
            .step_by(30_000)
            .map(|at| {
                let batch = ca.slice(at as i64, 30_000);
                encoder.batch(&batch).unwrap().into_column()
            })
            .collect();
        let (offsets, batch_values) = encoder.finish().unwrap();
        assert_eq!(batch_values, values);
        let mut codes = Vec::new();
        for b in &batches {
            codes.extend(dense(b, &offsets).unwrap().u32().unwrap().iter());
        }
        assert_eq!(codes, whole.iter().collect::<Vec<_>>());
        let no_nulls: StringChunked = texts.iter().flatten().map(String::as_str).collect();
        let (grouped, rows) = encode_grouped(&no_nulls, None).unwrap().unwrap();
        let plain = encode(&no_nulls, None).unwrap();
        for (code, row) in grouped.iter().zip(rows.iter()) {
            assert_eq!(code, plain.get(row.unwrap() as usize));
        }
    }
}
