/** The results of a sweep as a table, CSV or JSON, one row per trial (`cellsweep results`, and after `run`). */
import type { SweepRecord, TrialRecord } from '@cellsweep/store';
import { cellOptionColumns, cellOptionPaths, cellOptionsOf } from './cell-option-columns.js';
import { settingColumns, snakeCase, varyingSettingPaths } from './hyperparameter-columns.js';
import { formatDuration, formatNumber, renderCsv, renderTable, type Column } from './text-table.js';

export const RESULT_FORMATS = ['table', 'csv', 'json'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

const budgetOrDash = (trial: TrialRecord): string | number => trial.paramBudget ?? '-';

const TABLE_COLUMNS: Column<TrialRecord>[] = [
  { header: '#', value: (t) => t.ordinal },
  { header: 'cell', value: (t) => t.cell },
  { header: 'layers', value: (t) => t.layers },
  { header: 'hidden', value: (t) => t.hidden },
  { header: 'budget', value: budgetOrDash, align: 'right' },
  { header: 'params', value: (t) => t.paramCount },
  { header: 'seed', value: (t) => t.seed },
  { header: 'train', value: (t) => t.trainLoss },
  { header: 'val', value: (t) => t.valLoss },
  { header: 'test', value: (t) => t.testLoss },
  { header: 'gap', value: (t) => t.generalizationGap },
  { header: 'metric', value: (t) => t.metricName, align: 'left' },
  { header: 'test metric', value: (t) => t.testMetric },
  {
    header: 'epochs',
    value: (t) => (t.epochsRun === null ? null : `${t.bestEpoch ?? '-'}/${t.epochsRun}`),
    align: 'right',
  },
  { header: 'time', value: (t) => formatDuration(t.wallTimeMs), align: 'right' },
  { header: 'backend', value: (t) => t.backend, align: 'left' },
  { header: 'status', value: (t) => t.status, align: 'left' },
];

/** Export columns: raw numbers, full precision, stable names. */
const CSV_COLUMNS: Column<TrialRecord>[] = [
  { header: 'trial_id', value: (t) => t.id },
  { header: 'ordinal', value: (t) => t.ordinal },
  { header: 'cell', value: (t) => t.cell },
  { header: 'layers', value: (t) => t.layers },
  { header: 'hidden', value: (t) => t.hidden },
  { header: 'param_budget', value: (t) => t.paramBudget },
  { header: 'param_count', value: (t) => t.paramCount },
  { header: 'seed', value: (t) => t.seed },
  { header: 'status', value: (t) => t.status },
  { header: 'train_loss', value: (t) => t.trainLoss },
  { header: 'val_loss', value: (t) => t.valLoss },
  { header: 'test_loss', value: (t) => t.testLoss },
  { header: 'generalization_gap', value: (t) => t.generalizationGap },
  { header: 'metric', value: (t) => t.metricName },
  { header: 'val_metric', value: (t) => t.valMetric },
  { header: 'test_metric', value: (t) => t.testMetric },
  { header: 'best_epoch', value: (t) => t.bestEpoch },
  { header: 'epochs_run', value: (t) => t.epochsRun },
  { header: 'wall_time_ms', value: (t) => t.wallTimeMs },
  { header: 'backend', value: (t) => t.backend },
  // The fused kernel build that trained it (native-avx2, relaxed, ...); empty without fused layers.
  { header: 'kernels', value: (t) => t.kernels },
  { header: 'error', value: (t) => t.error },
];

/**
 * Names of the named test metrics other than each trial's primary one (spam: f1, precision, recall), sorted by name
 * (Postgres's jsonb keeps no key order). Empty for sweeps stored before named metrics existed, whose tables and
 * exports then look as they did.
 */
export function extraMetricNames(trials: readonly TrialRecord[]): string[] {
  const names = new Set<string>();
  for (const trial of trials) {
    for (const name of Object.keys(trial.testMetrics ?? {})) if (name !== trial.metricName) names.add(name);
  }
  return [...names].sort();
}

/** `added` right after the column headed `header`. */
function insertAfter(
  columns: readonly Column<TrialRecord>[],
  header: string,
  added: readonly Column<TrialRecord>[],
): Column<TrialRecord>[] {
  const at = columns.findIndex((column) => column.header === header) + 1;
  return [...columns.slice(0, at), ...added, ...columns.slice(at)];
}

/** `f1 0.8123  precision 0.75`: the extra test metrics of one row, for a table cell. */
function extrasText(metrics: Record<string, number | null>, names: readonly string[]): string | null {
  const parts = names.filter((name) => name in metrics).map((name) => `${name} ${formatMetric(metrics[name] ?? null)}`);
  return parts.length > 0 ? parts.join('  ') : null;
}

const formatMetric = (value: number | null): string => (value === null ? '-' : formatNumber(value));

/**
 * After `cell`, one column per cell option that varies in the sweep (`lstm` with `unitForgetBias: [true, false]`
 * reads as two rows that differ only there); "—" on the trials of cells without it. None when nothing varies.
 */
function withCellOptions(
  columns: readonly Column<TrialRecord>[],
  trials: readonly TrialRecord[],
  csv: boolean,
): Column<TrialRecord>[] {
  const paths = cellOptionPaths(
    trials.map((t) => t.config),
    'varying',
  );
  const options = csv
    ? paths.map((path): Column<TrialRecord> => ({ header: snakeCase(path), value: (t) => csvValue(t, path) }))
    : cellOptionColumns<TrialRecord>(paths, (t) => cellOptionsOf(t.config));
  return insertAfter(columns, 'cell', options);
}

/** After `seed`, one column per other setting that varies (varyingSettingPaths); none when nothing does. */
function withSettings(
  columns: readonly Column<TrialRecord>[],
  trials: readonly TrialRecord[],
  csv: boolean,
): Column<TrialRecord>[] {
  const settings = settingColumns(
    varyingSettingPaths(trials),
    csv,
    columns.map((column) => column.header),
  );
  return insertAfter(columns, 'seed', settings);
}

/** The raw value for an export; empty where the option does not apply. */
function csvValue(trial: TrialRecord, path: string): string | number | null {
  const value = cellOptionsOf(trial.config)[path];
  return value === undefined ? null : typeof value === 'boolean' ? String(value) : value;
}

function tableColumns(trials: readonly TrialRecord[]): Column<TrialRecord>[] {
  const extras = extraMetricNames(trials);
  const columns = withSettings(withCellOptions(TABLE_COLUMNS, trials, false), trials, false);
  if (extras.length === 0) return columns;
  const column: Column<TrialRecord> = {
    header: 'other test metrics',
    value: (t) => extrasText(t.testMetrics ?? {}, extras),
    align: 'left',
  };
  return insertAfter(columns, 'test metric', [column]);
}

/** CSV: one `test_<name>` column per extra metric (`token-accuracy` -> `test_token_accuracy`), after `test_metric`. */
function csvColumns(trials: readonly TrialRecord[]): Column<TrialRecord>[] {
  const extras = extraMetricNames(trials);
  const withOptions = withSettings(withCellOptions(CSV_COLUMNS, trials, true), trials, true);
  if (extras.length === 0) return withOptions;

  const columns = extras.map(
    (name): Column<TrialRecord> => ({
      header: `test_${name.replaceAll('-', '_')}`,
      value: (t) => t.testMetrics?.[name] ?? null,
    }),
  );
  return insertAfter(withOptions, 'test_metric', columns);
}

export function renderResults(sweep: SweepRecord, trials: readonly TrialRecord[], format: ResultFormat): string {
  switch (format) {
    case 'table':
      return renderTable(tableColumns(trials), trials);
    case 'csv':
      return renderCsv(csvColumns(trials), trials);
    case 'json':
      return JSON.stringify(
        {
          sweep: {
            id: sweep.id,
            name: sweep.name,
            status: sweep.status,
            createdAt: sweep.createdAt,
            finishedAt: sweep.finishedAt,
          },
          trials: trials.map(({ config, ...trial }) => ({ ...trial, config })),
        },
        null,
        2,
      );
  }
}
