import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import yaml = require('js-yaml');
import { moduleRoot } from '../support/agent';
import { Agent, cliJar, docExamples, E2E, JAVA_OPTIONS, REPO, secretsShown, serveFile, sha256, Simulation, stamp, TaskRunResult } from './harness';

/**
 * The compiled tasks, as packed in the .vsix, run under Node against one `stamp sim` (2 hubs: seattle with ADFS,
 * denver with Azure AD; Traffic Manager in a simulated public Azure; an F5 BIG-IP DNS) with the real CLI, installed
 * by StampInstaller@1 from a local URL. The steps are the examples of docs/azure-pipelines.md, in order.
 */
describe('the tasks end to end against stamp sim', () => {
  const sim = new Simulation(path.join(E2E, 'sim'));
  const agent = new Agent();
  const examples = docExamples();
  let archiveServer: { url: string; close: () => Promise<void> };
  let secrets: string[] = [];

  function example(id: string) {
    const steps = examples.get(id);
    assert.ok(steps, `docs/azure-pipelines.md has no example '# e2e: ${id}'`);
    const tasks = steps.filter((s) => s.task);
    assert.equal(tasks.length, 1, id);
    return tasks[0];
  }

  /** Runs a doc example; tasks that start the CLI get the build's sandbox (java.io.tmpdir under target/). */
  async function run(id: string, extra: Record<string, string> = {}): Promise<TaskRunResult> {
    const step = example(id);
    const r = await agent.run(step, step.task === 'StampInstaller@1' ? extra : { javaOptions: JAVA_OPTIONS, ...extra });
    assert.deepEqual(agent.leftBehind(), [], `${id}: a private directory was left in the agent's temp folder`);
    return r;
  }

  function outputs(r: TaskRunResult): Record<string, string> {
    return Object.fromEntries([...r.variables].filter(([, v]) => v.isOutput).map(([k, v]) => [k, v.value]));
  }

  function trafficManager(): { etag: string; table: string } {
    const r = stamp(['shift', '--config', path.join(sim.dir, 'hubs.yaml'), '--provider', 'azure-traffic-manager', '--restore', 'seattle', '--dry-run',
      '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    return { etag: j.etag, table: j.table };
  }

  before(async () => {
    cliJar();
    await sim.start();
    const hubs = sim.hubs;
    const seattle = sim.hub('seattle');
    const denver = sim.hub('denver');
    const kube = (name: string) => sim.file(`${name}.kubeconfig`);
    const hubEndpoint = (h: any, extraData: Record<string, string>) => ({
      url: h.armEndpoint, scheme: 'ServicePrincipal',
      params: { serviceprincipalid: h.clientId, serviceprincipalkey: sim.file(h.clientSecretFile), tenantid: h.tenant, authenticationType: 'spnKey' },
      data: { environment: 'AzureStack', environmentUrl: h.armEndpoint, subscriptionId: h.subscription, subscriptionName: h.name, scopeLevel: 'Subscription',
        ...extraData },
    });
    // the CA that signed every simulated endpoint, as an enterprise CA would be given to the tasks
    Object.assign(agent.endpoints, {
      'hub-seattle': hubEndpoint(seattle, { EnableAdfsAuthentication: 'true' }),
      'hub-denver': hubEndpoint(denver, {}),
      'kube-seattle': { url: 'https://seattle.cluster', scheme: 'Kubernetes', params: { kubeconfig: kube('seattle') }, data: { authorizationType: 'Kubeconfig' } },
      'kube-denver': { url: 'https://denver.cluster', scheme: 'Kubernetes', params: { kubeconfig: kube('denver') }, data: { authorizationType: 'Kubeconfig' } },
      'public-azure': { url: hubs.publicAzure.armEndpoint, scheme: 'ServicePrincipal',
        params: { serviceprincipalid: hubs.publicAzure.clientId, serviceprincipalkey: sim.file(hubs.publicAzure.clientSecretFile),
          tenantid: hubs.publicAzure.tenant, authenticationType: 'spnKey' },
        data: { environment: 'AzureCloud', subscriptionId: hubs.publicAzure.subscription, subscriptionName: 'global', scopeLevel: 'Subscription' } },
      bigip: { url: hubs.gslb.url, scheme: 'UsernamePassword', params: { username: hubs.gslb.username, password: sim.file(hubs.gslb.passwordFile) } },
    });
    const tokens = [...new Set(['seattle', 'denver'].flatMap((n) => ((yaml.load(kube(n)) as any).users ?? []).map((u: any) => u.user?.token)))]
      .filter((t): t is string => typeof t === 'string');
    assert.ok(tokens.length > 0, 'the simulated clusters\' kubeconfigs hold a token');
    secrets = [sim.file(seattle.clientSecretFile), sim.file(denver.clientSecretFile), sim.file(hubs.publicAzure.clientSecretFile),
      sim.file(hubs.gslb.passwordFile), ...tokens, 'cluster-sp-secret-e2e-0001'].map((s) => s.trim());
    assert.ok(secrets.every((s) => s.length >= 8), 'every secret is long enough to be told apart in a log');
    // the workspace: the repository's files the examples name
    fs.cpSync(path.join(REPO, 'samples', 'charts', 'demo'), path.join(agent.workspace, 'charts', 'demo'), { recursive: true });
    fs.cpSync(path.join(moduleRoot(), 'test', 'fixtures', '_output'), path.join(agent.workspace, '_output'), { recursive: true });
    // the CLI as a release archive (stamp.jar + lib/), served as an internal artifact store would
    const archive = path.join(E2E, 'stamp-cli-0.1.0.tar');
    fs.rmSync(archive, { force: true });
    const tar = spawnSync('tar', ['-cf', archive, '-C', path.join(REPO, 'cli', 'target'), 'stamp.jar', 'lib']);
    assert.equal(tar.status, 0, String(tar.stderr));
    archiveServer = await serveFile(archive);
    Object.assign(agent.variables, {
      stampCliUrl: archiveServer.url,
      stampCliSha256: sha256(archive),
      seattleIngress: seattle.stamp.ingressUrl,
      seattleAppHost: seattle.stamp.appHost,
      trafficManagerProfile: hubs.publicAzure.trafficManager.profileId,
      caBundle: path.join(sim.dir, 'ca.pem'),
    });
  });

  after(async () => {
    await archiveServer?.close();
    await sim.stop();
  });

  it('StampInstaller@1 refuses an archive whose SHA-256 is not the one given, and caches nothing', async () => {
    // When
    const r = await run('install', { sha256: '0'.repeat(64) });
    // Then
    assert.equal(r.result, 'Failed', r.log);
    assert.match(r.message!, /sha256: the archive's SHA-256 is [0-9a-f]{64}, not the expected 0{64}; nothing was installed/);
    assert.ok(!fs.existsSync(path.join(agent.tools, 'stamp')), 'nothing in the tool cache');
  });

  it('StampInstaller@1 downloads the CLI, checks it and caches it; STAMP_HOME and the launcher work', async () => {
    // When
    const r = await run('install');
    // Then
    assert.equal(r.result, 'Succeeded', r.log);
    const home = outputs(r)['stampHome'];
    assert.equal(home, path.join(agent.tools, 'stamp', '0.1.0', 'x64'));
    assert.equal(agent.variables['STAMP_HOME'], home);
    assert.ok(fs.existsSync(path.join(home, 'stamp.jar')) && fs.existsSync(path.join(home, 'lib')));
    assert.match(r.message!, /stamp 0\.1\.0-SNAPSHOT at /);
    // a second run finds it in the cache, without downloading
    const again = await run('install');
    assert.equal(again.result, 'Succeeded');
    assert.match(again.log, /already in the tool cache/);
    assert.doesNotMatch(again.log, /Downloading/);
  });

  it('AkseDeploy@1 deploys a cluster on the ADFS hub and waits for its nodes', async () => {
    // When
    const r = await run('deploy');
    // Then
    assert.equal(r.result, 'Succeeded', r.log);
    assert.ok(r.log.includes(`[command]`) && r.log.includes(path.join(agent.variables['STAMP_HOME'], 'stamp.jar')), 'run from the installed CLI');
    const out = outputs(r);
    assert.equal(out['result'], 'deployed');
    assert.equal(out['readyNodes'], '3');
    assert.equal(out['expectedNodes'], '3');
    assert.match(out['deploymentName'], /^app-seattle-[0-9a-f]{10}$/);
    assert.match(r.log, /\[akseDeploy\] seattle wait-for-nodes: 3\/3 nodes Ready/);
  });

  it('AkseScale@1 scales the pool out by a deployment, then in by drain and deletion', async () => {
    // When
    const out = await run('scale-out');
    const inward = await run('scale-in');
    // Then
    assert.equal(out.result, 'Succeeded', out.log);
    assert.deepEqual(outputs(out), { pool: 'agentpool1', before: '2', after: '3', added: 'k8s-agentpool1-31415926-2', removed: '' });
    assert.equal(inward.result, 'Succeeded', inward.log);
    assert.deepEqual(outputs(inward), { pool: 'agentpool1', before: '3', after: '2', added: '', removed: 'k8s-agentpool1-31415926-2' });
    assert.match(inward.log, /deleted virtualMachines k8s-agentpool1-31415926-2/);
  });

  it('AkseDeploy@1 previews on the Azure AD hub and writes nothing to it', async () => {
    // Given
    const before = sim.journal.length;
    // When
    const r = await run('what-if');
    // Then
    assert.equal(r.result, 'Succeeded', r.log);
    assert.match(r.message!, /what-if/);
    const denverWrites = sim.journal.slice(before).filter((l) => /\[denver\] (PUT|PATCH|DELETE) /.test(l));
    assert.deepEqual(denverWrites, []);
  });

  it('HelmRollout@1 rolls the chart out, its smoke probe passing through the stamp\'s ingress', async () => {
    // When
    const r = await run('rollout');
    // Then
    assert.equal(r.result, 'Succeeded', r.log);
    const out = outputs(r);
    assert.equal(out['revision'], '1');
    assert.equal(out['phase'], 'SUCCEEDED');
    assert.equal(out['rolledBackToRevision'], undefined);
    assert.match(r.log, /\[helmRollout\] smoke: smoke probe passed/);
  });

  it('HelmRollout@1 fails a crashing revision, rolled back; rolledBackToRevision says where the release is', async () => {
    // When
    const r = await run('rollout-crash');
    // Then
    assert.equal(r.result, 'Failed', r.log);
    assert.match(r.message!, /^\[helmRollout\] rollout of web revision 2 failed and was rolled back to revision 1 \(new revision 3\)/);
    assert.deepEqual({ ...outputs(r), images: undefined }, { revision: '2', previousGoodRevision: '1', rolledBackToRevision: '1', rollbackRevision: '3',
      phase: 'ROLLED_BACK', chart: 'demo', chartVersion: '1.1.0', images: undefined });
    assert.match(r.log, /CrashLoopBackOff/);
  });

  it('TrafficShift@1 refuses to drain the only serving stamp: Failed, nothing written to Traffic Manager', async () => {
    // Given seattle serves (its app is up again) and denver does not (no app there)
    const deadline = Date.now() + 60_000;
    let state = trafficManager();
    while (!/^seattle\s+Online/m.test(state.table)) {
      assert.ok(Date.now() < deadline, `Traffic Manager never saw seattle Online:\n${state.table}`);
      await new Promise((r) => setTimeout(r, 500)); // the monitor probes on its own period; ask it again
      state = trafficManager();
    }
    assert.doesNotMatch(state.table, /^denver\s+Online/m);
    // When
    const r = await run('drain-refused');
    // Then
    assert.equal(r.result, 'Failed', r.log);
    assert.match(r.message!, /^\[trafficShift\] invalid input, nothing was written: .*never drain the last healthy endpoint/);
    assert.equal(trafficManager().etag, state.etag, 'the profile was not written (its ETag changes with every write)');
  });

  it('TrafficShift@1 drains a stamp that is not serving and reports the weights', async () => {
    // Given
    const before = trafficManager().etag;
    // When
    const r = await run('drain');
    // Then
    assert.equal(r.result, 'Succeeded', r.log);
    assert.deepEqual(outputs(r), { weights: 'seattle=100,denver=0', weightsBefore: 'seattle=50,denver=50', reverted: 'false',
      stepsTaken: 'drain denver', operation: 'drain' });
    assert.notEqual(trafficManager().etag, before);
    assert.match(trafficManager().table, /^denver\s+\S+\s+disabled\/500/m);
  });

  it('TrafficShift@1 reads an F5 BIG-IP DNS through a generic service connection (dry run)', async () => {
    // When
    const r = await run('f5-dry-run');
    // Then
    assert.equal(r.result, 'Succeeded', r.log);
    assert.match(r.log, /^seattle\s+/m);
    assert.match(r.message!, /dry run: nothing was written/);
  });

  it('a task cancelled by the agent (SIGINT) stops the CLI and still deletes its private directory', async () => {
    // Given a rollout whose pods never turn Ready
    const step = { task: 'HelmRollout@1', inputs: { ...example('rollout-crash').inputs, set: 'host=$(seattleAppHost)\nbehavior=never-ready', timeout: '5m' } };
    const started = Date.now();
    // When the run is cancelled while the CLI tracks the new revision
    const r = await agent.run(step, { javaOptions: JAVA_OPTIONS }, { when: /\[helmRollout\] upgrade: /, signal: 'SIGINT' });
    // Then
    assert.ok(Date.now() - started < 60_000, 'it stopped long before its timeout');
    assert.equal(r.result, 'Cancelled', r.log);
    assert.match(r.message!, /^\[helmRollout\] cancelled: the stamp CLI stopped \(exit code 130\)/);
    assert.match(r.log, /\[helmRollout\] upgrade: helm upgrade --install created revision 4/);
    assert.deepEqual(agent.leftBehind(), [], 'the private directory (kubeconfig) is deleted after a cancel too');
  });

  it('every log is free of every secret used, and no private directory is left', async () => {
    // Then
    assert.ok(agent.logs.length >= 11, `${agent.logs.length} runs`);
    for (const run of agent.logs) {
      assert.deepEqual(secretsShown(run, secrets), [], run.logFile);
      // and each secret its service connections hold (a key, a password, a token inside a kubeconfig) was registered with the masker
      const held = Object.values(run.endpoints).flatMap((e) => Object.values(e.params ?? {}));
      const notRegistered = secrets.filter((secret) => held.some((v) => v.includes(secret)) && !run.secrets.includes(secret));
      assert.deepEqual(notRegistered.map((x) => x.substring(0, 6) + '…'), [], `${run.logFile}: secrets not registered with the masker`);
    }
    assert.deepEqual(agent.leftBehind(), []);
  });
});
