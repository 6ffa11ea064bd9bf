/**
 * Opens the store the CLI was pointed at: Postgres when DATABASE_URL is set, else the embedded PGlite database in
 * $CELLSWEEP_HOME/db (the store locks that folder: one process at a time, or it would corrupt).
 *
 * Only `cellsweep db migrate` changes a Postgres database's schema. Every other command checks that the database is
 * a migrated cellsweep store and stops if not: `status` pointed at an unrelated database used to create five tables
 * in it (issue 14, defect 8). The embedded store is cellsweep's own folder, so opening it migrates it.
 */
import { join, resolve } from 'node:path';
import { openStore, redactUrl, type OpenStoreOptions, type Store } from '@cellsweep/store';
import type { CliEnv } from './env.js';
import { prepareHome } from './home.js';
import { asStoreFailure, guardStore } from './store-failure.js';

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

export interface OpenCliStoreOptions {
  /** Apply pending migrations to a Postgres store (only `db migrate` does). */
  migrate?: boolean;
}

export async function openCliStore(env: CliEnv, options: OpenCliStoreOptions = {}): Promise<OpenedStore> {
  let store: Store;
  if (env.databaseUrl) {
    store = options.migrate
      ? await openGuarded({ databaseUrl: env.databaseUrl })
      : await openCheckedPostgres(env.databaseUrl);
  } else {
    prepareHome(env.home);
    store = await openGuarded({ dataDir: join(env.home, 'db') });
  }
  return { store, close: () => store.close() };
}

/** A Postgres store opened without migrating, after checking it has every migration (else StoreNotMigratedError). */
export async function openCheckedPostgres(databaseUrl: string): Promise<Store> {
  const store = await openGuarded({ databaseUrl, migrate: false });
  try {
    await store.checkSchema();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

/** openStore, with a failure to open (disk full, unreachable server) said in one line (store-failure.ts). */
async function openGuarded(options: OpenStoreOptions): Promise<Store> {
  const where =
    options.databaseUrl !== undefined
      ? `postgres ${redactUrl(options.databaseUrl)}`
      : `pglite ${resolve(options.dataDir ?? '')}`;
  try {
    return guardStore(await openStore(options));
  } catch (error) {
    throw asStoreFailure(error, 'open', where);
  }
}
