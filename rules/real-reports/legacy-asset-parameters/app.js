// Real report: aws/aws-cdk#25458 ("assets consumed from other stack lead to x-stack
// references"; also aws/aws-cdk#23879). With the legacy synthesizer (CDK v1's only one,
// still in aws-cdk-lib as LegacyStackSynthesizer) an asset's location is a pair of template
// parameters named after the asset hash, `AssetParameters<hash>S3Bucket…` and
// `…S3VersionKey…`; a stack that reads the asset of another imports their `Ref`s, and the
// next change to the asset changes the exports.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const s3_assets = require('aws-cdk-lib/aws-s3-assets');
const ssm = require('aws-cdk-lib/aws-ssm');

class ConfigStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, { ...props, synthesizer: new cdk.LegacyStackSynthesizer() });
    this.settings = new s3_assets.Asset(this, 'Settings', { path: path.join(__dirname, 'config') });
  }
}

class ServiceStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, { ...props, synthesizer: new cdk.LegacyStackSynthesizer() });
    new ssm.StringParameter(this, 'SettingsLocation', {
      parameterName: '/service/settings-location',
      stringValue: `s3://${props.settings.s3BucketName}/${props.settings.s3ObjectKey}`,
    });
  }
}

const app = new cdk.App();
const config = new ConfigStack(app, 'config');
new ServiceStack(app, 'service', { settings: config.settings });
