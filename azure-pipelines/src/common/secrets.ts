import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import tl = require('azure-pipelines-task-lib/task');

/**
 * Registers a secret with the agent's log masker. The agent masks whole values and refuses multi-line ones
 * (task-lib's setSecret throws on a line break), so a multi-line secret — a PEM key, a kubeconfig credential — is
 * registered line by line: every line that could appear in a log on its own. PEM armour lines are not secret.
 */
export function registerSecret(value: string | undefined): void {
  if (!value) {
    return;
  }
  const lines = value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 1) {
    tl.setSecret(lines[0]);
    return;
  }
  for (const line of lines) {
    if (!/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(line) && line.length >= 8) {
      tl.setSecret(line);
    }
  }
}

/**
 * A private directory for one task run under the agent's temp directory (Agent.TempDirectory): 0700, its files
 * 0600 and created with that mode before a byte is written, deleted in the task's finally. Everything a secret
 * reaches the CLI through lives here — never a command-line argument.
 */
export class SecretDir {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static create(): SecretDir {
    const root = tl.getVariable('Agent.TempDirectory') || os.tmpdir();
    fs.mkdirSync(root, { recursive: true });
    const dir = fs.mkdtempSync(path.join(root, 'stamp-'));
    fs.chmodSync(dir, 0o700);
    return new SecretDir(dir);
  }

  /** Writes a file readable by this user only; refuses to overwrite one. */
  write(name: string, content: string): string {
    const file = path.join(this.dir, name);
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(file, 0o600);
    return file;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
