// Case: LOCK009-import-cycle / pass / chain
//
// ../../fail/three-stacks without the back edge: three stacks in 111111111111/us-east-1
// linked by name-based imports (explicit export names and cdk.Fn.importValue) in a
// chain. "X -> Y" below means "Y imports an export of X":
//   ingest  -> catalog -> search
//   ingest   SQS queue `IngestQueue`, Output QueueUrl = Ref IngestQueue,
//            Export ingest-QueueUrl; imports nothing
//   catalog  DynamoDB table `CatalogTable`, Output TableName = Ref CatalogTable,
//            Export catalog-TableName;
//            Lambda `Cataloguer` env INGEST_QUEUE_URL = Fn::ImportValue ingest-QueueUrl
//   search   SNS topic `IndexedTopic`, Output TopicArn = Ref IndexedTopic,
//            Export search-TopicArn;
//            Lambda `Indexer` env CATALOG_TABLE = Fn::ImportValue catalog-TableName
// Deploy order ingest, catalog, search works from an empty environment.
//
// Expected: no LOCK009 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const sns = require('aws-cdk-lib/aws-sns');
const sqs = require('aws-cdk-lib/aws-sqs');

const ENV = { account: '111111111111', region: 'us-east-1' };

const fn = (scope, id, environment) =>
  new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (e) => ({ ok: true });'),
    environment,
  });

class IngestStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const queue = new sqs.Queue(this, 'IngestQueue');
    new cdk.CfnOutput(this, 'QueueUrl', { value: queue.queueUrl, exportName: 'ingest-QueueUrl' });
  }
}

class CatalogStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const table = new dynamodb.Table(this, 'CatalogTable', {
      partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    new cdk.CfnOutput(this, 'TableName', { value: table.tableName, exportName: 'catalog-TableName' });
    fn(this, 'Cataloguer', { INGEST_QUEUE_URL: cdk.Fn.importValue('ingest-QueueUrl') });
  }
}

class SearchStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const topic = new sns.Topic(this, 'IndexedTopic');
    new cdk.CfnOutput(this, 'TopicArn', { value: topic.topicArn, exportName: 'search-TopicArn' });
    fn(this, 'Indexer', { CATALOG_TABLE: cdk.Fn.importValue('catalog-TableName') });
  }
}

const app = new cdk.App();
new IngestStack(app, 'ingest', { env: ENV });
new CatalogStack(app, 'catalog', { env: ENV });
new SearchStack(app, 'search', { env: ENV });
