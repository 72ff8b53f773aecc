//! Any bytes as a YAML template (short-form tags, anchors and aliases, flow and block
//! nesting), through the parser, then `check` beside a producer and a consumer, then both
//! renderers: it returns, it never panics and never runs out of memory.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::template("fuzzed.yaml", data));
