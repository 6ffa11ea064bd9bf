import { assertNever } from './assert-never.js';
import { isPluginCell } from './cell-plugin.js';
import { InvalidModelShapeError } from './errors.js';
import { DEFAULT_TRANSFORMER_OPTIONS } from '@cellsweep/core';
import type { HeadSpec, ModelShape, TransformerOptions } from './model-shape.js';
import { cellPlugin } from './plugin-registry.js';
import { RECURRENT_CELLS } from './recurrent-cells.js';

const CELLS: ReadonlySet<string> = new Set([...RECURRENT_CELLS, 'transformer']);
const POSITIONAL_ENCODINGS: ReadonlySet<string> = new Set(['sinusoidal', 'learned']);
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
  // A plugin cell must be loaded (UnknownCellPluginError names the allow-list otherwise).
  if (isPluginCell(shape.cell)) cellPlugin(shape.cell);
  else if (!CELLS.has(shape.cell)) {
    throw new InvalidModelShapeError('cell', shape.cell, `must be one of ${[...CELLS].join(', ')} or plugin:<name>`);
  }
  if (shape.identityScale !== undefined && !(Number.isFinite(shape.identityScale) && shape.identityScale > 0)) {
    throw new InvalidModelShapeError('identityScale', shape.identityScale, 'must be a finite number > 0');
  }
  if (!RECURRENT_ACTIVATIONS.has(shape.recurrentActivation)) {
    const value = shape.recurrentActivation;
    throw new InvalidModelShapeError('recurrentActivation', value, 'must be sigmoid or hardSigmoid');
  }
  assertPositiveInteger('inputSize', shape.inputSize);
  assertPositiveInteger('layers', shape.layers);
  const outputField = shape.head.kind === 'regression' ? 'head.outputSize' : 'head.classes';
  assertPositiveInteger(outputField, headOutputSize(shape.head));
  if (shape.cell === 'transformer') assertValidTransformerOptions(transformerOptions(shape), shape.sequenceLength);
}

/** Throws `InvalidModelShapeError` naming the first bad field. */
export function assertValidShape(shape: ModelShape): void {
  assertValidShapeWithoutHidden(shape);
  assertPositiveInteger('hidden', shape.hidden);
  if (shape.cell === 'transformer') {
    const { heads } = transformerOptions(shape);
    if (shape.hidden % heads !== 0) {
      const reason = `hidden ${shape.hidden} is not a multiple of transformer.heads ${heads}; use a multiple of ${heads}`;
      throw new InvalidModelShapeError('hidden', shape.hidden, reason);
    }
  }
}

/** The shape's transformer options, defaults filled in. */
export function transformerOptions(shape: Pick<ModelShape, 'transformer'>): TransformerOptions {
  return shape.transformer ?? DEFAULT_TRANSFORMER_OPTIONS;
}

function assertValidTransformerOptions(options: TransformerOptions, sequenceLength: number | null | undefined): void {
  assertPositiveInteger('transformer.heads', options.heads);
  assertPositiveInteger('transformer.ffMultiplier', options.ffMultiplier);
  if (!POSITIONAL_ENCODINGS.has(options.positional)) {
    throw new InvalidModelShapeError('transformer.positional', options.positional, 'must be sinusoidal or learned');
  }
  // `undefined` is "not said" (a width-only question such as a budget solve must say it for `learned`); `null` is a
  // variable length, which a learned table (one row per step) cannot serve.
  if (options.positional === 'learned' && (sequenceLength === null || sequenceLength === undefined)) {
    throw new InvalidModelShapeError(
      'transformer.positional',
      'learned',
      'a learned position table has one row per step and needs a fixed sequence length, but the sequence length ' +
        `is ${sequenceLength === null ? 'variable (null)' : 'not given'}; use transformer.positional: sinusoidal ` +
        '(works at any length), or train and evaluate at one fixed length',
    );
  }
  if (options.positional === 'learned') assertPositiveInteger('sequenceLength', sequenceLength ?? 0);
}
