/** Sweep repository: one row per submitted spec, found by name or id. */
import { randomUUID } from 'node:crypto';
import { fromJson, toJsonInput, type Db } from './db.js';
import { SweepNotFoundError } from './errors.js';
import type { Sweep } from './generated/prisma/client.js';
import {
  TRIAL_STATUSES,
  type SweepRecord,
  type SweepStatus,
  type SweepSummary,
  type TrialStatus,
  type UpsertSweepInput,
} from './types.js';

export function toSweepRecord(row: Sweep): SweepRecord {
  return {
    id: row.id,
    name: row.name,
    spec: fromJson(row.spec),
    specHash: row.specHash,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

/** Creates the sweep (fresh UUID) or, if the name exists, replaces its spec and hash. One statement (ON CONFLICT). */
export async function upsertSweep(db: Db, input: UpsertSweepInput): Promise<SweepRecord> {
  const spec = toJsonInput(input.spec);
  const row = await db.sweep.upsert({
    where: { name: input.name },
    create: { id: randomUUID(), name: input.name, spec, specHash: input.specHash },
    update: { spec, specHash: input.specHash },
  });
  return toSweepRecord(row);
}

/** The sweep whose id or name is `nameOrId` (an id match wins), or null. */
export async function findSweep(db: Db, nameOrId: string): Promise<SweepRecord | null> {
  const rows = await db.sweep.findMany({ where: { OR: [{ id: nameOrId }, { name: nameOrId }] } });
  const row = rows.find((candidate) => candidate.id === nameOrId) ?? rows[0];
  return row ? toSweepRecord(row) : null;
}

/** Like `findSweep`, but throws `SweepNotFoundError`. */
export async function getSweep(db: Db, nameOrId: string): Promise<SweepRecord> {
  const sweep = await findSweep(db, nameOrId);
  if (!sweep) throw new SweepNotFoundError(nameOrId);
  return sweep;
}

export function emptyTrialCounts(): Record<TrialStatus, number> {
  return Object.fromEntries(TRIAL_STATUSES.map((status) => [status, 0])) as Record<TrialStatus, number>;
}

/** All sweeps, newest first, each with its number of trials per status. */
export async function listSweeps(db: Db): Promise<SweepSummary[]> {
  const [rows, groups] = await Promise.all([
    db.sweep.findMany({ orderBy: [{ createdAt: 'desc' }, { name: 'asc' }] }),
    db.trial.groupBy({ by: ['sweepId', 'status'], _count: { _all: true } }),
  ]);
  const counts = new Map<string, Record<TrialStatus, number>>();
  for (const group of groups) {
    const perStatus = counts.get(group.sweepId) ?? emptyTrialCounts();
    perStatus[group.status] = group._count._all;
    counts.set(group.sweepId, perStatus);
  }
  return rows.map((row) => {
    const trialCounts = counts.get(row.id) ?? emptyTrialCounts();
    const trialCount = Object.values(trialCounts).reduce((sum, n) => sum + n, 0);
    return { ...toSweepRecord(row), trialCount, trialCounts };
  });
}

function isTerminal(status: SweepStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
}

/**
 * Sets a sweep's status. `finishedAt` defaults to now for a terminal status (COMPLETED/FAILED/CANCELLED) and to
 * null otherwise (a resumed sweep is no longer finished); pass it to override.
 */
export async function setSweepStatus(
  db: Db,
  id: string,
  status: SweepStatus,
  finishedAt?: Date | null,
): Promise<SweepRecord> {
  const rows = await db.sweep.updateManyAndReturn({
    where: { id },
    data: { status, finishedAt: finishedAt !== undefined ? finishedAt : isTerminal(status) ? new Date() : null },
  });
  const row = rows[0];
  if (!row) throw new SweepNotFoundError(id);
  return toSweepRecord(row);
}
