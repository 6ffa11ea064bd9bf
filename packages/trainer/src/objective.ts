/**
 * Loss and metric for each head kind, computed from logits. Losses are means per scored element (sample for
 * regression/classification, time step for sequence-classification), in nats for cross-entropy.
 */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '@cellsweep/models';

export type MetricName = 'mse' | 'accuracy' | 'bits-per-char';

/** Batch tensors: `y` holds float targets (regression) or int class ids; `mask` weights sequence steps. */
export interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor;
  mask: tf.Tensor2D | null;
}

/** Mean loss of one batch as a scalar (kept differentiable). */
export function batchLoss(head: HeadSpec, output: tf.Tensor, batch: Batch): tf.Scalar {
  switch (head.kind) {
    case 'regression':
      return tf.losses.meanSquaredError(batch.y, output) as tf.Scalar;
    case 'classification':
      return tf.losses.softmaxCrossEntropy(tf.oneHot(batch.y as tf.Tensor1D, head.classes), output) as tf.Scalar;
    case 'sequence-classification': {
      const logits = output.reshape([-1, head.classes]);
      const labels = tf.oneHot((batch.y as tf.Tensor2D).reshape([-1]) as tf.Tensor1D, head.classes);
      if (!batch.mask) return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      // Weighted mean over the scored steps only (e.g. the copy task's recall steps).
      const weights = batch.mask.reshape([-1]);
      const perStep = tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.NONE);
      return tf.div(tf.sum(tf.mul(perStep, weights)), tf.maximum(tf.sum(weights), 1)) as tf.Scalar;
    }
  }
}

/**
 * Sums for a metric over one batch: `[lossSum, metricSum, weight]`, so evaluation over many batches is an exact
 * weighted mean (not a mean of batch means).
 */
export function batchSums(head: HeadSpec, output: tf.Tensor, batch: Batch): tf.Tensor1D {
  return tf.tidy(() => {
    const weight = scoredCount(head, batch);
    const loss = tf.mul(batchLoss(head, output, batch), weight);
    if (head.kind === 'regression') return tf.stack([loss, loss, weight]) as tf.Tensor1D;
    const predicted = tf.argMax(output, -1);
    const correct = tf.cast(tf.equal(predicted, tf.cast(batch.y, 'int32')), 'float32');
    const hits = batch.mask ? tf.sum(tf.mul(correct, batch.mask)) : tf.sum(correct);
    return tf.stack([loss, hits, weight]) as tf.Tensor1D;
  });
}

function scoredCount(head: HeadSpec, batch: Batch): tf.Scalar {
  if (head.kind === 'sequence-classification' && batch.mask) return tf.sum(batch.mask) as tf.Scalar;
  const samples = batch.x.shape[0];
  const steps = head.kind === 'sequence-classification' ? (batch.y.shape[1] ?? 1) : 1;
  return tf.scalar(samples * steps);
}

/** Turns summed `[loss, metric, weight]` into the reported loss and metric. */
export function finishMetric(metric: MetricName, sums: readonly number[]): { loss: number; metric: number } {
  const [lossSum = NaN, metricSum = NaN, weight = 0] = sums;
  const loss = lossSum / Math.max(weight, 1);
  switch (metric) {
    case 'mse':
      return { loss, metric: loss };
    case 'accuracy':
      return { loss, metric: metricSum / Math.max(weight, 1) };
    case 'bits-per-char':
      return { loss, metric: loss / Math.LN2 };
  }
}
