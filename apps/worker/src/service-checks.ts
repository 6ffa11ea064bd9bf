/**
 * What a worker checks before it registers its BullMQ consumer: that Redis answers (and has the database REDIS_URL
 * names) and that Postgres answers with every migration applied. A worker with a wrong DATABASE_URL port used to
 * log "ready", take jobs it could not start, and spend every job's attempts: a sweep went FAILED in ~2.6 min while
 * Postgres, Redis and the scheduler were healthy.
 *
 * Refusals that waiting cannot fix (not migrated, a missing Redis database) fail at once; an unreachable service is
 * retried for `budgetMs` (Postgres restarting next to the worker), then the worker exits without having taken a job,
 * so a misconfigured one shows up as a crashed service (compose restarts it) instead of a sweep of failed trials.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { probeRedis, RedisDatabaseUnavailableError } from '@cellsweep/queue';
import { driverErrorLine, StoreNotMigratedError, type Store } from '@cellsweep/store';
import { ServiceUnreachableError } from './errors.js';

export interface ServiceCheckOptions {
  store: Store;
  redisUrl: string;
  /** How long unreachable services are retried before giving up. */
  budgetMs: number;
  log: (line: string) => void;
}

/** How long one Redis probe may take; Postgres probes are bounded by the same figure (store-gate.ts). */
export const PROBE_TIMEOUT_MS = 5_000;

export async function checkServices(options: ServiceCheckOptions): Promise<void> {
  await untilUsable('Redis', 'REDIS_URL', options, async () => {
    try {
      await probeRedis(options.redisUrl, { timeoutMs: PROBE_TIMEOUT_MS });
      return null;
    } catch (error) {
      if (error instanceof RedisDatabaseUnavailableError)
        throw new ServiceUnreachableError('Redis', 'REDIS_URL', 0, error.message);
      return error instanceof Error ? error.message : String(error);
    }
  });
  await untilUsable('Postgres', 'DATABASE_URL', options, async () => {
    try {
      await withTimeout(options.store.checkSchema(), PROBE_TIMEOUT_MS);
      return null;
    } catch (error) {
      if (error instanceof StoreNotMigratedError)
        throw new ServiceUnreachableError('Postgres', 'DATABASE_URL', 0, error.message);
      return driverErrorLine(error);
    }
  });
}

/** Runs `attempt` (null: usable, else why not) with doubling pauses until it succeeds or `budgetMs` is spent. */
async function untilUsable(
  service: 'Postgres' | 'Redis',
  variable: 'DATABASE_URL' | 'REDIS_URL',
  options: ServiceCheckOptions,
  attempt: () => Promise<string | null>,
): Promise<void> {
  const startedAt = performance.now();
  let delayMs = 250;
  for (let tries = 1; ; tries++) {
    const problem = await attempt();
    if (problem === null) return;
    const elapsedMs = performance.now() - startedAt;
    if (elapsedMs + delayMs > options.budgetMs)
      throw new ServiceUnreachableError(service, variable, elapsedMs, problem);
    if (tries === 1) options.log(`waiting for ${service} (${problem}); no job is taken until it answers`);
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, 5_000);
  }
}

/** `promise`, or a rejection after `ms` (a Postgres behind a dropped route can leave a connect hanging for minutes). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
