//! How each column of a typed read is made, described once for both
//! readers: the chunked CSV reader applies the description to each field as
//! it parses (no text column is built for a value that becomes a number),
//! polars' scans (Parquet, and CSV the chunked reader gives up on) get it as
//! an expression over the text column.

use std::borrow::Cow;
use std::sync::Arc;

use polars::prelude::*;

use super::{FILE, ROW};

/// A cleaned text value, or `None` for null.
pub type TextFn = fn(&str) -> Option<Cow<'_, str>>;
/// A value from a cell's text (`None`: the cell is blank).
pub type ValueFn<T> = Arc<dyn Fn(Option<&str>) -> Option<T> + Send + Sync>;

/// What one output column holds.
#[derive(Clone)]
pub enum CellKind {
    Text(TextFn),
    Int64(ValueFn<i64>),
    Int32(ValueFn<i32>),
    Boolean(ValueFn<bool>),
}

impl CellKind {
    fn dtype(&self) -> DataType {
        match self {
            CellKind::Text(_) => DataType::String,
            CellKind::Int64(_) => DataType::Int64,
            CellKind::Int32(_) => DataType::Int32,
            CellKind::Boolean(_) => DataType::Boolean,
        }
    }
}

/// One output column: its name, the input column it is made from (header
/// index and name; `None`: all null), and how.
#[derive(Clone)]
pub struct Cell {
    pub name: String,
    pub column: Option<(usize, String)>,
    pub kind: CellKind,
}

/// What a typed read makes of a file: `_file`, `_row`, then one column per
/// cell, in this order.
pub struct Typed {
    /// Fields in a row: the header's.
    pub width: usize,
    pub cells: Vec<Cell>,
}

impl Typed {
    /// The cells as polars expressions over the text columns.
    pub fn exprs(&self) -> Vec<Expr> {
        let mut exprs = vec![col(FILE), col(ROW)];
        exprs.extend(self.cells.iter().map(|c| {
            let e = match &c.column {
                None => return lit(NULL).cast(c.kind.dtype()).alias(c.name.as_str()),
                Some((_, name)) => col(name.as_str()),
            };
            match c.kind.clone() {
                CellKind::Text(f) => text_udf(e, f),
                CellKind::Int64(f) => value_udf::<Int64Type>(e, f),
                CellKind::Int32(f) => value_udf::<Int32Type>(e, f),
                CellKind::Boolean(f) => bool_udf(e, f),
            }
            .alias(c.name.as_str())
        }));
        exprs
    }
}

/// Applies `f` to every non-null text cell; `None` from `f` makes it null.
/// When `f` changes no cell (the common case) the column is passed on as it
/// is, without copying.
fn text_udf(e: Expr, f: TextFn) -> Expr {
    e.map(
        move |c: Column| {
            let ca = c.str()?;
            let unchanged = ca.iter().all(|v| {
                v.is_none_or(|s| matches!(f(s), Some(Cow::Borrowed(t)) if t.len() == s.len()))
            });
            if unchanged {
                return Ok(c);
            }
            let out: StringChunked = ca.iter().map(|v| v.and_then(f)).collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, f: &Field| Ok(Field::new(f.name().clone(), DataType::String)),
    )
}

fn value_udf<T>(e: Expr, f: ValueFn<T::Native>) -> Expr
where
    T: PolarsNumericType,
    ChunkedArray<T>: IntoColumn,
{
    e.map(
        move |c: Column| {
            let out: ChunkedArray<T> = c.str()?.iter().map(|v| f(v)).collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, f: &Field| Ok(Field::new(f.name().clone(), T::get_static_dtype())),
    )
}

fn bool_udf(e: Expr, f: ValueFn<bool>) -> Expr {
    e.map(
        move |c: Column| {
            let out: BooleanChunked = c.str()?.iter().map(|v| f(v)).collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, f: &Field| Ok(Field::new(f.name().clone(), DataType::Boolean)),
    )
}

/// One output column grown field by field (the chunked reader).
pub enum Builder {
    Text(StringChunkedBuilder, TextFn),
    Int64(PrimitiveChunkedBuilder<Int64Type>, ValueFn<i64>),
    Int32(PrimitiveChunkedBuilder<Int32Type>, ValueFn<i32>),
    Boolean(BooleanChunkedBuilder, ValueFn<bool>),
    /// No input column: all null.
    Null(String, DataType),
}

impl Builder {
    pub fn new(cell: &Cell, capacity: usize) -> Builder {
        let name = PlSmallStr::from(cell.name.as_str());
        if cell.column.is_none() {
            return Builder::Null(cell.name.clone(), cell.kind.dtype());
        }
        match cell.kind.clone() {
            CellKind::Text(f) => Builder::Text(StringChunkedBuilder::new(name, capacity), f),
            CellKind::Int64(f) => Builder::Int64(PrimitiveChunkedBuilder::new(name, capacity), f),
            CellKind::Int32(f) => Builder::Int32(PrimitiveChunkedBuilder::new(name, capacity), f),
            CellKind::Boolean(f) => Builder::Boolean(BooleanChunkedBuilder::new(name, capacity), f),
        }
    }

    /// One field's text (`None`: blank, as polars' scan reads it).
    pub fn push(&mut self, v: Option<&str>) {
        match self {
            Builder::Text(b, f) => match v.and_then(*f) {
                Some(t) => b.append_value(t),
                None => b.append_null(),
            },
            Builder::Int64(b, f) => b.append_option(f(v)),
            Builder::Int32(b, f) => b.append_option(f(v)),
            Builder::Boolean(b, f) => b.append_option(f(v)),
            Builder::Null(..) => {}
        }
    }

    /// The column(s) this builder made, pushed onto `columns`.
    pub fn finish(self, rows: usize, columns: &mut Vec<Column>) {
        columns.push(match self {
            Builder::Text(b, _) => b.finish().into_column(),
            Builder::Int64(b, _) => b.finish().into_column(),
            Builder::Int32(b, _) => b.finish().into_column(),
            Builder::Boolean(b, _) => b.finish().into_column(),
            Builder::Null(name, dtype) => Column::full_null(name.into(), rows, &dtype),
        });
    }
}
