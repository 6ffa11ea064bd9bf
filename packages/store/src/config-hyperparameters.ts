/**
 * Hyperparameters of a sweep, as the dashboard and `cellsweep results` show them: the trial config flattened to dotted paths
 * (`training.learningRate`), keeping only the ones that take more than one value across the sweep. Cell, size,
 * layers and seed have their own columns and are left out here. An option only some cells have (core's
 * `CELL_ONLY_OPTIONS`) counts only on those cells' trials, so `unitForgetBias`, pinned to false for gru and rnn, is not
 * shown as a hyperparameter unless it varies among the LSTMs; where it does not apply its value is null ("—").
 */
import { cellsWithOption, optionAppliesTo } from '@cellsweep/core';
import { isColumnConfigPath } from './analysis-trials.js';
import type { JsonObject, JsonValue } from './types.js';

export type HyperValue = string | number | boolean | null;

export function flattenConfig(
  config: JsonObject,
  prefix = '',
  into: Map<string, HyperValue> = new Map(),
): Map<string, HyperValue> {
  for (const [key, value] of Object.entries(config)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(value)) flattenConfig(value, path, into);
    else if (Array.isArray(value)) into.set(path, JSON.stringify(value));
    else into.set(path, value);
  }
  return into;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface HyperparameterFacet {
  path: string;
  /** Distinct values, sorted (numbers numerically), among the trials it applies to. */
  values: HyperValue[];
  /** The cells the option exists for, when only some have it (on other cells' trials its value is null). */
  cells?: string[];
}

function compareValues(a: HyperValue, b: HyperValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The hyperparameters that vary across these configs, with their values, in path order. Each config comes with its
 * trial's cell (which options apply depends on it), so configs with the column keys taken out (the store's lean
 * reads) work as well as whole ones.
 */
export function varyingHyperparameters(entries: Iterable<{ config: JsonObject; cell: string }>): HyperparameterFacet[] {
  const seen = new Map<string, Map<string, HyperValue>>();
  for (const { config, cell } of entries) {
    for (const [path, value] of flattenConfig(config)) {
      if (isColumnConfigPath(path) || !optionAppliesTo(cell, path)) continue;
      let values = seen.get(path);
      if (!values) seen.set(path, (values = new Map()));
      values.set(JSON.stringify(value), value);
    }
  }
  return [...seen.entries()]
    .filter(([, values]) => values.size > 1)
    .map(([path, values]) => {
      const cells = cellsWithOption(path);
      return { path, values: [...values.values()].sort(compareValues), ...(cells ? { cells: [...cells] } : {}) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * A config's values for the given paths (null where absent, or where the option does not apply to the trial's
 * `cell`, given apart because the store's lean reads take the column keys out of configs).
 */
export function valuesAt(config: JsonObject, paths: readonly string[], cell: string): HyperValue[] {
  const flat = flattenConfig(config);
  return paths.map((path) => (optionAppliesTo(cell, path) ? (flat.get(path) ?? null) : null));
}
