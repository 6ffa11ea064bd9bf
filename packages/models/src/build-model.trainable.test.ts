import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import { CELLS, shapeOf } from './test-shapes.js';

// buildModel constructs the graph inside tf.tidy (to free a tfjs initializer leak); this guards that the weights
// survive as live, trainable variables and that one gradient step moves every one of them.
for (const cell of CELLS) {
  test(`${cell}: every weight of the built model is trainable and moves after one step`, async () => {
    const head = { kind: 'sequence-classification', classes: 4 } as const;
    const shape = shapeOf({ cell, layers: 2, hidden: 5, inputSize: 3, head });
    const model = buildModel({ ...shape, sequenceLength: 6, seed: 11 });
    const x = tf.randomUniform([8, 6, 3], -1, 1, 'float32', 21);
    const labels = tf.oneHot(tf.randomUniform([8, 6], 0, 4, 'int32', 22), 4);
    try {
      assert.equal(model.trainableWeights.length, model.weights.length);
      const before = model.weights.map((weight) => weight.read().dataSync().slice());
      // Logits in, softmax cross-entropy in the loss: the way the trainer is meant to use the head.
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
}
