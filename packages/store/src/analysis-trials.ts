/**
 * The analysis read model: a sweep's trials with only the columns statistics and the report read, in one raw query.
 * `compare` and `report` on a 100,000-trial sweep spent most of a minute loading full `TrialRecord`s through the
 * model API (every column, dates, test-metric JSON, one parsed config object per trial); issue 17 asks for < 5 s.
 *
 * The config is the part that is heavy and repetitive: 100,000 trials of 20 settings carry 20 distinct configs once
 * the keys that are columns of their own (cell, seed, size, ...) are taken out. So SQL strips those keys and
 * groups the trials by what is left: each distinct config comes back (and is parsed) once, with its trials' columns
 * packed into one JSON array, and its object is shared by all of them.
 */
import { Prisma } from './generated/prisma/client.js';
import type { Db } from './db.js';
import type { JsonObject, TrialRecord, TrialStatus } from './types.js';

/**
 * Config keys that repeat a column (or, for `size`, what paramBudget/hidden say): left out of `config` here, out of
 * the dashboard's distinct configs (dashboard-sample.ts) and out of its hyperparameter facets. The one list of them.
 */
export const CONFIG_KEYS_WITH_COLUMNS = ['cell', 'seed', 'size', 'layers', 'hidden', 'paramBudget'] as const;

/** Whether a dotted config path (`size.paramBudget`, `training.learningRate`) lies under a key that is a column. */
export function isColumnConfigPath(path: string): boolean {
  const top = path.split('.', 1)[0] as string;
  return (CONFIG_KEYS_WITH_COLUMNS as readonly string[]).includes(top);
}

/** One trial as analysis reads it: `TrialRecord`'s result columns, and its config without the column keys. */
export type AnalysisTrial = Pick<
  TrialRecord,
  | 'id'
  | 'ordinal'
  | 'cell'
  | 'layers'
  | 'hidden'
  | 'paramBudget'
  | 'paramCount'
  | 'seed'
  | 'status'
  | 'backend'
  | 'trainLoss'
  | 'valLoss'
  | 'testLoss'
  | 'generalizationGap'
  | 'metricName'
  | 'trainMetric'
  | 'valMetric'
  | 'testMetric'
  | 'initialGradientSlope'
  | 'gradientSlope'
> & {
  /**
   * The trial config minus `CONFIG_KEYS_WITH_COLUMNS` (task, training, cell options, search tag, ...). Trials with
   * the same remainder share one frozen object: do not mutate it.
   */
  config: JsonObject;
};

/** The columns of one trial as the query packs them (`json_build_array`), in this order. */
type PackedTrial = [
  id: string,
  ordinal: number,
  cell: string,
  layers: number,
  hidden: number,
  paramBudget: number | null,
  paramCount: number,
  seed: number,
  status: TrialStatus,
  backend: string | null,
  trainLoss: PackedFloat,
  valLoss: PackedFloat,
  testLoss: PackedFloat,
  generalizationGap: PackedFloat,
  metricName: string | null,
  trainMetric: PackedFloat,
  valMetric: PackedFloat,
  testMetric: PackedFloat,
  initialGradientSlope: PackedFloat,
  gradientSlope: PackedFloat,
];
/** JSON has no NaN: Postgres writes a non-finite float8 as the string "NaN" (a diverged run), "Infinity", ... */
type PackedFloat = number | string | null;

/**
 * Every trial of the sweep in ordinal order (then id), as `listTrials` orders them. One row per distinct config
 * remainder, its trials packed into one JSON array: 100,000 rows through the driver and Prisma's row mapping took
 * 12 s on a loaded 2-core machine, 20 rows of packed JSON 5 s (most of it Postgres building the JSON).
 */
export async function listAnalysisTrials(db: Db, sweepId: string): Promise<AnalysisTrial[]> {
  return readPacked(db, sweepId, Prisma.empty, (packed, config) => unpack(packed, config));
}

/**
 * The dashboard's trial: the analysis read model plus what its charts and gradient table read besides (when the
 * trial last changed, gradient reach). Configs shared per distinct remainder, as `listAnalysisTrials`'.
 */
export type DashboardTrial = AnalysisTrial & Pick<TrialRecord, 'updatedAt' | 'gradientReach' | 'initialGradientReach'>;

/** `listAnalysisTrials` with the dashboard's extra columns, in one query of the same shape. */
export async function listDashboardTrials(db: Db, sweepId: string): Promise<DashboardTrial[]> {
  // Milliseconds since the epoch: a timestamp in JSON loses its zone, a number does not.
  const extra = Prisma.sql`, (extract(epoch FROM "updated_at") * 1000)::float8, "gradient_reach", "initial_gradient_reach"`;
  return readPacked(db, sweepId, extra, (packed, config) => {
    const [updatedAtMs, gradientReach, initialGradientReach] = packed.slice(20) as [
      number,
      number | null,
      number | null,
    ];
    return {
      ...unpack(packed, config),
      updatedAt: new Date(Math.round(updatedAtMs)),
      gradientReach,
      initialGradientReach,
    };
  });
}

async function readPacked<T extends { ordinal: number; id: string }>(
  db: Db,
  sweepId: string,
  extraColumns: Prisma.Sql,
  build: (packed: PackedTrial, config: JsonObject) => T,
): Promise<T[]> {
  const groups = await db.$queryRaw<{ config: string; trials: string }[]>`
    SELECT ("config" - ${[...CONFIG_KEYS_WITH_COLUMNS]}::text[])::text AS "config",
           json_agg(json_build_array(
             "id", "ordinal", "cell", "layers", "hidden", "param_budget", "param_count", "seed", "status"::text,
             "backend", "train_loss", "val_loss", "test_loss", "generalization_gap", "metric_name", "train_metric",
             "val_metric", "test_metric", "initial_gradient_slope", "gradient_slope" ${extraColumns}))::text AS "trials"
      FROM "trials"
     WHERE "sweep_id" = ${sweepId}
     GROUP BY 1`;
  const trials: T[] = [];
  for (const group of groups) {
    const config = deepFreeze(JSON.parse(group.config) as JsonObject);
    for (const packed of JSON.parse(group.trials) as PackedTrial[]) trials.push(build(packed, config));
  }
  return trials.sort((a, b) => a.ordinal - b.ordinal || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function unpack(packed: PackedTrial, config: JsonObject): AnalysisTrial {
  const [id, ordinal, cell, layers, hidden, paramBudget, paramCount, seed, status, backend] = packed;
  return {
    id,
    ordinal,
    cell,
    layers,
    hidden,
    paramBudget,
    paramCount,
    seed,
    status,
    backend,
    trainLoss: float(packed[10]),
    valLoss: float(packed[11]),
    testLoss: float(packed[12]),
    generalizationGap: float(packed[13]),
    metricName: packed[14],
    trainMetric: float(packed[15]),
    valMetric: float(packed[16]),
    testMetric: float(packed[17]),
    initialGradientSlope: float(packed[18]),
    gradientSlope: float(packed[19]),
    config,
  };
}

function float(value: PackedFloat): number | null {
  return typeof value === 'string' ? Number(value) : value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
