import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextTrialPlans } from './driver.js';
import { choices, searchSpec, simulate } from './test-support.js';

const spec = searchSpec(
  `{ method: tpe, trials: 14, parallelism: 2, seed: 3, space: { training.learningRate: { float: [0.0001, 0.3], log: true }, training.batchSize: { choice: [16, 32, 64, 128] } } }`,
);

test('perturbing stored test losses and metrics changes no suggestion; perturbing a validation loss does', () => {
  // A state part-way through the sweep, with several finished suggestions for TPE to learn from.
  const { snapshots } = simulate(spec, { orderSeed: 5 });
  const state = snapshots[9] ?? [];
  assert.ok(state.filter((trial) => trial.status === 'COMPLETED').length >= 8);
  const keys = (trials: typeof state): string[] => nextTrialPlans(spec, trials).map((plan) => plan.configKey);
  const reference = keys(state);

  const testPerturbed = state.map((trial, i) => ({ ...trial, testLoss: i % 2 ? -1e9 : 1e9, testMetric: Number.NaN }));
  assert.deepEqual(keys(testPerturbed), reference);

  // The same change to validation losses (reversing their ranking) moves TPE's next suggestions.
  const valPerturbed = state.map((trial) => (trial.valLoss === null ? trial : { ...trial, valLoss: 1 / trial.valLoss }));
  assert.notDeepEqual(keys(valPerturbed), reference);
});

test('a whole sweep run on perturbed test data makes the same choices', () => {
  const a = simulate(spec, { orderSeed: 2 });
  assert.equal(a.trials.length, 14 * 1); // one stream (no fair mode), no ASHA: one trial per suggestion
  const b = a.trials.map((trial) => ({ ...trial, testLoss: 0 }));
  assert.deepEqual(nextTrialPlans(spec, b).map((p) => p.configKey).sort(), a.trials.map((t) => t.configKey).sort());
  assert.deepEqual(choices(a.trials), choices(simulate(spec, { orderSeed: 2 }).trials));
});
