import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextSearchStep, nextTrialPlans } from './driver.js';
import { searchSpec, simulate } from './test-support.js';

const spec = searchSpec(
  '{ method: random, trials: 18, parallelism: 4, seed: 1, asha: { minEpochs: 1, reductionFactor: 3 }, ' +
    'space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }',
);

test('ASHA: each promoted rung continues its own lower rung; rungs below the top keep their checkpoints', () => {
  const { trials } = simulate(spec);
  const plans = nextTrialPlans(spec, trials);
  const byKey = new Map(plans.map((plan) => [plan.configKey, plan]));
  let continued = 0;
  for (const plan of plans) {
    const epochs = plan.config.training.epochs;
    assert.equal(plan.keepsCheckpoint === true, epochs < 9, `epochs ${epochs}: keeps its checkpoint below the top`);
    if (epochs === 1) {
      assert.equal(plan.continuesFromKey, undefined, 'the first rung starts from epoch 1');
      continue;
    }
    const lower = byKey.get(plan.continuesFromKey ?? '');
    assert.ok(lower, 'the lower rung is a trial of the sweep');
    assert.equal(lower.config.training.epochs, epochs === 3 ? 1 : 3, 'the rung just below');
    // Same suggestion, same everything but the epoch count: what makes continuing it exact.
    const withoutEpochs = (config: typeof plan.config) => ({ ...config, training: { ...config.training, epochs: 0 } });
    assert.deepEqual(withoutEpochs(lower.config), withoutEpochs(plan.config));
    continued++;
  }
  assert.ok(continued >= 6, `${continued} continued trials`);
});

test('ASHA: the step names exactly the rung trials stopped there, whose kept checkpoints are released', () => {
  const { trials, snapshots } = simulate(spec);
  const { stoppedKeys } = nextSearchStep(spec, trials);
  const promotedFrom = new Set(nextTrialPlans(spec, trials).flatMap((plan) => plan.continuesFromKey ?? []));
  const stopped = trials.filter((trial) => trial.config.training.epochs < 9 && !promotedFrom.has(trial.configKey));
  assert.deepEqual([...stoppedKeys].sort(), stopped.map((trial) => trial.configKey).sort());
  assert.ok(stoppedKeys.length >= 9, `${stoppedKeys.length} stopped`);
  // Mid-sweep, a rung still waiting for a lower index is neither promoted nor stopped: it keeps its checkpoint.
  for (const snapshot of snapshots) {
    const step = nextSearchStep(spec, snapshot);
    const continued = new Set(step.plans.flatMap((plan) => plan.continuesFromKey ?? []));
    for (const key of step.stoppedKeys) {
      assert.equal(continued.has(key), false, 'a stopped rung is never continued');
      assert.equal(snapshot.find((trial) => trial.configKey === key)?.status, 'COMPLETED');
    }
  }
});
