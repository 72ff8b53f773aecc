// Case: LOCK001-revision-bearing-import / pass / incident-fixed-transitional
//
// The incident's fix exactly as merged (incident.md, step 3): ../incident-fixed plus
// `this.exportValue(this.openclawTaskDef.taskDefinitionArn)` in the container stack, which
// keeps the old auto-generated export alive for one deploy:
//   isol8-<env>-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1
//   (Output ExportsOutputRefopenclawTaskDef0CCBC23B609205A1 = Ref openclawTaskDef0CCBC23B,
//   byte-identical to the export of ../../fail/incident)
// No stack in this app imports it any more; only the deployed (old) service stack does.
//
// Expected: no LOCK001 finding (a revision-bearing export that nothing in the app imports
// is not a lock). A rule comparing with the deployed state may note that the transitional
// export can be removed once no deployed stack imports it.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const ssm = require('aws-cdk-lib/aws-ssm');

const versions = require(path.join(__dirname, 'openclaw-version.json'));

/** Per-user OpenClaw container: one task definition, image tag from openclaw-version.json. */
class ContainerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { envName, imageTag } = props;

    this.openclawTaskDef = new ecs.FargateTaskDefinition(this, 'openclawTaskDef', {
      family: `isol8-${envName}-openclaw`,
      cpu: 512,
      memoryLimitMiB: 1024,
    });
    this.openclawTaskDef.addContainer('openclaw', {
      image: ecs.ContainerImage.fromRegistry(`ghcr.io/openclaw/openclaw:${imageTag}`),
      portMappings: [{ containerPort: 8080 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'openclaw' }),
      environment: { OPENCLAW_ENV: envName },
    });

    // The fix: publish the (revision-bearing) ARN through SSM on every deploy and
    // share the parameter, not the ARN. Only the parameter name crosses stacks.
    this.openclawTaskDefArnParam = new ssm.StringParameter(this, 'OpenclawTaskDefArn', {
      parameterName: `/isol8/${envName}/openclaw-task-def-arn`,
      stringValue: this.openclawTaskDef.taskDefinitionArn,
      description: 'Current revision of the OpenClaw task definition',
    });

    // Transition (remove once every environment has deployed the service stack
    // without its old Fn::ImportValue): keep the auto-generated export that the
    // deployed service stack still imports, so this deploy does not delete it.
    this.exportValue(this.openclawTaskDef.taskDefinitionArn);
  }
}

/** Backend service: launches per-user OpenClaw tasks, so it needs the task definition ARN. */
class ServiceStack extends cdk.Stack {
  // Fixed AZs: keeps `cdk synth` offline (no availability-zones context lookup).
  get availabilityZones() {
    return ['us-east-1a', 'us-east-1b'];
  }

  constructor(scope, id, props) {
    super(scope, id, props);
    const { envName, container } = props;

    const vpc = new ec2.Vpc(this, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, clusterName: `isol8-${envName}` });

    const backendTaskDef = new ecs.FargateTaskDefinition(this, 'BackendTaskDef', {
      cpu: 256,
      memoryLimitMiB: 512,
    });
    backendTaskDef.addContainer('backend', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:20-alpine'),
      portMappings: [{ containerPort: 3000 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'backend' }),
      environment: {
        ISOL8_ENV: envName,
        ECS_CLUSTER: cluster.clusterName,
      },
      // The fix: ECS resolves the parameter at task start, so a task refresh
      // always sees the current revision (also grants the execution role read).
      secrets: {
        ECS_TASK_DEFINITION: ecs.Secret.fromSsmParameter(container.openclawTaskDefArnParam),
      },
    });
    // ecs:RunTask on every revision of the OpenClaw family (a constant ARN pattern,
    // not the revision-bearing ARN) + iam:PassRole on its roles.
    backendTaskDef.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecs:RunTask'],
      resources: [this.formatArn({
        service: 'ecs',
        resource: 'task-definition',
        resourceName: `isol8-${envName}-openclaw:*`,
      })],
    }));
    backendTaskDef.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [
        container.openclawTaskDef.taskRole.roleArn,
        container.openclawTaskDef.executionRole.roleArn,
      ],
      conditions: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }));
    backendTaskDef.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
      resources: ['*'],
    }));

    new ecs.FargateService(this, 'Backend', {
      cluster,
      taskDefinition: backendTaskDef,
      desiredCount: 1,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
  }
}

class Isol8Stage extends cdk.Stage {
  constructor(scope, id, props) {
    super(scope, id, props);
    const envName = id;
    const container = new ContainerStack(this, 'container', {
      stackName: `isol8-${envName}-container`,
      envName,
      imageTag: versions[envName].tag,
    });
    new ServiceStack(this, 'service', {
      stackName: `isol8-${envName}-service`,
      envName,
      container,
    });
  }
}

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-1' };
new Isol8Stage(app, 'dev', { env });
new Isol8Stage(app, 'prod', { env });
