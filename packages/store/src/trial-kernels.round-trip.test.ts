import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';

for (const driver of DRIVERS) {
  describe(`kernel build per trial on ${driver} (migration 20261207190018_trial_kernels)`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver, { fromEmpty: true })));
    after(() => close());

    test('one-trial and bulk results store the kernel build; absent reads null', async () => {
      assert.ok(store.migrations?.applied.includes('20261207190018_trial_kernels'));
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [testTrial(0), testTrial(1), testTrial(2)];
      await store.insertTrials(sweep.id, trials);
      const [single, bulk, none] = trials.map((t) => t.id ?? '') as [string, string, string];
      const base = { wallTimeMs: 5, epochsRun: 1 };
      const one = await store.startAttempt(single, { backend: 'wasm' });
      assert.equal(await store.completeTrial(single, { ...base, attempt: one.attempt, kernels: 'native-avx2' }), true);
      const started = await store.startAttempts([bulk, none], { backend: 'wasm' });
      const attemptOf = (id: string): number => {
        const value = started.get(id);
        if (!value || value instanceof Error) throw new Error(`not started: ${String(value)}`);
        return value.attempt;
      };
      await store.completeTrials(
        new Map([
          [bulk, { ...base, attempt: attemptOf(bulk), kernels: 'relaxed' }],
          [none, { ...base, attempt: attemptOf(none) }],
        ]),
      );
      const stored = await Promise.all([single, bulk, none].map(async (id) => (await store.getTrial(id)).kernels));
      assert.deepEqual(stored, ['native-avx2', 'relaxed', null]);
    });
  });
}
