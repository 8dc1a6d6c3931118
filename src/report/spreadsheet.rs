//! `--format tsv` and `--format xlsx`: every command's CSV (its machine
//! contract: keys, full precision, formula triggers neutralised) carried
//! into another container, so that no renderer has a third and fourth
//! copy of its layout. TSV: the same cells, tab-separated. XLSX: typed
//! cells (see [`kind_of`]), one sheet per `section` of a report.

use anyhow::Result;

/// A spreadsheet container for a command's CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spreadsheet {
    Tsv,
    Xlsx,
}

/// The CSV `csv` (as a renderer wrote it) as `kind`.
pub fn from_csv(csv: &[u8], kind: Spreadsheet) -> Result<Vec<u8>> {
    match kind {
        Spreadsheet::Tsv => tsv(csv),
        Spreadsheet::Xlsx => xlsx(csv),
    }
}

/// The records of a CSV, header first.
fn records(csv: &[u8]) -> Result<Vec<csv::StringRecord>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    Ok(r.records().collect::<Result<_, _>>()?)
}

/// Tab-separated, one line per record, no quoting: a tab, CR or LF inside
/// a cell (only text cells can hold one) becomes a space, since TSV has no
/// way to carry them.
fn tsv(csv: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(csv.len());
    for record in records(csv)? {
        for (i, cell) in record.iter().enumerate() {
            if i > 0 {
                out.push(b'\t');
            }
            out.extend(cell.bytes().map(|b| match b {
                b'\t' | b'\r' | b'\n' => b' ',
                b => b,
            }));
        }
        out.push(b'\n');
    }
    Ok(out)
}

fn xlsx(_csv: &[u8]) -> Result<Vec<u8>> {
    anyhow::bail!("xlsx is not written yet")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_keeps_cells_and_replaces_tabs_and_line_breaks() {
        let csv = b"period,note,revenue\n2024-01,\"a\tb\nc, d\",10.50\n";
        let out = from_csv(csv, Spreadsheet::Tsv).expect("tsv");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "period\tnote\trevenue\n2024-01\ta b c, d\t10.50\n"
        );
    }
}
