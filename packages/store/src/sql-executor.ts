/**
 * The smallest SQL surface the migration runner needs, so one runner serves both drivers: a `pg` client (one
 * connection, so session state such as advisory locks and BEGIN/COMMIT stays on it) and an embedded PGlite.
 */
import type { ClientBase } from 'pg';
import type { StoreDriver } from './types.js';

export interface SqlExecutor {
  readonly driver: StoreDriver;
  /** One statement with `$1`-style parameters. */
  query<Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** A script of any number of statements, no parameters. */
  exec(sql: string): Promise<void>;
}

/** What we use of PGlite; structural, so the executor does not pin a PGlite version's class. */
export interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(sql: string): Promise<unknown>;
}

/** Wraps one connected `pg` client. A pool would not do: BEGIN/COMMIT and locks must share a connection. */
export function pgExecutor(client: ClientBase): SqlExecutor {
  return {
    driver: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string) {
      // Without parameters `pg` uses the simple query protocol, which accepts several statements at once.
      await client.query(sql);
    },
  };
}

export function pgliteExecutor(db: PGliteLike): SqlExecutor {
  return {
    driver: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, [...params]);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}
