/**
 * Hyperparameter importance: per task, each varying field's share of the variance in validation loss and the pair
 * interactions above 1% (fANOVA, `analysis.external.result.importance` from @cellsweep/analysis), the numbers
 * `cellsweep compare` prints. This file only lays them out.
 */
import type { Analysis } from '../api.js';
import { h } from '../dom.js';
import { settingColumn } from '../format.js';

type Importance = NonNullable<Analysis['external']['result']>['importance'][number];

/** Interactions below this share are left to the JSON, as in `cellsweep compare`. */
const SHOWN_INTERACTION = 0.01;

const percent = (share: number): string => `${(100 * share).toFixed(1)}%`;

/** The table, or null when no task has two or more varying fields (or the analysis is not there yet). */
export function importanceTable(analysis: Analysis): HTMLElement | null {
  const results: readonly Importance[] = analysis.external.result?.importance ?? [];
  if (results.length === 0) return null;
  // The task column names only what tells the tasks apart, as every other table; what they share is said once.
  const task = settingColumn(results.map((result) => ({ label: result.task, task: result.task })));
  const rows = results.flatMap((result) => [
    ...result.fields.map((field) => ({
      task: result.task,
      name: field.field,
      share: `${percent(field.importance)} ± ${percent(field.sd)}`,
      normalized: percent(field.normalized),
    })),
    ...result.interactions
      .filter((pair) => pair.importance >= SHOWN_INTERACTION)
      .map((pair) => ({
        task: result.task,
        name: pair.fields.join(' × '),
        share: `${percent(pair.importance)} ± ${percent(pair.sd)}`,
        normalized: '—',
      })),
  ]);
  const cautions = results.flatMap((result) =>
    result.caution === null
      ? []
      : [results.length > 1 ? `${task.short(result.task)}: ${result.caution}` : result.caution],
  );
  return h(
    'div',
    { attrs: { id: 'importance' } },
    h('h3', {}, 'Hyperparameter importance (validation loss)'),
    ...(task.shared
      ? [h('p', { class: 'muted small', attrs: { id: 'importance-context' } }, `All rows: ${task.shared}`)]
      : []),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'grid compact', attrs: { id: 'importance-table' } },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['task', 'field', 'variance explained ± sd over trees', 'normalised'].map((t) => h('th', {}, t)),
          ),
        ),
        h(
          'tbody',
          {},
          ...rows.map((row) =>
            h(
              'tr',
              { data: { field: row.name } },
              h('td', { class: 'wrap', attrs: { title: row.task } }, task.short(row.task)),
              h('td', {}, row.name),
              h('td', { class: 'num' }, row.share),
              h('td', { class: 'num' }, row.normalized),
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted small' },
      "fANOVA over a random forest (Hutter et al. 2014, as Optuna's default): each field's share on its own, " +
        "and each pair's together beyond that.",
    ),
    ...cautions.map((caution) => h('p', { class: 'muted small' }, caution)),
  );
}
