/**
 * `cellsweep cancel <sweep>`: the sweep and its unfinished trials become CANCELLED in the store; their queued jobs
 * are removed. A trial in training is stopped by its worker's next fenced write (within one epoch).
 */
import type { CliEnv } from '../env.js';
import { openDistributed } from './distributed-access.js';

export async function cancelCommand(nameOrId: string, env: CliEnv): Promise<number> {
  const distributed = await openDistributed(env);
  try {
    const { store, producer } = distributed;
    const sweep = await store.getSweep(nameOrId);
    const cancelled = await store.cancelSweep(sweep.id);
    const states = await store.listTrialStates(sweep.id, ['CANCELLED']);
    const removed = await producer.removeJobs(
      'trials',
      states.map((trial) => trial.id),
    );
    await producer.add('sweep.reconcile', { sweepId: sweep.id, reason: 'cancel' }, { dedupKey: `cancel-${sweep.id}` });
    process.stdout.write(
      `cancelled sweep ${sweep.name}: ${cancelled} unfinished trial(s) stopped, ${removed} job(s) no longer queued\n`,
    );
    return 0;
  } finally {
    await distributed.close();
  }
}
