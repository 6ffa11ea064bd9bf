import type { CellKind, ModelShape } from './model-shape.js';
import { assertPositiveInteger, assertValidShape, headOutputSize } from './validate-shape.js';

/** Gate blocks per cell: each block is a kernel [I, H], a recurrent kernel [H, H] and a bias [H]. */
const GATE_BLOCKS: Record<CellKind, number> = { rnn: 1, gru: 3, lstm: 4 };

/**
 * Trainable parameters of one recurrent layer, as tfjs counts them: `g * (H * (I + H) + H)` with g = 1 (SimpleRNN),
 * 3 (GRU) or 4 (LSTM). tfjs's GRU has no `reset_after` variant, so it has one bias per gate, unlike Keras 2's
 * default GRU (which has two, i.e. 3 * H more) and PyTorch's.
 *
 * @param cell - recurrent cell kind
 * @param inputSize - features entering the layer (the previous layer's width for stacked layers)
 * @param hidden - units of the layer
 */
export function recurrentParamCount(cell: CellKind, inputSize: number, hidden: number): number {
  assertPositiveInteger('inputSize', inputSize);
  assertPositiveInteger('hidden', hidden);
  return GATE_BLOCKS[cell] * (hidden * (inputSize + hidden) + hidden);
}

/**
 * Total trainable parameters of the model `buildModel` would build: the recurrent stack (layer 1 sees
 * `inputSize`, later layers see `hidden`) plus the dense head (`hidden * out + out`; a time-distributed head shares
 * one Dense across steps, so it counts the same). Closed form: no tfjs, no tensors.
 */
export function paramCount(shape: ModelShape): number {
  assertValidShape(shape);
  const { cell, inputSize, hidden, layers } = shape;
  const first = recurrentParamCount(cell, inputSize, hidden);
  const stacked = (layers - 1) * recurrentParamCount(cell, hidden, hidden);
  const out = headOutputSize(shape.head);
  return first + stacked + hidden * out + out;
}
