/**
 * The leaderboard: a server-paged trial table, sortable by any column, filterable by cell, budget, status and each
 * varying hyperparameter, exportable (CSV/JSON) exactly as filtered.
 */
import { api, type Facet, type Trial, type TrialStatus } from '../api.js';
import { h, hashHref } from '../dom.js';
import { count, duration, hpValue, num } from '../format.js';
import { errorBox } from './view.js';

const PAGE_SIZE = 50;
const STATUSES: TrialStatus[] = ['COMPLETED', 'RUNNING', 'PENDING', 'FAILED', 'CANCELLED'];

interface Column {
  header: string;
  sort?: string;
  value: (trial: Trial) => Node | string;
  numeric?: boolean;
}

export interface LeaderboardFacets {
  cells: string[];
  budgets: number[];
  hyperparameters: Facet[];
}

export interface Leaderboard {
  element: HTMLElement;
  /** Re-reads the current page (the live view calls this when trials change). */
  refresh(): Promise<void>;
}

function valueAt(config: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      config,
    );
}

function select(
  id: string,
  label: string,
  options: [string, string][],
  onChange: (value: string) => void,
): HTMLElement {
  const element = h(
    'select',
    { attrs: { id }, on: { change: (event) => onChange((event.target as HTMLSelectElement).value) } },
    ...options.map(([value, text]) => h('option', { attrs: { value } }, text)),
  );
  return h('label', { class: 'filter' }, `${label} `, element);
}

/** The filter part of a leaderboard query (no sort or page), as `/points` takes it. */
export type FilterQuery = URLSearchParams;

export function leaderboard(
  sweepId: string,
  facets: LeaderboardFacets,
  onFilter?: (filter: FilterQuery) => void,
): Leaderboard {
  const state = {
    cell: '',
    status: '',
    budget: '',
    hp: new Map<string, string>(),
    sort: 'valLoss',
    order: 'asc' as 'asc' | 'desc',
    offset: 0,
  };

  const columns: Column[] = [
    {
      header: '#',
      sort: 'ordinal',
      numeric: true,
      value: (t) => h('a', { attrs: { href: hashHref('trial', t.id) } }, String(t.ordinal)),
    },
    { header: 'cell', sort: 'cell', value: (t) => t.cell },
    { header: 'layers × hidden', sort: 'hidden', numeric: true, value: (t) => `${t.layers} × ${t.hidden}` },
    {
      header: 'budget',
      sort: 'paramBudget',
      numeric: true,
      value: (t) => (t.paramBudget === null ? '—' : count(t.paramBudget)),
    },
    { header: 'params', sort: 'paramCount', numeric: true, value: (t) => count(t.paramCount) },
    { header: 'seed', sort: 'seed', numeric: true, value: (t) => String(t.seed) },
    {
      header: 'status',
      sort: 'status',
      value: (t) => h('span', { class: `status status-${t.status.toLowerCase()}` }, t.status),
    },
    // An option the trial's cell does not have (an RNN's pinned unitForgetBias) shows as "—", not as a value.
    ...facets.hyperparameters.map((facet) => ({
      header: facet.path,
      value: (t: Trial) => hpValue(facet.cells && !facet.cells.includes(t.cell) ? null : valueAt(t.config, facet.path)),
    })),
    { header: 'train', sort: 'trainLoss', numeric: true, value: (t) => num(t.trainLoss) },
    {
      header: 'val',
      sort: 'valLoss',
      numeric: true,
      value: (t) => (t.diverged && t.valLoss === null ? 'diverged' : num(t.valLoss)),
    },
    { header: 'test', sort: 'testLoss', numeric: true, value: (t) => num(t.testLoss) },
    { header: 'gap', sort: 'generalizationGap', numeric: true, value: (t) => num(t.generalizationGap) },
    {
      header: 'epochs',
      sort: 'epochsRun',
      numeric: true,
      value: (t) => (t.epochsRun === null ? '—' : String(t.epochsRun)),
    },
    { header: 'time', sort: 'wallTimeMs', numeric: true, value: (t) => duration(t.wallTimeMs) },
    // The fused kernel build that trained it (native-avx2, relaxed, ...): rates are comparable within one build.
    { header: 'kernels', value: (t) => t.kernels ?? '—' },
  ];

  const params = (): URLSearchParams => {
    const query = new URLSearchParams({ sort: state.sort, order: state.order });
    if (state.cell) query.set('cell', state.cell);
    if (state.status) query.set('status', state.status);
    if (state.budget) query.set('budget', state.budget);
    for (const [path, value] of state.hp) if (value !== '') query.set(`hp.${path}`, value);
    return query;
  };

  const head = h('tr');
  const body = h('tbody');
  const table = h('table', { class: 'grid leaderboard', attrs: { id: 'leaderboard' } }, h('thead', {}, head), body);
  const info = h('span', { class: 'muted', attrs: { id: 'leaderboard-info' } });
  const prev = h(
    'button',
    {
      attrs: { type: 'button' },
      on: {
        click: () => {
          state.offset = Math.max(0, state.offset - PAGE_SIZE);
          void load();
        },
      },
    },
    '‹ Prev',
  );
  const next = h(
    'button',
    {
      attrs: { type: 'button' },
      on: {
        click: () => {
          state.offset += PAGE_SIZE;
          void load();
        },
      },
    },
    'Next ›',
  );
  const csv = h('a', { class: 'button', attrs: { id: 'export-csv' } }, 'Export CSV');
  const json = h('a', { class: 'button', attrs: { id: 'export-json' } }, 'Export JSON');
  const problems = h('div');

  const renderHead = () => {
    head.replaceChildren(
      ...columns.map((column) => {
        const active = column.sort === state.sort;
        const th = h(
          'th',
          {
            class: column.numeric ? 'num' : '',
            attrs: { 'aria-sort': active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined },
          },
          column.header,
          active ? (state.order === 'asc' ? ' ▲' : ' ▼') : '',
        );
        if (column.sort) {
          th.classList.add('sortable');
          th.addEventListener('click', () => {
            if (state.sort === column.sort) state.order = state.order === 'asc' ? 'desc' : 'asc';
            else {
              state.sort = column.sort!;
              state.order = 'asc';
            }
            state.offset = 0;
            void load();
          });
        }
        return th;
      }),
    );
  };

  const filterChanged = () => {
    state.offset = 0;
    void load();
    const filter = params();
    filter.delete('sort');
    filter.delete('order');
    onFilter?.(filter);
  };
  const filters = h(
    'div',
    { class: 'filters' },
    select('filter-cell', 'cell', [['', 'any'], ...facets.cells.map((c): [string, string] => [c, c])], (v) => {
      state.cell = v;
      filterChanged();
    }),
    facets.budgets.length > 0
      ? select(
          'filter-budget',
          'budget',
          [['', 'any'], ...facets.budgets.map((b): [string, string] => [String(b), count(b)])],
          (v) => {
            state.budget = v;
            filterChanged();
          },
        )
      : null,
    select(
      'filter-status',
      'status',
      [['', 'any'], ...STATUSES.map((s): [string, string] => [s, s.toLowerCase()])],
      (v) => {
        state.status = v;
        filterChanged();
      },
    ),
    ...facets.hyperparameters.map((facet, index) =>
      select(
        `filter-hp-${index}`,
        facet.path,
        [['', 'any'], ...facet.values.map((v): [string, string] => [String(v), hpValue(v)])],
        (v) => {
          state.hp.set(facet.path, v);
          filterChanged();
        },
      ),
    ),
  );

  let loading = 0;
  async function load(): Promise<void> {
    const ticket = ++loading;
    const query = params();
    const exportQuery = new URLSearchParams(query);
    exportQuery.set('format', 'csv');
    csv.setAttribute('href', `/api/sweeps/${encodeURIComponent(sweepId)}/trials?${exportQuery}`);
    exportQuery.set('format', 'json');
    exportQuery.set('download', '1');
    json.setAttribute('href', `/api/sweeps/${encodeURIComponent(sweepId)}/trials?${exportQuery}`);
    query.set('offset', String(state.offset));
    query.set('limit', String(PAGE_SIZE));
    try {
      const page = await api.trials(sweepId, query);
      if (ticket !== loading) return;
      renderHead();
      body.replaceChildren(
        ...page.items.map((trial) =>
          h(
            'tr',
            { data: { trialId: trial.id } },
            ...columns.map((column) => h('td', { class: column.numeric ? 'num' : '' }, column.value(trial))),
          ),
        ),
      );
      table.dataset.total = String(page.total);
      info.textContent =
        page.total === 0
          ? 'no trials match'
          : `${count(page.offset + 1)}–${count(page.offset + page.items.length)} of ${count(page.total)}`;
      prev.disabled = page.offset === 0;
      next.disabled = page.offset + page.items.length >= page.total;
      problems.replaceChildren();
    } catch (error) {
      problems.replaceChildren(errorBox(error));
    }
  }

  const element = h(
    'section',
    { class: 'panel wide' },
    h('div', { class: 'panel-head' }, h('h2', {}, 'Leaderboard'), h('div', { class: 'actions' }, csv, ' ', json)),
    filters,
    problems,
    h('div', { class: 'table-scroll' }, table),
    h('div', { class: 'pager' }, prev, ' ', info, ' ', next),
  );
  void load();
  return { element, refresh: load };
}
