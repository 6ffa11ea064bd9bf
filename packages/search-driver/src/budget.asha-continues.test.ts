import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSearchBudget } from './budget.js';
import { searchSpec } from './test-support.js';

test('ASHA budget: promoted suggestions continue, so a suggestion costs at most the top rung in epochs', () => {
  const spec = searchSpec(
    '{ method: random, trials: 18, parallelism: 4, seed: 1, asha: { minEpochs: 1, reductionFactor: 3 }, ' +
      'space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }',
  );
  const budget = describeSearchBudget(spec);
  assert.deepEqual(budget.rungs, [1, 3, 9]);
  // Least: every suggestion stops at rung 1. Most: every one reaches 9 epochs, continuing 1 -> 3 -> 9 (18 x 9),
  // where retraining each rung from scratch would cost 18 x (1 + 3 + 9) = 234.
  assert.deepEqual(budget.epochs, { least: 18, most: 162 });
  assert.deepEqual(budget.trials, { least: 18, most: 54 });
  assert.match(budget.lines.join('\n'), /a promoted suggestion continues from its rung's checkpoint/);
});
