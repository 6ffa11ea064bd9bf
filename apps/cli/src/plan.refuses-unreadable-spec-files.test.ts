import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// Issue 14, defect 14: `plan /dev/zero` died of std::bad_alloc; a 300 MB spec ran out of memory after 45 s.
test('a device, a directory, a FIFO or a spec above 1 MiB is refused before it is read', async () => {
  const dir = join(sandbox.home, '..');
  const fifo = join(dir, 'fifo.yaml');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const big = join(dir, 'big.yaml');
  writeFileSync(big, `name: big\n${'#'.repeat(2_000_000)}\n`);
  const cases: [string, RegExp][] = [
    ['/dev/zero', /not a regular file \(a device\); give a YAML or JSON file$/],
    [dir, /not a regular file \(a directory\)/],
    [fifo, /not a regular file \(a pipe\)/],
    [big, /2,000,011 bytes is above the 1,048,576-byte limit for a spec$/],
  ];
  for (const [path, reason] of cases) {
    const started = Date.now();
    const result = await sandbox.run(['plan', path]);
    assert.equal(result.code, 1, result.stderr);
    assert.ok(result.stderr.trim().startsWith(`cellsweep: cannot read spec file ${path}: `), result.stderr);
    assert.match(result.stderr.trim(), reason);
    assert.ok(Date.now() - started < 60_000, `${path} took ${Date.now() - started} ms`);
  }
});

test('a missing spec file is named with where it was looked for, in words rather than an errno code', async () => {
  const result = await sandbox.run(['run', 'quik.yaml']);
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(
    lines[0] ?? '',
    /^cellsweep: cannot read spec file quik\.yaml: no such file \(looked for \/.*\/quik\.yaml\); check the path$/,
  );
  assert.doesNotMatch(result.stderr, /ENOENT/);
});
