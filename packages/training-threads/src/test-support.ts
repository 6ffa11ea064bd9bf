/** Test helpers (never used by shipped code): a simulated trial and a pool of simulated threads. */
import { after, before } from 'node:test';
import { TaskSpec, type TrialConfig } from '@cellsweep/core';
import type { JsonObject, NewTrial, Store } from '@cellsweep/store';
import { openTestStore, testTrial, uniqueName } from '@cellsweep/store/testing';
import type { EpochReport, TrainProgress } from '@cellsweep/trainer';
import type { AttemptWrites } from './run-attempt.js';
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

/** What the runAttempt tests run against: a real (PGlite) store and one simulated thread with 30 ms epochs. */
export interface AttemptRig {
  store: Store;
  pool: ThreadPool;
  /** A new sweep with one trial of `config`; its id. */
  newTrial(config: object, extra?: Partial<NewTrial>): Promise<string>;
  /** Every write straight to the store, as the embedded runner makes them. */
  writes(): AttemptWrites;
}

/** Opens the rig before the file's tests and closes it after them. */
export function useAttemptRig(): AttemptRig {
  let close: () => Promise<void> = async () => {};
  const rig: AttemptRig = {
    store: undefined as unknown as Store,
    pool: undefined as unknown as ThreadPool,
    async newTrial(config, extra = {}) {
      const sweep = await rig.store.upsertSweep({ name: uniqueName('sweep'), spec: {}, specHash: 'h' });
      const trial = { ...testTrial(0), config: config as JsonObject, ...extra };
      await rig.store.insertTrials(sweep.id, [trial]);
      return trial.id ?? '';
    },
    writes: () => ({
      start: (id) => rig.store.startAttempt(id, { backend: rig.pool.backend }),
      recordEpoch: (id, attempt, row) => rig.store.recordAttemptEpoch(id, attempt, row),
      saveCheckpoint: (id, attempt, checkpoint) => rig.store.saveCheckpoint(id, attempt, checkpoint),
      complete: (id, result) => rig.store.completeTrial(id, result),
      fail: (id, attempt, reason) => rig.store.failTrial(id, attempt, reason),
    }),
  };
  before(async () => {
    ({ store: rig.store, close } = await openTestStore('pglite'));
    rig.pool = await startSimulatedPool(1, { epochMs: 30 });
  });
  after(async () => {
    await rig.pool?.close();
    await close();
  });
  return rig;
}
