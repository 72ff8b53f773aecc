//! Memory and time stay about linear in the input, whatever its shape. For each family
//! of hostile input (alias fan-out, many outputs, many stacks, nested fan-out, deep
//! nesting, pack queries) the binary runs on the input and on one ten times larger, and
//! the child's own peak RSS and CPU time (GNU time's, from `wait4`; no wall clock) must grow at
//! most about tenfold, under an absolute ceiling of 64 MB + a multiple of the input: 16×
//! for most families (a template's tree takes 10 to 13 bytes for each byte of dense JSON),
//! 64× for pack queries (values nested as `[[…]]` are a node of about 40 bytes for every 2
//! bytes of input, in the tree and again in the copy the query runs on).
//!
//! The binary measured is the one `cargo test` builds (debug): memory is what a release
//! build uses too, and CPU time is compared only between two runs of the same build.
//! Each family prints its figures (`--nocapture` shows them).

#[path = "support/bounds.rs"]
mod bounds;
#[path = "support/inputs.rs"]
mod inputs;

use std::path::Path;

use bounds::{Family, check};

const JSON: &[&str] = &["--format", "json", "."];

#[test]
fn alias_fan_out() {
    // One 32 KiB scalar aliased 32·n times: the aliases alone would hold 1 GB at n = 1,000.
    check(&Family {
        name: "alias fan-out",
        build: |dir, n| inputs::alias_fan_out(dir, 32 * 1024, 32 * n),
        args: JSON,
        small: 1_000,
        exits: &[2],
        per_input_byte: 16,
    });
}

#[test]
fn many_outputs() {
    check(&Family {
        name: "many outputs",
        build: inputs::many_outputs,
        args: JSON,
        small: 15_000,
        exits: &[0],
        per_input_byte: 16,
    });
}

#[test]
fn many_stacks() {
    check(&Family {
        name: "many stacks",
        build: inputs::many_stacks,
        args: JSON,
        small: 1_000,
        exits: &[1],
        per_input_byte: 16,
    });
}

#[test]
fn nested_fan_out() {
    // n nested stack resources on each of 20 levels, all naming the next level's template.
    check(&Family {
        name: "nested fan-out",
        build: |dir, n| inputs::nested_fan_out(dir, n, 20),
        args: JSON,
        small: 400,
        exits: &[0],
        per_input_byte: 16,
    });
}

#[test]
fn deep_nesting() {
    check(&Family {
        name: "deep nesting",
        build: inputs::deep_values,
        args: JSON,
        small: 400,
        exits: &[0],
        per_input_byte: 16,
    });
}

#[test]
fn pack_queries() {
    fn build(dir: &Path, n: usize) {
        inputs::pack_query(dir, n, "$..*..*..*");
    }
    check(&Family {
        name: "pack queries",
        build,
        args: &["--format", "json", "--rules", "pack", "app"],
        small: 200,
        exits: &[2],
        per_input_byte: 64,
    });
}
