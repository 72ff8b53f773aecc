// Case: LOCK011-replacement-prone-import / fail / api-resource-shared
//
// Producer stack `api`: a REST API with an `/orders` resource (`api.root.addResource`).
// Consumer stack `routes`: adds a GET method to `/orders` with an L1 `CfnMethod`, so CDK
// exports the resource's id from `api` and imports it into `routes`.
//
// An `AWS::ApiGateway::Resource` has only create-only properties (`ParentId`, `PathPart`,
// `RestApiId`): renaming the path or moving it replaces the resource, its id changes, and
// CloudFormation refuses to change the export while `routes` imports it.
//
// Imports:
//   api:ExportsOutputRefOrdersApi…           Ref AWS::ApiGateway::RestApi   (stable)
//   api:ExportsOutputRefOrdersApiorders…     Ref AWS::ApiGateway::Resource  (replacement-prone)
//
// Expected: one LOCK011 warning, for the resource id.
'use strict';
const cdk = require('aws-cdk-lib');
const apigateway = require('aws-cdk-lib/aws-apigateway');

/** The API and its resource tree. */
class ApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.api = new apigateway.RestApi(this, 'OrdersApi', { deploy: false });
    this.api.root.addMethod('GET', new apigateway.MockIntegration());
    this.orders = this.api.root.addResource('orders');
  }
}

/** Routes owned by another team, attached to the shared `/orders` resource. */
class RoutesStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { api } = props;
    new apigateway.CfnMethod(this, 'ListOrders', {
      restApiId: api.api.restApiId,
      resourceId: api.orders.resourceId,
      httpMethod: 'GET',
      authorizationType: 'NONE',
      integration: { type: 'MOCK' },
    });
  }
}

const app = new cdk.App();
const api = new ApiStack(app, 'api');
new RoutesStack(app, 'routes', { api });
