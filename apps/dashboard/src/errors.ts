/** The dashboard's errors. Each maps to one HTTP status in `server.ts`'s error handler. */
import { CellsweepError, fieldMessage } from '@cellsweep/core';

/** A query string or path parameter that does not parse (400). */
export class BadRequestError extends CellsweepError {
  constructor(readonly problems: string[]) {
    super(`bad request: ${problems.join('; ')}`);
  }
}

/** A sweep or trial that does not exist (404). */
export class NotFoundError extends CellsweepError {
  constructor(
    readonly kind: 'sweep' | 'trial',
    readonly key: string,
  ) {
    super(`${kind} not found: ${key}`);
  }
}

/** The persisted token file exists but cannot be used (empty or unreadable): refuse to start rather than guess. */
export class TokenFileError extends CellsweepError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(fieldMessage(`dashboard token file ${path}`, reason));
  }
}

/** A token given to the dashboard that no client could send (see `tokenProblem`): refuse to start. */
export class InvalidTokenError extends CellsweepError {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(fieldMessage(source, `the dashboard token ${reason}`));
  }
}

/** The built web UI is missing (the server can still answer the API). */
export class AssetsMissingError extends CellsweepError {
  constructor(readonly dir: string) {
    super(`web UI not built: ${dir} has no index.html (run \`npm run build\` at the repository root)`);
  }
}
