//! YAML templates into [`Node`]s, with CloudFormation's short-form tags rewritten to their
//! long forms (`!GetAtt a.b` becomes `{"Fn::GetAtt": ["a", "b"]}`).
//!
//! Built on `saphyr-parser`'s event stream, which reports a span and the tag of every
//! node. Scalars stay strings (`2012-10-17` is not a date here): CloudFormation reads
//! them as strings too. Aliases are expanded under two budgets, values and bytes, so an
//! alias bomb (many values, or one large value aliased many times) is an error instead of
//! an out-of-memory kill.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use super::node::{Entry, Node, Span, Value};
use super::syntax::{MAX_DEPTH, SyntaxError};

/// Bytes of expanded aliases allowed beyond twice the file's size.
const ALIAS_BYTES_FLOOR: usize = 16 * 1024 * 1024;

/// Short-form tags whose long form is `Fn::<suffix>`.
const FN_TAGS: &[&str] = &[
    "And",
    "Base64",
    "Cidr",
    "Equals",
    "FindInMap",
    "ForEach",
    "GetAZs",
    "GetAtt",
    "GetStackOutput",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "Or",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
];

/// A parsed YAML template and what was noticed on the way.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    /// Tags that are not CloudFormation's (e.g. `!Rain::Embed`), kept as opaque values.
    pub unknown_tags: Vec<(String, Span)>,
}

pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    Builder::new(text).run()
}

enum Frame {
    Seq { start: usize, tag: Option<Tag>, items: Vec<Node>, anchor: usize },
    Map { start: usize, tag: Option<Tag>, entries: Vec<Entry>, pending_key: Option<(String, Span)>, anchor: usize },
}

struct Builder<'t> {
    text: &'t str,
    /// Byte offset of each character, only for non-ASCII text (saphyr counts characters).
    char_offsets: Option<Vec<u32>>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    /// Values created so far, aliases included: the alias-bomb guard.
    created: usize,
    budget: usize,
    /// Bytes the expanded aliases hold so far (their nodes and text), against `byte_budget`:
    /// one anchored 1 MB scalar aliased 5,000 times creates few values but 5 GB.
    alias_bytes: usize,
    byte_budget: usize,
    unknown_tags: Vec<(String, Span)>,
    root: Option<Node>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        let char_offsets = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .chain(std::iter::once(u32::try_from(text.len()).unwrap_or(u32::MAX)))
                .collect()
        });
        Self {
            text,
            char_offsets,
            stack: Vec::new(),
            anchors: HashMap::new(),
            created: 0,
            // Generous for any real template (whose values number far fewer than its
            // bytes), far below what an alias bomb needs: aliases can at most about double
            // what the text itself can hold, so memory stays proportional to the file.
            budget: 100_000 + text.len(),
            // As much again as the text and a little more: memory stays within a small
            // multiple of the file, whatever the aliases.
            alias_bytes: 0,
            byte_budget: ALIAS_BYTES_FLOOR + 2 * text.len(),
            unknown_tags: Vec::new(),
            root: None,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.char_offsets {
            None => char_index,
            Some(offsets) => offsets.get(char_index).map_or(self.text.len(), |&b| b as usize),
        }
    }

    /// A span with the trailing white space of block nodes trimmed off.
    fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start).min(self.text.len());
        let trimmed = self.text.get(start..end).map_or(0, |s| s.len() - s.trim_end().len());
        Span::new(start, end - trimmed)
    }

    fn run(mut self) -> Result<Parsed, SyntaxError> {
        let mut parser = Parser::new_from_str(self.text);
        let mut documents = 0;
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(|e| {
                let at = self.byte(e.marker().index());
                // saphyr counts flow levels in a `u8` and stops at its overflow; say what
                // that means.
                let message = if e.info() == "recursion limit exceeded" {
                    "flow collections (`[…]`, `{…}`) are nested deeper than 255 levels".to_owned()
                } else {
                    e.info().to_owned()
                };
                SyntaxError::new(message, Span::new(at, at + 1))
            })?;
            let start = self.byte(span.start.index());
            let end = self.byte(span.end.index());
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(SyntaxError::new(
                            "a template holds one YAML document; this is the second".into(),
                            Span::new(start, start + 3),
                        ));
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let value = scalar_value(&text, style, tag.is_none());
                    let node = Node::new(self.span(start, end), value);
                    let node = self.apply_tag(node, tag.map(std::borrow::Cow::into_owned), start)?;
                    self.remember(anchor, &node);
                    self.push(node)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(
                        Frame::Seq { start, tag: tag.map(std::borrow::Cow::into_owned), items: Vec::new(), anchor },
                        start,
                    )?;
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(
                        Frame::Map {
                            start,
                            tag: tag.map(std::borrow::Cow::into_owned),
                            entries: Vec::new(),
                            pending_key: None,
                            anchor,
                        },
                        start,
                    )?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(end.max(start))?,
                Event::Alias(id) => {
                    let node =
                        self.anchors.get(&id).cloned().ok_or_else(|| {
                            SyntaxError::new("alias to an unknown anchor".into(), Span::new(start, end))
                        })?;
                    self.created += count(&node);
                    if self.created > self.budget {
                        return Err(SyntaxError::new(
                            format!("YAML aliases expand to more than {} values (an alias bomb?)", self.budget),
                            Span::new(start, end),
                        ));
                    }
                    self.alias_bytes = self.alias_bytes.saturating_add(footprint(&node));
                    if self.alias_bytes > self.byte_budget {
                        return Err(SyntaxError::new(
                            format!(
                                "YAML aliases expand to more than {} bytes, twice the file and 16 MiB more (an alias bomb?)",
                                self.byte_budget
                            ),
                            Span::new(start, end),
                        ));
                    }
                    // An alias copies a whole subtree: without this, anchors nested inside
                    // aliases would build a tree deeper than `MAX_DEPTH`, which everything
                    // downstream walks recursively. Every tree built here keeps to the
                    // limit, so `depth` itself recurses at most `MAX_DEPTH` levels. (`depth`
                    // counts the scalar at the bottom too, hence the `+ 1`.)
                    if self.stack.len() + node.depth() > MAX_DEPTH + 1 {
                        return Err(SyntaxError::new(
                            format!("values are nested deeper than {MAX_DEPTH} levels once aliases are expanded"),
                            Span::new(start, end),
                        ));
                    }
                    self.push(Node { span: Span::new(start, end), ..node })?;
                }
                Event::StreamEnd => break,
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            }
        }
        let root = self.root.take().unwrap_or_else(|| Node::new(Span::new(0, 0), Value::Null));
        Ok(Parsed { root, unknown_tags: self.unknown_tags })
    }

    fn open(&mut self, frame: Frame, start: usize) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError::new(
                format!("values are nested deeper than {MAX_DEPTH} levels"),
                Span::new(start, start + 1),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end: usize) -> Result<(), SyntaxError> {
        let Some(frame) = self.stack.pop() else { return Ok(()) };
        let (node, tag, anchor, start) = match frame {
            Frame::Seq { start, tag, items, anchor } => {
                (Node::new(self.span(start, end), Value::Seq(items)), tag, anchor, start)
            }
            Frame::Map { start, tag, entries, anchor, .. } => {
                (Node::new(self.span(start, end), Value::Map(entries)), tag, anchor, start)
            }
        };
        let node = self.apply_tag(node, tag, start)?;
        self.remember(anchor, &node);
        self.push(node)
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn push(&mut self, node: Node) -> Result<(), SyntaxError> {
        self.created += 1;
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, pending_key, .. }) => match pending_key.take() {
                None => {
                    let key = match &node.value {
                        Value::String(s) | Value::Number(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(SyntaxError::new(
                                "a mapping key must be a plain value, not a list or mapping".into(),
                                node.span,
                            ));
                        }
                    };
                    if let Some(first) = entries.iter().find(|e| e.key == key) {
                        return Err(SyntaxError::duplicate_key(&key, node.span, first.key_span));
                    }
                    *pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => entries.push(Entry { key, key_span, value: node }),
            },
        }
        Ok(())
    }

    /// Rewrites `!Ref x` into `{"Ref": x}` and its kin; keeps unknown tags as
    /// `{"!Tag": x}` and records them, so nothing is silently dropped.
    fn apply_tag(&mut self, node: Node, tag: Option<Tag>, start: usize) -> Result<Node, SyntaxError> {
        let Some(mut tag) = tag else { return Ok(node) };
        // `!<!ImportValue>` is the verbatim form of `!ImportValue`: the same local tag.
        if tag.handle.is_empty()
            && let Some(local) = tag.suffix.strip_prefix('!').filter(|s| !s.is_empty() && !s.contains('!'))
        {
            tag = Tag { handle: "!".to_owned(), suffix: local.to_owned() };
        }
        if tag.is_yaml_core_schema() {
            // `!!str 12` and friends: the value is already kept as written.
            return Ok(node);
        }
        let tag_text =
            if tag.handle == "!" { format!("!{}", tag.suffix) } else { format!("{}{}", tag.handle, tag.suffix) };
        // The tag as written, not as resolved: `%TAG` directives and `!<…>` make the
        // resolved text longer or shorter than the source, and a span measured on the
        // resolved text can end past the end of the file.
        let key_span = Span::new(start, start + tag_len_at(self.text, start));
        let suffix = tag.suffix.as_str();
        let (key, value) = if tag.handle != "!" {
            self.unknown_tags.push((tag_text.clone(), key_span));
            (tag_text, node)
        } else if suffix == "Ref" || suffix == "Condition" {
            (suffix.to_owned(), node)
        } else if suffix == "GetAtt" && matches!(node.value, Value::String(_)) {
            (format!("Fn::{suffix}"), split_get_att(node))
        } else if FN_TAGS.contains(&suffix) {
            (format!("Fn::{suffix}"), node)
        } else {
            self.unknown_tags.push((tag_text.clone(), key_span));
            (tag_text, node)
        };
        let span = node_span_with_tag(key_span, &value);
        Ok(Node::new(span, Value::Map(vec![Entry { key, key_span, value }])))
    }
}

/// The length in bytes of the tag written at `start` (`!Ref`, `!e!foo`, `!<tag:x>`), up
/// to the white space or flow indicator after it; 0 if no tag starts there.
fn tag_len_at(text: &str, start: usize) -> usize {
    let Some(rest) = text.get(start..).filter(|rest| rest.starts_with('!')) else { return 0 };
    rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}')).unwrap_or(rest.len())
}

fn node_span_with_tag(tag: Span, value: &Node) -> Span {
    tag.to(value.span)
}

/// `!GetAtt Resource.Attr.Sub` names the resource before the first dot.
fn split_get_att(node: Node) -> Node {
    let Value::String(s) = &node.value else { return node };
    let (resource, attribute) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let items = vec![
        Node::new(node.span, Value::String(resource.to_owned())),
        Node::new(node.span, Value::String(attribute.to_owned())),
    ];
    Node::new(node.span, Value::Seq(items))
}

fn scalar_value(text: &str, style: ScalarStyle, untagged: bool) -> Value {
    if style != ScalarStyle::Plain || !untagged {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => Value::String(text.to_owned()),
    }
}

/// What a copy of `node` costs in memory: a slot for each value and the text it holds.
fn footprint(node: &Node) -> usize {
    let slot = std::mem::size_of::<Entry>();
    match &node.value {
        Value::Seq(items) => slot + items.iter().map(footprint).sum::<usize>(),
        Value::Map(entries) => slot + entries.iter().map(|e| e.key.len() + footprint(&e.value)).sum::<usize>(),
        Value::String(s) | Value::Number(s) => slot + s.len(),
        Value::Null | Value::Bool(_) => slot,
    }
}

fn count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| count(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_short_forms() {
        let text = "a: !Ref Foo\nb: !GetAtt Res.Arn\nc: !ImportValue\n  Fn::Sub: '${P}-x'\nd: 2012-10-17\n";
        let root = parse(text).unwrap().root;
        assert_eq!(root.get("a").unwrap().to_string(), r#"{"Ref":"Foo"}"#);
        assert_eq!(root.get("b").unwrap().to_string(), r#"{"Fn::GetAtt":["Res","Arn"]}"#);
        assert_eq!(root.get("c").unwrap().to_string(), r#"{"Fn::ImportValue":{"Fn::Sub":"${P}-x"}}"#);
        assert_eq!(root.get("d").unwrap().as_str(), Some("2012-10-17"));
        let c = root.get("c").unwrap().entry("Fn::ImportValue").unwrap();
        assert_eq!(&text[c.key_span.start as usize..c.key_span.end as usize], "!ImportValue");
    }

    #[test]
    fn verbatim_local_tags_are_the_short_forms() {
        let text = "a: !<!ImportValue> shared-vpc\nb: !<!GetAtt> Res.Arn\nc: !<tag:x.org,2000:y> z\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.root.get("a").unwrap().to_string(), r#"{"Fn::ImportValue":"shared-vpc"}"#);
        assert_eq!(parsed.root.get("b").unwrap().to_string(), r#"{"Fn::GetAtt":["Res","Arn"]}"#);
        let a = parsed.root.get("a").unwrap().entry("Fn::ImportValue").unwrap();
        assert_eq!(&text[a.key_span.start as usize..a.key_span.end as usize], "!<!ImportValue>");
        assert_eq!(parsed.unknown_tags.len(), 1, "{:?}", parsed.unknown_tags);
    }

    #[test]
    fn keeps_unknown_tags_opaque_and_reports_them() {
        let parsed = parse("a: !Rain::Embed file.txt\n").unwrap();
        assert_eq!(parsed.root.get("a").unwrap().to_string(), r#"{"!Rain::Embed":"file.txt"}"#);
        assert_eq!(parsed.unknown_tags[0].0, "!Rain::Embed");
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", ")));
        }
        assert!(parse(&text).unwrap_err().message.contains("alias bomb"));
    }

    #[test]
    fn refuses_one_large_value_aliased_many_times() {
        // 64 KiB aliased 600 times: few values, 38 MiB once expanded.
        let text = format!("a: &big '{}'\nb: [{}]\n", "x".repeat(64 * 1024), ["*big"; 600].join(", "));
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("bytes, twice the file"), "{error:?}");
        assert_eq!(&text[error.span.start as usize..error.span.end as usize], "*big");
        // The same value aliased a few times is fine.
        let text = format!("a: &big '{}'\nb: [{}]\n", "x".repeat(64 * 1024), ["*big"; 100].join(", "));
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn refuses_aliases_that_nest_deeper_than_the_limit() {
        // Each anchor holds the previous alias 100 levels down: 30 of them nest 3,000
        // levels deep in a few kilobytes, with very few values created.
        let mut text = String::from("a0: &a0 x\n");
        for i in 1..30 {
            text.push_str(&format!("a{i}: &a{i} {}*a{} {}\n", "[".repeat(100), i - 1, "]".repeat(100)));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("once aliases are expanded"), "{error:?}");
    }

    #[test]
    fn tag_spans_cover_the_tag_as_written() {
        // `%TAG` expands `!e!` to a long prefix; a span computed from the expansion
        // ended past the end of the file, and miette dropped the snippet.
        let text = "%TAG !e! tag:example.com,2000:app/\n---\nQ: !e!foo x\n";
        let parsed = parse(text).unwrap();
        let (tag, span) = &parsed.unknown_tags[0];
        assert_eq!(tag, "tag:example.com,2000:app/foo");
        assert_eq!(&text[span.start as usize..span.end as usize], "!e!foo");
    }

    #[test]
    fn spans_are_bytes_in_non_ascii_text() {
        let text = "d: \"héllo wörld\"\nr: !Ref Foo\n";
        let root = parse(text).unwrap().root;
        let r = root.entry("r").unwrap();
        assert_eq!(&text[r.key_span.start as usize..r.key_span.end as usize], "r");
    }
}
