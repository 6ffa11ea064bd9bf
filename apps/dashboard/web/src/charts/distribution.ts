/**
 * Validation loss over seeds: one box per group of @cellsweep/analysis (task × setting × cell × size), never pooled
 * across tasks or sizes. With more groups than fit, the ones with the lowest mean are drawn and the title says so.
 */
import type { Analysis, DashboardGroup } from '../api.js';
import { ciLabel, num } from '../format.js';
import { cellColor, tooltipBox, type EChartsOption } from './echarts.js';
import { axisNumber, useLogScale, type YScale } from './scales.js';

const MAX_BOXES = 40;

interface Box {
  label: string;
  group: DashboardGroup;
  mean: number;
  ci: readonly [number, number] | null;
  quartiles: [number, number];
}

/** A box's label: the cell, then only what tells this sweep's groups apart (size, and task when several). */
function boxLabel(group: DashboardGroup, tasks: number): string {
  const { kind, value } = group.setting.size;
  const size = `${kind === 'budget' ? '≈' : 'h='}${value.toLocaleString('en-US')}`;
  return [group.arm, size, ...(tasks > 1 ? [group.setting.task] : [])].join(' ');
}

/** The boxes, and whether their loss axis is logarithmic (the same rule as the scatter's: see scales.ts). */
export function distributionOption(
  analysis: Analysis,
  yScale: YScale = 'auto',
): { option: EChartsOption; logY: boolean } {
  const tasks = new Set(analysis.groups.map((group) => group.setting.task)).size;
  const all: Box[] = analysis.groups.flatMap((group) => {
    const summary = group.metrics.valLoss;
    const quartiles = group.quartiles.valLoss;
    if (!summary || !quartiles) return [];
    return [{ label: boxLabel(group, tasks), group, mean: summary.mean, ci: summary.ci, quartiles }];
  });
  const boxes = all.length <= MAX_BOXES ? all : [...all].sort((a, b) => a.mean - b.mean).slice(0, MAX_BOXES);
  const cells = [...new Set(analysis.groups.map((group) => group.cell))].sort();
  const extremes = boxes.flatMap((box) => [
    box.group.metrics.valLoss?.min ?? NaN,
    box.group.metrics.valLoss?.max ?? NaN,
  ]);
  const logY = useLogScale(extremes.filter(Number.isFinite), yScale);
  const option: EChartsOption = {
    animation: false,
    title:
      boxes.length < all.length
        ? {
            text: `the ${MAX_BOXES} groups with the lowest mean of ${all.length}`,
            left: 'center',
            textStyle: { fontSize: 12 },
          }
        : undefined,
    grid: { left: 64, right: 20, top: 24, bottom: 72 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const box = boxes[(params as { dataIndex: number }).dataIndex];
        if (!box) return '';
        const s = box.group.metrics.valLoss;
        if (!s) return '';
        return tooltipBox(`${box.group.arm} · ${box.group.setting.label} (n = ${s.n})`, [
          ['median', num(s.median)],
          ['quartiles', `${num(box.quartiles[0])} – ${num(box.quartiles[1])}`],
          ['range', `${num(s.min)} – ${num(s.max)}`],
          [`mean, ${ciLabel(analysis)}`, s.ci ? `${num(s.mean)} (${num(s.ci[0])} – ${num(s.ci[1])})` : num(s.mean)],
          ...(s.ciCaution === null ? [] : [['caution', s.ciCaution] as [string, string]]),
        ]);
      },
    },
    xAxis: { type: 'category', data: boxes.map((box) => box.label), axisLabel: { rotate: 35 } },
    yAxis: {
      type: logY ? 'log' : 'value',
      name: `validation loss${logY ? ' (log)' : ''}`,
      nameLocation: 'middle',
      nameGap: 48,
      scale: true,
      axisLabel: { formatter: axisNumber },
    },
    series: [
      {
        type: 'boxplot',
        name: 'validation loss over seeds',
        data: boxes.map((box) => {
          const s = box.group.metrics.valLoss;
          return {
            value: [s?.min ?? 0, box.quartiles[0], s?.median ?? 0, box.quartiles[1], s?.max ?? 0],
            itemStyle: { borderColor: cellColor(box.group.cell, cells.indexOf(box.group.cell)), color: '#fff' },
          };
        }),
      },
    ],
  };
  return { option, logY };
}
