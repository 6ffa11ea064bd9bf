/**
 * The shapes the datasets package hands to the trainer: plain typed arrays, no tensors.
 *
 * Glossary:
 * - split: one of train / validation / test. Splits never share a sequence (synthetic tasks), a chapter
 *   (moby-dick) or an e-mail (spam).
 * - step: one position of a sequence; `x` is row-major `[sample][step][channel]`.
 * - scored step: a step whose target counts towards loss and metric (all steps unless the split has a `mask`).
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

export type MetricName = 'mse' | 'accuracy' | 'bits-per-char';

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Half-open range of time steps `[start, end)`. */
export interface StepRange {
  start: number;
  end: number;
}

export interface TaskShape {
  /** Channels per step (one-hot width for symbol/character tasks). */
  inputSize: number;
  sequenceLength: number;
  target: TargetSpec;
  metric: MetricName;
  metricHigherIsBetter: boolean;
  description: string;
  /** Loss of the best content-blind predictor, in loss units; null when there is no meaningful one. */
  baselineLoss: number | null;
  /**
   * Steps that are scored when only some are (the copy task's recall steps). When non-null, every split carries a
   * `mask` that is 1 on exactly these steps. Null: all steps are scored (or the target is per sequence).
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
  /** `count * sequenceLength * inputSize`, row-major `[n][t][i]`. */
  x: Float32Array;
  /**
   * regression: Float32Array `count * outputSize`; classification: Int32Array `count`;
   * sequence-classification: Int32Array `count * sequenceLength`.
   */
  y: Float32Array | Int32Array;
  /**
   * Only when `TaskShape.scoredSteps` is non-null: `count * sequenceLength` weights, 1 on scored steps, 0 elsewhere.
   * The trainer takes loss and metric as means over the scored steps only.
   */
  mask?: Float32Array;
}

export interface Dataset extends TaskShape {
  task: TaskSpec;
  train: DatasetSplit;
  validation: DatasetSplit;
  test: DatasetSplit;
}
