//! Any bytes as an exports lockfile given as `--baseline`, compared with an app holding
//! an export and its import: a file that is no valid lockfile (a bad digest, a missing
//! field, not JSON) is a located problem, a valid one drives LOCK002-LOCK004, and both
//! renderers take the outcome; `lock --check`'s reading of it never panics either.
#![no_main]

mod common;

use std::sync::Arc;

use cfnlint_lock::baseline::lockfile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = common::app_with("cfnlint-lock.json", data);
    let file = dir.join("cfnlint-lock.json");
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lockfile::parse_text(&file, Arc::from(text));
    }
    let options = cfnlint_lock::CheckOptions {
        baseline: vec![file],
        load: cfnlint_lock::load::Options { max_file_bytes: 1 << 20, ..Default::default() },
        ..Default::default()
    };
    common::check_with(&dir.join("app"), &options);
});
