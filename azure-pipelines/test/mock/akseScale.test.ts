import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { file, leftBehind, runMock } from '../support/mock';
import { adfsHub, KUBE_TOKEN, kubeconfigConnection, secretsIn, SP_KEY } from './fixtures';

const INPUTS = { azureSubscription: 'hub-seattle', hub: 'seattle', resourceGroup: 'rg-app-seattle', pool: 'agentpool1', count: '4',
  kubernetesServiceConnection: 'kube-seattle' };
const ENDPOINTS = { 'hub-seattle': adfsHub(), 'kube-seattle': kubeconfigConnection() };
const SCALED = { hub: 'seattle', status: 'succeeded', pool: 'agentpool1', target: 4, before: 2, after: 4,
  added: ['k8s-agentpool1-88404701-2', 'k8s-agentpool1-88404701-3'], removed: [], drainMillis: {}, unfinished: {}, notes: [] };

describe('AkseScale@1 (mock-test)', () => {
  it('runs stamp scale with the Jenkins step\'s defaults and the cluster\'s kubeconfig from the Kubernetes connection', async () => {
    // When
    const r = await runMock('AkseScale', { inputs: { ...INPUTS, template: '_output/app/azuredeploy.json', parameters: '_output/app/azuredeploy.parameters.json' },
      endpoints: ENDPOINTS, cli: { stdout: SCALED } });
    // Then
    assert.equal(r.result, 'Succeeded', r.stdout);
    const s = r.started[0];
    const dir = s.secretDirs[0].dir;
    assert.deepEqual(s.args, ['-jar', r.jar, 'scale', '--config', `${dir}/hubs.yaml`, '--hub', 'seattle', '--resource-group', 'rg-app-seattle',
      '--pool', 'agentpool1', '--count', '4', '--template', '_output/app/azuredeploy.json', '--parameters', '_output/app/azuredeploy.parameters.json',
      '--drain-timeout', '5m', '--max-parallel-drains', '1', '--timeout', '30m', '--poll-interval', '5s', '--kubeconfig', `${dir}/kubeconfig`,
      '--output', 'json']);
    assert.equal(file(s, 'kubeconfig').mode, '600');
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), SP_KEY, KUBE_TOKEN), []);
    const out = Object.fromEntries([...r.variables].filter(([, v]) => v.isOutput).map(([k, v]) => [k, v.value]));
    assert.deepEqual(out, { pool: 'agentpool1', before: '2', after: '4', added: 'k8s-agentpool1-88404701-2,k8s-agentpool1-88404701-3', removed: '' });
    assert.equal(r.message, '[akseScale] agentpool1: 2 -> 4 nodes');
    assert.deepEqual(leftBehind(r), []);
  });

  it('passes force, parallel drains and a kubeconfig file', async () => {
    // When
    const r = await runMock('AkseScale', { inputs: { ...INPUTS, count: '1', force: true, maxParallelDrains: '3', drainTimeout: '1s',
      kubeconfigSource: 'file', kubeconfig: 'kube/seattle.yaml' }, endpoints: ENDPOINTS, cli: { stdout: { ...SCALED, target: 1, after: 1 } } });
    // Then
    const a = r.started[0].args;
    assert.deepEqual(a.slice(a.indexOf('--count')), ['--count', '1', '--drain-timeout', '1s', '--max-parallel-drains', '3', '--force',
      '--timeout', '30m', '--poll-interval', '5s', '--kubeconfig', 'kube/seattle.yaml', '--output', 'json']);
  });

  it('a drain blocked by a PodDisruptionBudget (exit 1) fails with the CLI\'s reason and the outputs of where it stopped', async () => {
    // When
    const r = await runMock('AkseScale', { inputs: { ...INPUTS, count: '2' }, endpoints: ENDPOINTS, cli: { code: 1,
      stdout: { ...SCALED, status: 'failed', target: 2, before: 3, after: 3, added: [], unfinished: { 'k8s-agentpool1-88404701-2': 'cordoned (PodDisruptionBudget default/web-pdb)' } },
      stderr: 'error: drain of node k8s-agentpool1-88404701-2 did not finish within 1s: PodDisruptionBudget default/web-pdb refused the eviction\n' } });
    // Then
    assert.equal(r.result, 'Failed');
    assert.equal(r.message, '[akseScale] drain of node k8s-agentpool1-88404701-2 did not finish within 1s: PodDisruptionBudget default/web-pdb refused the eviction');
    assert.equal(r.variables.get('after')?.value, '3');
  });

  for (const [name, inputs, message] of [
    ['a count that is not a number', { count: 'four' }, "count: must be a whole number (was 'four')"],
    ['a parallel drain count that is not a number', { maxParallelDrains: 'two' }, "maxParallelDrains: must be a whole number (was 'two')"],
    ['no pool and no count', { pool: '', count: '' }, 'pool: is required; count: is required'],
    ['no Kubernetes connection', { kubernetesServiceConnection: '' }, 'kubernetesServiceConnection: is required'],
  ] as const) {
    it(`refuses ${name} before the CLI starts`, async () => {
      // When
      const r = await runMock('AkseScale', { inputs: { ...INPUTS, ...inputs }, endpoints: ENDPOINTS });
      // Then
      assert.equal(r.result, 'Failed');
      assert.ok(r.message!.includes(message), r.message);
      assert.deepEqual(r.started, []);
    });
  }

  it('names the inputs in the CLI\'s own refusal (exit 2)', async () => {
    // When
    const r = await runMock('AkseScale', { inputs: { ...INPUTS, count: '51' }, endpoints: ENDPOINTS, cli: { code: 2,
      stderr: 'error: invalid scale input: count: must be between 1 and 50 nodes (was 51); --drain-timeout: must be shorter than the whole scale\'s timeout\n' } });
    // Then
    assert.equal(r.message, '[akseScale] invalid input, nothing was written: invalid scale input: count: must be between 1 and 50 nodes (was 51); '
      + 'drainTimeout: must be shorter than the whole scale\'s timeout');
  });
});
