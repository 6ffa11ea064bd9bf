/**
 * Read-only queries behind the dashboard (apps/dashboard): sweep overviews, a paginated and filtered trial listing,
 * compact trial points for charts, server-side learning-curve aggregation, and "what changed since" for the live
 * view. Everything is parameterised: the model API where it can express the query, and tagged `$queryRaw`
 * templates (values bound as parameters, never spliced) where Postgres functions are needed (percentile_cont).
 *
 * Sized for a sweep of 10,000 trials and 500,000 epoch rows: listings are bounded by `limit`, the learning-curve
 * aggregate returns one row per (cell, epoch bucket) instead of shipping epoch rows, and the indexes of migration
 * `*_dashboard_indexes` match the sort and "changed since" lookups.
 */
import { Prisma } from './generated/prisma/client.js';
import type { EpochMetric } from './generated/prisma/client.js';
import { fromJson, type Db } from './db.js';
import { toEpochRecord } from './epochs.js';
import { toSweepRecord } from './sweeps.js';
import { toTrialRecord } from './trials.js';
import { TRIAL_STATUSES, type EpochRecord, type SweepRecord, type TrialRecord, type TrialStatus } from './types.js';

/** A sweep as the dashboard lists it: progress per status, when it started, and its best finished trial. */
export interface SweepOverview extends SweepRecord {
  trialCount: number;
  trialCounts: Record<TrialStatus, number>;
  /** When the first trial started (null before any did). */
  startedAt: Date | null;
  /** Lowest finite validation loss among COMPLETED trials (null when none finished yet). */
  bestValLoss: number | null;
  bestTrialId: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/** Columns the trial listing can be sorted by. */
export const TRIAL_SORT_KEYS = [
  'ordinal',
  'cell',
  'paramCount',
  'paramBudget',
  'hidden',
  'layers',
  'seed',
  'status',
  'trainLoss',
  'valLoss',
  'testLoss',
  'generalizationGap',
  'valMetric',
  'testMetric',
  'wallTimeMs',
  'epochsRun',
  'startedAt',
  'finishedAt',
] as const;
export type TrialSortKey = (typeof TRIAL_SORT_KEYS)[number];

/** Equality on one value inside the trial's config JSON, e.g. `{ path: ['training', 'learningRate'], equals: 0.01 }`. */
export interface ConfigEquals {
  path: readonly string[];
  equals: string | number | boolean | null;
}

export interface TrialListQuery {
  cells?: readonly string[];
  statuses?: readonly TrialStatus[];
  paramBudgets?: readonly number[];
  hidden?: readonly number[];
  layers?: readonly number[];
  seeds?: readonly number[];
  /** All must hold (AND). */
  config?: readonly ConfigEquals[];
  sortBy?: TrialSortKey;
  order?: 'asc' | 'desc';
  offset?: number;
  /** The caller bounds this (the dashboard caps page sizes). */
  limit: number;
}

/** The columns a chart needs for one trial (a subset of the record); `config` is kept so the caller can extract hyperparameters. */
export type TrialPoint = Pick<
  TrialRecord,
  | 'id'
  | 'ordinal'
  | 'cell'
  | 'hidden'
  | 'layers'
  | 'paramBudget'
  | 'paramCount'
  | 'seed'
  | 'status'
  | 'trainLoss'
  | 'valLoss'
  | 'testLoss'
  | 'generalizationGap'
  | 'valMetric'
  | 'testMetric'
  | 'metricName'
  | 'config'
  | 'updatedAt'
  | 'initialGradientReach'
  | 'gradientReach'
  | 'initialGradientSlope'
  | 'gradientSlope'
  | 'trainMetric'
>;

/** Train/validation loss quantiles of one cell over one epoch bucket (non-finite losses left out). */
export interface CurveBandRow {
  cell: string;
  /** First epoch of the bucket. */
  epoch: number;
  trials: number;
  trainP10: number | null;
  trainP50: number | null;
  trainP90: number | null;
  valP10: number | null;
  valP50: number | null;
  valP90: number | null;
}

function countsByStatus(): Record<TrialStatus, number> {
  return Object.fromEntries(TRIAL_STATUSES.map((status) => [status, 0])) as Record<TrialStatus, number>;
}

/** Progress, start time and best result for the given sweeps: three grouped queries, whatever the count. */
async function overviewsOf(db: Db, sweeps: SweepRecord[]): Promise<SweepOverview[]> {
  if (sweeps.length === 0) return [];
  const sweepIds = sweeps.map((sweep) => sweep.id);
  const [byStatus, started, best] = await Promise.all([
    db.trial.groupBy({ by: ['sweepId', 'status'], where: { sweepId: { in: sweepIds } }, _count: { _all: true } }),
    db.trial.groupBy({ by: ['sweepId'], where: { sweepId: { in: sweepIds } }, _min: { startedAt: true } }),
    // Postgres orders NaN above every number, so min() skips diverged runs unless all of them diverged.
    db.trial.groupBy({
      by: ['sweepId'],
      where: { sweepId: { in: sweepIds }, status: 'COMPLETED' },
      _min: { valLoss: true },
    }),
  ]);
  const bestTrials = await Promise.all(
    best.map(async (row) => {
      const valLoss = row._min.valLoss;
      if (valLoss === null || !Number.isFinite(valLoss)) return [row.sweepId, null] as const;
      const trial = await db.trial.findFirst({
        where: { sweepId: row.sweepId, status: 'COMPLETED', valLoss },
        select: { id: true },
        orderBy: { ordinal: 'asc' },
      });
      return [row.sweepId, { valLoss, trialId: trial?.id ?? null }] as const;
    }),
  );
  const bestBySweep = new Map(bestTrials);
  const startedBySweep = new Map(started.map((row) => [row.sweepId, row._min.startedAt]));
  return sweeps.map((sweep) => {
    const trialCounts = countsByStatus();
    for (const row of byStatus) if (row.sweepId === sweep.id) trialCounts[row.status] = row._count._all;
    const bestRow = bestBySweep.get(sweep.id) ?? null;
    return {
      ...sweep,
      trialCount: Object.values(trialCounts).reduce((sum, n) => sum + n, 0),
      trialCounts,
      startedAt: startedBySweep.get(sweep.id) ?? null,
      bestValLoss: bestRow?.valLoss ?? null,
      bestTrialId: bestRow?.trialId ?? null,
    };
  });
}

/**
 * Prisma's `contains` becomes `ILIKE '%' || value || '%'` without escaping, so `_` and `%` in a search would match
 * any character (issue 14, defect 20). Postgres's default LIKE escape character is the backslash.
 */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Sweeps, newest first, optionally only those whose name contains `nameContains` (case-insensitive, literally). */
export async function listSweepOverviews(
  db: Db,
  query: { offset?: number; limit: number; nameContains?: string },
): Promise<Page<SweepOverview>> {
  const where: Prisma.SweepWhereInput =
    query.nameContains === undefined
      ? {}
      : { name: { contains: escapeLikePattern(query.nameContains), mode: 'insensitive' } };
  const [total, rows] = await Promise.all([
    db.sweep.count({ where }),
    db.sweep.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: query.offset ?? 0,
      take: query.limit,
    }),
  ]);
  return { total, items: await overviewsOf(db, rows.map(toSweepRecord)) };
}

/** One sweep's overview by id or name, or null. */
export async function findSweepOverview(db: Db, nameOrId: string): Promise<SweepOverview | null> {
  const row = await db.sweep.findFirst({ where: { OR: [{ id: nameOrId }, { name: nameOrId }] } });
  if (!row) return null;
  const [overview] = await overviewsOf(db, [toSweepRecord(row)]);
  return overview ?? null;
}

function inList<T>(values: readonly T[] | undefined): { in: T[] } | undefined {
  return values === undefined || values.length === 0 ? undefined : { in: [...values] };
}

function trialWhere(sweepId: string, query: Omit<TrialListQuery, 'limit'>): Prisma.TrialWhereInput {
  const where: Prisma.TrialWhereInput = { sweepId };
  const cell = inList(query.cells);
  const status = inList(query.statuses);
  const paramBudget = inList(query.paramBudgets);
  const hidden = inList(query.hidden);
  const layers = inList(query.layers);
  const seed = inList(query.seeds);
  if (cell) where.cell = cell;
  if (status) where.status = status;
  if (paramBudget) where.paramBudget = paramBudget;
  if (hidden) where.hidden = hidden;
  if (layers) where.layers = layers;
  if (seed) where.seed = seed;
  if (query.config && query.config.length > 0) {
    where.AND = query.config.map((filter) => ({
      config: { path: [...filter.path], equals: filter.equals === null ? Prisma.JsonNull : filter.equals },
    }));
  }
  return where;
}

const NULLABLE_SORT_KEYS: ReadonlySet<TrialSortKey> = new Set<TrialSortKey>([
  'paramBudget',
  'trainLoss',
  'valLoss',
  'testLoss',
  'generalizationGap',
  'valMetric',
  'testMetric',
  'wallTimeMs',
  'epochsRun',
  'startedAt',
  'finishedAt',
]);

function trialOrder(sortBy: TrialSortKey, order: 'asc' | 'desc'): Prisma.TrialOrderByWithRelationInput[] {
  // Unfinished trials (null metrics) go last whichever way the column is sorted; ordinal breaks ties so pages are
  // stable.
  const primary = (
    NULLABLE_SORT_KEYS.has(sortBy) ? { [sortBy]: { sort: order, nulls: 'last' } } : { [sortBy]: order }
  ) as Prisma.TrialOrderByWithRelationInput;
  return sortBy === 'ordinal' ? [primary] : [primary, { ordinal: 'asc' }, { id: 'asc' }];
}

/** One page of a sweep's trials, filtered and sorted, with the total that matched. */
export async function listTrialPage(db: Db, sweepId: string, query: TrialListQuery): Promise<Page<TrialRecord>> {
  const where = trialWhere(sweepId, query);
  const [total, rows] = await Promise.all([
    db.trial.count({ where }),
    db.trial.findMany({
      where,
      orderBy: trialOrder(query.sortBy ?? 'ordinal', query.order ?? 'asc'),
      skip: query.offset ?? 0,
      take: query.limit,
    }),
  ]);
  return { total, items: rows.map(toTrialRecord) };
}

/** The columns of a `TrialPoint` (dashboard-sample.ts reads the same). */
export const POINT_COLUMNS = {
  id: true,
  ordinal: true,
  cell: true,
  hidden: true,
  layers: true,
  paramBudget: true,
  paramCount: true,
  seed: true,
  status: true,
  trainLoss: true,
  valLoss: true,
  testLoss: true,
  generalizationGap: true,
  valMetric: true,
  testMetric: true,
  metricName: true,
  config: true,
  updatedAt: true,
  initialGradientReach: true,
  gradientReach: true,
  initialGradientSlope: true,
  gradientSlope: true,
  trainMetric: true,
} satisfies Prisma.TrialSelect;

type PointRow = Prisma.TrialGetPayload<{ select: typeof POINT_COLUMNS }>;

export function toPoint(row: PointRow): TrialPoint {
  return { ...row, config: fromJson(row.config) };
}

/** Every trial of a sweep as a chart point (no error text, timings or attempts), by ordinal. */
export async function listTrialPoints(db: Db, sweepId: string): Promise<TrialPoint[]> {
  const rows = await db.trial.findMany({ where: { sweepId }, select: POINT_COLUMNS, orderBy: { ordinal: 'asc' } });
  return rows.map(toPoint);
}

/**
 * Trials of a sweep updated after `since` (strictly), oldest change first, at most `limit`: the live view's delta.
 * Served by the (sweep_id, updated_at) index.
 */
export async function listTrialPointsChangedSince(
  db: Db,
  sweepId: string,
  since: Date,
  limit: number,
): Promise<TrialPoint[]> {
  const rows = await db.trial.findMany({
    where: { sweepId, updatedAt: { gt: since } },
    select: POINT_COLUMNS,
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return rows.map(toPoint);
}

/** The latest trial change of a sweep (null when it has no trials): a cheap "did anything happen?" probe. */
export async function latestTrialChange(db: Db, sweepId: string): Promise<Date | null> {
  const row = await db.trial.findFirst({
    where: { sweepId },
    select: { updatedAt: true },
    orderBy: { updatedAt: 'desc' },
  });
  return row?.updatedAt ?? null;
}

/** One page of one trial's epoch rows, by epoch. */
export async function listEpochPage(
  db: Db,
  trialId: string,
  query: { offset?: number; limit: number },
): Promise<Page<EpochRecord>> {
  const [total, rows] = await Promise.all([
    db.epochMetric.count({ where: { trialId } }),
    db.epochMetric.findMany({
      where: { trialId },
      orderBy: { epoch: 'asc' },
      skip: query.offset ?? 0,
      take: query.limit,
    }),
  ]);
  return { total, items: rows.map(toEpochRecord) };
}

/**
 * Epoch rows of the given trials (at most the first `limit` rows per query, in trial then epoch order), keeping
 * only every `stride`-th epoch plus each trial's last: overlaid learning curves of a few trials, downsampled.
 */
export async function listEpochsOfTrials(
  db: Db,
  trialIds: readonly string[],
  options: { maxPointsPerTrial: number },
): Promise<EpochRecord[]> {
  if (trialIds.length === 0) return [];
  const longest = await db.epochMetric.groupBy({
    by: ['trialId'],
    where: { trialId: { in: [...trialIds] } },
    _max: { epoch: true },
  });
  const lastEpoch = new Map(longest.map((row) => [row.trialId, row._max.epoch ?? 0]));
  const rows: EpochMetric[] = await db.epochMetric.findMany({
    where: { trialId: { in: [...trialIds] } },
    orderBy: [{ trialId: 'asc' }, { epoch: 'asc' }],
  });
  return rows
    .filter((row) => {
      const last = lastEpoch.get(row.trialId) ?? 0;
      const stride = Math.max(1, Math.ceil(last / options.maxPointsPerTrial));
      return row.epoch % stride === 0 || row.epoch === last;
    })
    .map(toEpochRecord);
}

/**
 * Learning curves of a whole sweep, aggregated in the database: per cell and epoch bucket, the 10th/50th/90th
 * percentiles of train and validation loss over the trials that reached it. At most `maxBuckets` buckets per cell,
 * so the answer stays a few hundred rows whatever the number of epoch rows.
 */
export async function aggregateLearningCurves(
  db: Db,
  sweepId: string,
  options: { maxBuckets: number },
): Promise<CurveBandRow[]> {
  const longest = await db.trial.aggregate({ where: { sweepId }, _max: { epochsRun: true } });
  const latestEpoch = await db.epochMetric.aggregate({ where: { trial: { sweepId } }, _max: { epoch: true } });
  const lastEpoch = Math.max(longest._max.epochsRun ?? 0, latestEpoch._max.epoch ?? 0);
  const bucketSize = Math.max(1, Math.ceil(lastEpoch / Math.max(1, options.maxBuckets)));
  // percentile_cont has no model-API equivalent; every value below is a bound parameter. 'NaN' is excluded
  // because Postgres sorts it above every number and it would drag the upper percentiles to NaN.
  const rows = await db.$queryRaw<
    {
      cell: string;
      bucket: number;
      trials: bigint;
      train_p10: number | null;
      train_p50: number | null;
      train_p90: number | null;
      val_p10: number | null;
      val_p50: number | null;
      val_p90: number | null;
    }[]
  >`
    SELECT t.cell AS cell,
           (e.epoch / ${bucketSize}::int) * ${bucketSize}::int AS bucket,
           count(DISTINCT e.trial_id) AS trials,
           percentile_cont(0.1) WITHIN GROUP (ORDER BY e.train_loss) FILTER (WHERE e.train_loss <> 'NaN') AS train_p10,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY e.train_loss) FILTER (WHERE e.train_loss <> 'NaN') AS train_p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY e.train_loss) FILTER (WHERE e.train_loss <> 'NaN') AS train_p90,
           percentile_cont(0.1) WITHIN GROUP (ORDER BY e.val_loss) FILTER (WHERE e.val_loss <> 'NaN') AS val_p10,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY e.val_loss) FILTER (WHERE e.val_loss <> 'NaN') AS val_p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY e.val_loss) FILTER (WHERE e.val_loss <> 'NaN') AS val_p90
      FROM "epoch_metrics" e
      JOIN "trials" t ON t.id = e.trial_id
     WHERE t.sweep_id = ${sweepId}
     GROUP BY t.cell, bucket
     ORDER BY t.cell, bucket`;
  return rows.map((row) => ({
    cell: row.cell,
    epoch: Number(row.bucket),
    trials: Number(row.trials),
    trainP10: row.train_p10,
    trainP50: row.train_p50,
    trainP90: row.train_p90,
    valP10: row.val_p10,
    valP50: row.val_p50,
    valP90: row.val_p90,
  }));
}

/** One finished trial's gradient-reach probe: reach before and after training, and its last measured norms. */
export interface TrialGradients {
  id: string;
  ordinal: number;
  cell: string;
  hidden: number;
  layers: number;
  paramBudget: number | null;
  paramCount: number;
  seed: number;
  valLoss: number | null;
  /** Reach (steps) of the untrained model and of the final weights, as the trial row holds them. */
  initialGradientReach: number | null;
  gradientReach: number | null;
  /** Per-step log-slope (ln per step back) of the untrained model and of the final weights, as the trial row holds them. */
  initialGradientSlope: number | null;
  gradientSlope: number | null;
  /** The last epoch whose row carries norms (null when none does). */
  epoch: number | null;
  /** ‖∂loss_T/∂x_t‖ for t = 0..T-1 at that epoch; empty when no epoch measured it. */
  gradientNorms: number[];
  /** That epoch's reach and slope. */
  epochGradientReach: number | null;
  epochGradientSlope: number | null;
}

const GRADIENT_TRIAL_COLUMNS = {
  id: true,
  ordinal: true,
  cell: true,
  hidden: true,
  layers: true,
  paramBudget: true,
  paramCount: true,
  seed: true,
  valLoss: true,
  initialGradientReach: true,
  gradientReach: true,
  initialGradientSlope: true,
  gradientSlope: true,
} satisfies Prisma.TrialSelect;

/**
 * Gradient reach of a sweep: per cell, the mean initial and final reach over its completed trials (one grouped
 * query on the trials table), and for at most `limit` completed trials with a recorded reach — the best by
 * validation loss, taken in turn from each cell so every cell is drawn — the norms of their last measured epoch.
 * Epoch rows are read for those trials only, by the (trial_id, epoch) index: two queries, ≤ `limit` rows.
 */
export async function listGradientReach(
  db: Db,
  sweepId: string,
  options: { limit: number },
): Promise<{ trials: TrialGradients[] }> {
  // Only the cells with a measured trial: the per-group reach figures come from the analysis (dashboard group-reach).
  const measuredCells = await db.trial.groupBy({
    by: ['cell'],
    where: { sweepId, status: 'COMPLETED', gradientReach: { not: null } },
    orderBy: { cell: 'asc' },
  });

  const perCell = await Promise.all(
    measuredCells.map(({ cell }) =>
      db.trial.findMany({
        where: { sweepId, cell, status: 'COMPLETED', gradientReach: { not: null } },
        select: GRADIENT_TRIAL_COLUMNS,
        orderBy: [{ valLoss: { sort: 'asc', nulls: 'last' } }, { ordinal: 'asc' }],
        take: options.limit,
      }),
    ),
  );
  const chosen: (typeof perCell)[number] = [];
  for (let rank = 0; chosen.length < options.limit && perCell.some((rows) => rank < rows.length); rank++) {
    for (const rows of perCell) {
      const row = rows[rank];
      if (row && chosen.length < options.limit) chosen.push(row);
    }
  }
  if (chosen.length === 0) return { trials: [] };

  const trialIds = chosen.map((row) => row.id);
  const lastMeasured = await db.epochMetric.groupBy({
    by: ['trialId'],
    where: { trialId: { in: trialIds }, gradientNorms: { isEmpty: false } },
    _max: { epoch: true },
  });
  const keys = lastMeasured.flatMap((row) =>
    row._max.epoch === null ? [] : [{ trialId: row.trialId, epoch: row._max.epoch }],
  );
  const epochs =
    keys.length === 0
      ? []
      : await db.epochMetric.findMany({
          where: { OR: keys },
          select: { trialId: true, epoch: true, gradientNorms: true, gradientReach: true, gradientSlope: true },
        });
  const epochOf = new Map(epochs.map((row) => [row.trialId, row]));
  return {
    trials: chosen.map((row) => {
      const epoch = epochOf.get(row.id);
      return {
        ...row,
        epoch: epoch?.epoch ?? null,
        gradientNorms: epoch?.gradientNorms ?? [],
        epochGradientReach: epoch?.gradientReach ?? null,
        epochGradientSlope: epoch?.gradientSlope ?? null,
      };
    }),
  };
}
