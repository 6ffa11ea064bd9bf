/**
 * Power of the test that actually decides a comparison: the exact two-sided Wilcoxon signed-rank test, at the
 * threshold Holm's step-down gives this comparison. Issue 19: the normal-approximation "80% power" seed count
 * delivered a median of 0.79 and as little as 0.66 for the exact test (d_z = 1.5: 6 seeds, where only "all six
 * favour one arm" can reach p < 0.05, which happens with probability Φ(1.5)^6 = 0.66).
 *
 * Model: paired differences ~ N(d_z, 1) (the effect size the data showed), so there are no ties and the exact
 * null distribution of W+ is that of the integer ranks 1..n. The rejection region is computed exactly from that
 * distribution; the chance of landing in it under the alternative is estimated by seeded simulation.
 */
import { createRng } from '@cellsweep/core';

/** Simulated samples per power estimate: Monte Carlo standard error 0.6 points at 80% power. */
export const POWER_SIMULATIONS = 4_000;

/**
 * For n untied pairs: which values of W+ (0..n(n+1)/2) an exact two-sided Wilcoxon test rejects, given `declares(p)`
 * (e.g. "Holm-adjusted p < alpha"). p(w) = P(|W − T/2| ≥ |w − T/2|) under the 2^n equally likely sign patterns,
 * which by symmetry is 2·P(W ≤ min(w, T − w)), capped at 1.
 */
export function wilcoxonRejectionRegion(n: number, declares: (p: number) => boolean): Uint8Array {
  const total = (n * (n + 1)) / 2;
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    for (let s = total - rank; s >= 0; s--) counts[s + rank] = (counts[s + rank] as number) + (counts[s] as number);
  }
  const patterns = 2 ** n;
  const atMost = new Float64Array(total + 1);
  let running = 0;
  for (let s = 0; s <= total; s++) atMost[s] = running += counts[s] as number;
  const region = new Uint8Array(total + 1);
  // p(w) falls as w moves away from T/2, so `declares` is asked once per distinct p, from the tails inwards.
  for (let w = 0; 2 * w <= total; w++) {
    if (!declares(Math.min(1, (2 * (atMost[w] as number)) / patterns))) break;
    region[w] = 1;
    region[total - w] = 1;
  }
  return region;
}

/**
 * Probability that n pairs with differences ~ N(dz, 1) are declared by the exact Wilcoxon test under `declares`,
 * estimated from `simulations` seeded samples (the same seed for every n, so estimates at neighbouring n share
 * their randomness and a search over n does not zig-zag on noise).
 */
export function wilcoxonPower(
  n: number,
  dz: number,
  declares: (p: number) => boolean,
  options: { simulations?: number; seed?: number } = {},
): number {
  const region = wilcoxonRejectionRegion(n, declares);
  if (!region.includes(1)) return 0;
  const simulations = options.simulations ?? POWER_SIMULATIONS;
  const sorted = sortedSamples(n, simulations, options.seed ?? 19);
  let rejected = 0;
  for (let at = 0; at < sorted.length; at += n) rejected += region[wPlusOfSorted(sorted, at, n, dz)] as number;
  return rejected / simulations;
}

/**
 * W+ of the sample d_i = dz + noise_i held (noise ascending) at sorted[at .. at + n), without ranking it: W+ counts
 * the pairs i ≤ j with d_i + d_j > 0 (Tukey's Walsh-average identity: a positive d_i's rank is the number of |d_k| at
 * most d_i, i.e. of k with d_i + d_k > 0, counting itself). Adding dz keeps the order (rounding is monotone), so
 * one two-pointer pass over the sorted sample counts them: O(n) instead of sorting per dz (issue 17: the seed
 * advice asks thousands of power figures, each 4,000 samples). The sums are the same floating-point sums the
 * ranking compared, so the count is the same W+ (wilcoxon-power.same-as-ranking.test.ts).
 */
function wPlusOfSorted(sorted: Float64Array, at: number, n: number, dz: number): number {
  let count = 0;
  let low = at;
  let high = at + n - 1;
  // Pairs i < j: if the smallest d plus d_high is positive, every d from low up pairs with d_high.
  while (low < high) {
    if (dz + (sorted[low] as number) + (dz + (sorted[high] as number)) > 0) {
      count += high - low;
      high--;
    } else low++;
  }
  // Pairs i = j: d_i + d_i > 0 exactly when d_i > 0.
  for (let i = at + n - 1; i >= at && dz + (sorted[i] as number) > 0; i--) count++;
  return count;
}

/**
 * Each sample's noise sorted ascending (sample s at [s·n, s·n + n)), per (seed, n, simulations): the search over n
 * asks the same few n for every comparison with a different dz. Bounded so odd n cannot grow it without limit.
 */
const sortedCache = new Map<string, Float64Array>();

function sortedSamples(n: number, simulations: number, seed: number): Float64Array {
  const key = `${seed}:${n}:${simulations}`;
  const known = sortedCache.get(key);
  if (known !== undefined) return known;
  const noise = standardNormals(n, simulations, seed);
  const sorted = Float64Array.from(noise.subarray(0, n * simulations));
  for (let at = 0; at < sorted.length; at += n) sorted.subarray(at, at + n).sort();
  if (sortedCache.size >= 64) sortedCache.clear();
  sortedCache.set(key, sorted);
  return sorted;
}

/**
 * The standard normals of `simulations` samples of n, in the order the simulation draws them: the first
 * n·simulations normals of the seed's stream, whatever n is (sample s, pair i is normal s·n + i). Every power
 * estimate at a seed draws from the start of that one stream, and a report asks for thousands (3,000 comparisons at
 * 100,000 trials, each at a few n; issue 17): the stream is drawn once per seed, extended as a larger n needs.
 */
const streams = new Map<number, { rng: { normal(): number }; values: Float64Array; drawn: number }>();

function standardNormals(n: number, simulations: number, seed: number): Float64Array {
  const needed = n * simulations;
  let stream = streams.get(seed);
  if (stream === undefined) {
    stream = { rng: createRng(seed), values: new Float64Array(needed), drawn: 0 };
    streams.set(seed, stream);
  }
  if (stream.values.length < needed) {
    const grown = new Float64Array(Math.max(needed, 2 * stream.values.length));
    grown.set(stream.values.subarray(0, stream.drawn));
    stream.values = grown;
  }
  for (; stream.drawn < needed; stream.drawn++) stream.values[stream.drawn] = stream.rng.normal();
  return stream.values;
}
