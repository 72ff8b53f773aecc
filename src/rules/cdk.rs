//! Naming things in CDK code for help texts: the construct behind a construct path, the
//! variable a user would hold it in, and the L2 attribute that yields a CloudFormation
//! `Ref`/`Fn::GetAtt`.

use super::catalog::Catalog;

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
            format!("getAttString('{attribute}')")
        }
        None => format!("getAtt('{attribute}')"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(attribute_expression("thing", "AWS::X::Y", "Endpoint.Address"), "thing.getAtt('Endpoint.Address')");
    }
}
