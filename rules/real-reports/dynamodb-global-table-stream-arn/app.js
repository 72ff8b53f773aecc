// The same culprit as aws-amplify/amplify-cli#4054 on a global table (TableV2 →
// AWS::DynamoDB::GlobalTable): its StreamArn ends in the stream's creation time too.
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');

class DataStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.orders = new dynamodb.TableV2(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
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
    new lambda.EventSourceMapping(this, 'OrdersStream', {
      target: indexer,
      eventSourceArn: props.orders.tableStreamArn,
      startingPosition: lambda.StartingPosition.LATEST,
    });
  }
}

const app = new cdk.App();
const data = new DataStack(app, 'data');
new IndexerStack(app, 'indexer', { orders: data.orders });
