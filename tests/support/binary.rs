//! Shared by the CLI and config tests: the binary run as a user runs it.

use std::path::Path;
use std::process::Command;

/// Runs `cfnlint-lock ARGS` in `dir` (80 columns, colour left to the flags); returns the
/// exit code and `exit: N` with stdout and stderr.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .output()
        .expect("the binary runs");
    let code = output.status.code().expect("exited normally");
    let text = format!(
        "exit: {code}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (code, text)
}

/// [`run_in`] from the crate root, as a user in the repository types the paths.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> (i32, String) {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}
