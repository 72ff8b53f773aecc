//! Human output: miette's graphical reports, one per finding or load problem, then a
//! one-line summary. The consumer's `Fn::ImportValue` is the main snippet; the producer's
//! Output is shown as a related report with its own file.

use std::fmt::{self, Display};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, NamedSource,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Counts, tally};
use crate::diagnostic::{Excerpt, Finding, Severity, Site};
use crate::engine::Suppressed;
use crate::load::Problem;

/// How reports are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width to wrap at.
    pub width: usize,
}

impl Style {
    /// Deterministic output for snapshots and pipes: no colour, 80 columns.
    #[must_use]
    pub fn plain() -> Self {
        Self { color: false, width: 80 }
    }
}

/// One miette report, built from a finding or a problem.
#[derive(Debug)]
struct Report {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Excerpt>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)) as Box<dyn Iterator<Item = &dyn Diagnostic>>
        })
    }
}

/// Template text in a message (an export name, a construct path) may hold control
/// characters; written raw, an escape sequence would restyle or rewrite the terminal.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{FFFD}' } else { c }).collect()
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

fn source_of(site: &Site) -> NamedSource<Excerpt> {
    NamedSource::new(site.file.to_string_lossy().replace('\\', "/"), site.source.clone()).with_language("json")
}

/// An excerpt reads like its whole file: spans are offsets in the file, and the lines
/// and columns miette prints are the file's.
impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inside = span.offset().checked_sub(self.offset).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(inside.into(), span.len());
        let contents = self.text.read_span(&local, context_lines_before, context_lines_after)?;
        let found = SourceSpan::new((contents.span().offset() + self.offset).into(), contents.span().len());
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            found,
            contents.line() + self.lines_before,
            contents.column(),
            contents.line_count(),
        )))
    }
}

fn label(site: &Site) -> LabeledSpan {
    LabeledSpan::new_primary_with_span(Some(printable(&site.label)), (site.span.start as usize, site.span.len()))
}

/// The consumer's snippet first; the producer's Output follows as a related report that
/// carries the help, so the fix is the last thing read (miette prints related reports
/// after the main report's help).
fn finding_report(finding: &Finding) -> Report {
    let related: Vec<Report> = finding
        .producer
        .iter()
        .filter(|_| finding.consumer.is_some())
        .map(|producer| Report {
            message: printable(&format!("producer `{}`", producer.stack)),
            code: None,
            severity: miette::Severity::Advice,
            help: Some(printable(&finding.help)),
            source: Some(source_of(producer)),
            labels: vec![label(producer)],
            related: Vec::new(),
        })
        .collect();
    let main_site = finding.consumer.as_ref().or(finding.producer.as_ref());
    Report {
        message: printable(&finding.message),
        code: Some(finding.code.to_owned()),
        severity: miette_severity(finding.severity),
        help: related.is_empty().then(|| printable(&finding.help)),
        source: main_site.map(source_of),
        labels: main_site.map(label).into_iter().collect(),
        related,
    }
}

fn problem_report(problem: &Problem) -> Report {
    let (source, labels) = match &problem.at {
        Some(at) => {
            let name = problem.file.to_string_lossy().replace('\\', "/");
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(printable(&at.label)),
                (at.span.start as usize, at.span.len()),
            )];
            if let Some((span, text)) = &at.related {
                labels.push(LabeledSpan::new_with_span(Some(text.clone()), (span.start as usize, span.len())));
            }
            let whole = Excerpt { text: Arc::clone(&at.source), offset: 0, lines_before: 0 };
            (Some(NamedSource::new(name, whole)), labels)
        }
        None => (None, Vec::new()),
    };
    let code = match problem.severity {
        Severity::Error => "load-error",
        Severity::Warning => "load-warning",
        Severity::Note => "load-note",
    };
    // Without a snippet the file must still be named.
    let file = problem.file.to_string_lossy().replace('\\', "/");
    let message = if source.is_none() && !problem.message.contains(&file) {
        format!("`{file}`: {}", problem.message)
    } else {
        problem.message.clone()
    };
    Report {
        message: printable(&message),
        code: Some(code.to_owned()),
        severity: miette_severity(problem.severity),
        help: problem.help.as_deref().map(printable),
        source,
        labels,
        related: Vec::new(),
    }
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // Help holds CDK code: wrap between words only, never inside a name or path.
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .without_syntax_highlighting()
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
}

fn render_one(handler: &GraphicalReportHandler, report: &Report, out: &mut String) {
    // Rendering into a String cannot fail for lack of space; a formatting error would
    // only drop this one report.
    let _ = handler.render_report(out, report);
    out.push('\n');
}

/// Every problem, then every finding, as miette reports.
#[must_use]
pub fn render(findings: &[Finding], problems: &[Problem], style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for problem in problems {
        render_one(&handler, &problem_report(problem), &mut out);
    }
    for finding in findings {
        render_one(&handler, &finding_report(finding), &mut out);
    }
    out
}

/// `checked 4 stacks, 2 exports, 2 imports: 2 errors, 0 warnings, 0 notes`
#[must_use]
pub fn summary(findings: &[Finding], problems: &[Problem], counts: Counts) -> String {
    let [errors, warnings, notes] = tally(findings);
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "checked {}, {}, {}: {}, {}, {}",
        plural(counts.stacks, "stack", "stacks"),
        plural(counts.exports, "export", "exports"),
        plural(counts.imports, "import", "imports"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(notes, "note", "notes"),
    );
    if counts.suppressed > 0 {
        line.push_str(&format!(", {} suppressed", counts.suppressed));
    }
    let load_errors = super::load_errors(problems);
    if load_errors > 0 {
        line.push_str(&format!("; {} could not be read", plural(load_errors, "input", "inputs")));
    }
    line.push('\n');
    if !counts.baseline {
        line.push_str("LOCK002-LOCK004 did not run: no --baseline given\n");
    }
    line
}

/// `--show-suppressed`: one line per suppressed finding, with where and why.
#[must_use]
pub fn suppressed(list: &[Suppressed]) -> String {
    let mut out = String::new();
    for s in list {
        let f = &s.finding;
        let place = f.consumer.as_ref().or(f.producer.as_ref()).map_or_else(String::new, |site| {
            let (line, column) = site.line_column(site.at() as usize);
            format!(" at {}:{line}:{column}", site.file.to_string_lossy().replace('\\', "/"))
        });
        let export = f.export.as_deref().map_or_else(String::new, |e| format!(", export `{}`", printable(e)));
        out.push_str(&format!(
            "suppressed {} {}{place}{export}: {} ({}:{})\n",
            f.code,
            f.severity.as_str(),
            printable(&s.reason),
            s.file.to_string_lossy().replace('\\', "/"),
            s.line
        ));
    }
    out
}
