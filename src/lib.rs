//! soc2: a SOC 2 compliance program kept as files in a git repository.
//!
//! The binary is a thin shell over this library: [`run`] parses arguments,
//! runs one command, prints through one place and picks the exit code.

pub mod cli;
mod cmd;
pub mod collect;
pub mod dates;
pub mod diagnostic;
pub mod eval;
pub mod evidence;
pub mod export;
pub mod files;
pub mod hash;
pub mod import;
pub mod json;
pub mod output;
pub mod population;
pub mod query;
pub mod render;
pub mod repo;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

pub use output::Outcome;

/// Parse `args`, run the command, print its result and return the exit code:
/// 0 success, 1 gaps or findings, 2 invalid input, usage or runtime errors.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Help and version go to stdout; a failed write (closed pipe) changes nothing.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let mut out = output::Output::new(cli.color, cli.verbose);
    let result = cmd::run(cli, &mut out);
    out.finish(result)
}
