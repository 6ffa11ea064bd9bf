import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import { transformerShapeOf } from './test-shapes.js';

test('transformer: every weight is trainable and moves after one step (per-step head, learned positions)', async () => {
  const head = { kind: 'sequence-classification', classes: 4 } as const;
  const shape = transformerShapeOf({ layers: 2, head }, { positional: 'learned' });
  const model = buildModel({ ...shape, sequenceLength: 6, seed: 11 });
  const x = tf.randomUniform([8, 6, 3], -1, 1, 'float32', 21);
  const labels = tf.oneHot(tf.randomUniform([8, 6], 0, 4, 'int32', 22), 4);
  try {
    assert.equal(model.trainableWeights.length, model.weights.length);
    const before = model.weights.map((weight) => weight.read().dataSync().slice());
    model.compile({
      optimizer: tf.train.sgd(0.5),
      loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    });
    const history = await model.fit(x, labels, { batchSize: 8, epochs: 1, verbose: 0 });
    assert.ok(Number.isFinite(history.history.loss?.[0]));
    model.weights.forEach((weight, index) => {
      assert.notDeepEqual(weight.read().dataSync(), before[index], `${weight.originalName} did not move`);
    });
  } finally {
    model.dispose();
    tf.dispose([x, labels]);
  }
});
