//! The revision catalogue (`rules/LOCK001-revision-bearing-import/catalog.yaml`): which
//! `Ref`/`Fn::GetAtt` values change on ordinary deploys. Compiled into the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::graph::trace::Cut;
use crate::load::node::Node;
use crate::load::yaml;

const CATALOG_YAML: &str = include_str!("../../rules/LOCK001-revision-bearing-import/catalog.yaml");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes {
    /// The value changes on an ordinary in-place update.
    OnEveryUpdate,
    /// The value changes on replacement, and every real change replaces it.
    OnReplacement,
    /// The value changes on an in-place update of the properties in [`Detail::when`]
    /// (a DynamoDB table's stream ARN when its `StreamSpecification` changes).
    OnPropertyChange,
}

/// What only the built-in catalogue knows of an entry; rule packs name values, not these.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// For [`Changes::OnPropertyChange`]: the properties whose change gives a new value.
    pub when: Vec<String>,
    /// The form of the value, so a part cut out of it can be told apart from the part
    /// that changes.
    pub shape: Option<Shape>,
    /// Advice for this culprit, in place of the general advice: CDK TypeScript with the
    /// placeholders `$producer`, `$consumer` (stack names), `$construct` (the construct
    /// id) and `$variable` (the variable holding the construct).
    pub fix: Option<String>,
    /// The public failure report the entry was added for.
    pub report: Option<String>,
}

/// One piece of a [`Shape`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A part with no `:` or `/` in it; `changes`: the part that changes.
    Part {
        changes: bool,
    },
}

/// The form of a value: literal text, stable parts `<name>` and the changing part
/// `{name}`, e.g. `arn:<partition>:ecs:<region>:<account>:task-definition/<family>:{revision}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pieces: Vec<Piece>,
}

impl Shape {
    pub fn parse(text: &str) -> Result<Shape, String> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['<', '{']) {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_owned()));
            }
            let (close, changes) = if rest[open..].starts_with('{') { ('}', true) } else { ('>', false) };
            let end = rest[open..].find(close).ok_or_else(|| format!("shape `{text}`: `{close}` missing"))?;
            pieces.push(Piece::Part { changes });
            rest = &rest[open + end + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        if !pieces.contains(&Piece::Part { changes: true }) {
            return Err(format!("shape `{text}` has no changing `{{part}}`"));
        }
        Ok(Shape { pieces })
    }

    /// Whether `text` has this form (a part: one or more characters other than `:` and `/`).
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        matches_from(&self.pieces, text)
    }

    /// Whether the changing part survives `cuts` (taken in order). Parts hold no `:` or
    /// `/`, so only cuts on delimiters made of those are followed; any other cut, or one
    /// past the end, keeps the value as it is (the check stays on the safe side).
    #[must_use]
    pub fn keeps_change(&self, cuts: &[Cut]) -> bool {
        let mut pieces = self.pieces.clone();
        for cut in cuts {
            if cut.delimiter.is_empty() || !cut.delimiter.chars().all(|c| c == ':' || c == '/') {
                return true;
            }
            match split(&pieces, &cut.delimiter).into_iter().nth(cut.index) {
                Some(kept) => pieces = kept,
                None => return true,
            }
        }
        pieces.contains(&Piece::Part { changes: true })
    }
}

fn matches_from(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Text(literal), rest)) => {
            text.strip_prefix(literal.as_str()).is_some_and(|t| matches_from(rest, t))
        }
        Some((Piece::Part { .. }, rest)) => {
            let longest = text.find([':', '/']).unwrap_or(text.len());
            (1..=longest).any(|end| matches_from(rest, &text[end..]))
        }
    }
}

/// `pieces` split at each `delimiter` inside their text.
fn split(pieces: &[Piece], delimiter: &str) -> Vec<Vec<Piece>> {
    let mut parts = vec![Vec::new()];
    for piece in pieces {
        let Piece::Text(text) = piece else {
            parts.last_mut().into_iter().for_each(|p| p.push(piece.clone()));
            continue;
        };
        for (i, chunk) in text.split(delimiter).enumerate() {
            if i > 0 {
                parts.push(Vec::new());
            }
            if !chunk.is_empty() {
                parts.last_mut().into_iter().for_each(|p| p.push(Piece::Text(chunk.to_owned())));
            }
        }
    }
    parts
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: String,
    /// `Ref` or the `Fn::GetAtt` attribute name.
    pub attribute: String,
    pub changes: Changes,
    pub why: String,
    /// The CDK L2 attribute that yields the value (`taskDefinitionArn`).
    pub cdk: Option<String>,
    /// The rule pack file that added it (`None`: the built-in catalogue).
    pub pack: Option<String>,
}

pub struct Catalog {
    entries: Vec<Entry>,
    /// Beside `entries`, one for each.
    details: Vec<Detail>,
    index: HashMap<(String, String), usize>,
}

impl Catalog {
    /// The compiled-in catalogue.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // The file is part of the source tree and a unit test parses it, so a broken
            // catalogue cannot reach a release.
            Catalog::parse(CATALOG_YAML).unwrap_or_else(|e| panic!("the built-in revision catalogue is invalid: {e}"))
        })
    }

    pub fn parse(text: &str) -> Result<Catalog, String> {
        let root = yaml::parse(text).map_err(|e| e.message)?.root;
        let items = root.get("entries").and_then(Node::as_seq).ok_or("no `entries` list")?;
        let mut entries = Vec::with_capacity(items.len());
        let mut details = Vec::with_capacity(items.len());
        let mut index = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let field = |k: &str| item.get(k).and_then(Node::as_str).map(str::to_owned);
            let required = |k: &str| field(k).ok_or_else(|| format!("entry {} has no `{k}`", i + 1));
            let changes = match required("changes")?.as_str() {
                "on-every-update" => Changes::OnEveryUpdate,
                "on-replacement" => Changes::OnReplacement,
                "on-property-change" => Changes::OnPropertyChange,
                other => {
                    return Err(format!(
                        "entry {}: `changes` is `{other}`, not on-every-update, on-replacement or on-property-change",
                        i + 1
                    ));
                }
            };
            let detail = detail(item).map_err(|e| format!("entry {}: {e}", i + 1))?;
            if (changes == Changes::OnPropertyChange) == detail.when.is_empty() {
                return Err(format!(
                    "entry {}: `when` lists the properties of on-property-change, and only those",
                    i + 1
                ));
            }
            let entry = Entry {
                kind: required("type")?,
                attribute: required("attribute")?,
                changes,
                why: required("why")?,
                cdk: field("cdk"),
                pack: None,
            };
            if index.insert((entry.kind.clone(), entry.attribute.clone()), entries.len()).is_some() {
                return Err(format!("{} {} is listed twice", entry.kind, entry.attribute));
            }
            entries.push(entry);
            details.push(detail);
        }
        Ok(Catalog { entries, details, index })
    }

    /// The built-in knowledge of `kind`'s `attribute` beyond its [`Entry`].
    #[must_use]
    pub fn detail(&self, kind: &str, attribute: &str) -> Option<&Detail> {
        self.index.get(&(kind.to_owned(), attribute.to_owned())).map(|&i| &self.details[i])
    }

    #[must_use]
    pub fn lookup(&self, kind: &str, attribute: &str) -> Option<&Entry> {
        self.index.get(&(kind.to_owned(), attribute.to_owned())).map(|&i| &self.entries[i])
    }

    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The catalogue as the README shows it: type, attribute, why it changes, and the rule
    /// and severity that report an import of it.
    #[must_use]
    pub fn markdown_table(&self) -> String {
        let mut table = String::from("| type | attribute | why it changes | rule |\n|---|---|---|---|\n");
        for (entry, detail) in self.entries.iter().zip(&self.details) {
            let (when, rule) = match entry.changes {
                Changes::OnEveryUpdate => ("on every update".to_owned(), "LOCK001 error"),
                Changes::OnReplacement => {
                    ("on every replacement, and every real change replaces it".to_owned(), "LOCK001 error")
                }
                Changes::OnPropertyChange => {
                    let properties: Vec<String> = detail.when.iter().map(|p| format!("`{p}`")).collect();
                    (format!("when {} changes", properties.join(", ")), "LOCK001 warning")
                }
            };
            let report = detail.report.as_ref().map(|r| format!(" ([report]({r}))")).unwrap_or_default();
            let why = entry.why.replace('|', "\\|");
            table.push_str(&format!("| `{}` | `{}` | {when}: {why}{report} | {rule} |\n", entry.kind, entry.attribute));
        }
        table
    }
}

/// `when`, `shape` and `fix` of a catalogue entry.
fn detail(item: &Node) -> Result<Detail, String> {
    let when = match item.get("when") {
        None => Vec::new(),
        Some(list) => list
            .as_seq()
            .ok_or("`when` is not a list")?
            .iter()
            .map(|p| p.as_str().map(str::to_owned).ok_or("`when` lists a non-string"))
            .collect::<Result<_, _>>()?,
    };
    let shape = item.get("shape").and_then(Node::as_str).map(Shape::parse).transpose()?;
    let fix = item.get("fix").and_then(Node::as_str).map(|f| f.trim_end().to_owned());
    let report = item.get("report").and_then(Node::as_str).map(str::to_owned);
    Ok(Detail { when, shape, fix, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_parses_and_holds_the_incident() {
        let catalog = Catalog::builtin();
        assert!(catalog.entries().len() > 20);
        let task_def = catalog.lookup("AWS::ECS::TaskDefinition", "Ref").unwrap();
        assert_eq!(task_def.cdk.as_deref(), Some("taskDefinitionArn"));
        assert!(catalog.lookup("AWS::Lambda::Version", "Ref").is_some());
        assert!(catalog.lookup("AWS::Lambda::LayerVersion", "Ref").is_some());
        assert!(catalog.lookup("AWS::S3::Bucket", "Ref").is_none());
    }

    fn cut(delimiter: &str, index: usize) -> Cut {
        Cut { delimiter: delimiter.to_owned(), index }
    }

    #[test]
    fn a_shape_tells_which_cuts_keep_the_change() {
        let task_def =
            Shape::parse("arn:<partition>:ecs:<region>:<account>:task-definition/<family>:{revision}").unwrap();
        assert!(task_def.keeps_change(&[]));
        // The family: `task-definition/<family>`, then `<family>`.
        assert!(!task_def.keeps_change(&[cut(":", 5)]));
        assert!(!task_def.keeps_change(&[cut(":", 5), cut("/", 1)]));
        assert!(!task_def.keeps_change(&[cut("/", 1), cut(":", 0)]));
        // `<family>:{revision}` and the revision itself.
        assert!(task_def.keeps_change(&[cut("/", 1)]));
        assert!(task_def.keeps_change(&[cut(":", 6)]));
        // Past the end, or on a delimiter a part may hold: the safe side.
        assert!(task_def.keeps_change(&[cut(":", 9)]));
        assert!(task_def.keeps_change(&[cut("-", 0)]));
        assert!(Shape::parse("arn:<a>").is_err());
        assert!(Shape::parse("arn:{a").is_err());
    }

    /// The ARNs the docs quote in `why` (`arn:aws:ecs:…:task-definition/Family:1`) have the
    /// entry's shape, so the shape follows the documented value.
    #[test]
    fn shapes_match_the_documented_examples() {
        let mut checked = 0;
        for (entry, detail) in Catalog::builtin().entries.iter().zip(&Catalog::builtin().details) {
            let Some(shape) = &detail.shape else { continue };
            for example in entry.why.split('`').filter(|s| s.starts_with("arn:")) {
                let example = example.trim_end_matches('.');
                assert!(shape.matches(example), "{} {}: `{example}` is not of its shape", entry.kind, entry.attribute);
                checked += 1;
            }
        }
        assert_eq!(checked, 5, "documented examples of shaped entries");
        let task_def = Shape::parse("arn:<p>:ecs:<r>:<a>:task-definition/<family>:{revision}").unwrap();
        assert!(!task_def.matches("arn:aws:ecs:us-east-1:1:task-definition/family"));
        assert!(!task_def.matches("arn:aws:ecs:us-east-1:1:task-definition/a/b:1"));
    }

    #[test]
    fn readme_catalogue_table_is_current() {
        crate::rules::tests::assert_readme_region("catalogue", &Catalog::builtin().markdown_table());
    }

    #[test]
    fn property_change_entries_name_their_properties() {
        let stream = Catalog::builtin().lookup("AWS::DynamoDB::Table", "StreamArn").unwrap();
        assert_eq!(stream.changes, Changes::OnPropertyChange);
        let detail = Catalog::builtin().detail("AWS::DynamoDB::Table", "StreamArn").unwrap();
        assert_eq!(detail.when, ["StreamSpecification"]);
        let no_when = "entries:\n  - {type: A::B::C, attribute: X, changes: on-property-change, why: w}\n";
        assert!(Catalog::parse(no_when).err().is_some_and(|e| e.contains("`when`")));
        let stray_when = "entries:\n  - {type: A::B::C, attribute: X, changes: on-every-update, why: w, when: [P]}\n";
        assert!(Catalog::parse(stray_when).is_err());
    }
}
