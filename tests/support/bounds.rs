//! Resource bounds measured on the child process: the binary runs on an input and on one
//! ten times larger, and its own peak RSS and CPU time (GNU time's, from `wait4`; no wall
//! clock) must grow at most about tenfold, under an absolute ceiling of 64 MB + a multiple of the
//! input that each family states. The crate forbids `unsafe`, so it cannot call `wait4` itself; `.ci/run`
//! installs GNU time.
#![allow(dead_code, clippy::print_stderr)]

use std::path::Path;
use std::process::{Command, Stdio};

/// What one run cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// Peak resident memory, bytes.
    pub rss: u64,
    /// User and system CPU time, seconds.
    pub cpu: f64,
    pub exit: i32,
}

const TIME: &str = "/usr/bin/time";
const MB: f64 = 1024.0 * 1024.0;

/// Runs `cfnlint-lock ARGS` in `dir` under GNU time, output thrown away.
pub fn measure(dir: &Path, args: &[&str]) -> Cost {
    let report = dir.join("time.txt");
    let status = Command::new(TIME)
        .arg("-o")
        .arg(&report)
        .args(["-f", "%M %U %S", env!("CARGO_BIN_EXE_cfnlint-lock")])
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
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

/// The bytes of every file under `dir`.
pub fn size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| if e.file_type().unwrap().is_dir() { size(&e.path()) } else { e.metadata().unwrap().len() })
        .sum()
}

/// A family of inputs: builds its input of scale `n` in a folder, and the arguments to
/// check it.
pub struct Family {
    pub name: &'static str,
    pub build: fn(&Path, usize),
    pub args: &'static [&'static str],
    /// The scale of the small input; the large one is ten times that.
    pub small: usize,
    /// The exit codes a run may end with (findings are 1; a refused input is 2).
    pub exits: &'static [i32],
    /// Peak RSS may be 64 MB and this many times the input.
    pub per_input_byte: u64,
}

/// Runs a family at its two scales and checks the bounds; returns the figures line.
pub fn check(family: &Family) -> String {
    let mut runs = Vec::new();
    for scale in [family.small, family.small * 10] {
        let dir = tempfile::tempdir().unwrap();
        (family.build)(dir.path(), scale);
        let input = size(dir.path());
        let cost = measure(dir.path(), family.args);
        assert!(family.exits.contains(&cost.exit), "{}: exit {} at scale {scale}", family.name, cost.exit);
        runs.push((input, cost));
    }
    let [(small_input, small), (large_input, large)] = runs[..] else { unreachable!() };
    let line = format!(
        "{:<22} input {:>6.2} -> {:>6.2} MB ({:>4.1}x) | peak RSS {:>6.1} -> {:>6.1} MB ({:>4.1}x) | CPU {:>6.3} -> {:>6.3} s ({:>4.1}x)",
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
    eprintln!("{line}");
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
