/**
 * Parallel coordinates: each varying hyperparameter, cell and parameter count → validation loss, one line per
 * finished trial. An option some cells lack is a category axis with a "—" for those cells' trials.
 */
import type { Facet, Point } from '../api.js';
import type { EChartsOption } from './echarts.js';

const NOT_APPLICABLE = '—';

export function parallelOption(points: readonly Point[], hyperparameters: readonly Facet[]): EChartsOption {
  const finished = points.filter((point) => point.status === 'COMPLETED' && point.valLoss !== null);
  const cells = [...new Set(finished.map((point) => point.cell))].sort();
  const losses = finished.map((point) => point.valLoss!);
  const numeric = hyperparameters.map(
    (facet) => !facet.cells && facet.values.every((value) => typeof value === 'number'),
  );
  const shown = (value: unknown): string => (value === null || value === undefined ? NOT_APPLICABLE : String(value));
  const axes = [
    { dim: 0, name: 'cell', type: 'category' as const, data: cells },
    ...hyperparameters.map((facet, index) =>
      numeric[index]
        ? { dim: index + 1, name: facet.path, type: 'value' as const, scale: true }
        : {
            dim: index + 1,
            name: facet.path,
            type: 'category' as const,
            data: [...facet.values.map(shown), ...(facet.cells ? [NOT_APPLICABLE] : [])],
          },
    ),
    { dim: hyperparameters.length + 1, name: 'parameters', type: 'log' as const },
    { dim: hyperparameters.length + 2, name: 'val loss', type: 'value' as const, scale: true },
  ];
  const data = finished.map((point) => [
    point.cell,
    ...point.hp.map((value, index) => (numeric[index] ? value : shown(value))),
    point.paramCount,
    point.valLoss,
  ]);
  return {
    animation: false,
    parallelAxis: axes,
    parallel: {
      left: 60,
      right: 90,
      top: 40,
      bottom: 30,
      parallelAxisDefault: { nameLocation: 'end', nameGap: 12, nameTextStyle: { fontSize: 11 } },
    },
    visualMap: {
      type: 'continuous',
      dimension: hyperparameters.length + 2,
      min: losses.length ? Math.min(...losses) : 0,
      max: losses.length ? Math.max(...losses) : 1,
      inRange: { color: ['#2a9d62', '#f1c40f', '#c0392b'] },
      right: 0,
      top: 'middle',
      itemHeight: 120,
      text: ['worse', 'better'],
      calculable: true,
    },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1, opacity: finished.length > 2_000 ? 0.15 : 0.45 },
        data,
        progressive: 2_000,
      },
    ],
  } as EChartsOption;
}
