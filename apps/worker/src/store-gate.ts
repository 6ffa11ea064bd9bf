/**
 * A running worker stops taking jobs while it cannot reach its store, and hands back what it cannot finish without
 * spending the jobs' attempts.
 *
 * Why: a delivery that cannot reach Postgres fails once its in-process retries (CELLSWEEP_STORE_RETRY_MS) run out,
 * and three failed deliveries fail the trial for good. When the store is unreachable from this worker only (its
 * network path, its DATABASE_URL), every job it takes burns attempts that a healthy worker would have used; when it
 * is down for everyone, a few minutes of outage failed whole sweeps. Neither is the trial's fault.
 *
 * How: the gate probes the store (`store.checkSchema()`: reachable and migrated) every few seconds. When a probe
 * fails, or a delivery gives up on the store and a probe confirms it, the gate pauses the BullMQ worker (no more
 * fetches; running trials keep training and retrying their writes) and probes every second; when the store answers
 * again it resumes. A delivery that gave up on an unreachable store, or that BullMQ handed over while the gate was
 * closing, is moved to the delayed set with `job.moveToDelayed` (BullMQ skips the attempt count for it) and ends
 * with `DelayedError`: the trial stays as the store has it (RUNNING or PENDING), and the next delivery, here or on
 * another worker, starts a new fenced attempt from the last checkpoint. A store that answers the probe while a
 * delivery still fails (a bad write, not an outage) is not an outage: that error goes to BullMQ as before, so a
 * trial that cannot be written still fails after its attempts instead of circling forever.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, type Job } from '@cellsweep/queue';
import { driverErrorLine } from '@cellsweep/store';
import { StoreUnavailableError } from './errors.js';
import { PROBE_TIMEOUT_MS, withTimeout } from './service-checks.js';

export interface StoreGateOptions {
  /** Resolves when the store can be used (store.checkSchema), throws when not. */
  probe: () => Promise<void>;
  /** Stop fetching jobs, without waiting for running ones (BullMQ `worker.pause(true)`). */
  pause: () => Promise<void>;
  /** Fetch jobs again (BullMQ `worker.resume()`). */
  resume: () => Promise<void>;
  log: (line: string) => void;
  /** Probe period while the store answers. Default 5 s: one tiny query pair per worker. */
  healthyIntervalMs?: number;
  /** Probe period while it does not. Default 1 s. */
  downIntervalMs?: number;
  /** How long a handed-back job waits before it can be taken again. Default 1 s (see handBack). */
  handBackDelayMs?: number;
}

type Handler<J, P, C> = (job: J, payload: P, context: C) => Promise<unknown>;

export class StoreGate {
  private open = true;
  private readonly stopped = new AbortController();
  /** Ends the probe loop's current wait: after stop(), or when a delivery closed the gate (probe at the down pace). */
  private wake = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: StoreGateOptions) {}

  /** Whether the worker is taking jobs. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Starts probing in the background. */
  start(): void {
    this.loop ??= this.probeForever();
  }

  /** Stops probing (the worker is shutting down). */
  async stop(): Promise<void> {
    this.stopped.abort();
    this.wake.abort();
    await this.loop;
  }

  /**
   * Wraps a job handler: a delivery taken while the gate is closed, or one that failed because the store is
   * unreachable (confirmed by a probe), is handed back without counting as an attempt.
   */
  guard<P, C extends { token: string | undefined }>(handler: Handler<Job<P>, P, C>): Handler<Job<P>, P, C> {
    return async (job, payload, context) => {
      // BullMQ may hand over one job fetched just before the pause took effect (a blocking fetch in flight).
      if (!this.open) return this.handBack(job, context.token, 'the store is unreachable');
      try {
        return await handler(job, payload, context);
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        const problem = await this.probeOnce();
        if (problem === null) throw error; // the store answers: a failing write, not an outage
        await this.close(problem);
        return this.handBack(
          job,
          context.token,
          `the store is unreachable (${error.operation} failed ${error.tries} times)`,
        );
      }
    };
  }

  /**
   * Back to the queue without spending an attempt: `moveToDelayed` passes BullMQ's `skipAttempt`, and
   * `DelayedError` tells the worker the job was moved on purpose. The short delay keeps a worker whose probe
   * passes while its writes keep failing from taking the same job back in a tight loop.
   */
  private async handBack(job: Job<unknown>, token: string | undefined, why: string): Promise<never> {
    await job.moveToDelayed(Date.now() + (this.options.handBackDelayMs ?? 1_000), token);
    this.options.log(`job ${job.id ?? '?'}: handed back, ${why}; its attempts are not spent`);
    throw new DelayedError();
  }

  private async close(problem: string): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.options.log(`store unreachable (${problem}): not taking jobs until it answers`);
    this.wake.abort();
    await this.options.pause();
  }

  private async reopen(): Promise<void> {
    if (this.open) return;
    this.open = true;
    this.options.log('store answers again: taking jobs');
    await this.options.resume();
  }

  /** Null when the store answered, else why not (one line). */
  private async probeOnce(): Promise<string | null> {
    try {
      await withTimeout(this.options.probe(), PROBE_TIMEOUT_MS);
      return null;
    } catch (error) {
      return driverErrorLine(error);
    }
  }

  private async probeForever(): Promise<void> {
    const { signal } = this.stopped;
    while (!signal.aborted) {
      const intervalMs = this.open ? (this.options.healthyIntervalMs ?? 5_000) : (this.options.downIntervalMs ?? 1_000);
      await sleep(intervalMs, undefined, { signal: this.wake.signal }).catch(() => undefined);
      if (signal.aborted) return;
      if (this.wake.signal.aborted) {
        // Woken because the gate closed: probe at the down pace from now on.
        this.wake = new AbortController();
        continue;
      }
      const problem = await this.probeOnce();
      if (signal.aborted) return;
      try {
        if (problem === null) await this.reopen();
        else await this.close(problem);
      } catch (error) {
        this.options.log(`store gate: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
