// Case: LOCK013-dangling-weak-reference / fail / producer-stack-removed
//
// Deployed: the weak-mode storage/reports app of
// rules/LOCK012-stale-weak-reference/pass/stable-value-weak. New: the storage stack is gone
// from the app and reports uses a bucket of its own; the deployed reports stack still reads
// storage's Outputs through Fn::GetStackOutput.
//
// Built by fixtures/apps/storage-reports.js, variant 'no-storage'.
//
// Expected: LOCK013 (warnings: once storage is destroyed, the deployed reports stack points
// at its deleted bucket and table until it is deployed again).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { storageReportsApp } = require(path.join(__dirname, '../../../../fixtures/apps/storage-reports.js'));

const app = new cdk.App();
storageReportsApp(app, { variant: 'no-storage' });
