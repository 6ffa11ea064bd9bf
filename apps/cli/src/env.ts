/** The CLI's environment, read in one place. */
import { availableParallelism, homedir } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  BackendPreference,
  cellPluginModules,
  datasetCacheDir,
  datasetCacheEnv,
  parseEnv,
  serviceEnv,
} from '@cellsweep/core';
import { DEFAULT_MAX_DATASET_BYTES } from '@cellsweep/store';

const Env = z.object({
  CELLSWEEP_HOME: z.string().min(1).default('.cellsweep'),
  DATABASE_URL: serviceEnv.DATABASE_URL.optional(),
  CELLSWEEP_BACKEND: BackendPreference.default('auto'),
  CELLSWEEP_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  REDIS_URL: serviceEnv.REDIS_URL.optional(),
  CELLSWEEP_QUEUE_PREFIX: serviceEnv.CELLSWEEP_QUEUE_PREFIX,
  CELLSWEEP_ASHA_CONTINUE: z.enum(['0', '1']).default('1'),
  CELLSWEEP_MAX_DATASET_BYTES: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  CELLSWEEP_PLUGINS: cellPluginModules.default([]),
  ...datasetCacheEnv,
});

export interface CliEnv {
  /** Folder of the embedded store (PGlite data under `db/`). */
  home: string;
  databaseUrl: string | undefined;
  backend: BackendPreference;
  /** Local pool size: one trial per core by default (the wasm backend is single-threaded under Node). */
  workers: number;
  /** The distributed mode's queue (`submit`, `watch`, ...); unset in embedded use. */
  redisUrl: string | undefined;
  /** BullMQ key prefix shared with the scheduler and workers. */
  queuePrefix: string;
  /** ASHA: a promoted rung continues from its lower rung's checkpoint (0: retrains, to measure the saving). */
  ashaContinue: boolean;
  /** The largest data file `submit` puts into the store (bytes); checked before a byte is sent. */
  maxDatasetBytes: number;
  /** Plugin-cell modules this machine may load (CELLSWEEP_PLUGINS); specs name their cells as `plugin:<name>`. */
  cellPlugins: string[];
  /** Parsed data files, shared with the machine's other runs and workers (CELLSWEEP_DATASET_CACHE_DIR). */
  datasetCacheDir: string;
  /** Its size cap (CELLSWEEP_DATASET_CACHE_MAX_BYTES): `run` evicts least recently used files beyond it. */
  datasetCacheMaxBytes: number;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const env = parseEnv(Env, source);
  return {
    home: resolve(env.CELLSWEEP_HOME),
    databaseUrl: env.DATABASE_URL,
    backend: env.CELLSWEEP_BACKEND,
    workers: env.CELLSWEEP_WORKERS ?? availableParallelism(),
    redisUrl: env.REDIS_URL,
    queuePrefix: env.CELLSWEEP_QUEUE_PREFIX,
    ashaContinue: env.CELLSWEEP_ASHA_CONTINUE === '1',
    maxDatasetBytes: env.CELLSWEEP_MAX_DATASET_BYTES ?? DEFAULT_MAX_DATASET_BYTES,
    cellPlugins: env.CELLSWEEP_PLUGINS,
    datasetCacheDir: datasetCacheDir(env, homedir()),
    datasetCacheMaxBytes: env.CELLSWEEP_DATASET_CACHE_MAX_BYTES,
  };
}
