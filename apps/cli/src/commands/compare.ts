/** `cellsweep compare <sweep>`: statistics over seeds, paired verdicts, frontier and trends, in words and numbers. */
import type { CliEnv } from '../env.js';
import { renderAnalysis } from '../output/analysis-text.js';
import { openCliStore } from '../store-access.js';
import { analyseStoredSweep } from '../sweep-analysis.js';

export interface CompareOptions {
  format: 'table' | 'json';
  alpha: number;
  resamples: number;
}

export async function compareCommand(nameOrId: string, options: CompareOptions, env: CliEnv): Promise<number> {
  const { store, close } = await openCliStore(env);
  try {
    const { alpha, resamples } = options;
    const { sweep, analysis } = await analyseStoredSweep(store, nameOrId, { alpha, resamples });
    if (options.format === 'json') {
      process.stdout.write(
        `${JSON.stringify({ sweep: { id: sweep.id, name: sweep.name, status: sweep.status }, analysis }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`sweep ${sweep.name} (${sweep.status.toLowerCase()})\n\n${renderAnalysis(analysis)}\n`);
    }
    return 0;
  } finally {
    await close();
  }
}
