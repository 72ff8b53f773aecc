// rules/real-reports/dynamodb-stream-arn with a global secondary index added to the table:
// the table changes in place, its stream does not, so the exported stream ARN keeps its
// value. Checked against the deployed real-reports app: LOCK003 must stay silent (the
// digest of the table changes, but only `StreamSpecification` would change the ARN).
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
    this.orders.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING },
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
