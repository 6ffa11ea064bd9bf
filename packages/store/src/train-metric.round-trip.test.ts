import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';

for (const driver of DRIVERS) {
  describe(`training-set metric on ${driver} (migration 20261207122500_train_metric)`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver, { fromEmpty: true })));
    after(() => close());

    test('one-trial and bulk results store the train metric; absent or non-finite reads null', async () => {
      assert.ok(store.migrations?.applied.includes('20261207122500_train_metric'));
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [testTrial(0), testTrial(1), testTrial(2), testTrial(3)];
      await store.insertTrials(sweep.id, trials);
      const [single, bulk, diverged, legacy] = trials.map((t) => t.id ?? '') as [string, string, string, string];
      const base = { wallTimeMs: 5, epochsRun: 2, trainLoss: 0.1, metricName: 'accuracy' };

      const one = await store.startAttempt(single, { backend: 'wasm' });
      assert.equal(await store.completeTrial(single, { ...base, attempt: one.attempt, trainMetric: 0.984375 }), true);
      const started = await store.startAttempts([bulk, diverged, legacy], { backend: 'wasm' });
      const attemptOf = (id: string): number => {
        const value = started.get(id);
        if (!value || value instanceof Error) throw new Error(`not started: ${String(value)}`);
        return value.attempt;
      };
      const applied = await store.completeTrials(
        new Map([
          [bulk, { ...base, attempt: attemptOf(bulk), trainMetric: 0.1234567890123456 }],
          [diverged, { ...base, attempt: attemptOf(diverged), trainMetric: NaN }],
          [legacy, { ...base, attempt: attemptOf(legacy) }],
        ]),
      );
      assert.deepEqual([...applied.values()], [true, true, true]);
      const ids = [single, bulk, diverged, legacy];
      const stored = await Promise.all(ids.map(async (id) => (await store.getTrial(id)).trainMetric));
      assert.deepEqual(stored.slice(0, 2), [0.984375, 0.1234567890123456]);
      // storedFloat keeps NaN as NaN (a diverged run), like the other metrics; absent is null.
      assert.ok(stored[2] === null || Number.isNaN(stored[2]));
      assert.equal(stored[3], null);
      const points = await store.listTrialPoints(sweep.id);
      assert.deepEqual(
        points.slice(0, 2).map((p) => p.trainMetric),
        [0.984375, 0.1234567890123456],
      );
    });
  });
}
