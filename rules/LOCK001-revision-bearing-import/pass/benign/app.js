// Case: LOCK001-revision-bearing-import / pass / benign
//
// Producer stack `network`: a VPC (no NAT, 2 AZs, public + isolated subnets) and an S3
// bucket. Consumer stack `thumbnails`: a security group in the VPC and a VPC Lambda in
// the isolated subnets, with the bucket name in its environment and bucket.grantRead().
// Environment-agnostic stacks.
//
// Imports (all stable identifiers, none revision-bearing):
//   network:ExportsOutputRefVpc8378EB38272D6E3A                       Ref AWS::EC2::VPC
//   network:ExportsOutputRefVpcIsolatedSubnet1SubnetE48C57379FE391D3  Ref AWS::EC2::Subnet
//   network:ExportsOutputRefVpcIsolatedSubnet2Subnet16364B914643ED68  Ref AWS::EC2::Subnet
//   network:ExportsOutputRefUploads4F6EB0FDCD8CB653                   Ref AWS::S3::Bucket
//   network:ExportsOutputFnGetAttUploads4F6EB0FDArn5513CBEA           GetAtt Bucket.Arn
//
// Expected: no LOCK001 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3 = require('aws-cdk-lib/aws-s3');

/** Long-lived shared infrastructure: a VPC and an uploads bucket. */
class NetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { natGateways: 0, maxAzs: 2 });
    this.uploads = new s3.Bucket(this, 'Uploads', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
  }
}

/** An application stack that lives in the shared VPC and reads the shared bucket. */
class AppStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { network } = props;

    const sg = new ec2.SecurityGroup(this, 'WorkerSg', {
      vpc: network.vpc,
      description: 'thumbnail worker',
      allowAllOutbound: true,
    });

    const fn = new lambda.Function(this, 'Thumbnailer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (e) => ({ ok: true, bucket: process.env.UPLOADS_BUCKET });'),
      vpc: network.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [sg],
      environment: { UPLOADS_BUCKET: network.uploads.bucketName },
    });
    network.uploads.grantRead(fn);
  }
}

const app = new cdk.App();
const network = new NetworkStack(app, 'network');
new AppStack(app, 'thumbnails', { network });
