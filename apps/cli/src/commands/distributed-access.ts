/**
 * What the distributed commands (`submit`, `status`, `watch`, `cancel`, `resume`) connect to: the shared Postgres
 * (DATABASE_URL) and Redis (REDIS_URL). Redis is connected first and fails fast, so a submit with Redis down
 * changes nothing in the store.
 */
import { JobProducer } from '@cellsweep/queue';
import { openStore, type Store } from '@cellsweep/store';
import type { CliEnv } from '../env.js';

export class DistributedSetupError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `the distributed mode needs ${missing.join(' and ')} (the shared Postgres and Redis of the scheduler and workers); ` +
        'to run on this machine alone, use `cellsweep run`',
    );
    this.name = 'DistributedSetupError';
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
    store = await openStore({ databaseUrl: urls.databaseUrl });
  } catch (error) {
    await producer.close();
    throw error;
  }
  return { store, producer, close: () => Promise.all([producer.close(), store.close()]).then(() => undefined) };
}
