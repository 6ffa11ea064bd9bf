/**
 * Opens the store the CLI was pointed at: Postgres when DATABASE_URL is set, else the embedded PGlite database in
 * $CELLSWEEP_HOME/db (the store locks that folder: one process at a time, or it would corrupt).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '@cellsweep/store';
import type { CliEnv } from './env.js';

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

export async function openCliStore(env: CliEnv): Promise<OpenedStore> {
  if (env.databaseUrl) {
    const store = await openStore({ databaseUrl: env.databaseUrl });
    return { store, close: () => store.close() };
  }
  mkdirSync(env.home, { recursive: true });
  const store = await openStore({ dataDir: join(env.home, 'db') });
  return { store, close: () => store.close() };
}
