/**
 * Loss and metrics of a whole split, in batches. Sequences of different lengths are evaluated in batches of similar
 * length, each cut to its own longest sequence (as training batches are, length-buckets.ts): a batch runs all its
 * sequences to its longest one, and the steps after that are padding in every sequence of it. The numbers are the
 * same (every cell is causal, the read-out takes each sequence's own last step, the mask weights per-step targets)
 * up to float rounding: the sums are taken over other batches, in another order.
 */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '@cellsweep/models';
import { addSums, batchSums, finishMetric, finishMetrics, type MetricName } from './objective.js';
import { disposeBatch, type SplitTensors } from './split-tensors.js';

/** Samples per evaluation batch. */
export const EVAL_BATCH_SIZE = 512;

export interface EvaluateOptions {
  /**
   * Cut each batch to its longest sequence (padded data, with a model that takes any length). False: every batch
   * runs at the split's full padded length, in the split's order.
   */
  trimToLength: boolean;
  /** Test metrics to report besides the primary one. */
  metrics?: readonly MetricName[];
  batchSize?: number;
}

export function evaluate(
  model: tf.LayersModel,
  head: HeadSpec,
  metric: MetricName,
  split: SplitTensors,
  options: EvaluateOptions,
): { loss: number; metric: number; metrics: Record<string, number> } {
  const totals: number[] = [];
  const batchSize = options.batchSize ?? EVAL_BATCH_SIZE;
  const batches = options.trimToLength ? split.byLength(batchSize) : split.inOrder(batchSize);
  for (const batch of batches) {
    const sums = tf.tidy(() => batchSums(head, model.apply(batch.x, { training: false }) as tf.Tensor, batch));
    addSums(totals, sums.dataSync());
    tf.dispose(sums);
    disposeBatch(batch);
  }
  const metrics = options.metrics ?? [];
  return { ...finishMetric(metric, totals, split.facts), metrics: finishMetrics(metrics, totals, split.facts) };
}
