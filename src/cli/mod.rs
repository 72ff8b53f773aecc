//! The command line: the only code that prints or chooses exit codes.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod aws;
mod check;
mod lock;
mod rules;

use std::io::{self, Write};
use std::process::ExitCode;

pub use args::Args;
use args::Command;

/// Runs the subcommand (`check` when none is given) and returns its exit status:
/// 0 clean, 1 findings at error severity, 2 the check could not run.
pub fn run(args: &Args) -> ExitCode {
    match &args.command {
        None => check::run(&args.check),
        Some(Command::Check(check)) => check::run(check),
        Some(Command::Rules) => rules::list(),
        Some(Command::Explain { rule }) => rules::explain(rule),
        Some(Command::Lock(lock)) => lock::run(lock),
        Some(Command::Graph(graph)) => lock::graph(graph),
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly instead of failing.
fn emit(text: &str) -> Result<(), ExitCode> {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("cfnlint-lock: cannot write output: {e}");
            Err(ExitCode::from(2))
        }
    }
}
