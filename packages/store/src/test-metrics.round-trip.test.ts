import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';
import type { NewTrial } from './types.js';

const trial = (i: number): NewTrial => testTrial(i, 'lstm');

const SPAM = { accuracy: 0.9375, f1: 0.8, precision: 0.75, recall: 6 / 7 };

for (const driver of DRIVERS) {
  describe(`named test metrics on ${driver} (migration 20261127110000_test_metrics)`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver, { fromEmpty: true })));
    after(() => close());

    test('the migration is applied on open', () => {
      assert.ok(store.migrations?.applied.includes('20261127110000_test_metrics'));
    });

    test('one-trial and bulk writes store the metrics exactly; non-finite as null; absent as null', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [trial(0), trial(1), trial(2), trial(3)];
      await store.insertTrials(sweep.id, trials);
      const [single, bulk, diverged, legacy] = trials.map((t) => t.id ?? '') as [string, string, string, string];
      const base = { wallTimeMs: 5, epochsRun: 1, testLoss: 0.2, metricName: 'accuracy', testMetric: SPAM.accuracy };

      const one = await store.startAttempt(single, { backend: 'wasm' });
      assert.equal(await store.completeTrial(single, { ...base, attempt: one.attempt, testMetrics: SPAM }), true);
      const started = await store.startAttempts([bulk, diverged, legacy], { backend: 'wasm' });
      const attemptOf = (id: string): number => {
        const value = started.get(id);
        if (!value || value instanceof Error) throw new Error(`not started: ${String(value)}`);
        return value.attempt;
      };
      const applied = await store.completeTrials(
        new Map([
          [bulk, { ...base, attempt: attemptOf(bulk), testMetrics: SPAM }],
          [
            diverged,
            {
              ...base,
              metricName: 'nmse',
              attempt: attemptOf(diverged),
              testMetrics: { nmse: Number.NaN, mse: Number.POSITIVE_INFINITY },
            },
          ],
          [legacy, { ...base, attempt: attemptOf(legacy) }],
        ]),
      );
      assert.deepEqual([...applied.values()], [true, true, true]);

      assert.deepEqual((await store.getTrial(single)).testMetrics, SPAM);
      assert.deepEqual((await store.getTrial(bulk)).testMetrics, SPAM);
      assert.deepEqual((await store.getTrial(diverged)).testMetrics, { nmse: null, mse: null });
      assert.equal((await store.getTrial(legacy)).testMetrics, null);
      const listed = await store.listTrials(sweep.id);
      assert.deepEqual(
        listed.map((row) => row.testMetrics),
        [SPAM, SPAM, { nmse: null, mse: null }, null],
      );
    });
  });
}
