// Case: LOCK013-dangling-weak-reference / fail / output-dropped
//
// Phase pair "weak deployed -> output dropped". Deployed: the weak-mode storage/reports app of
// rules/LOCK012-stale-weak-reference/pass/stable-value-weak (reports reads the bucket name, the
// table name and the table ARN through Fn::GetStackOutput). New: the same app, but reports no
// longer uses the table, so CDK stops generating storage's PublishOutput... Outputs of the
// table name and ARN, while the deployed reports stack still reads them.
//
// Expected: LOCK013 (a warning: the new reports stack no longer reads them, but until it is
// deployed it holds values of a table the storage stack may have deleted).
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
      environment: { BUCKET: storage.bucket.bucketName },
    });
    storage.bucket.grantWrite(fn);
  }
}

const app = new cdk.App();
const storage = new StorageStack(app, 'storage', { env });
new ReportsStack(app, 'reports', { env, storage });
