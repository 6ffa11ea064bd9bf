import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
const readOnly = join(sandbox.home, '..', 'read-only');
const asRoot = process.getuid?.() === 0;
after(() => {
  if (asRoot) spawnSync('umount', ['-l', readOnly]);
  sandbox.remove();
});

// Issue 14, defect 23: CELLSWEEP_HOME=/proc/self hung silently (Node's recursive mkdir loops under /proc).
test('an unusable CELLSWEEP_HOME is refused at once in one line that says why', async () => {
  const file = join(sandbox.home, '..', 'a-file');
  writeFileSync(file, '');
  mkdirSync(readOnly);
  // A read-only mount stops root too; a mode does not.
  if (asRoot) assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', readOnly]).status, 0);
  else chmodSync(readOnly, 0o500);
  const cases: [string, RegExp][] = [
    ['/proc/self', /is on a kernel file system \(\/proc, \/sys, \/dev\)/],
    ['/proc/self/cellsweep/home', /cannot create it \(ENOENT\)/],
    [join(file, 'home'), /cannot create it \(ENOTDIR\)/],
    [readOnly, asRoot ? /cannot write in it \(EROFS\)/ : /cannot write in it \(EACCES\)/],
  ];
  for (const [home, reason] of cases) {
    const started = Date.now();
    const result = await sandbox.run(['sweeps'], { CELLSWEEP_HOME: home });
    assert.equal(result.code, 1, `${home}: ${result.stderr}`);
    const line = result.stderr.trim();
    assert.ok(line.startsWith(`cellsweep: CELLSWEEP_HOME=${home} cannot hold the embedded store: `), line);
    assert.match(line, reason);
    assert.ok(line.endsWith('; set CELLSWEEP_HOME to a writable folder'), line);
    assert.ok(Date.now() - started < 60_000, `${home} took ${Date.now() - started} ms`);
  }
  const fresh = await sandbox.run(['sweeps'], { CELLSWEEP_HOME: join(sandbox.home, 'a', 'b') });
  assert.equal(fresh.code, 0, fresh.stderr);
});
