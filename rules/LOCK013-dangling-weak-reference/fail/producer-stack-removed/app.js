// Case: LOCK013-dangling-weak-reference / fail / producer-stack-removed
//
// Deployed: the weak-mode storage/reports app of
// rules/LOCK012-stale-weak-reference/pass/stable-value-weak. New: the storage stack is gone
// from the app and reports uses a bucket of its own; the deployed reports stack still reads
// storage's Outputs through Fn::GetStackOutput.
//
// Expected: LOCK013 (warnings: once storage is destroyed, the deployed reports stack points
// at its deleted bucket and table until it is deployed again).
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3 = require('aws-cdk-lib/aws-s3');

const env = { account: '111111111111', region: 'us-east-1' };

class ReportsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    // Its own bucket now: the storage stack is gone from the app.
    const bucket = new s3.Bucket(this, 'Own');
    const fn = new lambda.Function(this, 'Writer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
      environment: { BUCKET: bucket.bucketName },
    });
    bucket.grantWrite(fn);
  }
}

const app = new cdk.App();
new ReportsStack(app, 'reports', { env });
