// The culprit: a stack exports the `Ref` of a template parameter of an SSM parameter type
// (`valueForStringParameter`, or the latest-AMI parameter behind
// `MachineImage.latestAmazonLinux2023()`). CloudFormation reads the SSM parameter again on
// every deploy, so the export changes whenever the parameter does, with no change to the
// template; the next deploy of the producer then fails while the value is imported.
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
    new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      environment: { IMAGE_TAG: props.imageTag },
    });
    new ec2.CfnInstance(this, 'Bastion', { imageId: props.amiId, instanceType: 't3.micro' });
  }
}

const app = new cdk.App();
const platform = new PlatformStack(app, 'platform');
new WorkerStack(app, 'worker', { imageTag: platform.imageTag, amiId: platform.amiId });
