/**
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): resample the n observations with replacement B times,
 * recompute the statistic each time, and read the interval off the (1 − level)/2 and (1 + level)/2 quantiles of
 * the replicates. Seeded through core's RNG, so the same input and seed give the same interval on every machine.
 *
 * With the handful of seeds a sweep affords, percentile intervals are a little too narrow (they ignore the n − 1
 * vs n and skew corrections that BCa adds); they are reported as what they are, not as exact coverage.
 */
import { createRng } from '@cellsweep/core';
import { mean, quantileSorted } from './describe.js';
import { AnalysisArgumentError } from './errors.js';
import type { Interval } from './types.js';

export interface BootstrapOptions {
  /** Number of resamples B. Default 10,000 (Monte Carlo error of a 95% endpoint is then well under 1% of its spread). */
  resamples?: number;
  /** Seed of the resampling stream. Default 0. */
  seed?: number;
  /** Confidence level. Default 0.95. */
  level?: number;
}

export const DEFAULT_RESAMPLES = 10_000;
export const DEFAULT_LEVEL = 0.95;

export interface BootstrapResult {
  /** Null when fewer than two observations or no replicate was usable. */
  ci: Interval | null;
  /** Replicates where the statistic was defined (e.g. a slope needs two distinct x values). */
  usedResamples: number;
}

/**
 * Percentile bootstrap CI of any statistic of `sampleSize` observations. `statistic` receives the resampled
 * indices (a reused buffer: read it, do not keep it) and returns a number, or null when the statistic is
 * undefined for that resample (those replicates are skipped and counted out of `usedResamples`).
 */
export function bootstrapCi(
  sampleSize: number,
  statistic: (indices: Int32Array) => number | null,
  options: BootstrapOptions = {},
): BootstrapResult {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new AnalysisArgumentError('resamples', `must be a positive integer, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new AnalysisArgumentError('level', `must be in (0, 1), got ${level}`);
  if (sampleSize < 2) return { ci: null, usedResamples: 0 };

  const rng = createRng(options.seed ?? 0);
  const indices = new Int32Array(sampleSize);
  const replicates = new Float64Array(resamples);
  let used = 0;
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < sampleSize; i++) indices[i] = rng.int(sampleSize);
    const value = statistic(indices);
    if (value !== null && Number.isFinite(value)) replicates[used++] = value;
  }
  if (used === 0) return { ci: null, usedResamples: 0 };
  const sorted = replicates.subarray(0, used).sort();
  const tail = (1 - level) / 2;
  return { ci: [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)], usedResamples: used };
}

/** Percentile bootstrap CI of the mean; null for fewer than two values. */
export function bootstrapMeanCi(values: readonly number[], options: BootstrapOptions = {}): Interval | null {
  if (values.length < 2) return null;
  // Constant samples have a degenerate but well-defined interval; skip B pointless resamples.
  const centre = mean(values);
  if (values.every((value) => value === values[0])) return [centre, centre];
  const data = Float64Array.from(values);
  return bootstrapCi(
    data.length,
    (indices) => {
      let sum = 0;
      for (const index of indices) sum += data[index] as number;
      return sum / indices.length;
    },
    options,
  ).ci;
}
