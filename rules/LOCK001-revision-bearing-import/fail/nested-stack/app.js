// Case: LOCK001-revision-bearing-import / fail / nested-stack
//
// Top-level stack `platform` holds a log group and a NestedStack `Workers` with a
// FargateTaskDefinition whose container logs to the parent's log group (so the nested
// stack gets `referencetoplatformWorkerLogs05118FD6Ref/Arn` parameters). The sibling
// top-level stack `scheduler` passes workers.taskDef.taskDefinitionArn to a Lambda env var
// and calls taskDef.grantRun(fn). CDK routes the reference
//   nested Output platformWorkersWorkerTaskDef3100989BRef (= Ref WorkerTaskDef3CFCC8D9)
//   -> parent Fn::GetAtt [WorkersNestedStackWorkersNestedStackResourceCEAEF017,
//                         Outputs.platformWorkersWorkerTaskDef3100989BRef]
//   -> parent export -> Fn::ImportValue in `scheduler`.
// The nested template is cdk.out/platformWorkers4A81D16F.nested.template.json.
//
// Expected: 1 LOCK001 finding: consumer `scheduler` imports
//   platform:ExportsOutputFnGetAttWorkersNestedStackWorkersNestedStackResourceCEAEF017OutputsplatformWorkersWorkerTaskDef3100989BRefA3633BBA
// (producer Output with that logical id in `platform`, resolved through the nested
// stack to Ref of AWS::ECS::TaskDefinition WorkerTaskDef3CFCC8D9). The two role-ARN
// imports that grantRun adds (...TaskRole...Arn, ...ExecutionRole...Arn) are benign.
'use strict';
const cdk = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');

/** Nested stack with the worker task definition; logs go to the parent's log group. */
class WorkersNestedStack extends cdk.NestedStack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.taskDef = new ecs.FargateTaskDefinition(this, 'WorkerTaskDef', {
      family: 'platform-worker',
      cpu: 256,
      memoryLimitMiB: 512,
    });
    this.taskDef.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      command: ['sh', '-c', 'echo working; sleep 30'],
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: 'worker' }),
    });
  }
}

/** Top-level platform stack: shared log group + the workers nested stack. */
class PlatformStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.logGroup = new logs.LogGroup(this, 'WorkerLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
    });
    this.workers = new WorkersNestedStack(this, 'Workers', { logGroup: this.logGroup });
  }
}

/** Sibling top-level stack: a scheduler Lambda that starts worker tasks. */
class SchedulerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { platform } = props;
    const fn = new lambda.Function(this, 'Scheduler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        "exports.handler = async () => ({ taskDefinition: process.env.WORKER_TASK_DEFINITION });",
      ),
      environment: {
        WORKER_TASK_DEFINITION: platform.workers.taskDef.taskDefinitionArn,
      },
    });
    platform.workers.taskDef.grantRun(fn);
  }
}

const app = new cdk.App();
const platform = new PlatformStack(app, 'platform');
new SchedulerStack(app, 'scheduler', { platform });
