//! The rule data checked against the CloudFormation resource provider schemas
//! (`../shared/data/cfn-schemas-us-east-1.json`; set `CFNLINT_LOCK_SHARED_DATA` to the
//! folder holding it elsewhere):
//!
//! - every entry of LOCK001's `catalog.yaml` names a real type, and `Ref` or one of the
//!   type's `readOnlyProperties`;
//! - every candidate type and version-like attribute of `versionish-attributes-us-east-1.tsv`
//!   is decided: in the catalogue, or in its trailing "reviewed and left out" block with a
//!   reason;
//! - LOCK011's `replacement-prone-types.txt` is what `scripts/replacement-prone-types.py`
//!   derives from the schemas and `calibration.txt` (the derivation is repeated here, so CI
//!   needs no Python), and every property the calibration names is a writable one.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cfnlint_lock::rules::catalog::Catalog;
use serde_json::Value;

const CATALOG: &str = "rules/LOCK001-revision-bearing-import/catalog.yaml";
const TYPES: &str = "rules/LOCK011-replacement-prone-import/replacement-prone-types.txt";
const CALIBRATION: &str = "rules/LOCK011-replacement-prone-import/calibration.txt";

fn shared_data() -> PathBuf {
    let dir = std::env::var_os("CFNLINT_LOCK_SHARED_DATA")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"), PathBuf::from);
    assert!(
        dir.join("cfn-schemas-us-east-1.json").is_file(),
        "the resource schemas are not in {} (set CFNLINT_LOCK_SHARED_DATA)",
        dir.display()
    );
    dir
}

fn schemas() -> &'static serde_json::Map<String, Value> {
    static SCHEMAS: OnceLock<serde_json::Map<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let text = std::fs::read_to_string(shared_data().join("cfn-schemas-us-east-1.json")).unwrap();
        match serde_json::from_str(&text).unwrap() {
            Value::Object(map) => map,
            _ => panic!("the schemas file is not a JSON object"),
        }
    })
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

fn strings<'a>(schema: &'a Value, key: &str) -> impl Iterator<Item = &'a str> {
    schema.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

/// `/properties/A` entries of `key`, as property names.
fn top_level<'a>(schema: &'a Value, key: &str) -> BTreeSet<&'a str> {
    strings(schema, key).filter_map(|p| p.strip_prefix("/properties/")).filter(|p| !p.contains('/')).collect()
}

#[test]
fn catalogue_entries_name_real_types_and_attributes() {
    let schemas = schemas();
    let mut wrong = Vec::new();
    for entry in Catalog::builtin().entries() {
        let Some(schema) = schemas.get(&entry.kind) else {
            wrong.push(format!("{}: no such type", entry.kind));
            continue;
        };
        if entry.attribute == "Ref" {
            continue;
        }
        let pointer = format!("/properties/{}", entry.attribute.replace('.', "/"));
        if !strings(schema, "readOnlyProperties").any(|p| p == pointer) {
            wrong.push(format!("{} {}: `{pointer}` is not in readOnlyProperties", entry.kind, entry.attribute));
        }
    }
    assert!(wrong.is_empty(), "catalogue entries the schemas do not back:\n{}", wrong.join("\n"));
    assert!(Catalog::builtin().entries().len() >= 135);
}

/// `TYPE [ATTRIBUTE, …] — reason` lines of the catalogue's trailing block.
fn left_out() -> Vec<(String, Vec<String>, String)> {
    let text = read(CATALOG);
    let start =
        text.find("\n# reviewed and left out").expect("catalog.yaml ends with a `# reviewed and left out` block");
    let mut lines = text[start + 1..].lines();
    // The block's heading ends at the first line ending with `:`.
    lines.by_ref().find(|l| l.ends_with(':')).expect("the left-out heading ends with `:`");
    let mut decided = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let body = line.strip_prefix("# ").unwrap_or_else(|| panic!("not a `# ` line in the left-out block: {line}"));
        let (what, reason) = body.split_once(" — ").unwrap_or_else(|| panic!("no ` — reason` in: {line}"));
        let mut words = what.splitn(2, ' ');
        let kind = words.next().unwrap().to_owned();
        assert!(kind.split("::").count() == 3, "not a resource type: `{kind}` in: {line}");
        let attributes = words.next().map_or_else(Vec::new, |a| a.split(", ").map(str::to_owned).collect());
        assert!(!reason.trim().is_empty(), "no reason in: {line}");
        decided.push((kind, attributes, reason.to_owned()));
    }
    decided
}

#[test]
fn every_versionish_candidate_is_decided() {
    let schemas = schemas();
    let catalogued: HashSet<(&str, &str)> =
        Catalog::builtin().entries().iter().map(|e| (e.kind.as_str(), e.attribute.as_str())).collect();
    let catalogued_types: HashSet<&str> = catalogued.iter().map(|(k, _)| *k).collect();
    let left_out = left_out();
    let mut problems = Vec::new();
    for (kind, attributes, _) in &left_out {
        if !schemas.contains_key(kind) {
            problems.push(format!("left out `{kind}` is not a type in the schemas"));
        }
        for attribute in attributes {
            if catalogued.contains(&(kind.as_str(), attribute.as_str())) {
                problems.push(format!("{kind} {attribute} is both in the catalogue and left out"));
            }
        }
    }
    let left_out_types: HashSet<&str> = left_out.iter().map(|(k, _, _)| k.as_str()).collect();
    // A left-out line without attributes decides the whole type.
    let left_out_attributes: HashSet<(&str, &str)> = left_out
        .iter()
        .flat_map(|(k, attributes, _)| attributes.iter().map(move |a| (k.as_str(), a.as_str())))
        .collect();
    let whole_type: HashSet<&str> =
        left_out.iter().filter(|(_, attributes, _)| attributes.is_empty()).map(|(k, _, _)| k.as_str()).collect();
    let tsv = std::fs::read_to_string(shared_data().join("versionish-attributes-us-east-1.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = tsv.lines().filter(|l| !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 119, "the candidate list has 119 types");
    let (mut in_catalogue, mut only_left_out, mut attributes) = (0, 0, 0);
    for row in &rows {
        let kind = row[0];
        if catalogued_types.contains(kind) {
            in_catalogue += 1;
        } else if left_out_types.contains(kind) {
            only_left_out += 1;
        } else {
            problems.push(format!("{kind}: candidate neither in the catalogue nor left out with a reason"));
        }
        // `readOnlyVersionish=A,B/C`: each version-like attribute is decided too.
        let listed = row.iter().find_map(|f| f.strip_prefix("readOnlyVersionish=")).unwrap_or_default();
        for attribute in listed.split(',').filter(|a| !a.is_empty()).map(|a| a.replace('/', ".")) {
            attributes += 1;
            let decided = catalogued.contains(&(kind, attribute.as_str()))
                || left_out_attributes.contains(&(kind, attribute.as_str()))
                || whole_type.contains(kind);
            if !decided {
                problems
                    .push(format!("{kind} {attribute}: version-like attribute neither in the catalogue nor left out"));
            }
        }
    }
    assert_eq!(attributes, 143, "version-like attributes in the candidate list");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The numbers the README quotes; update both together.
    assert_eq!((in_catalogue, only_left_out), (74, 45), "candidates in the catalogue, and only left out");
}

/// `calibration.txt`: per type, the properties the changes people make leave alone.
fn calibration() -> BTreeMap<String, BTreeSet<String>> {
    let text = read(CALIBRATION);
    let mut unchanged = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (what, reason) = line.split_once(" — ").unwrap_or_else(|| panic!("no ` — reason` in: {line}"));
        assert!(!reason.trim().is_empty(), "no reason in: {line}");
        let (kind, properties) = what.split_once(" unchanged=").unwrap_or_else(|| panic!("no `unchanged=` in: {line}"));
        let properties = properties.trim().split(',').map(str::to_owned).collect();
        assert!(unchanged.insert(kind.to_owned(), properties).is_none(), "{kind} is calibrated twice");
    }
    unchanged
}

/// The writable properties of a type: not read-only, not its tags.
fn writable(schema: &Value) -> BTreeSet<&str> {
    let read_only = top_level(schema, "readOnlyProperties");
    let tag =
        schema.pointer("/tagging/tagProperty").and_then(Value::as_str).unwrap_or("/properties/Tags").rsplit('/').next();
    let properties = schema.get("properties").and_then(Value::as_object);
    properties
        .into_iter()
        .flat_map(|p| p.keys())
        .map(String::as_str)
        .filter(|p| !read_only.contains(p) && Some(*p) != tag)
        .collect()
}

#[test]
fn calibration_names_writable_properties() {
    let schemas = schemas();
    let mut wrong = Vec::new();
    for (kind, properties) in calibration() {
        let Some(schema) = schemas.get(&kind) else {
            wrong.push(format!("{kind}: no such type"));
            continue;
        };
        let writable = writable(schema);
        wrong.extend(
            properties.iter().filter(|p| !writable.contains(p.as_str())).map(|p| format!("{kind} {p}: not writable")),
        );
    }
    assert!(wrong.is_empty(), "{CALIBRATION} names what the schemas do not have:\n{}", wrong.join("\n"));
}

/// What `scripts/replacement-prone-types.py` prints, without its header.
fn derive_replacement_prone(schemas: &serde_json::Map<String, Value>) -> Vec<String> {
    let calibration = calibration();
    let sorted: BTreeMap<&String, &Value> = schemas.iter().collect();
    let mut lines = Vec::new();
    for (kind, schema) in sorted {
        let create_only = top_level(schema, "createOnlyProperties");
        let unchanged = calibration.get(kind.as_str());
        let mut writable = writable(schema);
        writable.retain(|p| unchanged.is_none_or(|u| !u.contains(*p)));
        if writable.is_empty() || !writable.is_subset(&create_only) {
            continue;
        }
        let identifier = top_level(schema, "primaryIdentifier");
        let whole = strings(schema, "primaryIdentifier").count();
        match identifier.iter().next() {
            Some(name) if whole == 1 && identifier.len() == 1 && writable.contains(name) => {
                lines.push(format!("{kind} name={name}"));
            }
            _ => lines.push(kind.clone()),
        }
    }
    lines
}

#[test]
fn replacement_prone_types_are_derived_from_the_schemas() {
    let text = read(TYPES);
    assert!(text.starts_with("# "), "{TYPES} starts with its header comment");
    assert!(text.contains("scripts/replacement-prone-types.py"), "the header names the script");
    let committed: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let derived = derive_replacement_prone(schemas());
    assert!(
        committed == derived,
        "{TYPES} is out of date; regenerate it with scripts/replacement-prone-types.py (committed {}, derived {})",
        committed.len(),
        derived.len()
    );
    assert_eq!(derived.len(), 293);
}
