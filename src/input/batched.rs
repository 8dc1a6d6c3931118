//! Reading with ids checked as they come: the chunked CSV reader (or, for
//! Parquet, polars' scan on its streaming engine) hands over one batch of
//! typed rows at a time, in file order. Order ids are checked never to
//! repeat and dropped; for inputs larger than memory, customer ids and
//! segment values also become integer codes about a million rows at a time
//! (one dictionary for the whole read) and their text is dropped, so what
//! stays in memory is a few integers per row, not the text of every id.
//!
//! This only works when rows need no regrouping: when order ids never
//! repeat (checked batch by batch: ids that only rise or only fall) or
//! there are none. As soon as an id repeats, the read stops and the caller
//! reads the files again, ids kept, which folds line items (the first
//! window of a line-item export usually shows a repeat).

use std::sync::{Arc, Mutex};

use anyhow::Result;
use polars::prelude::*;

use super::chunks;
use super::encode::{dense, encode_few, Encoder, Lookup, Texts};
use super::read::{append, stack};
use super::validate::internal;
use super::{names, Source, Typed, FILE, ROW};

/// Inputs of at least this many bytes (all files together) have their ids
/// coded batch by batch as they are read; smaller ones are coded whole once
/// read (rows then grouped for the tallies), which is faster when memory is
/// plenty.
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

/// Whether the ids seen so far, batch after batch, never repeat, told in
/// one cheap pass: ids that only rise or only fall (an export sorted by
/// order number) never repeat. The one uniqueness check of both reads:
/// each piece of rows is summed up as an [`IdRun`] (by the chunked
/// reader's workers as they read, without keeping the ids), and the runs
/// are taken in file order.
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
        let mut run = IdRun::default();
        for id in ids.iter() {
            run.push(id);
        }
        self.take(&run)
    }

    /// Takes the run of the next rows' ids (see [`Ids::still_unique`]).
    pub fn take(&mut self, run: &IdRun) -> bool {
        self.seen_blank |= run.blank;
        self.seen_id |= run.first.is_some();
        if self.seen_blank {
            return !self.seen_id;
        }
        let Some(first) = &run.first else {
            return true;
        };
        if run.broken {
            return false;
        }
        // The step from the last id before to the run's first, then the
        // run's own direction: one direction, never equal.
        let mut direction = self.direction;
        let across = self.last.as_deref().map(|p| p.cmp(first.as_str()));
        for d in [across, run.direction].into_iter().flatten() {
            if d == std::cmp::Ordering::Equal || direction.is_some_and(|x| x != d) {
                return false;
            }
            direction = Some(d);
        }
        self.direction = direction;
        self.last = Some(run.last.clone());
        true
    }
}

/// What [`Ids`] needs of a stretch of rows' ids, in order: whether one is
/// blank, the first and last id, and the direction they move in, or that
/// one repeats or turns (`broken`).
#[derive(Default, Clone, Debug, PartialEq)]
pub struct IdRun {
    blank: bool,
    first: Option<String>,
    /// The last id (empty before the first).
    last: String,
    direction: Option<std::cmp::Ordering>,
    broken: bool,
}

impl IdRun {
    /// The next row's id (`None`: blank).
    pub fn push(&mut self, id: Option<&str>) {
        let Some(id) = id else {
            self.blank = true;
            return;
        };
        if self.broken {
            return;
        }
        if self.first.is_none() {
            self.first = Some(id.to_string());
        } else {
            let d = self.last.as_str().cmp(id);
            if d == std::cmp::Ordering::Equal || self.direction.is_some_and(|x| x != d) {
                self.broken = true;
                return;
            }
            self.direction = Some(d);
        }
        self.last.clear();
        self.last.push_str(id);
    }
}

struct State {
    /// The id column's name (checked, then dropped), when there is one.
    id: Option<String>,
    codes: Vec<(String, Encoder)>,
    few: Vec<Few>,
    ids: Ids,
    /// The columns kept, one chunk per flush (made one chunk at the end).
    columns: Vec<Column>,
    rows: u64,
    positions: bool,
    /// An id repeats: stop, and read whole.
    regroup: bool,
    /// Batches kept but not yet encoded: ids are encoded about a million
    /// at a time, so that each shard's table is looked up many times while
    /// it is in cache.
    pending: Option<DataFrame>,
    /// Whether integer columns are held narrowed (see [`narrow`]): when ids
    /// are coded as read, so that the columns are made one chunk at the
    /// end, where they are widened again.
    narrow: bool,
    /// The columns' types as read (from the first batch).
    read_as: Schema,
}

/// A column of few distinct values (a segment, read whole) coded batch by
/// batch with [`encode_few`] into one dictionary, in order of first
/// appearance as coding the whole column once read would; held as text
/// again from the first batch with too many values for that (then coded
/// once read, as before).
struct Few {
    name: String,
    table: std::collections::HashMap<String, u32>,
    values: Vec<String>,
    text: bool,
}

impl Few {
    fn new(name: &str) -> Few {
        Few {
            name: name.to_string(),
            table: Default::default(),
            values: Vec::new(),
            text: false,
        }
    }

    /// The column to hold for `c`, a batch of this column, after `kept`
    /// (what is held so far, turned back into text if `c` has too many
    /// values).
    fn batch(&mut self, c: &Column, kept: Option<&mut Column>) -> PolarsResult<Column> {
        if self.text {
            return Ok(c.clone());
        }
        let Some((codes, local)) = encode_few(c.str()?) else {
            self.text = true;
            if let Some(kept) = kept {
                let texts: StringChunked = kept
                    .u32()?
                    .iter()
                    .map(|code| code.map(|code| self.values[code as usize].as_str()))
                    .collect();
                *kept = texts.with_name(kept.name().clone()).into_column();
            }
            return Ok(c.clone());
        };
        let to: Vec<u32> = local
            .into_iter()
            .map(|value| {
                let next = self.values.len() as u32;
                *self.table.entry(value).or_insert_with_key(|value| {
                    self.values.push(value.clone());
                    next
                })
            })
            .collect();
        // (A batch of blanks only has no values: its codes are null.)
        let codes = codes.apply_values(|n| to.get(n as usize).copied().unwrap_or(0));
        Ok(codes.with_name(c.name().clone()).into_column())
    }
}

/// Rows gathered before their ids are encoded.
const ENCODE_ROWS: usize = 1 << 20;

impl State {
    /// One batch in: ids checked (from `run`, the run of the batch's ids
    /// when the reader made it, else from the id column), then kept until
    /// encoded.
    fn take(&mut self, df: DataFrame, run: Option<IdRun>) -> PolarsResult<bool> {
        if let Some(id) = &self.id {
            let unique = match run {
                Some(run) => self.ids.take(&run),
                None => self.ids.still_unique(df.column(id)?.str()?),
            };
            if !unique {
                self.regroup = true;
                return Ok(true);
            }
        }
        self.rows += df.height() as u64;
        if self.rows > super::chunks::MAX_ROWS {
            polars_bail!(ComputeError: "more than 4,294,967,295 rows");
        }
        match &mut self.pending {
            Some(p) => stack(p, df)?,
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
        if self.read_as.is_empty() {
            self.read_as = df.schema().as_ref().clone();
        }
        for c in df.columns() {
            let name = c.name().as_str();
            if Some(name) == self.id.as_deref()
                || (!self.positions && (name == FILE || name == ROW))
            {
                continue;
            }
            let mut kept = self.columns.iter_mut().find(|k| k.name() == c.name());
            let few = self.few.iter_mut().find(|f| f.name == name);
            let c = match (self.codes.iter_mut().find(|(n, _)| n == name), few) {
                (Some((_, encoder)), _) => encoder.batch(c.str()?)?.into_column(),
                (None, Some(few)) => few.batch(c, kept.as_deref_mut())?,
                (None, None) if self.narrow => narrow(c, kept.as_ref().map(|k| k.dtype()))?,
                (None, None) => c.clone(),
            };
            match kept {
                Some(kept) if kept.dtype() != c.dtype() => {
                    // A batch's values no longer fit the narrow type.
                    *kept = kept.cast(c.dtype())?;
                    append(kept, c)?;
                }
                Some(kept) => append(kept, c)?,
                None => self.columns.push(c),
            }
        }
        Ok(())
    }
}

/// Integer columns held in the narrowest type that holds every value so
/// far (`kept`: the type held): amounts in cents as `i32` (to 21,474,836.47)
/// and day numbers as `i16` (1880 to 2059), else as read. 6 of the 16
/// bytes an order holds while a file larger than memory is read (0.6 GB at
/// 100M orders); [`widened`] gives the read's type back.
fn narrow(c: &Column, kept: Option<&DataType>) -> PolarsResult<Column> {
    if c.as_scalar_column().is_some() {
        // One value (a column the file does not have): nothing to save.
        return Ok(c.clone());
    }
    let (to, fits) = match c.dtype() {
        DataType::Int64 => {
            let ca = c.i64()?;
            let fits = |v: Option<i64>| v.is_none_or(|v| i32::try_from(v).is_ok());
            (DataType::Int32, fits(ca.min()) && fits(ca.max()))
        }
        DataType::Int32 => {
            let ca = c.i32()?;
            let fits = |v: Option<i32>| v.is_none_or(|v| i16::try_from(v).is_ok());
            (DataType::Int16, fits(ca.min()) && fits(ca.max()))
        }
        _ => return Ok(c.clone()),
    };
    match fits && kept.is_none_or(|k| *k == to) {
        true => c.cast(&to),
        false => Ok(c.clone()),
    }
}

/// A column held by [`narrow`] in the type it was read as.
/// (Other columns, codes of text among them, are left as they are.)
fn widened(c: Column, read_as: &DataType) -> PolarsResult<Column> {
    use DataType::{Int16, Int32, Int64};
    match (c.dtype(), read_as) {
        (Int32, Int64) | (Int16, Int32) => c.cast(read_as),
        _ => Ok(c),
    }
}

/// What a batched read gives: the rows with codes for text, each file's
/// column mapping, and per encoded column its values (empty for those
/// encoded without them).
pub struct Batched<C> {
    pub frame: DataFrame,
    pub mapped: Vec<C>,
    pub dictionaries: Vec<Texts>,
    /// The columns of `Encoded::few` coded as read, and their values.
    pub few: Vec<(String, Vec<String>)>,
    /// The tables of the column `Encoded::lookup` names.
    pub lookup: Option<Lookup>,
    pub rows_read: u64,
    /// Whether any row had a value in the id column.
    pub has_ids: bool,
}

/// Which text columns a batched read turns into codes: `without_values`
/// keep only their codes (customer ids), `with_values` also their text
/// (segment values); `id` is a column whose values must never repeat
/// (order ids): checked, then dropped; `lookup`, one of `without_values`
/// whose encoder's tables are kept to look texts up after the read;
/// `few`, columns of few values (segments of a read that is not coded,
/// see [`Few`]).
pub struct Encoded<'a> {
    pub id: Option<&'a str>,
    pub without_values: &'a [&'a str],
    pub with_values: &'a [String],
    pub few: &'a [String],
    pub lookup: Option<&'a str>,
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
    let codes: Vec<(String, Encoder)> = encoded
        .without_values
        .iter()
        .map(|n| (n.to_string(), Encoder::new(false)))
        .chain(
            encoded
                .with_values
                .iter()
                .map(|n| (n.clone(), Encoder::new(true))),
        )
        .collect();
    let narrow = !codes.is_empty();
    let few = encoded.few.iter().map(|name| Few::new(name)).collect();
    let state = Arc::new(Mutex::new(State {
        id: encoded.id.map(str::to_string),
        codes,
        few,
        ids: Ids::default(),
        columns: Vec::new(),
        rows: 0,
        positions,
        regroup: false,
        pending: None,
        narrow,
        read_as: Schema::default(),
    }));
    fn take(state: &Mutex<State>, df: DataFrame, run: Option<IdRun>) -> PolarsResult<bool> {
        state
            .lock()
            .map_err(|_| polars_err!(ComputeError: "a batch could not be taken"))?
            .take(df, run)
    }
    for (i, (source, typed)) in sources.iter().zip(&typed).enumerate() {
        let file = u32::try_from(i).unwrap_or(u32::MAX);
        if chunks::wanted(source) {
            // The workers sum up the ids as they read them (no id column).
            let typed = typed.with_ids_checked(encoded.id);
            chunks::read(source, file, positions, &typed, |part| {
                take(&state, part.frame, part.ids)
            })
            .map_err(|f| chunks::error(source, f))?;
        } else {
            let sink = state.clone();
            super::parquet::read_batches(source, file, positions, typed, move |df| {
                take(&sink, df, None)
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
    let mut lookup = None;
    for (name, encoder) in state.codes {
        if encoded.lookup == Some(name.as_str()) {
            let kept = encoder.into_lookup().map_err(|e| internal(&e))?;
            offsets.push((name, kept.offsets().to_vec()));
            dictionaries.push(Texts::default());
            lookup = Some(kept);
            continue;
        }
        let (o, values) = encoder.finish_texts().map_err(|e| internal(&e))?;
        offsets.push((name, o));
        dictionaries.push(values);
    }
    // With codes made, the frame goes to the metrics as it is: one column
    // at a time made one chunk (codes made dense on the way), so that at
    // most one column is copied at once (the metrics would copy every
    // column at once beside its chunks: 6.4 GB instead of 4.5 at 100M
    // orders). Without (ids checked only), the rows are gathered into
    // customer order later, which makes one chunk anyway.
    // Columns held narrow (see `narrow`) are widened as they are copied.
    let one_chunk = !offsets.is_empty();
    // The encoders' tables, before the columns are copied.
    crate::give_back_freed_memory();
    let columns = state
        .columns
        .into_iter()
        .map(|mut c| {
            // Each step's input freed as soon as its output is made.
            if one_chunk {
                c = c.rechunk();
            }
            if let Some((_, o)) = offsets.iter().find(|(n, _)| n == c.name().as_str()) {
                c = dense(&c, o)?;
            }
            if let Some(read_as) = state.read_as.get(c.name()) {
                c = widened(c, read_as)?;
            }
            // Each column's chunks, before the next is copied.
            crate::give_back_freed_memory();
            Ok(c)
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
        few: (state.few.into_iter())
            .filter(|f| !f.text)
            .map(|f| (f.name, f.values))
            .collect(),
        lookup,
        rows_read: state.rows,
        has_ids: state.ids.seen_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::{widened, Few, IdRun, Ids, State};
    use polars::prelude::*;

    /// A read's state without ids or codes.
    fn state(few: Vec<Few>, narrow: bool) -> State {
        State {
            id: None,
            codes: Vec::new(),
            few,
            ids: Ids::default(),
            columns: Vec::new(),
            rows: 0,
            positions: true,
            regroup: false,
            pending: None,
            narrow,
            read_as: Schema::default(),
        }
    }

    /// Segment values coded batch by batch: codes in order of first
    /// appearance over the batches, blanks null; a batch with too many
    /// values for `encode_few` turns what is held back into text, and text
    /// is held from then on.
    #[test]
    fn few_values_are_coded_batch_by_batch_until_there_are_too_many() {
        let mut state = state(vec![Few::new("s")], false);
        fn take(state: &mut State, values: Vec<Option<String>>) -> Column {
            let column = StringChunked::from_iter_options("s".into(), values.into_iter());
            let df = DataFrame::new(column.len(), vec![column.into_column()]).unwrap();
            assert!(!state.take(df, None).unwrap());
            state.flush().unwrap();
            state.columns[0].clone()
        }
        let some = |v: &[Option<&str>]| v.iter().map(|v| v.map(str::to_string)).collect();
        take(&mut state, some(&[Some("web"), None, Some("app")]));
        let held = take(&mut state, some(&[Some("store"), Some("app"), None]));
        let codes: Vec<Option<u32>> = held.u32().unwrap().iter().collect();
        assert_eq!(codes, [Some(0), None, Some(1), Some(2), Some(1), None]);
        assert_eq!(state.few[0].values, ["web", "app", "store"]);
        let many: Vec<Option<String>> = (0..70_000).map(|i| Some(format!("v{i}"))).collect();
        let held = take(&mut state, many);
        let texts: Vec<Option<&str>> = held.str().unwrap().iter().take(7).collect();
        assert_eq!(
            texts,
            [
                Some("web"),
                None,
                Some("app"),
                Some("store"),
                Some("app"),
                None,
                Some("v0")
            ]
        );
        assert_eq!(held.len(), 70_006);
        assert_eq!(
            take(&mut state, some(&[Some("web")]))
                .str()
                .unwrap()
                .get(70_006),
            Some("web")
        );
    }

    /// Amounts and days are held narrow while every value fits; a batch
    /// that does not fit widens what is held (values unchanged), and what
    /// stays narrow is widened back to the type read.
    #[test]
    fn narrowed_columns_widen_when_a_value_does_not_fit() {
        let batch = |cents: &[Option<i64>], days: &[i32]| {
            let n = cents.len();
            DataFrame::new(
                n,
                vec![
                    Int64Chunked::from_iter_options("_cents".into(), cents.iter().copied())
                        .into_column(),
                    Int32Chunked::from_slice("_date".into(), days).into_column(),
                    Column::new_scalar("_file".into(), Scalar::from(0u32), n),
                ],
            )
            .unwrap()
        };
        let mut state = state(Vec::new(), true);
        let mut take = |df: DataFrame| {
            assert!(!state.take(df, None).unwrap());
            state.flush().unwrap();
            let types: Vec<DataType> = state.columns.iter().map(|c| c.dtype().clone()).collect();
            types
        };
        // 2147483647 cents and day 32767 (2059-09-18) fit; a blank too.
        let fits = batch(
            &[Some(i64::from(i32::MAX)), None, Some(-5)],
            &[19_000, 32_767, -3],
        );
        assert_eq!(
            take(fits),
            [DataType::Int32, DataType::Int16, DataType::UInt32]
        );
        let wide = batch(&[Some(i64::from(i32::MAX) + 1)], &[32_768]);
        assert_eq!(
            take(wide),
            [DataType::Int64, DataType::Int32, DataType::UInt32]
        );
        let after = batch(&[Some(7)], &[1]);
        assert_eq!(
            take(after),
            [DataType::Int64, DataType::Int32, DataType::UInt32]
        );
        let cents: Vec<Option<i64>> = state.columns[0].i64().unwrap().iter().collect();
        let max = i64::from(i32::MAX);
        assert_eq!(cents, [Some(max), None, Some(-5), Some(max + 1), Some(7)]);
        let days: Vec<Option<i32>> = state.columns[1].i32().unwrap().iter().collect();
        assert_eq!(days, [19_000, 32_767, -3, 32_768, 1].map(Some));
        assert_eq!(
            state.columns[2].as_scalar_column().map(|c| c.len()),
            Some(5)
        );
        let narrow = Int16Chunked::from_slice("_date".into(), &[3, -4]).into_column();
        let codes = UInt32Chunked::from_slice("c".into(), &[1]).into_column();
        assert_eq!(
            widened(codes, &DataType::String).unwrap().dtype(),
            &DataType::UInt32
        );
        let back = widened(narrow, &DataType::Int32).unwrap();
        assert_eq!(back.dtype(), &DataType::Int32);
        let back: Vec<Option<i32>> = back.i32().unwrap().iter().collect();
        assert_eq!(back, [Some(3), Some(-4)]);
    }

    /// The chunked reader's runs, however the rows are cut into pieces,
    /// tell what checking the whole column at once tells.
    #[test]
    fn runs_of_any_pieces_agree_with_the_whole_column() {
        let cases: [&[Option<&str>]; 9] = [
            &[Some("a"), Some("b"), Some("c"), Some("d")],
            &[Some("d"), Some("c"), Some("b"), Some("a")],
            &[Some("a"), Some("b"), Some("b"), Some("c")],
            &[Some("a"), Some("c"), Some("b"), Some("d")],
            &[Some("b"), Some("a"), Some("c")],
            &[None, None, None],
            &[Some("a"), None, Some("b")],
            &[None, Some("a")],
            &[Some("a"), Some("b"), Some("a")],
        ];
        for ids in cases {
            let whole = Ids::default().still_unique(&ids.iter().copied().collect());
            let n = ids.len();
            // Every way of cutting the rows in two or three pieces.
            for i in 0..=n {
                for j in i..=n {
                    let mut state = Ids::default();
                    let mut unique = true;
                    for piece in [&ids[..i], &ids[i..j], &ids[j..]] {
                        let mut run = IdRun::default();
                        for &id in piece {
                            run.push(id);
                        }
                        unique = unique && state.take(&run);
                    }
                    assert_eq!(unique, whole, "{ids:?} cut at {i}, {j}");
                    assert_eq!(state.seen_id, ids.iter().any(Option::is_some));
                }
            }
        }
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
