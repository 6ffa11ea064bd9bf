/**
 * One trial: spec, backend, timings, status history, error if failed, per-epoch metrics (chart + table, with the
 * gradient reach of each epoch), and the gradient-norm curves of its first and last measured epochs.
 */
import { api, type Epoch } from '../api.js';
import { cellColor, mountChart, tooltipBox, type Chart } from '../charts/echarts.js';
import { gradientReachOption, REACH_THRESHOLD, type GradientCurve } from '../charts/gradients.js';
import { fill, h, link } from '../dom.js';
import { count, duration, num, when } from '../format.js';
import { slopeText } from './gradient-slope-table.js';
import { errorBox, type View } from './view.js';

const EPOCH_PAGE = 500;

/** "−0.693 (vanishing)": one trial's slope, judged on its value alone by the server (one trial has no CI). */
function slopeWithRegime(slope: number | null, regime: string | null): string {
  return slope === null ? '—' : `${slopeText(slope)}${regime ? ` (${regime})` : ''}`;
}

function facts(rows: [string, string | Node][]): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

export function trialPageView(root: HTMLElement, trialId: string): View {
  let chart: Chart | undefined;
  let gradientChart: Chart | undefined;
  let disposed = false;
  root.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));

  void (async () => {
    try {
      const [trial, epochs] = await Promise.all([api.trial(trialId), api.epochs(trialId, 0, EPOCH_PAGE)]);
      if (disposed) return;
      const chartElement = h('div', { class: 'chart', attrs: { id: 'chart-epochs' } });
      const measured = epochs.items.filter((e) => e.gradientNorms.length > 0);
      const gradientElement =
        measured.length > 0 ? h('div', { class: 'chart', attrs: { id: 'chart-trial-gradients' } }) : null;
      const base = `/api/trials/${encodeURIComponent(trial.id)}/epochs`;
      fill(
        root,
        h(
          'div',
          { class: 'page-head' },
          h(
            'div',
            {},
            h('h1', {}, `${trial.cell} · trial #${trial.ordinal}`),
            h(
              'p',
              {},
              'sweep ',
              link(trial.sweepName ?? trial.sweepId, 'sweep', trial.sweepId),
              ' · ',
              h('span', { class: `status status-${trial.status.toLowerCase()}` }, trial.status),
            ),
          ),
        ),
        trial.error
          ? h('section', { class: 'panel wide' }, h('h2', {}, 'Error'), h('pre', { class: 'error-text' }, trial.error))
          : null,
        h(
          'div',
          { class: 'charts' },
          h(
            'section',
            { class: 'panel' },
            h('h2', {}, 'Result'),
            facts([
              ['parameters', count(trial.paramCount)],
              ['layers × hidden', `${trial.layers} × ${trial.hidden}`],
              ['budget', trial.paramBudget === null ? '—' : count(trial.paramBudget)],
              ['seed', String(trial.seed)],
              ['train / val / test loss', `${num(trial.trainLoss)} / ${num(trial.valLoss)} / ${num(trial.testLoss)}`],
              ['generalization gap', num(trial.generalizationGap)],
              [trial.metricName ?? 'metric', `val ${num(trial.valMetric)} · test ${num(trial.testMetric)}`],
              ...Object.entries(trial.testMetrics ?? {})
                .filter(([name]) => name !== trial.metricName)
                .map(([name, value]): [string, string] => [`test ${name}`, num(value)]),
              ['epochs (best)', `${trial.epochsRun ?? '—'} (${trial.bestEpoch ?? '—'})`],
              [
                'gradient reach (initial → final)',
                `${trial.initialGradientReach ?? '—'} → ${trial.gradientReach ?? '—'} steps`,
              ],
              [
                'gradient slope / step (initial → final)',
                `${slopeWithRegime(trial.initialGradientSlope, trial.gradientRegimes.initial)} → ${slopeWithRegime(trial.gradientSlope, trial.gradientRegimes.final)}`,
              ],
            ]),
          ),
          h(
            'section',
            { class: 'panel' },
            h('h2', {}, 'Run'),
            facts([
              ['backend', trial.backend ?? '—'],
              ['kernels', trial.kernels ?? '—'],
              ['attempt', String(trial.attempt)],
              ['wall time', duration(trial.wallTimeMs)],
              ['started', when(trial.startedAt)],
              ['finished', when(trial.finishedAt)],
            ]),
            h('h3', {}, 'Status history'),
            h(
              'ol',
              { class: 'history' },
              ...trial.history.map((event) => h('li', {}, `${when(event.at)} — ${event.event}`)),
            ),
          ),
          h('section', { class: 'panel wide' }, h('h2', {}, 'Per-epoch metrics'), chartElement),
          gradientElement
            ? h(
                'section',
                { class: 'panel wide' },
                h('h2', {}, 'Gradient reach'),
                h(
                  'p',
                  { class: 'muted small' },
                  '‖∂loss_T/∂x_t‖ by steps back from the end, at the first (dashed) and last measured epoch shown.',
                ),
                gradientElement,
              )
            : null,
          h(
            'section',
            { class: 'panel wide' },
            h(
              'div',
              { class: 'panel-head' },
              h('h2', {}, `Epochs (${count(epochs.total)})`),
              h(
                'div',
                { class: 'actions' },
                h('a', { class: 'button', attrs: { href: `${base}?format=csv` } }, 'Export CSV'),
                ' ',
                h('a', { class: 'button', attrs: { href: `${base}?limit=5000`, target: '_blank' } }, 'JSON'),
              ),
            ),
            epochs.total > epochs.items.length
              ? h('p', { class: 'muted small' }, `first ${epochs.items.length} shown; export for all`)
              : null,
            h('div', { class: 'table-scroll' }, epochTable(epochs.items)),
          ),
          h(
            'section',
            { class: 'panel wide' },
            h('h2', {}, 'Spec'),
            h('pre', { class: 'spec' }, JSON.stringify(trial.config, null, 2)),
          ),
        ),
      );
      chart = mountChart(chartElement);
      const color = cellColor(trial.cell);
      chart.set({
        animation: false,
        legend: { top: 0 },
        grid: { left: 64, right: 64, top: 36, bottom: 40 },
        tooltip: {
          trigger: 'axis',
          formatter: (params) => {
            const list = params as { seriesName?: string; data?: [number, number | null] }[];
            return tooltipBox(
              `epoch ${list[0]?.data?.[0] ?? ''}`,
              list.map((p) => [p.seriesName ?? '', num(p.data?.[1])]),
            );
          },
        },
        xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, min: 'dataMin' },
        yAxis: [
          { type: 'value', name: 'loss', scale: true },
          { type: 'value', name: trial.metricName ?? 'metric', scale: true },
        ],
        series: [
          {
            type: 'line',
            name: 'train loss',
            data: epochs.items.map((e) => [e.epoch, e.trainLoss]),
            lineStyle: { type: 'dashed', color },
            itemStyle: { color },
          },
          {
            type: 'line',
            name: 'validation loss',
            data: epochs.items.map((e) => [e.epoch, e.valLoss]),
            lineStyle: { color: '#1d2330' },
            itemStyle: { color: '#1d2330' },
          },
          {
            type: 'line',
            name: `val ${trial.metricName ?? 'metric'}`,
            yAxisIndex: 1,
            data: epochs.items.map((e) => [e.epoch, e.valMetric]),
            lineStyle: { color: '#999' },
            itemStyle: { color: '#999' },
          },
        ],
      });
      if (gradientElement) {
        const first = measured[0]!;
        const last = measured[measured.length - 1]!;
        const curve = (e: Epoch, dashed: boolean): GradientCurve => ({
          name: `epoch ${e.epoch}`,
          label: `epoch ${e.epoch}`,
          cell: trial.cell,
          norms: e.gradientNorms,
          reach: e.gradientReach,
          slope: e.gradientSlope,
          dashed,
        });
        gradientChart = mountChart(gradientElement);
        gradientChart.set(
          gradientReachOption(
            first === last ? [curve(last, false)] : [curve(first, true), curve(last, false)],
            REACH_THRESHOLD,
          ),
        );
      }
    } catch (error) {
      root.replaceChildren(errorBox(error));
    }
  })();
  return {
    dispose: () => {
      disposed = true;
      chart?.dispose();
      gradientChart?.dispose();
    },
  };
}

function epochTable(rows: readonly Epoch[]): HTMLElement {
  return h(
    'table',
    { class: 'grid compact' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['epoch', 'train loss', 'val loss', 'train metric', 'val metric', 'reach', 'slope', 'samples/s', 'time'].map(
          (t) => h('th', {}, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((e) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, String(e.epoch)),
          h('td', { class: 'num' }, num(e.trainLoss)),
          h('td', { class: 'num' }, num(e.valLoss)),
          h('td', { class: 'num' }, num(e.trainMetric)),
          h('td', { class: 'num' }, num(e.valMetric)),
          h('td', { class: 'num' }, e.gradientReach === null ? '—' : String(e.gradientReach)),
          h('td', { class: 'num' }, slopeText(e.gradientSlope)),
          h('td', { class: 'num' }, num(e.samplesPerSec, 3)),
          h('td', { class: 'num' }, duration(e.epochTimeMs)),
        ),
      ),
    ),
  );
}
