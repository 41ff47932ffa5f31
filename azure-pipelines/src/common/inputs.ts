import * as fs from 'fs';
import * as path from 'path';
import tl = require('azure-pipelines-task-lib/task');

/** Bad input found by the task itself: every problem names the input, and the CLI was never started. */
export class InvalidInput extends Error {
  constructor(readonly problems: string[]) {
    super('invalid input, nothing was written: ' + problems.join('; '));
  }
}

interface TaskJsonInput {
  name: string;
  type: string;
  defaultValue?: string | boolean;
  options?: Record<string, string>;
}

/** The task's own task.json: the one place its inputs, defaults and pick lists are declared. */
export function readTaskJson(from: string): { name: string; inputs: TaskJsonInput[] } {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'task.json');
    if (fs.existsSync(candidate)) {
      return JSON.parse(fs.readFileSync(candidate, 'utf8'));
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`task.json not found above ${from}`);
    }
    dir = parent;
  }
}

/**
 * Reads the task's inputs as the agent passes them (INPUT_* variables, defaults filled in from task.json) and
 * collects every problem, each naming its input, so that one message lists them all before anything runs.
 * Only the task's own concerns are judged here — presence, pick lists, number syntax; what the values mean
 * (ranges, durations, names) is judged by the CLI's validators, which are core's.
 */
export class Inputs {
  readonly problems: string[] = [];
  private readonly declared: Map<string, TaskJsonInput>;

  constructor(taskJsonDir: string) {
    this.declared = new Map(readTaskJson(taskJsonDir).inputs.map((i) => [i.name, i]));
  }

  /** A problem the task found (named by its input), reported with the others. */
  problem(input: string, message: string): void {
    this.problems.push(`${input}: ${message}`);
  }

  string(name: string, required = false): string | undefined {
    const value = this.raw(name);
    if (required && value === undefined) {
      this.problem(name, 'is required');
    }
    return value;
  }

  /** A filePath input: the agent hands an empty one over as the sources directory, which means "not given". */
  path(name: string, required = false): string | undefined {
    const value = this.raw(name);
    const given = value !== undefined && tl.filePathSupplied(name);
    if (required && !given) {
      this.problem(name, 'is required (a file in the workspace)');
    }
    return given ? value : undefined;
  }

  bool(name: string): boolean {
    const value = (this.raw(name) ?? 'false').toLowerCase();
    if (value !== 'true' && value !== 'false') {
      this.problem(name, `must be true or false (was '${value}')`);
    }
    return value === 'true';
  }

  /** A whole number as text, for the CLI to judge its range; undefined when absent. */
  integer(name: string, required = false): string | undefined {
    const value = this.string(name, required);
    if (value !== undefined && !/^-?\d+$/.test(value)) {
      this.problem(name, `must be a whole number (was '${value}')`);
      return undefined;
    }
    return value;
  }

  /** A pickList input: one of the options its task.json declares. */
  pick(name: string): string {
    const value = this.raw(name) ?? '';
    const options = Object.keys(this.declared.get(name)?.options ?? {});
    if (!options.includes(value)) {
      this.problem(name, `must be one of ${options.join(', ')} (was '${value}')`);
    }
    return value;
  }

  /** A multiLine input: one value per line, blank lines ignored. */
  lines(name: string): string[] {
    return (this.raw(name) ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new InvalidInput(this.problems);
    }
  }

  private raw(name: string): string | undefined {
    if (!this.declared.has(name)) {
      throw new Error(`input '${name}' is not declared in task.json`);
    }
    const given = tl.getInput(name, false);
    const value = given !== undefined && given.trim() !== '' ? given : this.declared.get(name)?.defaultValue;
    const text = value === undefined ? '' : String(value).trim();
    return text === '' ? undefined : text;
  }
}
