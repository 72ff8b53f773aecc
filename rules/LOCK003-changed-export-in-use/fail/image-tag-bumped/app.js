// Case: LOCK003-changed-export-in-use / fail / image-tag-bumped
//
// v5: the incident app with the image tag bumped. Against the deployed v1
// (rules/LOCK001-revision-bearing-import/fail/incident/cdk.out) the task definition
// registers a new revision, so the exported ARN changes while the deployed service imports
// it: LOCK003 (and LOCK001 as for v1); no LOCK002.
//
// Same app as ../../../LOCK001-revision-bearing-import/fail/incident (variant 'original'),
// only openclaw-version.json differs: dev 1.4.2 -> 1.4.3, prod 1.4.0 -> 1.4.1. The export
// names and Output logical ids are unchanged
// (isol8-<env>-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1); only the
// task definition's image (and so the value of the export) changes.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'original' });
