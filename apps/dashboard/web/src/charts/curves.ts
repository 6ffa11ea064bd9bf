/**
 * Learning curves. Sweep-wide: per cell, the median validation loss (solid) and training loss (dashed) per epoch
 * bucket, with the 10–90th percentile band of validation loss (aggregated by the server, never epoch rows).
 * Best trials: the curves of a few trials overlaid, downsampled by the server.
 */
import type { CurveBand, TrialCurves } from '../api.js';
import { num } from '../format.js';
import { cellColor, tooltipBox, type EChartsOption } from './echarts.js';

export function bandsOption(bands: readonly CurveBand[]): EChartsOption {
  const cells = [...new Set(bands.map((band) => band.cell))];
  const series: unknown[] = [];
  cells.forEach((cell, index) => {
    const rows = bands.filter((band) => band.cell === cell);
    const color = cellColor(cell, index);
    const stack = `band-${index}`;
    // The band is two stacked series: an invisible p10 line, then (p90 − p10) filled on top of it.
    series.push({
      type: 'line',
      name: `${cell} val p10–p90`,
      stack,
      symbol: 'none',
      silent: true,
      lineStyle: { opacity: 0 },
      data: rows.map((row) => [row.epoch, row.valP10]),
    });
    series.push({
      type: 'line',
      name: `${cell} val p10–p90`,
      stack,
      symbol: 'none',
      silent: true,
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 0.15 },
      data: rows.map((row) => [row.epoch, row.valP90 !== null && row.valP10 !== null ? row.valP90 - row.valP10 : null]),
    });
    series.push({
      type: 'line',
      name: `${cell} validation`,
      symbol: 'none',
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      data: rows.map((row) => [row.epoch, row.valP50, row.trials]),
    });
    series.push({
      type: 'line',
      name: `${cell} train`,
      symbol: 'none',
      lineStyle: { color, width: 1.5, type: 'dashed' },
      itemStyle: { color },
      data: rows.map((row) => [row.epoch, row.trainP50, row.trials]),
    });
  });
  return {
    animation: false,
    legend: { top: 0, type: 'scroll', data: cells.flatMap((cell) => [`${cell} validation`, `${cell} train`]) },
    grid: { left: 64, right: 20, top: 36, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = params as { seriesName?: string; data?: [number, number | null, number] };
        if (!p.data) return '';
        return tooltipBox(p.seriesName ?? '', [
          ['epoch', String(p.data[0])],
          ['median loss', num(p.data[1])],
          ['trials', String(p.data[2] ?? '')],
        ]);
      },
    },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 28, min: 'dataMin' },
    yAxis: { type: 'log', name: 'loss (median, log)', logBase: 10, nameLocation: 'middle', nameGap: 44 },
    series: series as EChartsOption['series'],
  };
}

export function trialCurvesOption(curves: TrialCurves): EChartsOption {
  const cells = [...new Set(curves.trials.map((trial) => trial.cell))];
  const series = curves.trials.flatMap((trial) => {
    const color = cellColor(trial.cell, cells.indexOf(trial.cell));
    const label = `${trial.cell} #${trial.ordinal}`;
    return [
      {
        type: 'line' as const,
        name: label,
        symbol: 'none',
        lineStyle: { color, width: 1.5 },
        itemStyle: { color },
        data: trial.epochs.map((e) => [e.epoch, e.valLoss]),
      },
      {
        type: 'line' as const,
        name: label,
        symbol: 'none',
        lineStyle: { color, width: 1, type: 'dashed' as const, opacity: 0.6 },
        itemStyle: { color },
        data: trial.epochs.map((e) => [e.epoch, e.trainLoss]),
      },
    ];
  });
  return {
    animation: false,
    legend: { top: 0, type: 'scroll' },
    grid: { left: 64, right: 20, top: 36, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = params as { seriesName?: string; data?: [number, number | null] };
        return tooltipBox(p.seriesName ?? '', [
          ['epoch', String(p.data?.[0] ?? '')],
          ['loss', num(p.data?.[1])],
        ]);
      },
    },
    xAxis: { type: 'value', name: 'epoch (solid: validation, dashed: train)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'log', name: 'loss (log)', logBase: 10, nameLocation: 'middle', nameGap: 44 },
    series,
  };
}
