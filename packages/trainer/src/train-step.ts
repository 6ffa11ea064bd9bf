/** One optimisation step on one batch: forward, loss, gradients, optional global-norm clip, update. */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '@cellsweep/models';
import { batchLoss, type Batch } from './objective.js';
import { applyGradients } from './optimizer.js';

export type TrainStep = (batch: Batch) => Promise<number>;

export function createTrainStep(
  model: tf.LayersModel,
  head: HeadSpec,
  optimizer: tf.Optimizer,
  clipNorm: number | null,
): TrainStep {
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return async (batch) => {
    const { value, grads } = tf.variableGrads(
      () => batchLoss(head, model.apply(batch.x, { training: true }) as tf.Tensor, batch),
      variables,
    );
    // Clips, applies and disposes the gradients (one fused pass for Adam: see FusedAdamOptimizer).
    applyGradients(optimizer, grads, clipNorm);
    const loss = (await value.data())[0] ?? NaN;
    tf.dispose(value);
    return loss;
  };
}
