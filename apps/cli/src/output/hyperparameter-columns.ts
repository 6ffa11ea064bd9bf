/**
 * Columns for the settings that vary across a sweep's trials beyond cell, size, layers and seed: a grid's learning
 * rates, a search's tuned values, a second task's sequence length. Without them two rows of `cellsweep results` that
 * trained differently read the same. The paths are the dashboard's (the store's `varyingHyperparameters`), less the
 * cell-only options, which have their own columns after `cell`, and the search's bookkeeping that repeats them
 * (`search.params.*` holds the values `training.*` already shows; `search.tuned` names the fields).
 */
import { cellsWithOption } from '@cellsweep/core';
import { type HyperValue, type TrialRecord, valuesAt, varyingHyperparameters } from '@cellsweep/store';
import type { Column } from './text-table.js';

function shownElsewhere(path: string): boolean {
  return cellsWithOption(path) !== null || path.startsWith('search.params.') || path === 'search.tuned';
}

/** The varying setting paths of these trials, in path order (`search.role`, `training.learningRate`, ...). */
export function varyingSettingPaths(trials: readonly TrialRecord[]): string[] {
  return varyingHyperparameters(trials)
    .map((facet) => facet.path)
    .filter((path) => !shownElsewhere(path));
}

/**
 * A table header per path: its last part (`learningRate`, `role`) unless another path or one of the table's own
 * headers (`taken`: the results table has an `epochs` column) has it, then the whole path.
 */
function tableHeaders(paths: readonly string[], taken: readonly string[]): string[] {
  const last = paths.map((path) => path.slice(path.lastIndexOf('.') + 1));
  const clashes = (name: string): boolean => taken.includes(name) || last.filter((other) => other === name).length > 1;
  return paths.map((path, i) => (clashes(last[i] as string) ? path : (last[i] as string)));
}

/** `training.learningRate` -> `training_learning_rate`, like the other export columns. */
export const snakeCase = (path: string): string =>
  path.replaceAll('.', '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * One column per path, named apart from the `taken` headers; a trial's values are read once for all of them. Empty
 * where a setting does not apply.
 */
export function settingColumns(
  paths: readonly string[],
  csv: boolean,
  taken: readonly string[] = [],
): Column<TrialRecord>[] {
  const rows = new WeakMap<TrialRecord, HyperValue[]>();
  const valuesOf = (trial: TrialRecord): HyperValue[] => {
    let values = rows.get(trial);
    if (!values) rows.set(trial, (values = valuesAt(trial.config, paths, trial.cell)));
    return values;
  };
  const headers = csv ? paths.map(snakeCase) : tableHeaders(paths, taken);
  return paths.map((_, i) => ({
    header: headers[i] as string,
    value: (trial: TrialRecord) => {
      const value = valuesOf(trial)[i] ?? null;
      return typeof value === 'boolean' ? String(value) : value;
    },
    ...(csv ? {} : { align: 'right' as const }),
  }));
}
