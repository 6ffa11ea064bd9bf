/**
 * A pool of training threads on this machine: the "workers" of the embedded mode. It hands trials to idle threads
 * of a shared `ThreadPool` (the distributed worker's, without checkpoints) and forwards their reports; the caller
 * decides where results go (the store, the screen).
 */
import type { TrialConfig } from '@cellsweep/core';
import type { BackendPreference, EpochReport, TrainProgress, TrialResult } from '@cellsweep/trainer';
import { ThreadPool, TrainingThreadCrashedError, TrainingThreadStartError, type TrainOutcome } from '@cellsweep/training-threads';

export interface PoolTrial {
  trialId: string;
  config: TrialConfig;
  hidden: number;
}

export interface PoolHandlers {
  onStart?(trialId: string, backend: string): void;
  onProgress?(trialId: string, progress: TrainProgress): void;
  onEpoch(trialId: string, report: EpochReport): Promise<void>;
  onDone(trialId: string, result: TrialResult): Promise<void>;
  onFailed(trialId: string, error: { name: string; message: string }): Promise<void>;
  /**
   * Adaptive search: called after each finished trial's result is written; the trials it returns join the queue
   * (the pool then runs until this answers nothing and every thread is idle).
   */
  more?(): Promise<readonly PoolTrial[]>;
}

export interface PoolOutcome {
  completed: number;
  failed: number;
  /** Trials interrupted by abort(), plus those never started. */
  unfinished: string[];
}

/** The progress bars redraw at most five times a second. */
const PROGRESS_INTERVAL_MS = 200;

export class LocalPool {
  private aborted = false;
  private writes: Promise<void> = Promise.resolve();
  /** The trials training now, each with the controller that stops it. */
  private readonly running = new Map<string, AbortController>();

  private constructor(private readonly threads: ThreadPool) {}

  /** Starts `size` threads and waits until each has loaded its tfjs backend. */
  static async start(size: number, backend: BackendPreference): Promise<LocalPool> {
    try {
      return new LocalPool(await ThreadPool.start(size, { trainer: 'tfjs', backend, progressIntervalMs: PROGRESS_INTERVAL_MS }));
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

  /** Trains the trials, at most one per thread at a time; resolves when all are done or the pool is aborted. */
  run(trials: readonly PoolTrial[], handlers: PoolHandlers): Promise<PoolOutcome> {
    const queue = [...trials];
    const outcome: PoolOutcome = { completed: 0, failed: 0, unfinished: [] };
    return new Promise<PoolOutcome>((resolve, reject) => {
      let writeFailed = false;
      const chain = (write: () => Promise<void>): void => {
        // Store writes happen in arrival order, one at a time, whatever thread they come from. The first that fails
        // (disk full, store gone) stops the pool and fails the run; nothing after it is attempted. It used to leave
        // a rejected chain nobody awaited, and Node died of the unhandled rejection (issue 14, defect 3).
        this.writes = this.writes.then(async () => {
          if (writeFailed) return;
          try {
            await write();
          } catch (error) {
            writeFailed = true;
            this.abort();
            reject(error);
          }
        });
      };
      const finishIfIdle = (): void => {
        if (this.running.size > 0) return;
        if (queue.length > 0 && !this.aborted) return;
        this.writes.then(() => {
          // A pending `more` may have queued trials meanwhile: then the pool is not done.
          if (queue.length > 0 && !this.aborted) return fill();
          if (this.running.size > 0) return;
          outcome.unfinished.push(...queue.splice(0).map((trial) => trial.trialId));
          resolve(outcome);
        }, reject);
      };
      const refill = (): void => {
        const more = handlers.more;
        if (!more) return;
        chain(async () => {
          if (this.aborted) return;
          queue.push(...(await more()));
          fill();
        });
      };
      const failed = (trialId: string, error: { name: string; message: string }): void => {
        outcome.failed++;
        chain(() => handlers.onFailed(trialId, error));
        refill();
      };
      const ended = (trialId: string, ending: TrainOutcome): void => {
        switch (ending.kind) {
          case 'done':
            outcome.completed++;
            chain(() => handlers.onDone(trialId, ending.result));
            return refill();
          case 'failed':
            return failed(trialId, ending.error);
          case 'aborted':
            outcome.unfinished.push(trialId);
            return;
        }
      };
      const dispatch = (): void => {
        const next = this.aborted ? undefined : queue.shift();
        if (!next) return finishIfIdle();
        const { trialId } = next;
        const controller = new AbortController();
        this.running.set(trialId, controller);
        const request = { ...next, resumeFrom: null, signal: controller.signal };
        // No onCheckpoint: a rerun of `cellsweep run` starts an interrupted trial over, so none are captured.
        this.threads
          .train(request, {
            onStart: (backend) => handlers.onStart?.(trialId, backend),
            onProgress: (progress) => handlers.onProgress?.(trialId, progress),
            onEpoch: (report) => chain(() => handlers.onEpoch(trialId, report)),
          })
          .then(
            (ending) => {
              this.running.delete(trialId);
              ended(trialId, ending);
              dispatch();
            },
            (error: unknown) => {
              this.running.delete(trialId);
              if (error instanceof TrainingThreadCrashedError) {
                // A crashed thread fails its trial; the pool has put a fresh thread in its place, so the sweep goes on.
                failed(trialId, { name: 'ThreadCrashed', message: error.reason });
                return dispatch();
              }
              // The fresh thread would not start (or a bug): the trial failed, and so does the run. Its slot may hold
              // a dead thread now, so nothing more is handed out.
              this.aborted = true;
              failed(trialId, error instanceof Error ? error : new Error(String(error)));
              reject(error);
            },
          );
      };
      /** One dispatch per idle thread. */
      const fill = (): void => {
        for (let idle = this.threads.size - this.running.size; idle > 0; idle--) dispatch();
      };
      fill();
    });
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
