// ssm-typed-parameter with the fix cfnlint-lock prints applied: the worker stack reads the
// SSM parameters itself, so CloudFormation resolves them there and nothing crosses stacks.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const lambda = require('aws-cdk-lib/aws-lambda');
const ssm = require('aws-cdk-lib/aws-ssm');

class PlatformStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.imageTag = ssm.StringParameter.valueForStringParameter(this, '/platform/release/image-tag');
    this.amiId = ec2.MachineImage.latestAmazonLinux2023().getImage(this).imageId;
  }
}

class WorkerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    {
      const value = ssm.StringParameter.valueForStringParameter(
        this, '/platform/release/image-tag');
      new lambda.Function(this, 'Worker', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => {};'),
        environment: { IMAGE_TAG: value },
      });
    }
    {
      const value = ssm.StringParameter.valueForStringParameter(
        this, '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64');
      new ec2.CfnInstance(this, 'Bastion', { imageId: value, instanceType: 't3.micro' });
    }
  }
}

const app = new cdk.App();
new PlatformStack(app, 'platform');
new WorkerStack(app, 'worker');
