/**
 * An optimizer's whole state, for checkpoints. tfjs's `getWeights` / `setWeights` carry the iteration count and
 * the per-weight accumulators (Adam's moments, momentum's velocities, RMSProp's mean squares and moments), but not
 * Adam's bias-correction powers: `setWeights` recomputes them as `pow(beta, iterations + 1)`, while training keeps
 * them as a float32 running product (`accBeta ← accBeta · beta`). The two differ in the last float32 bit after a
 * few dozen steps, and that bit changes every later update: a resumed rnn trial once ended at test loss 0.16887
 * against 0.16392 uninterrupted (issue 19). So the powers travel too, and are put back after `setWeights`.
 */
import * as tf from '@tensorflow/tfjs';
import { serializeTensors, toTensors, type SerializedTensor } from './checkpoint.js';

/** tf.AdamOptimizer's bias-correction powers (tfjs-core 4.22), private in its typings. */
interface AdamPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

const ADAM_POWERS = ['accBeta1', 'accBeta2'] as const;

/** By class name, not `instanceof`: tfjs's Optimizer answers `instanceof` for any optimizer-shaped object. */
function isAdam(optimizer: tf.Optimizer): boolean {
  return optimizer.getClassName() === 'Adam';
}

export async function captureOptimizerState(optimizer: tf.Optimizer): Promise<SerializedTensor[]> {
  const weights = await optimizer.getWeights();
  const extra = isAdam(optimizer)
    ? ADAM_POWERS.map((name) => ({ name, tensor: (optimizer as unknown as AdamPowers)[name] as tf.Tensor }))
    : [];
  const state = await serializeTensors([...weights, ...extra]);
  // getWeights() hands back a fresh tensor for the iteration count; the accumulators are the optimizer's own.
  tf.dispose(weights.filter((weight) => weight.name === 'iter').map((weight) => weight.tensor));
  return state;
}

export async function restoreOptimizerState(
  optimizer: tf.Optimizer,
  state: readonly SerializedTensor[],
): Promise<void> {
  const isPower = (name: string): boolean => isAdam(optimizer) && (ADAM_POWERS as readonly string[]).includes(name);
  const weights = toTensors(state.filter(({ name }) => !isPower(name)));
  try {
    await optimizer.setWeights(weights);
  } finally {
    tf.dispose(weights.map(({ tensor }) => tensor));
  }
  for (const { name, values } of state.filter((entry) => isPower(entry.name))) {
    const power = (optimizer as unknown as AdamPowers)[name as (typeof ADAM_POWERS)[number]];
    tf.tidy(() => power.assign(tf.scalar(values[0] as number, 'float32')));
  }
}
