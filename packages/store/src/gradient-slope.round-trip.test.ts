import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from './store.js';
import { DRIVERS, openTestStore, testTrial, uniqueName } from './test-support.js';

const LN_HALF = Math.log(0.5);
const BOUND = -9.250959908272419; // a one-step bound (core's gradientSlope of [0, 0, 0, 0, 0, 0, 0.37])

for (const driver of DRIVERS) {
  describe(`gradient slopes on ${driver} (migration 20261207081200_gradient_slope)`, () => {
    let store: Store;
    let close: () => Promise<void> = async () => undefined;
    before(async () => ({ store, close } = await openTestStore(driver, { fromEmpty: true })));
    after(() => close());

    test('the migration is applied on open', () => {
      assert.ok(store.migrations?.applied.includes('20261207081200_gradient_slope'));
    });

    test('one-trial and bulk results store initial and final slopes exactly; absent or null reads null', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trials = [testTrial(0), testTrial(1), testTrial(2), testTrial(3)];
      await store.insertTrials(sweep.id, trials);
      const [single, bulk, resumed, legacy] = trials.map((t) => t.id ?? '') as [string, string, string, string];
      const base = { wallTimeMs: 5, epochsRun: 2, testLoss: 0.2 };

      const one = await store.startAttempt(single, { backend: 'wasm' });
      assert.equal(
        await store.completeTrial(single, {
          ...base,
          attempt: one.attempt,
          initialGradientSlope: BOUND,
          gradientSlope: LN_HALF,
        }),
        true,
      );
      const started = await store.startAttempts([bulk, resumed, legacy], { backend: 'wasm' });
      const attemptOf = (id: string): number => {
        const value = started.get(id);
        if (!value || value instanceof Error) throw new Error(`not started: ${String(value)}`);
        return value.attempt;
      };
      const applied = await store.completeTrials(
        new Map([
          [bulk, { ...base, attempt: attemptOf(bulk), initialGradientSlope: Math.log(2), gradientSlope: 1e-17 }],
          [
            resumed,
            { ...base, attempt: attemptOf(resumed), initialGradientSlope: null, gradientSlope: -0.0123456789012345 },
          ],
          [legacy, { ...base, attempt: attemptOf(legacy) }],
        ]),
      );
      assert.deepEqual([...applied.values()], [true, true, true]);

      const slopes = async (id: string) => {
        const trial = await store.getTrial(id);
        return [trial.initialGradientSlope, trial.gradientSlope];
      };
      assert.deepEqual(await slopes(single), [BOUND, LN_HALF]);
      assert.deepEqual(await slopes(bulk), [Math.log(2), 1e-17]);
      assert.deepEqual(await slopes(resumed), [null, -0.0123456789012345]);
      assert.deepEqual(await slopes(legacy), [null, null]);
      const points = await store.listTrialPoints(sweep.id);
      assert.deepEqual(
        points.map((p) => [p.initialGradientSlope, p.gradientSlope]),
        [
          [BOUND, LN_HALF],
          [Math.log(2), 1e-17],
          [null, -0.0123456789012345],
          [null, null],
        ],
      );
    });

    test('epoch rows keep their slope (null too) through the fenced write, and a replay overwrites it', async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const [plain, fenced] = [testTrial(0), testTrial(1)];
      await store.insertTrials(sweep.id, [plain, fenced]);
      const row = {
        trainLoss: 1,
        valLoss: 1,
        samplesPerSec: 10,
        epochTimeMs: 5,
        gradientNorms: [0.25, 0.5, 1],
        gradientReach: 3,
      };
      const first = await store.startAttempt(plain.id ?? '', { backend: 'wasm' });
      await store.recordAttemptEpoch(plain.id ?? '', first.attempt, { ...row, epoch: 1, gradientSlope: LN_HALF });
      await store.recordAttemptEpoch(plain.id ?? '', first.attempt, { ...row, epoch: 2 });
      const { attempt } = await store.startAttempt(fenced.id ?? '', { backend: 'wasm' });
      assert.equal(
        await store.recordAttemptEpoch(fenced.id ?? '', attempt, { ...row, epoch: 1, gradientSlope: 0.75 }),
        true,
      );
      assert.equal(
        await store.recordAttemptEpoch(fenced.id ?? '', attempt, { ...row, epoch: 1, gradientSlope: BOUND }),
        true,
      );
      assert.deepEqual(
        (await store.listEpochs(plain.id ?? '')).map((e) => e.gradientSlope),
        [LN_HALF, null],
      );
      assert.deepEqual(
        (await store.listEpochs(fenced.id ?? '')).map((e) => e.gradientSlope),
        [BOUND],
        'overwritten, not duplicated',
      );
    });

    test("the dashboard's gradient query returns the trial slopes and the last measured epoch's", async () => {
      const sweep = await store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trial = testTrial(0);
      await store.insertTrials(sweep.id, [trial]);
      const id = trial.id ?? '';
      const { attempt } = await store.startAttempt(id, { backend: 'wasm' });
      const row = {
        trainLoss: 1,
        valLoss: 1,
        samplesPerSec: 10,
        epochTimeMs: 5,
        gradientNorms: [1, 0.5],
        gradientReach: 2,
      };
      await store.recordAttemptEpoch(id, attempt, { ...row, epoch: 1, gradientSlope: 0.1 });
      await store.recordAttemptEpoch(id, attempt, { ...row, epoch: 2, gradientSlope: LN_HALF });
      await store.completeTrial(id, {
        attempt,
        wallTimeMs: 1,
        epochsRun: 2,
        gradientReach: 2,
        initialGradientSlope: 0.2,
        gradientSlope: LN_HALF,
      });
      const { trials } = await store.listGradientReach(sweep.id, { limit: 5 });
      assert.equal(trials.length, 1);
      assert.deepEqual(
        [trials[0]?.initialGradientSlope, trials[0]?.gradientSlope, trials[0]?.epoch, trials[0]?.epochGradientSlope],
        [0.2, LN_HALF, 2, LN_HALF],
      );
    });
  });
}
