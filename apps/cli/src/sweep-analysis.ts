/**
 * The CLI's one statistics path: `run`'s summary and verdict, `results`, `compare` and `report` all analyse stored
 * trials through @cellsweep/analysis's `analyzeRecords` with the same options, so the same trials give the same
 * groups, intervals and verdicts on every surface (and the same as the dashboard, which calls it too).
 */
import {
  analyzeRecords,
  describeRecords,
  type RecordAnalysisOptions,
  type SweepAnalysis,
  type SweepDescription,
} from '@cellsweep/analysis';
import type { AnalysisTrial, Store, SweepRecord, TrialRecord } from '@cellsweep/store';

/** What `compare` and `report` let a user choose; `run` and `results` use analysis's defaults (alpha 0.05, 10,000). */
export type CliAnalysisOptions = Pick<RecordAnalysisOptions, 'alpha' | 'resamples'>;

export interface StoredSweepAnalysis {
  sweep: SweepRecord;
  trials: AnalysisTrial[];
  analysis: SweepAnalysis;
}

/**
 * Loads a sweep's trials through the store's analysis read model (only the columns statistics read, configs shared)
 * and analyses them: the same numbers as analysing `listTrials`' full records, at 100,000 trials in seconds.
 */
export async function analyseStoredSweep(
  store: Store,
  nameOrId: string,
  options: CliAnalysisOptions = {},
): Promise<StoredSweepAnalysis> {
  const sweep = await store.getSweep(nameOrId);
  const trials = await store.listAnalysisTrials(sweep.id);
  return { sweep, trials, analysis: analyseTrials(trials, options) };
}

/** The analysis of trials already loaded (the summary after `run`, the table after `results`). */
export function analyseTrials(
  trials: readonly (TrialRecord | AnalysisTrial)[],
  options: CliAnalysisOptions = {},
): SweepAnalysis {
  return analyzeRecords(trials, options);
}

/** Groups and frontiers only (`results`): the same numbers as `analyseTrials`, without paired tests and trends. */
export function describeTrials(trials: readonly TrialRecord[], options: CliAnalysisOptions = {}): SweepDescription {
  return describeRecords(trials, options);
}
