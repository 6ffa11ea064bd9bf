/** Sweep repository: one row per submitted spec, found by name or id. */
import { randomUUID } from 'node:crypto';
import { fromJson, toJsonInput, type Db } from './db.js';
import { AmbiguousSweepRefError, SweepNotFoundError, SweepSpecChangedError } from './errors.js';
import type { Sweep } from './generated/prisma/client.js';
import {
  TRIAL_STATUSES,
  type SweepRecord,
  type SweepSpecVersionRecord,
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

/**
 * Creates the sweep (fresh UUID), or returns the one of that name when its spec is the same. A different spec is
 * refused with SweepSpecChangedError unless `extend` is set; then it becomes the sweep's spec. Either way the spec
 * is recorded among the sweep's versions before any trial of it can be inserted.
 */
export async function upsertSweep(db: Db, input: UpsertSweepInput): Promise<SweepRecord> {
  const spec = toJsonInput(input.spec);
  for (;;) {
    const row = await createOrFindSweep(db, input.name, spec, input.specHash);
    if (row.specHash !== input.specHash && !input.extend) {
      throw new SweepSpecChangedError(
        input.name,
        row.specHash,
        input.specHash,
        changedFields(fromJson(row.spec), input.spec),
      );
    }
    await db.sweepSpecVersion.createMany({
      data: [{ sweepId: row.id, specHash: input.specHash, spec }],
      skipDuplicates: true,
    });
    if (row.specHash === input.specHash) return toSweepRecord(row);
    // Compare-and-set: a concurrent change of the spec makes this pass look again.
    const updated = await db.sweep.updateManyAndReturn({
      where: { id: row.id, specHash: row.specHash },
      data: { spec, specHash: input.specHash },
    });
    if (updated[0]) return toSweepRecord(updated[0]);
  }
}

/**
 * The sweep named `name`, created with `spec` if there is none. With an empty `update` Prisma's upsert is a read then
 * an insert, so two submits of one sweep at once can both miss and one insert hits the unique name: that one reads
 * the row the other wrote.
 */
async function createOrFindSweep(db: Db, name: string, spec: ReturnType<typeof toJsonInput>, specHash: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.sweep.upsert({ where: { name }, create: { id: randomUUID(), name, spec, specHash }, update: {} });
    } catch (error) {
      if (attempt >= 3 || (error as { code?: unknown }).code !== 'P2002') throw error;
    }
  }
}

/** Top-level fields whose JSON differs between two specs (a hint in SweepSpecChangedError's message). */
function changedFields(stored: unknown, given: object): string[] {
  const before = (stored ?? {}) as Record<string, unknown>;
  const after = JSON.parse(JSON.stringify(given)) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => sortedJson(before[key]) !== sortedJson(after[key]));
}

/** JSON with object keys sorted: jsonb does not keep key order, so stored and given specs differ only there. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${sortedJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Every spec the sweep has run under, oldest first. */
export async function listSweepSpecVersions(db: Db, sweepId: string): Promise<SweepSpecVersionRecord[]> {
  const rows = await db.sweepSpecVersion.findMany({
    where: { sweepId },
    orderBy: [{ createdAt: 'asc' }, { specHash: 'asc' }],
  });
  return rows.map((row) => ({ specHash: row.specHash, spec: fromJson(row.spec), createdAt: row.createdAt }));
}

/**
 * The sweep `ref` names, or null: `id:<id>` or `name:<name>` look in one place only; a bare `ref` matches an id or
 * a name. When a bare ref is one sweep's id and another's name (a name stored before such names were refused),
 * AmbiguousSweepRefError says which two and how to pick (issue 14, defect 24).
 */
export async function findSweep(db: Db, ref: string): Promise<SweepRecord | null> {
  if (ref.startsWith('id:')) return firstRecord(await db.sweep.findMany({ where: { id: ref.slice(3) } }));
  if (ref.startsWith('name:')) return firstRecord(await db.sweep.findMany({ where: { name: ref.slice(5) } }));
  const rows = await db.sweep.findMany({ where: { OR: [{ id: ref }, { name: ref }] } });
  const byId = rows.find((row) => row.id === ref);
  const byName = rows.find((row) => row.name === ref);
  if (byId && byName && byId.id !== byName.id) throw new AmbiguousSweepRefError(ref, byId.name, byName.id);
  return firstRecord(byId ? [byId] : rows);
}

function firstRecord(rows: Sweep[]): SweepRecord | null {
  return rows[0] ? toSweepRecord(rows[0]) : null;
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
