/**
 * What the distributed commands (`submit`, `status`, `watch`, `cancel`, `resume`) connect to: the shared Postgres
 * (DATABASE_URL) and Redis (REDIS_URL). Redis is connected first and fails fast, so a submit with Redis down
 * changes nothing in the store.
 */
import { CellsweepError } from '@cellsweep/core';
import { JobProducer } from '@cellsweep/queue';
import type { Store } from '@cellsweep/store';
import type { CliEnv } from '../env.js';
import { openCheckedPostgres } from '../store-access.js';

export class DistributedSetupError extends CellsweepError {
  constructor(readonly missing: string[]) {
    super(
      `the distributed mode needs ${missing.join(' and ')} (the shared Postgres and Redis of the scheduler and workers); ` +
        'to run on this machine alone, use `cellsweep run`',
    );
  }
}

/**
 * `watch` cannot follow a live sweep without Redis (progress comes from queue events). It used to wait for Redis
 * forever, printing nothing; now it says so at once and points at `status`, which reads the store only.
 */
export class LiveProgressUnavailableError extends CellsweepError {
  constructor(
    readonly sweepName: string,
    cause: unknown,
  ) {
    super(
      `${cause instanceof Error ? cause.message : String(cause)}\n` +
        `  watch follows running trials through Redis; \`cellsweep status ${sweepName}\` shows the stored state without it`,
      { cause },
    );
  }
}

export interface DistributedUrls {
  databaseUrl: string;
  redisUrl: string;
}

export function distributedUrls(env: CliEnv): DistributedUrls {
  const missing = [...(env.databaseUrl ? [] : ['DATABASE_URL']), ...(env.redisUrl ? [] : ['REDIS_URL'])];
  if (!env.databaseUrl || !env.redisUrl) throw new DistributedSetupError(missing);
  return { databaseUrl: env.databaseUrl, redisUrl: env.redisUrl };
}

export interface Distributed {
  store: Store;
  producer: JobProducer;
  close(): Promise<void>;
}

export async function openDistributed(env: CliEnv): Promise<Distributed> {
  const urls = distributedUrls(env);
  const producer = await JobProducer.connect({ redisUrl: urls.redisUrl, prefix: env.queuePrefix });
  let store: Store;
  try {
    store = await openCheckedPostgres(urls.databaseUrl);
  } catch (error) {
    await producer.close();
    throw error;
  }
  return { store, producer, close: () => Promise.all([producer.close(), store.close()]).then(() => undefined) };
}
