/** Part 3b of a sweep report: per series (arm × setting without size), how held-out loss moves with parameters. */
import { formatCount } from './format.js';
import { extendKey, metricLabel, metricValue } from './grouping.js';
import { compareText, groupBy, type PreparedRow, type SweepContext } from './sweep-context.js';
import { describeTrend, parameterTrend, type ParameterTrend } from './trend.js';
import type { MetricKey } from './types.js';

export interface SeriesTrend {
  /** Deterministic key: the series key and the metric. */
  key: string;
  /** "lstm (adding · 1 layer)". */
  series: string;
  arm: string;
  task: string;
  metric: MetricKey;
  trend: ParameterTrend;
  /** One plain-words sentence. */
  summary: string;
}

/** Trends of every series with at least two sizes, ordered by series key then metric. */
export function buildTrends(context: SweepContext): SeriesTrend[] {
  const trends: SeriesTrend[] = [];
  const bySeries = groupBy(context.rows, (entry) => entry.series.key);
  for (const seriesKey of [...bySeries.keys()].sort(compareText)) {
    const members = bySeries.get(seriesKey) ?? [];
    const first = members[0] as PreparedRow;
    // A trend needs sizes to vary; single-size series say nothing about parameter count.
    if (new Set(members.map((entry) => entry.setting.key)).size < 2) continue;
    for (const metric of context.options.trendMetrics) {
      const points = members.flatMap(({ row, setting }) => {
        const loss = metricValue(row, metric, context.options.memorization ?? undefined);
        // Within a series only the size varies between settings, so its label identifies the setting.
        const size = `${setting.size.kind} ${formatCount(setting.size.value)}`;
        return loss === null ? [] : [{ size, paramCount: row.paramCount, loss }];
      });
      if (points.length === 0) continue;
      const key = extendKey(seriesKey, metric);
      const trend = parameterTrend(points, context.bootstrap(`trend:${key}`));
      trends.push({
        key,
        series: first.series.label,
        arm: first.arm,
        task: first.setting.task,
        metric,
        trend,
        summary: describeTrend(first.series.label, metricLabel(metric, context.metricName), trend),
      });
    }
  }
  return trends;
}
