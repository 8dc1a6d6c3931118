//! A long table held by columns (`engage customers`: a row per customer,
//! millions of them): CSV, JSON and Parquet carry every row, streamed from
//! the columns; the formats for people show the first `SHOWN` rows and a
//! note on how to get them all.

use std::io::Write;

use polars::prelude::*;

use super::{human, labels, lang, Value, SCHEMA_VERSION};
use crate::cli::Format;

/// Rows the terminal, Markdown and HTML show.
pub const SHOWN: usize = 20;

/// One column's cells.
pub enum Cells {
    /// Text through a dictionary (customer ids: every code once; segment
    /// names); `None` is blank.
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
        if let Cells::Day(v) = &self.cells {
            return crate::input::parse::date_from_days(v[row])
                .format("%Y-%m-%d")
                .to_string();
        }
        match self.cell(row) {
            Cell::Text(t) => t.unwrap_or("").to_string(),
            Cell::Value(v) if people => human::cell(&v),
            Cell::Value(v) => super::csv::cell(&v),
        }
    }

    fn numeric(&self) -> bool {
        !matches!(self.cells, Cells::Coded { .. } | Cells::Day(_))
    }

    fn json(&self, row: usize) -> serde_json::Value {
        use serde_json::json;
        match &self.cells {
            Cells::Coded { .. } | Cells::Day(_) => match self.cell(row) {
                Cell::Text(t) if !matches!(self.cells, Cells::Day(_)) => json!(t),
                _ => json!(self.text(row, false)),
            },
            Cells::Count(v) => json!(v[row]),
            // Cents / 100 as the nearest f64 prints as the exact decimal.
            Cells::Cents(v) => json!(v[row] as f64 / 100.0),
            Cells::Money(v) | Cells::Ratio(v) => json!(v[row]),
        }
    }

    fn polars(&self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.as_str().into();
        Ok(match &self.cells {
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

    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let mut w = ::csv::Writer::from_writer(out);
        w.write_record(self.header())?;
        let mut fields: Vec<String> = vec![String::new(); self.columns.len()];
        for row in 0..self.rows {
            for (field, c) in fields.iter_mut().zip(&self.columns) {
                *field = match c.cell(row) {
                    Cell::Text(Some(t)) => super::csv::neutralise(t).into_owned(),
                    _ => c.text(row, false),
                };
            }
            w.write_record(&fields)?;
        }
        Ok(w.flush()?)
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

    fn parquet(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        use rayon::prelude::*;
        // Columns built side by side: each is a pass over millions of rows.
        let internal = |e| anyhow::anyhow!("internal error while writing Parquet: {e}");
        let columns = self
            .columns
            .par_iter()
            .map(TableColumn::polars)
            .collect::<PolarsResult<_>>()
            .map_err(internal)?;
        let frame = DataFrame::new_infer_height(columns).map_err(internal)?;
        super::parquet::write(frame, out)
    }
}

/// Renders the table in `format` into `w` (see the module doc).
pub fn render(
    table: &Table,
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
