//! `.cfnlint-lock.yaml`: per-rule severity, default PATHs, export names known to come from
//! outside, `ignore` entries, and baseline files.
//!
//! Found from the current directory upward, stopping at the repository root (the first
//! folder holding `.git`), or named with `--config`. Read with the template YAML parser,
//! which keeps spans, so an unknown key or a bad value is an error pointing at its line.
//!
//! A pull request can change a discovered config, so what it names is contained: its
//! paths (`paths`, `baseline`, `rules`) resolve against the config's folder and must stay
//! inside the repository that holds it (the nearest folder with `.git`, else the config's
//! own folder), links included; a discovered config that is a link to a file outside the
//! repository is not read. Otherwise a config could have `~/.aws/credentials` read and
//! echoed in an error snippet of a public CI log.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobMatcher};

use crate::Severity;
use crate::load::files::read_regular_file;
use crate::load::node::{Entry, Node, Span, Value};
use crate::load::{Problem, yaml};
use crate::rules::{RuleMeta, find};

/// The file name looked for.
pub const FILE_NAME: &str = ".cfnlint-lock.yaml";

/// What a rule's severity is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Set(Severity),
    /// The rule does not run.
    Off,
}

/// The whole configuration; [`Config::default`] is what runs without a file.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it was read from.
    pub file: Option<PathBuf>,
    /// Rule code → level.
    pub rules: BTreeMap<&'static str, Level>,
    /// PATHs to check when the command line names none (relative to the config file).
    pub paths: Vec<PathBuf>,
    /// Export names known to come from outside the checked PATHs.
    pub external_exports: Vec<Pattern>,
    pub ignore: Vec<Ignore>,
    /// The deployed state for LOCK002–LOCK004 (relative to the config file), before any
    /// `--baseline`.
    pub baseline: Vec<PathBuf>,
    /// Rule pack folders or files (`rules:` given as a list), before any `--rules`.
    pub rule_packs: Vec<PathBuf>,
    /// `aws: accounts:`: the profile or role `--baseline aws` reads each account with.
    pub aws_accounts: Vec<crate::baseline::aws::Account>,
}

/// A glob as written, with its matcher.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    matcher: GlobMatcher,
}

impl Pattern {
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }
}

/// An `ignore` entry: a finding matching every pattern given is suppressed.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// Against the rule's code and its name.
    pub rule: Option<Pattern>,
    /// Against the consumer's stack name (the producer's when there is no consumer).
    pub stack: Option<Pattern>,
    /// Against the export name.
    pub export: Option<Pattern>,
    pub reason: String,
    /// 1-based line of the entry in the config file.
    pub line: usize,
}

impl Config {
    /// The level a rule runs at.
    #[must_use]
    pub fn level(&self, rule: &RuleMeta) -> Level {
        self.rules.get(rule.code).copied().unwrap_or(Level::Set(rule.severity))
    }

    /// The severity the config sets for a rule, when it sets one: rules that report some
    /// findings below their default (a note that they cannot tell) keep that otherwise.
    #[must_use]
    pub fn severity_override(&self, code: &str) -> Option<Severity> {
        match self.rules.get(code) {
            Some(Level::Set(severity)) => Some(*severity),
            _ => None,
        }
    }

    /// Whether an export name is declared as coming from outside the checked PATHs.
    #[must_use]
    pub fn is_external(&self, export: &str) -> bool {
        self.external_exports.iter().any(|p| p.matches(export))
    }
}

/// `USER001`: a rule-pack check's code. Packs are read at run time, so any such code is
/// accepted where a rule is named.
#[must_use]
pub fn is_pack_code(text: &str) -> bool {
    text.strip_prefix("USER").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The config file for a run started in `dir`: `dir/.cfnlint-lock.yaml`, else its parent's,
/// and so on up to and including the first folder that holds `.git`.
#[must_use]
pub fn discover(dir: &Path) -> Option<PathBuf> {
    for folder in dir.ancestors() {
        let candidate = folder.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        // `.git` is a folder in a clone and a file in a worktree or submodule.
        if folder.join(".git").exists() {
            return None;
        }
    }
    None
}

/// How a config file was found, which decides what it may be a link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Named with `--config`: trusted like every path on the command line.
    Named,
    /// Discovered upward from the current folder: a link must stay inside the repository.
    Discovered,
}

/// Reads and checks a config file; every mistake comes back as a located problem. The
/// file is read as inputs are (a regular file, at most `max_file_bytes`, UTF-8).
pub fn load(file: &Path, found: Found, max_file_bytes: u64) -> Result<Config, Vec<Problem>> {
    let real = std::fs::canonicalize(file)
        .map_err(|e| vec![Problem::error(file, format!("cannot read `{}`: {e}", file.display()))])?;
    if found == Found::Discovered {
        let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let repository = std::fs::canonicalize(repository_root(folder)).unwrap_or_default();
        if !real.starts_with(&repository) {
            return Err(vec![Problem::error(
                file,
                format!("`{}` is a link to a file outside the repository; it was not read", file.display()),
            )
            .with_help("a config found in the repository is read only if it is in the repository; name another with `--config`")]);
        }
    }
    let text = read_regular_file(file, &real, max_file_bytes).map_err(|p| vec![p])?;
    parse(file, text)
}

/// The folder a config's paths must stay inside: the nearest folder holding `.git` from
/// the config's folder up (its own included), else the config's folder; absolute.
#[must_use]
pub fn repository_root(config_folder: &Path) -> PathBuf {
    let absolute = std::path::absolute(config_folder).unwrap_or_else(|_| config_folder.to_path_buf());
    absolute.ancestors().find(|folder| folder.join(".git").exists()).unwrap_or(&absolute).to_path_buf()
}

/// Parses config text read from `file` (which relative paths in it are resolved against).
pub fn parse(file: &Path, source: Arc<str>) -> Result<Config, Vec<Problem>> {
    let parsed = yaml::parse(&source).map_err(|e| vec![Problem::syntax(file, "the config", &source, e)])?;
    let folder = file.parent().unwrap_or(Path::new(""));
    let repository = repository_root(if folder.as_os_str().is_empty() { Path::new(".") } else { folder });
    let mut reader = Reader { file, source: &source, repository: &repository, problems: Vec::new() };
    let config = reader.config(&parsed.root);
    if reader.problems.is_empty() { Ok(config) } else { Err(reader.problems) }
}

struct Reader<'a> {
    file: &'a Path,
    source: &'a Arc<str>,
    /// What the config's paths must stay inside ([`repository_root`]).
    repository: &'a Path,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn error(&mut self, span: Span, message: String, label: &str) {
        self.problems.push(Problem::error(self.file, message).at(self.source, span, label));
    }

    fn line(&self, span: Span) -> usize {
        crate::report::line_column(self.source, span.start as usize).0
    }

    /// The entries of a mapping, or an error naming what was expected.
    fn map<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Entry] {
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                self.error(node.span, format!("{what} must be a mapping"), "expected `key: value` pairs");
                &[]
            }
        }
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::String(s) | Value::Number(s) => Some(s.clone()),
            _ => {
                self.error(node.span, format!("{what} must be a string"), "expected a string");
                None
            }
        }
    }

    /// A list of strings; a single string is taken as a list of one.
    fn strings(&mut self, node: &Node, what: &str) -> Vec<(String, Span)> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|i| self.string(i, what).map(|s| (s, i.span))).collect(),
            Value::String(s) => vec![(s.clone(), node.span)],
            _ => {
                self.error(node.span, format!("{what} must be a list of strings"), "expected a list");
                Vec::new()
            }
        }
    }

    fn pattern(&mut self, text: &str, span: Span) -> Option<Pattern> {
        match Glob::new(text) {
            Ok(glob) => Some(Pattern { text: text.to_owned(), matcher: glob.compile_matcher() }),
            Err(e) => {
                let message = e.kind().to_string();
                self.error(span, format!("`{text}` is not a valid glob: {message}"), &message);
                None
            }
        }
    }

    /// `field`'s paths resolved against the config's folder; those that leave the
    /// repository are errors at their lines and left out.
    fn paths(&mut self, node: &Node, field: &str) -> Vec<PathBuf> {
        let written = self.strings(node, &format!("`{field}`"));
        written.into_iter().filter_map(|(text, span)| self.contained(&text, span, field)).collect()
    }

    fn contained(&mut self, text: &str, span: Span, field: &str) -> Option<PathBuf> {
        let base = self.file.parent().unwrap_or(Path::new(""));
        let path = base.join(text);
        let Some(why) = escape(self.repository, base, text, &path) else { return Some(path) };
        self.error(
            span,
            format!("`{field}` entry `{text}` {why}; paths in the config must stay inside its repository (the folder holding `.git`, else the config's folder)"),
            "outside the repository",
        );
        None
    }

    fn unknown_key(&mut self, entry: &Entry, known: &[&str], within: &str) {
        let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        self.error(
            entry.key_span,
            format!("unknown key `{}` in {within}; expected one of {}", entry.key, known.join(", ")),
            "unknown key",
        );
    }

    fn config(&mut self, root: &Node) -> Config {
        let mut config = Config { file: Some(self.file.to_path_buf()), ..Config::default() };
        for entry in self.map(root, "the config") {
            match entry.key.as_str() {
                "rules" => self.rules(&entry.value, &mut config),
                "paths" => config.paths = self.paths(&entry.value, "paths"),
                "baseline" => {
                    // `aws` is the live deployed state, not a path next to the config.
                    let written = self.strings(&entry.value, "`baseline`");
                    config.baseline = written
                        .into_iter()
                        .filter_map(|(text, span)| {
                            if text == "aws" {
                                Some(PathBuf::from(text))
                            } else {
                                self.contained(&text, span, "baseline")
                            }
                        })
                        .collect();
                }
                "aws" => config.aws_accounts = self.aws_accounts(&entry.value),
                "external_exports" => {
                    for (text, span) in self.strings(&entry.value, "`external_exports`") {
                        config.external_exports.extend(self.pattern(&text, span));
                    }
                }
                "ignore" => self.ignores(&entry.value, &mut config),
                _ => self.unknown_key(
                    entry,
                    &["rules", "paths", "external_exports", "ignore", "baseline", "aws"],
                    "the config",
                ),
            }
        }
        config
    }

    /// `aws: { accounts: { "111111111111": { profile: NAME } | { role_arn: ARN } } }`.
    fn aws_accounts(&mut self, node: &Node) -> Vec<crate::baseline::aws::Account> {
        let mut accounts = Vec::new();
        for entry in self.map(node, "`aws`") {
            if entry.key != "accounts" {
                self.unknown_key(entry, &["accounts"], "`aws`");
                continue;
            }
            for account in self.map(&entry.value, "`aws: accounts`") {
                let mut found =
                    crate::baseline::aws::Account { account: account.key.clone(), profile: None, role_arn: None };
                for setting in self.map(&account.value, "an account of `aws: accounts`") {
                    match setting.key.as_str() {
                        "profile" => found.profile = self.string(&setting.value, "`profile`"),
                        "role_arn" => found.role_arn = self.string(&setting.value, "`role_arn`"),
                        _ => self.unknown_key(setting, &["profile", "role_arn"], "an account of `aws: accounts`"),
                    }
                }
                accounts.push(found);
            }
        }
        accounts
    }

    /// `rules:` is either a mapping of rule settings (`LOCK001: {severity: warning}`, and
    /// `packs: [...]`) or just a list of rule pack folders and files, like `--rules`.
    fn rules(&mut self, node: &Node, config: &mut Config) {
        if node.as_seq().is_some() {
            config.rule_packs = self.paths(node, "rules");
            return;
        }
        for entry in self.map(node, "`rules`") {
            if entry.key == "packs" {
                config.rule_packs = self.paths(&entry.value, "rules.packs");
                continue;
            }
            let Some(rule) = find(&entry.key) else {
                self.error(
                    entry.key_span,
                    format!("no rule `{}`; `cfnlint-lock rules` lists them", entry.key),
                    "unknown rule",
                );
                continue;
            };
            for setting in self.map(&entry.value, &format!("`rules.{}`", entry.key)) {
                if setting.key != "severity" {
                    self.unknown_key(setting, &["severity"], &format!("`rules.{}`", entry.key));
                    continue;
                }
                let level = match setting.value.as_str() {
                    Some("error") => Level::Set(Severity::Error),
                    Some("warning") => Level::Set(Severity::Warning),
                    Some("note") => Level::Set(Severity::Note),
                    Some("off") => Level::Off,
                    _ => {
                        self.error(
                            setting.value.span,
                            format!("`severity` of `{}` must be `error`, `warning`, `note` or `off`", entry.key),
                            "not a severity",
                        );
                        continue;
                    }
                };
                config.rules.insert(rule.meta().code, level);
            }
        }
    }

    fn ignores(&mut self, node: &Node, config: &mut Config) {
        let Some(items) = node.as_seq() else {
            self.error(
                node.span,
                "`ignore` must be a list of `{rule, stack, export, reason}` entries".into(),
                "expected a list",
            );
            return;
        };
        for item in items {
            let Some(entries) = item.as_map() else {
                self.error(
                    item.span,
                    "an `ignore` entry must be a mapping".into(),
                    "expected `{rule, stack, export, reason}`",
                );
                continue;
            };
            let mut ignore =
                Ignore { rule: None, stack: None, export: None, reason: String::new(), line: self.line(item.span) };
            let mut reason = None;
            for entry in entries {
                if !matches!(entry.key.as_str(), "rule" | "stack" | "export" | "reason") {
                    self.unknown_key(entry, &["rule", "stack", "export", "reason"], "an `ignore` entry");
                    continue;
                }
                let Some(text) = self.string(&entry.value, &format!("`{}`", entry.key)) else { continue };
                match entry.key.as_str() {
                    "rule" => {
                        // A plain code or name must name a rule: a typo would silently ignore nothing.
                        let is_glob = text.contains(['*', '?', '[', '{']);
                        if !is_glob && find(&text).is_none() && !is_pack_code(&text) {
                            self.error(
                                entry.value.span,
                                format!("no rule `{text}`; `cfnlint-lock rules` lists them"),
                                "unknown rule",
                            );
                        }
                        ignore.rule = self.pattern(&text, entry.value.span);
                    }
                    "stack" => ignore.stack = self.pattern(&text, entry.value.span),
                    "export" => ignore.export = self.pattern(&text, entry.value.span),
                    _ => reason = Some((text, entry.value.span)),
                }
            }
            match reason {
                Some((text, _)) if !text.trim().is_empty() => ignore.reason = text,
                Some((_, span)) => {
                    self.error(span, "an `ignore` entry's `reason` is empty".into(), "say why it is safe")
                }
                None => self.error(item.span, "an `ignore` entry needs a `reason`".into(), "no `reason`"),
            }
            // An entry without any selector would suppress every finding.
            if !entries.iter().any(|e| matches!(e.key.as_str(), "rule" | "stack" | "export")) {
                self.error(
                    item.span,
                    "an `ignore` entry needs `rule`, `stack` or `export`".into(),
                    "would ignore everything",
                );
            }
            config.ignore.push(ignore);
        }
    }
}

/// Why `text` (a path written in a config in `base`, `path` once joined) leaves
/// `repository`, if it does: written absolute, climbing out with `..`, or through a link.
fn escape(repository: &Path, base: &Path, text: &str, path: &Path) -> Option<&'static str> {
    let written = Path::new(text);
    if written.is_absolute() || written.components().any(|c| matches!(c, Component::Prefix(_) | Component::RootDir)) {
        return Some("is an absolute path");
    }
    let base_abs = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
    // Counted by components, as written: `a/../..` climbs out even where `a` is a link.
    let mut depth = base_abs.strip_prefix(repository).map_or(0, |inside| inside.components().count());
    for component in written.components() {
        match component {
            Component::ParentDir if depth == 0 => return Some("climbs out with `..`"),
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    // Where it really is, links resolved, when it exists (a missing path is reported
    // when it is read).
    let real_repository = std::fs::canonicalize(repository).ok()?;
    let real = std::fs::canonicalize(path).ok()?;
    (!real.starts_with(&real_repository)).then_some("is a link that leads outside the repository")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Vec<String>> {
        parse(Path::new("dir/.cfnlint-lock.yaml"), Arc::from(text))
            .map_err(|problems| problems.into_iter().map(|p| p.message).collect())
    }

    #[test]
    fn reads_every_setting() {
        let config = parse_text(
            "rules:\n  LOCK001: { severity: warning }\npaths: [cdk.out, templates]\nexternal_exports: ['shared-*']\n\
             ignore:\n  - rule: LOCK001\n    stack: 'dev-*'\n    export: '*TaskDef*'\n    reason: dev is redeployed by hand\n\
             baseline: locks.json\n",
        )
        .unwrap();
        assert_eq!(config.rules["LOCK001"], Level::Set(Severity::Warning));
        assert_eq!(config.paths, [PathBuf::from("dir/cdk.out"), PathBuf::from("dir/templates")]);
        assert!(config.is_external("shared-vpc-id") && !config.is_external("mine"));
        assert_eq!(config.ignore.len(), 1);
        assert_eq!(config.ignore[0].line, 6);
        assert!(config.ignore[0].export.as_ref().unwrap().matches("a:ExportsOutputRefTaskDef1"));
        assert_eq!(config.baseline, [PathBuf::from("dir/locks.json")]);
        assert!(parse_text("").unwrap().ignore.is_empty());
        assert!(parse_text("ignore: [{rule: USER001, reason: a pack check}]").is_ok());
        assert!(is_pack_code("USER042") && !is_pack_code("USER") && !is_pack_code("USERx1"));
        assert_eq!(
            parse_text("rules:\n  revision-bearing-import: {severity: off}\n").unwrap().rules["LOCK001"],
            Level::Off
        );
    }

    #[test]
    fn every_mistake_is_reported() {
        let errors = parse_text(
            "rule: {}\nrules:\n  LOCK999: {severity: error}\n  LOCK001: {severity: fatal, level: 1}\n\
             ignore:\n  - rule: LOCK01\n    reason: ''\n  - stack: 'a[' \n  - reason: x\n    why: [1]\n  - LOCK001\npaths: {a: 1}\n",
        )
        .unwrap_err();
        let expected = [
            "unknown key `rule` in the config",
            "no rule `LOCK999`",
            "`severity` of `LOCK001` must be",
            "unknown key `level` in `rules.LOCK001`",
            "no rule `LOCK01`",
            "`reason` is empty",
            "`a[` is not a valid glob",
            "needs a `reason`",
            "needs `rule`, `stack` or `export`",
            "unknown key `why` in an `ignore` entry",
            "an `ignore` entry must be a mapping",
            "`paths` must be a list of strings",
        ];
        for text in expected {
            assert!(errors.iter().any(|e| e.contains(text)), "no error containing {text:?} in {errors:#?}");
        }
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    }

    /// A repository with a config in `app/`, a file beside it, and a secret outside.
    fn repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        std::fs::create_dir_all(dir.path().join("repo/app/packs")).unwrap();
        std::fs::write(dir.path().join("repo/locks.json"), "{}").unwrap();
        std::fs::write(dir.path().join("secret"), "aws_secret_access_key = x\n").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("repo/app/creds.json")).unwrap();
        dir
    }

    #[test]
    fn config_paths_stay_inside_the_repository() {
        let dir = repository();
        let file = dir.path().join("repo/app").join(FILE_NAME);
        let secret = dir.path().join("secret");
        let text = format!(
            "baseline: [../locks.json, ../../secret, {}, creds.json]\nrules: [packs, ../../..]\npaths: [../app/./cdk.out]\n",
            secret.display()
        );
        let errors = parse(&file, Arc::from(text)).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|p| p.message.as_str()).collect();
        let rest =
            "paths in the config must stay inside its repository (the folder holding `.git`, else the config's folder)";
        assert_eq!(
            messages,
            [
                format!("`baseline` entry `../../secret` climbs out with `..`; {rest}"),
                format!("`baseline` entry `{}` is an absolute path; {rest}", secret.display()),
                format!("`baseline` entry `creds.json` is a link that leads outside the repository; {rest}"),
                format!("`rules` entry `../../..` climbs out with `..`; {rest}"),
            ]
        );
        // The lines are shown, never the files named.
        assert!(errors.iter().all(|p| p.at.is_some()));
        let fine =
            parse(&file, Arc::from("baseline: ../locks.json\nrules: [packs]\npaths: [../app/./cdk.out]\n")).unwrap();
        assert_eq!(fine.baseline, [dir.path().join("repo/app/../locks.json")]);
        // Without `.git`, the config's own folder is the limit.
        std::fs::remove_dir(dir.path().join("repo/.git")).unwrap();
        assert!(parse(&file, Arc::from("baseline: ../locks.json\n")).is_err());
    }

    #[test]
    fn a_discovered_config_linked_outside_the_repository_is_not_read() {
        let dir = repository();
        let file = dir.path().join("repo/app").join(FILE_NAME);
        std::os::unix::fs::symlink(dir.path().join("secret"), &file).unwrap();
        let errors = load(&file, Found::Discovered, 1 << 20).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            format!("`{}` is a link to a file outside the repository; it was not read", file.display())
        );
        assert!(errors[0].at.is_none(), "no snippet of the file it leads to");
        // Named on the command line, it is read (and is no config).
        assert!(load(&file, Found::Named, 1 << 20).unwrap_err()[0].message.contains("the config must be a mapping"));
    }

    #[test]
    fn a_config_is_read_only_if_it_is_a_small_regular_file() {
        let dir = repository();
        let too_big = dir.path().join("big.yaml");
        std::fs::write(&too_big, "paths: []\n".repeat(100)).unwrap();
        for (file, expected) in [
            (Path::new("/dev/zero"), "`/dev/zero` is not a regular file (a pipe, socket or device); it was not read"),
            (dir.path(), "is a folder; it was not read"),
            (too_big.as_path(), "is 1000 bytes, above the limit of 999 bytes; it was not read"),
        ] {
            let errors = load(file, Found::Named, 999).unwrap_err();
            assert!(errors[0].message.ends_with(expected), "{:?}", errors[0].message);
        }
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let root = std::env::temp_dir().join(format!("cfnlint-lock-config-{}", std::process::id()));
        let inner = root.join("repo/app/sub");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&inner), None, "a file above the repository is not used");
        std::fs::write(root.join("repo").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&inner), Some(root.join("repo").join(FILE_NAME)));
        std::fs::write(root.join("repo/app").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&inner), Some(root.join("repo/app").join(FILE_NAME)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
