//! User rule packs (`--rules DIR`): YAML files a team writes for its own conventions.
//!
//! A pack holds two kinds of entries. `revision_bearing` adds values LOCK001 treats as
//! revision-bearing, by (type, attribute) or by a JSONPath over the producer's template
//! that selects resources. `checks` are simple checks with a `USERnnn` code: a JSONPath
//! over a stack's exports or imports selects the offending nodes, and each becomes a
//! finding at that node. The README documents the format.
//!
//! Loading validates everything up front: a malformed pack is a [`Problem`] pointing at
//! the line, and none of its entries are used. JSONPath goes through [`crate::select`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostic::{Finding, Severity};
use crate::graph::{Graph, Import, StackId};
use crate::load::files::Root;
use crate::load::node::{Entry as NodeEntry, Node, Span, Step, Value};
use crate::load::{Problem, yaml};
use crate::rules::catalog::{Changes, Entry};
use crate::select::{Match, Selector};

/// Every pack given, validated and compiled.
#[derive(Debug, Default)]
pub struct Packs {
    pub revision_bearing: Vec<RevisionBearing>,
    pub checks: Vec<Check>,
    /// Queries that ran out of budget while rules consulted the packs, one problem per
    /// query ([`Packs::take_problems`]).
    overruns: Mutex<Vec<Problem>>,
}

/// A pack's JSONPath, with where it is written for the error when it overruns.
#[derive(Debug)]
pub struct Query {
    pub selector: Selector,
    file: PathBuf,
    source: Arc<str>,
    span: Span,
}

impl Query {
    /// What the query selects under `root` in stack `stack`; when it overruns its budget,
    /// nothing, and a problem naming the pack line (once per query).
    fn select<'n>(&self, root: &'n Node, stack: &str, overruns: &Mutex<Vec<Problem>>) -> Vec<(Vec<Step>, Match<'n>)> {
        let overrun = match self.selector.select(root) {
            Ok(found) => return found,
            Err(overrun) => overrun,
        };
        let mut overruns = overruns.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (line, column) = crate::report::line_column(&self.source, self.span.start as usize);
        let written_at = format!("(line {line}, column {column})");
        let reported = overruns.iter().any(|p| p.file == self.file && p.message.contains(&written_at));
        if !reported {
            let message = format!(
                "rule pack: the JSONPath `{}` {written_at} stopped on stack `{stack}`: {overrun}; it selected nothing there",
                self.selector.text()
            );
            overruns.push(Problem::error(&self.file, message).at(&self.source, self.span, "this query").with_help(
                "select from a named section (`$.Resources[?…]`, `$.Outputs.*`) rather than from every descendant",
            ));
        }
        Vec::new()
    }
}

/// An extra revision-bearing value for LOCK001.
#[derive(Debug)]
pub struct RevisionBearing {
    pub target: Target,
    /// What LOCK001 says changes it, as a catalogue entry would.
    pub entry: Entry,
}

#[derive(Debug)]
pub enum Target {
    /// `type` + `attribute`: like a catalogue entry.
    Type,
    /// `select`: the resources a JSONPath selects in a producer's template (or the
    /// resources holding the nodes it selects); `attribute` narrows it when given.
    Select { selector: Query, attribute: Option<String> },
}

/// A `USERnnn` check.
#[derive(Debug)]
pub struct Check {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub scope: Scope,
    pub selector: Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The query runs on a mapping of the stack's exported Outputs (`{OutputId: Output}`).
    Exports,
    /// The query runs on a list of the stack's `{"Fn::ImportValue": …}` nodes.
    Imports,
}

impl Packs {
    /// Loads every `*.yaml` / `*.yml` file of each folder (or each file) in `paths`.
    /// A pack with any problem is left out whole; its problems are returned.
    #[must_use]
    pub fn load(paths: &[PathBuf], max_file_bytes: u64) -> (Packs, Vec<Problem>) {
        let mut packs = Packs::default();
        let mut problems = Vec::new();
        let mut codes = HashMap::new();
        for path in paths {
            let (root, files) = match pack_files(path, max_file_bytes) {
                Ok(found) => found,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            for file in files {
                let shown = root.shown(&file);
                let text = match root.read_text(&file) {
                    Ok(text) => text,
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                };
                let mut reader = Reader { file: &shown, source: &text, problems: Vec::new() };
                // A rejected pack's codes stay free for later packs.
                let mut pack_codes = codes.clone();
                let pack = reader.pack(&mut pack_codes);
                if reader.problems.is_empty() {
                    codes = pack_codes;
                    packs.revision_bearing.extend(pack.revision_bearing);
                    packs.checks.extend(pack.checks);
                } else {
                    problems.extend(reader.problems);
                }
            }
        }
        (packs, problems)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.revision_bearing.is_empty() && self.checks.is_empty()
    }

    /// The problems of queries that overran their budget since the last call.
    pub fn take_problems(&self) -> Vec<Problem> {
        std::mem::take(&mut *self.overruns.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Whether a selector may select from anywhere in a template, so templates must be
    /// kept whole rather than pruned to what the built-in rules read.
    #[must_use]
    pub fn selects_in_whole_templates(&self) -> bool {
        self.revision_bearing.iter().any(|r| matches!(r.target, Target::Select { .. }))
    }

    /// The revision-bearing selectors resolved against one graph, for rules to consult.
    #[must_use]
    pub fn revisions(&self, graph: &Graph) -> Revisions {
        let mut revisions = Revisions::default();
        for extra in &self.revision_bearing {
            match &extra.target {
                Target::Type => {
                    revisions
                        .by_type
                        .entry((extra.entry.kind.clone(), extra.entry.attribute.clone()))
                        .or_insert_with(|| extra.entry.clone());
                }
                Target::Select { selector, attribute } => {
                    for (stack, source) in graph.stacks.iter().enumerate() {
                        let root = &source.source.template.root;
                        for (path, _) in selector.select(root, &source.source.name, &self.overruns) {
                            let [Step::Key(section), Step::Key(logical_id), ..] = path.as_slice() else { continue };
                            if section != "Resources" {
                                continue;
                            }
                            let kind = source.resources.get(logical_id).map(|r| r.kind.clone()).unwrap_or_default();
                            let entry = Entry { kind, ..extra.entry.clone() };
                            let held = revisions.by_resource.entry((stack, logical_id.clone())).or_default();
                            if !held.iter().any(|(a, e)| a == attribute && e.why == entry.why) {
                                held.push((attribute.clone(), entry));
                            }
                        }
                    }
                }
            }
        }
        revisions
    }

    /// Runs the `USERnnn` checks over every stack of the graph.
    #[must_use]
    pub fn check(&self, graph: &Graph) -> Vec<Finding> {
        let mut findings = Vec::new();
        if self.checks.is_empty() {
            return findings;
        }
        let mut imports_of: Vec<Vec<&Import>> = vec![Vec::new(); graph.stacks.len()];
        for import in &graph.imports {
            imports_of[import.stack].push(import);
        }
        let mut seen = HashSet::new();
        for (stack, imports) in imports_of.into_iter().enumerate() {
            let exports = exports_document(graph, stack);
            let imports = imports_document(&imports);
            for check in &self.checks {
                let document = match check.scope {
                    Scope::Exports => &exports,
                    Scope::Imports => &imports,
                };
                for (path, hit) in check.selector.select(document, &graph.stacks[stack].source.name, &self.overruns) {
                    let finding = finding(graph, stack, check, document, &path, hit);
                    let site = finding.consumer.as_ref().or(finding.producer.as_ref()).map(|s| s.span);
                    if seen.insert((check.code, stack, site)) {
                        findings.push(finding);
                    }
                }
            }
        }
        findings
    }
}

/// Pack values resolved against a graph: what LOCK001 consults beside the catalogue.
#[derive(Debug, Default)]
pub struct Revisions {
    by_type: HashMap<(String, String), Entry>,
    /// (stack, logical id) → what packs selected it for.
    by_resource: HashMap<(StackId, String), Vec<Narrowed>>,
}

/// An entry, and the attribute it is narrowed to (`None`: every value of the resource).
type Narrowed = (Option<String>, Entry);

impl Revisions {
    /// No packs.
    #[must_use]
    pub fn none() -> &'static Revisions {
        static NONE: OnceLock<Revisions> = OnceLock::new();
        NONE.get_or_init(Revisions::default)
    }

    /// What a pack says about `attribute` (`Ref` or a `Fn::GetAtt` name) of resource
    /// `logical_id` (of type `kind`) in stack `stack`.
    #[must_use]
    pub fn lookup(&self, stack: StackId, logical_id: &str, kind: &str, attribute: &str) -> Option<&Entry> {
        if let Some(entry) = self.by_type.get(&(kind.to_owned(), attribute.to_owned())) {
            return Some(entry);
        }
        let held = self.by_resource.get(&(stack, logical_id.to_owned()))?;
        held.iter().find(|(only, _)| only.as_deref().is_none_or(|a| a == attribute)).map(|(_, e)| e)
    }
}

/// The pack files of one `--rules` PATH, sorted, relative to the returned root.
fn pack_files(path: &Path, max_file_bytes: u64) -> Result<(Root, Vec<PathBuf>), Problem> {
    if path.is_file() {
        let parent = path.parent().unwrap_or(Path::new(""));
        let folder = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        let root = Root::new(folder, max_file_bytes)?.with_shown(parent);
        return Ok((root, vec![PathBuf::from(path.file_name().unwrap_or_default())]));
    }
    let root = Root::new(path, max_file_bytes)?;
    let entries = std::fs::read_dir(path)
        .map_err(|e| Problem::error(path, format!("cannot read rule pack folder `{}`: {e}", path.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|name| name.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Problem::warning(path, format!("rule pack folder `{}` has no .yaml or .yml file", path.display())));
    }
    Ok((root, files))
}

/// Reads one pack file, collecting every problem it has.
struct Reader<'a> {
    file: &'a Path,
    source: &'a Arc<str>,
    problems: Vec<Problem>,
}

const PACK_KEYS: &[&str] = &["description", "revision_bearing", "checks"];
const REVISION_KEYS: &[&str] = &["type", "attribute", "select", "why", "changes", "cdk"];
const CHECK_KEYS: &[&str] = &["code", "name", "severity", "message", "help", "exports", "imports"];

impl Reader<'_> {
    fn error(&mut self, span: Span, message: String, label: &str) {
        let (line, column) = crate::report::line_column(self.source, span.start as usize);
        let problem = Problem::error(self.file, format!("rule pack: {message} (line {line}, column {column})"))
            .at(self.source, span, label)
            .with_help("the README's \"Rule packs\" section describes the format");
        self.problems.push(problem);
    }

    fn pack(&mut self, codes: &mut HashMap<&'static str, PathBuf>) -> Packs {
        let mut pack = Packs::default();
        let root = match yaml::parse(self.source) {
            Ok(parsed) => parsed.root,
            Err(error) => {
                self.problems.push(Problem::syntax(self.file, "YAML", self.source, error));
                return pack;
            }
        };
        let Some(entries) = self.mapping(&root, "a rule pack", PACK_KEYS) else { return pack };
        if entries.iter().all(|e| e.key == "description") {
            self.error(root.span, "has neither `revision_bearing` nor `checks`".to_owned(), "nothing to use here");
        }
        for entry in entries {
            match entry.key.as_str() {
                "description" => {
                    self.string(&entry.value, "description");
                }
                "revision_bearing" => {
                    for item in self.list(entry) {
                        if let Some(extra) = self.revision_bearing(item) {
                            pack.revision_bearing.push(extra);
                        }
                    }
                }
                "checks" => {
                    for item in self.list(entry) {
                        if let Some(check) = self.check(item, codes) {
                            pack.checks.push(check);
                        }
                    }
                }
                _ => {}
            }
        }
        pack
    }

    /// `node` as a mapping whose keys are all in `allowed`.
    fn mapping<'n>(&mut self, node: &'n Node, what: &str, allowed: &[&str]) -> Option<&'n [NodeEntry]> {
        let Some(entries) = node.as_map() else {
            self.error(node.span, format!("{what} must be a mapping"), "expected a mapping here");
            return None;
        };
        for entry in entries {
            if !allowed.contains(&entry.key.as_str()) {
                let list = allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                let label = match allowed.iter().find(|k| edit_distance(k, &entry.key) <= 2) {
                    Some(near) => format!("unknown key; did you mean `{near}`?"),
                    None => "unknown key".to_owned(),
                };
                self.error(
                    entry.key_span,
                    format!("unknown key `{}` in {what} (expected one of {list})", entry.key),
                    &label,
                );
            }
        }
        Some(entries)
    }

    fn list<'n>(&mut self, entry: &'n NodeEntry) -> &'n [Node] {
        match entry.value.as_seq() {
            Some(items) => items,
            None => {
                self.error(entry.value.span, format!("`{}` must be a list", entry.key), "expected a list here");
                &[]
            }
        }
    }

    fn string<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n str> {
        match &node.value {
            Value::String(s) if !s.is_empty() => Some(s),
            _ => {
                self.error(node.span, format!("`{key}` must be a non-empty string"), "expected a string here");
                None
            }
        }
    }

    /// The string under `key`, reporting its absence at the mapping's first key.
    fn required<'n>(&mut self, node: &'n Node, entries: &[NodeEntry], key: &str, what: &str) -> Option<&'n str> {
        match node.get(key) {
            Some(value) => self.string(value, key),
            None => {
                let at = entries.first().map_or(node.span, |e| e.key_span);
                self.error(at, format!("{what} has no `{key}`"), &format!("this {what} needs `{key}`"));
                None
            }
        }
    }

    fn optional<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n str> {
        node.get(key).and_then(|value| self.string(value, key))
    }

    fn selector(&mut self, node: &Node, key: &str) -> Option<Query> {
        let text = self.string(node, key)?;
        match Selector::parse(text) {
            Ok(selector) => Some(Query {
                selector,
                file: self.file.to_path_buf(),
                source: Arc::clone(self.source),
                span: node.span,
            }),
            Err(e) => {
                self.error(node.span, format!("`{key}` is not a valid JSONPath: {e}"), "invalid JSONPath");
                None
            }
        }
    }

    fn revision_bearing(&mut self, item: &Node) -> Option<RevisionBearing> {
        const WHAT: &str = "`revision_bearing` entry";
        let entries = self.mapping(item, WHAT, REVISION_KEYS)?;
        let before = self.problems.len();
        let why = self.required(item, entries, "why", WHAT);
        let attribute = self.optional(item, "attribute");
        let cdk = self.optional(item, "cdk").map(str::to_owned);
        let changes = match item.get("changes") {
            None => Some(Changes::OnEveryUpdate),
            Some(node) => match self.string(node, "changes") {
                Some("on-every-update") => Some(Changes::OnEveryUpdate),
                Some("on-replacement") => Some(Changes::OnReplacement),
                Some(other) => {
                    self.error(
                        node.span,
                        format!("`changes` is `{other}`, not `on-every-update` or `on-replacement`"),
                        "unknown value",
                    );
                    None
                }
                None => None,
            },
        };
        let target = match (item.get("type"), item.get("select")) {
            (Some(kind), None) => {
                let kind = self.string(kind, "type");
                if attribute.is_none() {
                    self.required(item, entries, "attribute", WHAT);
                }
                kind.map(|k| (Target::Type, k.to_owned()))
            }
            (None, Some(select)) => self
                .selector(select, "select")
                .map(|selector| (Target::Select { selector, attribute: attribute.map(str::to_owned) }, String::new())),
            (Some(_), Some(select)) => {
                let at = item.entry("select").map_or(select.span, |e| e.key_span);
                self.error(at, format!("a {WHAT} has either `type` or `select`, not both"), "remove one");
                None
            }
            (None, None) => {
                let at = entries.first().map_or(item.span, |e| e.key_span);
                self.error(at, format!("{WHAT} has neither `type` nor `select`"), "this entry needs one");
                None
            }
        };
        if self.problems.len() > before {
            return None;
        }
        let (target, kind) = target?;
        let entry = Entry {
            kind,
            attribute: attribute.unwrap_or("*").to_owned(),
            changes: changes?,
            why: why?.to_owned(),
            cdk,
            pack: Some(self.file.display().to_string()),
        };
        Some(RevisionBearing { target, entry })
    }

    fn check(&mut self, item: &Node, codes: &mut HashMap<&'static str, PathBuf>) -> Option<Check> {
        const WHAT: &str = "check";
        let entries = self.mapping(item, WHAT, CHECK_KEYS)?;
        let before = self.problems.len();
        let code = self.required(item, entries, "code", WHAT);
        if let (Some(code), Some(node)) = (code, item.get("code")) {
            let valid = code.len() == 7 && code.starts_with("USER") && code[4..].bytes().all(|b| b.is_ascii_digit());
            if !valid {
                self.error(
                    node.span,
                    format!("code `{code}` does not match `USER` and three digits"),
                    "e.g. `USER001`",
                );
            } else if let Some(first) = codes.get(code) {
                let first = first.display().to_string();
                self.error(node.span, format!("code `{code}` is already used (in `{first}`)"), "duplicate code");
            }
        }
        let name = self.optional(item, "name");
        if let (Some(name), Some(node)) = (name, item.get("name"))
            && !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.error(node.span, format!("name `{name}` is not kebab-case"), "lowercase words and `-`");
        }
        let severity = match item.get("severity") {
            None => self.required(item, entries, "severity", WHAT).and(None),
            Some(node) => match self.string(node, "severity") {
                Some("error") => Some(Severity::Error),
                Some("warning") => Some(Severity::Warning),
                Some("note") => Some(Severity::Note),
                Some(other) => {
                    self.error(
                        node.span,
                        format!("severity `{other}` is not `error`, `warning` or `note`"),
                        "unknown severity",
                    );
                    None
                }
                None => None,
            },
        };
        let message = self.required(item, entries, "message", WHAT);
        let help = self.required(item, entries, "help", WHAT);
        let query = match (item.get("exports"), item.get("imports")) {
            (Some(q), None) => self.selector(q, "exports").map(|s| (Scope::Exports, s)),
            (None, Some(q)) => self.selector(q, "imports").map(|s| (Scope::Imports, s)),
            (Some(_), Some(q)) => {
                let at = item.entry("imports").map_or(q.span, |e| e.key_span);
                self.error(at, "a check has either `exports` or `imports`, not both".to_owned(), "remove one");
                None
            }
            (None, None) => {
                let at = entries.first().map_or(item.span, |e| e.key_span);
                self.error(
                    at,
                    "check has neither `exports` nor `imports` (the JSONPath that selects offending nodes)".to_owned(),
                    "this check needs one",
                );
                None
            }
        };
        if self.problems.len() > before {
            return None;
        }
        let code = intern(code?);
        codes.insert(code, self.file.to_path_buf());
        let (scope, selector) = query?;
        Some(Check {
            code,
            name: intern(name.unwrap_or("user-check")),
            severity: severity?,
            message: message?.to_owned(),
            help: help?.to_owned(),
            scope,
            selector,
        })
    }
}

/// Levenshtein distance, for "did you mean" on misspelt keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Pack codes and names live as long as the process, like the built-in rules' (findings
/// carry `&'static str`); each distinct string is kept once however often packs load.
fn intern(text: &str) -> &'static str {
    static STRINGS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut strings = STRINGS.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&known) = strings.get(text) {
        return known;
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    strings.insert(leaked);
    leaked
}

/// `{OutputId: Output}` for the stack's Outputs that have an `Export`.
fn exports_document(graph: &Graph, stack: StackId) -> Node {
    let outputs = graph.stacks[stack].source.template.root.get("Outputs");
    let exported = outputs
        .and_then(Node::as_map)
        .unwrap_or_default()
        .iter()
        .filter(|e| e.value.get("Export").is_some())
        .cloned()
        .collect();
    Node::new(outputs.map_or_else(Span::default, |o| o.span), Value::Map(exported))
}

/// `[{"Fn::ImportValue": …}, …]`: the stack's imports, in template order, with the
/// spans they were written at.
fn imports_document(imports: &[&Import]) -> Node {
    let imports = imports
        .iter()
        .map(|import| {
            let entry = NodeEntry {
                key: "Fn::ImportValue".to_owned(),
                key_span: import.key_span,
                value: import.argument.clone(),
            };
            Node::new(import.span, Value::Map(vec![entry]))
        })
        .collect();
    Node::new(Span::default(), Value::Seq(imports))
}

fn finding(graph: &Graph, stack: StackId, check: &Check, document: &Node, path: &[Step], hit: Match<'_>) -> Finding {
    let source = &graph.stacks[stack].source;
    let compound = matches!(hit.node.value, Value::Map(_) | Value::Seq(_));
    // A mapping or list is shown by its key; a scalar by itself.
    let mut span = match hit.key_span {
        Some(key) if compound => key,
        _ => hit.node.span,
    };
    let (mut export, mut logical_id) = (None, None);
    match (check.scope, path.first()) {
        (Scope::Exports, Some(Step::Key(output))) => {
            export = graph
                .exports
                .iter()
                .find(|e| e.stack == stack && &e.output == output)
                .map(|e| e.name.shown().to_owned());
            logical_id = Some(output.clone());
        }
        (Scope::Imports, Some(Step::Index(i))) => {
            let import_node = document.as_seq().and_then(|s| s.get(*i)).and_then(|n| n.as_map()?.first().cloned());
            if let Some(entry) = import_node {
                let import = graph.imports.iter().find(|im| im.stack == stack && im.key_span == entry.key_span);
                if path.len() == 1 {
                    span = entry.key_span.to(entry.value.span);
                }
                export = import.map(|im| im.name.shown().to_owned());
                logical_id = import.and_then(|im| im.holder.logical_id.clone());
            }
        }
        _ => {}
    }
    let site =
        crate::rules::site(graph, stack, span, format!("selected by `{}`", check.selector.selector.text()), logical_id);
    let (consumer, producer) = match check.scope {
        Scope::Exports => (None, Some(site)),
        Scope::Imports => (Some(site), None),
    };
    Finding {
        code: check.code,
        rule: check.name,
        severity: check.severity,
        reference: None,
        message: check.message.clone(),
        help: check.help.clone(),
        export,
        env: Some(source.env.to_string()),
        consumer,
        producer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` as a pack: its entries, or the messages of its problems.
    fn read(text: &str) -> Result<Packs, Vec<String>> {
        let source: Arc<str> = Arc::from(text);
        let mut reader = Reader { file: Path::new("pack.yaml"), source: &source, problems: Vec::new() };
        let pack = reader.pack(&mut HashMap::new());
        if reader.problems.is_empty() {
            Ok(pack)
        } else {
            Err(reader.problems.into_iter().map(|p| p.message).collect())
        }
    }

    #[test]
    fn reads_both_kinds_of_revision_bearing_entries() {
        let pack = read(
            "revision_bearing:\n\
             \x20 - type: Custom::Publisher\n    attribute: Version\n    why: bumped\n    changes: on-replacement\n\
             \x20 - select: \"$.Resources[?@.Metadata.versioned]\"\n    why: flagged\n",
        )
        .unwrap();
        assert_eq!(pack.revision_bearing.len(), 2);
        let first = &pack.revision_bearing[0].entry;
        assert_eq!((first.kind.as_str(), first.attribute.as_str()), ("Custom::Publisher", "Version"));
        assert_eq!(first.changes, Changes::OnReplacement);
        assert_eq!(first.pack.as_deref(), Some("pack.yaml"));
        assert!(matches!(&pack.revision_bearing[1].target, Target::Select { attribute: None, .. }));
    }

    #[test]
    fn refuses_malformed_entries_with_their_lines() {
        let errors = read("revision_bearing:\n  - type: A::B::C\n    select: \"$\"\n    why: x\n").unwrap_err();
        assert_eq!(
            errors,
            ["rule pack: a `revision_bearing` entry has either `type` or `select`, not both (line 3, column 5)"]
        );
        let errors = read("revision_bearing:\n  - type: A::B::C\n    why: x\n").unwrap_err();
        assert_eq!(errors, ["rule pack: `revision_bearing` entry has no `attribute` (line 2, column 5)"]);
        let errors = read("description: nothing\n").unwrap_err();
        assert_eq!(errors, ["rule pack: has neither `revision_bearing` nor `checks` (line 1, column 1)"]);
        let errors = read("checks: {}\n").unwrap_err();
        assert_eq!(errors, ["rule pack: `checks` must be a list (line 1, column 9)"]);
        let errors = read(
            "checks:\n  - code: USER001\n    severity: fatal\n    message: m\n    help: h\n    exports: \"$\"\n    imports: \"$\"\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("severity `fatal`") && errors[1].contains("not both"), "{errors:?}");
    }

    #[test]
    fn suggests_the_key_a_typo_meant() {
        assert_eq!(edit_distance("severty", "severity"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("imports", "exports"), 2);
    }
}
