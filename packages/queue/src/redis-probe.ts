/**
 * Checking a Redis URL against the server before anything uses it.
 *
 * ioredis SELECTs the URL's database when it connects and, when the server refuses (database 99 on a server with
 * the default `databases 16`), only emits an error event and carries on in database 0: `submit` with
 * REDIS_URL=.../99 reported success and wrote into database 0, beside whatever else lives there. So the database is
 * selected again here, where a refusal is an error. The server is asked rather than a static 0-15 bound: which
 * databases exist is its `databases` setting (a server configured with 64 accepts 40; Redis Cluster and some
 * managed services accept only 0), and SELECT needs no permission, unlike CONFIG GET, which is only used to say how
 * many there are.
 */
import { Redis } from 'ioredis';
import { producerConnection, redactRedisUrl, redisOptionsFromUrl } from './connection.js';
import { RedisDatabaseUnavailableError, RedisUnavailableError } from './errors.js';

/** SELECTs `db` on `redis`; a refusal becomes RedisDatabaseUnavailableError (with the server's count when it tells). */
export async function selectDatabase(redis: Redis, db: number, redisUrl: string): Promise<void> {
  try {
    await redis.select(db);
  } catch (error) {
    const databases = await redis
      .config('GET', 'databases')
      .then((reply) => Number((reply as string[])[1]))
      .catch(() => Number.NaN);
    throw new RedisDatabaseUnavailableError(
      redactRedisUrl(redisUrl),
      db,
      Number.isInteger(databases) ? databases : null,
      error,
    );
  }
}

/**
 * Connects once to `redisUrl` (no reconnects), checks that its database exists and that Redis answers a PING, and
 * disconnects. Throws RedisUnavailableError when it cannot connect or does not answer within `timeoutMs`, and
 * RedisDatabaseUnavailableError when the database is refused.
 */
export async function probeRedis(redisUrl: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const { db = 0 } = redisOptionsFromUrl(redisUrl);
  const redis = new Redis({
    ...producerConnection(redisUrl),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  redis.on('error', (error) => (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await redis.connect();
        await selectDatabase(redis, db, redisUrl);
        await redis.ping();
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new RedisUnavailableError(redactRedisUrl(redisUrl), timeoutMs, lastError)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    if (error instanceof RedisUnavailableError || error instanceof RedisDatabaseUnavailableError) throw error;
    // Without reconnects, connect() rejects with "Connection is closed."; the reason (ECONNREFUSED, ENOTFOUND...)
    // came as an error event.
    throw new RedisUnavailableError(redactRedisUrl(redisUrl), timeoutMs, lastError ?? error);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
