/**
 * A running worker: training threads + a BullMQ consumer of the trials queue + the store. It takes no job before
 * Redis and a migrated store answer (service-checks.ts), and none while the store is unreachable (store-gate.ts).
 * `stop()` is the clean shutdown for SIGTERM/SIGINT: running trials are handed back to the queue (they resume
 * elsewhere from their last checkpoint), then the consumer closes, then the threads and the store.
 */
import { createConsumer, type Worker } from '@cellsweep/queue';
import { openStore, type Store } from '@cellsweep/store';
import { ThreadPool } from '@cellsweep/training-threads';
import { bufferedLog } from './buffered-log.js';
import { withIdleTransactionTimeout } from './database-url.js';
import type { WorkerEnv } from './env.js';
import { checkServices } from './service-checks.js';
import { batchedTrialWrites } from './store-batcher.js';
import { StoreGate } from './store-gate.js';
import { createDatasetCache } from './dataset-cache.js';
import { processTrial, type ProcessorDeps } from './trial-processor.js';

export interface WorkerService {
  readonly backend: string;
  readonly consumer: Worker;
  /** Hands back running trials and closes everything. Safe to call twice. */
  stop(): Promise<void>;
}

const SHUTDOWN = 'shutdown';
const LOCK_LOST = 'lock-lost';

export async function startWorkerService(
  env: WorkerEnv,
  log: (line: string) => void = bufferedLog((text) => process.stdout.write(text)),
): Promise<WorkerService> {
  // Workers never migrate: the one-shot `cellsweep db migrate` (the compose `migrate` service) does, once. A
  // transaction this worker stops talking in (paused, cut off) is ended by Postgres after a lock duration, so that
  // its row locks cannot hold up the worker that took its job over (database-url.ts).
  const databaseUrl = withIdleTransactionTimeout(env.databaseUrl, env.lockDurationMs);
  const store: Store = await openStore({ databaseUrl, migrate: false });
  const say = (line: string): void => log(`[${env.workerName}] ${line}`);
  let pool: ThreadPool | null = null;
  try {
    await checkServices({ store, redisUrl: env.redisUrl, budgetMs: env.storeRetryMs, log: say });
    pool =
      env.trainer === 'noop'
        ? null
        : await ThreadPool.start(env.concurrency, {
            trainer: env.trainer,
            backend: env.backend,
            simulatedEpochMs: env.simulatedEpochMs,
            cellPlugins: env.cellPlugins,
            parsedDatasetCacheDir: env.datasetCacheDir,
          });
  } catch (error) {
    await store.close();
    throw error;
  }
  const backend = pool?.backend ?? 'noop';
  const deps: ProcessorDeps = {
    store,
    datasets: createDatasetCache({
      dir: env.datasetCacheDir,
      maxBytes: env.datasetCacheMaxBytes,
      store,
      log: say,
    }),
    writes: batchedTrialWrites(store, backend),
    pool,
    backend,
    storeRetryBudgetMs: env.storeRetryMs,
    checkpoints: env.checkpoints,
    log: say,
    shutdownReason: SHUTDOWN,
    lockLostReason: LOCK_LOST,
  };
  const gate: StoreGate = new StoreGate({
    probe: () => store.checkSchema(),
    pause: (): Promise<void> => consumer.pause(true),
    resume: (): Promise<void> => consumer.resume(),
    log: say,
  });
  const consumer: Worker = createConsumer(
    'trials',
    { 'trial.train': gate.guard((job, payload, context) => processTrial(deps, job, payload, context)) },
    {
      redisUrl: env.redisUrl,
      prefix: env.prefix,
      concurrency: env.concurrency,
      workerName: env.workerName,
      lockDurationMs: env.lockDurationMs,
      stalledIntervalMs: env.stalledIntervalMs,
      maxStalledCount: env.maxStalledCount,
    },
  );
  // A worker that was paused or cut off past its lock finds out here: stop training what is no longer ours.
  consumer.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const jobId of jobIds) consumer.cancelJob(jobId, LOCK_LOST);
  });
  consumer.on('error', (error) => deps.log(`queue error: ${error.message}`));
  consumer.on('failed', (job, error) => deps.log(`job ${job?.id ?? '?'} failed: ${error.message}`));
  await consumer.waitUntilReady();
  gate.start();
  deps.log(`ready: concurrency ${env.concurrency}, trainer ${env.trainer}, backend ${backend}`);

  let stopping: Promise<void> | undefined;
  return {
    backend,
    consumer,
    stop: () =>
      (stopping ??= (async () => {
        await gate.stop();
        consumer.cancelAllJobs(SHUTDOWN);
        await consumer.close();
        await pool?.close();
        await store.close();
        deps.log('stopped');
      })()),
  };
}
