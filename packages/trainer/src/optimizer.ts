/** Builds the tfjs optimizer a trial asks for, clips gradients by their global norm, and applies them. */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '@cellsweep/core';

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return new FusedAdamOptimizer(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return new LeakFreeMomentumOptimizer(learningRate, 0.9);
  }
}

/**
 * tf.train.momentum, minus a leak: tfjs 4.22's MomentumOptimizer.dispose frees its momentum scalar and
 * accumulators but not the learning-rate scalar `c` its SGD base class keeps, so every momentum trial left one
 * tensor behind (the epoch rows' live-tensor count grew by one per trial in a thread, and a resumed trial's rows
 * differed from the uninterrupted ones).
 */
class LeakFreeMomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    (this as unknown as { c: tf.Scalar }).c.dispose();
  }
}

/**
 * Rescales all gradients together so their global L2 norm is at most `clipNorm` (Pascanu et al. 2013): it keeps
 * the direction of an exploding step while bounding its size. Disposes the input gradients.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const clipped = tf.tidy(() => {
    const squares = Object.values(grads).map((grad) => tf.sum(tf.square(grad)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12)));
    return Object.fromEntries(Object.entries(grads).map(([name, grad]) => [name, tf.mul(grad, scale)]));
  });
  tf.dispose(grads);
  return clipped;
}

/**
 * Up to this many parameters, Adam runs as one pass over plain arrays (FusedAdamOptimizer); above, tfjs's own ops,
 * whose vectorised kernels win once the ~80 op launches stop dominating. Measured on the wasm backend (clip + Adam
 * per step, one recurrent layer + dense head): LSTM H=64 (18.8 k parameters) 0.36 ms tfjs, 0.21 ms fused; RNN H=64
 * (4.8 k) 0.33 / 0.08 ms; LSTM H=256 (271 k) 1.7 / 3.9 ms.
 */
export const FUSED_ADAM_MAX_PARAMS = 32_768;

/**
 * Clips (when `clipNorm` is not null) and applies one step's gradients, then disposes them. Adam on small models
 * takes the fused path (FusedAdamOptimizer); larger models and other optimizers the tfjs ops.
 */
export function applyGradients(optimizer: tf.Optimizer, grads: tf.NamedTensorMap, clipNorm: number | null): void {
  const paramCount = Object.values(grads).reduce((sum, grad) => sum + grad.size, 0);
  if (isFusedAdam(optimizer) && paramCount <= FUSED_ADAM_MAX_PARAMS) {
    try {
      optimizer.applyClippedGradients(grads, clipNorm);
    } finally {
      tf.dispose(grads);
    }
    return;
  }
  const applied = clipNorm === null ? grads : clipByGlobalNorm(grads, clipNorm);
  optimizer.applyGradients(applied);
  // applyGradients does not take ownership of the gradients: without this, every step leaks one per weight.
  tf.dispose(applied);
}

/**
 * Whether `optimizer` is a FusedAdamOptimizer. Not `instanceof`: tfjs's Optimizer defines `Symbol.hasInstance` as
 * "has minimize, computeGradients and applyGradients", which FusedAdamOptimizer inherits, so every tfjs optimizer
 * passed `instanceof FusedAdamOptimizer` and sgd, momentum and rmsprop crashed on models up to
 * FUSED_ADAM_MAX_PARAMS parameters (no `applyClippedGradients`).
 */
export function isFusedAdam(optimizer: tf.Optimizer): optimizer is FusedAdamOptimizer {
  return Object.prototype.isPrototypeOf.call(FusedAdamOptimizer.prototype, optimizer);
}

/** tf.AdamOptimizer's state (tfjs-core 4.22), private in its typings; the fused update reads and replaces it. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/**
 * tfjs's Adam, plus a step (`applyClippedGradients`) that does the global-norm clip and the update in one pass per
 * weight over plain arrays instead of ~20 tfjs ops for the clip and ~12 per weight for Adam (~80 kernel launches
 * per step for one recurrent layer and a dense head). Profiled on the wasm backend with the fused recurrent kernels
 * (issue 7): clip + Adam were 18 % of an RNN H=64 T=30 step. Its own `applyGradients` stays tfjs's (see
 * FUSED_ADAM_MAX_PARAMS). Same moments, same names, same getWeights/setWeights (inherited), so checkpoints are
 * interchangeable with tf.train.adam's. The arithmetic is Adam's (Kingma & Ba 2015, tfjs's form: bias corrections
 * from accBeta1/accBeta2, epsilon outside the square root), computed in float64 and stored in float32: after 20
 * clipped steps it agrees with tf.train.adam + clipByGlobalNorm to 5e-7.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null) {
    // tf.train.adam's defaults; a null epsilon becomes the backend's (1e-7 in float32).
    super(learningRate, beta1, beta2, epsilon as number);
  }

  /** One Adam step with the gradients rescaled to a global norm of at most `clipNorm`. Does not dispose `grads`. */
  applyClippedGradients(grads: tf.NamedTensorMap, clipNorm: number | null): void {
    const state = this as unknown as AdamState;
    const names = Object.keys(grads);
    const values = names.map((name) => floats(grads[name] as tf.Tensor));
    let scale = 1;
    if (clipNorm !== null) {
      let squares = 0;
      for (const gradient of values) for (let j = 0; j < gradient.length; j++) squares += (gradient[j] as number) ** 2;
      scale = Math.min(1, clipNorm / Math.max(Math.sqrt(squares), 1e-12));
    }
    const { beta1, beta2, epsilon, learningRate } = state;
    const accBeta1 = state.accBeta1.dataSync()[0] as number;
    const accBeta2 = state.accBeta2.dataSync()[0] as number;
    const correction1 = 1 - accBeta1;
    const correction2 = 1 - accBeta2;
    tf.tidy(() => {
      names.forEach((name, i) => {
        const variable = tf.engine().registeredVariables[name];
        const gradient = values[i];
        if (!variable || !gradient) return;
        const moments = [state.accumulatedFirstMoment, state.accumulatedSecondMoment].map((list, k) => {
          const entry = (list[i] ??= {
            originalName: `${name}/${k === 0 ? 'm' : 'v'}`,
            variable: tf.tidy(() => tf.zerosLike(variable).variable(false)),
          });
          return entry.variable;
        }) as [tf.Variable, tf.Variable];
        const m = floats(moments[0]);
        const v = floats(moments[1]);
        const p = floats(variable);
        const newM = new Float32Array(m.length);
        const newV = new Float32Array(v.length);
        const newP = new Float32Array(p.length);
        for (let j = 0; j < p.length; j++) {
          const g = (gradient[j] as number) * scale;
          const mj = beta1 * (m[j] as number) + (1 - beta1) * g;
          const vj = beta2 * (v[j] as number) + (1 - beta2) * g * g;
          newM[j] = mj;
          newV[j] = vj;
          newP[j] = (p[j] as number) - (learningRate * (mj / correction1)) / (Math.sqrt(vj / correction2) + epsilon);
        }
        moments[0].assign(tf.tensor(newM, moments[0].shape));
        moments[1].assign(tf.tensor(newV, moments[1].shape));
        variable.assign(tf.tensor(newP, variable.shape));
      });
      // Exactly tfjs's float32 products (a float32 × float32 product is exact in float64, then rounded once), so
      // the fused and tfjs paths keep the same powers; checkpoints carry them (optimizer-state.ts).
      state.accBeta1.assign(tf.scalar(Math.fround(accBeta1 * Math.fround(beta1))));
      state.accBeta2.assign(tf.scalar(Math.fround(accBeta2 * Math.fround(beta2))));
    });
    this.incrementIterations();
  }
}

/** A float32 view of a tensor's values (a copy on the wasm backend; the backend's own array on cpu: never write). */
function floats(tensor: tf.Tensor): Float32Array {
  const data = tensor.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}
