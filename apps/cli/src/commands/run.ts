/**
 * `cellsweep run <spec>`: runs a sweep on this machine with a local pool of training threads, storing every epoch,
 * checkpoint and result as it goes. Running it again continues: finished trials are never re-trained, and a trial
 * stopped by Ctrl-C or a crash resumes from its last checkpoint (the attempt lifecycle the distributed worker runs).
 */
import { pruneDatasetCache } from '@cellsweep/datasets/cache';
import type { SweepSpec } from '@cellsweep/core';
import {
  describeSearchBudget,
  nextPlans,
  nextSearchStep,
  searchView,
  type SearchStepOptions,
} from '@cellsweep/search-driver';
import type { Store, SweepRecord, TrialRecord } from '@cellsweep/store';
import { trialId, trialRows } from '@cellsweep/planner';
import type { BackendPreference } from '@cellsweep/core';
import { LocalPool } from '../embedded/local-pool.js';
import type { CliEnv } from '../env.js';
import { createProgressView } from '../output/progress.js';
import { renderGroupSummary } from '../output/group-summary.js';
import { renderResults } from '../output/results.js';
import { formatDuration, formatNumber } from '../output/text-table.js';
import { loadSpecFile, trialLabel } from '../spec-file.js';
import { openCliStore } from '../store-access.js';
import { renderVerdictText } from '../output/verdict-text.js';
import { analyseTrials } from '../sweep-analysis.js';

export interface RunOptions {
  workers?: number;
  backend?: BackendPreference;
  retryFailed?: boolean;
  /** Accept a spec different from the stored one under the same name: its trials join the sweep's. */
  extend?: boolean;
  /** Serve the dashboard from this process while the sweep runs (a port, or true for the default). */
  dashboard?: number | boolean;
}

/** Exit code 130 after Ctrl-C, as shells expect; 1 if any trial failed. */
export async function runCommand(specPath: string, options: RunOptions, env: CliEnv): Promise<number> {
  const startedAt = Date.now();
  const loaded = await loadSpecFile(specPath, env.cellPlugins, { parsedCacheDir: env.datasetCacheDir });
  const { spec, specHash } = loaded;
  let planned = loaded.trials;
  const opened = await openCliStore(env);
  const { store } = opened;
  let pool: LocalPool | null = null;
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(130); // second Ctrl-C: give up waiting
    interrupted = true;
    process.stderr.write('\ninterrupted: stopping running trials (Ctrl-C again to force)...\n');
    pool?.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  let dashboard: { close(): Promise<void> } | null = null;
  let failure: unknown = null;
  try {
    if (options.dashboard !== undefined && options.dashboard !== false)
      dashboard = await startLiveDashboard(store, options.dashboard);
    const sweep = await store.upsertSweep({ name: spec.name, spec, specHash, extend: options.extend ?? false });
    // Adaptive search: the stored trials decide which exist now (a resumed run replays to the same decisions).
    if (spec.search !== 'grid') planned = nextPlans(spec, (await store.listTrials(sweep.id)).map(searchView));
    await store.addTrials(sweep.id, trialRows(sweep.id, planned));
    const wanted = new Set(planned.map((trial) => trial.configKey));
    const all = (await store.listTrials(sweep.id)).filter((trial) => wanted.has(trial.configKey));
    // A trial left RUNNING by a crashed run is this machine's (the embedded lock rules out a live owner): its next
    // attempt resumes from its checkpoint, like one Ctrl-C put back to PENDING.
    const open = (t: TrialRecord): boolean => t.status === 'PENDING' || t.status === 'RUNNING';
    const todo = all.filter((t) => open(t) || (options.retryFailed && t.status === 'FAILED'));
    process.stderr.write(
      `sweep ${spec.name}: ${all.length} trials, ${all.length - todo.length} already finished, ${todo.length} to run\n`,
    );

    if (todo.length > 0 && !interrupted) {
      const threads = Math.min(options.workers ?? env.workers, todo.length);
      pool = await LocalPool.start(threads, options.backend ?? env.backend, {
        cellPlugins: env.cellPlugins,
        parsedDatasetCacheDir: env.datasetCacheDir,
      });
      process.stderr.write(
        `training on ${threads} thread${threads === 1 ? '' : 's'}, backend ${pool.backends.join('+')}\n`,
      );
      await store.setSweepStatus(sweep.id, 'RUNNING');
      const search =
        spec.search === 'grid' ? undefined : searchMore(store, spec, sweep, { continuePromoted: env.ashaContinue });
      const total = spec.search === 'grid' ? all.length : Math.max(all.length, describeSearchBudget(spec).trials.most);
      await trainAll(store, pool, todo, all.length - todo.length, total, search);
    }

    if (spec.search !== 'grid') {
      for (const plan of nextPlans(spec, (await store.listTrials(sweep.id)).map(searchView)))
        wanted.add(plan.configKey);
    }
    const trials = (await store.listTrials(sweep.id)).filter((trial) => wanted.has(trial.configKey));
    const unfinished = trials.filter((t) => t.status === 'PENDING' || t.status === 'RUNNING').length;
    const failed = trials.filter((t) => t.status === 'FAILED').length;
    if (interrupted || unfinished > 0) {
      process.stderr.write(`stopped with ${unfinished} trial(s) unfinished; run the same command again to continue\n`);
      return 130;
    }
    await store.setSweepStatus(sweep.id, failed === trials.length ? 'FAILED' : 'COMPLETED', new Date());
    // The summary and the verdict come from one analysis, the one `compare` and the dashboard compute.
    const analysis = analyseTrials(trials);
    process.stdout.write(`\n${renderResults(sweep, trials, 'table')}\n\n${renderGroupSummary(analysis, trials)}\n`);
    process.stdout.write(`\n${renderVerdictText(analysis)}\n`);
    process.stdout.write(
      `\n${trials.length - failed}/${trials.length} trials completed${failed ? `, ${failed} failed` : ''} ` +
        `in ${formatDuration(Date.now() - startedAt)}. More: cellsweep compare ${spec.name}, ` +
        `cellsweep report ${spec.name} --out report.html, cellsweep results ${spec.name} --format csv|json\n`,
    );
    return failed > 0 ? 1 : 0;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await pool?.close();
    await dashboard?.close();
    // Parsed data files beyond the machine's cap go now, while this run uses none (workers' leases are respected).
    if (spec.task.some((task) => task.dataset === 'file'))
      await pruneDatasetCache(env.datasetCacheDir, env.datasetCacheMaxBytes).catch(() => undefined);
    // A store that just failed (disk full) usually fails to close too: the first failure is the one to report.
    await opened.close().catch((error: unknown) => {
      if (failure === null) throw error;
    });
  }
}

/** The dashboard on the run's own store: the embedded PGlite database can only be open in one process. */
async function startLiveDashboard(store: Store, port: number | true): Promise<{ close(): Promise<void> }> {
  const { readDashboardEnv, startDashboard } = await import('@cellsweep/dashboard');
  return startDashboard({
    env: readDashboardEnv(),
    store,
    ...(port === true ? {} : { port }),
    print: (line) => process.stderr.write(`${line}\n`),
  });
}

/**
 * Adaptive search in the embedded runner: after every finished trial, ask the driver which trials should exist now,
 * insert them and hand the new ones to the pool (the scheduler does the same in its search policy). Inserting a
 * promoted ASHA rung moves its lower rung's checkpoint to it; rungs stopped here release theirs, after the insert.
 */
function searchMore(
  store: Store,
  spec: SweepSpec,
  sweep: SweepRecord,
  options: SearchStepOptions,
): () => Promise<TrialRecord[]> {
  return async () => {
    const stored = await store.listTrials(sweep.id);
    const known = new Set(stored.map((trial) => trial.configKey));
    const step = nextSearchStep(spec, stored.map(searchView), options);
    const fresh = step.plans.filter((plan) => !known.has(plan.configKey));
    if (fresh.length > 0) await store.addTrials(sweep.id, trialRows(sweep.id, fresh));
    await store.releaseCheckpoints(step.stoppedKeys.map((key) => trialId(sweep.id, key)));
    if (fresh.length === 0) return [];
    const keys = new Set(fresh.map((plan) => plan.configKey));
    return (await store.listTrials(sweep.id, { status: 'PENDING' })).filter((trial) => keys.has(trial.configKey));
  };
}

async function trainAll(
  store: Store,
  pool: LocalPool,
  todo: readonly TrialRecord[],
  done: number,
  total: number,
  more?: () => Promise<TrialRecord[]>,
): Promise<void> {
  const view = createProgressView(total, done);
  const byId = new Map(todo.map((trial) => [trial.id, trial]));
  const label = (trialId: string): string => {
    const trial = byId.get(trialId);
    return trial ? trialLabel(trial) : trialId;
  };
  try {
    await pool.run(
      todo.map((trial) => trial.id),
      store,
      {
        ...(more
          ? {
              more: async () => {
                const added = await more();
                for (const trial of added) byId.set(trial.id, trial);
                return added.map((trial) => trial.id);
              },
            }
          : {}),
        onStart: (trialId, fromEpoch) => {
          const resumed = fromEpoch > 0 ? ` (resumed after epoch ${fromEpoch})` : '';
          view.trialStarted({ trialId, label: `${label(trialId)}${resumed}` });
        },
        onProgress: (trialId, progress, valLoss) => view.trialProgress(trialId, progress, valLoss ?? undefined),
        onDone: (trialId, result) => {
          view.trialFinished(
            trialId,
            `${label(trialId)}  params ${result.paramCount.toLocaleString('en-US')}  test loss ${formatNumber(result.testLoss)}` +
              `  ${result.metricName} ${formatNumber(result.testMetric)}  (${formatDuration(result.wallTimeMs)})`,
          );
        },
        onFailed: (trialId, error) => view.trialFinished(trialId, `${label(trialId)}  FAILED: ${error.message}`),
      },
    );
  } finally {
    view.stop();
  }
}
