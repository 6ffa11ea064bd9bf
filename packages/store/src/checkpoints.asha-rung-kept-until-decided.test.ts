import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';
import type { NewTrial, TrialResult } from './types.js';

const result = (attempt: number, epochsRun: number): TrialResult => ({
  attempt,
  epochsRun,
  trainLoss: 0.5,
  valLoss: 0.6,
  testLoss: 0.7,
  wallTimeMs: 10,
});
const bytes = (epoch: number): Uint8Array => new Uint8Array([epoch, 7, 7, 7]);
const row = (epoch: number) => ({
  epoch,
  trainLoss: 1 / epoch,
  valLoss: 2 / epoch,
  samplesPerSec: 100,
  epochTimeMs: 5,
});

for (const driver of DRIVERS) {
  describe(`ASHA rung checkpoints on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    /** Trains `trial` for `epochs` epochs, checkpointing at `checkpointEpoch`, and completes it. */
    const trainRung = async (trial: NewTrial, epochs: number, checkpointEpoch: number): Promise<void> => {
      const id = trial.id as string;
      const { attempt } = await store.startAttempt(id, { backend: 'noop' });
      for (let epoch = 1; epoch <= epochs; epoch++) {
        assert.equal(await store.recordAttemptEpoch(id, attempt, row(epoch)), true);
        if (epoch === checkpointEpoch)
          assert.equal(await store.saveCheckpoint(id, attempt, { epoch, data: bytes(epoch) }), true);
      }
      assert.equal(await store.completeTrial(id, result(attempt, epochs)), true);
    };

    test('a completed rung keeps its checkpoint; promoting moves it and its epoch rows to the next rung', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const rung0 = { ...testTrial(0), keepsCheckpoint: true };
      const stopped = { ...testTrial(1), keepsCheckpoint: true };
      const failed = { ...testTrial(2), keepsCheckpoint: true };
      await store.addTrials(sweep.id, [rung0, stopped, failed]);
      await trainRung(rung0, 3, 3);
      await trainRung(stopped, 3, 2);
      const failing = await store.startAttempt(failed.id as string, { backend: 'noop' });
      await store.saveCheckpoint(failed.id as string, failing.attempt, { epoch: 1, data: bytes(1) });
      await store.failTrial(failed.id as string, failing.attempt, 'diverged');

      assert.equal((await store.findCheckpoint(rung0.id as string))?.epoch, 3, 'kept until the decision');
      assert.equal((await store.findCheckpoint(stopped.id as string))?.epoch, 2);
      assert.equal(await store.findCheckpoint(failed.id as string), null, 'a failed rung is never promoted: dropped');

      // Promotion: the next rung's trial names the lower rung's; inserting it moves the checkpoint.
      const rung1 = { ...testTrial(10), continuesFrom: rung0.id as string };
      await store.addTrials(sweep.id, [rung1]);
      assert.equal(await store.findCheckpoint(rung0.id as string), null, 'dropped from the lower rung');
      assert.deepEqual(await store.findCheckpoint(rung1.id as string), { epoch: 3, attempt: 0, data: bytes(3) });
      const copied = await store.listEpochs(rung1.id as string);
      assert.deepEqual(
        copied.map((e) => [e.epoch, e.valLoss, e.attempt]),
        [1, 2, 3].map((epoch) => [epoch, 2 / epoch, 0]),
      );
      assert.equal((await store.listEpochs(rung0.id as string)).length, 3, 'the lower rung keeps its own curve');

      // Its first attempt resumes there; completing it drops the checkpoint as for any trial.
      const started = await store.startAttempt(rung1.id as string, { backend: 'noop' });
      assert.equal(started.checkpoint?.epoch, 3);
      assert.equal(
        (await store.listEpochs(rung1.id as string)).length,
        3,
        'rows up to the checkpoint survive the start',
      );
      assert.equal(await store.completeTrial(rung1.id as string, result(started.attempt, 9)), true);
      assert.equal(await store.findCheckpoint(rung1.id as string), null);

      // Promotion through the bulk insert, from a checkpoint older than the rung's last epoch: only rows up to it.
      const other = { ...testTrial(11), continuesFrom: stopped.id as string };
      await store.insertTrials(sweep.id, [other]);
      assert.equal((await store.findCheckpoint(other.id as string))?.epoch, 2);
      assert.deepEqual(
        (await store.listEpochs(other.id as string)).map((e) => e.epoch),
        [1, 2],
      );

      // Inserting the same trial again (a replayed decision) changes nothing.
      await store.addTrials(sweep.id, [rung1]);
      assert.equal(await store.findCheckpoint(rung1.id as string), null);
    });

    test('a stopped rung releases its checkpoint; a trial still in training keeps its own', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const lost = { ...testTrial(0), keepsCheckpoint: true };
      const training = { ...testTrial(1), keepsCheckpoint: true };
      const plain = testTrial(2);
      await store.addTrials(sweep.id, [lost, training, plain]);
      await trainRung(lost, 3, 3);
      const running = await store.startAttempt(training.id as string, { backend: 'noop' });
      await store.saveCheckpoint(training.id as string, running.attempt, { epoch: 1, data: bytes(1) });
      await trainRung(plain, 3, 3);
      assert.equal(
        await store.findCheckpoint(plain.id as string),
        null,
        'a trial that keeps nothing drops it on completion',
      );

      assert.equal(await store.releaseCheckpoints([lost.id as string, training.id as string, 'no-such-trial']), 1);
      assert.equal(await store.findCheckpoint(lost.id as string), null);
      assert.equal((await store.findCheckpoint(training.id as string))?.epoch, 1);
      assert.equal(await store.releaseCheckpoints([]), 0);

      // A next rung whose lower rung has no checkpoint any more trains from epoch 1.
      const late = { ...testTrial(10), continuesFrom: lost.id as string };
      await store.addTrials(sweep.id, [late]);
      assert.equal(await store.findCheckpoint(late.id as string), null);
      assert.deepEqual(await store.listEpochs(late.id as string), []);
    });
  });
}
