/** `cellsweep compare <sweep>`: statistics over seeds, paired verdicts, frontier and trends, in words and numbers. */
import { analyzeSweep, trialRowFromRecord, type SweepAnalysis } from '@cellsweep/analysis';
import type { Store, TrialRecord } from '@cellsweep/store';
import type { CliEnv } from '../env.js';
import { renderAnalysis } from '../output/analysis-text.js';
import { openCliStore } from '../store-access.js';

export interface CompareOptions {
  format: 'table' | 'json';
  alpha: number;
  resamples: number;
}

/** Loads a sweep's trials and analyses them (shared by `compare` and `report`). */
export async function analyseStoredSweep(store: Store, nameOrId: string, options: Pick<CompareOptions, 'alpha' | 'resamples'>) {
  const sweep = await store.getSweep(nameOrId);
  const trials = await store.listTrials(sweep.id);
  const memorization = memorizationOf(trials);
  const analysis: SweepAnalysis = analyzeSweep(trials.map(trialRowFromRecord), {
    alpha: options.alpha,
    resamples: options.resamples,
    summaryMetrics: ['trainLoss', 'valLoss', 'testLoss', 'testGap', 'valGap', 'valMetric', 'testMetric', ...(memorization ? (['bitsPerParameter'] as const) : [])],
    ...(memorization ? { memorization } : {}),
  });
  return { sweep, trials, analysis };
}

/**
 * Capacity is measured on random-label memorization (bits stored = N·(log2 C − training cross-entropy in bits)):
 * when every trial of the sweep memorized the same number of samples over the same classes, say so to analysis.
 */
function memorizationOf(trials: readonly TrialRecord[]): { samples: number; classes: number } | null {
  const tasks = new Set(trials.map((trial) => JSON.stringify((trial.config as { task?: unknown }).task ?? null)));
  if (tasks.size !== 1) return null;
  const task = JSON.parse([...tasks][0] as string) as { dataset?: string; trainSize?: number; classes?: number } | null;
  if (task?.dataset !== 'memorize' || !task.trainSize || !task.classes) return null;
  return { samples: task.trainSize, classes: task.classes };
}

export async function compareCommand(nameOrId: string, options: CompareOptions, env: CliEnv): Promise<number> {
  const { store, close } = await openCliStore(env);
  try {
    const { sweep, analysis } = await analyseStoredSweep(store, nameOrId, options);
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify({ sweep: { id: sweep.id, name: sweep.name, status: sweep.status }, analysis }, null, 2)}\n`);
    } else {
      process.stdout.write(`sweep ${sweep.name} (${sweep.status.toLowerCase()})\n\n${renderAnalysis(analysis)}\n`);
    }
    return 0;
  } finally {
    await close();
  }
}
