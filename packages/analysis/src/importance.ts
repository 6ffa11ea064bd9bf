/**
 * Hyperparameter importance of a sweep: how much of the variation in validation loss each varying field (cell,
 * size, layers, learning rate, ...) explains on its own, and each pair together beyond that. fANOVA (Hutter, Hoos &
 * Leyton-Brown 2014) over a random forest fitted to the trials, as Optuna's default `FanovaImportanceEvaluator`
 * (regression-forest.ts, fanova.ts). One result per task: losses of different tasks are not on one scale.
 *
 * Encoding (documented in docs/statistics.md): every field, numeric or not, is coded by the rank of its value among
 * the field's values in the input, with bounds [−0.5, k − 0.5]. The uniform measure fANOVA averages over then gives
 * each observed value equal weight: the grid's own design for a grid sweep, the sampled values for a search. A
 * categorical field (cell) is split by its codes' order (trees separate any one value in at most two cuts), which
 * keeps impossible configurations (Optuna's one-hot "no cell at all") out of the measure.
 */
import { cellsWithOption, createRng, deriveSeed, optionAppliesTo } from '@cellsweep/core';
import { fanova } from './fanova.js';
import { sizeOf } from './grouping.js';
import { DEFAULT_FOREST, fitRegressionForest } from './regression-forest.js';
import type { Scalar, TrialRow } from './types.js';

/** Trials beyond this are subsampled (seeded): the forest costs about trees × depth × fields × trials. */
export const MAX_IMPORTANCE_TRIALS = 2_000;
/** A pair's interaction is computed only when its two fields' value counts multiply to at most this (a 2-d grid). */
export const MAX_INTERACTION_CELLS = 40_000;
/** Below this many trials per field, importances come with a caution. */
export const TRIALS_PER_FIELD_FOR_TRUST = 10;

export interface FieldImportance {
  field: string;
  /** Distinct values of the field among the trials used. */
  values: number;
  /** Share of the forest's variance in validation loss this field's main effect explains (mean over trees). */
  importance: number;
  /** Population sd of that share over trees. */
  sd: number;
  /** `importance` over the sum of every field's: Optuna's normalised importance (sums to 1). */
  normalized: number;
}

export interface PairInteraction {
  fields: [string, string];
  /** Share of variance the two explain together beyond their main effects: (V_ij − V_i − V_j) / V. */
  importance: number;
  sd: number;
}

export interface HyperparameterImportance {
  task: string;
  metric: 'valLoss';
  method: string;
  /** Trials the forest was fitted to. */
  trials: number;
  /** Trials with a counted status but no finite validation loss (missing or diverged): left out. */
  leftOut: number;
  /** When more than MAX_IMPORTANCE_TRIALS: how many there were before the seeded subsample. */
  sampledFrom: number | null;
  /** Strongest first. */
  fields: FieldImportance[];
  /** Strongest first; pairs over MAX_INTERACTION_CELLS are left out. */
  interactions: PairInteraction[];
  /** Why the numbers may mislead (too few trials), in plain words; null when nothing is known. */
  caution: string | null;
}

export interface ImportanceOptions {
  /** Base seed (the forest's seed is derived from it and the task). Default 0. */
  seed?: number;
  /** Statuses that count. Default ['COMPLETED']. */
  statuses?: readonly string[];
  /** Trees in the forest. Default 64 (Optuna's). */
  trees?: number;
}

/**
 * fANOVA importance of every field that varies, per task with at least two varying fields and two usable trials.
 * The seed is not a field: what it explains stays unexplained, as noise should. In an adaptive search, only the
 * search trials count.
 */
export function hyperparameterImportance(
  rows: readonly TrialRow[],
  options: ImportanceOptions = {},
): HyperparameterImportance[] {
  const counted = new Set(options.statuses ?? ['COMPLETED']);
  // An adaptive search's final trials re-run each cell's best configuration and carry no tuned values (from-record.ts
  // drops them from `group`): the search trials are where the hyperparameters varied, so they alone are used.
  const searched = rows.some((row) => row.role === 'search');
  const byTask = new Map<string, TrialRow[]>();
  for (const row of rows) {
    if (!counted.has(row.status) || (searched && row.role !== 'search')) continue;
    const task = row.task ?? '';
    // Push, not spread: copying the list per row was quadratic (minutes at 100,000 trials, issue 17).
    const members = byTask.get(task);
    if (members === undefined) byTask.set(task, [row]);
    else members.push(row);
  }
  const results: HyperparameterImportance[] = [];
  for (const task of [...byTask.keys()].sort()) {
    const result = importanceOfTask(task, byTask.get(task) as TrialRow[], options);
    if (result !== null) results.push(result);
  }
  return results;
}

function importanceOfTask(
  task: string,
  taskRows: readonly TrialRow[],
  options: ImportanceOptions,
): HyperparameterImportance | null {
  const finite = [...taskRows]
    .filter((row) => row.valLoss !== null && Number.isFinite(row.valLoss))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seed = deriveSeed(options.seed ?? 0, `importance:${task}`);
  const used =
    finite.length <= MAX_IMPORTANCE_TRIALS
      ? finite
      : createRng(seed)
          .shuffle([...finite])
          .slice(0, MAX_IMPORTANCE_TRIALS);
  const table = used.map(fieldsOf);
  const names = [...new Set(table.flatMap((fields) => Object.keys(fields)))].sort();
  // An option only some cells have (unitForgetBias) is a field only where it varies among those cells' trials:
  // pinned on the others, it would otherwise be the cell in disguise. On the other cells it is coded as null.
  const coded = names
    .map((name) => ({ name, values: sortedValues(table.map((fields) => fields[name] ?? null)) }))
    .filter((field) => field.values.length >= 2)
    .filter(
      (field) =>
        cellsWithOption(field.name) === null ||
        new Set(table.flatMap((fields) => (field.name in fields ? [JSON.stringify(fields[field.name])] : []))).size >=
          2,
    );
  if (coded.length < 2 || used.length < 2) return null;

  const codeOf = coded.map((field) => new Map(field.values.map((value, rank) => [JSON.stringify(value), rank])));
  const x = table.map((fields) =>
    coded.map((field, f) => codeOf[f]?.get(JSON.stringify(fields[field.name] ?? null)) as number),
  );
  const y = used.map((row) => row.valLoss as number);
  const trees = fitRegressionForest(x, y, { seed, trees: options.trees ?? DEFAULT_FOREST.trees });
  const bounds = coded.map((field) => [-0.5, field.values.length - 0.5] as const);
  const decomposition = fanova(trees, bounds, { pairs: true });

  const total = decomposition.individual.reduce((sum, share) => sum + share.mean, 0);
  const fields = coded
    .map((field, f) => {
      const share = decomposition.individual[f] as { mean: number; sd: number };
      const normalized = total > 0 ? share.mean / total : 0;
      return { field: field.name, values: field.values.length, importance: share.mean, sd: share.sd, normalized };
    })
    .sort((a, b) => b.importance - a.importance || (a.field < b.field ? -1 : 1));
  const interactions: PairInteraction[] = [];
  for (const [key, share] of decomposition.pairs) {
    const [i, j] = key.split(',').map(Number) as [number, number];
    const [first, second] = [coded[i], coded[j]] as [(typeof coded)[number], (typeof coded)[number]];
    if (first.values.length * second.values.length > MAX_INTERACTION_CELLS) continue;
    interactions.push({ fields: [first.name, second.name], importance: share.mean, sd: share.sd });
  }
  interactions.sort((a, b) => b.importance - a.importance || (a.fields.join() < b.fields.join() ? -1 : 1));
  return {
    task,
    metric: 'valLoss',
    method: `fANOVA over a ${trees.length}-tree random forest (Hutter et al. 2014; Optuna's default)`,
    trials: used.length,
    leftOut: taskRows.length - finite.length,
    sampledFrom: used.length < finite.length ? finite.length : null,
    fields,
    interactions,
    caution: cautionFor(used.length, coded.length, decomposition.treesWithVariance),
  };
}

/** The fields of one trial: cell, layers, size (budget or width), shared hyperparameters and cell-only options. */
export function fieldsOf(row: TrialRow): Record<string, Scalar> {
  const size = sizeOf(row);
  return {
    cell: row.cell,
    layers: row.layers,
    [size.kind === 'budget' ? 'paramBudget' : 'hidden']: size.value,
    ...row.group,
    ...Object.fromEntries(Object.entries(row.variant ?? {}).filter(([name]) => optionAppliesTo(row.cell, name))),
  };
}

/** A field's distinct values in rank order: null first, then numbers ascending, then the rest by their JSON text. */
function sortedValues(values: readonly Scalar[]): Scalar[] {
  const distinct = [...new Map(values.map((value) => [JSON.stringify(value), value])).values()];
  const kind = (value: Scalar): number => (value === null ? 0 : typeof value === 'number' ? 1 : 2);
  return distinct.sort((a, b) => {
    if (kind(a) !== kind(b)) return kind(a) - kind(b);
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const [p, q] = [JSON.stringify(a), JSON.stringify(b)];
    return p < q ? -1 : p > q ? 1 : 0;
  });
}

function cautionFor(trials: number, fieldCount: number, treesWithVariance: number): string | null {
  if (treesWithVariance === 0) return 'validation loss did not vary across these trials: nothing to apportion';
  const wanted = TRIALS_PER_FIELD_FOR_TRUST * fieldCount;
  if (trials < wanted) {
    return (
      `only ${trials} trials for ${fieldCount} varying fields (fewer than ${wanted}): the forest has little to ` +
      'learn from, so importances are rough; a field with few trials per value can look more or less important'
    );
  }
  return null;
}
