/** One self-contained HTML file: styles, ECharts (inlined, so it opens offline), the data and the drawing script. */
import { readFileSync } from 'node:fs';
import type { ReportData } from './report-data.js';
import { REPORT_SCRIPT } from './report-script.js';

/** ECharts' browser bundle, copied next to this file at build time (apps/cli/scripts/vendor-echarts.mjs). */
const ECHARTS_URL = new URL('./echarts.min.js', import.meta.url);

/** JSON that is safe inside a <script> element: `<` is escaped, so a name like `</script>` cannot close it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function renderReport(data: ReportData): string {
  const echarts = readFileSync(ECHARTS_URL, 'utf8');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cellsweep report: ${escapeHtml(data.sweep.name)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px; color: #222; }
  h1 { font-size: 22px; margin: 8px 0 0; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; }
  .sub { color: #666; margin-bottom: 12px; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  .chart { height: 360px; border: 1px solid #eee; border-radius: 6px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { padding: 4px 8px; border-bottom: 1px solid #eee; text-align: right; } th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
  li { margin: 3px 0; } .note { color: #666; font-size: 13px; }
  @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<h1 id="title"></h1>
<div class="sub" id="subtitle"></div>
<h2>Verdict</h2>
<p class="sub" id="verdict-context"></p>
<ul id="verdicts"></ul>
<p class="note">Cells are compared on the same seeds (same data) with an exact Wilcoxon signed-rank test, Holm-corrected across all comparisons.</p>
<h2>Per cell, over seeds (mean, 95% Student-t CI)</h2>
<p class="sub" id="groups-context"></p>
<table id="groups"><tr><th>setting</th><th>cell</th><th>seeds</th><th>params</th><th>test loss</th><th>val loss</th><th>gap (test-train)</th><th>test metric</th></tr></table>
<p class="note" id="groups-caution"></p>
<h2>Parameters vs held-out loss</h2>
<p class="note">Each dot is a trial; vertical bars are the 95% CI of each cell's mean; the dashed line is the Pareto frontier of group means (one per task; cells sized from one budget are one size).</p>
<p class="note" id="scatter-layout"></p>
<p class="note" id="points-note"></p>
<div class="grid"><div class="chart" id="chart-test"></div><div class="chart" id="chart-val"></div></div>
<h2>Generalization gap vs parameters</h2>
<div class="grid"><div class="chart" id="chart-gap"></div><div></div></div>
<h2>Learning curves</h2>
<p class="note" id="curves-note"></p>
<div class="grid"><div class="chart" id="chart-train-curves"></div><div class="chart" id="chart-val-curves"></div></div>
<h2>Gradient reach and slope</h2>
<p class="note" id="gradient-note"></p>
<div class="grid" id="gradient-charts"><div class="chart" id="chart-gradients"></div><div class="chart" id="chart-gradient-slopes"></div></div>
<p class="note" id="gradient-slope-note"></p>
<table id="gradient-slopes"><tr><th>setting</th><th>cell</th><th>seeds</th><th>initial slope / step [95% CI]</th><th>initial</th><th>final slope / step [95% CI]</th><th>final</th><th>final ×/step</th></tr></table>
<h2>Hyperparameter importance (validation loss)</h2>
<p class="note" id="importance-note"></p>
<table id="importance"><tr><th>task</th><th>field</th><th>values</th>
<th>variance explained (± sd over trees)</th><th>normalised</th></tr></table>
<script type="application/json" id="report-data">${scriptSafeJson(data)}</script>
<script>${echarts.replace(/<\/script/gi, '<\\/script')}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
