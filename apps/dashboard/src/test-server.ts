/**
 * A dashboard on a fresh Postgres database (its own, dropped afterwards), listening on a free loopback port: the
 * setup shared by the API and browser tests.
 */
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';
import type { FastifyInstance } from 'fastify';
import { buildDashboardServer, type DashboardServerOptions } from './server.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestDashboard {
  store: Store;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startTestDashboard(
  options: Pick<DashboardServerOptions, 'scatterMaxPoints'> = {},
): Promise<TestDashboard> {
  const database: TestDatabase = await createTestDatabase();
  const store = await openStore({ databaseUrl: database.url });
  const app = await buildDashboardServer({ store, token: TEST_TOKEN, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    store,
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await store.close();
      await database.drop();
    },
  };
}

export function authHeaders(token = TEST_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
