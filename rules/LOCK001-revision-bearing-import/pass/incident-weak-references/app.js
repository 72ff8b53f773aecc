// Case: LOCK001-revision-bearing-import / pass / incident-weak-references
//
// The unchanged incident app (same app module and variant as ../../fail/incident),
// synthesized with cdk.json context "@aws-cdk/core:defaultCrossStackReferences": "weak"
// (the value aws-cdk-lib 2.276 recommends). CDK then realizes the cross-stack references
// with Fn::GetStackOutput against plain (un-exported) "Publish..." Outputs of the container
// stack instead of Export + Fn::ImportValue. CloudFormation does not lock weakly
// referenced outputs, so an image bump no longer blocks the container-stack deploy; the
// service stack just keeps the old task-definition ARN until it is redeployed.
//
// Expected: no LOCK001 finding (no Fn::ImportValue at all). LOCK012 reports the weakly
// read revision-bearing value (the task-definition ARN), which goes stale until the
// consumer is redeployed (rules/LOCK012-stale-weak-reference/fail/incident-weak-references).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'original' });
