import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import { InvalidModelShapeError } from './errors.js';
import type { HeadSpec } from './model-shape.js';
import { CELLS, shapeOf } from './test-shapes.js';

const BATCH = 3;
const STEPS = 5;
const INPUT_SIZE = 4;

const CASES: ReadonlyArray<{ head: HeadSpec; expected: (steps: number) => number[] }> = [
  { head: { kind: 'regression', outputSize: 2 }, expected: () => [BATCH, 2] },
  { head: { kind: 'classification', classes: 6 }, expected: () => [BATCH, 6] },
  { head: { kind: 'sequence-classification', classes: 9 }, expected: (steps) => [BATCH, steps, 9] },
];

/** Runs one forward pass and returns the output shape, leaving no tensors behind. */
function forwardShape(model: tf.LayersModel, steps: number): number[] {
  return tf.tidy(() => {
    const x = tf.randomUniform([BATCH, steps, INPUT_SIZE], -1, 1, 'float32', 1);
    const y = model.predict(x) as tf.Tensor;
    assert.ok(y.dataSync().every(Number.isFinite));
    return y.shape;
  });
}

for (const cell of CELLS) {
  test(`${cell}: each head maps [batch, T, I] to the right output shape, fixed and variable length`, () => {
    const before = tf.memory().numTensors;
    for (const { head, expected } of CASES) {
      for (const layers of [1, 2]) {
        const shape = shapeOf({ cell, head, layers, inputSize: INPUT_SIZE, hidden: 8 });
        const fixed = buildModel({ ...shape, sequenceLength: STEPS, seed: 3 });
        const variable = buildModel({ ...shape, sequenceLength: null, seed: 3 });
        try {
          assert.deepEqual(forwardShape(fixed, STEPS), expected(STEPS), `${head.kind} L=${layers}`);
          assert.deepEqual(forwardShape(variable, STEPS), expected(STEPS), `${head.kind} L=${layers} variable`);
          assert.deepEqual(forwardShape(variable, 7), expected(7), `${head.kind} L=${layers} variable T=7`);
        } finally {
          fixed.dispose();
          variable.dispose();
        }
      }
    }
    assert.equal(tf.memory().numTensors, before, 'models and tensors were disposed');
  });
}

test('the head emits logits, not probabilities', () => {
  const model = buildModel({ ...shapeOf({ cell: 'gru', inputSize: INPUT_SIZE }), sequenceLength: STEPS, seed: 5 });
  try {
    const rowSums = tf.tidy(() => {
      const x = tf.randomUniform([BATCH, STEPS, INPUT_SIZE], -1, 1, 'float32', 2);
      return (model.predict(x) as tf.Tensor).sum(1).arraySync() as number[];
    });
    assert.ok(
      rowSums.some((sum) => Math.abs(sum - 1) > 1e-3),
      `rows sum to 1: ${rowSums.join(', ')}`,
    );
  } finally {
    model.dispose();
  }
});

test('bad build fields are rejected before touching tfjs', () => {
  assert.throws(() => buildModel({ ...shapeOf(), sequenceLength: 0, seed: 1 }), InvalidModelShapeError);
  assert.throws(() => buildModel({ ...shapeOf(), sequenceLength: 5, seed: 1.5 }), /seed = 1.5: must be a safe integer/);
  assert.throws(() => buildModel({ ...shapeOf({ inputSize: 0 }), sequenceLength: 5, seed: 1 }), /inputSize = 0/);
});
