/**
 * Reconciling: make the queue match the store. The store says which trials should run (PENDING or RUNNING); the
 * queue must hold exactly one job for each, with the trial's id as job id. Every step is idempotent, so the
 * scheduler can be killed anywhere and the next pass (on restart, on a nudge, every interval) converges:
 *
 * - a PENDING sweep is expanded (trials inserted ON CONFLICT DO NOTHING), its open trials enqueued (addBulk with
 *   jobId refuses duplicates), then it turns RUNNING, only if its spec did not change meanwhile;
 * - for a RUNNING sweep, each open trial's job is looked up: missing (scheduler died mid-enqueue, Redis lost its
 *   data) -> added; failed (attempts or stalls exhausted) -> the trial is marked FAILED with BullMQ's reason;
 *   completed without a result (a worker was fenced out) -> the trial is put back and its job re-added;
 * - a sweep without open trials is finished: COMPLETED, or FAILED when every trial failed (as `cellsweep run`).
 */
import type { JobProducer } from '@cellsweep/queue';
import type { Store, SweepRecord, TrialState } from '@cellsweep/store';
import { addPolicyTrials, policyFor, storedSpec } from './search-policy.js';

export interface ReconcileDeps {
  store: Store;
  producer: JobProducer;
  log: (line: string) => void;
}

export interface ReconcileReport {
  sweepId: string;
  inserted: number;
  enqueued: number;
  failed: number;
  requeued: number;
  finished: boolean;
}

/**
 * Trials inserted per statement; each chunk's open trials are enqueued while the next chunks are inserted. Measured
 * for 100k trials: inserting everything, re-reading the open trials and then enqueueing them one after the other
 * left the scheduler idle ~40% of the pass, waiting on Postgres and Redis in turn. Since enqueueing became one
 * Redis script call per 1,000 jobs (packages/queue bulk-add.ts), Postgres's inserts are the longest stage (~3 s of
 * Postgres CPU per 100k trials); two statements in flight let it use a second core.
 */
const INSERT_CHUNK = 5_000;
const INSERTS_IN_FLIGHT = 2;

export async function reconcileSweep(deps: ReconcileDeps, sweep: SweepRecord): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    sweepId: sweep.id,
    inserted: 0,
    enqueued: 0,
    failed: 0,
    requeued: 0,
    finished: false,
  };
  if (sweep.status === 'PENDING') {
    if (!(await expand(deps, sweep, report))) return report;
  } else {
    await repair(deps, sweep, report);
  }
  // Adaptive search: decisions a crashed scheduler never made (it missed a completion event) are made here.
  const advanced = await advanceSweep(deps, sweep);
  report.inserted += advanced.inserted;
  report.finished = advanced.finished;
  return report;
}

/**
 * After trials finished (queue events) and on every pass: the sweep's search policy adds the trials it decides now
 * (adaptive search; none for a grid), then the sweep is finished if no trial is open.
 *
 * "Nothing open" is read before the policy reads the stored trials, and the sweep is finished only if it held
 * then. Read after (as it was), a trial finishing between the two reads left the policy deciding on a view where
 * that trial was still running (so it added nothing), and the finish check seeing nothing open: the sweep ended
 * COMPLETED with suggestions never made, and since completion events only follow RUNNING sweeps, never made later
 * (reconcile.finishes-after-the-last-decision.test.ts). With nothing open first, the policy's read is final: only
 * this scheduler (the lease holder, one step at a time) adds or reopens trials. If something was open, that trial's
 * completion event or the next pass comes back here.
 */
export async function advanceSweep(
  deps: ReconcileDeps,
  sweep: SweepRecord,
): Promise<{ inserted: number; finished: boolean }> {
  const idle = !(await deps.store.hasOpenTrials(sweep.id));
  const inserted = await addPolicyTrials(deps, sweep);
  const finished = idle && (await finishIfDone(deps, sweep.id));
  return { inserted, finished };
}

/** Expands and enqueues a PENDING sweep; false when its spec is invalid (the sweep is then FAILED). */
async function expand(deps: ReconcileDeps, sweep: SweepRecord, report: ReconcileReport): Promise<boolean> {
  let trials: ReturnType<ReturnType<typeof policyFor>['initialTrials']>;
  try {
    const spec = storedSpec(sweep);
    trials = policyFor(spec).initialTrials(sweep, spec);
  } catch (error) {
    deps.log(
      `sweep ${sweep.name}: cannot expand its spec, marking it FAILED: ${error instanceof Error ? error.message : String(error)}`,
    );
    await deps.store.transitionSweep(sweep.id, ['PENDING'], 'FAILED');
    return false;
  }
  let enqueuing: Promise<number> = Promise.resolve(0);
  let openSeen = 0;
  const inserting: Promise<{ inserted: number; openIds: string[] }>[] = [];
  let next = 0;
  while (next < trials.length || inserting.length > 0) {
    while (inserting.length < INSERTS_IN_FLIGHT && next < trials.length) {
      const insert = deps.store.insertTrialsListingOpen(sweep.id, trials.slice(next, next + INSERT_CHUNK));
      insert.catch(() => undefined); // awaited below, in order; this only keeps a failure from going unhandled first
      inserting.push(insert);
      next += INSERT_CHUNK;
    }
    // A chunk's insert must finish before its trials are enqueued (a job for a trial not in the store would fail);
    // chunks are enqueued in order, so jobs keep the trials' ordinal order.
    const { inserted, openIds } = await (inserting.shift() as Promise<{ inserted: number; openIds: string[] }>);
    report.inserted += inserted;
    openSeen += openIds.length;
    report.enqueued += await enqueuing;
    enqueuing = enqueue(deps, sweep.id, openIds);
    enqueuing.catch(() => undefined); // awaited above or below; this only keeps a failed insert from orphaning it
  }
  report.enqueued += await enqueuing;
  // Open trials outside the initial set (added later by an adaptive policy) are enqueued too; counting is cheap.
  const counts = await deps.store.countTrialStatuses(sweep.id);
  if (counts.PENDING + counts.RUNNING > openSeen) {
    const open = await deps.store.listTrialStates(sweep.id, ['PENDING', 'RUNNING']);
    report.enqueued = await enqueue(
      deps,
      sweep.id,
      open.map((trial) => trial.id),
    );
  }
  // Only now RUNNING: a scheduler killed before this line re-expands (idempotently) after its restart. The spec
  // hash guard leaves the sweep PENDING when it was re-submitted with a changed spec while we expanded.
  if (await deps.store.transitionSweep(sweep.id, ['PENDING'], 'RUNNING', { specHash: sweep.specHash })) {
    deps.log(
      `sweep ${sweep.name}: ${trials.length} trials (${report.inserted} new), ${report.enqueued} open, enqueued`,
    );
  }
  return true;
}

/** Compares a RUNNING sweep's open trials with their jobs and fixes every difference. */
async function repair(deps: ReconcileDeps, sweep: SweepRecord, report: ReconcileReport): Promise<void> {
  const open = await deps.store.listTrialStates(sweep.id, ['PENDING', 'RUNNING']);
  if (open.length === 0) return;
  const states = await deps.producer.finishedOrMissing(
    'trials',
    open.map((trial) => trial.id),
  );
  const byId = new Map<string, TrialState>(open.map((trial) => [trial.id, trial]));
  const toAdd: string[] = [];
  const toReplace: string[] = [];
  for (const [id, state] of states) {
    const trial = byId.get(id);
    if (!trial) continue;
    if (state === 'missing') toAdd.push(id);
    else if (state === 'failed') {
      if (await markFailed(deps, id)) report.failed++;
    } else if (trial.status === 'PENDING' || (await deps.store.requeueTrial(id, trial.attempt))) {
      // A completed job for an open trial: its worker stopped without a result. Run it again.
      toReplace.push(id);
    }
  }
  if (toReplace.length > 0) {
    await deps.producer.removeJobs('trials', toReplace);
    report.requeued = toReplace.length;
  }
  report.enqueued = await enqueue(deps, sweep.id, [...toAdd, ...toReplace]);
  if (report.enqueued + report.failed > 0) {
    deps.log(`sweep ${sweep.name}: re-enqueued ${report.enqueued} trial(s), marked ${report.failed} failed`);
  }
}

/** Marks a trial FAILED with its job's failure reason, if the job is (still) failed. */
export async function markFailed(deps: Pick<ReconcileDeps, 'store' | 'producer'>, trialId: string): Promise<boolean> {
  const reason = await deps.producer.failedReason('trials', trialId);
  if (reason === null) return false;
  return deps.store.failUnfinishedTrial(trialId, `job failed: ${reason}`);
}

async function enqueue(deps: ReconcileDeps, sweepId: string, trialIds: readonly string[]): Promise<number> {
  return deps.producer.addBulk(
    'trial.train',
    trialIds.map((trialId) => ({ jobId: trialId, payload: { sweepId, trialId } })),
  );
}

/** Finishes the sweep when no trial is open. Returns whether this call finished it. */
export async function finishIfDone(deps: Pick<ReconcileDeps, 'store' | 'log'>, sweepId: string): Promise<boolean> {
  // Runs after every burst of finished trials (~10 times a second while a sweep drains): probe for one open trial
  // before counting all of them.
  if (await deps.store.hasOpenTrials(sweepId)) return false;
  const counts = await deps.store.countTrialStatuses(sweepId);
  if (counts.PENDING + counts.RUNNING > 0) return false;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const status = total > 0 && counts.FAILED === total ? 'FAILED' : 'COMPLETED';
  const finished = await deps.store.transitionSweep(sweepId, ['RUNNING'], status);
  if (finished) deps.log(`sweep ${sweepId}: ${status} (${counts.COMPLETED} completed, ${counts.FAILED} failed)`);
  return finished;
}
