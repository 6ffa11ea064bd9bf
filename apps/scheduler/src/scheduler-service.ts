/**
 * The scheduler: it expands submitted sweeps into trials, keeps exactly one queue job per open trial, follows
 * finished trials through queue events and finishes sweeps. Its state lives in the store and the queue only, so it
 * can be killed at any moment: on restart the first reconcile pass converges.
 *
 * Any number may run (one per host, for availability); only the holder of the leader lease acts (leader-lease.ts).
 * The others are standbys: they consume no control nudges, follow no events and run no passes until the lease
 * lapses, then one of them takes over within a few seconds.
 */
import {
  createConsumer,
  JobProducer,
  listenToQueue,
  producerConnection,
  type QueueListener,
  type Worker,
} from '@cellsweep/queue';
import { openStore, type Store } from '@cellsweep/store';
import { loadCellPlugins } from '@cellsweep/planner';
import type { SchedulerEnv } from './env.js';
import { LeaderLease } from './leader-lease.js';
import { advanceSweep, markFailed, reconcileSweep, type ReconcileDeps } from './reconcile.js';
import { debounce, Serial } from './serial.js';

export interface SchedulerService {
  /** One full reconcile pass over every unfinished sweep (what the timer runs); nothing on a standby. */
  reconcileNow(): Promise<void>;
  /** Whether this process holds the leader lease and acts. */
  isLeader(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts a scheduler. Resolves once it acts (leader: its first reconcile pass done) or waits as a standby; a
 * standby keeps trying for the lease in the background.
 */
export async function startScheduler(
  env: SchedulerEnv,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<SchedulerService> {
  const say = (line: string): void => log(`[scheduler] ${line}`);
  // Before anything else: a module that does not load is a setup error to see at start, not a failed sweep later.
  const plugins = await loadCellPlugins(env.cellPlugins);
  if (plugins.length > 0) say(`plugin cells: ${plugins.map((plugin) => `plugin:${plugin.name}`).join(', ')}`);
  const store: Store = await openStore({ databaseUrl: env.databaseUrl, migrate: false });
  let producer: JobProducer;
  try {
    producer = await JobProducer.connect({ redisUrl: env.redisUrl, prefix: env.prefix, connectTimeoutMs: 10_000 });
  } catch (error) {
    await store.close();
    throw error;
  }
  const deps: ReconcileDeps = { store, producer, log: say };
  const lease = new LeaderLease({
    connection: producerConnection(env.redisUrl),
    key: `${env.prefix}:scheduler:leader`,
    ttlMs: env.leaderLeaseMs,
    log: say,
  });

  const stopped = new AbortController();
  const whenStopped = new Promise<void>((resolve) =>
    stopped.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  let acting: Acting | undefined;
  let settled = false;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const firstState = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const serving = (async () => {
    while (!stopped.signal.aborted) {
      const held = await lease.acquire(stopped.signal, () => ((settled = true), settle.resolve()));
      if (!held) break;
      say(`leader: holding the lease as ${lease.token}`);
      try {
        acting = await startActing(env, deps, say, () => lease.held());
      } catch (error) {
        await lease.close(); // let a standby try
        if (!settled) throw error; // the first start failing fails startScheduler, as before the lease existed
        say(`could not start acting, trying again: ${error instanceof Error ? error.message : String(error)}`);
        lease.reconnect();
        continue;
      }
      settled = true;
      settle.resolve();
      await Promise.race([held.lost, whenStopped]);
      const was = acting;
      acting = undefined;
      await was.stop();
    }
  })();
  serving.catch((error: unknown) => settle.reject(error));
  try {
    await firstState;
  } catch (error) {
    await producer.close();
    await store.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    reconcileNow: () => acting?.reconcileNow() ?? Promise.resolve(),
    isLeader: () => acting !== undefined && lease.held(),
    stop: () =>
      (stopping ??= (async () => {
        stopped.abort();
        await serving.catch(() => undefined); // stops acting (and finishes a pass under way) before the lease goes
        await lease.close();
        await producer.close();
        await store.close();
        say('stopped');
      })()),
  };
}

interface Acting {
  reconcileNow(): Promise<void>;
  stop(): Promise<void>;
}

/** What the leader runs: control nudges, queue events, the periodic pass. `isLeader` is checked before each step. */
async function startActing(
  env: SchedulerEnv,
  deps: ReconcileDeps,
  say: (line: string) => void,
  isLeader: () => boolean,
): Promise<Acting> {
  const { store, producer } = deps;
  const serial = new Serial();
  const report = (what: string) => (error: unknown) =>
    say(`${what} failed (retrying on the next pass): ${error instanceof Error ? error.message : String(error)}`);
  // A leader that was paused past its lease finds out here before it acts (its lease lapsed on its own clock).
  const led = (task: () => Promise<void>) => () => (isLeader() ? task() : Promise.resolve());

  const reconcileSweeps = (filter?: string): Promise<void> =>
    serial.run(
      led(async () => {
        const sweeps = await store.listSweepsByStatus(['PENDING', 'RUNNING']);
        for (const sweep of sweeps) if (!filter || sweep.id === filter) await reconcileSweep(deps, sweep);
      }),
    );

  const afterFinishedTrials = debounce(() => {
    serial
      .run(
        led(async () => {
          for (const sweep of await store.listSweepsByStatus(['RUNNING'])) await advanceSweep(deps, sweep);
        }),
      )
      .catch(report('finishing check'));
  }, 100);

  const control: Worker = createConsumer(
    'control',
    {
      'sweep.reconcile': async (_job, { sweepId, reason }) => {
        if (reason === 'cancel') {
          await serial.run(
            led(async () => {
              const cancelled = await store.listTrialStates(sweepId, ['CANCELLED']);
              const removed = await producer.removeJobs(
                'trials',
                cancelled.map((trial) => trial.id),
              );
              say(`sweep ${sweepId}: cancelled, ${removed} queued job(s) removed`);
            }),
          );
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
        serial
          .run(led(async () => void (await markFailed(deps, jobId))))
          .then(() => afterFinishedTrials(), report(`recording failed job ${jobId}`));
      },
      error: (error) => say(`queue events error: ${error.message}`),
    },
    { redisUrl: env.redisUrl, prefix: env.prefix },
  );
  try {
    await Promise.all([control.waitUntilReady(), events.ready()]);
  } catch (error) {
    await Promise.all([control.close(), events.close()]).catch(() => undefined);
    throw error;
  }

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

  return {
    reconcileNow: () => reconcileSweeps(),
    stop: async () => {
      clearInterval(timer);
      afterFinishedTrials.cancel();
      await control.close();
      await events.close();
      await serial.idle();
    },
  };
}
