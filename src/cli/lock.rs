//! `cfnlint-lock lock [PATH]... [-o FILE] [--check]`: the exports lockfile; and
//! `cfnlint-lock graph`, its picture.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::{GraphArgs, GraphFormat, LockArgs};
use super::{emit, write_file};
use cfnlint_lock::baseline::{Snapshot, lockfile};
use cfnlint_lock::load::files::read_regular_file;
use cfnlint_lock::report::{self, human};
use cfnlint_lock::{Graph, load};

pub fn run(args: &LockArgs) -> ExitCode {
    let paths =
        if args.paths.is_empty() && args.from.is_none() { vec![PathBuf::from("cdk.out")] } else { args.paths.clone() };
    let options = load::Options { max_file_bytes: args.max_file_size, digests: true, ..load::Options::default() };
    let loaded = load::load(&paths, &options);
    let mut problems = loaded.problems.clone();
    let graph = Graph::build(loaded);
    let (snapshot, scratch) = if args.from.is_some() {
        // `--from aws`: the whole deployed state of the environments PATHs target.
        let accounts = config_accounts(args.max_file_size);
        let aws = cfnlint_lock::baseline::aws::Options { everything: true, ..args.aws.options(&accounts) };
        let read = cfnlint_lock::aws_state::read(&graph, &aws, &options);
        if let Some(summary) = &read.summary {
            eprintln!("{summary}");
        }
        problems.extend(read.problems);
        (read.snapshot, read.scratch)
    } else {
        (Snapshot::from_graph(&graph), None)
    };
    let refused = report::load_errors(&problems) > 0;
    if refused {
        // A lockfile written from a half-read assembly would hide exports: refuse.
        let _ = emit(&human::render(&[], &problems, human::Style::plain()));
        eprintln!("cfnlint-lock: the lockfile was not written: some input could not be read");
    }
    let text = lockfile::render(&snapshot);
    if let Some(scratch) = scratch {
        let _ = std::fs::remove_dir_all(scratch);
    }
    if refused {
        return ExitCode::from(2);
    }
    let shown = args.output.display();
    if args.check {
        return check(args, &text);
    }
    match write_file(&args.output, &text) {
        Ok(()) => {
            println!("wrote `{shown}`");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("cfnlint-lock: {message}");
            ExitCode::from(2)
        }
    }
}

/// `lock --check`: whether the lockfile holds `text`. A file that is no lockfile is an
/// error that says so, not "out of date".
fn check(args: &LockArgs, text: &str) -> ExitCode {
    let shown = args.output.display();
    let current = std::fs::canonicalize(&args.output)
        .map_err(|e| e.to_string())
        .and_then(|real| read_regular_file(&args.output, &real, args.max_file_size).map_err(|p| p.message));
    let current = match current {
        Ok(current) => current,
        Err(reason) => {
            println!("`{shown}` cannot be read ({reason}): run `cfnlint-lock lock` to write it");
            return ExitCode::from(1);
        }
    };
    if *current == *text {
        println!("`{shown}` is up to date");
        return ExitCode::SUCCESS;
    }
    if let Err(problem) = lockfile::parse_text(&args.output, current) {
        eprint!("{}", human::render(&[], &[problem], human::Style::plain()));
        eprintln!("cfnlint-lock: `{shown}` is not a lockfile that `cfnlint-lock lock` wrote; it was left as it is");
        return ExitCode::from(2);
    }
    println!("`{shown}` is out of date: run `cfnlint-lock lock` again and commit it");
    ExitCode::from(1)
}

/// The config's per-account profiles and roles, when `.cfnlint-lock.yaml` is found.
fn config_accounts(max_file_size: u64) -> Vec<cfnlint_lock::baseline::aws::Account> {
    let file = std::env::current_dir().ok().and_then(|dir| cfnlint_lock::config::discover(&dir));
    file.and_then(|f| cfnlint_lock::config::load(&f, cfnlint_lock::config::Found::Discovered, max_file_size).ok())
        .map(|c| c.aws_accounts)
        .unwrap_or_default()
}

/// `cfnlint-lock graph [PATH]... [--format mermaid|dot]`: like `check`, draws what loaded
/// and says on stderr what did not (stdout is often a `.mmd` file), then exits 2.
pub fn graph(args: &GraphArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![PathBuf::from("cdk.out")] } else { args.paths.clone() };
    let options = cfnlint_lock::CheckOptions {
        baseline: args.baseline.clone(),
        rule_packs: args.rules.clone(),
        ..cfnlint_lock::CheckOptions::default()
    };
    let outcome = cfnlint_lock::check_with(&paths, &options);
    if !outcome.problems.is_empty() {
        eprint!("{}", human::render(&[], &outcome.problems, human::Style::plain()));
    }
    let text = match args.format {
        GraphFormat::Mermaid => report::graph::mermaid(&outcome.graph, &outcome.findings),
        GraphFormat::Dot => report::graph::dot(&outcome.graph, &outcome.findings),
    };
    if let Err(code) = emit(&text) {
        return code;
    }
    if report::load_errors(&outcome.problems) > 0 {
        eprintln!("cfnlint-lock: the graph is incomplete: some input could not be read");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
