//! Shared by the fixture and corpus tests: templates pruned to what the rules read (the
//! default) must give exactly the report that whole templates give.

use std::path::PathBuf;

use cfnlint_lock::baseline::{Snapshot, lockfile};
use cfnlint_lock::report::{self, human};
use cfnlint_lock::{CheckOptions, check_with, load};

/// Everything a user can see of checking `inputs` against `baseline`: the human and JSON
/// reports with every finding and problem, and the lockfile of the new synth.
fn seen(inputs: &[PathBuf], baseline: &[PathBuf], whole_templates: bool) -> String {
    let load = load::Options { whole_templates, digests: true, ..load::Options::default() };
    let options = CheckOptions { baseline: baseline.to_vec(), load, ..CheckOptions::default() };
    let outcome = check_with(inputs, &options);
    let (findings, problems) = (&outcome.findings, &outcome.problems);
    human::render(findings, problems, human::Style::plain())
        + &report::json::render(findings, problems, outcome.counts())
        + &lockfile::render(&Snapshot::from_graph(&outcome.graph))
}

/// Panics with both reports when pruning changed what is seen.
pub fn assert_pruning_changes_nothing(shown: &str, inputs: &[PathBuf], baseline: &[PathBuf]) {
    let whole = seen(inputs, baseline, true);
    let pruned = seen(inputs, baseline, false);
    assert!(whole == pruned, "{shown}: pruned templates report differently\n--- whole\n{whole}\n--- pruned\n{pruned}");
}
