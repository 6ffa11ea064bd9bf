/**
 * The job catalog: every job cellsweep puts on a queue, with its payload schema and delivery policy, in one place
 * (after trigger.dev's `WorkerCatalog`). Producers enqueue by name; workers register handlers keyed by the same
 * names, so a payload is checked against one schema on both sides.
 *
 * Glossary
 * - **trial job**: trains one trial. Its job id *is* the trial id (content-derived: hash of sweep id + config key),
 *   so BullMQ refuses a second job for a trial however many times it is enqueued (two submits, a scheduler
 *   restarted halfway through enqueueing, the periodic reconcile).
 * - **control job**: a nudge to the scheduler that a sweep changed (submitted, resumed, cancelled). It carries no
 *   state: the scheduler reads the sweep from the store, so a lost or doubled nudge changes nothing, only latency.
 * - delivery, stall and attempt (BullMQ's "attempt" is our delivery): see @cellsweep/core's glossary
 *   (core/src/glossary.ts).
 */
import { z } from 'zod';

/** The queues. Names are short because BullMQ prefixes every key with `<prefix>:<queue>:`. */
export const QUEUE_KINDS = ['trials', 'control'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const TrainTrialPayload = z.object({
  sweepId: z.string().min(1),
  trialId: z.string().min(1),
});
export type TrainTrialPayload = z.infer<typeof TrainTrialPayload>;

export const ReconcileSweepPayload = z.object({
  sweepId: z.string().min(1),
  reason: z.enum(['submit', 'resume', 'cancel']),
});
export type ReconcileSweepPayload = z.infer<typeof ReconcileSweepPayload>;

/** What a trial job reports through `job.updateProgress` (and `cellsweep watch` draws). */
export const TrialProgress = z.object({
  sweepId: z.string(),
  attempt: z.number().int(),
  epoch: z.number().int(),
  epochs: z.number().int(),
  batch: z.number().int(),
  batches: z.number().int(),
  /** Validation loss of the last finished epoch, when there is one. */
  valLoss: z.number().nullable(),
});
export type TrialProgress = z.infer<typeof TrialProgress>;

/** BullMQ's `removeOnComplete`/`removeOnFail`: true removes at once; else keep up to `age` seconds / `count` jobs. */
export interface KeepJobs {
  age?: number;
  count?: number;
}

export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  queue: QueueKind;
  payload: Payload;
  /** Deliveries that may end in an error before the job fails for good. */
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delayMs: number };
  /** The handler's AbortSignal fires after this long; the handler fails the job without retry. */
  timeoutMs: number;
  removeOnComplete: KeepJobs | boolean;
  removeOnFail: KeepJobs | boolean;
}

const DAY_S = 24 * 60 * 60;

export const JOB_CATALOG = {
  'trial.train': {
    queue: 'trials',
    payload: TrainTrialPayload,
    // Three deliveries: a store write that keeps failing past the worker's own retries (~30 s) while Postgres answers
    // gets two more chances, 5 s and 10 s later; each resumes from the trial's last checkpoint. An unreachable store
    // spends none: the worker hands the job back (apps/worker store-gate.ts).
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 5_000 },
    timeoutMs: 24 * 60 * 60_000,
    // Completed jobs are kept a week: the job id (= trial id) then keeps refusing duplicates of a finished trial
    // even before the store is consulted, and `status` can show where each trial ran. ~1 KB per job in Redis.
    removeOnComplete: { age: 7 * DAY_S },
    removeOnFail: { age: 30 * DAY_S },
  },
  'sweep.reconcile': {
    queue: 'control',
    payload: ReconcileSweepPayload,
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 1_000 },
    timeoutMs: 10 * 60_000,
    removeOnComplete: true,
    removeOnFail: { age: DAY_S },
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOB_CATALOG;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_CATALOG)[N]['payload']>;
/** The job names that travel on queue `K`. */
export type JobNameOn<K extends QueueKind> = {
  [N in JobName]: (typeof JOB_CATALOG)[N]['queue'] extends K ? N : never;
}[JobName];
