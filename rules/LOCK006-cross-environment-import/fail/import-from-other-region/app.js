// Case: LOCK006-cross-environment-import / fail / import-from-other-region
//
// A platform stack publishes its alarm topic under an explicit export name, and two
// consumer stacks in *other* environments import it by name with Fn::ImportValue:
//   platform        111111111111/us-east-1  SNS topic `AlarmTopic`,
//                                           Output TopicArn = Ref AlarmTopic,
//                                           Export platform-TopicArn
//   alerts-eu       111111111111/eu-west-1  SSM parameter /alerts/alarm-topic-arn with
//                                           value Fn::ImportValue platform-TopicArn
//                                           (same account, other region)
//   alerts-partner  222222222222/us-east-1  Lambda `Notifier` with environment
//                                           ALARM_TOPIC_ARN = Fn::ImportValue platform-TopicArn
//                                           (other account, same region)
// Exports are visible only within one account and region, so both imports can never
// resolve: the deploy of either consumer fails ("No export named platform-TopicArn
// found"). CDK cannot see this (the import is a plain string name), so synth succeeds.
//
// Expected: two LOCK006 findings, both on the import of platform-TopicArn, which is
// exported only by stack `platform` in 111111111111/us-east-1:
//   alerts-eu      (111111111111/eu-west-1)  resource AlarmTopicArnParam080FDAB1 (AWS::SSM::Parameter)
//   alerts-partner (222222222222/us-east-1)  resource NotifierDFD80165 (AWS::Lambda::Function)
'use strict';
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const sns = require('aws-cdk-lib/aws-sns');
const ssm = require('aws-cdk-lib/aws-ssm');

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

/** A partner account's notifier that forwards to the platform topic. */
class PartnerAlertsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new lambda.Function(this, 'Notifier', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ topic: process.env.ALARM_TOPIC_ARN });'),
      environment: { ALARM_TOPIC_ARN: cdk.Fn.importValue('platform-TopicArn') },
    });
  }
}

const app = new cdk.App();
new PlatformStack(app, 'platform', { env: { account: '111111111111', region: 'us-east-1' } });
new RegionalAlertsStack(app, 'alerts-eu', { env: { account: '111111111111', region: 'eu-west-1' } });
new PartnerAlertsStack(app, 'alerts-partner', { env: { account: '222222222222', region: 'us-east-1' } });
