import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateSweepSpec } from '@cellsweep/core';
import { leaseCacheFile, pruneDatasetCache } from './cache-prune.js';
import { resolveDataFiles } from './resolve.js';
import { jsonLines, makeRaggedSequences, specWith, tempDir, writeData } from './test-files.js';

const hex = (n: number): string => n.toString(16).padStart(64, '0');

/** Cache files of `bytes` each, last used `order` seconds after the epoch of the test (0 = longest ago). */
function cacheWith(sizes: [name: string, bytes: number][]): string {
  const dir = join(tempDir(), 'cache');
  mkdirSync(dir, { recursive: true });
  sizes.forEach(([name, bytes], order) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.alloc(bytes, 1));
    const used = new Date(Date.UTC(2026, 0, 1, 0, 0, order));
    utimesSync(path, used, used);
  });
  return dir;
}

const names = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name !== 'leases')
    .sort();

test('evicts the least recently used files until the cache fits, counting raw copies and parsed files', async () => {
  const files: [string, number][] = [
    [hex(1), 4000],
    [`${hex(2)}.parsed`, 3000],
    [hex(3), 2000],
    [`${hex(4)}.parsed`, 1000],
  ];
  const dir = cacheWith(files);
  const result = await pruneDatasetCache(dir, 3500);
  // 10,000 bytes: dropping the oldest (4,000) leaves 6,000, the next (3,000) 3,000 <= 3,500.
  assert.deepEqual(result.evicted, [hex(1), `${hex(2)}.parsed`]);
  assert.equal(result.keptBytes, 3000);
  assert.deepEqual(names(dir), [hex(3), `${hex(4)}.parsed`]);
  assert.deepEqual((await pruneDatasetCache(dir, 3500)).evicted, [], 'under the cap: nothing goes');
});

test('a file leased by this process is kept, and evicted once released', async () => {
  const dir = cacheWith([
    [hex(1), 4000],
    [hex(2), 3000],
  ]);
  const lease = await leaseCacheFile(dir, hex(1));
  const held = await pruneDatasetCache(dir, 1000);
  assert.deepEqual(held.evicted, [hex(2)]);
  assert.equal(held.inUseBytes, 4000);
  assert.deepEqual(names(dir), [hex(1)]);
  await lease.release();
  assert.deepEqual((await pruneDatasetCache(dir, 1000)).evicted, [hex(1)]);
});

test("another process's lease is kept while that process lives; a dead process's lease is stale", async () => {
  const dir = cacheWith([[hex(7), 5000]]);
  const module = fileURLToPath(new URL('./cache-prune.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { leaseCacheFile } = await import(${JSON.stringify(module)});
       await leaseCacheFile(${JSON.stringify(dir)}, ${JSON.stringify(hex(7))});
       console.log('leased'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(child.stdout, 'data');
  assert.deepEqual((await pruneDatasetCache(dir, 0)).evicted, []);
  assert.ok(existsSync(join(dir, hex(7))));
  child.kill('SIGKILL');
  await once(child, 'exit');
  // Killed without releasing: its lease names a pid that no longer runs.
  assert.deepEqual((await pruneDatasetCache(dir, 0)).evicted, [hex(7)]);
  assert.deepEqual(readdirSync(join(dir, 'leases')), [], 'the stale lease is removed');
});

test('only cache files are evicted; leftovers of dead processes are removed, live temp files kept', async () => {
  const dir = cacheWith([
    [hex(1), 100],
    ['notes.txt', 100],
    [`${hex(2)}.${process.pid}-abcd1234.tmp`, 100],
    [`${hex(3)}.999999999-abcd1234.tmp`, 100],
    [`${hex(4)}.parsed.evicting.999999999.abcd1234`, 100],
  ]);
  await pruneDatasetCache(dir, 0);
  assert.deepEqual(names(dir), [`${hex(2)}.${process.pid}-abcd1234.tmp`, 'notes.txt']);
});

test('reading a parsed file marks it used: it outlives a newer one that nobody read', async () => {
  const dir = tempDir();
  const cache = join(dir, 'cache');
  writeData(dir, 'a.jsonl', jsonLines(makeRaggedSequences(20, 2, 6, 2, 1)));
  writeData(dir, 'b.jsonl', jsonLines(makeRaggedSequences(20, 2, 6, 2, 2)));
  const plan = (name: string) =>
    resolveDataFiles(validateSweepSpec(specWith({ path: name })), dir, { parsedCacheDir: cache });
  await plan('a.jsonl');
  const [first] = readdirSync(cache).filter((name) => name.endsWith('.parsed'));
  const long = new Date(Date.UTC(2026, 0, 1));
  utimesSync(join(cache, first as string), long, long);
  await plan('b.jsonl');
  const second = readdirSync(cache).find((name) => name.endsWith('.parsed') && name !== first) as string;
  utimesSync(join(cache, second), new Date(Date.UTC(2026, 0, 2)), new Date(Date.UTC(2026, 0, 2)));
  // `a` again, from its parsed file (the in-memory copy is keyed by path; a twin path reads the disk).
  writeData(dir, 'a-twin.jsonl', jsonLines(makeRaggedSequences(20, 2, 6, 2, 1)));
  await plan('a-twin.jsonl');
  assert.ok(statSync(join(cache, first as string)).atimeMs > Date.UTC(2026, 0, 3), 'marked as just used');
  const size = statSync(join(cache, first as string)).size;
  const result = await pruneDatasetCache(cache, size);
  assert.deepEqual(result.evicted, [second]);
  assert.ok(existsSync(join(cache, first as string)));
});
