import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml = require('js-yaml');
import { file, leftBehind, runMock } from '../support/mock';
import { KUBE_KEY_DATA, KUBE_TOKEN, kubeconfigConnection, secretsIn } from './fixtures';

const INPUTS = { release: 'web', namespace: 'apps', chart: 'charts/demo', kubernetesServiceConnection: 'kube-seattle' };
const ENDPOINTS = { 'kube-seattle': kubeconfigConnection() };
const ROLLED_OUT = { release: 'web', namespace: 'apps', phase: 'SUCCEEDED', revision: 3, previousGoodRevision: 2, rolledBackToRevision: null,
  rollbackRevision: null, chart: 'demo', chartVersion: '1.1.0', images: ['registry.local/demo-web:1.1.0', 'registry.local/demo-api:1.1.0'],
  workloads: [], failures: [], status: 'SUCCEEDED', message: 'web revision 3 rolled out', durationSeconds: 4.2 };
const ROLLED_BACK = { ...ROLLED_OUT, phase: 'ROLLED_BACK', revision: 7, previousGoodRevision: 6, rolledBackToRevision: 6, rollbackRevision: 8,
  status: 'FAILED', message: 'rollout of web revision 7 failed and was rolled back to revision 6 (new revision 8): web: pod web-x: CrashLoopBackOff' };

function outputs(r: { variables: Map<string, { value: string; isOutput: boolean }> }) {
  return Object.fromEntries([...r.variables].filter(([, v]) => v.isOutput).map(([k, v]) => [k, v.value]));
}

describe('HelmRollout@1 (mock-test)', () => {
  it('runs stamp rollout with the Jenkins step\'s defaults, the kubeconfig in a 0600 file and no credential in argv or env', async () => {
    // When
    const r = await runMock('HelmRollout', { inputs: INPUTS, endpoints: ENDPOINTS, cli: { stdout: ROLLED_OUT } });
    // Then
    assert.equal(r.result, 'Succeeded', r.stdout);
    const s = r.started[0];
    assert.deepEqual(s.args, ['-jar', r.jar, 'rollout', '--kubeconfig', `${s.secretDirs[0].dir}/kubeconfig`, '--release', 'web', '--namespace', 'apps',
      '--chart', 'charts/demo', '--timeout', '10m', '--history-max', '10', '--max-restarts', '3', '--on-first-install-failure', 'uninstall',
      '--output', 'json']);
    assert.equal(file(s, 'kubeconfig').mode, '600');
    assert.equal(s.secretDirs[0].mode, '700');
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), KUBE_TOKEN, KUBE_KEY_DATA), []);
    assert.ok(r.secrets.includes(KUBE_TOKEN) && r.secrets.includes(KUBE_KEY_DATA));
    assert.deepEqual(outputs(r), { revision: '3', previousGoodRevision: '2', phase: 'SUCCEEDED', chart: 'demo', chartVersion: '1.1.0',
      images: 'registry.local/demo-web:1.1.0,registry.local/demo-api:1.1.0' });
    assert.equal(r.message, '[helmRollout] web revision 3 rolled out');
    assert.deepEqual(leftBehind(r), []);
  });

  it('repeats --values and --set per line, turns rollback off with --no-rollback and passes the probe only with its URL', async () => {
    // When
    const r = await runMock('HelmRollout', { inputs: { ...INPUTS, values: 'values/common.yaml\n\nvalues/seattle.yaml\n', set: 'image.tag=1.2.0\nreplicas=4,a=b',
      createNamespace: true, chartVersion: '1.1.0', repo: 'https://charts.corp.example', rollback: false, onFirstInstallFailure: 'leave',
      maxRestarts: '0', historyMax: '0', timeout: '5m', probeUrl: 'http://app.corp.example/healthz', probeHost: 'app.corp.example', probeBody: 'ok',
      kubeconfigSource: 'file', kubeconfig: 'seattle.kubeconfig' }, endpoints: ENDPOINTS, cli: { stdout: ROLLED_OUT } });
    // Then
    const a = r.started[0].args;
    assert.deepEqual(a.slice(a.indexOf('rollout')), ['rollout', '--kubeconfig', 'seattle.kubeconfig', '--release', 'web', '--namespace', 'apps',
      '--create-namespace', '--chart', 'charts/demo', '--chart-version', '1.1.0', '--repo', 'https://charts.corp.example',
      '--values', 'values/common.yaml', '--values', 'values/seattle.yaml', '--set', 'image.tag=1.2.0', '--set', 'replicas=4,a=b',
      '--timeout', '5m', '--history-max', '0', '--max-restarts', '0', '--no-rollback', '--on-first-install-failure', 'leave',
      '--probe-url', 'http://app.corp.example/healthz', '--probe-host', 'app.corp.example', '--probe-status', '200', '--probe-body', 'ok',
      '--probe-attempts', '5', '--probe-interval', '2s', '--output', 'json']);
    assert.deepEqual(r.started[0].secretDirs, [], 'a kubeconfig file needs no private copy');
  });

  it('a rollout rolled back (exit 1) fails with the reason and sets rolledBackToRevision', async () => {
    // When
    const r = await runMock('HelmRollout', { inputs: INPUTS, endpoints: ENDPOINTS, cli: { code: 1, stdout: ROLLED_BACK } });
    // Then
    assert.equal(r.result, 'Failed');
    assert.equal(r.message, `[helmRollout] ${ROLLED_BACK.message}`);
    assert.deepEqual(outputs(r), { revision: '7', previousGoodRevision: '6', rolledBackToRevision: '6', rollbackRevision: '8', phase: 'ROLLED_BACK',
      chart: 'demo', chartVersion: '1.1.0', images: 'registry.local/demo-web:1.1.0,registry.local/demo-api:1.1.0' });
  });

  it('a CLI stopped by the cancel signal (exit 130) is Cancelled, not Failed', async () => {
    // When
    const r = await runMock('HelmRollout', { inputs: INPUTS, endpoints: ENDPOINTS, cli: { code: 130 } });
    // Then
    assert.equal(r.result, 'Cancelled');
    assert.match(r.message!, /^\[helmRollout\] cancelled: the stamp CLI stopped \(exit code 130\); what it had started on the cluster may still be in progress/);
    assert.deepEqual(leftBehind(r), []);
  });

  it('a dry run succeeds with the revision it would create', async () => {
    // When
    const r = await runMock('HelmRollout', { inputs: { ...INPUTS, dryRun: true }, endpoints: ENDPOINTS,
      cli: { stdout: { release: 'web', namespace: 'apps', wouldBeRevision: 4, liveRevision: 3, diff: '', status: 'DRY_RUN' } } });
    // Then
    assert.ok(r.started[0].args.includes('--dry-run'));
    assert.equal(r.result, 'Succeeded');
    assert.equal(r.variables.get('revision')?.value, '4');
  });

  it('builds a kubeconfig from a Service Account connection: server, CA and the decoded token, masked', async () => {
    // Given
    const token = 'sa-token-0123456789abcdef';
    const endpoint = { url: 'https://seattle.cloudapp.hub.example:443', scheme: 'Token',
      params: { apiToken: Buffer.from(token).toString('base64'), serviceAccountCertificate: 'Q0EgZGF0YQ==' }, data: { authorizationType: 'ServiceAccount' } };
    // When
    const r = await runMock('HelmRollout', { inputs: INPUTS, endpoints: { 'kube-seattle': endpoint }, cli: { stdout: ROLLED_OUT } });
    // Then
    const doc = yaml.load(file(r.started[0], 'kubeconfig').content) as any;
    assert.equal(doc.clusters[0].cluster.server, 'https://seattle.cloudapp.hub.example:443');
    assert.equal(doc.clusters[0].cluster['certificate-authority-data'], 'Q0EgZGF0YQ==');
    assert.equal(doc.users[0].user.token, token);
    assert.equal(doc['current-context'], 'service-account');
    assert.ok(r.secrets.includes(token));
    assert.deepEqual(secretsIn(JSON.stringify(r.started[0].args) + JSON.stringify(r.started[0].env), token), []);
  });

  for (const [name, inputs, endpoint, message] of [
    ['an AKS (AzureSubscription) connection', {}, { url: 'https://x', scheme: 'None', data: { authorizationType: 'AzureSubscription' } },
      "kubernetesServiceConnection: authorization type 'AzureSubscription' is not supported"],
    ['a connection whose kubeconfig is not one', {}, { url: 'https://x', scheme: 'Kubernetes', params: { kubeconfig: 'hello: world' },
      data: { authorizationType: 'Kubeconfig' } }, "kubernetesServiceConnection: the service connection's kubeconfig is not a kubeconfig"],
    ['no release, namespace or chart', { release: '', namespace: '', chart: '' }, kubeconfigConnection(),
      'release: is required; namespace: is required; chart: is required'],
    ['numbers that are not numbers', { maxRestarts: 'three', probeStatus: 'ok' }, kubeconfigConnection(),
      "maxRestarts: must be a whole number (was 'three'); probeStatus: must be a whole number (was 'ok')"],
    ['an unknown first-install policy', { onFirstInstallFailure: 'delete' }, kubeconfigConnection(),
      "onFirstInstallFailure: must be one of uninstall, leave (was 'delete')"],
  ] as const) {
    it(`refuses ${name} before the CLI starts`, async () => {
      // When
      const r = await runMock('HelmRollout', { inputs: { ...INPUTS, ...inputs }, endpoints: { 'kube-seattle': endpoint as any } });
      // Then
      assert.equal(r.result, 'Failed');
      assert.ok(r.message!.includes(message), r.message);
      assert.deepEqual(r.started, []);
      assert.deepEqual(leftBehind(r), []);
    });
  }
});
