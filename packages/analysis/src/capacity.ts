/**
 * Memorization capacity (Collins, Sohl-Dickstein & Sussillo 2017, "Capacity and Trainability in Recurrent Neural
 * Networks", ICLR): train on N inputs with labels drawn uniformly from C classes. Labels carry log2 C bits each and
 * cannot be predicted from the input, so whatever the network gets right it must have stored. Two measures, named
 * apart because they differ a lot on the same model (docs/statistics.md):
 *
 * - **Loss bound** (`memorizedBits`, metric `bitsPerParameter`): with per-sample training cross-entropy H bits, the
 *   labels still unknown cost H bits each, so the network holds at least N·(log2 C − H) bits. Sound, but one
 *   confidently wrong answer costs many bits: a binary model 90% right at 0.999 confidence scores 0.002 bits/sample.
 * - **Mutual information** (`mutualInformationBits`, metric `mutualInformationPerParameter`): what the paper reports,
 *   the mutual information between true and predicted labels computed from the training accuracy p, with errors
 *   spread evenly over the other C − 1 classes: I = log2 C + p·log2 p + (1 − p)·log2((1 − p)/(C − 1)) bits per
 *   sample. The same model scores 0.53 bits/sample. The paper found about 5 bits per parameter for every cell type.
 */
import { AnalysisArgumentError } from './errors.js';

export interface MemorizationInput {
  /** N: training samples with random labels. */
  samples: number;
  /** C: classes the labels are uniform over. */
  classes: number;
  /** Mean training cross-entropy per sample in nats (the natural-log loss TensorFlow.js reports). */
  trainLossNats: number;
}

/**
 * Bits stored = N·max(0, log2 C − H_bits), H_bits = trainLossNats / ln 2. Clamped at 0: a loss above chance
 * (log C nats, e.g. early in training) means nothing stored, not negative memory.
 */
export function memorizedBits(input: MemorizationInput): number {
  const { samples, classes, trainLossNats } = input;
  if (!(Number.isInteger(samples) && samples >= 0)) {
    throw new AnalysisArgumentError('samples', `must be a non-negative integer, got ${samples}`);
  }
  if (!(Number.isInteger(classes) && classes >= 2)) {
    throw new AnalysisArgumentError('classes', `must be an integer ≥ 2, got ${classes}`);
  }
  if (!(trainLossNats >= 0)) throw new AnalysisArgumentError('trainLossNats', `must be ≥ 0, got ${trainLossNats}`);
  const lossBits = trainLossNats / Math.LN2;
  return samples * Math.max(0, Math.log2(classes) - lossBits);
}

/** Bits stored per trainable parameter: `bits / paramCount`. */
export function bitsPerParameter(bits: number, paramCount: number): number {
  if (!(paramCount > 0)) throw new AnalysisArgumentError('paramCount', `must be positive, got ${paramCount}`);
  return bits / paramCount;
}

/**
 * Collins et al.'s bits per sample: the mutual information between a uniform true label over `classes` and a
 * prediction that is right with probability `accuracy` and otherwise uniform over the other classes. 0 at or below
 * chance (1/C): a memorizer worse than guessing has stored nothing.
 */
export function mutualInformationBits(input: { classes: number; accuracy: number }): number {
  const { classes, accuracy } = input;
  if (!(Number.isInteger(classes) && classes >= 2)) {
    throw new AnalysisArgumentError('classes', `must be an integer ≥ 2, got ${classes}`);
  }
  if (!(accuracy >= 0 && accuracy <= 1)) {
    throw new AnalysisArgumentError('accuracy', `must be in [0, 1], got ${accuracy}`);
  }
  if (accuracy <= 1 / classes) return 0;
  // 0·log 0 = 0: a perfect memorizer stores log2 C bits per sample.
  const right = accuracy * Math.log2(accuracy);
  const wrong = accuracy === 1 ? 0 : (1 - accuracy) * Math.log2((1 - accuracy) / (classes - 1));
  return Math.log2(classes) + right + wrong;
}
