/** Errors of the worker app. Each sets `name` and carries the facts. */

/** A training thread could not load its backend (e.g. `CELLSWEEP_BACKEND=tensorflow` without tfjs-node). */
export class TrainingThreadStartError extends Error {
  constructor(readonly reason: string) {
    super(`a training thread failed to start: ${reason}`);
    this.name = 'TrainingThreadStartError';
  }
}

/** The thread training `trialId` died (out of memory, a native crash). Retryable: another delivery resumes it. */
export class TrainingThreadCrashedError extends Error {
  constructor(
    readonly trialId: string,
    readonly reason: string,
  ) {
    super(`the training thread of trial ${trialId} crashed: ${reason}`);
    this.name = 'TrainingThreadCrashedError';
  }
}

/** More trials were handed to the pool than it has threads (BullMQ concurrency and pool size disagree: a bug). */
export class NoIdleThreadError extends Error {
  constructor(readonly threads: number) {
    super(`all ${threads} training threads are busy`);
    this.name = 'NoIdleThreadError';
  }
}

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
