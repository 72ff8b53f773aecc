// legacy-asset-parameters with the fix cfnlint-lock prints applied: the service stack
// stages the asset itself, so it has asset parameters of its own and imports nothing.
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
    const asset = new s3_assets.Asset(this, 'Asset', { path: path.join(__dirname, 'config') });
    new ssm.StringParameter(this, 'SettingsLocation', {
      parameterName: '/service/settings-location',
      stringValue: `s3://${asset.s3BucketName}/${asset.s3ObjectKey}`,
    });
  }
}

const app = new cdk.App();
new ConfigStack(app, 'config');
new ServiceStack(app, 'service');
