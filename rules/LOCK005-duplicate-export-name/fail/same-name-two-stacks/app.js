// Case: LOCK005-duplicate-export-name / fail / same-name-two-stacks
//
// Two teams each deploy their own network stack into the same environment
// (111111111111/us-east-1) and both copied the same CfnOutput:
//   payments-network  VPC `Vpc`, Output VpcIdOutput = Ref Vpc, Export shared-VpcId
//   search-network    VPC `Vpc`, Output VpcIdOutput = Ref Vpc, Export shared-VpcId
// Export names are unique per account and region: CDK synthesizes both templates
// without complaint, but whichever stack deploys second fails with
// "Export with name shared-VpcId is already exported by stack ...".
//
// Expected: one LOCK005 finding: export name `shared-VpcId` is declared by two stacks
// in 111111111111/us-east-1 (payments-network Output VpcIdOutput and search-network
// Output VpcIdOutput).
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

const ENV = { account: '111111111111', region: 'us-east-1' };

/** A small team VPC that publishes its id under a (supposedly) well-known export name. */
class NetworkStack extends cdk.Stack {
  // Fixed AZs: no context lookup for a stack with a concrete env.
  get availabilityZones() {
    return ['us-east-1a', 'us-east-1b'];
  }

  constructor(scope, id, props) {
    const { cidr, ...stackProps } = props;
    super(scope, id, stackProps);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      natGateways: 0,
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    new cdk.CfnOutput(this, 'VpcIdOutput', {
      value: vpc.vpcId,
      description: 'VPC id for application stacks',
      exportName: 'shared-VpcId',
    });
  }
}

const app = new cdk.App();
new NetworkStack(app, 'payments-network', { env: ENV, cidr: '10.10.0.0/16' });
new NetworkStack(app, 'search-network', { env: ENV, cidr: '10.20.0.0/16' });
