import * as fs from 'fs';
import * as path from 'path';
import { moduleRoot, TaskJson } from './agent';

const PREDEFINED = /^(Build|System|Agent|Pipeline|Environment|Release|Strategy)\./;

/** Whether a task.json visibleRule (`a = b`, `a != b`, joined by && or ||) holds for these values. */
export function visible(rule: string | undefined, values: Record<string, string>): boolean {
  if (!rule) {
    return true;
  }
  const term = (t: string) => {
    const m = /^\s*(\w+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(t);
    if (!m) {
      throw new Error(`visibleRule term not understood: ${t}`);
    }
    return m[2] === '!=' ? values[m[1]] !== m[3] : values[m[1]] === m[3];
  };
  return rule.split('||').some((any) => any.split('&&').every(term));
}

/**
 * What is wrong with a `task:` step of a pipeline: an unknown task or version, an input its task.json does not
 * declare, a pick list value it does not offer, a required (and visible) input missing, or a `$(…)` macro that is
 * neither a pipeline variable, a predefined one, nor an output of an earlier named step.
 */
export function stepProblems(step: any, variables: Set<string>, outputs: Set<string>): string[] {
  const problems: string[] = [];
  const m = /^(\w+)@(\d+)$/.exec(String(step.task));
  const where = `${step.task}${step.displayName ? ` (${step.displayName})` : ''}`;
  const file = m ? path.join(moduleRoot(), 'tasks', m[1], 'task.json') : '';
  if (!m || !fs.existsSync(file)) {
    return [`${where}: no such task in azure-pipelines/tasks`];
  }
  const task: TaskJson & { version: { Major: number } } = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (String(task.version.Major) !== m[2]) {
    problems.push(`${where}: the task's major version is ${task.version.Major}`);
  }
  const byName = new Map(task.inputs.flatMap((i) => [[i.name, i], ...(i.aliases ?? []).map((a) => [a, i] as const)]));
  const values: Record<string, string> = Object.fromEntries(task.inputs.map((i) => [i.name, String(i.defaultValue ?? '')]));
  for (const [key, raw] of Object.entries(step.inputs ?? {})) {
    const input = byName.get(key);
    const value = String(raw);
    if (!input) {
      problems.push(`${where}: no input '${key}'`);
      continue;
    }
    values[input.name] = value;
    if (input.type === 'pickList' && !value.includes('$(') && !Object.keys(input.options ?? {}).includes(value)) {
      problems.push(`${where}: ${key}: '${value}' is not one of ${Object.keys(input.options ?? {}).join(', ')}`);
    }
    if (input.type === 'boolean' && !['true', 'false'].includes(value)) {
      problems.push(`${where}: ${key}: '${value}' is not true or false`);
    }
    for (const ref of value.matchAll(/\$\(([\w.]+)\)/g)) {
      if (!variables.has(ref[1]) && !PREDEFINED.test(ref[1]) && !outputs.has(ref[1])) {
        problems.push(`${where}: ${key}: $(${ref[1]}) is not a variable of the pipeline`);
      }
    }
  }
  for (const input of task.inputs) {
    if (input.required && visible(input.visibleRule, values) && values[input.name] === '') {
      problems.push(`${where}: required input '${input.name}' is missing`);
    }
  }
  return problems;
}

/** The outputs a named step declares, as `name.output`, for the steps after it. */
export function stepOutputs(step: any): string[] {
  const m = /^(\w+)@\d+$/.exec(String(step.task ?? ''));
  if (!m || !step.name) {
    return [];
  }
  const task: TaskJson = JSON.parse(fs.readFileSync(path.join(moduleRoot(), 'tasks', m[1], 'task.json'), 'utf8'));
  return task.outputVariables.map((o) => `${step.name}.${o.name}`);
}

/** Checks a job's steps in order: each task step, and the macros of script steps against the outputs before them. */
export function stepsProblems(steps: any[], variables: Set<string>): string[] {
  const outputs = new Set<string>();
  const problems: string[] = [];
  for (const step of steps) {
    if (step.task) {
      problems.push(...stepProblems(step, variables, outputs));
      stepOutputs(step).forEach((o) => outputs.add(o));
    } else if (typeof step.script === 'string') {
      for (const ref of step.script.matchAll(/\$\(([\w.]+)\)/g)) {
        if (!variables.has(ref[1]) && !PREDEFINED.test(ref[1]) && !outputs.has(ref[1])) {
          problems.push(`script: $(${ref[1]}) is neither a variable nor an output of an earlier step`);
        }
      }
    }
  }
  return problems;
}
