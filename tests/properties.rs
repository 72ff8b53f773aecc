//! Properties of the whole pipeline (loader, graph, rules, both renderers) on generated
//! input: whatever is on disk, `check` returns without panicking; imports are counted
//! exactly; the same input renders to the same bytes. Case counts are kept low so the
//! suite stays fast; the fuzz targets in `fuzz/` search the same space for longer.

use std::fmt::Write as _;
use std::path::Path;

use cfnlint_lock::report::{human, json};
use cfnlint_lock::{Outcome, check, load};
use proptest::prelude::*;

/// Both renderings of an outcome, with the temporary folder's path replaced, so runs in
/// different folders compare equal.
fn render(outcome: &Outcome, dir: &Path) -> String {
    let human = human::render(&outcome.findings, &outcome.problems, human::Style::plain());
    let summary = human::summary(&outcome.findings, &outcome.problems, outcome.counts());
    let json = json::render(&outcome.findings, &outcome.problems, outcome.counts());
    format!("{human}{summary}\n{json}").replace(&dir.display().to_string(), "<dir>")
}

/// Writes `files` into a new temporary folder and checks it.
fn check_files(files: &[(&str, &[u8])]) -> (Outcome, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let outcome =
        check(&[dir.path().to_path_buf()], &load::Options { max_file_bytes: 1 << 20, ..load::Options::default() });
    let text = render(&outcome, dir.path());
    // What miette prints, instead of failing, for a span outside its source text.
    assert!(!text.contains("Failed to read contents for label"), "a span outside its source:\n{text}");
    (outcome, text)
}

// ---------------------------------------------------------------- generated documents

/// A JSON-like value made of CloudFormation's vocabulary, so generated documents reach
/// the graph's and the rules' code, not only the parsers' error paths.
#[derive(Debug, Clone)]
enum Doc {
    Null,
    Bool(bool),
    Number(i64),
    Str(String),
    List(Vec<Doc>),
    Map(Vec<(String, Doc)>),
}

const KEYS: &[&str] = &[
    "Resources",
    "Outputs",
    "Parameters",
    "Mappings",
    "Conditions",
    "AWSTemplateFormatVersion",
    "Type",
    "Properties",
    "Metadata",
    "Value",
    "Export",
    "Name",
    "Default",
    "Ref",
    "Condition",
    "Fn::ImportValue",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::If",
    "Fn::FindInMap",
    "Fn::GetStackOutput",
    "TemplateURL",
    "aws:cdk:path",
    "aws:asset:path",
    "TaskDef",
    "Queue",
];

const STRINGS: &[&str] = &[
    "AWS::ECS::TaskDefinition",
    "AWS::Lambda::Version",
    "AWS::CloudFormation::Stack",
    "AWS::SQS::Queue",
    "Custom::CrossRegionExportWriter",
    "AWS::StackName",
    "AWS::Region",
    "${AWS::StackName}-arn",
    "${Missing}",
    "${",
    "TaskDef",
    "TaskDef.Arn",
    "Queue",
    "x:arn",
    "",
    "é🦀\u{0}",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "..",
    "/etc/passwd",
];

fn doc() -> impl Strategy<Value = Doc> {
    let leaf = prop_oneof![
        Just(Doc::Null),
        any::<bool>().prop_map(Doc::Bool),
        any::<i64>().prop_map(Doc::Number),
        prop::sample::select(STRINGS).prop_map(|s| Doc::Str(s.to_owned())),
        "[a-zA-Z0-9:${}./-]{0,12}".prop_map(Doc::Str),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Doc::List),
            prop::collection::vec((prop::sample::select(KEYS).prop_map(str::to_owned), inner), 0..6).prop_map(Doc::Map),
        ]
    })
}

impl Doc {
    fn json(&self, out: &mut String) {
        match self {
            Doc::Null => out.push_str("null"),
            Doc::Bool(b) => write!(out, "{b}").unwrap(),
            Doc::Number(n) => write!(out, "{n}").unwrap(),
            Doc::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
            Doc::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.json(out);
                }
                out.push(']');
            }
            Doc::Map(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write!(out, "{}:", serde_json::Value::String(key.clone())).unwrap();
                    value.json(out);
                }
                out.push('}');
            }
        }
    }

    /// Block-style YAML, with intrinsic functions written in short form (`!Ref x`), so the
    /// tag rewriting is exercised too.
    fn yaml(&self, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match self {
            Doc::List(items) if !items.is_empty() => {
                for item in items {
                    write!(out, "\n{pad}- ").unwrap();
                    item.yaml(indent + 2, out);
                }
            }
            Doc::Map(entries) if !entries.is_empty() => {
                if let [(key, value)] = entries.as_slice()
                    && let Some(tag) = key.strip_prefix("Fn::").or((key == "Ref").then_some("Ref"))
                {
                    write!(out, "!{tag} ").unwrap();
                    return value.yaml(indent + 2, out);
                }
                for (key, value) in entries {
                    write!(out, "\n{pad}{}: ", serde_json::Value::String(key.clone())).unwrap();
                    value.yaml(indent + 2, out);
                }
            }
            // Scalars and empty collections: JSON is valid YAML flow syntax.
            _ => self.json(out),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes as a template, a YAML template and a manifest: `check` returns, and
    /// every problem names a file.
    #[test]
    fn arbitrary_bytes_never_panic(
        json in prop::collection::vec(any::<u8>(), 0..512),
        yaml in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let (outcome, _) = check_files(&[("a.template.json", &json), ("b.yaml", &yaml)]);
        prop_assert!(outcome.problems.iter().all(|p| !p.file.as_os_str().is_empty()));
        let (outcome, _) = check_files(&[("manifest.json", &json), ("a.template.json", &yaml)]);
        prop_assert!(outcome.problems.iter().all(|p| !p.file.as_os_str().is_empty()));
    }

    /// Generated CloudFormation-like documents, as JSON and as YAML templates, truncated
    /// at a random point or whole: `check` returns, and renders the same bytes twice.
    #[test]
    fn generated_templates_never_panic_and_render_deterministically(
        a in doc(),
        b in doc(),
        cut in any::<prop::sample::Index>(),
        tag_directive in any::<bool>(),
    ) {
        let mut json = String::new();
        a.json(&mut json);
        // Half of the documents declare a `%TAG` handle, and use it for an unknown tag.
        let mut yaml = if tag_directive { String::from("%TAG !e! tag:example.com,2000:\n---\nX: !e!t é") } else { String::new() };
        b.yaml(0, &mut yaml);
        let mut truncated = json.clone();
        let at = cut.index(truncated.len() + 1);
        truncated.truncate((0..=at).rev().find(|&i| truncated.is_char_boundary(i)).unwrap_or(0));
        let files: [(&str, &[u8]); 3] =
            [("a.template.json", json.as_bytes()), ("b.yaml", yaml.as_bytes()), ("c.json", truncated.as_bytes())];
        let (_, first) = check_files(&files);
        let (_, second) = check_files(&files);
        prop_assert_eq!(first, second);
    }

    /// Generated manifests (artifact types, paths that climb out or are absolute, Stages
    /// pointing anywhere, wrong types) over a folder that holds one real template: `check`
    /// returns, and nothing outside the folder is ever read as a stack.
    #[test]
    fn generated_manifests_never_panic_or_escape(
        artifacts in prop::collection::vec((
            prop::sample::select(&["aws:cloudformation:stack", "cdk:cloud-assembly", "cdk:asset-manifest", "other"][..]),
            prop::sample::select(&["Stack.template.json", "../Stack.template.json", "/etc/passwd", ".", "", "sub", "sub/../Stack.template.json", "Missing.json"][..]),
            prop::sample::select(&["templateFile", "directoryName", "file", "additionalMetadataFile", "stackName"][..]),
            any::<bool>(),
        ), 0..6),
        version in prop::sample::select(&["\"38.0.1\"", "\"99.0.0\"", "\"x\"", "38", "null"][..]),
    ) {
        let mut manifest = format!("{{\"version\": {version}, \"artifacts\": {{");
        for (i, (kind, path, field, in_properties)) in artifacts.iter().enumerate() {
            if i > 0 {
                manifest.push(',');
            }
            let property = format!("{:?}: {:?}", field, path);
            if *in_properties {
                write!(manifest, "\"a{i}\": {{\"type\": {kind:?}, \"properties\": {{{property}}}}}").unwrap();
            } else {
                write!(manifest, "\"a{i}\": {{\"type\": {kind:?}, {property}}}").unwrap();
            }
        }
        manifest.push_str("}}");
        let template = br#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#;
        let (outcome, _) = check_files(&[("manifest.json", manifest.as_bytes()), ("Stack.template.json", template)]);
        for stack in &outcome.graph.stacks {
            let file = stack.source.template.file.display().to_string();
            prop_assert!(!file.contains("..") && !file.contains("/etc/"), "{file} was read");
        }
    }

    /// Well-formed templates with random exports and imports: the graph holds exactly
    /// the imports written, each resolved to the producers that export its name.
    #[test]
    fn every_import_is_counted_and_resolved(
        exports in prop::collection::btree_set("[a-e]{1,2}", 0..6),
        imports in prop::collection::vec(("[a-e]{1,2}", 0..3usize), 0..12),
        yaml in any::<bool>(),
    ) {
        let mut producer = String::from("{\"Resources\": {\"TaskDef\": {\"Type\": \"AWS::ECS::TaskDefinition\"}}, \"Outputs\": {");
        for (i, name) in exports.iter().enumerate() {
            if i > 0 {
                producer.push(',');
            }
            write!(producer, "\"O{i}\": {{\"Value\": {{\"Ref\": \"TaskDef\"}}, \"Export\": {{\"Name\": \"{name}\"}}}}").unwrap();
        }
        producer.push_str("}}");
        // Each import sits in its own resource, at one of three depths in its properties.
        let mut consumer = String::from(if yaml { "Resources:\n" } else { "{\"Resources\": {" });
        for (i, (name, depth)) in imports.iter().enumerate() {
            if yaml {
                let value = match depth {
                    0 => format!("!ImportValue {name}"),
                    1 => format!("[!ImportValue {name}]"),
                    _ => format!("{{Nested: {{Fn::ImportValue: {name}}}}}"),
                };
                writeln!(consumer, "  R{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      P: {value}").unwrap();
            } else {
                if i > 0 {
                    consumer.push(',');
                }
                let value = match depth {
                    0 => format!("{{\"Fn::ImportValue\": \"{name}\"}}"),
                    1 => format!("[{{\"Fn::ImportValue\": \"{name}\"}}]"),
                    _ => format!("{{\"Nested\": {{\"Fn::ImportValue\": \"{name}\"}}}}"),
                };
                write!(consumer, "\"R{i}\": {{\"Type\": \"AWS::SQS::Queue\", \"Properties\": {{\"P\": {value}}}}}").unwrap();
            }
        }
        if imports.is_empty() && yaml {
            consumer.push_str("  Q:\n    Type: AWS::SQS::Queue\n");
        }
        if !yaml {
            consumer.push_str("}}");
        }
        let consumer_file = if yaml { "consumer.yaml" } else { "consumer.template.json" };
        let (outcome, _) = check_files(&[("producer.template.json", producer.as_bytes()), (consumer_file, consumer.as_bytes())]);
        prop_assert!(outcome.problems.is_empty(), "{:?}\n{consumer}", outcome.problems);
        prop_assert_eq!(outcome.graph.imports.len(), imports.len());
        prop_assert_eq!(outcome.graph.exports.len(), exports.len());
        for import in &outcome.graph.imports {
            let name = import.name.value().unwrap();
            prop_assert_eq!(import.producers.len(), usize::from(exports.contains(name)), "{}", name);
        }
        // Every resolved import of a task definition's `Ref` is a LOCK001 finding.
        let resolved = outcome.graph.imports.iter().filter(|i| !i.producers.is_empty()).count();
        prop_assert_eq!(outcome.findings.iter().filter(|f| f.code == "LOCK001").count(), resolved);
    }
}

/// Pieces of YAML syntax: a soup of them reaches the parser's corners (anchors on
/// keys, aliases in flow, tags before anchors, directives, merge keys, bad indentation)
/// far more often than random bytes do.
const YAML_TOKENS: &[&str] = &[
    "a",
    "Resources",
    "Fn::ImportValue",
    ":",
    ": ",
    "- ",
    "\n",
    "  ",
    "    ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&x ",
    "*x",
    "&y ",
    "*y",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!ImportValue ",
    "!Rain::Embed ",
    "!!str ",
    "!<tag:x> ",
    "%TAG !e! tag:e,2000:\n---\n",
    "!e!t ",
    "---\n",
    "...\n",
    "? ",
    "<<: ",
    "'q'",
    "\"d\"",
    "|\n",
    ">\n",
    "# c",
    "é",
    "🦀",
    "\t",
    "~",
    "null",
    "true",
    "2012-10-17",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Any soup of YAML syntax, or a mapping whose values are built from it: parsing
    /// returns, and whatever it reports points inside the text (rendering it never needs
    /// a span miette cannot read).
    #[test]
    fn yaml_token_soup_parses_or_reports_cleanly(
        directive in any::<bool>(),
        soup in any::<bool>(),
        tokens in prop::collection::vec(prop::sample::select(YAML_TOKENS), 0..40),
        keys in prop::collection::vec("[a-z]{1,3}", 40),
    ) {
        let mut text = String::from(if directive { "%TAG !e! tag:e,2000:\n---\n" } else { "" });
        if soup {
            text.push_str(&tokens.concat());
        } else {
            // One token a value, under distinct keys: valid YAML far more often.
            for (i, (token, key)) in tokens.iter().zip(&keys).enumerate() {
                text.push_str(&format!("{key}{i}: {}\n", token.trim_end_matches('\n')));
            }
        }
        let mut problems = Vec::new();
        let file = Path::new("soup.yaml");
        if let Err(problem) = cfnlint_lock::load::template::Template::parse(file, text.as_str().into(), &mut problems) {
            problems.push(problem);
        }
        let rendered = human::render(&[], &problems, human::Style::plain());
        prop_assert!(!rendered.contains("Failed to read contents for label"), "{text:?}\n{rendered}");
    }
}

/// The folder is read in name order, whatever order the files were created in (the
/// file system's listing order follows creation on many file systems).
#[test]
fn output_does_not_depend_on_creation_order() {
    let files: Vec<(String, String)> = (0..8)
        .map(|i| {
            let template = format!(
                r#"{{"Resources": {{"T": {{"Type": "AWS::ECS::TaskDefinition"}}, "R": {{"Type": "AWS::SQS::Queue", "Properties": {{"P": {{"Fn::ImportValue": "e{}"}}}}}}}}, "Outputs": {{"O": {{"Value": {{"Ref": "T"}}, "Export": {{"Name": "e{i}"}}}}}}}}"#,
                (i + 1) % 8
            );
            (format!("s{i}.template.json"), template)
        })
        .collect();
    let as_bytes = |files: &[(String, String)]| -> Vec<(String, Vec<u8>)> {
        files.iter().map(|(n, t)| (n.clone(), t.clone().into_bytes())).collect()
    };
    let forward = as_bytes(&files);
    let mut backward = forward.clone();
    backward.reverse();
    let run = |files: &[(String, Vec<u8>)]| {
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        check_files(&borrowed)
    };
    let (outcome, first) = run(&forward);
    let (_, second) = run(&backward);
    assert_eq!(outcome.findings.iter().filter(|f| f.code == "LOCK001").count(), 8, "{first}");
    assert_eq!(first, second);
}

/// Nested stacks whose outputs each join the child's output four times: tracing the
/// exported value naively visits 4^20 nodes (found while auditing for hangs: it ran for
/// minutes). The tracer's step budget ends it at once.
#[test]
fn fan_out_through_nested_stacks_does_not_hang() {
    const LEVELS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let join_child = r#"{"Fn::Join": ["", [{"Fn::GetAtt": ["Child", "Outputs.O"]}, {"Fn::GetAtt": ["Child", "Outputs.O"]}, {"Fn::GetAtt": ["Child", "Outputs.O"]}, {"Fn::GetAtt": ["Child", "Outputs.O"]}]]}"#;
    let child = |next: usize| {
        format!(
            r#""Child": {{"Type": "AWS::CloudFormation::Stack", "Metadata": {{"aws:asset:path": "N{next}.nested.template.json"}}}}"#
        )
    };
    let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "Root.template.json",
        format!(
            r#"{{"Resources": {{{}}}, "Outputs": {{"E": {{"Value": {join_child}, "Export": {{"Name": "e"}}}}}}}}"#,
            child(1)
        ),
    );
    for level in 1..LEVELS {
        write(
            &format!("N{level}.nested.template.json"),
            format!(r#"{{"Resources": {{{}}}, "Outputs": {{"O": {{"Value": {join_child}}}}}}}"#, child(level + 1)),
        );
    }
    write(
        &format!("N{LEVELS}.nested.template.json"),
        r#"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition"}}, "Outputs": {"O": {"Value": {"Ref": "T"}}}}"#
            .to_owned(),
    );
    write(
        "Consumer.template.json",
        r#"{"Resources": {"S": {"Type": "AWS::SQS::Queue", "Properties": {"P": {"Fn::ImportValue": "e"}}}}}"#
            .to_owned(),
    );
    let stack = |id: &str| {
        format!(
            r#""{id}": {{"type": "aws:cloudformation:stack", "properties": {{"templateFile": "{id}.template.json"}}}}"#
        )
    };
    write(
        "manifest.json",
        format!(r#"{{"version": "38.0.1", "artifacts": {{{}, {}}}}}"#, stack("Root"), stack("Consumer")),
    );
    let started = std::time::Instant::now();
    let outcome = check(&[dir.path().to_path_buf()], &load::Options::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(outcome.graph.stacks.len(), LEVELS + 2, "{:?}", outcome.problems);
    assert_eq!(outcome.graph.imports.len(), 1);
    // The first path down is traced before the budget runs out: the task definition at
    // the bottom is still found.
    assert_eq!(outcome.findings.len(), 1, "{:?}", outcome.findings);
}
