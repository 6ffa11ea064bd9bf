/**
 * Which stored data files (dataset blobs) are still needed, and removing the ones that are not. Nothing else is
 * touched: a blob's rows are its header and its chunks (deleted by cascade); trials, epochs and sweeps stay as they
 * are, results included.
 *
 * A blob is **referenced** by a sweep whose spec (or any earlier spec version) names its SHA-256 in a file task, and
 * by every trial whose config does. It is **needed** while any referencing trial is PENDING or RUNNING, or any
 * referencing sweep is PENDING or RUNNING (a search adds trials as it goes): needed blobs are never removed.
 * Removable: a complete blob nothing references; an upload never finished; and, only when asked
 * (`includeFinished`), a blob whose every reference is finished (resuming or extending such a sweep then needs
 * the file submitted again). Anything stored or started less than `minAgeMs` ago is left alone: `submit` stores the
 * file a moment before it records the sweep that references it, and an upload in progress looks unfinished.
 * Removal re-checks all of this inside the DELETE itself, so a trial queued after the listing keeps its blob.
 */
import type { Db } from './db.js';

/** Why a blob stays or may go. */
export type DatasetBlobState =
  /** A PENDING/RUNNING trial or sweep references it: never removed. */
  | 'needed'
  /** Only finished sweeps and trials reference it: removed with `includeFinished`. */
  | 'finished'
  /** Nothing references it. */
  | 'unreferenced'
  /** An upload that never completed. */
  | 'incomplete';

export interface DatasetBlobUsage {
  sha256: string;
  sizeBytes: number;
  createdAt: Date;
  completedAt: Date | null;
  state: DatasetBlobState;
  /** Names of the sweeps that reference it (any spec version). */
  sweeps: string[];
  /** Referencing trials that are PENDING or RUNNING. */
  openTrials: number;
  /** All referencing trials. */
  trials: number;
}

export interface DatasetBlobPruneOptions {
  /** Also remove blobs that only finished sweeps and trials reference. */
  includeFinished?: boolean;
  /** Leave blobs stored (or, unfinished, started) less than this long ago; default DEFAULT_PRUNE_MIN_AGE_MS. */
  minAgeMs?: number;
  /** The clock (tests); default now. */
  now?: Date;
}

/** One hour: far longer than any submit takes between storing a file and recording its sweep. */
export const DEFAULT_PRUNE_MIN_AGE_MS = 60 * 60 * 1000;

interface UsageRow {
  sha256: string;
  size_bytes: bigint | number;
  created_at: Date;
  completed_at: Date | null;
  sweeps: string[] | null;
  open_sweeps: bigint | number;
  open_trials: bigint | number;
  trials: bigint | number;
}

/**
 * The sweeps referencing each blob (every spec version, so an extended sweep's earlier file counts), as
 * (sha256, sweep_id, open) rows. `lax $.task[*]` reads a task list and a lone task alike.
 */
const SWEEP_REFS = `
  SELECT DISTINCT r."sha256", s."id" AS "sweep_id", s."name",
         s."status" IN ('PENDING', 'RUNNING') AS "open"
  FROM "sweeps" s
  CROSS JOIN LATERAL (
    SELECT jsonb_path_query(s."spec", 'lax $.task[*].sha256') #>> '{}' AS "sha256"
    UNION
    SELECT jsonb_path_query(v."spec", 'lax $.task[*].sha256') #>> '{}'
    FROM "sweep_spec_versions" v WHERE v."sweep_id" = s."id"
  ) r`;

const TRIAL_REFS = `
  SELECT t."config" -> 'task' ->> 'sha256' AS "sha256",
         count(*) FILTER (WHERE t."status" IN ('PENDING', 'RUNNING')) AS "open_trials",
         count(*) AS "trials"
  FROM "trials" t
  WHERE t."config" -> 'task' ->> 'dataset' = 'file'
  GROUP BY 1`;

/** Every stored blob with what references it, largest first. */
export async function listDatasetBlobUsage(db: Db): Promise<DatasetBlobUsage[]> {
  const rows = await db.$queryRawUnsafe<UsageRow[]>(`
    WITH sweep_refs AS (${SWEEP_REFS}), trial_refs AS (${TRIAL_REFS})
    SELECT b."sha256", b."size_bytes", b."created_at", b."completed_at",
           (SELECT array_agg(DISTINCT sr."name" ORDER BY sr."name") FROM sweep_refs sr
            WHERE sr."sha256" = b."sha256") AS "sweeps",
           (SELECT count(*) FROM sweep_refs sr WHERE sr."sha256" = b."sha256" AND sr."open") AS "open_sweeps",
           coalesce(tr."open_trials", 0) AS "open_trials",
           coalesce(tr."trials", 0) AS "trials"
    FROM "dataset_blobs" b
    LEFT JOIN trial_refs tr ON tr."sha256" = b."sha256"
    ORDER BY b."size_bytes" DESC, b."sha256"`);
  return rows.map((row) => {
    const sweeps = row.sweeps ?? [];
    const [openSweeps, openTrials, trials] = [row.open_sweeps, row.open_trials, row.trials].map(Number) as [
      number,
      number,
      number,
    ];
    const state: DatasetBlobState =
      openSweeps > 0 || openTrials > 0
        ? 'needed'
        : row.completed_at === null
          ? 'incomplete'
          : sweeps.length > 0 || trials > 0
            ? 'finished'
            : 'unreferenced';
    return {
      sha256: row.sha256,
      sizeBytes: Number(row.size_bytes),
      createdAt: row.created_at,
      completedAt: row.completed_at,
      state,
      sweeps,
      openTrials,
      trials,
    };
  });
}

/** Whether `prune` would remove the blob (its state, age and the options). */
export function isRemovable(usage: DatasetBlobUsage, options: DatasetBlobPruneOptions = {}): boolean {
  const now = (options.now ?? new Date()).getTime();
  const minAgeMs = options.minAgeMs ?? DEFAULT_PRUNE_MIN_AGE_MS;
  const since = (usage.completedAt ?? usage.createdAt).getTime();
  if (now - since < minAgeMs) return false;
  if (usage.state === 'needed') return false;
  if (usage.state === 'finished') return options.includeFinished === true;
  return true;
}

/**
 * Removes the given blobs, each only if it is still removable when the DELETE runs (the conditions of
 * `isRemovable`, evaluated by the database in the same statement). Returns the blobs removed, with their sizes.
 */
export async function removeDatasetBlobs(
  db: Db,
  sha256s: readonly string[],
  options: DatasetBlobPruneOptions = {},
): Promise<{ sha256: string; sizeBytes: number }[]> {
  if (sha256s.length === 0) return [];
  const now = options.now ?? new Date();
  const minAgeMs = options.minAgeMs ?? DEFAULT_PRUNE_MIN_AGE_MS;
  const cutoff = new Date(now.getTime() - minAgeMs).toISOString();
  const rows = await db.$queryRawUnsafe<{ sha256: string; size_bytes: bigint | number }[]>(
    `
    WITH sweep_refs AS (${SWEEP_REFS})
    DELETE FROM "dataset_blobs" b
    WHERE b."sha256" = ANY($1::text[])
      AND coalesce(b."completed_at", b."created_at") <= $2::timestamp
      AND NOT EXISTS (SELECT 1 FROM sweep_refs sr WHERE sr."sha256" = b."sha256" AND sr."open")
      AND NOT EXISTS (SELECT 1 FROM "trials" t
                      WHERE t."config" -> 'task' ->> 'sha256' = b."sha256"
                        AND t."status" IN ('PENDING', 'RUNNING'))
      AND ($3::boolean OR b."completed_at" IS NULL OR (
            NOT EXISTS (SELECT 1 FROM sweep_refs sr WHERE sr."sha256" = b."sha256")
        AND NOT EXISTS (SELECT 1 FROM "trials" t WHERE t."config" -> 'task' ->> 'sha256' = b."sha256")))
    RETURNING b."sha256", b."size_bytes"`,
    [...sha256s],
    cutoff,
    options.includeFinished === true,
  );
  return rows.map((row) => ({ sha256: row.sha256, sizeBytes: Number(row.size_bytes) }));
}
