//! The flags of `--baseline aws` and `lock --from aws`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args as ClapArgs;

use cfnlint_lock::baseline::aws::{Account, Options};

#[derive(Debug, Clone, ClapArgs)]
pub struct AwsArgs {
    /// The shared-config profile `--baseline aws` reads with (SSO, assume-role, keys),
    /// for accounts the config's `aws: accounts:` does not name. [default: the AWS
    /// CLI's credential chain]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Write what `--baseline aws` read to DIR, in a form `--baseline DIR` reads back
    /// without credentials.
    #[arg(long, value_name = "DIR")]
    pub save_baseline: Option<PathBuf>,

    /// Give up reading the deployed state after this many seconds, retries included.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub aws_timeout: u64,

    /// CloudFormation calls in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub aws_concurrency: u16,
}

impl AwsArgs {
    pub fn options(&self, accounts: &[Account]) -> Options {
        Options {
            profile: self.profile.clone(),
            accounts: accounts.to_vec(),
            concurrency: usize::from(self.aws_concurrency),
            timeout: Duration::from_secs(self.aws_timeout.max(1)),
            save: self.save_baseline.clone(),
            everything: false,
        }
    }
}
