// Case: LOCK001-revision-bearing-import / pass / incident-fixed
//
// The incident's fix (incident.md, steps 1-2), final state without the transitional
// export. Same two Stages/four stacks as ../../fail/incident, but:
//   - isol8-<env>-container writes the task-definition ARN into the SSM parameter
//     /isol8/<env>/openclaw-task-def-arn and shares the parameter object;
//   - isol8-<env>-service passes it as a container *secret*
//     (ecs.Secret.fromSsmParameter(param)), so ECS resolves it at task start; RunTask is
//     granted on the constant family pattern task-definition/isol8-<env>-openclaw:*.
// Cross-stack values left: Ref of the AWS::SSM::Parameter (= its name, constant) and the
// two task-definition role ARNs (GetAtt Role.Arn). Per environment:
//   isol8-<env>-container:ExportsOutputRefOpenclawTaskDefArn9032750852442FD8   (Ref AWS::SSM::Parameter)
//   isol8-<env>-container:ExportsOutputFnGetAttopenclawTaskDefTaskRole87B27684ArnDD5C0BD2
//   isol8-<env>-container:ExportsOutputFnGetAttopenclawTaskDefExecutionRole780944FBArn41977398
//
// Expected: no LOCK001 finding.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'fixed' });
