import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TrialNotFoundError, TrialNotRunnableError } from './errors.js';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';
import type { NewTrial, StartedAttempt, TrialResult } from './types.js';

const trial = (i: number): NewTrial => testTrial(i, 'gru');
const result = (attempt: number, valLoss: number): TrialResult => ({
  attempt,
  wallTimeMs: 1.6,
  epochsRun: 2,
  trainLoss: Number.POSITIVE_INFINITY,
  valLoss,
  testLoss: 0.25,
  metricName: 'mse',
});
const started = (value: StartedAttempt | Error | undefined): StartedAttempt => {
  if (!value || value instanceof Error) throw new Error(`not started: ${String(value)}`);
  return value;
};

for (const driver of DRIVERS) {
  describe(`bulk attempts on ${driver}`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver)));
    after(() => close());

    test('each trial of a batch gets its own attempt, resume point and fence, as one at a time would', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [trial(0), trial(1), trial(2)];
      await store.insertTrials(sweep.id, trials);
      const [a, b, c] = trials.map((t) => t.id ?? '') as [string, string, string];
      const first = started((await store.startAttempts([a], { backend: 'x' })).get(a));
      assert.equal(await store.saveCheckpoint(a, first.attempt, { epoch: 1, data: new Uint8Array([7]) }), true);
      assert.equal(
        await store.recordAttemptEpoch(a, first.attempt, {
          epoch: 2,
          trainLoss: 1,
          valLoss: 1,
          samplesPerSec: 1,
          epochTimeMs: 1,
        }),
        true,
      );

      const batch = await store.startAttempts([a, b, 'no-such-trial'], { backend: 'y' });
      const again = started(batch.get(a));
      assert.equal(again.attempt, first.attempt + 1);
      assert.deepEqual([...(again.checkpoint?.data ?? [])], [7]);
      assert.deepEqual(
        (await store.listEpochs(a)).map((row) => row.epoch),
        [],
        'epoch 2 was past the checkpoint',
      );
      assert.equal(started(batch.get(b)).attempt, 1);
      assert.equal(started(batch.get(b)).checkpoint, null);
      assert.ok(batch.get('no-such-trial') instanceof TrialNotFoundError);

      const applied = await store.completeTrials(
        new Map([
          [a, result(first.attempt, 9)],
          [b, result(1, 0.5)],
          [c, result(1, 0.5)],
          ['gone', result(1, 1)],
        ]),
      );
      assert.equal(applied.get(a), false, 'the stale attempt is fenced out');
      assert.equal(applied.get(b), true);
      assert.equal(applied.get(c), false, 'never started');
      assert.ok(applied.get('gone') instanceof TrialNotFoundError);
      assert.equal(
        (await store.completeTrials(new Map([[b, result(1, 0.7)]]))).get(b),
        false,
        'a replay changes nothing',
      );
      const done = await store.getTrial(b);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.valLoss, 0.5);
      assert.ok(Number.isNaN(done.trainLoss), 'a non-finite loss is stored as NaN, as completeTrial does');
      assert.equal(done.wallTimeMs, 2);
      assert.ok((await store.startAttempts([b], { backend: 'x' })).get(b) instanceof TrialNotRunnableError);
    });
  });
}
