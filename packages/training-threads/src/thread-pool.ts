/**
 * One training thread per concurrency slot, started up front (so tfjs and its backend load once, not per trial).
 * `train` borrows an idle thread for one trial and relays its reports; a thread that crashes is replaced and the
 * trial's `train` call rejects with `TrainingThreadCrashedError` (the worker retries the delivery, the embedded
 * runner fails the trial).
 */
import { Worker } from 'node:worker_threads';
import type { TrialConfig } from '@cellsweep/core';
import type { EpochReport, TrainProgress, TrainingResult } from '@cellsweep/trainer';
import { NoIdleThreadError, TrainingThreadCrashedError, TrainingThreadStartError } from './errors.js';
import type { FromThread, ThreadSetup, ToThread } from './messages.js';

export interface TrainHandlers {
  /** Called at once, before the trial is posted, with the backend of the thread that took it. */
  onStart?(backend: string): void;
  onProgress(progress: TrainProgress): void;
  onEpoch(report: EpochReport): void;
  /** Without it the thread captures no checkpoints at all (they cost a copy of every weight and optimizer slot). */
  onCheckpoint?(epoch: number, data: Uint8Array): void;
}

export type TrainOutcome =
  | { kind: 'done'; result: TrainingResult }
  | { kind: 'failed'; error: { name: string; message: string } }
  | { kind: 'aborted' };

export interface TrainRequest {
  trialId: string;
  config: TrialConfig;
  hidden: number;
  resumeFrom: Uint8Array | null;
  signal: AbortSignal;
}

interface Slot {
  thread: Worker;
  backend: string;
  busy: boolean;
}

const THREAD_URL = new URL('./training-thread.js', import.meta.url);

export class ThreadPool {
  private constructor(
    private readonly slots: Slot[],
    private readonly setup: ThreadSetup,
    /** The backend the threads run (e.g. 'wasm', or 'simulated'). */
    readonly backend: string,
  ) {}

  /** Starts `size` threads and waits until each has loaded its backend; rejects with `TrainingThreadStartError`. */
  static async start(size: number, setup: ThreadSetup): Promise<ThreadPool> {
    const started = await Promise.all(Array.from({ length: size }, () => startThread(setup)));
    return new ThreadPool(
      started.map((thread) => ({ ...thread, busy: false })),
      setup,
      started[0]?.backend ?? setup.trainer,
    );
  }

  /** How many trials can train at once. */
  get size(): number {
    return this.slots.length;
  }

  /** Backends the threads run now (one name unless a replacement thread got another). */
  get backends(): string[] {
    return [...new Set(this.slots.map((slot) => slot.backend))];
  }

  /** Trains one trial on an idle thread. Resolves with how it ended; rejects only if the thread crashed. */
  async train(request: TrainRequest, handlers: TrainHandlers): Promise<TrainOutcome> {
    const slot = this.slots.find((candidate) => !candidate.busy);
    if (!slot) throw new NoIdleThreadError(this.slots.length);
    slot.busy = true;
    const { thread } = slot;
    try {
      return await new Promise<TrainOutcome>((resolve, reject) => {
        const onAbort = (): void => post(thread, { type: 'abort' });
        const cleanup = (): void => {
          request.signal.removeEventListener('abort', onAbort);
          thread.off('message', onMessage).off('error', onError);
        };
        const onMessage = (message: FromThread): void => {
          switch (message.type) {
            case 'progress':
              return handlers.onProgress(message.progress);
            case 'epoch':
              return handlers.onEpoch(message.report);
            case 'checkpoint':
              return handlers.onCheckpoint?.(message.epoch, message.data);
            case 'done':
              cleanup();
              return resolve({ kind: 'done', result: message.result });
            case 'failed':
              cleanup();
              return resolve({ kind: 'failed', error: message.error });
            case 'aborted':
              cleanup();
              return resolve({ kind: 'aborted' });
            default:
              return undefined;
          }
        };
        const onError = (error: Error): void => {
          cleanup();
          reject(new TrainingThreadCrashedError(request.trialId, error.message));
        };
        thread.on('message', onMessage).on('error', onError);
        request.signal.addEventListener('abort', onAbort, { once: true });
        handlers.onStart?.(slot.backend);
        const { trialId, config, hidden, resumeFrom } = request;
        post(thread, {
          type: 'train',
          trialId,
          config,
          hidden,
          resumeFrom,
          checkpoints: handlers.onCheckpoint !== undefined,
        });
        if (request.signal.aborted) onAbort();
      });
    } catch (error) {
      // The crashed thread is gone; put a fresh one in its place before the slot is lent again.
      Object.assign(slot, await startThread(this.setup));
      throw error;
    } finally {
      slot.busy = false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.thread.terminate()));
  }
}

function post(thread: Worker, message: ToThread): void {
  thread.postMessage(message);
}

function startThread(setup: ThreadSetup): Promise<{ thread: Worker; backend: string }> {
  const thread = new Worker(THREAD_URL, { workerData: setup });
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromThread): void => {
      thread.off('message', onMessage);
      if (message.type === 'ready') resolve({ thread, backend: message.backend });
      else if (message.type === 'startup-failed') {
        void thread.terminate();
        reject(new TrainingThreadStartError(message.message));
      }
    };
    thread.on('message', onMessage);
    thread.once('error', (error) => reject(new TrainingThreadStartError(error.message)));
  });
}
