/**
 * Theil–Sen slope (Theil 1950; Sen 1968): the median of the slopes between every pair of points. With up to 29%
 * of points arbitrarily bad (a diverged seed, an unlucky init) it still follows the rest, which a least-squares
 * line over a handful of seeds per size would not.
 */
import { median } from './describe.js';
import { AnalysisArgumentError } from './errors.js';

export interface TheilSenFit {
  slope: number;
  /** Median of y − slope·x (Conover's intercept), so the line passes through the bulk of the points. */
  intercept: number;
}

/**
 * Median pairwise slope of y on x. Pairs with equal x (several seeds at one size) have no slope and are skipped,
 * as in Sen's extension to tied x. Null when all x are equal.
 */
export function theilSen(xs: readonly number[], ys: readonly number[]): TheilSenFit | null {
  if (xs.length !== ys.length) {
    throw new AnalysisArgumentError('ys', `needs as many values as xs (${xs.length}), got ${ys.length}`);
  }
  const slope = theilSenSlope(xs, ys);
  if (slope === null) return null;
  return { slope, intercept: median(xs.map((x, i) => (ys[i] as number) - slope * x)) };
}

/** Just the slope, for bootstrap loops: `indices` (optional) picks which points to use, repeats allowed. */
export function theilSenSlope(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  indices?: ArrayLike<number>,
): number | null {
  const pick = indices ?? Array.from({ length: xs.length }, (_, i) => i);
  // A typed array sorts numerically and natively: this runs once per bootstrap replicate.
  const slopes = new Float64Array((pick.length * (pick.length - 1)) / 2);
  let count = 0;
  for (let i = 0; i < pick.length; i++) {
    const p = pick[i] as number;
    for (let j = i + 1; j < pick.length; j++) {
      const q = pick[j] as number;
      const dx = (xs[q] as number) - (xs[p] as number);
      if (dx !== 0) slopes[count++] = ((ys[q] as number) - (ys[p] as number)) / dx;
    }
  }
  if (count === 0) return null;
  const sorted = slopes.subarray(0, count).sort();
  const middle = count >> 1;
  return count % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
