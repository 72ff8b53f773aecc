//! Template parameters whose value changes between deploys with no change to the template
//! that declares them, so an export of their `Ref` locks like a revision: the asset
//! parameters of CDK's legacy synthesizer (and CDK v1), and SSM parameter types.

/// Why a parameter's value changes, and what to do about exporting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterChange {
    /// `the asset parameter `…``, for the message.
    pub what: String,
    /// What changes it, for the producer label.
    pub changes: String,
    /// Advice for this culprit, with `$producer` and `$consumer` for the stack names.
    pub fix: String,
}

/// Which part of an asset's location a legacy asset parameter holds.
const ASSET_PARTS: [&str; 3] = ["S3Bucket", "S3VersionKey", "ArtifactHash"];

/// The change of parameter `name` of type `kind` with default `default`, if it is one
/// whose value changes between deploys. `cdk`: the producer is a CDK stack.
#[must_use]
pub fn change(name: &str, kind: Option<&str>, default: Option<&str>, cdk: bool) -> Option<ParameterChange> {
    if let Some(part) = legacy_asset_part(name) {
        return Some(ParameterChange {
            what: format!("the `Ref` of parameter `{name}`, the `{part}` of a CDK asset"),
            changes: "a legacy-synthesizer asset parameter: the CDK CLI passes a new value whenever the asset's \
                      content changes"
                .to_owned(),
            fix: asset_fix(cdk),
        });
    }
    let kind = kind?;
    let resolved = kind.strip_prefix("AWS::SSM::Parameter::Value<")?.strip_suffix('>')?;
    let parameter = default.unwrap_or("<parameter name>");
    let quoted = if cdk { ts_single_quoted(parameter) } else { parameter.replace('\'', "''") };
    Some(ParameterChange {
        what: format!("the `Ref` of parameter `{name}`, resolved from SSM parameter `{parameter}`"),
        changes: format!(
            "type `{kind}`: CloudFormation reads the SSM parameter again on every deploy, so the export changes \
             whenever the parameter's value does, with no change to this template"
        ),
        fix: ssm_fix(&quoted, resolved, kind, cdk),
    })
}

/// `S3Bucket` of `AssetParameters<hash>S3Bucket<suffix>`: the names CDK v1 and the
/// legacy synthesizer give the parameters of an asset's location.
fn legacy_asset_part(name: &str) -> Option<&'static str> {
    let rest = name.strip_prefix("AssetParameters")?;
    let hash = rest.get(..64)?;
    if !hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return None;
    }
    ASSET_PARTS.into_iter().find(|part| rest[64..].starts_with(part))
}

fn asset_fix(cdk: bool) -> String {
    if cdk {
        "stage the asset in `$consumer` too, so each stack has its own asset parameters and none cross stacks \
         (aws/aws-cdk#25458):\n\
         \x20 // in `$consumer`, instead of the asset of `$producer`\n\
         \x20 const asset = new s3_assets.Asset(this, 'Asset', { path: /* the same path */ });\n\
         \x20 // asset.s3BucketName, asset.s3ObjectKey"
            .to_owned()
    } else {
        "give `$consumer` its own asset parameters (or the S3 location the pipeline uploads to) instead of \
         importing those of `$producer`: they change with every asset"
            .to_owned()
    }
}

/// `text` as the inside of a TypeScript string in single quotes: the fixes we print are
/// code users paste, and a name from a template may hold a quote or a line break.
#[must_use]
pub fn ts_single_quoted(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\\' => "\\\\".to_owned(),
            '\'' => "\\'".to_owned(),
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            c if c.is_control() => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// The advice for an SSM-typed parameter; `parameter` is quoted for the code it goes in.
fn ssm_fix(parameter: &str, resolved: &str, kind: &str, cdk: bool) -> String {
    let read = if !cdk {
        format!(
            "\x20 # in `$consumer`, instead of Fn::ImportValue\n\
             \x20 Parameters:\n\
             \x20   Value:\n\
             \x20     Type: {kind}\n\
             \x20     Default: '{parameter}'"
        )
    } else if resolved.starts_with("List<") {
        format!(
            "\x20 // in `$consumer`, instead of the cross-stack reference\n\
             \x20 const values = ssm.StringListParameter.valueForTypedListParameter(\n\
             \x20   this, '{parameter}');"
        )
    } else {
        format!(
            "\x20 // in `$consumer`, instead of the cross-stack reference\n\
             \x20 const value = ssm.StringParameter.valueForStringParameter(\n\
             \x20   this, '{parameter}');"
        )
    };
    format!(
        "read the SSM parameter in `$consumer` itself, so CloudFormation resolves it there and nothing crosses \
         stacks:\n{read}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "f51d5f7b7817bc9a67673f9d43bae5635648e931643d6090961d14835762d8ae";

    #[test]
    fn legacy_asset_parameters_are_known_by_their_names() {
        for (suffix, part) in [("S3Bucket4C2A9A0B", "S3Bucket"), ("S3VersionKey7FCD6FEF", "S3VersionKey")] {
            let change = change(&format!("AssetParameters{HASH}{suffix}"), Some("String"), None, true).unwrap();
            assert!(change.what.contains(part), "{}", change.what);
        }
        assert!(change(&format!("AssetParameters{}S3Bucket", &HASH[..63]), Some("String"), None, true).is_none());
        assert!(change("AssetParametersBucket", Some("String"), None, true).is_none());
        assert!(change("Environment", Some("String"), Some("prod"), true).is_none());
    }

    #[test]
    fn ssm_parameter_types_change_and_say_how_to_read_them() {
        let ami = change("Ami", Some("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"), Some("/ami"), true).unwrap();
        assert!(ami.fix.contains("ssm.StringParameter.valueForStringParameter(\n    this, '/ami')"), "{}", ami.fix);
        let list = change("Ids", Some("AWS::SSM::Parameter::Value<List<String>>"), Some("/ids"), true).unwrap();
        assert!(list.fix.contains("valueForTypedListParameter(\n    this, '/ids')"), "{}", list.fix);
        let plain = change("Ami", Some("AWS::SSM::Parameter::Value<String>"), Some("/ami"), false).unwrap();
        assert!(plain.fix.contains("Type: AWS::SSM::Parameter::Value<String>"), "{}", plain.fix);
        assert!(change("Name", Some("AWS::SSM::Parameter::Name"), Some("/x"), true).is_none());
    }

    #[test]
    fn names_in_the_printed_code_are_quoted() {
        assert_eq!(ts_single_quoted("it's\\a\nb\u{7}"), "it\\'s\\\\a\\nb\\u{7}");
        let odd = change("P", Some("AWS::SSM::Parameter::Value<String>"), Some("/a'b"), true).unwrap();
        assert!(odd.fix.contains("this, '/a\\'b');"), "{}", odd.fix);
        let yaml = change("P", Some("AWS::SSM::Parameter::Value<String>"), Some("/a'b"), false).unwrap();
        assert!(yaml.fix.contains("Default: '/a''b'"), "{}", yaml.fix);
    }
}
