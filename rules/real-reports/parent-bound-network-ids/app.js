// Network ids shared the way Copilot's environment stack shares them: a route table and a
// network ACL are replaced only with their VPC, so importing their ids does not lock
// anything the changes people make would change. A DHCP option set is different: its own
// settings (`DomainNameServers`, …) are create-only, so a new DNS server replaces it, and
// LOCK011 keeps warning about it.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

class NetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    this.routeTable = new ec2.CfnRouteTable(this, 'PrivateRoutes', { vpcId: this.vpc.ref });
    this.networkAcl = new ec2.CfnNetworkAcl(this, 'PrivateAcl', { vpcId: this.vpc.ref });
    this.dhcpOptions = new ec2.CfnDHCPOptions(this, 'Dns', { domainNameServers: ['AmazonProvidedDNS'] });
  }
}

class PeeringStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const peering = new ec2.CfnVPCPeeringConnection(this, 'ToShared', {
      vpcId: props.network.vpc.ref,
      peerVpcId: 'vpc-0123456789abcdef0',
    });
    new ec2.CfnRoute(this, 'ToSharedRoute', {
      routeTableId: props.network.routeTable.ref,
      destinationCidrBlock: '10.20.0.0/16',
      vpcPeeringConnectionId: peering.ref,
    });
    new ec2.CfnNetworkAclEntry(this, 'FromShared', {
      networkAclId: props.network.networkAcl.ref,
      ruleNumber: 100,
      protocol: -1,
      ruleAction: 'allow',
      cidrBlock: '10.20.0.0/16',
    });
    new ec2.CfnVPCDHCPOptionsAssociation(this, 'DnsAssociation', {
      vpcId: props.network.vpc.ref,
      dhcpOptionsId: props.network.dhcpOptions.ref,
    });
  }
}

const app = new cdk.App();
const network = new NetworkStack(app, 'network');
new PeeringStack(app, 'peering', { network });
