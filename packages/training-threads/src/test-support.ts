/** Test helpers (never used by shipped code): a simulated trial and a pool of simulated threads. */
import { TaskSpec, type TrialConfig } from '@cellsweep/core';
import type { EpochReport, TrainProgress } from '@cellsweep/trainer';
import { ThreadPool, type TrainHandlers } from './thread-pool.js';

/** The simulated trainer reads only `training.epochs` and `seed`; the rest is a valid tiny trial. */
export function simulatedTrial(epochs: number, seed = 11): TrialConfig {
  return {
    task: TaskSpec.parse({ dataset: 'adding', sequenceLength: 10, trainSize: 256, validationSize: 64, testSize: 64 }),
    cell: 'lstm',
    size: { kind: 'hidden', hidden: 8 },
    layers: 1,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    training: {
      epochs,
      batchSize: 32,
      optimizer: 'adam',
      learningRate: 0.02,
      clipNorm: 1,
      earlyStoppingPatience: null,
    },
    seed,
  };
}

export function startSimulatedPool(
  size: number,
  options: { epochMs?: number; progressIntervalMs?: number } = {},
): Promise<ThreadPool> {
  return ThreadPool.start(size, {
    trainer: 'simulated',
    backend: 'cpu',
    simulatedEpochMs: options.epochMs ?? 40,
    ...options,
  });
}

/** Handlers that record everything the thread reports. */
export function recorder(options: { checkpoints: boolean }): TrainHandlers & {
  progress: TrainProgress[];
  epochs: EpochReport[];
  checkpoints: { epoch: number; data: Uint8Array }[];
} {
  const progress: TrainProgress[] = [];
  const epochs: EpochReport[] = [];
  const checkpoints: { epoch: number; data: Uint8Array }[] = [];
  return {
    progress,
    epochs,
    checkpoints,
    onProgress: (report) => void progress.push(report),
    onEpoch: (report) => void epochs.push(report),
    ...(options.checkpoints
      ? { onCheckpoint: (epoch: number, data: Uint8Array) => void checkpoints.push({ epoch, data }) }
      : {}),
  };
}
