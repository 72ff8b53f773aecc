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

use std::path::Path;
use std::process::{Command, Stdio};

#[path = "support/inputs.rs"]
mod inputs;

/// What one run cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    /// Peak resident memory, bytes.
    rss: u64,
    /// User and system CPU time, seconds.
    cpu: f64,
    exit: i32,
}

/// Runs `cfnlint-lock ARGS` in `dir` under GNU time, which reads the child's own
/// figures with `wait4` (the crate forbids `unsafe`, so it cannot call `wait4` itself).
fn measure(dir: &Path, args: &[&str]) -> Cost {
    let report = dir.join("time.txt");
    let status = Command::new(TIME)
        .arg("-o")
        .arg(&report)
        .args(["-f", "%M %U %S", env!("CARGO_BIN_EXE_cfnlint-lock")])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{TIME} (Debian package `time`; .ci/run installs it) does not run: {e}"));
    let text = std::fs::read_to_string(&report).expect("GNU time's report");
    let _ = std::fs::remove_file(&report);
    // A child killed by a signal gets a "Command terminated" line first.
    let figures: Vec<f64> =
        text.lines().last().unwrap_or_default().split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let [kib, user, system] = figures[..] else { panic!("GNU time reported {text:?}") };
    Cost { rss: kib as u64 * 1024, cpu: user + system, exit: status.code().unwrap_or(-1) }
}

const TIME: &str = "/usr/bin/time";

/// A family: builds its input of scale `n` in a folder, and the arguments to check it.
struct Family {
    name: &'static str,
    build: fn(&Path, usize),
    args: &'static [&'static str],
    /// The scale of the small input; the large one is ten times that.
    small: usize,
    /// The exit codes a run may end with (findings are 1; a refused input is 2).
    exits: &'static [i32],
    /// Peak RSS may be 64 MB and this many times the input.
    per_input_byte: u64,
}

const MB: f64 = 1024.0 * 1024.0;

/// Runs a family at its two scales and checks the bounds; returns the figures line.
fn check(family: &Family) -> String {
    let mut runs = Vec::new();
    for scale in [family.small, family.small * 10] {
        let dir = tempfile::tempdir().unwrap();
        (family.build)(dir.path(), scale);
        let input = inputs::size(dir.path());
        let cost = measure(dir.path(), family.args);
        assert!(family.exits.contains(&cost.exit), "{}: exit {} at scale {scale}", family.name, cost.exit);
        runs.push((input, cost));
    }
    let [(small_input, small), (large_input, large)] = runs[..] else { unreachable!() };
    let line = format!(
        "{:<16} input {:>6.2} -> {:>6.2} MB ({:>4.1}x) | peak RSS {:>6.1} -> {:>6.1} MB ({:>4.1}x) | CPU {:>6.3} -> {:>6.3} s ({:>4.1}x)",
        family.name,
        small_input as f64 / MB,
        large_input as f64 / MB,
        large_input as f64 / small_input as f64,
        small.rss as f64 / MB,
        large.rss as f64 / MB,
        large.rss as f64 / small.rss as f64,
        small.cpu,
        large.cpu,
        large.cpu / small.cpu.max(0.001),
    );
    // The figures are the point of the suite: `--nocapture` shows them.
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{line}");
    }
    let ceiling = 64 * 1024 * 1024 + family.per_input_byte * large_input;
    assert!(
        large.rss <= ceiling,
        "{line}\n{}: peak RSS above 64 MB + {}x the input ({ceiling} bytes)",
        family.name,
        family.per_input_byte
    );
    // Tenfold input: about tenfold at most, with room for noise and allocator steps
    // (a quadratic cost grows a hundredfold).
    let input_growth = large_input as f64 / small_input as f64;
    assert!(
        large.rss as f64 <= small.rss as f64 * input_growth * 1.5,
        "{line}\n{}: memory grows faster than the input",
        family.name
    );
    // CPU under 50 ms is mostly start-up; compare from there.
    assert!(
        large.cpu <= small.cpu.max(0.05) * input_growth * 2.5,
        "{line}\n{}: time grows faster than the input",
        family.name
    );
    line
}

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
