//! Deployed state saved with the AWS CLI: `get-template` responses (or bare template
//! bodies) with an optional `describe-stacks` response, or `list-exports` pages with
//! `imports/<export-name>.json` from `list-imports`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::snapshot::{Evidence, ExportFact, ImportFact, Snapshot};
use crate::graph::Graph;
use crate::load::files::Root;
use crate::load::manifest::Env;
use crate::load::node::Node;
use crate::load::source::Source;
use crate::load::template::{Template, is_template_name};
use crate::load::{self, Loaded, Problem, StackSource};

/// One parsed file of the folder.
struct File {
    rel: PathBuf,
    shown: PathBuf,
    source: Arc<str>,
    template: Template,
}

/// Reads a folder of deployed templates or of CLI dumps.
///
/// Templates are pruned as they are read, like those of an assembly, so a folder of
/// 2,000 deployed templates is not held in memory whole; the CLI dumps and
/// `describe-stacks` responses (small) are kept until the folder's form is known.
pub fn load_folder(root: &Root, options: &load::Options) -> Result<(Snapshot, Vec<Problem>), Problem> {
    let mut problems = Vec::new();
    let mut dumps = Vec::new();
    let mut templates = Vec::new();
    // Said only when the folder turns out to hold templates, not CLI dumps.
    let mut template_problems = Vec::new();
    let shared_root = Arc::new(root.clone());
    for rel in template_files(root, &mut problems) {
        let shown = root.shown(&rel);
        let source = match root.read_text(&rel) {
            Ok(source) => source,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if source.trim().is_empty() {
            problems.push(Problem::note(&shown, format!("`{}` is empty; read as holding nothing", shown.display())));
            continue;
        }
        let file = match Template::parse(&shown, Arc::clone(&source), &mut problems) {
            Ok(template) => File { rel, shown, source, template },
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let has = |key: &str| file.template.root.get(key).is_some();
        if has("Stacks") {
            dumps.push(file);
            continue;
        }
        let is_dump = has("Exports") || has("Imports");
        let prune = |mut template: Template, rel: &Path| {
            if !options.whole_templates {
                template.keep_facts_only(&shared_root, rel, true);
            }
            template
        };
        if !is_dump && !has("TemplateBody") && file.template.looks_like_cloudformation() {
            // A bare template: the file itself, moved rather than copied.
            let File { rel, shown, template, .. } = file;
            templates.push((stack_name(&rel), shown, prune(template, &rel)));
            continue;
        }
        match template_body(&file, &mut template_problems) {
            Some((template, true)) => {
                templates.push((stack_name(&file.rel), file.shown.clone(), prune(template, &file.rel)))
            }
            // Positions inside a YAML `TemplateBody` string are not positions in the file,
            // so such a template keeps its text.
            Some((template, false)) => templates.push((stack_name(&file.rel), file.shown.clone(), template)),
            None => {}
        }
        if is_dump {
            dumps.push(file);
        }
    }
    if dumps.iter().any(|f| f.template.root.get("Exports").is_some()) {
        return Ok((from_cli_dump(&dumps, &mut problems), problems));
    }
    problems.extend(template_problems);
    let envs = stack_environments(&dumps);
    let mut loaded = Loaded::default();
    for (name, shown, template) in templates {
        loaded.stacks.push(StackSource {
            env: envs.get(&name).cloned().unwrap_or_default(),
            display_name: name.clone(),
            name,
            artifact_id: None,
            stage: None,
            declared_in: shown,
            template,
            construct_paths: Arc::default(),
            dependencies: Vec::new(),
            nested_in: None,
        });
    }
    if loaded.stacks.is_empty() && problems.iter().all(|p| p.severity != crate::Severity::Error) {
        return Err(Problem::error(
            &root.shown,
            format!(
                "`{}` holds no deployed template, list-exports page, lockfile or cloud assembly",
                root.shown.display()
            ),
        )
        .with_help("see the README's Baseline section for the forms a baseline can take"));
    }
    let graph = Graph::build(loaded);
    Ok((Snapshot::from_graph(&graph), problems))
}

fn template_files(root: &Root, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&root.shown).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_template_name(entry.path()) => {
                if let Ok(rel) = entry.path().strip_prefix(&root.shown) {
                    files.push(rel.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map_or_else(|| root.shown.clone(), Path::to_path_buf);
                problems.push(Problem::error(&path, format!("cannot read `{}`: {e}", path.display())));
            }
        }
    }
    files
}

/// The template a file holds: the `TemplateBody` of a `get-template` response (an object
/// for JSON templates, a string for YAML ones), else the file itself; and whether its
/// positions are positions in the file (not in a string inside it).
fn template_body(file: &File, problems: &mut Vec<Problem>) -> Option<(Template, bool)> {
    let Some(body) = file.template.root.get("TemplateBody") else {
        return file.template.looks_like_cloudformation().then(|| (file.template.clone(), true)).or_else(|| {
            problems
                .push(Problem::note(&file.shown, "not a CloudFormation template or get-template response; skipped"));
            None
        });
    };
    match body.as_str() {
        // A YAML (or JSON-as-text) template: positions are inside the string.
        Some(text) => {
            let shown = PathBuf::from(format!("{} (TemplateBody)", file.shown.display()));
            let template = Template::parse(&shown, Arc::from(text), problems).map_err(|p| problems.push(p)).ok()?;
            Some((template, false))
        }
        None => {
            let source = Source::kept(Arc::clone(&file.source));
            Some((Template::whole(file.shown.clone(), source, body.clone(), file.template.format), true))
        }
    }
}

/// `isol8-dev-service.json` → `isol8-dev-service`.
fn stack_name(rel: &Path) -> String {
    let file = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    stem.strip_suffix(".template").unwrap_or(stem).to_owned()
}

/// Stack name → environment, from `describe-stacks` responses (`Stacks[].StackId`).
fn stack_environments(files: &[File]) -> HashMap<String, Env> {
    let mut envs = HashMap::new();
    for file in files {
        for stack in file.template.root.get("Stacks").and_then(Node::as_seq).unwrap_or_default() {
            let name = stack.get("StackName").and_then(Node::as_str);
            let env = stack.get("StackId").and_then(Node::as_str).and_then(env_of_arn);
            if let (Some(name), Some((env, _))) = (name, env) {
                envs.insert(name.to_owned(), env);
            }
        }
    }
    envs
}

/// `arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID` → (environment, stack name).
fn env_of_arn(arn: &str) -> Option<(Env, String)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, _, region, account, resource] = parts.as_slice() else { return None };
    let name = resource.strip_prefix("stack/")?.split('/').next()?;
    Some((Env { account: Some((*account).to_owned()), region: Some((*region).to_owned()) }, name.to_owned()))
}

/// `list-exports` pages and `imports/<export-name>.json` files.
fn from_cli_dump(files: &[File], problems: &mut Vec<Problem>) -> Snapshot {
    let mut snapshot = Snapshot::default();
    let mut env_of_export: HashMap<String, Env> = HashMap::new();
    for file in files {
        for export in file.template.root.get("Exports").and_then(Node::as_seq).unwrap_or_default() {
            let name = export.get("Name").and_then(Node::as_str);
            let producer = export.get("ExportingStackId").and_then(Node::as_str).and_then(env_of_arn);
            let (Some(name), Some((env, stack))) = (name, producer) else {
                problems.push(
                    Problem::error(&file.shown, "a list-exports entry lacks `Name` or a valid `ExportingStackId`").at(
                        &file.source,
                        export.span,
                        "this entry",
                    ),
                );
                continue;
            };
            env_of_export.insert(name.to_owned(), env.clone());
            snapshot.exports.push(ExportFact {
                env,
                name: name.to_owned(),
                stack,
                output: None,
                value: None,
                resolved: export.get("Value").and_then(Node::as_str).map(str::to_owned),
                sources: Vec::new(),
                evidence: Some(evidence(file, export)),
            });
        }
    }
    for file in files.iter().filter(|f| f.rel.parent().is_some_and(|p| p.ends_with("imports"))) {
        let export = stack_name(&file.rel);
        let env = env_of_export.get(&export).cloned().unwrap_or_default();
        for stack in file.template.root.get("Imports").and_then(Node::as_seq).unwrap_or_default() {
            let Some(name) = stack.as_str() else { continue };
            snapshot.imports.push(ImportFact {
                env: env.clone(),
                stack: name.to_owned(),
                export: export.clone(),
                evidence: Some(evidence(file, stack)),
            });
        }
    }
    snapshot.sort();
    snapshot
}

fn evidence(file: &File, node: &Node) -> Evidence {
    Evidence {
        file: file.shown.clone(),
        source: Source::kept(Arc::clone(&file.source)),
        span: node.span,
        logical_id: None,
        construct_path: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stack_arns() {
        let (env, name) =
            env_of_arn("arn:aws:cloudformation:us-east-1:111111111111:stack/isol8-dev-service/1a2b").unwrap();
        assert_eq!(env.to_string(), "aws://111111111111/us-east-1");
        assert_eq!(name, "isol8-dev-service");
        assert!(env_of_arn("not-an-arn").is_none());
    }
}
