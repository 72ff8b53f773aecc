// Classic: a launch template's latest version number shared with another stack: every
// change to the template's data creates version N+1 in place. Its id does not change.
'use strict';
const cdk = require('aws-cdk-lib');
const autoscaling = require('aws-cdk-lib/aws-autoscaling');
const ec2 = require('aws-cdk-lib/aws-ec2');

const env = { account: '111111111111', region: 'us-east-1' };

class ComputeStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.template = new ec2.LaunchTemplate(this, 'Workers', {
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' }),
      instanceType: new ec2.InstanceType('t3.micro'),
    });
  }
}

class FleetStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new autoscaling.CfnAutoScalingGroup(this, 'Fleet', {
      minSize: '1',
      maxSize: '2',
      availabilityZones: ['us-east-1a'],
      launchTemplate: {
        launchTemplateId: props.template.launchTemplateId,
        version: props.template.latestVersionNumber,
      },
    });
  }
}

const app = new cdk.App();
const compute = new ComputeStack(app, 'compute', { env });
new FleetStack(app, 'fleet', { env, template: compute.template });
