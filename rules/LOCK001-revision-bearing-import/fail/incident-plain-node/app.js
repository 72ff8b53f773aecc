// Case: LOCK001-revision-bearing-import / fail / incident-plain-node
//
// Same app as ../incident (identical stacks, construct ids and stack names), but
// synthesized with plain `node app.js` instead of the CDK CLI: the app sets its own
// outdir and calls app.synth(). fixtures/synth.sh uses plain node for app dirs without
// a cdk.json (so this dir deliberately has none). Without the CLI, aws-cdk-lib does not enable path/asset metadata or
// version reporting, so this cdk.out (verified) has
//   - no `aws:cdk:path` resource Metadata in any template,
//   - no `aws:asset:path` / `aws:asset:property` Metadata (this app has no file assets,
//     so the CLI-synthesized ../incident has none either; a nested stack or Lambda asset
//     would carry them under the CLI, see ../nested-stack),
//   - no AWS::CDK::Metadata (CDKMetadata) resources,
// but still has manifest.json, nested assemblies per Stage, *.metadata.json side files
// (aws:cdk:logicalId entries) and tree.json. The linter must not depend on that metadata.
//
// Expected: exactly the findings of ../incident: per environment, consumer
// isol8-<env>-service imports isol8-<env>-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1
// (producer Output ExportsOutputRefopenclawTaskDef0CCBC23B609205A1 = Ref of the
// AWS::ECS::TaskDefinition openclawTaskDef0CCBC23B) => 2 LOCK001 findings.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

// Synthesized by plain `node app.js` (no CDK CLI): the app picks its own output
// directory and calls app.synth() itself.
const app = new cdk.App({ outdir: process.env.CDK_OUTDIR || path.join(__dirname, 'cdk.out') });
isol8App(app, { versions, variant: 'original' });
app.synth();
