/** Errors raised by search. Each carries the facts needed to fix the input, not just a message. */
import { CellsweepError, fieldMessage } from '@cellsweep/core';

/**
 * A search space that cannot be sampled. `field` is the path of the offending entry (`learningRate.domain.low`,
 * `hiddenSize.when.param`), `param` the parameter's name (or `space[i]` when it has none), `reason` says what to
 * change.
 */
export class SearchSpaceError extends CellsweepError {
  constructor(
    readonly field: string,
    readonly param: string,
    readonly reason: string,
  ) {
    super(fieldMessage(`search space ${field}`, reason));
  }
}

/** A function was called with an argument it cannot work with (a negative index, reductionFactor <= 1, ...). */
export class SearchArgumentError extends CellsweepError {
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(fieldMessage(argument, reason));
  }
}
