import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fanova } from './fanova.js';
import { SKLEARN_FANOVA } from './fanova.sklearn-fixture.js';
import { fitRegressionForest, type RegressionTree } from './regression-forest.js';

// scripts/fanova-fixture.py: scikit-learn's forest as Optuna 3.1's _Fanova fits it, on y = a + 0.2 b + 0.5 a c
// over a 5 × 4 × 2 grid of codes, with Optuna's own importances and a brute-force evaluation of the same trees.
const bounds = SKLEARN_FANOVA.bounds.map(([low, high]) => [low, high] as const);
const sklearnTrees: RegressionTree[] = SKLEARN_FANOVA.trees.map((tree) => ({
  feature: [...tree.feature],
  threshold: [...tree.threshold],
  left: [...tree.left],
  right: [...tree.right],
  value: [...tree.value],
}));

test("on scikit-learn's own trees, individual importances equal Optuna's (mean and sd over trees)", () => {
  const ours = fanova(sklearnTrees, bounds);
  SKLEARN_FANOVA.optunaIndividual.forEach(([mean, sd], f) => {
    const got = ours.individual[f]?.mean as number;
    assert.ok(Math.abs(got - mean) < 1e-12, `field ${f}: ${got} vs ${mean}`);
    assert.ok(Math.abs((ours.individual[f]?.sd as number) - sd) < 1e-12, `field ${f} sd`);
  });
});

test("on the same trees, pair interactions equal a brute-force evaluation with sklearn's tree.predict", () => {
  const ours = fanova(sklearnTrees, bounds, { pairs: true });
  for (const [key, expected] of Object.entries(SKLEARN_FANOVA.bruteForcePairs)) {
    assert.ok(Math.abs((ours.pairs.get(key)?.mean as number) - expected) < 1e-12, `pair ${key}`);
  }
  // The a × c term is planted; a × b and b × c are not.
  assert.ok((ours.pairs.get('0,2')?.mean as number) > 0.02);
  assert.ok((ours.pairs.get('0,1')?.mean as number) < 0.01);
});

test("our own 64-tree forest on the same data lands within 0.02 of Optuna's 64-tree importances", () => {
  const x = SKLEARN_FANOVA.x.map((row) => [...row]);
  const trees = fitRegressionForest(x, [...SKLEARN_FANOVA.y], { seed: 0 });
  const ours = fanova(trees, bounds);
  SKLEARN_FANOVA.forest64Individual.forEach(([mean], f) => {
    const got = ours.individual[f]?.mean as number;
    assert.ok(Math.abs(got - mean) < 0.02, `field ${f}: ours ${got}, optuna ${mean}`);
  });
});
