/**
 * The scheduler: one long-running process per deployment. It expands submitted sweeps into trials, keeps exactly one
 * queue job per open trial, follows finished trials through queue events and finishes sweeps. Its state lives in
 * the store and the queue only, so it can be killed at any moment: on restart the first reconcile pass converges.
 * Run one: two schedulers would not corrupt anything (every step is idempotent or compare-and-set) but could race
 * a `resume` (see docs/distributed.md).
 */
import { createConsumer, JobProducer, listenToQueue, type QueueListener, type Worker } from '@cellsweep/queue';
import { openStore, type Store, type SweepRecord } from '@cellsweep/store';
import type { SchedulerEnv } from './env.js';
import { finishIfDone, markFailed, reconcileSweep, type ReconcileDeps } from './reconcile.js';
import { policyFor, storedSpec } from './search-policy.js';
import { debounce, Serial } from './serial.js';

export interface SchedulerService {
  /** One full reconcile pass over every unfinished sweep (what the timer runs). */
  reconcileNow(): Promise<void>;
  stop(): Promise<void>;
}

export async function startScheduler(env: SchedulerEnv, log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<SchedulerService> {
  const say = (line: string): void => log(`[scheduler] ${line}`);
  const store: Store = await openStore({ databaseUrl: env.databaseUrl, migrate: false });
  let producer: JobProducer;
  try {
    producer = await JobProducer.connect({ redisUrl: env.redisUrl, prefix: env.prefix, connectTimeoutMs: 10_000 });
  } catch (error) {
    await store.close();
    throw error;
  }
  const deps: ReconcileDeps = { store, producer, log: say };
  const serial = new Serial();
  const report = (what: string) => (error: unknown) => say(`${what} failed (retrying on the next pass): ${error instanceof Error ? error.message : String(error)}`);

  const reconcileSweeps = (filter?: string): Promise<void> =>
    serial.run(async () => {
      const sweeps = await store.listSweepsByStatus(['PENDING', 'RUNNING']);
      for (const sweep of sweeps) if (!filter || sweep.id === filter) await reconcileSweep(deps, sweep);
    });

  const afterFinishedTrials = debounce(() => {
    serial
      .run(async () => {
        for (const sweep of await store.listSweepsByStatus(['RUNNING'])) await followUp(deps, sweep);
      })
      .catch(report('finishing check'));
  }, 100);

  const control: Worker = createConsumer(
    'control',
    {
      'sweep.reconcile': async (_job, { sweepId, reason }) => {
        if (reason === 'cancel') {
          await serial.run(async () => {
            const cancelled = await store.listTrialStates(sweepId, ['CANCELLED']);
            const removed = await producer.removeJobs('trials', cancelled.map((trial) => trial.id));
            say(`sweep ${sweepId}: cancelled, ${removed} queued job(s) removed`);
          });
        } else await reconcileSweeps(sweepId);
      },
    },
    { redisUrl: env.redisUrl, prefix: env.prefix, concurrency: 1, workerName: 'scheduler' },
  );
  control.on('error', (error) => say(`control queue error: ${error.message}`));

  const events: QueueListener = listenToQueue(
    'trials',
    {
      completed: () => afterFinishedTrials(),
      failed: (jobId) => {
        serial.run(() => markFailed(deps, jobId)).then(() => afterFinishedTrials(), report(`recording failed job ${jobId}`));
      },
      error: (error) => say(`queue events error: ${error.message}`),
    },
    { redisUrl: env.redisUrl, prefix: env.prefix },
  );
  await Promise.all([control.waitUntilReady(), events.ready()]);

  let passing = false;
  const pass = async (): Promise<void> => {
    if (passing) return; // a slow pass (a 100k-trial expansion) is not stacked up behind itself
    passing = true;
    await reconcileSweeps().catch(report('reconcile pass'));
    passing = false;
  };
  await pass();
  const timer = setInterval(() => void pass(), env.reconcileIntervalMs);
  say(`ready: reconciling every ${env.reconcileIntervalMs} ms`);

  let stopping: Promise<void> | undefined;
  return {
    reconcileNow: () => reconcileSweeps(),
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(timer);
        afterFinishedTrials.cancel();
        await control.close();
        await events.close();
        await serial.idle();
        await producer.close();
        await store.close();
        say('stopped');
      })()),
  };
}

/** After trials finished: let the search policy add trials (adaptive search), then finish the sweep if done. */
async function followUp(deps: ReconcileDeps, sweep: SweepRecord): Promise<void> {
  const additions = await policyFor(storedSpec(sweep)).afterTrialsFinished(sweep, deps.store);
  if (additions.length > 0) {
    await deps.store.addTrials(sweep.id, additions);
    await deps.producer.addBulk(
      'trial.train',
      additions.flatMap((trial) => (trial.id ? [{ jobId: trial.id, payload: { sweepId: sweep.id, trialId: trial.id } }] : [])),
    );
  }
  await finishIfDone(deps, sweep.id);
}
