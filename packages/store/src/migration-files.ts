/**
 * Reading Prisma's migration layout: `<dir>/<timestamp>_<name>/migration.sql`, applied in name order, each
 * identified by the SHA-256 of its script. The checksum rules copy prisma-engines'
 * `schema-engine/connectors/schema-connector/src/checksum.rs`, so rows we write and rows `prisma migrate deploy`
 * writes are interchangeable.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationScriptMissingError, MigrationsDirNotFoundError } from './errors.js';

export interface MigrationFile {
  /** The folder name, e.g. `20261127065324_init`; `migration_name` in `_prisma_migrations`. */
  name: string;
  path: string;
  sql: string;
  /** Lower-case hex SHA-256 of the script, zero-padded (64 characters). */
  checksum: string;
}

/**
 * Finds `prisma/migrations` by walking up from `from` (default: this module's folder, i.e.
 * `packages/store/dist` at run time, so the repo root is found from any working directory).
 */
export function findMigrationsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new MigrationsDirNotFoundError(resolve(from));
    dir = parent;
  }
}

/** Every migration folder under `dir`, sorted by name (byte order, as Prisma sorts them). */
export function readMigrations(dir: string): MigrationFile[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => {
    const path = join(dir, name, 'migration.sql');
    if (!existsSync(path)) throw new MigrationScriptMissingError(name, path);
    const sql = readFileSync(path, 'utf8');
    return { name, path, sql, checksum: migrationChecksum(sql) };
  });
}

/** SHA-256 of the script as UTF-8, as 64 lower-case hex characters. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Whether `sql` matches a recorded checksum, accepting what Prisma accepts: the script with LF or CRLF line endings
 * (git may rewrite them on checkout), and the old non-zero-padded hex format of early Prisma versions.
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  const variants = [sql, sql.replaceAll('\r\n', '\n'), sql.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const formatted =
      recorded.length !== 0 && recorded.length !== 64
        ? [...digest].map((byte) => byte.toString(16)).join('')
        : digest.toString('hex');
    return formatted === recorded;
  });
}
