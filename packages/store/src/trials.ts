/**
 * Trial repository. A trial's life: PENDING -> RUNNING (attempt n) -> COMPLETED | FAILED, with RUNNING -> PENDING
 * on resume after a crash. Results are fenced by attempt: a worker that stalled, lost its lock and was replaced
 * still holds attempt n-1, so its late `completeTrial` changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { fromJson, fromMetricsJson, storedFloat, storedMetrics, toJsonInput, wholeMs, type Db } from './db.js';
import { SweepNotFoundError, TrialNotFoundError } from './errors.js';
import { Prisma, type Trial } from './generated/prisma/client.js';
import type { NewTrial, TrialFilter, TrialRecord, TrialResult } from './types.js';

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
      continuesFrom: trial.continuesFrom ?? null,
      keepsCheckpoint: trial.keepsCheckpoint ?? false,
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
      kernels: result.kernels ?? null,
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
