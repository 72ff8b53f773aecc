//! Rule fixtures: every `rules/<CODE>-<name>/{pass,fail}/<case>/` is checked with the
//! rule under test. `pass` cases must report nothing from it; `fail` cases must report
//! only it, and what the user sees is pinned as a snapshot under `snapshots/`.
//!
//! A case is a real CDK app with its synthesized `cdk.out/`, or hand-written
//! `templates/`.

use std::path::{Path, PathBuf};

use cfnlint_lock::report::{self, human};
use cfnlint_lock::{check, load};

struct Case {
    rule: String,
    expect_findings: bool,
    name: String,
    input: PathBuf,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases = Vec::new();
    let mut rules: Vec<_> = std::fs::read_dir(root.join("rules")).unwrap().map(|e| e.unwrap().path()).collect();
    rules.sort();
    for rule_dir in rules.iter().filter(|p| p.is_dir()) {
        let rule = rule_dir.file_name().unwrap().to_str().unwrap().to_owned();
        for expect in ["pass", "fail"] {
            let mut dirs: Vec<_> =
                std::fs::read_dir(rule_dir.join(expect)).unwrap().map(|e| e.unwrap().path()).collect();
            dirs.sort();
            for case in dirs {
                let input = ["cdk.out", "templates"].iter().map(|d| case.join(d)).find(|p| p.is_dir());
                let input = input.unwrap_or_else(|| panic!("{}: no cdk.out/ or templates/", case.display()));
                // Relative to the crate root, as a user in the repository would type it.
                let input = input.strip_prefix(root).unwrap().to_path_buf();
                let name = case.file_name().unwrap().to_str().unwrap().to_owned();
                cases.push(Case { rule: rule.clone(), expect_findings: expect == "fail", name, input });
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
        let outcome = check(std::slice::from_ref(&case.input), &load::Options::default());
        let errors: Vec<_> = outcome.problems.iter().filter(|p| p.severity == cfnlint_lock::Severity::Error).collect();
        assert!(errors.is_empty(), "{}: fixture does not load: {errors:?}", case.input.display());
        let findings: Vec<_> = outcome.findings.iter().filter(|f| f.code == code).cloned().collect();
        let text =
            human::render(&findings, &[], human::Style::plain()) + &human::summary(&findings, &[], outcome.counts());
        if !case.expect_findings {
            assert!(findings.is_empty(), "{}: expected no {code} finding\n{text}", case.input.display());
            continue;
        }
        assert!(!findings.is_empty(), "{}: fail fixture produced no {code} finding", case.input.display());
        let json = report::json::render(&findings, &[], outcome.counts());
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("{}__{}", case.rule, case.name), text);
            insta::assert_snapshot!(format!("{}__{}.json", case.rule, case.name), json);
        });
    }
}
