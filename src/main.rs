//! The `cfnlint-lock` binary: parse arguments, run, exit.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// A template becomes hundreds of thousands of small strings and vectors: mimalloc spends
// about half the instructions of the system allocator on them and packs them tighter.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run(&cli::Args::parse())
}
