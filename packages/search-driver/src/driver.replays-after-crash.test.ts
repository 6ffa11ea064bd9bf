import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextTrialPlans } from './driver.js';
import { choices, searchSpec, simulate } from './test-support.js';

const methods = {
  random: `{ method: random, trials: 10, parallelism: 3, seed: 7, space: { training.learningRate: { float: [0.0001, 0.3], log: true }, training.optimizer: { choice: [adam, momentum] }, training.clipNorm: { float: [0.1, 10], log: true, when: { training.optimizer: [momentum] } } } }`,
  tpe: `{ method: tpe, trials: 12, parallelism: 3, seed: 7, space: { training.learningRate: { float: [0.0001, 0.3], log: true }, training.batchSize: { choice: [16, 64, 256] } } }`,
  asha: `{ method: tpe, trials: 12, parallelism: 3, seed: 7, asha: { minEpochs: 1, reductionFactor: 3 }, space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }`,
  fair: `{ method: random, trials: 6, parallelism: 2, seed: 7, asha: { minEpochs: 1 }, fair: { finalSeeds: 3 }, space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }`,
};

for (const [name, search] of Object.entries(methods)) {
  const spec = searchSpec(search);

  test(`${name}: the driver on a truncated store (a crash after any finished trial) asks for what the uninterrupted run did`, () => {
    const { trials, snapshots } = simulate(spec, { orderSeed: 11 });
    const final = new Map(trials.map((trial) => [trial.configKey, trial]));
    snapshots.forEach((snapshot, at) => {
      // Restart: the driver sees only the stored state; every trial it asks for is one the uninterrupted run had,
      // and it asks again for every trial the uninterrupted run had added by then.
      const planned = nextTrialPlans(spec, snapshot).map((plan) => plan.configKey);
      for (const key of planned) assert.ok(final.has(key), `after finish ${at}: unexpected trial ${key}`);
      const next = snapshots[at + 1] ?? trials;
      const stored = new Set(snapshot.map((trial) => trial.configKey));
      for (const trial of next) if (!stored.has(trial.configKey)) assert.ok(planned.includes(trial.configKey));
    });
  });

  test(`${name}: the same seed makes the same choices whatever the timing and worker count`, () => {
    const reference = choices(simulate(spec, { orderSeed: 1, workers: 4 }).trials);
    for (const [orderSeed, workers] of [
      [2, 1],
      [3, 2],
      [4, 8],
    ] as const) {
      assert.deepEqual(choices(simulate(spec, { orderSeed, workers }).trials), reference);
    }
  });
}
