//! Runs the rules under a [`Config`] and applies suppressions after them, so rules know
//! nothing of either: a rule set to `off` does not run, a severity override restamps its
//! findings, and a finding an `ignore` entry or a template's `Metadata` matches is moved
//! to [`Run::suppressed`] with the reason.
//!
//! In templates, the `Metadata` key `cfnlint-lock` (cfn-lint uses its own key the same
//! way) holds `ignore: [{rule, reason}]`, on a resource (it covers the imports in that
//! resource) or at the template's top level (it covers every finding whose consumer or
//! producer is that stack). CDK users write it with `addMetadata`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::baseline::Snapshot;
use crate::config::{Config, Level};
use crate::diagnostic::{Finding, Site};
use crate::graph::{Graph, StackId};
use crate::load::Problem;
use crate::load::node::{Node, Span, Value};
use crate::packs::Packs;
use crate::report::line_column;
use crate::rules;

/// The `Metadata` key read in templates.
pub const METADATA_KEY: &str = "cfnlint-lock";

/// A finding taken out of the report, and why.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
    /// The file holding the suppression: the config file or the template.
    pub file: PathBuf,
    /// 1-based line of the suppression in it.
    pub line: usize,
}

/// What the rules found, after configuration and suppressions.
#[derive(Debug, Default)]
pub struct Run {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    /// Mistakes in templates' `cfnlint-lock` metadata (a missing reason, an unknown rule).
    pub problems: Vec<Problem>,
}

/// Runs the enabled rules and applies the config and the templates' suppressions.
#[must_use]
pub fn run(graph: &Graph, config: &Config, deployed: Option<&Snapshot>, packs: &Packs) -> Run {
    let found = rules::run_with(graph, deployed, packs, |meta| config.level(meta) != Level::Off);
    let (metadata, problems) = metadata_ignores(graph);
    let stacks = StackIndex::new(graph);
    let mut run = Run { problems, ..Run::default() };
    run.problems.extend(packs.take_problems());
    for mut finding in found {
        // Names the config declares as exported outside the checked PATHs resolve there.
        if finding.code == "LOCK007" && finding.export.as_deref().is_some_and(|e| config.is_external(e)) {
            continue;
        }
        if let Some(severity) = config.severity_override(finding.code) {
            finding.severity = severity;
        }
        match suppression(&stacks, config, &metadata, &finding) {
            Some((reason, file, line)) => run.suppressed.push(Suppressed { finding, reason, file, line }),
            None => run.findings.push(finding),
        }
    }
    run
}

/// One `{rule, reason}` from a template's metadata.
#[derive(Debug)]
struct MetadataIgnore {
    code: String,
    reason: String,
    line: usize,
}

#[derive(Debug, Default)]
struct StackIgnores {
    template: Vec<MetadataIgnore>,
    /// Resource logical id → its ignores.
    resources: HashMap<String, Vec<MetadataIgnore>>,
}

fn suppression(
    stacks: &StackIndex<'_>,
    config: &Config,
    metadata: &[StackIgnores],
    finding: &Finding,
) -> Option<(String, PathBuf, usize)> {
    let main = finding.consumer.as_ref().or(finding.producer.as_ref());
    let stack = main.map_or("", |s| s.stack.as_str());
    let export = finding.export.as_deref().unwrap_or("");
    for ignore in &config.ignore {
        let rule_matches = ignore.rule.as_ref().is_none_or(|p| p.matches(finding.code) || p.matches(finding.rule));
        if rule_matches
            && ignore.stack.as_ref().is_none_or(|p| p.matches(stack))
            && ignore.export.as_ref().is_none_or(|p| p.matches(export))
        {
            return Some((ignore.reason.clone(), config.file.clone().unwrap_or_default(), ignore.line));
        }
    }
    let matching = |ignores: &[MetadataIgnore]| {
        ignores.iter().find(|i| i.code == finding.code).map(|i| (i.reason.clone(), i.line))
    };
    // The resource holding the import, then the consumer's and the producer's templates.
    if let Some(consumer) = &finding.consumer
        && let (Some(id), Some(stack)) = (&consumer.logical_id, stacks.of(consumer))
        && let Some((reason, line)) = metadata[stack].resources.get(id).and_then(|i| matching(i))
    {
        return Some((reason, consumer.file.clone(), line));
    }
    for site in finding.consumer.iter().chain(finding.producer.iter()) {
        if let Some((reason, line)) = stacks.of(site).and_then(|stack| matching(&metadata[stack].template)) {
            return Some((reason, site.file.clone(), line));
        }
    }
    None
}

/// The stack a finding's site is in, by name and template file, looked up in an index
/// made once: a scan per finding was quadratic (50,000 stacks: 14 s).
struct StackIndex<'g>(HashMap<(&'g str, &'g Path), StackId>);

impl<'g> StackIndex<'g> {
    fn new(graph: &'g Graph) -> Self {
        let mut index = HashMap::with_capacity(graph.stacks.len());
        for (id, stack) in graph.stacks.iter().enumerate() {
            // The first stack of a (name, file) pair, as a scan in order finds it.
            index.entry((stack.source.name.as_str(), stack.source.template.file.as_path())).or_insert(id);
        }
        Self(index)
    }

    fn of(&self, site: &Site) -> Option<StackId> {
        self.0.get(&(site.stack.as_str(), site.file.as_path())).copied()
    }
}

/// Reads every template's `cfnlint-lock` metadata, reporting mistakes in it.
fn metadata_ignores(graph: &Graph) -> (Vec<StackIgnores>, Vec<Problem>) {
    let mut problems = Vec::new();
    let ignores = graph
        .stacks
        .iter()
        .map(|stack| {
            let template = &stack.source.template;
            let mut reader = MetadataReader { template, problems: &mut problems };
            let mut ignores = StackIgnores::default();
            if let Some(node) = template.root.get("Metadata").and_then(|m| m.get(METADATA_KEY)) {
                ignores.template = reader.read(node);
            }
            for resource in template.root.get("Resources").and_then(Node::as_map).unwrap_or_default() {
                if let Some(node) = resource.value.get("Metadata").and_then(|m| m.get(METADATA_KEY)) {
                    let read = reader.read(node);
                    ignores.resources.insert(resource.key.clone(), read);
                }
            }
            ignores
        })
        .collect();
    (ignores, problems)
}

struct MetadataReader<'a> {
    template: &'a crate::load::template::Template,
    problems: &'a mut Vec<Problem>,
}

impl MetadataReader<'_> {
    fn error(&mut self, span: Span, message: String, label: &str) {
        let problem = Problem::error(&self.template.file, message)
            .at(&self.template.source.text(), span, label)
            .with_help("write it as `cfnlint-lock: {ignore: [{rule: LOCK001, reason: \"why it is safe\"}]}`");
        self.problems.push(problem);
    }

    fn read(&mut self, node: &Node) -> Vec<MetadataIgnore> {
        let mut out = Vec::new();
        let Some(entries) = node.as_map() else {
            self.error(
                node.span,
                format!("`{METADATA_KEY}` metadata must be a mapping with `ignore`"),
                "expected a mapping",
            );
            return out;
        };
        for entry in entries {
            if entry.key != "ignore" {
                self.error(
                    entry.key_span,
                    format!("unknown key `{}` in `{METADATA_KEY}` metadata; expected `ignore`", entry.key),
                    "unknown key",
                );
                continue;
            }
            let Some(items) = entry.value.as_seq() else {
                self.error(
                    entry.value.span,
                    "`ignore` must be a list of `{rule, reason}` entries".into(),
                    "expected a list",
                );
                continue;
            };
            for item in items {
                out.extend(self.item(item));
            }
        }
        out
    }

    fn item(&mut self, item: &Node) -> Option<MetadataIgnore> {
        let Some(entries) = item.as_map() else {
            self.error(
                item.span,
                "an `ignore` entry must be a mapping with `rule` and `reason`".into(),
                "expected a mapping",
            );
            return None;
        };
        let (mut code, mut reason, mut ok) = (None, None, true);
        for entry in entries {
            let text = match &entry.value.value {
                Value::String(s) => Some(s.as_str()),
                _ => None,
            };
            match (entry.key.as_str(), text) {
                ("rule", Some(rule)) => match rules::find(rule) {
                    Some(rule) => code = Some(rule.meta().code.to_owned()),
                    None if crate::config::is_pack_code(rule) => code = Some(rule.to_owned()),
                    None => {
                        self.error(
                            entry.value.span,
                            format!("no rule `{rule}`; `cfnlint-lock rules` lists them"),
                            "unknown rule",
                        );
                        ok = false;
                    }
                },
                ("reason", Some(text)) if !text.trim().is_empty() => reason = Some(text.to_owned()),
                ("reason", Some(_)) => {
                    self.error(entry.value.span, "the `reason` of an ignore is empty".into(), "say why it is safe");
                    ok = false;
                }
                ("rule" | "reason", None) => {
                    self.error(entry.value.span, format!("`{}` must be a string", entry.key), "expected a string");
                    ok = false;
                }
                _ => {
                    self.error(
                        entry.key_span,
                        format!("unknown key `{}` in an ignore; expected `rule` and `reason`", entry.key),
                        "unknown key",
                    );
                    ok = false;
                }
            }
        }
        if code.is_none() && ok && !entries.iter().any(|e| e.key == "rule") {
            self.error(item.span, "an ignore needs a `rule`".into(), "no `rule`");
            ok = false;
        }
        if reason.is_none() && !entries.iter().any(|e| e.key == "reason") {
            self.error(item.span, "an ignore needs a `reason`".into(), "no `reason`");
            ok = false;
        }
        let line = line_column(&self.template.source.text(), item.span.start as usize).0;
        match (code, reason) {
            (Some(code), Some(reason)) if ok => Some(MetadataIgnore { code, reason, line }),
            _ => None,
        }
    }
}
