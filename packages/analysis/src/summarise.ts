/** One metric of one group in numbers: what the tables and the report print for "lstm at 20k params, 8 seeds". */
import { extent, mean, median, sampleSd } from './describe.js';
import { intervalCaution, studentTMeanCi } from './mean-interval.js';
import type { MetricSummary } from './types.js';

/** Options of every mean interval. (Bootstrap options are accepted and ignored here: they serve trend slopes.) */
export interface IntervalOptions {
  /** Confidence level. Default 0.95. */
  level?: number;
}

/**
 * n, mean, sample sd, median, min/max and a Student-t 95% CI of the mean (see mean-interval.ts), with a caution when
 * the group is too small or too skewed for that interval to hold its coverage. NaN and ±Infinity (diverged runs) are
 * counted in `nonFinite` and left out, so one blow-up does not turn every number into NaN; nulls (metric not
 * recorded) are ignored. Returns null when no finite value remains.
 */
export function summarise(values: readonly (number | null)[], options: IntervalOptions = {}): MetricSummary | null {
  const finite: number[] = [];
  let nonFinite = 0;
  for (const value of values) {
    if (value === null) continue;
    if (Number.isFinite(value)) finite.push(value);
    else nonFinite++;
  }
  if (finite.length === 0) return null;
  const [min, max] = extent(finite);
  const ci = studentTMeanCi(finite, options.level);
  return {
    n: finite.length,
    mean: mean(finite),
    sd: sampleSd(finite),
    median: median(finite),
    min,
    max,
    ci,
    ciMethod: 'student-t',
    ciNote: ci === null ? 'n = 1: a single value has no spread, so no interval' : null,
    ciCaution: intervalCaution(finite),
    nonFinite,
  };
}
