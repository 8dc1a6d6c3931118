//! The binary documenting itself: `engage completions SHELL` and `engage
//! man [COMMAND]`, both generated from the clap definitions in `cli.rs` so
//! they never drift from `--help`, and `engage metrics`, the README's
//! definition tables (built in, so a user of the binary alone has them).
//! Written like every other output (stdout, or `-o` atomically). Reads no
//! data and no config file.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::config::usage;
use crate::report::output::Target;

/// The name the scripts and pages call the program by.
const BIN: &str = "engage";

pub fn completions(args: CompletionsArgs) -> Result<()> {
    let target = Target::open(args.output.as_deref(), [])?;
    let mut command = Cli::command();
    target.write_with(|w| {
        clap_complete::generate(args.shell, &mut command, BIN, w);
        Ok(())
    })
}

pub fn man(args: ManArgs) -> Result<()> {
    let mut command = Cli::command();
    // Global flags (--config) reach the subcommands only once built.
    command.build();
    let page = match args.command.as_deref() {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name) else {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                return Err(usage(format!(
                    "man {}: no such command; the commands are {}",
                    crate::text::shorten(name),
                    names.join(", ")
                )));
            };
            // clap names commands by `&'static str` (without its `string`
            // feature); one short name leaked for the run is cheaper.
            let page_name = format!("{BIN}-{}", sub.get_name()).leak();
            sub.clone()
                .name(&*page_name)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let target = Target::open(args.output.as_deref(), [])?;
    target.write_with(|w| Ok(clap_mangen::Man::new(page).render(w)?))
}

/// The README, built in for `engage metrics`.
const README: &str = include_str!("../../README.md");

/// Every README table of metric definitions (header `| key | definition`),
/// each under the `## ` heading of its section, as Markdown.
fn definitions(readme: &str) -> String {
    let mut out = String::new();
    let mut section = "";
    let mut in_table = false;
    for line in readme.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading;
        }
        if line.starts_with("| key | definition") {
            in_table = true;
            out.push_str(&format!("## {section}\n\n"));
        }
        if in_table {
            if !line.starts_with('|') {
                in_table = false;
                out.push('\n');
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn metrics() -> Result<()> {
    let text = format!(
        "# engage {} metric definitions\n\nRates and shares are percentages from 0 to 100; NPS runs from -100 to 100.\nKeys are the CSV and JSON column names. The full manual is the README.\n\n{}",
        env!("CARGO_PKG_VERSION"),
        definitions(README)
    );
    Target::Stdout.write(text.as_bytes())
}
