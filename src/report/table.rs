//! A long table held by columns (`engage customers`: a row per customer,
//! millions of them): CSV, JSON and Parquet carry every row, streamed from
//! the columns; the formats for people show the first `SHOWN` rows and a
//! note on how to get them all.

use std::io::Write;

use polars::prelude::*;

use super::{human, labels, lang, Value, SCHEMA_VERSION};
use crate::cli::Format;
use crate::input::Texts;

/// Rows the terminal, Markdown and HTML show.
pub const SHOWN: usize = 20;

/// One column's cells.
pub enum Cells {
    /// Ids (see [`Head`]): ids of up to 16 bytes held in place, in row
    /// order; longer ones read through `values[codes[row]]`.
    Ids {
        heads: Vec<Head>,
        values: Texts,
        codes: Vec<u32>,
    },
    /// Text through a dictionary; `None` is blank.
    Coded {
        values: Vec<String>,
        codes: Vec<Option<u32>>,
    },
    /// Days since 1970-01-01, shown `YYYY-MM-DD`.
    Day(Vec<i32>),
    Count(Vec<u32>),
    /// Exact money in cents.
    Cents(Vec<i64>),
    /// A money quotient (AOV): full precision, two decimals for people.
    Money(Vec<f64>),
    /// A quotient: full precision, two decimals for people.
    Ratio(Vec<f64>),
}

/// An id's first 16 bytes (zero after its end) and its length: the whole
/// id when it is 16 bytes or shorter. Written from the id sort's keys, ids
/// in id order are then read in order, not each at random from the
/// dictionary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head {
    pub bytes: [u8; 16],
    pub len: u32,
}

impl Head {
    /// The head of `text`.
    pub fn of(text: &str) -> Head {
        let mut bytes = [0u8; 16];
        let n = text.len().min(16);
        bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
        Head {
            bytes,
            len: text.len() as u32,
        }
    }

    /// The whole id, when the head holds it (and it is whole characters).
    pub fn text(&self) -> Option<&str> {
        let bytes = self.bytes.get(..self.len as usize)?;
        std::str::from_utf8(bytes).ok()
    }
}

pub struct TableColumn {
    pub name: String,
    pub cells: Cells,
}

pub struct Table {
    pub command: &'static str,
    /// A heading for people, and one over the table.
    pub title: String,
    pub subtitle: String,
    pub columns: Vec<TableColumn>,
    pub rows: usize,
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub notes: Vec<String>,
}

/// A cell: text, or a value formatted as the other commands' values are.
enum Cell<'a> {
    Text(Option<&'a str>),
    Value(Value),
}

impl TableColumn {
    fn cell(&self, row: usize) -> Cell<'_> {
        match &self.cells {
            Cells::Ids {
                heads,
                values,
                codes,
            } => {
                Cell::Text(Some(heads[row].text().unwrap_or_else(|| {
                    values.get(codes[row] as usize).unwrap_or_default()
                })))
            }
            Cells::Coded { values, codes } => {
                Cell::Text(codes[row].and_then(|c| values.get(c as usize).map(String::as_str)))
            }
            Cells::Day(_) => Cell::Text(None),
            Cells::Count(v) => Cell::Value(Value::Count(u64::from(v[row]))),
            Cells::Cents(v) => Cell::Value(Value::Cents(v[row])),
            Cells::Money(v) => Cell::Value(Value::Money(Some(v[row]))),
            Cells::Ratio(v) => Cell::Value(Value::Ratio(Some(v[row]))),
        }
    }

    /// The cell as text: a day as `YYYY-MM-DD`, values at full precision.
    fn text(&self, row: usize, people: bool) -> String {
        let mut text = String::new();
        self.push_text(&mut text, row, people);
        text
    }

    /// [`text`](Self::text) appended to `out`.
    fn push_text(&self, out: &mut String, row: usize, people: bool) {
        if let Cells::Day(v) = &self.cells {
            use std::fmt::Write;
            // A date's Display is its `%Y-%m-%d`.
            let _ = write!(out, "{}", crate::input::parse::date_from_days(v[row]));
            return;
        }
        match self.cell(row) {
            Cell::Text(t) => out.push_str(t.unwrap_or("")),
            Cell::Value(v) if people => out.push_str(&human::cell(&v)),
            Cell::Value(v) => super::csv::push_cell(out, &v),
        }
    }

    fn numeric(&self) -> bool {
        !matches!(
            self.cells,
            Cells::Ids { .. } | Cells::Coded { .. } | Cells::Day(_)
        )
    }

    fn json(&self, row: usize) -> serde_json::Value {
        use serde_json::json;
        match &self.cells {
            Cells::Ids { .. } | Cells::Coded { .. } | Cells::Day(_) => match self.cell(row) {
                Cell::Text(t) if !matches!(self.cells, Cells::Day(_)) => json!(t),
                _ => json!(self.text(row, false)),
            },
            Cells::Count(v) => json!(v[row]),
            // Cents / 100 as the nearest f64 prints as the exact decimal.
            Cells::Cents(v) => json!(v[row] as f64 / 100.0),
            Cells::Money(v) | Cells::Ratio(v) => json!(v[row]),
        }
    }

    /// The text of row `row` of an id or text column (`None` for a blank,
    /// and for a column of numbers or days).
    pub fn text_of(&self, row: usize) -> Option<&str> {
        match self.cell(row) {
            Cell::Text(t) => t,
            Cell::Value(_) => None,
        }
    }

    /// [`polars`](Self::polars), the numbers moved out of the table (no
    /// copy: millions of rows in each column), the days and counts left
    /// empty.
    fn take_polars(&mut self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.as_str().into();
        Ok(match &mut self.cells {
            Cells::Day(v) => Int32Chunked::from_vec(name, std::mem::take(v))
                .into_date()
                .into_column(),
            Cells::Count(v) => UInt32Chunked::from_vec(name, std::mem::take(v)).into_column(),
            Cells::Money(v) | Cells::Ratio(v) => {
                Float64Chunked::from_vec(name, std::mem::take(v)).into_column()
            }
            _ => self.polars()?,
        })
    }

    /// The column as a polars column of its name (ids and text built in
    /// parallel pieces).
    pub fn polars(&self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.as_str().into();
        Ok(match &self.cells {
            Cells::Ids { heads, .. } => match inline_ids(name.clone(), heads) {
                Some(column) => column,
                None => text_column(name, heads.len(), |row| self.text_of(row))?,
            },
            Cells::Coded { values, codes } => text_column(name, codes.len(), |row| {
                codes[row].and_then(|c| values.get(c as usize).map(String::as_str))
            })?,
            Cells::Day(v) => Int32Chunked::from_slice(name, v).into_date().into_column(),
            Cells::Count(v) => UInt32Chunked::from_slice(name, v).into_column(),
            Cells::Cents(v) => {
                Float64Chunked::from_iter_values(name, v.iter().map(|&c| c as f64 / 100.0))
                    .into_column()
            }
            Cells::Money(v) | Cells::Ratio(v) => Float64Chunked::from_slice(name, v).into_column(),
        })
    }
}

/// Ids of at most 12 bytes each (most exports'), as a text column made
/// straight from their heads: Arrow holds such a text inside its view, so
/// the views are written in parallel and nothing is copied after (at 10M
/// orders, 3.26M ids: 0.06 -> 0.02 s); `None` when an id is longer.
fn inline_ids(name: PlSmallStr, heads: &[Head]) -> Option<Column> {
    use polars_arrow::array::{Utf8ViewArray, View};
    use polars_arrow::datatypes::ArrowDataType;
    use rayon::prelude::*;
    // An id's bytes as a little-endian integer, zero after its end.
    let bytes = |h: &Head| {
        let mask = u128::MAX.checked_shr(128 - 8 * h.len.min(16)).unwrap_or(0);
        u128::from_le_bytes(h.bytes) & mask
    };
    let whole = |h: &Head| {
        let fits = h.len <= View::MAX_INLINE_SIZE;
        // ASCII at once; other text checked as UTF-8.
        let ascii = || bytes(h) & u128::from_le_bytes([0x80; 16]) == 0;
        (fits && (ascii() || h.text().is_some())).then_some(h.len as usize)
    };
    let total = heads
        .par_iter()
        .map(whole)
        .try_reduce(|| 0, |a, b| Some(a + b))?;
    let views: Vec<View> = heads
        .par_iter()
        .map(|h| {
            let b = bytes(h).to_le_bytes();
            let word = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
            View {
                length: h.len,
                prefix: word(0),
                buffer_idx: word(4),
                offset: word(8),
            }
        })
        .collect();
    // SAFETY: every view is inline (at most 12 bytes of UTF-8, zero after
    // them, laid out as `View::new_inline` lays them), so none points into
    // a buffer (there are none); `total` is the sum of their lengths.
    let array = unsafe {
        Utf8ViewArray::new_unchecked(
            ArrowDataType::Utf8View,
            views.into(),
            Default::default(),
            None,
            Some(total),
            0,
        )
    };
    Some(StringChunked::with_chunk(name, array).into_column())
}

/// A text column of `rows` cells `text(row)`: pieces of rows built in
/// parallel (a million ids read at random each), then made one chunk.
fn text_column<'a>(
    name: PlSmallStr,
    rows: usize,
    text: impl Fn(usize) -> Option<&'a str> + Sync,
) -> PolarsResult<Column> {
    use rayon::prelude::*;
    const PIECE: usize = 1 << 16;
    let pieces: Vec<StringChunked> = (0..rows.div_ceil(PIECE))
        .into_par_iter()
        .map(|p| {
            let rows = p * PIECE..rows.min((p + 1) * PIECE);
            StringChunked::from_iter_options(name.clone(), rows.map(&text))
        })
        .collect();
    let mut pieces = pieces.into_iter();
    let mut column = pieces
        .next()
        .unwrap_or_else(|| StringChunked::full_null(name, 0));
    for piece in pieces {
        column.append_owned(piece)?;
    }
    Ok(column.rechunk().into_owned().into_column())
}

impl Table {
    fn header(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// The first `SHOWN` rows as text for people, under headers in the
    /// run's language.
    fn grid(&self) -> human::Grid {
        human::Grid {
            header: self
                .columns
                .iter()
                .map(|c| labels::column(&c.name))
                .collect(),
            rows: (0..self.rows.min(SHOWN))
                .map(|r| self.columns.iter().map(|c| c.text(r, true)).collect())
                .collect(),
            numeric: self.columns.iter().map(TableColumn::numeric).collect(),
        }
    }

    /// The notes for people: the table's, then how many rows are not shown.
    fn people_notes(&self) -> Vec<String> {
        let mut notes = self.notes.clone();
        if self.rows > SHOWN {
            notes.push(lang::fill(
                "table_more",
                &[
                    ("more", &(self.rows - SHOWN).to_string()),
                    ("shown", &SHOWN.to_string()),
                    ("rows", &self.rows.to_string()),
                ],
            ));
        }
        notes
    }

    /// The header, then the rows: pieces of rows formatted in parallel, a
    /// window of pieces at a time, written in order. Each piece's buffer
    /// is kept for the next window (fresh memory is a page fault per 4 KB).
    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        use rayon::prelude::*;
        const PIECE: usize = 1 << 14;
        const WINDOW: usize = 16;
        let mut w = ::csv::Writer::from_writer(&mut *out);
        w.write_record(self.header())?;
        w.flush()?;
        drop(w);
        let pieces: Vec<usize> = (0..self.rows).step_by(PIECE).collect();
        let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
        for window in pieces.chunks(WINDOW) {
            buffers
                .par_iter_mut()
                .zip(window)
                .try_for_each(|(buffer, &from)| {
                    self.csv_rows(from..self.rows.min(from + PIECE), buffer)
                })?;
            for buffer in &buffers[..window.len()] {
                out.write_all(buffer)?;
            }
        }
        Ok(())
    }

    /// The CSV lines of `rows`, in place of what `buffer` held.
    fn csv_rows(&self, rows: std::ops::Range<usize>, buffer: &mut Vec<u8>) -> anyhow::Result<()> {
        buffer.clear();
        let mut w = ::csv::Writer::from_writer(std::mem::take(buffer));
        let mut field = String::new();
        for row in rows {
            for c in &self.columns {
                match c.cell(row) {
                    Cell::Text(Some(t)) => w.write_field(super::csv::neutralise(t).as_bytes())?,
                    _ => {
                        field.clear();
                        c.push_text(&mut field, row, false);
                        w.write_field(&field)?;
                    }
                }
            }
            w.write_record(None::<&[u8]>)?;
        }
        *buffer = w
            .into_inner()
            .map_err(|e| anyhow::anyhow!("internal error while writing CSV: {e}"))?;
        Ok(())
    }

    /// `schema_version`, `command`, the metadata, `rows` (one object per
    /// row, one per line), `notes`.
    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        use serde_json::{json, Map};
        const ROWS: &str = "\u{0}rows";
        let mut o = Map::new();
        o.insert("schema_version".into(), json!(SCHEMA_VERSION));
        o.insert("command".into(), json!(self.command));
        o.extend(self.meta.clone());
        o.insert("rows".into(), json!(ROWS));
        o.insert("notes".into(), json!(self.notes));
        let head = serde_json::to_string_pretty(&serde_json::Value::Object(o))?;
        let marker = serde_json::to_string(ROWS)?;
        let (before, after) = head.split_once(&marker).unwrap_or((&head, ""));
        out.write_all(before.as_bytes())?;
        out.write_all(b"[")?;
        for row in 0..self.rows {
            out.write_all(if row == 0 { b"\n    " } else { b",\n    " })?;
            let mut r = Map::new();
            for c in &self.columns {
                r.insert(c.name.clone(), c.json(row));
            }
            serde_json::to_writer(&mut *out, &r)?;
        }
        out.write_all(if self.rows > 0 { b"\n  ]" } else { b"]" })?;
        out.write_all(after.as_bytes())?;
        Ok(out.write_all(b"\n")?)
    }

    /// The table as Parquet; its number columns are moved into it (see
    /// [`TableColumn::take_polars`]).
    fn parquet(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        use rayon::prelude::*;
        // Columns built side by side: each is a pass over millions of rows.
        let internal = |e| anyhow::anyhow!("internal error while writing Parquet: {e}");
        // Text through a dictionary goes to the writer as its codes (see
        // `parquet::Coded`), beside a frame of the other columns.
        let columns = self
            .columns
            .par_iter_mut()
            .filter(|c| !matches!(c.cells, Cells::Coded { .. }))
            .map(TableColumn::take_polars)
            .collect::<PolarsResult<_>>()
            .map_err(internal)?;
        let frame = DataFrame::new_infer_height(columns).map_err(internal)?;
        let coded: Vec<_> = (self.columns.iter().enumerate())
            .filter_map(|(at, c)| match &c.cells {
                Cells::Coded { values, codes } => Some(super::parquet::Coded {
                    at,
                    name: &c.name,
                    values,
                    codes,
                }),
                _ => None,
            })
            .collect();
        // Ids name one row each.
        let unique: Vec<usize> = (self.columns.iter().enumerate())
            .filter(|(_, c)| matches!(c.cells, Cells::Ids { .. }))
            .map(|(i, _)| i)
            .collect();
        super::parquet::write(frame, &unique, &coded, out)
    }
}

/// Renders the table in `format` into `w` (see the module doc). Parquet
/// takes the table's number columns (the table is rendered once).
pub fn render(
    table: &mut Table,
    format: Format,
    unicode: bool,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let grids = || vec![(table.subtitle.clone(), table.grid())];
    let bytes = match format {
        Format::Csv => return table.csv(w),
        Format::Json => return table.json(w),
        Format::Parquet => return table.parquet(w),
        Format::Table => {
            human::titled_tables(&table.title, grids(), &table.people_notes(), unicode).into_bytes()
        }
        Format::Markdown => {
            human::titled_markdown(&table.title, grids(), &table.people_notes()).into_bytes()
        }
        Format::Html => super::html::sheet_page(
            &table.title,
            maud::html! {},
            [(None, &table.grid())],
            &table.people_notes(),
        ),
    };
    Ok(w.write_all(&bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids of up to 12 bytes become a text column straight from their
    /// heads (NUL bytes, non-ASCII and the empty id among them), equal to
    /// the one built text by text; a 13-byte id sends the column that way.
    #[test]
    fn short_ids_make_the_same_column_from_their_heads() {
        let short = [
            "C00054318",
            "",
            "AB\0",
            "\u{e9}t\u{e9}",
            "abcdefghijkl",
            "\u{5d0}1",
        ];
        let column = |ids: &[&str]| TableColumn {
            name: "customer_id".into(),
            cells: Cells::Ids {
                heads: ids.iter().map(|id| Head::of(id)).collect(),
                values: Texts::default(),
                codes: vec![0; ids.len()],
            },
        };
        let by_text = |ids: &[&str]| {
            let c = column(ids);
            text_column("customer_id".into(), ids.len(), |row| c.text_of(row)).unwrap()
        };
        let Cells::Ids { heads, .. } = &column(&short).cells else {
            unreachable!()
        };
        let inline = inline_ids("customer_id".into(), heads).unwrap();
        assert_eq!(inline, by_text(&short));
        assert!(inline.equals(&column(&short).polars().unwrap()));
        let values: Vec<Option<&str>> = inline.str().unwrap().iter().collect();
        assert_eq!(values, short.map(Some));
        let long = [&short[..], &["abcdefghijklm"]].concat();
        let Cells::Ids { heads, .. } = &column(&long).cells else {
            unreachable!()
        };
        assert!(inline_ids("customer_id".into(), heads).is_none());
        assert!(column(&long).polars().unwrap().equals(&by_text(&long)));
    }

    #[test]
    fn a_head_holds_ids_of_up_to_sixteen_bytes() {
        assert_eq!(Head::of("").text(), Some(""));
        assert_eq!(Head::of("C00054318").text(), Some("C00054318"));
        let sixteen = "abcdefghijklmnop";
        assert_eq!(Head::of(sixteen).text(), Some(sixteen));
        // Seventeen bytes: the head is the first sixteen, not the id.
        let long = Head::of("abcdefghijklmnopq");
        assert_eq!(long.text(), None);
        assert_eq!(&long.bytes, sixteen.as_bytes());
        // 15 bytes and a two-byte character: cut inside it, not text.
        assert_eq!(Head::of("abcdefghijklmnoé").text(), None);
        // The heads sort as the ids do (zeros after the end).
        let key = |s| u128::from_be_bytes(Head::of(s).bytes);
        assert!(key("ab") < key("ab\u{1}") && key("ab\u{1}") < key("b"));
    }
}
