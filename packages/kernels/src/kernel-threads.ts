/**
 * Intra-trial threads of the native kernels (pool.h in @cellsweep/kernels-native). A trial marks itself running
 * while it trains, so `auto` (CELLSWEEP_KERNEL_THREADS) can divide the cores between the trials of this process:
 * one trial on a 2-core machine gets 2 threads, two get 1 each (no oversubscription). The count may change during
 * a trial as others start and end; results do not depend on it. The wasm kernels always run on one thread.
 */
import { nativeKernels } from './native-module.js';
import { parseKernelThreads } from './kernel-thread-limit.js';

/** Marks the calling thread's trial as running until the returned function is called. */
export function kernelTrialStarted(): () => void {
  const addon = nativeKernels().addon;
  if (!addon || typeof addon.setTrialRunning !== 'function') return () => {};
  addon.setTrialRunning(true);
  return () => addon.setTrialRunning(false);
}

/** Overrides CELLSWEEP_KERNEL_THREADS for the calling thread: `auto` or a count (the tests and the bench use it). */
export function setKernelThreads(threads: number | 'auto'): void {
  const addon = nativeKernels().addon;
  if (!addon || typeof addon.setThreadLimit !== 'function') return;
  addon.setThreadLimit(parseKernelThreads(String(threads)));
}

/** How many native kernel calls of the calling thread ran on more than one thread (the tests check threads ran). */
export function kernelThreadedCalls(): number {
  const addon = nativeKernels().addon;
  return addon && typeof addon.threadedCalls === 'function' ? addon.threadedCalls() : 0;
}
