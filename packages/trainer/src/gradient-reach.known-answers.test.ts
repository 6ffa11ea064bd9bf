import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gradientRegime } from '@cellsweep/core';
import { buildModel, type ModelShape } from '@cellsweep/models';
import { gradientReach, measureGradientReach } from './gradient-reach.js';
import { useWasm } from './test-helpers.js';

before(useWasm);

test('reach counts steps back from the end while the norm stays above the threshold', () => {
  assert.equal(gradientReach([0, 0, 0, 5]), 1);
  assert.equal(gradientReach([1e-9, 0.5, 2, 4]), 3);
  assert.equal(gradientReach([3, 0, 2, 4]), 2); // a hole stops the count
  assert.equal(gradientReach([1, 1, 1, 1]), 4);
  assert.equal(gradientReach([0, 0]), 0);
  assert.equal(gradientReach([0.002, 0.01, 1], 0.005), 2);
});

const shape: ModelShape = {
  cell: 'rnn',
  inputSize: 2,
  hidden: 6,
  layers: 1,
  head: { kind: 'regression', outputSize: 1 },
  recurrentActivation: 'sigmoid',
  unitForgetBias: false,
};

test('with zero recurrent weights only the last input step has gradient: reach 1', () => {
  const model = buildModel({ ...shape, sequenceLength: 7, seed: 1 });
  const recurrent = model.getLayer('rnn_0').getWeights();
  model.getLayer('rnn_0').setWeights(recurrent.map((w, i) => (i === 1 ? tf.zerosLike(w) : w)));
  const batch = { x: tf.randomUniform([4, 7, 2], 0, 1, 'float32', 3) as tf.Tensor3D, y: tf.ones([4, 1]), mask: null };
  const { norms, reach, slope } = measureGradientReach(model, shape.head, batch);
  assert.equal(norms.length, 7);
  // The slope sees it too: only the last step measurable, so the float32 bound, steeply negative.
  assert.ok(slope !== null && slope < -5 && gradientRegime(slope) === 'vanishing', `slope ${slope}`);
  assert.ok((norms[6] ?? 0) > 0);
  assert.deepEqual(norms.slice(0, 6), [0, 0, 0, 0, 0, 0]);
  assert.equal(reach, 1);
  tf.dispose([batch.x, batch.y]);
  model.dispose();
});

test('with identity recurrent weights and linear-ish tanh the gradient reaches every step', () => {
  const model = buildModel({ ...shape, sequenceLength: 7, seed: 1 });
  const [kernel, , bias] = model.getLayer('rnn_0').getWeights();
  model.getLayer('rnn_0').setWeights([tf.mul(kernel as tf.Tensor, 0.1), tf.eye(6), bias as tf.Tensor]);
  const batch = { x: tf.randomUniform([4, 7, 2], 0, 1, 'float32', 3) as tf.Tensor3D, y: tf.ones([4, 1]), mask: null };
  const { reach } = measureGradientReach(model, shape.head, batch);
  assert.equal(reach, 7);
  tf.dispose([batch.x, batch.y]);
  model.dispose();
});
