/** The sweeps list: name, task, status, progress, start time and best result; refreshed every few seconds. */
import { api, type Sweep } from '../api.js';
import { h, hashHref, link } from '../dom.js';
import { num, when } from '../format.js';
import { progressBar } from './progress.js';
import { errorBox, type View } from './view.js';

const REFRESH_MS = 5_000;

export function sweepsListView(root: HTMLElement): View {
  const selected = new Set<string>();
  const compareButton = h(
    'button',
    {
      attrs: { type: 'button', disabled: true },
      on: {
        click: () => {
          window.location.hash = `#/compare?ids=${[...selected].map(encodeURIComponent).join(',')}`;
        },
      },
    },
    'Compare selected',
  );
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'grid', attrs: { id: 'sweeps-table' } },
    h(
      'thead',
      {},
      h('tr', {}, ...['', 'Name', 'Task', 'Status', 'Progress', 'Started', 'Best val loss'].map((t) => h('th', {}, t))),
    ),
    body,
  );
  const status = h('p', { class: 'muted' }, 'Loading…');
  root.replaceChildren(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Sweeps'),
      h(
        'div',
        { class: 'actions' },
        compareButton,
        ' ',
        h('a', { class: 'button', attrs: { href: '/api/sweeps?format=csv' } }, 'Export CSV'),
        ' ',
        h('a', { class: 'button', attrs: { href: '/api/sweeps?limit=200', target: '_blank' } }, 'JSON'),
      ),
    ),
    status,
    h('div', { class: 'table-scroll' }, table),
  );

  const row = (sweep: Sweep) =>
    h(
      'tr',
      { data: { sweepId: sweep.id } },
      h(
        'td',
        {},
        h('input', {
          attrs: { type: 'checkbox', 'aria-label': 'select for comparison', checked: selected.has(sweep.id) },
          on: {
            change: (event) => {
              const box = event.target as HTMLInputElement;
              if (box.checked) selected.add(sweep.id);
              else selected.delete(sweep.id);
              compareButton.disabled = selected.size < 2;
            },
          },
        }),
      ),
      h('td', { class: 'sweep-name' }, link(sweep.name, 'sweep', sweep.id)),
      h('td', {}, sweep.task ?? '—'),
      h('td', {}, h('span', { class: `status status-${sweep.status.toLowerCase()}` }, sweep.status)),
      h('td', {}, progressBar(sweep.progress)),
      h('td', {}, when(sweep.startedAt)),
      h(
        'td',
        { class: 'num' },
        sweep.bestTrialId
          ? h('a', { attrs: { href: hashHref('trial', sweep.bestTrialId) } }, num(sweep.bestValLoss))
          : num(sweep.bestValLoss),
      ),
    );

  let timer: number | undefined;
  let disposed = false;
  const load = async () => {
    try {
      const page = await api.sweeps(0, 200);
      if (disposed) return;
      body.replaceChildren(...page.items.map(row));
      status.textContent =
        page.total === 0 ? 'No sweeps yet: run `cellsweep run examples/quick.yaml`.' : `${page.total} sweep(s)`;
    } catch (error) {
      status.replaceWith(errorBox(error));
    }
    if (!disposed) timer = window.setTimeout(load, REFRESH_MS);
  };
  void load();
  return {
    dispose: () => {
      disposed = true;
      window.clearTimeout(timer);
    },
  };
}
