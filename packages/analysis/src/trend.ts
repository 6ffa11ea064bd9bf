/**
 * How held-out loss moves with parameter count for one series (one arm, one setting, several sizes): the evidence
 * behind "do fewer parameters generalize better here?".
 *
 * Rules:
 * - **Slope**: Theil–Sen slope of loss against log10(paramCount), i.e. loss change per decade (10×) of parameters;
 *   log because sizes in sweeps are spaced geometrically. Its 95% CI is a percentile bootstrap over trials
 *   (resampling whole trials keeps each trial's size with its loss). Means use Student-t intervals (issue 19); the
 *   slope keeps the bootstrap because a Theil–Sen slope has no simple standard error (docs/statistics.md).
 * - **Large series** (more than `TRIAL_LEVEL_MAX_TRIALS` trials): the pairwise-slope bootstrap is O(n²) per
 *   replicate (a 1,700-trial series: 1.4 million slopes, 10,000 times), so the slope is Theil–Sen over the per-size
 *   median losses and its CI a stratified bootstrap within sizes, at most `SIZE_LEVEL_MAX_RESAMPLES` replicates
 *   (issue 17; `bootstrap` in the result says so). Smaller series keep the trial-level numbers exactly.
 * - **Direction**: 'falls' when the CI lies below 0, 'rises' when above 0, otherwise 'flat/uncertain' (also when
 *   there is no CI: one size, or fewer than three trials).
 * - **Spearman's rho** of log(params) vs loss, with midranks for ties, is reported beside it as a shape-free check.
 * - **Non-monotone**: sizes are ordered by parameter count, each with the Student-t CI of its mean loss. A 'dip'
 *   is an interior size whose CI lies entirely below the CI of some smaller size *and* of some larger size (the
 *   loss fell, then rose again: a best size in the middle); a 'peak' is the mirror image (e.g. a double-descent
 *   bump). Sizes with one trial have no CI and never count. Deliberately conservative: non-overlapping CIs is a
 *   stricter bar than a test, so a reported dip is real, and a missing one proves nothing.
 */
import { DEFAULT_RESAMPLES, type BootstrapOptions } from './bootstrap.js';
import { mean, median } from './describe.js';
import { formatCount, formatInterval, formatNumber } from './format.js';
import { studentTMeanCi } from './mean-interval.js';
import { spearman } from './spearman.js';
import { theilSenSlope } from './theil-sen.js';
import { sizeMedianSlope, sizeMedianSlopeCi, trialSlopeCi, type SizeSample } from './theil-sen-bootstrap.js';
import type { Interval } from './types.js';

/** One trial in a series: its size (any label that is equal for trials of the same size), parameters and loss. */
export interface TrendPoint {
  size: string;
  paramCount: number;
  loss: number;
}

export type TrendDirection = 'falls' | 'rises' | 'flat/uncertain';

/** One size of a series: its trials' mean loss and that mean's Student-t CI. */
export interface SizeMean {
  size: string;
  /** Median paramCount of the size's trials (they normally share one). */
  paramCount: number;
  n: number;
  mean: number;
  ci: Interval | null;
}

export interface ParameterTrend {
  /** Trials with a finite loss. */
  n: number;
  sizes: SizeMean[];
  spearman: number | null;
  /** Theil–Sen slope of loss per decade of parameters; null with one size. */
  slopePerDecade: number | null;
  ci: Interval | null;
  direction: TrendDirection;
  nonMonotone: { kind: 'dip' | 'peak'; size: string; paramCount: number } | null;
  /** Only on large series: the slope and its CI are over per-size medians, with this many resamples. */
  bootstrap?: { unit: 'size-medians'; resamples: number };
}

/**
 * Series up to this many trials fit the slope over trials (the original method; its bootstrap costs ~n²/2 weighted
 * pairs per replicate, ~35 ms per series of 120 at 10,000 replicates); larger ones over per-size medians.
 */
export const TRIAL_LEVEL_MAX_TRIALS = 120;
/**
 * Replicates of the size-level bootstrap: ≥ 1,000 is what Efron & Tibshirani (1993, §19.3) ask of percentile
 * intervals, and keeps a 60-series, 100,000-trial sweep's trends near a second.
 */
export const SIZE_LEVEL_MAX_RESAMPLES = 1_000;

/** Fits the trend of one series; see the module comment for every rule. */
export function parameterTrend(points: readonly TrendPoint[], options: BootstrapOptions = {}): ParameterTrend {
  const usable = points.filter((p) => Number.isFinite(p.loss) && p.paramCount > 0);
  const xs = Float64Array.from(usable, (p) => Math.log10(p.paramCount));
  const ys = Float64Array.from(usable, (p) => p.loss);
  const sizes = sizeMeans(usable, options);
  if (usable.length > TRIAL_LEVEL_MAX_TRIALS) return sizeLevelTrend(usable, xs, ys, sizes, options);
  const slope = sizes.length >= 2 ? theilSenSlope(xs, ys) : null;
  const ci = slope === null || usable.length < 3 ? null : trialSlopeCi(xs, ys, options);
  const direction = directionOf(ci);
  return {
    n: usable.length,
    sizes,
    spearman: spearman(Array.from(xs), Array.from(ys)),
    slopePerDecade: slope,
    ci,
    direction,
    nonMonotone: findDip(sizes, 'dip') ?? findDip(sizes, 'peak'),
  };
}

function sizeLevelTrend(
  usable: readonly TrendPoint[],
  xs: Float64Array,
  ys: Float64Array,
  sizes: SizeMean[],
  options: BootstrapOptions,
): ParameterTrend {
  const samples = sizeSamples(usable);
  const slope = sizes.length >= 2 ? sizeMedianSlope(samples) : null;
  const resamples = Math.min(options.resamples ?? DEFAULT_RESAMPLES, SIZE_LEVEL_MAX_RESAMPLES);
  const ci = slope === null ? null : sizeMedianSlopeCi(samples, { ...options, resamples });
  return {
    n: usable.length,
    sizes,
    spearman: spearman(Array.from(xs), Array.from(ys)),
    slopePerDecade: slope,
    ci,
    direction: directionOf(ci),
    nonMonotone: findDip(sizes, 'dip') ?? findDip(sizes, 'peak'),
    bootstrap: { unit: 'size-medians', resamples },
  };
}

function directionOf(ci: Interval | null): TrendDirection {
  return ci === null ? 'flat/uncertain' : ci[1] < 0 ? 'falls' : ci[0] > 0 ? 'rises' : 'flat/uncertain';
}

/** Per size: x = log10 of its median paramCount, and its losses sorted. */
function sizeSamples(points: readonly TrendPoint[]): SizeSample[] {
  const bySize = new Map<string, TrendPoint[]>();
  for (const point of points) {
    const members = bySize.get(point.size);
    if (members === undefined) bySize.set(point.size, [point]);
    else members.push(point);
  }
  return [...bySize.values()].map((members) => ({
    x: Math.log10(median(members.map((m) => m.paramCount))),
    sortedLosses: Float64Array.from(members, (m) => m.loss).sort(),
  }));
}

/** "lstm: test loss falls as parameters grow (Theil–Sen −0.031 per decade, 95% CI [−0.05, −0.01], ...)". */
export function describeTrend(subject: string, metricLabel: string, trend: ParameterTrend): string {
  if (trend.slopePerDecade === null) {
    return `${subject}: ${metricLabel} was measured at ${trend.sizes.length === 1 ? 'one size' : 'no size'} only, so no trend with parameters`;
  }
  const detail =
    `Theil–Sen ${formatNumber(trend.slopePerDecade)} per decade of parameters` +
    `${trend.bootstrap === undefined ? '' : ' over per-size medians'}, ` +
    `95% CI ${trend.ci === null ? 'unavailable (fewer than 3 trials)' : formatInterval(trend.ci)}` +
    `${trend.spearman === null ? '' : `, Spearman ρ = ${formatNumber(trend.spearman, 2)}`}, ` +
    `n = ${trend.n} over ${trend.sizes.length} sizes`;
  const head =
    trend.direction === 'falls'
      ? `${metricLabel} falls as parameters grow`
      : trend.direction === 'rises'
        ? `${metricLabel} rises as parameters grow (fewer parameters did better here)`
        : `no clear trend of ${metricLabel} with parameters (the CI includes 0)`;
  let sentence = `${subject}: ${head} (${detail})`;
  if (trend.nonMonotone !== null) {
    const { kind, paramCount } = trend.nonMonotone;
    sentence +=
      kind === 'dip'
        ? `; not monotone: lowest around ${formatCount(paramCount)} parameters, below both a smaller and a larger size beyond their CIs`
        : `; not monotone: a bump around ${formatCount(paramCount)} parameters, above both a smaller and a larger size beyond their CIs`;
  }
  return sentence;
}

function sizeMeans(points: readonly TrendPoint[], options: BootstrapOptions): SizeMean[] {
  const bySize = new Map<string, TrendPoint[]>();
  for (const point of points) {
    const members = bySize.get(point.size);
    if (members === undefined) bySize.set(point.size, [point]);
    else members.push(point);
  }
  return [...bySize.entries()]
    .map(([size, members]) => {
      const losses = members.map((m) => m.loss);
      return {
        size,
        paramCount: median(members.map((m) => m.paramCount)),
        n: members.length,
        mean: mean(losses),
        ci: studentTMeanCi(losses, options.level),
      };
    })
    .sort((p, q) => p.paramCount - q.paramCount || (p.size < q.size ? -1 : p.size > q.size ? 1 : 0));
}

function findDip(sizes: readonly SizeMean[], kind: 'dip' | 'peak'): ParameterTrend['nonMonotone'] {
  // beyond(x, y): x's CI lies entirely past y's: below it for a dip, above it for a peak.
  const beyond = (x: Interval, y: Interval): boolean => (kind === 'dip' ? x[1] < y[0] : x[0] > y[1]);
  let found: SizeMean | null = null;
  for (let j = 1; j < sizes.length - 1; j++) {
    const middle = sizes[j] as SizeMean;
    const ci = middle.ci;
    if (ci === null) continue;
    const left = sizes.slice(0, j).some((s) => s.ci !== null && beyond(ci, s.ci));
    const right = sizes.slice(j + 1).some((s) => s.ci !== null && beyond(ci, s.ci));
    if (left && right && (found === null || (kind === 'dip' ? middle.mean < found.mean : middle.mean > found.mean))) {
      found = middle;
    }
  }
  return found === null ? null : { kind, size: found.size, paramCount: found.paramCount };
}
