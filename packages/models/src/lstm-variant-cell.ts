/**
 * The layers path of the LSTM variants (Greff et al. 2017): a tfjs RNN cell written with ordinary ops, so tfjs's
 * autodiff gives its gradients. tfjs has no variant LSTM, and this cell is what the fused kernels are checked against
 * (build-model.fused-matches-layers.test.ts). Weights keep the LSTM's names and tfjs column order (i, f, c, o) with the
 * blocks a variant does not have left out; the peephole LSTM adds `peephole` [3H] (i, f, o), initialised to zeros so
 * that it starts as the vanilla LSTM.
 */
import * as tf from '@tensorflow/tfjs';
import { lstmBlocks, type LstmBlock, type LstmVariantFlags } from './recurrent-cells.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface LstmVariantCellArgs {
  units: number;
  flags: LstmVariantFlags;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  unitForgetBias: boolean;
  kernelInitializer: Initializer;
  recurrentInitializer: Initializer;
}

/** Keras/tfjs hard sigmoid: clip(0.5 + 0.2·x, 0, 1). */
function hardSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);
}

/** Zeros, except ones in the forget-gate block when `unitForgetBias` (as tfjs's LSTMCell does). */
function biasInitializer(blocks: readonly LstmBlock[], units: number, unitForgetBias: boolean): Initializer {
  const initializer = {
    apply: (_shape: number[], dtype?: tf.DataType) =>
      tf.tidy(() =>
        tf.concat(
          blocks.map((block) => (block === 'f' && unitForgetBias ? tf.ones([units], dtype) : tf.zeros([units], dtype))),
        ),
      ),
    getConfig: () => ({}),
  };
  return initializer as unknown as Initializer;
}

export class LstmVariantCell extends tf.layers.Layer {
  static readonly className = 'CellsweepLstmVariantCell';
  readonly stateSize: number[];
  private readonly args: LstmVariantCellArgs;
  private readonly blocks: LstmBlock[];
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private peephole: tf.LayerVariable | null = null;

  constructor(args: LstmVariantCellArgs) {
    super({});
    this.args = args;
    this.blocks = lstmBlocks(args.flags);
    this.stateSize = [args.units, args.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputSize = shape[shape.length - 1];
    if (typeof inputSize !== 'number') throw new Error(`${this.name}: the input's feature size must be known`);
    const { units } = this.args;
    const width = this.blocks.length * units;
    this.kernel = this.addWeight('kernel', [inputSize, width], 'float32', this.args.kernelInitializer);
    const { recurrentInitializer } = this.args;
    this.recurrentKernel = this.addWeight('recurrent_kernel', [units, width], 'float32', recurrentInitializer);
    const bias = biasInitializer(this.blocks, units, this.args.unitForgetBias);
    this.bias = this.addWeight('bias', [width], 'float32', bias);
    if (this.args.flags.peepholes) {
      this.peephole = this.addWeight('peephole', [3 * units], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, hPrev, cPrev] = inputs as tf.Tensor[];
      if (!x || !hPrev || !cPrev || !this.kernel || !this.recurrentKernel || !this.bias) {
        throw new Error(`${this.name}: expected [x, h, c] after build`);
      }
      const { flags, units } = this.args;
      const gate = this.args.recurrentActivation === 'hardSigmoid' ? hardSigmoid : tf.sigmoid;
      const recurrent = tf.matMul(hPrev, this.recurrentKernel.read());
      const z = tf.add(tf.add(tf.matMul(x, this.kernel.read()), recurrent), this.bias.read());
      const parts = tf.split(z, this.blocks.length, 1);
      const block = (name: LstmBlock): tf.Tensor | null => parts[this.blocks.indexOf(name)] ?? null;
      const peep = this.peephole ? tf.split(this.peephole.read(), 3) : null;
      const withPeephole = (pre: tf.Tensor, index: number, c: tf.Tensor) => {
        const weights = peep?.[index];
        return weights ? tf.add(pre, tf.mul(weights, c)) : pre;
      };
      const zi = block('i');
      const zf = block('f');
      const zo = block('o');
      const zc = block('c') as tf.Tensor;
      // A removed gate is the constant 1: it multiplies nothing, so it is simply left out.
      const i = zi ? gate(withPeephole(zi, 0, cPrev)) : null;
      const f = flags.coupledInputForget && i ? tf.sub(1, i) : zf ? gate(withPeephole(zf, 1, cPrev)) : null;
      const candidate = flags.noInputActivation ? zc : tf.tanh(zc);
      const kept = f ? tf.mul(f, cPrev) : cPrev;
      const c = tf.add(kept, i ? tf.mul(i, candidate) : candidate);
      const o = zo ? gate(withPeephole(zo, 2, c)) : null;
      const squashed = flags.noOutputActivation ? c : tf.tanh(c);
      const h = o ? tf.mul(o, squashed) : squashed;
      if (h.shape[1] !== units) throw new Error(`${this.name}: state width ${String(h.shape[1])}, expected ${units}`);
      return [h, h, c];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { units, flags, recurrentActivation, unitForgetBias } = this.args;
    return { ...super.getConfig(), units, ...flags, recurrentActivation, unitForgetBias };
  }
}
