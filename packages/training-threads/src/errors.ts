/** Errors of the training-thread pool. Each is a CellsweepError (core's cellsweep-error.ts) and carries the facts. */
import { CellsweepError } from '@cellsweep/core';

/** A training thread could not load its backend (e.g. `CELLSWEEP_BACKEND=tensorflow` without tfjs-node). */
export class TrainingThreadStartError extends CellsweepError {
  constructor(readonly reason: string) {
    super(`a training thread failed to start: ${reason}`);
  }
}

/** The thread training `trialId` died (out of memory, a native crash). Retryable: another delivery resumes it. */
export class TrainingThreadCrashedError extends CellsweepError {
  constructor(
    readonly trialId: string,
    readonly reason: string,
  ) {
    super(`the training thread of trial ${trialId} crashed: ${reason}`);
  }
}

/** More trials were handed to the pool than it has threads (the caller's concurrency and pool size disagree: a bug). */
export class NoIdleThreadError extends CellsweepError {
  constructor(readonly threads: number) {
    super(`all ${threads} training threads are busy`);
  }
}
