//! `cfnlint-lock [check] [PATH]...`

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use super::args::{CheckArgs, Color, Format};
use super::emit;
use cfnlint_lock::report::{self, human};
use cfnlint_lock::{Severity, load};

pub fn run(args: &CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![PathBuf::from("cdk.out")] } else { args.paths.clone() };
    let options = load::Options { max_file_bytes: args.max_file_size };
    let outcome = cfnlint_lock::check_against(&paths, &args.baseline, &options);
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
    if let Err(code) = emit(&text) {
        return code;
    }
    let code = if report::load_errors(&outcome.problems) > 0 {
        ExitCode::from(2)
    } else if outcome.findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // Freeing every template's tree one node at a time costs a fifth of a run on a large
    // assembly, and the process exits next, which gives the memory back at once.
    std::mem::forget(outcome);
    code
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
