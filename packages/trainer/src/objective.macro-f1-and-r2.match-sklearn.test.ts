import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '@cellsweep/models';
import { addSums, batchSums, finishMetrics, variance, type Batch } from './objective.js';
import { useWasm } from './test-helpers.js';

before(useWasm);

function totalsOver(head: HeadSpec, parts: { output: tf.Tensor; batch: Batch }[]): number[] {
  const totals: number[] = [];
  for (const { output, batch } of parts) {
    const sums = batchSums(head, output, batch);
    addSums(totals, sums.dataSync());
    tf.dispose([sums, output, batch.x, batch.y]);
  }
  return totals;
}

test("macro-F1 equals scikit-learn's f1_score(average='macro'), a class seen nowhere left out, across batches", () => {
  // /usr/bin/python3: sklearn.metrics.f1_score(labels, predicted, average='macro') = 0.6523809523809524 (1.2.1)
  const labels = [0, 0, 1, 2, 2, 2, 3, 1, 0, 2, 4, 4];
  const predicted = [0, 1, 1, 2, 2, 0, 3, 3, 0, 2, 0, 4];
  const head: HeadSpec = { kind: 'classification', classes: 6 };
  const part = (from: number, to: number) => ({
    output: tf.oneHot(tf.tensor1d(predicted.slice(from, to), 'int32'), 6).mul(5),
    batch: {
      x: tf.zeros([to - from, 1, 1]) as tf.Tensor3D,
      y: tf.tensor1d(labels.slice(from, to), 'int32'),
      mask: null,
    },
  });
  const totals = totalsOver(head, [part(0, 5), part(5, 12)]);
  const { 'macro-f1': macroF1, accuracy } = finishMetrics(['macro-f1', 'accuracy'], totals, { targetVariance: NaN });
  assert.ok(Math.abs((macroF1 as number) - 0.6523809523809524) < 1e-12, String(macroF1));
  assert.equal(accuracy, 8 / 12);
});

test("R² equals scikit-learn's r2_score (1 − SSE/SST about the split's own mean)", () => {
  // /usr/bin/python3: sklearn.metrics.r2_score(targets, predictions) = 0.8236434108527132
  const targets = [1.0, 2.0, 3.5, -1.0, 0.5, 2.5, 4.0];
  const predictions = [1.5, 1.5, 3.0, 0.0, 0.0, 2.0, 3.0];
  const head: HeadSpec = { kind: 'regression', outputSize: 1 };
  const totals = totalsOver(head, [
    {
      output: tf.tensor2d(predictions, [7, 1]),
      batch: { x: tf.zeros([7, 1, 1]) as tf.Tensor3D, y: tf.tensor2d(targets, [7, 1]), mask: null },
    },
  ]);
  const { r2 } = finishMetrics(['r2'], totals, { targetVariance: variance(targets) });
  assert.ok(Math.abs((r2 as number) - 0.8236434108527132) < 1e-6, String(r2));
});
