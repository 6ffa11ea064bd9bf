/**
 * Wilcoxon signed-rank test for paired differences (Wilcoxon 1945), two-sided, with an exact p-value.
 *
 * Rules, chosen for seed sweeps where n is 3–30:
 * - **Zeros** (a pair with no difference) are dropped and n shrinks — Wilcoxon's original rule and SciPy's
 *   default `zero_method="wilcox"`. A zero carries no information about which arm is better. (`paired.ts` turns
 *   differences that are rounding noise into exact zeros first.)
 * - **Ties** among |d| get midranks, and the null distribution is the exact distribution of W+ *for those
 *   midranks* under the 2^n equally likely sign patterns (a conditional, permutation-exact test; no tie
 *   correction formula needed). Doubled midranks are integers, so a dynamic programme over sums is exact.
 * - **Two-sided p** = P(|W+ − T/2| ≥ |w+ − T/2|) with T the sum of ranks: the null is symmetric about T/2, so this
 *   equals 2·min(P(W+ ≤ w+), P(W+ ≥ w+)) capped at 1.
 * - Above `exactMaxN` non-zero pairs (default 200, far beyond any seed count) the normal approximation with the
 *   exact conditional variance Σr²/4 is used instead; the dynamic programme would cost O(n³).
 */
import { midranks } from './ranks.js';
import { normalTail } from './normal.js';

export interface WilcoxonResult {
  /** Non-zero differences used. */
  n: number;
  /** Zero differences dropped. */
  zeros: number;
  /** Sum of the ranks of positive differences. */
  wPlus: number;
  /** Sum of the ranks of negative differences. */
  wMinus: number;
  /** Two-sided p-value; 1 when n = 0 (nothing to test). */
  pValue: number;
  method: 'exact' | 'normal';
  /** The smallest two-sided p any sign pattern could give with this n: 2/2^n (all differences one way). */
  minAttainableP: number;
}

export const WILCOXON_EXACT_MAX_N = 200;

/** Two-sided Wilcoxon signed-rank test of "the differences are symmetric about 0"; see the module comment for rules. */
export function wilcoxonSignedRank(
  differences: readonly number[],
  options: { exactMaxN?: number } = {},
): WilcoxonResult {
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  const zeros = differences.length - n;
  if (n === 0) return { n, zeros, wPlus: 0, wMinus: 0, pValue: 1, method: 'exact', minAttainableP: 1 };

  const ranks = midranks(nonZero.map(Math.abs));
  let wPlus = 0;
  let wMinus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) wPlus += ranks[i] as number;
    else wMinus += ranks[i] as number;
  });
  const minAttainableP = Math.min(1, 2 / 2 ** n);

  if (n > (options.exactMaxN ?? WILCOXON_EXACT_MAX_N)) {
    const total = wPlus + wMinus;
    const sd = Math.sqrt(ranks.reduce((sum, r) => sum + r * r, 0) / 4);
    const z = Math.abs(wPlus - total / 2) / sd;
    // The tail itself, not 1 − Φ: with thousands of pairs z reaches 80+, where only a tail formula stays in [0, 1].
    return { n, zeros, wPlus, wMinus, pValue: Math.min(1, 2 * normalTail(z)), method: 'normal', minAttainableP };
  }
  return { n, zeros, wPlus, wMinus, pValue: exactTwoSided(ranks, wPlus), method: 'exact', minAttainableP };
}

/** P(|W − T/2| ≥ |w − T/2|) under random signs, by counting sign patterns per (doubled) rank sum. */
function exactTwoSided(ranks: readonly number[], wPlus: number): number {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const total = doubled.reduce((a, b) => a + b, 0);
  const counts = nullCounts(doubled, total);
  const observed = Math.abs(2 * Math.round(2 * wPlus) - total);
  let extreme = 0;
  for (let s = 0; s <= total; s++) if (Math.abs(2 * s - total) >= observed) extreme += counts[s] as number;
  return Math.min(1, extreme / 2 ** ranks.length);
}

/**
 * Null distributions by rank list. Without ties every comparison with n pairs has ranks 1..n, and a 100,000-trial
 * sweep runs 3,000 comparisons at one n (issue 17): the distribution is counted once. Bounded, so a stream of tied
 * rank lists cannot grow it.
 */
const nullCountsCache = new Map<string, Float64Array>();

/** counts[s] = number of sign patterns whose positive ranks sum (doubled) to s. */
function nullCounts(doubled: readonly number[], total: number): Float64Array {
  const key = doubled.join(',');
  const known = nullCountsCache.get(key);
  if (known !== undefined) return known;
  // Counts reach 2^n; doubles hold them exactly up to n = 53 and to ~1e-16 relative beyond, and the final division
  // by 2^n is exact.
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const rank of doubled) {
    for (let s = reach; s >= 0; s--) counts[s + rank] = (counts[s + rank] as number) + (counts[s] as number);
    reach += rank;
  }
  if (nullCountsCache.size >= 256) nullCountsCache.clear();
  nullCountsCache.set(key, counts);
  return counts;
}
