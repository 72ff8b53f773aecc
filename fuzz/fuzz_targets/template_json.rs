//! Any bytes as a JSON template: parsed, and when it parses, `check`ed (graph, rules) beside
//! a producer and a consumer, then both renderers: it returns, it never panics.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::template("fuzzed.template.json", data));
