/**
 * Trial repository. A trial's life: PENDING -> RUNNING (attempt n) -> COMPLETED | FAILED, with RUNNING -> PENDING
 * on resume after a crash. Results are fenced by attempt: a worker that stalled, lost its lock and was replaced
 * still holds attempt n-1, so its late `completeTrial` changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { fromJson, fromMetricsJson, storedFloat, storedMetrics, toJsonInput, wholeMs, type Db } from './db.js';
import { SweepNotFoundError, TrialNotFoundError, TrialNotRunnableError } from './errors.js';
import { Prisma, type Trial } from './generated/prisma/client.js';
import type { NewTrial, StartTrialInput, TrialFilter, TrialRecord, TrialResult, TrialStatus } from './types.js';

export function toTrialRecord(row: Trial): TrialRecord {
  return { ...row, config: fromJson(row.config), testMetrics: fromMetricsJson(row.testMetrics) };
}

/**
 * Inserts the trials that are not in the sweep yet (matched on `configKey`) and returns how many were inserted;
 * existing trials, whatever their status, are left untouched. One INSERT ... ON CONFLICT DO NOTHING.
 */
export async function addTrials(db: Db, sweepId: string, trials: readonly NewTrial[]): Promise<number> {
  // Checked up front so a wrong id is a clear error, not a foreign-key violation.
  const sweep = await db.sweep.findUnique({ where: { id: sweepId }, select: { id: true } });
  if (!sweep) throw new SweepNotFoundError(sweepId);
  if (trials.length === 0) return 0;
  const { count } = await db.trial.createMany({
    data: trials.map((trial) => ({
      id: trial.id ?? randomUUID(),
      sweepId,
      configKey: trial.configKey,
      ordinal: trial.ordinal,
      cell: trial.cell,
      hidden: trial.hidden,
      layers: trial.layers,
      paramBudget: trial.paramBudget ?? null,
      paramCount: trial.paramCount,
      seed: trial.seed,
      config: toJsonInput(trial.config),
    })),
    skipDuplicates: true,
  });
  return count;
}

/** A sweep's trials in ordinal order, optionally only those in the given status(es). */
export async function listTrials(db: Db, sweepId: string, filter: TrialFilter = {}): Promise<TrialRecord[]> {
  const { status } = filter;
  const rows = await db.trial.findMany({
    where: {
      sweepId,
      ...(status === undefined ? {} : { status: typeof status === 'string' ? status : { in: [...status] } }),
    },
    orderBy: [{ ordinal: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toTrialRecord);
}

export async function findTrial(db: Db, id: string): Promise<TrialRecord | null> {
  const row = await db.trial.findUnique({ where: { id } });
  return row ? toTrialRecord(row) : null;
}

/** Like `findTrial`, but throws `TrialNotFoundError`. */
export async function getTrial(db: Db, id: string): Promise<TrialRecord> {
  const trial = await findTrial(db, id);
  if (!trial) throw new TrialNotFoundError(id);
  return trial;
}

/** Statuses from which a trial may (re)start. RUNNING is included: a stalled worker's job is redelivered. */
const STARTABLE: TrialStatus[] = ['PENDING', 'RUNNING', 'FAILED'];

/**
 * Starts a new attempt: status RUNNING, `attempt + 1`, `startedAt` now, the backend recorded, error and finish
 * time cleared, and epoch rows of earlier attempts deleted (the trial restarts from epoch 1). Returns the new
 * attempt number, which the caller must pass to `completeTrial` / `failTrial`.
 * Throws `TrialNotRunnableError` for a COMPLETED or CANCELLED trial, `TrialNotFoundError` for an unknown id.
 */
export async function markTrialRunning(db: Db, id: string, input: StartTrialInput): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.trial.updateManyAndReturn({
      where: { id, status: { in: STARTABLE } },
      data: {
        status: 'RUNNING',
        attempt: { increment: 1 },
        backend: input.backend,
        startedAt: new Date(),
        finishedAt: null,
        error: null,
      },
      select: { attempt: true },
    });
    const row = rows[0];
    if (!row) {
      const existing = await tx.trial.findUnique({ where: { id }, select: { status: true } });
      if (!existing) throw new TrialNotFoundError(id);
      throw new TrialNotRunnableError(id, existing.status);
    }
    await tx.epochMetric.deleteMany({ where: { trialId: id } });
    return row.attempt;
  });
}

/** Throws `TrialNotFoundError` when a fenced write matched nothing because the trial does not exist. */
async function assertTrialExists(db: Db, id: string): Promise<void> {
  const row = await db.trial.findUnique({ where: { id }, select: { id: true } });
  if (!row) throw new TrialNotFoundError(id);
}

/**
 * Records the final metrics and marks the trial COMPLETED, only if it is RUNNING with `result.attempt`.
 * Returns whether the write was applied; a replay, or a stale attempt, returns false and changes nothing.
 */
export async function completeTrial(db: Db, id: string, result: TrialResult): Promise<boolean> {
  const { count } = await db.trial.updateMany({
    where: { id, status: 'RUNNING', attempt: result.attempt },
    data: {
      status: 'COMPLETED',
      finishedAt: result.finishedAt ?? new Date(),
      wallTimeMs: wholeMs(result.wallTimeMs),
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch ?? null,
      trainLoss: storedFloat(result.trainLoss),
      valLoss: storedFloat(result.valLoss),
      testLoss: storedFloat(result.testLoss),
      generalizationGap: storedFloat(result.generalizationGap),
      metricName: result.metricName ?? null,
      trainMetric: storedFloat(result.trainMetric),
      valMetric: storedFloat(result.valMetric),
      testMetric: storedFloat(result.testMetric),
      testMetrics: storedMetrics(result.testMetrics) ?? Prisma.DbNull,
      initialGradientReach: result.initialGradientReach ?? null,
      gradientReach: result.gradientReach ?? null,
      initialGradientSlope: storedFloat(result.initialGradientSlope),
      gradientSlope: storedFloat(result.gradientSlope),
      error: null,
    },
  });
  if (count === 0) await assertTrialExists(db, id);
  return count === 1;
}

/** Marks the trial FAILED with `error`, only if it is RUNNING with `attempt`. Returns whether it was applied. */
export async function failTrial(db: Db, id: string, attempt: number, error: string): Promise<boolean> {
  const { count } = await db.trial.updateMany({
    where: { id, status: 'RUNNING', attempt },
    data: { status: 'FAILED', error, finishedAt: new Date() },
  });
  if (count === 0) await assertTrialExists(db, id);
  return count === 1;
}

/**
 * Resume after Ctrl-C or a crash: every RUNNING trial of the sweep goes back to PENDING and its epoch rows are
 * deleted (it will restart from epoch 1). Attempts are kept, so a worker still holding the old attempt is fenced
 * out. Returns how many trials were reset.
 */
export async function resetInterruptedTrials(db: Db, sweepId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    // Update first: the UPDATE decides atomically which rows are still RUNNING (and locks them), so a trial that
    // completes concurrently never loses its epochs.
    const reset = await tx.trial.updateManyAndReturn({
      where: { sweepId, status: 'RUNNING' },
      data: { status: 'PENDING', startedAt: null },
      select: { id: true },
    });
    if (reset.length > 0) {
      await tx.epochMetric.deleteMany({ where: { trialId: { in: reset.map((row) => row.id) } } });
    }
    return reset.length;
  });
}
