//! JSONPath over template nodes: the only module that uses `jsonpath_rust`.
//!
//! A query runs on a `serde_json::Value` copy of a [`Node`] tree; each match comes back as
//! a normalized path (`$['Outputs']['Api'][0]`), which is walked down the original tree so
//! the caller gets the matched [`Node`] with its span, and the span of the key it sits
//! under. Rules and rule packs never see `jsonpath_rust` or `serde_json` values.

use jsonpath_rust::parser::model::JpQuery;
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;

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
    /// order the query yields them.
    #[must_use]
    pub fn select<'n>(&self, root: &'n Node) -> Vec<(Vec<Step>, Match<'n>)> {
        let value = to_json(root);
        let Ok(found) = js_path_process(&self.query, &value) else { return Vec::new() };
        found
            .into_iter()
            .filter_map(|hit| {
                let path = parse_normalized(&hit.path())?;
                let matched = walk(root, &path)?;
                Some((path, matched))
            })
            .collect()
    }
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

/// A node as JSON: numbers stay numbers when they parse as JSON numbers (so filters such
/// as `@.Size > 10` work), else they become strings.
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str::<serde_json::Number>(n)
            .map_or_else(|_| serde_json::Value::String(n.clone()), serde_json::Value::Number),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => {
            serde_json::Value::Object(entries.iter().map(|e| (e.key.clone(), to_json(&e.value))).collect())
        }
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
        let found = selector.select(&root);
        assert_eq!(found.len(), 1);
        let (path, hit) = &found[0];
        assert_eq!(path, &[Step::Key("Outputs".into()), Step::Key("Api".into())]);
        let key = hit.key_span.unwrap();
        assert_eq!(&text[key.start as usize..key.end as usize], "Api");

        let names = Selector::parse("$..Export.Name").unwrap().select(&root);
        let names: Vec<_> = names.iter().map(|(_, m)| m.node.as_str().unwrap()).collect();
        assert_eq!(names, ["a", "it's"]);
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
