// Case: LOCK001-revision-bearing-import / fail / incident-strong-references
//
// The unchanged incident app (same app module and variant as ../incident), synthesized with
// cdk.json context "@aws-cdk/core:defaultCrossStackReferences": "strong": the behaviour
// aws-cdk-lib 2.276 defaults to (with a synth warning when the key is unset), now chosen
// explicitly. CDK realizes the references as Export + Fn::ImportValue, exactly as in
// ../incident.
//
// Expected: LOCK001 on the task-definition ARN imports, as in ../incident; no LOCK012
// (rules/LOCK012-stale-weak-reference/pass/incident-strong-references).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'original' });
