import tl = require('azure-pipelines-task-lib/task');
import { Inputs, InvalidInput } from './inputs';
import { SecretDir } from './secrets';
import { CliArgs, CliRun } from './stamp';

/** What a task run has: its inputs and, once asked for, its private directory (deleted when the run ends). */
export class TaskRun {
  readonly inputs: Inputs;
  private dir?: SecretDir;

  constructor(readonly step: string, taskDir: string) {
    this.inputs = new Inputs(taskDir);
  }

  secretDir(): SecretDir {
    this.dir ??= SecretDir.create();
    return this.dir;
  }

  dispose(): void {
    this.dir?.dispose();
  }
}

/**
 * Runs a task body: invalid input (found by the task) fails it before the CLI starts, naming the inputs; any other
 * error fails it with its message; the run's private directory is deleted in every case.
 */
export function runTask(step: string, taskDir: string, body: (run: TaskRun) => Promise<void>): void {
  const run = new TaskRun(step, taskDir);
  body(run)
    .catch((e: unknown) => {
      if (e instanceof InvalidInput) {
        tl.setResult(tl.TaskResult.Failed, `[${step}] ${e.message}`);
      } else {
        tl.setResult(tl.TaskResult.Failed, `[${step}] ${e instanceof Error ? e.message : String(e)}`);
      }
    })
    .finally(() => run.dispose());
}

/** Sets an output variable (isOutput, so later jobs and stages can read it); absent values are skipped. */
export function output(name: string, value: unknown): void {
  if (value === undefined || value === null) {
    return;
  }
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : typeof value === 'object'
    ? JSON.stringify(value) : String(value);
  tl.setVariable(name, text, false, true);
}

/**
 * The CLI's exit code as the task's result: 0 Succeeded; 1 Failed with the reason; 2 Failed "invalid input, nothing
 * was written" (the CLI's message, its flags renamed to the task's inputs); 3 Failed "cannot reach or authenticate";
 * 130/143 (the CLI stopped by the cancel signal the task passed on) Cancelled.
 */
export function conclude(step: string, run: CliRun, args: CliArgs, target: string, summary: string): void {
  const reason = run.error || (typeof run.json?.message === 'string' ? run.json.message : '') || 'see the log above';
  switch (run.code) {
    case 0:
      tl.setResult(tl.TaskResult.Succeeded, `[${step}] ${summary}`);
      break;
    case 1:
      tl.setResult(tl.TaskResult.Failed, `[${step}] ${reason}`);
      break;
    case 2:
      tl.setResult(tl.TaskResult.Failed, `[${step}] invalid input, nothing was written: ${inputNames(reason, args)}`);
      break;
    case 3:
      tl.setResult(tl.TaskResult.Failed, `[${step}] cannot reach or authenticate to ${target} — is this agent inside its network? ${reason}`);
      break;
    case 130:
    case 143:
      // SIGINT/SIGTERM: the agent cancelled the run and the task passed the signal on
      tl.setResult(tl.TaskResult.Cancelled, `[${step}] cancelled: the stamp CLI stopped (exit code ${run.code}); what it had started on ${target} `
        + 'may still be in progress — the next run continues or converges');
      break;
    default:
      tl.setResult(tl.TaskResult.Failed, `[${step}] the stamp CLI ended with exit code ${run.code}: ${reason}`);
  }
}

/**
 * Renames the CLI's flags in its message to the task's inputs (`--resource-group:` → `resourceGroup:`), and the
 * entries of the hubs file the task wrote to the service connection they came from.
 */
export function inputNames(message: string, args: CliArgs): string {
  let text = message;
  for (const [flag, input] of args.inputOf) {
    text = text.split(flag + ':').join(input + ':').split(flag + ' ').join(input + ' ');
  }
  const blame = (prefix: string, flag: string) => {
    const input = args.inputOf.get(flag);
    if (input) {
      text = text.split(prefix).join(input + ': ');
    }
  };
  blame('hubs[0].', '--config');
  blame('publicAzure.', '--config');
  blame('gslb.', '--config');
  return text;
}
