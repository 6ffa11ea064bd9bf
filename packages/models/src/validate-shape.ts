import { assertNever } from './assert-never.js';
import { InvalidModelShapeError } from './errors.js';
import type { HeadSpec, ModelShape } from './model-shape.js';

const CELLS: ReadonlySet<string> = new Set(['rnn', 'lstm', 'gru']);
const RECURRENT_ACTIVATIONS: ReadonlySet<string> = new Set(['sigmoid', 'hardSigmoid']);

/** Throws `InvalidModelShapeError` unless `value` is an integer >= 1. */
export function assertPositiveInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidModelShapeError(field, value, 'must be an integer >= 1');
  }
}

/** Output units of the head: regression values or class logits per step. */
export function headOutputSize(head: HeadSpec): number {
  switch (head.kind) {
    case 'regression':
      return head.outputSize;
    case 'classification':
    case 'sequence-classification':
      return head.classes;
    default:
      return assertNever(head);
  }
}

/** Checks every field except `hidden` (the budget solver validates a shape before it has a width). */
export function assertValidShapeWithoutHidden(shape: Omit<ModelShape, 'hidden'>): void {
  if (!CELLS.has(shape.cell)) {
    throw new InvalidModelShapeError('cell', shape.cell, 'must be one of rnn, lstm, gru');
  }
  if (!RECURRENT_ACTIVATIONS.has(shape.recurrentActivation)) {
    const value = shape.recurrentActivation;
    throw new InvalidModelShapeError('recurrentActivation', value, 'must be sigmoid or hardSigmoid');
  }
  assertPositiveInteger('inputSize', shape.inputSize);
  assertPositiveInteger('layers', shape.layers);
  const outputField = shape.head.kind === 'regression' ? 'head.outputSize' : 'head.classes';
  assertPositiveInteger(outputField, headOutputSize(shape.head));
}

/** Throws `InvalidModelShapeError` naming the first bad field. */
export function assertValidShape(shape: ModelShape): void {
  assertValidShapeWithoutHidden(shape);
  assertPositiveInteger('hidden', shape.hidden);
}
