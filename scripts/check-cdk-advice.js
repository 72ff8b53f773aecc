// Checks the CDK fixes cfnlint-lock prints against the aws-cdk-lib and aws-cdk CLI pinned in
// fixtures/node (run by scripts/check-cdk-advice.sh, which passes the binary's path).
//
//  1. Every API, context key and enum member a help text names exists in the installed
//     aws-cdk-lib (every `help` of the LOCK001, LOCK002, LOCK011, LOCK012 and LOCK013 fixtures).
//  2. The printed snippets run: the incident's fixes (container secret, IAM family-wide
//     ARN) and the deploy-time form are pasted into a real app of the incident's shape and
//     synthesized, and the templates show what the help claims: no cross-stack reference
//     of the task definition is left; the secret is a `Secrets[].ValueFrom` (read by ECS at
//     task start); the policy names `task-definition/<family>:*`; `valueForStringParameter`
//     is an `AWS::SSM::Parameter::Value<String>` parameter, resolved at deploy, with no
//     stack dependency on the producer; the weak context key gives `Fn::GetStackOutput`.
//  3. The CLI's `canSkipDeploy` forces a deploy for SSM-typed parameters and not for weak
//     references (what LOCK012's docs and the advice say).
//  4. Names are escaped: an assembly whose stack names hold quotes, backslashes, line
//     breaks, `${` and U+2028 gets a fix whose literals evaluate to exactly those names.
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const repo = path.resolve(__dirname, '..');
const bin = process.argv[2];
const cdk = require('aws-cdk-lib');
const cxapi = require('aws-cdk-lib/cx-api');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const ssm = require('aws-cdk-lib/aws-ssm');
const modules = { cdk, ecs, iam, ssm };
// Every synthesized assembly goes here, removed at the end.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cfnlint-lock-advice-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
let apps = 0;
/** A CDK app writing its assembly under `scratch`. */
const newApp = (context = {}) => new cdk.App({
  outdir: path.join(scratch, `app${apps++}`),
  context: { 'aws:cdk:disable-creation-stack-traces': true, ...context },
});

/** The JSON report of cfnlint-lock on `paths` (exit 1: findings). */
function report(paths, extra = []) {
  let out;
  try {
    out = execFileSync(bin, ['--format', 'json', ...extra, ...paths], { cwd: repo, encoding: 'utf8' });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out).findings;
}

/** The fixture PATHs of a case (its own cdk.out, or its case.yaml `paths`/`baseline`). */
function caseArgs(dir) {
  const file = path.join(dir, 'case.yaml');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const list = (key) => ((text.match(new RegExp(`^${key}: \\[(.*)\\]`, 'm')) || [])[1] || '')
    .split(',').map((s) => s.trim()).filter(Boolean).map((p) => path.relative(repo, path.resolve(dir, p)));
  const own = ['cdk.out', 'templates'].map((d) => path.join(dir, d)).filter((d) => fs.existsSync(d));
  const paths = list('paths').length ? list('paths') : own.map((d) => path.relative(repo, d));
  return [...paths, ...list('baseline').flatMap((b) => ['--baseline', b])];
}

// --- 1. every name in every help exists ---------------------------------------------
const helps = [];
for (const rule of fs.readdirSync(path.join(repo, 'rules')).filter((r) => /^LOCK0(01|02|11|12|13)-/.test(r))) {
  const fail = path.join(repo, 'rules', rule, 'fail');
  for (const c of fs.readdirSync(fail)) {
    for (const f of report(caseArgs(path.join(fail, c)))) helps.push({ where: `${rule}/${c}`, help: f.help });
  }
}
assert(helps.length > 20, `too few helps: ${helps.length}`);
const flagKeys = new Set([...Object.keys(cxapi.FLAGS), ...Object.values(cxapi).filter((v) => typeof v === 'string')]);
let named = 0;
for (const { where, help } of helps) {
  for (const [, ns, cls, member] of help.matchAll(/\b(ssm|ecs|iam)\.(\w+)\.(\w+)\(/g)) {
    assert.strictEqual(typeof modules[ns][cls]?.[member], 'function', `${where}: ${ns}.${cls}.${member} is not in aws-cdk-lib`);
    named++;
  }
  for (const [key] of help.matchAll(/@aws-cdk\/[\w-]+:\w+/g)) {
    assert(flagKeys.has(key), `${where}: context key ${key} is not in aws-cdk-lib`);
    named++;
  }
  if (help.includes('Stack.of(this).formatArn(')) assert.strictEqual(typeof cdk.Stack.prototype.formatArn, 'function');
  for (const [, cls] of help.matchAll(/new cdk\.(\w+)\(/g)) {
    assert.strictEqual(typeof cdk[cls], 'function', `${where}: cdk.${cls} is not in aws-cdk-lib`);
    named++;
  }
  if (help.includes('.overrideLogicalId(')) assert.strictEqual(typeof cdk.CfnOutput.prototype.overrideLogicalId, 'function');
  if (help.includes('this.exportValue(')) assert.strictEqual(typeof cdk.Stack.prototype.exportValue, 'function');
  assert(!/make the reference weak|crossStackReferenceStrength/.test(help), `${where}: advises a weak reference`);
}
assert.strictEqual(cxapi.DEFAULT_CROSS_STACK_REFERENCES, '@aws-cdk/core:defaultCrossStackReferences');
assert.deepStrictEqual(Object.values(cdk.ReferenceStrength).sort(), ['both', 'strong', 'weak']);
assert.strictEqual(typeof cdk.Stack.consumeReference, 'function');
console.log(`check-cdk-advice: ${helps.length} help texts name ${named} APIs and context keys, all in aws-cdk-lib`);

// --- 2. the incident's printed fixes, pasted into a real app ---------------------------
/** The code lines of a help (two-space indented), split at its `// in '<stack>'` lines. */
function snippets(help) {
  const parts = {};
  let current = null;
  for (const line of help.split('\n')) {
    const m = line.match(/^ {2}\/\/ in '([^']*)'/);
    if (m) { current = m[1]; parts[current] = []; continue; }
    if (current && line.startsWith('  ')) parts[current].push(line.slice(2));
    else current = null;
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.join('\n')]));
}

const incident = report(['rules/LOCK001-revision-bearing-import/fail/incident/cdk.out'])
  .filter((f) => f.code === 'LOCK001' && f.consumer.stack === 'isol8-dev-service');
const secretFix = snippets(incident.find((f) => f.consumer.logical_id.startsWith('BackendTaskDef') && !f.consumer.logical_id.includes('Policy')).help);
const policyFix = snippets(incident.find((f) => f.consumer.logical_id.includes('DefaultPolicy')).help);
const deployTimeFix = snippets(report(['rules/packs/cases/platform-release/cdk.out', '--rules', 'rules/packs/examples/revision-bearing.yaml'])
  .find((f) => f.code === 'LOCK001').help);

/** Synthesizes producer + consumer stacks; `build(producer, consumer)` pastes the fix. */
function synth(build, context = {}) {
  const app = newApp(context);
  const env = { account: '111111111111', region: 'us-east-1' };
  const producer = new cdk.Stack(app, 'container', { env, stackName: 'isol8-dev-container' });
  const openclawTaskDef = new ecs.FargateTaskDefinition(producer, 'openclawTaskDef', { family: 'isol8-dev-openclaw' });
  openclawTaskDef.addContainer('openclaw', { image: ecs.ContainerImage.fromRegistry('openclaw:1') });
  const consumer = new cdk.Stack(app, 'service', { env, stackName: 'isol8-dev-service' });
  const backend = new ecs.FargateTaskDefinition(consumer, 'BackendTaskDef');
  build({ producer, consumer, openclawTaskDef, backend });
  const assembly = app.synth();
  const stack = (name) => assembly.getStackByName(name);
  return { producer: stack('isol8-dev-container'), consumer: stack('isol8-dev-service') };
}
/** Runs printed code with `this` and the names it uses bound. */
function run(code, self, names) {
  return new Function('ssm', 'ecs', 'iam', 'Stack', ...Object.keys(names), code).call(self, ssm, ecs, iam, cdk.Stack, ...Object.values(names));
}
const crossStack = (t) => /Fn::ImportValue|Fn::GetStackOutput/.test(JSON.stringify(t));

// The container-secret fix: ECS reads the parameter when a task starts.
let out = synth(({ producer, consumer, openclawTaskDef, backend }) => {
  run(secretFix['isol8-dev-container'], producer, { openclawTaskDef });
  const [declaration, property] = secretFix['isol8-dev-service'].split('\n');
  const props = run(`${declaration}\nreturn {${property}};`, consumer, {});
  backend.addContainer('backend', { image: ecs.ContainerImage.fromRegistry('node:20'), ...props });
});
const param = Object.values(out.producer.template.Resources).find((r) => r.Type === 'AWS::SSM::Parameter');
assert.deepStrictEqual(param.Properties.Value, { Ref: 'openclawTaskDef0CCBC23B' });
assert.strictEqual(param.Properties.Name, '/isol8-dev-container/openclaw-task-def');
const container = Object.values(out.consumer.template.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')
  .Properties.ContainerDefinitions[0];
assert(JSON.stringify(container.Secrets[0].ValueFrom).includes('parameter/isol8-dev-container/openclaw-task-def'));
assert(!crossStack(out.consumer.template), 'the secret fix still crosses stacks');

// The IAM fix: every revision of the family, no reference to the producer at all.
out = synth(({ consumer, openclawTaskDef, backend }) => {
  const props = run(`return {${policyFix['isol8-dev-service']}};`, consumer, { openclawTaskDef });
  backend.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecs:RunTask'], ...props }));
});
const policy = JSON.stringify(out.consumer.template);
assert(policy.includes(':task-definition/isol8-dev-openclaw:*'), 'no family-wide ARN');
assert(!crossStack(out.consumer.template), 'the IAM fix still crosses stacks');
assert(!out.consumer.dependencies.some((d) => d.id === out.producer.id), 'the IAM fix still depends on the producer');

// The deploy-time form: an SSM-typed parameter of the consumer, no dependency on the producer.
out = synth(({ producer, consumer, openclawTaskDef, backend }) => {
  run(deployTimeFix.platform.replace('configVersion.getAttString(\'Version\')', 'openclawTaskDef.taskDefinitionArn'), producer, { openclawTaskDef });
  const value = run(`return ${deployTimeFix.billing};`, consumer, {});
  backend.addContainer('backend', { image: ecs.ContainerImage.fromRegistry('node:20'), environment: { V: value } });
});
const types = Object.values(out.consumer.template.Parameters).map((p) => p.Type);
assert(types.includes('AWS::SSM::Parameter::Value<String>'), `valueForStringParameter gave ${types}`);
assert(!out.consumer.dependencies.some((d) => d.id === out.producer.id), 'valueForStringParameter added a stack dependency');

// With a version, valueForStringParameter is a dynamic reference, also resolved at deploy.
const versioned = new cdk.Stack(newApp(), 'versioned');
assert.strictEqual(versioned.resolve(ssm.StringParameter.valueForStringParameter(versioned, '/x', 2)), '{{resolve:ssm:/x:2}}');
// valueFromLookup is a synth-time context lookup (a dummy value until the context is filled).
const lookup = new cdk.Stack(newApp(), 'lookup', { env: { account: '111111111111', region: 'us-east-1' } });
new cdk.CfnWaitConditionHandle(lookup, 'Handle');
ssm.StringParameter.valueFromLookup(lookup, '/x');
assert(lookup.node.root.synth().manifest.missing.some((m) => m.provider === 'ssm'), 'valueFromLookup is not a synth-time lookup');

// The weak context key: Fn::GetStackOutput instead of Fn::ImportValue (and CDK still orders the deploys).
out = synth(({ backend, openclawTaskDef }) => {
  backend.addContainer('backend', {
    image: ecs.ContainerImage.fromRegistry('node:20'),
    environment: { TASK_DEFINITION: openclawTaskDef.taskDefinitionArn },
  });
}, { [cxapi.DEFAULT_CROSS_STACK_REFERENCES]: 'weak' });
assert(JSON.stringify(out.consumer.template).includes('Fn::GetStackOutput'));
assert(!JSON.stringify(out.consumer.template).includes('Fn::ImportValue'));
console.log('check-cdk-advice: the incident fixes synthesize as the help says (secret, family ARN, deploy-time parameter, weak key)');

// --- 3. canSkipDeploy: SSM parameters force a deploy, weak references do not ------------
const cli = fs.readFileSync(path.join(repo, 'fixtures/node/node_modules/aws-cdk/lib/index.js'), 'utf8');
const start = cli.indexOf('async function canSkipDeploy(');
const body = cli.slice(start, cli.indexOf('\n}\n', start));
assert(start > 0 && body.includes('JSON.stringify(deployStackOptions.stack.template) !== JSON.stringify(await cloudFormationStack.template())'));
assert(/AWS::SSM::Parameter::/.test(cli) && body.includes('"ssm"'), 'canSkipDeploy no longer forces SSM-parameter stacks');
assert(!/GetStackOutput/.test(body), 'canSkipDeploy now looks at weak references: revisit LOCK012');
console.log('check-cdk-advice: canSkipDeploy forces a deploy for SSM parameters, not for Fn::GetStackOutput');

// --- 4. hostile stack names stay strings -------------------------------------------------
const hostile = { producer: "p'\\\n${process.exit(7)}`\u2028x", consumer: "c*/\r\n//'" };
const dir = path.join(scratch, 'hostile');
fs.mkdirSync(dir);
const stack = (name, template) => {
  fs.writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template, null, 1));
  return { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/us-east-1',
    properties: { templateFile: `${name}.template.json`, stackName: hostile[name] } };
};
fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: {
  producer: stack('producer', { Resources: { TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: {} } },
    Outputs: { Arn: { Value: { Ref: 'TaskDef' }, Export: { Name: 'shared-task-def' } } } }),
  consumer: stack('consumer', { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: {
    Environment: { Variables: { TD: { 'Fn::ImportValue': 'shared-task-def' } } } } } } }),
} }));
const [finding] = report([dir]).filter((f) => f.code === 'LOCK001');
if (process.env.SHOW_HOSTILE) console.log(finding.help);
const code = finding.help.split('\n').filter((l) => l.startsWith('  ')).join('\n');
const literals = [];
const ssmStub = { StringParameter: class { constructor(_s, _id, props) { literals.push(props.parameterName); } static valueForStringParameter(_s, name) { literals.push(name); } } };
new Function('ssm', 'taskDef', code).call({}, ssmStub, {});
assert.deepStrictEqual(literals, [`/${hostile.producer}/task-def`, `/${hostile.producer}/task-def`]);
console.log('check-cdk-advice: hostile stack names evaluate to themselves in the printed fix');
