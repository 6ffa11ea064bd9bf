import { isPluginCell } from './cell-plugin.js';
import { BudgetUnreachableError, InvalidBudgetError, InvalidCellPluginError } from './errors.js';
import type { ModelShape } from './model-shape.js';
import { paramCount } from './param-count.js';
import { cellPlugin } from './plugin-registry.js';
import { assertValidShapeWithoutHidden, headOutputSize, transformerOptions } from './validate-shape.js';

export interface SolveHiddenOptions {
  /** Narrowest width allowed; default 1 (for the transformer: rounded up to a multiple of its heads). */
  minHidden?: number;
  /** Widest width allowed; default 65,536 (far beyond anything trainable here). */
  maxHidden?: number;
}

export interface SolvedHidden {
  hidden: number;
  /** Total trainable params at that width, head included. */
  paramCount: number;
  /** `(paramCount - budget) / budget`: positive when over budget. */
  relativeError: number;
}

const DEFAULT_MAX_HIDDEN = 65_536;

/**
 * Picks the integer `hidden` whose total parameter count (recurrent stack + head) is closest to `paramBudget`, so
 * cells are compared at equal capacity. On a tie the narrower width wins (stay under budget).
 *
 * The count is strictly increasing in `hidden`, so a binary search for the first width reaching the budget and a
 * look at its narrower neighbour is exact (no floating-point quadratic root to round).
 *
 * If the budget is above the count at `maxHidden`, `maxHidden` is returned and `relativeError` shows the shortfall.
 *
 * The transformer's d_model must split evenly over its heads, so for it only multiples of `transformer.heads` are
 * candidates (the search runs over `hidden / heads`); the answer is the closest such width.
 *
 * A plugin cell with its own `solveHidden` answers for itself (its width is checked and counted here); one without
 * is searched like the built-in cells, on its `layerParamCount` (which the plugin contract makes strictly growing).
 *
 * @throws BudgetUnreachableError when even `minHidden` has more params than the budget.
 * @throws InvalidBudgetError for a non-positive budget or a bad width range.
 */
export function solveHiddenForBudget(
  shape: Omit<ModelShape, 'hidden'>,
  paramBudget: number,
  options: SolveHiddenOptions = {},
): SolvedHidden {
  assertValidShapeWithoutHidden(shape);
  const minHidden = options.minHidden ?? 1;
  const maxHidden = options.maxHidden ?? DEFAULT_MAX_HIDDEN;
  assertValidRange(paramBudget, minHidden, maxHidden);
  const own = pluginSolution(shape, paramBudget, minHidden, maxHidden);
  if (own !== null) return own;
  const step = shape.cell === 'transformer' ? transformerOptions(shape).heads : 1;
  // Search over multiples m of `step`: hidden = m * step.
  const minMultiple = Math.ceil(minHidden / step);
  const maxMultiple = Math.floor(maxHidden / step);
  if (maxMultiple < minMultiple) {
    const reason = `must allow a multiple of transformer.heads (${step}) at or above minHidden (${minHidden})`;
    throw new InvalidBudgetError('maxHidden', maxHidden, reason);
  }

  const countAt = (multiple: number): number => paramCount({ ...shape, hidden: multiple * step });
  const result = (multiple: number, count: number): SolvedHidden => solved(multiple * step, count, paramBudget);
  const minCount = countAt(minMultiple);
  if (minCount > paramBudget) throw new BudgetUnreachableError(paramBudget, minCount, minMultiple * step);

  // Invariant: countAt(low) < budget <= countAt(high) once the loop ends; high = maxMultiple if never reached.
  let low = minMultiple;
  let high = maxMultiple;
  if (countAt(high) < paramBudget) return result(high, countAt(high));
  while (high - low > 1) {
    const mid = low + Math.floor((high - low) / 2);
    if (countAt(mid) < paramBudget) low = mid;
    else high = mid;
  }
  const lowCount = countAt(low);
  const highCount = countAt(high);
  if (lowCount >= paramBudget) return result(low, lowCount); // only when low = minMultiple hits it
  return paramBudget - lowCount <= highCount - paramBudget ? result(low, lowCount) : result(high, highCount);
}

/** The plugin's own answer, when the shape's cell is a plugin with a solver; null otherwise. */
function pluginSolution(
  shape: Omit<ModelShape, 'hidden'>,
  paramBudget: number,
  minHidden: number,
  maxHidden: number,
): SolvedHidden | null {
  if (!isPluginCell(shape.cell)) return null;
  const plugin = cellPlugin(shape.cell);
  if (!plugin.solveHidden) return null;
  const outputs = headOutputSize(shape.head);
  const hidden = plugin.solveHidden({ inputSize: shape.inputSize, layers: shape.layers, outputs }, paramBudget);
  if (!Number.isSafeInteger(hidden) || hidden < minHidden || hidden > maxHidden) {
    const range = `${minHidden}..${maxHidden}`;
    const reason = `solveHidden gave ${String(hidden)} for a budget of ${paramBudget}, not an integer in ${range}`;
    throw new InvalidCellPluginError(plugin.name, reason);
  }
  return solved(hidden, paramCount({ ...shape, hidden }), paramBudget);
}

function solved(hidden: number, count: number, budget: number): SolvedHidden {
  return { hidden, paramCount: count, relativeError: (count - budget) / budget };
}

function assertValidRange(paramBudget: number, minHidden: number, maxHidden: number): void {
  if (!Number.isFinite(paramBudget) || paramBudget <= 0) {
    throw new InvalidBudgetError('paramBudget', paramBudget, 'must be a finite number > 0');
  }
  if (!Number.isSafeInteger(minHidden) || minHidden < 1) {
    throw new InvalidBudgetError('minHidden', minHidden, 'must be an integer >= 1');
  }
  if (!Number.isSafeInteger(maxHidden) || maxHidden < minHidden) {
    throw new InvalidBudgetError('maxHidden', maxHidden, `must be an integer >= minHidden (${minHidden})`);
  }
}
