//! The real-reports corpus (`rules/real-reports/`, see its README): one minimal case per
//! culprit of a public deploy-lock report and per classic one. Every export of a case has
//! a pinned verdict in its `case.yaml` (the LOCK001/LOCK011 finding and severity, or
//! `silent`), and a case's `fixed/` app, which applies the fix cfnlint-lock prints, is
//! silent and holds every code line of that fix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cfnlint_lock::load::node::Node;
use cfnlint_lock::{Finding, Severity, check, load};

#[path = "support/pruning.rs"]
mod pruning;

/// The rules whose knowledge the corpus pins.
const RULES: [&str; 2] = ["LOCK001", "LOCK011"];

struct Verdict {
    export: String,
    /// `LOCK001 error`, `LOCK011 warning`, … or `silent`.
    expect: String,
}

struct Case {
    dir: PathBuf,
    inputs: Vec<PathBuf>,
    verdicts: Vec<Verdict>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/real-reports")
}

fn field<'a>(node: &'a Node, key: &str, what: &str) -> &'a str {
    node.get(key).and_then(Node::as_str).unwrap_or_else(|| panic!("{what}: no `{key}`"))
}

fn case(dir: &Path) -> Case {
    let text = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
    let root =
        cfnlint_lock::load::yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {}", dir.display(), e.message)).root;
    let shown = dir.display().to_string();
    field(&root, "culprit", &shown);
    field(&root, "form", &shown);
    let paths: Vec<PathBuf> = root
        .get("paths")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .map(|p| dir.join(p.as_str().unwrap()))
        .collect();
    // A CDK app's `cdk.out/`, hand-written `templates/`, or `paths` to a rule fixture's.
    let own = ["cdk.out", "templates"].iter().map(|d| dir.join(d)).filter(|p| p.is_dir()).collect();
    let inputs = if paths.is_empty() { own } else { paths };
    assert!(!inputs.is_empty(), "{shown}: no cdk.out/, templates/ or `paths`");
    let items = root.get("verdicts").and_then(Node::as_seq).unwrap_or_else(|| panic!("{shown}: no `verdicts`"));
    let verdicts = items
        .iter()
        .map(|item| {
            let report = field(item, "report", &shown);
            assert!(!report.trim().is_empty(), "{shown}: empty `report`");
            Verdict {
                export: field(item, "export", &shown).to_owned(),
                expect: field(item, "expect", &shown).to_owned(),
            }
        })
        .collect();
    Case { dir: dir.to_path_buf(), inputs, verdicts }
}

fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(root()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs.iter().map(|dir| case(dir)).collect()
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The LOCK001/LOCK011 findings of checking `inputs`, by export: `LOCK001 error`, ….
fn verdicts_of(shown: &str, inputs: &[PathBuf]) -> (BTreeMap<String, BTreeSet<String>>, Vec<Finding>, Vec<String>) {
    let outcome = check(inputs, &load::Options::default());
    let errors: Vec<_> = outcome.problems.iter().filter(|p| p.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{shown}: does not load: {errors:?}");
    pruning::assert_pruning_changes_nothing(shown, inputs, &[]);
    let findings: Vec<Finding> = outcome.findings.into_iter().filter(|f| RULES.contains(&f.code)).collect();
    let mut by_export: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for finding in &findings {
        let export = finding.export.clone().unwrap_or_default();
        by_export.entry(export).or_default().insert(format!("{} {}", finding.code, severity(finding.severity)));
    }
    let exports = outcome.graph.exports.iter().map(|e| e.name.shown().to_owned()).collect();
    (by_export, findings, exports)
}

#[test]
fn every_export_of_every_case_has_its_pinned_verdict() {
    let cases = cases();
    assert_eq!(cases.len(), 16, "one case per culprit of issue 18 and per classic one");
    let mut wrong = Vec::new();
    let (mut reported, mut silent) = (0, 0);
    for case in &cases {
        let shown = case.dir.file_name().unwrap().to_string_lossy().into_owned();
        let (got, _, exports) = verdicts_of(&shown, &case.inputs);
        let pinned: BTreeSet<&str> = case.verdicts.iter().map(|v| v.export.as_str()).collect();
        for export in exports.iter().filter(|e| !pinned.contains(e.as_str())) {
            wrong.push(format!("{shown}: export `{export}` has no verdict in case.yaml"));
        }
        for export in got.keys().filter(|e| !pinned.contains(e.as_str())) {
            wrong.push(format!("{shown}: finding on `{export}`, which case.yaml does not list"));
        }
        for verdict in &case.verdicts {
            let found = got.get(&verdict.export).cloned().unwrap_or_default();
            let expected: BTreeSet<String> =
                if verdict.expect == "silent" { BTreeSet::new() } else { BTreeSet::from([verdict.expect.clone()]) };
            if expected.is_empty() {
                silent += 1;
            } else {
                reported += 1;
            }
            if found != expected {
                wrong.push(format!("{shown}: `{}`: expected {:?}, got {found:?}", verdict.export, verdict.expect));
            }
        }
    }
    assert!(wrong.is_empty(), "verdicts that changed:\n{}", wrong.join("\n"));
    assert_eq!((reported, silent), (20, 21), "reported and silent verdicts; update with the corpus README");
}

/// The code lines of a printed fix: its indented lines but comments, each up to a
/// `/* … */` placeholder the user fills in.
fn code_lines(help: &str) -> Vec<String> {
    help.lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.split("/*").next().unwrap_or_default().trim().to_owned())
        .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
        .collect()
}

#[test]
fn the_printed_fixes_synthesize_and_are_silent() {
    let mut checked = 0;
    for case in cases() {
        let fixed = case.dir.join("fixed");
        if !fixed.is_dir() {
            continue;
        }
        let shown = case.dir.file_name().unwrap().to_string_lossy().into_owned();
        let (_, findings, _) = verdicts_of(&shown, &case.inputs);
        let (after, _, _) = verdicts_of(&format!("{shown}/fixed"), &[fixed.join("cdk.out")]);
        assert!(after.is_empty(), "{shown}/fixed still has findings: {after:?}");
        let app = std::fs::read_to_string(fixed.join("app.js")).unwrap();
        let app_lines: Vec<&str> = app.lines().map(str::trim).collect();
        for finding in &findings {
            let lines = code_lines(&finding.help);
            assert!(!lines.is_empty(), "{shown}: the help has no code:\n{}", finding.help);
            for line in lines {
                assert!(
                    app_lines.iter().any(|l| l.starts_with(&line)),
                    "{shown}/fixed/app.js lacks this line of the printed fix:\n{line}\nfix:\n{}",
                    finding.help
                );
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 4, "the DynamoDB stream (table and global table), legacy asset and SSM parameter fixes");
}
