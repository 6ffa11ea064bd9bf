/**
 * What to train: the seam for adaptive search. The scheduler asks the sweep's policy which trials exist when a
 * sweep is (re)expanded, and tells it about every finished trial; a policy may answer with more trials to add.
 * Grid search knows everything up front and never adds. Early stopping (ASHA, Hyperband) and Bayesian search
 * (a later issue) plug in here: they read completed epochs from the store and return the next trials, and the
 * scheduler enqueues them exactly like grid trials (content-derived ids, so a repeated decision adds nothing).
 */
import { contentHash, validateSweepSpec, type SweepSpec } from '@cellsweep/core';
import type { NewTrial, Store, SweepRecord } from '@cellsweep/store';
import { planTrials } from '@cellsweep/trainer';

export interface SearchPolicy {
  readonly name: string;
  /** The trials the sweep starts with. */
  initialTrials(sweep: SweepRecord, spec: SweepSpec): NewTrial[];
  /** Called after trials of the sweep finished; returns trials to add (none for grid search). */
  afterTrialsFinished(sweep: SweepRecord, store: Store): Promise<NewTrial[]>;
}

/** The trial id: a hash of the sweep and the trial's content, so the same trial always gets the same id and job. */
export function trialId(sweepId: string, configKey: string): string {
  return contentHash({ sweepId, configKey });
}

export const gridPolicy: SearchPolicy = {
  name: 'grid',
  initialTrials: (sweep, spec) =>
    planTrials(spec).map((trial) => ({
      id: trialId(sweep.id, trial.configKey),
      configKey: trial.configKey,
      ordinal: trial.ordinal,
      cell: trial.config.cell,
      hidden: trial.hidden,
      layers: trial.config.layers,
      paramBudget: trial.paramBudget,
      paramCount: trial.paramCount,
      seed: trial.config.seed,
      config: trial.config,
    })),
  afterTrialsFinished: async () => [],
};

/** The policy for a sweep's spec (only grid so far: `search: grid` is the only value the spec accepts). */
export function policyFor(spec: SweepSpec): SearchPolicy {
  switch (spec.search) {
    case 'grid':
      return gridPolicy;
  }
}

/** Re-validates a stored spec (it was validated at submit, but the store is shared with other versions). */
export function storedSpec(sweep: SweepRecord): SweepSpec {
  return validateSweepSpec(sweep.spec, `sweep ${sweep.name}`);
}
