/**
 * Which trials belong together, with explicit, deterministic keys. Keys are JSON arrays of the parts with
 * hyperparameters sorted by name, so the same rows always give the same keys and the same order, whatever order
 * the store returned them in.
 *
 * - setting = task × layers × size (budget, or hidden width when unbudgeted) × shared hyperparameters (`group`)
 * - group   = setting × arm
 * - series  = task × layers × size kind × shared hyperparameters × arm (sizes vary: what a trend is fitted to)
 */
import { bitsPerParameter, memorizedBits, mutualInformationBits } from './capacity.js';
import { formatCount } from './format.js';
import type { MetricKey, Scalar, Setting, SizeKey, TrialRow } from './types.js';

/** Metrics where a larger value is better when the trainer names them so; everything else is a loss or error. */
// Mirrors metricHigherIsBetter in @cellsweep/datasets (analysis imports no package but core): mse, nmse and
// bits-per-char are errors; the rest are shares of right answers.
export const HIGHER_IS_BETTER_METRIC_NAMES: readonly string[] = [
  'macro-f1',
  'r2',
  'accuracy',
  'f1',
  'precision',
  'recall',
  'token-accuracy',
  'sequence-accuracy',
];

export const ALL_SUMMARY_METRICS: readonly MetricKey[] = [
  'trainLoss',
  'valLoss',
  'testLoss',
  'testGap',
  'valGap',
  'valMetric',
  'testMetric',
];

/** The value of `metric` for one trial; null when not recorded (NaN/Infinity pass through: they mean "diverged"). */
export function metricValue(
  row: TrialRow,
  metric: MetricKey,
  memorization?: { samples: number; classes: number },
): number | null {
  switch (metric) {
    case 'trainLoss':
    case 'valLoss':
    case 'testLoss':
    case 'valMetric':
    case 'testMetric':
      return row[metric];
    case 'testGap':
      // The trainer's generalizationGap is the same test − train; used only when a loss is missing.
      return row.testLoss !== null && row.trainLoss !== null ? row.testLoss - row.trainLoss : row.generalizationGap;
    case 'valGap':
      return row.valLoss !== null && row.trainLoss !== null ? row.valLoss - row.trainLoss : null;
    case 'bitsPerParameter':
      if (memorization === undefined || row.trainLoss === null || !(row.trainLoss >= 0)) return null;
      return bitsPerParameter(memorizedBits({ ...memorization, trainLossNats: row.trainLoss }), row.paramCount);
    case 'mutualInformationPerParameter': {
      // Needs the training accuracy (stored since migration 20261207122500_train_metric).
      const accuracy = row.trainMetric ?? null;
      if (memorization === undefined || row.metricName !== 'accuracy' || accuracy === null) return null;
      if (!(accuracy >= 0 && accuracy <= 1)) return null;
      const bits = memorization.samples * mutualInformationBits({ classes: memorization.classes, accuracy });
      return bitsPerParameter(bits, row.paramCount);
    }
  }
}

/** How a metric reads in a sentence. */
export function metricLabel(metric: MetricKey, metricName: string | null): string {
  switch (metric) {
    case 'trainLoss':
      return 'train loss';
    case 'valLoss':
      return 'validation loss';
    case 'testLoss':
      return 'test loss';
    case 'testGap':
      return 'generalization gap (test − train loss)';
    case 'valGap':
      return 'validation gap (validation − train loss)';
    case 'valMetric':
      return `validation ${metricName ?? 'metric'}`;
    case 'testMetric':
      return `test ${metricName ?? 'metric'}`;
    case 'bitsPerParameter':
      return 'memorized bits per parameter (loss bound)';
    case 'mutualInformationPerParameter':
      return 'memorized bits per parameter (mutual information)';
  }
}

/**
 * Losses and gaps: lower is better. Stored bits per parameter: higher. The task metric: `override` when given,
 * else higher only for names in `HIGHER_IS_BETTER_METRIC_NAMES` (accuracy, f1, ...; mse, nmse, bits-per-char are errors).
 */
export function higherIsBetter(metric: MetricKey, metricName: string | null, override?: boolean): boolean {
  if (metric === 'bitsPerParameter' || metric === 'mutualInformationPerParameter') return true;
  if (metric !== 'valMetric' && metric !== 'testMetric') return false;
  return override ?? (metricName !== null && HIGHER_IS_BETTER_METRIC_NAMES.includes(metricName));
}

/** Budget when the trial had one (cells differ in width but match in parameters), else the hidden width. */
export function sizeOf(row: TrialRow): SizeKey {
  return row.paramBudget === null ? { kind: 'hidden', value: row.hidden } : { kind: 'budget', value: row.paramBudget };
}

/** Keys whose values vary across the rows: only those are worth printing in labels. */
export interface Varying {
  /** Shared hyperparameters with more than one value in the input. */
  groupKeys: ReadonlySet<string>;
  /** Per cell: variant options with more than one value among that cell's rows. */
  variantKeys: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Finds what varies across all rows (any status, so labels do not change as trials finish). */
export function findVarying(rows: readonly TrialRow[]): Varying {
  const groupValues = new Map<string, Set<string>>();
  const variantValues = new Map<string, Map<string, Set<string>>>();
  const note = (into: Map<string, Set<string>>, record: Readonly<Record<string, Scalar>> | undefined): void => {
    for (const [key, value] of Object.entries(record ?? {})) {
      const seen = into.get(key) ?? new Set<string>();
      seen.add(JSON.stringify(value));
      into.set(key, seen);
    }
  };
  // Rows of one config share their group and variant objects (from-record.ts): each object is noted once.
  const notedGroups = new Set<object>();
  const notedVariants = new Map<string, Set<object>>();
  for (const row of rows) {
    if (row.group === undefined || !notedGroups.has(row.group)) {
      note(groupValues, row.group);
      if (row.group !== undefined) notedGroups.add(row.group);
    }
    const perCell = variantValues.get(row.cell) ?? new Map<string, Set<string>>();
    const noted = notedVariants.get(row.cell) ?? new Set<object>();
    if (row.variant === undefined || !noted.has(row.variant)) {
      note(perCell, row.variant);
      if (row.variant !== undefined) noted.add(row.variant);
    }
    notedVariants.set(row.cell, noted);
    variantValues.set(row.cell, perCell);
  }
  // A key missing from some rows also varies (absent vs present).
  const varies = (
    values: Map<string, Set<string>>,
    records: readonly (Readonly<Record<string, Scalar>> | undefined)[],
  ) =>
    new Set(
      [...values.entries()]
        .filter(([key, seen]) => seen.size > 1 || records.some((record) => record === undefined || !(key in record)))
        .map(([key]) => key),
    );
  const variantKeys = new Map<string, ReadonlySet<string>>();
  for (const [cell, values] of variantValues) {
    variantKeys.set(
      cell,
      varies(
        values,
        rows.filter((row) => row.cell === cell).map((row) => row.variant),
      ),
    );
  }
  return {
    groupKeys: varies(
      groupValues,
      rows.map((row) => row.group),
    ),
    variantKeys,
  };
}

/** The arm a row belongs to: its cell, plus any variant option that varies for that cell, e.g. `lstm[unitForgetBias=false]`. */
export function armOf(row: TrialRow, varying: Varying): string {
  const keys = [...(varying.variantKeys.get(row.cell) ?? [])].sort();
  if (keys.length === 0) return row.cell;
  return `${row.cell}[${keys.map((key) => `${key}=${formatScalar(row.variant?.[key] ?? null)}`).join(', ')}]`;
}

/** The setting a row belongs to; see the module comment. */
export function settingOf(row: TrialRow, varying: Varying): Setting {
  const task = row.task ?? '';
  const size = sizeOf(row);
  const group = sortedRecord(row.group ?? {});
  const key = JSON.stringify([task, row.layers, size.kind, size.value, Object.entries(group)]);
  const sizePart = `${size.kind} ${formatCount(size.value)}`;
  return { key, task, layers: row.layers, size, group, label: labelParts(row, group, varying, sizePart).join(' · ') };
}

/** The series (sizes varying) a row belongs to, for trends: "lstm (adding · 1 layer · learningRate=0.01)". */
export function seriesOf(row: TrialRow, varying: Varying): { key: string; label: string } {
  const task = row.task ?? '';
  const group = sortedRecord(row.group ?? {});
  const arm = armOf(row, varying);
  const key = JSON.stringify([task, row.layers, sizeOf(row).kind, Object.entries(group), arm]);
  return { key, label: `${arm} (${labelParts(row, group, varying, null).join(' · ')})` };
}

function labelParts(
  row: TrialRow,
  group: Readonly<Record<string, Scalar>>,
  varying: Varying,
  sizePart: string | null,
): string[] {
  return [
    ...(row.task === undefined || row.task === '' ? [] : [row.task]),
    ...(sizePart === null ? [] : [sizePart]),
    `${row.layers} layer${row.layers === 1 ? '' : 's'}`,
    ...Object.entries(group)
      .filter(([name]) => varying.groupKeys.has(name))
      .map(([name, value]) => `${name}=${formatScalar(value)}`),
  ];
}

/** Extends a JSON-array key with more parts, keeping it one flat, readable array (no JSON inside JSON). */
export function extendKey(key: string, ...parts: readonly (string | number)[]): string {
  return JSON.stringify([...(JSON.parse(key) as unknown[]), ...parts]);
}

function sortedRecord(record: Readonly<Record<string, Scalar>>): Record<string, Scalar> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function formatScalar(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}
