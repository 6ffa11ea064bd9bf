/**
 * Gradient reach: a per-trial diagnostic of vanishing/exploding gradients. On a fixed batch, take the loss at the
 * LAST time step only and measure ‖∂loss/∂x_t‖ for every input step t. A cell whose gradient vanishes has norms
 * that collapse a few steps back from the end; one that carries information far keeps them up. The summary number
 * is how many steps back (counting the last step as 1) the norm stays ≥ `threshold` × its largest value.
 * With zero recurrent weights only the last step has any gradient, so the reach is exactly 1.
 *
 * The reach cannot see exploding gradients (it reads 0 for ×10 growth per step as for no gradient), so every
 * measurement also carries the per-step log-slope of the norms (core's `gradientSlope`): < 0 vanishing, ≈ 0 stable,
 * > 0 exploding.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientSlope } from '@cellsweep/core';
import type { HeadSpec } from '@cellsweep/models';
import { batchLoss, type Batch } from './objective.js';

export const GRADIENT_REACH_THRESHOLD = 1e-3;

export interface GradientReach {
  /** Mean over the batch of the per-sample L2 norm of ∂loss/∂x_t, for t = 0..T-1. */
  norms: number[];
  /** Steps back from the end over which the norm stays ≥ threshold × max (0 when every norm is 0). */
  reach: number;
  /** ln ‖∂loss/∂x_t‖ per step back from the end (least squares; see core's gradientSlope); null: no gradient. */
  slope: number | null;
}

export function measureGradientReach(model: tf.LayersModel, head: HeadSpec, batch: Batch): GradientReach {
  const norms = tf.tidy(() => {
    const lossOfInput = (x: tf.Tensor): tf.Scalar =>
      lastStepLoss(head, model.apply(x, { training: false }) as tf.Tensor, batch);
    const grads = tf.grad(lossOfInput)(batch.x) as tf.Tensor3D; // [batch, time, input]
    return tf.mean(tf.sqrt(tf.sum(tf.square(grads), 2)), 0); // [time]
  });
  const values = Array.from(norms.dataSync());
  norms.dispose();
  return { norms: values, reach: gradientReach(values), slope: gradientSlope(values) };
}

/** Steps back from the last one while the norm stays at or above `threshold` of its maximum. */
export function gradientReach(norms: readonly number[], threshold = GRADIENT_REACH_THRESHOLD): number {
  const largest = Math.max(0, ...norms.filter(Number.isFinite));
  if (largest === 0) return 0;
  let steps = 0;
  for (let t = norms.length - 1; t >= 0 && (norms[t] ?? 0) >= threshold * largest; t--) steps++;
  return steps;
}

function lastStepLoss(head: HeadSpec, output: tf.Tensor, batch: Batch): tf.Scalar {
  // Regression and classification heads read only the last step (each sequence's own, for variable lengths).
  if (head.kind !== 'sequence-classification') return batchLoss(head, output, batch);
  const [samples, steps] = output.shape as [number, number, number];
  if (batch.last) {
    // Right-padded sequences: each one's loss at its own last real step.
    const last = batch.last;
    const logits = tf.sum(tf.mul(output, tf.expandDims(last, 2)), 1);
    const labels = tf.cast(tf.sum(tf.mul(tf.cast(batch.y, 'float32'), last), 1), 'int32') as tf.Tensor1D;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, head.classes), logits) as tf.Scalar;
  }
  const logits = output.slice([0, steps - 1, 0], [samples, 1, head.classes]).reshape([samples, head.classes]);
  const labels = (batch.y as tf.Tensor2D).slice([0, steps - 1], [samples, 1]).reshape([samples]) as tf.Tensor1D;
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, head.classes), logits) as tf.Scalar;
}
