//! `--baseline aws` between the layers: the new graph says which environments to read and
//! what to ask ([`baseline::aws`]), the read comes back as a deployed state like any other
//! baseline, and the questions it could not answer become "cannot tell" findings of the
//! rules that needed them.

use std::path::{Path, PathBuf};

use crate::baseline::aws::{self, Summary, Unknown};
use crate::baseline::{Snapshot, saved};
use crate::load::manifest::Env;
use crate::rules::catalog::Catalog;
use crate::{Finding, Graph, Problem, Severity, load};

/// `--baseline aws` (a folder named `aws` is given as `./aws`).
#[must_use]
pub fn is_aws(path: &Path) -> bool {
    path.as_os_str() == "aws"
}

/// What a live read gives a check.
#[derive(Debug, Default)]
pub struct State {
    pub snapshot: Snapshot,
    pub problems: Vec<Problem>,
    pub findings: Vec<Finding>,
    /// What was read, when the read got through.
    pub summary: Option<Summary>,
    pub scratch: Option<PathBuf>,
}

/// Reads the deployed state of every environment the graph's stacks target.
#[must_use]
pub fn read(graph: &Graph, options: &aws::Options, load_options: &load::Options) -> State {
    let current = Snapshot::from_graph(graph);
    let read = aws::read(&environments(graph), &current, options, &|source| {
        Catalog::builtin().lookup(&source.kind, &source.attribute).is_some()
    });
    let mut state = State {
        problems: read.problems,
        findings: read.unknown.iter().map(cannot_tell).collect(),
        summary: read.dir.is_some().then_some(read.summary),
        scratch: read.dir.clone().filter(|_| read.scratch),
        ..State::default()
    };
    if let Some(dir) = &read.dir {
        match saved::load(dir, load_options) {
            Ok((mut snapshot, problems)) => {
                if read.scratch {
                    shown_as_aws(&mut snapshot, dir);
                }
                state.snapshot = snapshot;
                state.problems.extend(problems);
            }
            Err(problem) => state.problems.push(problem),
        }
    }
    state
}

/// A scratch folder is gone after the run: its files are shown under `aws/` (the texts
/// are still read from where they are).
fn shown_as_aws(snapshot: &mut Snapshot, scratch: &Path) {
    let evidence = snapshot.exports.iter_mut().filter_map(|e| e.evidence.as_mut());
    for evidence in evidence.chain(snapshot.imports.iter_mut().filter_map(|i| i.evidence.as_mut())) {
        if let Ok(rel) = evidence.file.strip_prefix(scratch) {
            evidence.file = Path::new("aws").join(rel);
        }
    }
}

/// Each environment once; an app with no stacks reads the credential chain's region.
fn environments(graph: &Graph) -> Vec<Env> {
    let mut envs: Vec<Env> = graph.stacks.iter().map(|s| s.source.env.clone()).collect();
    envs.sort();
    envs.dedup();
    if envs.is_empty() {
        envs.push(Env::default());
    }
    envs
}

fn cannot_tell(unknown: &Unknown) -> Finding {
    let (code, rule) = unknown.question.rule();
    let env = &unknown.env;
    let what = match (&unknown.export, &unknown.stack) {
        (Some(export), Some(stack)) => format!("whether a deployed stack imports export `{export}` of `{stack}`"),
        _ => format!("whether this deploy drops or changes an export that a deployed stack in `{env}` imports"),
    };
    Finding {
        code,
        rule,
        severity: Severity::Note,
        message: format!("cannot tell {what}: `{}` was denied in `{env}`", unknown.action),
        help: format!(
            "allow `{}` to the credentials used for `{env}` (see the README's IAM policy), or check against a saved \
             baseline",
            unknown.action
        ),
        export: unknown.export.clone(),
        env: Some(env.to_string()),
        consumer: None,
        producer: None,
        // The question is about deployed imports; no one reference is at hand.
        reference: None,
    }
}
