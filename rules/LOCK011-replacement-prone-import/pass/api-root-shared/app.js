// Case: LOCK011-replacement-prone-import / pass / api-root-shared
//
// Producer stack `api`: a REST API. Consumer stack `routes`: adds a GET method on the
// API's root resource with an L1 `CfnMethod`, importing the API id (`Ref` of the
// `AWS::ApiGateway::RestApi`) and its root resource id (`RootResourceId`). A RestApi
// updates in place (its name, policy, binary media types, ... are mutable), so neither
// value changes on an ordinary change of the API.
//
// Expected: no LOCK011 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const apigateway = require('aws-cdk-lib/aws-apigateway');

/** The API. */
class ApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.api = new apigateway.RestApi(this, 'OrdersApi', { deploy: false });
    this.api.root.addMethod('OPTIONS', new apigateway.MockIntegration());
  }
}

/** Routes owned by another team, attached to the API's root. */
class RoutesStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { api } = props;
    new apigateway.CfnMethod(this, 'ListOrders', {
      restApiId: api.api.restApiId,
      resourceId: api.api.restApiRootResourceId,
      httpMethod: 'GET',
      authorizationType: 'NONE',
      integration: { type: 'MOCK' },
    });
  }
}

const app = new cdk.App();
const api = new ApiStack(app, 'api');
new RoutesStack(app, 'routes', { api });
