/**
 * Sweep lifecycle for the distributed mode: the scheduler moves sweeps PENDING -> RUNNING -> COMPLETED | FAILED,
 * the CLI cancels and resumes them. Transitions are compare-and-set (`from` statuses), so the scheduler and a CLI
 * acting at the same moment cannot undo each other's change.
 */
import type { Db } from './db.js';
import { SweepNotFoundError } from './errors.js';
import { emptyTrialCounts, toSweepRecord } from './sweeps.js';
import type { SweepRecord, SweepStatus, TrialStatus } from './types.js';

const TERMINAL: readonly SweepStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export interface TransitionOptions {
  /** Only transition while the stored spec still has this hash (it was not re-submitted with changes meanwhile). */
  specHash?: string;
}

/**
 * Sets the sweep's status to `to` only if it is currently one of `from` (and, with `specHash`, still has that
 * spec). `finishedAt` is stamped for terminal statuses and cleared otherwise. Returns whether it applied.
 */
export async function transitionSweep(
  db: Db,
  id: string,
  from: readonly SweepStatus[],
  to: SweepStatus,
  options: TransitionOptions = {},
): Promise<boolean> {
  const { count } = await db.sweep.updateMany({
    where: { id, status: { in: [...from] }, ...(options.specHash !== undefined ? { specHash: options.specHash } : {}) },
    data: { status: to, finishedAt: TERMINAL.includes(to) ? new Date() : null },
  });
  return count === 1;
}

/** Sweeps in any of the given statuses, oldest first (the scheduler works through them in submission order). */
export async function listSweepsByStatus(db: Db, statuses: readonly SweepStatus[]): Promise<SweepRecord[]> {
  const rows = await db.sweep.findMany({
    where: { status: { in: [...statuses] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toSweepRecord);
}

/** How many of the sweep's trials are in each status. */
export async function countTrialStatuses(db: Db, sweepId: string): Promise<Record<TrialStatus, number>> {
  const groups = await db.trial.groupBy({ by: ['status'], where: { sweepId }, _count: { _all: true } });
  const counts = emptyTrialCounts();
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}

/**
 * Whether any of the sweep's trials is PENDING or RUNNING: one index probe (trials(sweep_id, status)), where
 * counting every status reads the whole sweep's index. The scheduler asks after every burst of finished trials.
 */
export async function hasOpenTrials(db: Db, sweepId: string): Promise<boolean> {
  const open = await db.trial.findFirst({
    where: { sweepId, status: { in: ['PENDING', 'RUNNING'] } },
    select: { id: true },
  });
  return open !== null;
}

/**
 * Cancels a sweep: the sweep and its PENDING and RUNNING trials become CANCELLED in one transaction. A worker still
 * training one of them is refused at its next fenced write and stops. Returns how many trials were cancelled.
 */
export async function cancelSweep(db: Db, id: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count: sweeps } = await tx.sweep.updateMany({
      where: { id },
      data: { status: 'CANCELLED', finishedAt: new Date() },
    });
    if (sweeps === 0) throw new SweepNotFoundError(id);
    const { count } = await tx.trial.updateMany({
      where: { sweepId: id, status: { in: ['PENDING', 'RUNNING'] } },
      data: { status: 'CANCELLED', finishedAt: new Date() },
    });
    return count;
  });
}

/**
 * Reopens a sweep: it goes back to PENDING (the scheduler picks it up again) and its FAILED and CANCELLED trials
 * to PENDING, keeping their attempts; a CANCELLED trial resumes from its checkpoint, a FAILED one restarts (its
 * checkpoint was dropped when it failed, migration 20261127130000_drop_finished_checkpoints). Returns the reopened
 * trial ids.
 */
export async function reopenSweep(db: Db, id: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const { count: sweeps } = await tx.sweep.updateMany({
      where: { id },
      data: { status: 'PENDING', finishedAt: null },
    });
    if (sweeps === 0) throw new SweepNotFoundError(id);
    const rows = await tx.trial.updateManyAndReturn({
      where: { sweepId: id, status: { in: ['FAILED', 'CANCELLED'] } },
      data: { status: 'PENDING', error: null, finishedAt: null },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  });
}
