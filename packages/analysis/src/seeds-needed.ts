/**
 * "How many seeds would settle this?" Two separate limits, both for the test that decides (exact Wilcoxon by
 * default) and for Holm's step-down correction as it applies to this comparison in its family:
 *
 * 1. **Attainability.** With n non-zero pairs an exact two-sided sign-flip or Wilcoxon test cannot give p below
 *    2/2^n (every seed favouring the same arm). Holm is step-down: the smallest p of a family of m is multiplied by
 *    m, the next by m − 1, ..., so what a comparison needs depends on the others' p-values. Given them as observed,
 *    the comparison can be declared at n pairs only if Holm-adjusting 2/2^n among them gives < alpha. (Issue 19: in
 *    a family of 3 a 6-seed comparison was declared at Holm p = 0.031, while the old advice, from alpha/3 alone,
 *    said 7 seeds were needed.) Without the others' p-values, the worst case: all others at p = 1, i.e. alpha/m.
 * 2. **Power.** The seeds for 80% power at the observed effect size d_z, for the exact Wilcoxon test at that same
 *    Holm threshold, by seeded simulation (wilcoxon-power.ts), searching n from a normal-approximation guess.
 *    The normal approximation n ≈ ((z_{1−α'/2} + z_{power})/d_z)² + z_{1−α'/2}²/2 (Guenther 1981; G*Power's paired-t
 *    answer to within a seed) ignores the exact test's discreteness: for d_z = 1.5 it says 6 seeds, which deliver
 *    power 0.66; the simulation says 7 (0.88; scripts/seeds-advice-power.mjs). Above 50 pairs, and for the sign-flip
 *    test, the approximation is used (divided by Wilcoxon's efficiency 3/π for Wilcoxon), where it is close. The
 *    observed d_z is itself noisy at small n, so this is a planning figure, not a promise.
 */
import { AnalysisArgumentError } from './errors.js';
import { checkPValues } from './holm.js';
import { normalQuantile } from './normal.js';
import { wilcoxonPower } from './wilcoxon-power.js';

/** Above this many pairs the power search uses the normal approximation (the simulation grows as n²). */
export const EXACT_POWER_MAX_N = 50;

/**
 * The Holm-adjusted p a comparison with raw p-value `p` gets in a family with `otherPValues`: exactly
 * `holmAdjust([p, ...otherPValues])[0]`, without re-sorting the family on every call. The seed advice asks this
 * ~60 times per comparison (a search over p), and a 100,000-trial sweep has 3,000 comparisons (issue 17).
 */
export function holmAdjustedAmong(p: number, otherPValues: readonly number[]): number {
  checkPValues([p]);
  const family = holmFamilyOf(otherPValues);
  // A stable sort puts p (first in the input) before others equal to it: its step is the count of smaller others.
  let low = 0;
  let high = family.sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((family.sorted[middle] as number) < p) low = middle + 1;
    else high = middle;
  }
  const m = family.sorted.length + 1;
  return Math.max(family.runningMax[low] as number, Math.min(1, (m - low) * p));
}

interface HolmFamily {
  /** The other p-values, ascending. */
  sorted: Float64Array;
  /** runningMax[r]: Holm's running maximum over the r smallest others, at their steps in a family one larger. */
  runningMax: Float64Array;
}

const holmFamilies = new WeakMap<readonly number[], HolmFamily>();

function holmFamilyOf(others: readonly number[]): HolmFamily {
  const known = holmFamilies.get(others);
  if (known !== undefined) return known;
  // Validated (as holmAdjust of the whole family would) without its index sort: a family of 3,000 is built 3,000
  // times at 100,000 trials (issue 17).
  checkPValues(others);
  const sorted = Float64Array.from(others).sort();
  const m = sorted.length + 1;
  const runningMax = new Float64Array(sorted.length + 1);
  for (let step = 0; step < sorted.length; step++) {
    runningMax[step + 1] = Math.max(runningMax[step] as number, Math.min(1, (m - step) * (sorted[step] as number)));
  }
  const family = { sorted, runningMax };
  holmFamilies.set(others, family);
  return family;
}

/**
 * Smallest n whose best-case exact two-sided p (2/2^n), Holm-adjusted among `otherPValues`, is below alpha. Without
 * `otherPValues`, the worst case for a family of `familySize`: the others at p = 1 (Bonferroni's alpha/m).
 */
export function minSeedsForAlpha(alpha: number, familySize = 1, otherPValues?: readonly number[]): number {
  const others = resolveOthers(alpha, familySize, otherPValues);
  let n = 1;
  while (!(holmAdjustedAmong(2 / 2 ** n, others) < alpha)) n++;
  return n;
}

/**
 * Normal-approximation pairs needed for `power` (default 0.8) to detect `dz` at level alpha/familySize (a paired
 * t-test's answer); null when dz is 0 or not finite. Kept for planning outside a report; `adviseSeeds` uses the
 * exact test.
 */
export function seedsForPower(dz: number, alpha: number, familySize = 1, power = 0.8): number | null {
  checkAlpha(alpha, familySize);
  checkPower(power);
  if (!Number.isFinite(dz) || dz === 0) return null;
  return approximateSeeds(dz, alpha / familySize, power);
}

/** How `seedsFor80Power` was worked out. */
export type PowerMethod = 'exact-wilcoxon-simulation' | 'normal-approximation';

/**
 * Pairs needed for `power` (default 0.8) with the deciding test at the threshold Holm gives among `otherPValues`
 * (see the module comment); null when dz is 0 or not finite.
 */
export function seedsForTestPower(input: {
  dz: number;
  alpha: number;
  otherPValues: readonly number[];
  test?: 'wilcoxon' | 'sign-flip';
  power?: number;
}): { seeds: number; method: PowerMethod } | null {
  const { dz, alpha, otherPValues } = input;
  const power = input.power ?? 0.8;
  checkAlpha(alpha, otherPValues.length + 1);
  checkPower(power);
  if (!Number.isFinite(dz) || dz === 0) return null;
  const declares = (p: number): boolean => holmAdjustedAmong(p, otherPValues) < alpha;
  const minimum = minSeedsForAlpha(alpha, otherPValues.length + 1, otherPValues);
  const threshold = largestDeclaredP(declares, alpha);
  const tSeeds = approximateSeeds(dz, threshold, power);
  if (input.test === 'sign-flip') return { seeds: Math.max(minimum, tSeeds), method: 'normal-approximation' };
  // Wilcoxon's asymptotic efficiency against the t-test on normal data is 3/π (Hodges & Lehmann 1956).
  const wilcoxonSeeds = Math.ceil(tSeeds / (3 / Math.PI));
  if (wilcoxonSeeds > EXACT_POWER_MAX_N) {
    return { seeds: Math.max(minimum, wilcoxonSeeds), method: 'normal-approximation' };
  }
  // Power rises with n (apart from small saw-teeth): from the guess, walk down while n − 1 still has the power,
  // or up until n has it. Usually two or three simulations.
  const reaches = (n: number): boolean => wilcoxonPower(n, Math.abs(dz), declares) >= power;
  let n = Math.max(minimum, wilcoxonSeeds);
  if (reaches(n)) {
    while (n - 1 >= minimum && reaches(n - 1)) n--;
    return { seeds: n, method: 'exact-wilcoxon-simulation' };
  }
  for (n++; n <= EXACT_POWER_MAX_N; n++) if (reaches(n)) return { seeds: n, method: 'exact-wilcoxon-simulation' };
  return { seeds: Math.max(minimum, wilcoxonSeeds, EXACT_POWER_MAX_N + 1), method: 'normal-approximation' };
}

export interface SeedsAdvice {
  /** Whether this n could ever reach alpha after Holm among the family's other p-values. */
  canReachAlpha: boolean;
  /** See `minSeedsForAlpha` (with the others' p-values when given). */
  minSeedsForAlpha: number;
  /** The Holm-adjusted p this comparison would get at its n if every untied pair favoured one arm. */
  bestHolmP: number;
  /**
   * Seeds for 80% power with the deciding test (see `seedsForTestPower`); null without a finite non-zero d_z. For a
   * declared winner (no advice needed) the normal approximation at the same Holm threshold, marked in `powerMethod`.
   */
  seedsFor80Power: number | null;
  powerMethod: PowerMethod | null;
  /**
   * What to tell the user, null when more seeds are not the answer: null if a winner was declared, or if the
   * observed n already reaches both limits, or if every pair is exactly tied (nothing to plan for). Otherwise
   * max(minSeedsForAlpha, seedsFor80Power); when every pair differs by the same non-zero amount (d_z undefined, the
   * effect is as clear as it gets), minSeedsForAlpha alone.
   */
  seedsNeeded: number | null;
}

/**
 * Combines both limits for one comparison. `n` counts pairs that carry a non-zero difference. `otherPValues`: the
 * raw p-values of the other comparisons in its Holm family; without them the worst case for `familySize`.
 */
export function adviseSeeds(input: {
  n: number;
  dz: number | null;
  meanDiff: number;
  significant: boolean;
  alpha: number;
  familySize: number;
  otherPValues?: readonly number[];
  test?: 'wilcoxon' | 'sign-flip';
}): SeedsAdvice {
  const others = resolveOthers(input.alpha, input.familySize, input.otherPValues);
  const minimum = minSeedsForAlpha(input.alpha, others.length + 1, others);
  // A declared winner needs no advice: its power figure is the cheap approximation (the simulation costs ~0.1 s per
  // comparison on a loaded 2-core machine, and a report may hold hundreds of clear winners).
  const powered =
    input.dz === null
      ? null
      : input.significant
        ? approximatePower(input.dz, others, input.alpha, input.test)
        : seedsForTestPower({
            dz: input.dz,
            alpha: input.alpha,
            otherPValues: others,
            ...(input.test ? { test: input.test } : {}),
          });
  const canReachAlpha = input.n >= minimum;
  let needed: number | null = null;
  if (!input.significant) {
    if (input.dz === null) {
      // Every pair moved by the same amount (or there is one pair): only attainability stands in the way. With no
      // difference at all there is nothing to plan for.
      needed = input.meanDiff !== 0 && minimum > input.n ? minimum : null;
    } else {
      const target = powered === null ? minimum : Math.max(minimum, powered.seeds);
      needed = target > input.n ? target : null;
    }
  }
  return {
    canReachAlpha,
    minSeedsForAlpha: minimum,
    bestHolmP: input.n === 0 ? 1 : holmAdjustedAmong(Math.min(1, 2 / 2 ** input.n), others),
    seedsFor80Power: powered?.seeds ?? null,
    powerMethod: powered?.method ?? null,
    seedsNeeded: needed,
  };
}

/** The normal approximation at this comparison's Holm threshold (Wilcoxon: divided by its efficiency 3/π). */
function approximatePower(
  dz: number,
  others: readonly number[],
  alpha: number,
  test: 'wilcoxon' | 'sign-flip' | undefined,
): { seeds: number; method: PowerMethod } | null {
  if (!Number.isFinite(dz) || dz === 0) return null;
  const threshold = largestDeclaredP((p) => holmAdjustedAmong(p, others) < alpha, alpha);
  const tSeeds = approximateSeeds(dz, threshold, 0.8);
  const seeds = test === 'sign-flip' ? tSeeds : Math.ceil(tSeeds / (3 / Math.PI));
  return { seeds: Math.max(minSeedsForAlpha(alpha, others.length + 1, others), seeds), method: 'normal-approximation' };
}

/** ((z_{1−level/2} + z_power)/d_z)² + z²/2 (Guenther's t correction), at least 2. */
function approximateSeeds(dz: number, level: number, power: number): number {
  const zAlpha = normalQuantile(1 - level / 2);
  const zPower = normalQuantile(power);
  return Math.max(2, Math.ceil(((zAlpha + zPower) / Math.abs(dz)) ** 2 + (zAlpha * zAlpha) / 2));
}

/** The supremum of raw p-values that `declares` accepts (it is monotone), by bisection on [0, alpha]. */
function largestDeclaredP(declares: (p: number) => boolean, alpha: number): number {
  let low = 0;
  let high = alpha;
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2;
    if (declares(middle)) low = middle;
    else high = middle;
  }
  return low;
}

function resolveOthers(
  alpha: number,
  familySize: number,
  otherPValues: readonly number[] | undefined,
): readonly number[] {
  if (otherPValues !== undefined) {
    checkAlpha(alpha, otherPValues.length + 1);
    return otherPValues;
  }
  checkAlpha(alpha, familySize);
  return new Array<number>(familySize - 1).fill(1);
}

function checkAlpha(alpha: number, familySize: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new AnalysisArgumentError('alpha', `must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(familySize) || familySize < 1) {
    throw new AnalysisArgumentError('familySize', `must be a positive integer, got ${familySize}`);
  }
}

function checkPower(power: number): void {
  if (!(power > 0 && power < 1)) throw new AnalysisArgumentError('power', `must be in (0, 1), got ${power}`);
}
