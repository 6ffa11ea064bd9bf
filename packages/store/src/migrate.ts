/**
 * Applies the committed migrations (`prisma migrate` needs a schema engine we cannot download; see
 * prisma/README.md). Bookkeeping follows `prisma migrate deploy` so either tool can take over from the other:
 * same `_prisma_migrations` table, same checksums, same advisory-lock key, same "failed row blocks everything"
 * rule. Two deliberate differences: each migration runs inside one transaction (Postgres DDL is transactional,
 * so a failure leaves nothing half-applied), and an edited migration is refused rather than only warned about.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FailedMigrationRecordedError,
  MigrationChecksumMismatchError,
  MigrationFailedError,
  MigrationLockTimeoutError,
} from './errors.js';
import { checksumMatches, findMigrationsDir, readMigrations, type MigrationFile } from './migration-files.js';
import type { SqlExecutor } from './sql-executor.js';
import type { MigrationReport } from './types.js';

/** The key `prisma migrate` locks with (prisma-engines' postgres connector), so we also exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72_707_369;

/** Prisma's own definition for Postgres (prisma-engines, postgres connector), made idempotent. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface RunMigrationsOptions {
  /** Default: the `prisma/migrations` folder found walking up from this package (see `findMigrationsDir`). */
  migrationsDir?: string;
  /** How long to wait for another migrating process (Postgres only). Default 60 s. */
  lockTimeoutMs?: number;
  /** Receives one line per migration applied. */
  log?: (line: string) => void;
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies every pending migration in name order, each in its own transaction, and records it in
 * `_prisma_migrations`. Throws before applying anything if a failed migration is recorded or an applied one's
 * file changed. On Postgres the whole run holds Prisma's advisory lock, so concurrent callers apply each
 * migration exactly once.
 */
export async function runMigrations(db: SqlExecutor, options: RunMigrationsOptions = {}): Promise<MigrationReport> {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir();
  const files = readMigrations(migrationsDir);
  // PGlite is one in-process connection to a folder only one process may open: nothing to exclude.
  const locking = db.driver === 'postgres';
  if (locking) await acquireLock(db, options.lockTimeoutMs ?? 60_000);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const { rows } = await db.query<MigrationRow>(
      `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at
         FROM _prisma_migrations ORDER BY started_at ASC`,
    );
    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) throw new FailedMigrationRecordedError(failed.migration_name, failed.started_at, failed.logs);

    const applied = new Map<string, MigrationRow>();
    for (const row of rows)
      if (row.finished_at !== null && row.rolled_back_at === null) applied.set(row.migration_name, row);
    for (const file of files) {
      const row = applied.get(file.name);
      if (row && !checksumMatches(file.sql, row.checksum)) {
        throw new MigrationChecksumMismatchError(file.name, row.checksum, file.checksum);
      }
    }

    const fileNames = new Set(files.map((file) => file.name));
    const report: MigrationReport = {
      migrationsDir,
      applied: [],
      alreadyApplied: files.filter((file) => applied.has(file.name)).map((file) => file.name),
      unknownApplied: [...applied.keys()].filter((name) => !fileNames.has(name)),
    };
    for (const file of files) {
      if (applied.has(file.name)) continue;
      await applyOne(db, file);
      report.applied.push(file.name);
      options.log?.(`applied migration ${file.name}`);
    }
    return report;
  } finally {
    if (locking) await db.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  }
}

/**
 * Polls `pg_try_advisory_lock` instead of blocking in `pg_advisory_lock`, so the wait is bounded without
 * changing the session's `lock_timeout` (the executor may be the caller's own connection).
 */
async function acquireLock(db: SqlExecutor, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() >= deadline) throw new MigrationLockTimeoutError(timeoutMs);
    await sleep(100);
  }
}

async function applyOne(db: SqlExecutor, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await db.exec('BEGIN');
  try {
    await db.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, file.checksum, file.name],
    );
    await db.exec(file.sql);
    await db.query(
      'UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    await recordRolledBack(db, file, error).catch(() => undefined);
    throw new MigrationFailedError(file.name, error);
  }
}

/**
 * Leaves a trace of the failure. `rolled_back_at` is set because the transaction really did roll back: Prisma
 * (and this runner) treat such a row as "not applied" and will try the migration again once it is fixed.
 */
async function recordRolledBack(db: SqlExecutor, file: MigrationFile, error: unknown): Promise<void> {
  const logs = error instanceof Error ? (error.stack ?? error.message) : String(error);
  await db.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, rolled_back_at, applied_steps_count)
     VALUES ($1, $2, $3, $4, now(), now(), 0)`,
    [randomUUID(), file.checksum, file.name, logs],
  );
}
