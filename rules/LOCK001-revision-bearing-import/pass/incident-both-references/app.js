// Case: LOCK001-revision-bearing-import / pass / incident-both-references
//
// The unchanged incident app (app.js identical to ../../fail/incident below this header),
// synthesized with cdk.json context "@aws-cdk/core:defaultCrossStackReferences": "both",
// the transitional strength for migrating strong -> weak: the container stack keeps the
// strong-side Export (isol8-<env>-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1,
// same as ../../fail/incident) AND adds a "Publish..." Output, while the service stack
// reads the value with Fn::GetStackOutput and no longer uses Fn::ImportValue.
//
// Expected: no LOCK001 finding (the revision-bearing export has no importer in the app).
// A deployed-state rule may note that the export can go once no deployed stack imports
// it; a lower-severity rule may note the weakly read revision-bearing value.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');

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
        // The line that caused the incident: a revision-bearing ARN crosses stacks.
        ECS_TASK_DEFINITION: container.openclawTaskDef.taskDefinitionArn,
      },
    });
    // ecs:RunTask on the OpenClaw task definition + iam:PassRole on its roles.
    container.openclawTaskDef.grantRun(backendTaskDef.taskRole);
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
