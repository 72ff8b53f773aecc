// Case: LOCK012-stale-weak-reference / fail / consume-reference
//
// One reference made weak on its own with Stack.consumeReference(value,
// ReferenceStrength.WEAK), the rest of the app left strong (the context key
// "@aws-cdk/core:defaultCrossStackReferences" is "strong" in cdk.json).
//
// Producer stack `releases`: a Lambda function and its `currentVersion` (an
// AWS::Lambda::Version, whose Ref is the version ARN: a new version on every code change)
// and a bucket. Consumer stack `router`: a function whose environment holds
//   LIVE_VERSION  Stack.consumeReference(handler.currentVersion.functionArn, WEAK)
//                 -> Fn::GetStackOutput of a plain "Publish..." Output
//   ARTIFACTS     bucket.bucketName -> Export + Fn::ImportValue (stable, strong)
//
// Expected: LOCK012 on LIVE_VERSION only (the router keeps the version of its own last
// deploy); no LOCK001 (the one strong import is a bucket name).
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3 = require('aws-cdk-lib/aws-s3');

const env = { account: '111111111111', region: 'us-east-1' };

class ReleasesStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ release: 42 });'),
    });
    this.artifacts = new s3.Bucket(this, 'Artifacts');
  }
}

class RouterStack extends cdk.Stack {
  constructor(scope, id, props) {
    const { releases, ...rest } = props;
    super(scope, id, rest);
    new lambda.Function(this, 'Router', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ to: process.env.LIVE_VERSION });'),
      environment: {
        LIVE_VERSION: cdk.Stack.consumeReference(releases.handler.currentVersion.functionArn, cdk.ReferenceStrength.WEAK),
        ARTIFACTS: releases.artifacts.bucketName,
      },
    });
  }
}

const app = new cdk.App();
const releases = new ReleasesStack(app, 'releases', { env });
new RouterStack(app, 'router', { env, releases });
