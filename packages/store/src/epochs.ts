/** Epoch repository: metrics after each epoch, unique per (trial, epoch) so replays overwrite instead of adding. */
import { storedFloat, wholeMs, type Db } from './db.js';
import type { EpochMetric } from './generated/prisma/client.js';
import type { EpochRecord, EpochRow } from './types.js';

export function toEpochRecord(row: EpochMetric): EpochRecord {
  return {
    trialId: row.trialId,
    epoch: row.epoch,
    attempt: row.attempt,
    trainLoss: row.trainLoss,
    valLoss: row.valLoss,
    trainMetric: row.trainMetric,
    valMetric: row.valMetric,
    samplesPerSec: row.samplesPerSec,
    epochTimeMs: row.epochTimeMs,
    gradientNorms: row.gradientNorms,
    gradientReach: row.gradientReach,
    gradientSlope: row.gradientSlope,
    createdAt: row.createdAt,
  };
}

/** The stored columns of an epoch row (shared by the fenced write in attempts.ts). */
export function epochValues(row: EpochRow) {
  return {
    trainLoss: storedFloat(row.trainLoss),
    valLoss: storedFloat(row.valLoss),
    trainMetric: storedFloat(row.trainMetric),
    valMetric: storedFloat(row.valMetric),
    samplesPerSec: storedFloat(row.samplesPerSec),
    epochTimeMs: wholeMs(row.epochTimeMs),
    gradientNorms: (row.gradientNorms ?? []).map((norm) => storedFloat(norm)),
    gradientReach: row.gradientReach ?? null,
    gradientSlope: storedFloat(row.gradientSlope),
  };
}

/** One trial's epoch rows, by epoch. */
export async function listEpochs(db: Db, trialId: string): Promise<EpochRecord[]> {
  const rows = await db.epochMetric.findMany({ where: { trialId }, orderBy: { epoch: 'asc' } });
  return rows.map(toEpochRecord);
}

/** Every epoch row of a sweep, ordered by trial ordinal then epoch (the input of learning-curve analysis). */
export async function listEpochsForSweep(db: Db, sweepId: string): Promise<EpochRecord[]> {
  const rows = await db.epochMetric.findMany({
    where: { trial: { sweepId } },
    orderBy: [{ trial: { ordinal: 'asc' } }, { trialId: 'asc' }, { epoch: 'asc' }],
  });
  return rows.map(toEpochRecord);
}
