/**
 * The two fenced writes every trial delivery makes (start an attempt, record the result), for many trials in one
 * statement each. A worker running 50 trials at once coalesces its calls into these (apps/worker's store-batcher):
 * measured with the no-op trainer, one Prisma round trip per trial and write held two workers at ~250 trials/s,
 * much of it Prisma's per-query overhead and one socket write per query.
 *
 * Same guarantees as the one-trial versions in attempts.ts / trials.ts, row by row: each trial's attempt is bumped
 * exactly once per call, each result is applied only while its trial is RUNNING with the result's attempt. Rows are
 * locked in id order (`ORDER BY id FOR UPDATE`), so two batches touching the same trials cannot deadlock.
 * Callers must not pass the same id twice in one call (a trial would get one attempt for two deliveries).
 */
import type { Db } from './db.js';
import { storedFloat, storedMetrics, wholeMs } from './db.js';
import { TrialNotFoundError, TrialNotRunnableError } from './errors.js';
import type { JsonObject, StartedAttempt, StartTrialInput, TrialResult } from './types.js';

/** Per id: the started attempt, or the error `startAttempt` would have thrown (not found, not runnable). */
export async function startAttempts(
  db: Db,
  ids: readonly string[],
  input: StartTrialInput,
): Promise<Map<string, StartedAttempt | Error>> {
  const rows = await db.$queryRaw<StartedRow[]>`
    WITH locked AS (
      SELECT "id" FROM "trials" WHERE "id" = ANY(${[...ids]}::text[]) ORDER BY "id" FOR UPDATE
    ), started AS (
      UPDATE "trials" t
      SET "status" = 'RUNNING', "attempt" = t."attempt" + 1, "backend" = ${input.backend}, "started_at" = CURRENT_TIMESTAMP,
          "finished_at" = NULL, "error" = NULL, "updated_at" = CURRENT_TIMESTAMP
      FROM locked l
      WHERE t."id" = l."id" AND t."status" IN ('PENDING', 'RUNNING', 'FAILED')
      RETURNING t."id", t."attempt", t."config", t."hidden", t."sweep_id", t."keeps_checkpoint"
    ), checkpoint AS (
      SELECT c."trial_id", c."epoch", c."attempt", c."data" FROM "trial_checkpoints" c JOIN started s ON c."trial_id" = s."id"
    ), pruned AS (
      DELETE FROM "epoch_metrics" e USING started s LEFT JOIN checkpoint c ON c."trial_id" = s."id"
      WHERE e."trial_id" = s."id" AND e."epoch" > COALESCE(c."epoch", 0)
    )
    SELECT s."id", s."attempt", s."config", s."hidden", s."sweep_id" AS "sweepId",
           s."keeps_checkpoint" AS "keepsCheckpoint", c."epoch" AS "checkpointEpoch",
           c."attempt" AS "checkpointAttempt", c."data" AS "checkpointData"
    FROM started s LEFT JOIN checkpoint c ON c."trial_id" = s."id"`;
  const results = new Map<string, StartedAttempt | Error>();
  for (const row of rows) results.set(row.id, toStartedAttempt(row));
  const refused = ids.filter((id) => !results.has(id));
  if (refused.length > 0) {
    const existing = await db.trial.findMany({ where: { id: { in: refused } }, select: { id: true, status: true } });
    const statusOf = new Map(existing.map((trial) => [trial.id, trial.status]));
    for (const id of refused) {
      const status = statusOf.get(id);
      results.set(id, status === undefined ? new TrialNotFoundError(id) : new TrialNotRunnableError(id, status));
    }
  }
  return results;
}

interface StartedRow {
  id: string;
  attempt: number;
  config: JsonObject | string;
  hidden: number;
  sweepId: string;
  keepsCheckpoint: boolean;
  checkpointEpoch: number | null;
  checkpointAttempt: number | null;
  checkpointData: Uint8Array | null;
}

function toStartedAttempt(row: StartedRow): StartedAttempt {
  return {
    attempt: row.attempt,
    sweepId: row.sweepId,
    hidden: row.hidden,
    keepsCheckpoint: row.keepsCheckpoint,
    config: typeof row.config === 'string' ? (JSON.parse(row.config) as JsonObject) : row.config,
    checkpoint:
      row.checkpointEpoch !== null && row.checkpointData !== null
        ? { epoch: row.checkpointEpoch, attempt: row.checkpointAttempt ?? 0, data: new Uint8Array(row.checkpointData) }
        : null,
  };
}

/**
 * Records results and marks their trials COMPLETED, each only while RUNNING with the result's attempt (as
 * `completeTrial`). Per id: whether it applied, or TrialNotFoundError for an unknown trial.
 */
export async function completeTrials(
  db: Db,
  results: ReadonlyMap<string, TrialResult>,
): Promise<Map<string, boolean | Error>> {
  const entries = [...results];
  const column = <T>(pick: (result: TrialResult) => T): T[] => entries.map(([, result]) => pick(result));
  // Floats travel as text: raw queries cannot send NaN or ±Infinity as numbers, and a diverged loss is stored as
  // NaN (see storedFloat). String(number) round-trips exactly through float8's input.
  const float = (pick: (result: TrialResult) => number | null | undefined): (string | null)[] =>
    column((result) => {
      const value = storedFloat(pick(result));
      return value === null ? null : String(value);
    });
  const applied = await db.$queryRaw<{ id: string }[]>`
    WITH locked AS (
      SELECT "id" FROM "trials" WHERE "id" = ANY(${entries.map(([id]) => id)}::text[]) ORDER BY "id" FOR UPDATE
    )
    UPDATE "trials" t
    SET "status" = 'COMPLETED', "finished_at" = COALESCE(r."finished_at", CURRENT_TIMESTAMP), "wall_time_ms" = r."wall_time_ms",
        "epochs_run" = r."epochs_run", "best_epoch" = r."best_epoch", "train_loss" = r."train_loss"::float8,
        "val_loss" = r."val_loss"::float8, "test_loss" = r."test_loss"::float8,
        "generalization_gap" = r."generalization_gap"::float8, "metric_name" = r."metric_name", "kernels" = r."kernels",
        "train_metric" = r."train_metric"::float8, "val_metric" = r."val_metric"::float8,
        "test_metric" = r."test_metric"::float8, "test_metrics" = r."test_metrics"::jsonb,
        "initial_gradient_reach" = r."initial_gradient_reach", "gradient_reach" = r."gradient_reach",
        "initial_gradient_slope" = r."initial_gradient_slope"::float8, "gradient_slope" = r."gradient_slope"::float8, "error" = NULL,
        "updated_at" = CURRENT_TIMESTAMP
    FROM locked l, unnest(
      ${entries.map(([id]) => id)}::text[],
      ${column((result) => result.attempt)}::int[],
      ${column((result) => result.finishedAt?.toISOString() ?? null)}::timestamp[],
      ${column((result) => wholeMs(result.wallTimeMs))}::int[],
      ${column((result) => result.epochsRun)}::int[],
      ${column((result) => result.bestEpoch ?? null)}::int[],
      ${float((result) => result.trainLoss)}::text[],
      ${float((result) => result.valLoss)}::text[],
      ${float((result) => result.testLoss)}::text[],
      ${float((result) => result.generalizationGap)}::text[],
      ${column((result) => result.metricName ?? null)}::text[],
      ${column((result) => result.kernels ?? null)}::text[],
      ${float((result) => result.trainMetric)}::text[],
      ${float((result) => result.valMetric)}::text[],
      ${float((result) => result.testMetric)}::text[],
      ${column((result) => metricsText(result))}::text[],
      ${column((result) => result.initialGradientReach ?? null)}::int[],
      ${column((result) => result.gradientReach ?? null)}::int[],
      ${float((result) => result.initialGradientSlope)}::text[],
      ${float((result) => result.gradientSlope)}::text[]
    ) AS r("id", "attempt", "finished_at", "wall_time_ms", "epochs_run", "best_epoch", "train_loss", "val_loss", "test_loss",
           "generalization_gap", "metric_name", "kernels", "train_metric", "val_metric", "test_metric", "test_metrics",
           "initial_gradient_reach",
           "gradient_reach", "initial_gradient_slope", "gradient_slope")
    WHERE t."id" = l."id" AND t."id" = r."id" AND t."status" = 'RUNNING' AND t."attempt" = r."attempt"
    RETURNING t."id"`;
  const outcome = new Map<string, boolean | Error>(entries.map(([id]) => [id, false]));
  for (const { id } of applied) outcome.set(id, true);
  const refused = entries.filter(([id]) => !outcome.get(id)).map(([id]) => id);
  if (refused.length > 0) {
    const existing = new Set(
      (await db.trial.findMany({ where: { id: { in: refused } }, select: { id: true } })).map((trial) => trial.id),
    );
    for (const id of refused) if (!existing.has(id)) outcome.set(id, new TrialNotFoundError(id));
  }
  return outcome;
}

/** The named test metrics as JSON text (cast to jsonb in SQL), or null for SQL NULL. */
function metricsText(result: TrialResult): string | null {
  const metrics = storedMetrics(result.testMetrics);
  return metrics === null ? null : JSON.stringify(metrics);
}
