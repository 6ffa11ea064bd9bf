/**
 * `cellsweep resume <sweep>`: runs a cancelled or failed sweep's unfinished trials again. Their old jobs are removed
 * first (a job id can only be used once at a time), then the trials go back to PENDING and the scheduler re-enqueues
 * them. Cancelled trials keep their checkpoints and continue where they stopped; failed ones start over, since a
 * trial's checkpoint is dropped when it ends (migration drop_finished_checkpoints) and a failure may lie in its state. Interrupted half-way, it is simply run again.
 */
import type { CliEnv } from '../env.js';
import { openDistributed } from './distributed-access.js';

export async function resumeCommand(nameOrId: string, env: CliEnv): Promise<number> {
  const distributed = await openDistributed(env);
  try {
    const { store, producer } = distributed;
    const sweep = await store.getSweep(nameOrId);
    const stopped = await store.listTrialStates(sweep.id, ['FAILED', 'CANCELLED']);
    await producer.removeJobs(
      'trials',
      stopped.map((trial) => trial.id),
    );
    const reopened = await store.reopenSweep(sweep.id);
    await producer.add(
      'sweep.reconcile',
      { sweepId: sweep.id, reason: 'resume' },
      { dedupKey: `reconcile-${sweep.id}` },
    );
    process.stdout.write(`resumed sweep ${sweep.name}: ${reopened.length} trial(s) queued again\n`);
    return 0;
  } finally {
    await distributed.close();
  }
}
