// The script MockTestRunner starts in a child process: it sets the agent's environment of a scenario (inputs,
// endpoints, variables), then runs the task under TaskMockRunner with task-lib's `tool` replaced by a recorder.
// The recorder writes what the CLI would have been started with — tool, argv, environment, and the files of the
// run's private directory while they exist — and plays the scenario's exit code, stdout and stderr.
import * as fs from 'fs';
import * as path from 'path';
import { EventEmitter } from 'events';

interface Scenario {
  entry: string;
  env: Record<string, string>;
  which: Record<string, string>;
  tool: { code: number; stdout: string; stderr: string; passThrough: string[] };
  recordFile: string;
}

const scenario: Scenario = JSON.parse(fs.readFileSync(process.env['SCENARIO_FILE']!, 'utf8'));
// task-lib reads the environment when it loads: set it first
Object.assign(process.env, scenario.env);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { TaskMockRunner } = require('azure-pipelines-task-lib/mock-run');
const realTask = require('azure-pipelines-task-lib/task');
const { ToolRunner } = require('azure-pipelines-task-lib/toolrunner');

function snapshot(): { dir: string; mode: string; files: { name: string; mode: string; content: string }[] }[] {
  const temp = process.env['AGENT_TEMPDIRECTORY']!;
  return fs.readdirSync(temp).filter((n) => n.startsWith('stamp-')).map((n) => {
    const dir = path.join(temp, n);
    return {
      dir,
      mode: (fs.statSync(dir).mode & 0o777).toString(8),
      files: fs.readdirSync(dir).map((f) => ({
        name: f,
        mode: (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8),
        content: fs.readFileSync(path.join(dir, f), 'utf8'),
      })),
    };
  });
}

class RecordingTool extends EventEmitter {
  private readonly args: string[] = [];

  constructor(private readonly toolPath: string) {
    super();
  }

  arg(a: string | string[]): this {
    this.args.push(...(Array.isArray(a) ? a : [a]));
    return this;
  }

  killChildProcess(): void {
    // nothing runs
  }

  async execAsync(options: { env?: Record<string, string> }): Promise<number> {
    const records = fs.existsSync(scenario.recordFile) ? JSON.parse(fs.readFileSync(scenario.recordFile, 'utf8')) : [];
    records.push({ tool: this.toolPath, args: this.args, env: options.env ?? null, secretDirs: snapshot() });
    fs.writeFileSync(scenario.recordFile, JSON.stringify(records, null, 2));
    if (scenario.tool.stderr) {
      this.emit('stderr', Buffer.from(scenario.tool.stderr));
    }
    if (scenario.tool.stdout) {
      this.emit('stdout', Buffer.from(scenario.tool.stdout));
    }
    return scenario.tool.code;
  }
}

const runner = new TaskMockRunner(scenario.entry);
runner.setAnswers({ which: scenario.which, exist: {}, checkPath: {} });
runner.registerMockExport('tool', (toolPath: string) =>
  scenario.tool.passThrough.includes(path.basename(toolPath)) ? new ToolRunner(toolPath) : new RecordingTool(toolPath));
// the agent's proxy settings are read as task-lib reads them (the mock answers "no proxy" whatever the variables say)
runner.registerMockExport('getHttpProxyConfiguration', realTask.getHttpProxyConfiguration);
runner.run();
