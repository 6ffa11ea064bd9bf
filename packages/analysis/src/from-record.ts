/**
 * From the store's trial record to a `TrialRow`: the one place that knows how a trial config (core's
 * `TrialConfig`, stored as JSON) splits into task, shared hyperparameters and cell-only options. Read structurally,
 * so analysis does not depend on the store, and unknown config keys still group correctly.
 */
import { CELL_ONLY_OPTIONS, FileTask, formatFromPath } from '@cellsweep/core';
import type { Scalar, TrialRow } from './types.js';

/** What is read from a trial record: `TrialRow`'s fields (extra optional ones absent) plus its config. */
export type TrialRecordLike = Omit<TrialRow, 'task' | 'group' | 'variant'> & { config?: unknown };

/** Config keys that are the row's own columns (cell, size, seed) and so are not hyperparameters. */
const OWN_COLUMNS = new Set(['cell', 'size', 'seed', 'layers', 'hidden', 'paramBudget']);
/**
 * Options that only some cells have (core's table). expandSweep pins them for cells that lack them (an RNN has no
 * forget gate), so they belong to the arm: pairing gru with `lstm[unitForgetBias=false]` and `lstm[...=true]` apart.
 */
const CELL_OPTIONS = new Set(Object.keys(CELL_ONLY_OPTIONS));

/**
 * Builds a `TrialRow` from a store `TrialRecord`. `task` becomes a label such as
 * "adding(sequenceLength=50, testSize=500, trainSize=2000, validationSize=500)"; `training.*` and any other config
 * value become `group` (nested objects flattened with dots); cell-only options become `variant`. The record's
 * extra fields (dates, attempts, ...) are dropped, so the row is plain JSON.
 */
export function trialRowFromRecord(record: TrialRecordLike): TrialRow {
  const { role, task, group, variant } = configParts(record.config);
  return {
    ...(role === undefined ? {} : { role }),
    id: record.id,
    cell: record.cell,
    layers: record.layers,
    hidden: record.hidden,
    paramBudget: record.paramBudget,
    paramCount: record.paramCount,
    seed: record.seed,
    status: record.status,
    task,
    group,
    variant,
    trainLoss: record.trainLoss,
    valLoss: record.valLoss,
    testLoss: record.testLoss,
    valMetric: record.valMetric,
    testMetric: record.testMetric,
    metricName: record.metricName,
    generalizationGap: record.generalizationGap,
    // Only when the record has them (stores before migration 20261207081200 do not), so rows stay minimal.
    ...(record.initialGradientSlope === undefined ? {} : { initialGradientSlope: record.initialGradientSlope }),
    ...(record.gradientSlope === undefined ? {} : { gradientSlope: record.gradientSlope }),
    ...(record.trainMetric === undefined ? {} : { trainMetric: record.trainMetric }),
  };
}

/** What a trial's config says about its row: role, task label, shared hyperparameters and cell-only options. */
interface ConfigParts {
  role: 'search' | 'final' | undefined;
  task: string;
  group: Record<string, Scalar>;
  variant: Record<string, Scalar>;
}

/**
 * Parts per config object: the store's analysis read model hands every trial of a setting the same (frozen) config
 * object, so 100,000 trials of 20 settings work out 20 configs (issue 17). Rows share the parts, read-only.
 */
const partsByConfig = new WeakMap<object, ConfigParts>();

function configParts(config: unknown): ConfigParts {
  if (!isObject(config)) return partsOf({});
  const known = partsByConfig.get(config);
  if (known !== undefined) return known;
  const parts = partsOf(config);
  partsByConfig.set(config, parts);
  return parts;
}

function partsOf(config: Record<string, unknown>): ConfigParts {
  const group: Record<string, Scalar> = {};
  const variant: Record<string, Scalar> = {};
  const search = searchTag(config.search);
  for (const [key, value] of Object.entries(config)) {
    if (key === 'task' || key === 'search' || OWN_COLUMNS.has(key)) continue;
    // The transformer's own options (only its trials carry them) belong to its arm, as lstm's unitForgetBias does:
    // in `group` they would put every transformer in a setting of its own, never paired with rnn/lstm/gru.
    if (key === 'transformer' && isObject(value)) flatten({ transformer: value }, '', variant);
    else if (CELL_OPTIONS.has(key)) variant[key] = toScalar(value);
    else if (key === 'training' && isObject(value)) flatten(value, '', group);
    else flatten({ [key]: value }, '', group);
  }
  // A final trial carries its cell's own tuned values: they are what is compared, so they stay out of the pairing key
  // (else every cell would sit in a setting of its own). `tuned` holds spec paths: training.* and cellOptions.*.
  for (const path of search?.role === 'final' ? search.tuned : []) {
    const name = path.replace(/^(training|cellOptions)\./, '');
    delete group[name];
    delete variant[name];
  }
  return { role: search?.role, task: taskLabel(config.task), group, variant };
}

/** The search tag of a trial config (core's TrialSearchTag), read structurally; undefined for grid trials. */
function searchTag(tag: unknown): { role: 'search' | 'final'; tuned: string[] } | undefined {
  if (!isObject(tag) || (tag.role !== 'search' && tag.role !== 'final')) return undefined;
  const tuned = Array.isArray(tag.tuned) ? tag.tuned.filter((path): path is string => typeof path === 'string') : [];
  return { role: tag.role, tuned };
}

/** "adding(sequenceLength=50, ...)" with options sorted by name; '' without a task. */
export function taskLabel(task: unknown): string {
  if (!isObject(task)) return typeof task === 'string' ? task : '';
  const flat: Record<string, Scalar> = {};
  const { dataset, ...rest } = task;
  flatten(dataset === 'file' ? fileTaskOptions(rest) : rest, '', flat);
  const options = Object.entries(flat)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${String(value)}`);
  const name = typeof dataset === 'string' ? dataset : 'task';
  return options.length === 0 ? name : `${name}(${options.join(', ')})`;
}

/**
 * A data-file task (core's FileTask) is named by its file's name and the first 12 hex digits of its bytes' SHA-256
 * instead of its full path and the summary the planner filled in (derived from the bytes and options); options at
 * their defaults (and a format the file name already says) are left out, so the label reads like the spec.
 */
function fileTaskOptions(options: Record<string, unknown>): Record<string, unknown> {
  const { path, sha256, summary: _summary, ...rest } = options;
  const name = typeof path === 'string' ? path.split(/[\\/]/).pop() : undefined;
  const defaults = FileTask.safeParse({ dataset: 'file', path: name ?? 'data', kind: rest.kind });
  const written = Object.entries(rest).filter(([key, value]) => {
    if (key === 'format' && typeof name === 'string' && formatFromPath(name) === value) return false;
    if (key === 'layout' && value === 'wide') return false;
    if (key === 'kind') return true;
    const standard = defaults.success ? (defaults.data as Record<string, unknown>)[key] : undefined;
    return standard === undefined || JSON.stringify(standard) !== JSON.stringify(value);
  });
  return {
    file: name,
    ...Object.fromEntries(written),
    sha256: typeof sha256 === 'string' ? sha256.slice(0, 12) : sha256,
  };
}

function flatten(source: Record<string, unknown>, prefix: string, into: Record<string, Scalar>): void {
  for (const [key, value] of Object.entries(source)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(value)) flatten(value, name, into);
    else into[name] = toScalar(value);
  }
}

function toScalar(value: unknown): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  // Arrays and anything else: their JSON text is still a deterministic, comparable key.
  return value === undefined ? null : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
