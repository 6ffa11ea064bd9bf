/**
 * The gradient-slope section of `cellsweep compare`: per setting, one row per size and cell with the mean per-step
 * log-slope of ‖∂loss_T/∂x_t‖ over seeds, its CI and regime, before and after training. Numbers come from
 * `@cellsweep/analysis` (`SweepAnalysis.gradientSlopes`); this file only lays them out.
 */
import type { GradientSlopeStats, GradientSlopeSummary, SweepAnalysis } from '@cellsweep/analysis';
import { headingOf } from './setting-heading.js';
import { renderTable } from './text-table.js';

/** Slopes are read around 0 on a per-step scale: three decimals, a sign, no exponent. */
export function formatSlope(value: number): string {
  const text = Math.abs(value) < 0.0005 ? '0.000' : value.toFixed(3);
  return value > 0 && text !== '0.000' ? `+${text}` : text;
}

function withCi(summary: GradientSlopeSummary | null): string | null {
  if (!summary) return null;
  const { mean, ci } = summary.slope;
  return `${formatSlope(mean)}${ci ? ` [${formatSlope(ci[0])}, ${formatSlope(ci[1])}]` : ''}`;
}

/** The section, or '' when no trial of the sweep recorded a slope. */
export function renderGradientSlopes(analysis: Pick<SweepAnalysis, 'gradientSlopes'>): string {
  const stats = analysis.gradientSlopes ?? [];
  if (stats.length === 0) return '';
  const headings = [...new Set(stats.map(headingOf))];
  const tables = headings.map((heading) => {
    const rows = stats
      .filter((s) => headingOf(s) === heading)
      .sort((a, b) => (a.paramCount ?? 0) - (b.paramCount ?? 0) || (a.arm < b.arm ? -1 : 1));
    return (
      `${heading}:\n` +
      renderTable<GradientSlopeStats>(
        [
          { header: 'size', value: (s) => `${s.setting.size.kind} ${s.setting.size.value.toLocaleString('en-US')}` },
          { header: 'cell', value: (s) => s.arm },
          {
            header: 'seeds',
            value: (s) => `${Math.max(s.initial?.slope.n ?? 0, s.final?.slope.n ?? 0)}/${s.trials}`,
            align: 'right',
          },
          { header: 'initial slope [95% CI]', value: (s) => withCi(s.initial), align: 'right' },
          { header: 'initial', value: (s) => s.initial?.regime ?? null },
          { header: 'final slope [95% CI]', value: (s) => withCi(s.final), align: 'right' },
          { header: 'final', value: (s) => s.final?.regime ?? null },
          // e^slope: the mean factor per step back, the way "×0.5 per step" is usually said.
          {
            header: 'final x/step',
            value: (s) => (s.final ? `x${Math.exp(s.final.slope.mean).toPrecision(3)}` : null),
            align: 'right',
          },
        ],
        rows,
      )
    );
  });
  return (
    'Gradient slope: ln ‖∂loss_T/∂x_t‖ per step back from the last input, untrained and trained (mean over seeds):\n' +
    'vanishing / stable / exploding when the whole CI is below -0.01 / within ±0.01 / above +0.01, else unclear.\n' +
    tables.join('\n\n')
  );
}
