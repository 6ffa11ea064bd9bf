/** One optimisation step on one batch: forward, loss, gradients, optional global-norm clip, update. */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '@cellsweep/models';
import { batchLoss, type Batch } from './objective.js';
import { clipByGlobalNorm } from './optimizer.js';

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
    const applied = clipNorm === null ? grads : clipByGlobalNorm(grads, clipNorm);
    optimizer.applyGradients(applied);
    const loss = (await value.data())[0] ?? NaN;
    // applyGradients does not take ownership of the gradients: without this, every step leaks one per weight.
    tf.dispose([value, applied]);
    return loss;
  };
}
