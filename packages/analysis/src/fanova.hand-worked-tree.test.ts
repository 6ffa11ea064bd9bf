import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decomposeTree, fanova } from './fanova.js';
import type { RegressionTree } from './regression-forest.js';

// f(a, b) = a·b on {0, 1}² (codes with bounds [−0.5, 1.5]): a ≤ 0.5 → 0; else b ≤ 0.5 → 0, else 1.
// f0 = 1/4; V = 1/4·(3/4)² + 3/4·(1/4)² = 3/16. Marginal of a: 0 at a = 0, 1/2 at a = 1, so
// V_a = 1/2·(1/4)² + 1/2·(1/4)² = 1/16 and likewise V_b; V_ab = V = 3/16, interaction 3/16 − 2/16 = 1/16.
// Each is a third of the variance.
const andTree: RegressionTree = {
  feature: [0, -1, 1, -1, -1],
  threshold: [0.5, -2, 0.5, -2, -2],
  left: [1, -1, 3, -1, -1],
  right: [2, -1, 4, -1, -1],
  value: [0.25, 0, 0.5, 0, 1],
};
const unitSquare = [
  [-0.5, 1.5],
  [-0.5, 1.5],
] as const;

test('a · b on {0, 1}²: mean 1/4, variance 3/16, each main effect and the interaction 1/16', () => {
  const d = decomposeTree(andTree, unitSquare, true);
  assert.ok(Math.abs(d.mean - 0.25) < 1e-15);
  assert.ok(Math.abs(d.variance - 3 / 16) < 1e-15);
  assert.ok(Math.abs((d.individual[0] as number) - 1 / 16) < 1e-15);
  assert.ok(Math.abs((d.individual[1] as number) - 1 / 16) < 1e-15);
  assert.ok(Math.abs((d.pairs.get('0,1') as number) - 1 / 16) < 1e-15);
  const forest = fanova([andTree, andTree], unitSquare, { pairs: true });
  assert.ok(Math.abs((forest.individual[0]?.mean as number) - 1 / 3) < 1e-12);
  assert.equal(forest.individual[0]?.sd, 0);
});

test('uneven cells are weighted by width: a split at 0.5 of [−0.5, 2.5] gives the left third weight 1/3', () => {
  // One feature with codes 0, 1, 2: f = 0 at code 0, 3 at codes 1 and 2. f0 = 2; V = 1/3·4 + 2/3·1 = 2.
  const step: RegressionTree = {
    feature: [0, -1, -1],
    threshold: [0.5, -2, -2],
    left: [1, -1, -1],
    right: [2, -1, -1],
    value: [2, 0, 3],
  };
  const d = decomposeTree(step, [[-0.5, 2.5]], false);
  assert.ok(Math.abs(d.mean - 2) < 1e-15);
  assert.ok(Math.abs(d.variance - 2) < 1e-15);
  assert.ok(Math.abs((d.individual[0] as number) - 2) < 1e-15);
});

test('a constant tree is left out of the average, and a forest of them measures nothing', () => {
  const leaf: RegressionTree = { feature: [-1], threshold: [-2], left: [-1], right: [-1], value: [7] };
  assert.equal(fanova([leaf, leaf], unitSquare).treesWithVariance, 0);
  const mixed = fanova([leaf, andTree], unitSquare);
  assert.equal(mixed.treesWithVariance, 1);
  assert.ok(Math.abs((mixed.individual[1]?.mean as number) - 1 / 3) < 1e-12);
});
