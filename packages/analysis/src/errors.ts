/** Errors raised by analysis. Each carries the facts needed to fix the input, not just a message. */
import { CellsweepError, fieldMessage } from '@cellsweep/core';

/** A function was called with an argument it cannot work with (an empty sample, a bad level, ...). */
export class AnalysisArgumentError extends CellsweepError {
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(fieldMessage(argument, reason));
  }
}

/**
 * Two trials claim the same arm, setting and seed, so there is no single pair to compare. This happens when rows of
 * two sweeps are mixed: put the sweep name into `task` (or `group`) to keep them apart.
 */
export class DuplicateTrialError extends CellsweepError {
  constructor(
    readonly setting: string,
    readonly arm: string,
    readonly seed: number,
    readonly trialIds: readonly string[],
  ) {
    super(
      `trials ${trialIds.join(', ')} are both ${arm} with seed ${seed} in setting ${setting}; ` +
        'pairing by seed needs one trial per arm and seed (tell sweeps apart through `task` or `group`)',
    );
  }
}
