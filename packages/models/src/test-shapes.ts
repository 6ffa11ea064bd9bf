// Shared fixtures for this package's tests (not exported from index.ts).
import type { CellKind, HeadSpec, ModelShape } from './model-shape.js';

export const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];

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

/** Independent closed form, written out per cell rather than via the package's gate table. */
export function expectedRecurrentCount(cell: CellKind, inputSize: number, hidden: number): number {
  const kernel = inputSize * hidden;
  const recurrent = hidden * hidden;
  const bias = hidden;
  if (cell === 'lstm') return 4 * kernel + 4 * recurrent + 4 * bias;
  if (cell === 'gru') return 3 * kernel + 3 * recurrent + 3 * bias;
  return kernel + recurrent + bias;
}

export function headOut(head: HeadSpec): number {
  return head.kind === 'regression' ? head.outputSize : head.classes;
}

export function expectedTotalCount(shape: ModelShape): number {
  let total = 0;
  for (let layer = 0; layer < shape.layers; layer += 1) {
    total += expectedRecurrentCount(shape.cell, layer === 0 ? shape.inputSize : shape.hidden, shape.hidden);
  }
  const out = headOut(shape.head);
  return total + shape.hidden * out + out;
}
