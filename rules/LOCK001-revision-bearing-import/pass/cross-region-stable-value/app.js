// Case: LOCK001-revision-bearing-import / pass / cross-region-stable-value
//
// Same shape as ../../fail/cross-region-reference, but the value that crosses regions
// is stable: an SNS topic ARN. Same account 111111111111:
//   platform  us-east-1  SNS topic `AlarmTopic`
//   alerts    eu-west-1  SSM parameter /alerts/alarm-topic-arn whose value is
//                        platform.alarmTopic.topicArn, crossRegionReferences: true
// CDK generates (no Outputs, no Fn::ImportValue):
//   platform  ExportsWritereuwest142AF533A3E3B99E4 (Custom::CrossRegionExportWriter),
//             WriterProps.region eu-west-1, WriterProps.exports
//             {"/cdk/exports/alerts/platformuseast1RefAlarmTopicD01E77F9B0323223":
//              {"Ref": "AlarmTopicD01E77F9"}}   (AWS::SNS::Topic: Ref is the topic ARN,
//                                               fixed for the topic's lifetime)
//   alerts    ExportsReader8B249524 (Custom::CrossRegionExportReader), ReaderProps.imports
//             has the same parameter name; AlarmTopicArnParam080FDAB1 (AWS::SSM::Parameter)
//             Value = Fn::GetAtt [ExportsReader8B249524, <parameter name>]
//
// Expected: no LOCK001 finding.
'use strict';
const cdk = require('aws-cdk-lib');
const sns = require('aws-cdk-lib/aws-sns');
const ssm = require('aws-cdk-lib/aws-ssm');

const ACCOUNT = '111111111111';

/** Shared platform resources in the primary region. */
class PlatformStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Platform alarms' });
  }
}

/** Regional alerting config in another region. */
class AlertsStack extends cdk.Stack {
  constructor(scope, id, props) {
    const { platform, ...stackProps } = props;
    super(scope, id, stackProps);
    new ssm.StringParameter(this, 'AlarmTopicArnParam', {
      parameterName: '/alerts/alarm-topic-arn',
      stringValue: platform.alarmTopic.topicArn,
    });
  }
}

const app = new cdk.App();
const platform = new PlatformStack(app, 'platform', {
  env: { account: ACCOUNT, region: 'us-east-1' },
});
new AlertsStack(app, 'alerts', {
  env: { account: ACCOUNT, region: 'eu-west-1' },
  crossRegionReferences: true,
  platform,
});
