/**
 * CELLSWEEP_KERNEL_THREADS: how many threads one trial's native kernel calls may use. `auto` (the default) divides
 * the cores between the trials running in this process, so a lone trial (a fair-mode final run, one big model) uses
 * every core and a sweep with a trial per core adds no threads; a number fixes it per trial. Results are the same
 * bit for bit whatever it is (the kernels split outputs, never sums: packages/kernels-native/src/pool.h).
 */
import { InvalidKernelThreadsError } from './errors.js';

/** 0 = auto, else the thread count; read when the native kernels load. */
export function kernelThreadLimitFromEnv(value = process.env.CELLSWEEP_KERNEL_THREADS): number {
  return parseKernelThreads(value?.trim() || 'auto');
}

export function parseKernelThreads(value: string): number {
  if (value === 'auto') return 0;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new InvalidKernelThreadsError(value);
  }
  return count;
}
