/**
 * What a reader makes of a data file before splits and scaling: every sequence's values, target and (when the file
 * names one) split, with the line it starts on for error messages. Readers check shapes and numbers as they go.
 */
import type { SplitName } from '../types.js';

export interface RawSequence {
  /** `steps * inputSize` values, row-major `[step][feature]`. */
  values: Float32Array;
  steps: number;
  /**
   * Classification: the label as written; regression: the number; forecast: the numbers; labelling: a label per
   * step.
   */
  target: string | number | string[] | number[];
  /** From the split column / field; null without one. */
  split: SplitName | null;
  /** 1-based line of the file where the sequence starts (its first row, for CSV long). */
  line: number;
}

export interface RawSequences {
  sequences: RawSequence[];
  inputSize: number;
  /** Hex SHA-256 of the file's bytes, hashed while they were read. */
  sha256: string;
}

const SPLIT_VALUES: Record<string, SplitName> = { train: 'train', validation: 'validation', test: 'test' };

/** A split cell's value, or null when it is not one of train / validation / test. */
export function splitValue(text: string): SplitName | null {
  return SPLIT_VALUES[text.trim().toLowerCase()] ?? null;
}
