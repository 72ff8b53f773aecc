//! The deployed state (`--baseline PATH`), whatever form it comes in, reduced to a
//! [`Snapshot`] of exports and imports:
//!
//! 1. a previous cloud assembly (a `cdk.out` synthesized from the deployed commit);
//! 2. a folder of deployed templates as `aws cloudformation get-template` returns them
//!    (`TemplateBody` an object for JSON, a string for YAML) or bare template bodies, one
//!    file per stack named after it, environments from a `describe-stacks` response;
//! 3. a folder of `aws cloudformation list-exports` pages with `imports/<export>.json`
//!    from `list-imports` (resolved values only: no expressions to compare);
//! 4. an exports lockfile written by `cfnlint-lock lock`;
//! 5. a folder written by `--save-baseline` (forms 2 and 3 per environment, [`saved`]).

pub mod aws;
pub mod deployed;
pub mod lockfile;
pub mod saved;
pub mod snapshot;

use std::path::{Path, PathBuf};

use crate::graph::Graph;
use crate::load::files::Root;
use crate::load::{self, Problem};
pub use snapshot::Snapshot;

/// The deployed state named by one or more `--baseline` PATHs.
#[derive(Debug, Default)]
pub struct Baseline {
    pub snapshot: Snapshot,
    pub problems: Vec<Problem>,
}

/// Loads every baseline PATH into one deployed state.
#[must_use]
pub fn load(paths: &[PathBuf], options: &load::Options) -> Baseline {
    let mut baseline =
        Baseline { snapshot: Snapshot { has_expressions: true, ..Snapshot::default() }, problems: Vec::new() };
    for path in paths {
        match load_one(path, options) {
            Ok((snapshot, problems)) => {
                baseline.snapshot.extend(snapshot);
                baseline.problems.extend(problems);
            }
            Err(problem) => baseline.problems.push(problem),
        }
    }
    baseline
}

fn load_one(path: &Path, options: &load::Options) -> Result<(Snapshot, Vec<Problem>), Problem> {
    if saved::is_saved(path) {
        return saved::load(path, options);
    }
    if path.is_file() {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let root = Root::new(dir, options.max_file_bytes)?.with_shown(path.parent().unwrap_or(Path::new("")));
        let name = Path::new(path.file_name().unwrap_or_default());
        let source = root.read_text(name)?;
        let parsed = load::json::parse(&source).map_err(|e| Problem::syntax(path, "JSON", &source, e))?;
        if lockfile::looks_like_lockfile(&parsed) {
            return Ok((lockfile::parse(path, &source, &parsed)?, Vec::new()));
        }
    }
    let root = Root::new(path, options.max_file_bytes)?;
    if path.is_file() || root.is_file(Path::new("manifest.json")) {
        return Ok(from_loaded(load::load(&[path.to_path_buf()], options)));
    }
    deployed::load_folder(&root, options)
}

/// A loaded assembly or template set as a snapshot, with its load problems.
fn from_loaded(loaded: load::Loaded) -> (Snapshot, Vec<Problem>) {
    let problems = loaded.problems.clone();
    let graph = Graph::build(loaded);
    (Snapshot::from_graph(&graph), problems)
}
