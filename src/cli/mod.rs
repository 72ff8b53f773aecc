//! The command line: the only code that prints or chooses exit codes.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod aws;
mod check;
mod lock;
mod rules;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use args::Args;
use args::Command;

/// Runs the subcommand (`check` when none is given) and returns its exit status:
/// 0 clean, 1 findings at error severity, 2 the check could not run.
pub fn run(args: &Args) -> ExitCode {
    match &args.command {
        None => check::run(&args.check),
        Some(Command::Check(check)) => check::run(check),
        Some(Command::Rules) => rules::list(),
        Some(Command::Explain { rule }) => rules::explain(rule),
        Some(Command::Lock(lock)) => lock::run(lock),
        Some(Command::Graph(graph)) => lock::graph(graph),
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly instead of failing.
fn emit(text: &str) -> Result<(), ExitCode> {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("cfnlint-lock: cannot write output: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Writes `text` to `path` (making its folder) as a new file renamed over whatever is
/// there. Reads refuse links, and so do writes: a link at `path` or in its relative
/// folders (a committed `cfnlint-lock.json -> ~/.bashrc`) is refused, and one made in
/// between is replaced by the rename, never written through.
fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let cannot = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", path.display());
    if let Some(link) = linked_part(path) {
        return Err(cannot(&format!("`{}` is a link, and cfnlint-lock writes through no link", link.display())));
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| cannot(&e))?;
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(|e| cannot(&e))?;
    file.write_all(text.as_bytes()).map_err(|e| cannot(&e))?;
    // The temporary file is private (0600); the file it becomes keeps the mode of the
    // one it replaces, else gets the usual 0644.
    let mode = std::fs::metadata(path).map_or_else(|_| file_mode(), |m| m.permissions());
    file.as_file().set_permissions(mode).map_err(|e| cannot(&e))?;
    file.persist(path).map_err(|e| cannot(&e.error))?;
    Ok(())
}

fn file_mode() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

/// The first part of `path` that is a link: the file itself, or a folder written in a
/// relative path (an absolute path's folders are the user's own choice).
fn linked_part(path: &Path) -> Option<PathBuf> {
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let mut parts = path.ancestors().filter(|p| !p.as_os_str().is_empty());
    parts.find(|p| (*p == path || p.is_relative()) && is_link(p)).map(Path::to_path_buf)
}
