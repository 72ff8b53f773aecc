// Case: LOCK001-revision-bearing-import / pass / incident-both-references
//
// The unchanged incident app (same app module and variant as ../../fail/incident),
// synthesized with cdk.json context "@aws-cdk/core:defaultCrossStackReferences": "both",
// the transitional strength for migrating strong -> weak: the container stack keeps the
// strong-side Export (isol8-<env>-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1,
// same as ../../fail/incident) AND adds a "Publish..." Output, while the service stack
// reads the value with Fn::GetStackOutput and no longer uses Fn::ImportValue.
//
// Expected: no LOCK001 finding (the revision-bearing export has no importer in the app).
// LOCK004 notes that the export can go once no deployed stack imports it; LOCK012
// reports the weakly read revision-bearing value
// (rules/LOCK012-stale-weak-reference/fail/incident-both-references).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'original' });
