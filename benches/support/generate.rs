//! A deterministic generator of synthetic cloud assemblies shaped like `cdk synth` output,
//! for the scale benchmark. It lives under `benches/` so none of it reaches the release
//! binary.
//!
//! The shape follows real assemblies (the corpus in `../shared/corpus/real/`): a
//! `manifest.json` with stack artifacts, one asset manifest per stack, `aws:cdk:logicalId`
//! metadata (inline, or in an `additionalMetadataFile`), Stages as `assembly-*` folders
//! (one of them nested in another), nested stacks found through `aws:asset:path` or only
//! through the asset manifest, templates written with CDK's one-space indentation, and
//! CDK-style `ExportsOutput…` exports imported by later stacks of the same Stage. One stack
//! per Stage imports an ECS task-definition ARN, the revision-bearing import LOCK001 exists
//! for, so the checker has real findings to report.
//!
//! Nothing here is random at run time: a fixed-seed SplitMix64 drives every choice, so a
//! size always produces byte-identical files.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// SplitMix64: tiny, good enough for shaping data, and stable across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }

    fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            let _ = write!(out, "{:016x}", self.next());
        }
        out.truncate(len);
        out
    }

    /// CDK's logical-id suffix: 8 upper-case hex digits.
    fn suffix(&mut self) -> String {
        self.hex(8).to_ascii_uppercase()
    }
}

/// What one generated assembly holds, for the benchmark's report.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub dir: PathBuf,
    /// Stacks, nested stacks included.
    pub stacks: usize,
    pub templates: usize,
    /// Bytes of template JSON (`*.template.json`), what throughput is computed over.
    pub template_bytes: u64,
    pub largest_template: u64,
    /// Every file written (manifests and asset manifests included).
    pub total_bytes: u64,
}

const ACCOUNTS: &[&str] = &["111111111111", "222222222222", "333333333333"];
const REGIONS: &[&str] = &["us-east-1", "eu-west-1"];
const SERVICES: &[&str] = &[
    "Orders",
    "Billing",
    "Catalog",
    "Search",
    "Checkout",
    "Identity",
    "Notifications",
    "Reports",
    "Ledger",
    "Inventory",
    "Shipping",
    "Pricing",
    "Reviews",
    "Media",
    "Audit",
    "Gateway",
];

/// A stack's place in the assembly, before its template is written.
struct Plan {
    artifact_id: String,
    stack_name: String,
    /// Construct path of the stack (`Stage3/Orders12`).
    path: String,
    /// Target template size in bytes.
    bytes: usize,
    nested: bool,
}

/// One export a stack offers to later stacks of its Stage.
#[derive(Clone)]
struct Offer {
    name: String,
    revision_bearing: bool,
}

/// Writes the assembly of `stacks` stacks into `dir` (replacing it) and returns its summary.
/// The average template is about `avg_bytes`; a few are several times larger, as in real
/// apps where one stack holds the pipeline or the dashboards.
pub fn generate(dir: &Path, stacks: usize, avg_bytes: usize) -> io::Result<Summary> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let mut rng = Rng(0x5EED_0000 ^ stacks as u64);
    let mut summary = Summary { dir: dir.to_path_buf(), stacks, ..Summary::default() };

    // About a tenth of the stacks sit at the top (shared infrastructure); the rest are in
    // Stages of at most 100 stacks each. Every eighth stack of a group owns one nested
    // stack, which counts towards the total.
    let top = (stacks / 10).max(1).min(stacks);
    let mut groups = vec![top];
    let mut left = stacks - top;
    while left > 0 {
        let n = left.min(100);
        groups.push(n);
        left -= n;
    }
    let mut top_manifest = Manifest::new();
    for (g, &count) in groups.iter().enumerate() {
        let (folder, stage) = if g == 0 {
            (dir.to_path_buf(), None)
        } else if g % 4 == 0 {
            // Every fourth Stage is nested in the one before it, as a Stage inside a Stage.
            let outer = dir.join(format!("assembly-Pipeline-Stage{}", g - 1));
            (outer.join(format!("assembly-Pipeline-Stage{}-Stage{g}", g - 1)), Some(format!("Stage{g}")))
        } else {
            (dir.join(format!("assembly-Pipeline-Stage{g}")), Some(format!("Stage{g}")))
        };
        fs::create_dir_all(&folder)?;
        let env = format!("aws://{}/{}", ACCOUNTS[g % ACCOUNTS.len()], REGIONS[g % REGIONS.len()]);
        let mut manifest = Manifest::new();
        let mut offers: Vec<Offer> = Vec::new();
        let mut plans = Vec::new();
        let mut made = 0;
        let mut i = 0;
        while made < count {
            let service = SERVICES[i % SERVICES.len()];
            let local = format!("{service}{i}");
            let (artifact_id, stack_name, path) = match &stage {
                None => (local.clone(), local.clone(), local.clone()),
                Some(stage) => (
                    format!("Pipeline{stage}{local}{}", rng.suffix()),
                    format!("{stage}-{local}"),
                    format!("Pipeline/{stage}/{local}"),
                ),
            };
            // Sizes: mostly around the average, one in forty up to 8x (the big stacks real
            // apps have); the mean stays near `avg_bytes`.
            let bytes =
                if rng.range(0, 39) == 0 { avg_bytes * rng.range(4, 8) } else { avg_bytes * rng.range(30, 120) / 100 };
            let nested = i % 8 == 7 && made + 2 <= count;
            made += if nested { 2 } else { 1 };
            plans.push(Plan { artifact_id, stack_name, path, bytes, nested });
            i += 1;
        }
        for (i, plan) in plans.iter().enumerate() {
            let written = write_stack(&folder, plan, i, &env, &mut offers, &mut rng, &mut manifest)?;
            summary.templates += written.templates;
            summary.template_bytes += written.template_bytes;
            summary.largest_template = summary.largest_template.max(written.largest);
            summary.total_bytes += written.total_bytes;
        }
        if let Some(stage) = &stage {
            let text = manifest.finish();
            summary.total_bytes += text.len() as u64;
            fs::write(folder.join("manifest.json"), text)?;
            let parent_is_top = g % 4 != 0;
            let directory = folder.file_name().unwrap().to_string_lossy().into_owned();
            let artifact = json!({
                "type": "cdk:cloud-assembly",
                "properties": { "directoryName": directory, "displayName": format!("Pipeline/{stage}") },
                "displayName": format!("Pipeline/{stage}"),
            });
            if parent_is_top {
                top_manifest.artifacts.insert(format!("assembly-Pipeline-{stage}"), artifact);
            } else {
                // The outer Stage's manifest was written already; add the inner Stage to it.
                let outer = folder.parent().unwrap().join("manifest.json");
                let mut value: Value = serde_json::from_str(&fs::read_to_string(&outer)?)?;
                value["artifacts"][format!("assembly-Pipeline-Stage{}-{stage}", g - 1)] = artifact;
                let text = pretty(&value);
                fs::write(outer, text)?;
            }
        } else {
            top_manifest.artifacts.extend(manifest.artifacts);
        }
    }
    let text = top_manifest.finish();
    summary.total_bytes += text.len() as u64;
    fs::write(dir.join("manifest.json"), text)?;
    fs::write(dir.join("cdk.out"), "{\"version\":\"36.0.0\"}")?;
    Ok(summary)
}

struct Manifest {
    artifacts: Map<String, Value>,
}

impl Manifest {
    fn new() -> Self {
        Self { artifacts: Map::new() }
    }

    fn finish(&self) -> String {
        pretty(&json!({ "version": "36.0.0", "artifacts": self.artifacts }))
    }
}

/// CDK writes templates and manifests with one space of indentation.
fn pretty(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(value, &mut ser).expect("a Value always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

struct Written {
    templates: usize,
    template_bytes: u64,
    largest: u64,
    total_bytes: u64,
}

fn write_stack(
    folder: &Path,
    plan: &Plan,
    index: usize,
    env: &str,
    offers: &mut Vec<Offer>,
    rng: &mut Rng,
    manifest: &mut Manifest,
) -> io::Result<Written> {
    let mut template = Template::new(&plan.path);
    let mut logical_ids = Vec::new();

    // Imports first: one to three exports of earlier stacks of this Stage, placed where
    // CDK puts them (environment variables, policy resources).
    let mut imports = Vec::new();
    if !offers.is_empty() {
        for _ in 0..rng.range(1, 3) {
            let offer = rng.pick(offers).clone();
            if !offer.revision_bearing {
                imports.push(offer.name);
            }
        }
    }
    // The fifth stack of each Stage imports the fourth's task-definition ARN: the incident.
    let revision_import = offers.iter().find(|o| o.revision_bearing).filter(|_| index == 4).map(|o| o.name.clone());

    while template.bytes < plan.bytes || logical_ids.len() < 3 {
        let kind = rng.range(0, 9);
        let added = match kind {
            0 | 1 => template.lambda(rng, &imports),
            2 => template.task_definition(rng, &imports, None),
            3 => template.role(rng, &imports),
            4 => template.queue(rng),
            5 => template.table(rng),
            6 => template.bucket(rng),
            7 => template.security_group(rng),
            8 => template.alarm(rng),
            _ => template.state_machine(rng),
        };
        logical_ids.extend(added);
    }
    if let Some(name) = &revision_import {
        logical_ids.extend(template.service_importing(rng, name));
    }

    // Exports: two to four `ExportsOutput…` of stable resources (buckets, tables, queues
    // and roles) already in the template, plus the revision-bearing one on the
    // fourth stack.
    if template.stable.is_empty() {
        template.bucket(rng);
    }
    let mut exported = 0;
    let stable = template.stable.clone();
    for id in stable.iter().step_by(2).take(rng.range(2, 4)) {
        let name = format!("{}:ExportsOutputRef{id}{}", plan.stack_name, rng.suffix());
        template.export(&name, json!({ "Ref": id }));
        offers.push(Offer { name, revision_bearing: false });
        exported += 1;
    }
    if index == 3 {
        let ids = template.task_definition(rng, &[], Some("Web"));
        let id = ids[0].clone();
        logical_ids.extend(ids);
        let name = format!("{}:ExportsOutputRef{id}{}", plan.stack_name, rng.suffix());
        template.export(&name, json!({ "Ref": id }));
        offers.push(Offer { name, revision_bearing: true });
        exported += 1;
    }
    debug_assert!(exported > 0);

    let mut written = Written { templates: 0, template_bytes: 0, largest: 0, total_bytes: 0 };
    let mut assets = Map::new();
    let template_file = format!("{}.template.json", plan.artifact_id);

    let mut nested_paths = Vec::new();
    if plan.nested {
        // The nested stack's template, and the parent's resource that deploys it. Every
        // other nested stack is found only through the asset manifest (no `aws:asset:path`),
        // the way the legacy and some custom synthesizers write them.
        let nested_id = format!("Storage{}", rng.suffix());
        let nested_file = format!("{}{nested_id}.nested.template.json", plan.artifact_id);
        let mut child = Template::new(&format!("{}/Storage", plan.path));
        while child.bytes < plan.bytes / 2 {
            match rng.range(0, 2) {
                0 => child.table(rng),
                1 => child.bucket(rng),
                _ => child.lambda(rng, &[]),
            };
        }
        let child_outputs: Vec<String> = child.resource_ids.iter().take(2).cloned().collect();
        // CDK lists a nested stack's resources in its parent's artifact metadata.
        nested_paths = std::mem::take(&mut child.construct_paths);
        for id in &child_outputs {
            child.outputs.insert(format!("{id}Ref"), json!({ "Value": { "Ref": id } }));
        }
        let text = pretty(&child.finish());
        let hash = rng.hex(64);
        written.templates += 1;
        written.template_bytes += text.len() as u64;
        written.largest = written.largest.max(text.len() as u64);
        written.total_bytes += text.len() as u64;
        fs::write(folder.join(&nested_file), text)?;
        assets.insert(hash.clone(), file_asset(&nested_file, &hash, env));
        let mut metadata =
            json!({ "aws:cdk:path": format!("{}/Storage.NestedStack/Storage.NestedStackResource", plan.path) });
        if index % 2 == 1 {
            metadata["aws:asset:path"] = json!(nested_file);
            metadata["aws:asset:property"] = json!("TemplateURL");
        }
        let resource_id = format!("StorageNestedStackStorageNestedStackResource{}", rng.suffix());
        template.resources.insert(
            resource_id.clone(),
            json!({
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {
                    "TemplateURL": { "Fn::Join": ["", [
                        "https://s3.",
                        { "Ref": "AWS::Region" },
                        ".",
                        { "Ref": "AWS::URLSuffix" },
                        "/",
                        { "Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}" },
                        format!("/{hash}.json"),
                    ]] },
                },
                "UpdateReplacePolicy": "Delete",
                "DeletionPolicy": "Delete",
                "Metadata": metadata,
            }),
        );
        logical_ids.push(resource_id);
        // The parent reads a nested output, the way CDK wires nested values.
        if let Some(out) = child_outputs.first() {
            template.outputs.insert(
                format!("StorageOutput{}", rng.suffix()),
                json!({ "Value": { "Fn::GetAtt": [logical_ids.last().unwrap(), format!("Outputs.{out}Ref")] } }),
            );
        }
    }

    let construct_paths = std::mem::take(&mut template.construct_paths);
    let text = pretty(&template.finish());
    let hash = rng.hex(64);
    written.templates += 1;
    written.template_bytes += text.len() as u64;
    written.largest = written.largest.max(text.len() as u64);
    written.total_bytes += text.len() as u64;
    fs::write(folder.join(&template_file), text)?;
    assets.insert(hash.clone(), file_asset(&template_file, &hash, env));
    let assets_file = format!("{}.assets.json", plan.artifact_id);
    let assets_text = pretty(&json!({ "version": "36.0.0", "files": assets, "dockerImages": {} }));
    written.total_bytes += assets_text.len() as u64;
    fs::write(folder.join(&assets_file), assets_text)?;

    // `aws:cdk:logicalId` metadata for every resource; every seventh stack keeps it in an
    // additional metadata file, as CDK does for large stacks.
    let mut metadata = Map::new();
    for (id, path) in construct_paths.iter().chain(&nested_paths) {
        metadata.insert(format!("/{path}"), json!([{ "type": "aws:cdk:logicalId", "data": id }]));
    }
    let (account, region) = env.trim_start_matches("aws://").split_once('/').unwrap();
    let mut artifact = json!({
        "type": "aws:cloudformation:stack",
        "environment": env,
        "properties": {
            "templateFile": template_file,
            "terminationProtection": false,
            "validateOnSynth": false,
            "stackName": plan.stack_name,
            "assumeRoleArn": format!("arn:${{AWS::Partition}}:iam::{account}:role/cdk-hnb659fds-deploy-role-{account}-{region}"),
            "cloudFormationExecutionRoleArn": format!("arn:${{AWS::Partition}}:iam::{account}:role/cdk-hnb659fds-cfn-exec-role-{account}-{region}"),
            "stackTemplateAssetObjectUrl": format!("s3://cdk-hnb659fds-assets-{account}-{region}/{hash}.json"),
            "requiresBootstrapStackVersion": 6,
            "bootstrapStackVersionSsmParameter": "/cdk-bootstrap/hnb659fds/version",
            "additionalDependencies": [format!("{}.assets", plan.artifact_id)],
        },
        "dependencies": [format!("{}.assets", plan.artifact_id)],
        "displayName": plan.path,
    });
    if index % 7 == 6 {
        let file = format!("{}.metadata.json", plan.artifact_id);
        let text = pretty(&Value::Object(metadata));
        written.total_bytes += text.len() as u64;
        fs::write(folder.join(&file), text)?;
        artifact["additionalMetadataFile"] = json!(file);
    } else {
        artifact["metadata"] = Value::Object(metadata);
    }
    manifest.artifacts.insert(
        format!("{}.assets", plan.artifact_id),
        json!({
            "type": "cdk:asset-manifest",
            "properties": {
                "file": assets_file,
                "requiresBootstrapStackVersion": 6,
                "bootstrapStackVersionSsmParameter": "/cdk-bootstrap/hnb659fds/version",
            },
        }),
    );
    manifest.artifacts.insert(plan.artifact_id.clone(), artifact);
    Ok(written)
}

fn file_asset(file: &str, hash: &str, env: &str) -> Value {
    let (account, region) = env.trim_start_matches("aws://").split_once('/').unwrap();
    json!({
        "source": { "path": file, "packaging": "file" },
        "destinations": {
            format!("{account}-{region}"): {
                "bucketName": format!("cdk-hnb659fds-assets-{account}-{region}"),
                "objectKey": format!("{hash}.json"),
                "region": region,
                "assumeRoleArn": format!("arn:${{AWS::Partition}}:iam::{account}:role/cdk-hnb659fds-file-publishing-role-{account}-{region}"),
            },
        },
    })
}

/// A template being built, with a running estimate of its written size.
struct Template {
    path: String,
    resources: Map<String, Value>,
    outputs: Map<String, Value>,
    resource_ids: Vec<String>,
    /// Resources whose `Ref` never changes on an ordinary deploy: what CDK apps export.
    stable: Vec<String>,
    construct_paths: Vec<(String, String)>,
    bytes: usize,
}

impl Template {
    fn new(path: &str) -> Self {
        Self {
            path: path.to_owned(),
            resources: Map::new(),
            outputs: Map::new(),
            resource_ids: Vec::new(),
            stable: Vec::new(),
            construct_paths: Vec::new(),
            bytes: 0,
        }
    }

    /// Adds a resource with CDK's `aws:cdk:path` metadata; returns its logical id.
    fn add(&mut self, construct: &str, kind: &str, properties: Value, rng: &mut Rng) -> String {
        let id = format!("{}{}", construct.replace('/', ""), rng.suffix());
        let path = format!("{}/{construct}/Resource", self.path);
        let resource = json!({
            "Type": kind,
            "Properties": properties,
            "Metadata": { "aws:cdk:path": path },
        });
        // Compact length plus about a third for the one-space indentation and newlines.
        self.bytes += resource.to_string().len() * 4 / 3;
        self.resources.insert(id.clone(), resource);
        self.resource_ids.push(id.clone());
        self.construct_paths.push((id.clone(), path));
        id
    }

    fn export(&mut self, name: &str, value: Value) {
        let id = name.split_once(':').map_or(name, |(_, id)| id).to_owned();
        self.outputs.insert(id, json!({ "Value": value, "Export": { "Name": name } }));
    }

    fn env_vars(rng: &mut Rng, imports: &[String], (lo, hi): (usize, usize)) -> Map<String, Value> {
        let n = rng.range(lo, hi);
        let mut vars = Map::new();
        for k in 0..n {
            let value = match k % 4 {
                0 if !imports.is_empty() && rng.range(0, 5) == 0 => json!({ "Fn::ImportValue": rng.pick(imports) }),
                1 => {
                    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/app/{}", rng.hex(12)) })
                }
                _ => {
                    let len = rng.range(8, 40);
                    json!(format!("value-{}", rng.hex(len)))
                }
            };
            vars.insert(format!("SETTING_{}_{k}", rng.hex(6).to_ascii_uppercase()), value);
        }
        vars
    }

    fn policy_statements(rng: &mut Rng, imports: &[String], (lo, hi): (usize, usize)) -> Vec<Value> {
        let n = rng.range(lo, hi);
        const ACTIONS: &[&str] = &[
            "s3:GetObject*",
            "s3:GetBucket*",
            "s3:List*",
            "s3:PutObject",
            "s3:DeleteObject*",
            "dynamodb:BatchGetItem",
            "dynamodb:GetRecords",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "sqs:SendMessage",
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sns:Publish",
            "kms:Decrypt",
            "kms:GenerateDataKey*",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "ecr:BatchGetImage",
            "secretsmanager:GetSecretValue",
        ];
        (0..n)
            .map(|_| {
                let actions: Vec<&str> = (0..rng.range(2, 8)).map(|_| *rng.pick(ACTIONS)).collect();
                let resource = if !imports.is_empty() && rng.range(0, 9) == 0 {
                    json!({ "Fn::ImportValue": rng.pick(imports) })
                } else {
                    json!({ "Fn::Join": ["", [
                        "arn:",
                        { "Ref": "AWS::Partition" },
                        format!(":s3:::bucket-{}/*", rng.hex(10)),
                    ]] })
                };
                json!({ "Action": actions, "Effect": "Allow", "Resource": [resource, format!("arn:aws:s3:::static-{}", rng.hex(8))] })
            })
            .collect()
    }

    fn role(&mut self, rng: &mut Rng, imports: &[String]) -> Vec<String> {
        let n = rng.range(1, 999);
        let role = self.add(
            &format!("Role{n}"),
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": {
                    "Statement": [{ "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" } }],
                    "Version": "2012-10-17",
                },
                "ManagedPolicyArns": [{ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]] }],
            }),
            rng,
        );
        let statements = Self::policy_statements(rng, imports, (4, 24));
        let policy = self.add(
            &format!("Role{n}/DefaultPolicy"),
            "AWS::IAM::Policy",
            json!({
                "PolicyDocument": { "Statement": statements, "Version": "2012-10-17" },
                "PolicyName": format!("Role{n}DefaultPolicy{}", rng.suffix()),
                "Roles": [{ "Ref": role }],
            }),
            rng,
        );
        self.stable.push(role.clone());
        vec![role, policy]
    }

    fn lambda(&mut self, rng: &mut Rng, imports: &[String]) -> Vec<String> {
        let mut ids = self.role(rng, imports);
        let role = ids[0].clone();
        let n = rng.range(1, 999);
        let vars = Self::env_vars(rng, imports, (4, 20));
        let function = self.add(
            &format!("Handler{n}"),
            "AWS::Lambda::Function",
            json!({
                "Code": {
                    "S3Bucket": { "Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}" },
                    "S3Key": format!("{}.zip", rng.hex(64)),
                },
                "Environment": { "Variables": vars },
                "Handler": "index.handler",
                "MemorySize": *rng.pick(&[128, 256, 512, 1024]),
                "Role": { "Fn::GetAtt": [role, "Arn"] },
                "Runtime": "nodejs20.x",
                "Timeout": rng.range(3, 900),
                "TracingConfig": { "Mode": "Active" },
            }),
            rng,
        );
        let logs = self.add(
            &format!("Handler{n}/LogGroup"),
            "AWS::Logs::LogGroup",
            json!({ "LogGroupName": { "Fn::Join": ["", ["/aws/lambda/", { "Ref": function }]] }, "RetentionInDays": 30 }),
            rng,
        );
        ids.extend([function, logs]);
        ids
    }

    fn task_definition(&mut self, rng: &mut Rng, imports: &[String], name: Option<&str>) -> Vec<String> {
        let n = rng.range(1, 999);
        let construct = name.map_or_else(|| format!("Task{n}"), |name| format!("{name}TaskDef"));
        let containers: Vec<Value> = (0..rng.range(1, 3))
            .map(|c| {
                let env: Vec<Value> = Self::env_vars(rng, imports, (8, 30))
                    .into_iter()
                    .map(|(name, value)| json!({ "Name": name, "Value": value }))
                    .collect();
                json!({
                    "Essential": c == 0,
                    "Environment": env,
                    "Image": { "Fn::Sub": format!("${{AWS::AccountId}}.dkr.ecr.${{AWS::Region}}.${{AWS::URLSuffix}}/cdk-hnb659fds-container-assets-${{AWS::AccountId}}-${{AWS::Region}}:{}", rng.hex(64)) },
                    "LogConfiguration": {
                        "LogDriver": "awslogs",
                        "Options": {
                            "awslogs-group": format!("/ecs/{}", rng.hex(10)),
                            "awslogs-stream-prefix": "app",
                            "awslogs-region": { "Ref": "AWS::Region" },
                        },
                    },
                    "Name": format!("container{c}"),
                    "PortMappings": [{ "ContainerPort": 8080 + c, "Protocol": "tcp" }],
                    "Secrets": [{ "Name": "DB_PASSWORD", "ValueFrom": format!("arn:aws:secretsmanager:us-east-1:111111111111:secret:{}", rng.hex(16)) }],
                })
            })
            .collect();
        let mut ids = self.role(rng, imports);
        let task = self.add(
            &construct,
            "AWS::ECS::TaskDefinition",
            json!({
                "ContainerDefinitions": containers,
                "Cpu": "512",
                "ExecutionRoleArn": { "Fn::GetAtt": [ids[0], "Arn"] },
                "Family": format!("{}{}", construct, rng.hex(6)),
                "Memory": "1024",
                "NetworkMode": "awsvpc",
                "RequiresCompatibilities": ["FARGATE"],
                "TaskRoleArn": { "Fn::GetAtt": [ids[0], "Arn"] },
            }),
            rng,
        );
        ids.insert(0, task);
        ids
    }

    /// An ECS service whose task definition is an import: the incident's shape.
    fn service_importing(&mut self, rng: &mut Rng, export: &str) -> Vec<String> {
        vec![self.add(
            "WebService/Service",
            "AWS::ECS::Service",
            json!({
                "Cluster": format!("cluster-{}", rng.hex(6)),
                "DesiredCount": 2,
                "LaunchType": "FARGATE",
                "TaskDefinition": { "Fn::ImportValue": export },
            }),
            rng,
        )]
    }

    fn queue(&mut self, rng: &mut Rng) -> Vec<String> {
        let n = rng.range(1, 999);
        let dlq =
            self.add(&format!("Queue{n}/Dlq"), "AWS::SQS::Queue", json!({ "MessageRetentionPeriod": 1_209_600 }), rng);
        let queue = self.add(
            &format!("Queue{n}"),
            "AWS::SQS::Queue",
            json!({
                "RedrivePolicy": { "deadLetterTargetArn": { "Fn::GetAtt": [dlq, "Arn"] }, "maxReceiveCount": 5 },
                "VisibilityTimeout": 300,
            }),
            rng,
        );
        let policy = self.add(
            &format!("Queue{n}/Policy"),
            "AWS::SQS::QueuePolicy",
            json!({
                "PolicyDocument": { "Statement": Self::policy_statements(rng, &[], (1, 4)), "Version": "2012-10-17" },
                "Queues": [{ "Ref": queue }],
            }),
            rng,
        );
        self.stable.push(queue.clone());
        vec![queue, dlq, policy]
    }

    fn table(&mut self, rng: &mut Rng) -> Vec<String> {
        let n = rng.range(1, 999);
        let indexes: Vec<Value> = (0..rng.range(0, 4))
            .map(|i| {
                json!({
                    "IndexName": format!("gsi{i}"),
                    "KeySchema": [{ "AttributeName": format!("gsi{i}pk"), "KeyType": "HASH" }, { "AttributeName": format!("gsi{i}sk"), "KeyType": "RANGE" }],
                    "Projection": { "ProjectionType": "ALL" },
                })
            })
            .collect();
        let table = self.add(
            &format!("Table{n}"),
            "AWS::DynamoDB::Table",
            json!({
                "AttributeDefinitions": [{ "AttributeName": "pk", "AttributeType": "S" }, { "AttributeName": "sk", "AttributeType": "S" }],
                "BillingMode": "PAY_PER_REQUEST",
                "GlobalSecondaryIndexes": indexes,
                "KeySchema": [{ "AttributeName": "pk", "KeyType": "HASH" }, { "AttributeName": "sk", "KeyType": "RANGE" }],
                "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": true },
                "StreamSpecification": { "StreamViewType": "NEW_AND_OLD_IMAGES" },
            }),
            rng,
        );
        self.stable.push(table.clone());
        vec![table]
    }

    fn bucket(&mut self, rng: &mut Rng) -> Vec<String> {
        let n = rng.range(1, 999);
        let bucket = self.add(
            &format!("Bucket{n}"),
            "AWS::S3::Bucket",
            json!({
                "BucketEncryption": { "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms" } }] },
                "LifecycleConfiguration": { "Rules": [{ "ExpirationInDays": rng.range(30, 400), "Status": "Enabled" }] },
                "PublicAccessBlockConfiguration": { "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true },
                "Tags": [{ "Key": "aws-cdk:auto-delete-objects", "Value": "true" }],
                "VersioningConfiguration": { "Status": "Enabled" },
            }),
            rng,
        );
        let policy = self.add(
            &format!("Bucket{n}/Policy"),
            "AWS::S3::BucketPolicy",
            json!({
                "Bucket": { "Ref": bucket },
                "PolicyDocument": { "Statement": Self::policy_statements(rng, &[], (1, 6)), "Version": "2012-10-17" },
            }),
            rng,
        );
        self.stable.push(bucket.clone());
        vec![bucket, policy]
    }

    fn security_group(&mut self, rng: &mut Rng) -> Vec<String> {
        let n = rng.range(1, 999);
        let ingress: Vec<Value> = (0..rng.range(1, 12))
            .map(|_| {
                let port = rng.range(1, 65_000);
                json!({ "CidrIp": format!("10.{}.0.0/16", rng.range(0, 255)), "Description": format!("from 10.x:{port}"), "FromPort": port, "IpProtocol": "tcp", "ToPort": port })
            })
            .collect();
        vec![self.add(
            &format!("SecurityGroup{n}"),
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{}/SecurityGroup{n}", self.path),
                "SecurityGroupEgress": [{ "CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1" }],
                "SecurityGroupIngress": ingress,
                "VpcId": format!("vpc-{}", rng.hex(17)),
            }),
            rng,
        )]
    }

    fn alarm(&mut self, rng: &mut Rng) -> Vec<String> {
        let n = rng.range(1, 999);
        let target = self.resource_ids.last().cloned().unwrap_or_else(|| "AWS::StackName".to_owned());
        vec![self.add(
            &format!("Alarm{n}"),
            "AWS::CloudWatch::Alarm",
            json!({
                "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "Dimensions": [{ "Name": "Resource", "Value": { "Ref": target } }],
                "EvaluationPeriods": rng.range(1, 5),
                "MetricName": *rng.pick(&["Errors", "Throttles", "Duration", "ApproximateAgeOfOldestMessage"]),
                "Namespace": "AWS/Lambda",
                "Period": 300,
                "Statistic": "Sum",
                "Threshold": rng.range(1, 100),
            }),
            rng,
        )]
    }

    fn state_machine(&mut self, rng: &mut Rng) -> Vec<String> {
        let n = rng.range(1, 999);
        let mut parts = vec![json!("{\"StartAt\":\"Start\",\"States\":{")];
        for s in 0..rng.range(3, 15) {
            parts.push(json!(format!("\"Step{s}\":{{\"Type\":\"Task\",\"Resource\":\"")));
            parts.push(json!({ "Fn::GetAtt": [self.resource_ids.first().cloned().unwrap_or_default(), "Arn"] }));
            parts.push(json!(format!("\",\"Retry\":[{{\"ErrorEquals\":[\"Lambda.ServiceException\",\"Lambda.AWSLambdaException\"],\"IntervalSeconds\":2,\"MaxAttempts\":6,\"BackoffRate\":2}}],\"Next\":\"Step{}\"}},", s + 1)));
        }
        parts.push(json!("\"Done\":{\"Type\":\"Succeed\"}}}"));
        vec![self.add(
            &format!("StateMachine{n}"),
            "AWS::StepFunctions::StateMachine",
            json!({ "DefinitionString": { "Fn::Join": ["", parts] }, "RoleArn": format!("arn:aws:iam::111111111111:role/sfn-{}", rng.hex(8)) }),
            rng,
        )]
    }

    /// The template with CDK's standing sections (bootstrap version check, CDKMetadata).
    fn finish(mut self) -> Value {
        let mut rng = Rng(self.resources.len() as u64);
        self.resources.insert(
            "CDKMetadata".to_owned(),
            json!({
                "Type": "AWS::CDK::Metadata",
                "Properties": { "Analytics": format!("v2:deflate64:H4sIAAAAAAAA/{}", rng.hex(300)) },
                "Metadata": { "aws:cdk:path": format!("{}/CDKMetadata/Default", self.path) },
                "Condition": "CDKMetadataAvailable",
            }),
        );
        let regions: Vec<Value> = [
            "af-south-1",
            "ap-east-1",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-south-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "ca-central-1",
            "cn-north-1",
            "cn-northwest-1",
        ]
        .iter()
        .map(|r| json!({ "Fn::Equals": [{ "Ref": "AWS::Region" }, r] }))
        .collect();
        let mut template = json!({
            "Resources": self.resources,
            "Conditions": { "CDKMetadataAvailable": { "Fn::Or": regions } },
            "Parameters": {
                "BootstrapVersion": {
                    "Type": "AWS::SSM::Parameter::Value<String>",
                    "Default": "/cdk-bootstrap/hnb659fds/version",
                    "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]",
                },
            },
            "Rules": {
                "CheckBootstrapVersion": {
                    "Assertions": [{
                        "Assert": { "Fn::Not": [{ "Fn::Contains": [["1", "2", "3", "4", "5"], { "Ref": "BootstrapVersion" }] }] },
                        "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
                    }],
                },
            },
        });
        if !self.outputs.is_empty() {
            template["Outputs"] = Value::Object(self.outputs);
        }
        template
    }
}
