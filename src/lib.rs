//! cfnlint-lock: finds CloudFormation cross-stack deploy locks in AWS CDK apps before
//! anyone deploys.
//!
//! The pipeline is the folder tree: [`load`] reads cloud assemblies and templates,
//! [`graph`] joins stacks, exports and imports, [`rules`] report [`Finding`]s, and
//! [`report`] renders them. The library returns types; only `cli` prints.

pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod graph;
pub mod load;
pub mod report;
pub mod rules;

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
    pub findings: Vec<Finding>,
    /// Findings an `ignore` (config or template `Metadata`) took out of `findings`.
    pub suppressed: Vec<Suppressed>,
    /// Load errors, warnings and notes, in the order they were met.
    pub problems: Vec<Problem>,
}

impl Outcome {
    #[must_use]
    pub fn counts(&self) -> Counts {
        Counts {
            stacks: self.graph.stacks.iter().filter(|s| s.source.nested_in.is_none()).count(),
            exports: self.graph.exports.len(),
            imports: self.graph.imports.len(),
            suppressed: self.suppressed.len(),
        }
    }
}

/// Loads the PATHs into one graph and runs every rule (templates' `cfnlint-lock`
/// metadata still suppresses).
#[must_use]
pub fn check(paths: &[PathBuf], options: &load::Options) -> Outcome {
    check_with(paths, options, &Config::default())
}

/// Loads the PATHs into one graph and runs the rules under `config`.
#[must_use]
pub fn check_with(paths: &[PathBuf], options: &load::Options, config: &Config) -> Outcome {
    let loaded = load::load(paths, options);
    let mut problems = loaded.problems.clone();
    let graph = Graph::build(loaded);
    let run = engine::run(&graph, config);
    problems.extend(run.problems);
    Outcome { graph, findings: run.findings, suppressed: run.suppressed, problems }
}
