/**
 * Builds a model without tfjs's "Orthogonal initializer ... Slowness may result" warning, which it prints for
 * every recurrent kernel above 2,000 elements (an LSTM from H=23): in a sweep it would bury the progress output.
 * The slowness is real only on the cpu backend (a QR decomposition; ~3 s on wasm at H=256).
 */
import { buildModel, type ModelBuildSpec } from '@cellsweep/models';
import type * as tf from '@tensorflow/tfjs';

const ORTHOGONAL_SLOWNESS = /^Orthogonal initializer is being called on a matrix with more than/;

export function buildModelQuietly(spec: ModelBuildSpec): tf.LayersModel {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && ORTHOGONAL_SLOWNESS.test(args[0])) return;
    warn(...args);
  };
  try {
    return buildModel(spec);
  } finally {
    console.warn = warn;
  }
}
