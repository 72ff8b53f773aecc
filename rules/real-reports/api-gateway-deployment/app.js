// Classic: an API Gateway deployment id shared with another stack. CDK gives the
// deployment a new logical id (a hash of the API model) on every API change, so the
// deployment is replaced and the exported id changes.
'use strict';
const cdk = require('aws-cdk-lib');
const apigateway = require('aws-cdk-lib/aws-apigateway');

class ApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.api = new apigateway.RestApi(this, 'Orders');
    this.api.root.addMethod('GET', new apigateway.MockIntegration());
  }
}

class CanaryStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new apigateway.CfnStage(this, 'Canary', {
      restApiId: props.api.restApiId,
      deploymentId: props.api.latestDeployment.deploymentId,
      stageName: 'canary',
    });
  }
}

const app = new cdk.App();
const api = new ApiStack(app, 'api');
new CanaryStack(app, 'canary', { api: api.api });
