import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import yaml = require('js-yaml');
import { moduleRoot } from '../support/agent';
import { expandPipeline, jobSteps } from '../support/pipeline';
import { stepsProblems } from '../support/steps';

const REPO = path.dirname(moduleRoot());
const SAMPLE = path.join(REPO, 'samples', 'azure-pipelines', 'stamp-release.yml');

describe('samples/azure-pipelines/stamp-release.yml', () => {
  const raw = yaml.load(fs.readFileSync(SAMPLE, 'utf8')) as any;
  const waves: { name: string; stamps: { name: string; hub: string }[] }[] = raw.parameters.find((p: any) => p.name === 'waves').default;
  const pipeline = expandPipeline(SAMPLE);
  const variables = new Set(Object.keys(pipeline.variables ?? {}));

  it('has the waves of samples/stamps.yaml: the same stamps, hubs and order', () => {
    // Given
    const plan = yaml.load(fs.readFileSync(path.join(REPO, 'samples', 'stamps.yaml'), 'utf8')) as any;
    // Then
    assert.deepEqual(waves.map((w) => [w.name, w.stamps.map((s) => s.name)]), plan.waves.map((w: any) => [w.name, w.stamps]));
    for (const s of waves.flatMap((w) => w.stamps)) {
      assert.equal(s.hub, plan.stamps.find((p: any) => p.name === s.name).hub, s.name);
    }
  });

  it('expands to one stage per wave, in order, each after the previous one and only if it succeeded', () => {
    // Then
    assert.deepEqual(pipeline.stages.map((s: any) => s.stage), waves.map((w) => w.name));
    for (const stage of pipeline.stages) {
      // no dependsOn: a stage depends on the one before it; no condition: only when that one succeeded
      // (learn.microsoft.com/azure/devops/pipelines/yaml-schema/stages: "By default, stages run sequentially")
      assert.equal(stage.dependsOn, undefined, `${stage.stage} must not name its own dependencies`);
      assert.equal(stage.condition, undefined, `${stage.stage} must not run after a failed wave`);
    }
  });

  it('gives every stamp one deployment job in environment stamp-<name> on pool hub-<hub>: drain, rollout, restore', () => {
    // Then
    pipeline.stages.forEach((stage: any, i: number) => {
      assert.deepEqual(stage.jobs.map((j: any) => [j.deployment, j.environment, j.pool]),
        waves[i].stamps.map((s) => [s.name, `stamp-${s.name}`, `hub-${s.hub}`]));
      for (const job of stage.jobs) {
        const operations = jobSteps(job).filter((s: any) => s.task).map((s: any) => s.task === 'TrafficShift@1'
          ? `${s.inputs.operation} ${s.inputs[s.inputs.operation]}` : s.task);
        assert.deepEqual(operations, ['StampInstaller@1', `drain ${job.deployment}`, 'HelmRollout@1', `restore ${job.deployment}`]);
        const rollout = jobSteps(job).find((s: any) => s.task === 'HelmRollout@1');
        assert.equal(rollout.inputs.kubernetesServiceConnection, `kube-${job.deployment}`);
      }
    });
  });

  it('uses only tasks and inputs that exist, with every required input, and only variables it has', () => {
    // Then
    const problems = pipeline.stages.flatMap((stage: any) => stage.jobs.flatMap((job: any) => stepsProblems(jobSteps(job), variables)
      .map((p) => `${stage.stage}/${job.deployment}: ${p}`)));
    assert.deepEqual(problems, []);
  });
});

describe('docs/azure-pipelines.md', () => {
  const text = fs.readFileSync(path.join(REPO, 'docs', 'azure-pipelines.md'), 'utf8');

  it('has an example for every task, each using only tasks, inputs and outputs that exist', () => {
    // Given
    const blocks = [...text.matchAll(/```yaml\n# e2e: ([\w-]+)\n([\s\S]*?)```/g)];
    // Then
    const tasks = new Set(blocks.flatMap((b) => (yaml.load(b[2]) as any[]).filter((s) => s.task).map((s) => s.task)));
    assert.deepEqual([...tasks].sort(), ['AkseDeploy@1', 'AkseScale@1', 'HelmRollout@1', 'StampInstaller@1', 'TrafficShift@1']);
    const testVariables = new Set(['caBundle', 'seattleIngress', 'seattleAppHost', 'trafficManagerProfile', 'stampCliUrl', 'stampCliSha256']);
    const problems = blocks.flatMap((b) => stepsProblems(yaml.load(b[2]) as any[], testVariables).map((p) => `${b[1]}: ${p}`));
    assert.deepEqual(problems, []);
  });

  it('lists every input and every output variable of every task', () => {
    // Then
    for (const task of ['AkseDeploy', 'AkseScale', 'HelmRollout', 'TrafficShift', 'StampInstaller']) {
      const json = JSON.parse(fs.readFileSync(path.join(moduleRoot(), 'tasks', task, 'task.json'), 'utf8'));
      const section = text.substring(text.indexOf(`### ${task}@1`), text.indexOf('\n### ', text.indexOf(`### ${task}@1`) + 1) >>> 0);
      const shared = ['stampPath', 'javaOptions'];
      const missing = [...json.inputs.map((i: any) => i.name).filter((n: string) => !shared.includes(n)), ...json.outputVariables.map((o: any) => o.name)]
        .filter((n: string) => !section.includes('`' + n + '`'));
      assert.deepEqual(missing, [], task);
    }
  });
});
