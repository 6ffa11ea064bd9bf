// Shared fixtures for this package's tests (not exported from index.ts).
import type { HeadSpec, ModelShape, RecurrentCellKind, TransformerOptions } from './model-shape.js';

/** The recurrent cells; the transformer has its own test files (transformer.*.test.ts). */
export const CELLS: readonly RecurrentCellKind[] = [
  'rnn',
  'irnn',
  'lstm',
  'lstm-nig',
  'lstm-nfg',
  'lstm-nog',
  'lstm-niaf',
  'lstm-noaf',
  'lstm-cifg',
  'lstm-ph',
  'gru',
  'ugrnn',
];

export const HEADS: readonly HeadSpec[] = [
  { kind: 'regression', outputSize: 2 },
  { kind: 'classification', classes: 10 },
  { kind: 'sequence-classification', classes: 7 },
];

/** A valid shape with Keras-2-style defaults; override what a test is about. */
export function shapeOf(overrides: Partial<ModelShape> = {}): ModelShape {
  return {
    cell: 'lstm',
    inputSize: 8,
    hidden: 16,
    layers: 1,
    head: { kind: 'classification', classes: 10 },
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    ...overrides,
  };
}

/**
 * Independent closed form, written out per cell rather than via the package's gate table: one kernel, recurrent
 * kernel and bias per gate the cell has (an LSTM variant drops the gate it removes; CIFG's forget gate is 1 − i, so
 * it has none of its own), plus the peephole LSTM's three diagonal vectors.
 */
export function expectedRecurrentCount(cell: RecurrentCellKind, inputSize: number, hidden: number): number {
  const kernel = inputSize * hidden;
  const recurrent = hidden * hidden;
  const bias = hidden;
  const gate = kernel + recurrent + bias;
  switch (cell) {
    case 'rnn':
    case 'irnn':
      return gate;
    case 'lstm':
    case 'lstm-niaf':
    case 'lstm-noaf':
      return 4 * gate;
    case 'lstm-nig':
    case 'lstm-nfg':
    case 'lstm-nog':
    case 'lstm-cifg':
    case 'gru':
      return 3 * gate;
    case 'lstm-ph':
      return 4 * gate + 3 * hidden;
    case 'ugrnn':
      return 2 * gate; // update gate and candidate: the GRU less its reset gate
  }
}

export function headOut(head: HeadSpec): number {
  return head.kind === 'regression' ? head.outputSize : head.classes;
}

export function expectedTotalCount(shape: ModelShape): number {
  const cell = shape.cell;
  if (cell === 'transformer') return expectedTransformerCount(shape);
  if (cell.startsWith('plugin:')) throw new Error('expectedTotalCount: plugin cells have their own tests');
  let total = 0;
  for (let layer = 0; layer < shape.layers; layer += 1) {
    total += expectedRecurrentCount(
      cell as RecurrentCellKind,
      layer === 0 ? shape.inputSize : shape.hidden,
      shape.hidden,
    );
  }
  const out = headOut(shape.head);
  return total + shape.hidden * out + out;
}

/** A valid transformer shape (d = 8, 2 heads); override what a test is about. */
export function transformerShapeOf(
  overrides: Partial<ModelShape> = {},
  options: Partial<TransformerOptions> = {},
): ModelShape {
  return shapeOf({
    cell: 'transformer',
    inputSize: 3,
    hidden: 8,
    unitForgetBias: false,
    transformer: { heads: 2, ffMultiplier: 2, positional: 'sinusoidal', ...options },
    ...overrides,
  });
}

/**
 * Independent transformer count, weight by weight as the builder creates them (not via the package's block formula).
 * `sequenceLength` is only read for learned positions.
 */
export function expectedTransformerCount(shape: ModelShape): number {
  const d = shape.hidden;
  const options = shape.transformer ?? { heads: 2, ffMultiplier: 2, positional: 'sinusoidal' };
  const inner = options.ffMultiplier * d;
  const inputProjection = shape.inputSize * d + d;
  const positions = options.positional === 'learned' ? (shape.sequenceLength ?? 0) * d : 0;
  const layerNorm = d + d; // gamma, beta
  const attention = 4 * (d * d + d); // query, key, value, output: kernel + bias each
  const feedForward = d * inner + inner + inner * d + d;
  const block = layerNorm + attention + layerNorm + feedForward;
  const out = headOut(shape.head);
  return inputProjection + positions + shape.layers * block + layerNorm + d * out + out;
}
