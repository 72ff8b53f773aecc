// The task definition family cut out of its ARN with Fn::Split/Fn::Select does not carry
// the revision, so importing it does not lock; `family:revision`, cut out the same way,
// still does. (Importing the family lets a consumer run `family` = the latest ACTIVE
// revision, e.g. from an EventBridge rule or a Step Functions task.)
'use strict';
const cdk = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const ssm = require('aws-cdk-lib/aws-ssm');

class TasksStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const report = new ecs.FargateTaskDefinition(this, 'Report');
    report.addContainer('report', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36') });
    const arn = report.taskDefinitionArn;
    // arn:aws:ecs:region:account:task-definition/report:7 → `task-definition/report` → `report`
    const family = cdk.Fn.select(1, cdk.Fn.split('/', cdk.Fn.select(5, cdk.Fn.split(':', arn))));
    new cdk.CfnOutput(this, 'ReportFamily', { value: family, exportName: 'tasks-report-family' });
    // → `report:7`: the revision is still in it.
    const familyAndRevision = cdk.Fn.select(1, cdk.Fn.split('/', arn));
    new cdk.CfnOutput(this, 'ReportRevision', { value: familyAndRevision, exportName: 'tasks-report-revision' });
  }
}

class SchedulerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new ssm.StringParameter(this, 'Family', {
      parameterName: '/scheduler/report-family',
      stringValue: cdk.Fn.importValue('tasks-report-family'),
    });
    new ssm.StringParameter(this, 'Revision', {
      parameterName: '/scheduler/report-revision',
      stringValue: cdk.Fn.importValue('tasks-report-revision'),
    });
  }
}

const app = new cdk.App();
const tasks = new TasksStack(app, 'tasks');
new SchedulerStack(app, 'scheduler').addStackDependency(tasks);
