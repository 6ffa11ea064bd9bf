import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FOREIGN_STALE_MS, PID_NAMESPACE } from './cache-holder.js';
import { pruneDatasetCache } from './cache-prune.js';

// Containers sharing one cache volume each count pids from 1: a lease named by pid alone, held by a live process
// in another container, was removed by any process here that had no such pid.
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const name = 'c'.repeat(64);

function cacheWithOneFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-leases-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), Buffer.alloc(5_000));
  return dir;
}

const runsHere = (pid: number): boolean => existsSync(`/proc/${pid}`);

/** `unshare` gives a real second pid namespace, as a container has, without docker (needs user namespaces). */
const unshare = spawnSync('unshare', ['--user', '--map-root-user', '--pid', '--fork', 'true']);

test('a lease held by a live process of another pid namespace is kept, though its pid does not run here; once untouched it is stale', {
  skip: unshare.status === 0 ? false : 'unshare --user --pid is not available here',
}, async () => {
  const dir = cacheWithOneFile();
  // The child's pid inside its namespace is chosen to be one that no process here has (pids count up from 1 in
  // a new namespace: the shell is 1, the burnt /bin/true runs take 2..target-1, node gets target).
  let target = 40;
  while (runsHere(target)) target++;
  const module = fileURLToPath(new URL('./cache-prune.js', import.meta.url));
  const script = join(dir, 'hold-lease.mjs');
  writeFileSync(
    script,
    `const { leaseCacheFile } = await import(${JSON.stringify(module)});
     await leaseCacheFile(${JSON.stringify(dir)}, ${JSON.stringify(name)});
     console.log(process.pid); setInterval(() => {}, 1000);`,
  );
  const child = spawn(
    'unshare',
    [
      '--user',
      '--map-root-user',
      '--pid',
      '--fork',
      '--kill-child=SIGKILL',
      'sh',
      '-c',
      `i=2; while [ $i -lt ${target} ]; do /bin/true; i=$((i+1)); done; '${process.execPath}' '${script}' & wait`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [line] = (await Promise.race([
      once(child.stdout, 'data'),
      once(child, 'exit').then(() => [Buffer.from('exited')]),
    ])) as [Buffer];
    const pid = Number(line.toString().trim());
    assert.equal(pid, target, 'the lease holder got the pid chosen for it');
    assert.ok(!runsHere(pid), `no process here has pid ${pid}`);
    const [lease] = readdirSync(join(dir, 'leases'));
    assert.match(lease ?? '', new RegExp(`^${name}\\.${pid}@[0-9a-z-]+\\.[0-9a-f]+$`));
    assert.ok(!lease?.includes(`@${PID_NAMESPACE}.`), 'the lease names the other namespace');

    assert.deepEqual((await pruneDatasetCache(dir, 0)).evicted, [], 'the live foreign lease holds the file');
    assert.deepEqual(readdirSync(join(dir, 'leases')), [lease]);
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  // The holder is gone, but from here that cannot be seen: its lease is kept until untouched for FOREIGN_STALE_MS.
  assert.deepEqual((await pruneDatasetCache(dir, 0)).evicted, []);
  const [lease] = readdirSync(join(dir, 'leases'));
  const untouchedSince = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
  utimesSync(join(dir, 'leases', lease as string), untouchedSince, untouchedSince);
  assert.deepEqual((await pruneDatasetCache(dir, 0)).evicted, [name]);
  assert.deepEqual(readdirSync(join(dir, 'leases')), [], 'the stale lease is removed');
});

test("a temp file of another namespace's writer is kept until untouched for FOREIGN_STALE_MS", async () => {
  const dir = cacheWithOneFile();
  const foreign = `${name}.999999999@0123456789abcdef-4026000000-abcd1234.tmp`;
  writeFileSync(join(dir, foreign), 'half written');
  const ours = `${name}.999999999@${PID_NAMESPACE}-abcd1234.tmp`;
  writeFileSync(join(dir, ours), 'left by a dead process of ours');
  await pruneDatasetCache(dir, 1e9);
  assert.ok(existsSync(join(dir, foreign)), 'a writer elsewhere may still be writing it');
  assert.ok(!existsSync(join(dir, ours)), 'a dead process of this namespace left it: removed at once');
});
