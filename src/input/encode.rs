//! Text keys (customer ids, segment values) to dense `u32` codes, so that
//! every later grouping is a plain array lookup.

use polars::prelude::*;

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
/// grouping a plain array lookup.
///
/// One hash table over millions of ids is slow because every lookup misses
/// the cache. So each id is hashed once and its row put in a bucket by the
/// top bits of the hash, together with the id's bytes packed into a `u128`
/// (ids of up to 15 bytes, i.e. most), pieces of rows in parallel; each
/// bucket is then encoded with a small table that stays in cache, reading
/// its ids piece by piece in row order, the buckets in parallel. Longer ids
/// (e-mails) are compared as text.
pub fn encode(ca: &StringChunked, values: Option<&mut Vec<String>>) -> UInt32Chunked {
    encode_as(ca, values, false).0
}

/// [`encode`] for a column without nulls, the codes given in an order that
/// groups rows by code range (each bucket's codes are one range), with the
/// rows in that order (rows of a bucket stay in file order). A frame put in
/// that order has every per-code tally sweep its table a small window at a
/// time instead of jumping across it (see `metrics::orders`).
pub fn encode_grouped(
    ca: &StringChunked,
    values: Option<&mut Vec<String>>,
) -> Option<(UInt32Chunked, IdxCa)> {
    if ca.null_count() > 0 {
        return None;
    }
    let (codes, rows) = encode_as(ca, values, true);
    Some((codes, rows?))
}

fn encode_as(
    ca: &StringChunked,
    values: Option<&mut Vec<String>>,
    grouped: bool,
) -> (UInt32Chunked, Option<IdxCa>) {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    type Map<K> = std::collections::HashMap<K, u32, foldhash::fast::FixedState>;
    const BUCKETS: usize = 256;
    /// Rows per piece: enough to keep every thread busy.
    const PIECE: usize = 1 << 16;
    /// Marks an id too long to pack; no packed id has 0xFF as its length
    /// byte.
    const LONG: u128 = u128::MAX;
    let pack = |s: &str| pack_id(s).map_or(LONG, u128::from_le_bytes);
    let unpack = |key: u128| -> String {
        let b = key.to_le_bytes();
        String::from_utf8_lossy(&b[..b[15] as usize]).into_owned()
    };
    let hasher = foldhash::fast::FixedState::with_seed(0);

    /// One piece's rows of one bucket: row, packed id, and the text of the
    /// long ones in order.
    #[derive(Default)]
    struct Part<'a> {
        rows: Vec<u32>,
        keys: Vec<u128>,
        long: Vec<&'a str>,
    }
    // Pieces of at most PIECE rows, within the chunks: (chunk, from, to,
    // index of its first row).
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
    let parts: Vec<Vec<Part>> = pieces
        .par_iter()
        .map(|&(c, from, to, row0)| {
            let mut parts: Vec<Part> = (0..BUCKETS).map(|_| Part::default()).collect();
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
    // Per bucket: a local code per row (pieces in order) and the bucket's
    // distinct texts.
    let local: Vec<(Vec<u32>, Vec<String>)> = (0..BUCKETS)
        .into_par_iter()
        .map(|b| {
            use std::collections::hash_map::Entry;
            let size: usize = parts.iter().map(|p| p[b].rows.len()).sum();
            let mut short: Map<u128> = Map::with_capacity_and_hasher(size, hasher.clone());
            let mut long: Map<&str> = Map::default();
            let mut distinct = Vec::new();
            let mut codes = Vec::with_capacity(size);
            for part in parts.iter().map(|p| &p[b]) {
                let mut long_texts = part.long.iter();
                for &key in &part.keys {
                    let next = distinct.len() as u32;
                    let code = match key {
                        LONG => {
                            let text = long_texts.next().copied().unwrap_or_default();
                            *long.entry(text).or_insert_with(|| {
                                distinct.push(text.to_string());
                                next
                            })
                        }
                        key => match short.entry(key) {
                            Entry::Occupied(e) => *e.get(),
                            Entry::Vacant(e) => {
                                distinct.push(unpack(key));
                                *e.insert(next)
                            }
                        },
                    };
                    codes.push(code);
                }
            }
            (codes, distinct)
        })
        .collect();
    // Each bucket's first code, and where each piece's rows start in each
    // bucket's local codes; then the codes piece by piece, in parallel.
    let mut offsets = Vec::with_capacity(BUCKETS);
    let mut offset = 0u32;
    for (_, distinct) in &local {
        offsets.push(offset);
        offset += distinct.len() as u32;
    }
    if grouped {
        let mut rows = Vec::with_capacity(ca.len());
        let mut codes = Vec::with_capacity(ca.len());
        for (b, (local_codes, _)) in local.iter().enumerate() {
            rows.extend(parts.iter().flat_map(|p| &p[b].rows));
            codes.extend(local_codes.iter().map(|c| offsets[b] + c));
        }
        if let Some(values) = values {
            values.extend(local.into_iter().flat_map(|(_, distinct)| distinct));
        }
        return (
            UInt32Chunked::from_vec(ca.name().clone(), codes),
            Some(IdxCa::from_vec("rows".into(), rows)),
        );
    }
    let mut starts = vec![[0usize; BUCKETS]; parts.len()];
    for b in 0..BUCKETS {
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
                let local_codes = &local[b].0[starts[p][b]..starts[p][b] + part.rows.len()];
                for (&r, &c) in part.rows.iter().zip(local_codes) {
                    out[r as usize - row0] = offsets[b] + c;
                }
            }
            out
        })
        .collect();
    let codes = codes.concat();
    if let Some(values) = values {
        values.extend(local.into_iter().flat_map(|(_, distinct)| distinct));
    }
    let codes = UInt32Chunked::from_vec(ca.name().clone(), codes);
    match ca.null_count() {
        0 => (codes, None),
        _ => (codes.with_validity(ca.rechunk_validity()), None),
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
        let codes = encode(df.column(&name)?.str()?, Some(&mut values));
        columns.push(codes.with_name(name.into()).into_column());
        dictionaries.push(values);
    }
    Ok((columns, dictionaries))
}
