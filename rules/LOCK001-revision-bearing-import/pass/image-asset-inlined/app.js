// Case: LOCK001-revision-bearing-import / pass / image-asset-inlined
//
// Producer stack `images`: a DockerImageAsset from ./image. Consumer stack `workers` uses
// asset.imageUri directly (SSM parameter value and a container image). CDK does NOT
// create an export for this: imageUri is an Fn::Sub over pseudo parameters
// (AWS::AccountId, AWS::Region, AWS::URLSuffix) plus the literal asset hash, and CDK copies
// that expression into the consumer template. Compare ../../fail/container-image-asset.
//
// Expected: no import at all in this app (the "at least one import" rule for pass cases
// does not apply here), no LOCK001 finding.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const ecrAssets = require('aws-cdk-lib/aws-ecr-assets');
const ecs = require('aws-cdk-lib/aws-ecs');
const ssm = require('aws-cdk-lib/aws-ssm');

class ImageStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.workerImage = new ecrAssets.DockerImageAsset(this, 'WorkerImage', {
      directory: path.join(__dirname, 'image'),
    });
  }
}

class WorkerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { images } = props;
    new ssm.StringParameter(this, 'WorkerImageUri', {
      parameterName: '/workers/image-uri',
      stringValue: images.workerImage.imageUri,
    });
    const td = new ecs.FargateTaskDefinition(this, 'WorkerTaskDef');
    td.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry(images.workerImage.imageUri),
    });
  }
}

const app = new cdk.App();
const images = new ImageStack(app, 'images');
new WorkerStack(app, 'workers', { images });
