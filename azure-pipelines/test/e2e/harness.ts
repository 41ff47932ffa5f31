import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import yaml = require('js-yaml');
import { commandFromString } from 'azure-pipelines-task-lib/taskcommand';
import { agentInputs, Commands, Endpoint, endpointEnv, moduleRoot, parseCommands, taskEntry, TaskName } from '../support/agent';

export const REPO = path.dirname(moduleRoot());
export const E2E = path.join(moduleRoot(), 'target', 'e2e');
const SANDBOX = path.join(E2E, 'sandbox');

/** The CLI as `mvn package` leaves it (the e2e module comes after cli in the reactor). */
export function cliJar(): string {
  const jar = path.join(REPO, 'cli', 'target', 'stamp.jar');
  if (!fs.existsSync(jar) || !fs.existsSync(path.join(REPO, 'cli', 'target', 'lib'))) {
    throw new Error(`${jar} and its lib/ are missing: build the cli module first (mvn -B package -pl cli -am -DskipTests)`);
  }
  return jar;
}

/** A private HOME and temp dirs for everything started here, as the Maven build gives its JVM tests. */
export function sandboxEnv(): Record<string, string> {
  for (const d of ['home', 'tmp']) {
    fs.mkdirSync(path.join(SANDBOX, d), { recursive: true });
  }
  const env: Record<string, string> = { HOME: path.join(SANDBOX, 'home'), PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  if (process.env['JAVA_HOME']) {
    env['JAVA_HOME'] = process.env['JAVA_HOME'];
  }
  return env;
}

/** The build's Java (JAVA_HOME, which the Maven build sets), else the one on the PATH. */
const JAVA = process.env['JAVA_HOME'] ? path.join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';

export const JAVA_OPTIONS = `-Djava.io.tmpdir=${path.join(SANDBOX, 'tmp')} -Djna.tmpdir=${path.join(SANDBOX, 'tmp')}`;

/** `stamp sim` in the background: its hubs.yaml, the secrets it wrote, and the ARM requests of its hubs (--verbose). */
export class Simulation {
  readonly dir: string;
  readonly journal: string[] = [];
  hubs: any;
  private process?: ChildProcess;

  constructor(dir: string) {
    this.dir = dir;
  }

  async start(): Promise<void> {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    const child = spawn(JAVA, [`-Djava.io.tmpdir=${path.join(SANDBOX, 'tmp')}`, '-jar', cliJar(), 'sim', '--hubs', '2', '--speed', 'fast',
      '--dir', this.dir, '--verbose'], { env: sandboxEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    let pending = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('stamp sim was not ready within 120 s:\n' + this.journal.join('\n'))), 120_000);
      child.stderr!.on('data', (d: Buffer) => {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          this.journal.push(line);
          if (/simulated hub\(s\) ready/.test(line)) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`stamp sim ended with ${code}:\n${this.journal.join('\n')}`));
      });
    });
    child.removeAllListeners('exit');
    this.hubs = yaml.load(fs.readFileSync(path.join(this.dir, 'hubs.yaml'), 'utf8'));
  }

  file(relative: string): string {
    return fs.readFileSync(path.join(this.dir, relative), 'utf8');
  }

  hub(name: string): any {
    return this.hubs.hubs.find((h: any) => h.name === name);
  }

  /** Ctrl-C: the simulation stops and deletes its credential files. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) {
      return;
    }
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  }
}

/** Runs the CLI directly (test set-up and checks, not a task under test). */
export function stamp(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(JAVA, [`-Djava.io.tmpdir=${path.join(SANDBOX, 'tmp')}`, '-jar', cliJar(), ...args], { env: sandboxEnv(), encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Serves one file over HTTP on 127.0.0.1, as an internal artifact store would. */
export async function serveFile(file: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/' + path.basename(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/${path.basename(file)}`, close: () => new Promise((r) => server.close(() => r())) };
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** One task run as the agent runs it, with everything it printed (the log). */
export interface TaskRunResult extends Commands {
  task: TaskName;
  log: string;
  logFile: string;
  exitCode: number;
  endpoints: Record<string, Endpoint>;
}

/** The agent's job: its folders, its variables, the service connections it may use, and the logs of its steps. */
export class Agent {
  readonly root = path.join(E2E, 'agent');
  readonly temp = path.join(this.root, '_temp');
  readonly tools = path.join(this.root, '_tool');
  readonly workspace = path.join(this.root, 's');
  readonly logs: TaskRunResult[] = [];
  readonly variables: Record<string, string> = {};
  readonly endpoints: Record<string, Endpoint> = {};
  private counter = 0;

  constructor() {
    fs.rmSync(this.root, { recursive: true, force: true });
    fs.rmSync(path.join(E2E, 'logs'), { recursive: true, force: true });
    [this.temp, this.tools, this.workspace, path.join(E2E, 'logs')].forEach((d) => fs.mkdirSync(d, { recursive: true }));
  }

  /** `$(name)` macros in an input, expanded from the job's variables as the agent does; an unknown one is an error here. */
  expand(value: string): string {
    return value.replace(/\$\(([\w.]+)\)/g, (_, name: string) => {
      if (!(name in this.variables)) {
        throw new Error(`no variable $(${name}) in the test's agent`);
      }
      return this.variables[name];
    });
  }

  /**
   * Runs a task step (`task: Name@1`, `inputs:`) with `node`: the agent's INPUT_* (task.json defaults filled in),
   * ENDPOINT_* of the service connections its inputs name, and the job's variables; cwd is the sources folder.
   */
  async run(step: { task: string; inputs: Record<string, unknown> }, extraInputs: Record<string, string> = {},
    interrupt?: { when: RegExp; signal: NodeJS.Signals }): Promise<TaskRunResult> {
    const task = step.task.replace(/@1$/, '') as TaskName;
    const given: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...step.inputs, ...extraInputs })) {
      given[k] = this.expand(String(v));
    }
    const env: Record<string, string> = {
      ...sandboxEnv(),
      AGENT_TEMPDIRECTORY: this.temp,
      AGENT_TOOLSDIRECTORY: this.tools,
      AGENT_WORKFOLDER: this.root,
      BUILD_SOURCESDIRECTORY: this.workspace,
      SYSTEM_DEFAULTWORKINGDIRECTORY: this.workspace,
      SYSTEM_TEAMPROJECT: 'apps',
      BUILD_DEFINITIONNAME: 'stamp-release',
      BUILD_BUILDNUMBER: '20261206.1',
      BUILD_REQUESTEDFOREMAIL: 'alice@corp.example',
      ...agentInputs(task, given, this.workspace),
    };
    if (this.variables['STAMP_HOME']) {
      env['STAMP_HOME'] = this.variables['STAMP_HOME'];
      env['PATH'] = `${this.variables['STAMP_HOME']}/bin:${env['PATH']}`;
    }
    const used: Record<string, Endpoint> = {};
    for (const value of Object.values(given)) {
      if (this.endpoints[value]) {
        used[value] = this.endpoints[value];
        Object.assign(env, endpointEnv(value, this.endpoints[value]));
      }
    }
    // not spawnSync: the test process serves the CLI archive while a task downloads it
    const child = spawn(process.execPath, [taskEntry(task)], { cwd: this.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (interrupt && !interrupted && interrupt.when.test(stdout)) {
        interrupted = true; // as the agent does when a run is cancelled
        child.kill(interrupt.signal);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const r = { stdout, stderr, status };
    const log = (r.stdout ?? '') + (r.stderr ?? '');
    const logFile = path.join(E2E, 'logs', `${String(++this.counter).padStart(2, '0')}-${task}.log`);
    fs.writeFileSync(logFile, log);
    const result: TaskRunResult = { ...parseCommands(r.stdout ?? ''), task, log, logFile, exitCode: r.status ?? -1, endpoints: used };
    for (const [name, v] of result.variables) {
      if (!v.isOutput) {
        this.variables[name] = v.value;
      }
    }
    this.logs.push(result);
    return result;
  }

  /** The private directories tasks left in the agent's temp folder (there must be none). */
  leftBehind(): string[] {
    return fs.readdirSync(this.temp).filter((n) => n.startsWith('stamp-'));
  }
}

/** The `yaml` blocks of docs/azure-pipelines.md that start with `# e2e: <id>`: the steps the test runs. */
export function docExamples(): Map<string, { task: string; inputs: Record<string, unknown>; name?: string }[]> {
  const text = fs.readFileSync(path.join(REPO, 'docs', 'azure-pipelines.md'), 'utf8');
  const examples = new Map<string, any[]>();
  for (const m of text.matchAll(/```yaml\n# e2e: ([\w-]+)\n([\s\S]*?)```/g)) {
    examples.set(m[1], yaml.load(m[2]) as any[]);
  }
  return examples;
}

/**
 * Every secret of a log line, as the agent would show it: `task.setsecret` commands are consumed by the agent,
 * and task-lib's own debug lines (which print endpoint parameters) are masked by the agent with the connections'
 * authorization parameters (azure-pipelines-agent: JobExtension adds them to its SecretMasker). Every other line
 * is checked raw.
 */
export function secretsShown(run: TaskRunResult, secrets: string[]): { line: string; secret: string }[] {
  const agentMasked = Object.values(run.endpoints).flatMap((e) => Object.values(e.params ?? {})).filter((v) => v.length > 0);
  const hits: { line: string; secret: string }[] = [];
  for (const raw of run.log.split(/\r?\n/)) {
    if (raw.startsWith('##vso[task.setsecret]')) {
      continue;
    }
    let line = raw;
    if (raw.startsWith('##vso[task.debug]')) {
      // the agent unescapes the command's message (a multi-line value is one line here, %0A-escaped), then masks it
      line = commandFromString(raw).message;
      for (const v of agentMasked) {
        line = line.split(v).join('***');
      }
    }
    for (const s of secrets) {
      if (line.includes(s)) {
        hits.push({ line: raw.substring(0, 160), secret: s.substring(0, 6) + '…' });
      }
    }
  }
  return hits;
}
