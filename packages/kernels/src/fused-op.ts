/**
 * The fused recurrent layer as one TensorFlow.js op with a custom gradient: forward and BPTT each run as a single
 * wasm call (fused-recurrent.ts), so heads, losses, optimizers and the rest of the trainer stay ordinary tfjs.
 * Works on every backend that can read tensors synchronously (wasm, cpu, tensorflow): inputs are read with
 * dataSync, results enter tfjs as new tensors. Those copies are O(B·T·(I + H)) floats, small next to the O(B·T·H²)
 * arithmetic (measured: < 5 % of a step at H = 64).
 */
import * as tf from '@tensorflow/tfjs';
import type { FusedCellConfig } from './cell-config.js';
import { KernelShapeError, KernelTapeError } from './errors.js';
import { recurrentBackward, recurrentForward } from './fused-recurrent.js';
import type { KernelVariantPreference } from './kernel-selection.js';

export interface FusedOpOptions {
  config: FusedCellConfig;
  /** Output every step ([B, T, H]) or only the last ([B, H]). */
  returnSequences: boolean;
  variant?: KernelVariantPreference;
}

/** The peephole LSTM passes its peephole weights [3H] as a fifth tensor; every other cell passes four. */
export type FusedRecurrentOp = (
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  peephole?: tf.Tensor,
) => tf.Tensor;

function floats(tensor: tf.Tensor): Float32Array {
  const data = tensor.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}

/** Builds the op for one layer configuration: `(x [B,T,I], kernel, recurrentKernel, bias) -> h`. */
export function fusedRecurrentOp(options: FusedOpOptions): FusedRecurrentOp {
  const { config, returnSequences, variant = 'auto' } = options;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const tensors = args.filter((arg): arg is tf.Tensor => arg instanceof tf.Tensor);
    const [x, kernel, recurrentKernel, bias, peephole] = tensors;
    if (!x || !kernel || !recurrentKernel || !bias) throw new Error('fused recurrent op: expected 4 or 5 tensors');
    if (x.rank !== 3 || x.shape[2] !== config.inputSize) {
      throw new KernelShapeError('input', [NaN, NaN, config.inputSize], x.shape);
    }
    const [batch = 0, steps = 0] = x.shape;
    const shape = { batch, steps };
    const input = floats(x);
    const weights = {
      kernel: floats(kernel),
      recurrentKernel: floats(recurrentKernel),
      bias: floats(bias),
      ...(peephole ? { peephole: floats(peephole) } : {}),
    };
    // Outside a gradient computation (evaluation, inference) nobody will ask for the backward pass: keep no tape.
    const keepTape = tf.engine().state.gradientDepth > 0;
    const { output, tape } = recurrentForward(config, input, shape, weights, returnSequences, { variant, keepTape });
    const value = returnSequences
      ? tf.tensor3d(output, [batch, steps, config.hidden])
      : tf.tensor2d(output, [batch, config.hidden]);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[]) => {
      if (!tape) throw new KernelTapeError('no tape: the forward pass ran outside a gradient computation');
      const outputGradient = floats(Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy);
      const grads = recurrentBackward(tape, outputGradient, returnSequences);
      return [
        tf.tensor(grads.input, x.shape),
        tf.tensor(grads.kernel, kernel.shape),
        tf.tensor(grads.recurrentKernel, recurrentKernel.shape),
        tf.tensor(grads.bias, bias.shape),
        ...(peephole ? [tf.tensor(grads.peephole ?? new Float32Array(peephole.size), peephole.shape)] : []),
      ];
    };
    return { value, gradFunc };
  });
  return (x, kernel, recurrentKernel, bias, peephole) =>
    peephole ? op(x, kernel, recurrentKernel, bias, peephole) : op(x, kernel, recurrentKernel, bias);
}
