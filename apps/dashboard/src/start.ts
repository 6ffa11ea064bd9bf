/**
 * Starting the dashboard the way `cellsweep dashboard` does: open the store (Postgres with DATABASE_URL, else the
 * embedded PGlite in $CELLSWEEP_HOME/db), resolve the token, listen, and report where and how to sign in.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '@cellsweep/store';
import type { FastifyInstance } from 'fastify';
import type { DashboardEnv } from './env.js';
import { buildDashboardServer } from './server.js';
import { resolveToken, type ResolvedToken } from './token.js';

export interface StartDashboardOptions {
  env: DashboardEnv;
  /** Flags win over the environment. */
  host?: string;
  port?: number;
  /** One line at a time (default: stdout). */
  print?: (line: string) => void;
  logger?: boolean;
  /**
   * Serve this already-open store instead of opening one; the caller keeps owning it (close() leaves it open).
   * `cellsweep run --dashboard` uses this: the embedded PGlite store can only be open in one process.
   */
  store?: Store;
}

export interface RunningDashboard {
  url: string;
  token: ResolvedToken;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const { env } = options;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const token = resolveToken({ fromEnv: env.token, home: env.home });
  let store: Store;
  const ownsStore = options.store === undefined;
  if (options.store) {
    store = options.store;
  } else if (env.databaseUrl) {
    // Read-only: only `cellsweep db migrate` changes a Postgres schema (issue 14, defect 8); an unrelated or
    // unmigrated database is refused here instead of being given cellsweep's tables.
    store = await openStore({ databaseUrl: env.databaseUrl, migrate: false });
    await store.checkSchema().catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw error;
    });
  } else {
    mkdirSync(env.home, { recursive: true });
    store = await openStore({ dataDir: join(env.home, 'db') });
  }
  let app: FastifyInstance;
  try {
    app = await buildDashboardServer({ store, token: token.token, logger: options.logger ?? false });
    await app.listen({ host: options.host ?? env.host, port: options.port ?? env.port });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? env.port);
  const host = options.host ?? env.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  print(`cellsweep dashboard on ${url} (store: ${store.describe()})`);
  if (token.source === 'generated') {
    print(`generated an access token (saved in ${token.path}; set CELLSWEEP_DASHBOARD_TOKEN to choose your own):`);
    print(`  ${token.token}`);
  } else if (token.source === 'file') {
    print(`access token: the one saved in ${token.path}`);
  } else {
    print('access token: $CELLSWEEP_DASHBOARD_TOKEN');
  }
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    print(
      `listening on ${host}: anyone who can reach this port and has the token can read the results (use TLS in front)`,
    );
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    app,
    store,
    close: () =>
      (closing ??= (async () => {
        try {
          await app.close();
        } finally {
          if (ownsStore) await store.close();
        }
      })()),
  };
}
