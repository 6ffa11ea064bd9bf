/** One metric of one group in numbers: what the tables and the report print for "lstm at 20k params, 8 seeds". */
import { bootstrapMeanCi, type BootstrapOptions } from './bootstrap.js';
import { extent, mean, median, sampleSd } from './describe.js';
import type { MetricSummary } from './types.js';

/**
 * n, mean, sample sd, median, min/max and a percentile-bootstrap 95% CI of the mean (see `bootstrapMeanCi`).
 * NaN and ±Infinity (diverged runs) are counted in `nonFinite` and left out, so one blow-up does not turn every
 * number into NaN; nulls (metric not recorded) are ignored. Returns null when no finite value remains.
 */
export function summarise(values: readonly (number | null)[], options: BootstrapOptions = {}): MetricSummary | null {
  const finite: number[] = [];
  let nonFinite = 0;
  for (const value of values) {
    if (value === null) continue;
    if (Number.isFinite(value)) finite.push(value);
    else nonFinite++;
  }
  if (finite.length === 0) return null;
  const [min, max] = extent(finite);
  const ci = bootstrapMeanCi(finite, options);
  return {
    n: finite.length,
    mean: mean(finite),
    sd: sampleSd(finite),
    median: median(finite),
    min,
    max,
    ci,
    ciNote: ci === null ? 'n = 1: a single value has no spread to resample, so no interval' : null,
    nonFinite,
  };
}
