/**
 * Paired sign-flip permutation test (Fisher 1935; Pitman 1937) of "the mean difference is 0". Under the null each
 * difference is as likely to have either sign, so the 2^n sign patterns are equally likely; the two-sided p-value is
 * the share of patterns whose |Σ d| is at least the observed |Σ d|. Unlike Wilcoxon it uses the sizes of the
 * differences, so one diverged seed can dominate it: it is reported beside Wilcoxon, not instead of it.
 *
 * - Exact by enumeration (Gray code, one addition per pattern) when at most `exactMaxN` differences are non-zero
 *   (default 20: 2^20 ≈ 1M patterns, a few ms). Zeros are dropped: flipping 0 changes nothing, so the share is equal.
 * - Above that, seeded Monte Carlo with B random patterns and p = (1 + hits)/(B + 1) (Phipson & Smyth 2010), which
 *   never reports an impossible p = 0. A pattern is 32 signs per random number, summed by lookup in per-byte tables
 *   of signed sums (issue 17: a 100,000-trial sweep runs 3,000 of these tests at 34 seeds; one random number and one
 *   addition per sign took minutes).
 * - Far above that (issue 17), the permutation distribution's normal approximation (Fisher 1935, Pitman 1937: under
 *   random signs S = Σ ±d has mean 0 and variance Σ d², and is asymptotically normal), p = 2·Φ̄(|Σ d| / √Σ d²).
 *   Used only where its error is below the Monte Carlo's own standard error √(p(1 − p)/B): the leading error term
 *   (Edgeworth; the fourth cumulant of S is −2 Σ d⁴) is φ(z)·|z³ − 3z|·Σ d⁴ / (6 (Σ d²)²), which stays below that
 *   for every z once the effective pairs 3 (Σ d²)² / Σ d⁴ reach NORMAL_LEAD_CONSTANT·√B (244 at B = 100,000; the
 *   effective pairs are n for normal differences, fewer when one difference dominates). Both that and n ≥ the same
 *   figure are required, so every sweep below 244 seeds prints the Monte Carlo's numbers as before. A seed sweep
 *   (3–50 seeds) never gets here: at 34 pairs the approximation is off by 10–300 Monte Carlo standard errors.
 *   Checked against an exact count and scipy's permutation_test (sign-flip.normal-approximation.test.ts).
 * - "At least as extreme" uses a relative tolerance of 1e-9 · Σ|d| because sums taken in different orders differ in
 *   the last bits; without it the observed pattern itself could fail to count.
 */
import { createRng } from '@cellsweep/core';
import { normalTail } from './normal.js';

export interface SignFlipResult {
  /** Non-zero differences used. */
  n: number;
  /** Two-sided p-value; 1 when n = 0. */
  pValue: number;
  method: 'exact' | 'monte-carlo' | 'normal';
  /** Sign patterns evaluated: 2^n when exact, B when Monte Carlo, 0 for the normal approximation. */
  patterns: number;
  /** The smallest two-sided p this n can give: 2/2^n exact, 1/(B + 1) Monte Carlo, 2/2^n for the normal one. */
  minAttainableP: number;
}

export interface SignFlipOptions {
  /** Enumerate all 2^n patterns up to this many non-zero differences. Default 20. */
  exactMaxN?: number;
  /** Monte Carlo patterns above `exactMaxN`. Default 100,000. */
  resamples?: number;
  /** Seed of the Monte Carlo stream. Default 0. */
  seed?: number;
  /**
   * Pairs (and effective pairs) from which the normal approximation replaces the Monte Carlo. Default
   * `signFlipNormalMinPairs(resamples)`; Infinity keeps the Monte Carlo at any n (tests compare the two).
   */
  normalAbove?: number;
}

export const SIGN_FLIP_EXACT_MAX_N = 20;

/**
 * max over z of φ(z)·|z³ − 3z| / (2 √(p(1 − p))), p = 2Φ̄(z) (at z ≈ 2.98, p ≈ 0.003); computed by
 * scripts/sign-flip-normal-fixture.py, which the test reads back. Times √B: the effective pairs above which the
 * normal approximation's leading error is below the Monte Carlo standard error at every p.
 */
export const NORMAL_LEAD_CONSTANT = 0.769;

/** The pairs (and effective pairs) from which B Monte Carlo patterns are no more accurate than the normal curve. */
export function signFlipNormalMinPairs(resamples: number): number {
  return Math.ceil(NORMAL_LEAD_CONSTANT * Math.sqrt(resamples));
}

/** Two-sided paired sign-flip permutation test on the sum (equivalently the mean) of the differences. */
export function signFlipTest(differences: readonly number[], options: SignFlipOptions = {}): SignFlipResult {
  const values = differences.filter((d) => d !== 0);
  const n = values.length;
  if (n === 0) return { n, pValue: 1, method: 'exact', patterns: 1, minAttainableP: 1 };
  const observedSum = values.reduce((a, b) => a + b, 0);
  const scale = values.reduce((a, b) => a + Math.abs(b), 0);
  const threshold = Math.abs(observedSum) - 1e-9 * scale;

  if (n <= (options.exactMaxN ?? SIGN_FLIP_EXACT_MAX_N)) {
    // Walk all patterns in Gray-code order: consecutive patterns differ in one sign, so each step is one update.
    const signs = new Int8Array(n).fill(1);
    let sum = observedSum;
    let hits = Math.abs(sum) >= threshold ? 1 : 0;
    const patterns = 2 ** n;
    for (let k = 1; k < patterns; k++) {
      const bit = 31 - Math.clz32(k & -k);
      const value = values[bit] as number;
      sum -= 2 * (signs[bit] as number) * value;
      signs[bit] = -(signs[bit] as number);
      if (Math.abs(sum) >= threshold) hits++;
    }
    return { n, pValue: hits / patterns, method: 'exact', patterns, minAttainableP: 2 / patterns };
  }

  const resamples = options.resamples ?? 100_000;
  const minPairs = options.normalAbove ?? signFlipNormalMinPairs(resamples);
  if (n >= minPairs) {
    // In units of the largest |d|, so d⁴ neither overflows nor underflows whatever the metric's scale.
    const largest = values.reduce((m, d) => Math.max(m, Math.abs(d)), 0);
    let squares = 0;
    let fourths = 0;
    for (const d of values) {
      const u = d / largest;
      squares += u * u;
      fourths += u * u * u * u;
    }
    if ((3 * squares * squares) / fourths >= minPairs) {
      const pValue = Math.min(1, 2 * normalTail(Math.abs(observedSum / largest) / Math.sqrt(squares)));
      return { n, pValue, method: 'normal', patterns: 0, minAttainableP: 2 / 2 ** n };
    }
  }
  const hits = monteCarloHits(values, threshold, resamples, createRng(options.seed ?? 0));
  return {
    n,
    pValue: (1 + hits) / (resamples + 1),
    method: 'monte-carlo',
    patterns: resamples,
    minAttainableP: 1 / (resamples + 1),
  };
}

/** Patterns (of B random ones) whose |Σ ±d| reaches `threshold`; signs come 8 to a table lookup, 32 to a draw. */
function monteCarloHits(
  values: readonly number[],
  threshold: number,
  resamples: number,
  rng: { next(): number },
): number {
  const bytes = Math.ceil(values.length / 8);
  // tables[256·c + mask]: the sum of byte c's values with the signs of `mask` (bit set: negative).
  const tables = new Float64Array(bytes * 256);
  for (let c = 0; c < bytes; c++) {
    let all = 0;
    for (let b = 0; b < 8; b++) all += values[8 * c + b] ?? 0;
    tables[256 * c] = all;
    for (let mask = 1; mask < 256; mask++) {
      const low = 31 - Math.clz32(mask & -mask);
      tables[256 * c + mask] = (tables[256 * c + (mask & (mask - 1))] as number) - 2 * (values[8 * c + low] ?? 0);
    }
  }
  let hits = 0;
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    let word = 0;
    for (let c = 0; c < bytes; c++) {
      if ((c & 3) === 0) word = (rng.next() * 4_294_967_296) >>> 0;
      sum += tables[256 * c + ((word >>> (8 * (c & 3))) & 255)] as number;
    }
    if (Math.abs(sum) >= threshold) hits++;
  }
  return hits;
}
