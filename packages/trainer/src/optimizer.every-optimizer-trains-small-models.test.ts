import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, FusedAdamOptimizer, isFusedAdam } from './optimizer.js';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial } from './train-trial.js';

before(useWasm);

test('only Adam takes the fused path (tfjs optimizers all answer `instanceof FusedAdamOptimizer`)', () => {
  const sgd = tf.train.sgd(0.1);
  assert.ok(sgd instanceof FusedAdamOptimizer, 'tfjs Symbol.hasInstance: why the explicit check exists');
  assert.equal(isFusedAdam(sgd), false);
  for (const name of ['rmsprop', 'sgd', 'momentum'] as const) {
    assert.equal(isFusedAdam(createOptimizer(name, 0.1)), false, name);
  }
  assert.equal(isFusedAdam(createOptimizer('adam', 0.1)), true);
});

for (const optimizer of ['adam', 'rmsprop', 'sgd', 'momentum'] as const) {
  test(`${optimizer} trains a small model with the fused kernels`, async () => {
    const learningRate = optimizer === 'sgd' || optimizer === 'momentum' ? 0.05 : 0.01;
    const training = { epochs: 3, batchSize: 32, optimizer, learningRate, clipNorm: 1, earlyStoppingPatience: null };
    const config = tinyTrial({ cell: 'rnn', implementation: 'fused', training });
    const losses: number[] = [];
    const result = await trainTrial({ config, hidden: 8, onEpoch: (row) => void losses.push(row.trainLoss) });
    assert.ok(result.paramCount < 32_768);
    assert.equal(losses.length, 3);
    assert.ok((losses[2] as number) < (losses[0] as number), `${optimizer} learns: ${losses.join(' → ')}`);
  });
}

test('every optimizer frees all its tensors when disposed (tfjs momentum kept its learning-rate scalar)', () => {
  const weight = tf.variable(tf.ones([3]));
  for (const name of ['adam', 'rmsprop', 'sgd', 'momentum'] as const) {
    const before = tf.memory().numTensors;
    const optimizer = createOptimizer(name, 0.1);
    tf.tidy(() => optimizer.applyGradients({ [weight.name]: tf.ones([3]) }));
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, before, name);
  }
  weight.dispose();
});
