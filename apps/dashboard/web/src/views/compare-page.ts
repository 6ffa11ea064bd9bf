/**
 * Two or more sweeps side by side on the same axes: one parameters-vs-validation-loss chart per sweep sharing
 * x and y ranges, and a table of each cell's best trial and best group (the analysis's setting × cell with the lowest
 * mean validation loss, with its CI) per sweep. Groups are never pooled across tasks or sizes.
 */
import { api, type Analysis, type DashboardGroup, type Points, type Sweep } from '../api.js';
import { mountChart, type Chart } from '../charts/echarts.js';
import { paramsScatterOption, plotted } from '../charts/params-scatter.js';
import { h, link } from '../dom.js';
import { ciLabel, num } from '../format.js';
import { errorBox, type View } from './view.js';

interface Loaded {
  sweep: Sweep;
  points: Points;
  analysis: Analysis;
}

/** The cell's group with the lowest mean validation loss, or undefined. */
function bestGroup(analysis: Analysis, cell: string): DashboardGroup | undefined {
  let best: DashboardGroup | undefined;
  for (const group of analysis.groups) {
    const mean = group.metrics.valLoss?.mean;
    if (group.cell !== cell || mean === undefined) continue;
    if (best === undefined || mean < (best.metrics.valLoss?.mean ?? Infinity)) best = group;
  }
  return best;
}

function extent(values: number[], log: boolean): [number, number] | undefined {
  const finite = values.filter((value) => Number.isFinite(value) && (!log || value > 0));
  if (finite.length === 0) return undefined;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (log) return [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max))];
  const pad = (max - min) * 0.05 || Math.abs(max) * 0.05 || 1;
  return [min - pad, max + pad];
}

export function comparePageView(root: HTMLElement, ids: string[]): View {
  const charts: Chart[] = [];
  let disposed = false;
  if (ids.length < 2) {
    root.replaceChildren(
      h('h1', {}, 'Compare sweeps'),
      h('p', {}, 'Select two or more sweeps on the ', link('sweeps list', ''), ' and press “Compare selected”.'),
    );
    return { dispose: () => undefined };
  }
  root.replaceChildren(h('h1', {}, 'Compare sweeps'), h('p', { class: 'muted' }, 'Loading…'));
  void (async () => {
    try {
      const loaded: Loaded[] = await Promise.all(
        ids.map(async (id) => {
          const [sweep, points, analysis] = await Promise.all([api.sweep(id), api.points(id), api.analysis(id)]);
          return { sweep, points, analysis };
        }),
      );
      if (disposed) return;
      const all = loaded.flatMap((entry) => plotted(entry.points.points, 'valLoss'));
      const xExtent = extent(
        all.map((point) => point.paramCount),
        true,
      );
      const yExtent = extent(
        all.map((point) => point.valLoss ?? Number.NaN),
        false,
      );
      const cells = [...new Set(loaded.flatMap((entry) => entry.points.points.map((point) => point.cell)))].sort();
      const grid = h('div', { class: 'compare-grid' });
      const cellRows = cells.map((cell) =>
        h(
          'tr',
          {},
          h('td', {}, cell),
          ...loaded.flatMap((entry) => {
            const finished = plotted(entry.points.points, 'valLoss').filter((point) => point.cell === cell);
            const best = finished.reduce<number | null>(
              (min, point) => (min === null || point.valLoss! < min ? point.valLoss! : min),
              null,
            );
            const group = bestGroup(entry.analysis, cell);
            const summary = group?.metrics.valLoss;
            return [
              h('td', { class: 'num' }, num(best)),
              h(
                'td',
                { class: 'num', attrs: { title: group?.setting.label ?? '' } },
                summary
                  ? `${num(summary.mean)}${summary.ci ? ` [${num(summary.ci[0])}, ${num(summary.ci[1])}]` : ''}`
                  : '—',
              ),
            ];
          }),
        ),
      );
      root.replaceChildren(
        h('h1', {}, 'Compare sweeps'),
        grid,
        h(
          'section',
          { class: 'panel wide' },
          h('h2', {}, 'Validation loss by cell'),
          // Two columns per sweep: many sweeps side by side scroll sideways instead of widening the page (QA).
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
                  h('th', {}, ''),
                  ...loaded.map((entry) =>
                    h('th', { attrs: { colspan: 2 } }, link(entry.sweep.name, 'sweep', entry.sweep.id)),
                  ),
                ),
                h(
                  'tr',
                  {},
                  h('th', {}, 'cell'),
                  ...loaded.flatMap((entry) => [
                    h('th', {}, 'best trial'),
                    h('th', {}, `best group mean [${ciLabel(entry.analysis)}]`),
                  ]),
                ),
              ),
              h('tbody', {}, ...cellRows),
            ),
          ),
        ),
      );
      for (const entry of loaded) {
        const element = h('div', { class: 'chart', data: { sweepId: entry.sweep.id } });
        grid.appendChild(
          h('section', { class: 'panel' }, h('h2', {}, link(entry.sweep.name, 'sweep', entry.sweep.id)), element),
        );
        const chart = mountChart(element);
        chart.set(
          paramsScatterOption(entry.points.points, entry.analysis, {
            key: 'valLoss',
            cells,
            ...(xExtent ? { xExtent } : {}),
            ...(yExtent ? { yExtent } : {}),
          }),
        );
        charts.push(chart);
      }
    } catch (error) {
      root.replaceChildren(h('h1', {}, 'Compare sweeps'), errorBox(error));
    }
  })();
  return {
    dispose: () => {
      disposed = true;
      for (const chart of charts) chart.dispose();
    },
  };
}
