//! How each column of a typed read is made, described once for both
//! readers: the chunked CSV reader applies the description to each field as
//! it parses (no text column is built for a value that becomes a number),
//! polars' scans (Parquet, and CSV the chunked reader gives up on) get it as
//! an expression over the text column.
//!
//! A value that cannot be read is not written into the value column as a
//! sentinel (which a real value could equal): its value is null, and a
//! second column, [`problem_column`], holds why (a [`CellError`] code, 0
//! when the value was read or blank). Checks read that column.

use std::borrow::Cow;
use std::sync::Arc;

use polars::prelude::*;

use super::batched::IdRun;
use super::native::Mixed;
use super::parse::{parse_date_with, trim_fast, CellError, DateRules};
use super::{FILE, ROW};

/// A cleaned text value, or `None` for null.
pub type TextFn = fn(&str) -> Option<Cow<'_, str>>;
/// A value from a cell's text (`Ok(None)`: the cell is blank; `Err`: it
/// cannot be read).
pub type ValueFn<T> = Arc<dyn Fn(Option<&str>) -> Result<Option<T>, CellError> + Send + Sync>;
/// A flag from a cell's text (`None`: blank); never unreadable.
pub type FlagFn = Arc<dyn Fn(Option<&str>) -> Option<bool> + Send + Sync>;

/// What one output column holds. Numbers come with a problem column.
#[derive(Clone)]
pub enum CellKind {
    Text(TextFn),
    /// Ids (order ids) only checked never to repeat: the chunked reader
    /// sums each chunk's up as an [`IdRun`] instead of making a column
    /// (polars' scans make the text column, as `Text`).
    Ids(TextFn),
    Int64(ValueFn<i64>),
    Int32(ValueFn<i32>),
    Boolean(FlagFn),
}

/// The column beside a number column `name` that says why a value is
/// null: 0 (read, or blank), else [`problem_code`] (`u32`: this build of
/// polars has no 8-bit integers).
pub fn problem_column(name: &str) -> String {
    format!("{name}{PROBLEM_SUFFIX}")
}

/// How a problem column's name ends.
pub const PROBLEM_SUFFIX: &str = "_problem";

/// The code of a problem in a problem column.
pub fn problem_code(e: CellError) -> u32 {
    match e {
        CellError::Unreadable => 1,
        CellError::SubCent => 2,
        CellError::MixedDigits(m) => 3 + u32::from(m.index()),
    }
}

/// The problem a code stands for (`None` for 0).
pub fn problem_of(code: u32) -> Option<CellError> {
    match code {
        0 => None,
        1 => Some(CellError::Unreadable),
        2 => Some(CellError::SubCent),
        _ => {
            Some(Mixed::from_index(code - 3).map_or(CellError::Unreadable, CellError::MixedDigits))
        }
    }
}

impl CellKind {
    fn dtype(&self) -> DataType {
        match self {
            CellKind::Text(_) | CellKind::Ids(_) => DataType::String,
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
    /// The same read with the text cell `name` (when given) made
    /// [`CellKind::Ids`].
    pub fn with_ids_checked(&self, name: Option<&str>) -> Typed {
        let cells = self.cells.iter().map(|c| match (&c.kind, name) {
            (CellKind::Text(f), Some(name)) if c.name == name => Cell {
                kind: CellKind::Ids(*f),
                ..c.clone()
            },
            _ => c.clone(),
        });
        Typed {
            width: self.width,
            cells: cells.collect(),
        }
    }

    /// The cells as polars expressions over the text columns (numbers with
    /// their problem columns).
    pub fn exprs(&self) -> Vec<Expr> {
        let mut exprs = vec![col(FILE), col(ROW)];
        for c in &self.cells {
            let name = c.name.as_str();
            let problems = problem_column(name);
            let Some((_, input)) = &c.column else {
                exprs.push(lit(NULL).cast(c.kind.dtype()).alias(name));
                if c.kind.checked() {
                    exprs.push(lit(0u32).alias(problems.as_str()));
                }
                continue;
            };
            let e = col(input.as_str());
            match c.kind.clone() {
                CellKind::Text(f) | CellKind::Ids(f) => exprs.push(text_udf(e, f).alias(name)),
                CellKind::Int64(f) => {
                    exprs.push(value_udf::<Int64Type>(e.clone(), f.clone()).alias(name));
                    exprs.push(problem_udf(e, f).alias(problems.as_str()));
                }
                CellKind::Int32(f) => {
                    exprs.push(value_udf::<Int32Type>(e.clone(), f.clone()).alias(name));
                    exprs.push(problem_udf(e, f).alias(problems.as_str()));
                }
                CellKind::Boolean(f) => exprs.push(bool_udf(e, f).alias(name)),
            }
        }
        exprs
    }
}

impl CellKind {
    /// Whether values can be unreadable (and so have a problem column).
    fn checked(&self) -> bool {
        matches!(self, CellKind::Int64(_) | CellKind::Int32(_))
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
            let out: ChunkedArray<T> = c.str()?.iter().map(|v| f(v).ok().flatten()).collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, f: &Field| Ok(Field::new(f.name().clone(), T::get_static_dtype())),
    )
}

fn problem_udf<T: Send + Sync + 'static>(e: Expr, f: ValueFn<T>) -> Expr {
    e.map(
        move |c: Column| {
            let out: UInt32Chunked = c
                .str()?
                .iter()
                .map(|v| Some(f(v).err().map_or(0, problem_code)))
                .collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, f: &Field| Ok(Field::new(f.name().clone(), DataType::UInt32)),
    )
}

fn bool_udf(e: Expr, f: FlagFn) -> Expr {
    e.map(
        move |c: Column| {
            let out: BooleanChunked = c.str()?.iter().map(|v| f(v)).collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, f: &Field| Ok(Field::new(f.name().clone(), DataType::Boolean)),
    )
}

/// Problem codes of a number column, kept only from the first problem on
/// (most chunks have none).
#[derive(Default)]
pub struct Problems {
    name: String,
    codes: Vec<u32>,
    rows: usize,
}

impl Problems {
    fn new(name: &str) -> Problems {
        Problems {
            name: problem_column(name),
            ..Problems::default()
        }
    }

    fn push<T>(&mut self, v: Result<Option<T>, CellError>) -> Option<T> {
        self.rows += 1;
        match v {
            Ok(x) => {
                if !self.codes.is_empty() {
                    self.codes.push(0);
                }
                x
            }
            Err(e) => {
                if self.codes.is_empty() {
                    self.codes.resize(self.rows - 1, 0);
                }
                self.codes.push(problem_code(e));
                None
            }
        }
    }

    fn finish(self, rows: usize) -> Column {
        match self.codes.is_empty() {
            true => Column::new_scalar(self.name.into(), Scalar::from(0u32), rows),
            false => UInt32Chunked::from_vec(self.name.into(), self.codes).into_column(),
        }
    }
}

/// One output column grown field by field (the chunked reader).
pub enum Builder {
    Text(StringChunkedBuilder, TextFn),
    Ids(IdRun, TextFn),
    Int64(PrimitiveChunkedBuilder<Int64Type>, ValueFn<i64>, Problems),
    Int32(PrimitiveChunkedBuilder<Int32Type>, ValueFn<i32>, Problems),
    /// With the last text and its flag: a flag is a function of the text
    /// alone, and statuses repeat row after row (matching a status against
    /// the rule's list was 3% of an orders read).
    Boolean(
        BooleanChunkedBuilder,
        FlagFn,
        Option<(String, Option<bool>)>,
    ),
    /// No input column: all null (and no problem, when checked).
    Null(String, DataType, bool),
}

impl Builder {
    pub fn new(cell: &Cell, capacity: usize) -> Builder {
        let name = PlSmallStr::from(cell.name.as_str());
        if cell.column.is_none() {
            return Builder::Null(cell.name.clone(), cell.kind.dtype(), cell.kind.checked());
        }
        let problems = || Problems::new(&cell.name);
        match cell.kind.clone() {
            CellKind::Text(f) => Builder::Text(StringChunkedBuilder::new(name, capacity), f),
            CellKind::Ids(f) => Builder::Ids(IdRun::default(), f),
            CellKind::Int64(f) => {
                Builder::Int64(PrimitiveChunkedBuilder::new(name, capacity), f, problems())
            }
            CellKind::Int32(f) => {
                Builder::Int32(PrimitiveChunkedBuilder::new(name, capacity), f, problems())
            }
            CellKind::Boolean(f) => {
                Builder::Boolean(BooleanChunkedBuilder::new(name, capacity), f, None)
            }
        }
    }

    /// One field's text (`None`: blank, as polars' scan reads it).
    pub fn push(&mut self, v: Option<&str>) {
        match self {
            Builder::Text(b, f) => match v.and_then(*f) {
                Some(t) => b.append_value(t),
                None => b.append_null(),
            },
            Builder::Ids(run, f) => run.push(v.and_then(*f).as_deref()),
            Builder::Int64(b, f, p) => b.append_option(p.push(f(v))),
            Builder::Int32(b, f, p) => b.append_option(p.push(f(v))),
            Builder::Boolean(b, f, last) => {
                let flag = match (last.as_mut(), v) {
                    (Some((text, flag)), Some(v)) if text.as_str() == v => *flag,
                    (Some((text, flag)), Some(v)) => {
                        text.clear();
                        text.push_str(v);
                        *flag = f(Some(v));
                        *flag
                    }
                    (None, Some(v)) => {
                        let flag = f(Some(v));
                        *last = Some((v.to_string(), flag));
                        flag
                    }
                    (_, None) => f(None),
                };
                b.append_option(flag)
            }
            Builder::Null(..) => {}
        }
    }

    /// The column(s) this builder made (a number column and its problem
    /// column), pushed onto `columns`; the run of ids of a
    /// [`CellKind::Ids`] cell (no column).
    pub fn finish(self, rows: usize, columns: &mut Vec<Column>) -> Option<IdRun> {
        match self {
            Builder::Text(b, _) => columns.push(b.finish().into_column()),
            Builder::Ids(run, _) => return Some(run),
            Builder::Int64(b, _, p) => columns.extend([b.finish().into_column(), p.finish(rows)]),
            Builder::Int32(b, _, p) => columns.extend([b.finish().into_column(), p.finish(rows)]),
            Builder::Boolean(b, ..) => columns.push(b.finish().into_column()),
            Builder::Null(name, dtype, checked) => {
                columns.push(Column::full_null(name.as_str().into(), rows, &dtype));
                if checked {
                    columns.push(Problems::new(&name).finish(rows));
                }
            }
        }
        None
    }
}

/// Surrounding white space dropped; blank becomes null.
pub fn trimmed(s: &str) -> Option<Cow<'_, str>> {
    let t = trim_fast(s);
    (!t.is_empty()).then_some(Cow::Borrowed(t))
}

/// Dates parsed in place: days since 1970-01-01, null for blank or
/// unreadable (see [`cells::problem_column`]).
pub fn date_kind(rules: DateRules) -> CellKind {
    CellKind::Int32(std::sync::Arc::new(move |v: Option<&str>| {
        parse_date_with(v.unwrap_or(""), rules)
    }))
}

#[cfg(test)]
mod tests {
    use super::{Builder, Cell, CellKind};
    use std::sync::Arc;

    /// A flag remembered from the row before is the flag of the text, for
    /// repeated, changing and blank texts.
    #[test]
    fn flags_of_repeated_texts_are_the_flags_of_the_texts() {
        let flag = |v: Option<&str>| v.map(|s| s.starts_with('p'));
        let cell = Cell {
            name: "f".into(),
            column: Some((0, "f".into())),
            kind: CellKind::Boolean(Arc::new(flag)),
        };
        let texts = [
            Some("paid"),
            Some("paid"),
            None,
            Some("paid"),
            Some("refunded"),
            Some("refunded"),
            Some("pending"),
            None,
            Some("x"),
        ];
        let mut builder = Builder::new(&cell, 0);
        for t in texts {
            builder.push(t);
        }
        let mut columns = Vec::new();
        builder.finish(texts.len(), &mut columns);
        let got: Vec<Option<bool>> = columns[0].bool().unwrap().iter().collect();
        let want: Vec<Option<bool>> = texts.iter().map(|&t| flag(t)).collect();
        assert_eq!(got, want);
    }
}
