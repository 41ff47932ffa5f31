import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taskJson } from '../support/agent';

/**
 * The Jenkins steps' arguments and defaults (plugin/src/main/java/io/stamprelease/plugin/**\/*Step.java at the time the
 * tasks were written), which the tasks' inputs mirror by name and default. Where Azure DevOps has its own way the
 * input is renamed (a service connection instead of a configured hub or credential) — listed, not silent.
 */
const JENKINS: Record<string, { required: string[]; defaults: Record<string, string>; optional: string[]; renamed: Record<string, string> }> = {
  AkseDeploy: {
    required: ['hub', 'resourceGroup', 'template', 'parameters'],
    defaults: { mode: 'Incremental', timeout: '30m', whatIf: 'false', pollInterval: '10s' },
    optional: ['location', 'apimodel', 'deploymentName', 'kubeconfig'],
    renamed: {},
  },
  AkseScale: {
    required: ['hub', 'resourceGroup', 'pool', 'count'],
    defaults: { drainTimeout: '5m', maxParallelDrains: '1', force: 'false', timeout: '30m', pollInterval: '5s' },
    optional: ['template', 'parameters', 'kubeconfig'],
    renamed: {},
  },
  HelmRollout: {
    required: ['release', 'namespace', 'chart'],
    defaults: { createNamespace: 'false', timeout: '10m', historyMax: '10', maxRestarts: '3', rollback: 'true', onFirstInstallFailure: 'uninstall',
      dryRun: 'false', probeStatus: '200', probeAttempts: '5', probeInterval: '2s' },
    optional: ['stamp', 'kubeconfig', 'chartVersion', 'repo', 'values', 'set', 'probeUrl', 'probeHost', 'probeBody'],
    renamed: { kubeconfigCredentialsId: 'kubernetesServiceConnection' },
  },
  TrafficShift: {
    required: ['provider'],
    defaults: { raw: 'false', partial: 'false', maxStep: '50', poll: '10s', dryRun: 'false' },
    optional: ['profile', 'set', 'drain', 'restore', 'shiftTo', 'drainMode', 'steps', 'bake', 'wait', 'probeUrl', 'reason'],
    renamed: { hub: 'azureSubscription', gslb: 'gslbServiceConnection' },
  },
};

describe('the tasks\' inputs mirror the Jenkins steps\' arguments', () => {
  for (const [task, jenkins] of Object.entries(JENKINS)) {
    it(`${task}@1 has every argument of its Jenkins step, by the same name, with the same default`, () => {
      // Given
      const inputs = new Map(taskJson(task).inputs.map((i) => [i.name, i]));
      // Then
      for (const name of [...jenkins.required, ...jenkins.optional, ...Object.keys(jenkins.defaults)]) {
        const input = inputs.get(jenkins.renamed[name] ?? name);
        assert.ok(input, `${task}: no input for the Jenkins argument '${name}'`);
        assert.ok(input.helpMarkDown, `${task}: input '${input.name}' has no help text`);
      }
      for (const name of jenkins.required) {
        assert.equal(inputs.get(jenkins.renamed[name] ?? name)?.required, true, `${task}: '${name}' is required in Jenkins`);
      }
      for (const [name, value] of Object.entries(jenkins.defaults)) {
        assert.equal(String(inputs.get(name)?.defaultValue), value, `${task}: default of '${name}'`);
      }
      for (const [from, to] of Object.entries(jenkins.renamed)) {
        assert.match(String(inputs.get(to)?.type), /^connectedService:/, `${task}: '${from}' becomes the service connection '${to}'`);
      }
    });
  }
});
