import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockDataDir } from './data-dir-lock.js';
import { DataDirLockedError } from './errors.js';
import { createTempDir } from './test-support.js';

test('a PGlite folder can be locked by one live process at a time', () => {
  const tmp = createTempDir();
  try {
    const folder = join(tmp.path, 'db');
    const lock = lockDataDir(folder);
    assert.throws(() => lockDataDir(folder), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.equal(error.pid, process.pid);
      assert.equal(error.lockFile, `${folder}.lock`);
      return true;
    });
    lock.release();
    lock.release(); // idempotent
    assert.ok(!existsSync(`${folder}.lock`));
    lockDataDir(folder).release();
  } finally {
    tmp.remove();
  }
});

test('a lock left by a process that died is taken over', () => {
  const tmp = createTempDir();
  try {
    const folder = join(tmp.path, 'db');
    // The pid of a child that has already exited: certainly not alive.
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(`${folder}.lock`, `${child.stdout.toString()}\n`);
    const lock = lockDataDir(folder);
    lock.release();
  } finally {
    tmp.remove();
  }
});
