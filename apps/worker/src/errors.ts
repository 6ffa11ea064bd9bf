/**
 * Errors of the worker app. Each is a CellsweepError (core's cellsweep-error.ts) and carries the facts. The training threads' errors
 * (TrainingThreadStartError, TrainingThreadCrashedError, NoIdleThreadError) live in @cellsweep/training-threads.
 */
import { CellsweepError } from '@cellsweep/core';

/** A store write kept failing for `elapsedMs` (Postgres down or refusing connections). BullMQ retries the job. */
export class StoreUnavailableError extends CellsweepError {
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
  }
}

/** The trial ran past its catalog timeout. Not retried: it would time out again. */
export class TrialTimeoutError extends CellsweepError {
  constructor(readonly trialId: string) {
    super(`trial ${trialId} exceeded its time limit`);
  }
}

/**
 * A starting worker could not use Postgres or Redis within its wait (CELLSWEEP_STORE_RETRY_MS), or was told no for
 * good (not migrated, a Redis database the server does not have). It exits without having taken a job.
 */
export class ServiceUnreachableError extends CellsweepError {
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
  }
}

/** The bytes fetched from the store do not hash to the name they were stored under. */
export class DatasetFetchError extends CellsweepError {
  constructor(
    readonly sha256: string,
    readonly found: string,
  ) {
    super(
      `data file ${sha256.slice(0, 12)}… fetched from the store hashes to ${found.slice(0, 12)}…; ` +
        'the stored copy is damaged: delete its row from the dataset_blobs table, then submit the sweep again',
    );
  }
}
