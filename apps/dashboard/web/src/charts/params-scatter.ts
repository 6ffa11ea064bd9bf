/**
 * Parameter count (log axis) vs a loss, one point per finished trial, colored by cell; per task, the Pareto frontier
 * of @cellsweep/analysis as a step line; its group means with their CIs as error bars. Also used for the
 * generalization gap. Nothing here is computed in the browser: groups, intervals and frontiers are the analysis's.
 */
import type { Analysis, DashboardGroup, Point } from '../api.js';
import { ciLabel, count, num } from '../format.js';
import { cellColor, LOG_VALUE_AXIS, tooltipBox, type EChartsOption } from './echarts.js';
import {
  axisNumber,
  dodgeFactor,
  LOG_DECADES,
  sizesCoincide,
  stripOffset,
  useLogScale,
  type YScale,
} from './scales.js';

export type LossKey = 'valLoss' | 'testLoss' | 'gap';

export const LOSS_LABELS: Record<LossKey, string> = {
  valLoss: 'validation loss',
  testLoss: 'test loss',
  gap: 'generalization gap (test − train)',
};

/** The trials a scatter plots: finished, with a finite value of `key`. */
export function plotted(points: readonly Point[], key: LossKey): Point[] {
  return points.filter((point) => point.status === 'COMPLETED' && point[key] !== null);
}

/** The analysis metric behind each chartable loss. */
const METRIC_OF = { valLoss: 'valLoss', testLoss: 'testLoss', gap: 'testGap' } as const;

/**
 * The analysis's per-trial frontiers of this loss, one per task, as chart points (in ascending size). Trials sized
 * from one budget are one size there, so at a single budget a frontier is the one best trial.
 */
export function frontiersOf(
  analysis: Analysis | null,
  points: readonly Point[],
  key: LossKey,
): { task: string; points: Point[] }[] {
  if (key === 'gap' || analysis === null) return [];
  const byId = new Map(points.map((point) => [point.id, point]));
  return analysis.frontiers
    .filter((frontier) => frontier.metric === key)
    .map((frontier) => ({ task: frontier.task, points: frontier.trials.flatMap((entry) => byId.get(entry.id) ?? []) }));
}

interface PointDatum {
  value: [number, number];
  point: Point;
}

interface GroupDatum {
  value: [number, number, number, number];
  group: DashboardGroup;
}

export interface ScatterOptions {
  key: LossKey;
  cells: readonly string[];
  /** Shared axes for side-by-side comparisons. */
  xExtent?: [number, number];
  yExtent?: [number, number];
  title?: string;
  showFrontier?: boolean;
  /** The loss axis: `auto` (default) is log when the losses span more than two decades. */
  yScale?: YScale;
}

/** How a scatter was laid out, for the page to say and for tests to read. */
export interface ScatterLayout {
  /** `strip`: every trial has one size, so each cell is a strip of its own; `log-x`: parameters on a log axis. */
  x: 'strip' | 'log-x';
  y: 'log' | 'linear';
  /** What the chart says about its layout (shown under it). */
  note: string;
}

/** Decides the layout: a strip per cell when sizes coincide (and no shared x range is asked for), log y by spread. */
export function scatterLayout(points: readonly Point[], options: ScatterOptions): ScatterLayout {
  const shown = plotted(points, options.key);
  const strip = options.xExtent === undefined && sizesCoincide(shown.map((point) => point.paramCount));
  const log =
    options.key !== 'gap' &&
    useLogScale(
      shown.map((point) => point[options.key]!),
      options.yScale ?? 'auto',
    );
  const counts = shown.map((point) => point.paramCount);
  const notes = [
    strip && counts.length > 0
      ? `every trial has ≈${count(Math.round(counts.reduce((a, b) => a + b, 0) / counts.length))} parameters, so each cell is a strip of its own (points spread by seed)`
      : shown.length > 0 && options.cells.length > 1
        ? 'cells of one size are set slightly apart on the parameter axis; hover a point for its exact count'
        : '',
    log && (options.yScale ?? 'auto') === 'auto'
      ? `log loss axis: the losses span more than ${LOG_DECADES} decades`
      : '',
  ];
  return {
    x: strip ? 'strip' : 'log-x',
    y: log ? 'log' : 'linear',
    note: notes.filter((note) => note !== '').join('; '),
  };
}

/** The chart; `layout` is `scatterLayout`'s, for a caller that already has it (to show its note). */
export function paramsScatterOption(
  points: readonly Point[],
  analysis: Analysis | null,
  options: ScatterOptions,
  layout: ScatterLayout = scatterLayout(points, options),
): EChartsOption {
  const { key } = options;
  const shown = plotted(points, key);
  const strip = layout.x === 'strip';
  const counts = shown.map((point) => point.paramCount);
  // Where a cell's trial and group sit on x: its strip (by seed), or its parameter count set slightly apart.
  const xOf = (index: number, paramCount: number, seed: number | null): number =>
    strip
      ? index + (seed === null ? 0.3 : stripOffset(seed))
      : paramCount * dodgeFactor(index, options.cells.length, counts);
  const series: NonNullable<EChartsOption['series']> & unknown[] = [];
  options.cells.forEach((cell, index) => {
    const data: PointDatum[] = shown
      .filter((p) => p.cell === cell)
      .map((point) => ({ value: [xOf(index, point.paramCount, point.seed), point[key]!], point }));
    series.push({
      type: 'scatter',
      name: cell,
      data,
      symbolSize: 6,
      itemStyle: { color: cellColor(cell, index), opacity: 0.7 },
      large: data.length > 3_000,
      emphasis: { focus: 'series' },
    });
    const groups: GroupDatum[] = (analysis?.groups ?? [])
      .filter((group) => group.cell === cell)
      .flatMap((group) => {
        const summary = group.metrics[METRIC_OF[key]];
        if (!summary?.ci || group.paramCount === null) return [];
        return [{ value: [xOf(index, group.paramCount, null), summary.ci[0], summary.ci[1], summary.mean], group }];
      });
    if (groups.length > 0) {
      const color = cellColor(cell, index);
      series.push({
        type: 'custom',
        name: cell,
        data: groups,
        z: 3,
        encode: { x: 0, y: [1, 2, 3] },
        renderItem: (_params, api) => {
          const x = api.value(0) as number;
          const low = api.coord([x, api.value(1)]);
          const high = api.coord([x, api.value(2)]);
          const mean = api.coord([x, api.value(3)]);
          const cap = 4;
          const stroke = { stroke: color, lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: stroke },
              { type: 'line', shape: { x1: low[0]! - cap, y1: low[1], x2: low[0]! + cap, y2: low[1] }, style: stroke },
              {
                type: 'line',
                shape: { x1: high[0]! - cap, y1: high[1], x2: high[0]! + cap, y2: high[1] },
                style: stroke,
              },
              {
                type: 'circle',
                shape: { cx: mean[0], cy: mean[1], r: 3.5 },
                style: { fill: '#fff', stroke: color, lineWidth: 2 },
              },
            ],
          };
        },
      });
    }
  });
  // At one size the frontier is a single trial: a line through one strip says nothing.
  if (options.showFrontier !== false && !strip) {
    const frontiers = frontiersOf(analysis, shown, key);
    for (const frontier of frontiers) {
      series.push({
        type: 'line',
        name: frontiers.length === 1 ? 'Pareto frontier' : `Pareto frontier: ${frontier.task}`,
        step: 'end',
        symbol: 'none',
        data: frontier.points.map((point) => [
          xOf(options.cells.indexOf(point.cell), point.paramCount, point.seed),
          point[key],
        ]),
        lineStyle: { color: '#1d2330', type: 'dashed', width: 1.5 },
        itemStyle: { color: '#1d2330' },
        z: 4,
        silent: true,
      });
    }
  }
  return {
    title: options.title ? { text: options.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
    animation: false,
    legend: { top: options.title ? 22 : 0, type: 'scroll' },
    grid: { left: 64, right: 20, top: options.title ? 56 : 36, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const data = (params as { data?: PointDatum | GroupDatum }).data;
        if (data && 'point' in data) {
          const p = data.point;
          return tooltipBox(`${p.cell} · trial #${p.ordinal}`, [
            ['parameters', count(p.paramCount)],
            [LOSS_LABELS[key], num(p[key])],
            ['seed', String(p.seed)],
            ['layers × hidden', `${p.layers} × ${p.hidden}`],
          ]);
        }
        if (data && 'group' in data) {
          const g = data.group;
          const caution = g.metrics[METRIC_OF[key]]?.ciCaution ?? null;
          return tooltipBox(`${g.arm} · ${g.setting.label} (${g.seeds.length} seeds)`, [
            ['mean', num(data.value[3])],
            [ciLabel(analysis), `${num(data.value[1])} – ${num(data.value[2])}`],
            ...(caution === null ? [] : [['caution', caution] as [string, string]]),
          ]);
        }
        return '';
      },
    },
    xAxis: strip
      ? {
          type: 'value',
          name: 'cell (all at one size)',
          nameLocation: 'middle',
          nameGap: 28,
          min: -0.5,
          max: options.cells.length - 0.5,
          splitLine: { show: false },
          axisTick: { customValues: options.cells.map((_, index) => index) },
          axisLabel: {
            customValues: options.cells.map((_, index) => index),
            formatter: (value: number) => options.cells[Math.round(value)] ?? '',
          },
        }
      : { ...LOG_VALUE_AXIS, name: 'parameters (log)', min: options.xExtent?.[0], max: options.xExtent?.[1] },
    yAxis: {
      type: layout.y === 'log' ? 'log' : 'value',
      name: `${LOSS_LABELS[key]}${layout.y === 'log' ? ' (log)' : ''}`,
      nameLocation: 'middle',
      nameGap: 48,
      scale: true,
      min: options.yExtent?.[0],
      max: options.yExtent?.[1],
      axisLabel: { formatter: axisNumber },
      // On a strip x axis (-0.5 … n-0.5) the y axis would otherwise cross at x = 0, through the first strip.
      axisLine: { onZero: false },
    },
    series,
  };
}
