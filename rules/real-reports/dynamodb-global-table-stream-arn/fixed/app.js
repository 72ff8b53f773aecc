// dynamodb-global-table-stream-arn with the fix cfnlint-lock prints applied: the indexer stack looks
// the stream up itself, so only the table's name and ARN cross stacks.
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const cr = require('aws-cdk-lib/custom-resources');

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
    const orders = props.orders;
    const indexer = new lambda.Function(this, 'Indexer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    const streamLookup = new cr.AwsCustomResource(this, 'OrdersStream', {
      onUpdate: {
        service: 'DynamoDB',
        action: 'describeTable',
        parameters: { TableName: orders.tableName },
        physicalResourceId: cr.PhysicalResourceId.of(Date.now().toString()),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [orders.tableArn] }),
    });
    const streamArn = streamLookup.getResponseField('Table.LatestStreamArn');
    new lambda.EventSourceMapping(this, 'OrdersMapping', {
      target: indexer,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.LATEST,
    });
  }
}

const app = new cdk.App();
const data = new DataStack(app, 'data');
new IndexerStack(app, 'indexer', { orders: data.orders });
