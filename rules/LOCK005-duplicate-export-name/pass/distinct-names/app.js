// Case: LOCK005-duplicate-export-name / pass / distinct-names
//
// The fixed version of ../../fail/same-name-two-stacks: every export name is unique
// within its account and region.
//   payments-network  111111111111/us-east-1  Output VpcIdOutput, Export shared-VpcId
//   search-network    111111111111/us-east-1  Output VpcIdOutput, Export search-VpcId
//   payments-network-eu 111111111111/eu-west-1 Output VpcIdOutput, Export shared-VpcId
// `shared-VpcId` appears twice, but in two regions: export names are scoped to an
// account and region, so the eu-west-1 stack may legitimately reuse it.
//
// Expected: no LOCK005 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

/** A small team VPC that publishes its id under the given export name. */
class NetworkStack extends cdk.Stack {
  // Fixed AZs: no context lookup for a stack with a concrete env.
  get availabilityZones() {
    return [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope, id, props) {
    const { cidr, exportName, ...stackProps } = props;
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
      exportName,
    });
  }
}

const app = new cdk.App();
new NetworkStack(app, 'payments-network', {
  env: { account: '111111111111', region: 'us-east-1' },
  cidr: '10.10.0.0/16',
  exportName: 'shared-VpcId',
});
new NetworkStack(app, 'search-network', {
  env: { account: '111111111111', region: 'us-east-1' },
  cidr: '10.20.0.0/16',
  exportName: 'search-VpcId',
});
new NetworkStack(app, 'payments-network-eu', {
  env: { account: '111111111111', region: 'eu-west-1' },
  cidr: '10.30.0.0/16',
  exportName: 'shared-VpcId',
});
