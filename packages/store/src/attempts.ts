/**
 * Fenced writes for distributed workers. A queue can hand one trial to two workers (a worker paused past its lock,
 * a network partition, a Redis restart): the database, not the queue, decides who owns it. `startAttempt` bumps the
 * trial's `attempt`; every later write carries that number and is refused once another attempt has started or the
 * trial left RUNNING (completed, failed, cancelled).
 *
 * Each fenced write runs `UPDATE trials ... WHERE id AND attempt AND status = 'RUNNING'` in the same statement as the
 * write. The UPDATE takes the trial's row lock and Postgres re-checks the WHERE after waiting on a concurrent
 * writer, so a write and a concurrent `startAttempt` are serialised: no stale write can slip in between.
 */
import type { Db } from './db.js';
import { epochValues } from './epochs.js';
import { TrialNotFoundError, TrialNotRunnableError } from './errors.js';
import type { AttemptCheckpoint, EpochRow, JsonObject, StartedAttempt, StartTrialInput } from './types.js';

/**
 * Starts a new attempt (from PENDING, RUNNING: a redelivered job, or FAILED) and hands back what it resumes from: the latest checkpoint (if any) and the epoch rows up
 * to it are kept, epoch rows past it (written by an attempt that died before checkpointing) are deleted.
 * Throws `TrialNotRunnableError` for a COMPLETED or CANCELLED trial, `TrialNotFoundError` for an unknown id.
 */
export async function startAttempt(db: Db, id: string, input: StartTrialInput): Promise<StartedAttempt> {
  // One statement, one round trip (this runs once per trial delivery: at thousands of no-op trials/s, Prisma's
  // interactive transaction of four statements was the bottleneck). The UPDATE locks the trial row, so the
  // checkpoint read and the pruning of later epochs happen atomically with the attempt bump.
  const rows = await db.$queryRaw<StartedRow[]>`
    WITH started AS (
      UPDATE "trials"
      SET "status" = 'RUNNING', "attempt" = "attempt" + 1, "backend" = ${input.backend}, "started_at" = CURRENT_TIMESTAMP,
          "finished_at" = NULL, "error" = NULL, "updated_at" = CURRENT_TIMESTAMP
      WHERE "id" = ${id} AND "status" IN ('PENDING', 'RUNNING', 'FAILED')
      RETURNING "id", "attempt", "config", "hidden", "sweep_id"
    ), checkpoint AS (
      SELECT c."trial_id", c."epoch", c."attempt", c."data" FROM "trial_checkpoints" c JOIN started s ON c."trial_id" = s."id"
    ), pruned AS (
      DELETE FROM "epoch_metrics" e USING started s
      WHERE e."trial_id" = s."id" AND e."epoch" > COALESCE((SELECT "epoch" FROM checkpoint), 0)
    )
    SELECT s."attempt", s."config", s."hidden", s."sweep_id" AS "sweepId", c."epoch" AS "checkpointEpoch",
           c."attempt" AS "checkpointAttempt", c."data" AS "checkpointData"
    FROM started s LEFT JOIN checkpoint c ON c."trial_id" = s."id"`;
  const row = rows[0];
  if (!row) {
    const existing = await db.trial.findUnique({ where: { id }, select: { status: true } });
    if (!existing) throw new TrialNotFoundError(id);
    throw new TrialNotRunnableError(id, existing.status);
  }
  const config = typeof row.config === 'string' ? (JSON.parse(row.config) as JsonObject) : row.config;
  return {
    attempt: row.attempt,
    sweepId: row.sweepId,
    hidden: row.hidden,
    config,
    checkpoint:
      row.checkpointEpoch !== null && row.checkpointData !== null
        ? { epoch: row.checkpointEpoch, attempt: row.checkpointAttempt ?? 0, data: new Uint8Array(row.checkpointData) }
        : null,
  };
}

interface StartedRow {
  attempt: number;
  config: JsonObject | string;
  hidden: number;
  sweepId: string;
  checkpointEpoch: number | null;
  checkpointAttempt: number | null;
  checkpointData: Uint8Array | null;
}

/**
 * Records (or overwrites) an epoch row if `attempt` still owns the trial. Returns false, writing nothing, when it
 * does not: the caller lost the trial and must stop.
 *
 * One statement: the fence is a data-modifying CTE, so the trial's row lock lasts exactly as long as the statement.
 * (As an interactive transaction of four round trips, a worker paused between them kept the row locked, and the
 * worker that took its trial over waited on that lock; it was also ~10 ms of Prisma CPU per epoch.) Floats travel
 * as text: raw queries send NaN as NULL, and a diverged loss must be stored as NaN.
 */
export async function recordAttemptEpoch(db: Db, trialId: string, attempt: number, row: EpochRow): Promise<boolean> {
  const v = epochValues(row);
  const written = await db.$queryRaw<{ epoch: number }[]>`
    WITH fence AS (
      UPDATE "trials" SET "updated_at" = ${new Date().toISOString()}::timestamp
      WHERE "id" = ${trialId} AND "attempt" = ${attempt} AND "status" = 'RUNNING'
      RETURNING "id"
    )
    INSERT INTO "epoch_metrics" ("trial_id", "epoch", "attempt", "train_loss", "val_loss", "train_metric", "val_metric",
                                 "samples_per_sec", "gradient_norms", "gradient_reach", "epoch_time_ms")
    SELECT "id", ${row.epoch}::int, ${attempt}::int, ${floatText(v.trainLoss)}::float8, ${floatText(v.valLoss)}::float8,
           ${floatText(v.trainMetric)}::float8, ${floatText(v.valMetric)}::float8, ${floatText(v.samplesPerSec)}::float8,
           ${v.gradientNorms.map((norm) => String(norm))}::text[]::float8[], ${v.gradientReach}::int, ${v.epochTimeMs}::int
    FROM fence
    ON CONFLICT ("trial_id", "epoch") DO UPDATE SET
      "attempt" = EXCLUDED."attempt", "train_loss" = EXCLUDED."train_loss", "val_loss" = EXCLUDED."val_loss",
      "train_metric" = EXCLUDED."train_metric", "val_metric" = EXCLUDED."val_metric",
      "samples_per_sec" = EXCLUDED."samples_per_sec", "gradient_norms" = EXCLUDED."gradient_norms",
      "gradient_reach" = EXCLUDED."gradient_reach", "epoch_time_ms" = EXCLUDED."epoch_time_ms"
    RETURNING "epoch"`;
  return written.length === 1;
}

/**
 * Replaces the trial's checkpoint if `attempt` still owns the trial; false (nothing written) otherwise. One
 * statement, for the same reasons as `recordAttemptEpoch`.
 */
export async function saveCheckpoint(
  db: Db,
  trialId: string,
  attempt: number,
  checkpoint: { epoch: number; data: Uint8Array },
): Promise<boolean> {
  // Prisma's Bytes type wants a Uint8Array backed by a plain ArrayBuffer.
  const data = new Uint8Array(checkpoint.data);
  const now = new Date().toISOString();
  const written = await db.$queryRaw<{ epoch: number }[]>`
    WITH fence AS (
      UPDATE "trials" SET "updated_at" = ${now}::timestamp
      WHERE "id" = ${trialId} AND "attempt" = ${attempt} AND "status" = 'RUNNING'
      RETURNING "id"
    )
    INSERT INTO "trial_checkpoints" ("trial_id", "attempt", "epoch", "data", "updated_at")
    SELECT "id", ${attempt}::int, ${checkpoint.epoch}::int, ${data}::bytea, ${now}::timestamp FROM fence
    ON CONFLICT ("trial_id") DO UPDATE SET
      "attempt" = EXCLUDED."attempt", "epoch" = EXCLUDED."epoch", "data" = EXCLUDED."data", "updated_at" = EXCLUDED."updated_at"
    RETURNING "epoch"`;
  return written.length === 1;
}

function floatText(value: number | null): string | null {
  return value === null ? null : String(value);
}

/** The trial's latest checkpoint, or null. */
export async function findCheckpoint(db: Db, trialId: string): Promise<AttemptCheckpoint | null> {
  const row = await db.trialCheckpoint.findUnique({ where: { trialId } });
  return row ? { epoch: row.epoch, attempt: row.attempt, data: new Uint8Array(row.data) } : null;
}

/**
 * Marks an unfinished (PENDING or RUNNING) trial FAILED whatever its attempt: for the scheduler, when the queue gave
 * up on the trial's job (attempts exhausted, stalled too often) and no worker is left to report it. Any worker
 * still holding an attempt is fenced out by the status change. Returns whether it applied.
 */
export async function failUnfinishedTrial(db: Db, id: string, error: string): Promise<boolean> {
  const { count } = await db.trial.updateMany({
    where: { id, status: { in: ['PENDING', 'RUNNING'] } },
    data: { status: 'FAILED', error, finishedAt: new Date() },
  });
  return count === 1;
}

/**
 * Puts a RUNNING trial back to PENDING if `attempt` is still its current attempt (the scheduler's repair when the
 * trial's job finished without a result). Its checkpoint and epoch rows stay, so the next attempt resumes.
 */
export async function requeueTrial(db: Db, id: string, attempt: number): Promise<boolean> {
  const { count } = await db.trial.updateMany({
    where: { id, status: 'RUNNING', attempt },
    data: { status: 'PENDING' },
  });
  return count === 1;
}
