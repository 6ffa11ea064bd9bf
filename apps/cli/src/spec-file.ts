/** Reads a sweep spec file and plans its trials; every spec error surfaces here, before anything runs. */
import { readFileSync } from 'node:fs';
import { contentHash, parseSweepSpec, type SweepSpec } from '@cellsweep/core';
import { checkTaskData } from '@cellsweep/datasets';
import { nextPlans } from '@cellsweep/search-driver';
import { planTrials, type PlannedTrial } from '@cellsweep/trainer';

export interface LoadedSpec {
  spec: SweepSpec;
  specHash: string;
  /** Grid: every trial. Adaptive search: the trials it starts with (more follow as results come in). */
  trials: PlannedTrial[];
}

export function loadSpecFile(path: string): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read spec file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const spec = parseSweepSpec(text, path);
  // Data that cannot be made fails here, once, instead of in every trial at `run` (issue 14, defect 19).
  for (const [index, task] of spec.task.entries()) {
    try {
      checkTaskData(task);
    } catch (error) {
      const where = spec.task.length > 1 ? `${path} (task ${index + 1} of ${spec.task.length})` : path;
      throw new Error(`${where}: the data cannot be made: ${(error as Error).message}`, { cause: error });
    }
  }
  return { spec, specHash: contentHash(spec), trials: spec.search === 'grid' ? planTrials(spec) : nextPlans(spec, []) };
}

/** The short label a trial is shown with in progress lines. */
export function trialLabel(trial: { cell: string; hidden: number; layers: number; seed: number }): string {
  const stack = trial.layers > 1 ? `${trial.layers}x${trial.hidden}` : `h=${trial.hidden}`;
  return `${trial.cell} ${stack} seed=${trial.seed}`;
}
