//! Any bytes as a JSON template, through the parser, the graph, the rules and both
//! renderers: it returns, it never panics.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::template("t.json", data));
