/**
 * The sweep page's "Gradient reach" panel: the last measured gradient-norm curve of a few finished trials (the best
 * by validation loss from each cell in turn); per group of the analysis (task × setting × cell × size), the mean
 * reach of the untrained model → the final weights over its finished trials that measured it; and per group, the
 * gradient slope (mean per-step log-slope over seeds
 * with CI: vanishing, stable or exploding). Sweeps whose trials did not measure it get a note instead.
 */
import type { Analysis, GradientReach, GradientSlopeStats } from '../api.js';
import { gradientReachOption, drawable, type GradientCurve } from '../charts/gradients.js';
import type { Chart } from '../charts/echarts.js';
import { fill, h } from '../dom.js';
import { num, settingColumn } from '../format.js';
import { gradientSlopeTable } from './gradient-slope-table.js';

export const GRADIENT_CURVES = 24;

export interface GradientPanel {
  section: HTMLElement;
  chartElement: HTMLElement;
  render(data: GradientReach, chart: Chart): void;
  /** Slope groups from the full analysis (`/analysis`'s `external`): a table, or a note while it runs. */
  renderSlopes(external: Analysis['external']): void;
}

export function gradientPanel(): GradientPanel {
  const chartElement = h('div', { class: 'chart', attrs: { id: 'chart-gradients' } });
  const note = h('p', { class: 'muted small', attrs: { id: 'gradient-note' } }, 'Loading…');
  const table = h('div', { attrs: { id: 'gradient-groups' } });
  const slopeNote = h('p', { class: 'muted small', attrs: { id: 'gradient-slope-note' } });
  const slopes = h('div', { attrs: { id: 'gradient-slope-groups' } });
  const section = h(
    'section',
    { class: 'panel', attrs: { id: 'gradient-reach' } },
    h('h2', {}, 'Gradient reach'),
    note,
    chartElement,
    table,
    slopeNote,
    slopes,
  );

  let tolerance = '0.01';
  /** The slope groups of the full analysis (the page polls it until it is ready). */
  const renderSlopes = (external: Analysis['external']) => {
    const groups = (external.result as { gradientSlopes?: GradientSlopeStats[] } | null)?.gradientSlopes ?? [];
    if (groups.length === 0) {
      slopeNote.textContent =
        external.status === 'pending'
          ? 'Gradient slope: analysing…'
          : external.status === 'ready'
            ? ''
            : `Gradient slope: ${external.note}`;
      slopes.replaceChildren();
      return;
    }
    slopeNote.textContent =
      'Gradient slope: ln ‖∂loss_T/∂x_t‖ per step back from the last input (least squares over the steps), mean over seeds ' +
      `with its 95% CI, untrained and trained. Below 0 the gradient vanishes, above 0 it explodes (e^slope per step); ` +
      `vanishing / stable / exploding when the whole CI is below −${tolerance} / within ±${tolerance} / above +${tolerance}, else unclear.` +
      (external.status === 'pending' ? ` (${external.note})` : '');
    fill(slopes, gradientSlopeTable(groups));
  };

  const render = (data: GradientReach, chart: Chart) => {
    const curves: GradientCurve[] = data.trials.map((trial) => ({
      name: trial.cell,
      label: `${trial.cell} #${trial.ordinal} · seed ${trial.seed} · epoch ${trial.epoch ?? '—'}`,
      cell: trial.cell,
      norms: trial.gradientNorms,
      reach: trial.epochGradientReach ?? trial.gradientReach,
      slope: trial.epochGradientSlope ?? trial.gradientSlope,
    }));
    const lines = drawable(curves).length;
    const measuredGroups = data.groups.filter((group) => group.measured > 0);
    tolerance = String(data.stableSlopePerStep);
    if (lines === 0 && measuredGroups.length === 0) {
      chartElement.hidden = true;
      delete chartElement.dataset.lines;
      note.textContent = 'Gradient reach: not measured for this sweep’s trials.';
      table.replaceChildren();
      return;
    }
    chartElement.hidden = false;
    note.textContent =
      `‖∂loss_T/∂x_t‖ at each trial’s last measured epoch, one line per trial (${lines} shown: the best by validation loss from each cell in turn). ` +
      `Reach: steps back over which the norm stays ≥ ${data.threshold} of its largest value.`;
    chart.set(gradientReachOption(curves, data.threshold), true);
    chartElement.dataset.lines = String(lines);
    const setting = settingColumn(measuredGroups.map((group) => group.setting));
    fill(
      table,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'grid compact' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['setting', 'cell', 'measured', 'mean reach: initial → final', 'final range'].map((t) =>
                h('th', {}, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...measuredGroups.map((group) =>
              h(
                'tr',
                { data: { cell: group.cell, groupKey: group.key } },
                h('td', { class: 'wrap', attrs: { title: group.setting.label } }, setting.short(group.setting.label)),
                h('td', {}, group.arm),
                h('td', { class: 'num' }, `${group.measured} / ${group.completed}`),
                h('td', { class: 'num' }, `${num(group.meanInitialReach, 3)} → ${num(group.meanReach, 3)}`),
                h('td', { class: 'num' }, group.minReach === null ? '—' : `${group.minReach}–${group.maxReach}`),
              ),
            ),
          ),
        ),
      ),
    );
  };
  return { section, chartElement, render, renderSlopes };
}
