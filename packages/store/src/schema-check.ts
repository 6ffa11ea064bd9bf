/**
 * Whether a database is a cellsweep store at this version: every committed migration applied. Services that never
 * migrate (workers, schedulers) ask before they take work, and workers keep asking while they run (it doubles as
 * their "is the store reachable" probe), so the check is two small queries: a catalog lookup of
 * `_prisma_migrations`, then its applied names. Migrations the database has and this version does not know (a
 * newer version migrated it) are fine: migrations only add.
 */
import type { Db } from './db.js';
import { StoreNotMigratedError } from './errors.js';

/** Resolves when every name in `expected` is applied; else throws StoreNotMigratedError. Driver errors pass through. */
export async function checkSchema(db: Db, expected: readonly string[], where: string): Promise<void> {
  const [table] = await db.$queryRaw<
    { present: boolean }[]
  >`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "present"`;
  if (!table?.present) throw new StoreNotMigratedError(where, expected, false);
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT migration_name AS "name" FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.name));
  const missing = expected.filter((name) => !applied.has(name));
  if (missing.length > 0) throw new StoreNotMigratedError(where, missing, true);
}
