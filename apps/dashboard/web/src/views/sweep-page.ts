/**
 * One sweep: parameters vs generalization at a glance. Scatter of parameter count vs loss (frontier, seed CIs),
 * generalization gap, learning curves, per-cell distributions, parallel coordinates, gradient reach, analysis verdicts, and the
 * leaderboard. A running sweep updates in place (Server-Sent Events).
 */
import { api, type Analysis, type ChangeBatch, type Point, type Points, type Sweep } from '../api.js';
import { bandsOption, trialCurvesOption } from '../charts/curves.js';
import { distributionOption } from '../charts/distribution.js';
import { mountChart, type Chart } from '../charts/echarts.js';
import { parallelOption } from '../charts/parallel.js';
import { LOSS_LABELS, paramsScatterOption, plotted, scatterLayout, type LossKey } from '../charts/params-scatter.js';
import type { YScale } from '../charts/scales.js';
import { fill, h } from '../dom.js';
import { followSweep, type LiveFeed } from '../live.js';
import { gradientPanel, GRADIENT_CURVES } from './gradient-panel.js';
import { leaderboard, type Leaderboard } from './leaderboard.js';
import { progressBar } from './progress.js';
import { renderVerdicts } from './verdicts.js';
import { errorBox, type View } from './view.js';

const RERENDER_MS = 1_000;
const REFRESH_DERIVED_MS = 3_000;
const BEST_TRIAL_CURVES = 12;
const ANALYSIS_POLL_MS = 2_000;

function panel(title: string, id: string, note?: string): { section: HTMLElement; chart: HTMLElement } {
  const chart = h('div', { class: 'chart', attrs: { id } });
  return {
    section: h(
      'section',
      { class: 'panel' },
      h('h2', {}, title),
      note ? h('p', { class: 'muted small' }, note) : null,
      chart,
    ),
    chart,
  };
}

export function sweepPageView(root: HTMLElement, sweepId: string): View {
  const charts: Chart[] = [];
  let feed: LiveFeed | undefined;
  let disposed = false;
  const timers = new Set<number>();
  const later = (fn: () => void, ms: number) => {
    const id = window.setTimeout(() => {
      timers.delete(id);
      fn();
    }, ms);
    timers.add(id);
  };

  const title = h('h1', { attrs: { id: 'sweep-name' } }, '…');
  const meta = h('div', { class: 'sweep-meta' });
  const liveBadge = h('span', { class: 'live', attrs: { id: 'live-state', hidden: true } }, '● live');
  const problems = h('div');
  const keySelect = h(
    'select',
    { attrs: { id: 'loss-key' } },
    ...(['valLoss', 'testLoss'] as LossKey[]).map((key) => h('option', { attrs: { value: key } }, LOSS_LABELS[key])),
  );
  // Log when the losses span more than two decades, unless the user says otherwise.
  const scaleSelect = h(
    'select',
    { attrs: { id: 'y-scale' } },
    ...(
      [
        ['auto', 'auto'],
        ['linear', 'linear'],
        ['log', 'log'],
      ] as const
    ).map(([value, text]) => h('option', { attrs: { value } }, text)),
  );
  const scatter = panel(
    'Parameters vs loss',
    'chart-scatter',
    'One point per finished trial; dashed: Pareto frontier; bars: group mean (setting × cell) with its CI.',
  );
  const scatterNote = h('p', { class: 'muted small', attrs: { id: 'scatter-layout' } });
  scatter.section.insertBefore(scatterNote, scatter.chart);
  // Above a few thousand trials the server sends a sample; every chart drawn from it says so.
  const samplingNotes = ['scatter', 'gap', 'parallel'].map((name) =>
    h('p', { class: 'sampling-note small', attrs: { id: `${name}-sampling`, hidden: true } }),
  );
  const gap = panel('Generalization gap vs parameters', 'chart-gap');
  const curves = panel(
    'Learning curves, all trials',
    'chart-curves',
    'Median per cell (solid: validation, dashed: train), shaded: 10–90th percentile of validation loss.',
  );
  const best = panel(`Learning curves, best ${BEST_TRIAL_CURVES} trials`, 'chart-best-curves');
  const distribution = panel('Validation loss over seeds', 'chart-distribution');
  const parallel = panel('Hyperparameters → validation loss', 'chart-parallel');
  scatter.section.insertBefore(samplingNotes[0]!, scatter.chart);
  gap.section.insertBefore(samplingNotes[1]!, gap.chart);
  parallel.section.insertBefore(samplingNotes[2]!, parallel.chart);
  const gradients = gradientPanel();
  const verdicts = h(
    'section',
    { class: 'panel', attrs: { id: 'verdicts' } },
    h('h2', {}, 'Comparisons'),
    h('p', { class: 'muted' }, 'Loading…'),
  );
  const boardSlot = h('div', { class: 'wide' });

  root.replaceChildren(
    h(
      'div',
      { class: 'page-head' },
      h('div', {}, title, meta),
      h(
        'div',
        { class: 'actions' },
        liveBadge,
        ' ',
        h('label', {}, 'y: ', keySelect),
        ' ',
        h('label', {}, 'scale: ', scaleSelect),
      ),
    ),
    problems,
    h(
      'div',
      { class: 'charts' },
      scatter.section,
      gap.section,
      curves.section,
      best.section,
      distribution.section,
      parallel.section,
      gradients.section,
      verdicts,
      boardSlot,
    ),
  );

  const scatterChart = mountChart(scatter.chart);
  const gapChart = mountChart(gap.chart);
  const curvesChart = mountChart(curves.chart);
  const bestChart = mountChart(best.chart);
  const distributionChart = mountChart(distribution.chart);
  const parallelChart = mountChart(parallel.chart);
  const gradientChart = mountChart(gradients.chartElement);
  charts.push(scatterChart, gapChart, curvesChart, bestChart, distributionChart, parallelChart, gradientChart);
  for (const chart of [scatterChart, gapChart]) {
    chart.onClick((params) => {
      const data = params.data as { point?: Point } | undefined;
      if (data?.point) window.location.hash = `#/trial/${encodeURIComponent(data.point.id)}`;
    });
  }

  let sweep: Sweep | undefined;
  let points: Points | undefined;
  /** The leaderboard's filters, which a sampled scatter follows (it samples the matching trials on the server). */
  let filter = new URLSearchParams();
  /** Whether the whole sweep is too big to draw every trial (decided by the first, unfiltered answer). */
  let sampledSweep = false;
  let analysis: Analysis | null = null;
  let board: Leaderboard | undefined;
  let firstChart = true;
  /** The sweep's latest trial change the page has heard of (the live feed's cursor), to say how old the groups are. */
  let latestChange: string | null = null;

  const renderHead = () => {
    if (!sweep) return;
    title.textContent = sweep.name;
    document.title = `${sweep.name} · cellsweep`;
    fill(
      meta,
      h('span', { class: `status status-${sweep.status.toLowerCase()}` }, sweep.status),
      ' ',
      sweep.task ? h('span', { class: 'muted' }, `task ${sweep.task} · `) : null,
      progressBar(sweep.progress),
    );
  };

  const cellsOf = (list: readonly Point[]) => [...new Set(list.map((point) => point.cell))].sort();

  const renderPointCharts = () => {
    if (!points) return;
    const key = keySelect.value as LossKey;
    const cells = cellsOf(points.points);
    const yScale = scaleSelect.value as YScale;
    const layout = scatterLayout(points.points, { key, cells, yScale });
    scatterChart.set(paramsScatterOption(points.points, analysis, { key, cells, yScale }, layout), true);
    scatter.chart.dataset.points = String(plotted(points.points, key).length);
    scatter.chart.dataset.layout = layout.x;
    scatter.chart.dataset.yScale = layout.y;
    scatterNote.textContent = layout.note;
    for (const note of samplingNotes) {
      note.textContent = points.sampling.note;
      note.hidden = !points.sampling.sampled;
    }
    scatter.chart.dataset.sampled = String(points.sampling.sampled);
    scatter.chart.dataset.finished = String(points.sampling.finished);
    if (firstChart) {
      // The scatter first: the gap and parallel charts (thousands of lines) follow in the next task, so the first
      // chart is on screen before they are built.
      firstChart = false;
      requestAnimationFrame(() => performance.mark('cellsweep:first-chart'));
      later(renderSecondaryPointCharts, 0);
    } else renderSecondaryPointCharts();
  };

  const renderSecondaryPointCharts = () => {
    if (!points) return;
    const cells = cellsOf(points.points);
    gapChart.set(paramsScatterOption(points.points, analysis, { key: 'gap', cells }), true);
    gap.chart.dataset.points = String(plotted(points.points, 'gap').length);
    parallelChart.set(parallelOption(points.points, points.hyperparameters), true);
  };

  const renderAnalysis = () => {
    if (!analysis) return;
    const boxes = distributionOption(analysis, scaleSelect.value as YScale);
    distributionChart.set(boxes.option, true);
    distribution.chart.dataset.yScale = boxes.logY ? 'log' : 'linear';
    renderVerdicts(verdicts, analysis, latestChange);
    gradients.renderSlopes(analysis.external);
  };

  const loadDerived = async () => {
    try {
      const [nextAnalysis, bands, bestCurves, reach] = await Promise.all([
        api.analysis(sweepId),
        api.curves(sweepId),
        api.trialCurves(sweepId, BEST_TRIAL_CURVES),
        api.gradients(sweepId, GRADIENT_CURVES),
      ]);
      if (disposed) return;
      analysis = nextAnalysis;
      renderAnalysis();
      // The full analysis runs in a server worker; ask again until it is there.
      if (nextAnalysis.external.status === 'pending')
        later(
          () =>
            void api.analysis(sweepId).then((fresh) => {
              if (!disposed) {
                analysis = fresh;
                renderAnalysis();
                if (fresh.external.status === 'pending') later(() => void loadDerived(), ANALYSIS_POLL_MS);
              }
            }),
          ANALYSIS_POLL_MS,
        );
      renderPointCharts();
      curvesChart.set(bandsOption(bands.bands), true);
      bestChart.set(trialCurvesOption(bestCurves), true);
      gradients.render(reach, gradientChart);
    } catch (error) {
      problems.replaceChildren(errorBox(error));
    }
  };

  let pointsTicket = 0;
  const reloadPoints = async () => {
    const ticket = ++pointsTicket;
    try {
      const fresh = await api.points(sweepId, filter);
      if (disposed || ticket !== pointsTicket) return;
      points = fresh;
      renderPointCharts();
    } catch (error) {
      problems.replaceChildren(errorBox(error));
    }
  };

  let rerenderPending = false;
  let derivedPending = false;
  const onChanges = (batch: ChangeBatch) => {
    if (!points) return;
    sweep = { ...sweep!, ...batch.sweep };
    if (latestChange === null || batch.cursor > latestChange) latestChange = batch.cursor;
    renderHead();
    if (sampledSweep) {
      // A sample is redrawn from the server's next sample (with the derived charts), not grown trial by trial.
    } else if (batch.hpPaths.join('\n') !== points.hyperparameters.map((f) => f.path).join('\n')) {
      void api.points(sweepId).then((fresh) => {
        points = fresh;
        renderPointCharts();
      });
    } else {
      const byId = new Map(points.points.map((point) => [point.id, point]));
      for (const trial of batch.trials) byId.set(trial.id, trial);
      points = { ...points, points: [...byId.values()] };
    }
    if (!rerenderPending) {
      rerenderPending = true;
      later(() => {
        rerenderPending = false;
        renderPointCharts();
      }, 0);
      later(() => renderPointCharts(), RERENDER_MS);
    }
    if (!derivedPending) {
      derivedPending = true;
      later(() => {
        derivedPending = false;
        if (sampledSweep) void reloadPoints();
        void loadDerived();
        void board?.refresh();
      }, REFRESH_DERIVED_MS);
    }
  };

  keySelect.addEventListener('change', renderPointCharts);
  scaleSelect.addEventListener('change', () => {
    renderPointCharts();
    renderAnalysis();
  });

  void (async () => {
    try {
      const [loadedSweep, loadedPoints] = await Promise.all([api.sweep(sweepId), api.points(sweepId)]);
      if (disposed) return;
      sweep = loadedSweep;
      points = loadedPoints;
      sampledSweep = loadedPoints.sampling.sampled;
      renderHead();
      renderPointCharts();
      board = leaderboard(
        sweep.id,
        { cells: points.cells, budgets: points.budgets, hyperparameters: points.hyperparameters },
        (next) => {
          filter = next;
          if (sampledSweep) void reloadPoints();
        },
      );
      boardSlot.replaceChildren(board.element);
      void loadDerived();
      const since =
        sampledSweep && points.version !== 'empty'
          ? points.version
          : points.points.reduce(
              // biome-ignore lint/complexity/useMathMinMax: ISO timestamps compare as strings; Math.max would make NaN
              (max, point) => (point.updatedAt > max ? point.updatedAt : max),
              new Date(0).toISOString(),
            );
      feed = followSweep(sweep.id, since, onChanges, (connected) => {
        liveBadge.hidden = !connected;
      });
    } catch (error) {
      problems.replaceChildren(errorBox(error));
    }
  })();

  return {
    dispose: () => {
      disposed = true;
      feed?.close();
      for (const id of timers) window.clearTimeout(id);
      for (const chart of charts) chart.dispose();
    },
  };
}
