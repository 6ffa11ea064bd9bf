import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSandbox, tinySpec } from './test-cli.js';

// Issue 14, defect 18: `report --out` onto a full disk left a truncated file. A real full disk needs a tmpfs (root).
const sandbox = createSandbox();
const disk = join(sandbox.home, '..', 'disk');
after(() => {
  spawnSync('umount', ['-l', disk]);
  sandbox.remove();
});

test('report onto a full disk fails in one line and leaves the old file whole; with room it writes', {
  skip: process.getuid?.() !== 0 && 'needs root to mount a tmpfs',
}, async () => {
  const run = await sandbox.run(['run', sandbox.spec('r.yaml', tinySpec('rep', 1, 1)), '--workers', '1']);
  assert.equal(run.code, 0, run.stderr);
  mkdirSync(disk, { recursive: true });
  assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]).status, 0);
  const out = join(disk, 'report.html');
  writeFileSync(out, 'the previous report');
  const filler = join(disk, 'filler');
  assert.throws(() => writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024)), { code: 'ENOSPC' });

  const full = await sandbox.run(['report', 'rep', '--out', out]);
  assert.equal(full.code, 1, full.stderr);
  assert.match(
    full.stderr.trim(),
    /^cellsweep: cannot write .*disk\/report\.html: ENOSPC: no space left on device.*; free disk space or choose another --out; nothing was written \(an existing file is unchanged\)$/,
  );
  assert.equal(readFileSync(out, 'utf8'), 'the previous report');
  assert.deepEqual(readdirSync(disk).sort(), ['filler', 'report.html'], 'no temporary file left behind');

  rmSync(filler);
  const written = await sandbox.run(['report', 'rep', '--out', out]);
  assert.equal(written.code, 0, written.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /<\/html>\s*$/);
});
