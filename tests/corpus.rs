//! Every entry of the real-world corpus (`../shared/corpus/real/`, see its SOURCES.md)
//! loads without a load error, and the numbers of stacks, exports and imports found
//! match `index.json`, counted the way its `counting` note says.

use std::path::{Path, PathBuf};

use cfnlint_lock::{Severity, check, load};

#[path = "support/pruning.rs"]
mod pruning;

fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("CFNLINT_LOCK_CORPUS")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real"), PathBuf::from);
    assert!(dir.join("index.json").is_file(), "the real corpus is not at {} (set CFNLINT_LOCK_CORPUS)", dir.display());
    dir
}

fn count(entry: &serde_json::Value, key: &str) -> usize {
    let n = entry[key].as_u64().unwrap_or_else(|| panic!("index.json entry lacks `{key}`"));
    usize::try_from(n).unwrap()
}

#[test]
fn every_corpus_entry_loads_with_the_indexed_counts() {
    let dir = corpus_dir();
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let entries = index["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 52, "the corpus index lists 52 entries");
    let mut failures = Vec::new();
    for entry in entries {
        let name = entry["name"].as_str().unwrap();
        let path = dir.join(name);
        let outcome = check(std::slice::from_ref(&path), &load::Options::default());
        let errors: Vec<_> =
            outcome.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.message.clone()).collect();
        if !errors.is_empty() {
            failures.push(format!("{name}: load errors: {errors:?}"));
            continue;
        }
        pruning::assert_pruning_changes_nothing(name, std::slice::from_ref(&path), &[]);
        // index.json counts exports and imports over every template in the folder, also
        // the stale ones no manifest lists; those are not part of the assembly, so their
        // share is counted apart (each read as a lone template) and added back.
        let (mut exports, mut imports) = (outcome.graph.exports.len(), outcome.graph.imports.len());
        for stale in entry["unreferenced_templates"].as_array().into_iter().flatten() {
            let stale = path.join(stale.as_str().unwrap());
            let alone = check(&[stale], &load::Options::default());
            exports += alone.graph.exports.len();
            imports += alone.graph.imports.len();
        }
        let found = (outcome.counts().stacks, exports, imports);
        let expected = (count(entry, "stacks"), count(entry, "exports"), count(entry, "imports"));
        if found != expected {
            failures.push(format!("{name}: (stacks, exports, imports) found {found:?}, index.json says {expected:?}"));
        }
        // Weak references are recorded, one per Fn::GetStackOutput.
        if outcome.graph.weak_refs.len() != count(entry, "get_stack_output") {
            failures.push(format!(
                "{name}: {} Fn::GetStackOutput recorded, index.json counts {}",
                outcome.graph.weak_refs.len(),
                count(entry, "get_stack_output")
            ));
        }
        // Literal import names resolve inside the entry as index.json says they do.
        let resolved = outcome.graph.imports.iter().filter(|i| !i.producers.is_empty()).count();
        if entry["unreferenced_templates"].as_array().is_none_or(Vec::is_empty)
            && resolved < count(entry, "imports_resolved_in_entry")
        {
            failures.push(format!(
                "{name}: {resolved} imports resolved, index.json resolves {}",
                count(entry, "imports_resolved_in_entry")
            ));
        }
    }
    assert!(failures.is_empty(), "corpus mismatches:\n{}", failures.join("\n"));
}

/// Weak references in real assemblies (the cross-account entry reads another account's
/// outputs with `Fn::GetStackOutput` and `RoleArn`) resolve and read nothing revision-bearing.
#[test]
fn no_weak_reference_findings_on_the_corpus() {
    let dir = corpus_dir();
    let (mut found, mut resolved) = (Vec::new(), 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let outcome = check(std::slice::from_ref(&path), &load::Options::default());
        let weak = outcome.findings.iter().filter(|f| f.reference == Some(cfnlint_lock::diagnostic::Reference::Weak));
        found.extend(weak.map(|f| format!("{}: {} {}", path.display(), f.code, f.message)));
        let graph = &outcome.graph;
        resolved += graph
            .weak_refs
            .iter()
            .filter(|w| matches!(graph.weak_target(w), cfnlint_lock::graph::WeakTarget::Output { .. }))
            .count();
    }
    assert_eq!(resolved, 2, "the two Fn::GetStackOutput of the cross-account entry resolve across accounts");
    assert!(found.is_empty(), "weak-reference findings on the corpus:\n{}", found.join("\n"));
}
