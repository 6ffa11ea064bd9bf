/** `cellsweep scheduler` / `node apps/scheduler/dist/main.js`: runs until SIGTERM or SIGINT, then exits 0. */
import { readSchedulerEnv, type SchedulerEnv } from './env.js';
import { startScheduler } from './scheduler-service.js';

export async function runScheduler(env: SchedulerEnv = readSchedulerEnv()): Promise<number> {
  const service = await startScheduler(env);
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (): void => {
      if (signalled) process.exit(130);
      signalled = true;
      service.stop().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`[scheduler] shutdown failed: ${String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runScheduler().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`cellsweep scheduler: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
