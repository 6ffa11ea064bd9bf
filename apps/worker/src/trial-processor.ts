/**
 * The `trial.train` handler: one delivery of a trial job. The attempt itself (start fenced, resume from the last
 * checkpoint, train in a thread, write every epoch and checkpoint under the fence, record the result) is
 * training-threads' `runAttempt`, the same one the CLI's embedded pool runs; here is what each ending means to
 * BullMQ:
 *
 * | ending                                   | store                       | job                                  |
 * |------------------------------------------|-----------------------------|--------------------------------------|
 * | trained                                  | COMPLETED (fenced)          | completed                            |
 * | trainer error (diverged, bad config)     | FAILED with the reason      | UnrecoverableError: failed, no retry |
| stored config fails TrialConfig's schema | FAILED, every field path    | UnrecoverableError: failed, no retry |
 * | store failing past the retry budget      | unchanged                   | thrown: handed back if unreachable (store-gate.ts), else retried with backoff |
 * | a newer attempt / cancel fenced us out   | unchanged (not ours)        | completed as `superseded`            |
 * | SIGTERM                                  | RUNNING, resumes elsewhere  | moved back to wait (not a failure)   |
 * | trial already COMPLETED or CANCELLED     | unchanged                   | completed as `skipped`               |
| training thread crashed                  | RUNNING                     | thrown: retried, resumes (checkpoint) |
 */
import type { Job, TrainTrialPayload, HandlerContext, TrialProgress } from '@cellsweep/queue';
import { UnrecoverableError, WaitingError } from '@cellsweep/queue';
import { TrialNotFoundError, type AttemptRepository } from '@cellsweep/store';
import type { TrainingResult } from '@cellsweep/trainer';
import {
  runAttempt,
  type AttemptEnding,
  type AttemptWrites,
  type CheckpointCadence,
  type ThreadPool,
  type TrainHandlers,
  type TrainOutcome,
  type TrainRequest,
} from '@cellsweep/training-threads';
import type { DatasetCache } from './dataset-cache.js';
import { TrialTimeoutError } from './errors.js';
import type { TrialWrites } from './store-batcher.js';
import { withStoreRetry } from './store-retry.js';

export interface ProcessorDeps {
  /** Only the attempt role: the fenced writes of one trial. */
  store: AttemptRepository;
  /** Attempt starts and results, batched across this worker's concurrent deliveries (store-batcher.ts). */
  writes: TrialWrites;
  /** Data files by SHA-256: a file task trains on the local copy, fetched from the store when missing. */
  datasets: DatasetCache;
  /** Null with the `noop` trainer, which answers without a thread. */
  pool: ThreadPool | null;
  backend: string;
  storeRetryBudgetMs: number;
  /** How often checkpoints are written (default every epoch). */
  checkpoints?: CheckpointCadence;
  log: (line: string) => void;
  /** Reason given to `worker.cancelAllJobs` on SIGTERM: the trial is handed back, not failed. */
  shutdownReason: string;
  /** Reason given to `worker.cancelJob` when BullMQ could not renew the job's lock. */
  lockLostReason: string;
}

export type TrialOutcome = { outcome: 'completed' | 'superseded' | 'skipped'; trialId: string; attempt?: number };

export async function processTrial(
  deps: ProcessorDeps,
  job: Job<TrainTrialPayload>,
  payload: TrainTrialPayload,
  context: HandlerContext,
): Promise<TrialOutcome> {
  const { store, log } = deps;
  const { trialId } = payload;
  const retry = <T>(operation: string, call: () => Promise<T>): Promise<T> =>
    withStoreRetry(operation, call, {
      budgetMs: deps.storeRetryBudgetMs,
      onRetry: (op, tries, error) => log(`trial ${trialId}: ${op} failed (try ${tries}), retrying: ${String(error)}`),
    });
  const writes: AttemptWrites = {
    start: (id) => deps.writes.startAttempt(id),
    recordEpoch: (id, attempt, row) => store.recordAttemptEpoch(id, attempt, row),
    saveCheckpoint: (id, attempt, checkpoint) => store.saveCheckpoint(id, attempt, checkpoint),
    complete: (id, result) => deps.writes.completeTrial(id, result),
    fail: (id, attempt, reason) => store.failTrial(id, attempt, reason),
  };
  const pool = deps.pool;
  // The stored config names the submitter's path; the thread reads this worker's copy of the same bytes instead.
  const train = pool
    ? async (request: TrainRequest, handlers: TrainHandlers) =>
        deps.datasets.use(request.config, (config) => pool.train({ ...request, config }, handlers))
    : async (request: TrainRequest): Promise<TrainOutcome> => ({ kind: 'done', result: noopResult(request.hidden) });

  let sweepId = '';
  let ending: AttemptEnding;
  try {
    const checkpoints = deps.checkpoints ? { checkpoints: deps.checkpoints } : {};
    ending = await runAttempt({ writes, train, retry, log, ...checkpoints }, trialId, context.signal, {
      started: (started) => (sweepId = started.sweepId),
      progress: (progress, attempt, valLoss) => {
        const report: TrialProgress = { sweepId, attempt, ...progress, valLoss };
        const unsent = (error: unknown): void => log(`trial ${trialId}: progress not sent: ${String(error)}`);
        job.updateProgress(report).catch(unsent);
      },
    });
  } catch (error) {
    if (error instanceof TrialNotFoundError) throw new UnrecoverableError(error.message);
    throw error;
  }

  switch (ending.kind) {
    case 'skipped':
      return { outcome: 'skipped', trialId };
    case 'completed':
      return { outcome: 'completed', trialId, attempt: ending.attempt };
    case 'superseded':
      return { outcome: 'superseded', trialId, attempt: ending.attempt };
    case 'failed':
      throw new UnrecoverableError(`${ending.error.name}: ${ending.error.message}`);
    case 'crashed':
      // The thread died (the pool replaced it): the delivery fails and BullMQ retries it, resuming from the checkpoint.
      throw ending.error;
    case 'aborted':
      return handBack(deps, job, context, trialId, ending.attempt, retry);
  }
}

/** Training stopped early on a signal: decide from its reason what happens to the job. */
async function handBack(
  deps: ProcessorDeps,
  job: Job<TrainTrialPayload>,
  context: HandlerContext,
  trialId: string,
  attempt: number,
  retry: <T>(operation: string, call: () => Promise<T>) => Promise<T>,
): Promise<TrialOutcome> {
  const reason: unknown = context.signal.reason;
  if (reason === deps.shutdownReason) {
    // Back to wait, without counting as a failed attempt; the trial stays RUNNING and the next attempt resumes
    // from the last checkpoint. WaitingError tells BullMQ the job was moved on purpose.
    await job.moveToWait(context.token);
    deps.log(`trial ${trialId}: handed back on shutdown (attempt ${attempt})`);
    throw new WaitingError();
  }
  if (reason === deps.lockLostReason) {
    deps.log(`trial ${trialId}: lock lost, stopped attempt ${attempt} without writing (another worker owns the trial)`);
    return { outcome: 'superseded', trialId, attempt };
  }
  if (!(reason instanceof DOMException && reason.name === 'TimeoutError')) {
    throw new Error(`trial ${trialId}: training stopped for an unknown reason: ${String(reason)}`);
  }
  const timeout = new TrialTimeoutError(trialId);
  await retry('failTrial', () => deps.store.failTrial(trialId, attempt, `${timeout.name}: ${timeout.message}`));
  throw new UnrecoverableError(timeout.message);
}

/** What the `noop` trainer "trains": nothing, at once (dispatch-overhead benchmarks). */
function noopResult(hidden: number): TrainingResult {
  return {
    backend: 'noop',
    kernels: null,
    hidden,
    paramCount: 0,
    epochsRun: 0,
    bestEpoch: 0,
    stoppedEarly: false,
    metricName: 'mse',
    trainLoss: 0,
    valLoss: 0,
    testLoss: 0,
    trainMetric: 0,
    valMetric: 0,
    testMetric: 0,
    generalizationGap: 0,
    wallTimeMs: 0,
    initialGradient: null,
    finalGradient: { norms: [], reach: 0, slope: null },
    initialGradientReach: null,
    gradientReach: 0,
    initialGradientSlope: null,
    gradientSlope: null,
  };
}
