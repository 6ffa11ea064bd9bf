/**
 * Picks the TensorFlow.js backend at run time. Order: tfjs-node (native TensorFlow, an optionalDependency that only
 * installs with internet access) → wasm (SIMD; ~7× the pure-JS cpu backend for LSTM here) → cpu (last resort).
 */
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type Backend, type BackendPreference } from '@cellsweep/core';
import { BackendUnavailableError } from './errors.js';

const loaders: Record<Backend, () => Promise<void>> = {
  tensorflow: async () => {
    // Registers the "tensorflow" backend into the shared tfjs-core; throws when the native binding is missing.
    await import('@tensorflow/tfjs-node' as string);
  },
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
  },
  cpu: async () => {},
};

/**
 * Activates a backend and returns the name of the one that runs. With `auto`, falls through the order above;
 * with an explicit choice, fails loudly rather than silently running something slower.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<string> {
  const candidates: readonly Backend[] = preference === 'auto' ? BACKENDS : [preference];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      await loaders[name]();
      if (!(await tf.setBackend(name))) throw new Error('setBackend returned false');
      await tf.ready();
      return tf.getBackend();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      if (preference !== 'auto') throw new BackendUnavailableError(name, failures.join('; '));
    }
  }
  throw new BackendUnavailableError(preference, failures.join('; '));
}
