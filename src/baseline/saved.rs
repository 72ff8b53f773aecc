//! The deployed state as `--baseline aws` read it, saved by `--save-baseline DIR` so a run
//! can be repeated (and attached to a pull request) without credentials:
//!
//! ```text
//! DIR/cfnlint-lock-aws.json                     what was read, and when
//! DIR/<account>-<region>/exports/list-exports-N.json   `list-exports` pages
//! DIR/<account>-<region>/exports/imports/<export>.json `list-imports` responses
//! DIR/<account>-<region>/templates/<stack>.json        `get-template` responses
//! DIR/<account>-<region>/templates/describe-stacks.json
//! ```
//!
//! Each environment's two folders are the existing offline forms (a CLI dump and a folder
//! of deployed templates); read together, an export of a stack whose template was read
//! keeps the template's expression and digests instead of the resolved value.

use std::path::{Path, PathBuf};

use super::deployed;
use super::snapshot::Snapshot;
use crate::load::files::Root;
use crate::load::{self, Problem};

/// The file that marks a saved `--baseline aws` read.
pub const MARKER: &str = "cfnlint-lock-aws.json";

/// Whether `path` is a folder written by `--save-baseline`.
#[must_use]
pub fn is_saved(path: &Path) -> bool {
    path.join(MARKER).is_file()
}

/// The folders of one environment inside a saved read.
#[must_use]
pub fn env_folder(dir: &Path, account: &str, region: &str) -> PathBuf {
    dir.join(format!("{account}-{region}"))
}

/// Reads a saved `--baseline aws` folder into one deployed state.
pub fn load(dir: &Path, options: &load::Options) -> Result<(Snapshot, Vec<Problem>), Problem> {
    let root = Root::new(dir, options.max_file_bytes)?;
    let mut envs: Vec<PathBuf> = std::fs::read_dir(&root.shown)
        .map_err(|e| Problem::error(dir, format!("cannot read `{}`: {e}", dir.display())))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    envs.sort();
    let mut snapshot = Snapshot { has_expressions: true, ..Snapshot::default() };
    let mut problems = Vec::new();
    for env in envs {
        let (env_snapshot, env_problems) = load_env(&env, options)?;
        snapshot.extend(env_snapshot);
        problems.extend(env_problems);
    }
    Ok((snapshot, problems))
}

/// One environment: the exports dump, with the exports of stacks whose templates were
/// read taken from the templates.
fn load_env(env: &Path, options: &load::Options) -> Result<(Snapshot, Vec<Problem>), Problem> {
    let mut problems = Vec::new();
    let mut read = |folder: &str| -> Result<Option<Snapshot>, Problem> {
        let path = env.join(folder);
        if !holds_files(&path) {
            return Ok(None);
        }
        let (snapshot, found) = deployed::load_folder(&Root::new(&path, options.max_file_bytes)?, options)?;
        problems.extend(found);
        Ok(Some(snapshot))
    };
    let dump = read("exports")?.unwrap_or_default();
    let templates = read("templates")?;
    let Some(templates) = templates else { return Ok((dump, problems)) };
    let from_templates = |e: &super::snapshot::ExportFact| {
        templates.exports.iter().any(|t| t.name == e.name && t.stack == e.stack && t.env == e.env)
    };
    let mut merged = Snapshot {
        exports: dump.exports.iter().filter(|e| !from_templates(e)).cloned().collect(),
        imports: dump.imports,
        has_expressions: dump.has_expressions,
        ..Snapshot::default()
    };
    merged.exports.extend(templates.exports);
    merged.imports.extend(templates.imports);
    merged.sort();
    Ok((merged, problems))
}

fn holds_files(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_some())
}
