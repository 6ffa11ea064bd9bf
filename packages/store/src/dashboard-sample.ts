/**
 * The dashboard's scatter at scale (issue 17): a scatter cannot show 100,000 trials (40 MB of points, seconds to
 * serialise and draw), so above a threshold the dashboard asks for per cell × size aggregates of the whole (filtered)
 * sweep plus a deterministic sample of its finished trials, both computed in SQL. Filters apply before sampling, so a
 * filtered chart samples from every matching trial, not from an earlier sample. The facets (hyperparameter values)
 * come from the distinct configs of the whole sweep.
 */
import { Prisma } from './generated/prisma/client.js';
import type { Db } from './db.js';
import { fromJson } from './db.js';
import { POINT_COLUMNS, toPoint, type TrialListQuery, type TrialPoint } from './dashboard-queries.js';
import type { JsonObject, TrialStatus } from './types.js';
import { CONFIG_KEYS_WITH_COLUMNS } from './analysis-trials.js';

/** The filters of the trial listing, without paging or sorting. */
export type TrialPointFilter = Omit<TrialListQuery, 'limit' | 'offset' | 'sortBy' | 'order'>;

/** One cell × parameter count of the filtered sweep: how many trials, how many finished, validation-loss quantiles. */
export interface TrialStratum {
  cell: string;
  paramCount: number;
  paramBudget: number | null;
  trials: number;
  completed: number;
  /** 10th, 50th and 90th percentile of the finite validation losses of its finished trials; null without any. */
  valLoss: [number, number, number] | null;
}

/** SQL conditions on `t` (the trials table) for a filter; every value bound as a parameter. */
function filterSql(filter: TrialPointFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const list = <T>(values: readonly T[] | undefined) => (values && values.length > 0 ? [...values] : null);
  const cells = list(filter.cells);
  const statuses = list(filter.statuses);
  const budgets = list(filter.paramBudgets);
  const hidden = list(filter.hidden);
  const layers = list(filter.layers);
  const seeds = list(filter.seeds);
  if (cells) parts.push(Prisma.sql`t.cell = ANY(${cells}::text[])`);
  if (statuses) parts.push(Prisma.sql`t.status::text = ANY(${statuses}::text[])`);
  if (budgets) parts.push(Prisma.sql`t.param_budget = ANY(${budgets}::int[])`);
  if (hidden) parts.push(Prisma.sql`t.hidden = ANY(${hidden}::int[])`);
  if (layers) parts.push(Prisma.sql`t.layers = ANY(${layers}::int[])`);
  if (seeds) parts.push(Prisma.sql`t.seed = ANY(${seeds}::int[])`);
  for (const { path, equals } of filter.config ?? []) {
    // The same test as the listing's Prisma JSON filter: the value at the path equals the given JSON value.
    parts.push(Prisma.sql`t.config #> ${[...path]}::text[] = ${JSON.stringify(equals)}::jsonb`);
  }
  return parts.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(parts, ' AND ')}`;
}

interface StratumRow {
  cell: string;
  param_count: number;
  param_budget: number | null;
  status_counts: Record<string, number>;
  val_quantiles: number[] | null;
}

export interface TrialStrata {
  /** Trials matching the filter, per status. */
  statusCounts: Partial<Record<TrialStatus, number>>;
  strata: TrialStratum[];
}

/** Per cell × parameter count of the trials matching `filter`: counts per status, validation-loss deciles. One scan. */
export async function summarizeTrialStrata(
  db: Db,
  sweepId: string,
  filter: TrialPointFilter = {},
): Promise<TrialStrata> {
  const rows = await db.$queryRaw<StratumRow[]>`
    SELECT s.cell, s.param_count, min(s.param_budget) AS param_budget,
           jsonb_object_agg(s.status, s.trials) AS status_counts,
           max(s.val_quantiles) AS val_quantiles
      FROM (SELECT t.cell, t.param_count, t.status::text AS status, min(t.param_budget) AS param_budget,
                   count(*) AS trials,
                   percentile_cont(ARRAY[0.1, 0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY t.val_loss)
                     FILTER (WHERE t.status = 'COMPLETED' AND t.val_loss <> 'NaN') AS val_quantiles
              FROM "trials" t
             WHERE t.sweep_id = ${sweepId} ${filterSql(filter)}
             GROUP BY t.cell, t.param_count, t.status) s
     GROUP BY s.cell, s.param_count
     ORDER BY s.cell, s.param_count`;
  const statusCounts: Partial<Record<TrialStatus, number>> = {};
  const strata = rows.map((row): TrialStratum => {
    for (const [status, n] of Object.entries(row.status_counts)) {
      statusCounts[status as TrialStatus] = (statusCounts[status as TrialStatus] ?? 0) + Number(n);
    }
    return {
      cell: row.cell,
      paramCount: row.param_count,
      paramBudget: row.param_budget,
      trials: Object.values(row.status_counts).reduce((sum, n) => sum + Number(n), 0),
      completed: Number(row.status_counts.COMPLETED ?? 0),
      valLoss:
        row.val_quantiles && row.val_quantiles.length === 3
          ? (row.val_quantiles.map(Number) as [number, number, number])
          : null,
    };
  });
  return { statusCounts, strata };
}

/**
 * A deterministic sample of the finished trials matching `filter`: in every cell × parameter count, `perStratum`
 * trials evenly spaced in validation-loss rank (so it keeps the spread of each stratum, not only its best), plus the
 * best by validation and by test loss (so every Pareto frontier point is in it: a frontier trial is the best of its
 * size). Ties are broken by ordinal; the points come by ordinal.
 */
export async function sampleTrialPoints(
  db: Db,
  sweepId: string,
  options: { perStratum: number; filter?: TrialPointFilter },
): Promise<TrialPoint[]> {
  const perStratum = Math.max(1, Math.floor(options.perStratum));
  // Rank k of n is kept when floor((k-1)·q/n) steps up from rank k-1: q ranks evenly spread over 1..n.
  const chosen = await db.$queryRaw<{ id: string }[]>`
    WITH ranked AS (
      SELECT t.id,
             row_number() OVER (PARTITION BY t.cell, t.param_count ORDER BY t.val_loss ASC NULLS LAST, t.ordinal) AS by_val,
             row_number() OVER (PARTITION BY t.cell, t.param_count ORDER BY t.test_loss ASC NULLS LAST, t.ordinal) AS by_test,
             count(*) OVER (PARTITION BY t.cell, t.param_count) AS n
        FROM "trials" t
       WHERE t.sweep_id = ${sweepId} AND t.status = 'COMPLETED' ${filterSql(options.filter ?? {})}
    )
    SELECT id FROM ranked
     WHERE by_val = 1 OR by_test = 1
        OR ((by_val - 1) * ${perStratum}::bigint) / n <> ((by_val - 2) * ${perStratum}::bigint) / n`;
  const rows = await db.trial.findMany({
    where: { id: { in: chosen.map((row) => row.id) } },
    select: POINT_COLUMNS,
    orderBy: { ordinal: 'asc' },
  });
  return rows.map(toPoint);
}

/**
 * The sweep's distinct trial configs without the keys that are columns (CONFIG_KEYS_WITH_COLUMNS), each with its
 * trial's `cell` (which options apply depends on it): enough to list which hyperparameters vary and their values, in
 * a few hundred rows instead of one per trial.
 */
export async function listDistinctConfigs(db: Db, sweepId: string): Promise<JsonObject[]> {
  const rows = await db.$queryRaw<{ config: Prisma.JsonValue }[]>`
    SELECT DISTINCT jsonb_set(t.config - ${[...CONFIG_KEYS_WITH_COLUMNS]}::text[], '{cell}', to_jsonb(t.cell)) AS config
      FROM "trials" t WHERE t.sweep_id = ${sweepId}`;
  return rows.map((row) => fromJson(row.config));
}
