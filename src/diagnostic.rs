//! A finding: what a rule reports, as plain data. Rendering belongs to `report`.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::load::node::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One rule violation between (usually) a consumer and a producer stack.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub export: Option<String>,
    pub env: Option<String>,
    pub consumer: Option<Site>,
    pub producer: Option<Site>,
}

/// A place in one stack's template that a finding points at.
#[derive(Debug, Clone)]
pub struct Site {
    pub stack: String,
    pub artifact: Option<String>,
    pub file: PathBuf,
    pub source: Arc<str>,
    /// What is underlined; line and column point at its start (the key).
    pub span: Span,
    pub label: String,
    /// Consumer: the resource (or output) holding the import. Producer: the Output.
    pub logical_id: Option<String>,
    pub construct_path: Option<String>,
}

impl Site {
    /// The byte offset its line and column are reported at: where the span starts.
    #[must_use]
    pub fn at(&self) -> u32 {
        self.span.start
    }
}

impl Finding {
    /// The order findings are reported in: by file, place, code, then the other side.
    #[must_use]
    pub fn sort_key(&self) -> (PathBuf, u32, &'static str, PathBuf, u32, String) {
        let (file, at) = self
            .consumer
            .as_ref()
            .or(self.producer.as_ref())
            .map_or_else(Default::default, |s| (s.file.clone(), s.at()));
        let (other_file, other_at) = self.producer.as_ref().map_or_else(Default::default, |s| (s.file.clone(), s.at()));
        (file, at, self.code, other_file, other_at, self.message.clone())
    }
}
