import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import tl = require('azure-pipelines-task-lib/task');
import { Inputs } from './inputs';
import { registerSecret } from './secrets';

/** How the stamp CLI is started on this agent: a launcher on its own, or java with the jar. */
export interface StampCli {
  tool: string;
  prefix: string[];
}

/**
 * Finds the CLI without assuming internet access: the stampPath input (stamp.jar, a folder holding stamp.jar and
 * lib/, or a launcher), else STAMP_HOME (StampInstaller@1 sets it), else a `stamp` launcher on the PATH. A jar is
 * run with JAVA_HOME's java or the java on the PATH, with the javaOptions input in front.
 */
export function locateCli(inputs: Inputs): StampCli | undefined {
  const given = inputs.string('stampPath');
  const home = given ?? tl.getVariable('STAMP_HOME');
  const input = given !== undefined ? 'stampPath' : 'stampPath (from STAMP_HOME)';
  let jar: string | undefined;
  if (home !== undefined) {
    const target = path.resolve(home);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      jar = path.join(target, 'stamp.jar');
      if (!fs.existsSync(jar)) {
        inputs.problem(input, `'${target}' holds no stamp.jar (give the folder with stamp.jar and lib/, the jar, or a launcher)`);
        return undefined;
      }
    } else if (target.endsWith('.jar')) {
      if (!fs.existsSync(target)) {
        inputs.problem(input, `'${target}' does not exist`);
        return undefined;
      }
      jar = target;
    } else if (fs.existsSync(target)) {
      return { tool: target, prefix: [] };
    } else {
      inputs.problem(input, `'${target}' does not exist`);
      return undefined;
    }
  }
  if (jar === undefined) {
    const launcher = tl.which('stamp', false);
    if (launcher) {
      return { tool: launcher, prefix: [] };
    }
    inputs.problem('stampPath', 'the stamp CLI was not found: set stampPath, set STAMP_HOME, put a stamp launcher on the PATH, '
      + 'or run StampInstaller@1 first');
    return undefined;
  }
  const javaHome = process.env['JAVA_HOME'];
  const java = javaHome && fs.existsSync(path.join(javaHome, 'bin', 'java')) ? path.join(javaHome, 'bin', 'java') : tl.which('java', false);
  if (!java) {
    inputs.problem('stampPath', 'the stamp CLI needs Java 17 or later on the agent (JAVA_HOME, or java on the PATH)');
    return undefined;
  }
  const javaOptions = (inputs.string('javaOptions') ?? '').split(/\s+/).filter((o) => o.length > 0);
  return { tool: java, prefix: [...javaOptions, '-jar', jar] };
}

/** A `stamp` command line built from inputs; remembers which input each flag came from, for messages. */
export class CliArgs {
  readonly argv: string[];
  readonly inputOf = new Map<string, string>();

  constructor(...command: string[]) {
    this.argv = [...command];
  }

  option(flag: string, input: string, value: string | undefined): this {
    if (value !== undefined) {
      this.argv.push(flag, value);
      this.inputOf.set(flag, input);
    }
    return this;
  }

  repeated(flag: string, input: string, values: string[]): this {
    values.forEach((v) => this.option(flag, input, v));
    return this;
  }

  flag(flag: string, input: string, on: boolean): this {
    if (on) {
      this.argv.push(flag);
      this.inputOf.set(flag, input);
    }
    return this;
  }

  /** An option the task sets itself (a file it wrote): problems with it are the named input's (a connection). */
  internal(flag: string, value: string, blame: string): this {
    this.argv.push(flag, value);
    this.inputOf.set(flag, blame);
    return this;
  }
}

export interface CliRun {
  code: number;
  /** The `--output json` result (absent when the CLI stopped before one, e.g. invalid input). */
  json?: any;
  /** The CLI's `error:` lines (with their continuation lines), without the prefix. */
  error: string;
}

const PROGRESS_LINE = /^\d{2}:\d{2}:\d{2} /;

/**
 * Runs the CLI with `--output json`: progress lines (stderr) go to the log as they come, with any "##vso["
 * command in them neutralised (pod events and ARM messages are not trusted to drive the agent); the JSON result
 * (stdout) is kept. No secret is on the command line: hubs.yaml and the files it names carry them.
 */
export async function runStamp(cli: StampCli, args: CliArgs, env: Record<string, string>): Promise<CliRun> {
  const argv = [...cli.prefix, ...args.argv, '--output', 'json'];
  console.log('[command]' + [cli.tool, ...argv].map(displayArg).join(' '));
  const tool = tl.tool(cli.tool).arg(argv);
  let stdout = '';
  let pending = '';
  const errorLines: string[] = [];
  let inError = false;
  const line = (text: string) => {
    tl.writeExternalOutput(text + os.EOL, { source: 'childProcess' });
    if (text.startsWith('error: ')) {
      inError = true;
      errorLines.push(text.substring('error: '.length));
    } else if (inError && !PROGRESS_LINE.test(text) && text.trim() !== '') {
      errorLines.push(text);
    } else {
      inError = false;
    }
  };
  tool.on('stdout', (data: Buffer) => {
    stdout += data.toString();
  });
  tool.on('stderr', (data: Buffer) => {
    pending += data.toString();
    const parts = pending.split(/\r?\n/);
    pending = parts.pop() ?? '';
    parts.forEach(line);
  });
  const cancel = () => tool.killChildProcess('SIGINT');
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  let code: number;
  try {
    code = await tool.execAsync({ env, silent: true, ignoreReturnCode: true, failOnStdErr: false });
  } finally {
    process.removeListener('SIGINT', cancel);
    process.removeListener('SIGTERM', cancel);
  }
  if (pending !== '') {
    line(pending);
  }
  return { code, json: parseJson(stdout), error: errorLines.join('\n') };
}

function parseJson(stdout: string): any {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) {
    return undefined;
  }
  try {
    return JSON.parse(stdout.substring(start, end + 1));
  } catch {
    return undefined;
  }
}

function displayArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * The CLI's environment: the agent's, without the task's inputs and endpoints (the secrets are in files), plus
 * the agent's proxy (Agent.ProxyUrl) as HTTPS_PROXY/NO_PROXY, which the CLI honours the way curl and az do.
 */
export function childEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(INPUT_|ENDPOINT_|SECRET_|SECUREFILE_|VSTS_TASKVARIABLE_|SYSTEM_ACCESSTOKEN$)/.test(key)) {
      env[key] = value;
    }
  }
  Object.assign(env, proxyEnvironment(), extra);
  return env;
}

function proxyEnvironment(): Record<string, string> {
  const proxy = tl.getHttpProxyConfiguration();
  if (!proxy || !proxy.proxyUrl) {
    return {};
  }
  registerSecret(proxy.proxyPassword);
  if (proxy.proxyUsername || proxy.proxyPassword) {
    tl.warning('The agent\'s proxy credentials are not passed to the stamp CLI: it does not authenticate to proxies. '
      + 'Allow this agent through the proxy, or bypass it for the hub (Agent.ProxyBypassList).');
  }
  let url = proxy.proxyUrl;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    url = u.toString().replace(/\/$/, '');
  } catch {
    // not a URL: the CLI will say so, naming HTTPS_PROXY
  }
  const env: Record<string, string> = { HTTPS_PROXY: url, HTTP_PROXY: url };
  const noProxy: string[] = [];
  for (const pattern of proxy.proxyBypassHosts ?? []) {
    const host = bypassHost(pattern);
    if (host) {
      noProxy.push(host);
    } else {
      tl.warning(`Agent.ProxyBypassList entry '${pattern}' is a pattern the CLI's NO_PROXY (host names and domain suffixes) cannot express; `
        + 'it is not applied');
    }
  }
  if (noProxy.length > 0) {
    env['NO_PROXY'] = noProxy.join(',');
  }
  return env;
}

/** The agent's bypass entries are regular expressions; the plain ones become NO_PROXY hosts or domain suffixes. */
export function bypassHost(pattern: string): string | undefined {
  let p = pattern.trim().replace(/^\^/, '').replace(/\$$/, '');
  let suffix = false;
  if (p.startsWith('.*') || p.startsWith('.+')) {
    p = p.substring(2);
    suffix = true;
  }
  p = p.replace(/\\\./g, '.');
  if (!/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(p)) {
    return undefined;
  }
  return suffix && !p.startsWith('.') ? '.' + p : p;
}
