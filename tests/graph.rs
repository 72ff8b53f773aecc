//! The graph records what later rules need, on real assemblies: import resolution across
//! Stages, tentative names, nested-stack outputs, weak and cross-region references.

use std::path::{Path, PathBuf};

use cfnlint_lock::graph::Name;
use cfnlint_lock::{check, load};

fn fixture(case: &str) -> PathBuf {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/LOCK001-revision-bearing-import").join(case);
    ["cdk.out", "templates"].iter().map(|d| case.join(d)).find(|p| p.is_dir()).unwrap()
}

#[test]
fn imports_resolve_within_each_stage_and_environment() {
    let outcome = check(&[fixture("fail/incident")], &load::Options::default());
    let graph = &outcome.graph;
    assert_eq!(graph.stacks.iter().filter(|s| s.source.stage.is_some()).count(), 4);
    for import in &graph.imports {
        let consumer = &graph.stacks[import.stack].source;
        assert_eq!(import.producers.len(), 1, "{:?}", import.name);
        let producer = &graph.stacks[graph.exports[import.producers[0]].stack].source;
        assert_eq!(consumer.stage, producer.stage, "an import resolved across Stages");
    }
}

#[test]
fn parameter_built_names_are_tentative_and_unknown_ones_symbolic() {
    let outcome = check(&[fixture("fail/yaml-short-form")], &load::Options::default());
    let names: Vec<_> = outcome.graph.imports.iter().map(|i| i.name.clone()).collect();
    assert!(
        names.iter().any(|n| matches!(n, Name::Tentative { parameters, .. } if parameters == &["ProducerStackName"])),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == &Name::Literal("producer-ClusterArn".into())), "{names:?}");
    let unresolved = check(&[fixture("pass/unresolved-import")], &load::Options::default());
    assert!(unresolved.graph.imports.iter().all(|i| i.producers.is_empty()));
}

#[test]
fn nested_stack_outputs_and_weak_references_are_recorded() {
    let nested = check(&[fixture("fail/nested-stack")], &load::Options::default());
    assert!(nested.graph.stacks.iter().any(|s| s.source.nested_in.is_some()));
    assert!(!nested.graph.nested_outputs.is_empty());
    let weak = check(&[fixture("pass/incident-weak-references")], &load::Options::default());
    assert!(!weak.graph.weak_refs.is_empty());
    assert!(weak.graph.imports.is_empty());
}

#[test]
fn cross_region_writers_and_readers_are_recorded() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real/cdk-core-cross-region-references");
    let outcome = check(&[corpus], &load::Options::default());
    assert_eq!(outcome.graph.cross_region_exports.len(), 1);
    assert_eq!(outcome.graph.cross_region_imports.len(), 1);
    assert_eq!(outcome.graph.cross_region_exports[0].parameter, outcome.graph.cross_region_imports[0].parameter);
}

#[test]
fn weak_references_find_their_outputs() {
    let weak = check(&[fixture("pass/incident-weak-references")], &load::Options::default());
    for w in &weak.graph.weak_refs {
        let target = weak.graph.weak_target(w);
        assert!(matches!(target, cfnlint_lock::graph::WeakTarget::Output { .. }), "{w:?}: {target:?}");
    }
}
