/** Builds the tfjs optimizer a trial asks for, and clips gradients by their global norm. */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '@cellsweep/core';

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
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
