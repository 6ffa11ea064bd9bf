/**
 * `cellsweep dashboard`: the result dashboard (apps/dashboard) in this process, on the same store the other commands
 * use (DATABASE_URL, else the embedded store in $CELLSWEEP_HOME). Runs until SIGINT/SIGTERM, then closes the server
 * and the store. The dashboard reads its own settings (token, host, port) in its env.ts; flags win.
 */
import { readDashboardEnv, startDashboard } from '@cellsweep/dashboard';

export interface DashboardOptions {
  port?: number;
  host?: string;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function dashboardCommand(options: DashboardOptions): Promise<number> {
  const running = await startDashboard({
    env: readDashboardEnv(),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  const signal = await untilSignal();
  process.stdout.write(`\n${signal}: stopping the dashboard\n`);
  await running.close();
  return 0;
}
