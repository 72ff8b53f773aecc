//! JSONPath over template nodes: the only module that uses `jsonpath_rust`.
//!
//! A query runs on a `serde_json::Value` copy of a [`Node`] tree; each match comes back as
//! a normalized path (`$['Outputs']['Api'][0]`), which is walked down the original tree so
//! the caller gets the matched [`Node`] with its span, and the span of the key it sits
//! under. Rules and rule packs never see `jsonpath_rust` or `serde_json` values.
//!
//! Evaluation is bounded: `$..*..*..*` on a 4 KB template 200 levels deep made 6 GB of
//! results. The copy a query runs on ([`Doc`]) charges every value a step hands out for
//! what the result costs (each carries its path from the root written out) against a
//! budget proportional to the document; once spent, the query sees nothing more and
//! [`Selector::select`] says it stopped.

use std::cell::Cell;

use jsonpath_rust::parser::model::JpQuery;
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use jsonpath_rust::query::queryable::Queryable;

use crate::load::node::{Node, Span, Step, Value};

/// A parsed JSONPath query (RFC 9535, as `jsonpath-rust` implements it).
#[derive(Debug, Clone)]
pub struct Selector {
    text: String,
    query: JpQuery,
}

/// One node a query selected.
#[derive(Debug, Clone, Copy)]
pub struct Match<'n> {
    pub node: &'n Node,
    /// The key the node sits under, when its parent is a mapping.
    pub key_span: Option<Span>,
}

impl Selector {
    /// Parses `text`; the error is `jsonpath-rust`'s message.
    pub fn parse(text: &str) -> Result<Selector, String> {
        parse_json_path(text)
            .map(|query| Selector { text: text.to_owned(), query })
            .map_err(|e| concise(&e.to_string()))
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The nodes under `root` the query selects, with their paths from `root`, in the
    /// order the query yields them; [`Overrun`] when it would take more than its budget.
    pub fn select<'n>(&self, root: &'n Node) -> Result<Vec<(Vec<Step>, Match<'n>)>, Overrun> {
        let mut size = 0;
        let doc = Doc::of(root, 1, &mut size);
        let budget = BUDGET_FLOOR.saturating_add(size.saturating_mul(BUDGET_PER_BYTE));
        let outcome = with_budget(budget, || js_path_process(&self.query, &doc));
        let found = match outcome {
            Err(()) => return Err(Overrun { budget }),
            Ok(Ok(found)) => found,
            Ok(Err(_)) => return Ok(Vec::new()),
        };
        Ok(found
            .into_iter()
            .filter_map(|hit| {
                let path = parse_normalized(&hit.path())?;
                let matched = walk(root, &path)?;
                Some((path, matched))
            })
            .collect())
    }
}

/// A query stopped because it would take more than its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overrun {
    /// The budget it spent, in bytes of results (see [`Doc`]).
    pub budget: usize,
}

impl std::fmt::Display for Overrun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the query stopped after {} MiB of intermediate results, four times the document and 4 MiB more; \
             it visits too many values (`..` after `..`, or a filter over every descendant)",
            self.budget / (1024 * 1024)
        )
    }
}

/// Budget per byte of the queried document, and on top of it: a query that visits every
/// value once (`$..*`) takes two to three times a template.
const BUDGET_PER_BYTE: usize = 4;
const BUDGET_FLOOR: usize = 4 * 1024 * 1024;

/// What handing out a value costs: the result itself (a reference and a string, with the
/// allocator's and the result list's share) and its path written out.
fn cost(value: &Doc) -> usize {
    64 + value.path as usize
}

thread_local! {
    /// The budget left to the query running on this thread; `None` when none runs.
    static LEFT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `query` with `budget`; `Err` when it ran out (its result is then incomplete).
fn with_budget<T>(budget: usize, query: impl FnOnce() -> T) -> Result<T, ()> {
    LEFT.with(|left| left.set(Some(budget)));
    let value = query();
    let left = LEFT.with(|left| left.replace(None));
    if left == Some(0) { Err(()) } else { Ok(value) }
}

/// Takes `amount` from the running query's budget; false (and the budget spent) when it
/// does not cover it.
fn charge(amount: usize) -> bool {
    LEFT.with(|left| match left.get() {
        None => true,
        Some(have) if have > amount => {
            left.set(Some(have - amount));
            true
        }
        Some(_) => {
            left.set(Some(0));
            false
        }
    })
}

/// The parser's multi-line report (`Failed to parse rule:  --> 1:21 … = expected atom_expr`)
/// as one line: `expected atom_expr at character 21`.
fn concise(report: &str) -> String {
    let column =
        report.split("-->").nth(1).and_then(|r| r.split_whitespace().next()).and_then(|lc| lc.split(':').nth(1));
    let expected = report.lines().rev().find_map(|l| l.trim().strip_prefix("= "));
    match (column, expected) {
        (Some(column), Some(expected)) => format!("{expected} at character {column}"),
        _ => report.lines().next().unwrap_or_default().trim().to_owned(),
    }
}

/// The copy of a node tree a query runs on: JSON-like values that charge the running
/// query's budget for each value a step hands out (see [`cost`]), and hand out nothing
/// once it is spent, so the query ends soon after.
#[derive(Debug, Clone, Default)]
struct Doc {
    /// The length of its normalized path (`$['Outputs']['Api'][0]`).
    path: u32,
    value: DocValue,
}

#[derive(Debug, Clone, Default, PartialEq)]
enum DocValue {
    #[default]
    Null,
    Bool(bool),
    /// Numbers stay numbers when they parse as JSON numbers (so filters such as
    /// `@.Size > 10` work), else they become strings.
    Number(serde_json::Number),
    String(String),
    Array(Vec<Doc>),
    Object(Vec<(String, Doc)>),
}

impl Doc {
    /// `node`, whose normalized path is `path` bytes long, adding the bytes it holds to
    /// `size`.
    fn of(node: &Node, path: u32, size: &mut usize) -> Doc {
        *size += 16;
        let value = match &node.value {
            Value::Null => DocValue::Null,
            Value::Bool(b) => DocValue::Bool(*b),
            Value::Number(n) => {
                *size += n.len();
                serde_json::from_str::<serde_json::Number>(n)
                    .map_or_else(|_| DocValue::String(n.clone()), DocValue::Number)
            }
            Value::String(s) => {
                *size += s.len();
                DocValue::String(s.clone())
            }
            Value::Seq(items) => DocValue::Array(
                items.iter().enumerate().map(|(i, item)| Doc::of(item, path + index_len(i), size)).collect(),
            ),
            Value::Map(entries) => DocValue::Object(
                entries
                    .iter()
                    .map(|e| {
                        *size += e.key.len();
                        let key_len = u32::try_from(e.key.len() + 4).unwrap_or(u32::MAX);
                        (e.key.clone(), Doc::of(&e.value, path.saturating_add(key_len), size))
                    })
                    .collect(),
            ),
        };
        Doc { path, value }
    }

    fn plain(value: DocValue) -> Doc {
        Doc { path: 1, value }
    }
}

/// `[12]`: the bytes an index adds to a path.
fn index_len(index: usize) -> u32 {
    let digits = index.checked_ilog10().map_or(1, |d| d + 1);
    digits + 2
}

/// Equal by value, wherever they sit.
impl PartialEq for Doc {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl From<&str> for Doc {
    fn from(text: &str) -> Self {
        Doc::plain(DocValue::String(text.to_owned()))
    }
}

impl From<String> for Doc {
    fn from(text: String) -> Self {
        Doc::plain(DocValue::String(text))
    }
}

impl From<bool> for Doc {
    fn from(b: bool) -> Self {
        Doc::plain(DocValue::Bool(b))
    }
}

impl From<i64> for Doc {
    fn from(n: i64) -> Self {
        Doc::plain(DocValue::Number(n.into()))
    }
}

impl From<f64> for Doc {
    fn from(n: f64) -> Self {
        serde_json::Number::from_f64(n).map_or_else(|| Doc::plain(DocValue::Null), |n| Doc::plain(DocValue::Number(n)))
    }
}

impl From<Vec<Doc>> for Doc {
    fn from(items: Vec<Doc>) -> Self {
        Doc::plain(DocValue::Array(items))
    }
}

impl Queryable for Doc {
    fn get(&self, key: &str) -> Option<&Self> {
        let DocValue::Object(entries) = &self.value else { return None };
        let found = entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)?;
        charge(cost(found)).then_some(found)
    }

    fn as_array(&self) -> Option<&Vec<Self>> {
        let DocValue::Array(items) = &self.value else { return None };
        charge(items.iter().map(cost).sum()).then_some(items)
    }

    fn as_object(&self) -> Option<Vec<(&str, &Self)>> {
        let DocValue::Object(entries) = &self.value else { return None };
        charge(entries.iter().map(|(_, v)| cost(v)).sum())
            .then(|| entries.iter().map(|(k, v)| (k.as_str(), v)).collect())
    }

    fn as_str(&self) -> Option<&str> {
        match &self.value {
            DocValue::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match &self.value {
            DocValue::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match &self.value {
            DocValue::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match &self.value {
            DocValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn null() -> Self {
        Doc::plain(DocValue::Null)
    }
}

/// `$['a'][0]['b\'c']` → `[Key(a), Index(0), Key(b'c)]`: the normalized paths of RFC 9535
/// section 2.7, as `jsonpath-rust` writes them.
fn parse_normalized(path: &str) -> Option<Vec<Step>> {
    let mut chars = path.strip_prefix('$')?.chars().peekable();
    let mut steps = Vec::new();
    while let Some(open) = chars.next() {
        if open != '[' {
            return None;
        }
        if chars.peek() == Some(&'\'') {
            chars.next();
            let mut key = String::new();
            loop {
                match chars.next()? {
                    '\'' => break,
                    '\\' => match chars.next()? {
                        'b' => key.push('\u{8}'),
                        'f' => key.push('\u{c}'),
                        'n' => key.push('\n'),
                        'r' => key.push('\r'),
                        't' => key.push('\t'),
                        'u' => {
                            let hex: String = (0..4).map(|_| chars.next()).collect::<Option<_>>()?;
                            key.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                        }
                        other => key.push(other),
                    },
                    c => key.push(c),
                }
            }
            steps.push(Step::Key(key));
        } else {
            let mut digits = String::new();
            while let Some(c) = chars.next_if(char::is_ascii_digit) {
                digits.push(c);
            }
            steps.push(Step::Index(digits.parse().ok()?));
        }
        if chars.next()? != ']' {
            return None;
        }
    }
    Some(steps)
}

/// The node at `path` under `root`.
fn walk<'n>(root: &'n Node, path: &[Step]) -> Option<Match<'n>> {
    let mut here = Match { node: root, key_span: None };
    for step in path {
        here = match (step, &here.node.value) {
            (Step::Key(key), Value::Map(entries)) => {
                let entry = entries.iter().find(|e| &e.key == key)?;
                Match { node: &entry.value, key_span: Some(entry.key_span) }
            }
            (Step::Index(i), Value::Seq(items)) => Match { node: items.get(*i)?, key_span: None },
            _ => return None,
        };
    }
    Some(here)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    #[test]
    fn selects_nodes_with_their_spans() {
        let text = "Outputs:\n  Api:\n    Value: x\n    Export:\n      Name: a\n  Db:\n    Value: y\n    Description: d\n    Export:\n      Name: 'it''s'\n";
        let root = yaml::parse(text).unwrap().root;
        let selector = Selector::parse("$.Outputs[?!@.Description]").unwrap();
        let found = selector.select(&root).unwrap();
        assert_eq!(found.len(), 1);
        let (path, hit) = &found[0];
        assert_eq!(path, &[Step::Key("Outputs".into()), Step::Key("Api".into())]);
        let key = hit.key_span.unwrap();
        assert_eq!(&text[key.start as usize..key.end as usize], "Api");

        let names = Selector::parse("$..Export.Name").unwrap().select(&root).unwrap();
        let names: Vec<_> = names.iter().map(|(_, m)| m.node.as_str().unwrap()).collect();
        assert_eq!(names, ["a", "it's"]);
    }

    #[test]
    fn filters_compare_numbers_strings_and_booleans() {
        let root =
            crate::load::json::parse(r#"{"a": {"n": 12, "s": "x", "b": true}, "c": {"n": 2, "s": "y", "b": false}}"#)
                .unwrap();
        let keys = |query: &str| -> Vec<String> {
            let found = Selector::parse(query).unwrap().select(&root).unwrap();
            found.iter().map(|(path, _)| format!("{path:?}")).collect()
        };
        assert_eq!(keys("$[?@.n > 10]"), [r#"[Key("a")]"#]);
        assert_eq!(keys("$[?@.s == 'y']"), [r#"[Key("c")]"#]);
        assert_eq!(keys("$[?@.b == true]"), [r#"[Key("a")]"#]);
        assert_eq!(keys("$[?length(@.s) == 1]").len(), 2);
    }

    #[test]
    fn a_query_that_visits_too_much_stops_with_an_overrun() {
        // 200 levels in 2 KB: `..*` three times over makes millions of results.
        let deep = format!("{}1{}", "{a: ".repeat(200), "}".repeat(200));
        let root = yaml::parse(&deep).unwrap().root;
        let overrun = Selector::parse("$..*..*..*").unwrap().select(&root).unwrap_err();
        assert_eq!(overrun.budget, BUDGET_FLOOR + 4 * (201 * 16 + 200 + 1));
        assert!(overrun.to_string().starts_with("the query stopped after 4 MiB of intermediate results"));
        // Once is fine, and the budget is not left behind for the next query.
        assert_eq!(Selector::parse("$..*").unwrap().select(&root).unwrap().len(), 200);
        assert!(charge(usize::MAX));
    }

    #[test]
    fn reads_normalized_paths() {
        assert_eq!(
            parse_normalized(r"$['a'][12]['b\'c\\']['\u0041']").unwrap(),
            [Step::Key("a".into()), Step::Index(12), Step::Key("b'c\\".into()), Step::Key("A".into())]
        );
        assert_eq!(parse_normalized("$").unwrap(), []);
        assert!(parse_normalized("$[x]").is_none());
        assert_eq!(Selector::parse("$[?@.a ==").unwrap_err(), "expected comparable at character 10");
    }
}
