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
const { isol8App } = require(path.join(__dirname, '../../../../fixtures/apps/isol8.js'));

const versions = require(path.join(__dirname, 'openclaw-version.json'));

const app = new cdk.App();
isol8App(app, { versions, variant: 'fixed-transitional' });
