/** A sweep's analysis as plain text: per-setting tables with CIs, then the verdict lines (`cellsweep compare`). */
import type { GroupStats, MetricKey, SweepAnalysis } from '@cellsweep/analysis';
import { renderGradientSlopes } from './gradient-slope-text.js';
import { bySizeThenTestLoss } from './group-order.js';
import { renderImportance } from './importance-text.js';
import { headingOf } from './setting-heading.js';
import { cautionLines, ciName, withCi } from './interval-text.js';
import { renderTable } from './text-table.js';
import { renderVerdictText } from './verdict-text.js';

function metricColumn(header: string, key: MetricKey) {
  return { header, key, value: (g: GroupStats) => withCi(g.metrics[key]), align: 'right' as const };
}

export function renderAnalysis(analysis: SweepAnalysis): string {
  const sections: string[] = [];
  const metricName = analysis.groups.find((g) => g.metricName)?.metricName ?? 'metric';
  // One table per task × layers × hyperparameters, one row per size and cell: a width sweep reads as one table.
  const headings = [...new Set(analysis.groups.map(headingOf))];
  for (const heading of headings) {
    // The run summary's order (group-order.ts), so `run` and `compare` list a setting's cells alike.
    const rows = analysis.groups.filter((g) => headingOf(g) === heading).sort(bySizeThenTestLoss);
    const metrics = [
      metricColumn('test loss', 'testLoss'),
      metricColumn('val loss', 'valLoss'),
      metricColumn('gap (test-train)', 'testGap'),
      ...(metricName === 'mse' ? [] : [metricColumn(`test ${metricName}`, 'testMetric')]),
      // Capacity, two measures named apart (docs/statistics.md): the loss bound, Collins et al.'s mutual information.
      ...(rows.some((g) => g.metrics.bitsPerParameter)
        ? [metricColumn('bits/param (loss bound)', 'bitsPerParameter')]
        : []),
      ...(rows.some((g) => g.metrics.mutualInformationPerParameter)
        ? [metricColumn('bits/param (MI)', 'mutualInformationPerParameter')]
        : []),
    ];
    const starred = cautionLines(rows, metrics);
    const legend = starred === '' ? '' : '; * = may cover less, see below';
    sections.push(
      `${heading} (mean over seeds, ${ciName(analysis.options)}${legend}):\n` +
        renderTable<GroupStats>(
          [
            { header: 'size', value: (g) => `${g.setting.size.kind} ${g.setting.size.value.toLocaleString('en-US')}` },
            { header: 'cell', value: (g) => g.arm },
            { header: 'seeds', value: (g) => g.seeds.length },
            { header: 'params', value: (g) => g.paramCount },
            ...metrics,
          ],
          rows,
        ) +
        starred,
    );
  }
  const gradients = renderGradientSlopes(analysis);
  if (gradients !== '') sections.push(gradients);
  const importance = renderImportance(analysis);
  if (importance !== '') sections.push(importance);
  // The verdict lines already hold the paired comparisons, the trends and the frontier, in reading order.
  sections.push(renderVerdictText(analysis));
  return sections.join('\n\n');
}
