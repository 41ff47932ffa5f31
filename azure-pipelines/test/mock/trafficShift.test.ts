import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml = require('js-yaml');
import { file, leftBehind, runMock } from '../support/mock';
import { BIGIP_PASSWORD, bigIp, CLIENT_ID, publicAzure, secretsIn, SP_KEY, SUBSCRIPTION, TENANT } from './fixtures';

const PROFILE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/global-traffic/providers/Microsoft.Network/trafficManagerProfiles/stamp-release-app`;
const TM = { provider: 'azure-traffic-manager', azureSubscription: 'public-azure', profile: PROFILE };
const DRAINED = { status: 'SUCCEEDED', message: 'drain of seattle done', result: {
  operation: 'drain',
  before: { seattle: { enabled: true, weight: 500, percent: 50, monitor: 'Online' }, denver: { enabled: true, weight: 500, percent: 50, monitor: 'Online' } },
  after: { seattle: { enabled: false, weight: 500, percent: 0, monitor: 'Disabled' }, denver: { enabled: true, weight: 500, percent: 100, monitor: 'Online' } },
  reverted: false, stepsTaken: ['drain seattle'], waits: [], changes: [] } };

function outputs(r: { variables: Map<string, { value: string; isOutput: boolean }> }) {
  return Object.fromEntries([...r.variables].filter(([, v]) => v.isOutput).map(([k, v]) => [k, v.value]));
}

describe('TrafficShift@1 (mock-test)', () => {
  it('drains a stamp on Traffic Manager: public Azure in hubs.yaml, the key in a 0600 file, the run as actor and reason', async () => {
    // When
    const r = await runMock('TrafficShift', { inputs: { ...TM, operation: 'drain', drain: 'seattle' }, endpoints: { 'public-azure': publicAzure() },
      variables: { 'System.TeamProject': 'apps', 'Build.DefinitionName': 'stamp-release', 'Build.BuildNumber': '20261206.3',
        'Build.RequestedForEmail': 'alice@corp.example' }, cli: { stdout: DRAINED } });
    // Then
    assert.equal(r.result, 'Succeeded', r.stdout);
    const s = r.started[0];
    const dir = s.secretDirs[0].dir;
    assert.deepEqual(s.args, ['-jar', r.jar, 'shift', '--config', `${dir}/hubs.yaml`, '--provider', 'azure-traffic-manager', '--profile', PROFILE,
      '--drain', 'seattle', '--drain-mode', 'disable', '--max-step', '50', '--poll', '10s',
      '--reason', 'Azure Pipelines apps/stamp-release 20261206.3: trafficShift drain seattle', '--output', 'json']);
    const hubs = yaml.load(file(s, 'hubs.yaml').content) as any;
    assert.deepEqual(hubs, { hubs: [], publicAzure: { armEndpoint: 'https://management.azure.com/', identitySystem: 'azure_ad', tenant: TENANT,
      subscription: SUBSCRIPTION, clientId: CLIENT_ID, clientSecretFile: `${dir}/public-azure.client-secret` } });
    assert.equal(file(s, 'public-azure.client-secret').content, SP_KEY);
    assert.equal(s.env['USER'], 'alice@corp.example');
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), SP_KEY), []);
    assert.deepEqual(outputs(r), { weights: 'seattle=0,denver=100', weightsBefore: 'seattle=50,denver=50', reverted: 'false', stepsTaken: 'drain seattle',
      operation: 'drain' });
    assert.deepEqual(leftBehind(r), []);
  });

  it('shifts toward a stamp in steps with a bake, a probe and a DNS wait of its own', async () => {
    // When
    const r = await runMock('TrafficShift', { inputs: { ...TM, operation: 'shiftTo', shiftTo: 'denver', steps: '10,50,100', partial: false, bake: '5m',
      wait: '30s', poll: '2s', maxStep: '40', probeUrl: 'http://app.apps.denver.example/healthz', reason: 'move to denver' },
      endpoints: { 'public-azure': publicAzure() }, cli: { stdout: DRAINED } });
    // Then
    const a = r.started[0].args;
    assert.deepEqual(a.slice(a.indexOf('--shift-to')), ['--shift-to', 'denver', '--steps', '10,50,100', '--bake', '5m', '--max-step', '40', '--wait', '30s',
      '--poll', '2s', '--probe-url', 'http://app.apps.denver.example/healthz', '--reason', 'move to denver', '--output', 'json']);
  });

  it('sets raw weights on an F5 BIG-IP DNS through a generic connection, its password in a 0600 file', async () => {
    // When
    const r = await runMock('TrafficShift', { inputs: { provider: 'f5-gtm', gslbServiceConnection: 'bigip', profile: '/Common/stamp-release-app',
      operation: 'set', set: 'seattle=900,denver=100', raw: true, caFile: 'certs/bigip-ca.pem' }, endpoints: { bigip: bigIp() },
      cli: { stdout: { ...DRAINED, result: { ...DRAINED.result, operation: 'set-weights' } } } });
    // Then
    assert.equal(r.result, 'Succeeded', r.stdout);
    const s = r.started[0];
    const dir = s.secretDirs[0].dir;
    assert.deepEqual(s.args.slice(s.args.indexOf('--provider')), ['--provider', 'f5-gtm', '--profile', '/Common/stamp-release-app',
      '--set', 'seattle=900,denver=100', '--raw', '--max-step', '50', '--poll', '10s', '--reason', 'Azure Pipelines: trafficShift set', '--output', 'json']);
    const hubs = yaml.load(file(s, 'hubs.yaml').content) as any;
    assert.deepEqual(hubs.gslb, { type: 'f5-gtm', url: 'https://bigip-dns.corp.example', username: 'stamp-release', passwordFile: `${dir}/f5-gtm.password`,
      pool: '/Common/stamp-release-app', caFile: require('path').resolve('certs/bigip-ca.pem') });
    assert.equal(file(s, 'f5-gtm.password').content, BIGIP_PASSWORD);
    assert.equal(file(s, 'f5-gtm.password').mode, '600');
    assert.ok(r.secrets.includes(BIGIP_PASSWORD));
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), BIGIP_PASSWORD), []);
  });

  it('a drain refused by the guardrails (exit 2) fails as invalid input, nothing written', async () => {
    // When
    const r = await runMock('TrafficShift', { inputs: { ...TM, operation: 'drain', drain: 'seattle' }, endpoints: { 'public-azure': publicAzure() },
      cli: { code: 2, stderr: 'error: refused by guardrails, nothing was written: seattle (enabled, weight 500, Online): no other endpoint is serving '
        + '(enabled and Online) to take its traffic; rule: never drain the last healthy endpoint\n' } });
    // Then
    assert.equal(r.result, 'Failed');
    assert.match(r.message!, /^\[trafficShift\] invalid input, nothing was written: refused by guardrails, nothing was written: .*never drain the last healthy endpoint$/);
    assert.equal(r.variables.size, 0, 'no outputs without a result');
  });

  it('a failed health gate (exit 1) fails and reports the revert in its outputs', async () => {
    // When
    const r = await runMock('TrafficShift', { inputs: { ...TM, operation: 'restore', restore: 'seattle', bake: '1m' }, endpoints: { 'public-azure': publicAzure() },
      cli: { code: 1, stdout: { status: 'FAILED', message: 'seattle went Degraded during the bake; reverted', result: { ...DRAINED.result, operation: 'restore',
        reverted: true, after: DRAINED.result.before } } } });
    // Then
    assert.equal(r.result, 'Failed');
    assert.equal(r.message, '[trafficShift] seattle went Degraded during the bake; reverted');
    assert.equal(r.variables.get('reverted')?.value, 'true');
    assert.equal(r.variables.get('weights')?.value, 'seattle=50,denver=50');
  });

  it('a dry run writes nothing and prints the plan', async () => {
    // When
    const r = await runMock('TrafficShift', { inputs: { ...TM, operation: 'shiftTo', shiftTo: 'denver', steps: '60,100', dryRun: true },
      endpoints: { 'public-azure': publicAzure() }, cli: { stdout: { dryRun: true, table: 'endpoint  monitor  now\nseattle   Online   enabled/500 (50%)' } } });
    // Then
    assert.ok(r.started[0].args.includes('--dry-run'));
    assert.equal(r.result, 'Succeeded');
    assert.ok(r.stdout.includes('seattle   Online   enabled/500 (50%)'));
  });

  for (const [name, inputs, endpoints, message] of [
    ['an operation whose stamp is missing', { ...TM, operation: 'restore' }, { 'public-azure': publicAzure() }, 'restore: is required'],
    ['a second operation given', { ...TM, operation: 'drain', drain: 'seattle', restore: 'denver' }, { 'public-azure': publicAzure() },
      'restore: only used with operation restore; this run\'s operation is drain'],
    ['an unknown provider', { ...TM, provider: 'route53', operation: 'drain', drain: 'seattle' }, { 'public-azure': publicAzure() },
      "provider: must be one of azure-traffic-manager, f5-gtm (was 'route53')"],
    ['a BIG-IP connection without its password', { provider: 'f5-gtm', gslbServiceConnection: 'bigip', profile: '/Common/app', operation: 'drain',
      drain: 'seattle' }, { bigip: { ...bigIp(), params: { username: 'u' } } }, 'gslbServiceConnection: the generic service connection needs'],
    ['no profile', { ...TM, profile: '', operation: 'drain', drain: 'seattle' }, { 'public-azure': publicAzure() }, 'profile: is required'],
    ['a connection to an Azure Stack Hub for Traffic Manager', { ...TM, operation: 'drain', drain: 'seattle' },
      { 'public-azure': publicAzure({ data: { environment: 'AzureStack', environmentUrl: 'https://management.seattle.hub.example/' } }) },
      'azureSubscription: must be a connection to public Azure: Traffic Manager does not exist on Azure Stack Hub'],
    ['max step that is not a number', { ...TM, operation: 'drain', drain: 'seattle', maxStep: 'half' }, { 'public-azure': publicAzure() },
      "maxStep: must be a whole number (was 'half')"],
  ] as const) {
    it(`refuses ${name} before the CLI starts`, async () => {
      // When
      const r = await runMock('TrafficShift', { inputs, endpoints: endpoints as any });
      // Then
      assert.equal(r.result, 'Failed');
      assert.ok(r.message!.includes(message), r.message);
      assert.deepEqual(r.started, []);
      assert.deepEqual(leftBehind(r), []);
    });
  }
});
