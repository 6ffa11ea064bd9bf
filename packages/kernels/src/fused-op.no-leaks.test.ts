import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { fusedRecurrentOp } from './fused-op.js';
import { seededArray } from './test-fixtures.js';

test('training steps through the fused op leave the live tensor count flat', async () => {
  await tf.setBackend('cpu');
  const op = fusedRecurrentOp({
    config: { cell: 'lstm', inputSize: 3, hidden: 8, hardSigmoid: false },
    returnSequences: false,
  });
  const x = tf.tensor3d(seededArray(4 * 5 * 3, 1), [4, 5, 3]);
  const weights = [
    tf.variable(tf.tensor2d(seededArray(3 * 32, 2, 0.5), [3, 32])),
    tf.variable(tf.tensor2d(seededArray(8 * 32, 3, 0.5), [8, 32])),
    tf.variable(tf.zeros([32])),
  ];
  const optimizer = tf.train.adam(0.01);
  const counts: number[] = [];
  const losses: number[] = [];
  for (let step = 0; step < 20; step++) {
    const { value, grads } = tf.variableGrads(
      () => tf.mean(tf.square(tf.sub(op(x, weights[0]!, weights[1]!, weights[2]!), 0.5))),
      weights,
    );
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    losses.push((await value.data())[0] ?? NaN);
    tf.dispose([value, ...Object.values(grads)]);
    counts.push(tf.memory().numTensors);
  }
  assert.equal(new Set(counts.slice(2)).size, 1, `live tensors per step: ${counts.join(', ')}`);
  assert.ok(
    (losses.at(-1) ?? NaN) < (losses[0] ?? NaN) * 0.5,
    `loss ${losses[0]} -> ${losses.at(-1)}: the op's gradients should train`,
  );
  tf.dispose([x, ...weights]);
  optimizer.dispose();
});
