//! The exports lockfile (`cfnlint-lock lock -o cfnlint-lock.json`): a small, stable, sorted
//! JSON record of every export and import, committed after each deploy so pull requests
//! can be checked against the deployed state without AWS credentials. Weak references
//! (`weak`, written only when there are any) record who reads which stack's Output.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::snapshot::{Evidence, ExportFact, ImportFact, Snapshot, SourceFact, WeakFact};
use crate::load::manifest::Env;
use crate::load::node::Node;
use crate::load::source::Source;
use crate::load::{Problem, json};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Lockfile<'a> {
    version: u32,
    exports: Vec<LockedExport<'a>>,
    imports: Vec<LockedImport<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    weak: Vec<LockedWeak<'a>>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct LockedWeak<'a> {
    env: String,
    producer: &'a str,
    output: &'a str,
    stack: &'a str,
}

#[derive(Serialize)]
struct LockedExport<'a> {
    env: String,
    name: &'a str,
    stack: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<LockedSource<'a>>,
}

#[derive(Serialize)]
struct LockedSource<'a> {
    resource: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    attribute: &'a str,
    digest: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct LockedImport<'a> {
    env: String,
    export: &'a str,
    stack: &'a str,
}

/// Renders a snapshot as the lockfile's text: sorted, one import per (stack, export),
/// pretty-printed so a deploy's change reads as a small diff.
#[must_use]
pub fn render(snapshot: &Snapshot) -> String {
    let exports = snapshot
        .exports
        .iter()
        .map(|e| LockedExport {
            env: e.env.to_string(),
            name: &e.name,
            stack: &e.stack,
            output: e.output.as_deref(),
            value: e.value.as_ref(),
            sources: e
                .sources
                .iter()
                .map(|s| LockedSource {
                    resource: &s.resource,
                    kind: &s.kind,
                    attribute: &s.attribute,
                    digest: &s.digest,
                })
                .collect(),
        })
        .collect();
    let mut imports: Vec<LockedImport> = snapshot
        .imports
        .iter()
        .map(|i| LockedImport { env: i.env.to_string(), export: &i.export, stack: &i.stack })
        .collect();
    imports.sort();
    imports.dedup();
    let mut weak: Vec<LockedWeak> = snapshot
        .weak
        .iter()
        .map(|w| LockedWeak { env: w.env.to_string(), producer: &w.producer, output: &w.output, stack: &w.stack })
        .collect();
    weak.sort();
    weak.dedup();
    let lockfile = Lockfile { version: VERSION, exports, imports, weak };
    // Plain structs of strings serialize without error.
    let mut text = serde_json::to_string_pretty(&lockfile).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether a parsed JSON document is a lockfile.
#[must_use]
pub fn looks_like_lockfile(root: &Node) -> bool {
    root.get("version").is_some() && root.get("exports").is_some() && root.get("imports").is_some()
}

/// Reads a lockfile into a snapshot; each fact's evidence is its entry in the lockfile.
pub fn parse(file: &Path, source: &Arc<str>, root: &Node) -> Result<Snapshot, Problem> {
    let bad = |node: &Node, what: &str| {
        Problem::error(file, format!("the lockfile `{}` is not valid: {what}", file.display()))
            .at(source, node.span, what)
    };
    match root.get("version").and_then(Node::as_str) {
        Some("1") => {}
        _ => return Err(bad(root.get("version").unwrap_or(root), "`version` must be 1")),
    }
    let kept = Source::kept(Arc::clone(source));
    let evidence = |node: &Node| Evidence {
        file: file.to_path_buf(),
        source: kept.clone(),
        span: node.span,
        logical_id: None,
        construct_path: None,
    };
    let field = |node: &Node, key: &str| -> Result<String, Problem> {
        node.get(key)
            .and_then(Node::as_str)
            .map(str::to_owned)
            .ok_or_else(|| bad(node, &format!("an entry lacks `{key}`")))
    };
    let env = |node: &Node| -> Result<Env, Problem> {
        let text = field(node, "env")?;
        Env::parse(&text).ok_or_else(|| bad(node, &format!("`env` is `{text}`, not `aws://ACCOUNT/REGION`")))
    };
    let mut snapshot = Snapshot { has_expressions: true, ..Snapshot::default() };
    for entry in list(root, "exports").ok_or_else(|| bad(root, "`exports` must be a list"))? {
        let mut sources = Vec::new();
        for source_node in entry.get("sources").and_then(Node::as_seq).unwrap_or_default() {
            let digest = field(source_node, "digest")?;
            if !is_digest(&digest) {
                // `field` found it, so the node is there.
                let at = source_node.get("digest").unwrap_or(source_node);
                return Err(bad(at, &format!("`digest` is `{digest}`, not `sha256:` and 64 lowercase hex digits")));
            }
            sources.push(SourceFact {
                resource: field(source_node, "resource")?,
                kind: field(source_node, "type")?,
                attribute: field(source_node, "attribute")?,
                digest,
            });
        }
        snapshot.exports.push(ExportFact {
            env: env(entry)?,
            name: field(entry, "name")?,
            stack: field(entry, "stack")?,
            output: entry.get("output").and_then(Node::as_str).map(str::to_owned),
            value: entry.get("value").map(super::snapshot::canonical),
            resolved: None,
            sources,
            evidence: Some(evidence(entry)),
        });
    }
    for entry in list(root, "imports").ok_or_else(|| bad(root, "`imports` must be a list"))? {
        snapshot.imports.push(ImportFact {
            env: env(entry)?,
            stack: field(entry, "stack")?,
            export: field(entry, "export")?,
            evidence: Some(evidence(entry)),
        });
    }
    let weak = match root.get("weak") {
        None => &[][..],
        Some(node) => node.as_seq().ok_or_else(|| bad(node, "`weak` must be a list"))?,
    };
    for entry in weak {
        snapshot.weak.push(WeakFact {
            env: env(entry)?,
            stack: field(entry, "stack")?,
            producer: field(entry, "producer")?,
            output: field(entry, "output")?,
            evidence: Some(evidence(entry)),
        });
    }
    snapshot.sort();
    Ok(snapshot)
}

/// `sha256:<64 lowercase hex>`, as [`crate::load::digest::properties_digest`] writes it:
/// anything else (`12345`, `md5:abc`) would compare unequal and report a false LOCK003.
fn is_digest(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

fn list<'n>(root: &'n Node, key: &str) -> Option<&'n [Node]> {
    root.get(key)?.as_seq()
}

/// Parses lockfile text (for `lock --check`, which compares the rendered text). Text that
/// is not JSON, or JSON that is not a lockfile, is said to be no lockfile.
pub fn parse_text(file: &Path, source: Arc<str>) -> Result<Snapshot, Problem> {
    let root = json::parse(&source).map_err(|e| {
        let mut problem = Problem::syntax(file, "JSON", &source, e);
        problem.message = format!("`{}` is not a lockfile: {}", file.display(), problem.message);
        problem
    })?;
    if !looks_like_lockfile(&root) {
        return Err(Problem::error(
            file,
            format!("`{}` is not a lockfile: it lacks `version`, `exports` or `imports`", file.display()),
        ));
    }
    parse(file, &source, &root)
}
