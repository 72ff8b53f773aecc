//! Any bytes as a rule pack (`--rules`), run on an app with an export and its import: a
//! malformed pack is a located problem, a well-formed one runs its queries (bounded: a
//! runaway query is a problem, not minutes and gigabytes), and both renderers take the
//! outcome. It never panics.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = common::app_with("packs/fuzzed.yaml", data);
    let options = cfnlint_lock::CheckOptions {
        rule_packs: vec![dir.join("packs")],
        load: cfnlint_lock::load::Options { max_file_bytes: 1 << 20, ..Default::default() },
        ..Default::default()
    };
    common::check_with(&dir.join("app"), &options);
});
