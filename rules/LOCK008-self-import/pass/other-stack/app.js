// Case: LOCK008-self-import / pass / other-stack
//
// The fixed version of ../../fail/own-export: the importer lives in another stack of
// the same environment (111111111111/us-east-1).
//   jobs     SQS queue `JobsQueue`, Output QueueUrl = Ref JobsQueue, Export jobs-QueueUrl
//   workers  Lambda `Dispatcher` environment QUEUE_URL = Fn::ImportValue jobs-QueueUrl
//
// Expected: no LOCK008 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const sqs = require('aws-cdk-lib/aws-sqs');

const ENV = { account: '111111111111', region: 'us-east-1' };

class JobsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const queue = new sqs.Queue(this, 'JobsQueue', {
      visibilityTimeout: cdk.Duration.minutes(5),
    });
    new cdk.CfnOutput(this, 'QueueUrl', { value: queue.queueUrl, exportName: 'jobs-QueueUrl' });
  }
}

class WorkersStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new lambda.Function(this, 'Dispatcher', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ queue: process.env.QUEUE_URL });'),
      environment: { QUEUE_URL: cdk.Fn.importValue('jobs-QueueUrl') },
    });
  }
}

const app = new cdk.App();
new JobsStack(app, 'jobs', { env: ENV });
new WorkersStack(app, 'workers', { env: ENV });
