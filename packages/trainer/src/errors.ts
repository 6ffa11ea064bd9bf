/** Errors raised while training one trial. */
import { CellsweepError } from '@cellsweep/core';

/** A requested backend could not be loaded (e.g. `tensorflow` without a working @tensorflow/tfjs-node). */
export class BackendUnavailableError extends CellsweepError {
  constructor(
    readonly backend: string,
    readonly reason: string,
  ) {
    super(`tfjs backend "${backend}" is not available: ${reason}`);
  }
}

/** The loss became NaN or infinite: the trial diverged (lower the learning rate or enable clipNorm). */
export class TrainingDivergedError extends CellsweepError {
  constructor(
    readonly epoch: number,
    readonly loss: number,
  ) {
    super(`training diverged at epoch ${epoch} (loss ${loss}); lower training.learningRate or set training.clipNorm`);
  }
}

/** Training was stopped from outside (Ctrl-C, shutdown); the trial is unfinished, not failed. */
export class TrainingAbortedError extends CellsweepError {
  constructor() {
    super('training was interrupted');
  }
}

/** Bytes that are not a checkpoint this build can read (not one at all, or a format from a newer build). */
export class CheckpointFormatError extends CellsweepError {
  constructor(readonly reason: string) {
    super(`cannot read the trial's checkpoint: ${reason}`);
  }
}
