/**
 * `cellsweep status <sweep>`: where a distributed sweep stands: trial counts by status, the trials in training
 * (attempt, epochs stored), the failed ones with their reason, and the queue's job counts when Redis answers.
 */
import { JobProducer } from '@cellsweep/queue';
import { TRIAL_STATUSES, type TrialRecord } from '@cellsweep/store';
import type { CliEnv } from '../env.js';
import { openCheckedPostgres } from '../store-access.js';
import { trialLabel } from '../spec-file.js';
import { distributedUrls } from './distributed-access.js';

export async function statusCommand(nameOrId: string, format: 'table' | 'json', env: CliEnv): Promise<number> {
  const urls = distributedUrls(env);
  const store = await openCheckedPostgres(urls.databaseUrl);
  try {
    const sweep = await store.getSweep(nameOrId);
    const counts = await store.countTrialStatuses(sweep.id);
    const running = await store.listTrials(sweep.id, { status: 'RUNNING' });
    const failed = await store.listTrials(sweep.id, { status: 'FAILED' });
    const epochs = await Promise.all(running.map(async (trial) => (await store.listEpochs(trial.id)).length));
    const queue = await queueCounts(urls.redisUrl, env.queuePrefix);
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ sweep, counts, running, failed, queue }, null, 2)}\n`);
      return 0;
    }
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const lines = [
      `sweep ${sweep.name} (${sweep.id}): ${sweep.status}${sweep.finishedAt ? `, finished ${sweep.finishedAt.toISOString()}` : ''}`,
      `trials: ${total} — ${TRIAL_STATUSES.map((status) => `${counts[status]} ${status.toLowerCase()}`).join(', ')}`,
      queue
        ? `queue (all sweeps): ${
            Object.entries(queue)
              .filter(([, n]) => n > 0)
              .map(([state, n]) => `${n} ${state}`)
              .join(', ') || 'empty'
          }`
        : 'queue: Redis unavailable',
      ...running.map(
        (trial, i) =>
          `  running  ${describe(trial)}  attempt ${trial.attempt}, ${epochs[i]} epoch(s) stored, on ${trial.backend ?? '?'}`,
      ),
      ...failed.map((trial) => `  failed   ${describe(trial)}  ${trial.error ?? ''}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function describe(trial: TrialRecord): string {
  return `${trialLabel(trial)} (${trial.id})`;
}

async function queueCounts(redisUrl: string, prefix: string): Promise<Record<string, number> | null> {
  try {
    const producer = await JobProducer.connect({ redisUrl, prefix, connectTimeoutMs: 2_000 });
    try {
      return await producer.counts('trials');
    } finally {
      await producer.close();
    }
  } catch {
    return null;
  }
}
