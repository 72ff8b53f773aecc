// Case: LOCK009-import-cycle / fail / two-stacks
//
// Two stacks in 111111111111/us-east-1 that import each other's exports by name
// (explicit export names and cdk.Fn.importValue, no CDK object references, so CDK
// sees no dependency between them and synth does not reject the cycle):
//   orders   DynamoDB table `OrdersTable`, Output TableName = Ref OrdersTable,
//            Export orders-TableName;
//            Lambda `OrderEvents` env BILLING_TOPIC_ARN = Fn::ImportValue billing-TopicArn
//   billing  SNS topic `InvoiceTopic`, Output TopicArn = Ref InvoiceTopic,
//            Export billing-TopicArn;
//            Lambda `Invoicer` env ORDERS_TABLE = Fn::ImportValue orders-TableName
// Neither stack can be deployed first from scratch: each import needs the other
// stack's export to exist already.
//
// Expected: one LOCK009 finding, the cycle orders -> billing -> orders
// (orders imports billing-TopicArn from billing; billing imports orders-TableName
// from orders).
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const sns = require('aws-cdk-lib/aws-sns');

const ENV = { account: '111111111111', region: 'us-east-1' };

const fn = (scope, id, environment) =>
  new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (e) => ({ ok: true });'),
    environment,
  });

class OrdersStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const table = new dynamodb.Table(this, 'OrdersTable', {
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    new cdk.CfnOutput(this, 'TableName', { value: table.tableName, exportName: 'orders-TableName' });
    fn(this, 'OrderEvents', { BILLING_TOPIC_ARN: cdk.Fn.importValue('billing-TopicArn') });
  }
}

class BillingStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const topic = new sns.Topic(this, 'InvoiceTopic');
    new cdk.CfnOutput(this, 'TopicArn', { value: topic.topicArn, exportName: 'billing-TopicArn' });
    fn(this, 'Invoicer', { ORDERS_TABLE: cdk.Fn.importValue('orders-TableName') });
  }
}

const app = new cdk.App();
new OrdersStack(app, 'orders', { env: ENV });
new BillingStack(app, 'billing', { env: ENV });
