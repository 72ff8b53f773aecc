// Case: LOCK010-invalid-export-name / fail / name-from-resource
//
// Stack `reports` (111111111111/us-east-1) computes export and import *names* from
// a resource attribute. CloudFormation needs both names before any resource exists:
// neither an Export Name nor the argument of Fn::ImportValue may use Ref or
// Fn::GetAtt of a resource, so the template is rejected when the stack is created.
// CDK accepts both at synth (it does not validate tokens in these positions;
// checked with aws-cdk-lib 2.276.0).
//   Output BucketOut      Value = GetAtt ReportsBucket4E7C5994.Arn,
//                         Export Name = Ref ReportsBucket4E7C5994 (bucket.bucketName)
//   Lambda `Publisher`    env FEED_URL = Fn::ImportValue
//   (PublisherF0355618)     Fn::Join ['-', ['x', Ref ReportsBucket4E7C5994]]
//
// Expected: two LOCK010 findings in stack `reports`: the export name of Output
// BucketOut depends on resource ReportsBucket4E7C5994 (Ref), and the Fn::ImportValue
// in resource PublisherF0355618 (AWS::Lambda::Function) has a name that depends on
// resource ReportsBucket4E7C5994 (Ref inside Fn::Join).
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3 = require('aws-cdk-lib/aws-s3');

class ReportsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'ReportsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
    new cdk.CfnOutput(this, 'BucketOut', {
      value: bucket.bucketArn,
      exportName: bucket.bucketName,
    });

    new lambda.Function(this, 'Publisher', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ feed: process.env.FEED_URL });'),
      environment: {
        FEED_URL: cdk.Fn.importValue(cdk.Fn.join('-', ['x', bucket.bucketName])),
      },
    });
  }
}

const app = new cdk.App();
new ReportsStack(app, 'reports', { env: { account: '111111111111', region: 'us-east-1' } });
