/** Messages between a worker process (main thread: queue, store) and its training threads (tfjs). */
import type { TrialConfig } from '@cellsweep/core';
import type { EpochReport, TrainProgress, TrialResult } from '@cellsweep/trainer';

/**
 * Which trainer a thread runs. `tfjs` is the real one; `simulated` sleeps `epochMs` per epoch and reports
 * deterministic losses (for fault tests and benchmarks where the trainer is not the point); `noop` returns a result
 * at once without epochs (for measuring dispatch overhead).
 */
export type TrainerKind = 'tfjs' | 'simulated' | 'noop';

export interface ThreadSetup {
  trainer: TrainerKind;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  simulatedEpochMs: number;
}

export type ToThread =
  | { type: 'train'; trialId: string; config: TrialConfig; hidden: number; resumeFrom: Uint8Array | null }
  | { type: 'abort' };

export type FromThread =
  | { type: 'ready'; backend: string }
  | { type: 'startup-failed'; message: string }
  | { type: 'progress'; trialId: string; progress: TrainProgress }
  | { type: 'epoch'; trialId: string; report: EpochReport }
  | { type: 'checkpoint'; trialId: string; epoch: number; data: Uint8Array }
  | { type: 'done'; trialId: string; result: TrialResult }
  | { type: 'failed'; trialId: string; error: { name: string; message: string } }
  | { type: 'aborted'; trialId: string };
