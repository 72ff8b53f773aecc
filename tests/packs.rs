//! Rule packs (`--rules`): the README's two example packs on a real CDK app, and a
//! located load error for every malformed pack under `tests/packs/`.

use std::path::PathBuf;

use cfnlint_lock::report::{self, human};
use cfnlint_lock::{CheckOptions, Outcome, Severity, check_with};

const CASE: &str = "rules/packs/cases/platform-release/cdk.out";

fn run(packs: &[&str]) -> Outcome {
    let options = CheckOptions { rule_packs: packs.iter().map(PathBuf::from).collect(), ..CheckOptions::default() };
    check_with(&[PathBuf::from(CASE)], &options)
}

fn snapshot(name: &str, text: String) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn example_packs_on_the_platform_release_app() {
    let plain = run(&[]);
    assert!(plain.findings.is_empty(), "without packs the case is clean: {:?}", plain.findings);
    let mut total = 0;
    for (pack, codes) in [("revision-bearing", &["LOCK001"][..]), ("export-conventions", &["USER001", "USER002"][..])] {
        let outcome = run(&[&format!("rules/packs/examples/{pack}.yaml")]);
        assert!(outcome.problems.is_empty(), "{pack}: {:?}", outcome.problems);
        let found: Vec<_> = outcome.findings.iter().map(|f| f.code).collect();
        for code in codes {
            assert!(found.contains(code), "{pack}: no {code} finding in {found:?}");
        }
        total += outcome.findings.len();
        let text = human::render(&outcome.findings, &[], human::Style::plain())
            + &human::summary(&outcome.findings, &[], outcome.counts());
        snapshot(&format!("packs__{pack}"), text);
        snapshot(&format!("packs__{pack}.json"), report::json::render(&outcome.findings, &[], outcome.counts()));
    }
    // The folder loads both packs.
    let both = run(&["rules/packs/examples"]);
    assert!(both.problems.is_empty());
    assert_eq!(both.findings.len(), total);
}

#[test]
fn malformed_packs_are_errors_at_their_line() {
    let mut files: Vec<_> = std::fs::read_dir("tests/packs").unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5);
    let mut text = String::new();
    for file in files {
        let outcome = run(&[file.to_str().unwrap()]);
        let errors: Vec<_> = outcome.problems.iter().filter(|p| p.severity == Severity::Error).cloned().collect();
        assert!(!errors.is_empty(), "{}: no load error", file.display());
        assert!(errors.iter().all(|p| p.at.is_some()), "{}: an error without a location", file.display());
        assert!(outcome.findings.is_empty(), "{}: a malformed pack is not used", file.display());
        text.push_str(&human::render(&[], &errors, human::Style::plain()));
    }
    snapshot("packs__malformed", text);
}

#[test]
fn cli_takes_rules_and_exits_2_on_a_malformed_pack() {
    let binary = env!("CARGO_BIN_EXE_cfnlint-lock");
    let status = |args: &[&str]| std::process::Command::new(binary).args(args).output().unwrap().status.code().unwrap();
    assert_eq!(status(&["-q", CASE]), 0);
    assert_eq!(status(&["-q", "--rules", "rules/packs/examples", CASE]), 1);
    assert_eq!(status(&["-q", "--rules", "rules/packs/examples/export-conventions.yaml", CASE]), 1);
    assert_eq!(status(&["-q", "--rules", "tests/packs/bad-code.yaml", CASE]), 2);
    assert_eq!(status(&["-q", "--rules", "no/such/folder", CASE]), 2);
}
