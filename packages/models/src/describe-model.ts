import { formatCount } from './errors.js';
import type { ModelShape } from './model-shape.js';
import { paramCount } from './param-count.js';

/**
 * One-line label for CLI tables and logs: `<cell> <layers>x<hidden> (<params> params)`, e.g.
 * `lstm 1x34 (4,931 params)` (inputSize 1, one regression output). The count includes the head.
 */
export function describeModel(shape: ModelShape): string {
  return `${shape.cell} ${shape.layers}x${shape.hidden} (${formatCount(paramCount(shape))} params)`;
}
