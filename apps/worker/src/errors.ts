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
