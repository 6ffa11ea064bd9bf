/**
 * "How many seeds would settle this?" Two separate limits:
 *
 * 1. **Attainability.** With n non-zero pairs an exact two-sided sign-flip or Wilcoxon test cannot give p below
 *    2/2^n (every seed favouring the same arm). Holm then multiplies the smallest p of a family of m comparisons by
 *    m, so no comparison can be declared below alpha unless 2·m/2^n < alpha. For m = 1 and alpha = 0.05 that is
 *    n ≥ 6 (2/64 = 0.031; n = 5 gives 0.0625). Below this, more seeds are needed whatever the data say.
 * 2. **Power.** For the observed effect size d_z, the seeds a paired t-test needs for 80% power at level alpha/m
 *    (Bonferroni, Holm's first and strictest step), by the normal approximation
 *    n ≈ ((z_{1−α'/2} + z_{power}) / d_z)² + z_{1−α'/2}²/2, where the last term is Guenther's (1981) correction for
 *    using t instead of z; it matches exact noncentral-t answers to within a seed for d_z ≥ 0.2 (e.g. d_z = 0.5
 *    gives 34, as G*Power does). Wilcoxon needs about 5% more under normal data (ARE 3/π); not added. The observed
 *    d_z is itself noisy at small n, so this is a planning figure, not a promise.
 */
import { AnalysisArgumentError } from './errors.js';
import { normalQuantile } from './normal.js';

/** Smallest n whose best-case exact two-sided p, times the Holm family size, is below alpha. */
export function minSeedsForAlpha(alpha: number, familySize = 1): number {
  checkAlpha(alpha, familySize);
  let n = 1;
  while ((2 * familySize) / 2 ** n >= alpha) n++;
  return n;
}

/**
 * Approximate pairs needed for `power` (default 0.8) to detect effect size `dz` at level alpha/familySize;
 * null when dz is 0 (no observed effect to plan for).
 */
export function seedsForPower(dz: number, alpha: number, familySize = 1, power = 0.8): number | null {
  checkAlpha(alpha, familySize);
  if (!(power > 0 && power < 1)) throw new AnalysisArgumentError('power', `must be in (0, 1), got ${power}`);
  if (!Number.isFinite(dz) || dz === 0) return null;
  const zAlpha = normalQuantile(1 - alpha / familySize / 2);
  const zPower = normalQuantile(power);
  return Math.max(2, Math.ceil(((zAlpha + zPower) / Math.abs(dz)) ** 2 + (zAlpha * zAlpha) / 2));
}

export interface SeedsAdvice {
  /** Whether this n could ever reach alpha after Holm over the family. */
  canReachAlpha: boolean;
  /** See `minSeedsForAlpha`. */
  minSeedsForAlpha: number;
  /** See `seedsForPower` (at 80%); null without a finite non-zero d_z. */
  seedsFor80Power: number | null;
  /**
   * What to tell the user, null when more seeds are not the answer: null if a winner was declared, or if the
   * observed n already reaches both limits, or if every pair is exactly tied (nothing to plan for). Otherwise
   * max(minSeedsForAlpha, seedsFor80Power); when every pair differs by the same non-zero amount (d_z undefined, the
   * effect is as clear as it gets), minSeedsForAlpha alone.
   */
  seedsNeeded: number | null;
}

/** Combines both limits for one comparison. `n` counts pairs that carry a non-zero difference. */
export function adviseSeeds(input: {
  n: number;
  dz: number | null;
  meanDiff: number;
  significant: boolean;
  alpha: number;
  familySize: number;
}): SeedsAdvice {
  const minimum = minSeedsForAlpha(input.alpha, input.familySize);
  const powered = input.dz === null ? null : seedsForPower(input.dz, input.alpha, input.familySize);
  const canReachAlpha = input.n >= minimum;
  let needed: number | null = null;
  if (!input.significant) {
    if (input.dz === null) {
      // Every pair moved by the same amount (or there is one pair): only attainability stands in the way. With no
      // difference at all there is nothing to plan for.
      needed = input.meanDiff !== 0 && minimum > input.n ? minimum : null;
    } else {
      const target = powered === null ? minimum : Math.max(minimum, powered);
      needed = target > input.n ? target : null;
    }
  }
  return { canReachAlpha, minSeedsForAlpha: minimum, seedsFor80Power: powered, seedsNeeded: needed };
}

function checkAlpha(alpha: number, familySize: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new AnalysisArgumentError('alpha', `must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(familySize) || familySize < 1) {
    throw new AnalysisArgumentError('familySize', `must be a positive integer, got ${familySize}`);
  }
}
