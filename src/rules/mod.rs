//! The rule registry: one rule a file, its `///` doc is its user documentation.
//!
//! Rules read the [`Graph`] and report [`Finding`]s through a [`Context`], which stamps
//! each finding with the rule's code, name and severity so no rule can mislabel itself.
//! Rules never print and never touch miette.

pub mod catalog;
pub mod cdk;
pub mod lock001_revision_bearing_import;
pub mod lock002_dropped_export_in_use;
pub mod lock003_changed_export_in_use;
pub mod lock004_removable_export;
pub mod lock005_duplicate_export_name;
pub mod lock006_cross_environment_import;
pub mod lock007_unresolved_import;
pub mod lock008_self_import;
pub mod lock009_import_cycle;
pub mod lock010_invalid_export_name;
pub mod lock011_replacement_prone_import;
pub mod lock012_stale_weak_reference;
pub mod lock013_dangling_weak_reference;
pub mod parameters;

use crate::baseline::Snapshot;
use crate::baseline::snapshot::Evidence;
use crate::diagnostic::{Excerpt, Finding, Reference, Severity, Site};
use crate::graph::{ExportId, Graph, Import, StackId, WeakRef};
use crate::load::node::Span;
use crate::packs::{Packs, Revisions};
use catalog::{Catalog, Entry};

/// What a rule is, for users and for the registry.
#[derive(Debug)]
pub struct RuleMeta {
    /// `LOCK001`: permanent, never reused.
    pub code: &'static str,
    /// `revision-bearing-import`: names the problem, kebab-case.
    pub name: &'static str,
    pub severity: Severity,
    pub since: &'static str,
    /// One line for rule tables.
    pub summary: &'static str,
    /// The rule's `///` text.
    pub docs: &'static str,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Rules that compare with the deployed state run only when there is a baseline.
    fn needs_baseline(&self) -> bool {
        false
    }
    fn check(&self, graph: &Graph, cx: &mut Context<'_>);
}

/// Every rule, sorted by code (a test checks).
pub static RULES: &[&dyn Rule] = &[
    &lock001_revision_bearing_import::RevisionBearingImport,
    &lock002_dropped_export_in_use::DroppedExportInUse,
    &lock003_changed_export_in_use::ChangedExportInUse,
    &lock004_removable_export::RemovableExport,
    &lock005_duplicate_export_name::DuplicateExportName,
    &lock006_cross_environment_import::CrossEnvironmentImport,
    &lock007_unresolved_import::UnresolvedImport,
    &lock008_self_import::SelfImport,
    &lock009_import_cycle::ImportCycle,
    &lock010_invalid_export_name::InvalidExportName,
    &lock011_replacement_prone_import::ReplacementProneImport,
    &lock012_stale_weak_reference::StaleWeakReference,
    &lock013_dangling_weak_reference::DanglingWeakReference,
];

/// Declares a rule type and its [`RuleMeta`], taking the docs from the doc comment.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])*
     $vis:vis $ty:ident { code: $code:literal, name: $name:literal, severity: $sev:ident, since: $since:literal,
                          summary: $summary:literal $(, baseline: $baseline:literal)? $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default)]
        $vis struct $ty;
        impl $ty {
            pub const META: &'static $crate::rules::RuleMeta = &$crate::rules::RuleMeta {
                code: $code,
                name: $name,
                severity: $crate::Severity::$sev,
                since: $since,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
            };
        }
        // The registry's view of the rule: its metadata, and the rule file's own
        // `check` (an inherent method, which takes precedence over this one's name).
        impl $crate::rules::Rule for $ty {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                Self::META
            }
            fn needs_baseline(&self) -> bool {
                false $(|| $baseline)?
            }
            fn check(&self, graph: &$crate::graph::Graph, cx: &mut $crate::rules::Context<'_>) {
                $ty::check(self, graph, cx)
            }
        }
    };
}
pub(crate) use declare_rule;

/// What a rule reports through.
pub struct Context<'g> {
    graph: &'g Graph,
    rule: &'static RuleMeta,
    /// The deployed state, and the new synth reduced to the same facts.
    states: Option<States<'g>>,
    /// Revision-bearing values that rule packs add to the catalogue.
    revisions: &'g Revisions,
    findings: Vec<Finding>,
}

/// The deployed state and the new synth, as comparable facts.
#[derive(Clone, Copy)]
pub struct States<'g> {
    pub deployed: &'g Snapshot,
    pub current: &'g Snapshot,
}

impl<'g> States<'g> {
    /// Deployed exports that other deployed stacks import, with those importers: what
    /// CloudFormation will refuse to drop or change.
    pub fn in_use(
        self,
    ) -> impl Iterator<Item = (&'g crate::baseline::snapshot::ExportFact, Vec<&'g crate::baseline::snapshot::ImportFact>)>
    {
        self.deployed.exports.iter().filter_map(move |export| {
            let importers = self.deployed.importers(&export.env, &export.name, &export.stack);
            (!importers.is_empty()).then_some((export, importers))
        })
    }
}

/// A finding before the context stamps it.
pub struct Report {
    /// A rule's own default, unless it has a reason to say less (a note that it cannot tell).
    pub severity: Option<Severity>,
    /// How the consumer reads the value (`None`: the finding is not about a reference).
    pub reference: Option<Reference>,
    pub message: String,
    pub help: String,
    pub export: Option<String>,
    pub env: Option<String>,
    pub consumer: Option<Site>,
    pub producer: Option<Site>,
}

impl<'g> Context<'g> {
    #[must_use]
    pub fn new(graph: &'g Graph, rule: &'static RuleMeta, states: Option<States<'g>>) -> Self {
        Self { graph, rule, states, revisions: Revisions::none(), findings: Vec::new() }
    }

    /// With the revision-bearing values of rule packs.
    #[must_use]
    pub fn with_revisions(mut self, revisions: &'g Revisions) -> Self {
        self.revisions = revisions;
        self
    }

    /// Why `attribute` (`Ref` or a `Fn::GetAtt` name) of resource `logical_id` (of type
    /// `kind`) in stack `stack` is revision-bearing: the built-in catalogue first, then
    /// the rule packs. `None` when neither says it is.
    #[must_use]
    pub fn revision_entry(&self, stack: StackId, logical_id: &str, kind: &str, attribute: &str) -> Option<&'g Entry> {
        let builtin: &'static Catalog = Catalog::builtin();
        builtin.lookup(kind, attribute).or_else(|| self.revisions.lookup(stack, logical_id, kind, attribute))
    }

    /// The deployed and the new state, when a baseline was given.
    #[must_use]
    pub fn states(&self) -> Option<States<'g>> {
        self.states
    }

    pub fn report(&mut self, report: Report) {
        self.findings.push(Finding {
            code: self.rule.code,
            rule: self.rule.name,
            severity: report.severity.unwrap_or(self.rule.severity),
            reference: report.reference,
            message: report.message,
            help: report.help,
            export: report.export,
            env: report.env,
            consumer: report.consumer,
            producer: report.producer,
        });
    }

    #[must_use]
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The consumer side of a finding: the `Fn::ImportValue` key, underlined with its value.
    #[must_use]
    pub fn import_site(&self, import: &Import, label: String) -> Site {
        site(self.graph, import.stack, import.span, label, import.holder.logical_id.clone())
    }

    /// The consumer side of a weak reference: the `Fn::GetStackOutput`, labelled with where
    /// it is read.
    #[must_use]
    pub fn weak_site(&self, weak: &WeakRef) -> Site {
        let label = lock012_stale_weak_reference::consumer_label(self.graph, weak);
        site(self.graph, weak.stack, weak.span, label, weak.holder.logical_id.clone())
    }

    /// The producer side: the Output's key.
    #[must_use]
    pub fn export_site(&self, export: ExportId, label: String) -> Site {
        let export = &self.graph.exports[export];
        site(self.graph, export.stack, export.output_span, label, Some(export.output.clone()))
    }

    /// A site where a fact of a state shows (a template, a lockfile entry, a CLI dump line).
    #[must_use]
    pub fn evidence_site(stack: &str, evidence: &Evidence, label: String) -> Site {
        Site {
            stack: stack.to_owned(),
            artifact: None,
            file: evidence.file.clone(),
            source: Excerpt::around(&evidence.source.text(), evidence.span),
            span: evidence.span,
            label,
            logical_id: evidence.logical_id.clone(),
            construct_path: evidence.construct_path.clone(),
        }
    }

    /// The `Outputs` key of stack `name` in the new synth (its first line when it has no
    /// outputs left), for findings about exports that stack no longer has.
    #[must_use]
    pub fn outputs_site(&self, name: &str, env: &crate::load::manifest::Env, label: String) -> Option<Site> {
        let (id, stack) =
            self.graph.stacks.iter().enumerate().find(|(_, s)| s.source.name == name && s.source.env.can_reach(env))?;
        let span = stack.source.template.root.entry("Outputs").map_or(Span::new(0, 0), |e| e.key_span);
        Some(site(self.graph, id, span, label, None))
    }

    /// The graph's exports named `name` in an environment `env` can reach.
    pub fn exports_named<'a>(
        &'a self,
        name: &'a str,
        env: &'a crate::load::manifest::Env,
    ) -> impl Iterator<Item = ExportId> + 'a {
        self.graph.exports.iter().enumerate().filter_map(move |(id, e)| {
            (e.name.value() == Some(name) && self.graph.env_of_export(id).can_reach(env)).then_some(id)
        })
    }

    /// 1-based line and column of a site, for rules that mention them in text.
    #[must_use]
    pub fn line_column(site: &Site) -> (usize, usize) {
        site.line_column(site.at() as usize)
    }
}

/// A place in stack `stack`'s template: `span` is underlined, and the line and column
/// point at its start; `logical_id` (the resource or output there) gives the construct path.
#[must_use]
pub fn site(graph: &Graph, stack: StackId, span: Span, label: String, logical_id: Option<String>) -> Site {
    let source = &graph.stacks[stack].source;
    let construct_path = logical_id.as_deref().and_then(|id| graph.construct_path(stack, id)).map(str::to_owned);
    Site {
        stack: source.name.clone(),
        artifact: source.artifact_id.clone(),
        file: source.template.file.clone(),
        source: Excerpt::around(&source.template.source.text(), span),
        span,
        label,
        logical_id,
        construct_path,
    }
}

/// Runs every rule over the graph (those that compare with the deployed state only with a
/// baseline); findings come back sorted deterministically.
#[must_use]
pub fn run(graph: &Graph, deployed: Option<&Snapshot>) -> Vec<Finding> {
    run_with(graph, deployed, &Packs::default(), |_| true)
}

/// [`run`], with rule packs (their revision-bearing values reach the rules through the
/// [`Context`], and their `USERnnn` checks run after the built-in rules) and only the
/// rules `enabled` accepts (a rule configured `off` does no work at all).
#[must_use]
pub fn run_with(
    graph: &Graph,
    deployed: Option<&Snapshot>,
    packs: &Packs,
    enabled: impl Fn(&RuleMeta) -> bool,
) -> Vec<Finding> {
    let revisions = packs.revisions(graph);
    let current = deployed.map(|_| Snapshot::from_graph(graph));
    let states = deployed.zip(current.as_ref()).map(|(deployed, current)| States { deployed, current });
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|r| (states.is_some() || !r.needs_baseline()) && enabled(r.meta())) {
        let mut cx = Context::new(graph, rule.meta(), states).with_revisions(&revisions);
        rule.check(graph, &mut cx);
        findings.extend(cx.into_findings());
    }
    findings.extend(packs.check(graph));
    findings.sort_by_cached_key(Finding::sort_key);
    findings
}

/// Finds a rule by code (`LOCK001`) or name (`revision-bearing-import`).
#[must_use]
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}

/// The README's rule table, generated from the registry.
#[must_use]
pub fn markdown_table() -> String {
    let mut table = String::from("| code | name | severity | what |\n|---|---|---|---|\n");
    for rule in RULES {
        let meta = rule.meta();
        table.push_str(&format!("| {} | {} | {} | {} |\n", meta.code, meta.name, meta.severity.as_str(), meta.summary));
    }
    table
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The README's region between `<!-- {marker}:begin -->` and `<!-- {marker}:end -->` is
    /// `generated`; rerun with `UPDATE_README=1` to rewrite it.
    pub(crate) fn assert_readme_region(marker: &str, generated: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let (begin, end) = (format!("<!-- {marker}:begin -->\n"), format!("<!-- {marker}:end -->"));
        let start = readme.find(&begin).unwrap_or_else(|| panic!("README has no {begin}")) + begin.len();
        let stop = readme.find(&end).unwrap_or_else(|| panic!("README has no {end}"));
        if readme[start..stop] != *generated {
            if std::env::var_os("UPDATE_README").is_some() {
                std::fs::write(&path, format!("{}{generated}{}", &readme[..start], &readme[stop..])).unwrap();
            } else {
                panic!("the README's {marker} table is out of date; rerun with UPDATE_README=1");
            }
        }
    }

    #[test]
    fn readme_rule_table_is_current() {
        assert_readme_region("rules", &markdown_table());
    }

    #[test]
    fn registry_is_sorted_unique_and_documented() {
        let codes: Vec<_> = RULES.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "rules must be sorted by code and unique");
        for rule in RULES {
            let meta = rule.meta();
            assert!(
                meta.code.len() == 7
                    && meta.code.starts_with("LOCK")
                    && meta.code[4..].bytes().all(|b| b.is_ascii_digit())
            );
            assert!(meta.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{} is not kebab-case", meta.name);
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(meta.docs.contains(section), "{} docs lack `{section}`", meta.code);
            }
            let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("rules")
                .join(format!("{}-{}", meta.code, meta.name));
            assert!(
                folder.join("pass").is_dir() && folder.join("fail").is_dir(),
                "{} needs pass/ and fail/ fixtures",
                meta.code
            );
        }
    }
}
