/**
 * Opening a store: Postgres through `@prisma/adapter-pg` when a URL is given, else an embedded PGlite persisted in
 * a folder. Either way the committed migrations are applied first (unless `migrate: false`).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Db } from './db.js';
import { lockDataDir } from './data-dir-lock.js';
import { StoreOptionsError } from './errors.js';
import { PrismaClient } from './generated/prisma/client.js';
import { runMigrations } from './migrate.js';
import { pgExecutor, pgliteExecutor } from './sql-executor.js';
import { createStore, type Store } from './store.js';
import type { MigrationReport } from './types.js';

export interface OpenStoreOptions {
  /** `postgres://` or `postgresql://` URL. Wins over `dataDir`. */
  databaseUrl?: string;
  /** Folder for the embedded PGlite database (the CLI passes `$CELLSWEEP_HOME/db`); created if missing. */
  dataDir?: string;
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
  /** Override where migrations are read from (default: `prisma/migrations` found above this package). */
  migrationsDir?: string;
  /** Receives one line per migration applied. */
  log?: (line: string) => void;
}

/** Opens (and by default migrates) the database. Call `store.close()` when done. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl !== undefined) return openPostgres(options.databaseUrl, options);
  if (options.dataDir !== undefined) return openPglite(options.dataDir, options);
  throw new StoreOptionsError('pass databaseUrl (Postgres) or dataDir (embedded PGlite)');
}

async function openPostgres(databaseUrl: string, options: OpenStoreOptions): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new StoreOptionsError(
      `databaseUrl must start with postgres:// or postgresql:// (got ${redactUrl(databaseUrl)})`,
    );
  }
  let migrations: MigrationReport | null = null;
  if (options.migrate ?? true) {
    // A dedicated connection: BEGIN/COMMIT and the advisory lock must stay on one session, which a pool does not
    // promise.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      migrations = await runMigrations(pgExecutor(client), migrateOptions(options));
    } finally {
      await client.end();
    }
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    await prisma.$connect();
  } catch (error) {
    await prisma.$disconnect().catch(() => undefined);
    throw error;
  }
  return createStore({
    driver: 'postgres',
    db: prisma,
    migrations,
    ...(options.migrationsDir !== undefined ? { migrationsDir: options.migrationsDir } : {}),
    description: `postgres ${redactUrl(databaseUrl)}`,
    close: () => prisma.$disconnect(),
  });
}

async function openPglite(dataDir: string, options: OpenStoreOptions): Promise<Store> {
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const lock = lockDataDir(folder);
  let pglite: PGlite | undefined;
  let prisma: Db | undefined;
  try {
    const db = await PGlite.create(folder);
    pglite = db;
    const migrations =
      (options.migrate ?? true) ? await runMigrations(pgliteExecutor(db), migrateOptions(options)) : null;
    // pglite-prisma-adapter resolves the PGlite npm hoisted next to it (0.4.x, for the prisma CLI); ours is 0.5.x.
    // The methods it calls (query, exec, transaction) behave the same, but its `instanceof DatabaseError` check
    // fails across the two copies, so Postgres errors reach callers unconverted (no Prisma P2xxx code). The
    // repositories therefore never rely on those codes (ON CONFLICT instead of catching P2002, explicit lookups).
    const adapterClient = db as unknown as ConstructorParameters<typeof PrismaPGlite>[0];
    const client: Db = new PrismaClient({ adapter: new PrismaPGlite(adapterClient) });
    prisma = client;
    await client.$connect();
    return createStore({
      driver: 'pglite',
      db: client,
      migrations,
      ...(options.migrationsDir !== undefined ? { migrationsDir: options.migrationsDir } : {}),
      description: `pglite ${folder}`,
      close: async () => {
        try {
          await client.$disconnect();
          await db.close();
        } finally {
          lock.release();
        }
      },
    });
  } catch (error) {
    await prisma?.$disconnect().catch(() => undefined);
    await pglite?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}

function migrateOptions(options: OpenStoreOptions) {
  return {
    ...(options.migrationsDir !== undefined ? { migrationsDir: options.migrationsDir } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  };
}

/** The URL with any password (userinfo or `?password=`) replaced by `***`, for logs. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unparseable URL>';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}
