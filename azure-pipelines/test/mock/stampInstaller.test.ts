import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { moduleRoot } from '../support/agent';
import { runMock } from '../support/mock';

describe('StampInstaller@1 (mock-test)', () => {
  for (const [name, inputs, message] of [
    ['a SHA-256 that is not one', { source: 'url', url: 'https://artifacts.corp.example/stamp.tar.gz', sha256: 'abc', version: '0.1.0' },
      "sha256: must be the archive's SHA-256 as 64 hexadecimal digits (was 'abc')"],
    ['a version the tool cache cannot key', { source: 'url', url: 'https://artifacts.corp.example/stamp.tar.gz', sha256: 'a'.repeat(64), version: 'latest' },
      "version: must be a version like 0.1.0 (the tool cache's key; was 'latest')"],
    ['a URL that is not http(s)', { source: 'url', url: 'ftp://artifacts.corp.example/stamp.tar.gz', sha256: 'a'.repeat(64), version: '0.1.0' },
      "url: must be an http:// or https:// URL (was 'ftp://artifacts.corp.example/stamp.tar.gz')"],
    ['an archive that is not a .tar, .tar.gz, .tgz or .zip', { source: 'file', archive: 'stamp.jar', sha256: 'a'.repeat(64), version: '0.1.0' },
      "archive: must be a .tar, .tar.gz, .tgz or .zip (was 'stamp.jar')"],
    ['no archive, no checksum, no version', { source: 'file' }, 'archive: is required (a file in the workspace); sha256: is required; version: is required'],
  ] as const) {
    it(`refuses ${name}, installing nothing`, async () => {
      // When
      const r = await runMock('StampInstaller', { inputs: inputs as any });
      // Then
      assert.equal(r.result, 'Failed');
      assert.ok(r.message!.includes(message), r.message);
      assert.deepEqual(r.started, []);
    });
  }

  it('refuses an archive whose SHA-256 is not the expected one, before extracting anything', async () => {
    // Given an archive on the agent
    const archive = path.join(moduleRoot(), 'target', 'mock', 'tampered-stamp.tar');
    fs.mkdirSync(path.dirname(archive), { recursive: true });
    fs.writeFileSync(archive, 'not the archive that was released');
    // When
    const r = await runMock('StampInstaller', { inputs: { source: 'file', archive, sha256: 'b'.repeat(64), version: '0.1.0' },
      variables: { 'Agent.ToolsDirectory': path.join(moduleRoot(), 'target', 'mock', 'tools') } });
    // Then
    assert.equal(r.result, 'Failed');
    assert.match(r.message!, /sha256: the archive's SHA-256 is [0-9a-f]{64}, not the expected b{64}; nothing was installed/);
    assert.deepEqual(r.started, [], 'tar never ran');
  });
});
