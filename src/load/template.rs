//! One CloudFormation template: its parsed tree, and its text for snippets (kept, or
//! read again when a finding needs it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::Root;
use super::node::{Node, Value};
use super::problem::Problem;
use super::prune::{KeptResource, prune};
use super::references::{self, Reference};
use super::source::Source;
use super::{json, yaml};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

#[derive(Debug, Clone)]
pub struct Template {
    /// As the user can reach it: the PATH joined with the path inside it.
    pub file: PathBuf,
    pub source: Source,
    /// The whole document, or after [`Template::keep_facts_only`] what the rules read.
    pub root: Node,
    pub format: Format,
    /// Whether `root` is all of the document.
    pub whole: bool,
    /// Whether every resource carries `aws:cdk:path` metadata (known once pruned).
    pub every_resource_has_a_path: bool,
    /// The cross-stack references, found before pruning; `None`: find them in `root`.
    pub references: Option<Vec<Reference>>,
    /// Digests of the `Properties` of every resource a traced value can lead to, taken
    /// before pruning (see [`super::prune::Pruned::digests`]).
    pub digests: Option<HashMap<String, String>>,
    /// The resources pruning kept facts of; `None`: every resource is in `root`.
    pub resources: Option<Vec<KeptResource>>,
}

impl Template {
    /// Parses `source`, choosing the format from the file name, else from the first
    /// character. Notes about the template (unknown YAML tags) go to `notes`.
    pub fn parse(file: &Path, source: Arc<str>, notes: &mut Vec<Problem>) -> Result<Self, Problem> {
        let format = detect_format(file, &source);
        let root = match format {
            Format::Json => json::parse(&source).map_err(|e| Problem::syntax(file, "JSON", &source, e))?,
            Format::Yaml => {
                let parsed = yaml::parse(&source).map_err(|e| Problem::syntax(file, "YAML", &source, e))?;
                for (tag, span) in parsed.unknown_tags {
                    notes.push(
                        Problem::note(file, format!("`{}`: unknown YAML tag `{tag}` kept as an opaque value", file.display()))
                            .at(&source, span, "not a CloudFormation tag")
                            .with_help("tool tags such as `!Rain::Embed` are expanded by their tool before deploy; cfnlint-lock does not look inside them"),
                    );
                }
                parsed.root
            }
        };
        Ok(Self::whole(file.to_path_buf(), Source::kept(source), root, format))
    }

    /// A template whose `root` is all of the document `source` holds.
    #[must_use]
    pub fn whole(file: PathBuf, source: Source, root: Node, format: Format) -> Self {
        Self {
            file,
            source,
            root,
            format,
            whole: true,
            every_resource_has_a_path: false,
            references: None,
            digests: None,
            resources: None,
        }
    }

    /// Keeps only what the graph and the rules read (see [`super::prune`]) and lets the
    /// text go: it is read again from `rel` inside `root` if a finding needs a snippet.
    /// With `digests`, the digests of the property values it drops are taken first.
    pub fn keep_facts_only(&mut self, root: &Arc<Root>, rel: &Path, digests: bool) {
        let text = self.source.text();
        self.source = Source::on_disk(Arc::clone(root), rel.to_path_buf(), &text);
        let placeholder = Node::new(self.root.span, Value::Null);
        let document = std::mem::replace(&mut self.root, placeholder);
        let references = references::find(&document);
        let pruned = prune(document, &references, digests);
        self.references = Some(references);
        self.digests = pruned.digests;
        self.resources = Some(pruned.resources);
        self.root = pruned.root;
        self.every_resource_has_a_path = pruned.every_resource_has_a_path;
        self.whole = false;
    }

    /// The cross-stack references (the graph takes them once).
    pub fn take_references(&mut self) -> Vec<Reference> {
        self.references.take().unwrap_or_else(|| references::find(&self.root))
    }

    /// The whole document: `root`, or the text parsed again when it was pruned. Only for
    /// what is rarely asked, about a part the pruning did not keep.
    #[must_use]
    pub fn whole_root(&self) -> Option<std::borrow::Cow<'_, Node>> {
        if self.whole {
            return Some(std::borrow::Cow::Borrowed(&self.root));
        }
        let text = self.source.text();
        let parsed = match self.format {
            Format::Json => json::parse(&text).ok(),
            Format::Yaml => yaml::parse(&text).ok().map(|parsed| parsed.root),
        };
        parsed.map(std::borrow::Cow::Owned)
    }

    /// Whether the parsed document looks like a CloudFormation template at all.
    #[must_use]
    pub fn looks_like_cloudformation(&self) -> bool {
        ["Resources", "AWSTemplateFormatVersion", "Outputs", "Transform"].iter().any(|k| self.root.get(k).is_some())
    }
}

fn detect_format(file: &Path, source: &str) -> Format {
    match file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Format::Json,
        Some("yaml" | "yml") => Format::Yaml,
        _ if source.trim_start().starts_with('{') => Format::Json,
        _ => Format::Yaml,
    }
}

/// Whether a file name says YAML (`.yaml`, `.yml`).
#[must_use]
pub fn is_yaml_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("yaml" | "yml"))
}

/// Whether a file name is one cfnlint-lock reads as a template in a folder of templates.
#[must_use]
pub fn is_template_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("json" | "yaml" | "yml" | "template")
    )
}
