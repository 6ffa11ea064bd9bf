/** Messages between the thread that owns a pool (queue, store, screen) and its training threads (tfjs). */
import type { TrialConfig } from '@cellsweep/core';
import type { BackendPreference } from '@cellsweep/core';
import type { EpochReport, TrainProgress, TrainingResult } from '@cellsweep/trainer';

/**
 * Which trainer a thread runs. `tfjs` is the real one; `simulated` sleeps `epochMs` per epoch and reports
 * deterministic losses (for fault tests and benchmarks where the trainer is not the point); `noop` returns a result
 * at once without epochs (for measuring dispatch overhead).
 */
export type TrainerKind = 'tfjs' | 'simulated' | 'noop';

export interface ThreadSetup {
  trainer: TrainerKind;
  backend: BackendPreference;
  /** Epoch length of the `simulated` trainer (0 when absent); the others ignore it. */
  simulatedEpochMs?: number;
  /**
   * Least time between two progress reports of one trial; the last batch of an epoch always goes through.
   * 250 ms when absent (the worker relays each report to Redis); the CLI's bars use 200 ms.
   */
  progressIntervalMs?: number;
  /**
   * The operator's plugin modules (CELLSWEEP_PLUGINS), loaded by each `tfjs` thread before it reports ready: a
   * trial names its plugin cell, and only these modules can provide it. None when absent.
   */
  cellPlugins?: readonly string[];
  /**
   * Where `tfjs` threads keep parsed data files, so a file is parsed once per machine, not once per thread
   * (@cellsweep/datasets FileLoadOptions). Each thread parses its own copy when absent.
   */
  parsedDatasetCacheDir?: string;
}

export type ToThread =
  | {
      type: 'train';
      trialId: string;
      config: TrialConfig;
      hidden: number;
      resumeFrom: Uint8Array | null;
      /** Send a checkpoint after every epoch. Off where nobody keeps them: capturing the weights costs time. */
      checkpoints: boolean;
    }
  | { type: 'abort' };

export type FromThread =
  | { type: 'ready'; backend: string }
  | { type: 'startup-failed'; message: string }
  | { type: 'progress'; trialId: string; progress: TrainProgress }
  | { type: 'epoch'; trialId: string; report: EpochReport }
  | { type: 'checkpoint'; trialId: string; epoch: number; data: Uint8Array }
  | { type: 'done'; trialId: string; result: TrainingResult }
  | { type: 'failed'; trialId: string; error: { name: string; message: string } }
  | { type: 'aborted'; trialId: string };
