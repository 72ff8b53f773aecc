// Case: LOCK001-revision-bearing-import / fail / container-image-asset
//
// Producer stack `images`: a DockerImageAsset built from ./image (cdk synth only hashes
// the directory; no docker needed). Its imageUri ends in the 64-hex asset hash, which
// changes with every change of the image sources.
// NB: a plain cross-stack use of asset.imageUri does NOT create an export (CDK inlines
// the Fn::Sub with pseudo parameters into the consumer; see ../../pass/image-asset-inlined).
// So this app shares it the way users do when they need an export: a named
// `this.exportValue(imageUri, { name })`, consumed through the returned Fn::ImportValue.
//
// Expected: 1 LOCK001 finding: consumer `workers` imports `images-WorkerImageUri`
// (producer Output ExportimagesWorkerImageUri, Value = Fn::Sub "...:<64-hex asset hash>")
// in an SSM parameter and in the worker task definition (Image and WORKER_IMAGE env var).
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
    // Share the image URI with other stacks through a named export; exportValue()
    // returns the matching Fn::ImportValue token for consumers to use.
    this.workerImageUri = this.exportValue(this.workerImage.imageUri, {
      name: 'images-WorkerImageUri',
      description: 'URI of the worker image in the CDK assets repository',
    });
  }
}

class WorkerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { images } = props;
    new ssm.StringParameter(this, 'WorkerImageUri', {
      parameterName: '/workers/image-uri',
      stringValue: images.workerImageUri,
    });
    const td = new ecs.FargateTaskDefinition(this, 'WorkerTaskDef');
    td.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry(images.workerImageUri),
      environment: { WORKER_IMAGE: images.workerImageUri },
    });
  }
}

const app = new cdk.App();
const images = new ImageStack(app, 'images');
const workers = new WorkerStack(app, 'workers', { images });
// Named exports carry no automatic dependency: declare it.
workers.addStackDependency(images, 'reads the images-WorkerImageUri export');
