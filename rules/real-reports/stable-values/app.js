// Values that never locked a deploy: names, ARNs and ids that stay the same for the life of
// the resource (a bucket, queue, function and alias ARN, table name, subnet, cluster, role).
// Sharing them across stacks must stay silent.
'use strict';
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3 = require('aws-cdk-lib/aws-s3');
const sqs = require('aws-cdk-lib/aws-sqs');

class SharedStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.bucket = new s3.Bucket(this, 'Uploads');
    this.queue = new sqs.Queue(this, 'Jobs');
    this.handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    this.alias = new lambda.Alias(this, 'Live', { aliasName: 'live', version: this.handler.currentVersion });
    this.table = new dynamodb.Table(this, 'Orders', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    this.subnet = new ec2.CfnSubnet(this, 'Private', { vpcId: this.vpc.ref, cidrBlock: '10.0.1.0/24' });
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: ec2.Vpc.fromVpcAttributes(this, 'ClusterVpc', {
      vpcId: this.vpc.ref, availabilityZones: ['us-east-1a'] }) });
    this.role = new iam.Role(this, 'Deployer', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  }
}

class AppStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { shared } = props;
    new lambda.Function(this, 'App', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      environment: {
        BUCKET: shared.bucket.bucketName,
        QUEUE_URL: shared.queue.queueUrl,
        HANDLER_ARN: shared.handler.functionArn,
        ALIAS_ARN: shared.alias.functionArn,
        TABLE: shared.table.tableName,
        SUBNET: shared.subnet.ref,
        CLUSTER: shared.cluster.clusterName,
        ROLE_ARN: shared.role.roleArn,
      },
    });
  }
}

const app = new cdk.App();
const shared = new SharedStack(app, 'shared');
new AppStack(app, 'app', { shared });
