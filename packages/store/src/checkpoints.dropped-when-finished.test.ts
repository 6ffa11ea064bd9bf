import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';
import type { NewTrial, TrialResult } from './types.js';

const trial = (i: number): NewTrial => testTrial(i, 'gru');
const result = (attempt: number): TrialResult => ({
  attempt,
  epochsRun: 2,
  trainLoss: 0.5,
  valLoss: 0.6,
  testLoss: 0.7,
  wallTimeMs: 10,
});
const checkpoint = (epoch: number) => ({ epoch, data: new Uint8Array([epoch, 1, 2, 3]) });

for (const driver of DRIVERS) {
  describe(`checkpoints of finished trials on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    test('completing or failing a trial drops its checkpoint; a retried unfinished trial and a cancelled one keep theirs', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [0, 1, 2, 3, 4, 5].map(trial);
      await store.insertTrials(sweep.id, trials);
      const [bulkDone, oneDone, trainerFailed, jobFailed, retried, cancelled] = trials.map((t) => t.id ?? '');
      const started = await store.startAttempts(
        [bulkDone, oneDone, trainerFailed, jobFailed, retried, cancelled] as string[],
        { backend: 'noop' },
      );
      for (const [id, attempt] of started) {
        assert.ok(!(attempt instanceof Error));
        assert.equal(await store.saveCheckpoint(id, attempt.attempt, checkpoint(2)), true);
      }

      const outcome = await store.completeTrials(new Map([[bulkDone as string, result(1)]]));
      assert.equal(outcome.get(bulkDone as string), true);
      assert.equal(await store.completeTrial(oneDone as string, result(1)), true);
      assert.equal(await store.failTrial(trainerFailed as string, 1, 'diverged'), true);
      assert.equal(
        await store.failUnfinishedTrial(jobFailed as string, 'job failed: job stalled more than allowable limit'),
        true,
      );
      await store.cancelSweep(sweep.id); // cancels `retried` and `cancelled`...
      await store.reopenSweep(sweep.id); // ...and reopens them (and the failed ones) as PENDING

      for (const id of [bulkDone, oneDone, trainerFailed, jobFailed])
        assert.equal(await store.findCheckpoint(id as string), null, `${id} has no checkpoint`);
      // A redelivery of an unfinished trial resumes where the previous attempt checkpointed.
      const again = await store.startAttempt(retried as string, { backend: 'noop' });
      assert.equal(again.attempt, 2);
      assert.deepEqual(again.checkpoint, { epoch: 2, attempt: 1, data: new Uint8Array([2, 1, 2, 3]) });
      assert.equal(
        (await store.startAttempt(cancelled as string, { backend: 'noop' })).checkpoint?.epoch,
        2,
        'cancelled, then resumed: kept',
      );
      // The re-opened failed trial starts over.
      assert.equal((await store.startAttempt(trainerFailed as string, { backend: 'noop' })).checkpoint, null);

      // Finishing the rest leaves the sweep without checkpoints.
      assert.equal(await store.completeTrial(retried as string, result(2)), true);
      await store.completeTrials(new Map([[cancelled as string, result(2)]]));
      for (const t of trials)
        if (t.id !== trainerFailed) assert.equal(await store.findCheckpoint(t.id as string), null);
    });
  });
}
