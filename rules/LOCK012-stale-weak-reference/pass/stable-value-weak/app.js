// Case: LOCK012-stale-weak-reference / pass / stable-value-weak
//
// A benign weak reference: cdk.json sets "@aws-cdk/core:defaultCrossStackReferences" to
// "weak", and the consumer reads only values that no ordinary deploy changes.
//
// Producer stack `storage`: an S3 bucket and a DynamoDB table. Consumer stack `reports`: a
// function whose environment holds the bucket name and the table name, and which may read
// both (grants name the bucket and table ARNs). Every one of those crosses as
// Fn::GetStackOutput of a plain "Publish..." Output.
//
// Built by fixtures/apps/storage-reports.js, variant 'bucket-and-table'.
//
// Expected: no LOCK012 (nothing revision-bearing is read weakly).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { storageReportsApp } = require(path.join(__dirname, '../../../../fixtures/apps/storage-reports.js'));

const app = new cdk.App();
storageReportsApp(app, { variant: 'bucket-and-table' });
