/** A sweep's progress: done/running/failed/queued as a stacked bar plus the numbers in text. */
import type { Progress } from '../api.js';
import { h } from '../dom.js';
import { count } from '../format.js';

export function progressBar(progress: Progress): HTMLElement {
  const total = Math.max(1, progress.total);
  const part = (kind: string, value: number) =>
    h('span', { class: `bar-${kind}`, attrs: { style: `width:${((100 * value) / total).toFixed(2)}%` } });
  return h(
    'div',
    { class: 'progress', data: { done: String(progress.done), total: String(progress.total) } },
    h(
      'div',
      { class: 'bar' },
      part('done', progress.done),
      part('running', progress.running),
      part('failed', progress.failed),
    ),
    h(
      'span',
      { class: 'progress-text' },
      `${count(progress.done)} done · ${count(progress.running)} running · ${count(progress.failed)} failed · ${count(progress.queued)} queued`,
    ),
  );
}
