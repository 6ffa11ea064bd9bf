/** Errors of @cellsweep/store. Each is a CellsweepError (core's cellsweep-error.ts) and carries the facts as fields, not only in the message. */
import { CellsweepError } from '@cellsweep/core';
import type { TrialStatus } from './types.js';

/** Base class, so callers can tell store errors from driver errors with one `instanceof`. */
export class StoreError extends CellsweepError {}

/** `openStore` was given neither a database URL nor a data folder (or something equally unusable). */
export class StoreOptionsError extends StoreError {
  constructor(readonly reason: string) {
    super(`invalid store options: ${reason}`);
  }
}

/** No `prisma/migrations` folder was found walking up from `searchedFrom`. */
export class MigrationsDirNotFoundError extends StoreError {
  constructor(readonly searchedFrom: string) {
    super(`no prisma/migrations folder found in ${searchedFrom} or any parent; pass migrationsDir explicitly`);
  }
}

/** A migration folder has no `migration.sql` (Prisma's layout requires one per folder). */
export class MigrationScriptMissingError extends StoreError {
  constructor(
    readonly migration: string,
    readonly path: string,
  ) {
    super(`migration ${migration} has no migration.sql (expected ${path})`);
  }
}

/**
 * An applied migration's file changed after it was applied. `expected` is the checksum recorded in
 * `_prisma_migrations`, `found` the checksum of the file on disk.
 */
export class MigrationChecksumMismatchError extends StoreError {
  constructor(
    readonly migration: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `migration ${migration} was modified after it was applied: the database recorded checksum ${expected}, ` +
        `the file now hashes to ${found}. Restore the original file and put the change in a new migration.`,
    );
  }
}

/**
 * `_prisma_migrations` records a migration that started but neither finished nor was rolled back (what a failed
 * `prisma migrate deploy` leaves behind). Like Prisma (P3009), nothing more is applied until someone resolves it.
 */
export class FailedMigrationRecordedError extends StoreError {
  constructor(
    readonly migration: string,
    readonly startedAt: Date,
    readonly logs: string | null,
  ) {
    super(
      `migration ${migration} started at ${startedAt.toISOString()} but never finished` +
        `${logs ? ` (logs: ${logs})` : ''}. Fix the database by hand, then mark it with ` +
        '`prisma migrate resolve --rolled-back|--applied` (or set rolled_back_at / finished_at in _prisma_migrations).',
    );
  }
}

/** Applying a migration failed; its transaction was rolled back, so the database is as it was before it. */
export class MigrationFailedError extends StoreError {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(
      `migration ${migration} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

export class SweepNotFoundError extends StoreError {
  constructor(readonly nameOrId: string) {
    super(`no sweep with name or id ${JSON.stringify(nameOrId)}`);
  }
}

/**
 * A spec different from the stored one was given under an existing sweep name. Merging them silently mixed two
 * experiments' trials under one name (issue 14, defect 5); extending is a choice the caller makes explicitly.
 */
export class SweepSpecChangedError extends StoreError {
  constructor(
    readonly sweepName: string,
    readonly storedHash: string,
    readonly givenHash: string,
    /** Top-level spec fields whose values differ. */
    readonly changedFields: readonly string[],
  ) {
    super(
      `sweep ${JSON.stringify(sweepName)} already exists with a different spec` +
        `${changedFields.length > 0 ? ` (changed: ${changedFields.join(', ')})` : ''}; ` +
        "to add this spec's trials to it, run again with --extend; to keep the experiments apart, give the spec another name",
    );
  }
}

/** A bare sweep reference that is one sweep's id and another sweep's name. */
export class AmbiguousSweepRefError extends StoreError {
  constructor(
    readonly ref: string,
    /** Name of the sweep whose id is `ref`. */
    readonly idMatchName: string,
    /** Id of the sweep whose name is `ref`. */
    readonly nameMatchId: string,
  ) {
    super(
      `${JSON.stringify(ref)} is the id of sweep ${JSON.stringify(idMatchName)} and the name of sweep ${nameMatchId}; ` +
        `say which: id:${ref} or name:${ref}`,
    );
  }
}

export class TrialNotFoundError extends StoreError {
  constructor(readonly trialId: string) {
    super(`no trial with id ${JSON.stringify(trialId)}`);
  }
}

/** A trial that is already COMPLETED or CANCELLED cannot be started again. */
export class TrialNotRunnableError extends StoreError {
  constructor(
    readonly trialId: string,
    readonly status: TrialStatus,
  ) {
    super(`trial ${trialId} is ${status} and cannot be started`);
  }
}

/**
 * The database lacks migrations this version needs: `missing` are their names. Without `_prisma_migrations` at all
 * (`hasMigrationsTable` false) it is not a cellsweep database, or one never migrated.
 */
export class StoreNotMigratedError extends StoreError {
  constructor(
    readonly where: string,
    readonly missing: readonly string[],
    readonly hasMigrationsTable: boolean,
  ) {
    super(
      hasMigrationsTable
        ? `the database (${where}) lacks ${missing.length} migration(s) this version needs (${missing.join(', ')}): run \`cellsweep db migrate\` with this DATABASE_URL`
        : `the database (${where}) has no cellsweep tables (no _prisma_migrations): it is not a cellsweep database, or was never migrated; ` +
            'check DATABASE_URL, or run `cellsweep db migrate` with it',
    );
  }
}

/** Another process held the migration lock (Prisma's advisory lock key) for longer than `timeoutMs`. */
export class MigrationLockTimeoutError extends StoreError {
  constructor(readonly timeoutMs: number) {
    super(
      `timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(72707369), the key ` +
        '`prisma migrate` also uses); is another process stuck migrating this database?',
    );
  }
}

/**
 * Another live process has this PGlite folder open. PGlite itself does not lock its folder, and two processes
 * writing one folder corrupt it; use Postgres (`databaseUrl`) when several processes need the store.
 */
export class DataDirLockedError extends StoreError {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database ${dataDir} is in use by process ${pid} (lock file ${lockFile}); ` +
        'stop that process, or set DATABASE_URL to a Postgres database to share the store between processes',
    );
  }
}

/** A data file larger than the store takes; refused before any row is written. */
export class DatasetTooLargeError extends StoreError {
  constructor(
    readonly sha256: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
    readonly limitSetting: string | undefined,
  ) {
    const count = (n: number) => n.toLocaleString('en-US');
    const raise = limitSetting ? `raise ${limitSetting} if you mean it` : 'raise the limit if you mean it';
    super(
      `data file ${sha256.slice(0, 12)}… is ${count(sizeBytes)} bytes, above the store's limit of ` +
        `${count(maxBytes)}; ${raise}, or use a smaller file`,
    );
  }
}

/** The bytes handed to the store are not the ones their hash promised (the file changed while it was read). */
export class DatasetBlobMismatchError extends StoreError {
  constructor(
    readonly sha256: string,
    readonly reason: string,
  ) {
    super(`data file ${sha256.slice(0, 12)}… was not stored: ${reason}`);
  }
}

/** No complete blob with this hash is in the store (never uploaded, or its upload was interrupted). */
export class DatasetBlobNotFoundError extends StoreError {
  constructor(
    readonly sha256: string,
    readonly reason = 'it was never uploaded, or its upload did not finish; submit the sweep again',
  ) {
    super(`data file ${sha256.slice(0, 12)}… is not in the store: ${reason}`);
  }
}
