/** Spearman's rank correlation: does the loss go down (or up) as models grow, whatever the shape of the curve? */
import { AnalysisArgumentError } from './errors.js';
import { midranks } from './ranks.js';

/**
 * Spearman's rho with ties: the Pearson correlation of the midranks (the tie-correct definition; the
 * 1 − 6Σd²/(n(n²−1)) shortcut is only right without ties). Null when n < 2 or either side is constant (no ranking
 * to correlate). Ranks are invariant under monotone maps, so rho of log(params) equals rho of params.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) {
    throw new AnalysisArgumentError('ys', `needs as many values as xs (${xs.length}), got ${ys.length}`);
  }
  if (xs.length < 2) return null;
  return pearson(midranks(xs), midranks(ys));
}

/** Pearson's product-moment correlation; null when either side has zero variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Clamp: rounding can push a perfect correlation to 1.0000000000000002.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
