//! Any bytes as a `.cfnlint-lock.yaml` in a repository: it parses or every mistake is a
//! located problem that renders; it never panics; and every path a config that parses
//! names stays inside the repository (no `..`, absolute path or link gets out).
#![no_main]

mod common;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use cfnlint_lock::report::human;
use libfuzzer_sys::fuzz_target;

/// `path` with `.` and `..` applied as written.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let repo = common::folder(|dir| common::write(dir, "repo/.git/HEAD", b"ref: refs/heads/main\n"));
    let file = repo.join("repo/app/.cfnlint-lock.yaml");
    match cfnlint_lock::config::parse(&file, Arc::from(text)) {
        Ok(config) => {
            let inside = lexical(&repo.join("repo"));
            for path in config.paths.iter().chain(&config.baseline).chain(&config.rule_packs) {
                assert!(lexical(path).starts_with(&inside), "{} leaves the repository", path.display());
            }
        }
        Err(problems) => common::assert_renders(&human::render(&[], &problems, human::Style::plain())),
    }
});
