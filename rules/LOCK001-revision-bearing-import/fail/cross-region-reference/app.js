// Case: LOCK001-revision-bearing-import / fail / cross-region-reference
//
// The task-definition ARN crosses regions through CDK's cross-region references
// (crossRegionReferences: true on the consumer), same account 111111111111:
//   container  us-east-1  FargateTaskDefinition `taskDef` (image from registry)
//   scheduler  eu-west-1  SSM parameter /scheduler/worker-task-def-arn whose value is
//                         container.taskDef.taskDefinitionArn, crossRegionReferences: true
// CDK writes the value into an SSM parameter in eu-west-1 through a
// Custom::CrossRegionExportWriter in `container` and reads it back through a
// Custom::CrossRegionExportReader in `scheduler` (no Outputs, no Fn::ImportValue):
//   container  ExportsWritereuwest142AF533A3E3B99E4  WriterProps.region eu-west-1,
//              WriterProps.exports {"/cdk/exports/scheduler/containeruseast1ReftaskDef43A87EA072873E94":
//                                   {"Ref": "taskDef43A87EA0"}}   (AWS::ECS::TaskDefinition)
//   scheduler  ExportsReader8B249524  ReaderProps.imports has the same parameter name
//              (-> "{{resolve:ssm:<name>}}"); WorkerTaskDefArn8E5A8CF2 (AWS::SSM::Parameter)
//              Value = Fn::GetAtt [ExportsReader8B249524, <parameter name>]
// Ref of an AWS::ECS::TaskDefinition is the ARN *with the revision*: every image or
// config change mints a new revision and changes the exported value. Older aws-cdk-lib
// writers then fail the `container` deploy ("Exports cannot be updated ... is in use",
// the Fn::ImportValue failure mode); the writer handler shipped with the pinned 2.276.0
// only writes parameter names that are new and deletes removed ones, so the changed ARN
// is never written and `scheduler` keeps reading the ARN of a stale revision.
//
// Expected: one LOCK001 finding: `scheduler` (eu-west-1) imports
// /cdk/exports/scheduler/containeruseast1ReftaskDef43A87EA072873E94 = Ref taskDef43A87EA0,
// the AWS::ECS::TaskDefinition of `container` (us-east-1), a revision-bearing value,
// used in WorkerTaskDefArn8E5A8CF2.
'use strict';
const cdk = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const ssm = require('aws-cdk-lib/aws-ssm');

const ACCOUNT = '111111111111';

/** The worker container definition, deployed in the primary region. */
class ContainerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.taskDef = new ecs.FargateTaskDefinition(this, 'taskDef', {
      family: 'batch-worker',
      cpu: 256,
      memoryLimitMiB: 512,
    });
    this.taskDef.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker' }),
    });
  }
}

/** A scheduler in another region that needs to know which task definition to run. */
class SchedulerStack extends cdk.Stack {
  constructor(scope, id, props) {
    const { container, ...stackProps } = props;
    super(scope, id, stackProps);
    new ssm.StringParameter(this, 'WorkerTaskDefArn', {
      parameterName: '/scheduler/worker-task-def-arn',
      stringValue: container.taskDef.taskDefinitionArn,
    });
  }
}

const app = new cdk.App();
const container = new ContainerStack(app, 'container', {
  env: { account: ACCOUNT, region: 'us-east-1' },
});
new SchedulerStack(app, 'scheduler', {
  env: { account: ACCOUNT, region: 'eu-west-1' },
  crossRegionReferences: true,
  container,
});
