/**
 * Errors of the worker app. Each sets `name` and carries the facts. The training threads' errors
 * (TrainingThreadStartError, TrainingThreadCrashedError, NoIdleThreadError) live in @cellsweep/training-threads.
 */

/** A store write kept failing for `elapsedMs` (Postgres down or refusing connections). BullMQ retries the job. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly tries: number,
    readonly elapsedMs: number,
    cause: unknown,
  ) {
    super(
      `${operation} failed ${tries} times over ${Math.round(elapsedMs)} ms: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'StoreUnavailableError';
  }
}

/** The trial ran past its catalog timeout. Not retried: it would time out again. */
export class TrialTimeoutError extends Error {
  constructor(readonly trialId: string) {
    super(`trial ${trialId} exceeded its time limit`);
    this.name = 'TrialTimeoutError';
  }
}

/**
 * A starting worker could not use Postgres or Redis within its wait (CELLSWEEP_STORE_RETRY_MS), or was told no for
 * good (not migrated, a Redis database the server does not have). It exits without having taken a job.
 */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: 'Postgres' | 'Redis',
    readonly variable: 'DATABASE_URL' | 'REDIS_URL',
    readonly waitedMs: number,
    readonly reason: string,
  ) {
    super(
      `${service} is not usable (${reason})${waitedMs > 0 ? ` after ${Math.round(waitedMs / 1_000)} s of trying` : ''}; ` +
        `check ${variable}. No job was taken.`,
    );
    this.name = 'ServiceUnreachableError';
  }
}

/** The bytes fetched from the store do not hash to the name they were stored under. */
export class DatasetFetchError extends Error {
  constructor(
    readonly sha256: string,
    readonly found: string,
  ) {
    super(
      `data file ${sha256.slice(0, 12)}… fetched from the store hashes to ${found.slice(0, 12)}…; ` +
        'the stored copy is damaged: delete its row from the dataset_blobs table, then submit the sweep again',
    );
    this.name = 'DatasetFetchError';
  }
}
