// Case: LOCK001-revision-bearing-import / fail / lambda-current-version
//
// Producer stack `functions`: a Lambda function (inline code) and a LayerVersion.
// Consumer stack `release` uses
//   - fn.currentVersion in a lambda.Alias (FunctionVersion = Fn::GetAtt Version.Version,
//     FunctionName = Ref of the function) and in an SSM parameter (version.functionArn =
//     Ref of the AWS::Lambda::Version, i.e. the version ARN);
//   - the layer (layer.layerVersionArn = Ref of the AWS::Lambda::LayerVersion) in a
//     second function's Layers.
// Every code/config change of the function creates a new AWS::Lambda::Version (its
// logical id embeds a hash of the function's configuration) and every layer change a new
// LayerVersion, so these exports change value on each change: deploy lock.
//
// Expected: 3 LOCK001 findings, all in consumer `release`, producer `functions`
// (Output logical id = export name without the `functions:` prefix):
//   functions:ExportsOutputRefApiHandlerCurrentVersion5C7F0A6097b1c7a3366555858e273e24a706427d1E6B49A0
//       Ref of AWS::Lambda::Version (version ARN), used by SSM parameter ApiHandlerVersionArn
//   functions:ExportsOutputFnGetAttApiHandlerCurrentVersion5C7F0A6097b1c7a3366555858e273e24a706427dVersionB3D25715
//       Fn::GetAtt Version.Version (version number), used by the LiveAlias
//   functions:ExportsOutputRefSharedLayer27DFABF0C2CA2696
//       Ref of AWS::Lambda::LayerVersion (layer version ARN), used by the Worker's Layers
// (the Version's logical id hash changes with the function configuration or lib version).
// Not a finding: functions:ExportsOutputRefApiHandler5E7490E896301149 (Ref of the
// AWS::Lambda::Function = function name, stable).
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
        "exports.handler = async () => ({ statusCode: 200, body: 'v1' });",
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
