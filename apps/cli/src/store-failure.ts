/**
 * A store that fails under a command (disk full, folder made read-only or removed, Postgres gone) is reported in one
 * line: what failed, where, and what to do. `run` used to crash with a 55-line Prisma dump, and a store that did not
 * fit its disk printed `cellsweep: [object Object]` (issue 14, defect 3). Stored results are never touched by this:
 * every write is its own statement, so what was stored before the failure stays.
 */
import { CellsweepError } from '@cellsweep/core';
import {
  describeStoreFailure,
  StoreError,
  SweepNotFoundError,
  type Store,
  type StoreFailureCode,
} from '@cellsweep/store';

export type StoreAction = 'open' | 'read from' | 'write to';

export class StoreFailureError extends CellsweepError {
  constructor(
    readonly action: StoreAction,
    readonly where: string,
    readonly code: StoreFailureCode | null,
    readonly reason: string,
    cause: unknown,
  ) {
    super(`cannot ${action} the store (${where}): ${reason}${adviceFor(code, action, where)}`, { cause });
  }
}

function adviceFor(code: StoreFailureCode | null, action: StoreAction, where: string): string {
  const kept =
    action === 'write to' ? '; results stored before this are kept: run the same command again to continue' : '';
  const embedded = where.startsWith('pglite ');
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `; free disk space${embedded ? ' there, or set CELLSWEEP_HOME to a folder with room' : ' on the database server'}${kept}`;
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return `; make the folder writable${embedded ? ', or set CELLSWEEP_HOME to one that is' : ''}${kept}`;
    case 'ENOENT':
      return `; the store's folder is gone; restore it, or set CELLSWEEP_HOME to where it is${kept}`;
    case 'UNREACHABLE':
      return `; check that Postgres is running and that DATABASE_URL names it${kept}`;
    case 'NO_DATABASE':
      return '; create it (createdb <name>, or CREATE DATABASE <name>) and run `cellsweep db migrate`, or name an existing one in DATABASE_URL';
    case 'EIO':
      return `; the disk reported an error; check it${kept}`;
    case null:
      return kept;
  }
}

/** Wraps a driver failure; the store's own errors (sweep not found, not migrated, locked) pass through as they are. */
export function asStoreFailure(error: unknown, action: StoreAction, where: string): unknown {
  if (error instanceof StoreError || error instanceof StoreFailureError) return error;
  const { code, reason } = describeStoreFailure(error);
  return new StoreFailureError(action, where, code, reason, error);
}

const READ_METHOD = /^(list|find|get|count|has|latest|aggregate|describe|check)/;

/** The store, with every failing call's driver error turned into a StoreFailureError naming the store. */
export function guardStore(store: Store): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'describe') return value;
      const action: StoreAction = READ_METHOD.test(property) ? 'read from' : 'write to';
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw asStoreFailure(withStoreNamed(error, target.describe()), action, target.describe());
            })
          : result;
      };
    },
  });
}

/**
 * A sweep that is not found is named with the store that was searched: the embedded store is `./.cellsweep` of the
 * folder the command runs in, so `compare quick` from another folder than `npm start`'s found nothing and did not say
 * where it had looked.
 */
function withStoreNamed(error: unknown, where: string): unknown {
  if (error instanceof SweepNotFoundError && !error.message.includes(' in the store ')) {
    error.message += ` in the store (${where}); \`cellsweep sweeps\` lists the sweeps there, CELLSWEEP_HOME or DATABASE_URL chooses another store`;
  }
  return error;
}
