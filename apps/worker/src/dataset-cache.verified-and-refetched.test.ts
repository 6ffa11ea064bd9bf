import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TrialConfig } from '@cellsweep/core';
import type { DatasetRepository, Store } from '@cellsweep/store';
import { DRIVERS, openTestStore } from '@cellsweep/store/testing';
import { createDatasetCache } from './dataset-cache.js';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The real store, counting what the cache asks of it. */
function counting(store: Store) {
  const calls = { find: 0, read: 0 };
  const repository: Pick<DatasetRepository, 'findDatasetBlob' | 'readDatasetBlob'> = {
    findDatasetBlob: (hash) => (calls.find++, store.findDatasetBlob(hash)),
    readDatasetBlob: (hash) => (calls.read++, store.readDatasetBlob(hash)),
  };
  return { calls, repository };
}

for (const driver of DRIVERS) {
  describe(`the worker's dataset cache on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    let dir: string;
    // 2,500 bytes of text in chunks of 1,000: a blob of three chunks.
    const data = new Uint8Array(Buffer.from('sequence,step,value,label\n'.repeat(100).slice(0, 2_500)));
    const hash = sha256(data);
    before(async () => {
      ({ store, close } = await openTestStore(driver));
      dir = mkdtempSync(join(tmpdir(), 'cellsweep-dataset-cache-'));
      const read = async function* () {
        yield data;
      };
      await store.putDatasetBlob({ sha256: hash, sizeBytes: data.length, read, chunkBytes: 1_000 });
    });
    after(async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('fetches once; a second process finds the copy without asking the store', async () => {
      const first = counting(store);
      const path = await createDatasetCache({ dir, store: first.repository }).localPath(hash);
      assert.equal(path, join(dir, hash));
      assert.deepEqual(new Uint8Array(readFileSync(path)), data);
      assert.deepEqual(first.calls, { find: 1, read: 1 });
      assert.deepEqual(readdirSync(dir), [hash], 'no temp file left behind');

      const second = counting(store);
      assert.equal(await createDatasetCache({ dir, store: second.repository }).localPath(hash), path);
      assert.deepEqual(second.calls, { find: 0, read: 0 });
    });

    test('a copy with one byte changed (same size) is found out by its hash and fetched again', async () => {
      const path = join(dir, hash);
      const damaged = new Uint8Array(data);
      damaged[1_234] = (damaged[1_234] ?? 0) ^ 0xff;
      writeFileSync(path, damaged);
      const lines: string[] = [];
      const fresh = counting(store);
      const cache = createDatasetCache({ dir, store: fresh.repository, log: (line) => lines.push(line) });
      assert.equal(await cache.localPath(hash), path);
      assert.deepEqual(new Uint8Array(readFileSync(path)), data);
      assert.deepEqual(fresh.calls, { find: 1, read: 1 });
      assert.match(lines.join('\n'), /hashes to [0-9a-f]{12}…, not its name: fetching it again/);
    });

    test('trials arriving together share one download', async () => {
      const own = mkdtempSync(join(tmpdir(), 'cellsweep-dataset-cache-'));
      try {
        const shared = counting(store);
        const cache = createDatasetCache({ dir: own, store: shared.repository });
        const paths = await Promise.all(Array.from({ length: 4 }, () => cache.localPath(hash)));
        assert.deepEqual(new Set(paths), new Set([join(own, hash)]));
        assert.equal(shared.calls.read, 1);
      } finally {
        rmSync(own, { recursive: true, force: true });
      }
    });

    test("a file task's config is pointed at the copy; a file the store lacks keeps its path", async () => {
      const cache = createDatasetCache({ dir, store });
      const config = (task: object) => ({ seed: 1, task }) as unknown as TrialConfig;
      const fileTask = { dataset: 'file', path: '/home/someone-else/data.csv', kind: 'classification', sha256: hash };
      const localized = await cache.localize(config(fileTask));
      assert.deepEqual(localized.task, { ...fileTask, path: join(dir, hash) });
      const missing = { ...fileTask, sha256: 'f'.repeat(64) };
      assert.deepEqual((await cache.localize(config(missing))).task, missing);
      const builtIn = config({ dataset: 'adding', sequenceLength: 10 });
      assert.equal(await cache.localize(builtIn), builtIn);
    });
  });
}
