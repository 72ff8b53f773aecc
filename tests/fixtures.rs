//! Rule fixtures: every `rules/<CODE>-<name>/{pass,fail}/<case>/` is checked with the
//! rule under test. `pass` cases must report nothing from it; `fail` cases must report
//! only it, and what the user sees is pinned as a snapshot under `snapshots/`.
//!
//! A case is a real CDK app with its synthesized `cdk.out/`, or hand-written
//! `templates/`. A `case.yaml` may name the `paths` to check instead (other cases'
//! assemblies, so each synthesized app exists once) and the `baseline` (the deployed
//! state, for LOCK002–LOCK004), both relative to the case folder.

use std::path::{Path, PathBuf};

use cfnlint_lock::report::{self, human};
use cfnlint_lock::{check_against, load};

#[path = "support/pruning.rs"]
mod pruning;

struct Case {
    rule: String,
    expect_findings: bool,
    name: String,
    inputs: Vec<PathBuf>,
    baseline: Vec<PathBuf>,
}

/// `paths` and `baseline` of a `case.yaml`, relative to the crate root.
fn case_file(case: &Path, root: &Path) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
    let text = std::fs::read_to_string(case.join("case.yaml")).ok()?;
    let parsed = cfnlint_lock::load::yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {}", case.display(), e.message));
    let list = |key: &str| -> Vec<PathBuf> {
        let items = parsed.root.get(key).and_then(|n| n.as_seq().map(<[_]>::to_vec)).unwrap_or_default();
        items.iter().map(|n| relative(&normalize(&case.join(n.as_str().unwrap())), root)).collect()
    };
    Some((list("paths"), list("baseline")))
}

/// Folds `a/b/../c` to `a/c` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases = Vec::new();
    let mut rules: Vec<_> = std::fs::read_dir(root.join("rules")).unwrap().map(|e| e.unwrap().path()).collect();
    rules.sort();
    // `rules/packs/` holds rule-pack examples (tests/packs.rs), not rule fixtures.
    let is_rule = |p: &&PathBuf| p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("LOCK"));
    for rule_dir in rules.iter().filter(is_rule) {
        let rule = rule_dir.file_name().unwrap().to_str().unwrap().to_owned();
        for expect in ["pass", "fail"] {
            let mut dirs: Vec<_> =
                std::fs::read_dir(rule_dir.join(expect)).unwrap().map(|e| e.unwrap().path()).collect();
            dirs.sort();
            for case in dirs {
                // Relative to the crate root, as a user in the repository would type them.
                let own = ["cdk.out", "templates"].iter().map(|d| case.join(d)).find(|p| p.is_dir());
                let own: Vec<PathBuf> = own.iter().map(|p| relative(p, root)).collect();
                let (paths, baseline) = case_file(&case, root).unwrap_or_default();
                let inputs = if paths.is_empty() { own } else { paths };
                assert!(!inputs.is_empty(), "{}: no cdk.out/, templates/ or case.yaml `paths`", case.display());
                let name = case.file_name().unwrap().to_str().unwrap().to_owned();
                cases.push(Case { rule: rule.clone(), expect_findings: expect == "fail", name, inputs, baseline });
            }
        }
    }
    cases
}

#[test]
fn rule_fixtures() {
    let cases = cases();
    assert!(cases.len() >= 10, "expected the LOCK001 fixtures, found {}", cases.len());
    for case in cases {
        let code = &case.rule[..7];
        let outcome = check_against(&case.inputs, &case.baseline, &load::Options::default());
        let shown = format!("{}/{}", case.rule, case.name);
        let errors: Vec<_> = outcome.problems.iter().filter(|p| p.severity == cfnlint_lock::Severity::Error).collect();
        assert!(errors.is_empty(), "{shown}: fixture does not load: {errors:?}");
        pruning::assert_pruning_changes_nothing(&shown, &case.inputs, &case.baseline);
        let findings: Vec<_> = outcome.findings.iter().filter(|f| f.code == code).cloned().collect();
        let text =
            human::render(&findings, &[], human::Style::plain()) + &human::summary(&findings, &[], outcome.counts());
        if !case.expect_findings {
            assert!(findings.is_empty(), "{shown}: expected no {code} finding\n{text}");
            continue;
        }
        assert!(!findings.is_empty(), "{shown}: fail fixture produced no {code} finding");
        let json = report::json::render(&findings, &[], outcome.counts());
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("{}__{}", case.rule, case.name), text);
            insta::assert_snapshot!(format!("{}__{}.json", case.rule, case.name), json);
        });
    }
}
