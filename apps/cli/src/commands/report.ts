/** `cellsweep report <sweep> --out report.html`: the analysis and its plots in one file that opens offline. */
import { resolve } from 'node:path';
import type { CliEnv } from '../env.js';
import { buildReportData, reportSample } from '../report/report-data.js';
import { renderReport } from '../report/render-report.js';
import { writeFileAtomically } from '../output/write-file-atomically.js';
import { openCliStore } from '../store-access.js';
import { analyseStoredSweep } from '../sweep-analysis.js';

export async function reportCommand(
  nameOrId: string,
  options: { out: string; alpha: number; resamples: number },
  env: CliEnv,
): Promise<number> {
  const { store, close } = await openCliStore(env);
  try {
    const { alpha, resamples } = options;
    const { sweep, trials, analysis } = await analyseStoredSweep(store, nameOrId, { alpha, resamples });
    // Dots of a sample (REPORT_MAX_POINTS), curves of a sample of those (REPORT_MAX_CURVES): their epoch rows are all
    // the report reads of the epoch table. Statistics and tables cover every trial.
    const sample = reportSample(trials);
    const epochs = await store.listEpochsOfTrials(sample.curves.ids, { maxPointsPerTrial: 1_000 });
    const html = renderReport(buildReportData(sweep, trials, analysis, sample, epochs));
    const path = resolve(options.out);
    writeFileAtomically(path, html);
    process.stdout.write(`wrote ${path} (${Math.round(html.length / 1024)} KB): open it in a browser\n`);
    return 0;
  } finally {
    await close();
  }
}
