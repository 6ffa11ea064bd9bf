/** Errors raised by `@cellsweep/models`. Each carries the offending facts so callers can report or classify them. */

/** A model shape field is out of range (non-integer, zero, negative, ...). Bad input: not worth retrying. */
export class InvalidModelShapeError extends Error {
  override name = 'InvalidModelShapeError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid model shape: ${field} = ${String(value)}: ${reason}`);
  }
}

/** A parameter budget (or the width range it is solved over) is not usable. */
export class InvalidBudgetError extends Error {
  override name = 'InvalidBudgetError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid parameter budget: ${field} = ${String(value)}: ${reason}`);
  }
}

/** Even the narrowest allowed model has more parameters than the budget, so no width can meet it. */
export class BudgetUnreachableError extends Error {
  override name = 'BudgetUnreachableError';
  constructor(
    readonly budget: number,
    readonly minCount: number,
    readonly minHidden: number,
  ) {
    super(
      `parameter budget ${formatCount(budget)} is unreachable: the smallest model (hidden = ${minHidden}) ` +
        `already has ${formatCount(minCount)} params; raise the budget or lower minHidden/layers/inputSize`,
    );
  }
}

/** Thousands separators without depending on the runtime's ICU data. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
