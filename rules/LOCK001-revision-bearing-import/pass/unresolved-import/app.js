// Case: LOCK001-revision-bearing-import / pass / unresolved-import
//
// A single stack `bastion` (env 111111111111/us-east-1) imports an export that no stack
// in this app produces: Fn.importValue('shared-platform:VpcId') (deployed from another
// repository), used as a security group's VpcId and as an SSM parameter value.
//
// Expected: no LOCK001 finding (the producer is unknown, so nothing can be classified as
// revision-bearing); at most an informational note that the import is unresolved.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ssm = require('aws-cdk-lib/aws-ssm');

/** Uses exports of a platform stack that is deployed from another repository. */
class BastionStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    const vpcId = cdk.Fn.importValue('shared-platform:VpcId');

    const sg = new ec2.CfnSecurityGroup(this, 'BastionSg', {
      groupDescription: 'bastion access',
      vpcId,
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '10.0.0.0/8' }],
    });

    new ssm.StringParameter(this, 'BastionVpcId', {
      parameterName: '/bastion/vpc-id',
      stringValue: vpcId,
    });
    new ssm.StringParameter(this, 'BastionSgId', {
      parameterName: '/bastion/security-group-id',
      stringValue: sg.attrGroupId,
    });
  }
}

const app = new cdk.App();
new BastionStack(app, 'bastion', {
  env: { account: '111111111111', region: 'us-east-1' },
});
