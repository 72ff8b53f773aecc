// Case: LOCK002-dropped-export-in-use / fail / lambda-code-change
//
// The lambda-current-version app after a code change: the Lambda Version's logical id
// (and so CDK's auto-generated export name) changes, so against the deployed previous
// synth (rules/LOCK001-revision-bearing-import/fail/lambda-current-version/cdk.out) the
// old export is dropped while the deployed `release` stack imports it: LOCK002.
//
// Identical to ../../../LOCK001-revision-bearing-import/fail/lambda-current-version except
// for the ApiHandler's inline code (body 'v1' -> 'v2'). The layer is unchanged, so its
// export (functions:ExportsOutputRefSharedLayer27DFABF0C2CA2696) and the function-name
// export (functions:ExportsOutputRefApiHandler5E7490E896301149) keep their names.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const ssm = require('aws-cdk-lib/aws-ssm');

/** Owns the API handler (published as a version on every code change) and a shared layer. */
class FunctionsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    this.sharedLayer = new lambda.LayerVersion(this, 'SharedLayer', {
      code: lambda.Code.fromAsset(path.join(__dirname, 'layer')),
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      description: 'greeting helpers',
    });

    this.handler = new lambda.Function(this, 'ApiHandler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        "exports.handler = async () => ({ statusCode: 200, body: 'v2' });",
      ),
      description: 'API handler',
    });
  }
}

/** Wires the handler's current version and the shared layer into other resources. */
class ReleaseStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { functions } = props;
    const version = functions.handler.currentVersion;

    // A "live" alias that always points at the newest published version.
    new lambda.Alias(this, 'LiveAlias', {
      aliasName: 'live',
      version,
    });

    // The version ARN published for other tooling (e.g. a canary runner).
    new ssm.StringParameter(this, 'ApiHandlerVersionArn', {
      parameterName: '/release/api-handler/version-arn',
      stringValue: version.functionArn,
    });

    // A second function that reuses the producer's layer.
    new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        "const { greet } = require('greeting'); exports.handler = async (e) => greet(e.name);",
      ),
      layers: [functions.sharedLayer],
    });
  }
}

const app = new cdk.App();
const functions = new FunctionsStack(app, 'functions');
new ReleaseStack(app, 'release', { functions });
