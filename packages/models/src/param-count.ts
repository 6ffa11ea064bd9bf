import { isPluginCell } from './cell-plugin.js';
import type { CellKind, ModelShape, RecurrentCellKind } from './model-shape.js';
import { cellPlugin } from './plugin-registry.js';
import { gateBlockCount, peepholeParamCount } from './recurrent-cells.js';
import { assertPositiveInteger, assertValidShape, headOutputSize, transformerOptions } from './validate-shape.js';

/**
 * Trainable parameters of one recurrent layer, as tfjs counts them: `g * (H * (I + H) + H)` with g = 1 (SimpleRNN,
 * irnn), 2 (UGRNN), 3 (GRU; the LSTM variants without an input, forget or output gate, and CIFG) or 4 (LSTM, NIAF,
 * NOAF, PH), plus 3H for the peephole LSTM's diagonal weights. tfjs's GRU has no `reset_after` variant, so it has
 * one bias per gate, unlike Keras 2's default GRU (which has two, i.e. 3 * H more) and PyTorch's.
 *
 * @param cell - recurrent cell kind
 * @param inputSize - features entering the layer (the previous layer's width for stacked layers)
 * @param hidden - units of the layer
 */
export function recurrentParamCount(cell: RecurrentCellKind, inputSize: number, hidden: number): number {
  assertPositiveInteger('inputSize', inputSize);
  assertPositiveInteger('hidden', hidden);
  return gateBlockCount(cell) * (hidden * (inputSize + hidden) + hidden) + peepholeParamCount(cell, hidden);
}

/**
 * Trainable parameters of one pre-LN transformer block of width d with feed-forward multiplier f:
 * two LayerNorms (2 · 2d), attention Wq, Wk, Wv, Wo with biases (4d² + 4d) and the feed-forward pair
 * d→fd→d with biases (2fd² + fd + d): `(4 + 2f)d² + (9 + f)d`. The head count splits d, it adds nothing.
 */
export function transformerBlockParamCount(hidden: number, ffMultiplier: number): number {
  assertPositiveInteger('hidden', hidden);
  assertPositiveInteger('transformer.ffMultiplier', ffMultiplier);
  return (4 + 2 * ffMultiplier) * hidden * hidden + (9 + ffMultiplier) * hidden;
}

/**
 * Total trainable parameters of the model `buildModel` would build, head included. Closed form: no tfjs, no tensors.
 *
 * Recurrent cells (a plugin cell with its own per-layer formula): the stack (layer 1 sees `inputSize`, later layers
 * see `hidden`) plus the dense head
 * (`hidden * out + out`; a time-distributed head shares one Dense across steps, so it counts the same).
 *
 * Transformer (d = hidden, L = layers, f = ffMultiplier, T = sequenceLength):
 * `I·d + d` (input projection) `+ T·d` (learned positions only; sinusoidal has none)
 * `+ L·((4 + 2f)d² + (9 + f)d)` (blocks) `+ 2d` (final LayerNorm) `+ d·out + out` (head).
 */
export function paramCount(shape: ModelShape): number {
  assertValidShape(shape);
  const { cell, inputSize, hidden, layers } = shape;
  const out = headOutputSize(shape.head);
  const head = hidden * out + out;
  if (cell === 'transformer') {
    const { ffMultiplier, positional } = transformerOptions(shape);
    // assertValidShape has checked that a learned table has a fixed length.
    const positions = positional === 'learned' ? (shape.sequenceLength ?? 0) * hidden : 0;
    const input = inputSize * hidden + hidden;
    return input + positions + layers * transformerBlockParamCount(hidden, ffMultiplier) + 2 * hidden + head;
  }
  const layer = layerCount(cell);
  return layer(inputSize, hidden) + (layers - 1) * layer(hidden, hidden) + head;
}

/** One recurrent layer's count: the built-in closed form, or a loaded plugin's own formula. */
function layerCount(cell: Exclude<CellKind, 'transformer'>): (inputSize: number, hidden: number) => number {
  if (!isPluginCell(cell)) return (inputSize, hidden) => recurrentParamCount(cell, inputSize, hidden);
  const plugin = cellPlugin(cell);
  return (inputSize, hidden) => plugin.layerParamCount(inputSize, hidden);
}
