/**
 * The shapes the datasets package hands to the trainer: plain typed arrays, no tensors.
 *
 * Glossary:
 * - split: one of train / validation / test. Splits never share a sequence (synthetic tasks), a chapter
 *   (moby-dick), an e-mail (spam), a trajectory (mackey-glass) or a word (g2p).
 * - step: one position of a sequence; `x` is row-major `[sample][step][channel]`.
 * - scored step: a step whose target counts towards loss and metric (all steps unless the split has a `mask`).
 * - padding: steps after a shorter sequence's end, up to the split's `sequenceLength` (see `DatasetSplit.lengths`).
 * - baseline loss: the loss of the best model that ignores the input's content (predicts the mean / the class
 *   prior), in the trainer's loss units (MSE, or nats of cross-entropy per scored element).
 */
import type { TaskSpec } from '@cellsweep/core';

/** What the model's head predicts; the kinds match `HeadSpec` in @cellsweep/models exactly. */
export type TargetSpec =
  | { kind: 'regression'; outputSize: number }
  /** One label per sequence. */
  | { kind: 'classification'; classes: number }
  /** One label per time step. */
  | { kind: 'sequence-classification'; classes: number };

/**
 * Task metrics. A trial has one primary metric (`TaskShape.metric`, stored as `metricName`) and a set of test
 * metrics (`TaskShape.testMetrics`) that always includes it:
 * - `nmse`: MSE over the variance of the split's own targets (1 = predicting the split mean, 0 = perfect).
 * - `f1`, `precision`, `recall`: binary classification with class 1 as the positive class (spam).
 * - `token-accuracy`: share of scored steps right; `sequence-accuracy`: share of sequences with every scored step
 *   right (g2p: 1 - word error rate).
 * - `macro-f1`: the unweighted mean over classes of each class's F1 (one-vs-rest), over the classes that occur in
 *   the targets or the predictions (scikit-learn's `f1_score(average='macro')`).
 * - `r2`: coefficient of determination, 1 − MSE / variance of the split's own targets (1 − nmse).
 */
export type MetricName =
  | 'mse'
  | 'accuracy'
  | 'bits-per-char'
  | 'nmse'
  | 'f1'
  | 'precision'
  | 'recall'
  | 'token-accuracy'
  | 'sequence-accuracy'
  | 'macro-f1'
  | 'r2';

/** Whether a larger value of the metric is better. */
export function metricHigherIsBetter(metric: MetricName): boolean {
  switch (metric) {
    case 'mse':
    case 'bits-per-char':
    case 'nmse':
      return false;
    case 'accuracy':
    case 'f1':
    case 'precision':
    case 'recall':
    case 'token-accuracy':
    case 'sequence-accuracy':
    case 'macro-f1':
    case 'r2':
      return true;
  }
}

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Half-open range of time steps `[start, end)`. */
export interface StepRange {
  start: number;
  end: number;
}

/** The length and scored steps of one split. */
export interface SplitShape {
  sequenceLength: number;
  scoredSteps: StepRange | null;
}

export interface TaskShape {
  /** Channels per step (one-hot width for symbol/character tasks). */
  inputSize: number;
  /** Steps per training (and validation) sequence; `splits` has the test split's, which may differ. */
  sequenceLength: number;
  /**
   * Per split: steps per sequence and scored steps. Train and validation always equal `sequenceLength` /
   * `scoredSteps`; the test split is longer for length-generalization tasks (parity `testSequenceLength`, copy
   * `testDelay` / `testCopyLength`), so model selection sees the training length and the test score the longer one.
   */
  splits: Record<SplitName, SplitShape>;
  target: TargetSpec;
  metric: MetricName;
  metricHigherIsBetter: boolean;
  /** Metrics reported on the test split (the primary `metric` first); see `MetricName`. */
  testMetrics: readonly MetricName[];
  description: string;
  /** Loss of the best content-blind predictor, in loss units; null when there is no meaningful one. */
  baselineLoss: number | null;
  /**
   * Steps that are scored when only some are (the copy task's recall steps, g2p's output steps). When non-null,
   * every split carries a `mask` that is 0 outside these steps: 1 on all of them for copy, 1 on a word's phonemes
   * and its end symbol for g2p. Null: all steps are scored (or the target is per sequence). Train/validation value;
   * see `splits` for the test split's.
   */
  scoredSteps: StepRange | null;
  /**
   * Which weights the final results use. 'best-validation' (every task with held-out signal) restores the epoch
   * with the lowest validation loss; 'last-epoch' keeps the final weights, for random-label memorization, where
   * validation is chance by construction and would pick an arbitrary, barely trained epoch.
   */
  selectWeights?: 'best-validation' | 'last-epoch';
}

export interface DatasetSplit {
  count: number;
  /** Steps per sequence in this split (`TaskShape.splits[split].sequenceLength`). */
  sequenceLength: number;
  /** `count * sequenceLength * inputSize`, row-major `[n][t][i]`. */
  x: Float32Array;
  /**
   * regression: Float32Array `count * outputSize`; classification: Int32Array `count`;
   * sequence-classification: Int32Array `count * sequenceLength`.
   */
  y: Float32Array | Int32Array;
  /**
   * When `TaskShape.scoredSteps` is non-null, or per-step labels of sequences that differ in length (1 on each
   * one's real steps): `count * sequenceLength` weights, 1 on scored steps, 0 elsewhere. The trainer takes loss
   * and metric as means over the scored steps only.
   */
  mask?: Float32Array;
  /**
   * Only for files whose sequences differ in length: each sequence's real steps, 1..`sequenceLength`. Every
   * sequence is right-padded with zeros to `sequenceLength` (the longest); per-sequence targets are read out at step
   * `lengths[n] - 1`, and per-step targets carry a `mask` of 1 on the real steps only.
   */
  lengths?: Int32Array;
}

export interface Dataset extends TaskShape {
  task: TaskSpec;
  train: DatasetSplit;
  validation: DatasetSplit;
  test: DatasetSplit;
}
