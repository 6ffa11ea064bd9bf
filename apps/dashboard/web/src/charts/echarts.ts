/**
 * ECharts, tree-shaken to what the dashboard draws (scatter, line, boxplot, parallel coordinates, custom error
 * bars). Tooltips are built as DOM elements with text nodes, never HTML strings: series and trial labels can carry
 * user-supplied names.
 */
import { BoxplotChart, CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { h } from '../dom.js';

echarts.use([
  ScatterChart,
  LineChart,
  BoxplotChart,
  ParallelChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  ParallelComponent,
  VisualMapComponent,
  TitleComponent,
  CanvasRenderer,
]);

export type { EChartsOption };

const CELL_COLORS: Record<string, string> = { rnn: '#e8793b', lstm: '#2f5bd3', gru: '#2a9d62', transformer: '#8e44ad' };
const EXTRA_COLORS = ['#9b59b6', '#c0392b', '#16a085', '#7f8c8d', '#d4ac0d'];

export function cellColor(cell: string, index = 0): string {
  return CELL_COLORS[cell.toLowerCase()] ?? EXTRA_COLORS[index % EXTRA_COLORS.length]!;
}

export interface Chart {
  element: HTMLElement;
  set(option: EChartsOption, replace?: boolean): void;
  onClick(handler: (params: { seriesName?: string; data?: unknown; value?: unknown }) => void): void;
  dispose(): void;
}

/** A chart in `element`, resized with it; `dispose()` when the view goes away. */
export function mountChart(element: HTMLElement): Chart {
  const instance = echarts.init(element, undefined, { renderer: 'canvas' });
  const observer = new ResizeObserver(() => instance.resize());
  observer.observe(element);
  return {
    element,
    set: (option, replace = false) => instance.setOption(option, { notMerge: replace, lazyUpdate: true }),
    onClick: (handler) => instance.on('click', (params) => handler(params as never)),
    dispose: () => {
      observer.disconnect();
      instance.dispose();
    },
  };
}

/** A tooltip body: a bold title line then label/value rows, all text. */
export function tooltipBox(title: string, rows: [string, string][]): HTMLElement {
  return h(
    'div',
    { class: 'tip' },
    h('strong', {}, title),
    ...rows.map(([label, value]) => h('div', {}, h('span', { class: 'tip-label' }, `${label}: `), value)),
  );
}

export const LOG_VALUE_AXIS = { type: 'log', logBase: 10, nameLocation: 'middle', nameGap: 28 } as const;
