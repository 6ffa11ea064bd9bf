/**
 * The summary after `run` and under `results`: one row per group of @cellsweep/analysis, i.e. per task × setting
 * (layers, every varying hyperparameter) × cell × size, with the same means and intervals `compare`, the report and
 * the dashboard show. One table per task × layers × hyperparameters, as in `compare`, so trials of different tasks
 * are never pooled (issue 19: long-range's T=10 and T=40 once shared one row per cell).
 */
import { mean, type GroupStats, type SweepDescription } from '@cellsweep/analysis';
import type { TrialRecord } from '@cellsweep/store';
import { cautionLines, ciName, withCi } from './interval-text.js';
import { bySizeThenTestLoss } from './group-order.js';
import { extraMetricNames } from './results.js';
import { headingOf } from './setting-heading.js';
import { formatNumber, renderTable, type Column } from './text-table.js';

export function renderGroupSummary(analysis: SweepDescription, trials: readonly TrialRecord[]): string {
  if (analysis.groups.length === 0) return 'no trials to summarise';
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  const extras = extraMetricNames(trials.filter((trial) => trial.status === 'COMPLETED'));
  const metricName = analysis.groups.find((g) => g.metricName !== null)?.metricName ?? 'metric';
  const leftOut = analysis.groups.some((g) => Object.keys(g.excluded).length > 0);
  const leftOutColumn: Column<GroupStats> = {
    header: 'left out',
    value: (g) => excludedText(g.excluded),
    align: 'left',
  };
  const metricColumn: Column<GroupStats> = {
    header: `test ${metricName}`,
    value: (g) => withCi(g.metrics.testMetric),
    align: 'right',
  };
  const extrasColumn: Column<GroupStats> = {
    header: 'mean other test metrics',
    value: (g) => extrasText(g, byId, extras),
    align: 'left',
  };
  const columns: Column<GroupStats>[] = [
    { header: 'size', value: (g) => `${g.setting.size.kind} ${g.setting.size.value.toLocaleString('en-US')}` },
    { header: 'cell', value: (g) => g.arm },
    { header: 'seeds', value: (g) => g.seeds.length },
    ...(leftOut ? [leftOutColumn] : []),
    { header: 'params', value: (g) => g.paramCount },
    { header: 'test loss', value: (g) => withCi(g.metrics.testLoss), align: 'right' },
    // An mse task's metric is its loss: a second column would repeat it.
    ...(metricName === 'mse' ? [] : [metricColumn]),
    ...(extras.length > 0 ? [extrasColumn] : []),
    { header: 'gap (test-train)', value: (g) => withCi(g.metrics.testGap), align: 'right' },
  ];
  const headings = [...new Set(analysis.groups.map(headingOf))];
  return headings
    .map((heading) => {
      const rows = analysis.groups.filter((g) => headingOf(g) === heading).sort(bySizeThenTestLoss);
      const starred = cautionLines(rows, [
        { header: 'test loss', key: 'testLoss' },
        ...(metricName === 'mse' ? [] : [{ header: `test ${metricName}`, key: 'testMetric' as const }]),
        { header: 'gap (test-train)', key: 'testGap' },
      ]);
      const legend = starred === '' ? '' : '; * = may cover less, see below';
      const table = renderTable(columns, rows);
      return `${heading} (mean over seeds, ${ciName(analysis.options)}${legend}):\n${table}${starred}`;
    })
    .join('\n\n');
}

function excludedText(excluded: Readonly<Record<string, number>>): string | null {
  const parts = Object.entries(excluded).map(([status, count]) => `${count} ${status}`);
  return parts.length === 0 ? null : parts.join(', ');
}

/** `f1 0.7000  precision 0.6250`: seed means of the named test metrics besides the primary one (spam). */
function extrasText(
  group: GroupStats,
  byId: ReadonlyMap<string, TrialRecord>,
  names: readonly string[],
): string | null {
  const parts = names.flatMap((name) => {
    const values = group.trialIds
      .map((id) => byId.get(id)?.testMetrics?.[name])
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    return values.length === 0 ? [] : [`${name} ${formatNumber(mean(values))}`];
  });
  return parts.length > 0 ? parts.join('  ') : null;
}
