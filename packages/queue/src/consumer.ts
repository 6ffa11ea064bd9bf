/**
 * The consumer side: a BullMQ worker that dispatches jobs to handlers keyed by catalog name. Payloads are checked
 * against the catalog schema first (a bad payload is an `UnrecoverableError`: retrying cannot fix it), and each
 * handler gets an AbortSignal that fires on the catalog timeout or when the worker cancels the job.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { JOB_CATALOG, type JobNameOn, type JobPayload, type QueueKind } from './catalog.js';
import { consumerConnection } from './connection.js';
import { InvalidJobPayloadError, UnknownJobError } from './errors.js';
import { DEFAULT_QUEUE_PREFIX } from '@cellsweep/core';
import type { QueueOptions } from './producer.js';

export interface HandlerContext {
  /** The lock token BullMQ gave this delivery (needed to move the job, e.g. back to wait on shutdown). */
  token: string | undefined;
  /** Fires on the catalog timeout, on `worker.cancelJob`, or when the lock was lost. */
  signal: AbortSignal;
}

export type JobHandler<N extends JobNameOn<QueueKind>> = (
  job: Job<JobPayload<N>>,
  payload: JobPayload<N>,
  context: HandlerContext,
) => Promise<unknown>;

export type HandlerMap<K extends QueueKind> = { [N in JobNameOn<K>]: JobHandler<N> };

export interface ConsumerOptions extends QueueOptions {
  /** Jobs processed at once by this worker. */
  concurrency: number;
  /** Shown as the job's `processedBy`; default host-pid. */
  workerName?: string;
  /**
   * A job's lock lasts this long and is renewed every half of it. The processor never blocks the event loop
   * (training runs in a thread), so a short lock only costs Redis traffic; the default 30 s is BullMQ's.
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock expired (their worker died). Default 30 s. */
  stalledIntervalMs?: number;
  /** Stalls a job survives; the next one fails it ("job stalled more than allowable limit"). Default 1. */
  maxStalledCount?: number;
  /** Start fetching jobs at once (default true). */
  autorun?: boolean;
}

/** Starts a worker for queue `kind` that runs `handlers` by job name. */
export function createConsumer<K extends QueueKind>(
  kind: K,
  handlers: HandlerMap<K>,
  options: ConsumerOptions,
): Worker {
  const table = handlers as Record<string, JobHandler<JobNameOn<QueueKind>> | undefined>;
  const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<unknown> => {
    const handler = table[job.name];
    const definition = (JOB_CATALOG as Record<string, (typeof JOB_CATALOG)[keyof typeof JOB_CATALOG] | undefined>)[
      job.name
    ];
    if (!handler || !definition) throw new UnrecoverableError(new UnknownJobError(job.name, kind).message);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new UnrecoverableError(new InvalidJobPayloadError(job.name, job.id, issues).message);
    }
    return withTimeout(definition.timeoutMs, signal, (combined) =>
      handler(job as Job<never>, parsed.data as never, { token, signal: combined }),
    );
  };
  return new Worker(kind, processor, {
    connection: consumerConnection(options.redisUrl),
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    concurrency: options.concurrency,
    name: options.workerName,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 1,
    autorun: options.autorun ?? true,
  });
}

/**
 * Runs `task` with a signal that fires when `signal` does or after `timeoutMs` (with a `TimeoutError` DOMException,
 * as `AbortSignal.timeout` would). One controller and one timer per delivery, both released when the task ends:
 * `AbortSignal.any` + `AbortSignal.timeout` cost ~30 µs and a long-lived timer per job in worker profiles of the
 * no-op trainer (thousands of deliveries a second), and their signals outlived the job until the 24 h timeout.
 */
async function withTimeout<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  timer.unref(); // as AbortSignal.timeout's: a pending timeout never keeps the process alive
  const forward = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });
  try {
    return await task(controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}
