/**
 * Redis connection options for the two kinds of clients BullMQ needs.
 *
 * - Producers (the CLI's `submit`, the scheduler's enqueue) fail fast: with `enableOfflineQueue: false` a command
 *   issued while Redis is down rejects at once instead of waiting in ioredis's memory; one retry per request.
 * - Consumers (workers, queue-event listeners) block on Redis and must survive restarts: BullMQ requires
 *   `maxRetriesPerRequest: null` for them, and ioredis reconnects with backoff forever.
 */
import type { RedisOptions } from 'bullmq';
import { InvalidRedisUrlError } from './errors.js';

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) into ioredis options. */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new InvalidRedisUrlError(redisUrl);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new InvalidRedisUrlError(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InvalidRedisUrlError(redisUrl);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Reconnect backoff: 100 ms doubling to 5 s (a restarted Redis is picked up within seconds). */
export function reconnectDelayMs(times: number): number {
  return Math.min(100 * 2 ** Math.min(times, 10), 5_000);
}

export function producerConnection(redisUrl: string): RedisOptions {
  return {
    ...redisOptionsFromUrl(redisUrl),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: reconnectDelayMs,
  };
}

export function consumerConnection(redisUrl: string): RedisOptions {
  return { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs };
}

/** The URL without its password, for messages. */
export function redactRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable URL>';
  }
}
