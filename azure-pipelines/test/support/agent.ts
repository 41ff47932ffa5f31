import * as fs from 'fs';
import * as path from 'path';
import { commandFromString } from 'azure-pipelines-task-lib/taskcommand';

/** azure-pipelines/ (the folder with package.json), found from wherever the compiled test runs. */
export function moduleRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return dir;
}

export const TASKS = ['AkseDeploy', 'AkseScale', 'HelmRollout', 'TrafficShift', 'StampInstaller'] as const;
export type TaskName = typeof TASKS[number];

/** The staged task folder, as it is packed into the .vsix (target/dist/tasks/<Task>). */
export function taskDir(task: TaskName): string {
  return path.join(moduleRoot(), 'target', 'dist', 'tasks', task);
}

export function taskEntry(task: TaskName): string {
  return path.join(taskDir(task), 'js', task, 'index.js');
}

export interface TaskJson {
  name: string;
  inputs: { name: string; type: string; defaultValue?: string; required?: boolean; aliases?: string[]; visibleRule?: string; options?: Record<string, string>;
    helpMarkDown?: string }[];
  outputVariables: { name: string }[];
  execution: Record<string, { target: string }>;
}

export function taskJson(task: TaskName | string): TaskJson {
  return JSON.parse(fs.readFileSync(path.join(moduleRoot(), 'tasks', task, 'task.json'), 'utf8'));
}

/**
 * The INPUT_* variables the agent gives a task: every input of task.json, the given value (by name or alias) or
 * its default; an empty filePath input becomes the sources directory, as the agent hands it over. A given name the
 * task does not declare is an error (a typo in a pipeline would be one).
 */
export function agentInputs(task: TaskName, given: Record<string, string | boolean | number>, sourcesDir: string): Record<string, string> {
  const declared = taskJson(task).inputs;
  const byName = new Map<string, string>();
  for (const i of declared) {
    byName.set(i.name, i.name);
    (i.aliases ?? []).forEach((a) => byName.set(a, i.name));
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    const name = byName.get(key);
    if (name === undefined) {
      throw new Error(`${task} has no input '${key}'`);
    }
    values[name] = String(value);
  }
  const env: Record<string, string> = {};
  for (const i of declared) {
    let value = values[i.name] ?? (i.defaultValue === undefined ? '' : String(i.defaultValue));
    if (i.type === 'filePath' && value === '') {
      value = sourcesDir;
    }
    env['INPUT_' + i.name.replace(/\./g, '_').replace(/ /g, '_').toUpperCase()] = value;
  }
  return env;
}

/** A service connection as the agent passes it: URL, authorization (scheme + parameters) and data. */
export interface Endpoint {
  url?: string;
  scheme?: string;
  params?: Record<string, string>;
  data?: Record<string, string>;
}

export function endpointEnv(id: string, e: Endpoint): Record<string, string> {
  const env: Record<string, string> = {};
  if (e.url !== undefined) {
    env[`ENDPOINT_URL_${id}`] = e.url;
  }
  const params = e.params ?? {};
  env[`ENDPOINT_AUTH_${id}`] = JSON.stringify({ parameters: params, scheme: e.scheme ?? 'None' });
  if (e.scheme !== undefined) {
    env[`ENDPOINT_AUTH_SCHEME_${id}`] = e.scheme;
  }
  for (const [k, v] of Object.entries(params)) {
    env[`ENDPOINT_AUTH_PARAMETER_${id}_${k.toUpperCase()}`] = v;
  }
  for (const [k, v] of Object.entries(e.data ?? {})) {
    env[`ENDPOINT_DATA_${id}_${k.toUpperCase()}`] = v;
  }
  return env;
}

/** What a task's output told the agent: its result, variables, registered secrets and issues. */
export interface Commands {
  result?: string;
  message?: string;
  variables: Map<string, { value: string; isOutput: boolean }>;
  secrets: string[];
  errors: string[];
  warnings: string[];
}

export function parseCommands(stdout: string): Commands {
  const c: Commands = { variables: new Map(), secrets: [], errors: [], warnings: [] };
  for (const line of stdout.split(/\r?\n/)) {
    const at = line.indexOf('##vso[');
    if (at !== 0) {
      continue;
    }
    const cmd = commandFromString(line);
    const props = cmd.properties ?? {};
    switch (cmd.command) {
      case 'task.complete':
        c.result = props['result'];
        c.message = cmd.message;
        break;
      case 'task.setvariable':
        c.variables.set(props['variable'], { value: cmd.message, isOutput: props['isOutput'] === 'true' });
        break;
      case 'task.setsecret':
        c.secrets.push(cmd.message);
        break;
      case 'task.issue':
        (props['type'] === 'error' ? c.errors : c.warnings).push(cmd.message);
        break;
    }
  }
  return c;
}
