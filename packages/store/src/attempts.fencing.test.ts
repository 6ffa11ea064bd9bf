import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TrialNotRunnableError } from './errors.js';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';
import type { EpochRow, NewTrial } from './types.js';

const trial = (i: number): NewTrial => testTrial(i, 'lstm');
const epoch = (n: number): EpochRow => ({
  epoch: n,
  trainLoss: 1 / n,
  valLoss: 1 / n,
  samplesPerSec: 10,
  epochTimeMs: 5,
});

for (const driver of DRIVERS) {
  describe(`fenced attempts on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    test('a new attempt resumes from the checkpoint, keeps epochs up to it, and fences the old attempt out', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const input = trial(0);
      assert.equal(await store.insertTrials(sweep.id, [input, trial(1)]), 2);
      assert.equal(await store.insertTrials(sweep.id, [input, trial(1), trial(2)]), 1, 'idempotent on config key');
      const id = input.id ?? '';

      const first = await store.startAttempt(id, { backend: 'wasm' });
      assert.deepEqual(
        { attempt: first.attempt, checkpoint: first.checkpoint, config: first.config },
        { attempt: 1, checkpoint: null, config: { cell: 'lstm', seed: 0 } },
      );
      for (const n of [1, 2, 3]) assert.equal(await store.recordAttemptEpoch(id, 1, epoch(n)), true);
      assert.equal(await store.saveCheckpoint(id, 1, { epoch: 2, data: new Uint8Array([1, 2, 3]) }), true);

      const second = await store.startAttempt(id, { backend: 'wasm' });
      assert.equal(second.attempt, 2);
      assert.deepEqual(second.checkpoint, { epoch: 2, attempt: 1, data: new Uint8Array([1, 2, 3]) });
      assert.deepEqual(
        (await store.listEpochs(id)).map((row) => [row.epoch, row.attempt]),
        [
          [1, 1],
          [2, 1],
        ],
        'epoch 3 was past the checkpoint',
      );

      // The old attempt (a zombie) is refused everywhere and changes nothing.
      assert.equal(await store.recordAttemptEpoch(id, 1, epoch(3)), false);
      assert.equal(await store.saveCheckpoint(id, 1, { epoch: 3, data: new Uint8Array([9]) }), false);
      assert.equal(await store.completeTrial(id, { attempt: 1, wallTimeMs: 1, epochsRun: 3 }), false);
      assert.equal((await store.findCheckpoint(id))?.epoch, 2);

      assert.equal(await store.recordAttemptEpoch(id, 2, epoch(3)), true);
      assert.equal(await store.completeTrial(id, { attempt: 2, wallTimeMs: 1, epochsRun: 3 }), true);
      assert.equal(await store.recordAttemptEpoch(id, 2, epoch(4)), false, 'nothing is written after the result');
      await assert.rejects(store.startAttempt(id, { backend: 'wasm' }), TrialNotRunnableError);
      assert.deepEqual(
        (await store.listEpochs(id)).map((row) => [row.epoch, row.attempt]),
        [
          [1, 1],
          [2, 1],
          [3, 2],
        ],
      );
    });

    test('a fenced epoch write stores every field (NaN losses, gradient norms), and writing it again overwrites it', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const input = trial(0);
      await store.insertTrials(sweep.id, [input]);
      const id = input.id ?? '';
      const { attempt } = await store.startAttempt(id, { backend: 'wasm' });
      const diverged: EpochRow = {
        epoch: 1,
        trainLoss: Number.NaN,
        valLoss: Number.POSITIVE_INFINITY,
        trainMetric: 0.25,
        valMetric: null,
        samplesPerSec: 1234.5,
        epochTimeMs: 41.6,
        gradientNorms: [0.5, 1e-7, 3],
        gradientReach: 2,
      };
      assert.equal(await store.recordAttemptEpoch(id, attempt, diverged), true);
      const [stored] = await store.listEpochs(id);
      assert.ok(
        stored && Number.isNaN(stored.trainLoss) && Number.isNaN(stored.valLoss),
        'non-finite losses are stored as NaN',
      );
      assert.deepEqual(
        {
          attempt: stored.attempt,
          trainMetric: stored.trainMetric,
          valMetric: stored.valMetric,
          samplesPerSec: stored.samplesPerSec,
          epochTimeMs: stored.epochTimeMs,
          gradientNorms: stored.gradientNorms,
          gradientReach: stored.gradientReach,
        },
        {
          attempt,
          trainMetric: 0.25,
          valMetric: null,
          samplesPerSec: 1234.5,
          epochTimeMs: 42,
          gradientNorms: [0.5, 1e-7, 3],
          gradientReach: 2,
        },
      );
      assert.equal(
        await store.recordAttemptEpoch(id, attempt, { ...epoch(1), gradientNorms: [], gradientReach: null }),
        true,
      );
      const [again] = await store.listEpochs(id);
      assert.deepEqual(
        [again?.trainLoss, again?.gradientNorms, again?.gradientReach],
        [1, [], null],
        'overwritten, not duplicated',
      );
      const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256);
      assert.equal(await store.saveCheckpoint(id, attempt, { epoch: 1, data: bytes }), true);
      assert.deepEqual(await store.findCheckpoint(id), { epoch: 1, attempt, data: bytes });
    });

    test('cancel stops open trials; reopen brings failed and cancelled ones back; queue failures and requeues', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [trial(0), trial(1), trial(2)];
      await store.insertTrials(sweep.id, trials);
      const [a, b, c] = trials.map((t) => t.id ?? '');
      const attempt = (await store.startAttempt(a ?? '', { backend: 'x' })).attempt;
      assert.equal(await store.failUnfinishedTrial(b ?? '', 'job failed: stalled'), true);
      assert.equal(await store.requeueTrial(a ?? '', attempt + 1), false, 'only the current attempt is requeued');
      assert.equal(await store.cancelSweep(sweep.id), 2);
      assert.deepEqual(
        (await store.listTrialStates(sweep.id)).map((t) => t.status),
        ['CANCELLED', 'FAILED', 'CANCELLED'],
      );
      assert.equal(
        await store.recordAttemptEpoch(a ?? '', attempt, epoch(1)),
        false,
        'a cancelled trial refuses its worker',
      );
      assert.deepEqual((await store.reopenSweep(sweep.id)).sort(), [a, b, c].sort());
      assert.equal((await store.getSweep(sweep.id)).status, 'PENDING');
      assert.deepEqual(
        await store.listTrialStates(sweep.id, ['PENDING']).then((rows) => rows.map((t) => t.ordinal)),
        [0, 1, 2],
      );
      assert.equal(await store.transitionSweep(sweep.id, ['RUNNING'], 'COMPLETED'), false);
      assert.equal(await store.transitionSweep(sweep.id, ['PENDING'], 'RUNNING', { specHash: 'other' }), false);
      assert.equal(await store.transitionSweep(sweep.id, ['PENDING'], 'RUNNING', { specHash: 'h' }), true);
    });
  });
}
