/**
 * The sweep page's "Gradient reach" panel: the last measured gradient-norm curve of a few finished trials (the best
 * by validation loss from each cell in turn) and, per cell, the mean reach of the untrained model → the final
 * weights over every finished trial that measured it. Sweeps whose trials did not measure it get a note instead.
 */
import type { GradientReach } from '../api.js';
import { gradientReachOption, drawable, type GradientCurve } from '../charts/gradients.js';
import type { Chart } from '../charts/echarts.js';
import { fill, h } from '../dom.js';
import { num } from '../format.js';

export const GRADIENT_CURVES = 24;

export interface GradientPanel {
  section: HTMLElement;
  chartElement: HTMLElement;
  render(data: GradientReach, chart: Chart): void;
}

export function gradientPanel(): GradientPanel {
  const chartElement = h('div', { class: 'chart', attrs: { id: 'chart-gradients' } });
  const note = h('p', { class: 'muted small', attrs: { id: 'gradient-note' } }, 'Loading…');
  const table = h('div', { attrs: { id: 'gradient-cells' } });
  const section = h('section', { class: 'panel', attrs: { id: 'gradient-reach' } }, h('h2', {}, 'Gradient reach'), note, chartElement, table);

  const render = (data: GradientReach, chart: Chart) => {
    const curves: GradientCurve[] = data.trials.map((trial) => ({
      name: trial.cell,
      label: `${trial.cell} #${trial.ordinal} · seed ${trial.seed} · epoch ${trial.epoch ?? '—'}`,
      cell: trial.cell,
      norms: trial.gradientNorms,
      reach: trial.epochGradientReach ?? trial.gradientReach,
    }));
    const lines = drawable(curves).length;
    const measuredCells = data.cells.filter((cell) => cell.measured > 0);
    if (lines === 0 && measuredCells.length === 0) {
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
    fill(table,
      h('table', { class: 'grid compact' },
        h('thead', {}, h('tr', {}, ...['cell', 'measured', 'mean reach: initial → final', 'final range'].map((t) => h('th', {}, t)))),
        h('tbody', {}, ...data.cells.map((cell) =>
          h('tr', { data: { cell: cell.cell } },
            h('td', {}, cell.cell),
            h('td', { class: 'num' }, `${cell.measured} / ${cell.completed}`),
            h('td', { class: 'num' }, `${num(cell.meanInitialReach, 3)} → ${num(cell.meanReach, 3)}`),
            h('td', { class: 'num' }, cell.minReach === null ? '—' : `${cell.minReach}–${cell.maxReach}`))))));
  };
  return { section, chartElement, render };
}
