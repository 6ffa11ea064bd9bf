import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import { transformerShapeOf } from './test-shapes.js';

const TIME = 7;
const INPUT = 3;

/** Per-step logits of a 2-block transformer for `x` ([1, TIME, INPUT]), as rows of numbers. */
function perStepOutputs(model: tf.LayersModel, x: Float32Array): number[][] {
  return tf.tidy(() => {
    const output = model.predict(tf.tensor3d(x, [1, TIME, INPUT])) as tf.Tensor;
    return (output.arraySync() as number[][][])[0] ?? [];
  });
}

for (const positional of ['sinusoidal', 'learned'] as const) {
  test(`${positional}: the output at step t is bit-identical when inputs after t change, and moves when inputs up to t do`, () => {
    const head = { kind: 'sequence-classification', classes: 5 } as const;
    const shape = transformerShapeOf({ inputSize: INPUT, hidden: 12, layers: 2, head }, { heads: 3, positional });
    const model = buildModel({ ...shape, sequenceLength: TIME, seed: 9 });
    try {
      const base = Float32Array.from({ length: TIME * INPUT }, (_, i) => Math.sin(i * 1.7));
      const reference = perStepOutputs(model, base);
      for (let t = 0; t < TIME; t++) {
        // Change every input after step t by a lot.
        const future = base.slice();
        for (let i = (t + 1) * INPUT; i < future.length; i++) future[i] = (future[i] ?? 0) * -3 + 5;
        const changed = perStepOutputs(model, future);
        for (let s = 0; s <= t; s++)
          assert.deepEqual(changed[s], reference[s], `step ${s} saw a change after step ${t}`);
        for (let s = t + 1; s < TIME; s++)
          assert.notDeepEqual(changed[s], reference[s], `step ${s} ignored its own input`);
      }
      // The last step sees the whole sequence: changing the first input moves it.
      const first = base.slice();
      first[0] = 10;
      assert.notDeepEqual(perStepOutputs(model, first)[TIME - 1], reference[TIME - 1]);
    } finally {
      model.dispose();
    }
  });
}

test('the last step (regression head) has a finite, nonzero gradient w.r.t. every input step', () => {
  // Attention reaches back to step 0 in one hop: what the trainer's gradient-reach probe measures.
  const shape = transformerShapeOf({
    inputSize: INPUT,
    hidden: 8,
    layers: 1,
    head: { kind: 'regression', outputSize: 1 },
  });
  const model = buildModel({ ...shape, sequenceLength: null, seed: 4 });
  try {
    const norms = tf.tidy(() => {
      const x = tf.randomUniform([4, TIME, INPUT], -1, 1, 'float32', 5);
      const grads = tf.grad((input: tf.Tensor) => (model.apply(input) as tf.Tensor).sum())(x);
      return Array.from(tf.sum(tf.abs(grads), [0, 2]).dataSync());
    });
    assert.equal(norms.length, TIME);
    for (const [step, norm] of norms.entries()) assert.ok(Number.isFinite(norm) && norm > 0, `step ${step}: ${norm}`);
  } finally {
    model.dispose();
  }
});

test('sinusoidal positions take any length: one model runs T = 3 and T = 11', () => {
  const head = { kind: 'sequence-classification', classes: 2 } as const;
  const model = buildModel({ ...transformerShapeOf({ inputSize: INPUT, head }), sequenceLength: null, seed: 1 });
  try {
    for (const time of [3, 11]) {
      const shape = tf.tidy(() => (model.predict(tf.ones([2, time, INPUT])) as tf.Tensor).shape);
      assert.deepEqual(shape, [2, time, 2]);
    }
  } finally {
    model.dispose();
  }
});
