import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { TaskSpec } from '@cellsweep/core';
import { loadDataset } from '@cellsweep/datasets';
import type { HeadSpec } from '@cellsweep/models';
import { addSums, batchSums, finishMetrics, type Batch, type MetricName } from './objective.js';
import { SplitTensors, disposeBatch } from './split-tensors.js';
import { useWasm } from './test-helpers.js';

before(useWasm);

/** Sums a head's metrics over the given batches, exactly as evaluation does. */
function totalsOver(head: HeadSpec, batches: { output: tf.Tensor; batch: Batch }[]): number[] {
  const totals: number[] = [];
  for (const { output, batch } of batches) {
    const sums = batchSums(head, output, batch);
    addSums(totals, sums.dataSync());
    tf.dispose([sums, output, batch.x, batch.y, batch.mask ?? []]);
  }
  return totals;
}

/** Logits that make argmax pick `classes[i]` for sample i. */
const logitsFor = (predicted: number[], classes: number): tf.Tensor =>
  tf.oneHot(tf.tensor1d(predicted, 'int32'), classes).mul(5);

test('binary F1 / precision / recall on a hand-made confusion (spam = class 1), exact across uneven batches', () => {
  // 10 e-mails: TP 3, FP 1, FN 2, TN 4. Precision 3/4, recall 3/5, F1 2*3/(2*3+1+2) = 2/3, accuracy 7/10.
  const labels = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];
  const predicted = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const head: HeadSpec = { kind: 'classification', classes: 2 };
  const batch = (from: number, to: number) => ({
    output: logitsFor(predicted.slice(from, to), 2),
    batch: {
      x: tf.zeros([to - from, 1, 1]) as tf.Tensor3D,
      y: tf.tensor1d(labels.slice(from, to), 'int32'),
      mask: null,
    },
  });
  const totals = totalsOver(head, [batch(0, 3), batch(3, 10)]);
  const metrics = finishMetrics(['accuracy', 'f1', 'precision', 'recall'], totals, { targetVariance: NaN });
  assert.deepEqual(metrics, { accuracy: 0.7, f1: 2 / 3, precision: 0.75, recall: 0.6 });
});

test('no positive predicted or present: precision, recall and F1 are 0, not NaN', () => {
  const head: HeadSpec = { kind: 'classification', classes: 2 };
  const totals = totalsOver(head, [
    {
      output: logitsFor([0, 0], 2),
      batch: { x: tf.zeros([2, 1, 1]) as tf.Tensor3D, y: tf.tensor1d([0, 0], 'int32'), mask: null },
    },
  ]);
  assert.deepEqual(finishMetrics(['f1', 'precision', 'recall'], totals, { targetVariance: NaN }), {
    f1: 0,
    precision: 0,
    recall: 0,
  });
});

test('token and sequence accuracy over masked output steps (a hand g2p example)', () => {
  // Two words, 5 steps, classes 0 (end) .. 3. Output steps 2..4; word A: phonemes 1 2 then end (3 scored steps);
  // word B: phoneme 3 then end (2 scored steps; step 4 is padding, unscored).
  const head: HeadSpec = { kind: 'sequence-classification', classes: 4 };
  const y = [
    [0, 0, 1, 2, 0],
    [0, 0, 3, 0, 0],
  ];
  const mask = [
    [0, 0, 1, 1, 1],
    [0, 0, 1, 1, 0],
  ];
  // Word A all right (3/3, and reading steps wrong, which must not count); word B: end symbol wrong (1/2), and a
  // wrong prediction on its unscored padding step.
  const predicted = [
    [3, 3, 1, 2, 0],
    [0, 0, 3, 1, 2],
  ];
  const output = tf.stack(predicted.map((row) => logitsFor(row, 4)));
  const totals = totalsOver(head, [
    {
      output,
      batch: { x: tf.zeros([2, 5, 1]) as tf.Tensor3D, y: tf.tensor2d(y, undefined, 'int32'), mask: tf.tensor2d(mask) },
    },
  ]);
  const metrics = finishMetrics(['token-accuracy', 'sequence-accuracy'], totals, { targetVariance: NaN });
  assert.deepEqual(metrics, { 'token-accuracy': 4 / 5, 'sequence-accuracy': 1 / 2 });
});

test('NMSE on Mackey-Glass test targets: the true next values score 0, the split mean scores 1', () => {
  const data = loadDataset(
    TaskSpec.parse({
      dataset: 'mackey-glass',
      sequenceLength: 8,
      horizon: 3,
      trainSize: 10,
      validationSize: 10,
      testSize: 301,
    }),
    3,
  );
  const head: HeadSpec = { kind: 'regression', outputSize: 3 };
  const split = new SplitTensors(data.test, 1, head);
  const targets = Float64Array.from(data.test.y);
  const mean = targets.reduce((a, b) => a + b, 0) / targets.length;
  const evaluate = (predict: (batch: Batch) => tf.Tensor): Record<string, number> => {
    const totals: number[] = [];
    // Batches of 128 over 301 samples: the last one is short, so a mean of batch means would be off.
    for (const batch of split.inOrder(128)) {
      const output = predict(batch);
      const sums = batchSums(head, output, batch);
      addSums(totals, sums.dataSync());
      tf.dispose([sums, output]);
      disposeBatch(batch);
    }
    return finishMetrics(['nmse', 'mse'] satisfies MetricName[], totals, split.facts);
  };
  const exact = evaluate((batch) => batch.y.clone());
  assert.equal(exact.nmse, 0);
  const constant = evaluate((batch) => tf.fill(batch.y.shape, mean));
  assert.ok(Math.abs((constant.nmse as number) - 1) < 1e-5, `nmse of the mean ${constant.nmse}`);
  assert.ok(Math.abs((constant.mse as number) - split.facts.targetVariance) < 1e-6);
  split.dispose();
});
