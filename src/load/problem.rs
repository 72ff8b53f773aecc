//! What went wrong (or was worth saying) while loading, as plain data for the reporter.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::node::Span;
use super::syntax::SyntaxError;
use crate::Severity;

/// A load error, warning or note about one file. Errors make the run exit with status 2;
/// the rest of the input is still checked.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// The file as the user can reach it (the PATH joined with the path inside it).
    pub file: PathBuf,
    pub message: String,
    /// Where in the file, when the file could be read as text.
    pub at: Option<Located>,
    pub help: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Located {
    pub source: Arc<str>,
    pub span: Span,
    pub label: String,
    pub related: Option<(Span, String)>,
}

impl Problem {
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, file: file.to_path_buf(), message: message.into(), at: None, help: None }
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, message) }
    }

    pub fn note(file: &Path, message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, ..Self::error(file, message) }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn at(mut self, source: &Arc<str>, span: Span, label: impl Into<String>) -> Self {
        self.at = Some(Located { source: Arc::clone(source), span, label: label.into(), related: None });
        self
    }

    /// A syntax error in a file whose text is known.
    pub fn syntax(file: &Path, what: &str, source: &Arc<str>, error: SyntaxError) -> Self {
        let (line, column) = crate::report::line_column(source, error.span.start as usize);
        let mut problem = Self::error(
            file,
            format!("{what} is not valid: {} at line {line}, column {column}", error.message),
        )
        .at(source, error.span, error.message);
        if let Some(at) = problem.at.as_mut() {
            at.related = error.related;
        }
        problem
    }
}
