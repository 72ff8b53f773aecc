//! cfnlint-lock: finds CloudFormation cross-stack deploy locks in AWS CDK apps before
//! anyone deploys.
//!
//! The pipeline is the folder tree: [`load`] reads cloud assemblies and templates,
//! [`graph`] joins stacks, exports and imports, [`rules`] report [`Finding`]s, and
//! [`report`] renders them. The library returns types; only `cli` prints.

pub mod diagnostic;
pub mod graph;
pub mod load;
pub mod report;
pub mod rules;

use std::path::PathBuf;

pub use diagnostic::{Finding, Severity, Site};
pub use graph::Graph;
pub use load::Problem;
pub use report::Counts;

/// The outcome of checking some PATHs.
#[derive(Debug)]
pub struct Outcome {
    pub graph: Graph,
    pub findings: Vec<Finding>,
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
            suppressed: 0,
        }
    }
}

/// Loads the PATHs into one graph and runs every rule.
#[must_use]
pub fn check(paths: &[PathBuf], options: &load::Options) -> Outcome {
    let loaded = load::load(paths, options);
    let problems = loaded.problems.clone();
    let graph = Graph::build(loaded);
    let findings = rules::run(&graph);
    Outcome { graph, findings, problems }
}
