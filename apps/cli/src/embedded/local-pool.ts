/**
 * A pool of training threads on this machine: the "workers" of the embedded mode. Each idle thread takes the next
 * trial and runs one attempt of it with training-threads' `runAttempt`, the lifecycle the distributed worker runs
 * too: a fenced start that resumes from the trial's checkpoint, every epoch and checkpoint written under the fence,
 * the result recorded. So `cellsweep run` again after Ctrl-C or a crash continues a trial from its last epoch.
 * The caller shows progress and decides what the outcome means.
 */
import type { AttemptRepository } from '@cellsweep/store';
import type { BackendPreference } from '@cellsweep/core';
import type { TrainProgress, TrainingResult } from '@cellsweep/trainer';
import {
  runAttempt,
  ThreadPool,
  TrainingThreadCrashedError,
  TrainingThreadStartError,
  type AttemptEnding,
  type AttemptWrites,
  type ThreadSetup,
} from '@cellsweep/training-threads';

export interface PoolHandlers {
  /** The attempt started; `fromEpoch` is the checkpoint it resumes from (0: from the start). */
  onStart?(trialId: string, fromEpoch: number): void;
  onProgress?(trialId: string, progress: TrainProgress, valLoss: number | null): void;
  /** After the result is stored. */
  onDone?(trialId: string, result: TrainingResult): void;
  /** After the trial is stored as FAILED. */
  onFailed?(trialId: string, error: { name: string; message: string }): void;
  /**
   * Adaptive search: called after each finished trial's result is written; the trial ids it returns join the queue
   * (the pool then runs until this answers nothing and every thread is idle).
   */
  more?(): Promise<readonly string[]>;
}

export interface PoolOutcome {
  completed: number;
  failed: number;
  /** Trials interrupted by abort() (back to PENDING with their checkpoints), plus those never started. */
  unfinished: string[];
}

/** The progress bars redraw at most five times a second. */
const PROGRESS_INTERVAL_MS = 200;

export class LocalPool {
  private aborted = false;
  /** The attempts running now, each with the controller that stops it. */
  private readonly running = new Map<string, AbortController>();

  private constructor(private readonly threads: ThreadPool) {}

  /** Starts `size` threads and waits until each has loaded its tfjs backend. */
  static async start(
    size: number,
    backend: BackendPreference,
    options: Pick<ThreadSetup, 'cellPlugins' | 'parsedDatasetCacheDir'> = {},
  ): Promise<LocalPool> {
    try {
      const setup = { trainer: 'tfjs' as const, backend, progressIntervalMs: PROGRESS_INTERVAL_MS, ...options };
      return new LocalPool(await ThreadPool.start(size, setup));
    } catch (error) {
      // `cellsweep run` reports the backend's own words ("cellsweep: <reason>"), as it always has.
      if (error instanceof TrainingThreadStartError) throw new Error(error.reason, { cause: error });
      throw error;
    }
  }

  /** Backends the threads run (one name unless something odd happened). */
  get backends(): string[] {
    return this.threads.backends;
  }

  /**
   * Trains the trials, at most one per thread at a time; resolves when all are done or the pool is aborted. The
   * first store write that fails (disk full, store gone) stops the pool and rejects: nothing after it is attempted.
   */
  async run(trialIds: readonly string[], store: AttemptRepository, handlers: PoolHandlers = {}): Promise<PoolOutcome> {
    const queue = [...trialIds];
    const outcome: PoolOutcome = { completed: 0, failed: 0, unfinished: [] };
    const writes: AttemptWrites = {
      start: (trialId) => store.startAttempt(trialId, { backend: this.threads.backend }),
      recordEpoch: (trialId, attempt, row) => store.recordAttemptEpoch(trialId, attempt, row),
      saveCheckpoint: (trialId, attempt, checkpoint) => store.saveCheckpoint(trialId, attempt, checkpoint),
      complete: (trialId, result) => store.completeTrial(trialId, result),
      fail: (trialId, attempt, reason) => store.failTrial(trialId, attempt, reason),
    };
    const deps = { writes, train: this.threads.train.bind(this.threads) };
    let failure: { error: unknown } | null = null;
    let busy = 0;
    // Idle threads wait here while others run: a finished trial may bring more (adaptive search).
    let wake = (): void => undefined;
    let changed = new Promise<void>((resolve) => (wake = resolve));
    const notify = (): void => {
      const previous = wake;
      changed = new Promise<void>((resolve) => (wake = resolve));
      previous();
    };
    let moreChain: Promise<void> = Promise.resolve();
    const askForMore = (): Promise<void> =>
      (moreChain = moreChain.then(async () => {
        if (handlers.more && !this.aborted) queue.push(...(await handlers.more()));
      }));

    const attempt = async (trialId: string): Promise<void> => {
      const controller = new AbortController();
      this.running.set(trialId, controller);
      let ending: AttemptEnding;
      try {
        ending = await runAttempt(deps, trialId, controller.signal, {
          started: (started) => handlers.onStart?.(trialId, started.checkpoint?.epoch ?? 0),
          progress: (progress, _attempt, valLoss) => handlers.onProgress?.(trialId, progress, valLoss),
        });
      } finally {
        this.running.delete(trialId);
      }
      switch (ending.kind) {
        case 'completed':
          outcome.completed++;
          handlers.onDone?.(trialId, ending.result);
          return askForMore();
        case 'failed':
          outcome.failed++;
          handlers.onFailed?.(trialId, ending.error);
          return askForMore();
        case 'crashed': {
          if (!(ending.error instanceof TrainingThreadCrashedError)) throw ending.error;
          // A crashed thread fails its trial; the pool has put a fresh thread in its place, so the sweep goes on.
          const error = { name: 'ThreadCrashed', message: ending.error.reason };
          await store.failTrial(trialId, ending.attempt, `${error.name}: ${error.message}`);
          outcome.failed++;
          handlers.onFailed?.(trialId, error);
          return askForMore();
        }
        case 'aborted':
          // Back to PENDING with its checkpoint and epoch rows: the next `run` resumes it.
          await store.requeueTrial(trialId, ending.attempt);
          outcome.unfinished.push(trialId);
          return;
        case 'superseded':
          outcome.unfinished.push(trialId);
          return;
        case 'skipped':
          return;
      }
    };

    const slot = async (): Promise<void> => {
      for (;;) {
        if (this.aborted) return;
        const next = queue.shift();
        if (next === undefined) {
          if (busy === 0) {
            await moreChain;
            if (queue.length === 0) return;
          } else await changed;
          continue;
        }
        busy++;
        try {
          await attempt(next);
        } catch (error) {
          // A store that failed, or a fresh thread that would not start: stop everything, report the first.
          failure ??= { error };
          this.abort();
        } finally {
          busy--;
          notify();
        }
      }
    };
    await Promise.all(Array.from({ length: this.threads.size }, slot));
    if (failure) throw (failure as { error: unknown }).error;
    outcome.unfinished.push(...queue);
    return outcome;
  }

  /** Asks every busy thread to stop its trial at the next batch and stops handing out new ones. */
  abort(): void {
    this.aborted = true;
    for (const controller of this.running.values()) controller.abort();
  }

  async close(): Promise<void> {
    await this.threads.close();
  }
}
