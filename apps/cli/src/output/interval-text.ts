/** How a mean and its interval read in the CLI's tables: "0.1024 [0.0998, 0.1051]", starred when in doubt. */
import type { GroupStats, MetricKey, MetricSummary, ResolvedOptions } from '@cellsweep/analysis';
import { formatNumber } from './text-table.js';

/**
 * The mean with its interval, the mean alone when there is none (one seed), null when nothing was recorded. A `*`
 * marks an interval with a caution (too few seeds, or skewed): `cautionLines` says which and why.
 */
export function withCi(summary: MetricSummary | null | undefined): string | null {
  if (!summary) return null;
  const ci = summary.ci ? ` [${formatNumber(summary.ci[0])}, ${formatNumber(summary.ci[1])}]` : '';
  return `${formatNumber(summary.mean)}${ci}${summary.ciCaution === null ? '' : '*'}`;
}

/** "95% Student-t CI", from the level the analysis applied. */
export function ciName(options: Pick<ResolvedOptions, 'level'>): string {
  return `${Number((options.level * 100).toPrecision(3))}% Student-t CI`;
}

/** Under a table: one line per starred value (cell, size, metric) with its caution; '' when none is starred. */
export function cautionLines(
  rows: readonly GroupStats[],
  metrics: readonly { header: string; key: MetricKey }[],
): string {
  const lines = rows.flatMap((g) =>
    metrics.flatMap(({ header, key }) => {
      const caution = g.metrics[key]?.ciCaution ?? null;
      const size = `${g.setting.size.kind} ${g.setting.size.value.toLocaleString('en-US')}`;
      return caution === null ? [] : [`  * ${g.arm} at ${size}, ${header}: ${caution}`];
    }),
  );
  return lines.length === 0 ? '' : `\n${lines.join('\n')}`;
}
