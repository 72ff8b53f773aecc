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

/// How a consumer reads a value from another stack: `Fn::ImportValue` (strong: it locks
/// the export), `Fn::GetStackOutput` (weak: it locks nothing and can go stale or dangle),
/// or CDK's cross-region export reader (strong, through SSM parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reference {
    Import,
    Weak,
    CrossRegion,
}

impl Reference {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Import => "import",
            Reference::Weak => "weak",
            Reference::CrossRegion => "cross-region",
        }
    }
}

/// One rule violation between (usually) a consumer and a producer stack.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// How the consumer reads the value, for findings about a reference.
    pub reference: Option<Reference>,
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
    /// The lines around `span`, enough for a snippet and exact line numbers; cut for
    /// this span (`rules::site` makes both together).
    pub source: Excerpt,
    /// What is underlined (offsets in the whole file); line and column point at its start.
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

    /// 1-based line and column (in characters) of a byte offset of the file.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.source.line_column(offset)
    }
}

/// Lines around what a finding shows, not the whole template: a run with thousands of
/// findings keeps a few hundred bytes for each, whatever the size of the templates.
#[derive(Debug, Clone)]
pub struct Excerpt {
    /// Whole lines of the file.
    pub text: Arc<str>,
    /// Where `text` starts in the file.
    pub offset: usize,
    /// How many lines of the file come before `text`.
    pub lines_before: usize,
}

impl Excerpt {
    /// Lines kept on each side of the span: more than the one line snippets show.
    const MARGIN: usize = 3;

    /// The lines of `text` (a whole file) that `span` covers, with a margin.
    #[must_use]
    pub fn around(text: &str, span: Span) -> Excerpt {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (start, end) = (floor(span.start as usize), floor(span.end.max(span.start) as usize));
        // Back to the start of the line `MARGIN` lines up, forward to the end of the line
        // `MARGIN` lines down; the cuts are after or at newlines, so char boundaries.
        let from = text[..start].rmatch_indices('\n').nth(Self::MARGIN).map_or(0, |(i, _)| i + 1);
        let to = text[end..].match_indices('\n').nth(Self::MARGIN).map_or(text.len(), |(i, _)| end + i + 1);
        let lines_before = text.as_bytes()[..from].iter().filter(|&&b| b == b'\n').count();
        Excerpt { text: Arc::from(&text[from..to]), offset: from, lines_before }
    }

    /// 1-based line and column (in characters) of a byte offset of the file; offsets
    /// outside the excerpt are taken to its nearest end.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let (line, column) = crate::report::line_column(&self.text, offset.saturating_sub(self.offset));
        (line + self.lines_before, column)
    }

    /// The text of `span` (offsets in the file), when the excerpt holds it.
    #[must_use]
    pub fn get(&self, span: Span) -> Option<&str> {
        let start = (span.start as usize).checked_sub(self.offset)?;
        let end = (span.end as usize).checked_sub(self.offset)?;
        self.text.get(start..end)
    }
}

impl Finding {
    /// A pack check's finding (`USER001`), with no sites: what renderers meet from codes
    /// outside the registry.
    #[cfg(test)]
    pub(crate) fn from_user_pack(severity: Severity) -> Finding {
        Finding {
            code: "USER001",
            rule: "no-public-exports",
            severity,
            reference: None,
            message: "m".into(),
            help: "h".into(),
            export: None,
            env: None,
            consumer: None,
            producer: None,
        }
    }

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
