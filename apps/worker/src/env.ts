/** The worker's environment, read in one place (and tested in env.*.test.ts). */
import { randomBytes } from 'node:crypto';
import { availableParallelism, homedir, hostname } from 'node:os';
import { z } from 'zod';
import {
  BackendPreference,
  cellPluginModules,
  datasetCacheDir,
  datasetCacheEnv,
  durationMs,
  parseEnv,
  serviceEnv,
} from '@cellsweep/core';
import type { TrainerKind } from '@cellsweep/training-threads';

/**
 * A SIGKILLed worker's trial runs again once its lock has expired and a stall check has seen it: at most lock +
 * 2 × interval. Measured with these defaults: median 10.1 s (10.0–16.2 s over 10 kills, load ~8 on 2 cores;
 * `node scripts/bench-distributed.mjs takeover 10 --defaults`); BullMQ's 30 s + 30 s took 53–60 s. Training runs
 * in threads, so the event loop renews the lock every 5 s (half of it) even on a busy host.
 */
export const DEFAULT_LOCK_DURATION_MS = 10_000;
export const DEFAULT_STALLED_INTERVAL_MS = 5_000;

/**
 * Checkpoint cadence (training-threads' checkpoint-cadence.ts): at most one per 30 s, and at most 256 KiB/s on
 * average per training slot, so 100 slots write at most ~26 MB/s of checkpoints whatever the model
 * (docs/distributed.md).
 * A SIGKILLed worker's trial redoes at most the last 30 s (or size-stretched interval) of training.
 */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 30_000;
export const DEFAULT_CHECKPOINT_MAX_BYTES_PER_SEC = 256 * 1024;

const Env = z.object({
  ...serviceEnv,
  CELLSWEEP_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  CELLSWEEP_WORKER_NAME: z.string().min(1).optional(),
  CELLSWEEP_BACKEND: BackendPreference.default('auto'),
  CELLSWEEP_TRAINER: z.enum(['tfjs', 'simulated', 'noop']).default('tfjs'),
  CELLSWEEP_SIMULATED_EPOCH_MS: durationMs(0).default(100),
  CELLSWEEP_LOCK_DURATION_MS: durationMs(100).default(DEFAULT_LOCK_DURATION_MS),
  CELLSWEEP_STALLED_INTERVAL_MS: durationMs(100).default(DEFAULT_STALLED_INTERVAL_MS),
  CELLSWEEP_MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(1),
  CELLSWEEP_STORE_RETRY_MS: durationMs(0).default(30_000),
  // 0: every epoch (tests and the docker e2e that kill a worker after its first checkpoint).
  CELLSWEEP_CHECKPOINT_INTERVAL_MS: durationMs(0).default(DEFAULT_CHECKPOINT_INTERVAL_MS),
  // 0: no size bound.
  CELLSWEEP_CHECKPOINT_MAX_BYTES_PER_SEC: z.coerce.number().int().min(0).default(DEFAULT_CHECKPOINT_MAX_BYTES_PER_SEC),
  ...datasetCacheEnv,
  CELLSWEEP_PLUGINS: cellPluginModules.default([]),
});

export interface WorkerEnv {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** Trials trained at once: one per core by default (the wasm backend is single-threaded under Node). */
  concurrency: number;
  workerName: string;
  backend: BackendPreference;
  trainer: TrainerKind;
  simulatedEpochMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** How long one store write is retried in-process before the delivery fails (and BullMQ retries the job). */
  storeRetryMs: number;
  /** How often a trial's checkpoint is written (0 / null: every epoch, no size bound). */
  checkpoints: { minIntervalMs: number; maxBytesPerSec: number | null };
  /** Where data files fetched from the store are kept, by SHA-256 (dataset-cache.ts). */
  datasetCacheDir: string;
  /** Its size cap (CELLSWEEP_DATASET_CACHE_MAX_BYTES), enforced after each trial that used it. */
  datasetCacheMaxBytes: number;
  /** Plugin-cell modules each training thread loads (CELLSWEEP_PLUGINS); a trial naming another plugin fails. */
  cellPlugins: string[];
}

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const env = parseEnv(Env, source);
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    prefix: env.CELLSWEEP_QUEUE_PREFIX,
    concurrency: env.CELLSWEEP_WORKER_CONCURRENCY ?? availableParallelism(),
    workerName: env.CELLSWEEP_WORKER_NAME ?? defaultWorkerName(),
    backend: env.CELLSWEEP_BACKEND,
    trainer: env.CELLSWEEP_TRAINER,
    simulatedEpochMs: env.CELLSWEEP_SIMULATED_EPOCH_MS,
    lockDurationMs: env.CELLSWEEP_LOCK_DURATION_MS,
    stalledIntervalMs: env.CELLSWEEP_STALLED_INTERVAL_MS,
    maxStalledCount: env.CELLSWEEP_MAX_STALLED_COUNT,
    storeRetryMs: env.CELLSWEEP_STORE_RETRY_MS,
    checkpoints: {
      minIntervalMs: env.CELLSWEEP_CHECKPOINT_INTERVAL_MS,
      maxBytesPerSec: env.CELLSWEEP_CHECKPOINT_MAX_BYTES_PER_SEC || null,
    },
    datasetCacheDir: datasetCacheDir(env, homedir()),
    datasetCacheMaxBytes: env.CELLSWEEP_DATASET_CACHE_MAX_BYTES,
    cellPlugins: env.CELLSWEEP_PLUGINS,
  };
}

/**
 * host-pid-random: with host networking every container has the host's name, and the pid is the same small
 * number in each (the entrypoint's), so only the random part tells three workers apart.
 */
function defaultWorkerName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
