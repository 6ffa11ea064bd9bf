/** How a mean and its interval read in the CLI's tables: "0.1024 [0.0998, 0.1051]". */
import type { MetricSummary, ResolvedOptions } from '@cellsweep/analysis';
import { formatNumber } from './text-table.js';

/** The mean with its interval, the mean alone when there is none (one seed), null when nothing was recorded. */
export function withCi(summary: MetricSummary | null | undefined): string | null {
  if (!summary) return null;
  const ci = summary.ci ? ` [${formatNumber(summary.ci[0])}, ${formatNumber(summary.ci[1])}]` : '';
  return `${formatNumber(summary.mean)}${ci}`;
}

/** "95% bootstrap CI", from the level the analysis applied. */
export function ciName(options: Pick<ResolvedOptions, 'level'>): string {
  return `${Number((options.level * 100).toPrecision(3))}% bootstrap CI`;
}
