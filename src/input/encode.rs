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

/// Texts numbered 0, 1, 2... held in one buffer (the text of each code
/// that the encoder keeps): a `String` each was 3.26M allocations for the
/// customer ids of 10M orders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    text: String,
    /// Where each text ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// Text `i` (`None` past the last).
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1],
        };
        self.text.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The length in bytes of the longest text (0 without texts).
    pub fn longest(&self) -> usize {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.ends
            .iter()
            .zip(starts)
            .map(|(e, s)| e - s)
            .max()
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// `other`'s texts after these.
    fn append(&mut self, other: Texts) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
}

impl From<Vec<String>> for Texts {
    fn from(strings: Vec<String>) -> Texts {
        let mut texts = Texts {
            text: String::with_capacity(strings.iter().map(String::len).sum()),
            ends: Vec::with_capacity(strings.len()),
        };
        for s in &strings {
            texts.push(s);
        }
        texts
    }
}

/// What an encoding keeps of its texts besides the codes.
pub enum Keep<'a> {
    /// The codes only.
    Codes,
    /// The distinct texts, pushed here indexed by code.
    Values(&'a mut Vec<String>),
    /// The distinct texts, indexed by code, in one buffer.
    Texts(&'a mut Texts),
    /// The encoder's tables, to look texts up afterwards (see [`Lookup`]).
    Lookup(&'a mut Option<Lookup>),
}

/// Dense `u32` codes for a text column (0, 1, 2...; the same input always
/// gives the same codes); null stays null; `keep` says what is kept of the
/// texts. Integer codes make every later grouping a plain array lookup.
/// One [`Encoder`] run over the whole column.
pub fn encode(ca: &StringChunked, keep: Keep) -> PolarsResult<UInt32Chunked> {
    let mut encoder = Encoder::new(matches!(keep, Keep::Values(_) | Keep::Texts(_)));
    let (codes, _) = encoder.run(ca, Numbering::Dense)?;
    encoder.finish_into(keep)?;
    Ok(with_nulls(ca, codes))
}

/// [`encode`] for a column without nulls (nulls are an error), the codes
/// given in an order that groups rows by code range (each shard's codes
/// are one range), with the rows in that order: the rows of each group of
/// `GROUP` pieces (three million rows) shard by shard, a shard's rows in
/// file order (so each customer's rows stay in file order). A frame put
/// in that order has every per-code tally sweep its table a small window
/// at a time instead of jumping across it (see `metrics::orders`), once a
/// group. Each group's rows are written where they go as it is numbered:
/// one sort of all rows by shard afterwards, and the write of every
/// row's number back at its place before it, were 0.2 s of the encoder's
/// 0.5 s at 10M orders.
pub fn encode_grouped(ca: &StringChunked, keep: Keep) -> PolarsResult<(UInt32Chunked, IdxCa)> {
    polars_ensure!(ca.null_count() == 0, ComputeError: "grouped codes for a column with nulls");
    let mut encoder = Encoder::new(matches!(keep, Keep::Values(_) | Keep::Texts(_)));
    let (codes, rows) = encoder.run(ca, Numbering::Grouped)?;
    encoder.finish_into(keep)?;
    let codes = UInt32Chunked::from_vec(ca.name().clone(), codes);
    Ok((
        codes,
        IdxCa::from_vec("rows".into(), rows.unwrap_or_default()),
    ))
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
/// Pieces sorted into shards at a time (three million rows): the shards'
/// tables together span about a million cache lines at 10M orders, so a
/// group of a million rows missed the cache on nearly every lookup, and
/// three million make each line loaded serve about three (the encoder's
/// CPU at 10M 0.93 s -> 0.73 s, the peak unchanged: the read in batches
/// codes a million rows at a time anyway).
/// (Tests: a group a piece, so that a few pieces make several groups.)
const GROUP: usize = if cfg!(test) { 1 } else { 48 };
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
    values: Texts,
    next: u32,
}

fn too_many() -> PolarsError {
    polars_err!(ComputeError: "more than 4,294,967,295 distinct values: split the input")
}

impl Shard {
    /// Reads the table through once, in memory order, before a group's
    /// lookups: the prefetcher streams it into cache, where each lookup at
    /// random missed it (a group reloads every shard's table; one is about
    /// 330 KB at 10M orders, within a core's L2). The encoder's CPU at
    /// 10M orders 1.07 s -> 0.97 s; at 100M (3 MB a table) it still pays
    /// (README, Speed).
    fn warm(&self) -> u32 {
        self.packed.values().fold(0, |a, &v| a ^ v)
    }

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
                match key {
                    LONG => self.values.push(long),
                    key => {
                        let b = key.to_le_bytes();
                        self.values
                            .push(&String::from_utf8_lossy(&b[..b[15] as usize]));
                    }
                }
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
        let (offsets, texts) = self.finish_texts()?;
        Ok((offsets, texts.iter().map(str::to_string).collect()))
    }

    /// [`finish`](Self::finish) with the texts in one buffer.
    pub fn finish_texts(self) -> PolarsResult<(Vec<u32>, Texts)> {
        let offsets = self.offsets()?;
        let mut texts = Texts::default();
        texts
            .text
            .reserve(self.shards.iter().map(|s| s.values.text.len()).sum());
        texts
            .ends
            .reserve(self.shards.iter().map(|s| s.values.len()).sum());
        for shard in self.shards {
            texts.append(shard.values);
        }
        Ok((offsets, texts))
    }

    fn finish_into(self, keep: Keep) -> PolarsResult<()> {
        match keep {
            Keep::Lookup(lookup) => *lookup = Some(self.into_lookup()?),
            Keep::Values(values) => values.extend(self.finish()?.1),
            Keep::Texts(texts) => *texts = self.finish_texts()?.1,
            Keep::Codes => {
                self.finish()?;
            }
        }
        Ok(())
    }

    /// The tables, to look up the code of a text afterwards (without
    /// keeping the text of every code).
    pub fn into_lookup(self) -> PolarsResult<Lookup> {
        let offsets = self.offsets()?;
        Ok(Lookup {
            shards: self.shards,
            offsets,
            hasher: self.hasher,
        })
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
        // Each row's shard and number in it (see `Numbering::Batch`), a
        // group of pieces at a time: the rows sorted into shards hold 20
        // bytes each until numbered, so only a group's rows are held.
        // Grouped, a group's rows go into its stretch shard by shard.
        let mut numbered = vec![0u32; ca.len()];
        let mut rows = (numbering == Numbering::Grouped).then(|| vec![0u32; ca.len()]);
        for group in pieces.chunks(GROUP) {
            self.number(&arrays, group, &mut numbered, rows.as_deref_mut())?;
        }
        if numbering == Numbering::Batch {
            return Ok((numbered, None));
        }
        let offsets = self.offsets()?;
        let mask = (1u32 << SHARD_BITS) - 1;
        numbered
            .par_iter_mut()
            .for_each(|c| *c = offsets[(*c >> SHARD_BITS) as usize] + (*c & mask));
        Ok((numbered, rows))
    }

    /// Numbers the rows of a group of pieces (see [`Encoder::run`]) into
    /// `out`: shard in the top bits, number in the shard below. With
    /// `rows`, the group's stretch of `out` and `rows` takes its rows shard
    /// by shard (rows of a shard in file order) with their numbers,
    /// instead of each row's number at its place.
    fn number(
        &mut self,
        arrays: &[&<StringType as PolarsDataType>::Array],
        group: &[(usize, usize, usize, usize)],
        out: &mut [u32],
        rows: Option<&mut [u32]>,
    ) -> PolarsResult<()> {
        use std::hash::BuildHasher;
        let pack = |s: &str| pack_id(s).map_or(LONG, u128::from_le_bytes);
        let hasher = &self.hasher;
        let parts: Vec<Vec<Part>> = group
            .par_iter()
            .map(|&(c, from, to, row0)| {
                // Room for a shard's share of the rows and a little more:
                // growing 256 pairs of vectors from empty reallocated each
                // about eight times per piece.
                let room = (to - from) / SHARDS * 5 / 4;
                let mut parts: Vec<Part> = (0..SHARDS)
                    .map(|_| Part {
                        rows: Vec::with_capacity(room),
                        keys: Vec::with_capacity(room),
                        long: Vec::new(),
                    })
                    .collect();
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
                std::hint::black_box(shard.warm());
                let mut out = Vec::new();
                for part in parts.iter().map(|p| &p[b]) {
                    let mut long = part.long.iter();
                    for &key in &part.keys {
                        let text = match key {
                            LONG => long.next().copied().unwrap_or_default(),
                            _ => "",
                        };
                        out.push(
                            ((b as u32) << SHARD_BITS) | shard.number(key, text, keep_values)?,
                        );
                    }
                }
                Ok(out)
            })
            .collect::<PolarsResult<_>>()?;
        if let Some(rows) = rows {
            // The group's stretch (its pieces are consecutive rows), cut
            // into one part per shard; the shards in parallel.
            let start = group.first().map_or(0, |p| p.3);
            let len: usize = group.iter().map(|&(_, from, to, _)| to - from).sum();
            let (mut out, mut rows) = (&mut out[start..start + len], &mut rows[start..start + len]);
            let mut stretches = Vec::with_capacity(SHARDS);
            for (b, numbers) in numbers.iter().enumerate() {
                let (o, o_rest) = std::mem::take(&mut out).split_at_mut(numbers.len());
                let (r, r_rest) = std::mem::take(&mut rows).split_at_mut(numbers.len());
                stretches.push((b, numbers, o, r));
                (out, rows) = (o_rest, r_rest);
            }
            stretches.into_par_iter().for_each(|(b, numbers, o, r)| {
                o.copy_from_slice(numbers);
                let mut at = 0;
                for part in parts.iter().map(|p| &p[b]) {
                    r[at..at + part.rows.len()].copy_from_slice(&part.rows);
                    at += part.rows.len();
                }
            });
            return Ok(());
        }
        // Each piece's numbers back in its rows, pieces in parallel (one
        // thread writing three million rows back was most of the encoder's
        // time on the critical path): a piece's rows are one stretch of
        // `out`, and its numbers in each shard start where the pieces
        // before it left off.
        let mut taken = vec![0usize; SHARDS];
        // `rest` is `out` from row `offset` on.
        let (mut rest, mut offset) = (out, 0);
        let mut pieces = Vec::with_capacity(parts.len());
        for (part, &(_, from, to, row0)) in parts.iter().zip(group) {
            let first = taken.clone();
            for (t, p) in taken.iter_mut().zip(part) {
                *t += p.rows.len();
            }
            let (mine, after) = std::mem::take(&mut rest)[row0 - offset..].split_at_mut(to - from);
            rest = after;
            offset = row0 + (to - from);
            pieces.push((part, first, mine, row0));
        }
        pieces
            .into_par_iter()
            .for_each(|(part, first, mine, row0)| {
                for (b, p) in part.iter().enumerate() {
                    let n = &numbers[b][first[b]..first[b] + p.rows.len()];
                    for (&r, &n) in p.rows.iter().zip(n) {
                        mine[r as usize - row0] = n;
                    }
                }
            });
        Ok(())
    }
}

/// An encoder's tables kept after the read: the code of any text, looked
/// up where the encoder numbered it (the shard by its hash, then the
/// shard's small table), without a text kept per code. The feedback link
/// looks up the survey's customer values in the order read's tables
/// instead of hashing every order customer id again.
pub struct Lookup {
    shards: Vec<Shard>,
    offsets: Vec<u32>,
    hasher: Hasher,
}

impl Lookup {
    /// The shard the encoder put `text` in.
    fn shard(&self, text: &str) -> usize {
        use std::hash::BuildHasher;
        let h = match pack_id(text) {
            Some(packed) => self.hasher.hash_one(u128::from_le_bytes(packed)),
            None => self.hasher.hash_one(text),
        };
        (h >> 56) as usize
    }

    /// The code the encoder gave `text` (in shard `b`), if it saw it.
    fn code_in(&self, b: usize, text: &str) -> Option<u32> {
        let shard = &self.shards[b];
        let number = match pack_id(text) {
            Some(packed) => shard.packed.get(&Key(packed)),
            None => shard.long.get(text),
        };
        number.map(|&n| self.offsets[b] + n)
    }

    /// The code the encoder gave each text, if it saw it (`None` for
    /// `None`), looked up shard
    /// by shard: the texts are put in the order of their shard first (a
    /// counting sort), so that each shard's small table is read while it
    /// is in cache, instead of a cache miss and a page walk on nearly
    /// every lookup across all the tables.
    pub fn codes(&self, texts: &[Option<&str>]) -> Vec<Option<u32>> {
        let shards: Vec<u8> = texts
            .par_iter()
            .map(|t| t.map_or(0, |t| self.shard(t) as u8))
            .collect();
        let mut starts = vec![0usize; SHARDS + 1];
        for &b in &shards {
            starts[usize::from(b) + 1] += 1;
        }
        for b in 0..SHARDS {
            starts[b + 1] += starts[b];
        }
        let mut order = vec![0u32; texts.len()];
        for (i, &b) in shards.iter().enumerate() {
            let at = &mut starts[usize::from(b)];
            order[*at] = i as u32;
            *at += 1;
        }
        let found: Vec<Option<u32>> = order
            .par_iter()
            .map(|&i| {
                let i = i as usize;
                texts[i].and_then(|t| self.code_in(usize::from(shards[i]), t))
            })
            .collect();
        let mut codes = vec![None; texts.len()];
        for (&i, code) in order.iter().zip(found) {
            codes[i as usize] = code;
        }
        codes
    }

    /// Each shard's first code (as [`Encoder::finish`] gives them).
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// The number of codes.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.next as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `n` smallest texts in byte order whose codes `keep` accepts
    /// (examples for a message).
    pub fn smallest(&self, n: usize, keep: impl Fn(u32) -> bool) -> Vec<String> {
        let texts = self.shards.iter().zip(&self.offsets).flat_map(|(s, &o)| {
            let packed = s.packed.iter().map(move |(k, &c)| {
                let len = usize::from(k.0[15]);
                (&k.0[..len], o + c)
            });
            packed.chain(s.long.iter().map(move |(t, &c)| (t.as_bytes(), o + c)))
        });
        let texts = texts.filter(|&(_, code)| keep(code)).map(|(t, _)| t);
        let mut best: Vec<&[u8]> = Vec::with_capacity(n + 1);
        for text in texts {
            if best.len() == n && best.last().is_some_and(|&last| text >= last) {
                continue;
            }
            let at = best.partition_point(|&b| b < text);
            best.insert(at, text);
            best.truncate(n);
        }
        best.iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
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
/// of each code per column (see [`encode_few`], else [`encode`]); those
/// named in `coded` are codes already, with these values.
pub fn encode_segments(
    df: &DataFrame,
    n_segments: usize,
    mut coded: Vec<(String, Vec<String>)>,
) -> PolarsResult<(Vec<Column>, Vec<Vec<String>>)> {
    let mut columns = Vec::with_capacity(n_segments);
    let mut dictionaries = Vec::with_capacity(n_segments);
    for i in 0..n_segments {
        let name = segment_column(i);
        if let Some(at) = coded.iter().position(|(n, _)| *n == name) {
            columns.push(df.column(&name)?.clone());
            dictionaries.push(coded.swap_remove(at).1);
            continue;
        }
        let ca = df.column(&name)?.str()?;
        let (codes, values) = match encode_few(ca) {
            Some(done) => done,
            None => {
                let mut values = Vec::new();
                (encode(ca, Keep::Values(&mut values))?, values)
            }
        };
        columns.push(codes.with_name(name.into()).into_column());
        dictionaries.push(values);
    }
    Ok((columns, dictionaries))
}

/// Distinct values one piece of rows may have for [`encode_few`].
const FEW: usize = 1 << 10;

/// Dense codes for a column of few distinct values (a channel, a country:
/// what `--segment` is mostly given), numbered in order of first
/// appearance, and the text of each code; `None` when a piece of
/// [`PIECE`] rows holds more than [`FEW`] distinct values (then the
/// sharded [`Encoder`] is the faster way). Each piece of rows is numbered
/// against a small table of its own, which stays in cache, pieces in
/// parallel; the pieces' few values are then numbered in order, and each
/// piece's codes translated. (The sharded encoder puts every row of a
/// value in one shard: three values keep one thread busy with a third of
/// the rows each, and hold 20 bytes per row meanwhile.)
pub fn encode_few(ca: &StringChunked) -> Option<(UInt32Chunked, Vec<String>)> {
    type Table<'a> = HashMap<&'a str, u32, Hasher>;
    let hasher = Hasher::with_seed(0);
    let arrays: Vec<_> = ca.downcast_iter().collect();
    let pieces: Vec<(usize, usize, usize)> = arrays
        .iter()
        .enumerate()
        .flat_map(|(c, arr)| {
            (0..arr.len())
                .step_by(PIECE)
                .map(move |from| (c, from, (from + PIECE).min(arr.len())))
        })
        .collect();
    // Per piece: its values in order of first appearance, and each row's
    // number among them (0 for nulls).
    let local: Vec<(Vec<&str>, Vec<u32>)> = pieces
        .par_iter()
        .map(|&(c, from, to)| {
            let arr = arrays[c];
            let mut table = Table::with_hasher(hasher.clone());
            let mut values = Vec::new();
            let mut numbers = Vec::with_capacity(to - from);
            for j in from..to {
                let n = match arr.get(j) {
                    None => 0,
                    Some(text) => *table.entry(text).or_insert_with(|| {
                        values.push(text);
                        (values.len() - 1) as u32
                    }),
                };
                if values.len() > FEW {
                    return None;
                }
                numbers.push(n);
            }
            Some((values, numbers))
        })
        .collect::<Option<_>>()?;
    let mut global = Table::with_hasher(hasher.clone());
    let mut values: Vec<String> = Vec::new();
    let translations: Vec<Vec<u32>> = local
        .iter()
        .map(|(texts, _)| {
            texts
                .iter()
                .map(|&t| {
                    *global.entry(t).or_insert_with(|| {
                        values.push(t.to_string());
                        (values.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    let codes: Vec<Vec<u32>> = local
        .par_iter()
        .zip(&translations)
        .map(|((_, numbers), to)| {
            // A piece of nulls only has no values: its numbers are all 0.
            numbers
                .iter()
                .map(|&n| to.get(n as usize).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    Some((with_nulls(ca, codes.concat()), values))
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

    /// Few distinct values: codes in order of first appearance whose
    /// texts give back every row (nulls stay null); too many values in a
    /// piece: `None`.
    #[test]
    fn few_values_get_codes_in_order_of_first_appearance() {
        let texts: Vec<Option<String>> = (0..3 * PIECE + 17)
            .map(|i| match i % 11 {
                0 => None,
                // A value first seen in the third piece.
                _ if i == 2 * PIECE + 5 => Some("late".to_string()),
                k => Some(["web", "app", "store"][k % 3].to_string()),
            })
            .collect();
        let ca: StringChunked = texts.iter().map(|t| t.as_deref()).collect();
        let (codes, values) = encode_few(&ca).unwrap();
        assert_eq!(values, ["app", "store", "web", "late"]);
        let back: Vec<Option<&str>> = codes
            .iter()
            .map(|c| c.map(|c| values[c as usize].as_str()))
            .collect();
        assert_eq!(back, texts.iter().map(|t| t.as_deref()).collect::<Vec<_>>());
        let many: StringChunked = (0..PIECE).map(|i| Some(format!("v{i}"))).collect();
        assert!(encode_few(&many).is_none());
    }

    /// Batch after batch, or the whole column at once, grouped or not:
    /// the same codes, and the same texts (short, long and null ids).
    /// Texts in one buffer give back each text, empty and multi-byte ones
    /// included, after another buffer's.
    #[test]
    fn texts_give_back_each_text() {
        let strings = ["", "שלום", "a", "", "สวัสดี"];
        let mut texts = Texts::from(vec!["x".to_string()]);
        texts.append(Texts::from(strings.map(String::from).to_vec()));
        assert_eq!(texts.len(), 6);
        assert_eq!(texts.get(0), Some("x"));
        assert_eq!(texts.iter().skip(1).collect::<Vec<_>>(), strings);
        assert_eq!(texts.get(6), None);
        assert!(Texts::default().is_empty());
    }

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
        let whole = encode(&ca, Keep::Values(&mut values)).unwrap();
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
        // The texts kept in one buffer are the same, code for code (long
        // ids and packed ones, from every shard).
        let mut texts_kept = Texts::default();
        let codes_kept = encode(&ca, Keep::Texts(&mut texts_kept)).unwrap();
        assert_eq!(
            codes_kept.iter().collect::<Vec<_>>(),
            whole.iter().collect::<Vec<_>>()
        );
        assert_eq!(texts_kept, Texts::from(values.clone()));
        assert_eq!(texts_kept.iter().collect::<Vec<_>>(), values);
        assert_eq!(texts_kept.get(values.len()), None);
        let mut codes = Vec::new();
        for b in &batches {
            codes.extend(dense(b, &offsets).unwrap().u32().unwrap().iter());
        }
        assert_eq!(codes, whole.iter().collect::<Vec<_>>());
        let no_nulls: StringChunked = texts.iter().flatten().map(String::as_str).collect();
        let (grouped, rows) = encode_grouped(&no_nulls, Keep::Codes).unwrap();
        let plain = encode(&no_nulls, Keep::Codes).unwrap();
        for (code, row) in grouped.iter().zip(rows.iter()) {
            assert_eq!(code, plain.get(row.unwrap() as usize));
        }
        // Every row once, and each code's rows in file order.
        let rows: Vec<u32> = rows.into_no_null_iter().collect();
        let mut seen = rows.clone();
        seen.sort_unstable();
        assert!(seen.iter().copied().eq(0..no_nulls.len() as u32));
        let mut last: HashMap<u32, u32> = HashMap::new();
        for (code, &row) in grouped.into_no_null_iter().zip(&rows) {
            if let Some(before) = last.insert(code, row) {
                assert!(before < row, "code {code}: row {row} after row {before}");
            }
        }
    }

    /// A lookup kept from the whole column, grouped or not, or from the
    /// batches gives every text the code the encoding gave it, nothing
    /// for a text never seen, and the smallest texts in byte order.
    #[test]
    fn a_lookup_gives_the_codes_of_the_encoding() {
        let texts: Vec<String> = (0..100_000)
            .map(|i| match i % 5 {
                0 => format!("someone-with-a-long-id-{}@example.com", i % 777),
                _ => format!("c{}", (i * 7919) % 30_011),
            })
            .collect();
        let ca: StringChunked = texts.iter().map(|t| Some(t.as_str())).collect();
        let mut values = Vec::new();
        let codes = encode(&ca, Keep::Values(&mut values)).unwrap();
        let mut kept = None;
        let (grouped, rows) = encode_grouped(&ca, Keep::Lookup(&mut kept)).unwrap();
        let lookup = kept.unwrap();
        let look = |l: &Lookup, text: &str| l.codes(&[Some(text)])[0];
        assert_eq!(lookup.len(), values.len());
        for (code, text) in codes.iter().zip(&texts) {
            assert_eq!(look(&lookup, text), code);
        }
        for (code, row) in grouped.iter().zip(rows.iter()) {
            assert_eq!(code, look(&lookup, &texts[row.unwrap() as usize]));
        }
        let mut encoder = Encoder::new(false);
        encoder.batch(&ca.slice(0, 40_000)).unwrap();
        encoder.batch(&ca.slice(40_000, 60_000)).unwrap();
        let batched = encoder.into_lookup().unwrap();
        for (code, text) in codes.iter().zip(&texts) {
            assert_eq!(look(&batched, text), code);
        }
        for unseen in ["c30011", "", "nobody-with-a-long-id@example.com"] {
            assert_eq!(look(&lookup, unseen), None);
        }
        let some: Vec<Option<&str>> = texts
            .iter()
            .map(|t| Some(t.as_str()))
            .chain([None, Some("c30011")])
            .collect();
        let one_by_one: Vec<Option<u32>> = some
            .iter()
            .map(|t| t.and_then(|t| look(&lookup, t)))
            .collect();
        assert_eq!(lookup.codes(&some), one_by_one);
        let mut sorted = values.clone();
        sorted.sort_unstable();
        assert_eq!(lookup.smallest(3, |_| true), sorted[..3]);
        assert_eq!(lookup.smallest(0, |_| true), Vec::<String>::new());
        let first = look(&lookup, &sorted[0]).unwrap();
        assert_eq!(lookup.smallest(2, |c| c != first), sorted[1..3]);
    }
}
