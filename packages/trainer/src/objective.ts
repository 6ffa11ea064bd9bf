/**
 * Loss and metrics for each head kind, computed from logits. Losses are means per scored element (sample for
 * regression/classification, time step for sequence-classification), in nats for cross-entropy.
 *
 * Evaluation is exact over any number of batches: each batch yields sums (`batchSums`), the caller adds them up
 * (`addSums`), and only the totals are turned into means and ratios (`finishMetric`, `finishMetrics`), never a mean of
 * batch means.
 */
import * as tf from '@tensorflow/tfjs';
import type { MetricName } from '@cellsweep/datasets';
import type { HeadSpec } from '@cellsweep/models';

export type { MetricName };

/** Batch tensors: `y` holds float targets (regression) or int class ids; `mask` weights sequence steps. */
export interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor;
  mask: tf.Tensor2D | null;
  /**
   * Variable-length data only (right-padded): `[batch, time]`, 1 at each sequence's last real step, 0 elsewhere.
   * A per-sequence head then predicts at every step (`readOut: 'every-step'`) and `readOut` keeps this step's.
   */
  last?: tf.Tensor2D | null;
}

/**
 * A per-sequence head's prediction at each sequence's own last step, from its every-step output `[batch, time, out]`
 * when the batch has `last`; otherwise the output as it is. A one-hot weighted sum, not a gather: it is exact (one
 * term times 1, the rest times 0) and its gradient is 0 at every padded step.
 */
export function readOut(head: HeadSpec, output: tf.Tensor, batch: Batch): tf.Tensor {
  if (head.kind === 'sequence-classification' || !batch.last) return output;
  return tf.sum(tf.mul(output, tf.expandDims(batch.last, 2)), 1);
}

/** Positions in the vector `batchSums` returns. */
export const SUM = {
  /** Loss times scored elements. */
  loss: 0,
  /** Scored elements predicted right (classification heads). */
  hits: 1,
  /** Scored elements: samples (regression, classification) or scored steps (sequence-classification). */
  weight: 2,
  /** Binary classification, class 1 positive. */
  truePositives: 3,
  falsePositives: 4,
  falseNegatives: 5,
  /**
   * Sequence-classification: samples with every scored step right, and samples with at least one scored step.
   * Classification batches append per-class counts after these (see perClassCounts).
   */
  sequencesRight: 6,
  sequences: 7,
} as const;
export const SUM_LENGTH = 8;

/** Mean loss of one batch as a scalar (kept differentiable), from the model's output. */
export function batchLoss(head: HeadSpec, output: tf.Tensor, batch: Batch): tf.Scalar {
  return lossOf(head, readOut(head, output, batch), batch);
}

/** Mean loss of one batch from predictions already read out (`readOut`). */
function lossOf(head: HeadSpec, output: tf.Tensor, batch: Batch): tf.Scalar {
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
 * Sums over one batch, laid out as `SUM` (length `SUM_LENGTH`), so evaluation over many batches is exact.
 * Entries a head cannot have (hits for regression, sequences for per-sequence heads) are 0.
 */
export function batchSums(head: HeadSpec, modelOutput: tf.Tensor, batch: Batch): tf.Tensor1D {
  return tf.tidy(() => {
    const output = readOut(head, modelOutput, batch);
    const weight = scoredCount(head, batch);
    const loss = tf.mul(lossOf(head, output, batch), weight);
    const zero = tf.scalar(0);
    if (head.kind === 'regression') return tf.stack([loss, zero, weight, zero, zero, zero, zero, zero]) as tf.Tensor1D;
    const predicted = tf.argMax(output, -1);
    const labels = tf.cast(batch.y, 'int32');
    const correct = tf.cast(tf.equal(predicted, labels), 'float32');
    const hits = batch.mask ? tf.sum(tf.mul(correct, batch.mask)) : tf.sum(correct);
    if (head.kind === 'classification') {
      const predictedPositive = tf.cast(tf.equal(predicted, 1), 'float32');
      const positive = tf.cast(tf.equal(labels, 1), 'float32');
      const truePositives = tf.sum(tf.mul(predictedPositive, positive));
      const falsePositives = tf.sub(tf.sum(predictedPositive), truePositives);
      const falseNegatives = tf.sub(tf.sum(positive), truePositives);
      const sums = tf.stack([loss, hits, weight, truePositives, falsePositives, falseNegatives, zero, zero]);
      return tf.concat([sums, perClassCounts(head.classes, predicted, labels)]) as tf.Tensor1D;
    }
    // A sequence is right when none of its scored steps is wrong; sequences without scored steps do not count.
    const scored = batch.mask ?? tf.onesLike(correct);
    const wrongSteps = tf.sum(tf.mul(tf.sub(1, correct), scored), 1);
    const hasScored = tf.cast(tf.greater(tf.sum(scored, 1), 0), 'float32');
    const sequencesRight = tf.sum(tf.mul(tf.cast(tf.equal(wrongSteps, 0), 'float32'), hasScored));
    return tf.stack([loss, hits, weight, zero, zero, zero, sequencesRight, tf.sum(hasScored)]) as tf.Tensor1D;
  });
}

/**
 * Per-class true positives, false positives and false negatives (classes wide each, in that order), appended after
 * the `SUM` entries of a classification batch: what macro-F1 needs.
 */
function perClassCounts(classes: number, predicted: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  const predictedHot = tf.oneHot(predicted.reshape([-1]) as tf.Tensor1D, classes).toFloat();
  const labelHot = tf.oneHot(labels.reshape([-1]) as tf.Tensor1D, classes).toFloat();
  const truePositives = tf.sum(tf.mul(predictedHot, labelHot), 0);
  const falsePositives = tf.sub(tf.sum(predictedHot, 0), truePositives);
  const falseNegatives = tf.sub(tf.sum(labelHot, 0), truePositives);
  return tf.concat([truePositives, falsePositives, falseNegatives]) as tf.Tensor1D;
}

/**
 * Macro-F1 from summed per-class counts: the mean of each class's F1 over the classes that occur in the targets
 * or the predictions (scikit-learn's f1_score(average='macro'): a class seen nowhere does not count).
 */
function macroF1(sums: readonly number[]): number {
  const classes = Math.floor((sums.length - SUM_LENGTH) / 3);
  let total = 0;
  let counted = 0;
  for (let c = 0; c < classes; c++) {
    const tp = sums[SUM_LENGTH + c] ?? 0;
    const fp = sums[SUM_LENGTH + classes + c] ?? 0;
    const fn = sums[SUM_LENGTH + 2 * classes + c] ?? 0;
    if (2 * tp + fp + fn === 0) continue;
    total += (2 * tp) / (2 * tp + fp + fn);
    counted++;
  }
  return ratio(total, counted);
}

function scoredCount(head: HeadSpec, batch: Batch): tf.Scalar {
  if (head.kind === 'sequence-classification' && batch.mask) return tf.sum(batch.mask) as tf.Scalar;
  const samples = batch.x.shape[0];
  const steps = head.kind === 'sequence-classification' ? (batch.y.shape[1] ?? 1) : 1;
  return tf.scalar(samples * steps);
}

/** Adds one batch's sums (a `dataSync()` of `batchSums`) into running float64 totals. */
export function addSums(totals: number[], sums: ArrayLike<number>): void {
  for (let i = 0; i < sums.length; i++) totals[i] = (totals[i] ?? 0) + (sums[i] as number);
}

/** Facts about a split that metrics need besides the sums. */
export interface SplitFacts {
  /** Population variance of the split's regression targets (all values); NaN for class targets. */
  targetVariance: number;
}

/** Population variance in float64 (two passes), of every value of `values`. */
export function variance(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2;
  return squares / values.length;
}

const ratio = (numerator: number, denominator: number): number => (denominator > 0 ? numerator / denominator : 0);

/** One metric from summed totals. Precision/recall/F1 are 0 when undefined (no positive predicted / present). */
export function metricValue(metric: MetricName, sums: readonly number[], facts: SplitFacts): number {
  const at = (index: number): number => sums[index] ?? 0;
  const loss = at(SUM.loss) / Math.max(at(SUM.weight), 1);
  const tp = at(SUM.truePositives);
  const precision = ratio(tp, tp + at(SUM.falsePositives));
  const recall = ratio(tp, tp + at(SUM.falseNegatives));
  switch (metric) {
    case 'mse':
      return loss;
    case 'nmse':
      return loss / facts.targetVariance;
    case 'accuracy':
    case 'token-accuracy':
      return at(SUM.hits) / Math.max(at(SUM.weight), 1);
    case 'bits-per-char':
      return loss / Math.LN2;
    case 'precision':
      return precision;
    case 'recall':
      return recall;
    case 'f1':
      // 2TP / (2TP + FP + FN): the same as 2PR / (P + R), and defined (0) when both are 0.
      return ratio(2 * tp, 2 * tp + at(SUM.falsePositives) + at(SUM.falseNegatives));
    case 'sequence-accuracy':
      return ratio(at(SUM.sequencesRight), at(SUM.sequences));
    case 'macro-f1':
      return macroF1(sums);
    case 'r2':
      return 1 - loss / facts.targetVariance;
  }
}

/** Turns summed totals into the reported loss and primary metric. */
export function finishMetric(
  metric: MetricName,
  sums: readonly number[],
  facts: SplitFacts = { targetVariance: NaN },
): { loss: number; metric: number } {
  const loss = (sums[SUM.loss] ?? NaN) / Math.max(sums[SUM.weight] ?? 0, 1);
  return { loss, metric: metricValue(metric, sums, facts) };
}

/** Every named metric from summed totals, keyed by name (e.g. `{ accuracy, f1, precision, recall }`). */
export function finishMetrics(
  metrics: readonly MetricName[],
  sums: readonly number[],
  facts: SplitFacts,
): Record<string, number> {
  return Object.fromEntries(metrics.map((name) => [name, metricValue(name, sums, facts)]));
}

/**
 * The training metric from the running training loss alone, where it is a function of the loss (mse, nmse,
 * bits/char); null where it needs a separate pass over the training data (accuracy and the other counts).
 */
export function metricFromLoss(metric: MetricName, loss: number, facts: SplitFacts): number | null {
  switch (metric) {
    case 'mse':
    case 'nmse':
    case 'r2':
    case 'bits-per-char':
      return metricValue(metric, [loss, 0, 1], facts);
    default:
      return null;
  }
}
