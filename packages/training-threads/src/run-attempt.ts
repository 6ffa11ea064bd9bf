/**
 * The attempt runner: one trial lifecycle for both runners. One attempt of one trial, from start to ending
 * (graphile/worker's shared `_runTaskList` is the model: its `run` and `runOnce` differ only in what they do
 * around it). Terms as in core's glossary (core/src/glossary.ts): an **attempt** is one start of a trial; every
 * write it makes carries its number and is refused once another attempt started or the trial left RUNNING (the fence).
 *
 * | ending       | trial in the store                           | the caller then…                                 |
 * |--------------|----------------------------------------------|--------------------------------------------------|
 * | `skipped`    | COMPLETED or CANCELLED already: untouched    | has nothing to do                                |
 * | `completed`  | COMPLETED with the result (fenced)           | reports it                                       |
 * | `failed`     | FAILED with the reason (trainer error, bad stored config) | reports it; no retry                 |
 * | `superseded` | another attempt or a cancel owns it          | stops: nothing more to write                     |
 * | `aborted`    | RUNNING, its checkpoint kept                 | decides by why: hand back, requeue, time out     |
 * | `crashed`    | RUNNING (the training thread died)           | retries (worker) or fails the trial (embedded)   |
 *
 * A store write that fails past the caller's `retry` is thrown, after the attempt's other writes settled.
 */
import { parseTrialConfig, TrialConfigError, type TrialConfig } from '@cellsweep/core';
import type { EpochRow, StartedAttempt, TrialResult } from '@cellsweep/store';
import type { EpochReport, TrainProgress, TrainingResult } from '@cellsweep/trainer';
import { CheckpointSchedule, EVERY_EPOCH, type CheckpointCadence } from './checkpoint-cadence.js';
import type { TrainHandlers, TrainOutcome, TrainRequest } from './thread-pool.js';

/** The store writes of one attempt (the worker batches `start` and `complete` across its deliveries). */
export interface AttemptWrites {
  /** Starts a new attempt; throws the store's TrialNotRunnableError / TrialNotFoundError. */
  start(trialId: string): Promise<StartedAttempt>;
  recordEpoch(trialId: string, attempt: number, row: EpochRow): Promise<boolean>;
  saveCheckpoint(trialId: string, attempt: number, checkpoint: { epoch: number; data: Uint8Array }): Promise<boolean>;
  complete(trialId: string, result: TrialResult): Promise<boolean>;
  fail(trialId: string, attempt: number, reason: string): Promise<boolean>;
}

export interface AttemptDeps {
  writes: AttemptWrites;
  /** Trains one trial (a ThreadPool's `train`, or a stand-in such as the worker's no-op trainer). */
  train(request: TrainRequest, handlers: TrainHandlers): Promise<TrainOutcome>;
  /** Wraps every store write (the worker retries transient failures); default: call once. */
  retry?<T>(operation: string, call: () => Promise<T>): Promise<T>;
  log?(line: string): void;
  /** How often checkpoints are stored (checkpoint-cadence.ts); default every epoch. */
  checkpoints?: CheckpointCadence;
}

/** What the caller shows while the attempt runs (progress bars, job progress). */
export interface AttemptEvents {
  started?(started: StartedAttempt): void;
  progress?(progress: TrainProgress, attempt: number, lastValLoss: number | null): void;
  epoch?(row: EpochReport, attempt: number): void;
}

export type AttemptEnding =
  | { kind: 'skipped'; trialId: string }
  | { kind: 'completed'; trialId: string; attempt: number; result: TrainingResult }
  | { kind: 'failed'; trialId: string; attempt: number; error: { name: string; message: string } }
  | { kind: 'superseded'; trialId: string; attempt: number }
  | { kind: 'aborted'; trialId: string; attempt: number }
  | { kind: 'crashed'; trialId: string; attempt: number; error: unknown };

export async function runAttempt(
  deps: AttemptDeps,
  trialId: string,
  signal: AbortSignal,
  events: AttemptEvents = {},
): Promise<AttemptEnding> {
  const log = deps.log ?? (() => undefined);
  const retry = <T>(operation: string, call: () => Promise<T>): Promise<T> =>
    deps.retry ? deps.retry(operation, call) : call();

  let started: StartedAttempt;
  try {
    started = await retry('startAttempt', () => deps.writes.start(trialId));
  } catch (error) {
    // By name: this package takes only the store's types (the store's error classes come with Prisma).
    if (error instanceof Error && error.name === 'TrialNotRunnableError') return { kind: 'skipped', trialId };
    throw error;
  }
  const { attempt } = started;
  events.started?.(started);
  const failed = async (error: { name: string; message: string }): Promise<AttemptEnding> => {
    await retry('failTrial', () => deps.writes.fail(trialId, attempt, `${error.name}: ${error.message}`));
    return { kind: 'failed', trialId, attempt, error: { name: error.name, message: error.message } };
  };

  let config: TrialConfig;
  try {
    config = parseTrialConfig(started.config, `trial ${trialId}`);
  } catch (error) {
    // A stored config no trainer can read will not get better on retry: fail the trial with every bad field.
    if (error instanceof TrialConfigError) return failed(error);
    throw error;
  }
  const from = started.checkpoint ? ` from the checkpoint of epoch ${started.checkpoint.epoch}` : '';
  log(`trial ${trialId}: attempt ${attempt} started${from}`);

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

  // The newest checkpoint not stored yet: stored when the cadence says so, and whenever the attempt ends without
  // its result (and after an ASHA rung's last epoch), so a hand-back never loses trained epochs.
  const schedule = new CheckpointSchedule(deps.checkpoints ?? EVERY_EPOCH, Date.now());
  let held: { epoch: number; data: Uint8Array } | null = null;
  const store = (checkpoint: { epoch: number; data: Uint8Array }): void => {
    schedule.written(Date.now(), checkpoint.data.byteLength);
    held = null;
    fenced(`checkpoint ${checkpoint.epoch}`, () => deps.writes.saveCheckpoint(trialId, attempt, checkpoint));
  };
  const storeHeld = (): void => {
    if (held !== null) store(held);
  };

  let lastValLoss: number | null = null;
  let outcome: TrainOutcome;
  try {
    outcome = await deps.train(
      {
        trialId,
        config,
        hidden: started.hidden,
        resumeFrom: started.checkpoint?.data ?? null,
        signal: AbortSignal.any([signal, fenceLost.signal]),
      },
      {
        onProgress: (progress) => events.progress?.(progress, attempt, lastValLoss),
        onEpoch: (report) => {
          lastValLoss = report.valLoss;
          events.epoch?.(report, attempt);
          const { numTensors: _live, ...row } = report;
          fenced(`epoch ${row.epoch}`, () => deps.writes.recordEpoch(trialId, attempt, row));
        },
        onCheckpoint: (epoch, data) => {
          held = { epoch, data };
          if (schedule.due(Date.now())) store(held);
        },
      },
    );
  } catch (error) {
    storeHeld();
    await writes;
    return { kind: 'crashed', trialId, attempt, error };
  }
  // Failed: nothing resumes a failed trial. Done: only a rung ASHA continues from needs its last epoch stored.
  if (outcome.kind === 'aborted' || (outcome.kind === 'done' && started.keepsCheckpoint === true)) storeHeld();
  await writes;
  if (writeError) throw writeError;
  if (fenceLost.signal.aborted) return { kind: 'superseded', trialId, attempt };

  switch (outcome.kind) {
    case 'done': {
      const { result } = outcome;
      if (result.restartedBecause) {
        log(`trial ${trialId}: attempt ${attempt} trained from epoch 1: ${result.restartedBecause}`);
      }
      if (!(await retry('completeTrial', () => deps.writes.complete(trialId, { ...result, attempt })))) {
        log(`trial ${trialId}: result of attempt ${attempt} refused: the trial moved on without it`);
        return { kind: 'superseded', trialId, attempt };
      }
      log(`trial ${trialId}: attempt ${attempt} completed`);
      return { kind: 'completed', trialId, attempt, result };
    }
    case 'failed':
      return failed(outcome.error);
    case 'aborted':
      return { kind: 'aborted', trialId, attempt };
  }
}
