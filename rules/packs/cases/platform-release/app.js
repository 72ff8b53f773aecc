// Rule-pack case: platform-release (used by tests/packs.rs with rules/packs/examples/)
//
// Producer stack `platform`:
//   - `ConfigVersion`, a `Custom::VersionPublisher` custom resource (a team-written
//     provider Lambda) whose `Version` attribute is bumped on every deploy;
//   - `/platform/release/version`, an SSM parameter the release pipeline bumps;
//   - an orders queue, exported by hand as `legacy-orders-queue-url` (no description).
// Consumer stack `billing`: a Lambda that reads all three: the version attribute and the
// parameter value through CDK cross-stack references (auto-generated exports), the queue
// URL through `Fn.importValue('legacy-orders-queue-url')`.
//
// Without packs, no built-in rule fires: neither value is in LOCK001's catalogue.
// With rules/packs/examples/revision-bearing.yaml: two LOCK001 errors (the version and
// the parameter value). With rules/packs/examples/export-conventions.yaml: USER001 on the
// `legacy-` import and USER002 on the hand-written export without a description.
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const sqs = require('aws-cdk-lib/aws-sqs');
const ssm = require('aws-cdk-lib/aws-ssm');

/** Shared platform pieces, released by the platform team. */
class PlatformStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const publisher = new lambda.Function(this, 'VersionPublisherFn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ Data: { Version: String(Date.now()) } });'),
    });
    this.configVersion = new cdk.CustomResource(this, 'ConfigVersion', {
      serviceToken: publisher.functionArn,
      resourceType: 'Custom::VersionPublisher',
      properties: { Bucket: 'platform-config' },
    });
    this.releaseVersion = new ssm.StringParameter(this, 'ReleaseVersion', {
      parameterName: '/platform/release/version',
      stringValue: '2026.11.3',
    });
    const orders = new sqs.Queue(this, 'Orders');
    new cdk.CfnOutput(this, 'OrdersQueueUrl', { value: orders.queueUrl, exportName: 'legacy-orders-queue-url' });
  }
}

/** A team's service that reads the platform's values. */
class BillingStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { platform } = props;
    new lambda.Function(this, 'Invoicer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
      environment: {
        CONFIG_VERSION: platform.configVersion.getAttString('Version'),
        RELEASE: platform.releaseVersion.stringValue,
        ORDERS_QUEUE_URL: cdk.Fn.importValue('legacy-orders-queue-url'),
      },
    });
  }
}

const app = new cdk.App();
const platform = new PlatformStack(app, 'platform');
const billing = new BillingStack(app, 'billing', { platform });
billing.addDependency(platform);
