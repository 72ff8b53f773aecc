// Case: LOCK012-stale-weak-reference / pass / stable-value-weak
//
// A benign weak reference: cdk.json sets "@aws-cdk/core:defaultCrossStackReferences" to
// "weak", and the consumer reads only values that no ordinary deploy changes.
//
// Producer stack `storage`: an S3 bucket and a DynamoDB table. Consumer stack `reports`: a
// function whose environment holds the bucket name and the table name, and which may read
// both (grants name the bucket and table ARNs). Every one of those crosses as
// Fn::GetStackOutput of a plain "Publish..." Output.
//
// Expected: no LOCK012 (nothing revision-bearing is read weakly).
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3 = require('aws-cdk-lib/aws-s3');

const env = { account: '111111111111', region: 'us-east-1' };

class StorageStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.bucket = new s3.Bucket(this, 'Reports');
    this.table = new dynamodb.Table(this, 'Runs', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
  }
}

class ReportsStack extends cdk.Stack {
  constructor(scope, id, props) {
    const { storage, ...rest } = props;
    super(scope, id, rest);
    const fn = new lambda.Function(this, 'Writer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
      environment: { BUCKET: storage.bucket.bucketName, TABLE: storage.table.tableName },
    });
    storage.bucket.grantWrite(fn);
    storage.table.grantReadWriteData(fn);
  }
}

const app = new cdk.App();
const storage = new StorageStack(app, 'storage', { env });
new ReportsStack(app, 'reports', { env, storage });
