/** Split bookkeeping shared by every task: sizes, a memory guard, seeded sampling helpers. */
import type { BuiltInTask, Rng } from '@cellsweep/core';
import { DatasetSizeError } from './errors.js';
import { SPLIT_NAMES, type SplitName, type SplitShape, type StepRange } from './types.js';

/** Requested number of sequences in a split. */
export function splitSize(task: BuiltInTask, split: SplitName): number {
  switch (split) {
    case 'train':
      return task.trainSize;
    case 'validation':
      return task.validationSize;
    case 'test':
      return task.testSize;
  }
}

/** The option that sets a split's size, as named in error messages. */
export function sizeField(split: SplitName): string {
  return `task.${split}Size`;
}

/** Human wording for a split in error messages ("training", "validation", "test"). */
export function splitWord(split: SplitName): string {
  return split === 'train' ? 'training' : split;
}

// 2^30 float32 values = 4 GiB for one array: far beyond what a 2-core sweep machine can train on, so a request
// that big is a spec mistake; fail with the field name instead of a V8 RangeError or an OOM kill.
const MAX_VALUES_PER_ARRAY = 2 ** 30;

/**
 * Throws `DatasetSizeError` for the first split whose `x` would exceed 2^30 values; checked before any data is
 * generated so an absurd request fails at once.
 */
export function assertSplitsFit(task: BuiltInTask, valuesPerSample: number | Record<SplitName, number>): void {
  for (const split of SPLIT_NAMES) {
    const fit = Math.floor(
      MAX_VALUES_PER_ARRAY / (typeof valuesPerSample === 'number' ? valuesPerSample : valuesPerSample[split]),
    );
    const count = splitSize(task, split);
    if (count > fit) {
      throw new DatasetSizeError(
        sizeField(split),
        count,
        fit,
        'sequences of this shape that fit in 2^30 values (4 GiB)',
      );
    }
  }
}

/** Fisher-Yates over a typed array (core's `Rng.shuffle` takes plain arrays). */
export function shuffleInts<T extends Int32Array>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const held = items[i] as number;
    items[i] = items[j] as number;
    items[j] = held;
  }
  return items;
}

/** `k` distinct integers from `[0, n)` in random order (`k <= n`). */
export function sampleDistinct(n: number, k: number, rng: Rng): Int32Array {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
  // Rejection is cheap while k is a small share of n; otherwise a partial shuffle of all n.
  if (k * 4 <= n) {
    const seen = new Set<number>();
    const out = new Int32Array(k);
    let filled = 0;
    while (filled < k) {
      const value = rng.int(n);
      if (seen.has(value)) continue;
      seen.add(value);
      out[filled++] = value;
    }
    return out;
  }
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const held = all[i] as number;
    all[i] = all[j] as number;
    all[j] = held;
  }
  return all.slice(0, k);
}

/** Binary-entropy of a Bernoulli(p) label in nats: the cross-entropy of always predicting the prior. */
export function bernoulliEntropyNats(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** The three requested sizes of a task. */
export function splitSizes(task: BuiltInTask): Record<SplitName, number> {
  return { train: task.trainSize, validation: task.validationSize, test: task.testSize };
}

/** Every split with the same length and scored steps (all tasks but the length-generalization ones). */
export function sameSplits(sequenceLength: number, scoredSteps: StepRange | null): Record<SplitName, SplitShape> {
  const shape = (): SplitShape => ({ sequenceLength, scoredSteps: scoredSteps && { ...scoredSteps } });
  return { train: shape(), validation: shape(), test: shape() };
}
