import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isRemovable } from './dataset-blob-prune.js';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';

const HOUR_MS = 3_600_000;
/** A clock two hours ahead, so every blob is past the default one-hour grace. */
const later = (): Date => new Date(Date.now() + 2 * HOUR_MS);

function blobBytes(seed: number, length = 2_500): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function put(store: Store, data: Uint8Array, failAfter?: number): Promise<string> {
  const hash = sha256(data);
  const upload = store.putDatasetBlob({
    sha256: hash,
    sizeBytes: data.length,
    chunkBytes: 1_000,
    read: async function* () {
      for (let offset = 0; offset < data.length; offset += 1_000) {
        if (failAfter !== undefined && offset >= failAfter) throw new Error('connection lost mid-upload');
        yield data.subarray(offset, offset + 1_000);
      }
    },
  });
  if (failAfter === undefined) await upload;
  else await assert.rejects(upload, /connection lost/);
  return hash;
}

async function readAll(store: Store, hash: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of store.readDatasetBlob(hash)) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

/** A sweep whose spec's file task names `hash`, with `count` trials that train on it (PENDING). */
async function sweepUsing(store: Store, hash: string, count = 2): Promise<{ id: string; trialIds: string[] }> {
  const task = { dataset: 'file', path: '/data/x.csv', kind: 'classification', sha256: hash };
  const sweep = await store.upsertSweep({
    name: uniqueName('sweep'),
    spec: { name: 'x', task: [task], cells: ['gru'] },
    specHash: uniqueName('hash'),
  });
  const trials = Array.from({ length: count }, (_, i) => ({ ...testTrial(i), config: { cell: 'gru', seed: i, task } }));
  await store.addTrials(sweep.id, trials);
  return { id: sweep.id, trialIds: trials.map((trial) => trial.id as string) };
}

for (const driver of DRIVERS) {
  describe(`pruning dataset blobs on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    test('removes unreferenced and unfinished blobs only; finished ones on request; never one a trial needs', async () => {
      const [unusedBytes, finishedBytes, neededBytes] = [blobBytes(1), blobBytes(2), blobBytes(3)];
      const unused = await put(store, unusedBytes);
      const finished = await put(store, finishedBytes);
      const needed = await put(store, neededBytes);
      const broken = await put(store, blobBytes(4), 1_000);
      const done = await sweepUsing(store, finished);
      await store.cancelSweep(done.id); // its trials end CANCELLED: finished, results kept
      await sweepUsing(store, needed);

      const usage = new Map((await store.listDatasetBlobUsage()).map((row) => [row.sha256, row]));
      assert.equal(usage.get(unused)?.state, 'unreferenced');
      assert.equal(usage.get(finished)?.state, 'finished');
      assert.equal(usage.get(finished)?.trials, 2);
      assert.equal(usage.get(needed)?.state, 'needed');
      assert.equal(usage.get(needed)?.openTrials, 2);
      assert.equal(usage.get(broken)?.state, 'incomplete');
      assert.equal(usage.get(unused)?.sizeBytes, 2_500);
      // Within the grace period nothing is removable: a submit stores its file just before its sweep.
      assert.deepEqual(
        [...usage.values()].filter((row) => isRemovable(row)),
        [],
      );
      assert.deepEqual(await store.removeDatasetBlobs([...usage.keys()]), []);

      const removed = await store.removeDatasetBlobs([...usage.keys()], { now: later() });
      assert.deepEqual(removed.map((row) => row.sha256).sort(), [unused, broken].sort());
      assert.equal(await store.findDatasetBlob(unused), null);
      assert.deepEqual(await readAll(store, finished), finishedBytes);
      assert.deepEqual(await readAll(store, needed), neededBytes);

      // With includeFinished the finished sweep's file goes; the open sweep's stays, and no trial row changes.
      const again = await store.removeDatasetBlobs([finished, needed], { now: later(), includeFinished: true });
      assert.deepEqual(
        again.map((row) => row.sha256),
        [finished],
      );
      assert.deepEqual(await readAll(store, needed), neededBytes);
      const trials = await store.listTrials(done.id);
      assert.deepEqual(
        trials.map((trial) => trial.status),
        ['CANCELLED', 'CANCELLED'],
      );
    });

    test('a trial queued after the listing keeps its blob: the DELETE checks again', async () => {
      const bytes = blobBytes(5);
      const hash = await put(store, bytes);
      const [listed] = (await store.listDatasetBlobUsage()).filter((row) => row.sha256 === hash);
      assert.ok(listed && isRemovable(listed, { now: later() }));
      await sweepUsing(store, hash, 1);
      assert.deepEqual(await store.removeDatasetBlobs([hash], { now: later(), includeFinished: true }), []);
      assert.deepEqual(await readAll(store, hash), bytes);
    });

    test("an extended sweep's earlier spec still references its file", async () => {
      const [first, second] = [await put(store, blobBytes(6)), await put(store, blobBytes(7))];
      const spec = (hash: string) => ({ name: 'x', task: [{ dataset: 'file', sha256: hash }], cells: ['gru'] });
      const name = uniqueName('sweep');
      const sweep = await store.upsertSweep({ name, spec: spec(first), specHash: uniqueName('h') });
      await store.upsertSweep({ name, spec: spec(second), specHash: uniqueName('h'), extend: true });
      await store.cancelSweep(sweep.id);
      const usage = new Map((await store.listDatasetBlobUsage()).map((row) => [row.sha256, row]));
      assert.equal(usage.get(first)?.state, 'finished');
      assert.deepEqual(usage.get(first)?.sweeps, [name]);
      assert.deepEqual(await store.removeDatasetBlobs([first, second], { now: later() }), []);
    });
  });
}
