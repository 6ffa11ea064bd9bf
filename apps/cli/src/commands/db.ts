/** `cellsweep db migrate`: applies the committed SQL migrations (offline; no Prisma schema engine needed). */
import type { CliEnv } from '../env.js';
import { openCliStore } from '../store-access.js';

export async function dbMigrateCommand(env: CliEnv): Promise<number> {
  // Opening a store applies pending migrations (under an advisory lock on Postgres) and reports what it did.
  const { store, close } = await openCliStore(env, { migrate: true });
  try {
    const report = store.migrations;
    const target = store.describe();
    if (!report) throw new Error('the store did not run its migrations');
    process.stdout.write(
      report.applied.length === 0
        ? `${target}: up to date (${report.alreadyApplied.length} migration(s) applied earlier)\n`
        : `${target}: applied ${report.applied.join(', ')}\n`,
    );
    return 0;
  } finally {
    await close();
  }
}
