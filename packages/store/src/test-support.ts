/**
 * Test isolation helpers for this package's tests and other workspaces' (as `@cellsweep/store/testing`; never
 * used by shipped code). Every Postgres test creates its own database through an admin URL and drops it afterwards;
 * every PGlite test gets a fresh temp folder.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { findMigrationsDir } from './migration-files.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';
import { pgExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor.js';
import type { NewTrial, StoreDriver } from './types.js';

/** Tests read env here only; the package itself takes options. */
const PG_ADMIN_URL = process.env.CELLSWEEP_TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const DRIVERS: readonly StoreDriver[] = ['pglite', 'postgres'];

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A brand-new, empty Postgres database `cellsweep_test_<random>`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('cellsweep_test');
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // WITH (FORCE) (Postgres 13+) also ends connections a failed test left open.
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** The tables in the `public` schema of the database at `url`, sorted (to see what a command created). */
export async function listPublicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    return rows.map((row) => row.name).sort();
  } finally {
    await client.end();
  }
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function createTempDir(prefix = 'cellsweep-store-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A raw connection of either driver, for testing the migration runner below the Store. */
export interface TestConnection {
  executor: SqlExecutor;
  /** A second, independent connection to the same database (Postgres only; PGlite has one). */
  connectAnother(): Promise<{ executor: SqlExecutor; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function openTestConnection(driver: StoreDriver): Promise<TestConnection> {
  if (driver === 'pglite') {
    const dir = createTempDir();
    const db = await PGlite.create(join(dir.path, 'db'));
    return {
      executor: pgliteExecutor(db),
      connectAnother: () => Promise.reject(new Error('PGlite has a single connection')),
      close: async () => {
        await db.close();
        dir.remove();
      },
    };
  }
  const database = await createTestDatabase();
  const connect = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return { executor: pgExecutor(client), close: () => client.end() };
  };
  const main = await connect();
  return {
    executor: main.executor,
    connectAnother: connect,
    close: async () => {
      await main.close();
      await database.drop();
    },
  };
}

/** Creates schema `name` and makes it the first on the search path, so unqualified migration SQL lands there. */
export async function useFreshSchema(db: SqlExecutor, name: string = uniqueName('s')): Promise<string> {
  await db.exec(`CREATE SCHEMA "${name}"; SET search_path TO "${name}"`);
  return name;
}

/** A migrations folder in a temp dir: a copy of the real one plus any extra `{ name: sql }` migrations. */
export function makeMigrationsDir(extra: Record<string, string> = {}): TempDir {
  const dir = createTempDir('cellsweep-migrations-');
  cpSync(findMigrationsDir(), dir.path, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(dir.path, name));
    writeFileSync(join(dir.path, name, 'migration.sql'), sql);
  }
  return dir;
}

export interface TestStore {
  store: Store;
  /** Closes the store and removes its folder or drops its database. */
  close(): Promise<void>;
}

/**
 * Where the migrated PGlite template lives: a folder scripts/run-tests.mjs makes for the whole run and removes after
 * it (CELLSWEEP_TEST_PGLITE_TEMPLATES), so the suite builds it once; without one (a test file run alone), a folder of
 * this process's own, removed when it exits.
 */
function templatesRoot(): string {
  const shared = process.env.CELLSWEEP_TEST_PGLITE_TEMPLATES;
  if (shared) return shared;
  const own = mkdtempSync(join(tmpdir(), 'cellsweep-pglite-template-'));
  process.once('exit', () => rmSync(own, { recursive: true, force: true }));
  return own;
}

let template: Promise<string> | undefined;

/**
 * A closed, empty PGlite folder with every committed migration applied, to copy instead of creating a store from
 * nothing: initdb plus the migrations cost ~9 CPU-s per store, a copy and reopen ~3 (measured 2026-12-07). Test
 * processes running at once may each build it; the first rename wins and the others use that one.
 */
export function migratedPgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const root = templatesRoot();
    const path = join(root, 'migrated');
    if (existsSync(path)) return path;
    const building = mkdtempSync(join(root, 'building-'));
    const store = await openStore({ dataDir: join(building, 'db') });
    await store.close();
    try {
      renameSync(join(building, 'db'), path);
    } catch (error) {
      // Another process renamed its build into place first: same migrations, same result.
      if (!existsSync(path)) throw error;
    }
    rmSync(building, { recursive: true, force: true });
    return path;
  })();
  return template;
}

/** Makes `dataDir` a copy of the migrated PGlite template (see migratedPgliteTemplate). */
export async function copyMigratedPglite(dataDir: string): Promise<void> {
  cpSync(await migratedPgliteTemplate(), dataDir, { recursive: true });
}

/**
 * A migrated store of its own on `driver`: PGlite in a temp folder, or a fresh Postgres database. A PGlite store
 * starts as a copy of the migrated template, so its open applies nothing; `fromEmpty` creates it from nothing
 * instead, for tests that check what the open applied.
 */
export async function openTestStore(driver: StoreDriver, options: { fromEmpty?: boolean } = {}): Promise<TestStore> {
  if (driver === 'pglite') {
    const dir = createTempDir();
    if (!options.fromEmpty) await copyMigratedPglite(join(dir.path, 'db'));
    const store = await openStore({ dataDir: join(dir.path, 'db') });
    return { store, close: async () => (await store.close(), dir.remove()) };
  }
  const database = await createTestDatabase();
  const store = await openStore({ databaseUrl: database.url });
  return { store, close: async () => (await store.close(), await database.drop()) };
}

/** A minimal trial row for store tests: unique id, content key `key-<i>`, 4 units, seed i. */
export function testTrial(i: number, cell = 'lstm'): NewTrial {
  return {
    id: uniqueName('trial'),
    configKey: `key-${i}`,
    ordinal: i,
    cell,
    hidden: 4,
    layers: 1,
    paramBudget: null,
    paramCount: 100 + i,
    seed: i,
    config: { cell, seed: i },
  };
}

/** Runs one SQL statement against the database at `url` (for tests that plant a row no API would write). */
export async function runSql(url: string, text: string, values: readonly unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, [...values])).rowCount ?? 0;
  } finally {
    await client.end();
  }
}
