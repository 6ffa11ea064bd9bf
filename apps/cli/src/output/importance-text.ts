/**
 * The hyperparameter-importance section of `cellsweep compare`: per task, each varying field's share of the variance
 * in validation loss (fANOVA, `SweepAnalysis.importance` from @cellsweep/analysis) and the strongest pair
 * interactions. This file only lays the numbers out.
 */
import type { FieldImportance, HyperparameterImportance, PairInteraction, SweepAnalysis } from '@cellsweep/analysis';
import { renderTable } from './text-table.js';

/** Interactions below this share of variance are not listed (they are in `--format json`). */
const SHOWN_INTERACTION = 0.01;

const percent = (share: number): string => `${(100 * share).toFixed(1)}%`;

/** The section, or '' when no task has two or more varying fields. */
export function renderImportance(analysis: Pick<SweepAnalysis, 'importance'>): string {
  const results = analysis.importance ?? [];
  if (results.length === 0) return '';
  return results.map(renderTask).join('\n\n');
}

function renderTask(result: HyperparameterImportance): string {
  const task = result.task === '' ? '' : ` (${result.task})`;
  const fields = renderTable<FieldImportance>(
    [
      { header: 'field', value: (f) => f.field },
      { header: 'values', value: (f) => f.values },
      { header: 'variance explained', value: (f) => `${percent(f.importance)} ± ${percent(f.sd)}`, align: 'right' },
      { header: 'normalised', value: (f) => percent(f.normalized), align: 'right' },
    ],
    result.fields,
  );
  const shown = result.interactions.filter((pair) => pair.importance >= SHOWN_INTERACTION);
  const pairs =
    shown.length === 0
      ? `no pair of fields interacts above ${percent(SHOWN_INTERACTION)} of the variance`
      : renderTable<PairInteraction>(
          [
            { header: 'interaction', value: (p) => p.fields.join(' × ') },
            {
              header: 'variance explained',
              value: (p) => `${percent(p.importance)} ± ${percent(p.sd)}`,
              align: 'right',
            },
          ],
          shown,
        );
  const from = result.sampledFrom;
  const sampled = from === null ? '' : ` (a seeded sample of the ${from.toLocaleString('en-US')})`;
  const leftOut = result.leftOut === 0 ? '' : `; ${result.leftOut} without a finite validation loss left out`;
  return (
    `Hyperparameter importance for validation loss${task}:\n` +
    `${result.method}, ${result.trials.toLocaleString('en-US')} trials${sampled}${leftOut} (± = sd over trees):\n` +
    `${fields}\n${pairs}` +
    (result.caution === null ? '' : `\n* ${result.caution}`)
  );
}
