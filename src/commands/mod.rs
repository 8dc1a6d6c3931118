//! One module per subcommand: each wires input -> metrics -> report ->
//! output for its command, and owns the stderr summary of what was skipped.

pub mod orders;

use std::io::IsTerminal;

use anyhow::Result;

use crate::config::OutputConfig;
use crate::input::Skipped;
use crate::report::{self, output::Target, Report};

/// Renders `report` and writes it to the target opened before the work.
fn emit(report: &Report, out: &OutputConfig, target: Target) -> Result<()> {
    let unicode = matches!(target, Target::Stdout)
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let bytes = report::render(report, out.format, unicode)?;
    target.write(&bytes)
}

/// `engage: warning: skipped 3 rows (2 blank amount, 1 unreadable date)`.
fn warn_skipped(skipped: &Skipped, quiet: bool) {
    if quiet || skipped.is_empty() {
        return;
    }
    let total: u64 = skipped.values().sum();
    let parts: Vec<String> = skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
    let noun = if total == 1 { "row" } else { "rows" };
    eprintln!(
        "engage: warning: skipped {total} invalid {noun} ({})",
        parts.join(", ")
    );
}
