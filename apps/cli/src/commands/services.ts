/**
 * `cellsweep worker` and `cellsweep scheduler`: the long-running services of the distributed mode, started from the
 * CLI so one binary (and one Docker image) does everything. Each reads its own environment (apps/<app>/src/env.ts).
 * Imported on demand: the other commands should not pay for loading them.
 */
export async function workerCommand(options: { concurrency?: number }): Promise<number> {
  const { readWorkerEnv, runWorker } = await import('@cellsweep/worker');
  const env = readWorkerEnv();
  return runWorker({ ...env, ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}) });
}

export async function schedulerCommand(): Promise<number> {
  const { readSchedulerEnv, runScheduler } = await import('@cellsweep/scheduler');
  return runScheduler(readSchedulerEnv());
}
