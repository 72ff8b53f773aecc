// Case: LOCK006-cross-environment-import / pass / same-region
//
// The fixed version of ../../fail/import-from-other-region: the consumer lives in the
// producer's environment, where the export is visible.
//   platform  111111111111/us-east-1  SNS topic `AlarmTopic`, Output TopicArn =
//                                     Ref AlarmTopic, Export platform-TopicArn
//   alerts    111111111111/us-east-1  SSM parameter /alerts/alarm-topic-arn with value
//                                     Fn::ImportValue platform-TopicArn
//
// Expected: no LOCK006 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const sns = require('aws-cdk-lib/aws-sns');
const ssm = require('aws-cdk-lib/aws-ssm');

const ENV = { account: '111111111111', region: 'us-east-1' };

/** Shared platform resources: the alarm topic, published under a well-known export name. */
class PlatformStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Platform alarms' });
    new cdk.CfnOutput(this, 'TopicArn', {
      value: topic.topicArn,
      description: 'ARN of the platform alarm topic',
      exportName: 'platform-TopicArn',
    });
  }
}

/** Regional alerting config: records the platform topic ARN in SSM. */
class RegionalAlertsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new ssm.StringParameter(this, 'AlarmTopicArnParam', {
      parameterName: '/alerts/alarm-topic-arn',
      stringValue: cdk.Fn.importValue('platform-TopicArn'),
      description: 'Where regional alarms are sent',
    });
  }
}

const app = new cdk.App();
new PlatformStack(app, 'platform', { env: ENV });
new RegionalAlertsStack(app, 'alerts', { env: ENV });
