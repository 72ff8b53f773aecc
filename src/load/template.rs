//! One CloudFormation template: its text (kept for snippets) and its parsed tree.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::node::Node;
use super::problem::Problem;
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
    pub source: Arc<str>,
    pub root: Node,
    pub format: Format,
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
        Ok(Self { file: file.to_path_buf(), source, root, format })
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
