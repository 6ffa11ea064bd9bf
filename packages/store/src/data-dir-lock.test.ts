import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockDataDir, processStartTime } from './data-dir-lock.js';
import { DataDirLockedError } from './errors.js';
import { createTempDir } from './test-support.js';

test('a PGlite folder can be locked by one live process at a time', () => {
  const tmp = createTempDir();
  try {
    const folder = join(tmp.path, 'db');
    const lock = lockDataDir(folder);
    assert.throws(
      () => lockDataDir(folder),
      (error: unknown) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.equal(error.pid, process.pid);
        assert.equal(error.lockFile, `${folder}.lock`);
        // The fix names the setting a user sets (DATABASE_URL), not an internal option name.
        assert.match(error.message, /stop that process, or set DATABASE_URL to a Postgres database/);
        return true;
      },
    );
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

// Issue 14, defect 21: a lock naming a live process that is not its holder (a reused pid, pid 1) blocked forever.
test('a lock naming a live but unrelated process is stale: a bare pid of a non-Node process, or another start time', () => {
  const tmp = createTempDir();
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const folder = join(tmp.path, 'db');
    const pid = sleeper.pid as number;
    assert.notEqual(processStartTime(pid), null, 'this test needs /proc');
    // An earlier version's lock (bare pid) whose pid now belongs to `sleep`.
    writeFileSync(`${folder}.lock`, `${pid}\n`);
    lockDataDir(folder).release();
    // pid 1 is alive, but it did not start at the recorded time.
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid: 1, host: hostname(), startTime: '1', token: 'x' }));
    lockDataDir(folder).release();
    // The same pid and start time as a live process: held.
    const held = { pid, host: hostname(), startTime: processStartTime(pid), token: 'y' };
    writeFileSync(`${folder}.lock`, JSON.stringify(held));
    assert.throws(
      () => lockDataDir(folder),
      (error: unknown) => error instanceof DataDirLockedError && error.pid === pid,
    );
    // A half-written or garbage lock file is not a holder.
    writeFileSync(`${folder}.lock`, '');
    const lock = lockDataDir(folder);
    const recorded = JSON.parse(readFileSync(`${folder}.lock`, 'utf8')) as Record<string, unknown>;
    assert.equal(recorded.pid, process.pid);
    assert.equal(recorded.startTime, processStartTime(process.pid));
    assert.match(String(recorded.token), /^[0-9a-f]{32}$/);
    lock.release();
  } finally {
    sleeper.kill();
    tmp.remove();
  }
});

test('release leaves a lock that another process took over in place', () => {
  const tmp = createTempDir();
  try {
    const folder = join(tmp.path, 'db');
    const lock = lockDataDir(folder);
    const other = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      startTime: processStartTime(process.pid),
      token: 'other',
    });
    writeFileSync(`${folder}.lock`, other);
    lock.release();
    assert.equal(readFileSync(`${folder}.lock`, 'utf8'), other);
  } finally {
    tmp.remove();
  }
});
