//! Naming things in CDK code for help texts: the construct behind a construct path, the
//! variable a user would hold it in, and the L2 attribute that yields a CloudFormation
//! `Ref`/`Fn::GetAtt`, and the one way a name becomes a string literal in the code we print.

use std::fmt::Write as _;

use super::catalog::Catalog;

/// The context key that sets how CDK makes cross-stack references (`strong`, `both`,
/// `weak`; aws-cdk-lib's `cxapi.DEFAULT_CROSS_STACK_REFERENCES`).
pub const REFERENCE_STRENGTH_KEY: &str = "@aws-cdk/core:defaultCrossStackReferences";

/// A TypeScript/JavaScript string literal that evaluates to `text`, whatever `text` holds:
/// `it's` → `'it\'s'`. Every name from a template, manifest or baseline that a printed fix
/// puts into code goes through here, so a crafted stack name cannot become code when a
/// user pastes the fix. Quotes, backslashes and line breaks are escaped; `$` and `` ` ``
/// too, so the literal stays inert if someone turns it into a template literal; anything
/// outside printable ASCII (U+2028 ends a line in older parsers) is a `\uXXXX` escape.
#[must_use]
pub fn ts_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    out.push_str(&ts_escaped(text));
    out.push('\'');
    out
}

/// [`ts_string`] without the quotes: for names in `//` comments of printed code, where a
/// line break would end the comment and start code.
#[must_use]
pub fn ts_escaped(text: &str) -> String {
    escaped(text, &['\'', '\\', '$', '`'])
}

/// `text` with each of `specials` after a backslash, line breaks and tabs as `\\n`, `\\r`,
/// `\\t`, and anything outside printable ASCII as `\\uXXXX` (UTF-16): the escapes JavaScript
/// strings and YAML double-quoted scalars share.
fn escaped(text: &str, specials: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if specials.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' ' => out.push(' '),
            c if c.is_ascii_graphic() => out.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
        }
    }
    out
}

/// `isol8-prod-container/openclawTaskDef/Resource` → `openclawTaskDef`.
#[must_use]
pub fn construct_id(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    match parts.next() {
        Some("Resource" | "Default") => parts.next().unwrap_or(path),
        Some(last) => last,
        None => path,
    }
}

/// How CDK code reaches the construct at `path` inside the stack displayed as `stack`:
/// `dev/container/openclawTaskDef/TaskRole/Resource` in `dev/container` →
/// `openclawTaskDef.taskRole` (L2 constructs expose their children as properties).
#[must_use]
pub fn construct_expression(path: &str, stack: &str) -> String {
    let inside = path.strip_prefix(stack).and_then(|p| p.strip_prefix('/')).unwrap_or(path);
    let mut parts: Vec<&str> = inside.split('/').collect();
    if parts.len() > 1 && matches!(parts.last(), Some(&("Resource" | "Default"))) {
        parts.pop();
    }
    parts.iter().map(|p| lower_camel(p)).collect::<Vec<_>>().join(".")
}

/// `OpenclawTaskDef` → `openclawTaskDef`: the variable a construct would be held in.
#[must_use]
pub fn lower_camel(id: &str) -> String {
    let cleaned: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut chars = cleaned.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => "resource".to_owned(),
    }
}

/// `openclawTaskDef` → `openclaw-task-def`: for SSM parameter names.
#[must_use]
pub fn kebab(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().filter(char::is_ascii_alphanumeric).enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A YAML double-quoted scalar that reads back as `text`: for names in the CloudFormation
/// templates a fix prints. `"`, `\\` and line breaks are escaped, and anything outside
/// printable ASCII is a `\\uXXXX` escape (YAML 1.1 parsers break lines at U+2028).
#[must_use]
pub fn yaml_string(text: &str) -> String {
    format!("\"{}\"", escaped(text, &['"', '\\']))
}

/// `/* text */`, for a value the printed code can only describe: `text` can neither end the
/// comment nor break the line.
#[must_use]
pub fn ts_comment(text: &str) -> String {
    format!("/* {} */", ts_escaped(text).replace("*/", "*\\/"))
}

/// L2 attributes of common shared resources; revision-bearing ones come from the catalogue.
const COMMON: &[(&str, &str, &str)] = &[
    ("AWS::ApiGateway::Resource", "Ref", "resourceId"),
    ("AWS::ApiGateway::RestApi", "Ref", "restApiId"),
    ("AWS::ApiGateway::RestApi", "RootResourceId", "restApiRootResourceId"),
    ("AWS::CertificateManager::Certificate", "Ref", "certificateArn"),
    ("AWS::DynamoDB::Table", "Arn", "tableArn"),
    ("AWS::DynamoDB::Table", "Ref", "tableName"),
    ("AWS::EC2::SecurityGroup", "GroupId", "securityGroupId"),
    ("AWS::EC2::Subnet", "Ref", "subnetId"),
    ("AWS::EC2::VPC", "Ref", "vpcId"),
    ("AWS::ECS::Cluster", "Arn", "clusterArn"),
    ("AWS::ECS::Cluster", "Ref", "clusterName"),
    ("AWS::IAM::Role", "Arn", "roleArn"),
    ("AWS::IAM::Role", "Ref", "roleName"),
    ("AWS::KMS::Key", "Arn", "keyArn"),
    ("AWS::Lambda::Function", "Arn", "functionArn"),
    ("AWS::Lambda::Function", "Ref", "functionName"),
    ("AWS::S3::Bucket", "Arn", "bucketArn"),
    ("AWS::S3::Bucket", "Ref", "bucketName"),
    ("AWS::SNS::Topic", "Ref", "topicArn"),
    ("AWS::SQS::Queue", "Arn", "queueArn"),
    ("AWS::SQS::Queue", "Ref", "queueUrl"),
    ("AWS::SSM::Parameter", "Ref", "parameterName"),
    ("AWS::SSM::Parameter", "Value", "stringValue"),
];

/// The CDK expression for `attribute` (`Ref` or a `Fn::GetAtt` name) of a resource of
/// type `kind` held in `variable`: the L2 attribute where known, else the L1 one.
#[must_use]
pub fn attribute_expression(variable: &str, kind: &str, attribute: &str) -> String {
    format!("{variable}.{}", attribute_member(kind, attribute))
}

/// What follows the variable in [`attribute_expression`]: `tableArn`, `ref`, `getAtt('X')`.
#[must_use]
pub fn attribute_member(kind: &str, attribute: &str) -> String {
    let l2 = Catalog::builtin()
        .lookup(kind, attribute)
        .and_then(|e| e.cdk.clone())
        .or_else(|| COMMON.iter().find(|(k, a, _)| *k == kind && *a == attribute).map(|(_, _, l2)| (*l2).to_owned()));
    match l2 {
        Some(l2) => l2,
        None if attribute == "Ref" => "ref".to_owned(),
        // `CustomResource` has a string-typed accessor; `getAtt` returns a token object.
        None if kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource" => {
            format!("getAttString({})", ts_string(attribute))
        }
        None => format!("getAtt({})", ts_string(attribute)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_hostile_names() {
        assert_eq!(ts_string("isol8-prod-container"), "'isol8-prod-container'");
        assert_eq!(ts_string("a'b"), r"'a\'b'");
        assert_eq!(ts_string(r"a\b"), r"'a\\b'");
        assert_eq!(ts_string("a\nrequire('x')"), r"'a\nrequire(\'x\')'");
        assert_eq!(ts_string("${process.exit(1)}"), r"'\${process.exit(1)}'");
        assert_eq!(ts_string("`"), r"'\`'");
        assert_eq!(ts_string("a\u{2028}b\u{2029}"), r"'a\u2028b\u2029'");
        assert_eq!(ts_string("\r\t\u{0}"), r"'\r\t\u0000'");
        assert_eq!(ts_string("é😀"), r"'\u00E9\uD83D\uDE00'");
        assert_eq!(ts_escaped("x\n// y"), r"x\n// y");
        assert_eq!(ts_comment("a */ b\nc"), r"/* a *\/ b\nc */");
        assert_eq!(yaml_string("a'b\"c\\\n\u{2028}"), r#""a'b\"c\\\n\u2028""#);
    }

    #[test]
    fn names_constructs_and_attributes() {
        assert_eq!(construct_id("isol8-prod-container/openclawTaskDef/Resource"), "openclawTaskDef");
        assert_eq!(construct_id("Producer/Fn/CurrentVersion"), "CurrentVersion");
        assert_eq!(lower_camel("OpenclawTaskDef"), "openclawTaskDef");
        assert_eq!(
            construct_expression("dev/container/openclawTaskDef/TaskRole/Resource", "dev/container"),
            "openclawTaskDef.taskRole"
        );
        assert_eq!(
            construct_expression("functions/ApiHandler/CurrentVersion/Resource", "functions"),
            "apiHandler.currentVersion"
        );
        assert_eq!(kebab("openclawTaskDef"), "openclaw-task-def");
        assert_eq!(attribute_expression("taskDef", "AWS::ECS::TaskDefinition", "Ref"), "taskDef.taskDefinitionArn");
        assert_eq!(attribute_expression("role", "AWS::IAM::Role", "Arn"), "role.roleArn");
        assert_eq!(attribute_expression("thing", "AWS::X::Y", "Ref"), "thing.ref");
        assert_eq!(attribute_expression("version", "Custom::Publisher", "Version"), "version.getAttString('Version')");
        assert_eq!(attribute_expression("thing", "AWS::X::Y", "A'B"), r"thing.getAtt('A\'B')");
        assert_eq!(attribute_expression("thing", "AWS::X::Y", "Endpoint.Address"), "thing.getAtt('Endpoint.Address')");
    }
}
