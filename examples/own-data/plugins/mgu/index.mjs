// @ts-check
/**
 * A cellsweep plugin cell: the minimal gated unit (MGU; Zhou, Wu, Zhang and Zhou, "Minimal Gated Unit for Recurrent
 * Neural Networks", 2016, arXiv:1603.09420). One forget gate does the work of GRU's update and reset gates:
 *
 *   f_t = σ(W_f x_t + U_f h_{t-1} + b_f)
 *   h̃_t = tanh(W_h x_t + U_h (f_t ⊙ h_{t-1}) + b_h)
 *   h_t = (1 − f_t) ⊙ h_{t-1} + f_t ⊙ h̃_t
 *
 * Weights, laid out like tfjs's GRU (gate blocks side by side, forget first): kernel [I, 2H], recurrent_kernel
 * [H, 2H], bias [2H]. So one layer has 2·(H·(I + H) + H) parameters: two thirds of a GRU's at the same width.
 *
 * The module takes tfjs from cellsweep (`createLayer(tf, …)`) instead of importing its own, so it has no
 * dependencies: two copies of tfjs in one process cannot share tensors.
 */

/** @typedef {import('@cellsweep/models').CellPlugin} CellPlugin */
/** @typedef {import('@cellsweep/models').PluginLayerOptions} PluginLayerOptions */

/** One layer's trainable parameters with `inputSize` features in and `hidden` units: 2·(H·(I + H) + H). */
export function mguLayerParamCount(inputSize, hidden) {
  return 2 * (hidden * (inputSize + hidden) + hidden);
}

/**
 * The width whose whole model (MGU stack + dense head of `outputs`) is closest to `paramBudget`, ties to the
 * narrower. The total is quadratic in H: a·H² + b·H + c with a = 2 + 4(L − 1), b = 2I + 2 + 2(L − 1) + O and
 * c = O; the positive root, then its two integer neighbours are compared exactly.
 * @param {{ inputSize: number, layers: number, outputs: number }} shape
 * @param {number} paramBudget
 */
export function mguSolveHidden({ inputSize, layers, outputs }, paramBudget) {
  const stack = (hidden) => mguLayerParamCount(inputSize, hidden) + (layers - 1) * mguLayerParamCount(hidden, hidden);
  const total = (hidden) => stack(hidden) + hidden * outputs + outputs;
  const a = 2 + 4 * (layers - 1);
  const b = 2 * inputSize + 2 + 2 * (layers - 1) + outputs;
  const c = outputs - paramBudget;
  const root = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  const low = Math.max(1, Math.floor(root));
  const high = low + 1;
  return paramBudget - total(low) <= total(high) - paramBudget ? low : high;
}

/** One MGU cell class per tfjs instance (the class must extend that instance's Layer). */
const cellClasses = new WeakMap();

/** @param {typeof import('@tensorflow/tfjs')} tf */
function mguCellClass(tf) {
  const known = cellClasses.get(tf);
  if (known) return known;
  const hardSigmoid = (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);

  class MguCell extends tf.layers.Layer {
    static className = 'CellsweepPluginMguCell';

    /** @param {PluginLayerOptions} options */
    constructor(options) {
      super({ name: `${options.name}_cell` });
      this.units = options.units;
      /** tfjs's RNN layer reads the state width from here. */
      this.stateSize = options.units;
      this.options = options;
      this.gate = options.recurrentActivation === 'hardSigmoid' ? hardSigmoid : (x) => tf.sigmoid(x);
    }

    build(inputShape) {
      const shape = Array.isArray(inputShape[0]) ? inputShape[0] : inputShape;
      const inputSize = shape[shape.length - 1];
      const { units, kernelInitializer, recurrentInitializer, biasInitializer } = this.options;
      this.kernel = this.addWeight('kernel', [inputSize, 2 * units], 'float32', kernelInitializer);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [units, 2 * units], 'float32', recurrentInitializer);
      this.bias = this.addWeight('bias', [2 * units], 'float32', biasInitializer);
      if (this.options.unitForgetBias) {
        // Forget-gate bias 1 (Jozefowicz et al. 2015): the gate starts half open, as cellsweep's LSTM does.
        this.bias.write(tf.concat([tf.ones([units]), tf.zeros([units])]));
      }
      this.built = true;
    }

    call(inputs) {
      return tf.tidy(() => {
        const [x, previous] = /** @type {import('@tensorflow/tfjs').Tensor2D[]} */ (inputs);
        const fromInput = tf.add(tf.matMul(x, this.kernel.read()), this.bias.read());
        const [forgetIn, candidateIn] = tf.split(fromInput, 2, 1);
        const [forgetRecurrent, candidateRecurrent] = tf.split(this.recurrentKernel.read(), 2, 1);
        const forget = this.gate(tf.add(forgetIn, tf.matMul(previous, forgetRecurrent)));
        const candidate = tf.tanh(tf.add(candidateIn, tf.matMul(tf.mul(forget, previous), candidateRecurrent)));
        // (1 − f) ⊙ h + f ⊙ h̃, written as h + f ⊙ (h̃ − h): one multiply fewer.
        const next = tf.add(previous, tf.mul(forget, tf.sub(candidate, previous)));
        return [next, next];
      });
    }

    getConfig() {
      return { ...super.getConfig(), units: this.units };
    }
  }
  cellClasses.set(tf, MguCell);
  return MguCell;
}

/** @type {CellPlugin} */
const mgu = {
  name: 'mgu',
  description: 'minimal gated unit (Zhou et al. 2016): one forget gate, 2·(H·(I+H)+H) parameters per layer',
  layerParamCount: mguLayerParamCount,
  solveHidden: mguSolveHidden,
  createLayer(tf, options) {
    const Cell = mguCellClass(tf);
    return tf.layers.rnn({ cell: new Cell(options), returnSequences: options.returnSequences, name: options.name });
  },
};

export default mgu;
