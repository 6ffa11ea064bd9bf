/**
 * Queue events (a Redis stream BullMQ writes for every job transition): the scheduler follows finished trials
 * with them and `cellsweep watch` draws progress bars from them. Events are a fast path only: a listener that was
 * down misses them, so nothing depends on receiving every one (the scheduler also reconciles periodically).
 */
import { QueueEvents } from 'bullmq';
import { TrialProgress, type QueueKind } from './catalog.js';
import { consumerConnection } from './connection.js';
import { DEFAULT_QUEUE_PREFIX } from '@cellsweep/core';
import type { QueueOptions } from './producer.js';

export interface QueueEventHandlers {
  progress?(jobId: string, progress: TrialProgress): void;
  active?(jobId: string): void;
  completed?(jobId: string): void;
  /** A job that failed for good (no retry left); `reason` is BullMQ's failedReason. */
  failed?(jobId: string, reason: string): void;
  /** A job whose worker vanished was put back in the queue (or failed, past maxStalledCount). */
  stalled?(jobId: string): void;
  error?(error: Error): void;
}

export interface QueueListener {
  /** Resolves once the listener is subscribed (events before that are not seen). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Listens to queue `kind`'s events from now on. */
export function listenToQueue(kind: QueueKind, handlers: QueueEventHandlers, options: QueueOptions): QueueListener {
  const events = new QueueEvents(kind, {
    connection: consumerConnection(options.redisUrl),
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
  });
  events.on('progress', ({ jobId, data }) => {
    const parsed = TrialProgress.safeParse(data);
    if (parsed.success) handlers.progress?.(jobId, parsed.data);
  });
  events.on('active', ({ jobId }) => handlers.active?.(jobId));
  events.on('completed', ({ jobId }) => handlers.completed?.(jobId));
  events.on('failed', ({ jobId, failedReason }) => handlers.failed?.(jobId, failedReason));
  events.on('stalled', ({ jobId }) => handlers.stalled?.(jobId));
  events.on('error', (error) => handlers.error?.(error));
  return { ready: () => events.waitUntilReady(), close: () => events.close() };
}
