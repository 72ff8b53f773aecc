// Case: LOCK013-dangling-weak-reference / fail / output-dropped
//
// Phase pair "weak deployed -> output dropped". Deployed: the weak-mode storage/reports app of
// rules/LOCK012-stale-weak-reference/pass/stable-value-weak (reports reads the bucket name, the
// table name and the table ARN through Fn::GetStackOutput). New: the same app, but reports no
// longer uses the table, so CDK stops generating storage's PublishOutput... Outputs of the
// table name and ARN, while the deployed reports stack still reads them.
//
// Built by fixtures/apps/storage-reports.js, variant 'bucket-only'.
//
// Expected: LOCK013 (a warning: the new reports stack no longer reads them, but until it is
// deployed it holds values of a table the storage stack may have deleted).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { storageReportsApp } = require(path.join(__dirname, '../../../../fixtures/apps/storage-reports.js'));

const app = new cdk.App();
storageReportsApp(app, { variant: 'bucket-only' });
