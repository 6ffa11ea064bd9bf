/**
 * `cellsweep worker` / `node apps/worker/dist/main.js`: runs until SIGTERM or SIGINT, then hands back its running
 * trials and exits 0. A second signal exits at once (130).
 */
import { readWorkerEnv, type WorkerEnv } from './env.js';
import { startWorkerService } from './worker-service.js';

export async function runWorker(env: WorkerEnv = readWorkerEnv()): Promise<number> {
  const service = await startWorkerService(env);
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) process.exit(130);
      signalled = true;
      process.stdout.write(`[${env.workerName}] ${signal}: handing back running trials and closing\n`);
      service.stop().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`[${env.workerName}] shutdown failed: ${String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runWorker().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`cellsweep worker: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
