/**
 * What went wrong below the store, in one line and a code a caller can give advice on. Failures arrive in three
 * shapes: Prisma errors whose driver message is buried in a multi-line dump ("could not extend file ...: No space
 * left on device"), Node errors with an errno `code`, and PGlite's Emscripten `ErrnoError` — a plain object with a
 * WASI errno number and no message, which the CLI used to print as `[object Object]` (issue 14, defect 3).
 */
import { driverErrorLine } from './driver-error-line.js';

export type StoreFailureCode =
  | 'ENOSPC'
  | 'EDQUOT'
  | 'EROFS'
  | 'EACCES'
  | 'EPERM'
  | 'ENOENT'
  | 'EIO'
  | 'UNREACHABLE'
  | 'NO_DATABASE';

export interface StoreFailure {
  /** A known cause a user can act on, or null. */
  code: StoreFailureCode | null;
  /** One line, the driver's own words where there are any. */
  reason: string;
}

/** WASI errno numbers (Emscripten's ERRNO_CODES) of the causes worth naming. */
const WASI_ERRNO: Readonly<Record<number, StoreFailureCode>> = {
  2: 'EACCES',
  19: 'EDQUOT',
  29: 'EIO',
  44: 'ENOENT',
  51: 'ENOSPC',
  63: 'EPERM',
  69: 'EROFS',
};

const DESCRIPTIONS: Readonly<Record<StoreFailureCode, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory (was the folder removed?)',
  EIO: 'input/output error',
  UNREACHABLE: 'the database server cannot be reached',
  NO_DATABASE: 'the database named in DATABASE_URL does not exist on that server',
};

/** The same causes as they appear in Postgres' (and PGlite's) messages. */
const MESSAGE_PATTERNS: readonly [RegExp, StoreFailureCode][] = [
  [/No space left on device|could not extend file|disk full/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
  [/Permission denied/i, 'EACCES'],
  [/Operation not permitted/i, 'EPERM'],
  [/No such file or directory/i, 'ENOENT'],
  [/Input\/output error/i, 'EIO'],
  // Postgres 3D000, before the connection patterns: the server answered, the database is missing.
  [/database "[^"]*" does not exist/i, 'NO_DATABASE'],
  [
    /Can't reach database server|ECONNREFUSED|ETIMEDOUT|Connection terminated|server closed the connection/i,
    'UNREACHABLE',
  ],
];

export function describeStoreFailure(error: unknown): StoreFailure {
  if (typeof error === 'object' && error !== null) {
    const { errno, code } = error as { errno?: unknown; code?: unknown };
    if (!(error instanceof Error) && typeof errno === 'number') {
      const known = WASI_ERRNO[errno] ?? null;
      return {
        code: known,
        reason: known ? `${DESCRIPTIONS[known]} (${known})` : `file system error (errno ${errno})`,
      };
    }
    if (typeof code === 'string' && code in DESCRIPTIONS) {
      const known = code as StoreFailureCode;
      return { code: known, reason: error instanceof Error ? error.message : DESCRIPTIONS[known] };
    }
  }
  if (!(error instanceof Error)) {
    const text = typeof error === 'object' && error !== null ? JSON.stringify(error) : String(error);
    return { code: null, reason: text };
  }
  const reason = driverErrorLine(error);
  const match = MESSAGE_PATTERNS.find(([pattern]) => pattern.test(reason) || pattern.test(error.message));
  return { code: match ? match[1] : null, reason };
}
