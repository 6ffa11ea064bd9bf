/**
 * The producer side: enqueue catalog jobs by name, and look at what the trials queue holds (the scheduler's
 * reconcile loop compares it with the store). Fails fast when Redis is down: `connect` gives up after
 * `connectTimeoutMs`, and every later command rejects at once while the connection is down (no offline queue).
 */
import { DEFAULT_QUEUE_PREFIX } from '@cellsweep/core';
import { Queue, type JobType } from 'bullmq';
import { Redis, type RedisOptions as RedisClientOptions } from 'ioredis';
import { addStandardJobs, withBulkAdd, type BulkAddClient } from './bulk-add.js';
import { JOB_CATALOG, QUEUE_KINDS, type JobName, type JobPayload, type QueueKind } from './catalog.js';
import { producerConnection, redactRedisUrl } from './connection.js';
import { RedisDatabaseUnavailableError, RedisUnavailableError } from './errors.js';
import { selectDatabase } from './redis-probe.js';
import { finishedOrMissing, withJobStates, type FinishedOrMissing, type JobStatesClient } from './job-states.js';

export interface QueueOptions {
  redisUrl: string;
  /** BullMQ key prefix; one per deployment (and one per test). Default `cellsweep`. */
  prefix?: string;
}

export interface ProducerOptions extends QueueOptions {
  /** How long `connect` waits for Redis before throwing RedisUnavailableError. Default 5 s. */
  connectTimeoutMs?: number;
}

/** One job to add: its id (the dedup key) and payload. */
export interface NewJob<N extends JobName> {
  jobId: string;
  payload: JobPayload<N>;
}

/** Job states a trial job can be counted in. */
export const JOB_STATES: readonly JobType[] = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'completed',
  'failed',
  'waiting-children',
];

export class JobProducer {
  private constructor(
    private readonly queues: Record<QueueKind, Queue>,
    /** Our own connection for bulk adds and lookups that BullMQ has no cheap API for (bulk-add.ts, finishedOrMissing). */
    private readonly redis: BulkAddClient & JobStatesClient,
  ) {}

  /**
   * Connects to Redis; throws RedisUnavailableError if it does not answer within `connectTimeoutMs`, and
   * RedisDatabaseUnavailableError if it refuses the URL's database.
   */
  static async connect(options: ProducerOptions): Promise<JobProducer> {
    const connection = producerConnection(options.redisUrl);
    const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
    const timeoutMs = options.connectTimeoutMs ?? 5_000;
    const redis = new Redis({ ...(connection as RedisClientOptions), lazyConnect: true });
    const queues: Partial<Record<QueueKind, Queue>> = {};
    const errors: unknown[] = [];
    redis.on('error', (error) => errors.push(error));
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          await redis.connect();
          // Before any Queue exists: BullMQ writes a queue's meta key as soon as it connects, and a refused database
          // would mean database 0 (redis-probe.ts).
          await selectDatabase(redis, connection.db ?? 0, options.redisUrl);
          if (timedOut) return;
          for (const kind of QUEUE_KINDS) {
            const queue = new Queue(kind, { connection, prefix });
            queue.on('error', (error) => errors.push(error));
            queues[kind] = queue;
          }
          await Promise.all(Object.values(queues).map((queue) => queue.waitUntilReady()));
        })(),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new RedisUnavailableError(redactRedisUrl(options.redisUrl), timeoutMs, errors.at(-1)));
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      redis.disconnect();
      await Promise.all(Object.values(queues).map((queue) => queue.close().catch(() => undefined)));
      if (error instanceof RedisUnavailableError || error instanceof RedisDatabaseUnavailableError) throw error;
      throw new RedisUnavailableError(redactRedisUrl(options.redisUrl), timeoutMs, error);
    } finally {
      clearTimeout(timer);
    }
    return new JobProducer(queues as Record<QueueKind, Queue>, withJobStates(withBulkAdd(redis)));
  }

  queue(kind: QueueKind): Queue {
    return this.queues[kind];
  }

  /** Adds one job (a no-op if a job with `jobId` already exists, in any state). */
  async add<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options: { jobId?: string; dedupKey?: string } = {},
  ): Promise<void> {
    const definition = JOB_CATALOG[name];
    definition.payload.parse(payload);
    await this.queues[definition.queue].add(name, payload, {
      ...jobOptions(name),
      ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
      // Deduplication keeps at most one unfinished job per key (control nudges need no more).
      ...(options.dedupKey !== undefined ? { deduplication: { id: options.dedupKey } } : {}),
    });
  }

  /**
   * Adds many jobs, `chunkSize` per Redis script call (bulk-add.ts: BullMQ's own writes, one call per chunk instead
   * of one per job). Jobs whose id exists already are left as they are, which is what makes enqueueing idempotent.
   * Returns how many jobs were sent (new or not).
   */
  async addBulk<N extends JobName>(name: N, jobs: readonly NewJob<N>[], chunkSize = 1_000): Promise<number> {
    const definition = JOB_CATALOG[name];
    const queue = this.queues[definition.queue];
    // The payload is a small flat object of strings: JSON.stringify per job is all BullMQ would do too.
    const standard = jobs.map((job) => ({ jobId: job.jobId, data: JSON.stringify(job.payload) }));
    await addStandardJobs(this.redis, queue, name, standard, jobOptions(name), chunkSize);
    return jobs.length;
  }

  /**
   * Where each of `jobIds` stands, for the ids that matter to reconciling: no job at all (`missing`), or a
   * finished one (`completed`, `failed`). Ids with a live job (waiting, active, delayed...) are left out. The
   * lookups (EXISTS on the job hash, ZSCORE on the completed and failed sets) run in a script, `chunkSize` ids per
   * call, and only the ids listed above come back (job-states.ts).
   */
  async finishedOrMissing(
    kind: QueueKind,
    jobIds: readonly string[],
    chunkSize = 5_000,
  ): Promise<Map<string, FinishedOrMissing>> {
    const { keys } = this.queues[kind];
    return finishedOrMissing(
      this.redis,
      { prefix: keys[''] ?? '', completed: keys.completed ?? '', failed: keys.failed ?? '' },
      jobIds,
      chunkSize,
    );
  }

  /** Why a failed job failed (BullMQ's `failedReason`), or null if the job is not failed (any more). */
  async failedReason(kind: QueueKind, jobId: string): Promise<string | null> {
    const job = await this.queues[kind].getJob(jobId);
    if (!job || !(await job.isFailed())) return null;
    return job.failedReason || 'failed';
  }

  /**
   * Removes the jobs that are not being processed (an active job is locked by its worker and stays). Returns how
   * many of the ids have no job left (removed now, or already gone).
   */
  async removeJobs(kind: QueueKind, jobIds: readonly string[]): Promise<number> {
    const queue = this.queues[kind];
    let removed = 0;
    for (let start = 0; start < jobIds.length; start += 1_000) {
      const results = await Promise.all(
        jobIds.slice(start, start + 1_000).map((id) => queue.remove(id).catch(() => 0)),
      );
      removed += results.filter((result) => result === 1).length;
    }
    return removed;
  }

  /** Number of jobs per state on queue `kind`. */
  async counts(kind: QueueKind): Promise<Record<string, number>> {
    return this.queues[kind].getJobCounts(...JOB_STATES);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
    this.redis.disconnect();
  }
}

/** BullMQ job options from the catalog entry. */
export function jobOptions(name: JobName) {
  const definition = JOB_CATALOG[name];
  return {
    attempts: definition.attempts,
    backoff: { type: definition.backoff.type, delay: definition.backoff.delayMs },
    removeOnComplete: definition.removeOnComplete,
    removeOnFail: definition.removeOnFail,
  };
}
