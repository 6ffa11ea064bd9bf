import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import type { ModelBuildSpec } from './model-shape.js';
import { CELLS, shapeOf } from './test-shapes.js';

// readOut 'every-step' (ragged data) keeps the model the trainer would build for fixed data: the same weights, names
// and initial values (so checkpoints and parameter counts do not depend on it), with a prediction after every step
// whose last one is the last-step model's prediction.
for (const cell of CELLS) {
  for (const implementation of ['fused', 'layers'] as const) {
    test(`${cell} (${implementation}): every-step read-out keeps the weights; its last step is the model's`, () => {
      const spec: ModelBuildSpec = {
        ...shapeOf({ cell, head: { kind: 'regression', outputSize: 2 }, layers: 2, hidden: 5, inputSize: 3 }),
        sequenceLength: null,
        seed: 3,
        implementation,
      };
      const last = buildModel(spec);
      const every = buildModel({ ...spec, readOut: 'every-step' });
      const x = tf.randomUniform([4, 6, 3], -1, 1, 'float32', 2);
      try {
        assert.deepEqual(
          every.weights.map((w) => w.originalName),
          last.weights.map((w) => w.originalName),
        );
        every.weights.forEach((weight, i) => {
          assert.deepEqual(weight.read().dataSync(), last.weights[i]?.read().dataSync(), weight.originalName);
        });
        const steps = every.predict(x) as tf.Tensor;
        assert.deepEqual(steps.shape, [4, 6, 2]);
        const final = steps.slice([0, 5, 0], [4, 1, 2]).reshape([4, 2]);
        const expected = last.predict(x) as tf.Tensor;
        const error = tf.max(tf.abs(tf.sub(final, expected))).dataSync()[0] as number;
        assert.ok(error < 1e-6, `final step off by ${error}`);
        tf.dispose([steps, final, expected]);
      } finally {
        x.dispose();
        last.dispose();
        every.dispose();
      }
    });
  }
}

test('an unknown readOut is refused', () => {
  const spec = { ...shapeOf(), sequenceLength: 5, seed: 1, readOut: 'middle' } as unknown as ModelBuildSpec;
  assert.throws(() => buildModel(spec), /readOut.*must be 'last-step' or 'every-step'/);
});
