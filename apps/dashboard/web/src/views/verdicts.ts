/**
 * Verdicts and summaries: the plain-words findings of @cellsweep/analysis (`analysis.external.result.verdicts`),
 * every paired comparison behind them (folded), and per-cell means with 95% CIs. (Gradient reach has its own panel:
 * gradient-panel.ts.)
 */
import type { Analysis } from '../api.js';
import { fill, h } from '../dom.js';
import { num } from '../format.js';

interface ExternalComparison {
  description?: unknown;
  verdict?: unknown;
  label?: unknown;
}

function comparisonText(comparison: ExternalComparison): string {
  if (typeof comparison.description === 'string') return comparison.description;
  const parts = [comparison.label, comparison.verdict].filter((part) => typeof part === 'string');
  return parts.length > 0 ? parts.join(': ') : JSON.stringify(comparison);
}

export function renderVerdicts(section: HTMLElement, analysis: Analysis): void {
  const result = analysis.external.result as { verdicts?: unknown; comparisons?: unknown } | null;
  const verdicts = Array.isArray(result?.verdicts) ? result.verdicts.filter((v): v is string => typeof v === 'string') : null;
  const comparisons = Array.isArray(result?.comparisons) ? (result.comparisons as ExternalComparison[]) : null;
  const details = comparisons && comparisons.length > 0
    ? h('details', {}, h('summary', {}, `All ${comparisons.length} paired comparisons`),
        h('ul', { class: 'verdicts' }, ...comparisons.map((comparison) => h('li', {}, comparisonText(comparison)))))
    : null;
  fill(section,
    h('h2', {}, 'Comparisons'),
    verdicts
      ? h('ul', { class: 'verdicts', attrs: { id: 'verdict-list' } }, ...verdicts.map((verdict) => h('li', {}, verdict)))
      : h('p', { class: 'muted small' }, `Paired-comparison verdicts: ${analysis.external.note || 'none in this sweep'}.`),
    verdicts && analysis.external.status === 'pending' ? h('p', { class: 'muted small' }, analysis.external.note) : null,
    details,
    h('table', { class: 'grid compact' },
      h('thead', {}, h('tr', {}, ...['cell', 'n', 'mean val loss', '95% CI', 'median'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...analysis.cells.map((entry) =>
        h('tr', {},
          h('td', {}, entry.cell),
          h('td', { class: 'num' }, String(entry.valLoss?.n ?? 0)),
          h('td', { class: 'num' }, num(entry.valLoss?.mean)),
          h('td', { class: 'num' }, entry.valLoss?.ci ? `${num(entry.valLoss.ci[0])} – ${num(entry.valLoss.ci[1])}` : '—'),
          h('td', { class: 'num' }, num(entry.valLoss?.median)))))),
    h('p', { class: 'muted small' }, `${analysis.completed} finished, ${analysis.notCompleted} not (left out).`),
  );
}
