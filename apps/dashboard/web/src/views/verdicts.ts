/**
 * Verdicts and summaries: the plain-words findings of @cellsweep/analysis (`analysis.external.result.verdicts`),
 * every paired comparison behind them (folded), and the analysis's groups (task × setting × cell × size) with the
 * mean validation and test loss and their CIs, the same numbers `cellsweep compare` prints. (Gradient reach has its
 * own panel: gradient-panel.ts.)
 */
import type { Analysis, DashboardGroup, MetricSummary } from '../api.js';
import { fill, h } from '../dom.js';
import { ciLabel, num, settingColumn } from '../format.js';
import { importanceTable } from './importance-table.js';

/** Groups listed at most; the rest are in `cellsweep compare`. */
const MAX_GROUP_ROWS = 100;

/** The interval, starred when the analysis doubts it (too few seeds, or skewed); the star's tooltip says why. */
function intervalCell(summary: MetricSummary | null | undefined): HTMLElement {
  const text = summary?.ci ? `${num(summary.ci[0])} – ${num(summary.ci[1])}` : '—';
  const caution = summary?.ciCaution ?? null;
  return caution === null
    ? h('td', { class: 'num' }, text)
    : h('td', { class: 'num ci-caution', attrs: { title: caution } }, `${text} *`);
}

function groupTable(analysis: Analysis): HTMLElement {
  const ordered = [...analysis.groups].sort(
    (a, b) => (a.metrics.valLoss?.mean ?? Infinity) - (b.metrics.valLoss?.mean ?? Infinity),
  );
  const shown = ordered.slice(0, MAX_GROUP_ROWS);
  const ci = ciLabel(analysis);
  const setting = settingColumn(shown.map((g) => g.setting));
  const row = (g: DashboardGroup) =>
    h(
      'tr',
      { data: { groupKey: g.key } },
      h('td', { class: 'wrap', attrs: { title: g.setting.label } }, setting.short(g.setting.label)),
      h('td', {}, g.arm),
      h('td', { class: 'num' }, String(g.seeds.length)),
      h('td', { class: 'num' }, num(g.metrics.valLoss?.mean)),
      intervalCell(g.metrics.valLoss),
      h('td', { class: 'num' }, num(g.metrics.testLoss?.mean)),
      intervalCell(g.metrics.testLoss),
    );
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'grid compact', attrs: { id: 'group-stats' } },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['setting', 'cell', 'seeds', 'mean val loss', ci, 'mean test loss', ci].map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, ...shown.map(row)),
    ),
    shown.some((g) => g.metrics.valLoss?.ciCaution || g.metrics.testLoss?.ciCaution)
      ? h(
          'p',
          { class: 'muted small', attrs: { id: 'ci-caution-note' } },
          '* this interval may cover less than its level (too few seeds, or skewed values): hover it for why.',
        )
      : null,
    shown.length < ordered.length
      ? h(
          'p',
          { class: 'muted small' },
          `The ${shown.length} groups with the lowest mean validation loss of ${ordered.length}; \`cellsweep compare\` lists all.`,
        )
      : null,
  );
}

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

/** The verdict lines under one heading per setting; what every comparison shares is said once, above them. */
function verdictList(grouped: NonNullable<Analysis['external']['result']>['verdictSections']): HTMLElement[] {
  const items = grouped.sections.map((part) =>
    part.heading === null
      ? part.lines.map((line) => h('li', {}, line))
      : [
          h(
            'li',
            { class: 'verdict-setting' },
            h('strong', {}, part.heading),
            h('ul', {}, ...part.lines.map((line) => h('li', {}, line))),
          ),
        ],
  );
  return [
    ...(grouped.context === null
      ? []
      : [h('p', { class: 'muted small', attrs: { id: 'verdict-context' } }, `All comparisons: ${grouped.context}`)]),
    h('ul', { class: 'verdicts', attrs: { id: 'verdict-list' } }, ...items.flat()),
  ];
}

/**
 * When the statistics on the page were computed, and whether trials finished since: a large sweep's groups are
 * recomputed at most every few seconds while it runs (the server's SweepCache), so they can lag the charts' counts.
 */
function asOf(analysis: Analysis, latestChange: string | null): HTMLElement | null {
  if (analysis.version === 'empty') return null;
  const at = new Date(analysis.version).toLocaleTimeString();
  const stale = latestChange !== null && latestChange > analysis.version;
  return h(
    'p',
    { class: 'muted small', attrs: { id: 'analysis-as-of' }, data: { stale: String(stale) } },
    stale
      ? `Groups and intervals as of ${at}, stale since then: trials finished later count at the next recomputation (a large sweep's is coalesced while trials finish).`
      : `Groups and intervals as of ${at} (the latest result).`,
  );
}

export function renderVerdicts(section: HTMLElement, analysis: Analysis, latestChange: string | null = null): void {
  const result = analysis.external.result as { verdicts?: unknown; comparisons?: unknown } | null;
  const grouped = analysis.external.result?.verdictSections ?? null;
  const comparisons = Array.isArray(result?.comparisons) ? (result.comparisons as ExternalComparison[]) : null;
  const details =
    comparisons && comparisons.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, `All ${comparisons.length} paired comparisons`),
          h('ul', { class: 'verdicts' }, ...comparisons.map((comparison) => h('li', {}, comparisonText(comparison)))),
        )
      : null;
  fill(
    section,
    h('h2', {}, 'Comparisons'),
    ...(grouped
      ? verdictList(grouped)
      : [
          h(
            'p',
            { class: 'muted small' },
            `Paired-comparison verdicts: ${analysis.external.note || 'none in this sweep'}.`,
          ),
        ]),
    grouped && analysis.external.status === 'pending' ? h('p', { class: 'muted small' }, analysis.external.note) : null,
    details,
    importanceTable(analysis),
    asOf(analysis, latestChange),
    groupTable(analysis),
    h(
      'p',
      { class: 'muted small' },
      `${analysis.counts.analysed} finished, ${analysis.counts.rows - analysis.counts.analysed} not (left out).`,
    ),
  );
}
