import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import type { ModelBuildSpec } from './model-shape.js';
import { paramCount } from './param-count.js';
import { CELLS, HEADS, shapeOf } from './test-shapes.js';

// `implementation: 'fused'` must be a drop-in: same weight names, order, shapes and initial values (so
// checkpoints and parameter counts do not depend on it), and the same outputs and gradients as tfjs-layers.
function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(expected[i] ?? 0));
  }
  return diff / (scale || 1);
}

function lossAndGrads(model: tf.LayersModel, x: tf.Tensor) {
  return tf.tidy(() => {
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.square(model.apply(x) as tf.Tensor)) as tf.Scalar,
      variables,
    );
    return {
      output: (model.apply(x) as tf.Tensor).dataSync().slice(),
      loss: value.dataSync()[0] ?? NaN,
      grads: variables.map((v) => grads[v.name]?.dataSync().slice() ?? new Float32Array(0)),
    };
  });
}

for (const cell of CELLS) {
  for (const head of HEADS) {
    test(`${cell}, ${head.kind} head, 2 layers: fused and layers builds agree on weights, outputs and gradients`, () => {
      const spec: ModelBuildSpec = {
        ...shapeOf({ cell, head, layers: 2, hidden: 6, inputSize: 3 }),
        sequenceLength: 5,
        seed: 7,
      };
      const layers = buildModel({ ...spec, implementation: 'layers' });
      const fused = buildModel({ ...spec, implementation: 'fused' });
      const x = tf.randomUniform([4, 5, 3], -1, 1, 'float32', 3);
      try {
        assert.deepEqual(
          fused.weights.map((w) => w.originalName),
          layers.weights.map((w) => w.originalName),
        );
        assert.deepEqual(
          fused.weights.map((w) => w.shape),
          layers.weights.map((w) => w.shape),
        );
        fused.weights.forEach((weight, i) => {
          assert.deepEqual(
            weight.read().dataSync(),
            layers.weights[i]?.read().dataSync(),
            `${weight.originalName} initial value`,
          );
        });
        assert.equal(fused.countParams(), paramCount(spec));
        const expected = lossAndGrads(layers, x);
        const actual = lossAndGrads(fused, x);
        assert.ok(maxRelativeError(actual.output, expected.output) < 1e-4, 'outputs differ');
        expected.grads.forEach((grad, i) => {
          const error = maxRelativeError(actual.grads[i] ?? [], grad);
          assert.ok(error < 1e-4, `gradient of ${layers.weights[i]?.originalName} off by ${error}`);
        });
      } finally {
        layers.dispose();
        fused.dispose();
        x.dispose();
      }
    });
  }
}

test('an unknown implementation is refused', () => {
  const spec = { ...shapeOf(), sequenceLength: 5, seed: 1, implementation: 'cuda' } as unknown as ModelBuildSpec;
  assert.throws(() => buildModel(spec), { name: 'InvalidModelShapeError' });
});

test('fused layers take variable-length input (sequenceLength: null)', () => {
  const spec: ModelBuildSpec = { ...shapeOf({ cell: 'gru', hidden: 5, inputSize: 2 }), sequenceLength: null, seed: 2 };
  const layers = buildModel({ ...spec, implementation: 'layers' });
  const fused = buildModel({ ...spec, implementation: 'fused' });
  try {
    for (const steps of [3, 9]) {
      tf.tidy(() => {
        const x = tf.randomUniform([2, steps, 2], -1, 1, 'float32', steps);
        const expected = (layers.apply(x) as tf.Tensor).dataSync();
        const actual = (fused.apply(x) as tf.Tensor).dataSync();
        assert.ok(maxRelativeError(actual, expected) < 1e-4, `T=${steps}`);
      });
    }
  } finally {
    layers.dispose();
    fused.dispose();
  }
});
