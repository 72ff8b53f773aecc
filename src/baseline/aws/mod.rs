//! `--baseline aws`: the deployed state read from CloudFormation with the AWS SDK for
//! Rust, with as few calls as the question needs (see [`plan`]), written in the
//! `--save-baseline` folder form ([`super::saved`]) and read back from it, so a saved
//! run and a live one give the same findings.
//!
//! The product only ever calls `ListExports`, `ListImports`, `GetTemplate` and
//! `DescribeStacks` (and, for a role in the config, STS `AssumeRole` through the SDK's
//! credential chain).

pub mod plan;
#[cfg(feature = "aws")]
mod read;

use std::path::PathBuf;
use std::time::Duration;

use crate::baseline::snapshot::{Snapshot, SourceFact};
use crate::load::Problem;
use crate::load::manifest::Env;
use plan::Question;

/// How to reach each environment and how long to try.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--profile`: the shared-config profile for accounts the config does not name.
    pub profile: Option<String>,
    /// Per-account profiles or roles from `.cfnlint-lock.yaml` (`aws: accounts:`).
    pub accounts: Vec<Account>,
    /// Calls in flight at once.
    pub concurrency: usize,
    /// The whole read, retries included.
    pub timeout: Duration,
    /// `--save-baseline DIR`; else a scratch folder removed after the run.
    pub save: Option<PathBuf>,
    /// Read every export's imports and every producer's template (`lock --from aws`).
    pub everything: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            profile: None,
            accounts: Vec::new(),
            concurrency: 8,
            timeout: Duration::from_secs(120),
            save: None,
            everything: false,
        }
    }
}

/// How to reach one account: a shared-config profile, or a role to assume from the
/// default credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub account: String,
    pub profile: Option<String>,
    pub role_arn: Option<String>,
}

/// What a read did: the figures of the summary line and the JSON `baseline` object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub environments: usize,
    pub export_pages: usize,
    pub exports: usize,
    pub imports: usize,
    pub templates: usize,
    pub descriptions: usize,
    pub millis: u128,
}

impl Summary {
    /// Every API call made (retries not counted).
    #[must_use]
    pub fn calls(&self) -> usize {
        self.export_pages + self.imports + self.templates + self.descriptions
    }

    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "source": "aws",
            "environments": self.environments,
            "export_pages": self.export_pages,
            "exports": self.exports,
            "imports": self.imports,
            "templates": self.templates,
            "stack_descriptions": self.descriptions,
            "calls": self.calls(),
            "milliseconds": self.millis,
        })
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "deployed state: {}, {}, {}, {}, {}, {} ms",
            count(self.environments, "environment", "environments"),
            count(self.export_pages, "page of exports", "pages of exports"),
            count(self.imports, "import list", "import lists"),
            count(self.templates, "template", "templates"),
            count(self.descriptions, "stack description", "stack descriptions"),
            self.millis
        )
    }
}

/// A question the read could not answer: the finding that needed it says "cannot tell".
#[derive(Debug, Clone)]
pub struct Unknown {
    pub question: Question,
    /// `None` when the whole environment's exports could not be listed.
    pub export: Option<String>,
    pub stack: Option<String>,
    pub env: Env,
    /// The denied action, `cloudformation:ListImports`.
    pub action: &'static str,
}

/// The outcome of reading the deployed state.
#[derive(Debug, Default)]
pub struct Read {
    /// The folder the state was written to (read it with [`super::saved::load`]); `None`
    /// when nothing could be read.
    pub dir: Option<PathBuf>,
    /// Whether `dir` is a scratch folder to remove after the run.
    pub scratch: bool,
    pub summary: Summary,
    pub problems: Vec<Problem>,
    pub unknown: Vec<Unknown>,
}

/// Reads the deployed state of `envs` that the new synth's facts (`current`) ask about.
#[must_use]
pub fn read(
    envs: &[Env],
    current: &Snapshot,
    options: &Options,
    is_revision_bearing: &dyn Fn(&SourceFact) -> bool,
) -> Read {
    #[cfg(feature = "aws")]
    {
        read::read(envs, current, options, is_revision_bearing)
    }
    #[cfg(not(feature = "aws"))]
    {
        let _ = (envs, current, options, is_revision_bearing);
        Read {
            problems: vec![Problem::error(
                std::path::Path::new("aws"),
                "`--baseline aws` needs a build with the `aws` feature (on by default)",
            )],
            ..Read::default()
        }
    }
}

/// The `aws://account/region` an environment is shown as, as a problem's "file".
#[must_use]
pub fn shown(env: &Env) -> PathBuf {
    PathBuf::from(env.to_string())
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn the_summary_line_counts_in_words() {
        let one = Summary {
            environments: 1,
            export_pages: 1,
            imports: 1,
            templates: 1,
            descriptions: 1,
            ..Summary::default()
        };
        assert_eq!(
            one.to_string(),
            "deployed state: 1 environment, 1 page of exports, 1 import list, 1 template, 1 stack description, 0 ms"
        );
        let many = Summary {
            environments: 2,
            export_pages: 3,
            imports: 5,
            templates: 0,
            descriptions: 0,
            exports: 9,
            millis: 412,
        };
        assert_eq!(
            many.to_string(),
            "deployed state: 2 environments, 3 pages of exports, 5 import lists, 0 templates, 0 stack descriptions, 412 ms"
        );
        assert_eq!(many.calls(), 8);
        assert_eq!(many.to_json()["calls"], 8);
    }
}
