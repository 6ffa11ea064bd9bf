/** Errors of @cellsweep/kernels. */
import { CellsweepError, fieldMessage } from '@cellsweep/core';

/** The compiled kernel module is missing or cannot run here (build/*.wasm is produced by `npm run build:assets`). */
export class KernelModuleUnavailableError extends CellsweepError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`recurrent kernel module ${path} is unavailable: ${reason} (run \`npm run build\` at the repository root)`);
  }
}

/** A tensor handed to a fused kernel has a shape that does not fit the cell. */
export class KernelShapeError extends CellsweepError {
  constructor(
    readonly what: string,
    readonly expected: readonly number[],
    readonly actual: readonly number[],
  ) {
    // NaN marks a free dimension (any batch, any length).
    const dims = (shape: readonly number[]) => shape.map((n) => (Number.isNaN(n) ? '?' : String(n))).join(', ');
    super(fieldMessage(what, `expected shape [${dims(expected)}], got [${dims(actual)}]`));
  }
}

/** A backward pass was asked of a tape that is gone (each forward pass's tape serves exactly one backward pass). */
export class KernelTapeError extends CellsweepError {
  constructor(readonly reason: string) {
    super(`fused recurrent kernel: ${reason}`);
  }
}

/** CELLSWEEP_KERNEL_THREADS is neither `auto` nor a thread count. */
export class InvalidKernelThreadsError extends CellsweepError {
  constructor(readonly value: string) {
    super(
      fieldMessage('CELLSWEEP_KERNEL_THREADS', `"${value}" is not a thread count`, 'use auto or a whole number 1-64'),
    );
  }
}
