/**
 * Worker-thread entry: runs @cellsweep/analysis's `analyzeSweep` on the rows it is given and posts the result back.
 * A separate thread because, measured on the 10,000-trial benchmark sweep, one analysis takes ~20–30 s of CPU;
 * on the server's event loop that would stall every request and live stream meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeSweep, groupVerdicts, type AnalyzeOptions, type TrialRow } from '@cellsweep/analysis';

interface Input {
  rows: TrialRow[];
  /** From `analyzeOptionsFor`, as the CLI's. */
  options: AnalyzeOptions;
}

const input = workerData as Input;
try {
  const analysis = analyzeSweep(input.rows, input.options);
  // The verdict lines under one heading per setting, as `compare` prints them. Without `groups`: the page draws the
  // sweep view's groups (the same describe path), and at 100,000 trials these 3,000 groups with every trial id were
  // most of a 26 MB /analysis body (issue 17).
  const { groups: _groups, ...wire } = analysis;
  parentPort?.postMessage({ ok: true, result: { ...wire, verdictSections: groupVerdicts(analysis) } });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: (error as Error).message });
}
