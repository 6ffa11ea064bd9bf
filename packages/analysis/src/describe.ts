/**
 * Plain descriptive statistics. Written out rather than imported so every number in a report can be checked by hand.
 */
import { AnalysisArgumentError } from './errors.js';

/** Arithmetic mean. Throws on an empty sample (a mean of nothing is a caller bug, not NaN). */
export function mean(values: readonly number[]): number {
  requireNonEmpty(values, 'mean');
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Sample standard deviation with Bessel's n − 1 denominator (an unbiased variance estimate: seeds are a sample of
 * the seeds one could have run). Null for n < 2. Two-pass, which is accurate for the small n of seed sweeps.
 */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const centre = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Median: the middle value, or the mean of the two middle values for even n. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan 1996, type 7; R's and NumPy's
 * default): position h = (n − 1)·p in the sorted sample, 0-based.
 */
export function quantile(values: readonly number[], probability: number): number {
  requireNonEmpty(values, 'quantile');
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    probability,
  );
}

/** `quantile` for a sample that is already sorted ascending (bootstrap replicates are sorted once). */
export function quantileSorted(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) throw new AnalysisArgumentError('values', 'need at least one value');
  if (!(probability >= 0 && probability <= 1)) {
    throw new AnalysisArgumentError('probability', `must be in [0, 1], got ${probability}`);
  }
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/** Smallest and largest value. */
export function extent(values: readonly number[]): [number, number] {
  requireNonEmpty(values, 'extent');
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

function requireNonEmpty(values: readonly number[], what: string): void {
  if (values.length === 0) throw new AnalysisArgumentError('values', `${what} needs at least one value`);
}
