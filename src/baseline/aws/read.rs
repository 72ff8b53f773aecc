//! The calls, with the SDK: one client per environment from the same credential chain as
//! the AWS CLI, adaptive retry, bounded concurrency, an overall timeout, and every
//! failure turned into a problem that names the environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::config::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::TemplateStage;
use aws_smithy_http_client::tls;
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::plan::{self, Question};
use super::{Options, Read, Summary, Unknown, shown};
use crate::baseline::saved;
use crate::baseline::snapshot::{ExportFact, Snapshot, SourceFact};
use crate::load::Problem;
use crate::load::manifest::Env;

/// Attempts per call, the first included, before a throttled or failing call is given up.
const ATTEMPTS: u32 = 5;

/// Where the chain looks for credentials, in its order, for the "no credentials" error.
const SOURCES: &str = "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), web \
                       identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, as GitHub OIDC sets them), the \
                       shared config and credentials files (~/.aws/config, ~/.aws/credentials: keys, SSO, \
                       assume-role, credential_process), the container credentials endpoint and the EC2 \
                       instance metadata service";

/// A call that failed, by what the user can do about it.
enum Failure {
    /// The credentials lack this action: the other environments are still read.
    Denied(String),
    /// Nothing can be read: no run should go on as if it had.
    Fatal(String),
}

/// One environment: its client and what was read there.
struct Place {
    env: Env,
    client: Client,
    /// The exports, page by page, as `list-exports` returns them.
    pages: Vec<serde_json::Value>,
    exports: Vec<ExportFact>,
    denied: bool,
}

pub fn read(
    envs: &[Env],
    current: &Snapshot,
    options: &Options,
    is_revision_bearing: &dyn Fn(&SourceFact) -> bool,
) -> Read {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return failed(Problem::error(Path::new("aws"), format!("cannot start the AWS client: {e}"))),
    };
    let started = Instant::now();
    let work = read_all(envs, current, options, is_revision_bearing);
    let mut read = match runtime.block_on(async { tokio::time::timeout(options.timeout, work).await }) {
        Ok(Ok(read)) => read,
        Ok(Err(problem)) => failed(problem),
        Err(_) => failed(
            Problem::error(
                Path::new("aws"),
                format!("the deployed state was not read within {} s", options.timeout.as_secs()),
            )
            .with_help("the endpoint is slow, unreachable or throttling; raise `--aws-timeout` or try again later"),
        ),
    };
    read.summary.millis = started.elapsed().as_millis();
    read
}

fn failed(problem: Problem) -> Read {
    Read { problems: vec![problem], ..Read::default() }
}

async fn read_all(
    envs: &[Env],
    current: &Snapshot,
    options: &Options,
    is_revision_bearing: &dyn Fn(&SourceFact) -> bool,
) -> Result<Read, Problem> {
    let mut read = Read::default();
    let mut places = Vec::new();
    for env in envs {
        places.push(connect(env, options).await?);
    }
    let gate = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let places = list_exports(dedupe(places), &gate).await?;
    let asked = questions(&places, current, options, is_revision_bearing, &mut read);
    let imports = ask_imports(&places, &asked, &gate, &mut read).await?;
    let wanted = templates_wanted(&places, &asked, &imports, options);
    let templates = fetch_templates(&places, &wanted, &gate, &mut read).await?;
    read.summary.environments = places.len();
    read.summary.export_pages = places.iter().map(|p| p.pages.len()).sum();
    read.summary.exports = places.iter().map(|p| p.exports.len()).sum();

    let (dir, scratch) = folder(options);
    let written = write(&dir, &places, &asked, &imports, &wanted, &templates, &read.summary);
    written
        .map_err(|e| Problem::error(&dir, format!("cannot write the deployed state to `{}`: {e}", dir.display())))?;
    read.dir = Some(dir);
    read.scratch = scratch;
    Ok(read)
}

/// (environment, deployed export, the rule's question) for every export worth a
/// `ListImports`; an environment whose exports could not be listed is a "cannot tell".
type Asked = Vec<(usize, ExportFact, Question)>;

fn questions(
    places: &[Place],
    current: &Snapshot,
    options: &Options,
    is_revision_bearing: &dyn Fn(&SourceFact) -> bool,
    read: &mut Read,
) -> Asked {
    let mut asked = Vec::new();
    for (index, place) in places.iter().enumerate() {
        if place.denied {
            read.problems.push(denied(&place.env, "cloudformation:ListExports"));
            read.unknown.push(Unknown {
                question: Question::Dropped,
                export: None,
                stack: None,
                env: place.env.clone(),
                action: "cloudformation:ListExports",
            });
        }
        for export in &place.exports {
            let question = if options.everything {
                Some(Question::Dropped)
            } else {
                plan::question(export, current, is_revision_bearing)
            };
            if let Some(question) = question {
                asked.push((index, export.clone(), question));
            }
        }
    }
    asked
}

/// `ListImports` for each asked export: position in `asked` → importing stacks.
async fn ask_imports(
    places: &[Place],
    asked: &Asked,
    gate: &Arc<Semaphore>,
    read: &mut Read,
) -> Result<BTreeMap<usize, Vec<String>>, Problem> {
    let calls = asked.iter().map(|(index, export, _)| {
        let (client, name) = (places[*index].client.clone(), export.name.clone());
        async move { list_imports(&client, &name).await }
    });
    let mut imports = BTreeMap::new();
    for (position, result) in bounded(gate, calls).await?.into_iter().enumerate() {
        let (index, export, question) = &asked[position];
        let env = &places[*index].env;
        match result {
            Ok(stacks) => {
                read.summary.imports += 1;
                imports.insert(position, stacks);
            }
            Err(Failure::Denied(action)) => {
                read.problems.push(denied(env, &action));
                read.unknown.push(Unknown {
                    question: *question,
                    export: Some(export.name.clone()),
                    stack: Some(export.stack.clone()),
                    env: env.clone(),
                    action: "cloudformation:ListImports",
                });
            }
            Err(Failure::Fatal(message)) => return Err(fatal_in(Some(env), &message)),
        }
    }
    Ok(imports)
}

/// (environment, stack) of the producers whose templates the findings compare.
fn templates_wanted(
    places: &[Place],
    asked: &Asked,
    imports: &BTreeMap<usize, Vec<String>>,
    options: &Options,
) -> Vec<(usize, String)> {
    let mut wanted = Vec::new();
    for (index, place) in places.iter().enumerate() {
        let stacks = if options.everything {
            place.exports.iter().map(|e| e.stack.clone()).collect()
        } else {
            let answered = asked.iter().enumerate().filter(|(_, (at, ..))| *at == index);
            let answered = answered.filter_map(|(position, (_, export, question))| {
                imports.get(&position).map(|stacks| (export, *question, !stacks.is_empty()))
            });
            plan::templates_needed(answered)
        };
        wanted.extend(stacks.into_iter().map(|stack| (index, stack)));
    }
    wanted
}

/// `GetTemplate` and `DescribeStacks` for each wanted producer.
async fn fetch_templates(
    places: &[Place],
    wanted: &[(usize, String)],
    gate: &Arc<Semaphore>,
    read: &mut Read,
) -> Result<Templates, Problem> {
    let calls = wanted.iter().map(|(index, stack)| {
        let (client, stack) = (places[*index].client.clone(), stack.clone());
        async move { template_and_status(&client, &stack).await }
    });
    let mut templates = BTreeMap::new();
    for (position, result) in bounded(gate, calls).await?.into_iter().enumerate() {
        let (index, stack) = &wanted[position];
        let env = &places[*index].env;
        match result {
            Ok((template, description)) => {
                read.summary.templates += 1;
                read.summary.descriptions += 1;
                if let Some(status) = description.get("StackStatus").and_then(serde_json::Value::as_str)
                    && is_unsettled(status)
                {
                    read.problems.push(unsettled(env, stack, status));
                }
                templates.insert(position, (template, description));
            }
            Err(Failure::Denied(action)) => read.problems.push(denied(env, &action)),
            Err(Failure::Fatal(message)) => return Err(fatal_in(Some(env), &message)),
        }
    }
    Ok(templates)
}

/// Runs the calls with at most the gate's permits in flight; their results in order.
async fn bounded<T, F>(gate: &Arc<Semaphore>, calls: impl Iterator<Item = F>) -> Result<Vec<T>, Problem>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut running = JoinSet::new();
    for (position, call) in calls.enumerate() {
        let gate = Arc::clone(gate);
        running.spawn(async move {
            let _permit = gate.acquire_owned().await;
            (position, call.await)
        });
    }
    let mut done = BTreeMap::new();
    while let Some(joined) = running.join_next().await {
        let (position, result) = joined.map_err(|e| fatal_in(None, &format!("a call failed: {e}")))?;
        done.insert(position, result);
    }
    Ok(done.into_values().collect())
}

/// The client of one environment, with credentials checked before any call.
async fn connect(env: &Env, options: &Options) -> Result<Place, Problem> {
    let account = env.account.as_ref().and_then(|a| options.accounts.iter().find(|x| &x.account == a));
    let profile = account.and_then(|a| a.profile.clone()).or_else(|| options.profile.clone());
    let retry = RetryConfig::adaptive()
        .with_max_attempts(ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_secs(5));
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_attempt_timeout(Duration::from_secs(20))
        .build();
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https();
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).http_client(https).retry_config(retry).timeout_config(timeouts);
    if let Some(profile) = &profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &env.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    let config = loader.load().await;
    let Some(region) = config.region().map(ToString::to_string) else {
        return Err(Problem::error(
            &shown(env),
            format!("no AWS region for the environment-agnostic stacks in `{env}`"),
        )
        .with_help("set AWS_REGION, or a `region` in the profile, or give the stacks an `env`"));
    };
    let env = Env { account: env.account.clone(), region: Some(region) };
    let provider = match account.and_then(|a| a.role_arn.clone()) {
        Some(role) => Some(SharedCredentialsProvider::new(
            aws_config::sts::AssumeRoleProvider::builder(role)
                .session_name("cfnlint-lock")
                .configure(&config)
                .build()
                .await,
        )),
        None => config.credentials_provider(),
    };
    let credentials = match &provider {
        Some(provider) => provider.provide_credentials().await.map(|_| ()).map_err(|e| innermost(&e)),
        None => Err("no credential provider".to_owned()),
    };
    if let Err(error) = credentials {
        let through = profile.map(|p| format!(" (profile `{p}`)")).unwrap_or_default();
        return Err(Problem::error(
            &shown(&env),
            format!("no usable AWS credentials for `{env}`{through}: tried {SOURCES}; the last said: {error}"),
        )
        .with_help(
            "sign in (`aws sso login`, or set the environment), name a profile with `--profile`, or a profile or \
             role for the account under `aws: accounts:` in .cfnlint-lock.yaml",
        ));
    }
    let mut conf = aws_sdk_cloudformation::config::Builder::from(&config);
    conf.set_credentials_provider(provider);
    let conf = conf.build();
    Ok(Place { env, client: Client::from_conf(conf), pages: Vec::new(), exports: Vec::new(), denied: false })
}

/// Environments that came out the same once agnostic ones took the chain's region.
fn dedupe(places: Vec<Place>) -> Vec<Place> {
    let mut kept: Vec<Place> = Vec::new();
    for place in places {
        if !kept.iter().any(|k| k.env == place.env) {
            kept.push(place);
        }
    }
    kept
}

/// `ListExports`, every page, every environment at once.
async fn list_exports(places: Vec<Place>, gate: &Arc<Semaphore>) -> Result<Vec<Place>, Problem> {
    let listed = bounded(gate, places.into_iter().map(all_exports)).await?;
    listed.into_iter().map(|result| result.map_err(|(env, message)| fatal_in(Some(&env), &message))).collect()
}

/// One environment's exports, page after page (each page's token names the next).
async fn all_exports(mut place: Place) -> Result<Place, (Env, String)> {
    let mut token = None;
    loop {
        let page = place.client.list_exports().set_next_token(token.clone()).send().await;
        match page.map_err(|e| failure(e, "cloudformation:ListExports")) {
            Ok(page) => {
                let exports: Vec<_> = page
                    .exports()
                    .iter()
                    .map(|e| json!({"ExportingStackId": e.exporting_stack_id(), "Name": e.name(), "Value": e.value()}))
                    .collect();
                place.exports.extend(page.exports().iter().filter_map(export_fact));
                place.pages.push(json!({ "Exports": exports }));
                token = page.next_token().map(str::to_owned);
                if token.is_none() {
                    return Ok(place);
                }
            }
            Err(Failure::Denied(_)) => {
                place.denied = true;
                return Ok(place);
            }
            Err(Failure::Fatal(message)) => return Err((place.env, message)),
        }
    }
}

fn export_fact(export: &aws_sdk_cloudformation::types::Export) -> Option<ExportFact> {
    let arn = export.exporting_stack_id()?;
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, _, region, account, resource] = parts.as_slice() else { return None };
    let stack = resource.strip_prefix("stack/")?.split('/').next()?;
    Some(ExportFact {
        env: Env { account: Some((*account).to_owned()), region: Some((*region).to_owned()) },
        name: export.name()?.to_owned(),
        stack: stack.to_owned(),
        output: None,
        value: None,
        resolved: export.value().map(str::to_owned),
        sources: Vec::new(),
        evidence: None,
    })
}

/// The stacks importing `name`, every page; none when CloudFormation says none do.
async fn list_imports(client: &Client, name: &str) -> Result<Vec<String>, Failure> {
    let mut stacks = Vec::new();
    let mut token = None;
    loop {
        let page = client.list_imports().export_name(name).set_next_token(token).send().await;
        let page = match page {
            Ok(page) => page,
            // "Export 'X' is not imported by any stack." is how CloudFormation says none.
            Err(e) if e.message().is_some_and(|m| m.contains("is not imported by any stack")) => return Ok(stacks),
            Err(e) => return Err(failure(e, "cloudformation:ListImports")),
        };
        stacks.extend(page.imports().iter().cloned());
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            return Ok(stacks);
        }
    }
}

/// The deployed (`Original`) template of a stack as `get-template` prints it, and the
/// stack as `describe-stacks` does.
async fn template_and_status(client: &Client, stack: &str) -> Result<(serde_json::Value, serde_json::Value), Failure> {
    let template = client.get_template().stack_name(stack).template_stage(TemplateStage::Original).send();
    let described = client.describe_stacks().stack_name(stack).send();
    let (template, described) = tokio::join!(template, described);
    let template = template.map_err(|e| failure(e, "cloudformation:GetTemplate"))?;
    let described = described.map_err(|e| failure(e, "cloudformation:DescribeStacks"))?;
    let body = template.template_body().unwrap_or_default();
    // A JSON template is an object in the CLI's output; a YAML one stays a string.
    let body = serde_json::from_str::<serde_json::Value>(body).unwrap_or_else(|_| json!(body));
    let description = described.stacks().first().map_or_else(
        || json!({ "StackName": stack }),
        |s| {
            json!({
                "StackName": s.stack_name(),
                "StackId": s.stack_id(),
                "StackStatus": s.stack_status().map(|s| s.as_str()),
                "StackStatusReason": s.stack_status_reason(),
            })
        },
    );
    Ok((json!({ "TemplateBody": body, "StagesAvailable": ["Original", "Processed"] }), description))
}

fn failure<E, R>(error: SdkError<E, R>, action: &str) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    let said = || match (error.code(), error.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        _ => innermost(&error),
    };
    match &error {
        SdkError::TimeoutError(_) => return Failure::Fatal(format!("`{action}` timed out: {}", said())),
        SdkError::DispatchFailure(_) => {
            return Failure::Fatal(format!("the CloudFormation endpoint is unreachable: {}", said()));
        }
        _ => {}
    }
    match error.code() {
        Some("AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation") => Failure::Denied(action.to_owned()),
        Some(
            "ExpiredToken"
            | "ExpiredTokenException"
            | "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "SignatureDoesNotMatch"
            | "RequestExpired",
        ) => Failure::Fatal(format!("the AWS credentials were refused (expired or invalid): {}", said())),
        Some("Throttling" | "ThrottlingException" | "RequestLimitExceeded" | "TooManyRequestsException") => {
            Failure::Fatal(format!("`{action}` was still throttled after {ATTEMPTS} attempts: {}", said()))
        }
        _ => Failure::Fatal(format!("`{action}` failed: {}", said())),
    }
}

/// The last cause of an error: what the connector or the OS said, without the layers.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

fn fatal_in(env: Option<&Env>, message: &str) -> Problem {
    let file = env.map_or_else(|| PathBuf::from("aws"), shown);
    let place = env.map(|e| format!("`{e}`: ")).unwrap_or_default();
    Problem::error(&file, format!("cannot read the deployed state of {place}{message}"))
        .with_help("nothing was compared with the deployed state; fix the access or endpoint and run again")
}

fn denied(env: &Env, action: &str) -> Problem {
    Problem::warning(
        &shown(env),
        format!("`{action}` was denied in `{env}`: what needed it is reported as \"cannot tell\""),
    )
    .with_help(format!("allow `{action}` to the credentials used for `{env}` (see the README's IAM policy)"))
}

/// A failed or rolled-back stack: the deployed template is not what was last deployed.
fn is_unsettled(status: &str) -> bool {
    status.contains("FAILED") || status.contains("ROLLBACK")
}

fn unsettled(env: &Env, stack: &str, status: &str) -> Problem {
    Problem::warning(
        &shown(env),
        format!(
            "`{stack}` in `{env}` is in {status}: its deployed template is what CloudFormation kept, not the last attempted deploy"
        ),
    )
}

/// `--save-baseline DIR`, else a fresh scratch folder.
fn folder(options: &Options) -> (PathBuf, bool) {
    if let Some(dir) = &options.save {
        return (dir.clone(), false);
    }
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (std::env::temp_dir().join(format!("cfnlint-lock-aws-{}-{nanos}", std::process::id())), true)
}

type Templates = BTreeMap<usize, (serde_json::Value, serde_json::Value)>;

/// Writes what was read in the [`saved`] folder form.
fn write(
    dir: &Path,
    places: &[Place],
    asked: &[(usize, ExportFact, Question)],
    imports: &BTreeMap<usize, Vec<String>>,
    wanted: &[(usize, String)],
    templates: &Templates,
    summary: &Summary,
) -> std::io::Result<()> {
    let put = |path: &Path, value: &serde_json::Value| -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
        std::fs::write(path, text + "\n")
    };
    std::fs::create_dir_all(dir)?;
    let mut envs = Vec::new();
    for (index, place) in places.iter().enumerate() {
        let account = place.exports.first().and_then(|e| e.env.account.clone()).or_else(|| place.env.account.clone());
        let account = account.unwrap_or_else(|| "unknown-account".to_owned());
        let region = place.env.region.clone().unwrap_or_default();
        envs.push(format!("aws://{account}/{region}"));
        let folder = saved::env_folder(dir, &account, &region);
        for (n, page) in place.pages.iter().enumerate() {
            put(&folder.join(format!("exports/list-exports-{}.json", n + 1)), page)?;
        }
        for (position, (_, export, _)) in asked.iter().enumerate().filter(|(_, (i, _, _))| *i == index) {
            if let Some(stacks) = imports.get(&position) {
                put(&folder.join(format!("exports/imports/{}.json", export.name)), &json!({ "Imports": stacks }))?;
            }
        }
        let mut described = Vec::new();
        for (position, (_, stack)) in wanted.iter().enumerate().filter(|(_, (i, _))| *i == index) {
            if let Some((template, description)) = templates.get(&position) {
                put(&folder.join(format!("templates/{stack}.json")), template)?;
                described.push(description.clone());
            }
        }
        if !described.is_empty() {
            put(&folder.join("templates/describe-stacks.json"), &json!({ "Stacks": described }))?;
        }
    }
    put(&dir.join(saved::MARKER), &json!({ "version": 1, "environments": envs, "read": summary.to_json() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_and_rolled_back_stacks_are_said() {
        for status in ["UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE", "UPDATE_FAILED", "UPDATE_ROLLBACK_FAILED"] {
            assert!(is_unsettled(status), "{status}");
        }
        for status in ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_IN_PROGRESS", "IMPORT_COMPLETE"] {
            assert!(!is_unsettled(status), "{status}");
        }
        let env = Env::parse("aws://111111111111/us-east-1").unwrap();
        let problem = unsettled(&env, "isol8-dev-service", "UPDATE_ROLLBACK_COMPLETE");
        assert_eq!(problem.severity, crate::Severity::Warning);
        assert_eq!(
            problem.message,
            "`isol8-dev-service` in `aws://111111111111/us-east-1` is in UPDATE_ROLLBACK_COMPLETE: its deployed \
             template is what CloudFormation kept, not the last attempted deploy"
        );
    }
}
