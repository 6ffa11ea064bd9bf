/**
 * A tfjs Layer running a whole recurrent layer through the fused op: a drop-in for tf.layers.simpleRNN / lstm / gru
 * as @cellsweep/models builds them (tanh activation, no dropout, zero initial state, no masking). Its weights have
 * the same names (`<layer>/kernel`, `<layer>/recurrent_kernel`, `<layer>/bias`), shapes, column order and
 * initialisation as tfjs-layers' cells, so checkpoints and parameter counts do not depend on the implementation.
 */
import * as tf from '@tensorflow/tfjs';
import { GATE_COUNT, type FusedCellKind, type LstmVariant } from './cell-config.js';
import { fusedRecurrentOp, type FusedRecurrentOp } from './fused-op.js';
import { hasPeepholes, weightBlocks } from './lstm-variant.js';
import type { KernelVariantPreference } from './kernel-selection.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface FusedRecurrentArgs {
  cell: FusedCellKind;
  units: number;
  returnSequences: boolean;
  name: string;
  kernelInitializer: Initializer;
  recurrentInitializer: Initializer;
  /** Zeros when absent; `'zeros'` is accepted as tfjs-layers accepts it. */
  biasInitializer?: Initializer | 'zeros';
  /** rnn only: tanh (absent) or relu (irnn). */
  activation?: 'tanh' | 'relu';
  /** lstm/gru gate activation (ignored for rnn). */
  recurrentActivation?: 'sigmoid' | 'hardSigmoid';
  /** lstm only: forget-gate bias initialised to 1, as tfjs's `unitForgetBias`. */
  unitForgetBias?: boolean;
  /**
   * lstm only: a Greff et al. 2017 variant. Its weights hold only the blocks it has (i, f, c, o order); the peephole
   * variant adds `peephole` [3H], initialised to zeros (it starts as the vanilla LSTM).
   */
  lstmVariant?: LstmVariant;
  /** gru only: no reset gate, the UGRNN (two weight blocks: update gate, candidate). */
  noResetGate?: boolean;
  variant?: KernelVariantPreference;
}

/**
 * tfjs's LSTMCell builds this bias as concat(init([H]), ones([H]), init([2H])); the same here, so both
 * implementations start from identical weights. A variant's blocks (`forgetBlock`: where f sits among them) the same
 * way: ones at f, the base initializer before and after it.
 */
function unitForgetBiasInitializer(base: Initializer, units: number, blocks = 4, forgetBlock = 1): Initializer {
  const after = blocks - forgetBlock - 1;
  const initializer = {
    apply: (_shape: number[], dtype?: tf.DataType) =>
      tf.tidy(() =>
        tf.concat([
          ...(forgetBlock > 0 ? [base.apply([forgetBlock * units], dtype)] : []),
          tf.ones([units], dtype),
          ...(after > 0 ? [base.apply([after * units], dtype)] : []),
        ]),
      ),
    getConfig: () => ({}),
  };
  return initializer as unknown as Initializer;
}

export class FusedRecurrent extends tf.layers.Layer {
  static readonly className = 'CellsweepFusedRecurrent';
  private readonly args: FusedRecurrentArgs;
  private op: FusedRecurrentOp | null = null;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private peephole: tf.LayerVariable | null = null;

  constructor(args: FusedRecurrentArgs) {
    super({ name: args.name });
    this.args = args;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputSize = shape[shape.length - 1];
    if (typeof inputSize !== 'number') throw new Error(`${this.name}: the input's feature size must be known`);
    const { cell, units, lstmVariant } = this.args;
    const config = {
      cell,
      inputSize,
      hidden: units,
      hardSigmoid: this.args.recurrentActivation === 'hardSigmoid',
      ...(this.args.activation === 'relu' ? { activation: 'relu' as const } : {}),
      ...(cell === 'lstm' && lstmVariant ? { lstmVariant } : {}),
      ...(cell === 'gru' && this.args.noResetGate ? { noResetGate: true } : {}),
    };
    const blocks = weightBlocks(config, GATE_COUNT[cell]);
    const width = blocks.length * units;
    const given = this.args.biasInitializer;
    const zeros = given === undefined || given === 'zeros' ? tf.initializers.zeros() : given;
    const forgetBlock = cell === 'lstm' ? blocks.indexOf(1) : -1;
    const withForgetBias = forgetBlock >= 0 && this.args.unitForgetBias;
    const biasInitializer = withForgetBias
      ? unitForgetBiasInitializer(zeros, units, blocks.length, forgetBlock)
      : zeros;
    this.kernel = this.addWeight('kernel', [inputSize, width], 'float32', this.args.kernelInitializer);
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [units, width],
      'float32',
      this.args.recurrentInitializer,
    );
    this.bias = this.addWeight('bias', [width], 'float32', biasInitializer);
    if (hasPeepholes(config)) {
      this.peephole = this.addWeight('peephole', [3 * units], 'float32', tf.initializers.zeros());
    }
    this.op = fusedRecurrentOp({
      config,
      returnSequences: this.args.returnSequences,
      ...(this.args.variant ? { variant: this.args.variant } : {}),
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.args.returnSequences
      ? [shape[0] ?? null, shape[1] ?? null, this.args.units]
      : [shape[0] ?? null, this.args.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || !this.op || !this.kernel || !this.recurrentKernel || !this.bias) {
      throw new Error(`${this.name}: called before build`);
    }
    return this.op(x, this.kernel.read(), this.recurrentKernel.read(), this.bias.read(), this.peephole?.read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { cell, units, returnSequences, activation, recurrentActivation, unitForgetBias, lstmVariant } = this.args;
    return {
      ...super.getConfig(),
      cell,
      units,
      returnSequences,
      activation: activation ?? null,
      recurrentActivation: recurrentActivation ?? null,
      unitForgetBias: unitForgetBias ?? null,
      ...(lstmVariant ? { lstmVariant: { ...lstmVariant } } : {}),
      ...(this.args.noResetGate ? { noResetGate: true } : {}),
    };
  }
}

/** Creates a fused recurrent layer (see FusedRecurrent). */
export function fusedRecurrent(args: FusedRecurrentArgs): FusedRecurrent {
  return new FusedRecurrent(args);
}
