//! The revision catalogue (`rules/LOCK001-revision-bearing-import/catalog.yaml`): which
//! `Ref`/`Fn::GetAtt` values change on ordinary deploys. Compiled into the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::load::node::Node;
use crate::load::yaml;

const CATALOG_YAML: &str = include_str!("../../rules/LOCK001-revision-bearing-import/catalog.yaml");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes {
    /// The value changes on an ordinary in-place update.
    OnEveryUpdate,
    /// The value changes on replacement, and every real change replaces it.
    OnReplacement,
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
        let mut index = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let field = |k: &str| item.get(k).and_then(Node::as_str).map(str::to_owned);
            let required = |k: &str| field(k).ok_or_else(|| format!("entry {} has no `{k}`", i + 1));
            let changes = match required("changes")?.as_str() {
                "on-every-update" => Changes::OnEveryUpdate,
                "on-replacement" => Changes::OnReplacement,
                other => {
                    return Err(format!(
                        "entry {}: `changes` is `{other}`, not on-every-update or on-replacement",
                        i + 1
                    ));
                }
            };
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
        }
        Ok(Catalog { entries, index })
    }

    #[must_use]
    pub fn lookup(&self, kind: &str, attribute: &str) -> Option<&Entry> {
        self.index.get(&(kind.to_owned(), attribute.to_owned())).map(|&i| &self.entries[i])
    }

    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
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
}
