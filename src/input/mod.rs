//! The only place that opens input files: CSV or Parquet exports in,
//! typed and validated frames for `metrics` out. It computes no metric.
//! The map of the folder, in the order data flows:
//!
//! - `sources`: file arguments -> [`Source`]s (globs, stdin and pipes
//!   spooled, `--encoding` decoded, format, separator, title lines above
//!   the header);
//! - `table`: the CSV table as the `csv` crate reads it: header block,
//!   line numbers, the line of a bad row or cell (error path);
//! - `presets`, `columns`: which column plays which role;
//! - `cells`: how each used column is typed (one description for every
//!   reader); `parse`: the value parsers;
//! - `chunks`: the CSV reader (its progress line: `progress`); `parquet`:
//!   the Parquet reader;
//! - `read`: every source read whole; `batched`: read batch by batch when
//!   larger than memory;
//! - `validate`: bad values found, named or skipped;
//! - `encode`: text keys to dense integer codes;
//! - `loader`: the one loader; `orders`, `surveys`: each kind's columns,
//!   typing and checks.

pub mod batched;
pub mod cells;
pub mod chunks;
pub mod columns;
pub mod encode;
pub mod labels;
pub mod loader;
pub mod native;
pub mod orders;
pub mod parquet;
pub mod parse;
pub mod presets;
pub mod progress;
pub mod read;
pub mod sources;
pub mod summary;
pub mod surveys;
pub mod table;
pub mod validate;

pub use cells::{date_kind, trimmed, Cell, CellKind, Typed};
pub use encode::{encode, encode_grouped, encode_segments, Keep, Lookup, Texts};
pub use read::{column_counts, map_all, names, read_twice, scan_all};
pub use sources::{io_reason, resolve_sources, Source};
pub use table::{bad_row, columns_present, find_day, locate, read_header, read_header_block};
pub use validate::{NothingLeft, Skipped};

/// Columns every typed frame has: the source's index and the data row's
/// index (0-based among the data rows; 0 when read without positions).
pub const FILE: &str = "_file";
pub const ROW: &str = "_row";
/// Dates as days since 1970-01-01 (Int32), when periods or filters need them.
pub const DATE: &str = "_date";

/// The internal name of the n-th `--segment` column.
pub fn segment_column(i: usize) -> String {
    format!("_seg{i}")
}
