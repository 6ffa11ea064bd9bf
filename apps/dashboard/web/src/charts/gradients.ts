/**
 * Gradient reach: ‖∂loss_T/∂x_t‖ (log) against how many steps back from the end the input was (1 = the last step),
 * one line per trial, colored by cell. A curve that stays up far to the right carries gradient from early inputs;
 * one that collapses after a few steps is the vanishing gradient. Zero and non-finite norms cannot sit on a log
 * axis and are left out of the line.
 */
import { num } from '../format.js';
import { cellColor, tooltipBox, type EChartsOption } from './echarts.js';

/** The trainer's reach threshold (packages/trainer GRADIENT_REACH_THRESHOLD); the sweep API echoes it too. */
export const REACH_THRESHOLD = 1e-3;

export interface GradientCurve {
  /** Series name: the legend toggles every curve of that name (the sweep page names curves by cell). */
  name: string;
  /** Tooltip title, e.g. `lstm #12`. */
  label: string;
  cell: string;
  /** Norms for t = 0..T-1 (input order, as stored). */
  norms: readonly (number | null)[];
  reach: number | null;
  /** Per-step log-slope of the curve (ln per step back), when recorded. */
  slope?: number | null;
  dashed?: boolean;
}

/** [steps back, norm] points of one curve: x = T − t, so the last input step is 1. */
export function stepsBackPoints(norms: readonly (number | null)[]): [number, number][] {
  const steps = norms.length;
  return norms.flatMap((norm, t) =>
    norm !== null && Number.isFinite(norm) && norm > 0 ? [[steps - t, norm] as [number, number]] : [],
  );
}

/** Curves with at least one point to draw (what the chart's `data-lines` counts). */
export function drawable(curves: readonly GradientCurve[]): GradientCurve[] {
  return curves.filter((curve) => stepsBackPoints(curve.norms).length > 0);
}

export function gradientReachOption(curves: readonly GradientCurve[], threshold: number): EChartsOption {
  const shown = drawable(curves);
  const cells = [...new Set(shown.map((curve) => curve.cell))].sort();
  const names = [...new Set(shown.map((curve) => curve.name))];
  return {
    animation: false,
    legend: { top: 0, type: 'scroll', data: names },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = params as { seriesIndex?: number; data?: [number, number] };
        const curve = shown[p.seriesIndex ?? -1];
        if (!curve || !p.data) return '';
        return tooltipBox(curve.label, [
          ['steps back', String(p.data[0])],
          ['‖∂loss/∂x‖', num(p.data[1])],
          [`reach (≥ ${threshold} of max)`, curve.reach === null ? '—' : `${curve.reach} steps`],
          ['slope (ln per step back)', curve.slope === null || curve.slope === undefined ? '—' : num(curve.slope, 3)],
        ]);
      },
    },
    xAxis: {
      type: 'value',
      name: 'steps back from the end (1 = last input step)',
      nameLocation: 'middle',
      nameGap: 28,
      min: 1,
    },
    // Norms span many decades: 1e-7 reads better than 0.0000001.
    grid: { left: 72, right: 20, top: 36, bottom: 48 },
    yAxis: {
      type: 'log',
      logBase: 10,
      name: '‖∂loss_T/∂x_t‖ (log)',
      nameLocation: 'middle',
      nameGap: 56,
      axisLabel: { formatter: (value: number) => (value < 1e-3 ? value.toExponential(0) : num(value)) },
    },
    series: shown.map((curve) => {
      const color = cellColor(curve.cell, cells.indexOf(curve.cell));
      return {
        type: 'line' as const,
        name: curve.name,
        symbol: 'none',
        lineStyle: { color, width: 1.2, opacity: 0.75, ...(curve.dashed ? { type: 'dashed' as const } : {}) },
        itemStyle: { color },
        emphasis: { focus: 'series' as const },
        data: stepsBackPoints(curve.norms),
      };
    }),
  };
}
