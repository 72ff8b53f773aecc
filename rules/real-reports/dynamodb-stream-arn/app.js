// Real report: aws-amplify/amplify-cli#4054 (and serverless-heaven/serverless-aws-alias#85):
// "Export …:GetAtt:ProductTable:StreamArn cannot be updated as it is in use by …".
// A table with a stream in one stack, a Lambda reading the stream in another: CDK exports
// the stream ARN, which ends in the stream's creation time, so turning the stream off and
// on or changing its view type (an in-place update of the table) changes the export.
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const sources = require('aws-cdk-lib/aws-lambda-event-sources');

class DataStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.orders = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
  }
}

class IndexerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const indexer = new lambda.Function(this, 'Indexer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    indexer.addEventSource(new sources.DynamoEventSource(props.orders, {
      startingPosition: lambda.StartingPosition.LATEST,
    }));
  }
}

const app = new cdk.App();
const data = new DataStack(app, 'data');
new IndexerStack(app, 'indexer', { orders: data.orders });
