/** Errors of @cellsweep/queue. Each is a CellsweepError (core's cellsweep-error.ts) and carries the facts as fields. */
import { CellsweepError } from '@cellsweep/core';

/** Redis did not answer within `timeoutMs` (producers fail fast instead of queueing commands while it is down). */
export class RedisUnavailableError extends CellsweepError {
  constructor(
    readonly redisUrl: string,
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(
      `Redis at ${redisUrl} did not answer within ${timeoutMs} ms` +
        `${cause instanceof Error ? ` (${cause.message})` : ''}; is it running and is REDIS_URL right?`,
      { cause },
    );
  }
}

/**
 * The server refused the database REDIS_URL names (its path, `/99`). Without this check ioredis carries on in
 * database 0 (redis-probe.ts). `databases` is the server's count when it would tell (CONFIG GET), else null.
 */
export class RedisDatabaseUnavailableError extends CellsweepError {
  constructor(
    readonly redisUrl: string,
    readonly db: number,
    readonly databases: number | null,
    cause: unknown,
  ) {
    super(
      `REDIS_URL names database ${db}, which this Redis refuses (${cause instanceof Error ? cause.message : String(cause)})` +
        (databases !== null ? `; it has ${databases} databases (0-${databases - 1})` : '') +
        `: use one it has in REDIS_URL's path, e.g. ${redisUrl.replace(/\/\d+$/, '/0')}`,
      { cause },
    );
  }
}

/** A job's payload does not match its catalog schema: a bug or a stale producer, never worth retrying. */
export class InvalidJobPayloadError extends CellsweepError {
  constructor(
    readonly jobName: string,
    readonly jobId: string | undefined,
    readonly issues: string[],
  ) {
    super(`job ${jobName} (${jobId ?? 'no id'}) has an invalid payload: ${issues.join('; ')}`);
  }
}

/** A worker received a job name that has no handler in the catalog it registered. */
export class UnknownJobError extends CellsweepError {
  constructor(
    readonly jobName: string,
    readonly queueName: string,
  ) {
    super(`no handler for job ${JSON.stringify(jobName)} on queue ${queueName}`);
  }
}

/** The Redis URL could not be parsed. */
export class InvalidRedisUrlError extends CellsweepError {
  constructor(readonly redisUrl: string) {
    super(`not a redis:// or rediss:// URL: ${redisUrl}`);
  }
}
