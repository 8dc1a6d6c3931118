//! `engage completions SHELL` and `engage man [COMMAND]`: both generated
//! from the clap definitions in `cli.rs`, so they never drift from
//! `--help`. Written like every other output (stdout, or `-o` atomically).
//! Reads no data and no config file.

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
