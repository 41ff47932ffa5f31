import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import tl = require('azure-pipelines-task-lib/task');
import toolLib = require('azure-pipelines-tool-lib/tool');
import { generic } from '../common/connections';
import { registerSecret } from '../common/secrets';
import { runTask } from '../common/task';

const TOOL = 'stamp';
const CHECKSUM_FILE = '.sha256';

/**
 * StampInstaller@1: puts the stamp CLI (stamp.jar + lib/, ~70 MB: the reason it is not inside the extension) in
 * the agent's tool cache from an archive the pipeline already has (a downloaded pipeline artifact, any file on
 * the agent) or an internal URL — never the internet by default — after checking its SHA-256. Sets STAMP_HOME
 * for the job's later tasks and puts a `stamp` launcher on the PATH.
 */
runTask('stampInstaller', __dirname, async (run) => {
  const i = run.inputs;
  const source = i.pick('source');
  const archive = source === 'file' ? i.path('archive', true) : undefined;
  const url = source === 'url' ? i.string('url', true) : undefined;
  if (url !== undefined && !/^https?:\/\//i.test(url)) {
    i.problem('url', `must be an http:// or https:// URL (was '${url}')`);
  }
  const connection = source === 'url' && i.string('urlServiceConnection') !== undefined ? generic(i, 'urlServiceConnection') : undefined;
  const expected = (i.string('sha256', true) ?? '').toLowerCase();
  if (expected !== '' && !/^[0-9a-f]{64}$/.test(expected)) {
    i.problem('sha256', `must be the archive's SHA-256 as 64 hexadecimal digits (was '${expected}')`);
  }
  const version = i.string('version', true);
  if (version !== undefined && !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    i.problem('version', `must be a version like 0.1.0 (the tool cache's key; was '${version}')`);
  }
  if (archive !== undefined && !/\.(zip|tar|tar\.gz|tgz)$/i.test(archive)) {
    i.problem('archive', `must be a .tar, .tar.gz, .tgz or .zip (was '${archive}')`);
  }
  i.throwIfAny();

  const cached = toolLib.findLocalTool(TOOL, version!);
  if (cached) {
    const recorded = readChecksum(cached);
    if (recorded !== expected) {
      throw new Error(`stamp ${version} is already in the tool cache (${cached}) from an archive with SHA-256 ${recorded}, not ${expected}; `
        + 'give the new archive a new version');
    }
    console.log(`stamp ${version} (SHA-256 ${expected}) is already in the tool cache: ${cached}`);
    return activate(cached);
  }

  let file = archive ? path.resolve(archive) : undefined;
  let downloaded = false;
  if (url !== undefined) {
    const headers: Record<string, string> = {};
    if (connection) {
      const basic = Buffer.from(`${connection.username}:${connection.password}`).toString('base64');
      registerSecret(basic);
      headers['Authorization'] = `Basic ${basic}`;
    }
    console.log(`Downloading ${url}`);
    file = await toolLib.downloadTool(url, `stamp-${crypto.randomUUID()}${extensionOf(new URL(url).pathname)}`, undefined, headers);
    downloaded = true;
  }
  try {
    if (!fs.existsSync(file!)) {
      throw new Error(`archive: '${file}' does not exist`);
    }
    const actual = await sha256(file!);
    if (actual !== expected) {
      throw new Error(`sha256: the archive's SHA-256 is ${actual}, not the expected ${expected}; nothing was installed`);
    }
    console.log(`SHA-256 ${actual} matches`);
    const extracted = /\.zip$/i.test(file!) ? await toolLib.extractZip(file!) : await toolLib.extractTar(file!);
    const home = findHome(extracted);
    fs.writeFileSync(path.join(home, CHECKSUM_FILE), expected + '\n');
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    const launcher = path.join(home, 'bin', 'stamp');
    fs.writeFileSync(launcher, LAUNCHER, { mode: 0o755 });
    fs.chmodSync(launcher, 0o755);
    const toolPath = await toolLib.cacheDir(home, TOOL, version!);
    fs.rmSync(extracted, { recursive: true, force: true });
    console.log(`stamp ${version} cached at ${toolPath}`);
    await activate(toolPath);
  } finally {
    if (downloaded && file) {
      fs.rmSync(file, { force: true });
    }
  }
});

/** STAMP_HOME for the job's later steps, the launcher on the PATH, and a first run that proves Java can start it. */
async function activate(toolPath: string): Promise<void> {
  toolLib.prependPath(path.join(toolPath, 'bin'));
  tl.setVariable('STAMP_HOME', toolPath);
  tl.setVariable('stampHome', toolPath, false, true);
  const version = tl.tool(path.join(toolPath, 'bin', 'stamp')).arg('--version');
  let out = '';
  version.on('stdout', (d: Buffer) => {
    out += d.toString();
  });
  const code = await version.execAsync({ silent: true, ignoreReturnCode: true });
  if (code !== 0) {
    throw new Error(`the installed CLI did not start (exit code ${code}); the agent needs Java 17 or later (JAVA_HOME or java on the PATH)`);
  }
  tl.setResult(tl.TaskResult.Succeeded, `${out.trim()} at ${toolPath} (STAMP_HOME)`);
}

/** The folder with stamp.jar and lib/: the archive's root or its single top folder. */
function findHome(extracted: string): string {
  const candidates = [extracted, ...fs.readdirSync(extracted).map((n) => path.join(extracted, n))];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'stamp.jar')) && fs.existsSync(path.join(dir, 'lib'))) {
      return dir;
    }
  }
  throw new Error('archive: holds no stamp.jar with its lib/ folder (at its root or in one top folder), as cli/target has them');
}

function readChecksum(dir: string): string {
  const file = path.join(dir, CHECKSUM_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'unknown';
}

function extensionOf(pathname: string): string {
  const m = /\.(tar\.gz|tgz|tar|zip)$/i.exec(pathname);
  return m ? '.' + m[1].toLowerCase() : '.tar.gz';
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file).on('data', (d) => hash.update(d)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

/** bin/stamp: runs the cached jar with JAVA_HOME's java, else the java on the PATH. */
const LAUNCHER = `#!/bin/sh
# Written by StampInstaller@1: the stamp CLI from the agent's tool cache.
home=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" $STAMP_JAVA_OPTIONS -jar "$home/stamp.jar" "$@"
`;
