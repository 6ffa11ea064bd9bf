import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSandbox, tinySpec } from './test-cli.js';

// Issue 14, defect 3: a store that failed under `run` (disk full) crashed it with a 55-line Prisma dump, and a store
// that did not fit its disk printed `cellsweep: [object Object]`. A real full disk needs a small tmpfs: root only.
const sandbox = createSandbox();
const mounts: string[] = [];
after(() => {
  for (const mount of mounts) spawnSync('umount', ['-l', mount]);
  sandbox.remove();
});
const canMount = process.getuid?.() === 0;

function mountTmpfs(name: string, megabytes: number): string {
  const path = join(sandbox.home, '..', name);
  mkdirSync(path, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', path]);
  assert.equal(mounted.status, 0, mounted.stderr.toString());
  mounts.push(path);
  return path;
}

/** Fills the file system at `dir` until it reports ENOSPC. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  try {
    writeFileSync(path, Buffer.alloc(512 * 1024 * 1024));
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  return path;
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const last = stderr.trim().split('\n').at(-1) ?? '';
  assert.match(last, pattern, stderr);
  assert.doesNotMatch(stderr, /\[object Object\]|PrismaClient|Invalid `prisma|^\s+at /m, stderr);
}

test('a store that does not fit its disk is refused in one line naming the folder, not [object Object]', {
  skip: !canMount && 'needs root to mount a tmpfs',
}, async () => {
  const small = mountTmpfs('small', 20);
  const result = await sandbox.run(['sweeps'], { CELLSWEEP_HOME: join(small, 'home') });
  assert.equal(result.code, 1, result.stderr);
  assertOneLine(
    result.stderr,
    /^cellsweep: cannot open the store \(pglite .*small\/home\/db\): no space left on device \(ENOSPC\); free disk space there/,
  );
});

test('a disk that fills mid-run stops run with one line and exit 1; stored results stay, and a rerun finishes', {
  skip: !canMount && 'needs root to mount a tmpfs',
}, async () => {
  const disk = mountTmpfs('disk', 100);
  const env = { CELLSWEEP_HOME: join(disk, 'home') };
  const spec = sandbox.spec('full.yaml', tinySpec('full', 3, 40));
  const child = sandbox.start(['run', spec, '--workers', '1'], env);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let filler = '';
  await new Promise<void>((resolve) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!filler && stderr.includes('[1/9]')) {
        filler = fill(disk); // the first trial is stored; the disk fills during the second
        resolve();
      }
    });
  });
  assert.equal(await exited, 1, stderr);
  assertOneLine(
    stderr,
    /^cellsweep: cannot write to the store \(pglite .*disk\/home\/db\): .*No space left on device; free disk space there.*; results stored before this are kept: run the same command again to continue$/,
  );

  rmSync(filler);
  const stored = JSON.parse((await sandbox.run(['results', 'full', '--format', 'json'], env)).stdout) as {
    trials: { status: string; testLoss: number | null }[];
  };
  const completed = stored.trials.filter((trial) => trial.status === 'COMPLETED');
  assert.ok(completed.length >= 1 && completed.length < 9, `completed before the disk filled: ${completed.length}`);
  assert.ok(completed.every((trial) => Number.isFinite(trial.testLoss)));
  const rerun = await sandbox.run(['run', spec, '--workers', '1'], env);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, new RegExp(`9 trials, ${completed.length} already finished`));
});
