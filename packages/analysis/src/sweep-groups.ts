/** Part 1 of a sweep report: descriptive statistics per group (setting × arm) for every summary metric. */
import { median } from './describe.js';
import { metricValue } from './grouping.js';
import { summarise } from './summarise.js';
import { compareText, groupBy, type PreparedRow, type SweepContext } from './sweep-context.js';
import type { MetricKey, MetricSummary, Setting } from './types.js';

export interface GroupStats {
  /** Deterministic key: the setting key and the arm. */
  key: string;
  setting: Setting;
  arm: string;
  cell: string;
  /** Median parameter count of the group's trials (seeds of one configuration normally share it). */
  paramCount: number | null;
  /** Seeds of the counted trials, ascending. */
  seeds: number[];
  trialIds: string[];
  /** Trials of this group left out by status (e.g. { FAILED: 1 }). */
  excluded: Record<string, number>;
  metricName: string | null;
  /** One entry per summary metric; null when no trial recorded a finite value. */
  metrics: Partial<Record<MetricKey, MetricSummary | null>>;
}

export function groupKeyOf(entry: PreparedRow): string {
  return entry.groupKey;
}

/** Statistics of every group, ordered by setting key then arm. */
export function describeGroups(context: SweepContext): GroupStats[] {
  const counted = groupBy(context.rows, groupKeyOf);
  const excluded = groupBy(context.excludedRows, groupKeyOf);
  const keys = [...new Set([...counted.keys(), ...excluded.keys()])];
  const groups = keys.map((key) => {
    const members = counted.get(key) ?? [];
    const left = excluded.get(key) ?? [];
    const first = (members[0] ?? left[0]) as PreparedRow;
    const metrics: Partial<Record<MetricKey, MetricSummary | null>> = {};
    for (const metric of context.options.summaryMetrics) {
      const values = members.map(({ row }) => metricValue(row, metric, context.options.memorization ?? undefined));
      metrics[metric] = summarise(values, context.bootstrap(`group:${key}:${metric}`));
    }
    const excludedCounts: Record<string, number> = {};
    for (const { row } of left) excludedCounts[row.status] = (excludedCounts[row.status] ?? 0) + 1;
    return {
      key,
      setting: first.setting,
      arm: first.arm,
      cell: first.row.cell,
      paramCount: members.length === 0 ? null : median(members.map(({ row }) => row.paramCount)),
      seeds: members.map(({ row }) => row.seed).sort((a, b) => a - b),
      trialIds: members.map(({ row }) => row.id),
      excluded: excludedCounts,
      metricName: first.row.metricName,
      metrics,
    };
  });
  return groups.sort((g, h) => compareText(g.setting.key, h.setting.key) || compareText(g.arm, h.arm));
}
