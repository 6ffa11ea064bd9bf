import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TrialConfig } from '@cellsweep/core';
import { pruneDatasetCache } from '@cellsweep/datasets/cache';
import type { Store } from '@cellsweep/store';
import { openTestStore } from '@cellsweep/store/testing';
import { createDatasetCache } from './dataset-cache.js';

let store: Store;
let close: () => Promise<void> = async () => undefined;
const dir = mkdtempSync(join(tmpdir(), 'cellsweep-dataset-cache-use-'));
const data = new Uint8Array(Buffer.from('sequence,step,value,label\n'.repeat(200)));
const hash = createHash('sha256').update(data).digest('hex');
// An older file nobody uses: the first to go when the cap is reached.
const stale = 'f'.repeat(64);

before(async () => {
  ({ store, close } = await openTestStore('pglite'));
  const read = async function* () {
    yield data;
  };
  await store.putDatasetBlob({ sha256: hash, sizeBytes: data.length, read });
  writeFileSync(join(dir, stale), Buffer.alloc(10_000, 1));
  const long = new Date(Date.UTC(2026, 0, 1));
  utimesSync(join(dir, stale), long, long);
});
after(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

const config = {
  task: { dataset: 'file', path: '/nowhere/data.csv', kind: 'classification', sha256: hash },
} as unknown as TrialConfig;

test('a trial holds its copy against any prune while it trains; after it, the cache is pruned to the cap', async () => {
  const lines: string[] = [];
  // A cap below the copy's own size: only the lease keeps it.
  const cache = createDatasetCache({ dir, store, maxBytes: 1_000, log: (line) => lines.push(line) });
  const seen = await cache.use(config, async (localized) => {
    const path = (localized.task as { path: string }).path;
    assert.equal(path, join(dir, hash));
    // Another process pruning now (cap 0) must leave the copy the trial is reading.
    const during = await pruneDatasetCache(dir, 0);
    assert.deepEqual(during.evicted, [stale]);
    assert.equal(during.inUseBytes, data.length);
    assert.ok(existsSync(path));
    return path;
  });
  // Released: the copy is now over the cap and goes.
  assert.ok(!existsSync(seen));
  assert.ok(
    lines.some((line) => /evicted 1 least recently used file/.test(line)),
    lines.join('\n'),
  );
  // The next trial fetches it again.
  await cache.use(config, async (localized) => assert.ok(existsSync((localized.task as { path: string }).path)));
});

test('without a cap nothing is evicted', async () => {
  const cache = createDatasetCache({ dir, store });
  const path = await cache.use(config, async (localized) => (localized.task as { path: string }).path);
  assert.ok(existsSync(path));
});
