/**
 * Fenced writes for distributed workers. A queue can hand one trial to two workers (a worker paused past its lock,
 * a network partition, a Redis restart): the database, not the queue, decides who owns it. `startAttempt` bumps the
 * trial's `attempt`; every later write carries that number and is refused once another attempt has started or the
 * trial left RUNNING (completed, failed, cancelled).
 *
 * Each fenced write first runs `UPDATE trials ... WHERE id AND attempt AND status = 'RUNNING'` inside the write's
 * transaction. The UPDATE takes the trial's row lock and Postgres re-checks the WHERE after waiting on a concurrent
 * writer, so a write and a concurrent `startAttempt` are serialised: no stale write can slip in between.
 */
import type { Db } from './db.js';
import { epochValues } from './epochs.js';
import { TrialNotFoundError, TrialNotRunnableError } from './errors.js';
import type { Prisma } from './generated/prisma/client.js';
import type { AttemptCheckpoint, EpochRow, JsonObject, StartedAttempt, StartTrialInput } from './types.js';

type Tx = Prisma.TransactionClient;

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

/** True when `attempt` still owns the trial; takes the trial's row lock until the transaction ends. */
async function holdFence(tx: Tx, trialId: string, attempt: number): Promise<boolean> {
  const { count } = await tx.trial.updateMany({
    where: { id: trialId, attempt, status: 'RUNNING' },
    data: { updatedAt: new Date() },
  });
  return count === 1;
}

/**
 * Records (or overwrites) an epoch row if `attempt` still owns the trial. Returns false, writing nothing, when it
 * does not: the caller lost the trial and must stop.
 */
export async function recordAttemptEpoch(db: Db, trialId: string, attempt: number, row: EpochRow): Promise<boolean> {
  const values = { attempt, ...epochValues(row) };
  return db.$transaction(async (tx) => {
    if (!(await holdFence(tx, trialId, attempt))) return false;
    await tx.epochMetric.upsert({
      where: { trialId_epoch: { trialId, epoch: row.epoch } },
      create: { trialId, epoch: row.epoch, ...values },
      update: values,
    });
    return true;
  });
}

/** Replaces the trial's checkpoint if `attempt` still owns the trial; false (nothing written) otherwise. */
export async function saveCheckpoint(
  db: Db,
  trialId: string,
  attempt: number,
  checkpoint: { epoch: number; data: Uint8Array },
): Promise<boolean> {
  // Prisma's Bytes type wants a Uint8Array backed by a plain ArrayBuffer.
  const data = new Uint8Array(checkpoint.data);
  return db.$transaction(async (tx) => {
    if (!(await holdFence(tx, trialId, attempt))) return false;
    await tx.trialCheckpoint.upsert({
      where: { trialId },
      create: { trialId, attempt, epoch: checkpoint.epoch, data },
      update: { attempt, epoch: checkpoint.epoch, data },
    });
    return true;
  });
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
