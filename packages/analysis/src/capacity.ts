/**
 * Memorization capacity (Collins, Sohl-Dickstein & Sussillo 2017, "Capacity and Trainability in Recurrent Neural
 * Networks", ICLR): train on N inputs with labels drawn uniformly from C classes. Labels carry log2 C bits each and
 * cannot be predicted from the input, so whatever the network gets right it must have stored. With per-sample
 * training cross-entropy H bits, the labels still unknown cost H bits each, so the network holds
 * N·(log2 C − H) bits. The paper found about 5 bits per parameter for every cell type.
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
