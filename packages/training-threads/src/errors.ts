/** Errors of the training-thread pool. Each sets `name` and carries the facts. */

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

/** More trials were handed to the pool than it has threads (the caller's concurrency and pool size disagree: a bug). */
export class NoIdleThreadError extends Error {
  constructor(readonly threads: number) {
    super(`all ${threads} training threads are busy`);
    this.name = 'NoIdleThreadError';
  }
}
