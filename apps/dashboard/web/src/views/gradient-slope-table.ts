/**
 * The gradient panel's slope table: one row per group (setting × cell, as every other statistic), the mean per-step
 * log-slope of ‖∂loss_T/∂x_t‖ over seeds with its 95% CI and regime, before and after training. Numbers and regimes
 * come from the server (@cellsweep/analysis); this file only lays them out.
 */
import type { GradientSlopeStats, GradientSlopeSummary } from '../api.js';
import { h } from '../dom.js';
import { settingColumn } from '../format.js';

/** A per-step slope: three decimals, signed, so −0.693 and +0.693 read as the opposites they are. */
export function slopeText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = Math.abs(value) < 0.0005 ? '0.000' : value.toFixed(3);
  return value > 0 && text !== '0.000' ? `+${text}` : text;
}

function withCi(summary: GradientSlopeSummary | null): string {
  if (!summary) return '—';
  const { mean, ci } = summary.slope;
  return `${slopeText(mean)}${ci ? ` [${slopeText(ci[0])}, ${slopeText(ci[1])}]` : ''}`;
}

function regimeCell(summary: GradientSlopeSummary | null): HTMLElement {
  return h('td', {}, summary ? h('span', { class: `regime regime-${summary.regime}` }, summary.regime) : '—');
}

export function gradientSlopeTable(groups: readonly GradientSlopeStats[]): HTMLElement {
  const seeds = (g: GradientSlopeStats) => Math.max(g.initial?.slope.n ?? 0, g.final?.slope.n ?? 0);
  const setting = settingColumn(groups.map((g) => g.setting));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'grid compact', attrs: { id: 'gradient-slopes' } },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[
            'setting',
            'cell',
            'seeds',
            'initial slope / step [95% CI]',
            '',
            'final slope / step [95% CI]',
            '',
            'final ×/step',
          ].map((t) => h('th', {}, t)),
        ),
      ),
      h(
        'tbody',
        {},
        ...groups.map((g) =>
          h(
            'tr',
            { data: { arm: g.arm, setting: g.setting.label } },
            h('td', { class: 'wrap', attrs: { title: g.setting.label } }, setting.short(g.setting.label)),
            h('td', {}, g.arm),
            h('td', { class: 'num' }, `${seeds(g)} / ${g.trials}`),
            h('td', { class: 'num' }, withCi(g.initial)),
            regimeCell(g.initial),
            h('td', { class: 'num' }, withCi(g.final)),
            regimeCell(g.final),
            // e^slope: the mean factor by which the norm changes per step back.
            h('td', { class: 'num' }, g.final ? `×${Math.exp(g.final.slope.mean).toPrecision(3)}` : '—'),
          ),
        ),
      ),
    ),
  );
}
