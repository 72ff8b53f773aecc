//! Any bytes as a YAML template (short-form tags, anchors and aliases, flow and block
//! nesting), through the parser, the graph, the rules and both renderers: it returns,
//! it never panics and never runs out of memory.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::template("t.yaml", data));
