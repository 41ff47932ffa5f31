import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml = require('js-yaml');
import { file, leftBehind, runMock } from '../support/mock';
import { adfsHub, CERT_PEM, CLIENT_ID, KUBE_KEY_DATA, KUBE_TOKEN, kubeconfigConnection, PROXY_PASSWORD, secretsIn, SP_KEY, SUBSCRIPTION,
  TENANT } from './fixtures';

const INPUTS = {
  azureSubscription: 'hub-seattle', hub: 'seattle', resourceGroup: 'rg-app-seattle',
  template: '_output/app-seattle/azuredeploy.json', parameters: '_output/app-seattle/azuredeploy.parameters.json',
};
const DEPLOYED = {
  hub: 'seattle', resourceGroup: 'rg-app-seattle', deploymentName: 'app-seattle-4ec992c188', status: 'succeeded', result: 'deployed',
  correlationId: '97eb9a59-3549-4d59-9201-514fbf2c2f7d', masterFQDN: 'app-seattle.seattle.cloudapp.hub.example', kubernetesVersion: '1.33.5',
  nodes: { master: 1, agentpool1: 2 }, readyNodes: 3, expectedNodes: 3,
};


describe('AkseDeploy@1 (mock-test)', () => {
  it('runs stamp deploy with the inputs as flags, the hub in a private hubs.yaml and the key in a 0600 file', async () => {
    // Given an ADFS hub's service connection and the Jenkins step's inputs
    // When
    const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { stdout: DEPLOYED } });
    // Then
    assert.equal(r.result, 'Succeeded', r.stdout);
    assert.equal(r.started.length, 1);
    const s = r.started[0];
    const dir = s.secretDirs[0].dir;
    assert.equal(s.tool, '/usr/lib/jvm/java-17/bin/java');
    assert.deepEqual(s.args, ['-jar', r.jar, 'deploy', '--config', `${dir}/hubs.yaml`, '--hub', 'seattle', '--resource-group', 'rg-app-seattle',
      '--template', '_output/app-seattle/azuredeploy.json', '--parameters', '_output/app-seattle/azuredeploy.parameters.json',
      '--mode', 'Incremental', '--timeout', '30m', '--poll-interval', '10s', '--output', 'json']);
    assert.equal(s.secretDirs.length, 1);
    assert.equal(s.secretDirs[0].mode, '700');
    const hubs = yaml.load(file(s, 'hubs.yaml').content) as any;
    assert.deepEqual(hubs.hubs[0], {
      name: 'seattle', armEndpoint: 'https://management.seattle.hub.example/', identitySystem: 'adfs', tenant: 'adfs', subscription: SUBSCRIPTION,
      clientId: CLIENT_ID, clientSecretFile: `${dir}/hub-0.client-secret`, apiProfile: '2020-09-01-hybrid',
    });
    assert.equal(file(s, 'hub-0.client-secret').content, SP_KEY);
    for (const f of s.secretDirs[0].files) {
      assert.equal(f.mode, '600', f.name);
    }
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), SP_KEY), []);
    assert.deepEqual(Object.keys(s.env).filter((k) => /^(INPUT_|ENDPOINT_)/.test(k)), []);
    assert.ok(r.secrets.includes(SP_KEY), 'the key is registered with the log masker');
    assert.deepEqual(leftBehind(r), [], 'the private directory is deleted');
  });

  it('sets the output variables from --output json', async () => {
    // When
    const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { stdout: DEPLOYED } });
    // Then
    const out = Object.fromEntries([...r.variables].filter(([, v]) => v.isOutput).map(([k, v]) => [k, v.value]));
    assert.deepEqual(out, {
      deploymentName: 'app-seattle-4ec992c188', result: 'deployed', readyNodes: '3', expectedNodes: '3',
      masterFQDN: 'app-seattle.seattle.cloudapp.hub.example', kubernetesVersion: '1.33.5', correlationId: '97eb9a59-3549-4d59-9201-514fbf2c2f7d',
    });
    assert.match(r.message!, /deployment app-seattle-4ec992c188 deployed: 3\/3 nodes Ready/);
  });

  it('passes every optional input to its flag', async () => {
    // When
    const r = await runMock('AkseDeploy', {
      inputs: { ...INPUTS, location: 'seattle', apimodel: '_output/app-seattle/apimodel.json', deploymentName: 'app-1', whatIf: true, timeout: '20m',
        pollInterval: '200ms', kubeconfigSource: 'file', kubeconfig: 'seattle.kubeconfig', apiProfile: '2019-03-01-hybrid', caFile: 'certs/hub-ca.pem',
        javaOptions: '-Xmx512m -Djava.io.tmpdir=/agent/_temp' },
      endpoints: { 'hub-seattle': adfsHub() }, cli: { stdout: { ...DEPLOYED, preview: 'validated' } },
    });
    // Then
    const s = r.started[0];
    assert.deepEqual(s.args.slice(0, 3), ['-Xmx512m', '-Djava.io.tmpdir=/agent/_temp', '-jar']);
    assert.deepEqual(s.args.slice(s.args.indexOf('--resource-group')), ['--resource-group', 'rg-app-seattle',
      '--template', '_output/app-seattle/azuredeploy.json', '--parameters', '_output/app-seattle/azuredeploy.parameters.json',
      '--location', 'seattle', '--apimodel', '_output/app-seattle/apimodel.json', '--deployment-name', 'app-1', '--mode', 'Incremental',
      '--timeout', '20m', '--what-if', '--poll-interval', '200ms', '--kubeconfig', 'seattle.kubeconfig', '--output', 'json']);
    const hub = (yaml.load(file(s, 'hubs.yaml').content) as any).hubs[0];
    assert.equal(hub.apiProfile, '2019-03-01-hybrid');
    assert.equal(hub.caFile, require('path').resolve('certs/hub-ca.pem'), 'made absolute: core resolves relative paths against hubs.yaml');
    assert.equal(r.result, 'Succeeded');
  });

  it('writes a certificate connection to a 0600 PEM file and registers each line of its key with the masker', async () => {
    // Given a connection with a certificate instead of a key
    const endpoint = adfsHub({ params: { authenticationType: 'spnCertificate', serviceprincipalkey: '', servicePrincipalCertificate: CERT_PEM } });
    // When
    const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': endpoint }, cli: { stdout: DEPLOYED } });
    // Then
    const s = r.started[0];
    const hub = (yaml.load(file(s, 'hubs.yaml').content) as any).hubs[0];
    assert.equal(hub.clientCertificateFile, `${s.secretDirs[0].dir}/hub-0.pem`);
    assert.equal(hub.clientSecretFile, undefined);
    assert.equal(file(s, 'hub-0.pem').content, CERT_PEM);
    assert.equal(file(s, 'hub-0.pem').mode, '600');
    const keyLines = CERT_PEM.split(/\r?\n/).filter((l) => l.length > 0 && !l.startsWith('-----'));
    assert.deepEqual(keyLines.filter((l) => !r.secrets.includes(l)), []);
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), ...keyLines), []);
  });

  it('reads an Azure AD hub from the connection: tenant, authority and audience', async () => {
    // Given no ADFS marker, an AAD tenant, and the endpoints the connection knows
    const endpoint = adfsHub({ params: { tenantid: TENANT }, data: { EnableAdfsAuthentication: '', activeDirectoryAuthority: 'https://login.microsoftonline.com/',
      activeDirectoryServiceEndpointResourceId: 'https://management.hub.example/2b3c4d5e' } });
    // When
    const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': endpoint }, cli: { stdout: DEPLOYED } });
    // Then
    const hub = (yaml.load(file(r.started[0], 'hubs.yaml').content) as any).hubs[0];
    assert.equal(hub.identitySystem, 'azure_ad');
    assert.equal(hub.tenant, TENANT);
    assert.equal(hub.loginEndpoint, 'https://login.microsoftonline.com/');
    assert.equal(hub.audience, 'https://management.hub.example/2b3c4d5e');
  });

  for (const [how, endpoint] of [
    ['an authority ending in /adfs/', adfsHub({ params: { tenantid: TENANT }, data: { EnableAdfsAuthentication: '', environmentAuthorityUrl: 'https://adfs.seattle.hub.example/adfs/' } })],
    ['the tenant adfs', adfsHub({ data: { EnableAdfsAuthentication: '' } })],
  ] as const) {
    it(`recognises an ADFS hub by ${how}`, async () => {
      // When
      const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': endpoint }, cli: { stdout: DEPLOYED } });
      // Then
      assert.equal((yaml.load(file(r.started[0], 'hubs.yaml').content) as any).hubs[0].identitySystem, 'adfs');
    });
  }

  it('takes the identity system from the input over the connection', async () => {
    // When
    const r = await runMock('AkseDeploy', { inputs: { ...INPUTS, identitySystem: 'azure_ad' },
      endpoints: { 'hub-seattle': adfsHub({ params: { tenantid: TENANT } }) }, cli: { stdout: DEPLOYED } });
    // Then
    assert.equal((yaml.load(file(r.started[0], 'hubs.yaml').content) as any).hubs[0].identitySystem, 'azure_ad');
  });

  it('writes a Kubernetes connection\'s kubeconfig to a 0600 file, with its cluster context current and its credentials masked', async () => {
    // When
    const r = await runMock('AkseDeploy', { inputs: { ...INPUTS, kubeconfigSource: 'serviceConnection', kubernetesServiceConnection: 'kube-seattle' },
      endpoints: { 'hub-seattle': adfsHub(), 'kube-seattle': kubeconfigConnection({ clusterContext: 'seattle-blue' }) }, cli: { stdout: DEPLOYED } });
    // Then
    const s = r.started[0];
    const kube = file(s, 'kubeconfig');
    assert.equal(kube.mode, '600');
    assert.deepEqual(s.args.slice(s.args.indexOf('--kubeconfig'), s.args.indexOf('--kubeconfig') + 2), ['--kubeconfig', `${s.secretDirs[0].dir}/kubeconfig`]);
    const doc = yaml.load(kube.content) as any;
    assert.equal(doc['current-context'], 'seattle-blue');
    assert.equal(doc.users[0].user.token, KUBE_TOKEN);
    assert.ok(r.secrets.includes(KUBE_TOKEN) && r.secrets.includes(KUBE_KEY_DATA));
    assert.deepEqual(secretsIn(JSON.stringify(s.args) + JSON.stringify(s.env), KUBE_TOKEN, KUBE_KEY_DATA), []);
  });

  it('gives the CLI the agent\'s proxy without its credentials, and the bypass list it can express as NO_PROXY', async () => {
    // When
    const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { stdout: DEPLOYED },
      secretVariables: { 'Agent.ProxyPassword': PROXY_PASSWORD },
      variables: { 'Agent.ProxyUrl': 'http://proxy.corp.example:3128', 'Agent.ProxyUsername': 'agent',
        'Agent.ProxyBypassList': JSON.stringify(['.*\\.hub\\.example', 'localhost', 'intranet\\d+']) } });
    // Then
    const env = r.started[0].env;
    assert.equal(env['HTTPS_PROXY'], 'http://proxy.corp.example:3128');
    assert.equal(env['HTTP_PROXY'], 'http://proxy.corp.example:3128');
    assert.equal(env['NO_PROXY'], '.hub.example,localhost');
    assert.deepEqual(secretsIn(JSON.stringify(r.started[0]), PROXY_PASSWORD), []);
    assert.ok(r.secrets.includes(PROXY_PASSWORD));
    assert.ok(r.warnings.some((w) => w.includes('proxy credentials are not passed')));
    assert.ok(r.warnings.some((w) => w.includes("'intranet\\d+'")));
  });

  describe('exit codes', () => {
    it('0 is Succeeded; 1 is Failed with the CLI\'s reason', async () => {
      // When
      const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { code: 1,
        stdout: { ...DEPLOYED, status: 'failed', message: 'deployment failed' },
        stderr: '10:00:01 [akseDeploy] seattle submit-deployment: submitted\nerror: deployment app-seattle-4ec992c188 ended Failed (DeploymentFailed); failed operations:\n  Microsoft.Compute/virtualMachines k8s-master-0: VMExtensionProvisioningError\ncorrelation id 1c0e\n' } });
      // Then
      assert.equal(r.result, 'Failed');
      assert.equal(r.message, '[akseDeploy] deployment app-seattle-4ec992c188 ended Failed (DeploymentFailed); failed operations:\n'
        + '  Microsoft.Compute/virtualMachines k8s-master-0: VMExtensionProvisioningError\ncorrelation id 1c0e');
    });

    it('2 is Failed "invalid input, nothing was written", the CLI\'s flags named as the task\'s inputs', async () => {
      // When
      const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { code: 2,
        stderr: "error: invalid stamp deploy input: --resource-group: must be 1-90 characters; --timeout: must be between 1s and 24h (was PT0S); hubs[0].subscription: must be a subscription GUID (was 'x')\n" } });
      // Then
      assert.equal(r.result, 'Failed');
      assert.equal(r.message, '[akseDeploy] invalid input, nothing was written: invalid stamp deploy input: resourceGroup: must be 1-90 characters; '
        + "timeout: must be between 1s and 24h (was PT0S); azureSubscription: subscription: must be a subscription GUID (was 'x')");
    });

    it('3 is Failed "cannot reach or authenticate"', async () => {
      // When
      const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { code: 3,
        stderr: 'error: cannot reach https://management.seattle.hub.example/: connect timed out; is this agent inside the hub\'s network?\n' } });
      // Then
      assert.equal(r.result, 'Failed');
      assert.match(r.message!, /^\[akseDeploy\] cannot reach or authenticate to hub seattle — is this agent inside its network\? cannot reach https/);
    });

    it('neutralises ##vso commands in the CLI\'s output: pod events and ARM messages do not drive the agent', async () => {
      // When
      const r = await runMock('AkseDeploy', { inputs: INPUTS, endpoints: { 'hub-seattle': adfsHub() }, cli: { stdout: DEPLOYED,
        stderr: '10:00:01 [akseDeploy] seattle wait: event ##vso[task.setvariable variable=readyNodes;isOutput=true]999\n' } });
      // Then
      assert.equal(r.variables.get('readyNodes')?.value, '3');
      assert.ok(!/^##vso\[task\.setvariable variable=readyNodes;isOutput=true\]999/m.test(r.stdout));
    });
  });

  describe('invalid input: Failed naming the input, the CLI never started, nothing written', () => {
    const cases: [string, Record<string, string>, Record<string, any>, string][] = [
      ['required inputs missing', { hub: '', resourceGroup: '', template: '' }, adfsHub(),
        'hub: is required; resourceGroup: is required; template: is required (a file in the workspace)'],
      ['a mode that is not on the pick list', { mode: 'Complete' }, adfsHub(), 'mode: must be one of Incremental'],
      ['a workload identity federation connection', {}, adfsHub({ scheme: 'WorkloadIdentityFederation' }),
        'azureSubscription: the service connection authenticates with WorkloadIdentityFederation'],
      ['a connection to public Azure', {}, { ...adfsHub(), data: { environment: 'AzureCloud', subscriptionId: SUBSCRIPTION } },
        'azureSubscription: must be a connection to an Azure Stack Hub'],
      ['a connection without its key', {}, adfsHub({ params: { serviceprincipalkey: '' } }), 'azureSubscription: the service connection has no service principal key'],
      ['an Azure AD connection without a tenant', { identitySystem: 'azure_ad' }, adfsHub({ params: { tenantid: '' } }), 'azureSubscription: the service connection has no tenant id'],
      ['a kubeconfig file chosen but not given', { kubeconfigSource: 'file' }, adfsHub(), 'kubeconfig: is required'],
      ['stampPath that does not exist', { stampPath: '/nonexistent/stamp.jar' }, adfsHub(), "stampPath: '/nonexistent/stamp.jar' does not exist"],
    ];
    for (const [name, inputs, endpoint, message] of cases) {
      it(name, async () => {
        // When
        const r = await runMock('AkseDeploy', { inputs: { ...INPUTS, ...inputs }, endpoints: { 'hub-seattle': endpoint } });
        // Then
        assert.equal(r.result, 'Failed');
        assert.ok(r.message!.startsWith('[akseDeploy] invalid input, nothing was written: '), r.message);
        assert.ok(r.message!.includes(message), `${r.message} should say ${message}`);
        assert.deepEqual(r.started, [], 'the CLI was never started');
        assert.deepEqual(leftBehind(r), []);
      });
    }

    it('finds the CLI from STAMP_HOME, then a stamp launcher on the PATH, and says how to get one when there is none', async () => {
      // When
      const none = await runMock('AkseDeploy', { inputs: { ...INPUTS, stampPath: '' }, endpoints: { 'hub-seattle': adfsHub() } });
      const onPath = await runMock('AkseDeploy', { inputs: { ...INPUTS, stampPath: '' }, endpoints: { 'hub-seattle': adfsHub() },
        which: { stamp: '/opt/stamp/bin/stamp' }, cli: { stdout: DEPLOYED } });
      // Then
      assert.match(none.message!, /stampPath: the stamp CLI was not found: set stampPath, set STAMP_HOME, put a stamp launcher on the PATH, or run StampInstaller@1 first/);
      assert.equal(onPath.started[0].tool, '/opt/stamp/bin/stamp');
      assert.equal(onPath.started[0].args[0], 'deploy');
    });
  });
});
