//! Loading: turns the PATHs on the command line into stacks with parsed templates.
//!
//! A PATH is a cloud assembly (a folder with `manifest.json`, Stages nested to any
//! depth, nested stacks found through their parent's resources), a single template file,
//! or a folder of templates. Nothing here knows about exports or rules; a file that
//! cannot be read becomes a [`Problem`] and loading goes on with the rest.
//!
//! Templates are independent until the graph joins them, so they are read and parsed on
//! every core ([`Prefetched`]) while the walk over manifests, which stays sequential,
//! takes each parsed template as it reaches it: stacks and problems come out in the same
//! order as a fully sequential load, whatever the number of threads.

pub mod digest;
pub mod files;
pub mod json;
pub mod manifest;
pub mod node;
pub mod problem;
pub mod prune;
pub mod references;
pub mod source;
pub mod syntax;
pub mod template;
pub mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use files::Root;
use manifest::{Artifact, AssetManifest, Env, Manifest};
pub use problem::Problem;
use rayon::prelude::*;
use template::Template;

/// How deep Stages and nested stacks may nest before we assume a loop.
const MAX_NESTING: usize = 32;

/// Below this many stacks, the graph is built on the calling thread.
pub const PARALLEL_FROM: usize = 8;

/// Below this much template text (JSON bytes, or YAML bytes times eight), templates are
/// parsed on the calling thread.
const PARALLEL_FROM_BYTES: u64 = 256 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    pub max_file_bytes: u64,
    /// Keep every template whole in memory (rule packs select from anywhere in one),
    /// rather than only what the graph and the built-in rules read ([`prune`]).
    pub whole_templates: bool,
    /// Take the digests of the resource properties pruning drops: comparing with a
    /// baseline and writing a lockfile use them.
    pub digests: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { max_file_bytes: files::DEFAULT_MAX_FILE_BYTES, whole_templates: false, digests: false }
    }
}

/// Everything loaded from the PATHs.
#[derive(Debug, Default)]
pub struct Loaded {
    pub stacks: Vec<StackSource>,
    pub problems: Vec<Problem>,
}

/// One stack: a stack artifact of an assembly, a nested stack, or a template file.
#[derive(Debug, Clone)]
pub struct StackSource {
    /// The CloudFormation stack name (`stackName`, else the artifact id, else the file
    /// stem; `<parent>/<logical id>` for nested stacks, whose real names are generated).
    pub name: String,
    pub artifact_id: Option<String>,
    pub display_name: String,
    pub env: Env,
    /// The Stage's display path (`PipelineStack/Beta`) for stacks in nested assemblies.
    pub stage: Option<String>,
    pub template: Template,
    /// Logical id → CDK construct path, from the manifest's `aws:cdk:logicalId` metadata.
    pub construct_paths: Arc<HashMap<String, String>>,
    pub dependencies: Vec<String>,
    pub nested_in: Option<NestedLink>,
    /// Where the stack was declared (the manifest), for messages about it.
    pub declared_in: PathBuf,
}

/// A nested stack's place in its parent.
#[derive(Debug, Clone)]
pub struct NestedLink {
    /// Index of the parent in [`Loaded::stacks`].
    pub parent: usize,
    /// Logical id of the parent's `AWS::CloudFormation::Stack` resource.
    pub logical_id: String,
}

/// Loads every PATH into one [`Loaded`].
#[must_use]
pub fn load(paths: &[PathBuf], options: &Options) -> Loaded {
    let mut loaded = Loaded::default();
    let mut seen = HashSet::new();
    for path in paths {
        // The same folder named twice (`cdk.out ./cdk.out`) would export everything twice.
        if let Ok(canonical) = std::fs::canonicalize(path)
            && !seen.insert(canonical)
        {
            loaded
                .problems
                .push(Problem::note(path, format!("`{}` was named more than once; read once", path.display())));
            continue;
        }
        load_path(path, options, &mut loaded);
    }
    loaded
}

fn load_path(path: &Path, options: &Options, out: &mut Loaded) {
    if path.is_file() {
        let (dir, name) = match (path.parent(), path.file_name()) {
            (Some(dir), Some(name)) => (if dir.as_os_str().is_empty() { Path::new(".") } else { dir }, name),
            _ => return out.problems.push(Problem::error(path, format!("cannot read `{}`", path.display()))),
        };
        let root = match Root::new(dir, options.max_file_bytes) {
            Ok(root) => Arc::new(root.with_shown(path.parent().unwrap_or(Path::new("")))),
            Err(problem) => return out.problems.push(problem),
        };
        if name == "manifest.json" {
            return load_assembly(&root, options, out);
        }
        let parser = Prefetched::none(&root, options);
        return load_template_file(&parser, Path::new(name), out, true);
    }
    let root = match Root::new(path, options.max_file_bytes) {
        Ok(root) => Arc::new(root),
        Err(problem) => {
            return out.problems.push(
                problem.with_help("run `cdk synth` to write `cdk.out`, or give a cloud assembly folder, a template file or a folder of templates"),
            );
        }
    };
    if root.is_file(Path::new("manifest.json")) {
        load_assembly(&root, options, out);
    } else {
        load_template_dir(&root, options, out);
    }
}

/// Reads the cloud assembly at `root` and the Stages nested in it.
fn load_assembly(root: &Arc<Root>, options: &Options, out: &mut Loaded) {
    let first = out.stacks.len();
    let prefetched = Prefetched::assembly(root, options);
    Assembly { root, out, visited: HashSet::new(), prefetched }.load(Path::new(""), None, 0);
    // `first` was the length before this assembly's stacks were pushed.
    let problems = same_stack_names(&out.stacks[first..]);
    out.problems.extend(problems);
}

/// Two stack artifacts that deploy one stack name to one environment: the second deploy
/// would update the stack the first made.
fn same_stack_names(stacks: &[StackSource]) -> Vec<Problem> {
    let mut first_of: HashMap<(&str, &Env), &StackSource> = HashMap::new();
    let mut problems = Vec::new();
    for stack in stacks.iter().filter(|s| s.nested_in.is_none()) {
        let Some(earlier) = first_of.get(&(stack.name.as_str(), &stack.env)) else {
            first_of.insert((stack.name.as_str(), &stack.env), stack);
            continue;
        };
        let id = |s: &StackSource| s.artifact_id.clone().unwrap_or_else(|| s.display_name.clone());
        problems.push(
            Problem::warning(
                &stack.declared_in,
                format!(
                    "stack artifacts `{}` and `{}` both deploy stack `{}` to `{}`",
                    id(earlier),
                    id(stack),
                    stack.name,
                    stack.env
                ),
            )
            .with_help("the second deploy would update the stack the first made; give each a distinct `stackName`"),
        );
    }
    problems
}

/// Reads one cloud assembly and the Stages nested in it.
struct Assembly<'a> {
    root: &'a Arc<Root>,
    out: &'a mut Loaded,
    visited: HashSet<PathBuf>,
    prefetched: Prefetched,
}

impl Assembly<'_> {
    fn load(&mut self, dir: &Path, stage: Option<String>, depth: usize) {
        // Keyed by the real path, so a Stage folder that is a link back (`assembly-x -> .`)
        // is caught at once instead of being read again at every level.
        self.visited.insert(self.root.real_path(dir).unwrap_or_else(|| dir.to_path_buf()));
        let manifest_rel = dir.join("manifest.json");
        let manifest_shown = self.root.shown(&manifest_rel);
        let Some(text) = self.read_file(&manifest_rel) else { return };
        let Some(manifest) = self.parse_reported::<Manifest>(&text, &text, "", &manifest_shown, "the manifest") else {
            return;
        };
        self.check_version(&manifest, &manifest_shown);
        if !manifest.missing.is_empty() {
            self.out.problems.push(Problem::warning(
                &manifest_shown,
                format!("the assembly lacks {} context value(s) (`missing` in the manifest): it was synthesized without lookups and must not be deployed as is", manifest.missing.len()),
            ));
        }
        let mut artifacts = Vec::with_capacity(manifest.artifacts.len());
        for (id, raw) in &manifest.artifacts {
            let listed = self.out.problems.len();
            let path = format!("artifacts.{id}");
            if let Some(artifact) =
                self.parse_reported::<Artifact>(&text, raw.get(), &path, &manifest_shown, "the manifest")
            {
                artifacts.push((id.clone(), artifact));
            } else if let Some(problem) = self.out.problems.get_mut(listed) {
                problem.help = Some(format!("artifact `{id}` was skipped; the other artifacts are read"));
            }
        }
        let assets = self.asset_files(dir, &artifacts, &manifest_shown);
        for (id, artifact) in &artifacts {
            match artifact.kind.as_str() {
                manifest::STACK => self.load_stack(dir, id, artifact, stage.as_deref(), &assets, &manifest_shown),
                manifest::NESTED_ASSEMBLY => {
                    let Some(name) = artifact.properties.directory_name.as_deref() else {
                        self.out.problems.push(Problem::error(
                            &manifest_shown,
                            format!("nested assembly `{id}` has no `directoryName`"),
                        ));
                        continue;
                    };
                    let sub = match self.root.inside(dir, name, "directoryName", &manifest_shown) {
                        Ok(sub) => sub,
                        Err(problem) => {
                            self.out.problems.push(problem);
                            continue;
                        }
                    };
                    let real = self.root.real_path(&sub).unwrap_or_else(|| sub.clone());
                    let refused = if self.visited.contains(&real) {
                        Some(format!(
                            "leads to `{}`, which was already read; it is not read twice",
                            self.root.shown(&sub).display()
                        ))
                    } else if depth >= MAX_NESTING {
                        Some(format!("is nested deeper than {MAX_NESTING} levels; it was not read"))
                    } else {
                        None
                    };
                    if let Some(why) = refused {
                        self.out.problems.push(Problem::error(
                            &manifest_shown,
                            format!(
                                "`{}`: nested assembly `{id}` (`directoryName` `{name}`) {why}",
                                manifest_shown.display()
                            ),
                        ));
                        continue;
                    }
                    let display = artifact.properties.display_name.clone().unwrap_or_else(|| id.clone());
                    self.load(&sub, Some(display), depth + 1);
                }
                _ => {}
            }
        }
    }

    fn check_version(&mut self, manifest: &Manifest, shown: &Path) {
        match manifest::schema_major(&manifest.version) {
            Some(major) if major > manifest::NEWEST_KNOWN_SCHEMA_MAJOR => self.out.problems.push(
                Problem::warning(
                    shown,
                    format!(
                        "cloud assembly schema {} is newer than the newest this cfnlint-lock knows ({}.x); reading it all the same",
                        manifest.version,
                        manifest::NEWEST_KNOWN_SCHEMA_MAJOR
                    ),
                )
                .with_help("most schema changes only add fields; upgrade cfnlint-lock if something is missed"),
            ),
            Some(_) if manifest::schema_major_minor(&manifest.version).is_some_and(|v| v < manifest::OLDEST_KNOWN_SCHEMA) => {
                let (major, minor) = manifest::OLDEST_KNOWN_SCHEMA;
                self.out.problems.push(
                    Problem::warning(
                        shown,
                        format!(
                            "cloud assembly schema {} is older than the oldest this cfnlint-lock knows ({major}.{minor}.0); reading it all the same",
                            manifest.version
                        ),
                    )
                    .with_help("fields this schema names differently are missed; synthesize with a newer CDK"),
                );
            }
            Some(_) => {}
            None => self.out.problems.push(Problem::warning(shown, format!("the manifest's version `{}` is not a schema version", manifest.version))),
        }
    }

    /// Reads and parses a JSON file with serde (see [`Assembly::parse_reported`]).
    fn read_json<T: serde::de::DeserializeOwned>(&mut self, rel: &Path, what: &str) -> Option<T> {
        let text = self.read_file(rel)?;
        self.parse_reported(&text, &text, "", &self.root.shown(rel), what)
    }

    fn read_file(&mut self, rel: &Path) -> Option<Arc<str>> {
        self.root.read_text(rel).map_err(|problem| self.out.problems.push(problem)).ok()
    }

    /// Parses `part`, which is all of `text` or a slice of it (one artifact, whose field
    /// path is `path`), turning a failure into a problem located in `text` that names the
    /// field (`artifacts.Stack.properties.templateFile`) as well as the line.
    fn parse_reported<'t, T: serde::Deserialize<'t>>(
        &mut self,
        text: &Arc<str>,
        part: &'t str,
        path: &str,
        shown: &Path,
        what: &str,
    ) -> Option<T> {
        let error = match parse_json::<T>(part, path) {
            Ok(value) => return Some(value),
            Err(error) => error,
        };
        // Where `part` starts in `text`: it is a slice of it (serde_json borrows raw
        // values from the input), or `text` itself.
        let base = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize).filter(|&b| b <= text.len());
        let at = error.at.zip(base).map(|(offset, base)| base + offset);
        let message = match at {
            Some(at) => {
                let (line, column) = crate::report::line_column(text, at);
                format!("{what} `{}` is not valid: {} at line {line}, column {column}", shown.display(), error.reason)
            }
            None => format!("{what} `{}` is not valid: {}", shown.display(), error.reason),
        };
        let mut problem = Problem::error(shown, message);
        if let Some(at) = at {
            problem = problem.at(text, node::Span::new(at, at), error.reason);
        }
        self.out.problems.push(problem);
        None
    }

    /// The nested templates listed in the assembly's asset manifests: S3 object hash → file.
    fn asset_files(
        &mut self,
        dir: &Path,
        artifacts: &[(String, Artifact)],
        manifest_shown: &Path,
    ) -> HashMap<String, String> {
        let mut files = HashMap::new();
        for (_, artifact) in artifacts.iter().filter(|(_, a)| a.kind == manifest::ASSET_MANIFEST) {
            let Some(file) = artifact.properties.file.as_deref() else { continue };
            let rel = match self.root.inside(dir, file, "asset manifest", manifest_shown) {
                Ok(rel) => rel,
                Err(problem) => {
                    self.out.problems.push(problem);
                    continue;
                }
            };
            if let Some(assets) = self.read_json::<AssetManifest>(&rel, "the asset manifest") {
                for (hash, asset) in assets.files {
                    if let Some(path) = asset.source.path {
                        files.insert(hash, path);
                    }
                }
            }
        }
        files
    }

    fn load_stack(
        &mut self,
        dir: &Path,
        id: &str,
        artifact: &Artifact,
        stage: Option<&str>,
        assets: &HashMap<String, String>,
        manifest_shown: &Path,
    ) {
        let Some(template_file) = artifact.properties.template_file.as_deref() else {
            return self
                .out
                .problems
                .push(Problem::error(manifest_shown, format!("stack artifact `{id}` has no `templateFile` property")));
        };
        let rel = match self.root.inside(dir, template_file, "templateFile", manifest_shown) {
            Ok(rel) => rel,
            Err(problem) => return self.out.problems.push(problem),
        };
        let listed = self.out.problems.len();
        let template = read_template(&self.prefetched, &rel, self.out).and_then(|template| {
            if template.root.as_map().is_some() {
                return Some(template);
            }
            let problem = Problem::error(
                &template.file,
                format!(
                    "`{}` holds {}, not a template (a mapping of sections such as `Resources`)",
                    template.file.display(),
                    template.root.kind()
                ),
            )
            // A point, not the whole document: the file may be long.
            .at(
                &template.source.text(),
                node::Span::new(template.root.span.start as usize, template.root.span.start as usize),
                "expected a mapping here",
            );
            self.out.problems.push(problem);
            None
        });
        let Some(template) = template else {
            // `listed` is the length before this template's problems were pushed, so the
            // range is in bounds.
            for problem in &mut self.out.problems[listed..] {
                problem.help.get_or_insert_with(|| {
                    format!("it is the `templateFile` of stack artifact `{id}` in `{}`; run `cdk synth` again if the assembly is incomplete", manifest_shown.display())
                });
            }
            return;
        };
        let env = match artifact.environment.as_deref() {
            None => Env::default(),
            Some(text) => Env::parse(text).unwrap_or_else(|| {
                self.out.problems.push(Problem::warning(manifest_shown, format!("stack artifact `{id}` has environment `{text}`, not `aws://ACCOUNT/REGION`; treated as environment-agnostic")));
                Env::default()
            }),
        };
        let (construct_paths, legacy_assets) = self.stack_metadata(dir, artifact, manifest_shown);
        let construct_paths = Arc::new(construct_paths);
        let name = match artifact.properties.stack_name.as_deref() {
            Some("") => {
                self.out.problems.push(Problem::warning(
                    manifest_shown,
                    format!("stack artifact `{id}` has an empty `stackName`; it is named `{id}` here"),
                ));
                id.to_owned()
            }
            Some(name) => name.to_owned(),
            None => id.to_owned(),
        };
        let display_name = artifact.display_name.clone().unwrap_or_else(|| id.to_owned());
        let index = self.out.stacks.len();
        self.out.stacks.push(StackSource {
            name,
            artifact_id: Some(id.to_owned()),
            display_name,
            env,
            stage: stage.map(str::to_owned),
            template,
            construct_paths,
            dependencies: artifact.dependencies.clone(),
            nested_in: None,
            declared_in: manifest_shown.to_path_buf(),
        });
        let with_legacy;
        let assets = if legacy_assets.is_empty() {
            assets
        } else {
            with_legacy = assets.clone().into_iter().chain(legacy_assets).collect();
            &with_legacy
        };
        let read = HashMap::from([(rel, index)]);
        Nesting { root: self.root, prefetched: &self.prefetched, dir, assets, out: self.out, read }.load(index, 0);
        keep_needed_construct_paths(&mut self.out.stacks[index..]);
    }

    /// From inline metadata and the `additionalMetadataFile`: logical id → construct path,
    /// and the legacy synthesizer's `aws:cdk:asset` entries (asset hash → file).
    fn stack_metadata(
        &mut self,
        dir: &Path,
        artifact: &Artifact,
        manifest_shown: &Path,
    ) -> (HashMap<String, String>, HashMap<String, String>) {
        let mut metadata: BTreeMap<String, Vec<manifest::MetadataEntry>> = BTreeMap::new();
        if let Some(file) = artifact.additional_metadata_file.as_deref() {
            match self.root.inside(dir, file, "additionalMetadataFile", manifest_shown) {
                Ok(rel) => {
                    if let Some(extra) =
                        self.read_json::<BTreeMap<String, Vec<manifest::MetadataEntry>>>(&rel, "the metadata file")
                    {
                        metadata = extra;
                    }
                }
                Err(problem) => self.out.problems.push(problem),
            }
        }
        let mut paths = HashMap::new();
        let mut assets = HashMap::new();
        let inline = artifact.metadata.iter();
        for (path, entries) in metadata.iter().chain(inline) {
            for entry in entries {
                match entry.kind.as_str() {
                    "aws:cdk:logicalId" => {
                        if let Some(logical_id) = entry.data.as_str() {
                            paths.insert(logical_id.to_owned(), path.trim_start_matches('/').to_owned());
                        }
                    }
                    "aws:cdk:asset" => {
                        let field = |k: &str| entry.data.get(k).and_then(serde_json::Value::as_str);
                        if let (Some(id), Some(file)) = (field("id"), field("path")) {
                            assets.insert(id.to_owned(), file.to_owned());
                        }
                    }
                    _ => {}
                }
            }
        }
        (paths, assets)
    }
}

/// Why a manifest-like JSON text could not be read, and where (a byte offset in it).
struct JsonError {
    reason: String,
    at: Option<usize>,
}

/// `serde_json` with the path of the field that failed (`serde_path_to_error`), and the
/// cases serde words poorly (an empty file, a byte-order mark) said plainly.
/// `path` is the field path of `text` inside its file (`artifacts.Stack`), or empty.
fn parse_json<'t, T: serde::Deserialize<'t>>(text: &'t str, path: &str) -> Result<T, JsonError> {
    if text.trim().is_empty() {
        return Err(JsonError { reason: "the file is empty".to_owned(), at: None });
    }
    if text.starts_with('\u{feff}') {
        return Err(JsonError {
            reason: "the file starts with a byte-order mark (U+FEFF), which JSON does not allow".to_owned(),
            at: Some(0),
        });
    }
    // serde's derived structs also accept a JSON array (as a tuple): `["38.0.1"]` would
    // read as a manifest. Every file read here is an object.
    if !text.trim_start().starts_with('{') {
        let reason = if path.is_empty() {
            "expected a JSON object (`{ … }`)".to_owned()
        } else {
            format!("`{path}` is not a JSON object (`{{ … }}`)")
        };
        return Err(JsonError { reason, at: Some(text.len() - text.trim_start().len()) });
    }
    // Tracking the path costs as much as the parse itself; a valid file (nearly every one)
    // does without, and an invalid one is parsed again with it for the message.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let at = |e: &serde_json::Error| (e.line() > 0).then(|| crate::report::offset_of(text, e.line(), e.column()));
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let inner_path = e.path().to_string();
        let full_path = match (path, inner_path.as_str()) {
            ("", inner) => inner.to_owned(),
            (outer, ".") => outer.to_owned(),
            (outer, inner) => format!("{outer}.{inner}"),
        };
        let inner = e.into_inner();
        let reason = serde_reason(&inner);
        // Syntax errors have no useful path; data errors are about one field.
        let reason = if inner.is_data() { plain_data_error(&full_path, &reason) } else { reason };
        JsonError { reason, at: at(&inner) }
    })?;
    // Trailing characters after the document are an error serde only reports here.
    deserializer.end().map_err(|e| JsonError { reason: serde_reason(&e), at: at(&e) })?;
    Ok(value)
}

/// serde's data errors in the words of JSON, with the field they are about:
/// `invalid type: map, expected a sequence` at `a.b` becomes
/// `` `a.b` is an object, expected an array``.
fn plain_data_error(path: &str, reason: &str) -> String {
    let json_words = |text: &str| {
        let text = text.trim();
        match text {
            "map" | "a map" => "an object".to_owned(),
            "sequence" | "a sequence" => "an array".to_owned(),
            "unit value" | "null" => "`null`".to_owned(),
            _ if text.starts_with("struct ") => "an object".to_owned(),
            _ if text.starts_with("integer ") || text.starts_with("floating point ") => {
                format!("the number {}", text.split_once(' ').map_or(text, |(_, n)| n))
            }
            _ if text.starts_with("string ") || text.starts_with("boolean ") => {
                format!("the {text}")
            }
            _ => text.to_owned(),
        }
    };
    let field = if path == "." { "the top-level object".to_owned() } else { format!("`{path}`") };
    if let Some((found, expected)) = reason.strip_prefix("invalid type: ").and_then(|r| r.split_once(", expected ")) {
        return format!("{field} is {}, expected {}", json_words(found), json_words(expected));
    }
    if let Some(name) = reason.strip_prefix("missing field ") {
        return format!("{field} has no {name} field");
    }
    format!("{field}: {reason}")
}

fn serde_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the caller says where itself. `rfind`
    // returns a char boundary, so the slice cannot panic.
    let text = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => text.as_str(),
    };
    match text.strip_prefix("EOF while parsing ") {
        Some("a value") => "the file ends where a value was expected".to_owned(),
        Some(what) => format!("the file ends inside {what}"),
        None => text.to_owned(),
    }
}

/// Templates read and parsed on every core while the sequential walk goes on: the walk
/// reads manifests and metadata meanwhile, and waits only for a template not parsed yet.
struct Prefetched {
    shared: Option<Arc<Shared>>,
    parser: Parser,
}

/// How a template is read and parsed, on whichever thread does it.
#[derive(Clone)]
struct Parser {
    root: Arc<Root>,
    whole_templates: bool,
    digests: bool,
}

impl Parser {
    fn parse(&self, rel: &Path) -> Parsed {
        let mut notes = Vec::new();
        let root = &self.root;
        let template = root.read_text(rel).and_then(|text| Template::parse(&root.shown(rel), text, &mut notes));
        let template = template.map(|mut template| {
            // A document that is no template is reported from its text, so it is kept.
            if !self.whole_templates && template.looks_like_cloudformation() {
                template.keep_facts_only(root, rel, self.digests);
            }
            template
        });
        (template, notes)
    }
}

struct Shared {
    state: Mutex<State>,
    ready: Condvar,
}

struct State {
    /// Every file handed to the workers so far; `None` while it is still being parsed.
    parsed: HashMap<PathBuf, Option<Parsed>>,
    /// Whether the folder walk is over: a file not handed out by then never will be.
    listed: bool,
}

/// One template's outcome: the template or the problem that stopped it, and its notes.
type Parsed = (Result<Template, Problem>, Vec<Problem>);

impl Prefetched {
    /// Every `*.template.json` of an assembly (CDK's names for stack and nested-stack
    /// templates, in Stages too). A file no manifest names is parsed for nothing, which
    /// costs time but changes no output: only the templates the walk asks for are used.
    fn assembly(root: &Arc<Root>, options: &Options) -> Self {
        // Stages nest at most `MAX_NESTING` folders deep.
        let files = root.files_where(MAX_NESTING + 1, |path| {
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".template.json"))
        });
        Self::files(root, options, files)
    }

    /// Nothing parsed ahead: each template is parsed when the walk asks for it.
    fn none(root: &Arc<Root>, options: &Options) -> Self {
        let parser =
            Parser { root: Arc::clone(root), whole_templates: options.whole_templates, digests: options.digests };
        Self { shared: None, parser }
    }

    /// `files` is the folder walk, which goes on in the pool: parsing starts with the first
    /// files found instead of waiting for the whole listing.
    fn files(
        root: &Arc<Root>,
        options: &Options,
        files: impl Iterator<Item = (PathBuf, u64)> + Send + 'static,
    ) -> Self {
        // Starting the thread pool costs about a millisecond, what parsing 256 KiB of JSON
        // takes; a smaller app is parsed on the calling thread. YAML costs about eight
        // times as much a byte.
        let mut files = files;
        let (mut first, mut cost) = (Vec::new(), 0u64);
        while cost < PARALLEL_FROM_BYTES {
            let Some((rel, size)) = files.next() else { return Self::none(root, options) };
            cost = cost.saturating_add(if template::is_yaml_name(&rel) { size.saturating_mul(8) } else { size });
            first.push(rel);
        }
        let parsed = first.iter().map(|rel| (rel.clone(), None)).collect();
        let shared = Arc::new(Shared { state: Mutex::new(State { parsed, listed: false }), ready: Condvar::new() });
        let parser = Self::none(root, options).parser;
        let (workers, worker_parser) = (Arc::clone(&shared), parser.clone());
        rayon::spawn(move || {
            let (listing, done) = (Arc::clone(&workers), Arc::clone(&workers));
            let rest = files.map(move |(rel, _)| {
                listing.lock().parsed.insert(rel.clone(), None);
                rel
            });
            let end_of_listing = std::iter::from_fn(move || {
                done.lock().listed = true;
                done.ready.notify_all();
                None
            });
            first.into_iter().chain(rest).chain(end_of_listing).par_bridge().for_each(|rel| {
                let parsed = worker_parser.parse(&rel);
                workers.lock().parsed.insert(rel, Some(parsed));
                workers.ready.notify_all();
            });
        });
        Self { shared: Some(shared), parser }
    }

    /// The outcome for `rel`, waiting for it if it is still being parsed; `None` if it was
    /// not handed to the workers (or was taken already: a file named twice is read again).
    fn take(&self, rel: &Path) -> Option<Parsed> {
        let shared = self.shared.as_ref()?;
        let mut state = shared.lock();
        loop {
            match state.parsed.get(rel) {
                None if state.listed => return None,
                Some(Some(_)) => return state.parsed.remove(rel).flatten(),
                None | Some(None) => {}
            }
            if rayon::current_thread_index().is_some() {
                // Called from inside the pool (a caller's `install`): blocking here could
                // starve the job that parses, so help it instead.
                drop(state);
                if !matches!(rayon::yield_now(), Some(rayon::Yield::Executed)) {
                    std::thread::yield_now();
                }
                state = shared.lock();
            } else {
                state = shared.ready.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        }
    }
}

impl Shared {
    /// A worker that panicked leaves its file pending, never a half-written entry.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads `rel` (or takes it from `prefetched`), with its problems in `out`.
fn read_template(prefetched: &Prefetched, rel: &Path, out: &mut Loaded) -> Option<Template> {
    // Taken, not cloned: a file named twice is read again the second time, as before.
    let (template, notes) = prefetched.take(rel).unwrap_or_else(|| prefetched.parser.parse(rel));
    out.problems.extend(notes);
    template.map_err(|problem| out.problems.push(problem)).ok()
}

/// The nested stacks under one stack artifact, walked as a graph: each template file is
/// read once, however many nested stack resources name it. A template named twice at
/// every level was read once for every path to it (fan-out 4, depth 10: a million reads).
struct Nesting<'a> {
    root: &'a Root,
    prefetched: &'a Prefetched,
    dir: &'a Path,
    assets: &'a HashMap<String, String>,
    out: &'a mut Loaded,
    /// Template file (relative to the root) → the stack read from it.
    read: HashMap<PathBuf, usize>,
}

impl Nesting<'_> {
    /// Finds the templates of the parent's `AWS::CloudFormation::Stack` resources, through
    /// `aws:asset:path` metadata when `cdk synth` wrote it, else through the asset manifest.
    fn load(&mut self, parent: usize, depth: usize) {
        // `parent` is the index of a stack already pushed (by `load_stack` or the loop
        // below), and stacks are never removed while loading.
        let children = nested_template_files(&self.out.stacks[parent].template, self.assets);
        // Template files this parent names that were read already, with who names them.
        let mut repeats: Vec<(PathBuf, usize, Vec<String>)> = Vec::new();
        for (logical_id, file) in children {
            let parent_source = &self.out.stacks[parent];
            let declared_in = parent_source.template.file.clone();
            let Some(file) = file else {
                self.out.problems.push(Problem::note(
                    &declared_in,
                    format!("nested stack `{logical_id}` of `{}`: its template is not in the assembly, so its contents are not checked", parent_source.name),
                ));
                continue;
            };
            if depth >= MAX_NESTING {
                self.out.problems.push(Problem::error(
                    &declared_in,
                    format!("nested stacks are nested deeper than {MAX_NESTING} levels"),
                ));
                break;
            }
            let rel = match self.root.inside(self.dir, &file, "nested stack template", &declared_in) {
                Ok(rel) => rel,
                Err(problem) => {
                    self.out.problems.push(problem);
                    continue;
                }
            };
            if let Some(&first) = self.read.get(&rel) {
                if self.is_ancestor(first, parent) {
                    self.out.problems.push(self.nests_itself(parent, &logical_id, &rel, first));
                } else if let Some((_, _, ids)) = repeats.iter_mut().find(|(r, _, _)| *r == rel) {
                    ids.push(logical_id);
                } else {
                    repeats.push((rel, first, vec![logical_id]));
                }
                continue;
            }
            let listed = self.out.problems.len();
            let Some(template) = read_template(self.prefetched, &rel, self.out) else {
                // `listed` was the length before this template's problems: in bounds.
                for problem in &mut self.out.problems[listed..] {
                    problem.help.get_or_insert_with(|| {
                        format!("it is the template of nested stack `{logical_id}` in `{}`", declared_in.display())
                    });
                }
                continue;
            };
            let parent_source = &self.out.stacks[parent];
            let source = StackSource {
                name: format!("{}/{logical_id}", parent_source.name),
                artifact_id: None,
                display_name: format!("{}/{logical_id}", parent_source.display_name),
                env: parent_source.env.clone(),
                stage: parent_source.stage.clone(),
                template,
                construct_paths: Arc::clone(&parent_source.construct_paths),
                dependencies: Vec::new(),
                nested_in: Some(NestedLink { parent, logical_id }),
                declared_in,
            };
            let index = self.out.stacks.len();
            self.out.stacks.push(source);
            self.read.insert(rel, index);
            self.load(index, depth + 1);
        }
        for (rel, first, ids) in repeats {
            let note = self.read_before(parent, &ids, &rel, first);
            self.out.problems.push(note);
        }
    }

    /// Whether stack `first` is `parent` or one of its ancestors.
    fn is_ancestor(&self, first: usize, parent: usize) -> bool {
        let mut at = Some(parent);
        while let Some(stack) = at {
            if stack == first {
                return true;
            }
            at = self.out.stacks[stack].nested_in.as_ref().map(|link| link.parent);
        }
        false
    }

    /// Nested stack `logical_id` of `parent` names `rel` again, the template of its own
    /// ancestor `first`: CloudFormation cannot create that.
    fn nests_itself(&self, parent: usize, logical_id: &str, rel: &Path, first: usize) -> Problem {
        let stacks = &self.out.stacks;
        Problem::error(
            &stacks[parent].template.file,
            format!(
                "nested stack `{logical_id}` of `{}` nests its own template `{}` again (through `{}`); it was not read again",
                stacks[parent].name,
                self.root.shown(rel).display(),
                stacks[first].name
            ),
        )
        .with_help("CloudFormation cannot create a stack that contains itself")
    }

    /// One note for the nested stacks of `parent` (`ids`) that name `rel`, the template of
    /// nested stack `first`, which was read already.
    fn read_before(&self, parent: usize, ids: &[String], rel: &Path, first: usize) -> Problem {
        const LISTED: usize = 3;
        let stacks = &self.out.stacks;
        let mut named: Vec<String> = ids.iter().take(LISTED).map(|id| format!("`{id}`")).collect();
        if ids.len() > LISTED {
            named.push(format!("{} more", ids.len() - LISTED));
        }
        let (what, verb, pronoun) =
            if ids.len() == 1 { ("nested stack", "uses", "it is") } else { ("nested stacks", "use", "they are") };
        let first_name = &stacks[first].name;
        Problem::note(
            &stacks[parent].template.file,
            format!(
                "{what} {} of `{}` {verb} `{}`, the template of nested stack `{first_name}`; {pronoun} checked once, as `{first_name}`",
                named.join(", "),
                stacks[parent].name,
                self.root.shown(rel).display(),
            ),
        )
    }
}

/// Drops the manifest's construct paths that the templates of one stack and its nested
/// stacks (`family`, which share them) make redundant: when every resource carries its
/// own `aws:cdk:path`, only outputs and other non-resources are looked up in the
/// manifest. A CDK app's manifest lists every resource, 100,000 of them in a large app.
fn keep_needed_construct_paths(family: &mut [StackSource]) {
    let redundant = |s: &StackSource| !s.template.whole && s.template.every_resource_has_a_path;
    if family.is_empty() || !family.iter().all(redundant) {
        return;
    }
    let mut needed = HashSet::new();
    for stack in family.iter() {
        let outputs = stack.template.root.get("Outputs").and_then(node::Node::as_map).unwrap_or_default();
        needed.extend(outputs.iter().map(|o| o.key.as_str()));
        let holders = stack.template.references.iter().flatten().map(|r| &r.holder);
        needed.extend(holders.filter(|h| h.section != "Resources").filter_map(|h| h.logical_id.as_deref()));
    }
    let paths = &family[0].construct_paths;
    let kept: HashMap<String, String> = paths
        .iter()
        .filter(|(id, _)| needed.contains(id.as_str()))
        .map(|(id, path)| (id.clone(), path.clone()))
        .collect();
    let kept = Arc::new(kept);
    for stack in family {
        stack.construct_paths = Arc::clone(&kept);
    }
}

/// `(logical id, template file if found)` of every nested stack resource in a template.
fn nested_template_files(template: &Template, assets: &HashMap<String, String>) -> Vec<(String, Option<String>)> {
    let Some(resources) = template.root.get("Resources").and_then(node::Node::as_map) else { return Vec::new() };
    resources
        .iter()
        .filter(|r| r.value.get("Type").and_then(node::Node::as_str) == Some("AWS::CloudFormation::Stack"))
        .map(|r| {
            let from_metadata = r
                .value
                .get("Metadata")
                .and_then(|m| m.get("aws:asset:path"))
                .and_then(node::Node::as_str)
                .filter(|p| template::is_template_name(Path::new(p)))
                .map(str::to_owned);
            let from_assets = || {
                let url = r.value.get("Properties")?.get("TemplateURL")?.to_string();
                hex_runs_of_64(&url).find_map(|hash| assets.get(hash).cloned())
            };
            (r.key.clone(), from_metadata.or_else(from_assets))
        })
        .collect()
}

/// Runs of exactly 64 lowercase hex characters: the asset hashes a template URL is
/// built from (`…/<hash>.json`, or legacy `AssetParameters<hash>S3Bucket…` parameters).
fn hex_runs_of_64(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_digit() || ('a'..='f').contains(&c))).filter(|run| run.len() == 64)
}

fn load_template_file(prefetched: &Prefetched, rel: &Path, out: &mut Loaded, named_on_command_line: bool) {
    let Some(template) = read_template(prefetched, rel, out) else { return };
    if !template.looks_like_cloudformation() {
        let message = if template.root.as_map().is_some() {
            "not a CloudFormation template (no `Resources`, `Outputs` or `AWSTemplateFormatVersion`); skipped"
                .to_owned()
        } else {
            format!(
                "not a CloudFormation template (it holds {}, not a mapping of sections); skipped",
                template.root.kind()
            )
        };
        let problem = if named_on_command_line {
            Problem::error(&template.file, message)
        } else {
            Problem::note(&template.file, message)
        };
        return out.problems.push(problem);
    }
    let name = stack_name_from_file(rel);
    out.stacks.push(StackSource {
        display_name: name.clone(),
        name,
        artifact_id: None,
        env: Env::default(),
        stage: None,
        declared_in: template.file.clone(),
        template,
        construct_paths: Arc::default(),
        dependencies: Vec::new(),
        nested_in: None,
    });
}

/// `vpc/vpc-2azs.yaml` → `vpc-2azs`; `X.template.json` → `X`.
fn stack_name_from_file(rel: &Path) -> String {
    let file = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    stem.strip_suffix(".template").unwrap_or(stem).to_owned()
}

fn load_template_dir(root: &Arc<Root>, options: &Options, out: &mut Loaded) {
    let prefetched = Prefetched::files(root, options, root.files_where(usize::MAX, template::is_template_name));
    let first = out.stacks.len();
    let mut candidates = 0;
    let walker = walkdir::WalkDir::new(root.shown.clone()).follow_links(false).sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(|| root.shown.clone(), Path::to_path_buf);
                out.problems.push(Problem::error(&path, format!("cannot read `{}`: {e}", path.display())));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        // Links to folders are not followed (walkdir does not, which also keeps a link
        // loop from running forever); say so, as templates behind one go unchecked.
        if entry.path_is_symlink() && entry.path().is_dir() {
            out.problems.push(Problem::note(
                entry.path(),
                format!("`{}` is a link to a folder; links to folders are not followed", entry.path().display()),
            ));
            continue;
        }
        if !template::is_template_name(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&root.shown) else { continue };
        candidates += 1;
        load_template_file(&prefetched, rel, out, false);
    }
    if candidates == 0 {
        out.problems.push(
            Problem::error(&root.shown, format!("`{}` holds neither a `manifest.json` nor any CloudFormation template", root.shown.display()))
                .with_help("give a cloud assembly folder (the `cdk.out` that `cdk synth` writes), a template file or a folder of templates"),
        );
    }
    // `first` was the length before this folder's stacks were pushed.
    disambiguate_names(&mut out.stacks[first..]);
}

/// Two templates with the same file stem in different folders get their folder in the name.
fn disambiguate_names(stacks: &mut [StackSource]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for stack in stacks.iter() {
        *seen.entry(stack.name.clone()).or_default() += 1;
    }
    // Every name was counted in `seen` just above.
    for stack in stacks.iter_mut().filter(|s| seen[&s.name] > 1) {
        let rel = stack.template.file.with_extension("");
        stack.name = rel.to_string_lossy().replace(['/', '\\', '.'], "-");
        stack.display_name.clone_from(&stack.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_data_errors_are_said_in_json_words_with_the_field() {
        let said = |path: &str, reason: &str| plain_data_error(path, reason);
        assert_eq!(
            said("artifacts.S.properties.templateFile", "invalid type: integer `42`, expected a string"),
            "`artifacts.S.properties.templateFile` is the number `42`, expected a string"
        );
        assert_eq!(
            said("artifacts", "invalid type: sequence, expected a map"),
            "`artifacts` is an array, expected an object"
        );
        assert_eq!(said(".", "missing field `version`"), "the top-level object has no `version` field");
    }

    #[test]
    fn one_artifact_is_located_inside_the_manifest() {
        let text = "{\"a\": {\"type\": 1}}";
        let error = parse_json::<Artifact>(&text[6..17], "artifacts.a").err().unwrap();
        assert_eq!(error.reason, "`artifacts.a.type` is the number `1`, expected a string");
        assert_eq!(error.at.map(|at| &text[6 + at..=6 + at]), Some("1"));
    }
}
