// Classic: a Step Functions version ARN (`…:stateMachine:name:N`) shared with another
// stack: every definition change publishes version N+1.
'use strict';
const cdk = require('aws-cdk-lib');
const sfn = require('aws-cdk-lib/aws-stepfunctions');

class WorkflowStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const machine = new sfn.StateMachine(this, 'Checkout', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Start')),
    });
    this.version = new sfn.CfnStateMachineVersion(this, 'CheckoutVersion', { stateMachineArn: machine.stateMachineArn });
  }
}

class ReleaseStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new sfn.CfnStateMachineAlias(this, 'Live', {
      name: 'live',
      routingConfiguration: [{ stateMachineVersionArn: props.version.attrArn, weight: 100 }],
    });
  }
}

const app = new cdk.App();
const workflow = new WorkflowStack(app, 'workflow');
new ReleaseStack(app, 'release', { version: workflow.version });
