//! cfnlint-lock: finds CloudFormation cross-stack deploy locks in AWS CDK apps before
//! anyone deploys.
//!
//! The pipeline is the folder tree: [`load`] reads cloud assemblies and templates,
//! [`graph`] joins stacks, exports and imports, [`rules`] report [`Finding`]s, and
//! [`report`] renders them. The library returns types; only `cli` prints.

pub mod aws_state;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod graph;
pub mod load;
pub mod packs;
pub mod report;
pub mod rules;
pub mod select;

use std::path::PathBuf;

pub use config::Config;
pub use diagnostic::{Finding, Severity, Site};
pub use engine::Suppressed;
pub use graph::Graph;
pub use load::Problem;
pub use report::Counts;

/// The outcome of checking some PATHs.
#[derive(Debug)]
pub struct Outcome {
    pub graph: Graph,
    /// The deployed state, when `--baseline` named one.
    pub baseline: Option<baseline::Snapshot>,
    pub findings: Vec<Finding>,
    /// Findings an `ignore` (config or template `Metadata`) took out of `findings`.
    pub suppressed: Vec<Suppressed>,
    /// Load errors, warnings and notes, in the order they were met.
    pub problems: Vec<Problem>,
    /// What `--baseline aws` read, when it was given.
    pub aws: Option<baseline::aws::Summary>,
    /// A scratch folder holding what `--baseline aws` read (no `--save-baseline`): the
    /// snippets are read from it, so remove it after rendering.
    pub scratch: Option<PathBuf>,
}

impl Outcome {
    #[must_use]
    pub fn counts(&self) -> Counts {
        Counts {
            stacks: self.graph.stacks.iter().filter(|s| s.source.nested_in.is_none()).count(),
            exports: self.graph.exports.len(),
            imports: self.graph.imports.len(),
            baseline: self.baseline.is_some(),
            suppressed: self.suppressed.len(),
        }
    }
}

/// Loads the PATHs into one graph and runs every rule that needs no baseline.
#[must_use]
pub fn check(paths: &[PathBuf], options: &load::Options) -> Outcome {
    check_against(paths, &[], options)
}

/// Loads the PATHs into one graph, the baseline PATHs (if any) into the deployed state,
/// and runs every rule.
#[must_use]
pub fn check_against(paths: &[PathBuf], baselines: &[PathBuf], options: &load::Options) -> Outcome {
    check_with(paths, &CheckOptions { baseline: baselines.to_vec(), load: options.clone(), ..CheckOptions::default() })
}

/// What a check takes besides the PATHs.
#[derive(Debug, Default)]
pub struct CheckOptions {
    /// The deployed state (`--baseline`), for LOCK002–LOCK004.
    pub baseline: Vec<PathBuf>,
    /// Rule pack folders or files (`--rules`).
    pub rule_packs: Vec<PathBuf>,
    pub load: load::Options,
    /// `.cfnlint-lock.yaml`: severities, rules turned off, ignores, external exports.
    pub config: Config,
    /// How `--baseline aws` reaches AWS.
    pub aws: baseline::aws::Options,
}

/// Loads the PATHs into one graph, the baseline (if any) into the deployed state and the
/// rule packs (if any), and runs every rule and pack check. A malformed pack is a load
/// error in [`Outcome::problems`] and none of its entries are used.
#[must_use]
pub fn check_with(paths: &[PathBuf], options: &CheckOptions) -> Outcome {
    let (packs, pack_problems) = packs::Packs::load(&options.rule_packs, options.load.max_file_bytes);
    let load_options = load::Options {
        whole_templates: options.load.whole_templates || packs.selects_in_whole_templates(),
        digests: options.load.digests || !options.baseline.is_empty(),
        ..options.load.clone()
    };
    let loaded = load::load(paths, &load_options);
    let mut problems = pack_problems;
    problems.extend(loaded.problems.iter().cloned());
    let graph = Graph::build(loaded);
    let (from_aws, paths): (Vec<_>, Vec<_>) = options.baseline.iter().cloned().partition(|p| aws_state::is_aws(p));
    let mut baseline = (!paths.is_empty()).then(|| {
        let deployed = baseline::load(&paths, &load_options);
        problems.extend(deployed.problems);
        deployed.snapshot
    });
    let aws = (!from_aws.is_empty()).then(|| aws_state::read(&graph, &options.aws, &load_options));
    let mut aws = aws.map(|mut read| {
        problems.append(&mut read.problems);
        // An empty deployed state to add to, as `baseline::load` starts from.
        let state = baseline.get_or_insert_with(|| baseline::load(&[], &load_options).snapshot);
        state.extend(std::mem::take(&mut read.snapshot));
        read
    });
    let mut run = engine::run(&graph, &options.config, baseline.as_ref(), &packs);
    if let Some(read) = &mut aws {
        run.findings.append(&mut read.findings);
    }
    problems.extend(run.problems);
    problems.extend(changed_while_checked(&graph, baseline.as_ref()));
    let (summary, scratch) = aws.map(|r| (r.summary, r.scratch)).unwrap_or_default();
    Outcome { graph, baseline, findings: run.findings, suppressed: run.suppressed, problems, aws: summary, scratch }
}

/// A warning for each template whose text was read again for a snippet and was no
/// longer the text that was checked (edited, or a new `cdk synth`, during the run).
fn changed_while_checked(graph: &Graph, baseline: Option<&baseline::Snapshot>) -> Vec<Problem> {
    let in_graph = graph.stacks.iter().map(|s| (&s.source.template.file, &s.source.template.source));
    let in_baseline = baseline.into_iter().flat_map(baseline::Snapshot::evidence).map(|e| (&e.file, &e.source));
    let mut warned = std::collections::HashSet::new();
    in_graph
        .chain(in_baseline)
        .filter(|(file, source)| source.changed() && warned.insert(*file))
        .map(|(file, _)| {
            Problem::warning(
                file,
                format!("`{}` changed while cfnlint-lock was checking it; its snippets are left blank", file.display()),
            )
            .with_help("run cfnlint-lock again once `cdk synth` (or the edit) has finished")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// The JSON report of checking `paths` with `threads` worker threads.
    fn report_with(threads: usize, paths: &[PathBuf]) -> String {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
        pool.install(|| {
            let outcome = crate::check(paths, &crate::load::Options::default());
            crate::report::json::render(&outcome.findings, &outcome.problems, outcome.counts())
        })
    }

    /// Loading and graph building run on every core; what comes out must not depend on
    /// how many there are or how the work was split.
    #[test]
    fn output_does_not_depend_on_the_number_of_threads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![
            root.join("rules/LOCK001-revision-bearing-import/fail/incident/cdk.out"),
            root.join("rules/LOCK001-revision-bearing-import/fail/nested-stack/cdk.out"),
            root.join("tests/broken"),
        ];
        // Stages, and enough templates (48, 2.4 MB) for the parallel path.
        for entry in ["cdk-pipelines-newpipeline", "app-lsit-apps"] {
            let corpus = root.join("../shared/corpus/real").join(entry);
            if corpus.is_dir() {
                paths.push(corpus);
            }
        }
        paths.retain(|p| p.exists());
        assert!(!paths.is_empty());
        let sequential = report_with(1, &paths);
        for threads in [2, 4, 7] {
            assert_eq!(report_with(threads, &paths), sequential, "{threads} threads");
        }
    }

    /// A template edited between the parse and the snippet (a `cdk synth` finishing while
    /// the check runs) gives a warning and blank snippets, never spans into the new text.
    #[test]
    fn a_template_changed_during_the_run_gives_a_warning_not_wrong_snippets() {
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/LOCK001-revision-bearing-import/fail/incident/cdk.out");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let loaded = crate::load::load(&[dir.path().to_path_buf()], &crate::load::Options::default());
        // Every template: the rules read the consumer's and the producer's.
        for file in loaded.stacks.iter().map(|s| &s.template.file) {
            let text = std::fs::read_to_string(file).unwrap();
            std::fs::write(file, text.replace('a', "b")).unwrap();
        }
        let graph = crate::Graph::build(loaded);
        let findings = crate::rules::run(&graph, None);
        assert!(!findings.is_empty());
        for site in findings.iter().flat_map(|f| f.consumer.iter().chain(&f.producer)) {
            assert!(
                site.source.text.bytes().all(|b| b == b'\n'),
                "{}: a snippet from a changed file",
                site.file.display()
            );
        }
        let warnings = super::changed_while_checked(&graph, None);
        assert!(!warnings.is_empty());
        for warning in &warnings {
            assert_eq!(warning.severity, crate::Severity::Warning);
            let shown = warning.file.display();
            assert_eq!(
                warning.message,
                format!("`{shown}` changed while cfnlint-lock was checking it; its snippets are left blank")
            );
            assert_eq!(
                warning.help.as_deref(),
                Some("run cfnlint-lock again once `cdk synth` (or the edit) has finished")
            );
        }
        // Rendering blank snippets works in every format.
        let counts = crate::report::Counts::default();
        let _ = crate::report::human::render(&findings, &warnings, crate::report::human::Style::plain());
        let _ = crate::report::json::render(&findings, &warnings, counts);
    }
}
