/**
 * Options of `analyzeSweep` and the rows prepared once for every part of the report (groups, comparisons,
 * frontiers, trends), so each part sees the same filtering, keys and labels.
 */
import { deriveSeed } from '@cellsweep/core';
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES } from './bootstrap.js';
import { ALL_SUMMARY_METRICS, armOf, extendKey, findVarying, seriesOf, settingOf, type Varying } from './grouping.js';
import type { PairedTestName } from './paired.js';
import type { MetricKey, Setting, TrialRow } from './types.js';

const CAPACITY_METRICS: readonly MetricKey[] = ['bitsPerParameter', 'mutualInformationPerParameter'];

export interface AnalyzeOptions {
  /** Family-wise error rate for declaring winners (Holm across every comparison in the report). Default 0.05. */
  alpha?: number;
  /** Bootstrap resamples for trend-slope CIs (means use Student-t intervals, no resampling). Default 10,000. */
  resamples?: number;
  /** Confidence level of every CI. Default 0.95. */
  level?: number;
  /** Base seed; every bootstrap derives its own stream from it and its key, so results do not depend on order. Default 0. */
  seed?: number;
  /** Statuses that count as results. Default ['COMPLETED']; the rest are counted in `counts.excluded`. */
  statuses?: readonly string[];
  /** Metrics summarised per group. Default all seven (plus the two capacity measures with `memorization`). */
  summaryMetrics?: readonly MetricKey[];
  /**
   * Metrics on which arms are compared. Default ['testLoss']: every extra metric enlarges the Holm family and so
   * costs power on the question that matters most, held-out loss.
   */
  compareMetrics?: readonly MetricKey[];
  /** Metrics whose trend with parameter count is fitted per series. Default ['testLoss']. */
  trendMetrics?: readonly MetricKey[];
  /** The deciding paired test. Default 'wilcoxon' (see `PairedTestOptions.test`). */
  test?: PairedTestName;
  /** Whether a larger task metric (valMetric/testMetric) is better; default from its name (accuracy: yes). */
  metricHigherIsBetter?: boolean;
  /**
   * For a random-label memorization task: adds the capacity measures (capacity.ts): `bitsPerParameter`, the loss
   * bound from each trial's train loss, and `mutualInformationPerParameter`, Collins et al.'s from its train accuracy.
   */
  memorization?: { samples: number; classes: number };
}

/** The options as applied, echoed in the report so a reader knows what produced it. */
export interface ResolvedOptions {
  alpha: number;
  resamples: number;
  level: number;
  seed: number;
  statuses: string[];
  summaryMetrics: MetricKey[];
  compareMetrics: MetricKey[];
  trendMetrics: MetricKey[];
  test: PairedTestName;
  metricHigherIsBetter: boolean | null;
  memorization: { samples: number; classes: number } | null;
}

/** A row that counts, with its keys worked out. */
export interface PreparedRow {
  row: TrialRow;
  setting: Setting;
  arm: string;
  series: { key: string; label: string };
  /** The group (setting × arm) key: `extendKey(setting.key, arm)`. */
  groupKey: string;
}

export interface SweepContext {
  options: ResolvedOptions;
  /** Rows with a counted status, in a deterministic order (setting key, arm, seed, id). */
  rows: PreparedRow[];
  /** Rows of other statuses, prepared the same way, so groups can say how many of their trials did not finish. */
  excludedRows: PreparedRow[];
  /** Rows of other statuses, per status. */
  excluded: Record<string, number>;
  /** The first metric name in the input (one sweep has one task, so one metric name). */
  metricName: string | null;
  /** Bootstrap options for one purpose: a seed derived from the base seed and `purpose`. */
  bootstrap(purpose: string): { resamples: number; level: number; seed: number };
}

export function resolveOptions(options: AnalyzeOptions): ResolvedOptions {
  const memorization = options.memorization ?? null;
  return {
    alpha: options.alpha ?? 0.05,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    level: options.level ?? DEFAULT_LEVEL,
    seed: options.seed ?? 0,
    statuses: [...(options.statuses ?? ['COMPLETED'])],
    summaryMetrics: [
      ...(options.summaryMetrics ??
        (memorization === null ? ALL_SUMMARY_METRICS : [...ALL_SUMMARY_METRICS, ...CAPACITY_METRICS])),
    ],
    compareMetrics: [...(options.compareMetrics ?? ['testLoss'])],
    trendMetrics: [...(options.trendMetrics ?? ['testLoss'])],
    test: options.test ?? 'wilcoxon',
    metricHigherIsBetter: options.metricHigherIsBetter ?? null,
    memorization,
  };
}

export function prepareSweep(allRows: readonly TrialRow[], options: AnalyzeOptions): SweepContext {
  const resolved = resolveOptions(options);
  const excluded: Record<string, number> = {};
  // Fair comparison (docs/search.md): once a sweep has final runs, its tuning trials are no evidence (their
  // configurations were picked on these very validation losses); they are counted, not analysed.
  const rows = allRows.some((row) => row.role === 'final') ? allRows.filter((row) => row.role !== 'search') : allRows;
  if (rows.length < allRows.length) excluded['search-phase'] = allRows.length - rows.length;
  const varying = findVarying(rows);
  const counted = new Set(resolved.statuses);
  const prepared: PreparedRow[] = [];
  const excludedRows: PreparedRow[] = [];
  const keysOf = rowKeys(varying);
  for (const row of rows) {
    const entry = { row, ...keysOf(row) };
    if (counted.has(row.status)) {
      prepared.push(entry);
    } else {
      excluded[row.status] = (excluded[row.status] ?? 0) + 1;
      excludedRows.push(entry);
    }
  }
  const order = (p: PreparedRow, q: PreparedRow): number =>
    compareText(p.setting.key, q.setting.key) ||
    compareText(p.arm, q.arm) ||
    p.row.seed - q.row.seed ||
    compareText(p.row.id, q.row.id);
  prepared.sort(order);
  excludedRows.sort(order);
  return {
    options: resolved,
    rows: prepared,
    excludedRows,
    excluded,
    metricName: rows.find((row) => row.metricName !== null)?.metricName ?? null,
    bootstrap: (purpose) => ({
      resamples: resolved.resamples,
      level: resolved.level,
      seed: deriveSeed(resolved.seed, purpose),
    }),
  };
}

type RowKeys = Omit<PreparedRow, 'row'>;

/**
 * A row's setting, arm, series and group key, worked out once per distinct combination: rows that share their
 * `group` and `variant` objects (trials of one config, see from-record.ts) and task, layers, size and cell share
 * the same keys, so 100,000 rows cost ~3,000 key computations instead of 100,000 (issue 17). Same keys as computing
 * each row's afresh.
 */
function rowKeys(varying: Varying): (row: TrialRow) => RowKeys {
  const none = {};
  const byParts = new WeakMap<object, WeakMap<object, Map<string, RowKeys>>>();
  return (row) => {
    const group = row.group ?? none;
    const variant = row.variant ?? none;
    let byVariant = byParts.get(group);
    if (byVariant === undefined) byParts.set(group, (byVariant = new WeakMap()));
    let byRest = byVariant.get(variant);
    if (byRest === undefined) byVariant.set(variant, (byRest = new Map()));
    const rest = `${row.task ?? ''}\u0000${row.layers}\u0000${row.paramBudget}\u0000${row.hidden}\u0000${row.cell}`;
    let keys = byRest.get(rest);
    if (keys === undefined) {
      const setting = settingOf(row, varying);
      const arm = armOf(row, varying);
      keys = { setting, arm, series: seriesOf(row, varying), groupKey: extendKey(setting.key, arm) };
      byRest.set(rest, keys);
    }
    return keys;
  };
}

/** Plain code-unit order: deterministic and locale-free (localeCompare differs between machines). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Node 20 has no Object.groupBy / Map.groupBy. Keeps first-seen key order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [item]);
    else members.push(item);
  }
  return groups;
}
