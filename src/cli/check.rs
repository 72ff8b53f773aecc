//! `cfnlint-lock [check] [PATH]...`

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::{CheckArgs, Color, FailOn, Format};
use super::{emit, write_file};
use cfnlint_lock::config::{self, Config};
use cfnlint_lock::report::{self, github, human, junit, sarif};
use cfnlint_lock::{Outcome, Problem, Severity, load};

pub fn run(args: &CheckArgs) -> ExitCode {
    let outputs = match outputs(args) {
        Ok(outputs) => outputs,
        Err(message) => {
            eprintln!("cfnlint-lock: {message}");
            return ExitCode::from(2);
        }
    };
    let config = match config(args) {
        Ok(config) => config,
        Err(problems) => {
            let style =
                human::Style { color: wants_color(args.color, io::stderr().is_terminal()), width: terminal_width() };
            eprint!("{}", human::render(&[], &problems, style));
            return ExitCode::from(2);
        }
    };
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else if !config.paths.is_empty() {
        config.paths.clone()
    } else {
        vec![PathBuf::from("cdk.out")]
    };
    let baseline: Vec<PathBuf> = config.baseline.iter().chain(&args.baseline).cloned().collect();
    if args.aws.save_baseline.is_some() && !baseline.iter().any(|p| cfnlint_lock::aws_state::is_aws(p)) {
        eprintln!("cfnlint-lock: `--save-baseline` saves what `--baseline aws` reads; add `--baseline aws`");
        return ExitCode::from(2);
    }
    let options = cfnlint_lock::CheckOptions {
        aws: args.aws.options(&config.aws_accounts),
        // The deployed state and rule packs: the config's, then the command line's.
        baseline,
        rule_packs: config.rule_packs.iter().chain(&args.rules).cloned().collect(),
        load: load::Options { max_file_bytes: args.max_file_size, ..load::Options::default() },
        config,
    };
    let outcome = cfnlint_lock::check_with(&paths, &options);
    if let Some(read) = &outcome.aws
        && outputs.iter().any(|(f, _)| *f == Format::Human)
    {
        eprintln!("{read}");
    }

    let mut failed_write = false;
    for (format, file) in &outputs {
        if *format == Format::Human && file.is_none() {
            // Written as it is drawn: thousands of findings are not held as one text.
            if let Err(code) = emit_human(&outcome, args) {
                return code;
            }
            continue;
        }
        let text = render(*format, &outcome, args, file.is_none());
        match file {
            None => {
                if let Err(code) = emit(&text) {
                    return code;
                }
            }
            Some(path) => {
                // `--output-file reports/x.sarif` in a fresh CI checkout makes `reports/`.
                if let Err(message) = write_file(path, &text) {
                    eprintln!("cfnlint-lock: {message}");
                    failed_write = true;
                }
            }
        }
    }
    if outputs.iter().any(|(f, _)| *f == Format::Github) {
        failed_write |= !append_step_summary(&outcome);
    }

    let code = if failed_write || report::load_errors(&outcome.problems) > 0 {
        ExitCode::from(2)
    } else if fails(&outcome, args.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if let Some(scratch) = &outcome.scratch {
        let _ = std::fs::remove_dir_all(scratch);
    }
    // Freeing every template's tree one node at a time costs a fifth of a run on a large
    // assembly, and the process exits next, which gives the memory back at once.
    std::mem::forget(outcome);
    code
}

/// The `--config` file, else `.cfnlint-lock.yaml` found upward from the current folder,
/// else the defaults.
fn config(args: &CheckArgs) -> Result<Config, Vec<Problem>> {
    let (file, found) = match &args.config {
        Some(file) => (file.clone(), config::Found::Named),
        None => {
            let discovered = std::env::current_dir().ok().and_then(|dir| config::discover(&dir));
            let Some(file) = discovered else { return Ok(Config::default()) };
            (relative(&file), config::Found::Discovered)
        }
    };
    config::load(&file, found, args.max_file_size)
}

/// A discovered config file as the user would name it from here.
fn relative(file: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|dir| file.strip_prefix(dir).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| file.to_path_buf())
}

/// What to write where: every `--format` to stdout unless an `--output-file` names it,
/// then every `--output-file`; human on stdout when no format is named at all.
fn outputs(args: &CheckArgs) -> Result<Vec<(Format, Option<PathBuf>)>, String> {
    let to_file = |f: Format| args.output_file.iter().any(|(of, _)| *of == f);
    let mut stdout: Vec<Format> = args.format.iter().copied().filter(|&f| !to_file(f)).collect();
    stdout.dedup();
    if args.format.is_empty() {
        stdout.push(Format::Human);
    }
    if stdout.len() > 1
        && let Some(doc) = stdout.iter().find(|f| f.is_document())
    {
        return Err(format!(
            "`--format {}` writes one document and cannot share stdout; send it to a file with `--output-file {}=PATH`",
            name(*doc),
            name(*doc)
        ));
    }
    let mut outputs: Vec<(Format, Option<PathBuf>)> = stdout.into_iter().map(|f| (f, None)).collect();
    for (i, (format, path)) in args.output_file.iter().enumerate() {
        if args.output_file[..i].iter().any(|(_, p)| p == path) {
            return Err(format!("`{}` is named by two `--output-file`s", path.display()));
        }
        outputs.push((*format, Some(path.clone())));
    }
    Ok(outputs)
}

fn name(format: Format) -> String {
    use clap::ValueEnum;
    format.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default()
}

fn render(format: Format, outcome: &Outcome, args: &CheckArgs, to_stdout: bool) -> String {
    let counts = outcome.counts();
    match format {
        Format::Json => {
            let read = outcome.aws.as_ref().map(cfnlint_lock::baseline::aws::Summary::to_json);
            report::json::render_with_baseline(&outcome.findings, &outcome.problems, counts, read)
        }
        Format::Sarif => sarif::render(&outcome.findings, &outcome.problems),
        Format::Github => github::render(&outcome.findings, &outcome.problems),
        Format::Junit => {
            let stacks: Vec<&str> = outcome.graph.stacks.iter().map(|s| s.source.name.as_str()).collect();
            junit::render(&outcome.findings, &outcome.problems, &stacks)
        }
        Format::Human => {
            let mut text = Vec::new();
            // Writing into memory cannot fail.
            let _ = write_human(&mut text, outcome, args, to_stdout);
            String::from_utf8(text).unwrap_or_default()
        }
    }
}

/// The human report: every report, the suppressed list if asked, the summary.
fn write_human(out: &mut dyn Write, outcome: &Outcome, args: &CheckArgs, to_stdout: bool) -> io::Result<()> {
    // Colour only where a person reads it.
    let color = to_stdout && wants_color(args.color, io::stdout().is_terminal());
    let style = human::Style { color, width: terminal_width() };
    if !args.quiet {
        human::write(out, &outcome.findings, &outcome.problems, style)?;
    }
    if args.show_suppressed {
        out.write_all(human::suppressed(&outcome.suppressed).as_bytes())?;
    }
    out.write_all(human::summary(&outcome.findings, &outcome.problems, outcome.counts()).as_bytes())
}

/// [`write_human`] to stdout; a closed pipe (`| head`) ends quietly, as for `emit`.
fn emit_human(outcome: &Outcome, args: &CheckArgs) -> Result<(), ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write_human(&mut out, outcome, args, true).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("cfnlint-lock: cannot write output: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Whether a finding reaches the `--fail-on` threshold (severities order error first).
fn fails(outcome: &Outcome, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
        FailOn::Never => return false,
    };
    outcome.findings.iter().any(|f| f.severity <= threshold)
}

/// On GitHub Actions, appends the job summary to the file `GITHUB_STEP_SUMMARY` names
/// (the one variable besides `NO_COLOR` and `COLUMNS` this tool reads). False when the
/// file cannot be written.
fn append_step_summary(outcome: &Outcome) -> bool {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return true };
    let text = github::step_summary(&outcome.findings, &outcome.problems, outcome.counts());
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    if let Err(e) = written {
        eprintln!("cfnlint-lock: cannot append the job summary to `{}`: {e}", Path::new(&path).display());
        return false;
    }
    true
}

fn wants_color(choice: Color, terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(100)
}
