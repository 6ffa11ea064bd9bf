/**
 * The `trial.train` handler: one delivery of a trial job. It starts a fenced attempt in the store (resuming from
 * the trial's last checkpoint), trains in a thread, writes every epoch and checkpoint under the attempt's fence,
 * and records the result. How each ending maps to BullMQ:
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
 */
import { parseTrialConfig, TrialConfigError, type TrialConfig } from '@cellsweep/core';
import type { Job, TrainTrialPayload, HandlerContext, TrialProgress } from '@cellsweep/queue';
import { UnrecoverableError, WaitingError } from '@cellsweep/queue';
import { TrialNotFoundError, TrialNotRunnableError, type StartedAttempt, type Store } from '@cellsweep/store';
import type { TrialResult } from '@cellsweep/trainer';
import type { ThreadPool, TrainOutcome } from '@cellsweep/training-threads';
import { TrialTimeoutError } from './errors.js';
import type { TrialWrites } from './store-batcher.js';
import { withStoreRetry } from './store-retry.js';

export interface ProcessorDeps {
  store: Store;
  /** Attempt starts and results, batched across this worker's concurrent deliveries (store-batcher.ts). */
  writes: TrialWrites;
  /** Null with the `noop` trainer, which answers without a thread. */
  pool: ThreadPool | null;
  backend: string;
  storeRetryBudgetMs: number;
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

  let started: StartedAttempt;
  try {
    started = await retry('startAttempt', () => deps.writes.startAttempt(trialId));
  } catch (error) {
    if (error instanceof TrialNotRunnableError) return { outcome: 'skipped', trialId };
    if (error instanceof TrialNotFoundError) throw new UnrecoverableError(error.message);
    throw error;
  }
  const { attempt } = started;
  let config: TrialConfig;
  try {
    config = parseTrialConfig(started.config, `trial ${trialId}`);
  } catch (error) {
    if (!(error instanceof TrialConfigError)) throw error;
    // A stored config no trainer can read will not get better on retry: fail the trial with every bad field.
    const reason = `${error.name}: ${error.message}`;
    await retry('failTrial', () => store.failTrial(trialId, attempt, reason));
    throw new UnrecoverableError(reason);
  }
  log(`trial ${trialId}: attempt ${attempt} started${started.checkpoint ? ` from the checkpoint of epoch ${started.checkpoint.epoch}` : ''}`);

  // Fenced writes, in the order the thread reported them. A refused write means another attempt (or a cancel) owns
  // the trial now: stop training at once.
  const fenceLost = new AbortController();
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const fenced = (operation: string, call: () => Promise<boolean>): void => {
    writes = writes.then(async () => {
      if (fenceLost.signal.aborted || writeError) return;
      try {
        if (!(await retry(operation, call))) {
          log(`trial ${trialId}: ${operation} refused: attempt ${attempt} no longer owns the trial`);
          fenceLost.abort('fence-lost');
        }
      } catch (error) {
        writeError = error;
        fenceLost.abort('write-failed');
      }
    });
  };

  let lastValLoss: number | null = null;
  let outcome: TrainOutcome;
  if (!deps.pool) {
    outcome = { kind: 'done', result: noopResult(started) };
  } else {
    outcome = await deps.pool.train(
      {
        trialId,
        config,
        hidden: started.hidden,
        resumeFrom: started.checkpoint?.data ?? null,
        signal: AbortSignal.any([context.signal, fenceLost.signal]),
      },
      {
        onProgress: (progress) => {
          const report: TrialProgress = { sweepId: started.sweepId, attempt, ...progress, valLoss: lastValLoss };
          job.updateProgress(report).catch((error: unknown) => log(`trial ${trialId}: progress not sent: ${String(error)}`));
        },
        onEpoch: ({ numTensors: _live, ...row }) => {
          lastValLoss = row.valLoss;
          fenced(`epoch ${row.epoch}`, () => store.recordAttemptEpoch(trialId, attempt, row));
        },
        onCheckpoint: (epoch, data) => fenced(`checkpoint ${epoch}`, () => store.saveCheckpoint(trialId, attempt, { epoch, data })),
      },
    );
  }
  await writes;
  if (writeError) throw writeError;
  if (fenceLost.signal.aborted) return { outcome: 'superseded', trialId, attempt };

  switch (outcome.kind) {
    case 'done': {
      const result: TrialResult = outcome.result;
      if (result.restartedBecause) {
        log(`trial ${trialId}: attempt ${attempt} trained from epoch 1: ${result.restartedBecause}`);
      }
      const applied = await retry('completeTrial', () => deps.writes.completeTrial(trialId, { ...result, attempt }));
      if (!applied) {
        log(`trial ${trialId}: result of attempt ${attempt} refused: the trial moved on without it`);
        return { outcome: 'superseded', trialId, attempt };
      }
      log(`trial ${trialId}: attempt ${attempt} completed`);
      return { outcome: 'completed', trialId, attempt };
    }
    case 'failed': {
      const reason = `${outcome.error.name}: ${outcome.error.message}`;
      await retry('failTrial', () => store.failTrial(trialId, attempt, reason));
      throw new UnrecoverableError(reason);
    }
    case 'aborted':
      return handBack(deps, job, context, trialId, attempt, retry);
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
function noopResult(started: StartedAttempt): TrialResult {
  return {
    backend: 'noop',
    hidden: started.hidden,
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
