/**
 * Bulk trial reads and writes for big sweeps, in raw SQL. Measured here for 30,000 trials: Prisma's `createMany`
 * spent ~25 s of CPU building and compiling the query (JSON configs included); one `INSERT ... SELECT` per chunk
 * does the same inserts in ~2.3 s. Same semantics as `addTrials`: trials already in the
 * sweep (same config key) are left untouched.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import { SweepNotFoundError } from './errors.js';
import type { NewTrial, TrialState, TrialStatus } from './types.js';

const CHUNK = 10_000;

/** Inserts the trials not yet in the sweep; returns how many were inserted. */
export async function insertTrials(db: Db, sweepId: string, trials: readonly NewTrial[]): Promise<number> {
  return (await insertTrialsListingOpen(db, sweepId, trials)).inserted;
}

/**
 * Like `insertTrials`, and also answers which of `trials` are open (PENDING or RUNNING: just inserted, or already
 * there and unfinished), in the order given, in the same statement. The scheduler enqueues exactly those, chunk by
 * chunk, while the next chunk is inserted, instead of re-reading the whole sweep after inserting it.
 */
export async function insertTrialsListingOpen(
  db: Db,
  sweepId: string,
  trials: readonly NewTrial[],
): Promise<{ inserted: number; openIds: string[] }> {
  const sweep = await db.sweep.findUnique({ where: { id: sweepId }, select: { id: true } });
  if (!sweep) throw new SweepNotFoundError(sweepId);
  let inserted = 0;
  const openIds: string[] = [];
  for (let start = 0; start < trials.length; start += CHUNK) {
    const chunk = trials.slice(start, start + CHUNK);
    const added = await db.$queryRaw<{ id: string; configKey: string }[]>`
      INSERT INTO "trials" ("id", "sweep_id", "config_key", "ordinal", "cell", "hidden", "layers", "param_budget",
                            "param_count", "seed", "config", "continues_from", "keeps_checkpoint", "updated_at")
      SELECT "id", ${sweepId}, "config_key", "ordinal", "cell", "hidden", "layers", "param_budget", "param_count", "seed",
             "config", "continues_from", COALESCE("keeps_checkpoint", false), CURRENT_TIMESTAMP
      FROM jsonb_to_recordset(${rowsJson(chunk)}::jsonb) AS t("id" text, "config_key" text, "ordinal" int, "cell" text,
           "hidden" int, "layers" int, "param_budget" int, "param_count" int, "seed" int, "config" jsonb,
           "continues_from" text, "keeps_checkpoint" boolean)
      ON CONFLICT ("sweep_id", "config_key") DO NOTHING
      RETURNING "id", "config_key" AS "configKey"`;
    inserted += added.length;
    const openIdOf = new Map<string, string>(added.map((row) => [row.configKey, row.id]));
    // Only trials that were there already need a look at their status: none on a first expansion, which then costs
    // one statement per chunk (a lookup of every key in the same statement was ~10% of the insert's Postgres time).
    if (added.length < chunk.length) {
      const keys = chunk.filter((trial) => !openIdOf.has(trial.configKey)).map((trial) => trial.configKey);
      const open = await db.$queryRaw<{ id: string; configKey: string }[]>`
        SELECT "id", "config_key" AS "configKey" FROM "trials"
        WHERE "sweep_id" = ${sweepId} AND "config_key" = ANY(${keys}::text[]) AND "status" IN ('PENDING', 'RUNNING')`;
      for (const row of open) openIdOf.set(row.configKey, row.id);
    }
    for (const trial of chunk) {
      const id = openIdOf.get(trial.configKey);
      if (id !== undefined) openIds.push(id);
    }
  }
  return { inserted, openIds };
}

/**
 * The chunk as one JSON array of rows, unpacked by `jsonb_to_recordset`. Same wall time as ten `unnest` array
 * parameters (~350-450 ms per 5,000 trials here, mostly server side), but without the driver escaping every config
 * into a Postgres array literal (~0.4 s of the scheduler's CPU per 100k trials in profiles).
 */
function rowsJson(chunk: readonly NewTrial[]): string {
  return JSON.stringify(
    chunk.map((trial) => ({
      id: trial.id ?? randomUUID(),
      config_key: trial.configKey,
      ordinal: trial.ordinal,
      cell: trial.cell,
      hidden: trial.hidden,
      layers: trial.layers,
      param_budget: trial.paramBudget ?? null,
      param_count: trial.paramCount,
      seed: trial.seed,
      config: trial.config,
      ...(trial.continuesFrom ? { continues_from: trial.continuesFrom } : {}),
      ...(trial.keepsCheckpoint ? { keeps_checkpoint: true } : {}),
    })),
  );
}

/** Like `listTrialStates` (sweep-lifecycle.ts) without Prisma's per-row cost: for sweeps of 100k trials. */
export async function listTrialStatesFast(
  db: Db,
  sweepId: string,
  statuses?: readonly TrialStatus[],
): Promise<TrialState[]> {
  const wanted = statuses ? [...statuses] : null;
  return db.$queryRaw<TrialState[]>`
    SELECT "id", "ordinal", "status"::text AS "status", "attempt", "error"
    FROM "trials"
    WHERE "sweep_id" = ${sweepId} AND (${wanted}::text[] IS NULL OR "status"::text = ANY(${wanted}::text[]))
    ORDER BY "ordinal", "id"`;
}
