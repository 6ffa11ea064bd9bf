/** A sweep's analysis as plain text: per-setting tables with CIs, then the verdict lines (`cellsweep compare`). */
import type { GroupStats, MetricKey, MetricSummary, SweepAnalysis } from '@cellsweep/analysis';
import { formatNumber, renderTable } from './text-table.js';

function withCi(summary: MetricSummary | null | undefined): string | null {
  if (!summary) return null;
  const ci = summary.ci ? ` [${formatNumber(summary.ci[0])}, ${formatNumber(summary.ci[1])}]` : '';
  return `${formatNumber(summary.mean)}${ci}`;
}

function metricColumn(header: string, key: MetricKey) {
  return { header, value: (g: GroupStats) => withCi(g.metrics[key]), align: 'right' as const };
}

export function renderAnalysis(analysis: SweepAnalysis): string {
  const sections: string[] = [];
  const metricName = analysis.groups.find((g) => g.metricName)?.metricName ?? 'metric';
  const settings = [...new Set(analysis.groups.map((g) => g.setting.label))];
  for (const setting of settings) {
    sections.push(
      `${setting} (mean over seeds, 95% bootstrap CI):\n` +
        renderTable<GroupStats>(
          [
            { header: 'cell', value: (g) => g.arm },
            { header: 'seeds', value: (g) => g.seeds.length },
            { header: 'params', value: (g) => g.paramCount },
            metricColumn('test loss', 'testLoss'),
            metricColumn('val loss', 'valLoss'),
            metricColumn('gap (test-train)', 'testGap'),
            ...(metricName === 'mse' ? [] : [metricColumn(`test ${metricName}`, 'testMetric')]),
          ],
          analysis.groups.filter((g) => g.setting.label === setting),
        ),
    );
  }
  // The verdict lines already hold the paired comparisons, the trends and the frontier, in reading order.
  sections.push('Verdict:\n' + analysis.verdicts.map((line) => `  - ${line}`).join('\n'));
  return sections.join('\n\n');
}
