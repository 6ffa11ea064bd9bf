/** Messages between the embedded runner (main thread) and its training threads. */
import type { TrialConfig } from '@cellsweep/core';
import type { EpochReport, TrainProgress, TrialResult } from '@cellsweep/trainer';

export type ToThread =
  | { type: 'train'; trialId: string; config: TrialConfig; hidden: number }
  | { type: 'abort' };

export type FromThread =
  | { type: 'ready'; backend: string }
  | { type: 'startup-failed'; message: string }
  | { type: 'progress'; trialId: string; progress: TrainProgress }
  | { type: 'epoch'; trialId: string; report: EpochReport }
  | { type: 'done'; trialId: string; result: TrialResult }
  | { type: 'failed'; trialId: string; error: { name: string; message: string } }
  | { type: 'aborted'; trialId: string };
