/**
 * Table columns for the options only some cells have (core's `CELL_ONLY_OPTIONS`: irnn's identityScale, the LSTMs'
 * unitForgetBias, the gated cells' recurrentActivation, the transformer's own), for the per-trial tables of `plan`
 * and `results`. `plan` shows every such option that applies to one of its trials, defaults included, since it is a
 * preview of what will train; `results` only the ones that vary, as the dashboard does. Either way a value shows only
 * on the trials of cells that have the option, "—" elsewhere (an rnn has no forget-gate bias, not a false one).
 */
import { CELL_ONLY_OPTIONS, optionAppliesTo } from '@cellsweep/core';
import type { Column } from './text-table.js';

/** Shown where an option does not apply to the trial's cell. */
export const NOT_APPLICABLE = '—';

export type OptionValue = string | number | boolean;

/**
 * Where a trial config leaves an option out, the value it trains with: an irnn without `identityScale` starts from
 * the plain identity (expand.ts writes 1; configs stored before the option existed have none).
 */
const IMPLIED: Readonly<Record<string, OptionValue>> = { identityScale: 1 };

/** One trial's cell-only options, as dotted paths (`transformer.heads`), only those that apply to its cell. */
export function cellOptionsOf(config: unknown): Record<string, OptionValue> {
  const values: Record<string, OptionValue> = {};
  if (!isRecord(config)) return values;
  const cell = String(config.cell);
  for (const key of Object.keys(CELL_ONLY_OPTIONS)) {
    const value = config[key] ?? (optionAppliesTo(cell, key) ? IMPLIED[key] : undefined);
    const entries: [string, unknown][] = isRecord(value)
      ? Object.entries(value).map(([sub, v]) => [`${key}.${sub}`, v])
      : [[key, value]];
    for (const [path, v] of entries) if (isScalar(v) && optionAppliesTo(cell, path)) values[path] = v;
  }
  return values;
}

/**
 * The option paths to show for these configs, in `CELL_ONLY_OPTIONS` order: with `which: 'varying'` only those taking
 * two or more values among the trials they apply to; with `'applying'` every one that applies to some trial.
 */
export function cellOptionPaths(configs: readonly unknown[], which: 'varying' | 'applying'): string[] {
  const seen = new Map<string, Set<string>>();
  for (const config of configs) {
    for (const [path, value] of Object.entries(cellOptionsOf(config))) {
      const values = seen.get(path) ?? new Set<string>();
      values.add(JSON.stringify(value));
      seen.set(path, values);
    }
  }
  return [...seen.entries()].filter(([, values]) => which === 'applying' || values.size > 1).map(([path]) => path);
}

/** One column per path, reading each row's options (`cellOptionsOf`): the value, or "—" where it does not apply. */
export function cellOptionColumns<Row>(
  paths: readonly string[],
  optionsOf: (row: Row) => Readonly<Record<string, OptionValue>>,
): Column<Row>[] {
  return paths.map((path) => ({
    header: path,
    value: (row: Row) => {
      const value = optionsOf(row)[path];
      return value === undefined ? NOT_APPLICABLE : typeof value === 'boolean' ? String(value) : value;
    },
    align: 'right',
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is OptionValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
