/**
 * The layers path of the UGRNN (update-gate RNN, Collins, Sohl-Dickstein & Sussillo 2017): the GRU without its reset
 * gate, g = gate(z_g), c = tanh(z_c), h = g∘h' + (1 − g)∘c, as a tfjs RNN cell written with ordinary ops (tfjs has
 * none). Weights keep the GRU's names; kernel, recurrent kernel and bias hold two blocks, g then c.
 */
import * as tf from '@tensorflow/tfjs';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface UgrnnCellArgs {
  units: number;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  kernelInitializer: Initializer;
  recurrentInitializer: Initializer;
}

export class UgrnnCell extends tf.layers.Layer {
  static readonly className = 'CellsweepUgrnnCell';
  readonly stateSize: number;
  private readonly args: UgrnnCellArgs;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: UgrnnCellArgs) {
    super({});
    this.args = args;
    this.stateSize = args.units;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputSize = shape[shape.length - 1];
    if (typeof inputSize !== 'number') throw new Error(`${this.name}: the input's feature size must be known`);
    const width = 2 * this.args.units;
    this.kernel = this.addWeight('kernel', [inputSize, width], 'float32', this.args.kernelInitializer);
    const { units, recurrentInitializer } = this.args;
    this.recurrentKernel = this.addWeight('recurrent_kernel', [units, width], 'float32', recurrentInitializer);
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, hPrev] = inputs as tf.Tensor[];
      if (!x || !hPrev || !this.kernel || !this.recurrentKernel || !this.bias) {
        throw new Error(`${this.name}: expected [x, h] after build`);
      }
      const recurrent = tf.matMul(hPrev, this.recurrentKernel.read());
      const z = tf.add(tf.add(tf.matMul(x, this.kernel.read()), recurrent), this.bias.read());
      const [zg, zc] = tf.split(z, 2, 1) as [tf.Tensor, tf.Tensor];
      // Keras/tfjs hard sigmoid: clip(0.5 + 0.2·x, 0, 1).
      const hard = this.args.recurrentActivation === 'hardSigmoid';
      const g = hard ? tf.clipByValue(tf.add(tf.mul(zg, 0.2), 0.5), 0, 1) : tf.sigmoid(zg);
      const h = tf.add(tf.mul(g, hPrev), tf.mul(tf.sub(1, g), tf.tanh(zc)));
      return [h, h];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.args.units, recurrentActivation: this.args.recurrentActivation };
  }
}
