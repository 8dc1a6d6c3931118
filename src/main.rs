//! `engage`: parse the command line, run the command, print `engage: {err}`
//! on failure and choose the exit code (0 ok, 1 data or runtime error,
//! 2 usage error, 3 a `--fail-if` threshold breached; clap itself exits 2
//! for malformed arguments).

mod cli;
mod commands;
mod config;
mod input;
mod metrics;
mod report;
mod sql;
mod text;

use std::process::ExitCode;

/// polars allocates and frees large buffers constantly; mimalloc reuses them
/// instead of returning pages to the kernel and faulting them in again,
/// which the system allocator does (several seconds on 10M orders).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

use cli::{Cli, Command};
use commands::report::ThresholdBreached;
use config::UsageError;

fn run(cli: Cli) -> anyhow::Result<()> {
    // Generated from the flags alone: no config file read, none can break them.
    let command = match cli.command {
        Command::Completions(args) => return commands::shell::completions(args),
        Command::Man(args) => return commands::shell::man(args),
        Command::Metrics => return commands::shell::metrics(),
        command => command,
    };
    let settings = config::Settings::load(cli.config.as_deref())?;
    if let Some(path) = &settings.path {
        report::output::config_read(path);
    }
    let (lang, digits) = settings.language(cli.lang, cli.digits);
    report::lang::choose(lang, digits);
    match command {
        Command::Orders(args) => {
            commands::orders::run(config::OrdersConfig::from_args(args, &settings)?)
        }
        Command::Survey(args) if !args.feedback.orders.is_empty() => {
            commands::feedback::run(config::FeedbackConfig::from_args(args, &settings)?)
        }
        Command::Survey(args) => {
            commands::survey::run(config::SurveyConfig::from_args(args, &settings)?)
        }
        Command::Report(args) => {
            commands::report::run(config::ReportConfig::from_args(args, &settings)?)
        }
        Command::Customers(args) => {
            commands::customers::run(config::CustomersConfig::from_args(args, &settings)?)
        }
        Command::Check(args) => {
            commands::check::run(config::CheckConfig::from_args(args, &settings)?)
        }
        Command::Cohorts(args) => {
            commands::cohorts::run(config::CohortsConfig::from_args(args, &settings)?)
        }
        Command::Clv(args) => commands::clv::run(config::ClvConfig::from_args(args, &settings)?),
        Command::Sql(args) => commands::sql::run(sql::config::SqlJob::from_args(args, &settings)?),
        Command::Compare(args) => commands::compare::run(args, cli.config.as_deref()),
        // Run above, before the config file.
        Command::Completions(_) | Command::Man(_) | Command::Metrics => Ok(()),
    }
}

/// mimalloc asks the kernel for transparent huge pages, and the kernel
/// then zeroes 2 MB at every first touch: a third of a 10M-order run in
/// perf, gone with huge pages off for this process (README, Speed).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this
    // process; the call cannot touch memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc's option numbers (`mi_option_e` in mimalloc.h): the purge
/// delay is 15 in mimalloc 2 and 3; the Rust bindings do not name it.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

extern "C" {
    fn mi_version() -> std::ffi::c_int;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    fn mi_collect(force: bool);
}

/// mimalloc's purge delay in milliseconds when freed memory is given back.
const PURGE_DELAY_MS: std::ffi::c_long = 1_000;

/// mimalloc returns freed memory to the kernel a second after it is freed
/// (its purge delay), and a run of a few seconds then faults much of it in
/// again, zeroed: a tenth of the faults and a fifth of the system time of
/// a 10M-order run, and a peak that depends on the machine's load (a slow
/// run purges more). With `keep`, freed memory is kept for reuse instead
/// (the process ends soon after its work); without, it is given back a
/// second after it is freed, for reads of inputs larger than memory, which
/// run for a minute or more and whose peak grew with it kept (100M orders:
/// 9.0 GB instead of 5.6 on main, 7.4 instead of 6.4 here; README, Speed).
pub(crate) fn keep_freed_memory(keep: bool) {
    GIVE_BACK.store(!keep, std::sync::atomic::Ordering::Relaxed);
    let delay = if keep { -1 } else { PURGE_DELAY_MS };
    // SAFETY: both are plain calls into the linked mimalloc (the global
    // allocator); setting an option is allowed at any time.
    unsafe {
        if matches!(mi_version() / 10_000, 2 | 3) {
            mi_option_set(MI_OPTION_PURGE_DELAY, delay);
        }
    }
}

/// Whether freed memory is given back (see [`keep_freed_memory`]).
static GIVE_BACK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// When freed memory is given back at all (reads of inputs larger than
/// memory), gives what was freed so far back now, from every thread's
/// heap (this one's and the thread pool's), instead of after the purge
/// delay; called after a step that freed much. Without it, 100M orders
/// peaked 0.8-1.6 GB above what was held: memory freed by another thread
/// than the one that allocated it waits for that thread to allocate
/// again, a new column of hundreds of MB is not made of freed smaller
/// pieces, and a step of a few big allocations rarely gets to purge.
pub(crate) fn give_back_freed_memory() {
    if !GIVE_BACK.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    // SAFETY: a plain call into the linked mimalloc (the global
    // allocator), allowed on any thread at any time.
    let collect = || unsafe { mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

fn main() -> ExitCode {
    no_huge_pages();
    keep_freed_memory(true);
    // As OS strings: a file name that is not UTF-8 is not a reason to panic.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = Cli::try_parse_from(&args).unwrap_or_else(|err| cli::with_tip(err, &args).exit());
    // Before any thread starts; the run's temporary folder goes when this
    // guard drops, at the end of `main`.
    let _temporary = report::output::clean_up_on_signals();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Values in messages are escaped where they are quoted; this
            // catches any that is not, so that no message drives a terminal.
            eprintln!("engage: {}", text::escape_controls(&format!("{err:#}")));
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else if err.downcast_ref::<ThresholdBreached>().is_some() {
                ExitCode::from(3)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    /// The option number is mimalloc's: set, it reads back as set (a
    /// mimalloc of another major version must be checked by hand first).
    #[test]
    fn freed_memory_is_kept_for_reuse_or_given_back() {
        // SAFETY: plain calls into the linked mimalloc.
        let delay = || unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) };
        let version = unsafe { mi_version() };
        assert_eq!(version / 10_000, 3, "mimalloc {version}");
        keep_freed_memory(true);
        assert_eq!(delay(), -1);
        keep_freed_memory(false);
        assert_eq!(delay(), PURGE_DELAY_MS);
    }
}
