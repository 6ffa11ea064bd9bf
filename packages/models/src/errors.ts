/** Errors raised by `@cellsweep/models`. Each carries the offending facts so callers can report or classify them. */
import { CellsweepError, fieldMessage } from '@cellsweep/core';

/** A model shape field is out of range (non-integer, zero, negative, ...). Bad input: not worth retrying. */
export class InvalidModelShapeError extends CellsweepError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid model shape: ${field} = ${String(value)}: ${reason}`);
  }
}

/** A parameter budget (or the width range it is solved over) is not usable. */
export class InvalidBudgetError extends CellsweepError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid parameter budget: ${field} = ${String(value)}: ${reason}`);
  }
}

/** Even the narrowest allowed model has more parameters than the budget, so no width can meet it. */
export class BudgetUnreachableError extends CellsweepError {
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

/** What an operator sets to let a machine load plugin modules (each app's env.ts reads it). */
export const CELL_PLUGINS_ENV = 'CELLSWEEP_PLUGINS';

/**
 * A trial or spec names `plugin:<name>` and this process has no such plugin loaded. Not worth retrying: the same
 * machine will not have it next time either; the operator must install it and list it.
 */
export class UnknownCellPluginError extends CellsweepError {
  constructor(
    readonly plugin: string,
    readonly loaded: readonly string[],
  ) {
    const have = loaded.length === 0 ? 'none' : loaded.map((name) => `plugin:${name}`).join(', ');
    super(
      `cell "plugin:${plugin}" is not loaded on this machine (loaded plugins: ${have}); the operator installs the ` +
        `module that provides it and lists it in ${CELL_PLUGINS_ENV} (docs/own-data.md#plugin-cells)`,
    );
  }
}

/** A plugin module cannot be imported or does not keep the CellPlugin contract (cell-plugin.ts). */
export class InvalidCellPluginError extends CellsweepError {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(fieldMessage(`cell plugin module "${source}" (${CELL_PLUGINS_ENV})`, reason));
  }
}

/** The model built has another parameter count than the closed form promised (a plugin's formula is wrong). */
export class ParamCountMismatchError extends CellsweepError {
  constructor(
    readonly cell: string,
    readonly formula: number,
    readonly built: number,
  ) {
    super(
      fieldMessage(
        `cell "${cell}"`,
        `its parameter formula gives ${formatCount(formula)} but the model built has ${formatCount(built)} (model.countParams())`,
        "fix the plugin's layerParamCount so budgets compare equal sizes",
      ),
    );
  }
}
