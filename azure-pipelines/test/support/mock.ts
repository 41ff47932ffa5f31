import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test';
import { agentInputs, Commands, Endpoint, endpointEnv, moduleRoot, parseCommands, taskDir, taskEntry, TaskName } from './agent';

/** One run of a task under task-lib's mock-test: what the agent gives it, and what the CLI would answer. */
export interface MockScenario {
  inputs: Record<string, string | boolean | number>;
  endpoints?: Record<string, Endpoint>;
  variables?: Record<string, string>;
  /** Secret variables, passed as the agent passes them (SECRET_<NAME>, kept out of the task's environment by task-lib). */
  secretVariables?: Record<string, string>;
  which?: Record<string, string>;
  cli?: { code?: number; stdout?: string | object; stderr?: string };
  passThrough?: string[];
}

/** What the CLI would have been started with (one entry per start), as the recorder saw it. */
export interface Started {
  tool: string;
  args: string[];
  env: Record<string, string>;
  secretDirs: { dir: string; mode: string; files: { name: string; mode: string; content: string }[] }[];
}

export interface MockResult extends Commands {
  stdout: string;
  started: Started[];
  tempDir: string;
  /** The stamp.jar the scenario's stampPath points at (a placeholder file: the CLI is never really started here). */
  jar: string;
}

let counter = 0;

/** A workspace with a placeholder stamp.jar (for stampPath) and the agent's temp directory, under target/. */
function workspace(): { root: string; temp: string; sources: string; jar: string } {
  const root = path.join(moduleRoot(), 'target', 'mock', `run-${process.pid}-${++counter}`);
  fs.rmSync(root, { recursive: true, force: true });
  const temp = path.join(root, '_temp');
  const sources = path.join(root, 's');
  const cli = path.join(root, 'stamp-cli');
  [temp, sources, path.join(cli, 'lib')].forEach((d) => fs.mkdirSync(d, { recursive: true }));
  const jar = path.join(cli, 'stamp.jar');
  fs.writeFileSync(jar, 'placeholder: never run by mock tests');
  return { root, temp, sources, jar };
}

export async function runMock(task: TaskName, s: MockScenario): Promise<MockResult> {
  const ws = workspace();
  const inputs = task === 'StampInstaller' ? s.inputs : { stampPath: ws.jar, ...s.inputs };
  const env: Record<string, string> = {
    AGENT_TEMPDIRECTORY: ws.temp,
    BUILD_SOURCESDIRECTORY: ws.sources,
    SYSTEM_DEFAULTWORKINGDIRECTORY: ws.sources,
    ...agentInputs(task, inputs, ws.sources),
  };
  for (const [id, e] of Object.entries(s.endpoints ?? {})) {
    Object.assign(env, endpointEnv(id, e));
  }
  for (const [name, value] of Object.entries(s.variables ?? {})) {
    env[name.replace(/\./g, '_').toUpperCase()] = value;
  }
  for (const [name, value] of Object.entries(s.secretVariables ?? {})) {
    env['SECRET_' + name.replace(/\./g, '_').toUpperCase()] = value;
  }
  const recordFile = path.join(ws.root, 'started.json');
  const stdout = s.cli?.stdout;
  const scenario = {
    entry: taskEntry(task),
    env,
    which: { java: '/usr/lib/jvm/java-17/bin/java', ...(s.which ?? {}) },
    tool: {
      code: s.cli?.code ?? 0,
      stdout: typeof stdout === 'object' ? JSON.stringify(stdout, null, 2) : stdout ?? '',
      stderr: s.cli?.stderr ?? '',
      passThrough: s.passThrough ?? [],
    },
    recordFile,
  };
  const scenarioFile = path.join(ws.root, 'scenario.json');
  fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
  const runner = new MockTestRunner(path.join(moduleRoot(), 'target', 'build', 'test', 'support', 'mockrun.js'),
    path.join(taskDir(task), 'task.json'));
  runner.nodePath = process.execPath; // the machine's Node: mock-test would otherwise download one
  const saved = { SCENARIO_FILE: process.env['SCENARIO_FILE'], JAVA_HOME: process.env['JAVA_HOME'], STAMP_HOME: process.env['STAMP_HOME'] };
  process.env['SCENARIO_FILE'] = scenarioFile;
  delete process.env['JAVA_HOME'];
  delete process.env['STAMP_HOME'];
  try {
    await runner.runAsync();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
  }
  const started: Started[] = fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : [];
  const result: MockResult = { ...parseCommands(runner.stdout), stdout: runner.stdout + runner.stderr, started, tempDir: ws.temp, jar: ws.jar };
  return result;
}

/** The private directories the task left in the agent's temp directory (there must be none). */
export function leftBehind(r: MockResult): string[] {
  return fs.readdirSync(r.tempDir).filter((n) => n.startsWith('stamp-'));
}

/** A self-signed certificate and key as PEM, as an spnCertificate connection holds them (test data only). */
export function fakePem(): string {
  const body = (seed: string) => Array.from({ length: 6 }, (_, i) => Buffer.from(`${seed}-${i}-`.repeat(4)).toString('base64').substring(0, 64));
  return ['-----BEGIN CERTIFICATE-----', ...body('certificate'), '-----END CERTIFICATE-----',
    '-----BEGIN PRIVATE KEY-----', ...body('private-key-material'), '-----END PRIVATE KEY-----', ''].join(os.EOL);
}

/** A file of the run's private directory as the CLI would have found it. */
export function file(started: Started, name: string) {
  const f = started.secretDirs.flatMap((d) => d.files).find((x) => x.name === name);
  assert.ok(f, `no ${name} in ${JSON.stringify(started.secretDirs.map((d) => d.files.map((x) => x.name)))}`);
  return f;
}
