/** Per-cell distribution of validation loss over seeds: one box per cell × size (or per cell when there are many sizes). */
import type { Analysis, Summary } from '../api.js';
import { count, num } from '../format.js';
import { cellColor, tooltipBox, type EChartsOption } from './echarts.js';

const MAX_BOXES = 40;

export function distributionOption(analysis: Analysis): EChartsOption {
  const perGroup = analysis.groups.length <= MAX_BOXES;
  const cells = analysis.cells.map((entry) => entry.cell);
  const boxes: { label: string; cell: string; summary: Summary }[] = perGroup
    ? analysis.groups.flatMap((group) =>
        group.valLoss ? [{ label: `${group.cell} ${group.sizeKind === 'budget' ? '≈' : 'h='}${count(group.size)}`, cell: group.cell, summary: group.valLoss }] : [],
      )
    : analysis.cells.flatMap((entry) => (entry.valLoss ? [{ label: entry.cell, cell: entry.cell, summary: entry.valLoss }] : []));
  return {
    animation: false,
    grid: { left: 64, right: 20, top: 24, bottom: 72 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const box = boxes[(params as { dataIndex: number }).dataIndex];
        if (!box) return '';
        const s = box.summary;
        return tooltipBox(`${box.label} (n = ${s.n})`, [
          ['median', num(s.median)],
          ['quartiles', `${num(s.q1)} – ${num(s.q3)}`],
          ['range', `${num(s.min)} – ${num(s.max)}`],
          ['mean, 95% CI', s.ci ? `${num(s.mean)} (${num(s.ci[0])} – ${num(s.ci[1])})` : num(s.mean)],
        ]);
      },
    },
    xAxis: { type: 'category', data: boxes.map((box) => box.label), axisLabel: { rotate: 35 } },
    yAxis: { type: 'value', name: 'validation loss', nameLocation: 'middle', nameGap: 48, scale: true },
    series: [
      {
        type: 'boxplot',
        name: 'validation loss over seeds',
        data: boxes.map((box) => ({
          value: [box.summary.min, box.summary.q1, box.summary.median, box.summary.q3, box.summary.max],
          itemStyle: { borderColor: cellColor(box.cell, cells.indexOf(box.cell)), color: '#fff' },
        })),
      },
    ],
  };
}
