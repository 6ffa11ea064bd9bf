import * as tf from '@tensorflow/tfjs';
import { fusedRecurrent } from '@cellsweep/kernels';
import { isPluginCell } from './cell-plugin.js';
import { InvalidModelShapeError } from './errors.js';
import { weightSeed } from './weight-seed.js';
import { fusedCellArgs } from './fused-support.js';
import { LstmVariantCell } from './lstm-variant-cell.js';
import { UgrnnCell } from './ugrnn-cell.js';
import type { ModelBuildSpec, RecurrentCellKind } from './model-shape.js';
import { hasForgetGate, lstmVariantFlags } from './recurrent-cells.js';
import { cellPlugin } from './plugin-registry.js';
import { transformerBody } from './build-transformer.js';
import { assertValidShape, headOutputSize } from './validate-shape.js';

/** Layer names are part of the checkpoint format (weights are saved by layer name): do not rename casually. */
export const INPUT_LAYER_NAME = 'input';
export const HEAD_LAYER_NAME = 'head';
/** Name of the recurrent layer at `index` (0 = closest to the input). */
export function recurrentLayerName(index: number): string {
  return `rnn_${index}`;
}

/**
 * Builds an uncompiled tfjs model for `spec`: `layers` stacked recurrent layers of width `hidden` (or, for
 * `cell: 'transformer'`, `layers` causal transformer blocks of width d_model = `hidden`: build-transformer.ts) and
 * a dense head emitting logits (classification) or raw values (regression), never probabilities.
 *
 * Initialisation (Keras 2 conventions): kernels glorotUniform, recurrent kernels orthogonal, biases zeros, each
 * weight with its own seed derived from `spec.seed`, so one seed gives bit-identical initial weights.
 * `recurrentActivation` and `unitForgetBias` are passed through as given: tfjs's own defaults (hardSigmoid, no
 * forget bias) differ from Keras 2 / PyTorch, so they are never left to the library.
 *
 * Layers are named `input`, `rnn_0` .. `rnn_{L-1}`, `head`; weights are `<layer>/kernel`, `<layer>/recurrent_kernel`,
 * `<layer>/bias` (read `LayerVariable.originalName`: tfjs suffixes `.name` with `_1`, `_2`, ... when the same name
 * is built twice in a process). The transformer's layers are named in build-transformer.ts
 * (`input_projection`, `position`, `block_<i>_*`, `final_norm`, `last_step`), with the same `head`.
 * `implementation` applies to the built-in recurrent layers only; the transformer and plugin cells ignore it. A
 * plugin cell's layers come from its `createLayer` (cell-plugin.ts), named and seeded like the built-in ones.
 *
 * Slow on the pure-JS cpu backend for wide lstm/gru layers (the orthogonal initializer's QR: ~1 s at H = 48,
 * minutes at H = 256); pick the wasm backend before building big models.
 */
export function buildModel(spec: ModelBuildSpec): tf.LayersModel {
  assertValidShape(spec);
  assertValidBuildFields(spec);
  // tfjs 4.22's LSTM `unitForgetBias` initializer builds its bias from 4 temporary tensors it never disposes
  // (measured: 4 leaked tensors per LSTM layer). A tidy scope frees them; weights are variables, which tidy keeps.
  let model: tf.LayersModel | undefined;
  withoutOrthogonalWarning(() =>
    tf.tidy(() => {
      model = buildGraph(spec);
    }),
  );
  if (model === undefined) throw new Error('buildModel: tf.tidy did not run its callback');
  return model;
}

/** tfjs-layers does not export its RNNCell class; a Layer with `stateSize` is what tf.layers.rnn reads. */
type RnnCellArg = Parameters<typeof tf.layers.rnn>[0]['cell'];

const ORTHOGONAL_SLOWNESS = /^Orthogonal initializer is being called on a matrix with more than/;

/**
 * tfjs prints "Orthogonal initializer ... Slowness may result" for every recurrent kernel above 2,000 elements (an
 * LSTM from H=23): in a sweep it would bury the progress output. The slowness is real only on the cpu backend (a QR
 * decomposition; ~3 s on wasm at H=256), and cellsweep picks wasm or tfjs-node whenever they load.
 */
function withoutOrthogonalWarning(build: () => void): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && ORTHOGONAL_SLOWNESS.test(args[0])) return;
    warn(...args);
  };
  try {
    build();
  } finally {
    console.warn = warn;
  }
}

function buildGraph(spec: ModelBuildSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.sequenceLength, spec.inputSize], name: INPUT_LAYER_NAME });
  const perStep = spec.head.kind === 'sequence-classification';
  // A per-sequence head read out at every step (ragged data) takes the whole sequence's features, not the last's.
  const everyStep = perStep || spec.readOut === 'every-step';
  const x =
    spec.cell === 'transformer' ? transformerBody(spec, input, everyStep) : recurrentStack(spec, input, everyStep);
  return tf.model({ inputs: input, outputs: applyHead(spec, x, perStep) });
}

function recurrentStack(spec: ModelBuildSpec, input: tf.SymbolicTensor, perStep: boolean): tf.SymbolicTensor {
  let x = input;
  for (let index = 0; index < spec.layers; index += 1) {
    const isLast = index === spec.layers - 1;
    const layer = recurrentLayer(spec, index, !isLast || perStep);
    x = layer.apply(x) as tf.SymbolicTensor;
  }
  return x;
}

/**
 * The head on the last step's features `[batch, width]`, or on every step's `[batch, time, width]`: inside
 * timeDistributed for a per-step head, or (readOut 'every-step') as a plain dense layer, which tfjs applies to the
 * last axis in one matrix product rather than timeDistributed's step-by-step loop.
 */
function applyHead(spec: ModelBuildSpec, x: tf.SymbolicTensor, perStep: boolean): tf.SymbolicTensor {
  const dense = tf.layers.dense({
    units: headOutputSize(spec.head),
    activation: 'linear',
    kernelInitializer: tf.initializers.glorotUniform({ seed: weightSeed(spec.seed, `${HEAD_LAYER_NAME}/kernel`) }),
    biasInitializer: 'zeros',
    // Inside timeDistributed the wrapper's name scopes the weights (`head/kernel`), so both head kinds save alike.
    name: perStep ? `${HEAD_LAYER_NAME}_dense` : HEAD_LAYER_NAME,
  });
  const head = perStep ? tf.layers.timeDistributed({ layer: dense, name: HEAD_LAYER_NAME }) : dense;
  return head.apply(x) as tf.SymbolicTensor;
}

function recurrentLayer(spec: ModelBuildSpec, index: number, returnSequences: boolean): tf.layers.Layer {
  if (spec.cell === 'transformer') throw new Error('recurrentLayer: the transformer has no recurrent layers');
  const name = recurrentLayerName(index);
  const common = {
    units: spec.hidden,
    returnSequences,
    name,
    kernelInitializer: tf.initializers.glorotUniform({ seed: weightSeed(spec.seed, `${name}/kernel`) }),
    recurrentInitializer: recurrentInitializer(spec, name),
    biasInitializer: 'zeros' as const,
  };
  if (isPluginCell(spec.cell)) {
    // A plugin layer runs as tfjs ops whatever `implementation` says: the fused kernels know only rnn/lstm/gru.
    const { recurrentActivation, unitForgetBias } = spec;
    const options = { ...common, biasInitializer: tf.initializers.zeros(), recurrentActivation, unitForgetBias };
    return cellPlugin(spec.cell).createLayer(tf, options);
  }
  const cell: RecurrentCellKind = spec.cell;
  if (spec.implementation === 'fused') {
    // Same weight names, shapes, initializers and activations as below, computed by whole-sequence wasm kernels.
    return fusedRecurrent({
      ...common,
      ...fusedCellArgs(cell),
      recurrentActivation: spec.recurrentActivation,
      unitForgetBias: hasForgetGate(cell) && spec.unitForgetBias,
      ...(spec.kernels ? { variant: spec.kernels } : {}),
    });
  }
  switch (cell) {
    case 'rnn':
      return tf.layers.simpleRNN({ ...common, activation: 'tanh' });
    case 'irnn':
      return tf.layers.simpleRNN({ ...common, activation: 'relu' });
    case 'gru':
      return tf.layers.gru({ ...common, activation: 'tanh', recurrentActivation: spec.recurrentActivation });
    case 'ugrnn': {
      const ugrnn = new UgrnnCell({ ...common, recurrentActivation: spec.recurrentActivation });
      return tf.layers.rnn({ cell: ugrnn as unknown as RnnCellArg, returnSequences, name });
    }
    case 'lstm':
      return tf.layers.lstm({
        ...common,
        activation: 'tanh',
        recurrentActivation: spec.recurrentActivation,
        unitForgetBias: spec.unitForgetBias,
      });
    default: {
      const variant = new LstmVariantCell({
        ...common,
        flags: lstmVariantFlags(cell),
        recurrentActivation: spec.recurrentActivation,
        unitForgetBias: hasForgetGate(cell) && spec.unitForgetBias,
      });
      return tf.layers.rnn({ cell: variant as unknown as RnnCellArg, returnSequences, name });
    }
  }
}

/**
 * Orthogonal (Keras 2), except irnn's: the identity times `identityScale` (Le, Jaitly & Hinton 2015), which is the
 * point of that cell: with relu, an identity recurrence copies the state forward until the inputs say otherwise.
 */
function recurrentInitializer(spec: ModelBuildSpec, name: string) {
  if (spec.cell === 'irnn') return tf.initializers.identity({ gain: spec.identityScale ?? 1 });
  return tf.initializers.orthogonal({ seed: weightSeed(spec.seed, `${name}/recurrent_kernel`) });
}

function assertValidBuildFields(spec: ModelBuildSpec): void {
  if (spec.sequenceLength !== null && (!Number.isSafeInteger(spec.sequenceLength) || spec.sequenceLength < 1)) {
    throw new InvalidModelShapeError('sequenceLength', spec.sequenceLength, 'must be null or an integer >= 1');
  }
  if (spec.implementation !== undefined && spec.implementation !== 'fused' && spec.implementation !== 'layers') {
    throw new InvalidModelShapeError('implementation', spec.implementation, "must be 'fused' or 'layers'");
  }
  if (spec.readOut !== undefined && spec.readOut !== 'last-step' && spec.readOut !== 'every-step') {
    throw new InvalidModelShapeError('readOut', spec.readOut, "must be 'last-step' or 'every-step'");
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new InvalidModelShapeError('seed', spec.seed, 'must be a safe integer');
  }
}
