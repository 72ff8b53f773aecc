//! The command line: the only code that prints or chooses exit codes.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

pub use args::Args;
use args::{Color, Format};
use cfnlint_lock::report::{self, human};
use cfnlint_lock::{Severity, load};

/// Exit status: 0 clean, 1 findings at error severity, 2 the check could not run.
pub fn run(args: &Args) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![std::path::PathBuf::from("cdk.out")] } else { args.paths.clone() };
    let options = load::Options { max_file_bytes: args.max_file_size };
    let outcome = cfnlint_lock::check(&paths, &options);
    let counts = outcome.counts();
    let text = match args.format {
        Format::Json => report::json::render(&outcome.findings, &outcome.problems, counts),
        Format::Human => {
            let style = human::Style { color: wants_color(args.color), width: terminal_width() };
            let mut text =
                if args.quiet { String::new() } else { human::render(&outcome.findings, &outcome.problems, style) };
            text.push_str(&human::summary(&outcome.findings, &outcome.problems, counts));
            text
        }
    };
    if let Err(e) = io::stdout().lock().write_all(text.as_bytes()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("cfnlint-lock: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if report::load_errors(&outcome.problems) > 0 {
        ExitCode::from(2)
    } else if outcome.findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn wants_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(100)
}
