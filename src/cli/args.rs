//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  cfnlint-lock                          check ./cdk.out (run `cdk synth` first)
  cfnlint-lock cdk.out/                 check a cloud assembly, Stages and nested stacks included
  cfnlint-lock apps/a/cdk.out apps/b/cdk.out templates/
                                        check several apps and hand-written templates as one graph
  cfnlint-lock --format json cdk.out    machine-readable findings (see the README for the format)
  cfnlint-lock --baseline deployed/cdk.out cdk.out
                                        also compare with what is deployed (LOCK002-LOCK004)
  cfnlint-lock --baseline aws cdk.out  compare with the deployed state read from CloudFormation
  cfnlint-lock --rules team-rules/ cdk.out
                                        also apply a folder of rule packs (USERnnn checks)
  cfnlint-lock lock cdk.out -o cfnlint-lock.json
                                        record exports and imports after a deploy, for --baseline
  cfnlint-lock --format github --output-file sarif=cfnlint-lock.sarif
                                        annotations on stdout, SARIF for code scanning in a file
  cfnlint-lock rules                    list the rules
  cfnlint-lock explain LOCK001          a rule's documentation

A folder whose name is also a subcommand (`rules`, `check`, …) is given as `./rules`.
Exit status: 0 nothing at the `--fail-on` severity (error) or above, 1 findings at it,
2 the check could not run.";

/// Finds CloudFormation cross-stack deploy locks in AWS CDK apps before anyone deploys.
#[derive(Debug, Parser)]
#[command(name = "cfnlint-lock", version, about, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// What `check` takes; given without a subcommand, they check.
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check PATHs (what runs when no subcommand is given).
    Check(CheckArgs),
    /// List every rule: code, name, default severity and what it finds.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule's code (`LOCK001`) or name (`revision-bearing-import`).
        rule: String,
    },
    /// Write the exports lockfile: every export and import of PATHs, sorted, for use as
    /// `--baseline` after a deploy.
    Lock(LockArgs),
    /// Draw stacks and their export → import edges, flagged edges marked with rule codes.
    Graph(GraphArgs),
}

#[derive(Debug, Clone, ClapArgs)]
pub struct GraphArgs {
    /// What to draw (as for `check`). [default: cdk.out]
    pub paths: Vec<PathBuf>,

    /// Mermaid (renders inline on GitHub) or Graphviz DOT.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,

    /// The deployed state, so LOCK002–LOCK004 can flag edges too.
    #[arg(long, value_name = "PATH")]
    pub baseline: Vec<PathBuf>,

    /// Rule packs, so the values they add to LOCK001 flag edges too (as for `check`).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct LockArgs {
    /// What to record (as for `check`). [default: cdk.out]
    pub paths: Vec<PathBuf>,

    /// The lockfile to write (or compare with `--check`).
    #[arg(short, long, value_name = "FILE", default_value = "cfnlint-lock.json")]
    pub output: PathBuf,

    /// Do not write: exit 1 when the lockfile is out of date.
    #[arg(long)]
    pub check: bool,

    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = cfnlint_lock::load::files::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,

    /// Record the deployed state instead of PATHs: `aws` reads every export, import and
    /// producer template of the environments PATHs target (or the credential chain's
    /// region when no PATH is given).
    #[arg(long, value_name = "SOURCE", value_parser = ["aws"])]
    pub from: Option<String>,

    #[command(flatten)]
    pub aws: super::aws::AwsArgs,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct CheckArgs {
    /// Cloud assembly folders (with manifest.json), template files (.json, .yaml, .yml,
    /// .template) or folders of templates; all are checked together as one graph.
    /// [default: cdk.out]
    pub paths: Vec<PathBuf>,

    /// The deployed state to compare with (LOCK002–LOCK004): a previous cloud assembly, a
    /// folder of `get-template` outputs, a folder of `list-exports`/`list-imports` dumps,
    /// or a lockfile; `aws` reads it from CloudFormation with the AWS CLI's credentials.
    /// Repeatable; added to the config's `baseline`.
    #[arg(long, value_name = "PATH")]
    pub baseline: Vec<PathBuf>,

    #[command(flatten)]
    pub aws: super::aws::AwsArgs,

    /// A folder of rule packs (`*.yaml`, `*.yml`) or one pack file: extra revision-bearing
    /// values for LOCK001 and `USERnnn` checks on exports and imports (see the README).
    /// Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Output format; repeat it to write several. Each goes to stdout unless
    /// `--output-file` names a file for it; json, sarif and junit must be alone on stdout.
    /// [default: human]
    #[arg(long, value_enum)]
    pub format: Vec<Format>,

    /// Write FORMAT to PATH instead of stdout (`sarif=results.sarif`); repeatable. The
    /// format is written even when `--format` does not name it.
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_output_file)]
    pub output_file: Vec<(Format, PathBuf)>,

    /// The lowest severity that makes the exit status 1 (`never`: only load errors fail).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Print only the summary line (human output).
    #[arg(short, long)]
    pub quiet: bool,

    /// Read this config file instead of looking for `.cfnlint-lock.yaml` from the current
    /// folder up to the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// List the findings that an `ignore` (config or template `Metadata`) suppressed
    /// (human output).
    #[arg(long)]
    pub show_suppressed: bool,

    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = cfnlint_lock::load::files::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette reports and a summary line
    Human,
    /// the stable JSON document described in the README
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations) and a job summary
    Github,
    /// JUnit XML: a testsuite per stack, a testcase per rule
    Junit,
}

impl Format {
    /// Formats that are one document, which nothing else may share stdout with.
    pub fn is_document(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Junit)
    }
}

fn parse_output_file(value: &str) -> Result<(Format, PathBuf), String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err(format!("expected FORMAT=PATH, such as `sarif=results.sarif`, not `{value}`"));
    };
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<_> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the PATH after `=` is empty".to_owned());
    }
    Ok((format, PathBuf::from(path)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Args, Command};

    #[test]
    fn verify_cli() {
        Args::command().debug_assert();
    }

    #[test]
    fn paths_check_and_subcommands_win_on_their_names() {
        let args = Args::parse_from(["cfnlint-lock", "cdk.out", "-q"]);
        assert!(args.command.is_none() && args.check.quiet);
        let args = Args::parse_from(["cfnlint-lock", "explain", "LOCK001"]);
        assert!(matches!(args.command, Some(Command::Explain { .. })));
        let args = Args::parse_from(["cfnlint-lock", "./rules"]);
        assert!(args.command.is_none());
        let args = Args::parse_from(["cfnlint-lock", "--rules", "packs", "--rules", "more.yaml", "cdk.out"]);
        assert_eq!(args.check.rules.len(), 2);
    }

    #[test]
    fn formats_repeat_and_output_files_name_theirs() {
        let args = Args::parse_from([
            "cfnlint-lock",
            "--format",
            "human",
            "--format",
            "github",
            "--output-file",
            "sarif=out/a=b.sarif",
        ]);
        assert_eq!(args.check.format, [super::Format::Human, super::Format::Github]);
        assert_eq!(args.check.output_file, [(super::Format::Sarif, "out/a=b.sarif".into())]);
        assert!(Args::try_parse_from(["cfnlint-lock", "--output-file", "xml=a"]).is_err());
        assert!(Args::try_parse_from(["cfnlint-lock", "--output-file", "sarif"]).is_err());
        assert!(Args::try_parse_from(["cfnlint-lock", "--output-file", "sarif="]).is_err());
    }
}
