// Case: LOCK008-self-import / fail / own-export
//
// One stack `jobs` (111111111111/us-east-1) creates an SQS queue, exports its URL and
// then imports that very export itself:
//   Output QueueUrl = Ref JobsQueue, Export jobs-QueueUrl
//   Lambda `Dispatcher` environment QUEUE_URL = Fn::ImportValue jobs-QueueUrl
// CloudFormation resolves Fn::ImportValue against exports that already exist, and a
// stack's own exports are only published when its deploy completes, so the first deploy
// fails ("No export named jobs-QueueUrl found"). The author should have used
// queue.queueUrl directly. CDK synthesizes it without complaint.
//
// Expected: one LOCK008 finding: stack `jobs` imports jobs-QueueUrl, which it exports
// itself (Output QueueUrl), in resource DispatcherD4A12972 (AWS::Lambda::Function).
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const sqs = require('aws-cdk-lib/aws-sqs');

class JobsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const queue = new sqs.Queue(this, 'JobsQueue', {
      visibilityTimeout: cdk.Duration.minutes(5),
    });
    new cdk.CfnOutput(this, 'QueueUrl', { value: queue.queueUrl, exportName: 'jobs-QueueUrl' });

    const dispatcher = new lambda.Function(this, 'Dispatcher', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ queue: process.env.QUEUE_URL });'),
      environment: { QUEUE_URL: cdk.Fn.importValue('jobs-QueueUrl') },
    });
    queue.grantSendMessages(dispatcher);
  }
}

const app = new cdk.App();
new JobsStack(app, 'jobs', { env: { account: '111111111111', region: 'us-east-1' } });
