import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DatasetBlobMismatchError, DatasetBlobNotFoundError, DatasetTooLargeError } from './errors.js';
import type { PutDatasetBlobInput } from './dataset-blobs.js';
import type { Store } from './store.js';
import { DRIVERS, openTestStore } from './test-support.js';

const CHUNK_BYTES = 1_000;

/** Seeded bytes (an LCG), so every blob differs by seed and a failure repeats. */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The bytes in uneven pieces (so the store's re-chunking is exercised), failing after `failAfter` bytes if set. */
function reader(data: Uint8Array, failAfter?: number): () => AsyncIterable<Uint8Array> {
  return async function* () {
    for (let offset = 0; offset < data.length; offset += 777) {
      if (failAfter !== undefined && offset >= failAfter) throw new Error('connection lost mid-upload');
      yield data.subarray(offset, offset + 777);
    }
  };
}

const neverRead = (): AsyncIterable<Uint8Array> => {
  throw new Error('the bytes were read');
};

/** Puts `data` under its own hash in chunks of CHUNK_BYTES, unless `overrides` say otherwise. */
function put(store: Store, data: Uint8Array, overrides: Partial<PutDatasetBlobInput> = {}) {
  return store.putDatasetBlob({
    sha256: sha256(data),
    sizeBytes: data.length,
    read: reader(data),
    chunkBytes: CHUNK_BYTES,
    ...overrides,
  });
}

async function readAll(store: Store, hash: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of store.readDatasetBlob(hash)) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

for (const driver of DRIVERS) {
  describe(`dataset blobs on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    test('a multi-chunk blob reads back byte for byte', async () => {
      const data = bytes(3_500, 1);
      const stored = await put(store, data);
      assert.deepEqual(stored, { uploaded: true, chunksWritten: 4, chunkCount: 4 });
      const info = await store.findDatasetBlob(sha256(data));
      assert.equal(info?.sizeBytes, 3_500);
      assert.equal(info?.chunkCount, 4);
      const back = await readAll(store, sha256(data));
      assert.equal(sha256(back), sha256(data));
      assert.deepEqual(back, data);
    });

    test('the same bytes put twice are stored once: the second put reads and writes nothing', async () => {
      const data = bytes(2_500, 2);
      const first = await put(store, data);
      assert.equal(first.chunksWritten, 3);
      const second = await put(store, data, { read: neverRead });
      assert.deepEqual(second, { uploaded: false, chunksWritten: 0, chunkCount: 3 });
    });

    test('an interrupted upload is invisible, and a retry writes only the missing chunks', async () => {
      const data = bytes(5_200, 3);
      const hash = sha256(data);
      await assert.rejects(put(store, data, { read: reader(data, 2_000) }), /connection lost mid-upload/);
      assert.equal(await store.findDatasetBlob(hash), null);
      await assert.rejects(readAll(store, hash), DatasetBlobNotFoundError);

      // The reader failed after 2,331 bytes (3 pieces of 777): chunks 0 and 1 were whole and stored.
      const retry = await put(store, data);
      assert.deepEqual(retry, { uploaded: true, chunksWritten: 6 - 2, chunkCount: 6 });
      assert.deepEqual(await readAll(store, hash), data);
    });

    test('three submits of one new file at once store each chunk once, and all of them succeed', async () => {
      const data = bytes(6_500, 7);
      const results = await Promise.all([put(store, data), put(store, data), put(store, data)]);
      assert.equal(
        results.reduce((sum, result) => sum + result.chunksWritten, 0),
        7,
      );
      assert.deepEqual(await readAll(store, sha256(data)), data);
    });

    test('a file over the limit is refused before any row is written, naming the setting', async () => {
      const data = bytes(1_001, 4);
      const hash = sha256(data);
      await assert.rejects(
        put(store, data, {
          read: neverRead,
          maxBytes: 1_000,
          limitSetting: 'CELLSWEEP_MAX_DATASET_BYTES',
          chunkBytes: 100,
        }),
        (error: unknown) =>
          error instanceof DatasetTooLargeError &&
          /1,001 bytes, above the store's limit of 1,000; raise CELLSWEEP_MAX_DATASET_BYTES/.test(error.message),
      );
      assert.equal(await store.findDatasetBlob(hash), null);
      // No header was left behind: a later put starts a blob of its own chunk size (a leftover would impose 100).
      const stored = await put(store, data);
      assert.deepEqual(stored, { uploaded: true, chunksWritten: 2, chunkCount: 2 });
    });

    test('bytes that do not hash to the promised SHA-256 are refused and leave nothing behind', async () => {
      const data = bytes(2_000, 5);
      const other = bytes(2_000, 6);
      await assert.rejects(put(store, data, { read: reader(other) }), DatasetBlobMismatchError);
      assert.equal(await store.findDatasetBlob(sha256(data)), null);
      // The wrong chunks are gone: the right bytes are all written again, and read back right.
      const stored = await put(store, data);
      assert.equal(stored.chunksWritten, 2);
      assert.deepEqual(await readAll(store, sha256(data)), data);
    });

    test('an empty file is a blob of no chunks', async () => {
      const data = new Uint8Array(0);
      const stored = await put(store, data);
      assert.deepEqual(stored, { uploaded: true, chunksWritten: 0, chunkCount: 0 });
      assert.deepEqual(await readAll(store, sha256(data)), data);
    });
  });
}
