/**
 * Bootstrap CIs of a Theil–Sen slope that scale (issue 17). Two resampling units, chosen per series by trend.ts:
 *
 * - **Trials** (`trialSlopeCi`), the original method, now without a sort per replicate: every pairwise slope is
 *   computed and sorted once; a resample that draws trial i c_i times holds the pair (i, j) exactly c_i·c_j times
 *   (pairs of equal x, the same trial drawn twice included, have no slope), so its median slope is a weighted
 *   median read off the sorted table in one pass. Same draws, same multiset, same median: the numbers are identical
 *   to sorting every replicate, at O(n²) instead of O(n² log n) per replicate.
 * - **Sizes** (`sizeMedianSlope`, `sizeMedianSlopeCi`): Theil–Sen over the per-size median losses, with a stratified
 *   bootstrap that resamples trials within each size (keeping every size's design) and recomputes the medians. Each
 *   replicate costs O(n + k²) for k sizes instead of O(n²), so a series of thousands of trials takes milliseconds.
 */
import { createRng } from '@cellsweep/core';
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, bootstrapCi, type BootstrapOptions } from './bootstrap.js';
import { quantileSorted } from './describe.js';
import { AnalysisArgumentError } from './errors.js';
import { theilSenSlope } from './theil-sen.js';
import type { Interval } from './types.js';

/** Percentile bootstrap CI of the trial-level Theil–Sen slope; identical to resampling and sorting every time. */
export function trialSlopeCi(xs: Float64Array, ys: Float64Array, options: BootstrapOptions = {}): Interval | null {
  const n = xs.length;
  const table = sortedPairSlopes(xs, ys);
  if (table.slopes.length === 0) return null;
  // Points of equal x form one class: pairs inside a class have no slope.
  const classOf = xClasses(xs);
  const counts = new Float64Array(n);
  const classCounts = new Float64Array(classOf.classes);
  return bootstrapCi(
    n,
    (indices) => {
      counts.fill(0);
      classCounts.fill(0);
      for (const index of indices) {
        counts[index]! += 1;
        classCounts[classOf.of[index]!]! += 1;
      }
      let sameClass = 0;
      for (const c of classCounts) sameClass += c * c;
      // Pairs of positions (p < q) whose points differ in x: (n² − Σ per-class count²) / 2.
      const total = (n * n - sameClass) / 2;
      if (total === 0) return null;
      return weightedMedian(table, counts, total);
    },
    options,
  ).ci;
}

interface PairTable {
  /** Slopes of every pair with distinct x, ascending. */
  slopes: Float64Array;
  first: Int32Array;
  second: Int32Array;
}

function sortedPairSlopes(xs: Float64Array, ys: Float64Array): PairTable {
  const n = xs.length;
  const raw = new Float64Array((n * (n - 1)) / 2);
  const rawFirst = new Int32Array(raw.length);
  const rawSecond = new Int32Array(raw.length);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx === 0) continue;
      raw[count] = (ys[j]! - ys[i]!) / dx;
      rawFirst[count] = i;
      rawSecond[count] = j;
      count++;
    }
  }
  const order = Uint32Array.from({ length: count }, (_, k) => k).sort((a, b) => raw[a]! - raw[b]!);
  return {
    slopes: Float64Array.from(order, (k) => raw[k]!),
    first: Int32Array.from(order, (k) => rawFirst[k]!),
    second: Int32Array.from(order, (k) => rawSecond[k]!),
  };
}

function xClasses(xs: Float64Array): { of: Int32Array; classes: number } {
  const ids = new Map<number, number>();
  const of = new Int32Array(xs.length);
  xs.forEach((x, i) => {
    let id = ids.get(x);
    if (id === undefined) ids.set(x, (id = ids.size));
    of[i] = id;
  });
  return { of, classes: ids.size };
}

/** The median of the multiset holding slope k `counts[first[k]]·counts[second[k]]` times; `total` its size. */
function weightedMedian(table: PairTable, counts: Float64Array, total: number): number {
  // 0-based ranks of the middle element(s), as a sorted array of `total` slopes would have them.
  const upperRank = Math.floor(total / 2);
  const lowerRank = total % 2 === 1 ? upperRank : upperRank - 1;
  let seen = 0;
  let lower = NaN;
  const { slopes, first, second } = table;
  for (let k = 0; k < slopes.length; k++) {
    const weight = counts[first[k]!]! * counts[second[k]!]!;
    if (weight === 0) continue;
    seen += weight;
    if (Number.isNaN(lower) && seen > lowerRank) lower = slopes[k]!;
    if (seen > upperRank) return lowerRank === upperRank ? lower : (lower + slopes[k]!) / 2;
  }
  return lower;
}

/** One size of a series: its x (log10 parameters) and its trials' losses, sorted ascending. */
export interface SizeSample {
  x: number;
  sortedLosses: Float64Array;
}

/** Theil–Sen slope over the per-size medians; null when fewer than two distinct x. */
export function sizeMedianSlope(sizes: readonly SizeSample[]): number | null {
  const xs = Float64Array.from(sizes, (size) => size.x);
  const ys = Float64Array.from(sizes, (size) => quantileSorted(size.sortedLosses, 0.5));
  return theilSenSlope(xs, ys);
}

/**
 * Stratified percentile bootstrap of `sizeMedianSlope`: each replicate draws every size's trials with replacement
 * (n_s of n_s), takes each size's median, and fits Theil–Sen over the k medians.
 */
export function sizeMedianSlopeCi(sizes: readonly SizeSample[], options: BootstrapOptions = {}): Interval | null {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new AnalysisArgumentError('resamples', `must be a positive integer, got ${resamples}`);
  }
  const k = sizes.length;
  const xs = Float64Array.from(sizes, (size) => size.x);
  const medians = new Float64Array(k);
  const slopes = new Float64Array((k * (k - 1)) / 2);
  const largest = Math.max(...sizes.map((size) => size.sortedLosses.length));
  const counts = new Int32Array(largest);
  const rng = createRng(options.seed ?? 0);
  const replicates = new Float64Array(resamples);
  let used = 0;
  for (let b = 0; b < resamples; b++) {
    for (let s = 0; s < k; s++) medians[s] = resampledMedian((sizes[s] as SizeSample).sortedLosses, counts, rng);
    const slope = medianPairSlope(xs, medians, slopes);
    if (slope !== null && Number.isFinite(slope)) replicates[used++] = slope;
  }
  if (used === 0) return null;
  const sorted = replicates.subarray(0, used).sort();
  const tail = (1 - level) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/** The median of n draws with replacement from `sorted`, by counting draws per rank (no sort). */
function resampledMedian(sorted: Float64Array, counts: Int32Array, rng: { int(max: number): number }): number {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  counts.fill(0, 0, n);
  for (let i = 0; i < n; i++) counts[rng.int(n)]! += 1;
  const upperRank = n >> 1;
  const lowerRank = n % 2 === 1 ? upperRank : upperRank - 1;
  let seen = 0;
  let lower = NaN;
  for (let r = 0; r < n; r++) {
    seen += counts[r]!;
    if (Number.isNaN(lower) && seen > lowerRank) lower = sorted[r]!;
    // As quantileSorted interpolates (type 7), so a replicate equals `median` of the resampled values exactly.
    if (seen > upperRank) return lowerRank === upperRank ? lower : lower + (sorted[r]! - lower) * 0.5;
  }
  return lower;
}

/** Theil–Sen slope of k points into a reused buffer; the median by selection, not a full sort. */
function medianPairSlope(xs: Float64Array, ys: Float64Array, buffer: Float64Array): number | null {
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx !== 0) buffer[count++] = (ys[j]! - ys[i]!) / dx;
    }
  }
  if (count === 0) return null;
  const values = buffer.subarray(0, count);
  const upper = select(values, count >> 1);
  if (count % 2 === 1) return upper;
  // After selection everything left of the upper middle is ≤ it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < count >> 1; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** Hoare's quickselect: puts the rank-th smallest at `rank`, smaller ones before it; returns it. */
function select(values: Float64Array, rank: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const held = values[i]!;
        values[i] = values[j]!;
        values[j] = held;
        i++;
        j--;
      }
    }
    if (rank <= j) right = j;
    else if (rank >= i) left = i;
    else break;
  }
  return values[rank]!;
}
