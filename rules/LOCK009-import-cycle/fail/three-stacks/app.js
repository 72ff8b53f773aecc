// Case: LOCK009-import-cycle / fail / three-stacks
//
// Three stacks in 111111111111/us-east-1 whose name-based imports form a cycle
// (explicit export names and cdk.Fn.importValue, no CDK object references, so synth
// does not reject it). "X -> Y" below means "Y imports an export of X":
//   ingest  -> catalog -> search -> ingest
//   ingest   SQS queue `IngestQueue`, Output QueueUrl = Ref IngestQueue,
//            Export ingest-QueueUrl;
//            Lambda `Ingester` env SEARCH_TOPIC_ARN = Fn::ImportValue search-TopicArn
//   catalog  DynamoDB table `CatalogTable`, Output TableName = Ref CatalogTable,
//            Export catalog-TableName;
//            Lambda `Cataloguer` env INGEST_QUEUE_URL = Fn::ImportValue ingest-QueueUrl
//   search   SNS topic `IndexedTopic`, Output TopicArn = Ref IndexedTopic,
//            Export search-TopicArn;
//            Lambda `Indexer` env CATALOG_TABLE = Fn::ImportValue catalog-TableName
// None of the three can be deployed first into an empty environment.
//
// Expected: one LOCK009 finding, the cycle ingest -> catalog -> search -> ingest
// (catalog imports ingest-QueueUrl, search imports catalog-TableName, ingest imports
// search-TopicArn).
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
    // The back edge: ingest re-reads what search has indexed.
    fn(this, 'Ingester', { SEARCH_TOPIC_ARN: cdk.Fn.importValue('search-TopicArn') });
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
