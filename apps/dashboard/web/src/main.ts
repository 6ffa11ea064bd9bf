/** The web UI's entry: a hash router over four pages (sweeps, sweep, trial, compare). */
import './style.css';
import { comparePageView } from './views/compare-page.js';
import { sweepPageView } from './views/sweep-page.js';
import { sweepsListView } from './views/sweeps-list.js';
import { trialPageView } from './views/trial-page.js';
import type { View } from './views/view.js';

const root = document.getElementById('app')!;
let current: View | undefined;

function route(): void {
  current?.dispose();
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path = '', queryText = ''] = hash.split('?');
  const [page = '', id = ''] = path.split('/').map(decodeURIComponent);
  window.scrollTo(0, 0);
  document.title = 'cellsweep dashboard';
  if (page === 'sweep' && id) current = sweepPageView(root, id);
  else if (page === 'trial' && id) current = trialPageView(root, id);
  else if (page === 'compare') {
    const ids = (new URLSearchParams(queryText).get('ids') ?? '').split(',').filter(Boolean);
    current = comparePageView(root, ids);
  } else current = sweepsListView(root);
}

window.addEventListener('hashchange', route);
route();
