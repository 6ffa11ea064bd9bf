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
import { startAttempts } from './attempts-bulk.js';
import type { Db } from './db.js';
import { epochValues } from './epochs.js';
import { TrialNotFoundError } from './errors.js';
import type { AttemptCheckpoint, EpochRow, StartedAttempt, StartTrialInput } from './types.js';

/**
 * Starts a new attempt (from PENDING, RUNNING: a redelivered job, or FAILED) and hands back what it resumes from: the latest checkpoint (if any) and the epoch rows up
 * to it are kept, epoch rows past it (written by an attempt that died before checkpointing) are deleted.
 * Throws `TrialNotRunnableError` for a COMPLETED or CANCELLED trial, `TrialNotFoundError` for an unknown id.
 */
export async function startAttempt(db: Db, id: string, input: StartTrialInput): Promise<StartedAttempt> {
  // The bulk start, for one id: one statement, one round trip, the same locking and pruning (attempts-bulk.ts).
  const started = (await startAttempts(db, [id], input)).get(id);
  if (started === undefined) throw new TrialNotFoundError(id);
  if (started instanceof Error) throw started;
  return started;
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
                                 "samples_per_sec", "gradient_norms", "gradient_reach", "gradient_slope", "epoch_time_ms")
    SELECT "id", ${row.epoch}::int, ${attempt}::int, ${floatText(v.trainLoss)}::float8, ${floatText(v.valLoss)}::float8,
           ${floatText(v.trainMetric)}::float8, ${floatText(v.valMetric)}::float8, ${floatText(v.samplesPerSec)}::float8,
           ${v.gradientNorms.map((norm) => String(norm))}::text[]::float8[], ${v.gradientReach}::int,
           ${floatText(v.gradientSlope)}::float8, ${v.epochTimeMs}::int
    FROM fence
    ON CONFLICT ("trial_id", "epoch") DO UPDATE SET
      "attempt" = EXCLUDED."attempt", "train_loss" = EXCLUDED."train_loss", "val_loss" = EXCLUDED."val_loss",
      "train_metric" = EXCLUDED."train_metric", "val_metric" = EXCLUDED."val_metric",
      "samples_per_sec" = EXCLUDED."samples_per_sec", "gradient_norms" = EXCLUDED."gradient_norms",
      "gradient_reach" = EXCLUDED."gradient_reach", "gradient_slope" = EXCLUDED."gradient_slope",
      "epoch_time_ms" = EXCLUDED."epoch_time_ms"
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
 * Drops the checkpoints ASHA kept for a promotion decision that came out "stop" (see `keepsCheckpoint`): only of
 * COMPLETED trials, so a trial still in training never loses its own. Returns how many were dropped.
 */
export async function releaseCheckpoints(db: Db, trialIds: readonly string[]): Promise<number> {
  if (trialIds.length === 0) return 0;
  const dropped = await db.$queryRaw<{ trial_id: string }[]>`
    DELETE FROM "trial_checkpoints" c USING "trials" t
    WHERE c."trial_id" = t."id" AND t."id" = ANY(${[...trialIds]}::text[]) AND t."status" = 'COMPLETED'
    RETURNING c."trial_id"`;
  return dropped.length;
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
