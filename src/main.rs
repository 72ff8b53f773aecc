//! The `cfnlint-lock` binary: parse arguments, run, exit.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    cli::run(&cli::Args::parse())
}
