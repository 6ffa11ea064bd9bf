/**
 * A pool of training threads on this machine: the "workers" of the embedded mode. It hands trials to idle threads
 * and forwards their reports; the caller decides where results go (the store, the screen).
 */
import { Worker } from 'node:worker_threads';
import type { TrialConfig } from '@cellsweep/core';
import type { BackendPreference, EpochReport, TrainProgress, TrialResult } from '@cellsweep/trainer';
import type { FromThread, ToThread } from './messages.js';

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

interface Slot {
  worker: Worker;
  backend: string;
  trialId: string | null;
}

const THREAD_URL = new URL('./training-thread.js', import.meta.url);

export class LocalPool {
  private aborted = false;
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly slots: Slot[],
    private readonly backendPreference: BackendPreference,
  ) {}

  /** Starts `size` threads and waits until each has loaded its tfjs backend. */
  static async start(size: number, backend: BackendPreference): Promise<LocalPool> {
    const slots = await Promise.all(Array.from({ length: size }, () => startSlot(backend)));
    return new LocalPool(slots, backend);
  }

  /** Backends the threads run (one name unless something odd happened). */
  get backends(): string[] {
    return [...new Set(this.slots.map((slot) => slot.backend))];
  }

  /** Trains the trials, at most one per thread at a time; resolves when all are done or the pool is aborted. */
  run(trials: readonly PoolTrial[], handlers: PoolHandlers): Promise<PoolOutcome> {
    const queue = [...trials];
    const outcome: PoolOutcome = { completed: 0, failed: 0, unfinished: [] };
    const chain = (write: () => Promise<void>): void => {
      // Store writes happen in arrival order, one at a time, whatever thread they come from.
      this.writes = this.writes.then(write);
    };
    return new Promise<PoolOutcome>((resolve, reject) => {
      const finishIfIdle = (): void => {
        if (this.slots.some((slot) => slot.trialId !== null)) return;
        if (queue.length > 0 && !this.aborted) return;
        this.writes.then(() => {
          // A pending `more` may have queued trials meanwhile: then the pool is not done.
          if (queue.length > 0 && !this.aborted) return this.slots.forEach((slot) => slot.trialId === null && dispatch(slot));
          if (this.slots.some((slot) => slot.trialId !== null)) return;
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
          this.slots.forEach((slot) => slot.trialId === null && dispatch(slot));
        });
      };
      const dispatch = (slot: Slot): void => {
        const next = this.aborted ? undefined : queue.shift();
        if (!next) return finishIfIdle();
        slot.trialId = next.trialId;
        handlers.onStart?.(next.trialId, slot.backend);
        post(slot.worker, { type: 'train', trialId: next.trialId, config: next.config, hidden: next.hidden });
      };
      const attach = (slot: Slot): void => {
        slot.worker.removeAllListeners('message').removeAllListeners('error');
        slot.worker.on('message', (message: FromThread) => {
          switch (message.type) {
            case 'progress':
              handlers.onProgress?.(message.trialId, message.progress);
              return;
            case 'epoch':
              chain(() => handlers.onEpoch(message.trialId, message.report));
              return;
            case 'done':
              outcome.completed++;
              chain(() => handlers.onDone(message.trialId, message.result));
              refill();
              break;
            case 'failed':
              outcome.failed++;
              chain(() => handlers.onFailed(message.trialId, message.error));
              refill();
              break;
            case 'aborted':
              outcome.unfinished.push(message.trialId);
              break;
            default:
              return;
          }
          slot.trialId = null;
          dispatch(slot);
        });
        slot.worker.on('error', (error) => {
          // A crashed thread fails its trial; a fresh thread takes its place so the sweep goes on.
          const trialId = slot.trialId;
          slot.trialId = null;
          if (trialId) {
            outcome.failed++;
            chain(() => handlers.onFailed(trialId, { name: 'ThreadCrashed', message: error.message }));
            refill();
          }
          startSlot(this.backendPreference).then((fresh) => {
            Object.assign(slot, fresh);
            attach(slot);
            dispatch(slot);
          }, reject);
        });
      };
      this.slots.forEach(attach);
      this.slots.forEach(dispatch);
    });
  }

  /** Asks every busy thread to stop its trial at the next batch and stops handing out new ones. */
  abort(): void {
    this.aborted = true;
    for (const slot of this.slots) if (slot.trialId) post(slot.worker, { type: 'abort' });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

function post(worker: Worker, message: ToThread): void {
  worker.postMessage(message);
}

function startSlot(backend: BackendPreference): Promise<Slot> {
  const worker = new Worker(THREAD_URL, { workerData: { backend } });
  return new Promise<Slot>((resolve, reject) => {
    const onMessage = (message: FromThread): void => {
      worker.off('message', onMessage);
      if (message.type === 'ready') resolve({ worker, backend: message.backend, trialId: null });
      else if (message.type === 'startup-failed') {
        void worker.terminate();
        reject(new Error(message.message));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}
