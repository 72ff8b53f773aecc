// Case: LOCK001-revision-bearing-import / fail / incident
//
// Faithful reproduction of the incident described in shared/docs/incident.md:
// two Stages `dev` and `prod` (env 111111111111/us-east-1), each with
//   isol8-<env>-container  FargateTaskDefinition `openclawTaskDef`, image
//                          ghcr.io/openclaw/openclaw:<tag>, tag from openclaw-version.json
//   isol8-<env>-service    VPC + cluster + backend Fargate service whose container env
//                          ECS_TASK_DEFINITION = container.openclawTaskDef.taskDefinitionArn,
//                          plus openclawTaskDef.grantRun() for the backend task role.
// CDK turns the cross-stack reference into an auto-named Output/Export in the container
// stack and Fn::ImportValue in the service stack. Ref of AWS::ECS::TaskDefinition is the
// ARN *with the revision*, so every tag bump changes the export value and CloudFormation
// refuses the update ("export ... is in use").
//
// Expected: one LOCK001 finding per environment (2 in total):
//   consumer isol8-<env>-service (artifacts devservice749B5B1F / prodserviceDAFAC32C in
//   cdk.out/assembly-<env>/)
//   imports isol8-<env>-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1
//   (producer Output ExportsOutputRefopenclawTaskDef0CCBC23B609205A1 = Ref openclawTaskDef0CCBC23B,
//   AWS::ECS::TaskDefinition), used in the backend task definition's Environment and in
//   the task role's ecs:RunTask policy. Suggest the SSM-parameter pattern (see
//   ../../pass/incident-fixed). The two role-ARN imports (Fn::GetAtt ...Role.Arn) are benign.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'original' });
