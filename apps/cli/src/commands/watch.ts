/**
 * `cellsweep watch <sweep>`: live progress of a distributed sweep, a bar per trial in training, fed by the queue's
 * events (workers report every few hundred ms through `job.updateProgress`). The store is polled once a second for
 * the sweep's status, so watching ends when the sweep finishes, and trials finished before watching began count.
 * A sweep that has already finished is shown from the store alone; for one still running, Redis is checked first
 * and an unreachable one is reported at once (it used to wait forever, printing nothing).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { listenToQueue, probeRedis } from '@cellsweep/queue';
import type { Store, SweepRecord, TrialRecord } from '@cellsweep/store';
import type { CliEnv } from '../env.js';
import { openCheckedPostgres } from '../store-access.js';
import { createProgressView, type ProgressView } from '../output/progress.js';
import { formatNumber } from '../output/text-table.js';
import { trialLabel } from '../spec-file.js';
import { distributedUrls, LiveProgressUnavailableError } from './distributed-access.js';

const POLL_MS = 1_000;
/** How long Redis may take to answer before watch gives up (a refused connection fails at once). */
const REDIS_TIMEOUT_MS = 5_000;

export async function watchCommand(nameOrId: string, env: CliEnv): Promise<number> {
  const urls = distributedUrls(env);
  const store = await openCheckedPostgres(urls.databaseUrl);
  let stopRequested = false;
  const onSignal = (): void => void (stopRequested = true);
  process.on('SIGINT', onSignal);
  try {
    const sweep = await store.getSweep(nameOrId);
    if (isTerminal(sweep.status)) return await printOutcome(store, sweep);
    await probeRedis(urls.redisUrl, { timeoutMs: REDIS_TIMEOUT_MS }).catch((error: unknown) => {
      throw new LiveProgressUnavailableError(sweep.name, error);
    });
    // A just-submitted sweep has no trials until the scheduler expands it.
    let trials = await store.listTrials(sweep.id);
    while (trials.length === 0 && !stopRequested && !isTerminal((await store.getSweep(sweep.id)).status)) {
      await sleep(POLL_MS);
      trials = await store.listTrials(sweep.id);
    }
    const byId = new Map(trials.map((trial) => [trial.id, trial]));
    const finished = new Set(trials.filter((trial) => isTerminal(trial.status)).map((trial) => trial.id));
    const bars = process.stderr.isTTY === true;
    const view = createProgressView(trials.length, finished.size);
    const started = new Set<string>();
    const start = (id: string): void => {
      const trial = byId.get(id);
      if (!trial || started.has(id) || finished.has(id)) return;
      started.add(id);
      view.trialStarted({ trialId: id, label: trialLabel(trial) });
    };
    const listener = listenToQueue(
      'trials',
      {
        active: start,
        progress: (id, progress) => {
          start(id);
          if (!started.has(id)) return;
          view.trialProgress(id, progress, progress.valLoss ?? undefined);
          // Without a terminal there are no bars: a line per finished epoch shows the trial moving (CI logs, pipes).
          const trial = byId.get(id);
          if (!bars && trial && progress.batch === progress.batches && !finished.has(id)) {
            view.log(
              `  ${trialLabel(trial)}  epoch ${progress.epoch}/${progress.epochs}  (attempt ${progress.attempt})`,
            );
          }
        },
        completed: (id) => void finish(store, view, byId, started, finished, id),
        failed: (id) => void finish(store, view, byId, started, finished, id),
      },
      { redisUrl: urls.redisUrl, prefix: env.queuePrefix },
    );
    await withTimeout(listener.ready(), REDIS_TIMEOUT_MS).catch(async (error: unknown) => {
      await listener.close().catch(() => undefined);
      throw new LiveProgressUnavailableError(sweep.name, error);
    });
    view.log(`watching sweep ${sweep.name}: ${trials.length} trials, ${finished.size} finished`);
    try {
      for (;;) {
        const current = await store.getSweep(sweep.id);
        if (isTerminal(current.status) || stopRequested) {
          view.stop();
          return await printOutcome(store, current);
        }
        // Trials that finished while no event reached us (e.g. before watching began) still count.
        for (const trial of await store.listTrials(sweep.id, { status: ['COMPLETED', 'FAILED', 'CANCELLED'] })) {
          if (!finished.has(trial.id)) report(view, byId, started, finished, trial);
        }
        await sleep(POLL_MS);
      }
    } finally {
      await listener.close();
    }
  } finally {
    process.off('SIGINT', onSignal);
    await store.close();
  }
}

/** The sweep's stored outcome in one line; exit code 1 when a trial failed. */
async function printOutcome(store: Store, sweep: SweepRecord): Promise<number> {
  const counts = await store.countTrialStatuses(sweep.id);
  process.stdout.write(
    `sweep ${sweep.name}: ${sweep.status} — ${counts.COMPLETED} completed, ${counts.FAILED} failed, ` +
      `${counts.CANCELLED} cancelled, ${counts.PENDING + counts.RUNNING} unfinished\n`,
  );
  return counts.FAILED > 0 ? 1 : 0;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function isTerminal(status: string): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
}

async function finish(
  store: Store,
  view: ProgressView,
  byId: Map<string, TrialRecord>,
  started: Set<string>,
  finished: Set<string>,
  id: string,
): Promise<void> {
  if (!byId.has(id) || finished.has(id)) return;
  const trial = await store.findTrial(id);
  if (trial && isTerminal(trial.status)) report(view, byId, started, finished, trial);
}

function report(
  view: ProgressView,
  byId: Map<string, TrialRecord>,
  started: Set<string>,
  finished: Set<string>,
  trial: TrialRecord,
): void {
  finished.add(trial.id);
  if (!started.has(trial.id)) view.trialStarted({ trialId: trial.id, label: trialLabel(byId.get(trial.id) ?? trial) });
  started.add(trial.id);
  const summary =
    trial.status === 'COMPLETED'
      ? `test loss ${formatNumber(trial.testLoss ?? Number.NaN)}  (attempt ${trial.attempt})`
      : `${trial.status}${trial.error ? `: ${trial.error}` : ''}`;
  view.trialFinished(trial.id, `${trialLabel(trial)}  ${summary}`);
}
