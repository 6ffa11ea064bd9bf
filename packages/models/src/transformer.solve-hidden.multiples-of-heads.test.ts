import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from './build-model.js';
import { BudgetUnreachableError } from './errors.js';
import type { ModelShape } from './model-shape.js';
import { solveHiddenForBudget } from './solve-hidden.js';
import { expectedTransformerCount, HEADS, transformerShapeOf } from './test-shapes.js';

function withoutHidden(shape: ModelShape): Omit<ModelShape, 'hidden'> {
  const { hidden: _hidden, ...rest } = shape;
  return rest;
}

test('the solved d_model is the multiple of heads closest to the budget (independent formula)', () => {
  for (const heads of [1, 2, 3, 4, 8]) {
    for (const head of HEADS) {
      for (const layers of [1, 2]) {
        for (const positional of ['sinusoidal', 'learned'] as const) {
          for (const budget of [2_000, 5_000, 20_000, 100_000]) {
            const base = transformerShapeOf({ head, layers, sequenceLength: 30 }, { heads, positional });
            const result = solveHiddenForBudget(withoutHidden(base), budget);
            const label = `heads ${heads} ${head.kind} L=${layers} ${positional} budget=${budget}`;
            assert.equal(result.hidden % heads, 0, `${label}: ${result.hidden}`);
            const distance = (hidden: number): number =>
              Math.abs(expectedTransformerCount({ ...base, hidden }) - budget);
            assert.equal(result.paramCount, expectedTransformerCount({ ...base, hidden: result.hidden }), label);
            assert.ok(distance(result.hidden) <= distance(result.hidden + heads), `${label}: wider is closer`);
            if (result.hidden > heads) {
              assert.ok(distance(result.hidden) < distance(result.hidden - heads), `${label}: narrower is closer`);
            }
          }
        }
      }
    }
  }
});

test('the example sweep budget: adding (I=2, regression), 5k, 1 block, 2 heads, ff 2', () => {
  // (4+4)d² + 11d per block + 2d+d (input) + 2d (final LN) + d+1 (head) = 8d² + 17d + 1: d=24 gives 5,017,
  // the next even widths 22 and 26 give 4,247 and 5,851.
  const shape = transformerShapeOf({ inputSize: 2, head: { kind: 'regression', outputSize: 1 }, layers: 1 });
  assert.deepEqual(solveHiddenForBudget(withoutHidden(shape), 5_000), {
    hidden: 24,
    paramCount: 5_017,
    relativeError: (5_017 - 5_000) / 5_000,
  });
});

test('the solved transformer built with tfjs has exactly the reported count', () => {
  for (const heads of [2, 4]) {
    const shape = withoutHidden(transformerShapeOf({ sequenceLength: 7 }, { heads, positional: 'learned' }));
    const result = solveHiddenForBudget(shape, 3_000);
    const model = buildModel({ ...shape, hidden: result.hidden, sequenceLength: 7, seed: 3 });
    try {
      assert.equal(model.countParams(), result.paramCount, `heads ${heads}`);
    } finally {
      model.dispose();
    }
  }
});

test('an unreachable budget reports the narrowest allowed width (one multiple of heads)', () => {
  const shape = withoutHidden(transformerShapeOf({}, { heads: 4 }));
  assert.throws(
    () => solveHiddenForBudget(shape, 100),
    (error: unknown) => {
      assert.ok(error instanceof BudgetUnreachableError);
      assert.equal(error.minHidden, 4);
      assert.equal(error.minCount, expectedTransformerCount({ ...transformerShapeOf({}, { heads: 4 }), hidden: 4 }));
      return true;
    },
  );
  // minHidden is rounded up to a multiple of heads, maxHidden down.
  assert.equal(solveHiddenForBudget(shape, 1_000_000, { minHidden: 5, maxHidden: 30 }).hidden, 28);
  assert.throws(
    () => solveHiddenForBudget(shape, 1_000, { minHidden: 5, maxHidden: 7 }),
    /maxHidden = 7: must allow a multiple of transformer\.heads \(4\)/,
  );
});
